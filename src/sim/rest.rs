//! The REST side (PROTOCOL.md §1.1, §5), at the same paths as a real deployment:
//! - `POST /agent-manager/agent/login` `{username, password}` → 200
//!   `{statusCode: 200, data: {token, refresh_token, keycloak_User}}`; wrong credentials →
//!   401 shaped like `login.error.json`; a body that is not `{username: string, password:
//!   string}` JSON → 400 with the same shape. Tokens are random opaque strings.
//! - `GET /unified-admin/reasons` → the reason list (`reasons.json` plus more).
//! - `GET /routing-engine/media-routing-domains` → the three MRDs.
//! - `POST /file-engine/api/uploadFileStream`, `multipart/form-data` with a part `file`
//!   (and optionally `conversationId`) → 200 `{"name": "<stored unique name>", "type":
//!   "<mime>", "size": <bytes>}`. `type` is the part's `Content-Type`, or guessed from the
//!   file name when absent or `application/octet-stream`. A file over 5 MiB → 413; not
//!   multipart, malformed, or no `file` part → 400. Stored in memory (`files.rs`: 50 MiB
//!   in all, oldest evicted).
//! - `GET /file-engine/api/downloadFileStream?filename=NAME` → the bytes, with
//!   `Content-Type` and `Content-Disposition: inline; filename="<original name>"`; the
//!   built-in demo files the customers send are always there. Unknown name → 404, no
//!   `filename` → 400.
//! - `GET /conversation-manager/customer-topics/customer/{customerId}/activities
//!   ?limit=25&offset=N&activity-type=ALL` → a page of the customer's past conversations
//!   (`activities.rs`; shape \[guess\]). `limit` 1–100 (default 25), `offset` ≥ 0 (default
//!   0), anything else → 400; `activity-type` is accepted and ignored (everything is a
//!   conversation). An unknown customer has no past conversations (200, empty page).
//! - `GET /routing-engine/precision-queues/available-agents?conversationId=&agentId=` → the
//!   queues with their available agents (`reports.rs`, `available-agents.json`).
//! - `POST /realtime-reports/agent-activity/detail {teams}` and
//!   `POST /realtime-reports/queue-active-chats/detail {teamId, queues}` → the team board's
//!   reports (`reports.rs`; shapes \[guess\]); 403 for a token of a user who is not a supervisor, 400
//!   for a body that is not a JSON object (or has no `teamId`).
//!
//! Every route but login and download accepts a call **without** `Authorization`, as servers of
//! the 2024 generation do (ExpertFlow's own desk sends none, PROTOCOL.md §7.1); with
//! [`SimConfig::require_token`](super::SimConfig::require_token) (`sim --require-token`) it
//! needs `Authorization: Bearer <token from login>`, else 401 (as CX ≥ 4.9 can enforce). A
//! bearer token that was not issued is a 401 either way. Anything else → 404. Every error
//! body has the shape of `login.error.json`: `{error_message, error_detail: {status,
//! reason}}`. The other routes the real desk asks for are in `desk_rest.rs` and
//! `announcements.rs`.

use std::sync::Arc;

use std::collections::HashMap;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures::StreamExt;
use serde_json::{json, Value};

use super::activities;
use super::files::{self, MAX_UPLOAD};
use super::ids;
use super::mrd;
use super::reasons;
use super::reports;
use super::users;
use super::wire;
use super::world::Sim;

/// The REST routes.
pub(crate) fn router(sim: Arc<Sim>) -> Router {
    Router::new()
        .route("/agent-manager/agent/login", post(login))
        .route("/unified-admin/reasons", get(get_reasons))
        .route("/routing-engine/media-routing-domains", get(get_mrds))
        // The upload reads (and bounds) its body itself, see `upload`.
        .route(
            "/file-engine/api/uploadFileStream",
            post(upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/file-engine/api/downloadFileStream", get(download))
        .route(
            "/conversation-manager/customer-topics/customer/{customer_id}/activities",
            get(get_activities),
        )
        .route(
            "/routing-engine/precision-queues/available-agents",
            get(get_available_agents),
        )
        .route(
            "/realtime-reports/agent-activity/detail",
            post(post_agent_activity),
        )
        .route(
            "/realtime-reports/queue-active-chats/detail",
            post(post_queue_active_chats),
        )
        .fallback(not_found)
        .with_state(sim)
}

pub(crate) fn error(status: StatusCode, message: &str, reason: &str) -> Response {
    (
        status,
        Json(wire::rest_error(status.as_u16(), message, reason)),
    )
        .into_response()
}

async fn login(State(sim): State<Arc<Sim>>, body: Bytes) -> Response {
    let parsed: Option<(String, String)> =
        serde_json::from_slice::<Value>(&body).ok().and_then(|v| {
            let u = v.get("username")?.as_str()?.to_string();
            let p = v.get("password")?.as_str()?.to_string();
            Some((u, p))
        });
    let Some((username, password)) = parsed else {
        return error(
            StatusCode::BAD_REQUEST,
            "Invalid request body: expected {\"username\": string, \"password\": string}",
            "invalid_request",
        );
    };
    let Some(user) = users::authenticate(&username, &password) else {
        tracing::info!(username, "login refused");
        return error(
            StatusCode::UNAUTHORIZED,
            "Error Occured While Generating User Access Token",
            "invalid_grant",
        );
    };
    let token = ids::token("sim-access");
    let refresh = ids::token("sim-refresh");
    sim.lock().tokens.insert(token.clone(), user.username);
    tracing::info!(username, "login ok");
    Json(wire::login_ok(&token, &refresh, users::keycloak_user(user))).into_response()
}

/// True when the request may go on: it carries `Authorization: Bearer <issued token>`, or
/// it carries no `Authorization` at all and tokens are not required
/// ([`SimConfig::require_token`](super::SimConfig::require_token); PROTOCOL.md §7.1). A token
/// that is sent but was not issued is refused either way (so a desk's re-login on 401 stays
/// testable).
pub(crate) fn authorized(sim: &Sim, headers: &HeaderMap) -> bool {
    match headers.get(header::AUTHORIZATION) {
        None => !sim.config.require_token,
        Some(value) => value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|t| sim.lock().tokens.contains_key(t.trim())),
    }
}

/// The demo user whose token the request carries, if any.
pub(crate) fn caller(sim: &Sim, headers: &HeaderMap) -> Option<&'static str> {
    let token = headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")?;
    sim.lock().tokens.get(token.trim()).copied()
}

pub(crate) fn unauthorized() -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        "Unauthorized: a valid bearer token is required",
        "invalid_token",
    )
}

async fn get_reasons(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    if !authorized(&sim, &headers) {
        return unauthorized();
    }
    Json(reasons::all()).into_response()
}

async fn get_mrds(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    if !authorized(&sim, &headers) {
        return unauthorized();
    }
    Json(Value::Array(mrd::ALL.iter().map(|m| m.to_json()).collect())).into_response()
}

/// Room for the multipart framing and small fields besides a file of [`MAX_UPLOAD`].
const FRAMING_ALLOWANCE: usize = 64 * 1024;
/// An oversized upload is still read (and dropped) up to this many bytes, so the client,
/// which is still sending, gets the 413 answer instead of a reset connection.
const DRAIN_CAP: usize = 64 * 1024 * 1024;

fn too_large() -> Response {
    error(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("File too large: the limit is {MAX_UPLOAD} bytes (5 MB)"),
        "file_too_large",
    )
}

fn bad_request(message: &str) -> Response {
    error(StatusCode::BAD_REQUEST, message, "invalid_request")
}

/// Why an upload body could not be read.
enum ReadError {
    /// Over the limit.
    TooLarge,
    /// The connection failed.
    Failed(String),
}

/// Reads `body` into memory if it is at most `limit` bytes; a longer one is drained up to
/// [`DRAIN_CAP`] and refused.
async fn read_bounded(body: Body, limit: usize) -> Result<Bytes, ReadError> {
    let mut stream = body.into_data_stream();
    let mut buf: Vec<u8> = Vec::new();
    let mut total = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ReadError::Failed(e.to_string()))?;
        total = total.saturating_add(chunk.len());
        if total <= limit {
            buf.extend_from_slice(&chunk);
        } else if total > DRAIN_CAP {
            return Err(ReadError::TooLarge);
        }
    }
    if total > limit {
        return Err(ReadError::TooLarge);
    }
    Ok(Bytes::from(buf))
}

/// `value` if it looks like a MIME type (`type/subtype[; params]`, printable ASCII, at
/// most 100 characters).
fn plausible_mime(value: &str) -> Option<&str> {
    let v = value.trim();
    (v.len() <= 100
        && v.contains('/')
        && v.chars().all(|c| c.is_ascii_graphic() || c == ' ')
        && !v.eq_ignore_ascii_case("application/octet-stream"))
    .then_some(v)
}

/// One part of the upload form.
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

/// The parts of a `multipart/form-data` body already in memory, read with axum's
/// `Multipart` extractor (the request's extensions are kept, so the route's body limit
/// setting still applies).
async fn form_parts(parts: axum::http::request::Parts, body: Bytes) -> Result<Vec<Part>, String> {
    use axum::extract::FromRequest;
    let request = axum::http::Request::from_parts(parts, Body::from(body));
    let mut multipart = axum::extract::Multipart::from_request(request, &())
        .await
        .map_err(|rejection| rejection.body_text())?;
    let mut out = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| e.body_text())? {
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(str::to_string);
        let data = field.bytes().await.map_err(|e| e.body_text())?;
        out.push(Part {
            name,
            filename,
            content_type,
            data,
        });
    }
    Ok(out)
}

async fn upload(State(sim): State<Arc<Sim>>, request: axum::extract::Request) -> Response {
    let (parts, body) = request.into_parts();
    let headers = &parts.headers;
    if !authorized(&sim, headers) {
        return unauthorized();
    }
    let is_multipart = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
                && v.contains("boundary=")
        });
    if !is_multipart {
        return bad_request("Expected a multipart/form-data body with a boundary");
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > DRAIN_CAP) {
        return too_large();
    }
    let body = match read_bounded(body, MAX_UPLOAD + FRAMING_ALLOWANCE).await {
        Ok(b) => b,
        Err(ReadError::TooLarge) => return too_large(),
        Err(ReadError::Failed(e)) => {
            return bad_request(&format!("Could not read the upload: {e}"));
        }
    };
    let parts = match form_parts(parts, body).await {
        Ok(p) => p,
        Err(e) => return bad_request(&format!("Malformed multipart body: {e}")),
    };
    let Some(file) = parts.iter().find(|p| p.name == "file") else {
        return bad_request("The multipart field 'file' is required");
    };
    if file.data.len() > MAX_UPLOAD {
        return too_large();
    }
    let conversation_id = parts
        .iter()
        .find(|p| p.name == "conversationId")
        .and_then(|p| std::str::from_utf8(&p.data).ok())
        .map(str::to_string);
    let original = file.filename.clone().unwrap_or_else(|| "file".to_string());
    let mime = file
        .content_type
        .as_deref()
        .and_then(plausible_mime)
        .unwrap_or_else(|| files::mime_for(&original))
        .to_string();
    let size = file.data.len();
    let name = sim.lock().files.insert(&original, &mime, file.data.clone());
    tracing::info!(name, size, mime, conversation = ?conversation_id, "file uploaded");
    Json(json!({"name": name, "type": mime, "size": size})).into_response()
}

/// Downloads are public: the desk opens attachment links with the system opener (a browser),
/// which cannot send the bearer token, and the stored names are unguessable UUIDs. \[guess:
/// how a real file-engine guards downloads is not documented in PROTOCOL.md\]
async fn download(
    State(sim): State<Arc<Sim>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(name) = query.get("filename").filter(|n| !n.is_empty()) else {
        return bad_request("The query parameter 'filename' is required");
    };
    let Some(file) = sim.lock().files.get(name) else {
        return error(
            StatusCode::NOT_FOUND,
            &format!("File '{name}' not found"),
            "not_found",
        );
    };
    let mime = HeaderValue::from_str(&file.mime)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    let disposition = HeaderValue::from_str(&format!(
        "inline; filename=\"{}\"",
        files::safe_name(&file.original_name)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("inline"));
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        file.bytes,
    )
        .into_response()
}

/// A query parameter as a number: `default` when absent, `Err(message)` when not a
/// number in `min..=max`.
fn number_param(
    query: &HashMap<String, String>,
    key: &str,
    default: usize,
    min: usize,
    max: usize,
) -> Result<usize, String> {
    match query.get(key) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| format!("'{key}' must be a whole number from {min} to {max}")),
    }
}

async fn get_activities(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(customer_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !authorized(&sim, &headers) {
        return unauthorized();
    }
    let limit = match number_param(
        &query,
        "limit",
        activities::DEFAULT_LIMIT,
        1,
        activities::MAX_LIMIT,
    ) {
        Ok(n) => n,
        Err(msg) => return bad_request(&msg),
    };
    let offset = match number_param(&query, "offset", 0, 0, usize::MAX) {
        Ok(n) => n,
        Err(msg) => return bad_request(&msg),
    };
    let world = sim.lock();
    Json(activities::page(&sim, &world, &customer_id, limit, offset)).into_response()
}

async fn get_available_agents(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !authorized(&sim, &headers) {
        return unauthorized();
    }
    let conversation_id = query
        .get("conversationId")
        .map(String::as_str)
        .unwrap_or("");
    let agent_id = query.get("agentId").map(String::as_str).unwrap_or("");
    let world = sim.lock();
    Json(reports::available_agents(&world, conversation_id, agent_id)).into_response()
}

/// The username behind the request's bearer token, when it is a supervisor's.
fn supervisor_of(sim: &Sim, headers: &HeaderMap) -> Option<&'static str> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))?;
    let username = *sim.lock().tokens.get(token.trim())?;
    users::by_username(username)
        .filter(|u| u.supervisor)
        .map(|u| u.username)
}

/// A supervisor's token, or no token at all (servers that accept calls without one cannot tell
/// who calls, PROTOCOL.md §7.1; with `--require-token` such calls are 401 before this).
fn may_see_reports(sim: &Sim, headers: &HeaderMap) -> bool {
    headers.get(header::AUTHORIZATION).is_none() || supervisor_of(sim, headers).is_some()
}

fn forbidden() -> Response {
    error(
        StatusCode::FORBIDDEN,
        "Forbidden: the realtime reports are for supervisors",
        "forbidden",
    )
}

/// A JSON request body as an object (`None`: answer 400).
fn json_body(body: &Bytes) -> Option<Value> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v.get("teamId").and_then(Value::as_str).map(str::to_string))
        })
        .collect()
}

async fn post_agent_activity(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !authorized(&sim, &headers) {
        return unauthorized();
    }
    if !may_see_reports(&sim, &headers) {
        return forbidden();
    }
    let Some(body) = json_body(&body) else {
        return bad_request("Expected a JSON object body");
    };
    let world = sim.lock();
    Json(reports::agent_activity(&world, &strings(&body["teams"]))).into_response()
}

async fn post_queue_active_chats(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !authorized(&sim, &headers) {
        return unauthorized();
    }
    if !may_see_reports(&sim, &headers) {
        return forbidden();
    }
    let Some(body) = json_body(&body) else {
        return bad_request("Expected a JSON object body");
    };
    let Some(team_id) = body["teamId"].as_str() else {
        return bad_request("'teamId' is required");
    };
    let world = sim.lock();
    Json(reports::queue_active_chats(
        &world,
        team_id,
        &strings(&body["queues"]),
    ))
    .into_response()
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Not Found", "not_found")
}
