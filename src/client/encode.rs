//! [`Command`]s → socket emits (event name and payload), built with [`crate::protocol::emit`].

use serde_json::Value;

use crate::protocol::{emit, events, KeycloakUser};

use super::command::Command;

/// The emit for a command, or `None` for commands that are not emits (login, REST, disconnect).
/// `participant_id` is the fresh UUID used as the topic participant id on subscriptions.
pub fn encode(
    command: &Command,
    me: &KeycloakUser,
    participant_id: &str,
) -> Option<(&'static str, Value)> {
    let agent = me.id.as_str();
    let emit = match command {
        Command::SetAgentState { state, reason } => (
            events::CHANGE_AGENT_STATE,
            emit::change_agent_state(agent, state, reason.as_ref()),
        ),
        Command::SetMrdState { mrd_id, state } => (
            events::CHANGE_AGENT_STATE,
            emit::change_mrd_state(agent, mrd_id, state),
        ),
        Command::Subscribe {
            conversation_id,
            task_id,
            room_info,
            role,
        } => {
            let participant = emit::topic_participant(participant_id, me, conversation_id, role);
            (
                events::TOPIC_SUBSCRIPTION,
                emit::topic_subscription(
                    participant,
                    agent,
                    conversation_id,
                    task_id.as_deref(),
                    room_info.as_ref(),
                ),
            )
        }
        Command::Unsubscribe {
            conversation_id,
            room_info,
        } => (
            events::TOPIC_UNSUBSCRIPTION,
            emit::topic_unsubscription(conversation_id, agent, room_info.as_ref()),
        ),
        Command::SendMessage {
            target,
            event_id,
            message_id,
            now_ms,
            text,
        } => {
            let ctx = emit::ConversationContext {
                conversation_id: &target.conversation_id,
                room_info: target.room_info.as_ref(),
                channel_session: &target.channel_session,
                customer: &target.customer,
            };
            let event = emit::agent_message(&ctx, me, event_id, message_id, *now_ms, text);
            (
                events::PUBLISH_CIM_EVENT,
                emit::publish_cim_event(&event, agent),
            )
        }
        Command::Login { .. } | Command::FetchReasons | Command::Disconnect => return None,
    };
    Some(emit)
}
