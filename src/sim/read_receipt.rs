//! The fast path for READ receipts (issue 7): a desk sends one `publishCimEvent`
//! MESSAGE_DELIVERY_NOTIFICATION with status READ per customer message it shows
//! (`publishCimEvent.read_receipt.json`, PROTOCOL.md §4), about 4 KB each because it
//! carries the conversation's channel session and customer. Building a JSON tree of each
//! (socketioxide's parse into `Value`) cost the simulator more than writing the customer
//! message it answers, and on a shared machine that CPU is taken from the desk being
//! measured. So the payload is first read into the few fields a receipt needs, skipping the
//! rest without allocating it; anything that is not a plain READ receipt in that shape
//! (a `cimEvent` given as a JSON string, another event name or status, missing ids) goes the
//! general way (`conversation::publish`), which handles it exactly as before.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

/// The first argument of an event, as JSON text; further arguments are skipped, as
/// socketioxide does for a `TryData<Value>`.
///
/// Read as a tuple on purpose: socketioxide deserialises a tuple-like type from the
/// event's arguments (after the event name), anything else from the first argument, and it
/// takes `Box<RawValue>` (a newtype) for a tuple and would hand over the whole packet,
/// event name included.
pub(crate) struct FirstArg(pub Box<RawValue>);

impl<'de> Deserialize<'de> for FirstArg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_tuple(usize::MAX, FirstArgVisitor)
    }
}

struct FirstArgVisitor;

impl<'de> Visitor<'de> for FirstArgVisitor {
    type Value = FirstArg;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event with at least one argument")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FirstArg, A::Error> {
        let first = seq
            .next_element::<Box<RawValue>>()?
            .ok_or_else(|| de::Error::custom("no argument"))?;
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(FirstArg(first))
    }
}

/// `publishCimEvent {cimEvent, conversationId, …}` of a READ receipt; every other field is
/// skipped.
#[derive(Deserialize)]
struct Payload<'a> {
    #[serde(rename = "cimEvent", borrow)]
    cim_event: Event<'a>,
    #[serde(rename = "conversationId", borrow)]
    conversation_id: Cow<'a, str>,
}

#[derive(Deserialize)]
struct Event<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    data: Data<'a>,
}

#[derive(Deserialize)]
struct Data<'a> {
    #[serde(borrow)]
    body: Body<'a>,
}

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    status: Cow<'a, str>,
    #[serde(rename = "messageId", borrow)]
    message_id: Cow<'a, str>,
}

/// A READ receipt: the conversation and the message read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ReadReceipt<'a> {
    /// `conversationId` of the payload.
    pub conversation_id: Cow<'a, str>,
    /// `cimEvent.data.body.messageId`: the CIM message id the customer's message had.
    pub message_id: Cow<'a, str>,
}

/// Reads `text` (the `publishCimEvent` payload as JSON) as a READ receipt; `None` when it
/// is anything else or not in the usual shape (then the general path handles it).
pub(crate) fn read(text: &str) -> Option<ReadReceipt<'_>> {
    let payload: Payload = serde_json::from_str(text).ok()?;
    let Event { name, data } = payload.cim_event;
    (name == "MESSAGE_DELIVERY_NOTIFICATION" && data.body.status == "READ").then_some(ReadReceipt {
        conversation_id: payload.conversation_id,
        message_id: data.body.message_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_fixture_receipt() {
        let text = include_str!("../../tests/fixtures/publishCimEvent.read_receipt.json");
        let receipt = read(text).expect("a READ receipt");
        let value: serde_json::Value = serde_json::from_str(text).expect("fixture");
        assert_eq!(
            receipt.conversation_id,
            value["conversationId"].as_str().expect("conversationId")
        );
        assert_eq!(
            receipt.message_id,
            value["cimEvent"]["data"]["body"]["messageId"]
                .as_str()
                .expect("messageId")
        );
    }

    #[test]
    fn anything_else_goes_the_general_way() {
        let receipt = |event: serde_json::Value, conversation: serde_json::Value| {
            json!({"cimEvent": event, "conversationId": conversation, "agentId": "a"}).to_string()
        };
        let read_event = json!({"name": "MESSAGE_DELIVERY_NOTIFICATION",
            "data": {"body": {"status": "READ", "messageId": "m\u{e9}1"}}});
        assert_eq!(
            read(&receipt(read_event.clone(), json!("c\\1"))),
            Some(ReadReceipt {
                conversation_id: "c\\1".into(),
                message_id: "m\u{e9}1".into()
            })
        );
        // the string form of cimEvent, other statuses and names, missing or null ids
        assert_eq!(
            read(&receipt(json!(read_event.to_string()), json!("c"))),
            None
        );
        let mut delivered = read_event.clone();
        delivered["data"]["body"]["status"] = json!("DELIVERED");
        assert_eq!(read(&receipt(delivered, json!("c"))), None);
        let mut other = read_event.clone();
        other["name"] = json!("AGENT_MESSAGE");
        assert_eq!(read(&receipt(other, json!("c"))), None);
        assert_eq!(read(&receipt(read_event.clone(), json!(null))), None);
        let mut no_id = read_event;
        no_id["data"]["body"]["messageId"] = json!(null);
        assert_eq!(read(&receipt(no_id, json!("c"))), None);
        assert_eq!(read("[1,2]"), None);
        assert_eq!(read("not json"), None);
    }
}
