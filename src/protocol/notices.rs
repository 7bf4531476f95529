//! Small server notices (PROTOCOL.md §1.2, §3).

use serde::Deserialize;

use super::common::lenient;

/// `socketSessionRemoved` `{agentId}`: this agent logged in elsewhere.
#[derive(Debug, Clone, Deserialize)]
pub struct SocketSessionRemoved {
    #[serde(rename = "agentId", default, deserialize_with = "lenient")]
    pub agent_id: Option<String>,
}

/// `errors` `{task, msg}`: a request failed; shown as `task: msg`.
#[derive(Debug, Clone, Deserialize)]
pub struct ServerError {
    #[serde(default, deserialize_with = "lenient")]
    pub task: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub msg: Option<String>,
}
