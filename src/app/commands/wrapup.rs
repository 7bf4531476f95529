//! The wrap-up form of the focused conversation: finding it and sending it (`closeWrapup`).

use crate::client::{Command, WrapupChoice};

use crate::app::effect::Effect;
use crate::app::signals::{new_id, target};
use crate::app::state::{Level, State};

/// The wrap-up form of the focused conversation, while it waits for the agent.
pub(in crate::app) fn open_wrapup(
    state: &mut State,
) -> Option<&mut crate::app::wrapup::WrapupForm> {
    state
        .focused_conversation_mut()?
        .wrapup
        .as_mut()
        .filter(|f| !f.submitted)
}

/// Sends the wrap-up form (`skip`: `closeWrapup` with null).
pub(in crate::app) fn submit_wrapup(state: &mut State, skip: bool) -> Vec<Effect> {
    let now = state.now_ms;
    let Some(conversation) = state.focused_conversation_mut() else {
        return Vec::new();
    };
    let Some(form) = conversation.wrapup.as_mut() else {
        return Vec::new();
    };
    let wrapup = if skip {
        None
    } else {
        let categories = form.chosen();
        if categories.is_empty() {
            state.notify(
                Level::Warning,
                "Tick at least one wrap-up category (Space), or skip with Ctrl+X",
            );
            return Vec::new();
        }
        Some(WrapupChoice {
            categories,
            note: form.note.text().trim().to_string(),
        })
    };
    form.submitted = true;
    let id = conversation.id.clone();
    let command = Command::CloseWrapup {
        target: target(conversation),
        event_id: new_id(),
        message_id: new_id(),
        now_ms: now,
        wrapup,
    };
    state.end_notices(&crate::app::state::About::Wrapup(id));
    state.notify(
        Level::Info,
        if skip {
            "Wrap-up skipped"
        } else {
            "Wrap-up sent"
        },
    );
    vec![Effect::Send(command)]
}
