//! Builders for every payload the simulator puts on the wire, shaped exactly like the
//! fixtures in `tests/fixtures/` (same field names and nesting). Built with
//! `serde_json::json!` on purpose: the simulator shares no types with the client.

use serde_json::{json, Map, Value};

use super::chat::Chat;
use super::ids;

/// The web connector, `header.sender` of every customer message (type CONNECTOR,
/// PROTOCOL.md §4).
const WEB_CONNECTOR_ID: &str = "460df46c-adf9-11ed-afa1-0242ac120002";

/// `errors` `{task, msg}` (`errors.json`).
pub(crate) fn errors(task: &str, msg: &str) -> Value {
    json!({"task": task, "msg": msg})
}

/// `agentPresence` envelope (`agentPresence.state_changed.json` / `.unchanged.json`):
/// `action` is `AGENT_STATE_CHANGED` or `AGENT_STATE_UNCHANGED`, `presence` the inner
/// `agentPresence` object; `correlationId` is a fresh uuid.
pub(crate) fn agent_presence(
    action: &str,
    agent_state_changed: bool,
    mrd_state_changes: &[&str],
    presence: Value,
) -> Value {
    json!({
        "action": action,
        "agentStateChanged": agent_state_changed,
        "mrdStateChanges": mrd_state_changes,
        "agentPresence": presence,
        "correlationId": ids::uuid(),
    })
}

/// `taskRequest` RESERVED inbound chat offer (`taskRequest.reserved.json`, plus the
/// `correlationId` later servers add).
pub(crate) fn task_request_reserved(chat: &Chat) -> Value {
    json!({
        "conversationId": chat.conversation_id,
        "channelSession": chat.channel_session,
        "roomInfo": chat.room_info(),
        "taskId": chat.task_id,
        "taskState": {"name": "RESERVED"},
        "taskDirection": "INBOUND",
        "queue": chat.queue,
        "note": null,
        "requestedBy": null,
        "correlationId": ids::uuid(),
    })
}

/// `taskRequest` RESERVED for a task on an open conversation (a transfer, conference or
/// consult): `taskDirection` `DIRECT_TRANSFER` / `DIRECT_CONFERENCE` / `CONSULT`, the queue
/// (`null` for a request to a named agent), the requester's note and username
/// (`requestedBy`) (`taskRequest.consult_started.json` shape, state RESERVED).
pub(crate) fn task_request(
    chat: &Chat,
    task_id: &str,
    direction: &str,
    queue: Option<(&str, &str)>,
    note: &str,
    requested_by: &str,
) -> Value {
    json!({
        "conversationId": chat.conversation_id,
        "channelSession": chat.channel_session,
        "roomInfo": chat.room_info(),
        "taskId": task_id,
        "taskState": {"name": "RESERVED"},
        "taskDirection": direction,
        "queue": queue.map(|(id, name)| json!({"id": id, "name": name})),
        "note": note,
        "requestedBy": requested_by,
        "correlationId": ids::uuid(),
    })
}

/// `revokeTask` `{conversationId, taskId}` (`revokeTask.json` plus the optional taskId).
pub(crate) fn revoke_task(conversation_id: &str, task_id: &str) -> Value {
    json!({"conversationId": conversation_id, "taskId": task_id})
}

/// `topicUnsubscription` after a transfer: reason `CHAT TRANSFERRED`, with `roomInfo`
/// (`topicUnsubscription.transferred.json`).
pub(crate) fn topic_unsubscription_transferred(chat: &Chat) -> Value {
    json!({
        "task": "topicUnsubscription",
        "conversationId": chat.conversation_id,
        "statusCode": 200,
        "roomInfo": chat.room_info(),
        "reason": "CHAT TRANSFERRED",
    })
}

/// `agentAssistanceRequestPlaced` `{requestAction, mode}` (`agentAssistanceRequestPlaced.json`):
/// `action` `transfer` or `conference`, `mode` `queue` or `agent`.
pub(crate) fn assistance_request_placed(action: &str, mode: &str) -> Value {
    json!({"requestAction": action, "mode": mode})
}

/// `agentAssignedForAssistance` `{conversationId, task, type}` (PROTOCOL.md §3): `kind`
/// `consult` or `direct-transfer`; `task` \[guess\] `{id, assignedTo: {id, name}}`.
pub(crate) fn agent_assigned(
    conversation_id: &str,
    kind: &str,
    task_id: &str,
    agent_id: &str,
    name: &str,
) -> Value {
    json!({
        "conversationId": conversation_id,
        "task": {"id": task_id, "assignedTo": {"id": agent_id, "name": name}},
        "type": kind,
    })
}

/// `consulTransferRequestSuccess` `{conversationId, newTask, agentId}` (PROTOCOL.md §3, sic).
pub(crate) fn consult_transfer_success(
    conversation_id: &str,
    task_id: &str,
    agent_id: &str,
) -> Value {
    json!({"conversationId": conversation_id, "newTask": {"id": task_id}, "agentId": agent_id})
}

/// The routing engine's SYSTEM emitter (`cimEvent.task_enqueued.json`).
fn routing_engine() -> Value {
    system_emitter("ROUTING_ENGINE")
}

/// `TASK_ENQUEUED` for a transfer / conference / consult into `queue`
/// (`cimEvent.task_enqueued.json`, trimmed): `data {task: {id, conversationId, state,
/// assignedTo, activeMedia: [{id, mrdId, taskId, queue, type: {direction, mode,
/// metadata: {offerToAgent, requestedBy}}, priority, state: "QUEUED", enqueueTime}]},
/// queue}`.
pub(crate) fn assist_task_enqueued(
    chat: &Chat,
    task_id: &str,
    direction: &str,
    queue: (&str, &str),
    requested_by: &str,
    ms: i64,
) -> Value {
    let (task, media) = task_id.split_once(':').unwrap_or((task_id, task_id));
    let queue = json!({"id": queue.0, "name": queue.1});
    let data = json!({
        "task": {
            "id": task,
            "conversationId": chat.conversation_id,
            "state": {"name": "ACTIVE", "reasonCode": null},
            "assignedTo": null,
            "activeMedia": [{
                "id": media,
                "mrdId": super::mrd::CHAT.id,
                "taskId": task,
                "queue": queue,
                "type": {"direction": direction, "mode": "QUEUE",
                         "metadata": {"offerToAgent": true, "requestedBy": requested_by}},
                "priority": 1,
                "state": "QUEUED",
                "enqueueTime": ms,
                "answerTime": 0,
            }],
        },
        "queue": queue,
    });
    cim_event(
        chat,
        "TASK_ENQUEUED",
        "NOTIFICATION",
        routing_engine(),
        data,
        ms,
    )
}

/// `NO_AGENT_AVAILABLE` for a request nobody can take: `data {requestType: {mode:
/// "queue"|"agent", direction}, queue}` \[desk\] (the web desk reads `requestType`).
pub(crate) fn assist_no_agent(
    chat: &Chat,
    mode: &str,
    direction: &str,
    queue: Option<&str>,
    ms: i64,
) -> Value {
    let data = json!({
        "requestType": {"mode": mode, "direction": direction},
        "queue": queue,
        "conversationId": chat.conversation_id,
    });
    cim_event(
        chat,
        "NO_AGENT_AVAILABLE",
        "NOTIFICATION",
        routing_engine(),
        data,
        ms,
    )
}

/// `PARTICIPANT_ROLE_CHANGED` for `participant` (its new `role` set)
/// (`cimEvent.participant_role_changed.json`: `data {conversationParticipant, metadata}`,
/// emitted by the agent whose role changed).
pub(crate) fn participant_role_changed(
    chat: &Chat,
    agent_id: &str,
    username: &str,
    participant: &Value,
    ms: i64,
) -> Value {
    let data = json!({"conversationParticipant": participant, "metadata": {}});
    cim_event(
        chat,
        "PARTICIPANT_ROLE_CHANGED",
        "NOTIFICATION",
        agent_emitter(agent_id, username),
        data,
        ms,
    )
}

/// `AGENT_UNSUBSCRIBED` for `participant` with `reason` (shaped like AGENT_SUBSCRIBED,
/// `cimEvent.agent_subscribed.json`).
pub(crate) fn agent_unsubscribed(
    chat: &Chat,
    agent_id: &str,
    username: &str,
    participant: &Value,
    reason: &str,
    ms: i64,
) -> Value {
    let data = json!({"agentParticipant": participant, "reason": reason});
    cim_event(
        chat,
        "AGENT_UNSUBSCRIBED",
        "NOTIFICATION",
        agent_emitter(agent_id, username),
        data,
        ms,
    )
}

/// A topic participant the simulator builds for one of its simulated agents (the `TP` shape
/// of PROTOCOL.md §2, `keycloak_user` being that agent's KU).
pub(crate) fn agent_topic_participant(
    agent_id: &str,
    keycloak_user: &Value,
    conversation_id: &str,
    role: &str,
) -> Value {
    json!({
        "id": ids::uuid(),
        "type": "AGENT",
        "participant": {
            "id": agent_id,
            "participantType": "CCUser",
            "keycloakUser": keycloak_user,
            "associatedRoutingAttributes": [],
        },
        "token": null,
        "conversationId": conversation_id,
        "role": role,
        "userCredentials": null,
        "state": "SUBSCRIBED",
    })
}

/// A message from a simulated agent: `AGENT_MESSAGE` (to everyone) or `WHISPER_MESSAGE`
/// (agents only), PLAIN, sender `{id, senderName, type: AGENT, additionalDetail: {firstName,
/// lastName}}` (`publishCimEvent.agent_message.json` / `cimEvent.whisper_encoded.json`
/// shapes, not encoded).
pub(crate) fn agent_text(
    chat: &Chat,
    name: &str,
    agent_id: &str,
    user: &super::users::DemoUser,
    text: &str,
    ms: i64,
) -> Value {
    let sender = json!({
        "id": agent_id,
        "senderName": user.username,
        "type": "AGENT",
        "additionalDetail": {"firstName": user.first_name, "lastName": user.last_name},
    });
    let mut h = header(chat, sender.clone(), ms);
    h.insert("additionalData".into(), json!({"isEncoded": false}));
    let data = json!({"id": ids::uuid(), "header": h, "body": plain_body(text)});
    cim_event(chat, name, "MESSAGE", sender, data, ms)
}

/// `socketSessionRemoved` `{agentId}` (`socketSessionRemoved.json`).
pub(crate) fn socket_session_removed(agent_id: &str) -> Value {
    json!({"agentId": agent_id})
}

/// `topicUnsubscription` sent to the agent that left (`topicUnsubscription.received.json`:
/// no roomInfo).
pub(crate) fn topic_unsubscription(conversation_id: &str, reason: &str) -> Value {
    json!({
        "task": "topicUnsubscription",
        "conversationId": conversation_id,
        "statusCode": 200,
        "reason": reason,
    })
}

/// `onCimEvent` `{cimEvent: <JSON string>, conversationId, roomInfo}`
/// (`onCimEvent.customer_message.string.json`: real servers send the event as a string).
pub(crate) fn on_cim_event(event: &Value, conversation_id: &str, room_info: Value) -> Value {
    json!({
        "cimEvent": event.to_string(),
        "conversationId": conversation_id,
        "roomInfo": room_info,
    })
}

/// Id of the demo channel's bot (`header.sender.id` of its BOT_MESSAGEs).
const BOT_ID: &str = "6630b1f2c1d4e5f6a7b8c0b1";
/// Id of the simulated AM's system sender (`eventEmitter.id` of system notifications).
const SYSTEM_ID: &str = "86e3d082-a904-11ed-afa1-0242ac120002";

/// The customer as `eventEmitter` of the events the customer causes
/// (`cimEvent.typing_indicator.json`).
pub(crate) fn customer_emitter(chat: &Chat) -> Value {
    json!({
        "id": chat.customer_id(),
        "type": "CUSTOMER",
        "senderName": chat.customer_name,
        "additionalDetail": {"web": [chat.customer_identifier]},
    })
}

/// The web connector as `header.sender` of customer messages.
fn connector_sender() -> Value {
    json!({
        "id": WEB_CONNECTOR_ID,
        "type": "CONNECTOR",
        "senderName": "WEB_CONNECTOR",
        "additionalDetail": null,
    })
}

/// The demo bot, as `header.sender` and `eventEmitter` (`bodies/BUTTON.json`).
fn bot_sender() -> Value {
    json!({"id": BOT_ID, "type": "BOT", "senderName": "Demo Bot", "additionalDetail": null})
}

/// A SYSTEM `eventEmitter` named `name` (e.g. `CONVERSATION_MANAGER`), as CX's
/// system-generated events carry.
pub(crate) fn system_emitter(name: &str) -> Value {
    json!({"id": SYSTEM_ID, "type": "SYSTEM", "senderName": name, "additionalDetail": null})
}

/// An AGENT `eventEmitter` (as in `cimEvent.agent_subscribed.json`).
pub(crate) fn agent_emitter(agent_id: &str, username: &str) -> Value {
    json!({"id": agent_id, "type": "AGENT", "senderName": username, "additionalDetail": null})
}

/// A server-side CimMessage `header` (the header of `bodies/*.json`) from `sender` at `ms`.
fn header(chat: &Chat, sender: Value, ms: i64) -> Map<String, Value> {
    let mut h = Map::new();
    h.insert("sender".into(), sender);
    h.insert("channelData".into(), chat.channel_data.clone());
    h.insert("language".into(), json!({}));
    h.insert("timestamp".into(), json!(ms));
    h.insert("securityInfo".into(), json!({}));
    h.insert("stamps".into(), json!([]));
    h.insert("intent".into(), Value::Null);
    h.insert("entities".into(), Value::Null);
    h.insert("channelSessionId".into(), json!(chat.channel_session_id));
    h.insert("conversationId".into(), json!(chat.conversation_id));
    h.insert("customer".into(), chat.customer.clone());
    h.insert("originalMessageId".into(), Value::Null);
    h.insert("providerMessageId".into(), Value::Null);
    h.insert("roomId".into(), json!(chat.room_id));
    h.insert("schedulingMetaData".into(), Value::Null);
    h
}

/// A CimEvent `{id, name, type, timestamp, conversationId, eventEmitter, channelSession,
/// data, roomInfo}` (PROTOCOL.md §4) at `ms` (live form: epoch ms number).
fn cim_event(chat: &Chat, name: &str, kind: &str, emitter: Value, data: Value, ms: i64) -> Value {
    json!({
        "id": ids::object_id(),
        "name": name,
        "type": kind,
        "timestamp": ms,
        "conversationId": chat.conversation_id,
        "eventEmitter": emitter,
        "channelSession": chat.channel_session,
        "data": data,
        "roomInfo": chat.room_info(),
    })
}

/// A CimEvent from the customer through the web connector carrying a CimMessage with
/// `body`; `header_extra` entries are added to (or replace) the header's. Shaped like
/// the event in `onCimEvent.customer_message.string.json` (and, for the other names,
/// `cimEvent.typing_indicator.json`, `cimEvent.delivery_notification.json`).
fn customer_event(
    chat: &Chat,
    name: &str,
    kind: &str,
    body: Value,
    header_extra: Map<String, Value>,
    ms: i64,
) -> Value {
    let mut h = header(chat, connector_sender(), ms);
    h.extend(header_extra);
    let data = json!({"id": ids::uuid(), "header": h, "body": body});
    cim_event(chat, name, kind, customer_emitter(chat), data, ms)
}

/// A live CUSTOMER_MESSAGE CimEvent with a PLAIN body, written at `ms` (epoch ms number,
/// as in live events). Shaped like the event inside
/// `onCimEvent.customer_message.string.json`.
pub(crate) fn customer_message(chat: &Chat, text: &str, ms: i64) -> Value {
    customer_event(
        chat,
        "CUSTOMER_MESSAGE",
        "MESSAGE",
        plain_body(text),
        Map::new(),
        ms,
    )
}

/// A live CUSTOMER_MESSAGE whose PLAIN `markdownText` is `text` base64-encoded, with
/// `header.additionalData: {isEncoded: true}` (PROTOCOL.md §4; the header field as in
/// `cimEvent.whisper_encoded.json`).
pub(crate) fn customer_message_encoded(chat: &Chat, text: &str, ms: i64) -> Value {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut extra = Map::new();
    extra.insert("additionalData".into(), json!({"isEncoded": true}));
    customer_event(
        chat,
        "CUSTOMER_MESSAGE",
        "MESSAGE",
        plain_body(&encoded),
        extra,
        ms,
    )
}

/// A live CUSTOMER_MESSAGE with any `body` (IMAGE, FILE, LOCATION, CONTACT, URL, …).
pub(crate) fn customer_message_with(chat: &Chat, body: Value, ms: i64) -> Value {
    customer_event(chat, "CUSTOMER_MESSAGE", "MESSAGE", body, Map::new(), ms)
}

/// The customer is typing: TYPING_INDICATOR / NOTIFICATION with body `{type:
/// "NOTIFICATION", markdownText: "", notificationType: "TYPING_STARTED"}`
/// (`cimEvent.typing_indicator.json`).
pub(crate) fn typing_indicator(chat: &Chat, ms: i64) -> Value {
    customer_event(
        chat,
        "TYPING_INDICATOR",
        "NOTIFICATION",
        json!({"type": "NOTIFICATION", "markdownText": "", "notificationType": "TYPING_STARTED"}),
        Map::new(),
        ms,
    )
}

/// The customer stopped typing: like [`typing_indicator`] with `notificationType:
/// "TYPING_STOPPED"` (\[guess\] PROTOCOL.md §4 shows only TYPING_STARTED; desks that do
/// not know it ignore the event).
pub(crate) fn typing_stopped(chat: &Chat, ms: i64) -> Value {
    customer_event(
        chat,
        "TYPING_INDICATOR",
        "NOTIFICATION",
        json!({"type": "NOTIFICATION", "markdownText": "", "notificationType": "TYPING_STOPPED"}),
        Map::new(),
        ms,
    )
}

/// MESSAGE_DELIVERY_NOTIFICATION / NOTIFICATION from the customer's connector for the
/// message whose `data.id` is `message_id`; `status` is `DELIVERED`, `READ` or `FAILED`
/// (`cimEvent.delivery_notification.json`: `reasonCode` the string `"200"`,
/// `header.providerMessageId` = `messageId`).
pub(crate) fn delivery_notification(chat: &Chat, message_id: &str, status: &str, ms: i64) -> Value {
    let mut extra = Map::new();
    extra.insert("providerMessageId".into(), json!(message_id));
    customer_event(
        chat,
        "MESSAGE_DELIVERY_NOTIFICATION",
        "NOTIFICATION",
        json!({
            "type": "DELIVERYNOTIFICATION",
            "messageId": message_id,
            "status": status,
            "markdownText": "",
            "reasonCode": "200",
        }),
        extra,
        ms,
    )
}

/// A BOT_MESSAGE / MESSAGE from the demo bot with `body` (e.g. a BUTTON list,
/// `bodies/BUTTON.json`). \[guess\] PROTOCOL.md names no event for bot messages; CX uses
/// `BOT_MESSAGE`, and a desk must render any name anyway.
pub(crate) fn bot_message(chat: &Chat, body: Value, ms: i64) -> Value {
    let data = json!({"id": ids::uuid(), "header": header(chat, bot_sender(), ms), "body": body});
    cim_event(chat, "BOT_MESSAGE", "MESSAGE", bot_sender(), data, ms)
}

/// A BOT_SUGGESTION / SUGGESTION from the demo bot for the customer message `requested`
/// (its whole CimMessage, as `data.requestedMessage`): `suggestions` as `(text, confidence
/// 0–1)`, each `{messageBody: {type: "PLAIN", markdownText}, confidenceLevel}` (shaped like
/// `cimEvent.bot_suggestion.json`).
pub(crate) fn bot_suggestion(
    chat: &Chat,
    requested: &Value,
    suggestions: &[(&str, f64)],
    ms: i64,
) -> Value {
    let list: Vec<Value> = suggestions
        .iter()
        .map(|(text, confidence)| {
            json!({"messageBody": {"type": "PLAIN", "markdownText": text}, "confidenceLevel": confidence})
        })
        .collect();
    let data = json!({
        "id": ids::uuid(),
        "header": header(chat, bot_sender(), ms),
        "suggestions": list,
        "requestedMessage": requested,
    });
    cim_event(chat, "BOT_SUGGESTION", "SUGGESTION", bot_sender(), data, ms)
}

/// A NOTIFICATION CimEvent `name` from `emitter` with free-form `data` (system lines such
/// as CONVERSATION_PAUSED, CUSTOMER_LEFT, CONVERSATION_DATA_CHANGED; PROTOCOL.md §4).
pub(crate) fn notification(chat: &Chat, name: &str, emitter: Value, data: Value, ms: i64) -> Value {
    cim_event(chat, name, "NOTIFICATION", emitter, data, ms)
}

/// `TASK_ENQUEUED` / NOTIFICATION from the `ROUTING_ENGINE`: the chat's task waits in
/// its queue. Data `{task, queue}` shaped like `cimEvent.task_enqueued.json` (without the
/// channel sessions repeated inside `activeMedia`); the task's id is the first half of
/// the composite task id, the media's the second (PROTOCOL.md gotcha 5). `ahead` is how
/// many chats wait in front of it. \[sim\] `ahead` is `data.task.activeMedia[0].position`,
/// a field of the simulator's own (tolerated as unknown by desks).
pub(crate) fn task_enqueued(chat: &Chat, ahead: usize, ms: i64) -> Value {
    let (task_id, media_id) = chat
        .task_id
        .split_once(':')
        .unwrap_or((chat.task_id.as_str(), chat.task_id.as_str()));
    let priority = chat.channel_data["requestPriority"].clone();
    let data = json!({
        "task": {
            "id": task_id,
            "conversationId": chat.conversation_id,
            "state": {"name": "ACTIVE", "reasonCode": null},
            "assignedTo": null,
            "activeMedia": [{
                "id": media_id,
                "mrdId": super::mrd::CHAT.id,
                "taskId": task_id,
                "queue": chat.queue,
                "type": {"direction": "INBOUND", "mode": "QUEUE", "metadata": {"offerToAgent": true}},
                "priority": priority,
                "state": "QUEUED",
                "enqueueTime": ms,
                "answerTime": 0,
                "position": ahead,
            }],
        },
        "queue": chat.queue,
    });
    notification(
        chat,
        "TASK_ENQUEUED",
        system_emitter("ROUTING_ENGINE"),
        data,
        ms,
    )
}

/// `NO_AGENT_AVAILABLE` / NOTIFICATION from the `ROUTING_ENGINE`: nobody can take the
/// chat now (it stays queued). \[guess\] PROTOCOL.md §4 names the event only; data
/// `{requestType: {mode: "QUEUE", direction: "INBOUND"}, queue}` (the desk reads
/// `requestType`).
pub(crate) fn no_agent_available(chat: &Chat, ms: i64) -> Value {
    let data = json!({
        "requestType": {"mode": "QUEUE", "direction": "INBOUND"},
        "queue": chat.queue,
    });
    notification(
        chat,
        "NO_AGENT_AVAILABLE",
        system_emitter("ROUTING_ENGINE"),
        data,
        ms,
    )
}

/// `GET /file-engine/api/downloadFileStream?filename=NAME` on `origin` (e.g.
/// `http://127.0.0.1:PORT`), the `mediaUrl` of the simulator's attachments.
pub(crate) fn download_url(origin: &str, name: &str) -> String {
    let name: String = url::form_urlencoded::byte_serialize(name.as_bytes()).collect();
    format!("{origin}/file-engine/api/downloadFileStream?filename={name}")
}

/// A PLAIN body.
pub(crate) fn plain_body(text: &str) -> Value {
    json!({"type": "PLAIN", "markdownText": text})
}

/// An IMAGE or FILE body (`bodies/IMAGE.json`, `bodies/FILE.json`): `kind` is the body
/// type, `size` in bytes, `sent_secs` the `additionalDetails.timestamp` (epoch seconds, as
/// a string). FILE bodies also carry `additionalDetails.fileName`.
pub(crate) fn attachment_body(
    kind: &str,
    url: &str,
    caption: &str,
    mime: &str,
    size: usize,
    file_name: &str,
    sent_secs: i64,
) -> Value {
    let mut details = json!({"timestamp": sent_secs.to_string()});
    if kind == "FILE" {
        details["fileName"] = json!(file_name);
    }
    json!({
        "type": kind,
        "caption": caption,
        "attachment": {"mediaUrl": url, "thumbnail": null, "mimeType": mime, "size": size},
        "markdownText": null,
        "additionalDetails": details,
    })
}

/// A LOCATION body (`bodies/LOCATION.json`).
pub(crate) fn location_body(latitude: f64, longitude: f64, name: &str, address: &str) -> Value {
    json!({
        "type": "LOCATION",
        "location": {"latitude": latitude, "longitude": longitude},
        "markdownText": null,
        "additionalDetails": {"name": name, "address": address, "url": null},
    })
}

/// A CONTACT body with one contact (`bodies/CONTACT.json`).
pub(crate) fn contact_body(first: &str, last: &str, phone: &str, email: &str) -> Value {
    json!({
        "type": "CONTACT",
        "markdownText": null,
        "additionalDetails": null,
        "contacts": [{
            "name": {
                "formattedName": format!("{first} {last}"),
                "additionalNameDetails": {
                    "first_name": first,
                    "last_name": last,
                    "middle_name": null,
                    "name_suffix": null,
                    "name-prefix": null,
                },
            },
            "phones": [{"phone": phone, "additionalPhoneDetails": {"type": "CELL", "wa_id": null}}],
            "additionalContactDetails": {
                "addresses": [{
                    "street": "Elm Road 12",
                    "city": "Springfield",
                    "state": null,
                    "zip": "12345",
                    "country": "United States",
                    "country_code": "us",
                    "type": "HOME",
                }],
                "emails": [{"email": email, "type": "INTERNET"}],
                "org": {"company": null, "department": null, "title": null},
                "urls": [],
                "ims": [],
                "birthday": null,
            },
        }],
    })
}

/// A URL body (`bodies/URL.json`).
pub(crate) fn url_body(text: &str, url: &str) -> Value {
    json!({"type": "URL", "markdownText": text, "mediaUrl": url})
}

/// A BUTTON list body (`bodies/BUTTON.json`): `buttons` are `(title, payload)`.
pub(crate) fn button_body(header: &str, text: &str, buttons: &[(&str, &str)]) -> Value {
    json!({
        "type": "BUTTON",
        "buttonMessageType": "BUTTON",
        "markdownText": null,
        "additionalDetails": {
            "interactive": {
                "type": "list",
                "button": "Main Menu",
                "header": {"type": "text", "text": header},
                "body": {"text": text},
            },
        },
        "buttons": buttons.iter().map(|(title, payload)| json!({
            "title": title,
            "payload": payload,
            "type": "String",
            "additionalButtonDetails": {"sectionNo": 1, "sectionTitle": "Main Menu"},
        })).collect::<Vec<_>>(),
    })
}

/// `wrapupTimerStarted` `{task, duration, conversationId, roomInfo, statusCode}`
/// (`wrapupTimerStarted.json`): `duration_ms` goes on the wire as a **string** of
/// milliseconds (PROTOCOL.md §3, gotcha 6).
pub(crate) fn wrapup_timer_started(
    conversation_id: &str,
    duration_ms: u64,
    room_info: Value,
) -> Value {
    json!({
        "task": "wrapupTimerStarted",
        "duration": duration_ms.to_string(),
        "conversationId": conversation_id,
        "roomInfo": room_info,
        "statusCode": 200,
    })
}

/// `topicClosed` `{task, conversationId, statusCode}` (`topicClosed.json`).
pub(crate) fn topic_closed(conversation_id: &str) -> Value {
    json!({"task": "topicClosed", "conversationId": conversation_id, "statusCode": 200})
}

/// The agent's topic participant as the server keeps it: the desk's TP plus `joiningTime`
/// (ms), `isActive` and `stateChangedOn` (`cimEvent.agent_subscribed.json`).
pub(crate) fn joined_participant(tp: &Value, joined_ms: i64) -> Value {
    let mut p = tp.as_object().cloned().unwrap_or_default();
    p.insert("joiningTime".into(), json!(joined_ms));
    p.entry("isActive").or_insert(json!(true));
    p.entry("stateChangedOn").or_insert(Value::Null);
    Value::Object(p)
}

/// AGENT_SUBSCRIBED CimEvent for `participant` (a [`joined_participant`]) at `ms`
/// (`cimEvent.agent_subscribed.json`).
pub(crate) fn agent_subscribed(
    chat: &Chat,
    agent_id: &str,
    username: &str,
    participant: &Value,
    ms: i64,
) -> Value {
    json!({
        "id": ids::object_id(),
        "name": "AGENT_SUBSCRIBED",
        "type": "NOTIFICATION",
        "timestamp": ms,
        "conversationId": chat.conversation_id,
        "eventEmitter": {
            "id": agent_id,
            "type": "AGENT",
            "senderName": username,
            "additionalDetail": null,
        },
        "channelSession": chat.channel_session,
        "data": {"agentParticipant": participant, "reason": null},
        "roomInfo": chat.room_info(),
    })
}

/// A stored event in history form: a numeric `timestamp` becomes an ISO-8601 string
/// (PROTOCOL.md §4: ISO strings in `topicEvents`); `header.timestamp` stays ms, as in
/// `onTopicData.json`.
pub(crate) fn history_form(event: &Value) -> Value {
    let mut e = event.clone();
    if let Some(ms) = e.get("timestamp").and_then(Value::as_i64) {
        e["timestamp"] = json!(ids::iso(ms));
    }
    e
}

/// A `topicData.participants` entry: `p` with its numeric `joiningTime` as ISO string, as
/// stored snapshots carry it (`onTopicData.json`).
fn participant_history_form(p: &Value) -> Value {
    let mut p = p.clone();
    if let Some(ms) = p.get("joiningTime").and_then(Value::as_i64) {
        p["joiningTime"] = json!(ids::iso(ms));
    }
    p
}

/// `onTopicData` `{topicData, conversationId, roomInfo, taskId, correlationId}`
/// (`onTopicData.json`): `participants` are the agents' joined participants (the
/// customer's entry is added first), `tp` the TP the receiving desk sent (`topicParticipant`
/// and `agentParticipants`), `task_id` its task, `history` the stored events (live form;
/// converted here), `conversation_data` the `topicData.conversationData` object and `hold`
/// the `topicData.holdTimerDetails` (`{totalDuration: <seconds>|null, startTime: <ms>|null}`).
#[allow(clippy::too_many_arguments)] // one snapshot, assembled from its parts
pub(crate) fn on_topic_data(
    chat: &Chat,
    tp: &Value,
    task_id: &str,
    participants: &[&Value],
    history: &[Value],
    conversation_data: &Value,
    hold: Value,
) -> Value {
    let customer_participant = json!({
        "type": "CUSTOMER",
        "role": "CUSTOMER",
        "participant": chat.channel_session,
        "id": chat.customer_participant_id,
        "joiningTime": ids::iso(chat.started_ms),
        "token": null,
        "conversationId": chat.conversation_id,
        "isActive": true,
        "userCredentials": {},
        "state": "SUBSCRIBED",
        "stateChangedOn": null,
    });
    let mut topic = Map::new();
    topic.insert("id".into(), json!(chat.conversation_id));
    topic.insert("customer".into(), chat.customer.clone());
    topic.insert("channelSession".into(), chat.channel_session.clone());
    topic.insert("conversationData".into(), conversation_data.clone());
    topic.insert("state".into(), json!("ACTIVE"));
    let mut all = vec![customer_participant];
    all.extend(participants.iter().map(|p| participant_history_form(p)));
    topic.insert("participants".into(), Value::Array(all));
    topic.insert("agentParticipants".into(), json!([tp]));
    topic.insert(
        "agentSla".into(),
        json!({"totalDuration": null, "action": null, "startTime": null}),
    );
    topic.insert("durationInSeconds".into(), Value::Null);
    topic.insert("customerSuggestions".into(), json!([]));
    topic.insert(
        "topicEvents".into(),
        Value::Array(history.iter().map(history_form).collect()),
    );
    topic.insert("holdTimerDetails".into(), hold);
    topic.insert(
        "agentHandRaise".into(),
        json!({"handRaised": false, "agentNames": []}),
    );
    topic.insert("externalGadgets".into(), json!([]));
    topic.insert("wrapUps".into(), json!([]));
    topic.insert("topicParticipant".into(), tp.clone());
    json!({
        "topicData": topic,
        "correlationId": ids::uuid(),
        "conversationId": chat.conversation_id,
        "roomInfo": chat.room_info(),
        "taskId": task_id,
    })
}

/// Login 200 body `{statusCode: 200, data: {token, refresh_token, keycloak_User}}`
/// (`login.response.json`).
pub(crate) fn login_ok(token: &str, refresh_token: &str, keycloak_user: Value) -> Value {
    json!({
        "statusCode": 200,
        "data": {
            "token": token,
            "refresh_token": refresh_token,
            "keycloak_User": keycloak_user,
        },
    })
}

/// REST error body `{error_message, error_detail: {status, reason}}` (`login.error.json`).
pub(crate) fn rest_error(status: u16, message: &str, reason: &str) -> Value {
    json!({
        "error_message": message,
        "error_detail": {"status": status, "reason": reason},
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::channels;
    use crate::sim::customer;
    use crate::sim::testutil::{assert_same_keys, fixture};

    fn chat() -> Chat {
        Chat::scripted(customer::pick(0), 30)
    }

    fn without(mut v: Value, pointer: &str) -> Value {
        if let Some((parent, key)) = pointer.rsplit_once('/') {
            if let Some(Value::Object(o)) = v.pointer_mut(parent) {
                o.remove(key);
            }
        }
        v
    }

    #[test]
    fn task_request_matches_fixture() {
        let c = chat();
        let ours = task_request_reserved(&c);
        let fx = fixture("taskRequest.reserved.json");
        // The fixture's channel has a bot and form data; ours has none.
        let fx = without(fx, "/channelSession/channel/channelConfig/botId");
        assert_same_keys(
            &without(fx, "/channelSession/channelData/additionalAttributes"),
            &ours,
            "$",
        );
        assert_eq!(ours["taskState"]["name"], "RESERVED");
        assert_eq!(
            ours["channelSession"]["channel"]["channelConfig"]["routingPolicy"]["agentRequestTtl"],
            30
        );
        let task_id = ours["taskId"].as_str().expect("taskId");
        assert_eq!(task_id.split(':').count(), 2);
        assert_eq!(ours["roomInfo"]["mode"], "CONTACT_CENTER");
    }

    #[test]
    fn customer_message_matches_fixture() {
        let c = chat();
        let ours = on_cim_event(
            &customer_message(&c, "hi", 1_705_583_494_537),
            &c.conversation_id,
            c.room_info(),
        );
        let fx = fixture("onCimEvent.customer_message.string.json");
        let fx_event: Value =
            serde_json::from_str(fx["cimEvent"].as_str().expect("string")).expect("json");
        let our_event: Value =
            serde_json::from_str(ours["cimEvent"].as_str().expect("cimEvent is a string"))
                .expect("json");
        assert_same_keys(&without(fx, "/cimEvent"), &ours, "$");
        let fx_event = without(fx_event, "/timestamp");
        let fx_event = without(fx_event, "/channelSession/channel/channelConfig/botId");
        assert_same_keys(&fx_event, &our_event, "$.cimEvent");
        assert_eq!(our_event["timestamp"], 1_705_583_494_537_i64);
        assert_eq!(our_event["data"]["header"]["sender"]["type"], "CONNECTOR");
        assert_eq!(our_event["data"]["body"]["markdownText"], "hi");
    }

    #[test]
    fn topic_data_matches_fixture() {
        let c = chat();
        let tp = fixture("topicSubscription.json")["topicParticipant"].clone();
        let p = joined_participant(&tp, 1);
        let history = vec![
            customer_message(&c, "hello", 2),
            agent_subscribed(&c, "a", "agent1", &p, 3),
        ];
        let data = json!({"orderId": "A-1042", "language": "en"});
        let hold = json!({"totalDuration": null, "startTime": null});
        let ours = on_topic_data(&c, &tp, &c.task_id, &[&p], &history, &data, hold);
        assert_eq!(ours["topicData"]["conversationData"], data);
        let fx = fixture("onTopicData.json");
        // The fixture's first participant is a bot and its first event BOT_SUBSCRIBED;
        // compare participants and events one by one instead.
        let mut fx_top = without(fx.clone(), "/topicData/participants");
        fx_top = without(fx_top, "/topicData/topicEvents");
        fx_top = without(fx_top, "/topicData/customer/urlTest2");
        fx_top = without(fx_top, "/topicData/channelSession");
        fx_top = without(fx_top, "/topicData/conversationData/first_name");
        fx_top = without(fx_top, "/topicData/conversationData/phone");
        // topicParticipant is the desk's TP echoed back (checked below for equality).
        fx_top = without(fx_top, "/topicData/topicParticipant");
        assert_same_keys(&fx_top, &ours, "$");
        let fx_customer = &fx["topicData"]["participants"][1];
        assert_same_keys(
            &without(fx_customer.clone(), "/participant"),
            &ours["topicData"]["participants"][0],
            "$.participants[0]",
        );
        let fx_agent = without(
            fx["topicData"]["participants"][2].clone(),
            "/participant/keycloakUser",
        );
        assert_same_keys(
            &fx_agent,
            &ours["topicData"]["participants"][1],
            "$.participants[1]",
        );
        let fx_msg = without(
            fx["topicData"]["topicEvents"][1].clone(),
            "/data/header/customer/urlTest2",
        );
        let fx_msg = without(fx_msg, "/channelSession");
        let fx_msg = without(fx_msg, "/data/header/channelData");
        assert_same_keys(
            &fx_msg,
            &ours["topicData"]["topicEvents"][0],
            "$.topicEvents[0]",
        );
        let events = ours["topicData"]["topicEvents"].as_array().expect("events");
        assert!(events.iter().all(|e| e["timestamp"].is_string()));
        assert_eq!(events[1]["name"], "AGENT_SUBSCRIBED");
        assert_eq!(ours["topicData"]["state"], "ACTIVE");
        assert_eq!(ours["topicData"]["agentParticipants"][0], tp);
        assert_eq!(ours["topicData"]["topicParticipant"], tp);
    }

    #[test]
    fn agent_subscribed_matches_fixture() {
        let c = chat();
        let tp = fixture("topicSubscription.json")["topicParticipant"].clone();
        let ours = agent_subscribed(&c, "a", "agent1", &joined_participant(&tp, 1), 3);
        let fx = fixture("cimEvent.agent_subscribed.json");
        let fx = without(fx, "/channelSession");
        assert_same_keys(&fx, &ours, "$");
    }

    #[test]
    fn small_events_match_fixtures() {
        let c = chat();
        assert_same_keys(
            &fixture("revokeTask.json"),
            &revoke_task(&c.conversation_id, &c.task_id),
            "$",
        );
        assert_same_keys(
            &fixture("topicUnsubscription.received.json"),
            &topic_unsubscription("x", "UNSUBSCRIBED"),
            "$",
        );
        assert_eq!(
            errors(
                "changeAgentState",
                "Agent MRD state can not be changed to READY while agent state is NOT_READY"
            ),
            fixture("errors.json")
        );
        assert_same_keys(
            &fixture("socketSessionRemoved.json"),
            &socket_session_removed("x"),
            "$",
        );
        assert_same_keys(
            &fixture("onChannelTypes.json"),
            &channels::channel_types(),
            "$",
        );
        let login = login_ok("t", "r", json!({}));
        assert_same_keys(
            &without(fixture("login.response.json"), "/data/keycloak_User"),
            &login,
            "$",
        );
        assert_eq!(
            rest_error(
                401,
                "Error Occured While Generating User Access Token",
                "invalid_grant"
            ),
            fixture("login.error.json")
        );
    }

    /// The CimMessage (`data`) of a fixture body file, minus what ours legitimately lacks.
    fn fixture_message(name: &str) -> Value {
        let fx = fixture(&format!("bodies/{name}.json"));
        without(fx, "/header/channelData/additionalAttributes")
    }

    #[test]
    fn customer_bodies_match_the_body_fixtures() {
        let c = chat();
        let origin = "http://127.0.0.1:1";
        let url = download_url(origin, "proof-of-address.pdf");
        assert_eq!(
            url,
            "http://127.0.0.1:1/file-engine/api/downloadFileStream?filename=proof-of-address.pdf"
        );
        let cases = [
            ("PLAIN", customer_message(&c, "hi", 1)),
            (
                "IMAGE",
                customer_message_with(
                    &c,
                    attachment_body("IMAGE", &url, "Screenshot", "image/png", 134, "a.png", 1),
                    1,
                ),
            ),
            (
                "FILE",
                customer_message_with(
                    &c,
                    attachment_body("FILE", &url, "a.pdf", "application/pdf", 678, "a.pdf", 1),
                    1,
                ),
            ),
            (
                "LOCATION",
                customer_message_with(&c, location_body(1.5, 2.5, "Here", "Street 1"), 1),
            ),
            (
                "CONTACT",
                customer_message_with(&c, contact_body("A", "B", "+1", "a@b.c"), 1),
            ),
            (
                "URL",
                customer_message_with(&c, url_body("see", "https://x"), 1),
            ),
            (
                "BUTTON",
                bot_message(
                    &c,
                    button_body("H", "T", &[("One", "one"), ("Two", "two")]),
                    1,
                ),
            ),
        ];
        for (name, event) in cases {
            let fx = fixture_message(name);
            assert_same_keys(&fx, &event["data"], &format!("$.{name}"));
            assert_eq!(event["data"]["body"]["type"], name);
            assert!(event["timestamp"].is_i64());
        }
        let bot = bot_message(&c, button_body("H", "T", &[]), 1);
        assert_eq!(bot["data"]["header"]["sender"]["type"], "BOT");
        assert_eq!(bot["eventEmitter"]["type"], "BOT");
        let image = customer_message_with(
            &c,
            attachment_body("IMAGE", &url, "x", "image/png", 134, "a.png", 7),
            1,
        );
        assert_eq!(image["data"]["body"]["attachment"]["mediaUrl"], json!(url));
        assert_eq!(image["data"]["body"]["additionalDetails"]["timestamp"], "7");
        assert!(image["data"]["body"]["additionalDetails"]
            .get("fileName")
            .is_none());
    }

    #[test]
    fn encoded_message_is_base64_with_is_encoded() {
        let c = chat();
        let ev = customer_message_encoded(&c, "hello", 1);
        assert_eq!(ev["data"]["body"]["markdownText"], "aGVsbG8=");
        assert_eq!(
            ev["data"]["header"]["additionalData"],
            json!({"isEncoded": true})
        );
        let fx = fixture("cimEvent.whisper_encoded.json");
        assert_eq!(
            fx["data"]["header"]["additionalData"],
            ev["data"]["header"]["additionalData"]
        );
    }

    #[test]
    fn typing_and_delivery_match_fixtures() {
        let c = chat();
        let typing = typing_indicator(&c, 5);
        let fx = without(fixture("cimEvent.typing_indicator.json"), "/channelSession");
        let fx = without(fx, "/data/header/channelData/additionalAttributes");
        assert_same_keys(&fx, &typing, "$");
        assert_eq!(
            typing["data"]["body"],
            fixture("cimEvent.typing_indicator.json")["data"]["body"]
        );
        assert_eq!(typing["eventEmitter"]["type"], "CUSTOMER");

        let delivered = delivery_notification(&c, "m-1", "DELIVERED", 6);
        let fx = without(
            fixture("cimEvent.delivery_notification.json"),
            "/channelSession",
        );
        let fx = without(fx, "/timestamp");
        let fx = without(fx, "/data/header/channelData/additionalAttributes");
        assert_same_keys(&fx, &delivered, "$");
        assert_eq!(
            delivered["data"]["body"],
            json!({"type": "DELIVERYNOTIFICATION", "messageId": "m-1", "status": "DELIVERED", "markdownText": "", "reasonCode": "200"})
        );
        assert_eq!(delivered["data"]["header"]["providerMessageId"], "m-1");
    }

    #[test]
    fn wrapup_timer_and_topic_closed_match_fixtures() {
        let c = chat();
        let w = wrapup_timer_started(&c.conversation_id, 60_000, c.room_info());
        assert_same_keys(&fixture("wrapupTimerStarted.json"), &w, "$");
        assert_eq!(w["duration"], "60000");
        assert_same_keys(
            &fixture("topicClosed.json"),
            &topic_closed(&c.conversation_id),
            "$",
        );
        let n = notification(&c, "CONVERSATION_PAUSED", system_emitter("X"), json!({}), 1);
        assert_eq!(n["type"], "NOTIFICATION");
        assert_eq!(n["eventEmitter"]["type"], "SYSTEM");
    }

    #[test]
    fn keycloak_user_matches_fixture() {
        let user = crate::sim::users::keycloak_user(&crate::sim::DEMO_USERS[2]);
        assert_same_keys(
            &fixture("login.response.json")["data"]["keycloak_User"],
            &user,
            "$",
        );
    }
}
