//! Questions asked before a step that loses something: leaving an active chat from a
//! function key, quitting with open chats or unsent text, sending a long paste.
//!
//! The question is an overlay ([`super::Overlay::Confirm`]); `y` or Enter answers yes, `n` or
//! Esc no, and pressing the key that asked once more (F8 again, Ctrl+C again) also answers
//! yes. `/quit!` and the configuration switch `confirm = false` skip the questions.

use super::input::UserAction;

/// What a yes does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    /// Leave this conversation (`topicUnsubscription`).
    Leave { conversation_id: String },
    /// Quit the desk (disconnect, no logout).
    Quit,
    /// Send the composer text (a long paste) as one message.
    SendLong,
}

/// An open question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub asked: Asked,
    /// The question, sanitised, e.g. "Leave the chat with Maria Lopez?".
    pub text: String,
    /// What yes does, in a word or two ("leave", "quit", "send").
    pub yes: &'static str,
    /// What no does ("stay", "keep editing").
    pub no: &'static str,
    /// The action that asked: doing it again answers yes (a second F8 or Ctrl+C).
    pub again: Option<UserAction>,
}
