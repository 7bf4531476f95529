//! Keys → [`UserAction`]s, as one table ([`BINDINGS`]). The help overlay and the login hints
//! are drawn from the same table, so what the screen says is what the keys do.
//!
//! Context decides which rows apply ([`Context`]): the login form, the main screen, or the
//! help overlay. While help is open only `?`, `Esc`, `F1` and `Ctrl+C` do anything; every other
//! key is ignored (so a stray key cannot send text the agent cannot see).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{Edit, Overlay, State, UserAction};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere, overlay or not.
    Any,
    /// Wherever text is typed: the login form and the main screen (not under the overlay).
    Editing,
    /// The login form.
    Login,
    /// The main screen (no overlay).
    Main,
    /// The main screen with the help overlay open.
    Help,
}

/// Which keys a binding matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// One key with exactly these modifiers (letters match either case).
    Key(KeyCode, KeyModifiers),
    /// Alt+1 … Alt+9.
    AltDigit,
    /// A printable character (no Ctrl/Alt, or AltGr).
    Printable,
}

/// What a binding does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Does {
    /// Edit the active field.
    Edit(Edit),
    /// Insert the typed character.
    Insert,
    /// [`UserAction::Submit`].
    Submit,
    /// [`UserAction::NextField`].
    NextField,
    /// Run this slash command.
    Command(&'static str),
    /// [`UserAction::FocusNext`].
    FocusNext,
    /// [`UserAction::FocusPrev`].
    FocusPrev,
    /// Focus the conversation numbered by the typed digit.
    FocusDigit,
    /// [`UserAction::Scroll`] by this many lines (positive = back in time).
    Scroll(i32),
    /// [`UserAction::ToggleHelp`].
    ToggleHelp,
    /// `?` on the main screen: help when the composer is empty, else types `?`.
    HelpOrInsert,
    /// [`UserAction::Dismiss`].
    Dismiss,
    /// [`UserAction::Quit`].
    Quit,
}

/// One row of the key map.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub context: Context,
    /// Keys it matches.
    pub keys: Keys,
    /// What it does.
    pub does: Does,
    /// How help shows the key(s), e.g. `"PgUp/PgDn"`.
    pub label: &'static str,
    /// Help text; `None` hides the row (an alias of a row shown elsewhere, or plain editing).
    pub help: Option<&'static str>,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

const fn bind(
    context: Context,
    keys: Keys,
    does: Does,
    label: &'static str,
    help: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        keys,
        does,
        label,
        help,
    }
}

const fn key(code: KeyCode, mods: KeyModifiers) -> Keys {
    Keys::Key(code, mods)
}

use Context::{Any, Editing, Help, Login, Main};

/// The key map, first match wins. Rows with `help: Some(..)` appear in the help overlay
/// (context `Main`/`Any`) or the login hints (context `Login`/`Any`).
pub const BINDINGS: &[Binding] = &[
    // Help overlay: only these keys act; everything else is ignored.
    bind(Help, key(KeyCode::Esc, NONE), Does::Dismiss, "Esc", None),
    bind(
        Help,
        key(KeyCode::Char('?'), NONE),
        Does::ToggleHelp,
        "?",
        None,
    ),
    bind(Help, key(KeyCode::F(1), NONE), Does::ToggleHelp, "F1", None),
    // Login form.
    bind(
        Login,
        key(KeyCode::Tab, NONE),
        Does::NextField,
        "Tab",
        Some("next field"),
    ),
    bind(
        Login,
        key(KeyCode::Enter, NONE),
        Does::Submit,
        "Enter",
        Some("log in"),
    ),
    bind(
        Login,
        key(KeyCode::BackTab, NONE),
        Does::NextField,
        "Shift+Tab",
        None,
    ),
    bind(Login, key(KeyCode::Up, NONE), Does::NextField, "↑", None),
    bind(Login, key(KeyCode::Down, NONE), Does::NextField, "↓", None),
    // Main screen.
    bind(
        Main,
        key(KeyCode::Enter, NONE),
        Does::Submit,
        "Enter",
        Some("send / run the command"),
    ),
    bind(
        Main,
        key(KeyCode::Char('?'), NONE),
        Does::HelpOrInsert,
        "?/F1",
        Some("help (empty composer)"),
    ),
    bind(Main, key(KeyCode::F(1), NONE), Does::ToggleHelp, "F1", None),
    bind(
        Main,
        key(KeyCode::Esc, NONE),
        Does::Dismiss,
        "Esc",
        Some("close help"),
    ),
    bind(
        Main,
        key(KeyCode::F(2), NONE),
        Does::Command("/ready"),
        "F2",
        Some("/ready"),
    ),
    bind(
        Main,
        key(KeyCode::F(3), NONE),
        Does::Command("/notready"),
        "F3",
        Some("/notready"),
    ),
    bind(
        Main,
        key(KeyCode::F(4), NONE),
        Does::Command("/accept"),
        "F4",
        Some("/accept"),
    ),
    bind(
        Main,
        key(KeyCode::F(8), NONE),
        Does::Command("/leave"),
        "F8",
        Some("/leave"),
    ),
    bind(
        Main,
        key(KeyCode::Char('n'), CTRL),
        Does::FocusNext,
        "Ctrl+N/P",
        Some("next / previous chat"),
    ),
    bind(
        Main,
        key(KeyCode::Char('p'), CTRL),
        Does::FocusPrev,
        "Ctrl+P",
        None,
    ),
    bind(
        Main,
        Keys::AltDigit,
        Does::FocusDigit,
        "Alt+1…9",
        Some("go to chat n"),
    ),
    bind(
        Main,
        key(KeyCode::PageUp, NONE),
        Does::Scroll(10),
        "PgUp/PgDn",
        Some("scroll 10 lines"),
    ),
    bind(
        Main,
        key(KeyCode::PageDown, NONE),
        Does::Scroll(-10),
        "PgDn",
        None,
    ),
    bind(
        Main,
        key(KeyCode::Up, NONE),
        Does::Scroll(1),
        "↑/↓",
        Some("scroll 1 line"),
    ),
    bind(Main, key(KeyCode::Down, NONE), Does::Scroll(-1), "↓", None),
    bind(
        Any,
        key(KeyCode::Char('c'), CTRL),
        Does::Quit,
        "Ctrl+C",
        Some("quit"),
    ),
    // Editing (login fields and composer).
    bind(
        Editing,
        key(KeyCode::Char('w'), CTRL),
        Does::Edit(Edit::DeleteWord),
        "Ctrl+W",
        Some("delete word"),
    ),
    bind(
        Editing,
        key(KeyCode::Backspace, ALT),
        Does::Edit(Edit::DeleteWord),
        "Alt+Backspace",
        None,
    ),
    bind(
        Editing,
        key(KeyCode::Char('u'), CTRL),
        Does::Edit(Edit::Clear),
        "Ctrl+U",
        Some("clear line"),
    ),
    bind(
        Editing,
        key(KeyCode::Char('a'), CTRL),
        Does::Edit(Edit::Home),
        "Ctrl+A/E",
        Some("line start / end"),
    ),
    bind(
        Editing,
        key(KeyCode::Char('e'), CTRL),
        Does::Edit(Edit::End),
        "Ctrl+E",
        None,
    ),
    bind(
        Editing,
        key(KeyCode::Backspace, NONE),
        Does::Edit(Edit::Backspace),
        "Backspace",
        None,
    ),
    bind(
        Editing,
        key(KeyCode::Delete, NONE),
        Does::Edit(Edit::Delete),
        "Delete",
        None,
    ),
    bind(
        Editing,
        key(KeyCode::Left, NONE),
        Does::Edit(Edit::Left),
        "←",
        None,
    ),
    bind(
        Editing,
        key(KeyCode::Right, NONE),
        Does::Edit(Edit::Right),
        "→",
        None,
    ),
    bind(
        Editing,
        key(KeyCode::Home, NONE),
        Does::Edit(Edit::Home),
        "Home",
        None,
    ),
    bind(
        Editing,
        key(KeyCode::End, NONE),
        Does::Edit(Edit::End),
        "End",
        None,
    ),
    bind(Editing, Keys::Printable, Does::Insert, "", None),
];

/// The context `state` puts the keyboard in.
pub fn context_of(state: &State) -> Context {
    if state.login.is_some() {
        Context::Login
    } else if state.overlay == Some(Overlay::Help) {
        Context::Help
    } else {
        Context::Main
    }
}

fn applies(binding: Context, current: Context) -> bool {
    match binding {
        Context::Any => true,
        Context::Editing => matches!(current, Context::Login | Context::Main),
        other => other == current,
    }
}

/// Whether `keys` matches `event`. Shift is ignored (characters carry it already: `?`, `M`).
fn matches(keys: Keys, event: &KeyEvent) -> bool {
    let mods = event.modifiers - KeyModifiers::SHIFT;
    match keys {
        Keys::Key(KeyCode::Char(want), want_mods) => match event.code {
            KeyCode::Char(got) => {
                (got == want || (want.is_ascii_alphabetic() && got.eq_ignore_ascii_case(&want)))
                    && mods == want_mods - KeyModifiers::SHIFT
            }
            _ => false,
        },
        Keys::Key(code, want_mods) => event.code == code && mods == want_mods - KeyModifiers::SHIFT,
        Keys::AltDigit => mods == ALT && matches!(event.code, KeyCode::Char('1'..='9')),
        Keys::Printable => match event.code {
            KeyCode::Char(c) => {
                !c.is_control()
                    && (mods.is_empty() || mods.contains(KeyModifiers::CONTROL | KeyModifiers::ALT))
            }
            _ => false,
        },
    }
}

/// What `key` means in `state`, or `None` when it means nothing there. Key releases are
/// ignored (only presses and repeats act).
pub fn map_key(state: &State, key: KeyEvent) -> Option<UserAction> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let context = context_of(state);
    let binding = BINDINGS
        .iter()
        .find(|b| applies(b.context, context) && matches(b.keys, &key))?;
    let typed = match key.code {
        KeyCode::Char(c) => Some(c),
        _ => None,
    };
    Some(match binding.does {
        Does::Edit(edit) => UserAction::Edit(edit),
        Does::Insert => UserAction::Edit(Edit::Insert(typed?)),
        Does::Submit => UserAction::Submit,
        Does::NextField => UserAction::NextField,
        Does::Command(line) => UserAction::Command(line.to_string()),
        Does::FocusNext => UserAction::FocusNext,
        Does::FocusPrev => UserAction::FocusPrev,
        Does::FocusDigit => UserAction::FocusNumber(typed?.to_digit(10)? as usize),
        Does::Scroll(lines) => UserAction::Scroll(lines),
        Does::ToggleHelp => UserAction::ToggleHelp,
        Does::HelpOrInsert if state.composer.is_empty() => UserAction::ToggleHelp,
        Does::HelpOrInsert => UserAction::Edit(Edit::Insert(typed?)),
        Does::Dismiss => UserAction::Dismiss,
        Does::Quit => UserAction::Quit,
    })
}

/// `(label, help)` rows documented for `context`, in table order: the help overlay shows
/// `Main` (with the `Editing` and `Any` rows), the login form hints `Login` (with `Any`).
pub fn help_rows(context: Context) -> Vec<(&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| {
            b.context == context
                || b.context == Context::Any
                || (b.context == Context::Editing && context == Context::Main)
        })
        .filter_map(|b| b.help.map(|h| (b.label, h)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn shifted_letters_still_insert_and_ctrl_letters_do_not() {
        let state = State::new(None, 0);
        assert_eq!(
            map_key(&state, press(KeyCode::Char('M'), KeyModifiers::SHIFT)),
            Some(UserAction::Edit(Edit::Insert('M')))
        );
        assert_eq!(
            map_key(
                &state,
                press(KeyCode::Char('N'), CTRL | KeyModifiers::SHIFT)
            ),
            Some(UserAction::FocusNext)
        );
        assert_eq!(map_key(&state, press(KeyCode::Char('x'), CTRL)), None);
        assert_eq!(
            map_key(&state, press(KeyCode::Char('3'), ALT)),
            Some(UserAction::FocusNumber(3))
        );
        // AltGr (Ctrl+Alt) characters are text.
        assert_eq!(
            map_key(&state, press(KeyCode::Char('@'), CTRL | ALT)),
            Some(UserAction::Edit(Edit::Insert('@')))
        );
    }

    #[test]
    fn releases_are_ignored() {
        let state = State::new(None, 0);
        let mut key = press(KeyCode::Enter, NONE);
        key.kind = KeyEventKind::Release;
        assert_eq!(map_key(&state, key), None);
    }
}
