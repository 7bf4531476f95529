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
//!
//! What is offered comes from `queue.rs`: the oldest queued chat (a person on the web
//! chat), else the next scripted customer. A chat enters the queue with [`enqueue`]:
//! `TASK_ENQUEUED` (emitter `ROUTING_ENGINE`, `cimEvent.task_enqueued.json`) goes into
//! its history, and `NO_AGENT_AVAILABLE` too when no agent can take it right now; every
//! agent's routing is then re-checked. A revoked offer of a queued chat goes back to the
//! head of the queue ([`requeue`]) with a new reservation (task id media part);
//! \[sim\] a revoked scripted chat is dropped, as nobody waits behind it.
//!
//! Besides inbound chats, an agent can be offered a task on an open conversation: a
//! transfer, conference or consult another agent asked for (`assist.rs`, [`offer_task`]).
//! Its offer works the same way; when it is revoked or not answered, `assist.rs` routes it
//! to the next available agent.

use std::sync::Arc;

use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::chat::Chat;
use super::conversation::{self, Conversation, Member};
use super::ids;
use super::load;
use super::mrd;
use super::precision_queues::QueueDef;
use super::presence::{Change, NOT_READY, READY};
use super::queue::{self, Waiting};
use super::webchat;
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
    /// The history so far (live form), starting with the customer's opening
    /// CUSTOMER_MESSAGE.
    pub history: Vec<Value>,
    /// The initial `topicData.conversationData`.
    pub data: Value,
}

/// True when the agent could take a chat now (and `supply`: there is one to offer).
fn can_offer(agent: &Agent, supply: bool) -> bool {
    supply
        && agent.socket.is_some()
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
    let supply = queue::has_supply(sim, world);
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    let inbound = sim
        .config
        .inbound_for
        .is_none_or(|users| users.contains(&agent.user.username));
    if !inbound || !can_offer(agent, supply) {
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

/// Re-evaluates routing for every agent (a chat entered the queue).
pub(crate) fn check_all(sim: &Arc<Sim>, world: &mut World) {
    let mut ids: Vec<(i64, &'static str)> = world
        .agents
        .values()
        .map(|a| (a.state_changed_at, a.id))
        .collect();
    // Longest available first (`agentSelectionPolicy: LONGEST_AVAILABLE`).
    ids.sort_unstable();
    for (_, id) in ids {
        check(sim, world, id);
    }
}

/// The offer timer fired: offer the next chat (`queue::next_chat`).
fn offer(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str) {
    let supply = queue::has_supply(sim, world);
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    agent.offer_timer = None;
    if !can_offer(agent, supply) {
        return;
    }
    let Some(next) = queue::next_chat(sim, world) else {
        return;
    };
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    let Waiting {
        chat,
        history,
        data,
    } = next;
    let rona = sim.timer_token();
    let conversation_id = chat.conversation_id.clone();
    tracing::info!(
        agent = agent.user.username,
        conversation = %conversation_id,
        customer = %chat.customer_name,
        "offering chat (taskRequest RESERVED)"
    );
    let request = wire::task_request_reserved(&chat);
    agent.send("taskRequest", &request);
    agent.offer = Some(Offer {
        conversation_id: conversation_id.clone(),
        task_id: chat.task_id.clone(),
        direction: "INBOUND",
        incoming: Some(Incoming {
            chat,
            history,
            data,
        }),
        request,
        requested_by: None,
        queue: None,
        note: String::new(),
        rona: rona.clone(),
    });
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
    let revoked = revoke_offer(agent);
    let change = agent.apply_state(NOT_READY, Value::Null, ids::now_ms());
    if !change.is_empty() {
        agent.send_changed(&change);
    }
    requeue(sim, world, revoked);
    check(sim, world, agent_id);
}

/// Withdraws the pending offer, if any: cancels its RONA timer and sends `revokeTask`.
/// Returns it, for [`requeue`].
#[must_use = "a revoked chat goes back to the queue with routing::requeue"]
pub(crate) fn revoke_offer(agent: &mut Agent) -> Option<Offer> {
    let offer = agent.offer.take()?;
    offer.rona.cancel();
    agent.send(
        "revokeTask",
        &wire::revoke_task(&offer.conversation_id, &offer.task_id),
    );
    Some(offer)
}

/// A revoked offer's chat goes back to the head of the queue when a person waits behind
/// it (a web chat whose customer is still there); a scripted chat is dropped. A revoked
/// task on an open conversation (transfer, conference, consult) goes to the next available
/// agent (`assist.rs`). Then every agent's routing is re-checked.
pub(crate) fn requeue(sim: &Arc<Sim>, world: &mut World, revoked: Option<Offer>) {
    let Some(offer) = revoked else {
        return;
    };
    let Some(incoming) = offer.incoming else {
        let task = Offer {
            incoming: None,
            ..offer
        };
        super::assist::unanswered(sim, world, &task);
        return;
    };
    let Some(session_id) = incoming.chat.web_session() else {
        return;
    };
    if !world.web.is_connected(session_id) {
        return;
    }
    let mut chat = incoming.chat;
    chat.renew_reservation();
    tracing::info!(conversation = %chat.conversation_id, "chat back in the queue");
    let mut waiting = Waiting {
        chat,
        history: incoming.history,
        data: incoming.data,
    };
    if !any_agent_free(world) {
        let event = wire::no_agent_available(&waiting.chat, ids::now_ms());
        waiting.history.push(event);
    }
    world.queue.push_front(waiting);
    check_all(sim, world);
}

/// A chat enters the queue: `TASK_ENQUEUED` in its history, `NO_AGENT_AVAILABLE` too when
/// no agent can take a chat now; then every agent's routing is re-checked (a free agent
/// gets the offer after `offer_delay`).
pub(crate) fn enqueue(sim: &Arc<Sim>, world: &mut World, mut waiting: Waiting) {
    let now = ids::now_ms();
    waiting
        .history
        .push(wire::task_enqueued(&waiting.chat, world.queue.len(), now));
    if !any_agent_free(world) {
        waiting
            .history
            .push(wire::no_agent_available(&waiting.chat, now));
    }
    tracing::info!(
        conversation = %waiting.chat.conversation_id,
        customer = %waiting.chat.customer_name,
        queued = world.queue.len() + 1,
        "chat enqueued"
    );
    world.queue.push_back(waiting);
    check_all(sim, world);
}

/// True when some agent could take a chat now.
pub(crate) fn any_agent_free(world: &World) -> bool {
    world.agents.values().any(|a| can_offer(a, true))
}

/// Withdraws the pending offer of `conversation_id` from whichever agent holds it (the
/// customer left before anyone accepted). Returns true when there was one.
pub(crate) fn withdraw(sim: &Arc<Sim>, world: &mut World, conversation_id: &str) -> bool {
    let Some(agent) = world.agents.values_mut().find(|a| {
        a.offer
            .as_ref()
            .is_some_and(|o| o.conversation_id == conversation_id && o.incoming.is_some())
    }) else {
        return false;
    };
    let agent_id = agent.id;
    // Not requeued: nobody waits behind it any more.
    let _ = revoke_offer(agent);
    check(sim, world, agent_id);
    true
}

/// The pending offer of the inbound chat `conversation_id`, whoever holds it.
pub(crate) fn offer_mut<'a>(
    world: &'a mut World,
    conversation_id: &str,
) -> Option<&'a mut Incoming> {
    world
        .agents
        .values_mut()
        .filter_map(|a| a.offer.as_mut())
        .filter(|o| o.conversation_id == conversation_id)
        .find_map(|o| o.incoming.as_mut())
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
    let Some(Incoming {
        chat,
        history,
        data,
    }) = offer.incoming
    else {
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
    join_new(
        sim,
        world,
        agent_id,
        Incoming {
            chat,
            history,
            data,
        },
        tp,
    );
}

/// The agent is the first to join `incoming`'s chat, as the topic participant `tp` (an
/// accepted inbound offer, or a chat picked from a pull-mode list, `pull.rs`):
/// AGENT_SUBSCRIBED in its history, CHAT load +1 with `agentPresence`, `onTopicData` with
/// ack, the customer starts writing.
pub(crate) fn join_new(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    incoming: Incoming,
    tp: &Value,
) {
    let World {
        agents,
        conversations,
        web,
        ..
    } = world;
    let Some(agent) = agents.get_mut(agent_id) else {
        return;
    };
    let Incoming {
        chat,
        history,
        data,
    } = incoming;
    let conversation_id = chat.conversation_id.clone();
    let now = ids::now_ms();
    let member = Member::new(agent.id, tp.clone(), chat.task_id.clone(), now);
    let subscribed = wire::agent_subscribed(
        &chat,
        agent.id,
        agent.user.username,
        &member.participant,
        now,
    );
    let mut history = history;
    history.push(subscribed);
    let conv = Conversation::new(chat, vec![member], history, data, sim.timer_token());
    tracing::info!(
        agent = agent.user.username,
        conversation = %conversation_id,
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
    let joined = webchat::agent_ref(agent.user);
    if let Some(session) = conv.chat.web_session().and_then(|id| web.get_mut(id)) {
        session.agent_joined(&joined);
    }
    if sim.config.load.is_some() {
        let chat = conv.chat.clone();
        conversations.push(conv);
        load::accepted(sim, world, agent_id, &chat);
    } else {
        conversations.push(conv);
        writer::pump(sim, world, &conversation_id);
    }
    check(sim, world, agent_id);
}
