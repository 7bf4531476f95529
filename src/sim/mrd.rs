//! Media routing domains (MRDs) and an agent's state in each of them, modelled on what the
//! routing engine reports in `agentPresence.agentMrdStates` (PROTOCOL.md §3).
//!
//! An MRD's state is derived from two things: whether the agent wants work on it
//! ([`Avail`]) and how many tasks it holds there. The load states follow the routing
//! engine: READY with no task, ACTIVE with 1..max-1, BUSY at `maxAgentTasks`; an MRD put
//! NOT_READY while it still holds tasks is PENDING_NOT_READY until the last one ends.

use serde_json::{json, Value};

/// A media routing domain as `GET /routing-engine/media-routing-domains` and
/// `agentMrdStates[].mrd` describe it.
#[derive(Debug)]
pub(crate) struct MrdDef {
    pub id: &'static str,
    type_id: &'static str,
    pub name: &'static str,
    description: &'static str,
    /// Also used as the agent's `maxAgentTasks` in this MRD.
    pub max_tasks: u32,
    interruptible: bool,
}

/// Chat: the only MRD the simulator routes work to. Same id as the standard CX chat MRD in
/// the fixtures, so the `WEB` channel type's `mediaRoutingDomain` points at it.
pub(crate) const CHAT: MrdDef = MrdDef {
    id: "6305de07166ba1099d11d8e6",
    type_id: "64f6edf8b89b71cc6cb60917",
    name: "CHAT",
    description: "Standard chat MRD",
    max_tasks: 2,
    interruptible: true,
};

/// Chat for the simulated team's agents (`team.rs`): the same MRD with room for four chats,
/// so they can take a few transfers next to their own live chat.
pub(crate) const TEAM_CHAT: MrdDef = MrdDef {
    max_tasks: 4,
    ..CHAT
};

/// Voice: present (so a desk shows it) but never routed to.
pub(crate) const VOICE: MrdDef = MrdDef {
    id: "62f9e360ea5311eda05b0242",
    type_id: "64f6ee2dd49f4e9d7eb5f591",
    name: "VOICE",
    description: "Standard voice MRD for CX Voice",
    max_tasks: 1,
    interruptible: false,
};

/// Email: present but never routed to.
pub(crate) const EMAIL: MrdDef = MrdDef {
    id: "6305de27166ba1099d11d8f1",
    type_id: "64f6ee4a4776bb029f1174f2",
    name: "EMAIL",
    description: "Standard email MRD",
    max_tasks: 5,
    interruptible: true,
};

/// Every agent has these three MRDs, in this order.
pub(crate) const ALL: [&MrdDef; 3] = [&CHAT, &VOICE, &EMAIL];

impl MrdDef {
    /// `agentMrdStates[].mrd` / a `media-routing-domains` item.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "type": self.type_id,
            "name": self.name,
            "description": self.description,
            "maxRequests": self.max_tasks,
            "interruptible": self.interruptible,
        })
    }
}

/// What the agent asked for on an MRD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Avail {
    /// Wants work (subject to the agent being READY).
    Ready,
    /// Wants no new work.
    NotReady,
    /// Logged out.
    Logout,
}

/// One agent's state on one MRD.
#[derive(Debug)]
pub(crate) struct MrdState {
    pub def: &'static MrdDef,
    pub avail: Avail,
    pub tasks: u32,
    /// `maxAgentTasks`: the definition's, or a load run's number of conversations.
    pub max_tasks: u32,
    state: &'static str,
    previous: Option<&'static str>,
    changed_at: i64,
    last_ready_at: i64,
}

impl MrdState {
    /// A fresh MRD state: NOT_READY with no task.
    pub(crate) fn new(def: &'static MrdDef, now: i64) -> Self {
        Self {
            def,
            avail: Avail::NotReady,
            tasks: 0,
            max_tasks: def.max_tasks,
            state: "NOT_READY",
            previous: None,
            changed_at: now,
            last_ready_at: 0,
        }
    }

    /// The state name the routing engine would report now.
    #[cfg(test)]
    pub(crate) fn state(&self) -> &'static str {
        self.state
    }

    /// True when the routing engine may offer one more task here.
    pub(crate) fn has_capacity(&self) -> bool {
        self.avail == Avail::Ready && self.tasks < self.max_tasks
    }

    fn derived(&self) -> &'static str {
        match self.avail {
            Avail::Logout => "LOGOUT",
            Avail::NotReady if self.tasks > 0 => "PENDING_NOT_READY",
            Avail::NotReady => "NOT_READY",
            Avail::Ready if self.tasks == 0 => "READY",
            Avail::Ready if self.tasks < self.max_tasks => "ACTIVE",
            Avail::Ready => "BUSY",
        }
    }

    /// Recomputes the state after `avail` or `tasks` changed; true when the state name
    /// changed (the MRD then belongs in `mrdStateChanges`).
    pub(crate) fn refresh(&mut self, now: i64) -> bool {
        let next = self.derived();
        if next == self.state {
            return false;
        }
        self.previous = Some(self.state);
        self.state = next;
        self.changed_at = now;
        if next == "READY" {
            self.last_ready_at = now;
        }
        true
    }

    /// One `agentMrdStates` entry, shaped like `agentPresence.state_changed.json`.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "mrd": self.def.to_json(),
            "state": self.state,
            "previousState": self.previous,
            "stateChangeTime": self.changed_at,
            "lastReadyStateChangeTime": self.last_ready_at,
            "maxAgentTasks": self.max_tasks,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_states_follow_task_count() {
        let mut m = MrdState::new(&CHAT, 1);
        m.avail = Avail::Ready;
        assert!(m.refresh(2));
        assert_eq!(m.state(), "READY");
        m.tasks = 1;
        assert!(m.refresh(3));
        assert_eq!(m.state(), "ACTIVE");
        m.tasks = 2;
        assert!(m.refresh(4));
        assert_eq!(m.state(), "BUSY");
        assert!(!m.has_capacity());
        m.avail = Avail::NotReady;
        assert!(m.refresh(5));
        assert_eq!(m.state(), "PENDING_NOT_READY");
        m.tasks = 0;
        assert!(m.refresh(6));
        assert_eq!(m.state(), "NOT_READY");
        assert!(!m.refresh(7));
    }
}
