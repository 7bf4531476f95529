//! Bot suggestions of one conversation (`BOT_SUGGESTION`, PROTOCOL.md §4): numbered answers
//! attached to the customer message they answer, one key (or `/suggest [n]`) away from the
//! composer, never sent or shown to the customer.
//!
//! A conversation keeps at most [`MAX_SETS`] suggestion sets, indexed by the customer
//! message id they answer, so drawing a line finds its block with one hash look-up. Only
//! the newest set is *active* (its suggestions are numbered and the keys act on it): a newer
//! set supersedes it, and an agent reply to the customer (mine or another agent's) answers
//! every set before it. Answered and superseded sets *fade*: the chat shows them as one
//! dim line.
//!
//! "Answered" is decided without walking the lines: the conversation remembers the id of
//! its newest agent reply ([`Suggestions::replied`]), and a set is answered when that line
//! comes after the set's customer message ([`super::Lines::position`] of both ids).

use std::collections::{HashMap, VecDeque};

use crate::protocol::suggestion::BotSuggestion;

use super::lines::Lines;
use super::sanitize::display_text;

/// Suggestion sets kept per conversation (the oldest goes first).
pub const MAX_SETS: usize = 20;

/// Suggestions kept per set (the server's first ones).
pub const MAX_PER_SET: usize = 9;

/// One suggested reply, sanitised.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestedReply {
    /// The text to put into the composer (sanitised, may hold `\n`); `None` for a body the
    /// desk cannot send as text (a BUTTON or CAROUSEL suggestion, shown as `[BUTTON]`).
    pub text: Option<String>,
    /// The body type, e.g. `PLAIN`.
    pub body_type: String,
    /// Confidence in whole percent, when the server gave one above 0.
    pub confidence_pct: Option<u8>,
}

/// Where a set stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetStatus {
    /// The newest set, its message not answered yet: numbered, usable.
    Active,
    /// An agent replied to the customer after its message.
    Answered,
    /// A newer set arrived.
    Superseded,
}

/// The suggestions of one `BOT_SUGGESTION` event.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestionSet {
    /// The customer message (CIM id) they answer.
    pub for_message: String,
    pub replies: Vec<SuggestedReply>,
    pub status: SetStatus,
    /// The suggestion the keys act on (0-based): the last one put into the composer.
    pub chosen: usize,
}

impl SuggestionSet {
    /// True while the keys and `/suggest` act on this set.
    pub fn is_active(&self) -> bool {
        self.status == SetStatus::Active
    }
}

/// The sets of one conversation, by the message they answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Suggestions {
    by_message: HashMap<String, SuggestionSet>,
    /// Message ids in arrival order, oldest first (at most [`MAX_SETS`]).
    order: VecDeque<String>,
    /// The id of the newest agent reply to the customer in the conversation.
    replied: Option<String>,
}

impl Suggestions {
    /// The set answering the line `message_id`, if any.
    pub fn for_message(&self, message_id: &str) -> Option<&SuggestionSet> {
        self.by_message.get(message_id)
    }

    /// The active set (the newest, not yet answered), if any.
    pub fn active(&self) -> Option<&SuggestionSet> {
        self.order
            .back()
            .and_then(|id| self.by_message.get(id))
            .filter(|s| s.is_active())
    }

    /// The active set, mutably.
    pub fn active_mut(&mut self) -> Option<&mut SuggestionSet> {
        let id = self.order.back()?;
        self.by_message.get_mut(id).filter(|s| s.is_active())
    }

    /// How many sets are kept.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when there is no set.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Adds the suggestions of a `BOT_SUGGESTION` for the customer line `for_message` (the
    /// caller chose it: the event's `requestedMessage.id`, else the customer's newest line).
    /// The set before it is superseded; the new one is answered at once when an agent
    /// already replied after that line. A second event for the same message replaces the
    /// first. Sets beyond [`MAX_SETS`] are dropped, oldest first. Text is sanitised here.
    pub fn add(&mut self, for_message: String, suggestion: &BotSuggestion, lines: &Lines) {
        let replies: Vec<SuggestedReply> = suggestion
            .suggestions
            .iter()
            .take(MAX_PER_SET)
            .map(|s| SuggestedReply {
                text: s
                    .text
                    .as_deref()
                    .map(|t| display_text(super::body::markdown_to_plain(t).trim()))
                    .filter(|t| !t.is_empty()),
                body_type: display_text(&s.body_type),
                confidence_pct: s
                    .confidence
                    .map(|c| (c * 100.0).round().clamp(0.0, 100.0) as u8)
                    .filter(|pct| *pct > 0),
            })
            .collect();
        if replies.is_empty() {
            return;
        }
        if let Some(previous) = self
            .order
            .back()
            .filter(|id| **id != for_message)
            .and_then(|id| self.by_message.get_mut(id))
        {
            if previous.is_active() {
                previous.status = SetStatus::Superseded;
            }
        }
        let status = if self.answered_after(&for_message, lines) {
            SetStatus::Answered
        } else {
            SetStatus::Active
        };
        self.order.retain(|id| *id != for_message);
        self.order.push_back(for_message.clone());
        self.by_message.insert(
            for_message.clone(),
            SuggestionSet {
                for_message,
                replies,
                status,
                chosen: 0,
            },
        );
        while self.order.len() > MAX_SETS {
            if let Some(old) = self.order.pop_front() {
                self.by_message.remove(&old);
            }
        }
    }

    /// An agent replied to the customer with the line `reply_id` (the newest line): every
    /// active set is answered.
    pub fn replied(&mut self, reply_id: &str) {
        self.replied = Some(reply_id.to_string());
        if let Some(set) = self.active_mut() {
            set.status = SetStatus::Answered;
        }
    }

    /// The line `reply_id` already in `lines` is the newest agent reply (read from a
    /// snapshot): the active set is answered when that reply comes after its message.
    pub fn replied_in(&mut self, reply_id: &str, lines: &Lines) {
        self.replied = Some(reply_id.to_string());
        let answered = self
            .active()
            .is_some_and(|set| self.answered_after(&set.for_message, lines));
        if answered {
            if let Some(set) = self.active_mut() {
                set.status = SetStatus::Answered;
            }
        }
    }

    /// True when the newest agent reply comes after the line `message_id` in `lines`.
    fn answered_after(&self, message_id: &str, lines: &Lines) -> bool {
        let Some(reply) = self.replied.as_deref().and_then(|id| lines.position(id)) else {
            return false;
        };
        lines.position(message_id).is_some_and(|at| reply > at)
    }
}
