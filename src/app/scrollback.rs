//! The scrollback window seen from the desk: lines that leave a conversation's window go to
//! the archive ([`Effect::ArchiveLines`]), and scrolling past the oldest line in memory
//! asks for them back ([`Effect::LoadOlderLines`] → [`super::Input::OlderLines`]).
//!
//! \[desk\] The Agent Manager has no documented call for one conversation's older messages
//! (PROTOCOL.md §5 lists only a customer's past conversations), so the history the desk
//! reloads from is its own archive of what it received ([`crate::archive`]).

use super::conversation::ChatLine;
use super::effect::Effect;
use super::state::State;

/// Lines asked back from the archive at a time: a few screens.
pub const LOAD_PAGE: usize = 200;

/// Moves evicted lines of every conversation into effects for the archive. Cheap when there
/// are none: one check per conversation.
pub(super) fn archive_evicted(state: &mut State, effects: &mut Vec<Effect>) {
    for conversation in &mut state.conversations {
        if conversation.lines.has_evicted() {
            effects.push(Effect::ArchiveLines {
                conversation_id: conversation.id.clone(),
                lines: conversation.lines.take_evicted(),
            });
        }
    }
}

/// The chat pane could not scroll back as far as asked (`limit` screen lines is all it
/// has): older lines are asked from the archive when it holds some, else the scroll stops
/// at the top.
pub(super) fn scrolled_past_top(state: &mut State, limit: usize) -> Vec<Effect> {
    let Some(conversation) = state.focused_conversation_mut() else {
        return Vec::new();
    };
    if conversation.lines.archived() == 0 {
        conversation.scroll = conversation.scroll.min(limit);
        return Vec::new();
    }
    if conversation.lines.loading_older() {
        return Vec::new();
    }
    conversation.lines.set_reading_back(true);
    conversation.lines.set_loading_older(true);
    vec![Effect::LoadOlderLines {
        conversation_id: conversation.id.clone(),
        count: LOAD_PAGE,
    }]
}

/// Puts archived lines back at the front of their conversation.
pub(super) fn older_lines(state: &mut State, conversation_id: &str, lines: Vec<ChatLine>) {
    if let Some(conversation) = state.conversation_mut(conversation_id) {
        conversation.lines.set_loading_older(false);
        if lines.is_empty() {
            // The archive had nothing after all (e.g. it could not be written).
            conversation.lines.forget_archived();
        }
        conversation.lines.prepend(lines);
    }
}
