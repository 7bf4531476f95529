//! The REST side (PROTOCOL.md §1.1, §5), at the same paths as a real deployment:
//! - `POST /agent-manager/agent/login` `{username, password}` → 200
//!   `{statusCode: 200, data: {token, refresh_token, keycloak_User}}`; wrong credentials →
//!   401 shaped like `login.error.json`; a body that is not `{username: string, password:
//!   string}` JSON → 400 with the same shape. Tokens are random opaque strings.
//! - `GET /unified-admin/reasons` → the reason list (`reasons.json` plus more). Needs
//!   `Authorization: Bearer <token from login>`, else 401 (as CX ≥ 4.9 enforces).
//! - `GET /routing-engine/media-routing-domains` → the three MRDs (same bearer rule).
//! - Anything else → 404 with the same error shape.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::Value;

use super::ids;
use super::mrd;
use super::reasons;
use super::users;
use super::wire;
use super::world::Sim;

/// The REST routes.
pub(crate) fn router(sim: Arc<Sim>) -> Router {
    Router::new()
        .route("/agent-manager/agent/login", post(login))
        .route("/unified-admin/reasons", get(get_reasons))
        .route("/routing-engine/media-routing-domains", get(get_mrds))
        .fallback(not_found)
        .with_state(sim)
}

fn error(status: StatusCode, message: &str, reason: &str) -> Response {
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

/// True when the request carries `Authorization: Bearer <issued token>`.
fn authorized(sim: &Sim, headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| sim.lock().tokens.contains_key(t.trim()))
}

fn unauthorized() -> Response {
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

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Not Found", "not_found")
}
