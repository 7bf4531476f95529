//! Conversation snapshots and endings (PROTOCOL.md §3).

use serde::Deserialize;
use serde_json::Value;

use super::channel_session::ChannelSessionView;
use super::cim::CimEvent;
use super::common::{lenient, RoomInfo};

/// `onTopicData` payload. Arrives with an ack the desk must answer with `{"status":"ok"}`
/// (§6.2).
#[derive(Debug, Clone, Deserialize)]
pub struct TopicDataEvent {
    #[serde(rename = "topicData")]
    pub topic_data: TopicData,
    #[serde(rename = "conversationId", default, deserialize_with = "lenient")]
    pub conversation_id: Option<String>,
    #[serde(rename = "roomInfo", default, deserialize_with = "lenient")]
    pub room_info: Option<RoomInfo>,
    #[serde(rename = "taskId", default, deserialize_with = "lenient")]
    pub task_id: Option<String>,
}

impl TopicDataEvent {
    /// The conversation id: top-level `conversationId`, else `topicData.id`.
    pub fn conversation_id(&self) -> &str {
        self.conversation_id
            .as_deref()
            .unwrap_or(self.topic_data.id.as_str())
    }
}

/// `topicData`: a conversation with its participants and history.
#[derive(Debug, Clone, Deserialize)]
pub struct TopicData {
    /// Conversation id.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub customer: Value,
    #[serde(rename = "channelSession", default)]
    pub channel_session: Value,
    #[serde(rename = "conversationData", default)]
    pub conversation_data: Value,
    #[serde(default, deserialize_with = "lenient")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub participants: Option<Vec<Value>>,
    /// History, oldest first. Entries are decoded one by one with [`TopicData::history`] so
    /// that one malformed entry does not lose the rest.
    #[serde(rename = "topicEvents", default, deserialize_with = "lenient")]
    pub topic_events: Option<Vec<Value>>,
    /// My own participant in this conversation (its `role`: PRIMARY, ASSISTANT, …).
    #[serde(rename = "topicParticipant", default)]
    pub topic_participant: Value,
    /// The agent's response SLA as the server keeps it (`agentSla {totalDuration, action,
    /// startTime}`, read tolerantly by [`super::sla::agent_sla_snapshot`]); `null` when
    /// absent.
    #[serde(rename = "agentSla", default)]
    pub agent_sla: Value,
    /// Raised hands (`agentHandRaise {handRaised, agentNames}`, read by
    /// [`super::hand::hand_raise_snapshot`]); `null` when absent.
    #[serde(rename = "agentHandRaise", default)]
    pub agent_hand_raise: Value,
}

impl TopicData {
    /// History entries that decode as CIM events (malformed ones are skipped), oldest first.
    pub fn history(&self) -> Vec<CimEvent> {
        self.topic_events
            .iter()
            .flatten()
            .filter_map(|v| serde_json::from_value(v.clone()).ok())
            .collect()
    }

    /// Accessors over the channel session.
    pub fn channel_session(&self) -> ChannelSessionView<'_> {
        ChannelSessionView(&self.channel_session)
    }

    /// My role from `topicParticipant.role`, when present.
    pub fn my_role(&self) -> Option<&str> {
        self.topic_participant.get("role").and_then(Value::as_str)
    }
}

/// `topicUnsubscription` received: the conversation ended for me.
/// Reasons seen: `UNSUBSCRIBED`, `CHAT TRANSFERRED`, wrap-up variants (§3).
#[derive(Debug, Clone, Deserialize)]
pub struct TopicUnsubscription {
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
    #[serde(default, deserialize_with = "lenient")]
    pub reason: Option<String>,
    #[serde(rename = "statusCode", default, deserialize_with = "lenient")]
    pub status_code: Option<i64>,
}

/// `topicClosed` `{task, conversationId, statusCode}`.
#[derive(Debug, Clone, Deserialize)]
pub struct TopicClosed {
    #[serde(rename = "conversationId")]
    pub conversation_id: String,
}
