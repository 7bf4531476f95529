//! The mouse, when `mouse = true`: a click on a conversation in the list focuses it, a click
//! on a picker row selects it (a second click picks it), the wheel scrolls the chat, the
//! help, the team board or the picker. Where things are comes from the last frame drawn
//! ([`super::Drawn`]); nothing else reacts to the mouse, so it never does what a key would
//! not.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use crate::app::{Overlay, State, UserAction};

use super::Drawn;

/// Lines one wheel step scrolls the chat.
pub const WHEEL_LINES: i32 = 3;

/// What `event` means on the screen last drawn as `drawn`, if anything.
pub fn action(state: &State, drawn: &Drawn, event: MouseEvent) -> Option<UserAction> {
    if state.login.is_some() {
        return None;
    }
    let at = Position::new(event.column, event.row);
    let hit = |rows: &[(Rect, usize)]| rows.iter().find(|(r, _)| r.contains(at)).map(|(_, i)| *i);
    let step = match event.kind {
        MouseEventKind::ScrollUp => -1,
        MouseEventKind::ScrollDown => 1,
        MouseEventKind::Down(MouseButton::Left) => {
            return match &state.overlay {
                Some(Overlay::Picker(_)) => hit(&drawn.picker_rows).map(UserAction::PickRow),
                Some(_) => None,
                None => hit(&drawn.conversation_rows).map(UserAction::FocusNumber),
            };
        }
        _ => return None,
    };
    match &state.overlay {
        Some(
            Overlay::Picker(_) | Overlay::TeamBoard | Overlay::PullPanel | Overlay::Announcements,
        ) => Some(UserAction::Move(step)),
        Some(Overlay::Help | Overlay::Status | Overlay::Log(_)) => {
            Some(UserAction::Move(step * WHEEL_LINES))
        }
        Some(Overlay::Confirm(_)) => None,
        // Up the wheel is back in time.
        None => Some(UserAction::Scroll(-step * WHEEL_LINES)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn mouse(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
        MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }
    }

    #[test]
    fn clicks_and_the_wheel() {
        let state = State::new(None, 0);
        let drawn = Drawn {
            conversation_rows: vec![(Rect::new(0, 3, 20, 2), 1), (Rect::new(0, 5, 20, 2), 2)],
            ..Drawn::default()
        };
        let click = MouseEventKind::Down(MouseButton::Left);
        assert_eq!(
            action(&state, &drawn, mouse(click, 4, 6)),
            Some(UserAction::FocusNumber(2))
        );
        assert_eq!(action(&state, &drawn, mouse(click, 40, 6)), None);
        assert_eq!(
            action(&state, &drawn, mouse(MouseEventKind::ScrollUp, 40, 6)),
            Some(UserAction::Scroll(WHEEL_LINES))
        );
        let login = State::new(Some(Default::default()), 0);
        assert_eq!(action(&login, &drawn, mouse(click, 4, 6)), None);
    }
}
