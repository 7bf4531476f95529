//! Reading a CIM message ([`CimMessage`], [`MessageHeader`], [`Sender`], [`MessageBody`];
//! PROTOCOL.md §4) from a JSON value, key by key (issue 7).
//!
//! These types keep the fields the desk does not read (`extra`, `fields`). Serde's
//! `#[serde(flatten)]` does that by first copying every field of the object into its own
//! buffered tree and then reading the struct from the copy; for a customer message that was
//! about half of `app::update`. Here each object is walked once: known keys are read into
//! their fields, every other key is cloned into `extra` / `fields`. The rules are the ones the
//! derived code had:
//! - `CimMessage`: `id` (string), `header` and `body` (objects) are required.
//! - Plain text fields (`Sender.id`, `Sender.type`, `MessageBody.type`): absent is `""`,
//!   anything but a string is an error (for a sender, the whole sender is then dropped:
//!   `header.sender` is lenient).
//! - Lenient fields (`timestamp`, `sender`, `intent`, `originalMessageId`, `conversationId`,
//!   `roomId`, `channelSessionId`, `senderName`, `markdownText`): anything unreadable is
//!   `None`, never an error.
//! - Raw fields (`channelData`, `customer`, `additionalDetail`): any value, `null` when absent.
//!
//! The types' `Deserialize` reads a `Value` and goes through these readers, so there is one
//! way to read a message.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde_json::{Map, Value};

use super::cim::{CimMessage, MessageBody, MessageHeader, Sender};
use super::common::Timestamp;

/// Why a value is not a CIM message (or one of its parts).
pub type ReadError = &'static str;

fn object(value: &Value) -> Result<&Map<String, Value>, ReadError> {
    value.as_object().ok_or("expected a JSON object")
}

/// A lenient text field: a string, else `None`.
fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// A plain text field: a string; anything else is an error.
fn plain_text(value: &Value, what: ReadError) -> Result<String, ReadError> {
    value.as_str().map(str::to_string).ok_or(what)
}

/// A lenient timestamp: a number (integer ms, else fractional) or a string; else `None`
/// (as the untagged [`Timestamp`] reads a value).
pub(crate) fn timestamp(value: &Value) -> Option<Timestamp> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .map(Timestamp::Millis)
            .or_else(|| n.as_f64().map(Timestamp::Fractional)),
        Value::String(s) => Some(Timestamp::Text(s.clone())),
        _ => None,
    }
}

impl CimMessage {
    /// Reads a CIM message `{id, header, body, …}` from `value` (rules in the module docs).
    ///
    /// Errors: `value` is not an object, `id` is missing or not a string, `header` or `body`
    /// is missing or not an object, or a plain text field of the header or body is not a
    /// string.
    pub fn from_json(value: &Value) -> Result<CimMessage, ReadError> {
        let map = object(value)?;
        let id = plain_text(
            map.get("id").ok_or("missing field `id`")?,
            "`id`: expected a string",
        )?;
        let header = MessageHeader::from_json(map.get("header").ok_or("missing field `header`")?)?;
        let body = MessageBody::from_json(map.get("body").ok_or("missing field `body`")?)?;
        Ok(CimMessage { id, header, body })
    }
}

impl MessageHeader {
    /// Reads a message header (rules in the module docs). Errors: not an object.
    pub fn from_json(value: &Value) -> Result<MessageHeader, ReadError> {
        let mut header = MessageHeader::default();
        for (key, value) in object(value)? {
            match key.as_str() {
                "timestamp" => header.timestamp = timestamp(value),
                "sender" => header.sender = Sender::from_json(value).ok(),
                "channelData" => header.channel_data = value.clone(),
                "intent" => header.intent = text(value),
                "originalMessageId" => header.original_message_id = text(value),
                "conversationId" => header.conversation_id = text(value),
                "roomId" => header.room_id = text(value),
                "channelSessionId" => header.channel_session_id = text(value),
                "customer" => header.customer = value.clone(),
                _ => {
                    header.extra.insert(key.clone(), value.clone());
                }
            }
        }
        Ok(header)
    }
}

impl Sender {
    /// Reads `header.sender` (rules in the module docs). Errors: not an object, or `id` /
    /// `type` not a string.
    pub fn from_json(value: &Value) -> Result<Sender, ReadError> {
        let mut sender = Sender::default();
        for (key, value) in object(value)? {
            match key.as_str() {
                "id" => sender.id = plain_text(value, "`sender.id`: expected a string")?,
                "type" => sender.kind = plain_text(value, "`sender.type`: expected a string")?,
                "senderName" => sender.sender_name = text(value),
                "additionalDetail" => sender.additional_detail = value.clone(),
                _ => {
                    sender.extra.insert(key.clone(), value.clone());
                }
            }
        }
        Ok(sender)
    }
}

impl MessageBody {
    /// Reads a message body (rules in the module docs). Errors: not an object, or `type`
    /// not a string.
    pub fn from_json(value: &Value) -> Result<MessageBody, ReadError> {
        let mut body = MessageBody::default();
        for (key, value) in object(value)? {
            match key.as_str() {
                "type" => body.kind = plain_text(value, "`body.type`: expected a string")?,
                "markdownText" => body.markdown_text = text(value),
                _ => {
                    body.fields.insert(key.clone(), value.clone());
                }
            }
        }
        Ok(body)
    }
}

macro_rules! deserialize_through_value {
    ($($ty:ty),*) => {$(
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = Value::deserialize(d)?;
                <$ty>::from_json(&value).map_err(D::Error::custom)
            }
        }
    )*};
}

deserialize_through_value!(CimMessage, MessageHeader, Sender, MessageBody);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_known_fields_and_keeps_the_rest() {
        let value = json!({
            "id": "m1",
            "header": {
                "timestamp": 1705583494537i64,
                "sender": {"id": "s1", "type": "CONNECTOR", "senderName": "Web", "role": "x"},
                "channelData": {"channelCustomerIdentifier": "c"},
                "intent": null,
                "originalMessageId": 7,
                "customer": {"firstName": "Ann"},
                "providerMessageId": "p1",
                "language": {}
            },
            "body": {"type": "PLAIN", "markdownText": "hi", "extra": [1]}
        });
        let message = CimMessage::from_json(&value).expect("message");
        assert_eq!(message.id, "m1");
        assert_eq!(
            message.header.timestamp,
            Some(Timestamp::Millis(1705583494537))
        );
        let sender = message.header.sender.as_ref().expect("sender");
        assert_eq!(
            (sender.id.as_str(), sender.kind.as_str()),
            ("s1", "CONNECTOR")
        );
        assert_eq!(sender.sender_name.as_deref(), Some("Web"));
        assert_eq!(sender.extra.get("role"), Some(&json!("x")));
        assert_eq!(message.header.intent, None);
        assert_eq!(
            message.header.original_message_id, None,
            "lenient: a number"
        );
        assert_eq!(message.header.customer["firstName"], "Ann");
        assert_eq!(
            message.header.extra.get("providerMessageId"),
            Some(&json!("p1"))
        );
        assert_eq!(message.header.extra.len(), 2);
        assert_eq!(message.body.kind, "PLAIN");
        assert_eq!(message.body.markdown_text.as_deref(), Some("hi"));
        assert_eq!(message.body.fields.get("extra"), Some(&json!([1])));
    }

    #[test]
    fn required_and_plain_fields_are_checked_as_before() {
        let ok = json!({"id": "m", "header": {}, "body": {}});
        assert!(CimMessage::from_json(&ok).is_ok());
        for broken in [
            json!({"header": {}, "body": {}}),
            json!({"id": 1, "header": {}, "body": {}}),
            json!({"id": "m", "body": {}}),
            json!({"id": "m", "header": {}}),
            json!({"id": "m", "header": [], "body": {}}),
            json!({"id": "m", "header": {}, "body": {"type": null}}),
            json!([1]),
        ] {
            assert!(CimMessage::from_json(&broken).is_err(), "{broken}");
        }
        // A sender with a non-text id is dropped, not the message.
        let odd = json!({"id": "m", "header": {"sender": {"id": 5}}, "body": {}});
        let message = CimMessage::from_json(&odd).expect("message");
        assert_eq!(message.header.sender, None);
    }

    #[test]
    fn deserialize_and_serialize_round_trip_the_fixture_message() {
        let text = include_str!("../../tests/fixtures/onCimEvent.customer_message.object.json");
        let envelope: Value = serde_json::from_str(text).expect("fixture");
        let data = &envelope["cimEvent"]["data"];
        let message: CimMessage = serde_json::from_value(data.clone()).expect("message");
        // A null `originalMessageId` is not written back (`skip_serializing_if`).
        let mut expected = data.clone();
        assert_eq!(expected["header"]["originalMessageId"], Value::Null);
        expected["header"]
            .as_object_mut()
            .map(|h| h.remove("originalMessageId"));
        assert_eq!(serde_json::to_value(&message).expect("serialise"), expected);
    }
}
