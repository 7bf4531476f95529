//! CIM events and CIM messages (PROTOCOL.md §4).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use base64::Engine as _;

use super::common::{int_value, lenient, str_field, text_value, RoomInfo, Timestamp};

/// `onCimEvent` payload `{cimEvent, conversationId, roomInfo}`. `cimEvent` arrives as a JSON
/// **string** on real servers and as an object in the docs (§6.1); [`OnCimEvent::event`]
/// accepts both.
#[derive(Debug, Clone, Deserialize)]
pub struct OnCimEvent {
    #[serde(rename = "cimEvent")]
    pub cim_event: Value,
    #[serde(rename = "conversationId", default, deserialize_with = "lenient")]
    pub conversation_id: Option<String>,
    #[serde(rename = "roomInfo", default, deserialize_with = "lenient")]
    pub room_info: Option<RoomInfo>,
}

impl OnCimEvent {
    /// Decodes `cimEvent`, parsing it first when it is a JSON string.
    ///
    /// Errors: the string is not JSON, or the JSON is not a CIM event.
    pub fn event(&self) -> Result<CimEvent, serde_json::Error> {
        match &self.cim_event {
            Value::String(text) => serde_json::from_str(text),
            other => serde_json::from_value(other.clone()),
        }
    }
}

/// A CIM event `{id, name, type, timestamp, conversationId, eventEmitter, channelSession,
/// data, roomInfo}`. `data` depends on `name`: a [`CimMessage`] for messages, event-specific
/// objects otherwise, so it stays raw; see [`CimEvent::message`].
///
/// A live `CUSTOMER_MESSAGE` (the event that comes in bursts) is read by
/// [`CimEvent::from_live_json`] with its `data` straight into [`CimEvent::message_data`], and
/// `data` is then `null`: read a message event's data through [`CimEvent::message`].
/// Serialising writes `message_data` as `data`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CimEvent {
    #[serde(default)]
    pub id: String,
    /// e.g. `CUSTOMER_MESSAGE`, `AGENT_MESSAGE`, `TASK_ENQUEUED` (open set, §4).
    #[serde(default)]
    pub name: String,
    /// MESSAGE, SUGGESTION, ACTIVITY, NOTIFICATION, CALL (open set).
    #[serde(rename = "type", default, deserialize_with = "lenient")]
    pub kind: Option<String>,
    /// Pre-2022 servers put `topicId` here (§6.9); read as a fallback.
    #[serde(
        rename = "conversationId",
        default,
        alias = "topicId",
        deserialize_with = "lenient"
    )]
    pub conversation_id: Option<String>,
    #[serde(
        rename = "roomInfo",
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub room_info: Option<RoomInfo>,
    /// ms number live, ISO string in history (§6.6).
    #[serde(default, deserialize_with = "lenient")]
    pub timestamp: Option<Timestamp>,
    #[serde(default)]
    pub data: Value,
    #[serde(rename = "channelSession", default)]
    pub channel_session: Value,
    #[serde(rename = "eventEmitter", default)]
    pub event_emitter: Value,
    /// `data` already read as a CIM message (live customer messages, see above); `None`
    /// otherwise, and always after a plain `Deserialize`.
    #[serde(skip)]
    pub message_data: Option<Box<CimMessage>>,
}

impl Serialize for CimEvent {
    /// The event as on the wire, with `message_data` (when set) as `data`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = if self.room_info.is_some() { 9 } else { 8 };
        let mut event = s.serialize_struct("CimEvent", fields)?;
        event.serialize_field("id", &self.id)?;
        event.serialize_field("name", &self.name)?;
        event.serialize_field("type", &self.kind)?;
        event.serialize_field("conversationId", &self.conversation_id)?;
        if let Some(room_info) = &self.room_info {
            event.serialize_field("roomInfo", room_info)?;
        }
        event.serialize_field("timestamp", &self.timestamp)?;
        match &self.message_data {
            Some(message) => event.serialize_field("data", message)?,
            None => event.serialize_field("data", &self.data)?,
        }
        event.serialize_field("channelSession", &self.channel_session)?;
        event.serialize_field("eventEmitter", &self.event_emitter)?;
        event.end()
    }
}

impl CimEvent {
    /// The CIM message in `data` (or already read into `message_data`), for message events;
    /// `None` when `data` is not one.
    pub fn message(&self) -> Option<Cow<'_, CimMessage>> {
        if let Some(message) = &self.message_data {
            return Some(Cow::Borrowed(message));
        }
        if !self.data.get("body").is_some_and(Value::is_object) {
            return None;
        }
        CimMessage::deserialize(&self.data).ok().map(Cow::Owned)
    }

    /// `eventEmitter.type` (AGENT, CUSTOMER, CONNECTOR, BOT, SYSTEM, …).
    pub fn emitter_type(&self) -> Option<&str> {
        self.event_emitter.get("type").and_then(Value::as_str)
    }
}

/// A CIM message `{id, header, body}`. Its `Deserialize` (`message_read.rs`) says what is
/// required and what is lenient.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CimMessage {
    /// Message id (UUID); the echo of an own message carries the same id (§4).
    pub id: String,
    pub header: MessageHeader,
    pub body: MessageBody,
}

/// A CIM message header. Fields the desk doesn't read are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct MessageHeader {
    /// ms number (live and history); ISO strings and `""` are tolerated.
    pub timestamp: Option<Timestamp>,
    pub sender: Option<Sender>,
    #[serde(rename = "channelData")]
    pub channel_data: Value,
    /// null, `REPLY_TO`, `UPDATE`, … (open set).
    pub intent: Option<String>,
    #[serde(rename = "originalMessageId", skip_serializing_if = "Option::is_none")]
    pub original_message_id: Option<String>,
    #[serde(rename = "conversationId")]
    pub conversation_id: Option<String>,
    #[serde(rename = "roomId", skip_serializing_if = "Option::is_none")]
    pub room_id: Option<String>,
    #[serde(rename = "channelSessionId")]
    pub channel_session_id: Option<String>,
    /// The customer (`firstName`, `_id`, …) on customer messages.
    pub customer: Value,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `header.sender` `{id, type, senderName, additionalDetail}`. Older servers send a whole
/// participant; `id` and `type` exist in both shapes (§4).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Sender {
    pub id: String,
    /// AGENT, BOT, CUSTOMER, APP, CONNECTOR, SYSTEM (open set).
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "senderName")]
    pub sender_name: Option<String>,
    #[serde(rename = "additionalDetail")]
    pub additional_detail: Value,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A message body: `type` plus type-specific fields (§4). Only `markdownText` is typed; the
/// rest of the fields (attachments, buttons, …) stay in `fields`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct MessageBody {
    /// PLAIN, IMAGE, FILE, URL, BUTTON, … (open set).
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "markdownText", skip_serializing_if = "Option::is_none")]
    pub markdown_text: Option<String>,
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

/// CIM event names (the full list is open; §4). Unknown names must still be shown.
pub mod names {
    pub const CUSTOMER_MESSAGE: &str = "CUSTOMER_MESSAGE";
    pub const AGENT_MESSAGE: &str = "AGENT_MESSAGE";
    pub const BOT_MESSAGE: &str = "BOT_MESSAGE";
    /// Agent-to-agent message, never shown to the customer (§4).
    pub const WHISPER_MESSAGE: &str = "WHISPER_MESSAGE";
    pub const MESSAGE_DELIVERY_NOTIFICATION: &str = "MESSAGE_DELIVERY_NOTIFICATION";
    pub const TYPING_INDICATOR: &str = "TYPING_INDICATOR";
    pub const TASK_ENQUEUED: &str = "TASK_ENQUEUED";
    pub const TASK_STATE_CHANGED: &str = "TASK_STATE_CHANGED";
    pub const NO_AGENT_AVAILABLE: &str = "NO_AGENT_AVAILABLE";
    pub const AGENT_RESERVED: &str = "AGENT_RESERVED";
    pub const AGENT_SUBSCRIBED: &str = "AGENT_SUBSCRIBED";
    pub const AGENT_UNSUBSCRIBED: &str = "AGENT_UNSUBSCRIBED";
    pub const PARTICIPANT_ROLE_CHANGED: &str = "PARTICIPANT_ROLE_CHANGED";
    pub const CHANNEL_SESSION_STARTED: &str = "CHANNEL_SESSION_STARTED";
    pub const CHANNEL_SESSION_ENDED: &str = "CHANNEL_SESSION_ENDED";
    pub const CHANNEL_SESSION_EXPIRED: &str = "CHANNEL_SESSION_EXPIRED";
    pub const CUSTOMER_LEFT: &str = "CUSTOMER_LEFT";
    pub const CONVERSATION_PAUSED: &str = "CONVERSATION_PAUSED";
    pub const CONVERSATION_RESUMED: &str = "CONVERSATION_RESUMED";
    pub const AGENT_SLA_STARTED: &str = "AGENT_SLA_STARTED";
    pub const AGENT_SLA_STOPPED: &str = "AGENT_SLA_STOPPED";
    pub const AGENT_SLA_EXPIRED: &str = "AGENT_SLA_EXPIRED";
    pub const CONVERSATION_DATA_CHANGED: &str = "CONVERSATION_DATA_CHANGED";
    pub const BOT_SUBSCRIBED: &str = "BOT_SUBSCRIBED";
    pub const BOT_SUGGESTION: &str = "BOT_SUGGESTION";
    pub const HAND_RAISED: &str = "HAND_RAISED";
    pub const HAND_DOWN: &str = "HAND_DOWN";
}

/// `status` values of a delivery notification (§4; open set).
pub mod delivery_status {
    pub const DELIVERED: &str = "DELIVERED";
    pub const READ: &str = "READ";
    pub const FAILED: &str = "FAILED";
}

/// `notificationType` of a typing `NOTIFICATION` body (§4).
pub const TYPING_STARTED: &str = "TYPING_STARTED";

/// A delivery notification read from a `DELIVERYNOTIFICATION` body
/// `{type, messageId, status, reasonCode, markdownText}` (§4, fixtures
/// `cimEvent.delivery_notification.json`, `bodies/DELIVERYNOTIFICATION.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryNotification {
    /// The message the notification is about. For messages to the customer this may be the
    /// connector's provider message id rather than the CIM message id.
    pub message_id: String,
    /// `DELIVERED`, `READ`, `FAILED` (see [`delivery_status`]; open set), upper-cased.
    pub status: String,
    /// `reasonCode` as text: servers send `"200"` (string) or `200` (number).
    pub reason_code: Option<String>,
}

impl DeliveryNotification {
    /// True for `FAILED`.
    pub fn is_failed(&self) -> bool {
        self.status == delivery_status::FAILED
    }
}

/// Who is typing, read from a `TYPING_INDICATOR` event (§4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypingIndicator {
    /// `header.sender.type` (else `eventEmitter.type`): `CONNECTOR`/`CUSTOMER` for the
    /// customer, `AGENT` for another agent (open set).
    pub sender_type: String,
    pub sender_id: Option<String>,
    /// A display name when one is known: the customer's name for connector senders
    /// (`eventEmitter.senderName` / `header.customer.firstName`), else `senderName`.
    pub sender_name: Option<String>,
}

impl TypingIndicator {
    /// The customer is typing (sender `CONNECTOR` or `CUSTOMER`).
    pub fn is_customer(&self) -> bool {
        matches!(self.sender_type.as_str(), "CONNECTOR" | "CUSTOMER")
    }

    /// Another agent is typing (sender `AGENT`).
    pub fn is_agent(&self) -> bool {
        self.sender_type == "AGENT"
    }
}

/// A hold / resume of the conversation (`CONVERSATION_PAUSED` / `CONVERSATION_RESUMED`).
///
/// **\[guess\]**: no sample of these events is published. The reader assumes `data` mirrors
/// the `pauseConversation` request (`{participantId, conversationId, duration, state}`,
/// `duration` in **seconds**, number or string) and falls back to the event emitter for who
/// did it. Every field is optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationPause {
    /// true for `CONVERSATION_PAUSED`, false for `CONVERSATION_RESUMED`.
    pub paused: bool,
    /// Hold duration in **seconds**, when the event carries one.
    pub duration_secs: Option<i64>,
    /// Who paused/resumed, by name: `eventEmitter.senderName`.
    pub by: Option<String>,
    /// Who paused/resumed, by id: `data.participantId`.
    pub participant_id: Option<String>,
}

impl CimEvent {
    /// The typing indicator, for `TYPING_INDICATOR` events whose body says
    /// `notificationType: TYPING_STARTED` (a missing `notificationType` counts as started;
    /// any other value, e.g. `TYPING_STOPPED`, gives `None`).
    pub fn typing(&self) -> Option<TypingIndicator> {
        if self.name != names::TYPING_INDICATOR {
            return None;
        }
        let body = self.data.get("body");
        if let Some(kind) = body.and_then(|b| str_field(b, "notificationType")) {
            if !kind.eq_ignore_ascii_case(TYPING_STARTED) {
                return None;
            }
        }
        let header_sender = self.data.get("header").and_then(|h| h.get("sender"));
        let sender = header_sender
            .filter(|s| str_field(s, "type").is_some())
            .unwrap_or(&self.event_emitter);
        let sender_type = str_field(sender, "type").unwrap_or("").to_ascii_uppercase();
        let sender_id = str_field(sender, "id").map(str::to_string);
        let customer_name = || {
            (self.emitter_type() == Some("CUSTOMER"))
                .then(|| str_field(&self.event_emitter, "senderName"))
                .flatten()
                .or_else(|| {
                    self.data
                        .get("header")
                        .and_then(|h| h.get("customer"))
                        .and_then(|c| str_field(c, "firstName"))
                })
        };
        let sender_name = if sender_type == "CONNECTOR" {
            customer_name()
        } else {
            str_field(sender, "senderName")
        }
        .map(str::to_string);
        Some(TypingIndicator {
            sender_type,
            sender_id,
            sender_name,
        })
    }

    /// The delivery notification of a `MESSAGE_DELIVERY_NOTIFICATION` event (or any event
    /// whose data is a `DELIVERYNOTIFICATION` message).
    pub fn delivery_notification(&self) -> Option<DeliveryNotification> {
        let body = self.data.get("body")?;
        MessageBody::deserialize(body).ok()?.delivery_notification()
    }

    /// The changed key/value pairs of a `CONVERSATION_DATA_CHANGED` event.
    ///
    /// \[doc\] `data` is a `Map<String, String>` of any key/value pairs (CX "Messages, Events
    /// and Activities" page). \[guess\] A `{conversationData: {...}}` wrapper is unwrapped.
    /// Non-string values are given as compact JSON; `null` values as "". Keys in map order.
    pub fn conversation_data_changes(&self) -> Option<Vec<(String, String)>> {
        if self.name != names::CONVERSATION_DATA_CHANGED {
            return None;
        }
        let mut map = self.data.as_object()?;
        if map.len() == 1 {
            if let Some(inner) = map.get("conversationData").and_then(Value::as_object) {
                map = inner;
            }
        }
        Some(
            map.iter()
                .map(|(k, v)| {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    (k.clone(), text)
                })
                .collect(),
        )
    }

    /// Hold / resume details of `CONVERSATION_PAUSED` / `CONVERSATION_RESUMED` (see
    /// [`ConversationPause`] for the guessed shape).
    pub fn pause(&self) -> Option<ConversationPause> {
        let paused = match self.name.as_str() {
            names::CONVERSATION_PAUSED => true,
            names::CONVERSATION_RESUMED => false,
            _ => return None,
        };
        let duration_secs = if paused {
            self.data.get("duration").and_then(int_value)
        } else {
            None
        };
        Some(ConversationPause {
            paused,
            duration_secs,
            by: str_field(&self.event_emitter, "senderName").map(str::to_string),
            participant_id: str_field(&self.data, "participantId").map(str::to_string),
        })
    }
}

impl MessageHeader {
    /// `header.additionalData.isEncoded`: when true, `body.markdownText` is base64 (§4, 5.x;
    /// fixture `cimEvent.whisper_encoded.json`). A string `"true"` counts too.
    pub fn is_encoded(&self) -> bool {
        match self
            .extra
            .get("additionalData")
            .and_then(|d| d.get("isEncoded"))
        {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
            _ => false,
        }
    }
}

impl MessageBody {
    /// A string field of the body (`fields[key]`), `None` when missing or not a string.
    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }

    /// `notificationType` of a `NOTIFICATION` body, e.g. `TYPING_STARTED`.
    pub fn notification_type(&self) -> Option<&str> {
        self.str_field("notificationType")
    }

    /// True for a `NOTIFICATION` body with `notificationType: TYPING_STARTED`.
    pub fn is_typing_started(&self) -> bool {
        self.kind.eq_ignore_ascii_case("NOTIFICATION")
            && self
                .notification_type()
                .is_some_and(|t| t.eq_ignore_ascii_case(TYPING_STARTED))
    }

    /// Reads a `DELIVERYNOTIFICATION` body `{messageId, status, reasonCode}`; `None` for other
    /// body types or when `messageId` / `status` is missing. `reasonCode` may be a string or
    /// a number.
    pub fn delivery_notification(&self) -> Option<DeliveryNotification> {
        if !self.kind.eq_ignore_ascii_case("DELIVERYNOTIFICATION") {
            return None;
        }
        let message_id = self
            .fields
            .get("messageId")
            .and_then(text_value)
            .filter(|id| !id.is_empty())?;
        let status = self.str_field("status")?.trim().to_ascii_uppercase();
        if status.is_empty() {
            return None;
        }
        let reason_code = self.fields.get("reasonCode").and_then(text_value);
        Some(DeliveryNotification {
            message_id,
            status,
            reason_code,
        })
    }
}

impl CimMessage {
    /// `body.markdownText` as text to show: base64-decoded when `header.additionalData.isEncoded`
    /// is true. Text that is not valid base64 (or not UTF-8 once decoded) is returned as is.
    pub fn text(&self) -> Option<String> {
        let raw = self.body.markdown_text.as_deref()?;
        if self.header.is_encoded() {
            Some(decode_base64_text(raw).unwrap_or_else(|| raw.to_string()))
        } else {
            Some(raw.to_string())
        }
    }

    /// The delivery notification carried by this message, if it is one.
    pub fn delivery_notification(&self) -> Option<DeliveryNotification> {
        self.body.delivery_notification()
    }
}

/// Decodes base64 text (standard alphabet, padded or not; URL-safe accepted too) into UTF-8.
/// `None` when the input is not base64 or the bytes are not UTF-8. Never panics.
pub fn decode_base64_text(encoded: &str) -> Option<String> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let compact: String = encoded.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(compact.as_bytes()).ok())?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message(header: Value, body: Value) -> CimMessage {
        serde_json::from_value(json!({"id": "m", "header": header, "body": body})).unwrap()
    }

    #[test]
    fn encoded_text_is_decoded_and_bad_base64_kept() {
        let m = message(
            json!({"additionalData": {"isEncoded": true}}),
            json!({"type": "PLAIN", "markdownText": "aGVsbG8="}),
        );
        assert!(m.header.is_encoded());
        assert_eq!(m.text().as_deref(), Some("hello"));
        let bad = message(
            json!({"additionalData": {"isEncoded": true}}),
            json!({"type": "PLAIN", "markdownText": "not base64!!"}),
        );
        assert_eq!(bad.text().as_deref(), Some("not base64!!"));
        let plain = message(
            json!({}),
            json!({"type": "PLAIN", "markdownText": "aGVsbG8="}),
        );
        assert_eq!(plain.text().as_deref(), Some("aGVsbG8="));
        // Valid base64 of bytes that are not UTF-8.
        assert_eq!(decode_base64_text("//79"), None);
        assert_eq!(decode_base64_text("aGVsbG8"), Some("hello".into()));
    }

    #[test]
    fn delivery_notification_reason_code_string_or_number() {
        for reason in [json!("200"), json!(200)] {
            let m = message(
                json!({}),
                json!({"type": "DELIVERYNOTIFICATION", "messageId": "x", "status": "read",
                       "reasonCode": reason}),
            );
            let d = m.delivery_notification().unwrap();
            assert_eq!(d.status, "READ");
            assert_eq!(d.reason_code.as_deref(), Some("200"));
        }
        let no_id = message(
            json!({}),
            json!({"type": "DELIVERYNOTIFICATION", "status": "READ"}),
        );
        assert!(no_id.delivery_notification().is_none());
    }

    #[test]
    fn typing_stopped_and_other_events_are_not_typing() {
        let e: CimEvent = serde_json::from_value(json!({"name": "TYPING_INDICATOR",
            "data": {"header": {"sender": {"type": "AGENT", "id": "a", "senderName": "bo"}},
                     "body": {"type": "NOTIFICATION", "notificationType": "TYPING_STOPPED"}}}))
        .unwrap();
        assert!(e.typing().is_none());
        let e: CimEvent = serde_json::from_value(json!({"name": "TYPING_INDICATOR",
            "data": {"header": {"sender": {"type": "AGENT", "id": "a", "senderName": "bo"}},
                     "body": {"type": "NOTIFICATION", "notificationType": "TYPING_STARTED"}}}))
        .unwrap();
        let t = e.typing().unwrap();
        assert!(t.is_agent() && !t.is_customer());
        assert_eq!(t.sender_name.as_deref(), Some("bo"));
    }

    #[test]
    fn conversation_data_and_pause_accessors() {
        let e: CimEvent = serde_json::from_value(json!({"name": "CONVERSATION_DATA_CHANGED",
            "data": {"plan": "gold", "score": 7, "gone": null}}))
        .unwrap();
        let changes = e.conversation_data_changes().unwrap();
        assert!(changes.contains(&("plan".into(), "gold".into())));
        assert!(changes.contains(&("score".into(), "7".into())));
        let p: CimEvent = serde_json::from_value(json!({"name": "CONVERSATION_PAUSED",
            "data": {"duration": "900", "participantId": "u1"}}))
        .unwrap();
        assert_eq!(
            p.pause(),
            Some(ConversationPause {
                paused: true,
                duration_secs: Some(900),
                by: None,
                participant_id: Some("u1".into()),
            })
        );
        assert!(e.pause().is_none());
    }
}
