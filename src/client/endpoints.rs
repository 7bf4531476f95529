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
    /// `file-engine` base (upload / download of attachments), beside AM unless overridden.
    pub file_engine: Url,
    /// `conversation-manager` base (a customer's past activities), beside AM unless
    /// overridden.
    pub conversation_manager: Url,
    /// `team-announcement` base (team announcements, PROTOCOL.md §5), beside AM.
    pub team_announcement: Url,
    /// `routing-engine` base (queues and available agents for a transfer), beside AM unless
    /// overridden.
    pub routing_engine: Url,
    /// `realtime-reports` base (the supervisor's team board), beside AM unless overridden.
    pub realtime_reports: Url,
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
        let sibling = |path: &str| {
            let mut url = am.clone();
            url.set_path(path);
            url
        };
        Ok(Endpoints {
            unified_admin: sibling("/unified-admin"),
            file_engine: sibling("/file-engine"),
            conversation_manager: sibling("/conversation-manager"),
            team_announcement: sibling("/team-announcement"),
            routing_engine: sibling("/routing-engine"),
            realtime_reports: sibling("/realtime-reports"),
            agent_manager: am,
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

    /// `POST {file-engine}/api/uploadFileStream` (multipart `file`, `conversationId`; §5).
    pub fn upload_file(&self) -> String {
        join(&self.file_engine, &["api", "uploadFileStream"]).to_string()
    }

    /// `GET {file-engine}/api/downloadFileStream?filename=NAME` (§5); `name` is URL-encoded.
    pub fn download_file(&self, name: &str) -> String {
        let mut url = join(&self.file_engine, &["api", "downloadFileStream"]);
        url.query_pairs_mut().append_pair("filename", name);
        url.to_string()
    }

    /// `GET {conversation-manager}/customer-topics/customer/{id}/activities?limit=&offset=&activity-type=ALL`
    /// (§5); `customer_id` is percent-encoded as one path segment.
    pub fn customer_activities(&self, customer_id: &str, offset: u32, limit: u32) -> String {
        let mut url = join(
            &self.conversation_manager,
            &["customer-topics", "customer", customer_id, "activities"],
        );
        url.query_pairs_mut()
            .append_pair("limit", &limit.to_string())
            .append_pair("offset", &offset.to_string())
            .append_pair("activity-type", "ALL");
        url.to_string()
    }

    /// `GET /unified-admin/pull-mode-list` (§5).
    pub fn pull_mode_lists(&self) -> String {
        join(&self.unified_admin, &["pull-mode-list"]).to_string()
    }

    /// `GET /unified-admin/forms/{form_id}` (§5); `form_id` is percent-encoded as one segment.
    pub fn form(&self, form_id: &str) -> String {
        join(&self.unified_admin, &["forms", form_id]).to_string()
    }

    /// `GET /team-announcement/announcement/?teamIds=T&status=active` (§5; the trailing `/`
    /// as documented).
    pub fn team_announcements(&self, team_id: &str) -> String {
        let mut url = join(&self.team_announcement, &["announcement", ""]);
        url.query_pairs_mut()
            .append_pair("teamIds", team_id)
            .append_pair("status", "active");
        url.to_string()
    }

    /// `POST /team-announcement/announcement/` (posting; \[guess\], see
    /// [`crate::protocol::announcement`]).
    pub fn post_announcement(&self) -> String {
        join(&self.team_announcement, &["announcement", ""]).to_string()
    }

    /// `DELETE /team-announcement/announcement/{id}` (\[guess\]).
    pub fn announcement(&self, id: &str) -> String {
        join(&self.team_announcement, &["announcement", id]).to_string()
    }

    /// `GET {routing-engine}/precision-queues/available-agents?conversationId=C&agentId=A`
    /// (§5).
    pub fn available_agents(&self, conversation_id: &str, agent_id: &str) -> String {
        let mut url = join(
            &self.routing_engine,
            &["precision-queues", "available-agents"],
        );
        url.query_pairs_mut()
            .append_pair("conversationId", conversation_id)
            .append_pair("agentId", agent_id);
        url.to_string()
    }

    /// `POST {realtime-reports}/agent-activity/detail` (§5).
    pub fn agent_activity(&self) -> String {
        join(&self.realtime_reports, &["agent-activity", "detail"]).to_string()
    }

    /// `POST {realtime-reports}/queue-active-chats/detail` (§5).
    pub fn queue_active_chats(&self) -> String {
        join(&self.realtime_reports, &["queue-active-chats", "detail"]).to_string()
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

/// `base` with `segments` appended to its path (each percent-encoded as one segment).
fn join(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    url.set_query(None);
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
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

    #[test]
    fn file_engine_and_conversation_manager_urls() {
        let e = Endpoints::from_server("https://cx.example.com/agent-manager").unwrap();
        assert_eq!(
            e.upload_file(),
            "https://cx.example.com/file-engine/api/uploadFileStream"
        );
        assert_eq!(
            e.download_file("96460746-9a80.pdf"),
            "https://cx.example.com/file-engine/api/downloadFileStream?filename=96460746-9a80.pdf"
        );
        assert_eq!(
            e.download_file("a b&c=d/é.png"),
            "https://cx.example.com/file-engine/api/downloadFileStream?filename=a+b%26c%3Dd%2F%C3%A9.png"
        );
        assert_eq!(
            e.customer_activities("65a4d5ac075b87a95bd93267", 2, 25),
            "https://cx.example.com/conversation-manager/customer-topics/customer/65a4d5ac075b87a95bd93267/activities?limit=25&offset=2&activity-type=ALL"
        );
        assert_eq!(
            e.customer_activities("a/b?c", 0, 10),
            "https://cx.example.com/conversation-manager/customer-topics/customer/a%2Fb%3Fc/activities?limit=10&offset=0&activity-type=ALL"
        );
        assert_eq!(
            e.available_agents("c 1", "a"),
            "https://cx.example.com/routing-engine/precision-queues/available-agents?conversationId=c+1&agentId=a"
        );
        assert_eq!(
            e.agent_activity(),
            "https://cx.example.com/realtime-reports/agent-activity/detail"
        );
        assert_eq!(
            e.queue_active_chats(),
            "https://cx.example.com/realtime-reports/queue-active-chats/detail"
        );
        // Sibling services sit on the same scheme, host and port; each can be overridden.
        let mut local = Endpoints::from_server("http://127.0.0.1:3000/agent-manager").unwrap();
        assert_eq!(
            local.file_engine.as_str(),
            "http://127.0.0.1:3000/file-engine"
        );
        local.file_engine = Url::parse("http://files.local:9000/fe/").unwrap();
        assert_eq!(
            local.upload_file(),
            "http://files.local:9000/fe/api/uploadFileStream"
        );
    }

    #[test]
    fn pull_mode_forms_and_announcement_urls() {
        let e = Endpoints::from_server("https://cx.example.com/agent-manager").unwrap();
        assert_eq!(
            e.pull_mode_lists(),
            "https://cx.example.com/unified-admin/pull-mode-list"
        );
        assert_eq!(
            e.form("62d07f4f0980a50a91210bef"),
            "https://cx.example.com/unified-admin/forms/62d07f4f0980a50a91210bef"
        );
        assert_eq!(
            e.team_announcements("t 1"),
            "https://cx.example.com/team-announcement/announcement/?teamIds=t+1&status=active"
        );
        assert_eq!(
            e.post_announcement(),
            "https://cx.example.com/team-announcement/announcement/"
        );
        assert_eq!(
            e.announcement("a/1"),
            "https://cx.example.com/team-announcement/announcement/a%2F1"
        );
    }
}
