//! The fast path for live `onCimEvent`s (issue 7): a 3.7 KB CIM event is read into a
//! [`CimEvent`] without building a JSON tree of its channel session, which is most of its
//! bytes and which the desk never reads from a live event (the conversation's channel
//! session comes from `onTopicData`, PROTOCOL.md §3).
//!
//! Kept from `channelSession`: `channel.channelType.name` only (the channel of
//! `CHANNEL_SESSION_*` system lines), as `{"channel": {"channelType": {"name": …}}}`; the
//! rest is skipped while parsing, never allocated. A `channelSession` of any shape (null, a
//! string, an array) is tolerated.
//!
//! The `data` of a `CUSTOMER_MESSAGE` is read straight into a [`CimMessage`]
//! ([`CimEvent::message_data`], `data` left `null`), without a JSON tree of it; if it is not
//! a CIM message it is read as a `Value` like any other event's. Every other field is read
//! as [`CimEvent`]'s own `Deserialize` reads it.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::cim::{names, CimEvent, CimMessage};
use super::common::{lenient, RoomInfo, Timestamp};

/// `channel.channelType.name` of a channel session.
const CHANNEL_TYPE_NAME: &[&str] = &["channel", "channelType", "name"];

#[derive(Deserialize)]
struct Live<'a> {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
    #[serde(rename = "type", default, deserialize_with = "lenient")]
    kind: Option<String>,
    #[serde(
        rename = "conversationId",
        default,
        alias = "topicId",
        deserialize_with = "lenient"
    )]
    conversation_id: Option<String>,
    #[serde(rename = "roomInfo", default, deserialize_with = "lenient")]
    room_info: Option<RoomInfo>,
    #[serde(default, deserialize_with = "lenient")]
    timestamp: Option<Timestamp>,
    #[serde(default, borrow)]
    data: Option<&'a RawValue>,
    #[serde(
        rename = "channelSession",
        default,
        deserialize_with = "channel_type_name"
    )]
    channel_type: Option<String>,
    #[serde(rename = "eventEmitter", default)]
    event_emitter: Value,
}

fn channel_type_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    PickStr(CHANNEL_TYPE_NAME).deserialize(d)
}

impl CimEvent {
    /// Reads a live CIM event (the JSON text of `onCimEvent.cimEvent`) the fast way: as
    /// [`CimEvent`]'s `Deserialize` does, except that of `channelSession` only the channel
    /// type name is kept (see the module docs).
    ///
    /// Errors: the text is not JSON, or not an object (or array) of CIM event fields.
    pub fn from_live_json(text: &str) -> Result<CimEvent, serde_json::Error> {
        let live: Live = serde_json::from_str(text)?;
        let (data, message_data) = match live.data {
            None => (Value::Null, None),
            Some(raw) if live.name == names::CUSTOMER_MESSAGE => {
                match serde_json::from_str::<CimMessage>(raw.get()) {
                    Ok(message) => (Value::Null, Some(Box::new(message))),
                    Err(_) => (serde_json::from_str(raw.get())?, None),
                }
            }
            Some(raw) => (serde_json::from_str(raw.get())?, None),
        };
        Ok(CimEvent {
            id: live.id,
            name: live.name,
            kind: live.kind,
            conversation_id: live.conversation_id,
            room_info: live.room_info,
            timestamp: live.timestamp,
            data,
            message_data,
            channel_session: match live.channel_type {
                Some(name) => json!({"channel": {"channelType": {"name": name}}}),
                None => Value::Null,
            },
            event_emitter: live.event_emitter,
        })
    }
}

/// Reads the string at `path` (object keys, outermost first) of any JSON value and skips
/// everything else without building it. `None` when the path is missing or not a string.
struct PickStr(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for PickStr {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(self)
    }
}

/// A map key compared with `self.0` without allocating it.
struct KeyIs<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map key")
    }
    fn visit_str<E>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

impl<'de> Visitor<'de> for PickStr {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, v: &str) -> Result<Option<String>, E> {
        Ok(self.0.is_empty().then(|| v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Option<String>, E> {
        Ok(self.0.is_empty().then_some(v))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_none<E>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        let mut found = None;
        let Some((first, rest)) = self.0.split_first() else {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(None);
        };
        while let Some(hit) = map.next_key_seed(KeyIs(first))? {
            if hit && found.is_none() {
                found = map.next_value_seed(PickStr(rest))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_event_is_the_full_event_but_for_its_channel_session() {
        let envelope: Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/onCimEvent.customer_message.string.json"
        ))
        .unwrap();
        let text = envelope["cimEvent"].as_str().unwrap();
        let full: CimEvent = serde_json::from_str(text).unwrap();
        let live = CimEvent::from_live_json(text).unwrap();
        assert_eq!(
            live.channel_session,
            json!({"channel": {"channelType": {"name": "WEB"}}})
        );
        // The customer message's data is read straight into `message_data`.
        assert_eq!(live.data, Value::Null);
        assert_eq!(live.message(), full.message());
        assert!(full.message().is_some());
        // Serialised, `message_data` is the event's data.
        assert_eq!(
            serde_json::to_value(&live).unwrap()["data"],
            serde_json::to_value(full.message().unwrap()).unwrap()
        );
        assert_eq!(
            CimEvent {
                channel_session: Value::Null,
                data: Value::Null,
                message_data: None,
                ..live
            },
            CimEvent {
                channel_session: Value::Null,
                data: Value::Null,
                ..full
            }
        );
    }

    #[test]
    fn a_customer_message_that_is_not_a_cim_message_keeps_its_data() {
        for data in [
            json!({"id": "m", "body": "text"}),
            json!([1]),
            json!("x"),
            json!({"header": {}}),
        ] {
            let text = json!({"id": "e", "name": "CUSTOMER_MESSAGE", "data": data}).to_string();
            let event = CimEvent::from_live_json(&text).unwrap();
            assert_eq!(event.data, data);
            assert_eq!(event.message_data, None);
            assert!(event.message().is_none());
        }
        let other = json!({"id": "e", "name": "AGENT_MESSAGE",
            "data": {"id": "m", "header": {}, "body": {"type": "PLAIN"}}});
        let event = CimEvent::from_live_json(&other.to_string()).unwrap();
        assert_eq!(
            event.data, other["data"],
            "only customer messages are read typed"
        );
        assert!(event.message().is_some());
    }

    #[test]
    fn any_channel_session_shape_is_tolerated() {
        for session in [
            json!(null),
            json!("x"),
            json!([1, {"channel": 2}]),
            json!({"channel": {"channelType": 5}}),
            json!({"channel": {"channelType": {"name": 7}}}),
            json!({"channel": {"name": "WEB"}, "channelType": {"name": "x"}}),
        ] {
            let text =
                json!({"id": "e", "name": "CHANNEL_SESSION_STARTED", "channelSession": session})
                    .to_string();
            let event = CimEvent::from_live_json(&text).unwrap();
            assert_eq!(event.channel_session, Value::Null, "{session}");
            assert_eq!(event.id, "e");
        }
        assert!(CimEvent::from_live_json("{not json").is_err());
        assert!(CimEvent::from_live_json("42").is_err());
    }
}
