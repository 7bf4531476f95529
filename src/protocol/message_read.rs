//! Reading a CIM message ([`CimMessage`], [`MessageHeader`], [`Sender`], [`MessageBody`];
//! PROTOCOL.md §4) from a JSON value, key by key (issue 7).
//!
//! These types keep the fields the desk does not read (`extra`, `fields`). Serde's
//! `#[serde(flatten)]` does that by first copying every field of the object into its own
//! buffered tree and then reading the struct from the copy; for a customer message that was
//! about half of `app::update`. Here each object is walked once: known keys are read into
//! their fields, every other key's value goes into `extra` / `fields`. The rules are the ones
//! the derived code had:
//! - `CimMessage`: `id` (string), `header` and `body` (objects) are required.
//! - Plain text fields (`Sender.id`, `Sender.type`, `MessageBody.type`): absent is `""`,
//!   anything but a string is an error (for a sender, the whole sender is then dropped:
//!   `header.sender` is lenient).
//! - Lenient fields (`timestamp`, `sender`, `intent`, `originalMessageId`, `conversationId`,
//!   `roomId`, `channelSessionId`, `senderName`, `markdownText`): anything unreadable is
//!   `None`, never an error.
//! - Raw fields (`channelData`, `customer`, `additionalDetail`): any value, `null` when absent.
//!
//! One way to read them: their `Deserialize`, from JSON text (the live decoder, `live.rs`,
//! without any `Value` of the whole message) or from a `&Value` ([`CimEvent::message`]).
//!
//! [`CimEvent::message`]: super::cim::CimEvent::message

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use super::cim::{CimMessage, MessageBody, MessageHeader, Sender};
use super::common::lenient_value;

/// A plain text field: a string; anything else is an error.
fn plain_text<E: de::Error>(value: Value, field: &'static str) -> Result<String, E> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(E::custom(format_args!(
            "`{field}`: expected a string, got {other}"
        ))),
    }
}

/// An object key, borrowed from the input when it can be (no allocation for known keys).
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }
    fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_string())))
    }
    fn visit_string<E>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }
}

/// Implements `Deserialize` for a CIM message part with a `visit_map` loop over its keys.
/// `$read` is `|part, key, map| -> Result<(), A::Error>` and must read the key's value.
macro_rules! read_object {
    ($ty:ty, $what:literal, |$part:ident, $key:ident, $map:ident| $read:block) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct PartVisitor;
                impl<'de> Visitor<'de> for PartVisitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut $map: A) -> Result<$ty, A::Error> {
                        let mut $part = <$ty>::default();
                        while let Some(Key($key)) = $map.next_key::<Key<'de>>()? {
                            $read
                        }
                        Ok($part)
                    }
                }
                d.deserialize_map(PartVisitor)
            }
        }
    };
}

read_object!(
    MessageHeader,
    "a CIM message header object",
    |header, key, map| {
        match &*key {
            "timestamp" => header.timestamp = lenient_value(map.next_value()?),
            "sender" => header.sender = lenient_value(map.next_value()?),
            "channelData" => header.channel_data = map.next_value()?,
            "intent" => header.intent = lenient_value(map.next_value()?),
            "originalMessageId" => header.original_message_id = lenient_value(map.next_value()?),
            "conversationId" => header.conversation_id = lenient_value(map.next_value()?),
            "roomId" => header.room_id = lenient_value(map.next_value()?),
            "channelSessionId" => header.channel_session_id = lenient_value(map.next_value()?),
            "customer" => header.customer = map.next_value()?,
            _ => {
                header.extra.insert(key.into_owned(), map.next_value()?);
            }
        }
    }
);

read_object!(Sender, "a message sender object", |sender, key, map| {
    match &*key {
        "id" => sender.id = plain_text(map.next_value()?, "sender.id")?,
        "type" => sender.kind = plain_text(map.next_value()?, "sender.type")?,
        "senderName" => sender.sender_name = lenient_value(map.next_value()?),
        "additionalDetail" => sender.additional_detail = map.next_value()?,
        _ => {
            sender.extra.insert(key.into_owned(), map.next_value()?);
        }
    }
});

read_object!(MessageBody, "a message body object", |body, key, map| {
    match &*key {
        "type" => body.kind = plain_text(map.next_value()?, "body.type")?,
        "markdownText" => body.markdown_text = lenient_value(map.next_value()?),
        _ => {
            body.fields.insert(key.into_owned(), map.next_value()?);
        }
    }
});

/// `CimMessage` while it is read: its parts are required.
#[derive(Default)]
struct Parts {
    id: Option<String>,
    header: Option<MessageHeader>,
    body: Option<MessageBody>,
}

read_object!(Parts, "a CIM message object", |parts, key, map| {
    match &*key {
        "id" => parts.id = Some(plain_text(map.next_value()?, "id")?),
        "header" => parts.header = Some(map.next_value()?),
        "body" => parts.body = Some(map.next_value()?),
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
});

impl<'de> Deserialize<'de> for CimMessage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let parts = Parts::deserialize(d)?;
        let missing = |field| de::Error::custom(format_args!("missing field `{field}`"));
        Ok(CimMessage {
            id: parts.id.ok_or_else(|| missing("id"))?,
            header: parts.header.ok_or_else(|| missing("header"))?,
            body: parts.body.ok_or_else(|| missing("body"))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::common::Timestamp;
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
        let message = CimMessage::deserialize(&value).expect("message");
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
        assert!(CimMessage::deserialize(&ok).is_ok());
        for broken in [
            json!({"header": {}, "body": {}}),
            json!({"id": 1, "header": {}, "body": {}}),
            json!({"id": "m", "body": {}}),
            json!({"id": "m", "header": {}}),
            json!({"id": "m", "header": [], "body": {}}),
            json!({"id": "m", "header": {}, "body": {"type": null}}),
            json!([1]),
        ] {
            assert!(CimMessage::deserialize(&broken).is_err(), "{broken}");
        }
        // A sender with a non-text id is dropped, not the message.
        let odd = json!({"id": "m", "header": {"sender": {"id": 5}}, "body": {}});
        let message = CimMessage::deserialize(&odd).expect("message");
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
