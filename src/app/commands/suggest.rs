//! Bot suggestions to the composer or straight to the customer: `/suggest [n]` (a contract)
//! and its key put suggestion n of the active set into the composer to edit; `/suggest-send
//! [n]` and its key send it at once, as an ordinary `AGENT_MESSAGE` through the same path as
//! typed text (its echo confirms it). Issue 12; the suggestions are in
//! [`crate::app::suggestions`].
//!
//! Without `n`: the key steps through the set — the first press gives suggestion 1, the next
//! press (while the composer still holds it unchanged) suggestion 2, and so on round; sending
//! at once takes the one last put into the composer (1 at first). A composer holding other
//! text keeps it: the suggestion goes in at the cursor.

use crate::app::effect::Effect;
use crate::app::state::{Level, State};
use crate::app::suggestions::SuggestedReply;

use super::compose::send_message;

/// Where a suggestion goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::app) enum Use {
    /// Into the composer, to edit.
    Compose,
    /// To the customer at once.
    Send,
}

/// Reads `n` (1-based) of `/suggest [n]`; `Err` with the notice for anything else.
fn number(arg: Option<&str>) -> Result<Option<usize>, String> {
    match arg.map(str::trim).filter(|a| !a.is_empty()) {
        None => Ok(None),
        Some(a) => match a.trim_start_matches('#').parse::<usize>() {
            Ok(n) if n >= 1 => Ok(Some(n)),
            _ => Err(format!(
                "/suggest takes a suggestion's number, e.g. /suggest 2 (not {a:?})"
            )),
        },
    }
}

/// `/suggest [n]` (`Use::Compose`) and `/suggest-send [n]` (`Use::Send`).
pub(in crate::app) fn suggest(state: &mut State, arg: Option<String>, how: Use) -> Vec<Effect> {
    let n = match number(arg.as_deref()) {
        Ok(n) => n,
        Err(message) => {
            state.notify(Level::Warning, message);
            return Vec::new();
        }
    };
    let composer = state.composer.text().to_string();
    let picked = pick(state, n, how, &composer);
    let (index, reply, holds_a_suggestion) = match picked {
        Ok(picked) => picked,
        Err(message) => {
            state.notify(Level::Warning, message);
            return Vec::new();
        }
    };
    let Some(text) = reply.text.clone() else {
        state.notify(
            Level::Warning,
            format!(
                "Suggestion {} is a {} message: the desk can only send text",
                index + 1,
                reply.body_type
            ),
        );
        return Vec::new();
    };
    match how {
        Use::Compose => {
            if holds_a_suggestion {
                state.composer.take();
            }
            insert_at_cursor(state, &text);
            Vec::new()
        }
        Use::Send => {
            if let Some(set) = state
                .focused_conversation_mut()
                .and_then(|c| c.suggestions.active_mut())
            {
                set.status = crate::app::suggestions::SetStatus::Answered;
            }
            send_now(state, &text)
        }
    }
}

/// Chooses the suggestion of the focused conversation's active set (and remembers it as
/// chosen): its index, a copy, and whether the composer holds one of the set unchanged.
fn pick(
    state: &mut State,
    n: Option<usize>,
    how: Use,
    composer: &str,
) -> Result<(usize, SuggestedReply, bool), String> {
    let conversation = state
        .focused_conversation_mut()
        .ok_or("No conversation focused")?;
    if conversation.whispers_only() {
        return Err(
            "Suggestions are for the agent who writes to the customer (you only whisper here)"
                .into(),
        );
    }
    let set = conversation
        .suggestions
        .active_mut()
        .ok_or("No bot suggestion waiting for an answer here")?;
    let count = set.replies.len();
    let composer = one_line_text(composer);
    let holds = |i: usize| {
        set.replies[i]
            .text
            .as_deref()
            .is_some_and(|t| one_line_text(t) == composer)
    };
    let chosen = set.chosen.min(count - 1);
    let index = match (n, how) {
        (Some(n), _) if n > count => {
            return Err(format!("There are {count} suggestions: /suggest 1–{count}"))
        }
        (Some(n), _) => n - 1,
        (None, Use::Send) => chosen,
        (None, Use::Compose) if holds(chosen) => (chosen + 1) % count,
        (None, Use::Compose) => chosen,
    };
    let holds_a_suggestion = (0..count).any(holds);
    set.chosen = index;
    Ok((index, set.replies[index].clone(), holds_a_suggestion))
}

/// A text compared with what the composer holds: whitespace runs count as one space (the
/// composer turns tabs into spaces).
fn one_line_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Puts `text` into the composer as text (never a command, line breaks kept): an empty
/// composer takes it; else it goes in at the cursor, with a space where it meets other text
/// (used for suggestions and canned responses).
pub(in crate::app) fn insert_at_cursor(state: &mut State, text: &str) {
    use crate::app::text_field::Edit;
    // Typed in like keys when it is one line that cannot read as a command; else as a paste
    // (line breaks kept, never a command), which the composer then says.
    let put = |state: &mut State, text: &str| {
        if text.contains('\n') || text.trim_start().starts_with('/') {
            state.composer.paste(text, true);
        } else {
            for c in text.chars() {
                state.composer.apply(Edit::Insert(c));
            }
        }
    };
    if state.composer.text().trim().is_empty() {
        state.composer.take();
        put(state, text);
        return;
    }
    let (head, tail) = state.composer.text().split_at(state.composer.cursor_byte());
    let before: Option<char> = head.chars().next_back();
    let after: Option<char> = tail.chars().next();
    if before.is_some_and(|c| !c.is_whitespace()) {
        state.composer.apply(Edit::Insert(' '));
    }
    put(state, text);
    if after.is_some_and(|c| !c.is_whitespace()) {
        state.composer.apply(Edit::Insert(' '));
    }
}

/// Sends `text` to the focused conversation's customer through the composer's own send path
/// ([`send_message`], so the outbox and the echo work as for typed text) without losing what
/// the composer holds: the draft comes back afterwards (unless it was that very text).
pub(in crate::app) fn send_now(state: &mut State, text: &str) -> Vec<Effect> {
    let draft = state.composer.take();
    let effects = send_message(state, text);
    if state.composer.is_empty() && draft != text {
        state.composer.set(&draft);
    }
    effects
}
