//! Keys of the overlays: the help popup and the picker. Under an overlay only these keys
//! (and the `Any` rows) act; everything else is ignored.

use crossterm::event::KeyCode;

use super::{alias, doc, key, Binding, Context::*, Does, NONE};

/// The help overlay.
pub const HELP: &[Binding] = &[
    alias(Help, key(KeyCode::Esc, NONE), Does::Dismiss, "Esc"),
    alias(Help, key(KeyCode::Char('?'), NONE), Does::ToggleHelp, "?"),
    alias(Help, key(KeyCode::F(1), NONE), Does::ToggleHelp, "F1"),
];

/// A picker (reason codes, MRDs).
pub const PICKER: &[Binding] = &[
    doc(
        Picker,
        key(KeyCode::Up, NONE),
        Does::Move(-1),
        "↑/↓",
        "choose",
    ),
    alias(Picker, key(KeyCode::Down, NONE), Does::Move(1), "↓"),
    alias(Picker, key(KeyCode::PageUp, NONE), Does::Move(-10), "PgUp"),
    alias(Picker, key(KeyCode::PageDown, NONE), Does::Move(10), "PgDn"),
    alias(Picker, key(KeyCode::Home, NONE), Does::Move(-1000), "Home"),
    alias(Picker, key(KeyCode::End, NONE), Does::Move(1000), "End"),
    doc(
        Picker,
        key(KeyCode::Enter, NONE),
        Does::Submit,
        "Enter",
        "pick",
    ),
    doc(
        Picker,
        key(KeyCode::Esc, NONE),
        Does::Dismiss,
        "Esc",
        "cancel",
    ),
];
