//! Answering faster on the simulated AM (issue 12): bot suggestions for some customer
//! messages, a response SLA per conversation, `RESET_AGENT_SLA`, and raised hands shown to a
//! supervisor (PROTOCOL.md §2, §4).
//!
//! Where PROTOCOL.md is silent, this is what the simulator does and why:
//! - **Bot suggestions** (`SimConfig::bot_suggestions`): a customer message with a word
//!   the demo bot knows (internet, router, order, refund, password, …) is followed at once
//!   by a `BOT_SUGGESTION` / SUGGESTION from the bot with two or three suggestions and
//!   their confidence (`cimEvent.bot_suggestion.json`'s shape, `requestedMessage` = the
//!   customer's whole message), to every agent in the conversation.
//! - **Response SLA** (`SimConfig::response_sla`, announced as the channel's
//!   `channelConfig.responseSla` in seconds): it starts when the customer waits for an
//!   answer — a customer message while none runs, or an agent joining as PRIMARY — with
//!   `AGENT_SLA_STARTED`; an agent's `AGENT_MESSAGE` stops it (`AGENT_SLA_STOPPED`); if
//!   nobody answers in time, `AGENT_SLA_EXPIRED`. \[guess\] The events' `data` is the
//!   conversation's `agentSla` object as the real snapshot spells it, `{totalDuration:
//!   <seconds>, action: "STARTED" | "EXPIRED", startTime: <ms>}`, and the snapshot's
//!   `topicData.agentSla` follows it (`action: null` with nulls when none runs). A real
//!   Agent Manager's conversation controller removes the agents when a non-private room's
//!   SLA expires; the simulator keeps them, so a person trying the desk keeps the chat.
//! - **`RESET_AGENT_SLA`** (the desk's `/extend`): when the customer is still there the SLA
//!   starts again from the full length (`AGENT_SLA_STARTED`), as ExpertFlow's controller
//!   answers it with `START_AGENT_SLA`.
//! - **Raised hands**: `HAND_RAISED` / `HAND_DOWN` from a member are stored and sent to
//!   every agent in the conversation, and to every connected supervisor who is not in it
//!   (\[guess\]: how a real AM reaches the supervisors is not documented); the snapshot's
//!   `topicData.agentHandRaise` is `{handRaised, agentNames}` and the team board's chats
//!   carry the same object. A supervisor joining the conversation answers the hand: their
//!   own snapshot still shows it, after that it is down (no event is sent). With
//!   `SimConfig::team_hand_after`, a simulated team agent raises a hand that long after
//!   the start, for a supervisor's board to show.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use super::conversation::Conversation;
use super::ids;
use super::wire;
use super::world::{Agents, Sim, World};

/// A running (or run-out) response SLA of a conversation.
pub(crate) struct Sla {
    /// When it started (ms).
    pub started_ms: i64,
    /// Its length in seconds, as `totalDuration` carries it.
    pub secs: u64,
    /// It ran out (`AGENT_SLA_EXPIRED` was sent).
    pub expired: bool,
    /// The expiry timer.
    pub timer: CancellationToken,
}

/// A raised hand in a conversation.
pub(crate) struct Hand {
    /// Keycloak id of the agent who raised it.
    pub agent_id: String,
    /// Their name as `agentNames` lists it ("First Last").
    pub name: String,
}

/// Suggested answers with their confidence (0–1).
type Answers = &'static [(&'static str, f64)];

/// The demo bot's suggestions: words it knows (any of them in the message, any case) and
/// what it suggests, with its confidence.
const SUGGESTIONS: &[(&[&str], Answers)] = &[
    (
        &["internet", "router", "modem", "connection", "wifi"],
        &[
            (
                "Could you unplug the router for 30 seconds and plug it back in?",
                0.92,
            ),
            (
                "I'm sorry about the outage. Let me check your line from here.",
                0.74,
            ),
            ("Is the light on the modem green, orange or red?", 0.58),
        ],
    ),
    (
        &["order", "delivery", "parcel", "package"],
        &[
            (
                "Let me look up your order. Could you give me the order number?",
                0.88,
            ),
            (
                "Your parcel is on its way; it should arrive within two working days.",
                0.61,
            ),
        ],
    ),
    (
        &["refund", "money back", "charged", "invoice", "bill"],
        &[
            ("I can help with that. Which invoice is it about?", 0.81),
            (
                "Refunds reach your account within 5 to 7 working days.",
                0.66,
            ),
        ],
    ),
    (
        &["password", "log in", "login", "sign in", "locked"],
        &[
            (
                "I can send you a reset link. Is your e-mail address still the same?",
                0.9,
            ),
            (
                "For your security, please never share your password with us.",
                0.55,
            ),
        ],
    ),
    (
        &["thank", "thanks"],
        &[
            (
                "You're welcome! Is there anything else I can help you with?",
                0.95,
            ),
            ("Glad I could help. Have a great day!", 0.8),
        ],
    ),
];

/// What the demo bot suggests for `text`, if it knows a word of it.
pub(crate) fn suggestions_for(text: &str) -> Option<Answers> {
    let text = text.to_lowercase();
    SUGGESTIONS
        .iter()
        .find(|(words, _)| words.iter().any(|w| text.contains(w)))
        .map(|(_, s)| *s)
}

/// `topicData.agentSla` (and the `data` of the SLA events) for `conv`.
pub(crate) fn sla_json(conv: &Conversation) -> Value {
    match &conv.sla {
        Some(sla) => json!({
            "totalDuration": sla.secs,
            "action": if sla.expired { "EXPIRED" } else { "STARTED" },
            "startTime": sla.started_ms,
        }),
        None => json!({"totalDuration": null, "action": null, "startTime": null}),
    }
}

/// `topicData.agentHandRaise` for `conv` (also on the team board's chats).
pub(crate) fn hand_json(conv: &Conversation) -> Value {
    match &conv.hand {
        Some(hand) => json!({"handRaised": true, "agentNames": [hand.name]}),
        None => json!({"handRaised": false, "agentNames": []}),
    }
}

/// The customer of `conversation_id` just wrote (the newest stored event is their
/// message): the bot's suggestions, and the response SLA starts when none runs.
pub(crate) fn customer_wrote(sim: &Arc<Sim>, world: &mut World, conversation_id: &str) {
    if sim.config.load.is_some() {
        return;
    }
    let Some((agents, conv)) = world.with_agents(conversation_id) else {
        return;
    };
    let Some(message) = conv
        .history
        .last()
        .filter(|e| e["name"] == "CUSTOMER_MESSAGE")
        .map(|e| e["data"].clone())
    else {
        return;
    };
    suggest(sim, agents, conv, &message);
    if conv.sla.is_none() {
        start(sim, agents, conv);
    }
}

/// The bot's suggestions for the customer message `message` (its CimMessage), when the
/// simulator runs the bot and it knows a word of it.
fn suggest(sim: &Sim, agents: &Agents, conv: &mut Conversation, message: &Value) {
    if !sim.config.bot_suggestions {
        return;
    }
    let text = super::conversation::text_of(message).unwrap_or_default();
    if let Some(suggestions) = suggestions_for(&text) {
        let event = wire::bot_suggestion(&conv.chat, message, suggestions, ids::now_ms());
        conv.record(agents, event);
    }
}

/// An agent joined `conv` as PRIMARY: the customer waits for them (the SLA starts), and
/// the bot suggests answers to the customer's newest message if it has not yet.
pub(crate) fn agent_joined(sim: &Arc<Sim>, agents: &Agents, conv: &mut Conversation) {
    if sim.config.load.is_some() {
        return;
    }
    let newest = conv
        .history
        .iter()
        .rev()
        .find(|e| e["name"] == "CUSTOMER_MESSAGE")
        .map(|e| e["data"].clone());
    let Some(message) = newest else {
        return;
    };
    let suggested = conv.history.iter().any(|e| {
        e["name"] == "BOT_SUGGESTION" && e["data"]["requestedMessage"]["id"] == message["id"]
    });
    if !suggested {
        suggest(sim, agents, conv, &message);
    }
    if conv.sla.is_none() {
        start(sim, agents, conv);
    }
}

/// Starts (or restarts) the SLA of `conv` with `AGENT_SLA_STARTED`, when the simulator
/// runs one and the customer is there.
fn start(sim: &Arc<Sim>, agents: &Agents, conv: &mut Conversation) {
    let Some(length) = sim.config.response_sla.filter(|d| !d.is_zero()) else {
        return;
    };
    if conv.customer_left || !conv.served() || sim.config.load.is_some() {
        return;
    }
    if let Some(old) = conv.sla.take() {
        old.timer.cancel();
    }
    let now = ids::now_ms();
    let timer = sim.timer_token();
    conv.sla = Some(Sla {
        started_ms: now,
        secs: length.as_secs().max(1),
        expired: false,
        timer: timer.clone(),
    });
    record_sla(agents, conv, "AGENT_SLA_STARTED", sla_json(conv), now);
    let cid = conv.chat.conversation_id.clone();
    sim.after(&timer, length, move |_sim, world| {
        let Some((agents, conv)) = world.with_agents(&cid) else {
            return;
        };
        let Some(sla) = conv.sla.as_mut() else {
            return;
        };
        sla.expired = true;
        tracing::info!(conversation = %cid, "response SLA expired");
        let data = sla_json(conv);
        record_sla(agents, conv, "AGENT_SLA_EXPIRED", data, ids::now_ms());
    });
}

/// An agent answered the customer in `conv`: the SLA stops (`AGENT_SLA_STOPPED`).
pub(crate) fn agent_replied(agents: &Agents, conv: &mut Conversation) {
    let Some(sla) = conv.sla.take() else {
        return;
    };
    sla.timer.cancel();
    let data = json!({"totalDuration": sla.secs, "action": "STOPPED", "startTime": sla.started_ms});
    record_sla(agents, conv, "AGENT_SLA_STOPPED", data, ids::now_ms());
}

/// Stores and sends an `AGENT_SLA_*` NOTIFICATION from the conversation monitor.
fn record_sla(agents: &Agents, conv: &mut Conversation, name: &str, data: Value, ms: i64) {
    let event = wire::notification(
        &conv.chat,
        name,
        wire::system_emitter("CONVERSATION_MONITOR"),
        data,
        ms,
    );
    conv.record(agents, event);
}

/// `RESET_AGENT_SLA` from a member: the SLA starts again from its full length while the
/// customer is there.
pub(crate) fn reset(sim: &Arc<Sim>, agents: &Agents, conv: &mut Conversation) {
    tracing::info!(conversation = %conv.chat.conversation_id, "RESET_AGENT_SLA");
    start(sim, agents, conv);
}

/// `HAND_RAISED` / `HAND_DOWN` published by `agent_id` in `conv`: stored, sent to the
/// conversation and to the supervisors outside it.
pub(crate) fn hand(agents: &Agents, conv: &mut Conversation, agent_id: &str, mut event: Value) {
    let raised = event["name"] == "HAND_RAISED";
    conv.fill_envelope(&mut event, ids::now_ms());
    let name = agents
        .get(agent_id)
        .map(|a| super::users::full_name(a.user))
        .unwrap_or_default();
    tracing::info!(conversation = %conv.chat.conversation_id, agent = %name, raised, "hand");
    if raised {
        conv.hand = Some(Hand {
            agent_id: agent_id.to_string(),
            name,
        });
    } else if conv.hand.as_ref().is_some_and(|h| h.agent_id == agent_id) {
        conv.hand = None;
    }
    tell_supervisors(agents, conv, &event);
    conv.record(agents, event);
}

/// Sends `event` of `conv` to every connected supervisor who is not in it.
fn tell_supervisors(agents: &Agents, conv: &Conversation, event: &Value) {
    let payload = wire::on_cim_event(event, &conv.chat.conversation_id, conv.chat.room_info());
    for agent in agents
        .values()
        .filter(|a| a.user.supervisor && conv.member(a.id).is_none())
    {
        agent.send("onCimEvent", &payload);
    }
}

/// A supervisor joined `conv` (after their snapshot went out): the hand is answered.
pub(crate) fn supervisor_joined(conv: &mut Conversation) {
    if conv.hand.take().is_some() {
        tracing::info!(conversation = %conv.chat.conversation_id, "raised hand answered by a supervisor");
    }
}

/// With `SimConfig::team_hand_after`: the first simulated team agent raises a hand in its
/// chat that long after the start.
pub(crate) fn schedule_team_hand(sim: &Arc<Sim>, after: Duration) {
    sim.after(&sim.timer_token(), after, |_sim, world| {
        let World {
            agents,
            conversations,
            ..
        } = world;
        let Some((conv, agent_id)) = conversations.iter_mut().find_map(|c| {
            let id = c
                .members
                .iter()
                .find(|m| {
                    m.role() == "PRIMARY" && agents.get(m.agent_id).is_some_and(|a| a.simulated)
                })
                .map(|m| m.agent_id)?;
            Some((c, id))
        }) else {
            return;
        };
        let Some(user) = agents.get(agent_id).map(|a| a.user) else {
            return;
        };
        let mut event = crate::protocol::hand::hand_event(
            true,
            &ids::uuid(),
            &conv.chat.conversation_id,
            None,
            agent_id,
            user.username,
            ids::now_ms(),
        );
        event["roomInfo"] = conv.chat.room_info();
        hand(agents, conv, agent_id, event);
    });
}
