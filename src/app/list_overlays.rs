//! Keys on the two list overlays drawn live from the state, the pull panel
//! ([`Overlay::PullPanel`]) and the announcements ([`Overlay::Announcements`]): ↑/↓ move the
//! selection, Enter and Delete turn the selected row into the slash command the agent could
//! type (`/pull <n>`, `/pull delete <n>`, `/announcements delete <n>`).
//!
//! They are not [`super::Picker`]s because their rows change while they are open (chats
//! arrive and go, waiting times grow): the UI draws them from the state on every frame, and
//! only the selection lives here.

use super::state::{Overlay, State};

/// Moves the selection of the open list overlay; false when none is open.
pub(super) fn move_selection(state: &mut State, step: i32) -> bool {
    let now = state.now_ms;
    let (selected, count) = match state.overlay {
        Some(Overlay::PullPanel) => (&mut state.pull.selected, state.pull.waiting.len()),
        Some(Overlay::Announcements) => {
            let count = state.announcements.active(now).count();
            (&mut state.announcements.selected, count)
        }
        _ => return false,
    };
    let last = count.saturating_sub(1) as i64;
    *selected = (*selected as i64 + i64::from(step)).clamp(0, last) as usize;
    true
}

/// Enter on the open list overlay: the command for the selected row (the pull panel picks
/// the chat; the announcements overlay closes). `None` when no list overlay is open.
pub(super) fn submit(state: &mut State) -> Option<String> {
    match state.overlay {
        Some(Overlay::PullPanel) => {
            let chat = state.pull.waiting.get(state.pull.selected)?;
            Some(format!("/pull {}", chat.number))
        }
        Some(Overlay::Announcements) => {
            state.overlay = None;
            None
        }
        _ => None,
    }
}

/// Delete on the open list overlay: the delete command for the selected row.
pub(super) fn delete(state: &mut State) -> Option<String> {
    match state.overlay {
        Some(Overlay::PullPanel) => {
            let chat = state.pull.waiting.get(state.pull.selected)?;
            Some(format!("/pull delete {}", chat.number))
        }
        Some(Overlay::Announcements) => Some(format!(
            "/announcements delete {}",
            state.announcements.selected + 1
        )),
        _ => None,
    }
}
