//! The supervisor's requests (PROTOCOL.md §2 `JoinAsSilentMonitor`, `JoinAsBargin`,
//! `joinAsWhisper`; §4 `PARTICIPANT_ROLE_CHANGED`; seed guide §8).
//!
//! - `JoinAsSilentMonitor {topicParticipant, agentId, channelSession}`: only for a user with
//!   the supervisor role and a conversation of the team it supervises (every conversation
//!   here: one team). The supervisor joins with role SILENT_MONITOR (no CHAT task, no
//!   wrap-up), gets `onTopicData` (with ack) with the whole history, and everyone in the
//!   conversation gets `AGENT_SUBSCRIBED` of a SILENT_MONITOR (agents' desks hide it, §4).
//!   Joining again re-sends the snapshot.
//! - `JoinAsBargin {participantId, conversationId, roomInfo}`: a monitoring supervisor
//!   becomes PRIMARY (`PARTICIPANT_ROLE_CHANGED` to everyone); its AGENT_MESSAGEs then reach
//!   the customer.
//! - `joinAsWhisper {participantId, conversationId, roomInfo}`: after a barge-in, back to
//!   role WHISPER \[guess: PROTOCOL.md's\] (`PARTICIPANT_ROLE_CHANGED`).
//! - Leaving (`topicUnsubscription`) ends it at once (`conversation.rs`).
//!
//! Refusals are `errors {task, msg}`. Every request is recorded for `SimServer::requests`.

use std::sync::Arc;

use serde_json::Value;

use super::assist::member_from;
use super::conversation;
use super::ids;
use super::wire;
use super::world::{send_to, username, Sim, World};

fn refuse(world: &World, agent_id: &str, task: &str, msg: &str) {
    tracing::info!(
        agent = username(&world.agents, agent_id),
        task,
        msg,
        "supervisor request refused"
    );
    send_to(&world.agents, agent_id, "errors", &wire::errors(task, msg));
}

fn is_supervisor(world: &World, agent_id: &str) -> bool {
    world
        .agents
        .get(agent_id)
        .is_some_and(|a| a.user.supervisor)
}

/// Handles `JoinAsSilentMonitor`.
pub(crate) fn silent_monitor(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    payload: &Value,
) {
    const TASK: &str = "JoinAsSilentMonitor";
    world.requests.push((TASK.to_string(), payload.clone()));
    if !is_supervisor(world, agent_id) {
        refuse(
            world,
            agent_id,
            TASK,
            "Only supervisors can monitor conversations",
        );
        return;
    }
    let tp = payload.get("topicParticipant").filter(|t| t.is_object());
    let cid = [
        "/topicParticipant/conversationId",
        "/channelSession/conversationId",
        "/conversationId",
    ]
    .iter()
    .find_map(|p| payload.pointer(p).and_then(Value::as_str))
    .unwrap_or_default()
    .to_string();
    let Some(conv) = world.conversation(&cid) else {
        refuse(
            world,
            agent_id,
            TASK,
            &format!("Conversation '{cid}' is not active"),
        );
        return;
    };
    if conv.member(agent_id).is_some() {
        if let Some(agent) = world.agents.get(agent_id) {
            conversation::send_topic_data(sim, agent, conv);
        }
        return;
    }
    let Some(ku) = world.agents.get(agent_id).map(|a| a.keycloak_user.clone()) else {
        return;
    };
    let mut member = member_from(agent_id, tp, &cid, "SILENT_MONITOR", &ku);
    member.supervisor = true;
    tracing::info!(agent = username(&world.agents, agent_id), conversation = %cid, "silent monitor joined");
    conversation::join(sim, world, &cid, member);
}

/// Sets a supervisor's role from one of `from` to `to` and tells everyone.
fn change_role(
    world: &mut World,
    agent_id: &'static str,
    payload: &Value,
    task: &str,
    from: &[&str],
    to: &str,
) {
    world.requests.push((task.to_string(), payload.clone()));
    if !is_supervisor(world, agent_id) {
        refuse(world, agent_id, task, "Only supervisors can do this");
        return;
    }
    let cid = payload["conversationId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let Some((agents, conv)) = world.joined(agent_id, &cid) else {
        refuse(
            world,
            agent_id,
            task,
            &format!("Conversation '{cid}' is not monitored by this supervisor"),
        );
        return;
    };
    let Some(member) = conv.member_mut(agent_id).filter(|m| m.supervisor) else {
        return;
    };
    if !from.contains(&member.role()) {
        let msg = format!("The supervisor is {} here", member.role());
        refuse(world, agent_id, task, &msg);
        return;
    }
    member.set_role(to);
    let participant = member.participant.clone();
    let event = wire::participant_role_changed(
        &conv.chat,
        agent_id,
        username(agents, agent_id),
        &participant,
        ids::now_ms(),
    );
    tracing::info!(agent = username(agents, agent_id), conversation = %cid, role = to, "supervisor role changed");
    conv.record(agents, event);
}

/// Handles `JoinAsBargin`.
pub(crate) fn barge(_sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value) {
    change_role(
        world,
        agent_id,
        payload,
        "JoinAsBargin",
        &["SILENT_MONITOR", "WHISPER"],
        "PRIMARY",
    );
}

/// Handles `joinAsWhisper`.
pub(crate) fn whisper(_sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value) {
    change_role(
        world,
        agent_id,
        payload,
        "joinAsWhisper",
        &["PRIMARY"],
        "WHISPER",
    );
}
