//! REST calls to the Agent Manager, unified-admin, file-engine and conversation-manager
//! (PROTOCOL.md §1.1, §5), with the bearer token on every call and re-login on 401.
//!
//! Never trust the wire (issue 8):
//! - **No redirects.** Every call carries the password or the bearer token, and a redirect
//!   would carry them to wherever the answer points (reqwest's default policy re-posts the
//!   login body on a `307`). A `3xx` answer is an error naming the target
//!   ([`RestError::Redirect`]); point `--server` at the final address instead.
//! - **Bounded answers.** A JSON answer is read up to [`MAX_ANSWER_BYTES`] (history pages up
//!   to [`MAX_HISTORY_PAGE_BYTES`], error bodies up to [`MAX_ERROR_BODY_BYTES`]), streamed
//!   chunk by chunk, refused at once when `Content-Length` says it is bigger
//!   ([`RestError::AnswerTooLarge`]).

use std::path::Path;
use std::time::Duration;

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::protocol::files::UploadAnswer;
use crate::protocol::{
    login::LoginData, ActiveChat, ActivitiesPage, AvailableQueue, KeycloakUser, LoginError,
    LoginRequest, LoginResponse, Reason, TeamAgent, UploadedFile,
};

use super::endpoints::Endpoints;
use super::secret::Secret;

mod services;

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
    /// A file is over the upload limit; refused before anything is sent. Sizes in bytes.
    #[error("file too large: {size} bytes ({}), the limit is {limit} bytes ({})", megabytes(.size), megabytes(.limit))]
    TooLarge { size: u64, limit: u64 },
    /// A local file could not be used (missing, not a regular file, unreadable).
    #[error("{0}")]
    File(String),
    /// The server answered with a redirect (`status` 3xx, to `location`); it was not
    /// followed because the call carried a password or token.
    #[error("the server redirected {from} to {location} (HTTP {status}); agentdesk does not follow redirects on calls that carry a password or token: use the final address in --server (or the config)")]
    Redirect {
        status: u16,
        /// The request's origin and path (no query).
        from: String,
        /// The `Location` header, verbatim (sanitised when shown), or `(none)`.
        location: String,
    },
    /// The answer is bigger than the limit for its kind (bytes); it was not read further.
    #[error("the answer from {from} is larger than {} (the limit for this request); refused", megabytes(.limit))]
    AnswerTooLarge { from: String, limit: u64 },
}

/// Largest JSON answer read from a REST call, in bytes (8 MB); see the module doc.
pub const MAX_ANSWER_BYTES: u64 = 8_000_000;
/// Largest page of past conversations (`activities`), in bytes (32 MB): pages carry whole
/// conversations, so they get more room than other answers.
pub const MAX_HISTORY_PAGE_BYTES: u64 = 32_000_000;
/// Largest error body read for its `error_message`, in bytes (64 KB).
pub const MAX_ERROR_BODY_BYTES: u64 = 64_000;

/// Largest file the desk uploads, in bytes: the real desk refuses files over 5 MB
/// (`fileSize <= 5000000`).
pub const MAX_UPLOAD_BYTES: u64 = 5_000_000;

/// Upload requests carry up to 5 MB; give them longer than [`REQUEST_TIMEOUT`].
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(120);

fn megabytes(bytes: &u64) -> String {
    format!("{:.1} MB", *bytes as f64 / 1_000_000.0)
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
    /// A client for `endpoints` with the default trust
    /// ([`super::tls::default_client_config`]); nothing is sent yet.
    pub fn new(endpoints: Endpoints, username: String, password: Secret) -> Self {
        Self::with_tls(
            endpoints,
            username,
            password,
            super::tls::default_client_config(),
        )
    }

    /// A client for `endpoints` trusting what `tls` trusts ([`super::tls::client_config`]).
    pub fn with_tls(
        endpoints: Endpoints,
        username: String,
        password: Secret,
        tls: std::sync::Arc<rustls::ClientConfig>,
    ) -> Self {
        let http = reqwest::Client::builder()
            .use_preconfigured_tls((*tls).clone())
            // Every call carries a password or a token: never follow a redirect (module doc).
            .redirect(reqwest::redirect::Policy::none())
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
        let response = refuse_redirect(response)?;
        let data: LoginData = read_json::<LoginResponse>(response, MAX_ANSWER_BYTES)
            .await?
            .data;
        self.token = Some(Secret::new(data.token));
        Ok(data.keycloak_user)
    }

    /// `GET /unified-admin/reasons` (§5), re-logging in once on 401.
    pub async fn reasons(&mut self) -> Result<Vec<Reason>, RestError> {
        let url = self.endpoints.reasons();
        self.get_json(&url).await
    }

    /// Uploads a local file to the file engine: multipart `file` + `conversationId` to
    /// `POST /file-engine/api/uploadFileStream` (§5), answer `{name, type, size}`. Re-logs in
    /// once on 401.
    ///
    /// The file is checked **before** anything is sent: missing, not a regular file or
    /// unreadable → [`RestError::File`]; over [`MAX_UPLOAD_BYTES`] → [`RestError::TooLarge`].
    /// The MIME type comes from the extension ([`mime_type_for`]). The answer's `type` and
    /// `size` fall back to what was sent; an answer without `name` is an error.
    pub async fn upload_file(
        &mut self,
        path: &Path,
        conversation_id: &str,
    ) -> Result<UploadedFile, RestError> {
        let (bytes, file_name) = read_upload(path).await?;
        let mime = mime_type_for(path);
        let size = bytes.len() as u64;
        let url = self.endpoints.upload_file();
        let response = self
            .send(&url, |http| {
                let part = Part::bytes(bytes.clone()).file_name(file_name.clone());
                let part = match part.mime_str(mime) {
                    Ok(part) => part,
                    Err(_) => Part::bytes(bytes.clone()).file_name(file_name.clone()),
                };
                let form = Form::new()
                    .part("file", part)
                    .text("conversationId", conversation_id.to_string());
                http.post(&url).multipart(form).timeout(UPLOAD_TIMEOUT)
            })
            .await?;
        let answer: UploadAnswer = read_json(response, MAX_ANSWER_BYTES).await?;
        answer.into_file(mime, size).ok_or_else(|| {
            RestError::Network("unexpected answer from the file engine: no file name".into())
        })
    }

    /// The download URL of a file-engine file:
    /// `GET /file-engine/api/downloadFileStream?filename=NAME` (§5), `NAME` URL-encoded.
    /// Downloads need the bearer token too (send it with the request).
    pub fn download_url(&self, name: &str) -> String {
        self.endpoints.download_file(name)
    }

    /// A page of a customer's past activities:
    /// `GET /conversation-manager/customer-topics/customer/{id}/activities?limit=&offset=&activity-type=ALL`
    /// (§5), re-logging in once on 401. The answer's shape is undocumented; see
    /// [`ActivitiesPage::from_value`] for what is accepted. \[guess\] The real desk advances
    /// `offset` by one per page (a page index), starting at 0.
    pub async fn activities(
        &mut self,
        customer_id: &str,
        offset: u32,
        limit: u32,
    ) -> Result<ActivitiesPage, RestError> {
        let url = self
            .endpoints
            .customer_activities(customer_id, offset, limit);
        let response = self.send(&url, |http| http.get(&url)).await?;
        let answer: Value = read_json(response, MAX_HISTORY_PAGE_BYTES).await?;
        Ok(ActivitiesPage::from_value(&answer))
    }

    /// The routing engine's queues with their available agents for a transfer, conference or
    /// consult of `conversation_id` by `agent_id`:
    /// `GET /routing-engine/precision-queues/available-agents?conversationId=&agentId=` (§5),
    /// re-logging in once on 401. Read tolerantly ([`crate::protocol::routing::available_queues`]).
    pub async fn available_agents(
        &mut self,
        conversation_id: &str,
        agent_id: &str,
    ) -> Result<Vec<AvailableQueue>, RestError> {
        let url = self.endpoints.available_agents(conversation_id, agent_id);
        let answer: Value = self.get_json(&url).await?;
        Ok(crate::protocol::routing::available_queues(&answer))
    }

    /// The agents of the supervised teams `team_ids`:
    /// `POST /realtime-reports/agent-activity/detail {teams: [teamId, …]}` (§5). \[guess\]
    /// `teams` is a list of team ids; the answer is read as
    /// [`crate::protocol::reports::team_agents`] describes.
    pub async fn team_agents(&mut self, team_ids: &[String]) -> Result<Vec<TeamAgent>, RestError> {
        let url = self.endpoints.agent_activity();
        let body = serde_json::json!({"teams": team_ids});
        let answer: Value = self.post_json(&url, &body).await?;
        Ok(crate::protocol::reports::team_agents(&answer))
    }

    /// The live conversations of team `team_id`:
    /// `POST /realtime-reports/queue-active-chats/detail {teamId, queues: []}` (§5; an empty
    /// `queues` asks for all of the team's queues \[guess\]). Read as
    /// [`crate::protocol::reports::active_chats`] describes.
    pub async fn active_chats(&mut self, team_id: &str) -> Result<Vec<ActiveChat>, RestError> {
        let url = self.endpoints.queue_active_chats();
        let body = serde_json::json!({"teamId": team_id, "queues": []});
        let answer: Value = self.post_json(&url, &body).await?;
        Ok(crate::protocol::reports::active_chats(&answer))
    }

    async fn post_json<T: DeserializeOwned>(
        &mut self,
        url: &str,
        body: &Value,
    ) -> Result<T, RestError> {
        let response = self.send(url, |http| http.post(url).json(body)).await?;
        read_json(response, MAX_ANSWER_BYTES).await
    }

    async fn get_json<T: DeserializeOwned>(&mut self, url: &str) -> Result<T, RestError> {
        let response = self.send(url, |http| http.get(url)).await?;
        read_json(response, MAX_ANSWER_BYTES).await
    }

    /// Sends the request `build` makes, with the bearer token; on a 401 logs in again once
    /// and resends (`build` is called again, so bodies are rebuilt).
    async fn send<F>(&mut self, url: &str, build: F) -> Result<reqwest::Response, RestError>
    where
        F: Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    {
        for attempt in 0..2 {
            let mut request = build(&self.http);
            if let Some(token) = &self.token {
                request = request.bearer_auth(token.expose());
            }
            let response = request
                .send()
                .await
                .map_err(|e| RestError::Network(describe(&e)))?;
            let response = refuse_redirect(response)?;
            if response.status() == StatusCode::UNAUTHORIZED && attempt == 0 {
                tracing::info!(url, "401 from REST call; logging in again");
                self.login().await?;
                continue;
            }
            return Ok(response);
        }
        Err(RestError::Unauthorized(
            "still unauthorized after logging in again".into(),
        ))
    }
}

/// Checks a file before an upload starts: it exists, is a regular file and is at most
/// [`MAX_UPLOAD_BYTES`]. Returns its size in bytes. No network use.
pub async fn check_upload(path: &Path) -> Result<u64, RestError> {
    let shown = path.display();
    let metadata = tokio::fs::metadata(path)
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => RestError::File(format!("file not found: {shown}")),
            _ => RestError::File(format!("cannot read {shown}: {e}")),
        })?;
    if !metadata.is_file() {
        return Err(RestError::File(format!("not a regular file: {shown}")));
    }
    if metadata.len() > MAX_UPLOAD_BYTES {
        return Err(RestError::TooLarge {
            size: metadata.len(),
            limit: MAX_UPLOAD_BYTES,
        });
    }
    Ok(metadata.len())
}

/// Reads a file to upload, refusing it before any network use when it is missing, not a
/// regular file, unreadable or over [`MAX_UPLOAD_BYTES`] ([`check_upload`]). Returns the
/// bytes and the file name to send.
async fn read_upload(path: &Path) -> Result<(Vec<u8>, String), RestError> {
    let shown = path.display();
    check_upload(path).await?;
    let bytes = tokio::fs::read(path)
        .await
        .map_err(|e| RestError::File(format!("cannot read {shown}: {e}")))?;
    // The file may have grown since the metadata was read.
    if bytes.len() as u64 > MAX_UPLOAD_BYTES {
        return Err(RestError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_UPLOAD_BYTES,
        });
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "file".to_string());
    Ok((bytes, name))
}

/// MIME type of a file from its extension (case-insensitive, `mime_guess`'s table);
/// `application/octet-stream` when unknown.
pub fn mime_type_for(path: &Path) -> &'static str {
    mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream")
}

/// A `3xx` answer as [`RestError::Redirect`] (redirects are never followed: module doc).
fn refuse_redirect(response: reqwest::Response) -> Result<reqwest::Response, RestError> {
    if !response.status().is_redirection() {
        return Ok(response);
    }
    let url = response.url();
    let from = format!("{}{}", url.origin().ascii_serialization(), url.path());
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .map(|l| {
            String::from_utf8_lossy(l.as_bytes())
                .chars()
                .take(300)
                .collect()
        })
        .unwrap_or_else(|| "(none)".into());
    tracing::warn!(%from, %location, status = response.status().as_u16(), "redirect refused");
    Err(RestError::Redirect {
        status: response.status().as_u16(),
        from,
        location,
    })
}

/// The body, read chunk by chunk up to `limit` bytes; refused at once when `Content-Length`
/// is over the limit, and as soon as the bytes read pass it.
async fn read_capped(mut response: reqwest::Response, limit: u64) -> Result<Vec<u8>, RestError> {
    let url = response.url();
    let from = format!("{}{}", url.origin().ascii_serialization(), url.path());
    let too_large = || RestError::AnswerTooLarge {
        from: from.clone(),
        limit,
    };
    if response.content_length().is_some_and(|len| len > limit) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| RestError::Network(describe(&e)))?
    {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads a JSON answer of at most `limit` bytes; error statuses become [`RestError`]s with the
/// server's `error_message` when it sent one.
async fn read_json<T: DeserializeOwned>(
    response: reqwest::Response,
    limit: u64,
) -> Result<T, RestError> {
    let status = response.status();
    let limit = if status.is_success() {
        limit
    } else {
        MAX_ERROR_BODY_BYTES
    };
    let bytes = match read_capped(response, limit).await {
        Ok(bytes) => bytes,
        // An oversized error body: the status still says what happened.
        Err(RestError::AnswerTooLarge { .. }) if !status.is_success() => Vec::new(),
        Err(error) => return Err(error),
    };
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
    let host = error
        .url()
        .and_then(|u| u.host_str())
        .unwrap_or_default()
        .to_string();
    let tls = super::tls::explain(error, &host);
    let what = if let Some(tls) = tls.as_deref() {
        tls
    } else if error.is_timeout() {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A client whose server does not exist: any network use fails with `Network`, so a
    /// `File`/`TooLarge` answer proves nothing was sent.
    fn offline_client() -> RestClient {
        let endpoints = Endpoints::from_server("http://127.0.0.1:9/agent-manager").unwrap();
        RestClient::new(endpoints, "agent".into(), Secret::new("pw"))
    }

    fn temp_path(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("agentdesk-{}-{name}", std::process::id()))
    }

    #[test]
    fn mime_table() {
        assert_eq!(mime_type_for(Path::new("a/photo.JPG")), "image/jpeg");
        assert_eq!(mime_type_for(Path::new("x.png")), "image/png");
        assert_eq!(mime_type_for(Path::new("doc.pdf")), "application/pdf");
        assert_eq!(mime_type_for(Path::new("song.mp3")), "audio/mpeg");
        assert_eq!(mime_type_for(Path::new("clip.mp4")), "video/mp4");
        assert_eq!(
            mime_type_for(Path::new("sheet.xlsx")),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(
            mime_type_for(Path::new("noext")),
            "application/octet-stream"
        );
        assert_eq!(
            mime_type_for(Path::new("x.weird")),
            "application/octet-stream"
        );
    }

    #[tokio::test]
    async fn files_over_the_limit_are_refused_before_upload() {
        let path = temp_path("big.bin");
        std::fs::write(&path, vec![0u8; (MAX_UPLOAD_BYTES + 1) as usize]).unwrap();
        let result = offline_client().upload_file(&path, "c1").await;
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            result,
            Err(RestError::TooLarge {
                size: MAX_UPLOAD_BYTES + 1,
                limit: MAX_UPLOAD_BYTES
            })
        );
        assert_eq!(
            result.unwrap_err().to_string(),
            "file too large: 5000001 bytes (5.0 MB), the limit is 5000000 bytes (5.0 MB)"
        );
    }

    #[tokio::test]
    async fn missing_and_non_regular_files_are_clear_errors() {
        let missing = temp_path("missing.txt");
        let result = offline_client().upload_file(&missing, "c1").await;
        match result {
            Err(RestError::File(message)) => {
                assert!(message.starts_with("file not found: "), "{message}");
                assert!(message.contains("missing.txt"));
            }
            other => panic!("{other:?}"),
        }
        let dir = std::env::temp_dir();
        match offline_client().upload_file(&dir, "c1").await {
            Err(RestError::File(message)) => assert!(message.starts_with("not a regular file")),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn a_small_file_gets_as_far_as_the_network() {
        let path = temp_path("small.txt");
        std::fs::write(&path, b"hello").unwrap();
        let result = offline_client().upload_file(&path, "c1").await;
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(result, Err(RestError::Network(_))), "{result:?}");
    }

    /// A loopback HTTP server with `router`; returns its base URL.
    async fn serve(router: axum::Router) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await });
        format!("http://{addr}")
    }

    fn client_for(base: &str) -> RestClient {
        let endpoints = Endpoints::from_server(&format!("{base}/agent-manager")).unwrap();
        RestClient::new(endpoints, "agent1".into(), Secret::new("hunter2"))
    }

    #[tokio::test]
    async fn a_redirect_is_refused_and_the_password_goes_nowhere_else() {
        use axum::routing::{any, post};
        use std::sync::{Arc, Mutex};
        let stolen: Arc<Mutex<Vec<String>>> = Arc::default();
        let thief = {
            let stolen = stolen.clone();
            serve(axum::Router::new().route(
                "/steal",
                any(move |body: String| async move {
                    stolen.lock().unwrap().push(body);
                    "{}"
                }),
            ))
            .await
        };
        let target = format!("{thief}/steal");
        let redirecting = serve(axum::Router::new().route(
            "/agent-manager/agent/login",
            post(move || async move {
                (
                    axum::http::StatusCode::TEMPORARY_REDIRECT,
                    [(axum::http::header::LOCATION, target)],
                )
            }),
        ))
        .await;
        let error = client_for(&redirecting).login().await.unwrap_err();
        assert!(
            matches!(&error, RestError::Redirect { status: 307, location, .. } if location.ends_with("/steal")),
            "{error:?}"
        );
        let text = error.to_string();
        assert!(text.contains(&format!("{thief}/steal")), "{text}");
        assert!(text.contains("does not follow redirects"), "{text}");
        assert!(
            stolen.lock().unwrap().is_empty(),
            "the login body was re-posted"
        );
    }

    #[tokio::test]
    async fn oversized_answers_are_refused_with_or_without_a_length() {
        use axum::routing::{get, post};
        let big = MAX_ANSWER_BYTES as usize + 1;
        let base = serve(
            axum::Router::new()
                // Content-Length says it all: refused before reading.
                .route(
                    "/agent-manager/agent/login",
                    post(move || async move { vec![b' '; big] }),
                )
                // Chunked, no length: refused once the bytes read pass the limit.
                .route(
                    "/unified-admin/reasons",
                    get(move || async move {
                        let chunks = futures::stream::iter(
                            (0..big / 65_536 + 2)
                                .map(|_| Ok::<_, std::io::Error>(vec![b' '; 65_536])),
                        );
                        axum::body::Body::from_stream(chunks)
                    }),
                ),
        )
        .await;
        let mut client = client_for(&base);
        let error = client.login().await.unwrap_err();
        assert!(
            matches!(
                error,
                RestError::AnswerTooLarge {
                    limit: MAX_ANSWER_BYTES,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(error.to_string().contains("larger than 8.0 MB"), "{error}");
        let error = client.reasons().await.unwrap_err();
        assert!(
            matches!(
                error,
                RestError::AnswerTooLarge {
                    limit: MAX_ANSWER_BYTES,
                    ..
                }
            ),
            "{error:?}"
        );
    }

    #[test]
    fn download_url_is_encoded() {
        let client = offline_client();
        assert_eq!(
            client.download_url("my file.pdf"),
            "http://127.0.0.1:9/file-engine/api/downloadFileStream?filename=my+file.pdf"
        );
    }
}
