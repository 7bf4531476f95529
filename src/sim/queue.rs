//! Where customers enter routing: the chat queue of the simulated routing engine, and the
//! scripted customers who arrive whenever an agent is free.
//!
//! A chat reaches an agent in one of two ways, both through [`next_chat`]:
//! - **Queued** ([`World::queue`], oldest first): a person on the web chat
//!   (`webchat/`) or a chat that went back to the queue after its offer was revoked
//!   (`routing::requeue`). A queued chat is offered first.
//! - **Scripted**: when the queue is empty and scripted customers are on
//!   ([`SimConfig::scripted_customers`](super::SimConfig::scripted_customers)), the next
//!   scripted customer (`customer.rs`) writes in the moment an agent can take a chat.
//!   \[sim\] They never wait, so their history holds no queue events (just the opening
//!   message), as before this queue existed.

use serde_json::{json, Map, Value};

use super::chat::Chat;
use super::customer;
use super::wire;
use super::world::{Sim, World};

/// A chat waiting to be offered: the chat, what its history holds so far (live form,
/// oldest first: the customer's opening message, queue events, any later customer
/// messages) and its initial `topicData.conversationData`.
pub(crate) struct Waiting {
    /// The chat.
    pub chat: Chat,
    /// Events before an agent joined.
    pub history: Vec<Value>,
    /// `topicData.conversationData` when an agent joins.
    pub data: Value,
}

/// `(key, value)` pairs as a JSON object (later keys win).
pub(crate) fn data_of<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Value {
    let map: Map<String, Value> = pairs
        .into_iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    Value::Object(map)
}

/// True when the next scripted customer may still write in (scripted customers on and
/// their budget not used up).
fn scripted_left(sim: &Sim, world: &World) -> bool {
    sim.config
        .scripted_customers
        .is_none_or(|max| world.chats_offered < max)
}

/// True when there is a chat to offer: one waits in the queue, or a scripted customer
/// would write in.
pub(crate) fn has_supply(sim: &Sim, world: &World) -> bool {
    !world.queue.is_empty() || scripted_left(sim, world)
}

/// The chat to offer next: the oldest queued one, else a new scripted customer's (which
/// counts against [`SimConfig::scripted_customers`](super::SimConfig::scripted_customers)),
/// else `None`.
pub(crate) fn next_chat(sim: &Sim, world: &mut World) -> Option<Waiting> {
    if let Some(waiting) = world.queue.pop_front() {
        return Some(waiting);
    }
    if !scripted_left(sim, world) {
        return None;
    }
    let script = customer::pick(world.chats_offered);
    world.chats_offered += 1;
    let mut chat = Chat::scripted(script, sim.config.rona_secs());
    chat.set_response_sla(sim.config.response_sla_secs());
    let opening = wire::customer_message(&chat, script.opening, chat.started_ms);
    Some(Waiting {
        chat,
        history: vec![opening],
        data: data_of(script.conversation_data.iter().copied()),
    })
}

/// The queued chat with this conversation id.
pub(crate) fn find_mut<'a>(world: &'a mut World, conversation_id: &str) -> Option<&'a mut Waiting> {
    world
        .queue
        .iter_mut()
        .find(|w| w.chat.conversation_id == conversation_id)
}

/// Takes the queued chat with this conversation id out of the queue.
pub(crate) fn remove(world: &mut World, conversation_id: &str) -> Option<Waiting> {
    let pos = world
        .queue
        .iter()
        .position(|w| w.chat.conversation_id == conversation_id)?;
    world.queue.remove(pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_of_builds_an_object() {
        assert_eq!(
            data_of([("a", "1"), ("b", "2"), ("a", "3")]),
            json!({"a": "3", "b": "2"})
        );
    }
}
