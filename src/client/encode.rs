//! [`Command`]s → socket emits (event name and payload), built with [`crate::protocol::emit`].

use serde_json::Value;

use crate::protocol::{assist, emit, events, hand, sla, supervise, KeycloakUser};

use super::command::{AssistContext, Command, MessageTarget};

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
        Command::Assist {
            kind,
            conversation,
            target,
            note,
        } => (
            kind.event(),
            assist::assist_request(
                &conversation.channel_session,
                &own_participant(conversation, me, participant_id),
                target,
                note,
            ),
        ),
        Command::ConsultTransfer {
            conversation,
            requested_agent_id,
        } => (
            events::CONSULT_TRANSFER_REQUEST,
            assist::consult_transfer_request(
                &conversation.conversation_id,
                &conversation.channel_session,
                &own_participant(conversation, me, participant_id),
                requested_agent_id,
            ),
        ),
        Command::SilentMonitor {
            conversation_id,
            channel_session,
        } => {
            let participant =
                emit::topic_participant(participant_id, me, conversation_id, "SILENT_MONITOR");
            (
                events::JOIN_AS_SILENT_MONITOR,
                supervise::join_as_silent_monitor(participant, agent, channel_session),
            )
        }
        Command::Barge {
            conversation_id,
            room_info,
        } => (
            events::JOIN_AS_BARGIN,
            supervise::join_as(agent, conversation_id, room_info.as_ref()),
        ),
        Command::WhisperMode {
            conversation_id,
            room_info,
        } => (
            events::JOIN_AS_WHISPER,
            supervise::join_as(agent, conversation_id, room_info.as_ref()),
        ),
        Command::SendWhisper {
            target,
            event_id,
            message_id,
            now_ms,
            text,
        } => {
            let event =
                emit::whisper_message(&context(target), me, event_id, message_id, *now_ms, text);
            (
                events::PUBLISH_CIM_EVENT,
                emit::publish_cim_event(&event, agent),
            )
        }
        Command::ResetAgentSla {
            conversation_id,
            room_info,
            event_id,
            now_ms,
        } => {
            let event =
                sla::reset_agent_sla(event_id, conversation_id, room_info.as_ref(), *now_ms);
            (
                events::PUBLISH_CIM_EVENT,
                emit::publish_raw_cim_event(event, agent, conversation_id, room_info.as_ref()),
            )
        }
        Command::Hand {
            raised,
            conversation_id,
            room_info,
            event_id,
            now_ms,
        } => {
            let event = hand::hand_event(
                *raised,
                event_id,
                conversation_id,
                room_info.as_ref(),
                agent,
                &me.username,
                *now_ms,
            );
            (
                events::PUBLISH_CIM_EVENT,
                emit::publish_raw_cim_event(event, agent, conversation_id, room_info.as_ref()),
            )
        }
        Command::Login { .. }
        | Command::FetchAvailableAgents { .. }
        | Command::FetchTeamBoard { .. }
        | Command::FetchReasons
        | Command::FetchActivities { .. }
        | Command::SendFile { .. }
        | Command::Disconnect
        | Command::Reconnect => return None,
    };
    Some(emit)
}

/// Like [`encode`], with the payload as JSON text; READ receipts (one per customer message)
/// are written straight to text ([`crate::protocol::receipt`]), without a JSON tree.
pub fn encode_json(
    command: &Command,
    me: &KeycloakUser,
    participant_id: &str,
) -> Option<(&'static str, Box<serde_json::value::RawValue>)> {
    if let Command::SendReadReceipt {
        target,
        event_id,
        message_id,
        now_ms,
        read_message_id,
    } = command
    {
        let payload = crate::protocol::receipt::read_receipt_publish(
            &context(target),
            me,
            event_id,
            message_id,
            *now_ms,
            read_message_id,
        );
        return Some((events::PUBLISH_CIM_EVENT, payload));
    }
    let (name, value) = encode(command, me, participant_id)?;
    serde_json::value::to_raw_value(&value)
        .ok()
        .map(|raw| (name, raw))
}

/// The agent's own topic participant for an assist request: the one the server gave
/// (`topicData.topicParticipant`), else a fresh PRIMARY one with `participant_id`.
fn own_participant(conversation: &AssistContext, me: &KeycloakUser, participant_id: &str) -> Value {
    if conversation.agent_participant.is_object() {
        conversation.agent_participant.clone()
    } else {
        emit::topic_participant(participant_id, me, &conversation.conversation_id, "PRIMARY")
    }
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
