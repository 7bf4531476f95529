//! Canned responses into the composer (issue 12): `/canned <name>` (a contract) inserts the
//! response filled in for the focused conversation; `#name` then Tab expands it inline; the
//! picker (`/canned` alone, its key, or Tab on a `#prefix` several names share) lists them,
//! filtered fuzzily, with the filled-in text of the selected one as a preview. The
//! responses and their placeholders are in [`crate::app::canned`].
//!
//! Inserting never loses what is typed: an empty composer takes the response, else it goes
//! in at the cursor, and a `#prefix` right before the cursor that the response's name starts
//! with is replaced by it.

use crate::app::canned::{name_char, Canned};
use crate::app::effect::Effect;
use crate::app::picker::{Picker, PickerItem};
use crate::app::state::{Level, Overlay, State};
use crate::app::text_field::Edit;

use super::suggest::insert_at_cursor;

/// Title of the canned responses picker.
pub const PICKER_TITLE: &str = "Canned responses";

/// `/canned [name]`.
pub(in crate::app) fn canned(state: &mut State, arg: Option<String>) -> Vec<Effect> {
    if state.canned.is_empty() {
        state.notify(
            Level::Warning,
            "No canned responses: add a [canned] table to the configuration (see the README)",
        );
        return Vec::new();
    }
    let Some(name) = arg.map(|a| a.trim().trim_start_matches('#').to_string()) else {
        open_picker(state, "");
        return Vec::new();
    };
    if let Some(found) = state.canned.get(&name).cloned() {
        insert(state, &found);
        return Vec::new();
    }
    let lower = name.to_lowercase();
    let exact_any_case: Vec<Canned> = state
        .canned
        .iter()
        .filter(|c| c.name.to_lowercase() == lower)
        .cloned()
        .collect();
    match exact_any_case.as_slice() {
        [one] => insert(state, one),
        _ => {
            open_picker(state, &name);
            let shown = match &state.overlay {
                Some(Overlay::Picker(p)) => p.visible().len(),
                _ => 0,
            };
            if shown == 0 {
                state.overlay = None;
                state.notify(
                    Level::Warning,
                    format!("No canned response {name:?}: /canned lists them"),
                );
            }
        }
    }
    Vec::new()
}

/// Tab in the composer: expands the `#prefix` before the cursor when one response's name
/// starts with it, opens the picker filtered by it when several do; without a `#prefix`,
/// opens the picker. Nothing while a slash command is being typed.
pub(in crate::app) fn complete(state: &mut State) -> Vec<Effect> {
    if state.composer.text().trim_start().starts_with('/') && !state.composer.is_literal() {
        // A command being typed: Tab is not a canned response there.
        return Vec::new();
    }
    let Some(prefix) = hash_word(state).map(|(_, word)| word) else {
        return canned(state, None);
    };
    if state.canned.is_empty() {
        return canned(state, None);
    }
    let matches: Vec<Canned> = state
        .canned
        .starting_with(&prefix)
        .into_iter()
        .cloned()
        .collect();
    match matches.as_slice() {
        [] => {
            state.notify(
                Level::Warning,
                format!(
                    "No canned response starts with #{prefix}: Tab on an empty word lists them"
                ),
            );
        }
        [one] => insert(state, one),
        _ => open_picker(state, &prefix),
    }
    Vec::new()
}

/// The `#word` right before the composer's cursor: its length in chars (with the `#`) and
/// the word after the `#`.
fn hash_word(state: &State) -> Option<(usize, String)> {
    let before: Vec<char> = state.composer.text()[..state.composer.cursor_byte()]
        .chars()
        .collect();
    let word_len = before.iter().rev().take_while(|c| name_char(**c)).count();
    let hash_at = before.len().checked_sub(word_len + 1)?;
    if before[hash_at] != '#' {
        return None;
    }
    if hash_at > 0 && !before[hash_at - 1].is_whitespace() {
        return None;
    }
    Some((word_len + 1, before[hash_at + 1..].iter().collect()))
}

/// Puts `canned`, filled in for the focused conversation, into the composer.
fn insert(state: &mut State, canned: &Canned) {
    let expanded = canned.expand(state.focused_conversation(), state.me.as_ref());
    if let Some((len, word)) = hash_word(state) {
        if canned.name.to_lowercase().starts_with(&word.to_lowercase()) {
            for _ in 0..len {
                state.composer.apply(Edit::Backspace);
            }
        }
    }
    insert_at_cursor(state, &expanded.text);
    if !expanded.missing.is_empty() {
        let what = if state.focused_conversation().is_some() {
            "unknown in this chat"
        } else {
            "unknown without a chat"
        };
        state.notify(
            Level::Warning,
            format!(
                "#{}: {} {what}, left blank",
                canned.name,
                expanded.missing.join(", ")
            ),
        );
    }
}

/// Opens the picker of canned responses, filtered by `filter`.
fn open_picker(state: &mut State, filter: &str) {
    let conversation = state.focused_conversation();
    let me = state.me.as_ref();
    let mut items = Vec::new();
    let mut previews = Vec::new();
    for canned in state.canned.iter() {
        items.push(PickerItem {
            label: canned.name.clone(),
            detail: crate::app::sanitize::one_line(&canned.template),
            command: format!("/canned {}", canned.name),
            indent: 0,
        });
        previews.push(canned.expand(conversation, me).text);
    }
    let mut picker = Picker::new(PICKER_TITLE, items);
    picker.search = true;
    picker.previews = previews;
    picker.message = Some(if conversation.is_some() {
        "Filled in for this chat; Enter puts it into the composer".into()
    } else {
        "No chat focused: the placeholders stay blank".into()
    });
    picker.set_filter(filter);
    state.overlay = Some(Overlay::Picker(picker));
}
