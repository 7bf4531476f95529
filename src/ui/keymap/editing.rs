//! Editing keys of the text fields: the login fields, the composer, the wrap-up note and a
//! picker's filter.

use crossterm::event::KeyCode;

use super::{alias, doc, key, Binding, Context::*, Does, Keys, ALT, CTRL, NONE};
use crate::app::Edit;

/// Editing rows (last in the table: other contexts take Space, Tab, Enter first).
#[rustfmt::skip]
pub const EDITING: &[Binding] = &[
    doc(Editing, key(KeyCode::Char('w'), CTRL), Does::Edit(Edit::DeleteWord), "Ctrl+W", "delete word"),
    alias(Editing, key(KeyCode::Backspace, ALT), Does::Edit(Edit::DeleteWord), "Alt+Backspace"),
    doc(Editing, key(KeyCode::Char('u'), CTRL), Does::Edit(Edit::Clear), "Ctrl+U", "clear line"),
    doc(Editing, key(KeyCode::Char('a'), CTRL), Does::Edit(Edit::Home), "Ctrl+A/E", "line start / end"),
    alias(Editing, key(KeyCode::Char('e'), CTRL), Does::Edit(Edit::End), "Ctrl+E"),
    alias(Editing, key(KeyCode::Backspace, NONE), Does::Edit(Edit::Backspace), "Backspace"),
    alias(Editing, key(KeyCode::Delete, NONE), Does::Edit(Edit::Delete), "Delete"),
    alias(Editing, key(KeyCode::Left, NONE), Does::Edit(Edit::Left), "←"),
    alias(Editing, key(KeyCode::Right, NONE), Does::Edit(Edit::Right), "→"),
    alias(Fields, key(KeyCode::Home, NONE), Does::Edit(Edit::Home), "Home"),
    alias(Fields, key(KeyCode::End, NONE), Does::Edit(Edit::End), "End"),
    alias(Editing, Keys::Printable, Does::Insert, ""),
];
