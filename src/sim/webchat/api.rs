//! The Web Interaction REST API's routes under [`API_BASE`] (seed 002 §4): parsing,
//! validation and response codes. What each call means is in the module doc of
//! `webchat`; what it does on the desk side is in `desk.rs`.

use std::collections::HashMap;
use std::sync::{Arc, MutexGuard};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use serde_json::{json, Map, Value};
use tokio::time::Instant;

use super::session::{Session, MAX_SESSIONS};
use super::{desk, page, API_BASE, CLIENT_ID, CLIENT_SECRET};
use crate::sim::chat::{default_queue, Chat, CustomerInfo, Origin};
use crate::sim::ids;
use crate::sim::queue::Waiting;
use crate::sim::routing;
use crate::sim::wire;
use crate::sim::world::{Sim, World};

/// Longest long poll (`?wait=N` is capped to it), in seconds. \[sim\]
const MAX_WAIT_SECS: u64 = 30;

/// Longest `caption` or message, in characters. \[sim\] the seed sets no limit.
const MAX_TEXT: usize = 10_000;

/// Longest other text field (names, language, source, destination, contact data), in
/// characters. \[sim\]
const MAX_FIELD: usize = 200;

/// Most `contactData` entries. \[sim\]
const MAX_CONTACT_DATA: usize = 50;

/// Characters seed 002 §4.2.1 excludes from `source` and `destination`.
const EXCLUDED: &str = "!\"%*,_`|";

/// The API's routes and the chat page's.
pub(crate) fn router(sim: Arc<Sim>) -> Router {
    let sessions = format!("{API_BASE}/v1/sessions");
    Router::new()
        .route(&format!("{API_BASE}/oauth/token"), post(token))
        .route(&sessions, post(create_session).delete(delete_session))
        .route(
            &format!("{sessions}/{{session_id}}/contents"),
            get(contents_all).post(add_content),
        )
        .route(
            &format!("{sessions}/{{session_id}}/contents/{{index_key}}"),
            get(contents_from),
        )
        .route(&format!("{sessions}/{{session_id}}/typing"), post(typing))
        .merge(page::routes())
        .with_state(sim)
}

/// A response with this status and no content (seed 002 §4: errors have "No content").
fn status(code: StatusCode, why: &str) -> Response {
    if code.is_client_error() || code.is_server_error() {
        tracing::info!(status = code.as_u16(), why, "web chat request refused");
    }
    code.into_response()
}

/// True for `Authorization: Basic base64(webchat:webchat-secret)` (seed 002 §3.4).
fn client_credentials_ok(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some((scheme, credentials)) = value.trim().split_once(' ') else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return false;
    }
    base64::engine::general_purpose::STANDARD
        .decode(credentials.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .is_some_and(|c| c == format!("{CLIENT_ID}:{CLIENT_SECRET}"))
}

/// The token of `authorization: bearer <token>` (the scheme in any case).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Locks the world for a request with a bearer token: forgets sessions past their
/// retention, then checks the token (`Err(401)` without a known one, logged).
fn authorized<'a>(sim: &'a Sim, headers: &HeaderMap) -> Result<MutexGuard<'a, World>, StatusCode> {
    let mut world = sim.lock();
    world
        .web
        .purge(Instant::now(), sim.config.web_chat_retention);
    let why = match bearer(headers) {
        Some(token) if world.web.knows_token(token) => return Ok(world),
        Some(_) => "unknown bearer token",
        None => "no bearer token",
    };
    drop(world);
    tracing::info!(status = 401, why, "web chat request refused");
    Err(StatusCode::UNAUTHORIZED)
}

/// `POST /oauth/token` (seed 002 §4.1.1).
async fn token(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    if !client_credentials_ok(&headers) {
        return status(StatusCode::UNAUTHORIZED, "wrong client id or secret");
    }
    let grant = url::form_urlencoded::parse(&body)
        .find(|(k, _)| k == "grant_type")
        .map(|(_, v)| v.into_owned());
    if grant.as_deref() != Some("client_credentials") {
        return status(
            StatusCode::BAD_REQUEST,
            "grant_type must be client_credentials",
        );
    }
    let token = ids::uuid();
    sim.lock().web.add_token(token.clone());
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({"access_token": token, "token_type": "bearer", "scope": "all"})),
    )
        .into_response()
}

/// A required string field: present, a string, not blank, at most `max` characters.
fn required(obj: &Map<String, Value>, key: &str, max: usize) -> Result<String, String> {
    match obj.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() && s.chars().count() <= max => {
            Ok(s.trim().to_string())
        }
        Some(Value::String(s)) if !s.trim().is_empty() => {
            Err(format!("{key} is longer than {max} characters"))
        }
        Some(_) => Err(format!("{key} must be a non-empty string")),
        None => Err(format!("{key} is required")),
    }
}

/// True for text seed 002 §4.2.1 allows in `source` and `destination`: ASCII, printable,
/// none of `! " % * , _ \` |`.
fn routing_safe(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii() && !c.is_ascii_control() && !EXCLUDED.contains(c))
}

/// A validated RequestSession (seed 002 §4.2.1).
#[derive(Debug, PartialEq)]
struct RequestSession {
    business_unit_name: String,
    caption: String,
    customer_name: String,
    destination: Option<String>,
    language: String,
    priority: i64,
    source: String,
    contact_data: Vec<(String, String)>,
}

impl RequestSession {
    fn parse(body: &[u8]) -> Result<Self, String> {
        let value: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
        let obj = value.as_object().ok_or("not a JSON object")?;
        let source = required(obj, "source", MAX_FIELD)?;
        if !routing_safe(&source) {
            return Err("source has characters the API excludes".into());
        }
        let destination = match obj.get("destination") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(_) => {
                let d = required(obj, "destination", MAX_FIELD)?;
                if !routing_safe(&d) {
                    return Err("destination has characters the API excludes".into());
                }
                Some(d)
            }
        };
        let priority = obj
            .get("priority")
            .and_then(Value::as_i64)
            .filter(|p| (1..=100).contains(p))
            .ok_or("priority must be an integer from 1 to 100")?;
        let contact_data = match obj.get("contactData") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) if items.len() <= MAX_CONTACT_DATA => items
                .iter()
                .map(|item| {
                    let item = item
                        .as_object()
                        .ok_or("contactData items are {key, value}")?;
                    let key = required(item, "key", MAX_FIELD)?;
                    let value = match item.get("value") {
                        Some(Value::String(s)) if s.chars().count() <= MAX_FIELD => s.clone(),
                        Some(v @ (Value::Number(_) | Value::Bool(_))) => v.to_string(),
                        _ => return Err(format!("contactData {key}: value must be a string")),
                    };
                    Ok((key, value))
                })
                .collect::<Result<_, String>>()?,
            Some(_) => {
                return Err(format!(
                    "contactData must be an array of at most {MAX_CONTACT_DATA}"
                ))
            }
        };
        Ok(Self {
            business_unit_name: required(obj, "businessUnitName", MAX_FIELD)?,
            caption: required(obj, "caption", MAX_TEXT)?,
            customer_name: required(obj, "customerName", MAX_FIELD)?,
            destination,
            language: required(obj, "language", MAX_FIELD)?,
            priority,
            source,
            contact_data,
        })
    }

    /// The customer: `customerName` split at its first space into first and last name,
    /// identified by `source`.
    fn customer(&self) -> CustomerInfo {
        let (first, last) = self
            .customer_name
            .split_once(char::is_whitespace)
            .map_or((self.customer_name.as_str(), ""), |(f, l)| (f, l.trim()));
        CustomerInfo {
            id: ids::stable_object_id(&format!("web:{}", self.source)),
            first_name: first.to_string(),
            last_name: last.to_string(),
            identifier: self.source.clone(),
            phones: Vec::new(),
            priority: self.priority,
        }
    }

    /// `destination` as the queue `{id, name}` (the id derived from the name), else the
    /// default queue.
    fn queue(&self) -> Value {
        match &self.destination {
            Some(name) => {
                json!({"id": ids::stable_object_id(&format!("queue:{name}")), "name": name})
            }
            None => default_queue(),
        }
    }

    /// `topicData.conversationData`: `language`, `source`, `destination`, then the
    /// `contactData` pairs (later keys win).
    fn conversation_data(&self) -> Value {
        let mut pairs = vec![
            ("language", self.language.as_str()),
            ("source", self.source.as_str()),
        ];
        if let Some(d) = &self.destination {
            pairs.push(("destination", d));
        }
        pairs.extend(
            self.contact_data
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str())),
        );
        crate::sim::queue::data_of(pairs)
    }
}

/// `POST /v1/sessions` (seed 002 §4.2.1).
async fn create_session(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    let mut world = match authorized(&sim, &headers) {
        Ok(w) => w,
        Err(code) => return code.into_response(),
    };
    let request = match RequestSession::parse(&body) {
        Ok(r) => r,
        Err(why) => return status(StatusCode::BAD_REQUEST, &why),
    };
    if world.web.len() >= MAX_SESSIONS {
        return status(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many web chat sessions",
        );
    }
    let session_id = ids::web_session_id();
    let mut chat = Chat::new(
        &request.customer(),
        Origin::WebChat {
            session_id: session_id.clone(),
        },
        request.queue(),
        sim.config.rona_secs(),
    );
    chat.set_response_sla(sim.config.response_sla_secs());
    let opening = wire::customer_message(&chat, &request.caption, chat.started_ms);
    let mut session = Session::new(
        session_id.clone(),
        chat.conversation_id.clone(),
        request.customer_name.clone(),
        &request.caption,
    );
    tracing::info!(
        session = %session_id,
        conversation = %chat.conversation_id,
        business_unit = %request.business_unit_name,
        "web chat session started"
    );
    let waiting = Waiting {
        chat,
        history: vec![opening],
        data: request.conversation_data(),
    };
    if !routing::any_agent_free(&world) {
        session.push_system("All our agents are busy at the moment. Please stay: the next free agent will answer you.");
    }
    world.web.insert(session);
    routing::enqueue(&sim, &mut world, waiting);
    (StatusCode::CREATED, Json(json!({"sessionId": session_id}))).into_response()
}

/// `DELETE /v1/sessions` `{sessionId}` (seed 002 §4.2.2). \[sim\] `?sessionId=` works too,
/// for clients that cannot send a DELETE body.
async fn delete_session(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let mut world = match authorized(&sim, &headers) {
        Ok(w) => w,
        Err(code) => return code.into_response(),
    };
    let from_body = || -> Result<String, String> {
        let value: Value = serde_json::from_slice(&body).map_err(|e| format!("not JSON: {e}"))?;
        let obj = value.as_object().ok_or("not a JSON object")?;
        required(obj, "sessionId", MAX_FIELD)
    };
    let session_id = match query.get("sessionId").filter(|s| !s.is_empty()) {
        Some(id) if body.is_empty() => id.clone(),
        _ => match from_body() {
            Ok(id) => id,
            Err(why) => return status(StatusCode::BAD_REQUEST, &why),
        },
    };
    let Some(session) = world.web.get_mut(&session_id) else {
        return status(StatusCode::NOT_FOUND, "unknown session");
    };
    if !session.is_connected() {
        return StatusCode::OK.into_response();
    }
    session.customer_left(Instant::now());
    let conversation_id = session.conversation_id.clone();
    tracing::info!(session = %session_id, "web chat customer left");
    desk::customer_left(&sim, &mut world, &conversation_id);
    StatusCode::OK.into_response()
}

/// `GET /v1/sessions/{sessionId}/contents` (seed 002 §4.3.1: all contents).
async fn contents_all(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(session_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    contents(&sim, &headers, &session_id, 0, &query).await
}

/// `GET /v1/sessions/{sessionId}/contents/{indexKey}` (seed 002 §4.3.1).
async fn contents_from(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path((session_id, index_key)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Ok(index_key) = index_key.parse::<usize>() else {
        return status(StatusCode::BAD_REQUEST, "indexKey must be a whole number");
    };
    contents(&sim, &headers, &session_id, index_key, &query).await
}

/// A content query, held for up to `?wait=N` seconds until something the customer would
/// see changes (see the module doc of `webchat`).
async fn contents(
    sim: &Arc<Sim>,
    headers: &HeaderMap,
    session_id: &str,
    index_key: usize,
    query: &HashMap<String, String>,
) -> Response {
    let wait = match query.get("wait").map(|w| w.parse::<u64>()) {
        None => 0,
        Some(Ok(secs)) => secs.min(MAX_WAIT_SECS),
        Some(Err(_)) => return status(StatusCode::BAD_REQUEST, "wait must be whole seconds"),
    };
    let deadline = Instant::now() + Duration::from_secs(wait);
    let mut typing_at_start: Option<bool> = None;
    loop {
        let (mut changed, wake_at) = {
            let mut world = match authorized(sim, headers) {
                Ok(w) => w,
                Err(code) => return code.into_response(),
            };
            let now = Instant::now();
            let Some(session) = world.web.get_mut(session_id) else {
                return status(StatusCode::NOT_FOUND, "unknown session");
            };
            let typing = !session.who_is_typing(now).is_empty();
            let typing_changed = *typing_at_start.get_or_insert(typing) != typing;
            let answer_now = now >= deadline
                || typing_changed
                || !session.is_connected()
                || session.has_contents_from(index_key)
                || index_key > session.new_index_key()
                || sim.shutdown.is_cancelled();
            if answer_now {
                let (response, read) = session.query(index_key, now);
                let conversation_id = session.conversation_id.clone();
                desk::read(&mut world, &conversation_id, &read);
                return Json(response).into_response();
            }
            let wake_at = session
                .typing_until(now)
                .map_or(deadline, |until| until.min(deadline));
            (session.subscribe(), wake_at)
        };
        tokio::select! {
            _ = changed.changed() => {}
            () = tokio::time::sleep_until(wake_at) => {}
            () = sim.shutdown.cancelled() => {}
        }
    }
}

/// `POST /v1/sessions/{sessionId}/contents` AddContent `{content}` (seed 002 §4.3.2).
async fn add_content(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(session_id): Path<String>,
    body: Bytes,
) -> Response {
    let mut world = match authorized(&sim, &headers) {
        Ok(w) => w,
        Err(code) => return code.into_response(),
    };
    let Some(session) = world.web.get_mut(&session_id) else {
        return status(StatusCode::NOT_FOUND, "unknown session");
    };
    let text = match parse_add_content(&body) {
        Ok(t) => t,
        Err(why) => return status(StatusCode::BAD_REQUEST, &why),
    };
    if !session.is_connected() {
        return status(
            StatusCode::SERVICE_UNAVAILABLE,
            "session already disconnected",
        );
    }
    if session.is_full() {
        return status(
            StatusCode::SERVICE_UNAVAILABLE,
            "session holds too many contents",
        );
    }
    session.push_customer_message(&text);
    let conversation_id = session.conversation_id.clone();
    desk::customer_message(&mut world, &conversation_id, &text);
    crate::sim::answer::customer_wrote(&sim, &mut world, &conversation_id);
    StatusCode::CREATED.into_response()
}

/// AddContent's `content`: a string, not blank, at most 10 000 characters (kept as
/// written).
fn parse_add_content(body: &[u8]) -> Result<String, String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    match value.get("content") {
        Some(Value::String(s)) if !s.trim().is_empty() && s.chars().count() <= MAX_TEXT => {
            Ok(s.clone())
        }
        Some(Value::String(s)) if !s.trim().is_empty() => {
            Err(format!("content is longer than {MAX_TEXT} characters"))
        }
        _ => Err("content must be a non-empty string".into()),
    }
}

/// `POST /v1/sessions/{sessionId}/typing` NotifyTyping `{isTyping}` (seed 002 §4.3.3).
/// \[sim\] On a disconnected session it is accepted and changes nothing.
async fn typing(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Path(session_id): Path<String>,
    body: Bytes,
) -> Response {
    let mut world = match authorized(&sim, &headers) {
        Ok(w) => w,
        Err(code) => return code.into_response(),
    };
    let Some(session) = world.web.get_mut(&session_id) else {
        return status(StatusCode::NOT_FOUND, "unknown session");
    };
    let is_typing = match serde_json::from_slice::<Value>(&body)
        .ok()
        .as_ref()
        .and_then(|v| v.get("isTyping"))
    {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => true,
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => false,
        _ => return status(StatusCode::BAD_REQUEST, "isTyping must be true or false"),
    };
    if session.is_connected() {
        let conversation_id = session.conversation_id.clone();
        desk::customer_typing(&mut world, &conversation_id, is_typing);
    }
    StatusCode::OK.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> Value {
        json!({
            "businessUnitName": "DEFAULT",
            "caption": "Can you help me with my problem?",
            "contactData": [{"key": "Address", "value": "Street"}, {"key": "Phone Number", "value": "+55 (41) 99999-9999"}],
            "customerName": "Jose Silva",
            "destination": "Sales",
            "language": "English",
            "priority": 5,
            "source": "jose.silva@email.com"
        })
    }

    fn parse(v: &Value) -> Result<RequestSession, String> {
        RequestSession::parse(v.to_string().as_bytes())
    }

    #[test]
    fn the_seed_example_is_valid() {
        let r = parse(&valid()).expect("valid");
        assert_eq!(r.customer_name, "Jose Silva");
        let c = r.customer();
        assert_eq!(
            (c.first_name.as_str(), c.last_name.as_str()),
            ("Jose", "Silva")
        );
        assert_eq!(c.identifier, "jose.silva@email.com");
        assert_eq!(c.priority, 5);
        assert_eq!(r.queue()["name"], "Sales");
        assert_eq!(
            r.conversation_data(),
            json!({"language": "English", "source": "jose.silva@email.com", "destination": "Sales",
                   "Address": "Street", "Phone Number": "+55 (41) 99999-9999"})
        );
    }

    #[test]
    fn required_fields_and_their_rules() {
        for key in [
            "businessUnitName",
            "caption",
            "customerName",
            "language",
            "priority",
            "source",
        ] {
            let mut v = valid();
            v.as_object_mut().map(|o| o.remove(key));
            assert!(parse(&v).is_err(), "{key} missing");
            let mut v = valid();
            v[key] = json!("  ");
            assert!(parse(&v).is_err(), "{key} blank");
        }
        for optional in ["destination", "contactData"] {
            let mut v = valid();
            v.as_object_mut().map(|o| o.remove(optional));
            assert!(parse(&v).is_ok(), "{optional} is optional");
        }
        for (key, bad) in [
            ("priority", json!(0)),
            ("priority", json!(101)),
            ("priority", json!("5")),
            ("source", json!("jose_silva")),
            ("destination", json!("Sales!")),
            ("destination", json!("Vendas é")),
            ("contactData", json!({"key": "a"})),
            ("contactData", json!([{"value": "x"}])),
        ] {
            let mut v = valid();
            v[key] = bad.clone();
            assert!(parse(&v).is_err(), "{key} = {bad}");
        }
        assert!(RequestSession::parse(b"{not json").is_err());
        assert!(RequestSession::parse(b"[]").is_err());
    }

    #[test]
    fn add_content_and_credentials() {
        assert_eq!(
            parse_add_content(br#"{"content": "Hey, can you help me?"}"#).as_deref(),
            Ok("Hey, can you help me?")
        );
        assert!(parse_add_content(br#"{"content": "  "}"#).is_err());
        assert!(parse_add_content(br#"{"content": 3}"#).is_err());
        assert!(parse_add_content(b"nope").is_err());
        let mut headers = HeaderMap::new();
        let good = base64::engine::general_purpose::STANDARD.encode("webchat:webchat-secret");
        headers.insert(
            header::AUTHORIZATION,
            format!("Basic {good}").parse().expect("header"),
        );
        assert!(client_credentials_ok(&headers));
        let bad = base64::engine::general_purpose::STANDARD.encode("webchat:nope");
        headers.insert(
            header::AUTHORIZATION,
            format!("Basic {bad}").parse().expect("header"),
        );
        assert!(!client_credentials_ok(&headers));
        headers.insert(
            header::AUTHORIZATION,
            "bearer  abc ".parse().expect("header"),
        );
        assert_eq!(bearer(&headers), Some("abc"));
        headers.insert(header::AUTHORIZATION, "Bearer".parse().expect("header"));
        assert_eq!(bearer(&headers), None);
    }
}
