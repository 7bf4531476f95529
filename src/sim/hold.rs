//! Hold: `pauseConversation` and `resumeConversation` (PROTOCOL.md §2; fixtures
//! `pauseConversation.json`, `resumeConversation.json`).
//!
//! - `pauseConversation {participantId, conversationId, roomInfo, duration, state:
//!   "ON_HOLD"}`: `duration` is the hold time in **seconds**, a number (fractions allowed;
//!   a numeric string is accepted too, as the docs show one; `0`, null or absent = no
//!   automatic resume). The simulator stores and sends on `onCimEvent` a
//!   `CONVERSATION_PAUSED` NOTIFICATION from the agent with
//!   `data: {conversationId, participantId, duration: <seconds, number or null>,
//!   startTime: <ms>}` [guess: PROTOCOL.md names the event, not its data]. While on hold
//!   the scripted customer does not write and the snapshot's `holdTimerDetails` is
//!   `{totalDuration: <seconds>, startTime: <ms>}`.
//! - `resumeConversation {participantId, conversationId, roomInfo, state: "ACTIVE"}`:
//!   `CONVERSATION_RESUMED` NOTIFICATION from the agent with `data: {conversationId,
//!   participantId, reason: "AGENT"}` \[guess\]; the customer goes on writing.
//! - The hold time running out resumes by itself: `CONVERSATION_RESUMED` from SYSTEM
//!   `CONVERSATION_MANAGER` with `reason: "HOLD_TIMER_EXPIRED"` \[guess\].
//!
//! Refused with `errors {task, msg}`: an unknown conversation, one in wrap-up, pausing
//! a conversation already on hold, resuming one that is not, a `state` other than
//! `ON_HOLD` / `ACTIVE`, a malformed `duration`.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use super::conversation::{seconds_json, Hold};
use super::ids;
use super::wire;
use super::world::{username, Agents, Sim, World};
use super::writer;

/// Longest hold accepted, in seconds (a day).
const MAX_HOLD_SECS: f64 = 86_400.0;

/// `duration` of `pauseConversation` in seconds: `Ok(None)` for no automatic resume.
fn hold_secs(value: Option<&Value>) -> Result<Option<f64>, String> {
    let secs = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
        Some(_) => None,
    };
    match secs {
        Some(s) if s.is_finite() && (0.0..=MAX_HOLD_SECS).contains(&s) => {
            Ok((s > 0.0).then_some(s))
        }
        _ => Err(format!(
            "duration must be a number of seconds between 0 and {MAX_HOLD_SECS}"
        )),
    }
}

fn refuse(world: &World, agent_id: &str, task: &str, msg: &str) {
    if let Some(agent) = world.agents.get(agent_id) {
        tracing::info!(agent = agent.user.username, task, msg, "refused");
        agent.send("errors", &wire::errors(task, msg));
    }
}

/// Handles `pauseConversation`.
pub(crate) fn pause(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value) {
    const TASK: &str = "pauseConversation";
    let cid = payload["conversationId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if let Some(state) = payload["state"].as_str().filter(|s| *s != "ON_HOLD") {
        refuse(
            world,
            agent_id,
            TASK,
            &format!("state must be ON_HOLD, got '{state}'"),
        );
        return;
    }
    let secs = match hold_secs(payload.get("duration")) {
        Ok(s) => s,
        Err(msg) => {
            refuse(world, agent_id, TASK, &msg);
            return;
        }
    };
    let Some((agents, conv)) = world.joined(agent_id, &cid) else {
        refuse(
            world,
            agent_id,
            TASK,
            &format!("Conversation '{cid}' is not active for this agent"),
        );
        return;
    };
    let problem = if conv.in_wrapup(agent_id) {
        Some(format!("Conversation '{cid}' is in wrap-up"))
    } else if conv.hold.is_some() {
        Some(format!("Conversation '{cid}' is already on hold"))
    } else {
        None
    };
    if let Some(msg) = problem {
        refuse(world, agent_id, TASK, &msg);
        return;
    }
    let participant_id = payload["participantId"]
        .as_str()
        .unwrap_or(agent_id)
        .to_string();
    let now = ids::now_ms();
    let timer = sim.timer_token();
    let event = wire::notification(
        &conv.chat,
        "CONVERSATION_PAUSED",
        wire::agent_emitter(agent_id, username(agents, agent_id)),
        json!({
            "conversationId": cid,
            "participantId": participant_id,
            "duration": secs.map(seconds_json),
            "startTime": now,
        }),
        now,
    );
    tracing::info!(agent = username(agents, agent_id), conversation = %cid, ?secs, "conversation on hold");
    conv.hold = Some(Hold {
        started_ms: now,
        secs,
        participant_id,
        timer: timer.clone(),
    });
    conv.record(agents, event);
    if let Some(duration) = secs.and_then(|s| Duration::try_from_secs_f64(s).ok()) {
        sim.after(&timer, duration, move |sim, world| {
            resumed(sim, world, agent_id, &cid, None);
        });
    }
}

/// Handles `resumeConversation`.
pub(crate) fn resume(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value) {
    const TASK: &str = "resumeConversation";
    let cid = payload["conversationId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if let Some(state) = payload["state"].as_str().filter(|s| *s != "ACTIVE") {
        refuse(
            world,
            agent_id,
            TASK,
            &format!("state must be ACTIVE, got '{state}'"),
        );
        return;
    }
    let paused = world.joined(agent_id, &cid).map(|(_, c)| c.hold.is_some());
    match paused {
        None => refuse(
            world,
            agent_id,
            TASK,
            &format!("Conversation '{cid}' is not active for this agent"),
        ),
        Some(false) => refuse(
            world,
            agent_id,
            TASK,
            &format!("Conversation '{cid}' is not on hold"),
        ),
        Some(true) => {
            let participant_id = payload["participantId"]
                .as_str()
                .unwrap_or(agent_id)
                .to_string();
            resumed(sim, world, agent_id, &cid, Some(participant_id));
        }
    }
}

/// Ends the hold: by the agent (`by` = its participant id) or by the timer (`None`).
fn resumed(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    conversation_id: &str,
    by: Option<String>,
) {
    let Some((agents, conv)) = world.with_agents(conversation_id) else {
        return;
    };
    let agents: &Agents = agents;
    let Some(hold) = conv.hold.take() else {
        return;
    };
    hold.timer.cancel();
    let now = ids::now_ms();
    let (emitter, participant_id, reason) = match by {
        Some(p) => (
            wire::agent_emitter(agent_id, username(agents, agent_id)),
            p,
            "AGENT",
        ),
        None => (
            wire::system_emitter("CONVERSATION_MANAGER"),
            hold.participant_id,
            "HOLD_TIMER_EXPIRED",
        ),
    };
    let event = wire::notification(
        &conv.chat,
        "CONVERSATION_RESUMED",
        emitter,
        json!({
            "conversationId": conversation_id,
            "participantId": participant_id,
            "reason": reason,
        }),
        now,
    );
    tracing::info!(
        agent = username(agents, agent_id),
        conversation = conversation_id,
        reason,
        "conversation resumed"
    );
    conv.record(agents, event);
    writer::pump(sim, world, conversation_id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hold_duration_is_seconds() {
        assert_eq!(hold_secs(Some(&json!(900))), Ok(Some(900.0)));
        assert_eq!(hold_secs(Some(&json!(0.2))), Ok(Some(0.2)));
        assert_eq!(hold_secs(Some(&json!("60"))), Ok(Some(60.0)));
        assert_eq!(hold_secs(Some(&json!(0))), Ok(None));
        assert_eq!(hold_secs(None), Ok(None));
        assert!(hold_secs(Some(&json!(-1))).is_err());
        assert!(hold_secs(Some(&json!("soon"))).is_err());
        assert!(hold_secs(Some(&json!(1e12))).is_err());
        assert!(hold_secs(Some(&json!({}))).is_err());
    }
}
