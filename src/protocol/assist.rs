//! Bringing other agents in: transfer, conference, consult and consult transfer
//! (PROTOCOL.md §2; fixtures `directTransferRequest.queue.json`,
//! `directTransferRequest.agent.json`, `directConferenceRequest.queue.json`).
//!
//! Builders are pure: the channel session and the agent's own topic participant are passed
//! through as the desk received them (`taskRequest` / `onTopicData`).

use serde_json::{json, Value};

use super::events;

/// What the agent asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssistKind {
    /// `directTransferRequest`: hand the conversation over and leave it.
    Transfer,
    /// `directConferenceRequest`: bring another agent in; both stay.
    Conference,
    /// `consultRequest`: ask another agent for help; they join as ASSISTANT.
    Consult,
}

impl AssistKind {
    /// The event emitted for this kind (§2).
    pub fn event(self) -> &'static str {
        match self {
            AssistKind::Transfer => events::DIRECT_TRANSFER_REQUEST,
            AssistKind::Conference => events::DIRECT_CONFERENCE_REQUEST,
            AssistKind::Consult => events::CONSULT_REQUEST,
        }
    }

    /// The noun used in sentences: "transfer", "conference", "consult".
    pub fn noun(self) -> &'static str {
        match self {
            AssistKind::Transfer => "transfer",
            AssistKind::Conference => "conference",
            AssistKind::Consult => "consult",
        }
    }

    /// The slash command, e.g. `/transfer`.
    pub fn command(self) -> &'static str {
        match self {
            AssistKind::Transfer => "/transfer",
            AssistKind::Conference => "/conference",
            AssistKind::Consult => "/consult",
        }
    }
}

/// Where the request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssistTarget {
    /// A queue, **by name** (§2: AM looks queues up by name): `mode: "queue", queueName`.
    Queue(String),
    /// An agent by the routing engine's agent id: `mode: "agent", requestedAgentId,
    /// offerToAgent: true`.
    Agent(String),
}

/// `directTransferRequest` / `directConferenceRequest` / `consultRequest` (§2):
/// `{channelSession, agentParticipant, mode: "queue", queueName, note}` or
/// `{channelSession, agentParticipant, mode: "agent", requestedAgentId, offerToAgent: true,
/// note}`. `note` is always present (`""` when the agent wrote none). No `conversationId`:
/// AM takes it from the channel session and the participant.
pub fn assist_request(
    channel_session: &Value,
    agent_participant: &Value,
    target: &AssistTarget,
    note: &str,
) -> Value {
    match target {
        AssistTarget::Queue(queue_name) => json!({
            "channelSession": channel_session,
            "agentParticipant": agent_participant,
            "mode": "queue",
            "queueName": queue_name,
            "note": note,
        }),
        AssistTarget::Agent(agent_id) => json!({
            "channelSession": channel_session,
            "agentParticipant": agent_participant,
            "mode": "agent",
            "requestedAgentId": agent_id,
            "offerToAgent": true,
            "note": note,
        }),
    }
}

/// `consultTransferRequest` `{conversationId, channelSession, agentParticipant,
/// requestedAgentId, mode: "agent", offerToAgent: false}` (§2): hand the conversation to the
/// consulted agent `requested_agent_id`.
pub fn consult_transfer_request(
    conversation_id: &str,
    channel_session: &Value,
    agent_participant: &Value,
    requested_agent_id: &str,
) -> Value {
    json!({
        "conversationId": conversation_id,
        "channelSession": channel_session,
        "agentParticipant": agent_participant,
        "requestedAgentId": requested_agent_id,
        "mode": "agent",
        "offerToAgent": false,
    })
}
