//! Wrap-up after the agent leaves (PROTOCOL.md §2 `closeWrapup`, §3 `wrapupTimerStarted`,
//! `topicUnsubscription` reasons), as a real AM with wrap-up enabled does it:
//!
//! 1. The desk sends `topicUnsubscription`. The simulator answers `wrapupTimerStarted
//!    {task, duration: "<ms>", conversationId, roomInfo, statusCode: 200}`
//!    (`wrapupTimerStarted.json`; `duration` = [`SimConfig::wrapup`] in milliseconds, as
//!    a **string**). The customer stops writing (the agent left); the conversation stays
//!    with the agent (CHAT load kept, `SimServer::open_conversations` lists it) until:
//! 2. `closeWrapup {cimEvent, roomInfo, conversationId, agentId}` from the desk: with an
//!    AGENT_MESSAGE whose body is WRAPUP (`closeWrapup.json`; object or JSON string) →
//!    `topicUnsubscription` reason `Wrap Up applied`; with `cimEvent: null`
//!    (`closeWrapup.skip.json`) → reason `choosing leave without Wrap Up`. Each accepted
//!    `closeWrapup` is recorded (`SimServer::wrapups`). Or:
//! 3. the timer expires → reason `wrap Up Timer Expired` (nothing recorded).
//!
//! Then the conversation ends as in `conversation::end` (CHAT load −1, `agentPresence`,
//! `topicClosed` if the customer had left). After a reconnect during wrap-up the new
//! socket gets `wrapupTimerStarted` again with the time left \[guess\], instead of an
//! `onTopicData`. `closeWrapup` for a conversation not in wrap-up, or with a `cimEvent`
//! that is not a WRAPUP message, is refused with `errors {task: "closeWrapup", msg}`.
//!
//! [`SimConfig::wrapup`]: super::SimConfig::wrapup

use std::sync::Arc;

use serde_json::Value;

use super::conversation::{self, cim_event_of, Conversation, WrapUp};
use super::wire;
use super::world::{send_to, username, Agent, Agents, Sim, World};

/// Reason of the final `topicUnsubscription` after a `closeWrapup` with a WRAPUP message.
pub(crate) const APPLIED: &str = "Wrap Up applied";
/// Reason after a `closeWrapup` with `cimEvent: null`.
pub(crate) const SKIPPED: &str = "choosing leave without Wrap Up";
/// Reason after the wrap-up timer expired.
pub(crate) const EXPIRED: &str = "wrap Up Timer Expired";

/// The agent left `conv`: start its wrap-up timer and tell the desk. The customer stops
/// writing when no other agent serves the conversation.
pub(crate) fn start(
    sim: &Arc<Sim>,
    agents: &Agents,
    conv: &mut Conversation,
    agent_id: &'static str,
) {
    let timer = sim.timer_token();
    let duration = sim.config.wrapup;
    let Some(member) = conv.member_mut(agent_id) else {
        return;
    };
    member.wrapup = Some(WrapUp {
        timer: timer.clone(),
        deadline: tokio::time::Instant::now() + duration,
    });
    if !conv.served() {
        conv.script.cancel();
        if let Some(hold) = conv.hold.take() {
            hold.timer.cancel();
        }
    }
    let cid = conv.chat.conversation_id.clone();
    tracing::info!(agent = username(agents, agent_id), conversation = %cid, ?duration, "wrap-up started");
    send_to(
        agents,
        agent_id,
        "wrapupTimerStarted",
        &wire::wrapup_timer_started(&cid, sim.config.wrapup_ms(), conv.chat.room_info()),
    );
    sim.after(&timer, duration, move |sim, world| {
        conversation::end(sim, world, agent_id, &cid, EXPIRED, &Value::Null);
    });
}

/// `wrapupTimerStarted` with the time left, for a desk that reconnected during wrap-up.
pub(crate) fn resend(agent: &Agent, conv: &Conversation) {
    if let Some(w) = conv.member(agent.id).and_then(|m| m.wrapup.as_ref()) {
        let left = w
            .deadline
            .saturating_duration_since(tokio::time::Instant::now());
        let ms = u64::try_from(left.as_millis()).unwrap_or(u64::MAX);
        agent.send(
            "wrapupTimerStarted",
            &wire::wrapup_timer_started(&conv.chat.conversation_id, ms, conv.chat.room_info()),
        );
    }
}

/// Handles `closeWrapup {cimEvent, roomInfo, conversationId, agentId}`.
pub(crate) fn close(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value) {
    let Some(agent) = world.agents.get(agent_id) else {
        return;
    };
    let fail = |msg: &str| {
        tracing::info!(agent = agent.user.username, msg, "closeWrapup refused");
        agent.send("errors", &wire::errors("closeWrapup", msg));
    };
    let event = match cim_event_of(payload) {
        Ok(e) => e,
        Err(msg) => {
            fail(msg);
            return;
        }
    };
    let cid = payload
        .get("conversationId")
        .or_else(|| event.as_ref().and_then(|e| e.get("conversationId")))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let in_wrapup = world
        .conversation(&cid)
        .filter(|c| c.member(agent_id).is_some())
        .map(|c| c.in_wrapup(agent_id));
    match in_wrapup {
        None => {
            fail(&format!(
                "Conversation '{cid}' is not active for this agent"
            ));
            return;
        }
        Some(false) => {
            fail(&format!("No wrap-up is pending for conversation '{cid}'"));
            return;
        }
        Some(true) => {}
    }
    let (reason, recorded) = match event {
        None => (SKIPPED, Value::Null),
        Some(e) if e["data"]["body"]["type"] == "WRAPUP" => (APPLIED, e.into_owned()),
        Some(_) => {
            fail("cimEvent must be null or an AGENT_MESSAGE with a WRAPUP body");
            return;
        }
    };
    tracing::info!(agent = username(&world.agents, agent_id), conversation = %cid, reason, "wrap-up closed");
    world.wrapups.push((cid.clone(), recorded.clone()));
    conversation::end(sim, world, agent_id, &cid, reason, &recorded);
}
