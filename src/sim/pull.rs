//! Pull mode (PROTOCOL.md §2, §3, §5): chats on a PULL channel wait on a **list** until an
//! agent who follows the list picks one.
//!
//! - Lists ([`LISTS`]): `Web Leads` and `VIP Callbacks`, served by
//!   `GET /unified-admin/pull-mode-list` (`desk_rest.rs`).
//! - Arrivals: every [`SimConfig::pull_arrival`](super::SimConfig::pull_arrival) a scripted
//!   customer (`customer.rs`) writes in on the **PULL channel** (`channels::pull_channel`:
//!   `routingPolicy.routingMode: "PULL"`, `routingObjectId` = the list id) and waits on the
//!   lists in turn, while fewer than [`MAX_WAITING`] wait on that list; at most
//!   [`SimConfig::pull_customers`](super::SimConfig::pull_customers) over the run. A waiting
//!   request is `{id, channelSession, status: "CREATED", listId, time}` (ms).
//! - `subscribePullModeList {topicParticipant, agentId, listId, list}`: the agent follows the
//!   list (kept across reconnects until it logs out) → `onPullModeSubscribedList {id, name,
//!   description}` and `addPullModeSubscribedListRequests [the list's waiting requests]`.
//!   Unknown list → `errors`.
//! - `unsubscribePullModeList` (same shape) → `removePullModeSubscribedListRequests` with the
//!   **bare string** list id.
//! - A new request → every follower gets `onPullModeSubscribedListRequest {pullModeEvent:
//!   "<JSON string of the request>", type: "PULL_MODE_LIST_REQUEST_RECEIVED",
//!   conversationId}`; a request that stops waiting → the same with `type:
//!   "PULL_MODE_LIST_REQUEST_STATE_CHANGED"` and `status` `ACCEPTED` (an agent picked it),
//!   `DELETED` (deleted by a supervisor) or `CLOSED` (the customer left after
//!   [`SimConfig::pull_patience`](super::SimConfig::pull_patience)). \[guess\] PROTOCOL.md
//!   names only `CREATED`; these names are the simulator's.
//! - `joinPullModeRequest {topicParticipant, agentId, channelSession, requestId}`: the picker
//!   must have room on its CHAT MRD (fewer chats than `maxAgentTasks`, whatever its state);
//!   then the request changes to `ACCEPTED` for every follower and the conversation opens for
//!   the picker exactly like an accepted offer (`routing::join_new`: `agentPresence`,
//!   `onTopicData` with ack, the customer writes). A request that no longer waits, or no room
//!   → `errors {task: "joinPullModeRequest", msg}` saying why (taken by another agent, the
//!   customer left, deleted, CHAT full).
//! - `deletePullModeRequest` with the **bare string** request id: supervisors only (else
//!   `errors`); the request changes to `DELETED`.
//! - On every (re)connect, an agent that follows lists gets `onPullModeSubscribedList` for each
//!   and `pullModeSubscribedListRequests` with all their waiting requests.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use serde_json::{json, Value};

use super::channels;
use super::chat::{default_queue, Chat, CustomerInfo, Origin};
use super::customer;
use super::ids;
use super::mrd;
use super::queue::data_of;
use super::routing::{self, Incoming};
use super::wire;
use super::world::{Agent, Sim, World};

/// A pull-mode list: `(id, name, description)`.
pub(crate) struct PullList {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
}

/// The simulated deployment's pull-mode lists.
pub(crate) const LISTS: [PullList; 2] = [
    PullList {
        id: "6630b1f2c1d4e5f6a7b8c1a1",
        name: "Web Leads",
        description: "Web chats waiting to be picked",
    },
    PullList {
        id: "6630b1f2c1d4e5f6a7b8c1a2",
        name: "VIP Callbacks",
        description: "Priority customers",
    },
];

/// At most this many requests wait on one list (arrivals pause meanwhile).
pub(crate) const MAX_WAITING: usize = 3;

/// How many finished requests are remembered (to say why a late pick fails).
const MAX_FINISHED: usize = 50;

/// Statuses of a request (\[guess\] beyond `CREATED`, see the module docs).
pub(crate) const CREATED: &str = "CREATED";
pub(crate) const ACCEPTED: &str = "ACCEPTED";
pub(crate) const DELETED: &str = "DELETED";
pub(crate) const CLOSED: &str = "CLOSED";

/// `{id, name, description}` of a list.
fn list_json(list: &PullList) -> Value {
    json!({"id": list.id, "name": list.name, "description": list.description})
}

/// The `GET /unified-admin/pull-mode-list` answer.
pub(crate) fn lists_json() -> Value {
    Value::Array(LISTS.iter().map(list_json).collect())
}

fn list_by_id(id: &str) -> Option<&'static PullList> {
    LISTS.iter().find(|l| l.id == id)
}

/// A chat waiting on a list.
pub(crate) struct Request {
    pub id: String,
    pub list_id: &'static str,
    /// When it was put on the list (ms).
    pub time: i64,
    pub incoming: Incoming,
}

impl Request {
    /// `{id, channelSession, status, listId, time}`.
    fn to_json(&self, status: &str) -> Value {
        json!({
            "id": self.id,
            "channelSession": self.incoming.chat.channel_session,
            "status": status,
            "listId": self.list_id,
            "time": self.time,
        })
    }
}

/// Pull mode's part of the world.
#[derive(Default)]
pub(crate) struct Pull {
    /// Waiting requests, oldest first.
    pub requests: Vec<Request>,
    /// list id → the agents following it, in the order they followed.
    pub followers: HashMap<&'static str, Vec<&'static str>>,
    /// `(request id, why it no longer waits)` of recently finished requests, oldest first.
    finished: VecDeque<(String, String)>,
    /// How many pull customers arrived so far.
    pub arrived: usize,
}

impl Pull {
    fn finish(&mut self, request_id: &str, why: String) {
        if self.finished.len() >= MAX_FINISHED {
            self.finished.pop_front();
        }
        self.finished.push_back((request_id.to_string(), why));
    }

    fn take(&mut self, request_id: &str) -> Option<Request> {
        let index = self.requests.iter().position(|r| r.id == request_id)?;
        Some(self.requests.remove(index))
    }

    /// The lists an agent follows.
    fn followed_by(&self, agent_id: &str) -> Vec<&'static PullList> {
        LISTS
            .iter()
            .filter(|l| {
                self.followers
                    .get(l.id)
                    .is_some_and(|f| f.contains(&agent_id))
            })
            .collect()
    }

    /// Forgets what an agent follows (it logged out).
    pub(crate) fn forget_agent(&mut self, agent_id: &str) {
        for followers in self.followers.values_mut() {
            followers.retain(|a| *a != agent_id);
        }
    }
}

/// `onPullModeSubscribedListRequest` for `request` with `status` and `kind` to every follower
/// of its list.
fn tell_followers(
    agents: &HashMap<&'static str, Agent>,
    pull: &Pull,
    request: &Request,
    status: &str,
    kind: &str,
) {
    let payload = json!({
        "pullModeEvent": request.to_json(status).to_string(),
        "type": kind,
        "conversationId": request.incoming.chat.conversation_id,
    });
    for agent_id in pull.followers.get(request.list_id).into_iter().flatten() {
        if let Some(agent) = agents.get(agent_id) {
            agent.send("onPullModeSubscribedListRequest", &payload);
        }
    }
}

/// Starts the arrivals (see the module docs).
pub(crate) fn start(sim: &Arc<Sim>) {
    if sim.config.pull_customers == Some(0) {
        return;
    }
    schedule(sim);
}

fn schedule(sim: &Arc<Sim>) {
    let token = sim.timer_token();
    sim.after(&token, sim.config.pull_arrival, |sim, world| {
        arrive(sim, world);
        let more = sim
            .config
            .pull_customers
            .is_none_or(|max| world.pull.arrived < max);
        if more {
            schedule(sim);
        }
    });
}

/// A pull customer writes in on the next list with room.
fn arrive(sim: &Arc<Sim>, world: &mut World) {
    let pull = &mut world.pull;
    let list = (0..LISTS.len())
        .map(|i| &LISTS[(pull.arrived + i) % LISTS.len()])
        .find(|l| pull.requests.iter().filter(|r| r.list_id == l.id).count() < MAX_WAITING);
    let Some(list) = list else {
        return;
    };
    // Scripts other than the next push customer's, so the two kinds differ at first.
    let script = customer::pick(pull.arrived + 2);
    pull.arrived += 1;
    let mut chat = Chat::new(
        &CustomerInfo::of_script(script),
        Origin::Scripted(script),
        default_queue(),
        sim.config.rona_secs(),
    );
    chat.channel_session["channel"] = channels::pull_channel(list.id, sim.config.rona_secs());
    let opening = wire::customer_message(&chat, script.opening, chat.started_ms);
    let request = Request {
        id: ids::object_id(),
        list_id: list.id,
        time: chat.started_ms,
        incoming: Incoming {
            chat,
            history: vec![opening],
            data: data_of(script.conversation_data.iter().copied()),
        },
    };
    tracing::info!(
        list = list.name,
        request = %request.id,
        customer = %request.incoming.chat.customer_name,
        "pull-mode customer waits on a list"
    );
    tell_followers(
        &world.agents,
        &world.pull,
        &request,
        CREATED,
        "PULL_MODE_LIST_REQUEST_RECEIVED",
    );
    let request_id = request.id.clone();
    world.pull.requests.push(request);
    let token = sim.timer_token();
    sim.after(&token, sim.config.pull_patience, move |_, world| {
        give_up(world, &request_id);
    });
}

/// The customer waited too long and leaves.
fn give_up(world: &mut World, request_id: &str) {
    let Some(request) = world.pull.take(request_id) else {
        return;
    };
    tracing::info!(request = request_id, "pull-mode customer left the list");
    tell_followers(
        &world.agents,
        &world.pull,
        &request,
        CLOSED,
        "PULL_MODE_LIST_REQUEST_STATE_CHANGED",
    );
    let why = format!(
        "{} left after waiting on the list",
        request.incoming.chat.customer_name
    );
    world.pull.finish(request_id, why);
}

/// The list a `subscribePullModeList` / `unsubscribePullModeList` names (`listId`, else
/// `list.id`).
fn named_list(payload: &Value) -> Option<&'static PullList> {
    let id = payload
        .get("listId")
        .and_then(Value::as_str)
        .or_else(|| payload.pointer("/list/id").and_then(Value::as_str))?;
    list_by_id(id)
}

fn refuse(world: &World, agent_id: &str, task: &str, msg: &str) {
    tracing::info!(agent = agent_id, task, msg, "pull-mode request refused");
    if let Some(agent) = world.agents.get(agent_id) {
        agent.send("errors", &wire::errors(task, msg));
    }
}

/// `subscribePullModeList`.
pub(crate) fn subscribe(_: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value) {
    let Some(list) = named_list(payload) else {
        refuse(
            world,
            agent_id,
            "subscribePullModeList",
            "Unknown pull-mode list",
        );
        return;
    };
    let followers = world.pull.followers.entry(list.id).or_default();
    if !followers.contains(&agent_id) {
        followers.push(agent_id);
    }
    let requests: Vec<Value> = world
        .pull
        .requests
        .iter()
        .filter(|r| r.list_id == list.id)
        .map(|r| r.to_json(CREATED))
        .collect();
    if let Some(agent) = world.agents.get(agent_id) {
        tracing::info!(
            agent = agent.user.username,
            list = list.name,
            "follows a pull-mode list"
        );
        agent.send("onPullModeSubscribedList", &list_json(list));
        agent.send("addPullModeSubscribedListRequests", &Value::Array(requests));
    }
}

/// `unsubscribePullModeList`.
pub(crate) fn unsubscribe(
    _: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    payload: &Value,
) {
    let Some(list) = named_list(payload) else {
        refuse(
            world,
            agent_id,
            "unsubscribePullModeList",
            "Unknown pull-mode list",
        );
        return;
    };
    if let Some(followers) = world.pull.followers.get_mut(list.id) {
        followers.retain(|a| *a != agent_id);
    }
    if let Some(agent) = world.agents.get(agent_id) {
        tracing::info!(
            agent = agent.user.username,
            list = list.name,
            "unfollows a pull-mode list"
        );
        agent.send("removePullModeSubscribedListRequests", &json!(list.id));
    }
}

/// Why a request that is not waiting cannot be picked.
fn why_not_waiting(world: &World, request_id: &str) -> String {
    world
        .pull
        .finished
        .iter()
        .rev()
        .find(|(id, _)| id == request_id)
        .map(|(_, why)| format!("This chat is no longer waiting: {why}"))
        .unwrap_or_else(|| format!("No waiting chat '{request_id}'"))
}

/// `joinPullModeRequest`.
pub(crate) fn join(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value) {
    const TASK: &str = "joinPullModeRequest";
    let request_id = payload.get("requestId").and_then(Value::as_str);
    let tp = payload.get("topicParticipant").filter(|v| v.is_object());
    let (Some(request_id), Some(tp)) = (request_id, tp) else {
        refuse(
            world,
            agent_id,
            TASK,
            "joinPullModeRequest needs requestId and topicParticipant",
        );
        return;
    };
    if !world.pull.requests.iter().any(|r| r.id == request_id) {
        let why = why_not_waiting(world, request_id);
        refuse(world, agent_id, TASK, &why);
        return;
    }
    let Some(agent) = world.agents.get(agent_id) else {
        return;
    };
    let room = agent
        .mrds
        .iter()
        .find(|m| m.def.id == mrd::CHAT.id)
        .is_some_and(|m| m.tasks < m.def.max_tasks);
    if !room {
        let msg = format!(
            "No room for another chat: CHAT holds {} already",
            mrd::CHAT.max_tasks
        );
        refuse(world, agent_id, TASK, &msg);
        return;
    }
    let username = agent.user.username;
    let Some(request) = world.pull.take(request_id) else {
        return;
    };
    tell_followers(
        &world.agents,
        &world.pull,
        &request,
        ACCEPTED,
        "PULL_MODE_LIST_REQUEST_STATE_CHANGED",
    );
    world
        .pull
        .finish(request_id, format!("another agent ({username}) picked it"));
    tracing::info!(
        agent = username,
        request = request_id,
        "picked a waiting chat"
    );
    routing::join_new(sim, world, agent_id, request.incoming, tp);
}

/// `deletePullModeRequest` with the bare request id (an object `{id}` is tolerated, as the
/// docs write it).
pub(crate) fn delete(world: &mut World, agent_id: &'static str, payload: &Value) {
    const TASK: &str = "deletePullModeRequest";
    let Some(request_id) = payload
        .as_str()
        .or_else(|| payload.get("id").and_then(Value::as_str))
    else {
        refuse(
            world,
            agent_id,
            TASK,
            "deletePullModeRequest needs the request id",
        );
        return;
    };
    let supervisor = world
        .agents
        .get(agent_id)
        .is_some_and(|a| a.user.supervisor);
    if !supervisor {
        refuse(
            world,
            agent_id,
            TASK,
            "Only supervisors may delete waiting chats",
        );
        return;
    }
    let Some(request) = world.pull.take(request_id) else {
        let why = why_not_waiting(world, request_id);
        refuse(world, agent_id, TASK, &why);
        return;
    };
    tell_followers(
        &world.agents,
        &world.pull,
        &request,
        DELETED,
        "PULL_MODE_LIST_REQUEST_STATE_CHANGED",
    );
    world
        .pull
        .finish(request_id, "a supervisor deleted it".to_string());
    tracing::info!(
        agent = agent_id,
        request = request_id,
        "deleted a waiting chat"
    );
}

/// After a (re)connect: the lists the agent follows and their waiting requests.
pub(crate) fn on_connect(world: &World, agent_id: &str) {
    let Some(agent) = world.agents.get(agent_id) else {
        return;
    };
    let lists = world.pull.followed_by(agent_id);
    if lists.is_empty() {
        return;
    }
    for list in &lists {
        agent.send("onPullModeSubscribedList", &list_json(list));
    }
    let requests: Vec<Value> = world
        .pull
        .requests
        .iter()
        .filter(|r| lists.iter().any(|l| l.id == r.list_id))
        .map(|r| r.to_json(CREATED))
        .collect();
    agent.send("pullModeSubscribedListRequests", &Value::Array(requests));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_shaped_like_the_fixture() {
        let lists = lists_json();
        let fixture: Value = serde_json::from_str(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/pull-mode-list.json"
        )))
        .unwrap();
        assert_eq!(lists, fixture);
    }
}
