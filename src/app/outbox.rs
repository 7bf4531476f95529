//! The outbox: every message the agent types goes out exactly once (issue 8, "outbox and
//! drafts").
//!
//! A message gets its ids once, when it is typed, and moves
//! queued (offline, or waiting for the server's snapshot after a reconnect) → pending
//! (emitted) → sent (the server's echo with the same `data.id`, or found by id in an
//! `onTopicData` history) → delivered / read. Twenty seconds without an echo make it "not
//! confirmed" (seed 001: a sentence counts as sent only when the server returns it); F12 /
//! `/resend` sends it again **with the same ids**, so the server's echo or history decides and
//! a resend never makes a second line on the desk.
//!
//! - Queued messages go out in typing order per conversation as soon as the connection is back
//!   and the server has re-sent that conversation (its snapshot tells what it already has).
//! - A message emitted on an earlier connection and missing from the conversation's new
//!   snapshot never reached the server: it is queued again, ahead of newer ones.
//! - The outbox and each conversation's draft are saved by the runtime
//!   ([`crate::persist`]) and come back on start ([`restore`]): messages for conversations
//!   the server still has are shown "not sent" for the agent to resend (F12) — they may be
//!   hours old, so they are offered, not sent by themselves — and drafts return to their
//!   conversation; the rest are reported as not sent.
//!
//! Narrow interface to [`super::Conversation`]: `push_own`, `line`, `set_own_delivery`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::client::Command;

use super::conversation::{Author, Delivery};
use super::effect::Effect;
use super::signals::target;
use super::state::{Connection, Level, State};

/// Where an outgoing message is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// Goes out when its conversation is ready ([`ready`]).
    Queued,
    /// Emitted on connection number `session`; waiting for the echo.
    Emitted { session: u64 },
    /// Restored from a previous run: waits for the agent's resend.
    Held,
}

/// One message on its way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingMessage {
    pub conversation_id: String,
    /// `data.id` of the AGENT_MESSAGE: the line's id, the same on every resend.
    pub message_id: String,
    /// The CIM event id, the same on every resend.
    pub event_id: String,
    /// What the agent typed (raw; sanitised when shown).
    pub text: String,
    /// `originalMessageId` when it replies to a message.
    pub reply_to: Option<String>,
    /// When it was typed, epoch ms UTC (also the event's timestamp).
    pub created_ms: i64,
    #[serde(skip, default = "held")]
    pub stage: Stage,
}

fn held() -> Stage {
    Stage::Held
}

/// The messages on their way and what came back from the last run.
#[derive(Debug, Clone, Default)]
pub struct Outbox {
    /// In typing order (so per conversation too).
    pub messages: Vec<OutgoingMessage>,
    /// Counts `Connected` events: which connection a message was emitted on.
    pub session: u64,
    /// Restored messages whose conversation has not been seen yet.
    pub restored: Vec<OutgoingMessage>,
    /// Restored drafts whose conversation has not been seen yet.
    pub restored_drafts: BTreeMap<String, String>,
    /// Bumped on every change of `messages` (the runtime saves at once when it moves).
    pub revision: u64,
}

/// What is saved between runs (JSON in the XDG state dir, [`crate::persist`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// Format version (1).
    pub version: u32,
    /// Messages not yet confirmed, in typing order.
    pub messages: Vec<OutgoingMessage>,
    /// Unsent composer text per conversation id.
    pub drafts: BTreeMap<String, String>,
}

/// What to save now: unconfirmed messages and non-empty drafts (the composer is the focused
/// conversation's draft), including restored ones not matched yet.
pub fn snapshot(state: &State) -> Saved {
    let mut drafts = state.outbox.restored_drafts.clone();
    for conversation in &state.conversations {
        let field = if state.focused.as_deref() == Some(conversation.id.as_str()) {
            &state.composer
        } else {
            &conversation.draft
        };
        if field.text().trim().is_empty() {
            drafts.remove(&conversation.id);
        } else {
            drafts.insert(conversation.id.clone(), saved_draft(field));
        }
    }
    let mut messages = state.outbox.messages.clone();
    messages.extend(state.outbox.restored.iter().cloned());
    Saved {
        version: 1,
        messages,
        drafts,
    }
}

/// A draft as saved: its text, except that a pasted text starting with `/` (a message, never
/// a command, [`super::Editor::is_literal`]) is saved as `//…`, so that after a restart it
/// is still sent as the message it was (the saved file holds text only).
fn saved_draft(field: &super::Editor) -> String {
    let text = field.text();
    match text.trim_start() {
        pasted if field.is_literal() && pasted.starts_with('/') => format!("/{pasted}"),
        _ => text.to_string(),
    }
}

/// Takes what the last run saved; it is matched to conversations as their `onTopicData`
/// arrives (`on_topic_data`).
pub fn restore(state: &mut State, saved: Saved) {
    state.outbox.restored = saved.messages;
    state.outbox.restored_drafts = saved.drafts;
    let ids: Vec<String> = state.conversations.iter().map(|c| c.id.clone()).collect();
    for id in ids {
        adopt_restored(state, &id);
    }
}

fn changed(state: &mut State) {
    state.outbox.revision = state.outbox.revision.wrapping_add(1);
}

/// True when messages into conversation `id` can go out now: online, and the server has
/// re-sent the conversation since the last connect (or the resync is over).
pub fn ready(state: &State, id: &str) -> bool {
    state.connection == Connection::Online
        && state
            .resync
            .as_ref()
            .is_none_or(|r| r.conversations.contains(id))
        && state.conversation(id).is_some_and(|c| c.ended.is_none())
}

/// A typed message for the focused conversation: its line (queued or pending) and, when the
/// conversation is [`ready`], its emit. `sender` is the agent's display name for the line.
pub(super) fn send(
    state: &mut State,
    sender: &str,
    text: &str,
    reply_to: Option<super::Quote>,
) -> Vec<Effect> {
    let now = state.now_ms;
    let Some(conversation) = state.focused_conversation_mut() else {
        return Vec::new();
    };
    let message = OutgoingMessage {
        conversation_id: conversation.id.clone(),
        message_id: super::signals::new_id(),
        event_id: super::signals::new_id(),
        text: text.to_string(),
        reply_to: reply_to.as_ref().map(|q| q.id.clone()),
        created_ms: now,
        stage: Stage::Queued,
    };
    conversation.push_own(&message.message_id, sender, text, reply_to, now);
    conversation.set_own_delivery(&message.message_id, Delivery::Queued);
    let id = message.conversation_id.clone();
    state.outbox.messages.push(message);
    changed(state);
    flush(state, &id)
}

/// Emits the queued messages of conversation `id`, in order, when it is [`ready`].
pub(super) fn flush(state: &mut State, id: &str) -> Vec<Effect> {
    if !ready(state, id) {
        return Vec::new();
    }
    let now = state.now_ms;
    let session = state.outbox.session;
    let Some(conversation) = state.conversations.iter_mut().find(|c| c.id == id) else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    for message in state
        .outbox
        .messages
        .iter_mut()
        .filter(|m| m.conversation_id == id && m.stage == Stage::Queued)
    {
        message.stage = Stage::Emitted { session };
        conversation.set_own_delivery(&message.message_id, Delivery::Pending { sent_at_ms: now });
        effects.push(Effect::Send(Command::SendMessage {
            target: target(conversation),
            event_id: message.event_id.clone(),
            message_id: message.message_id.clone(),
            now_ms: message.created_ms,
            text: message.text.clone(),
            reply_to: message.reply_to.clone(),
        }));
    }
    if !effects.is_empty() {
        changed(state);
    }
    effects
}

/// `Connected`: a new connection; what was emitted before may not have arrived.
pub(super) fn on_connected(state: &mut State) {
    state.outbox.session += 1;
}

/// Drops the messages of conversation `id` the server confirmed (echo or history).
pub(super) fn settle(state: &mut State, id: &str) {
    let Some(conversation) = state.conversation(id) else {
        return;
    };
    let confirmed = |m: &OutgoingMessage| {
        m.conversation_id == id
            && conversation
                .line(&m.message_id)
                .and_then(|l| l.delivery)
                .is_some_and(|d| matches!(d, Delivery::Sent | Delivery::Delivered | Delivery::Read))
    };
    let before = state.outbox.messages.len();
    let kept: Vec<OutgoingMessage> = state
        .outbox
        .messages
        .iter()
        .filter(|m| !confirmed(m))
        .cloned()
        .collect();
    if kept.len() != before {
        state.outbox.messages = kept;
        changed(state);
    }
}

/// The server (re-)sent conversation `id` (its history already merged): confirmed messages
/// leave the outbox, ones emitted on an earlier connection that it does not hold are queued
/// again, restored messages and drafts come back, then the queue goes out.
pub(super) fn on_topic_data(state: &mut State, id: &str) -> Vec<Effect> {
    settle(state, id);
    let session = state.outbox.session;
    let mut requeued = false;
    if let Some(conversation) = state.conversations.iter_mut().find(|c| c.id == id) {
        for message in state.outbox.messages.iter_mut().filter(|m| {
            m.conversation_id == id
                && matches!(m.stage, Stage::Emitted { session: s } if s < session)
        }) {
            message.stage = Stage::Queued;
            conversation.set_own_delivery(&message.message_id, Delivery::Queued);
            requeued = true;
        }
    }
    if requeued {
        changed(state);
    }
    adopt_restored(state, id);
    flush(state, id)
}

/// Restored messages and draft of conversation `id`, now that it is here.
fn adopt_restored(state: &mut State, id: &str) {
    let (mine, others): (Vec<_>, Vec<_>) = std::mem::take(&mut state.outbox.restored)
        .into_iter()
        .partition(|m| m.conversation_id == id);
    state.outbox.restored = others;
    let draft = state.outbox.restored_drafts.remove(id);
    let sender = state
        .me
        .as_ref()
        .map(|me| me.username.clone())
        .unwrap_or_default();
    let focused = state.focused.as_deref() == Some(id);
    let Some(conversation) = state.conversations.iter_mut().find(|c| c.id == id) else {
        return;
    };
    let mut adopted = 0;
    for mut message in mine {
        if conversation.line(&message.message_id).is_some() {
            // In the server's history: it arrived before the desk stopped.
            continue;
        }
        conversation.push_own(
            &message.message_id,
            &sender,
            &message.text,
            None,
            message.created_ms,
        );
        conversation.set_own_delivery(&message.message_id, Delivery::NotSent);
        message.stage = Stage::Held;
        state.outbox.messages.push(message);
        adopted += 1;
    }
    if let Some(draft) = draft {
        if focused && state.composer.is_empty() {
            state.composer.set(&draft);
        } else if !focused && conversation.draft.is_empty() {
            conversation.draft.set(&draft);
        }
    }
    if adopted > 0 {
        let name = conversation.customer_name.clone();
        changed(state);
        state.notify(
            Level::Warning,
            format!("{adopted} message(s) to {name} from before the restart were not sent: F12 (/resend) sends them"),
        );
    }
}

/// The resync is over: restored messages whose conversation the server does not have are
/// reported and dropped (their drafts too).
pub(super) fn report_unmatched(state: &mut State) {
    let unmatched = std::mem::take(&mut state.outbox.restored);
    state.outbox.restored_drafts.clear();
    if unmatched.is_empty() {
        return;
    }
    let excerpt: Vec<String> = unmatched
        .iter()
        .take(3)
        .map(|m| {
            let text = super::sanitize::one_line(&m.text);
            let short: String = text.chars().take(30).collect();
            format!("“{short}”")
        })
        .collect();
    changed(state);
    state.notify(
        Level::Warning,
        format!(
            "{} message(s) from before the restart were not sent (their conversations ended): {}",
            unmatched.len(),
            excerpt.join(", ")
        ),
    );
}

/// `/resend` (F12): the selected own message, else the newest not confirmed / not sent one of
/// the focused conversation, goes out again with its ids.
pub(super) fn resend(state: &mut State) -> Vec<Effect> {
    let Some(conversation) = state.focused_conversation() else {
        state.notify(Level::Warning, "No conversation focused");
        return Vec::new();
    };
    let resendable = |l: &super::ChatLine| {
        l.author == Author::Me
            && matches!(
                l.delivery,
                Some(Delivery::NotConfirmed | Delivery::NotSent | Delivery::Failed)
            )
    };
    let line = conversation
        .selected
        .as_deref()
        .and_then(|id| conversation.line(id))
        .filter(|l| resendable(l))
        .or_else(|| conversation.lines.iter().rev().find(|l| resendable(l)));
    let Some(line_id) = line.map(|l| l.id.clone()) else {
        state.notify(
            Level::Warning,
            "Nothing to resend: no message is waiting for confirmation",
        );
        return Vec::new();
    };
    if conversation.ended.is_some() {
        state.notify(
            Level::Warning,
            "This conversation has ended: nothing can be sent",
        );
        return Vec::new();
    }
    let conversation_id = conversation.id.clone();
    let Some(message) = state
        .outbox
        .messages
        .iter_mut()
        .find(|m| *m.message_id == *line_id)
    else {
        state.notify(
            Level::Warning,
            "That message cannot be resent (a file: /send it again)",
        );
        return Vec::new();
    };
    message.stage = Stage::Queued;
    if let Some(conversation) = state.conversation_mut(&conversation_id) {
        conversation.set_own_delivery(&line_id, Delivery::Queued);
    }
    changed(state);
    let effects = flush(state, &conversation_id);
    if effects.is_empty() {
        state.notify(
            Level::Info,
            "Queued: it goes out when the connection is back",
        );
    }
    effects
}

/// Conversation `id` ended or was closed: its messages leave the outbox, and those never
/// emitted show "not sent" (emitted ones keep their mark: the server may have them).
pub(super) fn forget(state: &mut State, id: &str) {
    let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut state.outbox.messages)
        .into_iter()
        .partition(|m| m.conversation_id == id);
    state.outbox.messages = kept;
    if gone.is_empty() {
        return;
    }
    if let Some(conversation) = state.conversation_mut(id) {
        for message in gone
            .iter()
            .filter(|m| !matches!(m.stage, Stage::Emitted { .. }))
        {
            conversation.set_own_delivery(&message.message_id, Delivery::NotSent);
        }
    }
    changed(state);
}
