//! The READ receipt written straight to JSON text (issue 7): one per customer message, so
//! it must not copy the conversation's channel session and customer into a JSON tree each
//! time. The shape is exactly [`super::emit::read_receipt`] wrapped by
//! [`super::emit::publish_cim_event`] (fixture `publishCimEvent.read_receipt.json`,
//! PROTOCOL.md §7.3); a test checks the two agree.
//!
//! The channel session and customer (most of a receipt's bytes) are the same for every
//! receipt of a conversation: [`ReceiptCache`] keeps their JSON text, made once per
//! conversation (per shared value), so a receipt costs a copy of that text, not a walk over
//! two JSON trees.

use std::collections::VecDeque;
use std::sync::Arc;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::cim::{names, Sender};
use super::common::RoomInfo;
use super::emit::{agent_sender, ConversationContext};
use super::login::KeycloakUser;

#[derive(Serialize)]
struct Publish<'a> {
    #[serde(rename = "cimEvent")]
    cim_event: Event<'a>,
    #[serde(rename = "agentId")]
    agent_id: &'a str,
    #[serde(rename = "conversationId")]
    conversation_id: &'a str,
    #[serde(rename = "roomInfo")]
    room_info: Option<&'a RoomInfo>,
}

#[derive(Serialize)]
struct Event<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(rename = "conversationId")]
    conversation_id: &'a str,
    #[serde(rename = "roomInfo", skip_serializing_if = "Option::is_none")]
    room_info: Option<&'a RoomInfo>,
    timestamp: i64,
    data: Message<'a>,
    #[serde(rename = "channelSession")]
    channel_session: &'a RawValue,
    #[serde(rename = "eventEmitter")]
    event_emitter: &'a Sender,
}

#[derive(Serialize)]
struct Message<'a> {
    id: &'a str,
    header: Header<'a>,
    body: Body<'a>,
}

#[derive(Serialize)]
struct Header<'a> {
    timestamp: &'a str,
    sender: &'a Sender,
    #[serde(rename = "channelData")]
    channel_data: ChannelData<'a>,
    intent: Option<&'a str>,
    #[serde(rename = "conversationId")]
    conversation_id: &'a str,
    #[serde(rename = "roomId", skip_serializing_if = "Option::is_none")]
    room_id: Option<&'a str>,
    #[serde(rename = "channelSessionId")]
    channel_session_id: Option<&'a str>,
    customer: &'a RawValue,
    language: Empty,
    #[serde(rename = "securityInfo")]
    security_info: Empty,
    stamps: [u8; 0],
    entities: Empty,
}

#[derive(Serialize)]
struct Empty {}

#[derive(Serialize)]
struct ChannelData<'a> {
    #[serde(rename = "channelCustomerIdentifier")]
    channel_customer_identifier: &'a Value,
    #[serde(rename = "serviceIdentifier")]
    service_identifier: &'a Value,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(rename = "markdownText")]
    markdown_text: &'a str,
    #[serde(rename = "messageId")]
    message_id: &'a str,
    status: &'a str,
    #[serde(rename = "reasonCode")]
    reason_code: u16,
}

/// Conversations whose channel session and customer text [`ReceiptCache`] keeps at most
/// (the oldest made is dropped first; a dropped one is made again when needed).
const CACHED_CONVERSATIONS: usize = 64;

/// The JSON text of shared channel sessions and customers (see the module docs), keyed by
/// the shared value itself: an entry holds its `Arc`, so an address is never reused while
/// it is cached, and a conversation whose channel session changes gets a new entry.
#[derive(Default)]
pub struct ReceiptCache {
    entries: VecDeque<(Arc<Value>, Box<RawValue>)>,
}

impl ReceiptCache {
    /// The JSON text of `value`, made on first use.
    fn text(&mut self, value: &Arc<Value>) -> &RawValue {
        let at = match self.entries.iter().position(|(v, _)| Arc::ptr_eq(v, value)) {
            Some(at) => at,
            None => {
                if self.entries.len() >= CACHED_CONVERSATIONS * 2 {
                    self.entries.pop_front();
                }
                self.entries.push_back((Arc::clone(value), to_text(value)));
                self.entries.len() - 1
            }
        };
        &self.entries[at].1
    }

    /// [`read_receipt_publish`] with the channel session and customer taken from (or put
    /// into) the cache.
    #[allow(clippy::too_many_arguments)]
    pub fn read_receipt_publish(
        &mut self,
        ctx: &ConversationContext<'_>,
        channel_session: &Arc<Value>,
        customer: &Arc<Value>,
        user: &KeycloakUser,
        event_id: &str,
        message_id: &str,
        now_ms: i64,
        read_message_id: &str,
    ) -> Box<RawValue> {
        // The two lookups borrow the cache one after the other: copy the first text out.
        let session = self.text(channel_session).to_owned();
        let customer = self.text(customer);
        publish_text(
            ctx,
            &session,
            customer,
            user,
            event_id,
            message_id,
            now_ms,
            read_message_id,
        )
    }
}

fn to_text(value: &Value) -> Box<RawValue> {
    // Serialising a JSON value cannot fail.
    serde_json::value::to_raw_value(value)
        .unwrap_or_else(|_| RawValue::from_string("null".into()).expect("null is JSON"))
}

/// The `publishCimEvent` payload of a READ receipt for `read_message_id`, as JSON text
/// (see the module docs). `now_ms`: the event timestamp, epoch ms UTC.
pub fn read_receipt_publish(
    ctx: &ConversationContext<'_>,
    user: &KeycloakUser,
    event_id: &str,
    message_id: &str,
    now_ms: i64,
    read_message_id: &str,
) -> Box<RawValue> {
    publish_text(
        ctx,
        &to_text(ctx.channel_session),
        &to_text(ctx.customer),
        user,
        event_id,
        message_id,
        now_ms,
        read_message_id,
    )
}

#[allow(clippy::too_many_arguments)]
fn publish_text(
    ctx: &ConversationContext<'_>,
    channel_session_text: &RawValue,
    customer_text: &RawValue,
    user: &KeycloakUser,
    event_id: &str,
    message_id: &str,
    now_ms: i64,
    read_message_id: &str,
) -> Box<RawValue> {
    let sender = agent_sender(user);
    let channel_data = ctx.channel_session.get("channelData");
    let pick = |key: &str| {
        channel_data
            .and_then(|d| d.get(key))
            .unwrap_or(&Value::Null)
    };
    let publish = Publish {
        cim_event: Event {
            id: event_id,
            name: names::MESSAGE_DELIVERY_NOTIFICATION,
            kind: "NOTIFICATION",
            conversation_id: ctx.conversation_id,
            room_info: ctx.room_info,
            timestamp: now_ms,
            data: Message {
                id: message_id,
                header: Header {
                    timestamp: "",
                    sender: &sender,
                    channel_data: ChannelData {
                        channel_customer_identifier: pick("channelCustomerIdentifier"),
                        service_identifier: pick("serviceIdentifier"),
                    },
                    intent: None,
                    conversation_id: ctx.conversation_id,
                    room_id: ctx.room_info.map(|r| r.id.as_str()),
                    channel_session_id: ctx.channel_session.get("id").and_then(Value::as_str),
                    customer: customer_text,
                    language: Empty {},
                    security_info: Empty {},
                    stamps: [],
                    entities: Empty {},
                },
                body: Body {
                    kind: "DELIVERYNOTIFICATION",
                    markdown_text: "",
                    message_id: read_message_id,
                    status: "READ",
                    reason_code: 200,
                },
            },
            channel_session: channel_session_text,
            event_emitter: &sender,
        },
        agent_id: &user.id,
        conversation_id: ctx.conversation_id,
        room_info: ctx.room_info,
    };
    // Serialising borrowed strings and JSON values cannot fail.
    serde_json::value::to_raw_value(&publish)
        .unwrap_or_else(|_| RawValue::from_string("null".into()).expect("null is JSON"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{emit, LoginResponse};
    use serde_json::json;

    #[test]
    fn the_fast_receipt_is_the_built_one() {
        let user = serde_json::from_str::<LoginResponse>(include_str!(
            "../../tests/fixtures/login.response.json"
        ))
        .unwrap()
        .data
        .keycloak_user;
        let fixture: Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/publishCimEvent.read_receipt.json"
        ))
        .unwrap();
        let event = &fixture["cimEvent"];
        let room: RoomInfo = serde_json::from_value(event["roomInfo"].clone()).unwrap();
        for room_info in [Some(&room), None] {
            for session in [event["channelSession"].clone(), json!(null)] {
                let ctx = ConversationContext {
                    conversation_id: "65a923832d53786eb16039f0",
                    room_info,
                    channel_session: &session,
                    customer: &event["data"]["header"]["customer"],
                };
                let built = emit::publish_cim_event(
                    &emit::read_receipt(&ctx, &user, "e1", "m1", 1_705_583_498_951, "read-1"),
                    &user.id,
                );
                let fast: Value = serde_json::from_str(
                    read_receipt_publish(&ctx, &user, "e1", "m1", 1_705_583_498_951, "read-1")
                        .get(),
                )
                .unwrap();
                assert_eq!(fast, built);
            }
        }
    }

    #[test]
    fn cached_texts_give_the_same_receipt_and_follow_a_new_channel_session() {
        let user = serde_json::from_str::<LoginResponse>(include_str!(
            "../../tests/fixtures/login.response.json"
        ))
        .unwrap()
        .data
        .keycloak_user;
        let mut cache = ReceiptCache::default();
        let customer = Arc::new(json!({"_id": "cu1", "firstName": "Ann"}));
        for session in [
            json!({"id": "s1", "channelData": {"serviceIdentifier": "w"}}),
            json!({"id": "s2"}),
        ] {
            let session = Arc::new(session);
            let ctx = ConversationContext {
                conversation_id: "c1",
                room_info: None,
                channel_session: &session,
                customer: &customer,
            };
            for _ in 0..2 {
                let cached =
                    cache.read_receipt_publish(&ctx, &session, &customer, &user, "e", "m", 5, "r");
                assert_eq!(
                    cached.get(),
                    read_receipt_publish(&ctx, &user, "e", "m", 5, "r").get()
                );
            }
        }
        assert_eq!(cache.entries.len(), 3, "two sessions and one customer");
    }
}
