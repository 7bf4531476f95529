//! Payloads the desk emits (PROTOCOL.md §2, §4). Builders are pure: ids and the clock are
//! parameters, so tests can compare them field for field with the fixtures.

use serde::Serialize;
use serde_json::{json, Value};

use super::cim::{CimEvent, CimMessage, MessageBody, MessageHeader, Sender};
use super::common::{RoomInfo, Timestamp};
use super::login::{KeycloakUser, Reason};

/// `changeAgentState` for the agent state:
/// `{agentId, action:"agentState", state:{name, reasonCode}}`. READY ⇒ `reasonCode: null`;
/// NOT_READY/LOGOUT carry the whole reason object from `/unified-admin/reasons` (§2, §6.7).
pub fn change_agent_state(agent_id: &str, state: &str, reason: Option<&Reason>) -> Value {
    json!({
        "agentId": agent_id,
        "action": "agentState",
        "state": {"name": state, "reasonCode": reason},
    })
}

/// `changeAgentState` for one MRD: `{agentId, action:"agentMRDState", state, mrdId}` (§2).
pub fn change_mrd_state(agent_id: &str, mrd_id: &str, state: &str) -> Value {
    json!({"agentId": agent_id, "action": "agentMRDState", "state": state, "mrdId": mrd_id})
}

/// The topic participant `TP` the desk builds for itself (§2). `id` is a fresh UUID;
/// `role` is PRIMARY, ASSISTANT or SILENT_MONITOR.
pub fn topic_participant(
    id: &str,
    user: &KeycloakUser,
    conversation_id: &str,
    role: &str,
) -> Value {
    json!({
        "id": id,
        "type": "AGENT",
        "participant": {
            "id": user.id,
            "participantType": "CCUser",
            "keycloakUser": user,
            "associatedRoutingAttributes": [],
        },
        "token": null,
        "conversationId": conversation_id,
        "role": role,
        "userCredentials": null,
        "state": "SUBSCRIBED",
    })
}

/// `topicSubscription` `{topicParticipant, agentId, conversationId, taskId, roomInfo}` (§2).
/// `task_id` is passed through unchanged (§6.5).
pub fn topic_subscription(
    participant: Value,
    agent_id: &str,
    conversation_id: &str,
    task_id: Option<&str>,
    room_info: Option<&RoomInfo>,
) -> Value {
    json!({
        "topicParticipant": participant,
        "agentId": agent_id,
        "roomInfo": room_info,
        "taskId": task_id,
        "conversationId": conversation_id,
    })
}

/// `topicUnsubscription` (leave): `{conversationId, agentId, roomInfo}` (§2).
pub fn topic_unsubscription(
    conversation_id: &str,
    agent_id: &str,
    room_info: Option<&RoomInfo>,
) -> Value {
    json!({"conversationId": conversation_id, "agentId": agent_id, "roomInfo": room_info})
}

/// `publishCimEvent` `{cimEvent, agentId, conversationId, roomInfo}` (§2). The cim event is
/// sent as an object, as the real desk does.
pub fn publish_cim_event(event: &CimEvent, agent_id: &str) -> Value {
    #[derive(Serialize)]
    struct Publish<'a> {
        #[serde(rename = "cimEvent")]
        cim_event: &'a CimEvent,
        #[serde(rename = "agentId")]
        agent_id: &'a str,
        #[serde(rename = "conversationId")]
        conversation_id: Option<&'a str>,
        #[serde(rename = "roomInfo")]
        room_info: Option<&'a RoomInfo>,
    }
    serde_json::to_value(Publish {
        cim_event: event,
        agent_id,
        conversation_id: event.conversation_id.as_deref(),
        room_info: event.room_info.as_ref(),
    })
    .unwrap_or(Value::Null)
}

/// What the desk knows about a conversation when it writes into it.
#[derive(Debug, Clone)]
pub struct ConversationContext<'a> {
    pub conversation_id: &'a str,
    pub room_info: Option<&'a RoomInfo>,
    /// The customer's channel session (from `taskRequest` / `topicData`), passed through.
    pub channel_session: &'a Value,
    /// `topicData.customer`.
    pub customer: &'a Value,
}

/// The agent as a CIM sender: `{id, senderName, type:"AGENT", additionalDetail:{firstName, lastName}}`.
pub fn agent_sender(user: &KeycloakUser) -> Sender {
    Sender {
        id: user.id.clone(),
        kind: "AGENT".into(),
        sender_name: Some(user.username.clone()),
        additional_detail: json!({
            "firstName": user.first_name.clone().unwrap_or_default(),
            "lastName": user.last_name.clone().unwrap_or_default(),
        }),
        extra: Default::default(),
    }
}

/// An `AGENT_MESSAGE` CIM event with a PLAIN body, shaped as in §4. `event_id` and
/// `message_id` are fresh UUIDs chosen by the caller; the echo carries `message_id` back.
/// `now_ms`: epoch ms UTC.
pub fn agent_message(
    ctx: &ConversationContext<'_>,
    user: &KeycloakUser,
    event_id: &str,
    message_id: &str,
    now_ms: i64,
    text: &str,
) -> CimEvent {
    let sender = agent_sender(user);
    let header = MessageHeader {
        timestamp: Some(Timestamp::Millis(now_ms)),
        sender: Some(sender.clone()),
        channel_data: ctx
            .channel_session
            .get("channelData")
            .cloned()
            .unwrap_or(Value::Null),
        intent: None,
        original_message_id: None,
        conversation_id: Some(ctx.conversation_id.to_string()),
        room_id: ctx.room_info.map(|r| r.id.clone()),
        channel_session_id: ctx
            .channel_session
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_string),
        customer: ctx.customer.clone(),
        extra: Default::default(),
    };
    let message = CimMessage {
        id: message_id.to_string(),
        header,
        body: MessageBody {
            kind: "PLAIN".into(),
            markdown_text: Some(text.to_string()),
            fields: Default::default(),
        },
    };
    CimEvent {
        id: event_id.to_string(),
        name: "AGENT_MESSAGE".into(),
        kind: Some("MESSAGE".into()),
        conversation_id: Some(ctx.conversation_id.to_string()),
        room_info: ctx.room_info.cloned(),
        timestamp: Some(Timestamp::Millis(now_ms)),
        data: serde_json::to_value(message).unwrap_or(Value::Null),
        channel_session: ctx.channel_session.clone(),
        event_emitter: serde_json::to_value(sender).unwrap_or(Value::Null),
    }
}
