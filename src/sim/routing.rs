//! The routing engine, as far as one agent sees it (PROTOCOL.md §3 `taskRequest`,
//! `revokeTask`; §2 `topicSubscription`).
//!
//! When the agent is READY, connected, its CHAT MRD READY or ACTIVE (fewer chats than
//! `maxAgentTasks`) and no offer is pending, a chat is offered after
//! [`SimConfig::offer_delay`](super::SimConfig::offer_delay) with `taskRequest` RESERVED.
//! The offer waits [`SimConfig::rona`](super::SimConfig::rona) for the desk's
//! `topicSubscription`; then RONA: `revokeTask {conversationId, taskId}` and the agent goes
//! NOT_READY (reason null, every MRD NOT_READY or PENDING_NOT_READY), announced with
//! `agentPresence`; no new offer until the agent is READY again. Going NOT_READY or
//! LOGOUT, or putting the CHAT MRD NOT_READY, revokes a pending offer the same way (the
//! chat goes back to the queue). When the socket drops, a pending offer is withdrawn
//! silently and no offer is made until the agent reconnects.

use std::sync::Arc;

use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::chat::Chat;
use super::conversation::{self, Conversation, Member};
use super::customer;
use super::ids;
use super::mrd;
use super::presence::{Change, NOT_READY, READY};
use super::queues::QueueDef;
use super::wire;
use super::world::{Agent, Sim, World};
use super::writer;

/// A RESERVED offer waiting for the desk's `topicSubscription`: a new inbound chat, or a
/// task on an open conversation (transfer, conference, consult; `assist.rs`).
pub(crate) struct Offer {
    pub conversation_id: String,
    /// Composite `"<task>:<media>"`.
    pub task_id: String,
    /// `INBOUND`, `DIRECT_TRANSFER`, `DIRECT_CONFERENCE` or `CONSULT`.
    pub direction: &'static str,
    /// An inbound chat is not a conversation yet: its chat and opening message.
    pub incoming: Option<Incoming>,
    /// The `taskRequest` as sent (sent again after a reconnect).
    pub request: Value,
    /// For a task on an open conversation: who asked and through which queue (`None`: by
    /// name), to route it elsewhere when this agent does not answer.
    pub requested_by: Option<&'static str>,
    pub queue: Option<&'static QueueDef>,
    /// The request's note.
    pub note: String,
    /// RONA timer.
    rona: CancellationToken,
}

/// An inbound chat waiting for its first agent.
pub(crate) struct Incoming {
    pub chat: Chat,
    /// The customer's opening CUSTOMER_MESSAGE (live form), first entry of the history.
    pub opening: Value,
}

/// True when the routing engine would offer this agent a chat now.
fn can_offer(agent: &Agent) -> bool {
    agent.socket.is_some()
        && !agent.simulated
        && agent.state == READY
        && agent.offer.is_none()
        && agent
            .mrds
            .iter()
            .any(|m| m.def.id == mrd::CHAT.id && m.has_capacity())
}

/// Re-evaluates routing for `agent_id` after any change: schedules an offer when one is
/// possible, cancels a scheduled one that no longer is.
pub(crate) fn check(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str) {
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    let inbound = sim
        .config
        .inbound_for
        .is_none_or(|users| users.contains(&agent.user.username));
    if !inbound || !can_offer(agent) {
        if let Some(t) = agent.offer_timer.take() {
            t.cancel();
        }
        return;
    }
    if agent.offer_timer.is_some() {
        return;
    }
    let token = sim.timer_token();
    agent.offer_timer = Some(token.clone());
    sim.after(&token, sim.config.offer_delay, move |sim, world| {
        offer(sim, world, agent_id);
    });
}

/// The offer timer fired: offer the next scripted customer's chat.
fn offer(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str) {
    let n = world.chats_offered;
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    agent.offer_timer = None;
    if !can_offer(agent) {
        return;
    }
    let script = customer::pick(n);
    let chat = Chat::new(script, sim.config.rona_secs());
    let opening = wire::customer_message(&chat, script.opening, chat.started_ms);
    let rona = sim.timer_token();
    let conversation_id = chat.conversation_id.clone();
    tracing::info!(
        agent = agent.user.username,
        conversation = %conversation_id,
        customer = %script.full_name(),
        "offering chat (taskRequest RESERVED)"
    );
    let request = wire::task_request_reserved(&chat);
    agent.send("taskRequest", &request);
    agent.offer = Some(Offer {
        conversation_id: conversation_id.clone(),
        task_id: chat.task_id.clone(),
        direction: "INBOUND",
        incoming: Some(Incoming { chat, opening }),
        request,
        requested_by: None,
        queue: None,
        note: String::new(),
        rona: rona.clone(),
    });
    world.chats_offered = n + 1;
    sim.after(&rona, sim.config.rona, move |sim, world| {
        rona_expired(sim, world, agent_id, &conversation_id);
    });
}

/// Offers a task on the open conversation `conversation_id` to the desk agent `agent_id`
/// (`taskRequest` RESERVED with `direction`, the queue, the note and who asked), with RONA
/// like an inbound offer. Returns false when the conversation or the agent is gone.
#[allow(clippy::too_many_arguments)] // one task request, assembled from its parts
pub(crate) fn offer_task(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    conversation_id: &str,
    direction: &'static str,
    queue: Option<&'static QueueDef>,
    note: &str,
    requested_by: &'static str,
) -> bool {
    let Some(conv) = world.conversation(conversation_id) else {
        return false;
    };
    let task_id = format!("{}:{}", ids::uuid(), ids::uuid());
    let requester = super::world::username(&world.agents, requested_by);
    let request = wire::task_request(
        &conv.chat,
        &task_id,
        direction,
        queue.map(|q| (q.id, q.name)),
        note,
        requester,
    );
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return false;
    };
    if let Some(t) = agent.offer_timer.take() {
        t.cancel();
    }
    tracing::info!(
        agent = agent.user.username,
        conversation = conversation_id,
        direction,
        "offering task (taskRequest RESERVED)"
    );
    agent.send("taskRequest", &request);
    let rona = sim.timer_token();
    agent.offer = Some(Offer {
        conversation_id: conversation_id.to_string(),
        task_id,
        direction,
        incoming: None,
        request,
        requested_by: Some(requested_by),
        queue,
        note: note.to_string(),
        rona: rona.clone(),
    });
    let cid = conversation_id.to_string();
    sim.after(&rona, sim.config.rona, move |sim, world| {
        rona_expired(sim, world, agent_id, &cid);
    });
    true
}

/// No `topicSubscription` in time: revoke and put the agent NOT_READY.
fn rona_expired(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, conversation_id: &str) {
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    if agent
        .offer
        .as_ref()
        .is_none_or(|o| o.conversation_id != conversation_id)
    {
        return;
    }
    tracing::info!(
        agent = agent.user.username,
        conversation = conversation_id,
        "RONA"
    );
    let offer = revoke_offer(agent);
    let change = agent.apply_state(NOT_READY, Value::Null, ids::now_ms());
    if !change.is_empty() {
        agent.send_changed(&change);
    }
    if let Some(offer) = offer.filter(|o| o.incoming.is_none()) {
        super::assist::unanswered(sim, world, agent_id, &offer);
    }
    check(sim, world, agent_id);
}

/// Withdraws the pending offer, if any: cancels its RONA timer and sends `revokeTask`.
/// Returns it (a task on an open conversation must then go elsewhere, `assist.rs`).
pub(crate) fn revoke_offer(agent: &mut Agent) -> Option<Offer> {
    let offer = agent.offer.take()?;
    offer.rona.cancel();
    agent.send(
        "revokeTask",
        &wire::revoke_task(&offer.conversation_id, &offer.task_id),
    );
    Some(offer)
}

/// Re-sends the pending offer (after a reconnect, the new socket has not seen it).
pub(crate) fn resend_offer(agent: &Agent) {
    if let Some(offer) = &agent.offer {
        agent.send("taskRequest", &offer.request);
    }
}

fn send_to_agent(world: &World, agent_id: &str, event: &str, payload: &Value) {
    super::world::send_to(&world.agents, agent_id, event, payload);
}

/// Handles `topicSubscription {topicParticipant, agentId, conversationId, taskId,
/// roomInfo}`: accepting the pending offer opens the conversation (CHAT load +1,
/// `agentPresence`, `onTopicData` with ack, the customer's script starts). For a
/// conversation already open the snapshot is sent again (a desk re-joining after a
/// reload); one in wrap-up is refused with `errors`.
pub(crate) fn subscribe(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    payload: &Value,
) {
    let World {
        agents,
        conversations,
        ..
    } = world;
    let Some(agent) = agents.get_mut(agent_id) else {
        return;
    };
    let fail = |agent: &Agent, msg: &str| {
        tracing::info!(
            agent = agent.user.username,
            msg,
            "topicSubscription refused"
        );
        agent.send("errors", &wire::errors("topicSubscription", msg));
    };
    let conversation_id = payload.get("conversationId").and_then(Value::as_str);
    let task_id = payload.get("taskId").and_then(Value::as_str);
    let tp = payload.get("topicParticipant").filter(|v| v.is_object());
    let (Some(conversation_id), Some(task_id), Some(tp)) = (conversation_id, task_id, tp) else {
        fail(
            agent,
            "topicSubscription needs conversationId, taskId and topicParticipant",
        );
        return;
    };
    if let Some(open) = conversations
        .iter()
        .find(|c| c.chat.conversation_id == conversation_id && c.member(agent_id).is_some())
    {
        if open.in_wrapup(agent_id) {
            fail(
                agent,
                &format!("Conversation '{conversation_id}' is in wrap-up"),
            );
        } else {
            conversation::send_topic_data(sim, agent, open);
        }
        return;
    }
    let matches = agent
        .offer
        .as_ref()
        .is_some_and(|o| o.conversation_id == conversation_id && o.task_id == task_id);
    if !matches {
        fail(
            agent,
            &format!("No pending task '{task_id}' for conversation '{conversation_id}'"),
        );
        return;
    }
    let Some(offer) = agent.offer.take() else {
        return;
    };
    offer.rona.cancel();
    let Some(Incoming { chat, opening }) = offer.incoming else {
        // A transfer, conference or consult: join the open conversation.
        let member = Member::new(agent_id, tp.clone(), offer.task_id, ids::now_ms());
        if !conversation::join(sim, world, conversation_id, member) {
            send_to_agent(
                world,
                agent_id,
                "errors",
                &wire::errors(
                    "topicSubscription",
                    &format!("Conversation '{conversation_id}' is no longer active"),
                ),
            );
        }
        check(sim, world, agent_id);
        return;
    };
    let now = ids::now_ms();
    let member = Member::new(agent.id, tp.clone(), chat.task_id.clone(), now);
    let subscribed = wire::agent_subscribed(
        &chat,
        agent.id,
        agent.user.username,
        &member.participant,
        now,
    );
    let conv = Conversation::new(
        chat,
        vec![member],
        vec![opening, subscribed],
        sim.timer_token(),
    );
    tracing::info!(
        agent = agent.user.username,
        conversation = conversation_id,
        "agent joined conversation"
    );
    if let Some(chat_mrd) = agent.mrd_mut(mrd::CHAT.id) {
        chat_mrd.tasks += 1;
    }
    let change = Change {
        agent: false,
        mrds: agent.refresh_mrds(now),
    };
    if !change.is_empty() {
        agent.send_changed(&change);
    }
    conversation::send_topic_data(sim, agent, &conv);
    conversations.push(conv);
    writer::pump(sim, world, conversation_id);
    check(sim, world, agent_id);
}
