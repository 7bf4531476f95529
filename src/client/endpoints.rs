//! Where the Agent Manager and its sibling services live (PROTOCOL.md §1).

use url::Url;

/// Errors reading `--server`.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum EndpointError {
    #[error("not a valid URL: {0}")]
    Invalid(String),
    #[error("the server URL must start with http:// or https://")]
    Scheme,
}

/// The service URLs derived from the Agent Manager base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// AM base, without a trailing slash, e.g. `https://cx.example.com/agent-manager`.
    pub agent_manager: Url,
    /// `unified-admin` base (reasons), beside AM on the same host unless overridden.
    pub unified_admin: Url,
}

impl Endpoints {
    /// Derives every endpoint from `--server` (e.g. `https://cx.example.com/agent-manager`).
    /// Sibling services are at the same scheme and host with their own path prefix (§1).
    pub fn from_server(server: &str) -> Result<Self, EndpointError> {
        let mut am =
            Url::parse(server.trim()).map_err(|e| EndpointError::Invalid(e.to_string()))?;
        if !matches!(am.scheme(), "http" | "https") {
            return Err(EndpointError::Scheme);
        }
        let path = am.path().trim_end_matches('/').to_string();
        am.set_path(&path);
        am.set_query(None);
        am.set_fragment(None);
        let mut unified_admin = am.clone();
        unified_admin.set_path("/unified-admin");
        Ok(Endpoints {
            agent_manager: am,
            unified_admin,
        })
    }

    /// `POST {AM}/agent/login`.
    pub fn login(&self) -> String {
        format!(
            "{}/agent/login",
            self.agent_manager.as_str().trim_end_matches('/')
        )
    }

    /// `GET /unified-admin/reasons`.
    pub fn reasons(&self) -> String {
        format!(
            "{}/reasons",
            self.unified_admin.as_str().trim_end_matches('/')
        )
    }

    /// Origin of the AM URL (scheme, host, port), for the socket.
    pub fn socket_origin(&self) -> Url {
        let mut origin = self.agent_manager.clone();
        origin.set_path("/");
        origin
    }

    /// Socket.IO path: `{AM path}/socket.io/` (§1.2).
    pub fn socket_path(&self) -> String {
        format!(
            "{}/socket.io/",
            self.agent_manager.path().trim_end_matches('/')
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_paths_from_the_agent_manager_url() {
        let e = Endpoints::from_server("https://cx.example.com/agent-manager/").unwrap();
        assert_eq!(
            e.login(),
            "https://cx.example.com/agent-manager/agent/login"
        );
        assert_eq!(e.reasons(), "https://cx.example.com/unified-admin/reasons");
        assert_eq!(e.socket_origin().as_str(), "https://cx.example.com/");
        assert_eq!(e.socket_path(), "/agent-manager/socket.io/");
    }

    #[test]
    fn root_server_and_bad_urls() {
        let e = Endpoints::from_server("http://127.0.0.1:3000").unwrap();
        assert_eq!(e.socket_path(), "/socket.io/");
        assert_eq!(e.login(), "http://127.0.0.1:3000/agent/login");
        assert_eq!(
            Endpoints::from_server("ftp://x"),
            Err(EndpointError::Scheme)
        );
        assert!(Endpoints::from_server("not a url").is_err());
    }
}
