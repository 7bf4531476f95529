//! Transfer, conference, consult and consult transfer (PROTOCOL.md §2 `directTransferRequest`,
//! `directConferenceRequest`, `consultRequest`, `consultTransferRequest`; §3
//! `agentAssistanceRequestPlaced`, `agentAssignedForAssistance`,
//! `consulTransferRequestSuccess`; §4 `TASK_ENQUEUED`, `NO_AGENT_AVAILABLE`).
//!
//! PROTOCOL.md gives the requests and the names of the answers, not the order; this is what
//! the simulator does (the seed guide: "after making the transfer request that agent will
//! no longer be part of that conversation. The routing engine will choose an available
//! agent (if any)"):
//! 1. The request is checked: the conversation (from `channelSession.conversationId`, else
//!    `agentParticipant.conversationId`) must be open with the requester in it as PRIMARY;
//!    `mode: "queue"` needs a known `queueName` (case-insensitive), `mode: "agent"` a known
//!    `requestedAgentId`. Else `errors {task: <event>, msg}` (e.g. "Queue not found").
//! 2. A transfer or conference is confirmed with `agentAssistanceRequestPlaced
//!    {requestAction: "transfer"|"conference", mode}`.
//! 3. A queue request records `TASK_ENQUEUED` in the conversation (everyone in it sees it).
//! 4. The routing engine picks the first available agent (`queues.rs`; for `mode: "agent"`
//!    the named one, if available). Nobody → `NO_AGENT_AVAILABLE {requestType: {mode,
//!    direction}}` in the conversation and nothing else changes (the requester keeps it).
//! 5. Somebody: a consult or a transfer is answered `agentAssignedForAssistance {type:
//!    consult|direct-transfer}`; a transfer's requester leaves at once
//!    (`topicUnsubscription` reason `CHAT TRANSFERRED` with `roomInfo`,
//!    `topicUnsubscription.transferred.json`; the others get `AGENT_UNSUBSCRIBED`); the
//!    chosen desk agent gets `taskRequest` RESERVED (`DIRECT_TRANSFER`, `DIRECT_CONFERENCE`
//!    or `CONSULT`) with RONA, a simulated agent takes it (`team.rs`). Accepting joins the
//!    conversation (PRIMARY; ASSISTANT for a consult). An offer not answered in time goes to
//!    the next available agent; with nobody left, `NO_AGENT_AVAILABLE`, and a transferred
//!    conversation nobody took is closed.
//! 6. `consultTransferRequest {requestedAgentId}` names the consulted ASSISTANT: it becomes
//!    PRIMARY (`PARTICIPANT_ROLE_CHANGED`), the requester gets `consulTransferRequestSuccess
//!    {conversationId, newTask, agentId}` and leaves with `CHAT TRANSFERRED`.
//!
//! Every request is recorded for `SimServer::requests`.

use std::sync::Arc;

use serde_json::{json, Value};

use super::activities;
use super::conversation::Member;
use super::ids;
use super::mrd;
use super::precision_queues::{self, QueueDef};
use super::presence::Change;
use super::routing::{self, Offer};
use super::team;
use super::webchat;
use super::wire;
use super::world::{send_to, username, Sim, World};

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Transfer,
    Conference,
    Consult,
}

impl Kind {
    fn event(self) -> &'static str {
        match self {
            Kind::Transfer => "directTransferRequest",
            Kind::Conference => "directConferenceRequest",
            Kind::Consult => "consultRequest",
        }
    }

    fn direction(self) -> &'static str {
        match self {
            Kind::Transfer => "DIRECT_TRANSFER",
            Kind::Conference => "DIRECT_CONFERENCE",
            Kind::Consult => "CONSULT",
        }
    }
}

/// Handles `directTransferRequest`.
pub(crate) fn transfer(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value) {
    request(sim, world, agent_id, payload, Kind::Transfer);
}

/// Handles `directConferenceRequest`.
pub(crate) fn conference(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    payload: &Value,
) {
    request(sim, world, agent_id, payload, Kind::Conference);
}

/// Handles `consultRequest`.
pub(crate) fn consult(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value) {
    request(sim, world, agent_id, payload, Kind::Consult);
}

fn refuse(world: &World, agent_id: &str, task: &str, msg: &str) {
    tracing::info!(
        agent = username(&world.agents, agent_id),
        task,
        msg,
        "request refused"
    );
    send_to(&world.agents, agent_id, "errors", &wire::errors(task, msg));
}

/// The conversation a request is about.
fn conversation_of(payload: &Value) -> String {
    [
        "/channelSession/conversationId",
        "/agentParticipant/conversationId",
        "/conversationId",
    ]
    .iter()
    .find_map(|p| payload.pointer(p).and_then(Value::as_str))
    .unwrap_or_default()
    .to_string()
}

/// Where a request goes: a queue, or one agent by id.
enum Target {
    Queue(&'static QueueDef),
    Agent(&'static str),
}

fn request(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value, kind: Kind) {
    let task = kind.event();
    world.requests.push((task.to_string(), payload.clone()));
    let cid = conversation_of(payload);
    let primary = world
        .conversation(&cid)
        .and_then(|c| c.member(agent_id))
        .map(|m| m.role() == "PRIMARY" && m.wrapup.is_none());
    match primary {
        None => {
            refuse(
                world,
                agent_id,
                task,
                &format!("Conversation '{cid}' is not active for this agent"),
            );
            return;
        }
        Some(false) => {
            refuse(
                world,
                agent_id,
                task,
                "Only the conversation's primary agent can do this",
            );
            return;
        }
        Some(true) => {}
    }
    let note = payload["note"].as_str().unwrap_or_default().to_string();
    let mode = payload["mode"].as_str().unwrap_or_default();
    let target = match mode {
        "queue" => match payload["queueName"]
            .as_str()
            .and_then(precision_queues::by_name)
        {
            Some(q) => Target::Queue(q),
            None => {
                refuse(world, agent_id, task, "Queue not found");
                return;
            }
        },
        "agent" => {
            let wanted = payload["requestedAgentId"].as_str().unwrap_or_default();
            match world.agents.get(wanted) {
                Some(a) => Target::Agent(a.id),
                None => {
                    refuse(world, agent_id, task, "Agent not found");
                    return;
                }
            }
        }
        _ => {
            refuse(world, agent_id, task, "mode must be \"queue\" or \"agent\"");
            return;
        }
    };
    tracing::info!(agent = username(&world.agents, agent_id), conversation = %cid, task, mode, "assistance requested");
    if kind != Kind::Consult {
        let action = if kind == Kind::Transfer {
            "transfer"
        } else {
            "conference"
        };
        send_to(
            &world.agents,
            agent_id,
            "agentAssistanceRequestPlaced",
            &wire::assistance_request_placed(action, mode),
        );
    }
    let queue = match target {
        Target::Queue(q) => Some(q),
        Target::Agent(_) => None,
    };
    let candidates = match target {
        Target::Queue(q) => precision_queues::candidates(world, q, &cid, agent_id),
        Target::Agent(id) => {
            let free = id != agent_id
                && world
                    .agents
                    .get(id)
                    .is_some_and(precision_queues::available)
                && world
                    .conversation(&cid)
                    .is_some_and(|c| c.member(id).is_none());
            if free {
                vec![id]
            } else {
                Vec::new()
            }
        }
    };
    let requester_name = team::name_of(&world.agents, agent_id);
    if let (Some(q), Some((agents, conv))) = (queue, world.with_agents(&cid)) {
        if kind == Kind::Transfer && !candidates.is_empty() {
            // The chat now belongs to that queue (the team board lists it there).
            conv.chat.queue = json!({"id": q.id, "name": q.name});
        }
        let task_id = format!("{}:{}", ids::uuid(), ids::uuid());
        let event = wire::assist_task_enqueued(
            &conv.chat,
            &task_id,
            kind.direction(),
            (q.id, q.name),
            &requester_name,
            ids::now_ms(),
        );
        conv.record(agents, event);
    }
    let Some(&chosen) = candidates.first() else {
        no_agent(world, &cid, mode, kind.direction(), queue);
        return;
    };
    if kind != Kind::Conference {
        let type_ = if kind == Kind::Consult {
            "consult"
        } else {
            "direct-transfer"
        };
        let name = team::name_of(&world.agents, chosen);
        send_to(
            &world.agents,
            agent_id,
            "agentAssignedForAssistance",
            &wire::agent_assigned(&cid, type_, &ids::uuid(), chosen, &name),
        );
    }
    if kind == Kind::Transfer {
        leave_transferred(sim, world, agent_id, &cid);
    }
    route(
        sim,
        world,
        chosen,
        &cid,
        kind.direction(),
        queue,
        &note,
        agent_id,
    );
}

/// `NO_AGENT_AVAILABLE` in the conversation.
fn no_agent(world: &mut World, cid: &str, mode: &str, direction: &str, queue: Option<&QueueDef>) {
    tracing::info!(conversation = cid, mode, direction, "no agent available");
    if let Some((agents, conv)) = world.with_agents(cid) {
        let event = wire::assist_no_agent(
            &conv.chat,
            mode,
            direction,
            queue.map(|q| q.name),
            ids::now_ms(),
        );
        conv.record(agents, event);
    }
}

/// Gives the task to `chosen`: an offer to a desk agent, or a simulated agent takes it.
#[allow(clippy::too_many_arguments)] // one routed task, assembled from its parts
fn route(
    sim: &Arc<Sim>,
    world: &mut World,
    chosen: &'static str,
    cid: &str,
    direction: &'static str,
    queue: Option<&'static QueueDef>,
    note: &str,
    requested_by: &'static str,
) {
    let simulated = world.agents.get(chosen).is_some_and(|a| a.simulated);
    if simulated {
        team::take(sim, world, chosen, cid, direction, queue);
    } else if !routing::offer_task(
        sim,
        world,
        chosen,
        cid,
        direction,
        queue,
        note,
        requested_by,
    ) {
        orphaned(sim, world, cid);
    }
}

/// A desk agent did not answer a task on an open conversation (RONA): the next available
/// agent of its queue gets it; with nobody left, `NO_AGENT_AVAILABLE` (and a conversation
/// nobody is in any more is closed).
pub(crate) fn unanswered(sim: &Arc<Sim>, world: &mut World, offer: &Offer) {
    let requester = offer.requested_by.unwrap_or("");
    // The agent who did not answer is NOT_READY (RONA), offline or busy now: not a candidate.
    let next = offer
        .queue
        .map(|q| precision_queues::candidates(world, q, &offer.conversation_id, requester))
        .unwrap_or_default()
        .into_iter()
        .next();
    match (next, offer.requested_by) {
        (Some(next), Some(requested_by)) => {
            route(
                sim,
                world,
                next,
                &offer.conversation_id,
                offer.direction,
                offer.queue,
                &offer.note,
                requested_by,
            );
        }
        _ => {
            let mode = if offer.queue.is_some() {
                "queue"
            } else {
                "agent"
            };
            no_agent(
                world,
                &offer.conversation_id,
                mode,
                offer.direction,
                offer.queue,
            );
            orphaned(sim, world, &offer.conversation_id);
        }
    }
}

/// Closes a conversation nobody is in any more (a transfer nobody took): the customer's
/// timers stop and it becomes a past conversation.
pub(crate) fn orphaned(_sim: &Arc<Sim>, world: &mut World, cid: &str) {
    let Some(pos) = world
        .conversations
        .iter()
        .position(|c| c.chat.conversation_id == cid && c.members.is_empty())
    else {
        return;
    };
    let conv = world.conversations.remove(pos);
    conv.script.cancel();
    tracing::info!(
        conversation = cid,
        "transferred conversation not taken: closed"
    );
    world.finished.push(activities::finished(
        &conv.chat,
        &conv.history,
        "",
        ids::now_ms(),
        &Value::Null,
    ));
}

/// The requester leaves after a transfer: `topicUnsubscription` `CHAT TRANSFERRED` (with
/// `roomInfo`), `AGENT_UNSUBSCRIBED` for the others, CHAT load −1. The conversation stays
/// open for the agent it goes to (the customer waits meanwhile).
fn leave_transferred(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, cid: &str) {
    let World {
        agents,
        conversations,
        web,
        ..
    } = &mut *world;
    let Some(conv) = conversations
        .iter_mut()
        .find(|c| c.chat.conversation_id == cid)
    else {
        return;
    };
    if let (Some(agent), Some(session)) = (
        agents.get(agent_id),
        conv.chat.web_session().and_then(|id| web.get_mut(id)),
    ) {
        session.agent_left(&webchat::agent_ref(agent.user), tokio::time::Instant::now());
    }
    let Some(index) = conv.members.iter().position(|m| m.agent_id == agent_id) else {
        return;
    };
    let member = conv.members.remove(index);
    let now = ids::now_ms();
    let name = username(agents, agent_id);
    let left = wire::agent_unsubscribed(
        &conv.chat,
        agent_id,
        name,
        &member.participant,
        "CHAT TRANSFERRED",
        now,
    );
    conv.record(agents, left);
    if !conv.served() {
        conv.script.cancel();
    }
    let unsubscribed = wire::topic_unsubscription_transferred(&conv.chat);
    let Some(agent) = agents.get_mut(agent_id) else {
        return;
    };
    tracing::info!(
        agent = agent.user.username,
        conversation = cid,
        "transferred: agent left"
    );
    agent.send("topicUnsubscription", &unsubscribed);
    if member.counts() {
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
    }
    routing::check(sim, world, agent_id);
}

/// Handles `consultTransferRequest {conversationId, channelSession, agentParticipant,
/// requestedAgentId, mode: "agent", offerToAgent: false}`.
pub(crate) fn consult_transfer(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    payload: &Value,
) {
    const TASK: &str = "consultTransferRequest";
    world.requests.push((TASK.to_string(), payload.clone()));
    let cid = payload["conversationId"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| conversation_of(payload));
    let wanted = payload["requestedAgentId"].as_str().unwrap_or_default();
    let now = ids::now_ms();
    let problem = match world.with_agents(&cid) {
        None => Some(format!("Conversation '{cid}' is not active for this agent")),
        Some((agents, conv)) => {
            let primary = conv.member(agent_id).is_some_and(|m| m.role() == "PRIMARY");
            let assistant = conv
                .members
                .iter()
                .position(|m| m.agent_id == wanted && m.role() == "ASSISTANT");
            match (primary, assistant) {
                (false, _) => Some("Only the conversation's primary agent can do this".to_string()),
                (true, None) => Some(format!(
                    "Agent '{wanted}' is not consulted in this conversation"
                )),
                (true, Some(i)) => {
                    let consulted = conv.members[i].agent_id;
                    conv.members[i].set_role("PRIMARY");
                    let participant = conv.members[i].participant.clone();
                    let event = wire::participant_role_changed(
                        &conv.chat,
                        consulted,
                        username(agents, consulted),
                        &participant,
                        now,
                    );
                    conv.record(agents, event);
                    send_to(
                        agents,
                        agent_id,
                        "consulTransferRequestSuccess",
                        &wire::consult_transfer_success(&cid, &ids::uuid(), consulted),
                    );
                    None
                }
            }
        }
    };
    match problem {
        Some(msg) => refuse(world, agent_id, TASK, &msg),
        None => leave_transferred(sim, world, agent_id, &cid),
    }
}

/// A topic participant for a member the simulator adds itself, from the desk's payload when
/// it sent one.
pub(crate) fn member_from(
    agent_id: &'static str,
    tp: Option<&Value>,
    conversation_id: &str,
    role: &str,
    keycloak_user: &Value,
) -> Member {
    let mut tp = tp.filter(|t| t.is_object()).cloned().unwrap_or_else(|| {
        wire::agent_topic_participant(agent_id, keycloak_user, conversation_id, role)
    });
    tp["role"] = json!(role);
    tp["conversationId"] = json!(conversation_id);
    Member::new(
        agent_id,
        tp,
        format!("{}:{}", ids::uuid(), ids::uuid()),
        ids::now_ms(),
    )
}
