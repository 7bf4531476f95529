//! Payloads the desk emits (PROTOCOL.md §2, §4). Builders are pure: ids and the clock are
//! parameters, so tests can compare them field for field with the fixtures.

use serde::Serialize;
use serde_json::{json, Value};

use super::cim::{names, CimEvent, CimMessage, MessageBody, MessageHeader, Sender, TYPING_STARTED};
use super::common::{RoomInfo, Timestamp};
use super::login::{KeycloakUser, Reason};

/// `changeAgentState` for the agent state:
/// `{agentId, action:"agentState", state:{name, reasonCode}}`. READY ⇒ `reasonCode: null`;
/// NOT_READY/LOGOUT carry **the whole reason record** from `/unified-admin/reasons` as
/// received (`{id, name, type, code, description, isDeleted, createdAt, updatedAt}`, §2,
/// §6.7, §7.2). LOGOUT without a reason **omits** `reasonCode` (`{"name":"LOGOUT"}`, what
/// ExpertFlow's own desk sends, §7.2).
pub fn change_agent_state(agent_id: &str, state: &str, reason: Option<&Reason>) -> Value {
    let state = match reason {
        None if state == "LOGOUT" => json!({"name": state}),
        reason => json!({"name": state, "reasonCode": reason}),
    };
    json!({"agentId": agent_id, "action": "agentState", "state": state})
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

/// `publishCimEvent` `{cimEvent, agentId, conversationId, roomInfo}` (§2) for a CIM event
/// built as raw JSON (the notifications whose exact shape the real desk sends:
/// `RESET_AGENT_SLA`, `HAND_RAISED` / `HAND_DOWN`).
pub fn publish_raw_cim_event(
    event: Value,
    agent_id: &str,
    conversation_id: &str,
    room_info: Option<&RoomInfo>,
) -> Value {
    json!({
        "cimEvent": event,
        "agentId": agent_id,
        "conversationId": conversation_id,
        "roomInfo": room_info,
    })
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

/// The header of a message the agent writes: `{timestamp, sender, channelData, intent:null,
/// conversationId, roomId, channelSessionId, customer}` (§4). `now_ms`: epoch ms UTC.
fn agent_header(ctx: &ConversationContext<'_>, user: &KeycloakUser, now_ms: i64) -> MessageHeader {
    MessageHeader {
        timestamp: Some(Timestamp::Millis(now_ms)),
        sender: Some(agent_sender(user)),
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
    }
}

/// Wraps `message` into a CIM event `{id, name, type, conversationId, roomInfo, timestamp,
/// data, channelSession, eventEmitter}` emitted by the agent.
fn agent_event(
    ctx: &ConversationContext<'_>,
    user: &KeycloakUser,
    event_id: &str,
    now_ms: i64,
    name: &str,
    kind: &str,
    message: CimMessage,
) -> CimEvent {
    CimEvent {
        id: event_id.to_string(),
        name: name.to_string(),
        kind: Some(kind.to_string()),
        conversation_id: Some(ctx.conversation_id.to_string()),
        room_info: ctx.room_info.cloned(),
        timestamp: Some(Timestamp::Millis(now_ms)),
        data: serde_json::to_value(message).unwrap_or(Value::Null),
        channel_session: ctx.channel_session.clone(),
        event_emitter: serde_json::to_value(agent_sender(user)).unwrap_or(Value::Null),
        message_data: None,
    }
}

/// A message body `{type, markdownText, ...fields}`.
fn body(kind: &str, markdown_text: &str, fields: Value) -> MessageBody {
    MessageBody {
        kind: kind.to_string(),
        markdown_text: Some(markdown_text.to_string()),
        fields: match fields {
            Value::Object(map) => map,
            _ => Default::default(),
        },
    }
}

/// An `AGENT_MESSAGE` CIM event with a PLAIN body, shaped as in §4. `event_id` and
/// `message_id` are fresh UUIDs chosen by the caller; the echo carries `message_id` back.
/// `now_ms`: epoch ms UTC. Fixture: `publishCimEvent.agent_message.json`.
pub fn agent_message(
    ctx: &ConversationContext<'_>,
    user: &KeycloakUser,
    event_id: &str,
    message_id: &str,
    now_ms: i64,
    text: &str,
) -> CimEvent {
    let message = CimMessage {
        id: message_id.to_string(),
        header: agent_header(ctx, user, now_ms),
        body: body("PLAIN", text, Value::Null),
    };
    agent_event(
        ctx,
        user,
        event_id,
        now_ms,
        names::AGENT_MESSAGE,
        "MESSAGE",
        message,
    )
}

/// A `WHISPER_MESSAGE` / MESSAGE: agent-to-agent text that never reaches the customer (§4;
/// fixture `cimEvent.whisper_encoded.json`). Shaped like [`agent_message`], with the
/// fixture's extra header fields: `header.channelSession` (the conversation's channel
/// session) and `header.additionalData: {isEncoded: false}`. The text is sent plain: a 4.x
/// server and desk do not decode base64, and a 5.x desk reads `isEncoded: false`.
pub fn whisper_message(
    ctx: &ConversationContext<'_>,
    user: &KeycloakUser,
    event_id: &str,
    message_id: &str,
    now_ms: i64,
    text: &str,
) -> CimEvent {
    let mut header = agent_header(ctx, user, now_ms);
    header
        .extra
        .insert("additionalData".into(), json!({"isEncoded": false}));
    header
        .extra
        .insert("channelSession".into(), ctx.channel_session.clone());
    let message = CimMessage {
        id: message_id.to_string(),
        header,
        body: body("PLAIN", text, Value::Null),
    };
    agent_event(
        ctx,
        user,
        event_id,
        now_ms,
        names::WHISPER_MESSAGE,
        "MESSAGE",
        message,
    )
}

/// A reply: like [`agent_message`], with `header.intent: "REPLY_TO"` and
/// `header.originalMessageId` = the CIM message id replied to (§4).
pub fn agent_reply(
    ctx: &ConversationContext<'_>,
    user: &KeycloakUser,
    event_id: &str,
    message_id: &str,
    now_ms: i64,
    text: &str,
    original_message_id: &str,
) -> CimEvent {
    let mut event = agent_message(ctx, user, event_id, message_id, now_ms, text);
    if let Some(header) = event.data.get_mut("header").and_then(Value::as_object_mut) {
        header.insert("intent".into(), Value::from("REPLY_TO"));
        header.insert("originalMessageId".into(), Value::from(original_message_id));
    }
    event
}

/// A `TYPING_INDICATOR` / NOTIFICATION event with body `{type:"NOTIFICATION",
/// notificationType:"TYPING_STARTED", markdownText:""}` (§4). Send at most once per 3 s.
/// Fixture: `publishCimEvent.typing.json`.
pub fn typing_indicator(
    ctx: &ConversationContext<'_>,
    user: &KeycloakUser,
    event_id: &str,
    message_id: &str,
    now_ms: i64,
) -> CimEvent {
    let message = CimMessage {
        id: message_id.to_string(),
        header: agent_header(ctx, user, now_ms),
        body: body(
            "NOTIFICATION",
            "",
            json!({"notificationType": TYPING_STARTED}),
        ),
    };
    agent_event(
        ctx,
        user,
        event_id,
        now_ms,
        names::TYPING_INDICATOR,
        "NOTIFICATION",
        message,
    )
}

/// A read receipt: `MESSAGE_DELIVERY_NOTIFICATION` / NOTIFICATION with body
/// `{type:"DELIVERYNOTIFICATION", markdownText:"", messageId, status:"READ", reasonCode:200}`
/// for the customer message `read_message_id` (§4). Not to be sent in SILENT_MONITOR or
/// ASSISTANT role. As the real desk does, `header.timestamp` is `""`, `header.channelData`
/// holds only `channelCustomerIdentifier` and `serviceIdentifier` (taken from the channel
/// session's `channelData`), and the header carries empty `language`, `securityInfo`,
/// `stamps`, `entities`; `now_ms` is the event timestamp.
/// Fixture: `publishCimEvent.read_receipt.json`.
pub fn read_receipt(
    ctx: &ConversationContext<'_>,
    user: &KeycloakUser,
    event_id: &str,
    message_id: &str,
    now_ms: i64,
    read_message_id: &str,
) -> CimEvent {
    let mut header = agent_header(ctx, user, now_ms);
    header.timestamp = Some(Timestamp::Text(String::new()));
    let channel_data = ctx.channel_session.get("channelData");
    let pick = |key: &str| {
        channel_data
            .and_then(|d| d.get(key))
            .cloned()
            .unwrap_or(Value::Null)
    };
    header.channel_data = json!({
        "channelCustomerIdentifier": pick("channelCustomerIdentifier"),
        "serviceIdentifier": pick("serviceIdentifier"),
    });
    for (key, value) in [
        ("language", json!({})),
        ("securityInfo", json!({})),
        ("stamps", json!([])),
        ("entities", json!({})),
    ] {
        header.extra.insert(key.to_string(), value);
    }
    let message = CimMessage {
        id: message_id.to_string(),
        header,
        body: body(
            "DELIVERYNOTIFICATION",
            "",
            json!({"messageId": read_message_id, "status": "READ", "reasonCode": 200}),
        ),
    };
    agent_event(
        ctx,
        user,
        event_id,
        now_ms,
        names::MESSAGE_DELIVERY_NOTIFICATION,
        "NOTIFICATION",
        message,
    )
}

/// A file the agent sends, already uploaded to the file engine (see
/// `RestClient::upload_file`, `RestClient::download_url`).
#[derive(Debug, Clone, Copy)]
pub struct FileAttachment<'a> {
    /// Download URL: `{file-engine}/api/downloadFileStream?filename=<name>`.
    pub media_url: &'a str,
    /// e.g. `image/png`.
    pub mime_type: &'a str,
    /// Bytes.
    pub size: u64,
    /// The file engine's name for the file (the upload answer's `name`).
    pub name: &'a str,
}

/// An `AGENT_MESSAGE` with a file body, `kind` = `FILE`, `IMAGE`, `VIDEO` or `AUDIO`:
/// `{type, markdownText:"", caption, additionalDetails:{fileName}, attachment:{mediaUrl,
/// mimeType, size, thumbnail:""}}`, the shape of `bodies/FILE.json` / `bodies/IMAGE.json`
/// and of the real desk (which sends `thumbnail: ""`, and for FILE `caption: ""` with the
/// name in `additionalDetails.fileName`; for media it puts the file name in `caption`).
/// \[desk\] no fixture of a desk-built file message exists.
#[allow(clippy::too_many_arguments)] // mirrors the other builders: ids and clock as parameters
pub fn agent_file_message(
    ctx: &ConversationContext<'_>,
    user: &KeycloakUser,
    event_id: &str,
    message_id: &str,
    now_ms: i64,
    kind: &str,
    caption: &str,
    attachment: &FileAttachment<'_>,
) -> CimEvent {
    let message = CimMessage {
        id: message_id.to_string(),
        header: agent_header(ctx, user, now_ms),
        body: body(
            kind,
            "",
            json!({
                "caption": caption,
                "additionalDetails": {"fileName": attachment.name},
                "attachment": {
                    "mediaUrl": attachment.media_url,
                    "mimeType": attachment.mime_type,
                    "size": attachment.size,
                    "thumbnail": "",
                },
            }),
        ),
    };
    agent_event(
        ctx,
        user,
        event_id,
        now_ms,
        names::AGENT_MESSAGE,
        "MESSAGE",
        message,
    )
}

/// The wrap-up `AGENT_MESSAGE` sent inside `closeWrapup`: body `{type:"WRAPUP",
/// markdownText:"", wrapups:[{categoryName, value}], note}` (§2, `bodies/WRAPUP.json`).
/// `categories` are `(categoryName, value)` pairs. Fixture: `closeWrapup.json`.
pub fn wrapup_message(
    ctx: &ConversationContext<'_>,
    user: &KeycloakUser,
    event_id: &str,
    message_id: &str,
    now_ms: i64,
    categories: &[(&str, &str)],
    note: &str,
) -> CimEvent {
    let wrapups: Vec<Value> = categories
        .iter()
        .map(|(category, value)| json!({"categoryName": category, "value": value}))
        .collect();
    let message = CimMessage {
        id: message_id.to_string(),
        header: agent_header(ctx, user, now_ms),
        body: body("WRAPUP", "", json!({"wrapups": wrapups, "note": note})),
    };
    agent_event(
        ctx,
        user,
        event_id,
        now_ms,
        names::AGENT_MESSAGE,
        "MESSAGE",
        message,
    )
}

/// `closeWrapup` `{cimEvent, roomInfo, conversationId, agentId}` (§2, CX 4.5+): `wrapup` is
/// the [`wrapup_message`] event, or `None` to close without wrap-up (`cimEvent: null`).
/// Fixtures: `closeWrapup.json`, `closeWrapup.skip.json`.
pub fn close_wrapup(
    conversation_id: &str,
    agent_id: &str,
    room_info: Option<&RoomInfo>,
    wrapup: Option<&CimEvent>,
) -> Value {
    json!({
        "cimEvent": wrapup,
        "roomInfo": room_info,
        "conversationId": conversation_id,
        "agentId": agent_id,
    })
}

/// `pauseConversation` `{participantId, conversationId, roomInfo, duration, state:"ON_HOLD"}`
/// (§2): hold for `duration_secs` **seconds**, sent as a number (the docs show a string; the
/// real desk sends a number). `participant_id` is the agent's Keycloak id.
/// Fixture: `pauseConversation.json`.
pub fn pause_conversation(
    participant_id: &str,
    conversation_id: &str,
    room_info: Option<&RoomInfo>,
    duration_secs: u64,
) -> Value {
    json!({
        "participantId": participant_id,
        "conversationId": conversation_id,
        "roomInfo": room_info,
        "duration": duration_secs,
        "state": "ON_HOLD",
    })
}

/// `resumeConversation` `{participantId, conversationId, roomInfo, state:"ACTIVE"}` (§2).
/// Fixture: `resumeConversation.json`.
pub fn resume_conversation(
    participant_id: &str,
    conversation_id: &str,
    room_info: Option<&RoomInfo>,
) -> Value {
    json!({
        "participantId": participant_id,
        "conversationId": conversation_id,
        "roomInfo": room_info,
        "state": "ACTIVE",
    })
}

/// `subscribePullModeList` / `unsubscribePullModeList` `{topicParticipant, agentId, listId,
/// list: {id, name, description}}` (PROTOCOL.md §2): the topic participant's
/// `conversationId` is the list id, role PRIMARY. Fixture: `subscribePullModeList.json`.
pub fn pull_mode_list_subscription(
    participant: Value,
    agent_id: &str,
    list: &super::pull::PullModeList,
) -> Value {
    json!({
        "topicParticipant": participant,
        "agentId": agent_id,
        "listId": list.id,
        "list": list.summary(),
    })
}

/// `joinPullModeRequest` `{topicParticipant, agentId, channelSession, requestId}` (§2): the
/// topic participant's `conversationId` is the request's `channelSession.conversationId`, role
/// PRIMARY; the channel session goes back as received. Fixture: `joinPullModeRequest.json`.
pub fn join_pull_mode_request(
    participant: Value,
    agent_id: &str,
    request: &super::pull::PullModeRequest,
) -> Value {
    json!({
        "topicParticipant": participant,
        "agentId": agent_id,
        "channelSession": request.channel_session,
        "requestId": request.id,
    })
}

/// `deletePullModeRequest`: the **bare string** request id, not an object (§2, §6.1; the
/// docs' `{id}` is not what the real desk sends). Fixture: `deletePullModeRequest.json`.
pub fn delete_pull_mode_request(request_id: &str) -> Value {
    Value::String(request_id.to_string())
}
