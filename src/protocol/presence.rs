//! Agent and MRD state (`agentPresence`) and channel types (PROTOCOL.md §3).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::common::{lenient, str_field};

/// `agentPresence` payload.
#[derive(Debug, Clone, Deserialize)]
pub struct AgentPresenceEvent {
    /// `AGENT_STATE_CHANGED` or `AGENT_STATE_UNCHANGED` (= the request was refused).
    #[serde(default)]
    pub action: String,
    #[serde(rename = "agentStateChanged", default, deserialize_with = "lenient")]
    pub agent_state_changed: Option<bool>,
    /// Ids of the MRDs whose state changed.
    #[serde(rename = "mrdStateChanges", default, deserialize_with = "lenient")]
    pub mrd_state_changes: Option<Vec<String>>,
    #[serde(rename = "agentPresence")]
    pub agent_presence: AgentPresence,
    #[serde(rename = "correlationId", default, deserialize_with = "lenient")]
    pub correlation_id: Option<String>,
}

impl AgentPresenceEvent {
    /// True for `AGENT_STATE_UNCHANGED`: the server refused or ignored a request.
    pub fn is_unchanged(&self) -> bool {
        self.action == "AGENT_STATE_UNCHANGED"
    }
}

/// The agent's presence snapshot.
#[derive(Debug, Clone, Deserialize)]
pub struct AgentPresence {
    /// The agent (a CCUser participant); passed through.
    #[serde(default)]
    pub agent: Value,
    pub state: AgentState,
    /// When the agent state last changed, epoch ms UTC.
    #[serde(rename = "stateChangeTime", default, deserialize_with = "lenient")]
    pub state_change_time: Option<i64>,
    #[serde(rename = "agentMrdStates", default, deserialize_with = "lenient")]
    pub agent_mrd_states: Option<Vec<AgentMrdState>>,
    /// Epoch ms UTC.
    #[serde(rename = "agentLoginTime", default, deserialize_with = "lenient")]
    pub agent_login_time: Option<i64>,
}

/// Global agent state `{name, reasonCode}`. `name`: LOGIN, READY, NOT_READY, LOGOUT (open).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentState {
    #[serde(default)]
    pub name: String,
    /// `null` or a reason object `{id, name, type, …}` (§6.7); kept raw because servers vary.
    #[serde(rename = "reasonCode", default)]
    pub reason_code: Value,
}

impl AgentState {
    /// The reason's display name, when the reason is an object with a name (or a bare string).
    pub fn reason_name(&self) -> Option<&str> {
        str_field(&self.reason_code, "name").or_else(|| self.reason_code.as_str())
    }
}

/// One MRD's state for the agent.
#[derive(Debug, Clone, Deserialize)]
pub struct AgentMrdState {
    pub mrd: Mrd,
    /// LOGOUT, LOGIN, NOT_READY, PENDING_NOT_READY, READY, INTERRUPTED, ACTIVE, BUSY, … (open).
    #[serde(default)]
    pub state: String,
    /// Epoch ms UTC.
    #[serde(rename = "stateChangeTime", default, deserialize_with = "lenient")]
    pub state_change_time: Option<i64>,
    #[serde(rename = "maxAgentTasks", default, deserialize_with = "lenient")]
    pub max_agent_tasks: Option<u32>,
}

/// A media routing domain `{id, name, maxRequests, interruptible, …}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Mrd {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(rename = "maxRequests", default, deserialize_with = "lenient")]
    pub max_requests: Option<u32>,
}

/// One entry of `onChannelTypes`.
#[derive(Debug, Clone, Deserialize)]
pub struct ChannelType {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(rename = "isInteractive", default, deserialize_with = "lenient")]
    pub is_interactive: Option<bool>,
    #[serde(rename = "mediaRoutingDomain", default, deserialize_with = "lenient")]
    pub media_routing_domain: Option<String>,
}
