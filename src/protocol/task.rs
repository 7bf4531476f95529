//! Task offers and revocations (PROTOCOL.md §3).

use serde::Deserialize;
use serde_json::Value;

use super::channel_session::ChannelSessionView;
use super::common::{lenient, RoomInfo};

/// `taskRequest`: an offer (`taskState.name == "RESERVED"`) or a task to join at once
/// (`STARTED`).
#[derive(Debug, Clone, Deserialize)]
pub struct TaskRequest {
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    /// The customer's channel session, passed through (see [`ChannelSessionView`]).
    #[serde(rename = "channelSession", default)]
    pub channel_session: Value,
    #[serde(rename = "roomInfo", default, deserialize_with = "lenient")]
    pub room_info: Option<RoomInfo>,
    /// Composite `"<task>:<media>"`; pass through unchanged (§6.5).
    #[serde(rename = "taskId", default, deserialize_with = "lenient")]
    pub task_id: Option<String>,
    #[serde(rename = "taskState", default, deserialize_with = "lenient")]
    pub task_state: Option<TaskState>,
    /// INBOUND, OUTBOUND, CONSULT, CONSULT_TRANSFER, … (open set).
    #[serde(rename = "taskDirection", default, deserialize_with = "lenient")]
    pub task_direction: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub queue: Option<Queue>,
    #[serde(default, deserialize_with = "lenient")]
    pub note: Option<String>,
    #[serde(rename = "requestedBy", default)]
    pub requested_by: Value,
    #[serde(rename = "correlationId", default, deserialize_with = "lenient")]
    pub correlation_id: Option<String>,
}

/// `taskState` `{name, …}`.
#[derive(Debug, Clone, Deserialize)]
pub struct TaskState {
    #[serde(default)]
    pub name: String,
}

/// `queue` `{id, name}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Queue {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

impl TaskRequest {
    /// `taskState.name`, or "" when absent.
    pub fn state(&self) -> &str {
        self.task_state.as_ref().map_or("", |s| s.name.as_str())
    }

    /// True for an offer the agent must accept (`RESERVED`).
    pub fn is_offer(&self) -> bool {
        self.state() == "RESERVED"
    }

    /// The conversation role a STARTED task joins with (§3): `CONSULT` → ASSISTANT,
    /// `SILENT_MONITOR` → SILENT_MONITOR, anything else PRIMARY.
    pub fn join_role(&self) -> &'static str {
        join_role(self.task_direction.as_deref().unwrap_or(""))
    }

    /// Accessors over the channel session.
    pub fn channel_session(&self) -> ChannelSessionView<'_> {
        ChannelSessionView(&self.channel_session)
    }
}

/// The conversation role a task of `direction` joins with (§3): `CONSULT` → ASSISTANT,
/// `SILENT_MONITOR` → SILENT_MONITOR, anything else (INBOUND, DIRECT_TRANSFER,
/// DIRECT_CONFERENCE, CONSULT_CONFERENCE, …) PRIMARY.
pub fn join_role(direction: &str) -> &'static str {
    match direction.trim().to_ascii_uppercase().as_str() {
        "CONSULT" => "ASSISTANT",
        "SILENT_MONITOR" => "SILENT_MONITOR",
        _ => "PRIMARY",
    }
}

/// `revokeTask` `{conversationId[, taskId]}`.
#[derive(Debug, Clone, Deserialize)]
pub struct RevokeTask {
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(rename = "taskId", default, deserialize_with = "lenient")]
    pub task_id: Option<String>,
}
