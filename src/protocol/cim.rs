//! CIM events and CIM messages (PROTOCOL.md §4).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{lenient, RoomInfo, Timestamp};

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

impl CimEvent {
    /// The CIM message in `data`, for message events; `None` when `data` is not one.
    pub fn message(&self) -> Option<CimMessage> {
        if !self.data.get("body").is_some_and(Value::is_object) {
            return None;
        }
        serde_json::from_value(self.data.clone()).ok()
    }

    /// `eventEmitter.type` (AGENT, CUSTOMER, CONNECTOR, BOT, SYSTEM, …).
    pub fn emitter_type(&self) -> Option<&str> {
        self.event_emitter.get("type").and_then(Value::as_str)
    }
}

/// A CIM message `{id, header, body}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CimMessage {
    /// Message id (UUID); the echo of an own message carries the same id (§4).
    pub id: String,
    pub header: MessageHeader,
    pub body: MessageBody,
}

/// A CIM message header. Fields the desk doesn't read are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MessageHeader {
    /// ms number (live and history); ISO strings and `""` are tolerated.
    #[serde(default, deserialize_with = "lenient")]
    pub timestamp: Option<Timestamp>,
    #[serde(default, deserialize_with = "lenient")]
    pub sender: Option<Sender>,
    #[serde(rename = "channelData", default)]
    pub channel_data: Value,
    /// null, `REPLY_TO`, `UPDATE`, … (open set).
    #[serde(default, deserialize_with = "lenient")]
    pub intent: Option<String>,
    #[serde(
        rename = "originalMessageId",
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub original_message_id: Option<String>,
    #[serde(rename = "conversationId", default, deserialize_with = "lenient")]
    pub conversation_id: Option<String>,
    #[serde(
        rename = "roomId",
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub room_id: Option<String>,
    #[serde(rename = "channelSessionId", default, deserialize_with = "lenient")]
    pub channel_session_id: Option<String>,
    /// The customer (`firstName`, `_id`, …) on customer messages.
    #[serde(default)]
    pub customer: Value,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `header.sender` `{id, type, senderName, additionalDetail}`. Older servers send a whole
/// participant; `id` and `type` exist in both shapes (§4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Sender {
    #[serde(default)]
    pub id: String,
    /// AGENT, BOT, CUSTOMER, APP, CONNECTOR, SYSTEM (open set).
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(rename = "senderName", default, deserialize_with = "lenient")]
    pub sender_name: Option<String>,
    #[serde(rename = "additionalDetail", default)]
    pub additional_detail: Value,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A message body: `type` plus type-specific fields (§4). Only `markdownText` is typed; the
/// rest of the fields (attachments, buttons, …) stay in `fields`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MessageBody {
    /// PLAIN, IMAGE, FILE, URL, BUTTON, … (open set).
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(
        rename = "markdownText",
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub markdown_text: Option<String>,
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

/// CIM event names the desk acts on (the full list is open; §4).
pub mod names {
    pub const CUSTOMER_MESSAGE: &str = "CUSTOMER_MESSAGE";
    pub const AGENT_MESSAGE: &str = "AGENT_MESSAGE";
    pub const BOT_MESSAGE: &str = "BOT_MESSAGE";
    pub const MESSAGE_DELIVERY_NOTIFICATION: &str = "MESSAGE_DELIVERY_NOTIFICATION";
    pub const TYPING_INDICATOR: &str = "TYPING_INDICATOR";
}
