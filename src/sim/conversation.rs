//! Open conversations: the `onTopicData` snapshot (with ack), the scripted customer's
//! messages, `publishCimEvent` and `topicUnsubscription` (PROTOCOL.md §2–§4).
//!
//! Where PROTOCOL.md is silent, this is what the simulator does and why:
//! - The conversation's history (`topicEvents`) is kept, so the snapshot re-sent after a
//!   reconnect holds everything said so far (as a real AM re-sends stored events).
//! - The customer keeps writing while the agent's socket is down (the customer does not
//!   know): those messages land in the history only. The script ends when its 1–2
//!   follow-ups are sent, the agent leaves, or the simulator shuts down.
//! - Only AGENT_MESSAGE is echoed (`onCimEvent`, same event id and `data.id`, PROTOCOL.md
//!   §4: the echo is the delivery confirmation). TYPING_INDICATOR,
//!   MESSAGE_DELIVERY_NOTIFICATION and other events are accepted and only logged.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use super::chat::Chat;
use super::customer;
use super::ids;
use super::mrd;
use super::presence::Change;
use super::routing;
use super::wire;
use super::world::{Agent, Sim, World};

/// How long the simulator waits for the desk's `onTopicData` ack.
pub(crate) const TOPIC_ACK_TIMEOUT: Duration = Duration::from_secs(10);

/// One conversation the agent is in.
pub(crate) struct Conversation {
    pub chat: Chat,
    /// The topic participant the desk sent in `topicSubscription`.
    tp: Value,
    /// That participant as the server keeps it (with `joiningTime`).
    participant: Value,
    /// Stored events, live form (ms timestamps), oldest first.
    history: Vec<Value>,
    /// Cancels the customer's timers when the conversation ends.
    script: CancellationToken,
}

impl Conversation {
    pub(crate) fn new(
        chat: Chat,
        tp: Value,
        participant: Value,
        history: Vec<Value>,
        script: CancellationToken,
    ) -> Self {
        Self {
            chat,
            tp,
            participant,
            history,
            script,
        }
    }
}

/// Sends `onTopicData` for `conv` to the agent and waits (in a task, at most
/// [`TOPIC_ACK_TIMEOUT`]) for the ack; a received ack is recorded in
/// `World::topic_acks`.
pub(crate) fn send_topic_data(sim: &Arc<Sim>, agent: &Agent, conv: &Conversation) {
    let payload = wire::on_topic_data(&conv.chat, &conv.tp, &conv.participant, &conv.history);
    let Some(socket) = &agent.socket else {
        return;
    };
    let ack = match socket
        .timeout(TOPIC_ACK_TIMEOUT)
        .emit_with_ack::<_, Value>("onTopicData", &(payload,))
    {
        Ok(ack) => ack,
        Err(e) => {
            tracing::warn!(agent = agent.user.username, error = %e, "onTopicData not sent");
            return;
        }
    };
    let sim = Arc::clone(sim);
    let conversation_id = conv.chat.conversation_id.clone();
    let username = agent.user.username;
    tokio::spawn(async move {
        tokio::select! {
            _ = sim.shutdown.cancelled() => {}
            res = ack => match res {
                Ok(value) => {
                    tracing::debug!(username, conversation = %conversation_id, ack = %value, "onTopicData acked");
                    if value.get("status").and_then(Value::as_str) != Some("ok") {
                        tracing::warn!(username, ack = %value, "onTopicData ack is not {{\"status\":\"ok\"}}");
                    }
                    sim.lock().topic_acks.push((conversation_id, value));
                }
                Err(e) => tracing::warn!(username, conversation = %conversation_id, error = %e, "onTopicData not acked"),
            }
        }
    });
}

/// Starts the customer's follow-up messages, `customer_delay` apart.
pub(crate) fn start_script(sim: &Arc<Sim>, agent_id: &'static str, conv: &Conversation) {
    schedule_follow_up(
        sim,
        agent_id,
        conv.chat.conversation_id.clone(),
        conv.script.clone(),
        0,
    );
}

fn schedule_follow_up(
    sim: &Arc<Sim>,
    agent_id: &'static str,
    conversation_id: String,
    token: CancellationToken,
    index: usize,
) {
    let next_token = token.clone();
    sim.after(&token, sim.config.customer_delay, move |sim, world| {
        let Some(text) = world
            .agents
            .get_mut(agent_id)
            .and_then(|a| a.conversation_mut(&conversation_id))
            .and_then(|c| c.chat.script.follow_ups.get(index).copied())
        else {
            return;
        };
        customer_says(world, agent_id, &conversation_id, text);
        schedule_follow_up(sim, agent_id, conversation_id, next_token, index + 1);
    });
}

/// The customer writes `text`: stored in the history and sent as `onCimEvent`.
fn customer_says(world: &mut World, agent_id: &'static str, conversation_id: &str, text: &str) {
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    let Some(conv) = agent.conversation_mut(conversation_id) else {
        return;
    };
    let event = wire::customer_message(&conv.chat, text, ids::now_ms());
    let payload = wire::on_cim_event(&event, conversation_id, conv.chat.room_info());
    conv.history.push(event);
    tracing::debug!(
        agent = agent.user.username,
        conversation = conversation_id,
        text,
        "customer message"
    );
    agent.send("onCimEvent", &payload);
}

/// Handles `publishCimEvent {cimEvent, agentId, conversationId, roomInfo}`; `cimEvent` may
/// be an object or its JSON string.
pub(crate) fn publish(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value) {
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    let fail = |agent: &Agent, msg: &str| {
        tracing::info!(agent = agent.user.username, msg, "publishCimEvent refused");
        agent.send("errors", &wire::errors("publishCimEvent", msg));
    };
    let event = match payload.get("cimEvent") {
        Some(Value::String(s)) => serde_json::from_str::<Value>(s).ok(),
        Some(v) => Some(v.clone()),
        None => None,
    };
    let Some(mut event) = event.filter(Value::is_object) else {
        fail(
            agent,
            "cimEvent must be a CIM event object or its JSON string",
        );
        return;
    };
    let conversation_id = payload
        .get("conversationId")
        .or_else(|| event.get("conversationId"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let Some(conv) = agent.conversation_mut(&conversation_id) else {
        fail(
            agent,
            &format!("Conversation '{conversation_id}' is not active for this agent"),
        );
        return;
    };
    let name = event
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if name != "AGENT_MESSAGE" {
        tracing::debug!(conversation = %conversation_id, name, "publishCimEvent accepted (not echoed)");
        return;
    }
    let now = ids::now_ms();
    if let Some(obj) = event.as_object_mut() {
        obj.entry("timestamp").or_insert(json!(now));
        obj.entry("conversationId")
            .or_insert(json!(conversation_id));
        obj.entry("roomInfo").or_insert(conv.chat.room_info());
    }
    let body = event.get("data").and_then(|d| d.get("body"));
    let text = body
        .and_then(|b| b.get("markdownText"))
        .and_then(Value::as_str);
    let body_type = body.and_then(|b| b.get("type")).and_then(Value::as_str);
    let answer = customer::answer(text, body_type);
    let echo = wire::on_cim_event(&event, &conversation_id, conv.chat.room_info());
    conv.history.push(event);
    let token = conv.script.clone();
    agent.send("onCimEvent", &echo);
    sim.after(&token, sim.config.customer_delay, move |_sim, world| {
        customer_says(world, agent_id, &conversation_id, &answer);
    });
}

/// Handles `topicUnsubscription {conversationId, agentId, roomInfo}`: the agent leaves;
/// answered with `topicUnsubscription` (reason UNSUBSCRIBED), CHAT load −1 and
/// `agentPresence` when an MRD state changed.
pub(crate) fn unsubscribe(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    payload: &Value,
) {
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    let conversation_id = payload
        .get("conversationId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Some(pos) = agent
        .conversations
        .iter()
        .position(|c| c.chat.conversation_id == conversation_id)
    else {
        let msg = format!("Conversation '{conversation_id}' is not active for this agent");
        agent.send("errors", &wire::errors("topicUnsubscription", &msg));
        return;
    };
    let conv = agent.conversations.remove(pos);
    conv.script.cancel();
    tracing::info!(
        agent = agent.user.username,
        conversation = conversation_id,
        "agent left conversation"
    );
    agent.send(
        "topicUnsubscription",
        &wire::topic_unsubscription(conversation_id, "UNSUBSCRIBED"),
    );
    let now = ids::now_ms();
    if let Some(chat_mrd) = agent.mrd_mut(mrd::CHAT.id) {
        chat_mrd.tasks = chat_mrd.tasks.saturating_sub(1);
    }
    let change = Change {
        agent: false,
        mrds: agent.refresh_mrds(now),
    };
    if !change.is_empty() {
        agent.send_changed(&change);
    }
    routing::check(sim, world, agent_id);
}
