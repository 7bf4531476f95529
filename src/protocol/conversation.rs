//! Conversation-level server notices: the wrap-up timer and assistance-request confirmations
//! (PROTOCOL.md §3).

use serde::Deserialize;

use super::common::{lenient, lenient_int, RoomInfo};

/// `wrapupTimerStarted` `{duration, conversationId, roomInfo}` (§3, fixture
/// `wrapupTimerStarted.json`): the agent left a conversation and has `duration` to fill the
/// wrap-up form (then send `closeWrapup`).
///
/// `duration` is **milliseconds as a string** on the wire (`"600000"`, §6.6); a number is
/// accepted too. Unreadable or missing → `None` (show the form without a countdown).
#[derive(Debug, Clone, Deserialize)]
pub struct WrapupTimerStarted {
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    /// Wrap-up time in **milliseconds**.
    #[serde(rename = "duration", default, deserialize_with = "lenient_int")]
    pub duration_ms: Option<i64>,
    #[serde(rename = "roomInfo", default, deserialize_with = "lenient")]
    pub room_info: Option<RoomInfo>,
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
        let bad: WrapupTimerStarted =
            serde_json::from_value(json!({"conversationId": "c", "duration": {"x": 1}})).unwrap();
        assert_eq!(bad.duration_ms, None);
        assert!(bad.room_info.is_none());
    }
}
