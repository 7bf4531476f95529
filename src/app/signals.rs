//! Signals the desk sends on the agent's behalf: READ receipts for customer messages shown in
//! the focused conversation, and throttled typing indicators (PROTOCOL.md §4, issue 3).

use crate::client::{Command, MessageTarget};

use super::conversation::Conversation;
use super::effect::Effect;
use super::state::{Connection, State};

/// Typing indicators go out at most once per this many ms (PROTOCOL.md §4: 3 s).
pub const TYPING_EVERY_MS: i64 = 3_000;

/// Where messages into `conversation` go.
pub fn target(conversation: &Conversation) -> MessageTarget {
    MessageTarget {
        conversation_id: conversation.id.clone(),
        room_info: conversation.room_info.clone(),
        channel_session: conversation.channel_session.clone(),
        customer: conversation.customer.clone(),
    }
}

/// A fresh UUID for a CIM event or message id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// READ receipts for customer messages of the focused conversation not yet answered. Not in
/// SILENT_MONITOR/ASSISTANT roles, not while offline.
pub fn read_receipts(state: &mut State) -> Vec<Effect> {
    if state.connection != Connection::Online {
        return Vec::new();
    }
    let now = state.now_ms;
    let Some(conversation) = state.focused_conversation_mut() else {
        return Vec::new();
    };
    if !conversation.may_signal() {
        return Vec::new();
    }
    let target = target(conversation);
    conversation
        .take_unreceipted()
        .into_iter()
        .map(|read| {
            Effect::Send(Command::SendReadReceipt {
                target: target.clone(),
                event_id: new_id(),
                message_id: new_id(),
                now_ms: now,
                read_message_id: read,
            })
        })
        .collect()
}

/// A typing indicator for the focused conversation, unless one went out in the last 3 s.
pub fn typing(state: &mut State) -> Vec<Effect> {
    if state.connection != Connection::Online || state.composer.text().starts_with('/') {
        return Vec::new();
    }
    let now = state.now_ms;
    let Some(conversation) = state.focused_conversation_mut() else {
        return Vec::new();
    };
    if !conversation.may_signal()
        || conversation
            .typing_sent_ms
            .is_some_and(|t| now - t < TYPING_EVERY_MS)
    {
        return Vec::new();
    }
    conversation.typing_sent_ms = Some(now);
    vec![Effect::Send(Command::SendTyping {
        target: target(conversation),
        event_id: new_id(),
        message_id: new_id(),
        now_ms: now,
    })]
}
