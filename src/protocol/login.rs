//! REST login and reason codes (PROTOCOL.md §1.1, §5).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Body of `POST {AM}/agent/login`.
#[derive(Debug, Clone, Serialize)]
pub struct LoginRequest<'a> {
    pub username: &'a str,
    pub password: &'a str,
}

/// 200 answer of `POST {AM}/agent/login`: `{statusCode, data: {token, refresh_token, keycloak_User}}`.
#[derive(Debug, Clone, Deserialize)]
pub struct LoginResponse {
    #[serde(rename = "statusCode", default)]
    pub status_code: Option<i64>,
    pub data: LoginData,
}

/// `data` of [`LoginResponse`]. `Debug` hides the tokens so they never reach a log.
#[derive(Clone, Deserialize)]
pub struct LoginData {
    /// Bearer token for later REST calls (opaque to the desk).
    pub token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
    #[serde(rename = "keycloak_User")]
    pub keycloak_user: KeycloakUser,
}

impl std::fmt::Debug for LoginData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginData")
            .field("token", &"<redacted>")
            .field("keycloak_user", &self.keycloak_user.username)
            .finish()
    }
}

/// A Keycloak user as AM returns it (§1.1). Known fields are typed; everything else is kept
/// in `extra` so the object round-trips unchanged into the socket auth and topic participants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeycloakUser {
    /// Keycloak user id (UUID); also the agent id on the socket.
    pub id: String,
    #[serde(rename = "firstName", default)]
    pub first_name: Option<String>,
    #[serde(rename = "lastName", default)]
    pub last_name: Option<String>,
    pub username: String,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl KeycloakUser {
    /// True when `roles` contains `supervisor` (§1.1).
    pub fn is_supervisor(&self) -> bool {
        self.roles
            .iter()
            .any(|r| r.eq_ignore_ascii_case("supervisor"))
    }

    /// "First Last" when known, else the username.
    pub fn display_name(&self) -> String {
        let first = self.first_name.as_deref().unwrap_or("").trim();
        let last = self.last_name.as_deref().unwrap_or("").trim();
        let full = format!("{first} {last}");
        let full = full.trim();
        if full.is_empty() {
            self.username.clone()
        } else {
            full.to_string()
        }
    }
}

/// Error body of a failed login (401/403) and of other REST failures:
/// `{"error_message": "...", "error_detail": {"status": 401, "reason": "..."}}` (§1.1, \[guess\]).
#[derive(Debug, Clone, Deserialize)]
pub struct LoginError {
    #[serde(default)]
    pub error_message: Option<String>,
    #[serde(default)]
    pub error_detail: Option<Value>,
}

/// A reason code from `GET /unified-admin/reasons` (§5). Sent back **whole, as received**
/// as `reasonCode` (§7.2: the real desk sends `{id, name, type, code, description, isDeleted,
/// createdAt, updatedAt}`; fixture `changeAgentState.not_ready_reason.json`): serializing a
/// decoded reason gives back [`Reason::raw`], every field and `null` as the server wrote it.
/// A reason built in code (empty `raw`) serializes from its fields and `extra`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// `NOT_READY` or `LOGOUT` (open set).
    pub kind: String,
    /// Fields besides `id`, `name`, `description` and `type`.
    pub extra: Map<String, Value>,
    /// The record as received (`Value::Null` for a reason built in code).
    pub raw: Value,
}

/// The typed part of a reason record (`id` and `name` required).
#[derive(Deserialize, Serialize)]
struct ReasonFields {
    id: String,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Value::deserialize(deserializer)?;
        let fields: ReasonFields =
            serde_json::from_value(raw.clone()).map_err(serde::de::Error::custom)?;
        Ok(Reason {
            id: fields.id,
            name: fields.name,
            description: fields.description,
            kind: fields.kind,
            extra: fields.extra,
            raw,
        })
    }
}

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.raw.is_object() {
            return self.raw.serialize(serializer);
        }
        ReasonFields {
            id: self.id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            kind: self.kind.clone(),
            extra: self.extra.clone(),
        }
        .serialize(serializer)
    }
}

/// Kinds of reason code (`Reason::kind`).
pub mod reason_kind {
    pub const NOT_READY: &str = "NOT_READY";
    pub const LOGOUT: &str = "LOGOUT";
}
