//! What a supervisor sends: silent monitor, barge-in, back to whisper (PROTOCOL.md §2,
//! §6.4; fixtures `JoinAsSilentMonitor.json`, `JoinAsBargin.json`, `joinAsWhisper.json`).

use serde_json::{json, Value};

use super::common::RoomInfo;

/// `JoinAsSilentMonitor` `{topicParticipant, agentId, channelSession}` (§2):
/// `participant` is a topic participant built with role `SILENT_MONITOR` for the
/// conversation ([`super::emit::topic_participant`]); `channel_session` the conversation's
/// channel session when known (from the team board), else `null`.
pub fn join_as_silent_monitor(
    participant: Value,
    agent_id: &str,
    channel_session: &Value,
) -> Value {
    json!({
        "topicParticipant": participant,
        "agentId": agent_id,
        "channelSession": channel_session,
    })
}

/// `JoinAsBargin` and `joinAsWhisper` share one shape: `{participantId, conversationId,
/// roomInfo}` (§2), `participant_id` being the supervisor's Keycloak id (fixtures; the docs
/// show an ObjectId, the real desk sends the user id).
pub fn join_as(participant_id: &str, conversation_id: &str, room_info: Option<&RoomInfo>) -> Value {
    json!({
        "participantId": participant_id,
        "conversationId": conversation_id,
        "roomInfo": room_info,
    })
}
