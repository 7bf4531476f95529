//! Keys of the login form and the wrap-up form (before the editing rows: Space, Tab and
//! Enter mean something else there).

use crossterm::event::KeyCode;

use super::{alias, doc, key, with, Binding, Context::*, Does, CTRL, NONE};

/// The login form. A `/` is only text here (passwords may contain one); Ctrl+C quits.
#[rustfmt::skip]
pub const LOGIN: &[Binding] = &[
    doc(Login, key(KeyCode::Tab, NONE), Does::NextField, "Tab", "next field"),
    doc(Login, key(KeyCode::Enter, NONE), Does::Submit, "Enter", "log in"),
    alias(Login, key(KeyCode::BackTab, NONE), Does::NextField, "Shift+Tab"),
    alias(Login, key(KeyCode::Up, NONE), Does::NextField, "↑"),
    alias(Login, key(KeyCode::Down, NONE), Does::NextField, "↓"),
];

/// The wrap-up form of the focused conversation. Letters typed over the categories go to the
/// note; a `/` starts a command in the composer.
#[rustfmt::skip]
pub const WRAPUP: &[Binding] = &[
    doc(Wrapup, key(KeyCode::Up, NONE), Does::Move(-1), "↑/↓", "choose"),
    with(Wrapup, key(KeyCode::Down, NONE), Does::Move(1), "↓"),
    doc(Wrapup, key(KeyCode::Char(' '), NONE), Does::ToggleOrInsert, "Space", "tick"),
    doc(Wrapup, key(KeyCode::Tab, NONE), Does::NextField, "Tab", "note"),
    alias(Wrapup, key(KeyCode::BackTab, NONE), Does::NextField, "Shift+Tab"),
    doc(Wrapup, key(KeyCode::Enter, NONE), Does::Submit, "Enter", "send"),
    doc(Wrapup, key(KeyCode::Char('x'), CTRL), Does::SkipWrapup, "Ctrl+X", "skip"),
    alias(Wrapup, key(KeyCode::Esc, NONE), Does::Dismiss, "Esc"),
    // The composer's placeholder says "/ types a command".
    alias(Wrapup, key(KeyCode::Char('/'), NONE), Does::SlashOrInsert, "/"),
];
