//! Raise hand: `HAND_RAISED` / `HAND_DOWN` CIM events (PROTOCOL.md §2, §4) — an agent asks
//! a supervisor for help in a conversation, and lowers the hand again.
//!
//! The desk publishes `{id, name: "HAND_RAISED" | "HAND_DOWN", type: "NOTIFICATION",
//! timestamp, conversationId, roomInfo, data: {agentId, userName}}` \[desk\]: the same raw
//! envelope as `RESET_AGENT_SLA` ([`super::sla::reset_agent_sla`]) with the agent's
//! Keycloak id and username as data. What is read back is tolerant: `data.agentId` (else
//! `data.agent.id`, else the emitter's id) and `data.userName` (else `username`, `name`,
//! the emitter's `senderName`).
//!
//! A snapshot says whether a hand is up in `topicData.agentHandRaise: {handRaised,
//! agentNames: [..]}` (the real `onTopicData.json`: `{handRaised: false, agentNames: []}`);
//! [`hand_raise_snapshot`] reads it.

use serde_json::{json, Value};

use super::cim::{names, CimEvent};
use super::common::{str_field, RoomInfo};

/// A hand raised or lowered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandEvent {
    /// True for `HAND_RAISED`, false for `HAND_DOWN`.
    pub raised: bool,
    /// Keycloak id of the agent whose hand it is ("" when the event names none).
    pub agent_id: String,
    /// That agent's username or name, as received (untrusted: sanitise before showing).
    pub user_name: Option<String>,
}

impl CimEvent {
    /// The hand event of `HAND_RAISED` / `HAND_DOWN` (`None` for other events).
    pub fn hand(&self) -> Option<HandEvent> {
        let raised = match self.name.as_str() {
            names::HAND_RAISED => true,
            names::HAND_DOWN => false,
            _ => return None,
        };
        let text = |v: &Value, k: &str| {
            str_field(v, k)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let agent_id = text(&self.data, "agentId")
            .or_else(|| self.data.get("agent").and_then(|a| text(a, "id")))
            .or_else(|| text(&self.event_emitter, "id"))
            .unwrap_or_default();
        let user_name = ["userName", "username", "name"]
            .iter()
            .find_map(|k| text(&self.data, k))
            .or_else(|| text(&self.event_emitter, "senderName"));
        Some(HandEvent {
            raised,
            agent_id,
            user_name,
        })
    }
}

/// `topicData.agentHandRaise`: when `handRaised` is true, the names of the agents with a
/// raised hand (`agentNames`, possibly empty); `None` when no hand is raised or the field
/// is absent or unreadable.
pub fn hand_raise_snapshot(value: &Value) -> Option<Vec<String>> {
    if value.get("handRaised").and_then(Value::as_bool) != Some(true) {
        return None;
    }
    Some(
        value
            .get("agentNames")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|n| {
                n.as_str()
                    .map(str::to_string)
                    .or_else(|| n.get("name").and_then(Value::as_str).map(str::to_string))
            })
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect(),
    )
}

/// The `HAND_RAISED` (`raised`) or `HAND_DOWN` CIM event the desk publishes for the agent
/// `agent_id` / `user_name` (its Keycloak id and username). `now_ms`: epoch ms UTC.
pub fn hand_event(
    raised: bool,
    event_id: &str,
    conversation_id: &str,
    room_info: Option<&RoomInfo>,
    agent_id: &str,
    user_name: &str,
    now_ms: i64,
) -> Value {
    json!({
        "id": event_id,
        "name": if raised { names::HAND_RAISED } else { names::HAND_DOWN },
        "type": "NOTIFICATION",
        "timestamp": now_ms,
        "conversationId": conversation_id,
        "roomInfo": room_info,
        "data": {"agentId": agent_id, "userName": user_name},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot() {
        assert_eq!(
            hand_raise_snapshot(&json!({"handRaised": false, "agentNames": []})),
            None
        );
        assert_eq!(
            hand_raise_snapshot(&json!({"handRaised": true, "agentNames": ["Eli Khan", 3]})),
            Some(vec!["Eli Khan".to_string()])
        );
        assert_eq!(hand_raise_snapshot(&json!(null)), None);
    }

    #[test]
    fn builds_and_reads_back() {
        let value = hand_event(true, "e", "c", None, "a1", "sana", 9);
        assert_eq!(value["data"], json!({"agentId": "a1", "userName": "sana"}));
        let event: CimEvent = serde_json::from_value(value).unwrap();
        assert_eq!(
            event.hand(),
            Some(HandEvent {
                raised: true,
                agent_id: "a1".into(),
                user_name: Some("sana".into())
            })
        );
        let down: CimEvent = serde_json::from_value(json!({"name": "HAND_DOWN",
            "eventEmitter": {"id": "a2", "senderName": "bo"}, "data": null}))
        .unwrap();
        let hand = down.hand().unwrap();
        assert!(!hand.raised);
        assert_eq!(hand.agent_id, "a2");
        assert_eq!(hand.user_name.as_deref(), Some("bo"));
    }
}
