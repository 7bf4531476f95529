//! A task offer (`taskRequest` RESERVED) waiting for the agent, with its RONA deadline.

use serde_json::Value;

use crate::protocol::{RoomInfo, TaskRequest};

use super::sanitize::one_line;

/// An offer shown in the offer panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub conversation_id: String,
    /// Composite task id, passed through unchanged (PROTOCOL.md §6.5).
    pub task_id: Option<String>,
    pub room_info: Option<RoomInfo>,
    pub channel_session: Value,
    pub customer_name: String,
    pub channel: String,
    pub queue: String,
    /// INBOUND, DIRECT_TRANSFER, CONSULT, …
    pub direction: String,
    /// A transfer's, conference's or consult's note and who asked, in one line
    /// ("from bob: wants a refund"); "" for an inbound chat.
    pub note: String,
    /// Epoch ms UTC when the offer arrived (local clock).
    pub received_at_ms: i64,
    /// Epoch ms UTC of RONA: arrival + `agentRequestTtl` s, when the channel gives one.
    pub expires_at_ms: Option<i64>,
    /// Accept was sent; waiting for `onTopicData`.
    pub accepting: bool,
}

impl Offer {
    /// Builds an offer from a `taskRequest` that arrived at `now_ms`.
    pub fn from_task(task: &TaskRequest, now_ms: i64) -> Self {
        let session = task.channel_session();
        Offer {
            conversation_id: task.conversation_id.clone(),
            task_id: task.task_id.clone(),
            room_info: task.room_info.clone(),
            channel_session: task.channel_session.clone(),
            customer_name: one_line(&session.customer_name().unwrap_or_else(|| "Customer".into())),
            channel: one_line(session.channel_type().unwrap_or("")),
            queue: one_line(
                task.queue
                    .as_ref()
                    .and_then(|q| q.name.as_deref())
                    .unwrap_or(""),
            ),
            direction: one_line(task.task_direction.as_deref().unwrap_or("INBOUND")),
            note: handover_note(task),
            received_at_ms: now_ms,
            expires_at_ms: session
                .agent_request_ttl_secs()
                .map(|s| now_ms.saturating_add((s as i64).saturating_mul(1000))),
            accepting: false,
        }
    }

    /// Whole seconds left before RONA at `now_ms` (0 when past), or `None` without a TTL.
    pub fn seconds_left(&self, now_ms: i64) -> Option<i64> {
        self.expires_at_ms.map(|end| seconds_until(end, now_ms))
    }
}

/// "from <requestedBy>: <note>" for a task another agent asked for (`requestedBy` a name or
/// an object with `name`/`username`), parts left out when missing.
fn handover_note(task: &TaskRequest) -> String {
    let by = task
        .requested_by
        .as_str()
        .map(str::to_string)
        .or_else(|| {
            ["name", "username", "firstName"]
                .iter()
                .find_map(|k| task.requested_by.get(*k).and_then(Value::as_str))
                .map(str::to_string)
        })
        .filter(|b| !b.trim().is_empty());
    let note = task.note.clone().filter(|n| !n.trim().is_empty());
    let text = match (by, note) {
        (Some(by), Some(note)) => format!("from {by}: {note}"),
        (Some(by), None) => format!("from {by}"),
        (None, Some(note)) => note,
        (None, None) => String::new(),
    };
    one_line(&text)
}

/// Whole seconds from `now_ms` until `deadline_ms` (epoch ms), rounded up; 0 when past.
/// Countdowns (RONA, wrap-up) read this so they reach 0 exactly at the deadline.
pub fn seconds_until(deadline_ms: i64, now_ms: i64) -> i64 {
    ((deadline_ms - now_ms).max(0) + 999) / 1000
}
