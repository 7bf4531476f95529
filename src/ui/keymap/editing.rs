//! Editing keys of the text fields: the login fields, the composer, the wrap-up note and a
//! picker's filter — readline's (Ctrl+A/E/K/U/W/Y, Alt+B/F/D, Ctrl+←/→, Ctrl+_ undo).
//! Kills, yank, undo and line breaks act in the composer only; the one-line fields delete
//! without keeping anything (one holds the password).

use crossterm::event::KeyCode;

use super::{alias, doc, key, with, Binding, Context::*, Does, Keys, ALT, CTRL, NONE};
use crate::app::Edit;

/// Editing rows (last in the table: other contexts take Space, Tab, Enter first).
#[rustfmt::skip]
pub const EDITING: &[Binding] = &[
    doc(Editing, key(KeyCode::Char('a'), CTRL), Does::Edit(Edit::Home), "Ctrl+A/E", "line start / end"),
    with(Editing, key(KeyCode::Char('e'), CTRL), Does::Edit(Edit::End), "Ctrl+E"),
    doc(Editing, key(KeyCode::Char('b'), ALT), Does::Edit(Edit::WordLeft), "Alt+B/F, Ctrl+←/→", "word back / forward"),
    with(Editing, key(KeyCode::Char('f'), ALT), Does::Edit(Edit::WordRight), "Alt+F"),
    with(Editing, key(KeyCode::Left, CTRL), Does::Edit(Edit::WordLeft), "Ctrl+←"),
    with(Editing, key(KeyCode::Right, CTRL), Does::Edit(Edit::WordRight), "Ctrl+→"),
    doc(Editing, key(KeyCode::Char('w'), CTRL), Does::Edit(Edit::DeleteWord), "Ctrl+W", "delete word before"),
    alias(Editing, key(KeyCode::Backspace, ALT), Does::Edit(Edit::DeleteWord), "Alt+Backspace"),
    doc(Editing, key(KeyCode::Char('d'), ALT), Does::Edit(Edit::DeleteWordForward), "Alt+D", "delete word after"),
    doc(Editing, key(KeyCode::Char('u'), CTRL), Does::Edit(Edit::KillToStart), "Ctrl+U", "delete to line start"),
    // On the main screen Ctrl+K is the palette when nothing follows the cursor (desk.rs);
    // in the other fields it only deletes.
    alias(Fields, key(KeyCode::Char('k'), CTRL), Does::Edit(Edit::KillToEnd), "Ctrl+K"),
    alias(Picker, key(KeyCode::Char('k'), CTRL), Does::Edit(Edit::KillToEnd), "Ctrl+K"),
    doc(Editing, key(KeyCode::Char('y'), CTRL), Does::Edit(Edit::Yank), "Ctrl+Y", "paste what was deleted"),
    doc(Editing, key(KeyCode::Char('_'), CTRL), Does::Edit(Edit::Undo), "Ctrl+_", "undo"),
    // Ctrl+/ is what many terminals send as Ctrl+_ anyway.
    alias(Editing, key(KeyCode::Char('/'), CTRL), Does::Edit(Edit::Undo), "Ctrl+/"),
    // xterm sends Ctrl+- as Ctrl+_; terminals speaking the kitty keyboard protocol report
    // Ctrl+_ as Ctrl+Shift+- (the unshifted key), which reads as this.
    alias(Editing, key(KeyCode::Char('-'), CTRL), Does::Edit(Edit::Undo), "Ctrl+-"),
    alias(Editing, key(KeyCode::Backspace, NONE), Does::Edit(Edit::Backspace), "Backspace"),
    alias(Editing, key(KeyCode::Delete, NONE), Does::Edit(Edit::Delete), "Delete"),
    alias(Editing, key(KeyCode::Left, NONE), Does::Edit(Edit::Left), "←"),
    alias(Editing, key(KeyCode::Right, NONE), Does::Edit(Edit::Right), "→"),
    alias(Fields, key(KeyCode::Home, NONE), Does::Edit(Edit::Home), "Home"),
    alias(Fields, key(KeyCode::End, NONE), Does::Edit(Edit::End), "End"),
    alias(Editing, Keys::Printable, Does::Insert, ""),
];
