//! The agent state machine behind `changeAgentState` and `agentPresence` (PROTOCOL.md §2,
//! §3).
//!
//! Agent states: READY, NOT_READY, LOGOUT. A freshly connected agent is **NOT_READY with
//! `reasonCode: null`**: a real AM reports LOGIN only transiently during login and the web
//! desk shows a new session as "Not Ready" until the agent picks READY, so NOT_READY is
//! what a desk must be ready to see first. What each request does:
//! - READY: agent READY, the CHAT MRD becomes READY (or ACTIVE/BUSY if it holds chats);
//!   the other MRDs keep their state (the desk sets them with `agentMRDState`).
//! - NOT_READY (reason null or a NOT_READY reason): agent NOT_READY, every MRD NOT_READY,
//!   or PENDING_NOT_READY while it holds tasks; a pending offer is revoked.
//! - LOGOUT (reason null or a LOGOUT reason): refused while conversations are open;
//!   otherwise a pending offer is revoked, the agent and its MRDs go LOGOUT, the
//!   `agentPresence` is sent and the server disconnects the socket.
//! - `agentMRDState`: READY only while the agent is READY (else the `errors` text of
//!   `errors.json`); NOT_READY always.
//!
//! A request that changes nothing, or is refused, is answered with `agentPresence`
//! `AGENT_STATE_UNCHANGED` (`agentStateChanged: false`, `mrdStateChanges: []`); a refused
//! one is preceded by `errors {task: "changeAgentState", msg}`.

use std::sync::Arc;

use serde_json::{json, Value};

use super::ids;
use super::mrd::{self, Avail, MrdState};
use super::reasons;
use super::routing;
use super::users::{self, DemoUser};
use super::wire;
use super::world::{Agent, Sim, World};

pub(crate) const READY: &str = "READY";
pub(crate) const NOT_READY: &str = "NOT_READY";
pub(crate) const LOGOUT: &str = "LOGOUT";

/// What a state change changed.
#[derive(Debug, Default)]
pub(crate) struct Change {
    /// The agent's state name or reason changed.
    pub agent: bool,
    /// Ids of the MRDs whose state changed.
    pub mrds: Vec<&'static str>,
}

impl Change {
    pub(crate) fn is_empty(&self) -> bool {
        !self.agent && self.mrds.is_empty()
    }
}

impl Agent {
    /// A freshly logged-in agent: NOT_READY, no reason, every MRD NOT_READY.
    pub(crate) fn new(user: &'static DemoUser, now: i64) -> Self {
        Self {
            user,
            id: users::user_id(user),
            keycloak_user: users::keycloak_user(user),
            socket: None,
            state: NOT_READY,
            reason: Value::Null,
            state_changed_at: now,
            login_at: now,
            mrds: mrd::ALL.iter().map(|d| MrdState::new(d, now)).collect(),
            offer: None,
            offer_timer: None,
            announced: false,
            simulated: false,
            reserved: 0,
        }
    }

    /// The inner `agentPresence` object (`agentPresence.state_changed.json`).
    pub(crate) fn presence(&self) -> Value {
        json!({
            "agent": {
                "participantType": "CCUser",
                "id": self.id,
                "keycloakUser": self.keycloak_user,
                "associatedRoutingAttributes": [],
                "associatedMrds": self.mrds.iter().map(|m| json!({
                    "mrdId": m.def.id,
                    "maxAgentTasks": m.def.max_tasks,
                })).collect::<Vec<_>>(),
            },
            "state": {"name": self.state, "reasonCode": self.reason},
            "stateChangeTime": self.state_changed_at,
            "agentMrdStates": self.mrds.iter().map(MrdState::to_json).collect::<Vec<_>>(),
            "agentLoginTime": self.login_at,
        })
    }

    /// Sends `agentPresence` `AGENT_STATE_CHANGED` describing `change`.
    pub(crate) fn send_changed(&self, change: &Change) {
        let payload = wire::agent_presence(
            "AGENT_STATE_CHANGED",
            change.agent,
            &change.mrds,
            self.presence(),
        );
        self.send("agentPresence", &payload);
    }

    /// Sends `agentPresence` `AGENT_STATE_UNCHANGED` (request refused or a no-op).
    pub(crate) fn send_unchanged(&self) {
        let payload = wire::agent_presence("AGENT_STATE_UNCHANGED", false, &[], self.presence());
        self.send("agentPresence", &payload);
    }

    /// Recomputes every MRD state; returns the ids of those that changed.
    pub(crate) fn refresh_mrds(&mut self, now: i64) -> Vec<&'static str> {
        self.mrds
            .iter_mut()
            .filter_map(|m| m.refresh(now).then_some(m.def.id))
            .collect()
    }

    /// Puts the agent in `state` with `reason` (already validated) and derives the MRDs.
    pub(crate) fn apply_state(&mut self, state: &'static str, reason: Value, now: i64) -> Change {
        let agent = self.state != state || self.reason != reason;
        if agent {
            self.state = state;
            self.reason = reason;
            self.state_changed_at = now;
        }
        for m in &mut self.mrds {
            match state {
                READY if m.def.id == mrd::CHAT.id => m.avail = Avail::Ready,
                READY if m.avail == Avail::Logout => m.avail = Avail::NotReady,
                READY => {}
                NOT_READY => m.avail = Avail::NotReady,
                _ => m.avail = Avail::Logout,
            }
        }
        Change {
            agent,
            mrds: self.refresh_mrds(now),
        }
    }
}

/// Refuses a `changeAgentState`: `errors` then `AGENT_STATE_UNCHANGED`.
fn refuse(agent: &Agent, msg: &str) {
    tracing::info!(agent = agent.user.username, msg, "changeAgentState refused");
    agent.send("errors", &wire::errors("changeAgentState", msg));
    agent.send_unchanged();
}

/// Handles `changeAgentState` from `agent_id`'s socket.
pub(crate) fn change_agent_state(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    payload: &Value,
) {
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    if let Some(claimed) = payload.get("agentId").and_then(Value::as_str) {
        if claimed != agent.id {
            agent.send(
                "errors",
                &wire::errors("changeAgentState", "agentId does not match this session"),
            );
            return;
        }
    }
    match payload.get("action").and_then(Value::as_str) {
        Some("agentState") => change_agent(sim, world, agent_id, payload),
        Some("agentMRDState") => change_mrd(sim, world, agent_id, payload),
        other => {
            let msg = match other {
                Some(a) => format!("Unknown action '{a}'"),
                None => "Missing action (agentState or agentMRDState)".to_string(),
            };
            agent.send("errors", &wire::errors("changeAgentState", &msg));
        }
    }
}

fn change_agent(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value) {
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    let state = payload.get("state");
    let name = state
        .and_then(|s| s.get("name"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let reason_code = state.and_then(|s| s.get("reasonCode"));
    let (target, reason) = match name {
        READY => (READY, Ok(Value::Null)),
        NOT_READY => (NOT_READY, reasons::validate(reason_code, NOT_READY)),
        LOGOUT => (LOGOUT, reasons::validate(reason_code, LOGOUT)),
        "" => {
            agent.send(
                "errors",
                &wire::errors("changeAgentState", "Missing state.name"),
            );
            return;
        }
        other => {
            refuse(agent, &format!("Unknown agent state '{other}'"));
            return;
        }
    };
    let reason = match reason {
        Ok(r) => r,
        Err(msg) => {
            refuse(agent, &msg);
            return;
        }
    };
    let open = world
        .conversations
        .iter()
        .filter(|c| c.member(agent_id).is_some())
        .count();
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    if target == LOGOUT && open > 0 {
        let msg = format!("Agent can not be logged out while {open} conversation(s) are active");
        refuse(agent, &msg);
        return;
    }
    let now = ids::now_ms();
    let revoked = if target == READY {
        None
    } else {
        routing::revoke_offer(agent)
    };
    let change = agent.apply_state(target, reason, now);
    if change.is_empty() {
        agent.send_unchanged();
    } else {
        tracing::info!(
            agent = agent.user.username,
            state = target,
            "agent state changed"
        );
        agent.send_changed(&change);
    }
    if target == LOGOUT {
        if let Some(t) = agent.offer_timer.take() {
            t.cancel();
        }
        if let Some(socket) = agent.socket.take() {
            tracing::info!(
                agent = agent.user.username,
                "logged out: disconnecting socket"
            );
            if let Err(e) = socket.disconnect() {
                tracing::warn!(error = %e, "disconnect after logout failed");
            }
        }
    }
    routing::requeue(sim, world, revoked);
    routing::check(sim, world, agent_id);
}

fn change_mrd(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value) {
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    let mrd_id = payload
        .get("mrdId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let target = match payload.get("state").and_then(Value::as_str) {
        Some(READY) => Avail::Ready,
        Some(NOT_READY) => Avail::NotReady,
        other => {
            refuse(
                agent,
                &format!("Unknown MRD state {}", other.unwrap_or("(missing)")),
            );
            return;
        }
    };
    if agent.mrd_mut(&mrd_id).is_none() {
        refuse(agent, &format!("Unknown MRD '{mrd_id}'"));
        return;
    }
    if target == Avail::Ready && agent.state != READY {
        let msg = format!(
            "Agent MRD state can not be changed to READY while agent state is {}",
            agent.state
        );
        refuse(agent, &msg);
        return;
    }
    let revoked = if target == Avail::NotReady && mrd_id == mrd::CHAT.id {
        routing::revoke_offer(agent)
    } else {
        None
    };
    let now = ids::now_ms();
    if let Some(m) = agent.mrd_mut(&mrd_id) {
        m.avail = target;
    }
    let change = Change {
        agent: false,
        mrds: agent.refresh_mrds(now),
    };
    if change.is_empty() {
        agent.send_unchanged();
    } else {
        agent.send_changed(&change);
    }
    routing::requeue(sim, world, revoked);
    routing::check(sim, world, agent_id);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent() -> Agent {
        Agent::new(users::by_username("agent1").expect("demo user"), 1)
    }

    #[test]
    fn fresh_agent_is_not_ready() {
        let a = agent();
        let p = a.presence();
        assert_eq!(p["state"], json!({"name": "NOT_READY", "reasonCode": null}));
        let states: Vec<_> = p["agentMrdStates"]
            .as_array()
            .expect("mrds")
            .iter()
            .map(|m| m["state"].clone())
            .collect();
        assert_eq!(states, vec![json!("NOT_READY"); 3]);
    }

    #[test]
    fn ready_moves_only_chat() {
        let mut a = agent();
        let c = a.apply_state(READY, Value::Null, 2);
        assert!(c.agent);
        assert_eq!(c.mrds, vec![mrd::CHAT.id]);
        let again = a.apply_state(READY, Value::Null, 3);
        assert!(again.is_empty());
    }

    #[test]
    fn not_ready_with_chat_is_pending() {
        let mut a = agent();
        a.apply_state(READY, Value::Null, 2);
        a.mrd_mut(mrd::CHAT.id).expect("chat").tasks = 1;
        a.refresh_mrds(3);
        let c = a.apply_state(NOT_READY, Value::Null, 4);
        assert!(c.agent);
        assert_eq!(
            a.mrd_mut(mrd::CHAT.id).expect("chat").state(),
            "PENDING_NOT_READY"
        );
    }

    #[test]
    fn presence_has_fixture_fields() {
        let fixture: Value = serde_json::from_str(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/agentPresence.state_changed.json"
        )))
        .expect("fixture");
        let ours = wire::agent_presence("AGENT_STATE_CHANGED", true, &[], agent().presence());
        crate::sim::testutil::assert_same_keys(&fixture, &ours, "$");
    }
}
