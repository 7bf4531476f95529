//! Queues and their available agents, as the routing engine lists them for a transfer,
//! conference or consult: `GET /routing-engine/precision-queues/available-agents
//! ?conversationId=C&agentId=A` (PROTOCOL.md §5, fixture `available-agents.json`).

use serde::Deserialize;
use serde_json::Value;

use super::common::{lenient, lenient_int};

/// One queue with the agents who could take the conversation now.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AvailableQueue {
    #[serde(rename = "queueId", default, deserialize_with = "lenient")]
    pub queue_id: Option<String>,
    /// The queue's name: what transfer requests carry (`queueName`, §2).
    #[serde(rename = "queueName", default, deserialize_with = "lenient")]
    pub queue_name: Option<String>,
    #[serde(rename = "mrdId", default, deserialize_with = "lenient")]
    pub mrd_id: Option<String>,
    /// How many agents are available; may differ from `available_agents.len()`.
    #[serde(
        rename = "totalAvailableAgents",
        default,
        deserialize_with = "lenient_int"
    )]
    pub total_available_agents: Option<i64>,
    #[serde(
        rename = "availableAgents",
        default,
        deserialize_with = "lenient_agents"
    )]
    pub available_agents: Vec<AvailableAgent>,
}

/// An available agent `{id, name, extensions, state}`: `id` is what `requestedAgentId`
/// carries (§2), `name` what `@agent` matches.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AvailableAgent {
    pub id: String,
    #[serde(default, deserialize_with = "lenient")]
    pub name: Option<String>,
    /// e.g. `READY` (open set).
    #[serde(default, deserialize_with = "lenient")]
    pub state: Option<String>,
}

impl AvailableQueue {
    /// The queue name, or its id when the name is missing ("" when both are).
    pub fn name(&self) -> &str {
        self.queue_name
            .as_deref()
            .or(self.queue_id.as_deref())
            .unwrap_or("")
    }
}

/// Reads the answer tolerantly: a JSON array of queues (also inside `{data: [...]}`);
/// entries that are not queue objects are skipped, agents without `id` are dropped.
pub fn available_queues(answer: &Value) -> Vec<AvailableQueue> {
    let items = answer
        .as_array()
        .or_else(|| answer.get("data").and_then(Value::as_array));
    items
        .into_iter()
        .flatten()
        .filter_map(|q| serde_json::from_value::<AvailableQueue>(q.clone()).ok())
        .filter(|q| !q.name().is_empty())
        .collect()
}

fn lenient_agents<'de, D>(deserializer: D) -> Result<Vec<AvailableAgent>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    Ok(value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| serde_json::from_value(a.clone()).ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn odd_entries_are_skipped() {
        let answer = json!({"data": [
            {"queueName": "Billing", "totalAvailableAgents": "2",
             "availableAgents": [{"id": "a", "name": "Ann"}, {"name": "no id"}, 3]},
            "garbage",
            {"queueId": "q-only"},
            {"totalAvailableAgents": 1}
        ]});
        let queues = available_queues(&answer);
        assert_eq!(queues.len(), 2);
        assert_eq!(queues[0].total_available_agents, Some(2));
        assert_eq!(queues[0].available_agents.len(), 1);
        assert_eq!(queues[1].name(), "q-only");
        assert!(available_queues(&json!("nope")).is_empty());
    }
}
