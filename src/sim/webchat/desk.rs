//! What a web chat customer's actions do on the desk side, wherever their chat is: in an
//! agent's conversation, offered to an agent, or waiting in the queue.

use std::sync::Arc;

use crate::sim::conversation::Conversation;
use crate::sim::ids;
use crate::sim::queue;
use crate::sim::routing;
use crate::sim::wire;
use crate::sim::world::{Agents, Sim, World};
use crate::sim::writer;

/// The open conversation `conversation_id`, whoever is in it, with the agents to send to.
fn joined<'a>(
    world: &'a mut World,
    conversation_id: &str,
) -> Option<(&'a Agents, &'a mut Conversation)> {
    world
        .with_agents(conversation_id)
        .map(|(agents, conv)| (&*agents, conv))
}

/// A customer message: a CUSTOMER_MESSAGE on the agent's `onCimEvent` (stored in the
/// history), or, while the chat is offered or queued, added to the history the agent will
/// get with `onTopicData`.
pub(super) fn customer_message(world: &mut World, conversation_id: &str, text: &str) {
    let now = ids::now_ms();
    if let Some((out, conv)) = joined(world, conversation_id) {
        let event = wire::customer_message(&conv.chat, text, now);
        conv.record(out, event);
    } else if let Some(offer) = routing::offer_mut(world, conversation_id) {
        let event = wire::customer_message(&offer.chat, text, now);
        offer.history.push(event);
    } else if let Some(waiting) = queue::find_mut(world, conversation_id) {
        let event = wire::customer_message(&waiting.chat, text, now);
        waiting.history.push(event);
    } else {
        tracing::warn!(
            conversation = conversation_id,
            "web chat message for a chat nobody has"
        );
    }
}

/// The customer started or stopped typing: a TYPING_INDICATOR (not stored) to the agent
/// in the conversation; nothing while nobody is.
pub(super) fn customer_typing(world: &mut World, conversation_id: &str, typing: bool) {
    if let Some((out, conv)) = joined(world, conversation_id) {
        let now = ids::now_ms();
        let event = if typing {
            wire::typing_indicator(&conv.chat, now)
        } else {
            wire::typing_stopped(&conv.chat, now)
        };
        conv.broadcast(out, &event);
    }
}

/// The customer left: in a conversation, `CUSTOMER_LEFT` and `CHANNEL_SESSION_ENDED`
/// (as a scripted customer who leaves, `writer.rs`); an offered chat's offer is revoked; a
/// queued chat leaves the queue.
pub(super) fn customer_left(sim: &Arc<Sim>, world: &mut World, conversation_id: &str) {
    if let Some((out, conv)) = joined(world, conversation_id) {
        if !conv.customer_left {
            writer::leave(out, conv, ids::now_ms());
        }
    } else if routing::withdraw(sim, world, conversation_id) {
        tracing::info!(
            conversation = conversation_id,
            "offer withdrawn: the customer left"
        );
    } else if queue::remove(world, conversation_id).is_some() {
        tracing::info!(
            conversation = conversation_id,
            "left the queue: the customer left"
        );
    }
}

/// The customer has now seen these agent messages (CIM message ids): a READ
/// MESSAGE_DELIVERY_NOTIFICATION for each, as the customer's connector reports it.
pub(super) fn read(world: &mut World, conversation_id: &str, message_ids: &[String]) {
    if message_ids.is_empty() {
        return;
    }
    if let Some((out, conv)) = joined(world, conversation_id) {
        for id in message_ids {
            let event = wire::delivery_notification(&conv.chat, id, "READ", ids::now_ms());
            conv.record(out, event);
        }
    }
}
