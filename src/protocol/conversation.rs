//! Conversation-level server notices: the wrap-up timer and assistance-request confirmations
//! (PROTOCOL.md §3).

use serde::Deserialize;

use super::common::{lenient, lenient_int, RoomInfo};

/// `wrapupTimerStarted` `{duration, conversationId, roomInfo}` (§3, fixture
/// `wrapupTimerStarted.json`): the agent left a conversation and has `duration` to fill the
/// wrap-up form (then send `closeWrapup`).
///
/// **Seconds or milliseconds?** The docs' example (`"600000"`) reads as milliseconds, while
/// ExpertFlow's own 2024 desk counts `duration` down in seconds (PROTOCOL.md §7.5). The desk
/// decides by size ([`wrapup_duration_ms`]): a value **above 3,600 is milliseconds** (more
/// than an hour of wrap-up is implausible, and under 3.6 s is too), anything up to 3,600 is
/// seconds. `"600000"` → 10 min, `"60"` → 1 min, `"60000"` → 1 min. A string or a number is
/// accepted (§6.6); unreadable, missing or negative → `None` (the form without a countdown).
#[derive(Debug, Clone, Deserialize)]
pub struct WrapupTimerStarted {
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    /// Wrap-up time in **milliseconds**, after the seconds-or-ms decision above.
    #[serde(rename = "duration", default, deserialize_with = "duration_ms")]
    pub duration_ms: Option<i64>,
    #[serde(rename = "roomInfo", default, deserialize_with = "lenient")]
    pub room_info: Option<RoomInfo>,
}

/// Above this, `wrapupTimerStarted.duration` is milliseconds; up to it, seconds (§7.5).
pub const WRAPUP_DURATION_SECONDS_MAX: i64 = 3_600;

/// `wrapupTimerStarted.duration` as milliseconds: values above
/// [`WRAPUP_DURATION_SECONDS_MAX`] are taken as ms, smaller ones as seconds; negative → `None`.
pub fn wrapup_duration_ms(duration: i64) -> Option<i64> {
    match duration {
        d if d < 0 => None,
        d if d > WRAPUP_DURATION_SECONDS_MAX => Some(d),
        d => Some(d * 1000),
    }
}

fn duration_ms<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    Ok(lenient_int(deserializer)?.and_then(wrapup_duration_ms))
}

/// `agentAssistanceRequestPlaced` `{requestAction, mode}` (§3, fixture
/// `agentAssistanceRequestPlaced.json`): AM accepted a transfer / conference request.
/// The payload names no conversation; the desk matches it to the request it sent last.
#[derive(Debug, Clone, Deserialize)]
pub struct AgentAssistanceRequestPlaced {
    /// `transfer` or `conference` (open set; lower case on the wire).
    #[serde(rename = "requestAction", default, deserialize_with = "lenient")]
    pub request_action: Option<String>,
    /// `queue` or `agent` (open set).
    #[serde(default, deserialize_with = "lenient")]
    pub mode: Option<String>,
    /// Not in the documented payload; read in case a server adds it. \[guess\]
    #[serde(rename = "conversationId", default, deserialize_with = "lenient")]
    pub conversation_id: Option<String>,
}

/// `agentAssignedForAssistance` `{conversationId, task, type}` (§3): an agent was found for
/// a consult (`type: consult`) or a transfer (`direct-transfer`) this desk asked for.
/// `task` is the routing engine's task object, kept raw.
#[derive(Debug, Clone, Deserialize)]
pub struct AgentAssignedForAssistance {
    #[serde(rename = "conversationId", default, deserialize_with = "lenient")]
    pub conversation_id: Option<String>,
    #[serde(default)]
    pub task: serde_json::Value,
    /// `consult`, `direct-transfer`, … (open set).
    #[serde(rename = "type", default, deserialize_with = "lenient")]
    pub kind: Option<String>,
}

/// `consulTransferRequestSuccess` `{conversationId, newTask, agentId}` (§3, "consul" sic):
/// the conversation was handed to the consulted agent `agentId`.
#[derive(Debug, Clone, Deserialize)]
pub struct ConsultTransferSuccess {
    #[serde(rename = "conversationId", default, deserialize_with = "lenient")]
    pub conversation_id: Option<String>,
    #[serde(rename = "agentId", default, deserialize_with = "lenient")]
    pub agent_id: Option<String>,
    #[serde(rename = "newTask", default)]
    pub new_task: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wrapup_duration_as_string_or_number() {
        let s: WrapupTimerStarted =
            serde_json::from_value(json!({"conversationId": "c", "duration": "600000"})).unwrap();
        assert_eq!(s.duration_ms, Some(600_000));
        let n: WrapupTimerStarted =
            serde_json::from_value(json!({"conversationId": "c", "duration": 30000})).unwrap();
        assert_eq!(n.duration_ms, Some(30_000));
        // Seconds, as ExpertFlow's own desk reads it (PROTOCOL.md §7.5).
        let secs: WrapupTimerStarted =
            serde_json::from_value(json!({"conversationId": "c", "duration": "60"})).unwrap();
        assert_eq!(secs.duration_ms, Some(60_000));
        assert_eq!(wrapup_duration_ms(3_600), Some(3_600_000));
        assert_eq!(wrapup_duration_ms(3_601), Some(3_601));
        assert_eq!(wrapup_duration_ms(-5), None);
        let bad: WrapupTimerStarted =
            serde_json::from_value(json!({"conversationId": "c", "duration": {"x": 1}})).unwrap();
        assert_eq!(bad.duration_ms, None);
        assert!(bad.room_info.is_none());
    }
}
