//! The supervisor's team board data: `POST /realtime-reports/agent-activity/detail {teams}`
//! and `POST /realtime-reports/queue-active-chats/detail {teamId, queues: []}`
//! (PROTOCOL.md §5).
//!
//! **\[guess\] The answers are not documented** (no fixture, no published example). What is
//! assumed, and read tolerantly (every field optional, first key found wins, unknown fields
//! ignored, an entry that is not an object skipped):
//! - Both answers are a JSON array, or an object wrapping it in `data`, `agents`, `queues` or
//!   `chats`.
//! - **Agent activity**: one entry per agent, shaped like the inner object of
//!   `agentPresence` (the realtime service reads the same routing-engine records):
//!   `{agent: {id, keycloakUser: {firstName, lastName, username}}, state: {name, reasonCode:
//!   {name}}, stateChangeTime, agentMrdStates: [{mrd: {name, maxRequests}, state,
//!   maxAgentTasks, activeTasks}]}`. Flat variants are read too: `agentId`, `agentName` /
//!   `name` / `username`, `state` or `agentState` as a string, `reasonCode` / `reason`,
//!   `mrdStates` / `mrds` with `mrdName`, `activeTasks` / `activeChats` / `tasks`.
//!   Times are epoch ms numbers or ISO strings.
//! - **Active chats**: either queues `{queueId, queueName, chats | activeChats |
//!   conversations: [chat]}` or a flat list of chats carrying `queueName`. A chat:
//!   `{conversationId (or id / topicId), customer: {firstName} | customerName, agents:
//!   [{name | username | keycloakUser}] | agentName, channel | channelType |
//!   channelSession.channel.channelType.name, startTime | startedAt | createdAt,
//!   channelSession, roomInfo}`. `channelSession` and `roomInfo`, when present, are what
//!   `JoinAsSilentMonitor` and `JoinAsBargin` carry; without them monitoring still works by
//!   id (`channelSession: null`).

use serde_json::Value;

use super::common::{int_value, RoomInfo, Timestamp};

/// One agent of a supervised team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamAgent {
    pub id: Option<String>,
    /// Display name ("First Last", else username, else id).
    pub name: String,
    /// READY, NOT_READY, … ("" when unknown).
    pub state: String,
    pub reason: Option<String>,
    /// Since when the agent is in `state`, epoch ms UTC.
    pub since_ms: Option<i64>,
    /// Load per MRD.
    pub mrds: Vec<MrdLoad>,
}

/// One agent's load in one MRD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MrdLoad {
    pub name: String,
    pub state: String,
    /// Tasks the agent holds there, when the answer says.
    pub active: Option<i64>,
    /// `maxAgentTasks` (or the MRD's `maxRequests`).
    pub max: Option<i64>,
}

/// One live conversation of a supervised team.
#[derive(Debug, Clone, PartialEq)]
pub struct ActiveChat {
    pub conversation_id: String,
    /// Queue name ("" when unknown).
    pub queue: String,
    /// Customer name ("" when unknown).
    pub customer: String,
    /// Names of the agents in it.
    pub agents: Vec<String>,
    /// Channel type name, e.g. `WEB` ("" when unknown).
    pub channel: String,
    /// When it started, epoch ms UTC.
    pub since_ms: Option<i64>,
    /// The customer's channel session when the answer carries it (else `null`).
    pub channel_session: Value,
    pub room_info: Option<RoomInfo>,
    /// Who raised a hand in it (issue 12), when the report says one is raised.
    /// \[guess\]: the reports' shape for it is not documented; read from `agentHandRaise
    /// {handRaised, agentNames}` (the conversation's own field, `onTopicData.json`), else
    /// `handRaised` (`true`, or the raiser's name) with `handRaisedBy` /
    /// `raisedHand.userName` for the name ("an agent" when there is none).
    pub hand_raised_by: Option<String>,
}

/// The first non-blank string (or number, as text) at any of `pointers` (JSON pointers).
fn text_at(value: &Value, pointers: &[&str]) -> Option<String> {
    pointers.iter().find_map(|p| match value.pointer(p) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// A time at any of `pointers`: epoch ms number or ISO string.
fn time_at(value: &Value, pointers: &[&str]) -> Option<i64> {
    pointers.iter().find_map(|p| {
        value
            .pointer(p)
            .and_then(|v| serde_json::from_value::<Timestamp>(v.clone()).ok())
            .and_then(|t| t.millis())
    })
}

fn int_at(value: &Value, pointers: &[&str]) -> Option<i64> {
    pointers
        .iter()
        .find_map(|p| value.pointer(p).and_then(int_value))
}

/// The list inside an answer: the array itself, or under one of `keys`.
fn list<'a>(answer: &'a Value, keys: &[&str]) -> &'a [Value] {
    answer
        .as_array()
        .or_else(|| keys.iter().find_map(|k| answer.get(*k)?.as_array()))
        .map_or(&[][..], Vec::as_slice)
}

/// "First Last" of a Keycloak user object, else its username.
fn user_name(user: &Value) -> Option<String> {
    let first = text_at(user, &["/firstName"]).unwrap_or_default();
    let last = text_at(user, &["/lastName"]).unwrap_or_default();
    let full = format!("{first} {last}").trim().to_string();
    if full.is_empty() {
        text_at(user, &["/username"])
    } else {
        Some(full)
    }
}

/// Reads an agent-activity answer (see the module doc for what is accepted).
pub fn team_agents(answer: &Value) -> Vec<TeamAgent> {
    list(answer, &["data", "agents"])
        .iter()
        .filter(|a| a.is_object())
        .map(team_agent)
        .collect()
}

fn team_agent(a: &Value) -> TeamAgent {
    let id = text_at(a, &["/agent/id", "/agentId", "/id"]);
    let name = ["/agent/keycloakUser", "/keycloakUser", "/agent"]
        .iter()
        .find_map(|p| a.pointer(p).filter(|v| v.is_object()).and_then(user_name))
        .or_else(|| text_at(a, &["/agentName", "/name", "/username", "/agent/name"]))
        .or_else(|| id.clone())
        .unwrap_or_else(|| "agent".into());
    let state = text_at(
        a,
        &["/state/name", "/agentState/name", "/state", "/agentState"],
    )
    .unwrap_or_default();
    let reason = text_at(
        a,
        &[
            "/state/reasonCode/name",
            "/agentState/reasonCode/name",
            "/reasonCode/name",
            "/state/reasonCode",
            "/reasonCode",
            "/reason",
        ],
    );
    let since_ms = time_at(
        a,
        &[
            "/stateChangeTime",
            "/stateChangedAt",
            "/stateSince",
            "/since",
        ],
    );
    let mrds = ["/agentMrdStates", "/mrdStates", "/mrds"]
        .iter()
        .find_map(|p| a.pointer(p).and_then(Value::as_array))
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter(|m| m.is_object())
        .map(|m| MrdLoad {
            name: text_at(m, &["/mrd/name", "/mrdName", "/name"]).unwrap_or_else(|| "MRD".into()),
            state: text_at(m, &["/state/name", "/state"]).unwrap_or_default(),
            active: int_at(
                m,
                &["/activeTasks", "/activeChats", "/noOfActiveTasks", "/tasks"],
            ),
            max: int_at(m, &["/maxAgentTasks", "/maxTasks", "/mrd/maxRequests"]),
        })
        .collect();
    TeamAgent {
        id,
        name,
        state,
        reason,
        since_ms,
        mrds,
    }
}

/// Reads a queue-active-chats answer (see the module doc for what is accepted). Chats
/// without a conversation id are skipped.
pub fn active_chats(answer: &Value) -> Vec<ActiveChat> {
    let mut out = Vec::new();
    for entry in list(answer, &["data", "queues", "chats"]) {
        let nested = ["/chats", "/activeChats", "/conversations"]
            .iter()
            .find_map(|p| entry.pointer(p).and_then(Value::as_array));
        match nested {
            Some(chats) => {
                let queue = text_at(entry, &["/queueName", "/name", "/queue/name", "/queueId"])
                    .unwrap_or_default();
                out.extend(chats.iter().filter_map(|c| active_chat(c, &queue)));
            }
            None => out.extend(active_chat(entry, "")),
        }
    }
    out
}

fn active_chat(c: &Value, queue: &str) -> Option<ActiveChat> {
    let conversation_id = text_at(c, &["/conversationId", "/id", "/topicId"])?;
    let queue = text_at(c, &["/queueName", "/queue/name"]).unwrap_or_else(|| queue.to_string());
    let customer = text_at(
        c,
        &[
            "/customerName",
            "/customer/firstName",
            "/channelSession/customer/firstName",
        ],
    )
    .unwrap_or_default();
    let agents = match c.get("agents").and_then(Value::as_array) {
        Some(list) => list
            .iter()
            .filter_map(|a| {
                a.as_str().map(str::to_string).or_else(|| {
                    a.get("keycloakUser")
                        .and_then(user_name)
                        .or_else(|| text_at(a, &["/name", "/agentName", "/username"]))
                })
            })
            .collect(),
        None => text_at(c, &["/agentName", "/agent/name", "/agent/username"])
            .into_iter()
            .collect(),
    };
    let channel = text_at(
        c,
        &[
            "/channel/channelType/name",
            "/channelType/name",
            "/channel",
            "/channelType",
            "/channelSession/channel/channelType/name",
        ],
    )
    .unwrap_or_default();
    Some(ActiveChat {
        conversation_id,
        queue,
        customer,
        agents,
        channel,
        since_ms: time_at(c, &["/startTime", "/startedAt", "/createdAt", "/since"]),
        channel_session: c.get("channelSession").cloned().unwrap_or(Value::Null),
        room_info: c
            .get("roomInfo")
            .and_then(|r| serde_json::from_value(r.clone()).ok()),
        hand_raised_by: hand_raised_by(c),
    })
}

fn hand_raised_by(c: &Value) -> Option<String> {
    if let Some(raise) = c.get("agentHandRaise") {
        return super::hand::hand_raise_snapshot(raise)
            .map(|names| names.first().cloned().unwrap_or_else(|| "an agent".into()));
    }
    let name = || {
        text_at(
            c,
            &[
                "/handRaisedBy",
                "/raisedHand/userName",
                "/raisedHand/agentName",
                "/handRaised/userName",
            ],
        )
    };
    match c.get("handRaised").or_else(|| c.get("raisedHand")) {
        Some(Value::Bool(true)) => Some(name().unwrap_or_else(|| "an agent".into())),
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Object(_)) => Some(name().unwrap_or_else(|| "an agent".into())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn agents_in_presence_and_flat_shapes() {
        let answer = json!([
            {"agent": {"id": "a1", "keycloakUser": {"firstName": "Ann", "lastName": "Lee"}},
             "state": {"name": "NOT_READY", "reasonCode": {"name": "Break"}},
             "stateChangeTime": 1000,
             "agentMrdStates": [{"mrd": {"name": "CHAT", "maxRequests": 4}, "state": "ACTIVE",
                                 "activeTasks": 1, "maxAgentTasks": 2}]},
            {"agentName": "bo", "state": "READY", "stateChangeTime": "1970-01-01T00:00:02Z",
             "mrds": [{"mrdName": "CHAT", "state": "READY", "activeChats": "0"}]},
            7
        ]);
        let agents = team_agents(&answer);
        assert_eq!(agents.len(), 2);
        assert_eq!(agents[0].name, "Ann Lee");
        assert_eq!(agents[0].reason.as_deref(), Some("Break"));
        assert_eq!(agents[0].mrds[0].active, Some(1));
        assert_eq!(agents[0].mrds[0].max, Some(2));
        assert_eq!(agents[1].name, "bo");
        assert_eq!(agents[1].state, "READY");
        assert_eq!(agents[1].since_ms, Some(2000));
        assert_eq!(agents[1].mrds[0].active, Some(0));
        assert!(team_agents(&json!({"error": "x"})).is_empty());
    }

    #[test]
    fn chats_grouped_by_queue_or_flat() {
        let grouped = json!({"data": [{"queueName": "Billing", "chats": [
            {"conversationId": "c1", "customer": {"firstName": "Maria"},
             "agents": [{"keycloakUser": {"username": "dana"}}, "Eli"],
             "roomInfo": {"id": "r1", "mode": "CONTACT_CENTER"}},
            {"customerName": "no id"}
        ]}]});
        let chats = active_chats(&grouped);
        assert_eq!(chats.len(), 1);
        assert_eq!(chats[0].queue, "Billing");
        assert_eq!(chats[0].agents, vec!["dana", "Eli"]);
        assert_eq!(
            chats[0].room_info.as_ref().map(|r| r.id.as_str()),
            Some("r1")
        );
        let flat = json!([{"id": "c2", "queueName": "Sales", "agentName": "bo"}]);
        let chats = active_chats(&flat);
        assert_eq!(chats[0].conversation_id, "c2");
        assert_eq!(chats[0].queue, "Sales");
        assert_eq!(chats[0].agents, vec!["bo"]);
    }
}
