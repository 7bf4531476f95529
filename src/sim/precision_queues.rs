//! The routing engine's precision queues and who can take a task from them now
//! (PROTOCOL.md §5 `available-agents`, §2 transfer / conference / consult).
//!
//! Four queues, all on the CHAT MRD: the inbound "Chat Queue" (the desk users), "Billing
//! Queue" and "Support Queue" (the desk users and one simulated agent each, so a transfer
//! always finds someone until that agent is busy), and "Sales Queue" (the desk users only:
//! with nobody else READY a transfer there answers `NO_AGENT_AVAILABLE`).
//!
//! An agent is **available** when READY with room on its CHAT MRD (fewer tasks than
//! `maxAgentTasks`) and, for a desk user, connected with no offer pending. Desk users are
//! picked before simulated agents, in the queue's order.

use super::channels;
use super::mrd;
use super::users;
use super::world::{Agent, World};

/// One precision queue.
#[derive(Debug)]
pub(crate) struct QueueDef {
    pub id: &'static str,
    pub name: &'static str,
    /// Usernames of its agents, in routing order.
    pub members: &'static [&'static str],
}

/// The queues, in the order `available-agents` lists them.
pub(crate) const QUEUES: &[QueueDef] = &[
    QueueDef {
        id: channels::QUEUE_ID,
        name: channels::QUEUE_NAME,
        members: &["agent1", "agent2", "supervisor1"],
    },
    QueueDef {
        id: "673f125576e125429ea2f2b7",
        name: "Billing Queue",
        members: &["agent1", "agent2", "supervisor1", "dana"],
    },
    QueueDef {
        id: "673f125576e125429ea2f2b8",
        name: "Support Queue",
        members: &["agent1", "agent2", "supervisor1", "eli"],
    },
    QueueDef {
        id: "673f125576e125429ea2f2b9",
        name: "Sales Queue",
        members: &["agent1", "agent2"],
    },
];

/// The queue with this name (case-insensitive, as AM looks queues up by name).
pub(crate) fn by_name(name: &str) -> Option<&'static QueueDef> {
    QUEUES
        .iter()
        .find(|q| q.name.eq_ignore_ascii_case(name.trim()))
}

/// True when `agent` could be offered a task now (see the module doc).
pub(crate) fn available(agent: &Agent) -> bool {
    agent.state == super::presence::READY
        && (agent.simulated || (agent.socket.is_some() && agent.offer.is_none()))
        && agent.mrds.iter().any(|m| {
            m.def.id == mrd::CHAT.id
                && m.has_capacity()
                && m.tasks + agent.reserved < m.def.max_tasks
        })
}

/// The agents of `queue` available for conversation `conversation_id`: not `excluded`, not
/// already in it; desk users first.
pub(crate) fn candidates(
    world: &World,
    queue: &QueueDef,
    conversation_id: &str,
    excluded: &str,
) -> Vec<&'static str> {
    let in_conversation = |id: &str| {
        world
            .conversation(conversation_id)
            .is_some_and(|c| c.member(id).is_some())
    };
    let mut found: Vec<(bool, &'static str)> = queue
        .members
        .iter()
        .filter_map(|name| users::anyone(name))
        .map(users::user_id)
        .filter(|id| *id != excluded && !in_conversation(id))
        .filter_map(|id| world.agents.get(id).filter(|a| available(a)))
        .map(|a| (a.simulated, a.id))
        .collect();
    found.sort_by_key(|(simulated, _)| *simulated);
    found.into_iter().map(|(_, id)| id).collect()
}
