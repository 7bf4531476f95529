//! The realtime reports a supervisor's desk reads (PROTOCOL.md §5), and the routing engine's
//! available agents for a transfer.
//!
//! \[guess\] PROTOCOL.md names the two realtime endpoints but not their answers; the
//! simulator answers in the shapes the desk's tolerant reader assumes first
//! (`crate::protocol::reports`), so both sides agree on one documented guess:
//! - `POST /realtime-reports/agent-activity/detail {teams: [teamId]}` → one entry per agent
//!   of those teams, shaped like `agentPresence`'s inner object (`agent`, `state`,
//!   `stateChangeTime`, `agentMrdStates` with `activeTasks` added), plus `teamId` and
//!   `teamName`. Agents never logged in are LOGOUT.
//! - `POST /realtime-reports/queue-active-chats/detail {teamId, queues: []}` → one entry per
//!   queue `{queueId, queueName, chats: [{conversationId, customer, customerName, agents:
//!   [{id, name, username, role}], channel, startTime, channelSession, roomInfo}]}` for the
//!   conversations someone serves (`queues: []` = all queues; otherwise only those named,
//!   by id or name). Silent monitors are not listed among a chat's agents.
//!
//! `GET /routing-engine/precision-queues/available-agents?conversationId=&agentId=`
//! (`available-agents.json`): every queue with `totalAvailableAgents` and its available
//! agents `{id, name: "First Last", extensions: [], state: "READY"}`, the requester
//! (`agentId`) and the conversation's agents left out.

use serde_json::{json, Value};

use super::mrd;
use super::precision_queues::{self, QUEUES};
use super::presence::LOGOUT;
use super::users::{self, DEMO_USERS, TEAM_AGENTS, TEAM_ID, TEAM_NAME};
use super::world::World;

/// The `available-agents` answer.
pub(crate) fn available_agents(world: &World, conversation_id: &str, agent_id: &str) -> Value {
    let list: Vec<Value> = QUEUES
        .iter()
        .map(|q| {
            let agents: Vec<Value> = precision_queues::candidates(world, q, conversation_id, agent_id)
                .into_iter()
                .filter_map(|id| world.agents.get(id))
                .map(|a| {
                    json!({"id": a.id, "name": users::full_name(a.user), "extensions": [], "state": a.state})
                })
                .collect();
            json!({
                "queueId": q.id,
                "queueName": q.name,
                "mrdId": mrd::CHAT.id,
                "totalAvailableAgents": agents.len(),
                "availableAgents": agents,
            })
        })
        .collect();
    Value::Array(list)
}

/// The `agent-activity/detail` answer for `teams` (team ids; empty = every team).
pub(crate) fn agent_activity(world: &World, teams: &[String]) -> Value {
    if !teams.is_empty() && !teams.iter().any(|t| t == TEAM_ID) {
        return json!([]);
    }
    let list: Vec<Value> = DEMO_USERS
        .iter()
        .chain(TEAM_AGENTS)
        .map(|user| {
            let id = users::user_id(user);
            let mut entry = match world.agents.get(id) {
                Some(agent) => {
                    let mut p = agent.presence();
                    if let Some(states) = p["agentMrdStates"].as_array_mut() {
                        for (state, m) in states.iter_mut().zip(&agent.mrds) {
                            state["activeTasks"] = json!(m.tasks);
                        }
                    }
                    p
                }
                None => json!({
                    "agent": {"participantType": "CCUser", "id": id, "keycloakUser": users::keycloak_user(user)},
                    "state": {"name": LOGOUT, "reasonCode": null},
                    "stateChangeTime": null,
                    "agentMrdStates": [],
                    "agentLoginTime": null,
                }),
            };
            entry["teamId"] = json!(TEAM_ID);
            entry["teamName"] = json!(TEAM_NAME);
            entry
        })
        .collect();
    Value::Array(list)
}

/// The `queue-active-chats/detail` answer for `team_id` and `wanted` queues (ids or names;
/// empty = all).
pub(crate) fn queue_active_chats(world: &World, team_id: &str, wanted: &[String]) -> Value {
    if team_id != TEAM_ID {
        return json!([]);
    }
    let list: Vec<Value> = QUEUES
        .iter()
        .filter(|q| wanted.is_empty() || wanted.iter().any(|w| w == q.id || w.eq_ignore_ascii_case(q.name)))
        .map(|q| {
            let chats: Vec<Value> = world
                .conversations
                .iter()
                .filter(|c| c.chat.queue["id"] == q.id && c.served())
                .map(|c| {
                    let agents: Vec<Value> = c
                        .members
                        .iter()
                        .filter(|m| !matches!(m.role(), "SILENT_MONITOR" | "WHISPER"))
                        .filter_map(|m| world.agents.get(m.agent_id).map(|a| (m, a)))
                        .map(|(m, a)| json!({"id": a.id, "name": users::full_name(a.user), "username": a.user.username, "role": m.role()}))
                        .collect();
                    json!({
                        "conversationId": c.chat.conversation_id,
                        "customer": c.chat.customer,
                        "customerName": c.chat.customer_name,
                        "agents": agents,
                        "channel": "WEB",
                        "startTime": c.chat.started_ms,
                        "channelSession": c.chat.channel_session,
                        "roomInfo": c.chat.room_info(),
                        "agentHandRaise": super::answer::hand_json(c),
                    })
                })
                .collect();
            json!({"queueId": q.id, "queueName": q.name, "chats": chats})
        })
        .collect();
    Value::Array(list)
}
