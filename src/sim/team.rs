//! The simulated team: agents the simulator plays itself (`users::TEAM_AGENTS`, Dana Lee in
//! "Billing Queue", Eli Khan in "Support Queue"), so a supervisor has a team to watch and an
//! agent has someone to transfer to with no second desk.
//!
//! What they do (when `SimConfig::team` is on; PROTOCOL.md is silent on all of it, this is
//! what a live contact centre looks like from the desk):
//! - From the start each is READY (CHAT 1 of 4, `mrd::TEAM_CHAT`) in one live chat with a scripted customer
//!   (`customer::TEAM_SCRIPTS`) who writes every [`SimConfig::team_pace`] and repeats the
//!   script's follow-ups, up to [`MAX_TEAM_LINES`].
//! - While no desk agent is PRIMARY in a conversation, a simulated PRIMARY answers each
//!   customer message half a pace later with a stock line (at most [`MAX_SAID`] lines).
//!   The customer does not answer simulated agents (only desk agents), so this never loops.
//! - Offered a transfer, conference or consult, it takes it after `customer_delay`: joins
//!   (PRIMARY, or ASSISTANT for a consult) and greets — the customer for a transfer or
//!   conference, the agents with a whisper for a consult.
//! - A whisper from a desk agent or supervisor is answered with a whisper.
//!
//! [`SimConfig::team_pace`]: super::SimConfig::team_pace

use std::sync::Arc;

use serde_json::{json, Value};

use super::chat::{Chat, CustomerInfo, Origin};
use super::conversation::{self, Conversation, Member};
use super::customer::TEAM_SCRIPTS;
use super::ids;
use super::mrd;
use super::precision_queues::{self, QueueDef};
use super::presence::READY;
use super::queue;
use super::users::{self, TEAM_AGENTS};
use super::wire;
use super::world::{Agent, Agents, Sim, World};
use super::writer;

/// Most follow-ups a team customer writes; then the chat idles (still open to monitor).
pub(crate) const MAX_TEAM_LINES: usize = 60;
/// Most messages a simulated agent writes in one conversation.
pub(crate) const MAX_SAID: usize = 80;

/// What a simulated agent says to a customer, in turn.
const REPLIES: &[&str] = &[
    "Let me check that for you.",
    "Thanks, I can see it on your account.",
    "One moment please, I am looking into it.",
    "Noted. Is there anything else I should know?",
    "That makes sense — I will take care of it.",
];

/// The queue a simulated agent works in (its first queue other than the inbound one).
fn home_queue(username: &str) -> &'static QueueDef {
    precision_queues::QUEUES
        .iter()
        .skip(1)
        .find(|q| q.members.contains(&username))
        .unwrap_or(&precision_queues::QUEUES[0])
}

/// Creates the simulated agents and their live chats (called once at start).
pub(crate) fn seed(sim: &Arc<Sim>, world: &mut World) {
    let now = ids::now_ms();
    for (user, script) in TEAM_AGENTS.iter().zip(TEAM_SCRIPTS) {
        let mut agent = Agent::new(user, now);
        agent.simulated = true;
        if let Some(chat_mrd) = agent.mrds.iter_mut().find(|m| m.def.id == mrd::CHAT.id) {
            *chat_mrd = mrd::MrdState::new(&mrd::TEAM_CHAT, now);
        }
        agent.apply_state(READY, Value::Null, now);
        if let Some(chat_mrd) = agent.mrd_mut(mrd::CHAT.id) {
            chat_mrd.tasks += 1;
        }
        agent.refresh_mrds(now);
        let home = home_queue(user.username);
        let mut chat = Chat::new(
            &CustomerInfo::of_script(script),
            Origin::Scripted(script),
            json!({"id": home.id, "name": home.name}),
            sim.config.rona_secs(),
        );
        chat.set_response_sla(sim.config.response_sla_secs());
        let started = now - 90_000;
        chat.started_ms = started;
        let opening = wire::customer_message(&chat, script.opening, started);
        let tp = wire::agent_topic_participant(
            agent.id,
            &agent.keycloak_user,
            &chat.conversation_id,
            "PRIMARY",
        );
        let mut member = Member::new(agent.id, tp, chat.task_id.clone(), started + 5_000);
        let subscribed = wire::agent_subscribed(
            &chat,
            agent.id,
            user.username,
            &member.participant,
            started + 5_000,
        );
        let greeting = wire::agent_text(
            &chat,
            "AGENT_MESSAGE",
            agent.id,
            user,
            &format!(
                "Hi {}, this is {} — how can I help?",
                script.first_name, user.first_name
            ),
            started + 10_000,
        );
        member.said = 1;
        let cid = chat.conversation_id.clone();
        let mut conv = Conversation::new(
            chat,
            vec![member],
            vec![opening, subscribed, greeting],
            queue::data_of(script.conversation_data.iter().copied()),
            sim.timer_token(),
        );
        conv.pace = Some(sim.config.team_pace);
        conv.writer.repeat_until = MAX_TEAM_LINES;
        tracing::info!(agent = user.username, conversation = %cid, "simulated team chat started");
        world.agents.insert(agent.id, agent);
        world.conversations.push(conv);
        writer::pump(sim, world, &cid);
    }
}

/// True when `agent_id` is a simulated agent.
fn simulated(agents: &Agents, agent_id: &str) -> bool {
    agents.get(agent_id).is_some_and(|a| a.simulated)
}

/// A message from a simulated member, recorded for everyone.
fn say(agents: &Agents, conv: &mut Conversation, agent_id: &'static str, name: &str, text: &str) {
    let Some(user) = agents.get(agent_id).map(|a| a.user) else {
        return;
    };
    let event = wire::agent_text(&conv.chat, name, agent_id, user, text, ids::now_ms());
    if let Some(m) = conv.member_mut(agent_id) {
        m.said += 1;
    }
    conv.record(agents, event);
    if name == "AGENT_MESSAGE" {
        super::answer::agent_replied(agents, conv);
    }
}

/// The customer of `conversation_id` wrote: a simulated PRIMARY answers half a pace later,
/// unless a desk agent (or a supervisor who barged in) is PRIMARY there.
pub(crate) fn customer_wrote(sim: &Arc<Sim>, world: &mut World, conversation_id: &str) {
    let Some(conv) = world.conversation(conversation_id) else {
        return;
    };
    let desk_primary = conv
        .members
        .iter()
        .any(|m| m.role() == "PRIMARY" && !simulated(&world.agents, m.agent_id));
    if desk_primary {
        return;
    }
    let Some(agent_id) = conv
        .members
        .iter()
        .find(|m| {
            m.serves()
                && m.role() == "PRIMARY"
                && m.said < MAX_SAID
                && simulated(&world.agents, m.agent_id)
        })
        .map(|m| m.agent_id)
    else {
        return;
    };
    let delay = conv.pace.unwrap_or(sim.config.customer_delay) / 2;
    let cid = conversation_id.to_string();
    sim.after(&conv.script, delay, move |_sim, world| {
        let Some((agents, conv)) = world.with_agents(&cid) else {
            return;
        };
        let said = conv.member(agent_id).map_or(0, |m| m.said);
        say(
            agents,
            conv,
            agent_id,
            "AGENT_MESSAGE",
            REPLIES[said % REPLIES.len()],
        );
    });
}

/// A desk agent or supervisor whispered in `conv`: each simulated agent in it whispers back.
pub(crate) fn whispered(sim: &Arc<Sim>, agents: &Agents, conv: &Conversation, from: &str) {
    if simulated(agents, from) {
        return;
    }
    let first = agents.get(from).map_or("there", |a| a.user.first_name);
    for m in conv
        .members
        .iter()
        .filter(|m| m.agent_id != from && m.said < MAX_SAID && simulated(agents, m.agent_id))
    {
        let agent_id = m.agent_id;
        let cid = conv.chat.conversation_id.clone();
        let text = format!("Got it, {first} — thanks.");
        let token = sim.timer_token();
        sim.after(&token, sim.config.customer_delay / 2, move |_sim, world| {
            if let Some((agents, conv)) = world.with_agents(&cid) {
                if conv.member(agent_id).is_some() {
                    say(agents, conv, agent_id, "WHISPER_MESSAGE", &text);
                }
            }
        });
    }
}

/// The simulated agent `agent_id` takes a task on `conversation_id` after `customer_delay`:
/// joins as PRIMARY (ASSISTANT for `CONSULT`) and greets.
pub(crate) fn take(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    conversation_id: &str,
    direction: &'static str,
    queue: Option<&'static QueueDef>,
) {
    // Reserve the capacity now, so a second request does not pick the same agent twice.
    if let Some(agent) = world.agents.get_mut(agent_id) {
        agent.reserved += 1;
    }
    let cid = conversation_id.to_string();
    let token = sim.timer_token();
    sim.after(&token, sim.config.customer_delay, move |sim, world| {
        if let Some(agent) = world.agents.get_mut(agent_id) {
            agent.reserved = agent.reserved.saturating_sub(1);
        }
        let Some(agent) = world.agents.get(agent_id) else {
            return;
        };
        let user = agent.user;
        let role = if direction == "CONSULT" {
            "ASSISTANT"
        } else {
            "PRIMARY"
        };
        let tp = wire::agent_topic_participant(agent_id, &agent.keycloak_user, &cid, role);
        let task_id = format!("{}:{}", ids::uuid(), ids::uuid());
        let member = Member::new(agent_id, tp, task_id, ids::now_ms());
        if !conversation::join(sim, world, &cid, member) {
            super::assist::orphaned(sim, world, &cid);
            return;
        }
        let Some((agents, conv)) = world.with_agents(&cid) else {
            return;
        };
        let queue = queue.unwrap_or_else(|| home_queue(user.username)).name;
        if direction == "CONSULT" {
            let text = format!("{} here ({queue}) — what do you need?", user.first_name);
            say(agents, conv, agent_id, "WHISPER_MESSAGE", &text);
        } else {
            let customer = conv.chat.channel_data["customerFirstName"]
                .as_str()
                .unwrap_or("there")
                .to_string();
            let text = format!(
                "Hi {customer}, this is {} {} from {queue} — I am here to help.",
                user.first_name, user.last_name
            );
            say(agents, conv, agent_id, "AGENT_MESSAGE", &text);
        }
    });
}

/// The routing engine's agent name of a simulated or desk user ("First Last").
pub(crate) fn name_of(agents: &Agents, agent_id: &str) -> String {
    agents
        .get(agent_id)
        .map_or_else(|| agent_id.to_string(), |a| users::full_name(a.user))
}
