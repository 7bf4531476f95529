//! REST calls to the Agent Manager and unified-admin (PROTOCOL.md §1.1, §5), with re-login
//! on 401.

use std::time::Duration;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::protocol::{
    login::LoginData, KeycloakUser, LoginError, LoginRequest, LoginResponse, Reason,
};

use super::endpoints::Endpoints;
use super::secret::Secret;

/// Timeout of one REST request.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// Why a REST call failed. Messages are safe to show (no tokens, no passwords).
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum RestError {
    /// The server refused the credentials or token; the text is the server's `error_message`
    /// when it sent one.
    #[error("{0}")]
    Unauthorized(String),
    /// Any other HTTP error status, with the server's message when readable.
    #[error("HTTP {status}: {message}")]
    Status { status: u16, message: String },
    /// The server could not be reached or the answer could not be read.
    #[error("{0}")]
    Network(String),
}

/// An authenticated REST session: remembers the credentials (in memory only) so it can log
/// in again when a call answers 401 (§1.1: no refresh endpoint is documented).
pub struct RestClient {
    http: reqwest::Client,
    endpoints: Endpoints,
    username: String,
    password: Secret,
    token: Option<Secret>,
}

impl RestClient {
    /// A client for `endpoints`; nothing is sent yet.
    pub fn new(endpoints: Endpoints, username: String, password: Secret) -> Self {
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(Duration::from_secs(10))
            .user_agent(concat!("agentdesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        RestClient {
            http,
            endpoints,
            username,
            password,
            token: None,
        }
    }

    /// `POST {AM}/agent/login` → the Keycloak user; keeps the token for later calls.
    ///
    /// Errors: [`RestError::Unauthorized`] with the server's message on 401/403,
    /// [`RestError::Status`] / [`RestError::Network`] otherwise.
    pub async fn login(&mut self) -> Result<KeycloakUser, RestError> {
        let body = LoginRequest {
            username: &self.username,
            password: self.password.expose(),
        };
        let response = self
            .http
            .post(self.endpoints.login())
            .json(&body)
            .send()
            .await
            .map_err(|e| RestError::Network(describe(&e)))?;
        let data: LoginData = read_json::<LoginResponse>(response).await?.data;
        self.token = Some(Secret::new(data.token));
        Ok(data.keycloak_user)
    }

    /// `GET /unified-admin/reasons` (§5), re-logging in once on 401.
    pub async fn reasons(&mut self) -> Result<Vec<Reason>, RestError> {
        let url = self.endpoints.reasons();
        self.get_json(&url).await
    }

    async fn get_json<T: DeserializeOwned>(&mut self, url: &str) -> Result<T, RestError> {
        for attempt in 0..2 {
            let mut request = self.http.get(url);
            if let Some(token) = &self.token {
                request = request.bearer_auth(token.expose());
            }
            let response = request
                .send()
                .await
                .map_err(|e| RestError::Network(describe(&e)))?;
            if response.status() == StatusCode::UNAUTHORIZED && attempt == 0 {
                tracing::info!(url, "401 from REST call; logging in again");
                self.login().await?;
                continue;
            }
            return read_json(response).await;
        }
        Err(RestError::Unauthorized(
            "still unauthorized after logging in again".into(),
        ))
    }
}

async fn read_json<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, RestError> {
    let status = response.status();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| RestError::Network(describe(&e)))?;
    if status.is_success() {
        return serde_json::from_slice(&bytes)
            .map_err(|e| RestError::Network(format!("unexpected answer from the server: {e}")));
    }
    let message = serde_json::from_slice::<LoginError>(&bytes)
        .ok()
        .and_then(|e| e.error_message)
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string());
    if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
        Err(RestError::Unauthorized(message))
    } else {
        Err(RestError::Status {
            status: status.as_u16(),
            message,
        })
    }
}

/// A reqwest error as a short sentence, without the URL's query (never holds secrets anyway:
/// credentials travel in bodies and headers only).
fn describe(error: &reqwest::Error) -> String {
    let what = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else if error.is_decode() {
        "could not read the answer"
    } else {
        "request failed"
    };
    match error.url() {
        Some(url) => format!(
            "{what} ({}{})",
            url.origin().ascii_serialization(),
            url.path()
        ),
        None => what.to_string(),
    }
}

/// TEMP until the activities client lands.
#[derive(Debug, Clone, PartialEq)]
pub struct PastConversation {
    pub conversation_id: String,
    pub started_ms: Option<i64>,
    pub ended_ms: Option<i64>,
    pub channel: Option<String>,
    pub agent: Option<String>,
    pub summary: Option<String>,
}
