//! Keys of the main screen: F-keys for the commands, moving between chats, scrolling and
//! selecting lines, the palette, the external editor, suspending. `Desk` rows also work while
//! a wrap-up form is open.

use crossterm::event::KeyCode;

use super::{
    alias, doc, key, with, Binding, Context::*, Does, Keys, ALT, CTRL, NONE, SCROLL_ALL, SHIFT,
};
use crate::app::Edit;

/// The main screen (and, for `Desk` rows, the wrap-up form).
#[rustfmt::skip]
pub const DESK: &[Binding] = &[
    doc(Main, key(KeyCode::Enter, NONE), Does::Submit, "Enter", "send / run the command"),
    doc(Main, key(KeyCode::Enter, ALT), Does::Edit(Edit::NewLine), "Alt/Shift+Enter", "new line in the message"),
    // Shift+Enter where the terminal tells it from Enter (kitty keyboard protocol, tmux
    // extended-keys); Alt+Enter works everywhere.
    with(Main, key(KeyCode::Enter, SHIFT), Does::Edit(Edit::NewLine), "Shift+Enter"),
    doc(Main, key(KeyCode::Tab, NONE), Does::Complete, "Tab", "complete command, reason, queue, path, #canned"),
    doc(Main, key(KeyCode::Char('k'), CTRL), Does::KillOrPalette, "Ctrl+K", "command palette (or delete to line end)"),
    doc(Main, key(KeyCode::Char('?'), NONE), Does::HelpOrInsert, "?/F1", "help (empty composer)"),
    with(Desk, key(KeyCode::F(1), NONE), Does::ToggleHelp, "F1"),
    doc(Main, key(KeyCode::Esc, NONE), Does::Dismiss, "Esc", "cancel reply / selection"),
    doc(Desk, key(KeyCode::F(2), NONE), Does::Command("/ready"), "F2", "/ready"),
    doc(Desk, key(KeyCode::F(3), NONE), Does::Command("/notready"), "F3", "/notready (reason)"),
    doc(Desk, key(KeyCode::F(4), NONE), Does::Command("/accept"), "F4", "/accept"),
    doc(Desk, key(KeyCode::F(5), NONE), Does::CustomerPanel, "F5", "customer panel"),
    doc(Desk, key(KeyCode::F(6), NONE), Does::Command("/mrd"), "F6", "MRD picker"),
    doc(Desk, key(KeyCode::F(7), NONE), Does::HoldOrResume, "F7", "/hold · /resume"),
    doc(Desk, key(KeyCode::F(8), NONE), Does::Command("/leave"), "F8", "/leave (asks)"),
    doc(Desk, key(KeyCode::F(9), NONE), Does::Command("/transfer"), "F9", "/transfer picker (queues, agents)"),
    doc(Desk, key(KeyCode::F(10), NONE), Does::Command("/team"), "F10", "/team board (supervisors)"),
    // Alt+A (weechat's "next buffer with activity") sends the bot suggestion (issue 12);
    // `"alt+a" = "next-unread"` in [keys] gives it back.
    doc(Desk, key(KeyCode::Char('u'), ALT), Does::NextUnread, "Alt+U", "next chat with unread messages"),
    doc(Desk, key(KeyCode::Char('n'), CTRL), Does::FocusNext, "Ctrl+N/P", "next / previous chat"),
    with(Desk, key(KeyCode::Char('p'), CTRL), Does::FocusPrev, "Ctrl+P"),
    doc(Desk, Keys::AltDigit, Does::FocusDigit, "Alt+1…9", "go to chat n"),
    doc(Desk, key(KeyCode::Char('p'), ALT), Does::Command("/pull"), "Alt+P", "/pull"),
    doc(Desk, key(KeyCode::PageUp, NONE), Does::Scroll(10), "PgUp/PgDn", "scroll 10 lines"),
    with(Desk, key(KeyCode::PageDown, NONE), Does::Scroll(-10), "PgDn"),
    doc(Main, key(KeyCode::Home, NONE), Does::ScrollOrEdit(SCROLL_ALL, Edit::Home), "Home/End", "oldest / newest line (empty composer)"),
    with(Main, key(KeyCode::End, NONE), Does::ScrollOrEdit(-SCROLL_ALL, Edit::End), "End"),
    doc(Desk, key(KeyCode::Home, CTRL), Does::Scroll(SCROLL_ALL), "Ctrl+Home/End", "oldest / newest line"),
    with(Desk, key(KeyCode::End, CTRL), Does::Scroll(-SCROLL_ALL), "Ctrl+End"),
    doc(Main, key(KeyCode::Up, NONE), Does::LineOrScroll(Edit::LineUp, 1), "↑/↓", "scroll 1 line (lines of a long message)"),
    with(Main, key(KeyCode::Down, NONE), Does::LineOrScroll(Edit::LineDown, -1), "↓"),
    doc(Main, key(KeyCode::Up, CTRL), Does::SelectLine(-1), "Ctrl+↑/↓", "select a message"),
    with(Main, key(KeyCode::Down, CTRL), Does::SelectLine(1), "Ctrl+↓"),
    // Some terminals keep Ctrl+arrows for themselves (macOS Spaces): Alt works too.
    alias(Main, key(KeyCode::Up, ALT), Does::SelectLine(-1), "Alt+↑"),
    alias(Main, key(KeyCode::Down, ALT), Does::SelectLine(1), "Alt+↓"),
    doc(Main, key(KeyCode::Char('r'), CTRL), Does::Command("/reply"), "Ctrl+R", "reply to it (/reply)"),
    doc(Main, key(KeyCode::Char('e'), ALT), Does::ExternalEditor, "Alt+E", "write the message in $EDITOR"),
    doc(Desk, key(KeyCode::Char('l'), ALT), Does::Command("/log"), "Alt+L", "/log: log lines and notices"),
    doc(Any, key(KeyCode::Char('z'), CTRL), Does::Suspend, "Ctrl+Z", "suspend (fg resumes)"),
    doc(Any, key(KeyCode::Char('l'), CTRL), Does::Redraw, "Ctrl+L", "redraw the screen"),
    // Answering faster (issue 12): bot suggestions, canned responses (Tab's `#name`, above).
    doc(Main, key(KeyCode::Char('s'), ALT), Does::Command("/suggest"), "Alt+S", "bot suggestion into the composer (again: next)"),
    doc(Main, key(KeyCode::Char('a'), ALT), Does::Command("/suggest-send"), "Alt+A", "send the bot suggestion at once"),
    doc(Main, key(KeyCode::Char('c'), ALT), Does::Command("/canned"), "Alt+C", "canned responses"),
    // Acts on the selected message, else the newest one not confirmed / not sent (issue 8).
    doc(Main, key(KeyCode::F(12), NONE), Does::Command("/resend"), "F12", "/resend a not confirmed message (same id)"),
    doc(Any, key(KeyCode::Char('c'), CTRL), Does::Quit, "Ctrl+C", "quit"),
];
