//! Keys of the overlays: a question, the help popup, the picker, the team board, the pull
//! panel and the announcements. Under an overlay only
//! these keys (and the `Any` rows) act; everything else is ignored, except that a `/` always
//! closes the overlay and starts a command in the composer.

use crossterm::event::KeyCode;

use super::{alias, doc, key, with, Binding, Context::*, Does, Keys, ALT, NONE};

/// A yes/no question ([`crate::app::Question`]); the key that asked also answers yes.
#[rustfmt::skip]
pub const CONFIRM: &[Binding] = &[
    doc(Confirm, key(KeyCode::Char('y'), NONE), Does::Confirm, "y/Enter", "yes"),
    with(Confirm, key(KeyCode::Enter, NONE), Does::Confirm, "Enter"),
    doc(Confirm, key(KeyCode::Char('n'), NONE), Does::Dismiss, "n/Esc", "no"),
    with(Confirm, key(KeyCode::Esc, NONE), Does::Dismiss, "Esc"),
    alias(Confirm, key(KeyCode::Char('/'), NONE), Does::Slash, "/"),
];

/// The help overlay (and `/status`).
#[rustfmt::skip]
pub const HELP: &[Binding] = &[
    doc(Help, key(KeyCode::Esc, NONE), Does::Dismiss, "Esc/?", "close"),
    with(Help, key(KeyCode::Char('?'), NONE), Does::ToggleHelp, "?"),
    alias(Help, key(KeyCode::F(1), NONE), Does::ToggleHelp, "F1"),
    doc(Help, key(KeyCode::Char('/'), NONE), Does::Slash, "/", "type a command"),
    doc(Help, key(KeyCode::Down, NONE), Does::Move(1), "↑/↓", "scroll"),
    with(Help, key(KeyCode::Up, NONE), Does::Move(-1), "↑"),
    alias(Help, key(KeyCode::PageDown, NONE), Does::Move(10), "PgDn"),
    alias(Help, key(KeyCode::PageUp, NONE), Does::Move(-10), "PgUp"),
    alias(Help, key(KeyCode::Char(' '), NONE), Does::Move(10), "Space"),
    alias(Help, key(KeyCode::Home, NONE), Does::Move(-100_000), "Home"),
    alias(Help, key(KeyCode::End, NONE), Does::Move(100_000), "End"),
];

/// The supervisor's team board: only these keys act.
#[rustfmt::skip]
pub const BOARD: &[Binding] = &[
    doc(Board, key(KeyCode::Up, NONE), Does::Move(-1), "↑/↓", "choose a chat"),
    with(Board, key(KeyCode::Down, NONE), Does::Move(1), "↓"),
    doc(Board, key(KeyCode::Enter, NONE), Does::Submit, "Enter", "monitor it"),
    doc(Board, key(KeyCode::Char('r'), NONE), Does::Command("/team"), "r", "refresh"),
    doc(Board, key(KeyCode::Char('h'), NONE), Does::Command("/hands"), "h", "hands"),
    doc(Board, key(KeyCode::Esc, NONE), Does::Dismiss, "Esc", "close"),
    alias(Board, key(KeyCode::F(10), NONE), Does::Dismiss, "F10"),
    alias(Board, key(KeyCode::Char('/'), NONE), Does::Slash, "/"),
];

/// A picker (reason codes, MRDs, the command palette): typing filters it (the `Editing` rows
/// edit the filter); j/k move while nothing is typed (not in the palette, see
/// [`crate::app::picker`]).
#[rustfmt::skip]
pub const PICKER: &[Binding] = &[
    // The filter row says "type to filter · / for a command" itself.
    alias(Picker, key(KeyCode::Char('/'), NONE), Does::Slash, "/"),
    doc(Picker, key(KeyCode::Up, NONE), Does::Move(-1), "↑/↓ j/k", "choose"),
    with(Picker, key(KeyCode::Down, NONE), Does::Move(1), "↓"),
    with(Picker, key(KeyCode::Char('j'), NONE), Does::MoveOrInsert(1), "j"),
    with(Picker, key(KeyCode::Char('k'), NONE), Does::MoveOrInsert(-1), "k"),
    alias(Picker, Keys::Printable, Does::Insert, "type"),
    alias(Picker, key(KeyCode::PageUp, NONE), Does::Move(-10), "PgUp"),
    alias(Picker, key(KeyCode::PageDown, NONE), Does::Move(10), "PgDn"),
    alias(Picker, key(KeyCode::Home, NONE), Does::Move(-1000), "Home"),
    alias(Picker, key(KeyCode::End, NONE), Does::Move(1000), "End"),
    doc(Picker, key(KeyCode::Enter, NONE), Does::Submit, "Enter", "pick"),
    doc(Picker, key(KeyCode::Esc, NONE), Does::Dismiss, "Esc", "cancel"),
];

/// The pull panel (`/pull`, Alt+P): only these keys act.
#[rustfmt::skip]
pub const PULL_PANEL: &[Binding] = &[
    doc(PullPanel, key(KeyCode::Up, NONE), Does::Move(-1), "↑/↓", "choose"),
    alias(PullPanel, key(KeyCode::Down, NONE), Does::Move(1), "↓"),
    alias(PullPanel, key(KeyCode::PageUp, NONE), Does::Move(-10), "PgUp"),
    alias(PullPanel, key(KeyCode::PageDown, NONE), Does::Move(10), "PgDn"),
    doc(PullPanel, key(KeyCode::Enter, NONE), Does::Submit, "Enter", "pick"),
    doc(PullPanel, key(KeyCode::Delete, NONE), Does::Delete, "Del", "delete"),
    doc(PullPanel, key(KeyCode::Esc, NONE), Does::Dismiss, "Esc", "close"),
    alias(PullPanel, key(KeyCode::Char('p'), ALT), Does::Dismiss, "Alt+P"),
    alias(PullPanel, key(KeyCode::Char('/'), NONE), Does::Slash, "/"),
];

/// The announcements (`/announcements`): only these keys act.
#[rustfmt::skip]
pub const ANNOUNCEMENTS: &[Binding] = &[
    doc(Announcements, key(KeyCode::Up, NONE), Does::Move(-1), "↑/↓", "choose"),
    alias(Announcements, key(KeyCode::Down, NONE), Does::Move(1), "↓"),
    doc(Announcements, key(KeyCode::Delete, NONE), Does::Delete, "Del", "delete (supervisors)"),
    alias(Announcements, key(KeyCode::Enter, NONE), Does::Submit, "Enter"),
    doc(Announcements, key(KeyCode::Esc, NONE), Does::Dismiss, "Esc", "close"),
    alias(Announcements, key(KeyCode::Char('/'), NONE), Does::Slash, "/"),
];
