//! [`Command`]s → socket emits (event name and payload), built with [`crate::protocol::emit`].

use serde_json::Value;

use crate::protocol::{emit, events, KeycloakUser};

use super::command::{Command, MessageTarget};

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
            reply_to,
        } => {
            let ctx = context(target);
            let event = match reply_to {
                Some(original) => {
                    emit::agent_reply(&ctx, me, event_id, message_id, *now_ms, text, original)
                }
                None => emit::agent_message(&ctx, me, event_id, message_id, *now_ms, text),
            };
            (
                events::PUBLISH_CIM_EVENT,
                emit::publish_cim_event(&event, agent),
            )
        }
        Command::SendTyping {
            target,
            event_id,
            message_id,
            now_ms,
        } => {
            let event = emit::typing_indicator(&context(target), me, event_id, message_id, *now_ms);
            (
                events::PUBLISH_CIM_EVENT,
                emit::publish_cim_event(&event, agent),
            )
        }
        Command::SendReadReceipt {
            target,
            event_id,
            message_id,
            now_ms,
            read_message_id,
        } => {
            let event = emit::read_receipt(
                &context(target),
                me,
                event_id,
                message_id,
                *now_ms,
                read_message_id,
            );
            (
                events::PUBLISH_CIM_EVENT,
                emit::publish_cim_event(&event, agent),
            )
        }
        Command::CloseWrapup {
            target,
            event_id,
            message_id,
            now_ms,
            wrapup,
        } => {
            let event = wrapup.as_ref().map(|choice| {
                let pairs: Vec<(&str, &str)> = choice
                    .categories
                    .iter()
                    .map(|(c, v)| (c.as_str(), v.as_str()))
                    .collect();
                emit::wrapup_message(
                    &context(target),
                    me,
                    event_id,
                    message_id,
                    *now_ms,
                    &pairs,
                    &choice.note,
                )
            });
            (
                events::CLOSE_WRAPUP,
                emit::close_wrapup(
                    &target.conversation_id,
                    agent,
                    target.room_info.as_ref(),
                    event.as_ref(),
                ),
            )
        }
        Command::Pause {
            conversation_id,
            room_info,
            duration_secs,
        } => (
            events::PAUSE_CONVERSATION,
            emit::pause_conversation(agent, conversation_id, room_info.as_ref(), *duration_secs),
        ),
        Command::Resume {
            conversation_id,
            room_info,
        } => (
            events::RESUME_CONVERSATION,
            emit::resume_conversation(agent, conversation_id, room_info.as_ref()),
        ),
        Command::FollowList { list } | Command::UnfollowList { list } => {
            let participant = emit::topic_participant(participant_id, me, &list.id, "PRIMARY");
            let name = if matches!(command, Command::FollowList { .. }) {
                events::SUBSCRIBE_PULL_MODE_LIST
            } else {
                events::UNSUBSCRIBE_PULL_MODE_LIST
            };
            (
                name,
                emit::pull_mode_list_subscription(participant, agent, list),
            )
        }
        Command::JoinPullModeRequest { request } => {
            let conversation_id = request.conversation_id().unwrap_or_default();
            let participant =
                emit::topic_participant(participant_id, me, conversation_id, "PRIMARY");
            (
                events::JOIN_PULL_MODE_REQUEST,
                emit::join_pull_mode_request(participant, agent, request),
            )
        }
        Command::DeletePullModeRequest { request_id } => (
            events::DELETE_PULL_MODE_REQUEST,
            emit::delete_pull_mode_request(request_id),
        ),
        Command::FetchPullModeLists
        | Command::FetchAnnouncements { .. }
        | Command::PostAnnouncement { .. }
        | Command::DeleteAnnouncement { .. }
        | Command::FetchWrapupForm { .. } => return None,
        Command::Login { .. }
        | Command::FetchReasons
        | Command::FetchActivities { .. }
        | Command::SendFile { .. }
        | Command::Disconnect => return None,
    };
    Some(emit)
}

/// The emit context of a message target.
pub fn context(target: &MessageTarget) -> emit::ConversationContext<'_> {
    emit::ConversationContext {
        conversation_id: &target.conversation_id,
        room_info: target.room_info.as_ref(),
        channel_session: &target.channel_session,
        customer: &target.customer,
    }
}
