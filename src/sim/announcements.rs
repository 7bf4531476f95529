//! Team announcements (PROTOCOL.md §3, §5): supervisors post short messages to their teams;
//! the agents of those teams get them live.
//!
//! The REST shape is not documented; the simulator serves the one the desk assumes
//! (`crate::protocol::announcement`, \[guess\]) and reads bodies tolerantly:
//! - `GET /team-announcement/announcement/?teamIds=T&status=active` → the announcements for
//!   team `T` (`teamIds` may repeat or hold comma-separated ids; none → every team), with
//!   `status=active` only those not expired. An announcement is `{id, announcementText,
//!   teamIds, supervisorId, supervisorName, status: "active", createdAt (ISO), expiryTime
//!   (ms)}`.
//! - `POST /team-announcement/announcement/` `{teamIds, announcementText | message | text,
//!   supervisorId, supervisorName?, expiryTime?}` → 201 with the announcement; every
//!   connected agent of those teams gets `ANNOUNCEMENT_CREATED` with it. Only a supervisor
//!   may post: the caller's token names one, or (no token) `supervisorId` is a supervisor's
//!   id; else 403. No team or no text → 400. Without `expiryTime`: 8 hours.
//! - `DELETE /team-announcement/announcement/{id}` → 200 with the announcement, and
//!   `ANNOUNCEMENT_DELETED` with it to the agents of its teams; unknown id → 404. Only a
//!   supervisor (as above, `supervisorId` from the query then) may delete.
//! - At start the demo team has one announcement from `supervisor1` ([`Board::default`]).
//!
//! Authorization as every other route (`rest.rs`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::ids;
use super::rest::{authorized, caller, error, unauthorized};
use super::users;
use super::world::{Agent, Sim};

/// How long an announcement lasts when the poster gives no `expiryTime` (ms).
const DEFAULT_LIFETIME_MS: i64 = 8 * 3_600_000;

/// At most this many announcements are kept (the oldest go first).
const MAX_KEPT: usize = 200;

/// The announcements, oldest first.
pub(crate) struct Board {
    items: Vec<Value>,
}

impl Default for Board {
    /// The demo team's welcome announcement from `supervisor1`.
    fn default() -> Self {
        let supervisor = users::DEMO_USERS
            .iter()
            .find(|u| u.supervisor)
            .copied()
            .unwrap_or(users::DEMO_USERS[0]);
        let now = ids::now_ms();
        let ku = users::keycloak_user(&supervisor);
        let team = ku["userTeam"]["teamId"].clone();
        Board {
            items: vec![announcement(
                &[team],
                "Welcome to the demo shift! Pull-mode chats wait on the Web Leads and VIP Callbacks lists: /lists to follow them.",
                users::user_id(&supervisor),
                &format!("{} {}", supervisor.first_name, supervisor.last_name),
                now,
                now + DEFAULT_LIFETIME_MS,
            )],
        }
    }
}

fn announcement(
    teams: &[Value],
    text: &str,
    supervisor_id: &str,
    supervisor_name: &str,
    created_ms: i64,
    expires_ms: i64,
) -> Value {
    let created = chrono::DateTime::from_timestamp_millis(created_ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default();
    json!({
        "id": ids::object_id(),
        "announcementText": text,
        "teamIds": teams,
        "supervisorId": supervisor_id,
        "supervisorName": supervisor_name,
        "status": "active",
        "createdAt": created,
        "expiryTime": expires_ms,
    })
}

fn teams_of(announcement: &Value) -> Vec<&str> {
    announcement["teamIds"]
        .as_array()
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn expired(announcement: &Value, now_ms: i64) -> bool {
    announcement["expiryTime"]
        .as_i64()
        .is_some_and(|end| end <= now_ms)
}

/// The teams an agent belongs to (its KU's `userTeam` and `supervisedTeams`).
fn agent_teams(agent: &Agent) -> Vec<&str> {
    let ku = &agent.keycloak_user;
    let mut teams: Vec<&str> = ku["userTeam"]["teamId"].as_str().into_iter().collect();
    if let Some(supervised) = ku["supervisedTeams"].as_array() {
        teams.extend(supervised.iter().filter_map(|t| t["teamId"].as_str()));
    }
    teams
}

/// Sends `event` with `announcement` to every connected agent of its teams.
fn tell_teams(agents: &HashMap<&'static str, Agent>, event: &str, announcement: &Value) {
    let teams = teams_of(announcement);
    for agent in agents.values() {
        if agent_teams(agent).iter().any(|t| teams.contains(t)) {
            agent.send(event, announcement);
        }
    }
}

/// The routes of this module.
pub(crate) fn router(sim: Arc<Sim>) -> Router {
    Router::new()
        .route("/team-announcement/announcement/", get(list).post(create))
        .route("/team-announcement/announcement", get(list).post(create))
        .route("/team-announcement/announcement/{id}", delete(remove))
        .with_state(sim)
}

/// Every value of `key` in a query string (repeated keys, comma-separated values).
fn query_values(query: Option<&str>, key: &str) -> Vec<String> {
    url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .filter(|(k, _)| k == key)
        .flat_map(|(_, v)| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

async fn list(
    State(sim): State<Arc<Sim>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if !authorized(&sim, &headers) {
        return unauthorized();
    }
    let teams = query_values(query.as_deref(), "teamIds");
    let active = query_values(query.as_deref(), "status")
        .iter()
        .any(|s| s.eq_ignore_ascii_case("active"));
    let now = ids::now_ms();
    let world = sim.lock();
    let items: Vec<Value> = world
        .announcements
        .items
        .iter()
        .filter(|a| teams.is_empty() || teams_of(a).iter().any(|t| teams.iter().any(|q| q == t)))
        .filter(|a| !active || !expired(a, now))
        .cloned()
        .collect();
    Json(Value::Array(items)).into_response()
}

/// The supervisor making the call: the token's user, else the demo supervisor whose id is
/// `claimed`. `None` when it is not a supervisor.
fn supervisor(
    sim: &Sim,
    headers: &HeaderMap,
    claimed: Option<&str>,
) -> Option<&'static users::DemoUser> {
    let user = match caller(sim, headers) {
        Some(username) => users::by_username(username),
        None => claimed.and_then(|id| users::DEMO_USERS.iter().find(|u| users::user_id(u) == id)),
    };
    user.filter(|u| u.supervisor)
}

async fn create(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    if !authorized(&sim, &headers) {
        return unauthorized();
    }
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Body must be JSON",
            "invalid_request",
        );
    };
    let Some(poster) = supervisor(&sim, &headers, body["supervisorId"].as_str()) else {
        return error(
            StatusCode::FORBIDDEN,
            "Only supervisors post team announcements",
            "forbidden",
        );
    };
    let teams: Vec<Value> = body["teamIds"]
        .as_array()
        .map(|t| {
            t.iter()
                .filter(|v| v.as_str().is_some_and(|s| !s.is_empty()))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let text = ["announcementText", "message", "text"]
        .iter()
        .find_map(|k| body[*k].as_str())
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let Some(text) = text.filter(|_| !teams.is_empty()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "An announcement needs teamIds and announcementText",
            "invalid_request",
        );
    };
    let now = ids::now_ms();
    let expires = body["expiryTime"]
        .as_i64()
        .filter(|e| *e > now)
        .unwrap_or(now + DEFAULT_LIFETIME_MS);
    let name = format!("{} {}", poster.first_name, poster.last_name);
    let created = announcement(&teams, text, users::user_id(poster), &name, now, expires);
    let mut world = sim.lock();
    tracing::info!(supervisor = poster.username, "team announcement posted");
    tell_teams(&world.agents, "ANNOUNCEMENT_CREATED", &created);
    let items = &mut world.announcements.items;
    items.push(created.clone());
    if items.len() > MAX_KEPT {
        items.remove(0);
    }
    (StatusCode::CREATED, Json(created)).into_response()
}

async fn remove(
    State(sim): State<Arc<Sim>>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if !authorized(&sim, &headers) {
        return unauthorized();
    }
    let claimed = query_values(query.as_deref(), "supervisorId");
    if supervisor(&sim, &headers, claimed.first().map(String::as_str)).is_none() {
        return error(
            StatusCode::FORBIDDEN,
            "Only supervisors delete team announcements",
            "forbidden",
        );
    }
    let mut world = sim.lock();
    let Some(index) = world
        .announcements
        .items
        .iter()
        .position(|a| a["id"].as_str() == Some(id.as_str()))
    else {
        return error(
            StatusCode::NOT_FOUND,
            &format!("Announcement '{id}' not found"),
            "not_found",
        );
    };
    let gone = world.announcements.items.remove(index);
    tracing::info!(id, "team announcement deleted");
    tell_teams(&world.agents, "ANNOUNCEMENT_DELETED", &gone);
    Json(gone).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_team_starts_with_an_announcement() {
        let board = Board::default();
        assert_eq!(board.items.len(), 1);
        let a = &board.items[0];
        assert_eq!(a["supervisorId"], "3c9a5b6e-4d8f-4a01-9c23-0000000b0001");
        assert!(!expired(a, ids::now_ms()));
        assert_eq!(teams_of(a), ["5b2f0c3e-7a41-4d0e-9c55-0f3e8d1a2b10"]);
        assert_eq!(
            query_values(Some("teamIds=a,b&teamIds=c&status=active"), "teamIds"),
            ["a", "b", "c"]
        );
    }
}
