//! Keys → [`UserAction`]s, as one table ([`BINDINGS`]). The help overlay, the login hints, the
//! picker's and the wrap-up form's hints are drawn from the same table, so what the screen says
//! is what the keys do.
//!
//! Context decides which rows apply ([`Context`], see [`context_of`]): the login form, the main
//! screen, the wrap-up form, a picker, or the help overlay. Under an overlay only its own keys
//! (and `Ctrl+C`) do anything; every other key is ignored, so a stray key cannot send text the
//! agent cannot see.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{Edit, Overlay, State, UserAction, WrapupFocus};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere, overlay or not.
    Any,
    /// Wherever text is typed: the login form, the main screen (the composer) and the wrap-up
    /// form (its note); not under an overlay.
    Editing,
    /// The text fields other than the composer: the login form and the wrap-up note (Home/End
    /// move the cursor there; on the main screen they also scroll).
    Fields,
    /// The main screen and the wrap-up form: keys that look around (F-keys, other chats,
    /// scrolling) while a wrap-up waits.
    Desk,
    /// The login form.
    Login,
    /// The main screen (no overlay, no open wrap-up form).
    Main,
    /// The focused conversation's wrap-up form is open (not yet sent), no overlay.
    Wrapup,
    /// A picker (reason codes, MRDs) is open.
    Picker,
    /// The main screen with the help overlay open.
    Help,
    /// The pull panel (`/pull`) is open.
    PullPanel,
    /// The announcements (`/announcements`) are open.
    Announcements,
    /// The supervisor's team board is open.
    Board,
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
    /// Home/End on the main screen: scroll the chat to its oldest/newest line when the
    /// composer is empty, else move the cursor.
    ScrollOrEdit(i32, Edit),
    /// [`UserAction::Dismiss`].
    Dismiss,
    /// [`UserAction::Quit`].
    Quit,
    /// [`UserAction::Move`] by this many rows (positive = down).
    Move(i32),
    /// Space in the wrap-up form: [`UserAction::Toggle`] on the categories, a space in the note.
    ToggleOrInsert,
    /// [`UserAction::SkipWrapup`].
    SkipWrapup,
    /// [`UserAction::SelectLine`] by this many messages (negative = older).
    SelectLine(i32),
    /// [`UserAction::ToggleCustomerPanel`].
    CustomerPanel,
    /// `/resume` when the focused conversation is on hold, else `/hold`.
    HoldOrResume,
    /// [`UserAction::Delete`].
    Delete,
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
/// A scroll step that reaches either end of any conversation (the app clamps it).
const SCROLL_ALL: i32 = 1_000_000;
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

use Context::{
    Announcements, Any, Board, Desk, Editing, Fields, Help, Login, Main, Picker, PullPanel, Wrapup,
};

/// The key map, first match wins. Rows with `help: Some(..)` are documented: the help overlay
/// shows `Main`, `Desk`, `Editing` and `Any` rows, the login form `Login` rows, the picker and
/// the wrap-up form their own rows.
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
    // Picker: only these keys act.
    bind(
        Picker,
        key(KeyCode::Up, NONE),
        Does::Move(-1),
        "↑/↓",
        Some("choose"),
    ),
    bind(Picker, key(KeyCode::Down, NONE), Does::Move(1), "↓", None),
    bind(
        Picker,
        key(KeyCode::PageUp, NONE),
        Does::Move(-10),
        "PgUp",
        None,
    ),
    bind(
        Picker,
        key(KeyCode::PageDown, NONE),
        Does::Move(10),
        "PgDn",
        None,
    ),
    bind(
        Picker,
        key(KeyCode::Home, NONE),
        Does::Move(-1000),
        "Home",
        None,
    ),
    bind(
        Picker,
        key(KeyCode::End, NONE),
        Does::Move(1000),
        "End",
        None,
    ),
    bind(
        Picker,
        key(KeyCode::Enter, NONE),
        Does::Submit,
        "Enter",
        Some("pick"),
    ),
    bind(
        Picker,
        key(KeyCode::Esc, NONE),
        Does::Dismiss,
        "Esc",
        Some("cancel"),
    ),
    // Pull panel (`/pull`): only these keys act.
    bind(
        PullPanel,
        key(KeyCode::Up, NONE),
        Does::Move(-1),
        "↑/↓",
        Some("choose"),
    ),
    bind(
        PullPanel,
        key(KeyCode::Down, NONE),
        Does::Move(1),
        "↓",
        None,
    ),
    bind(
        PullPanel,
        key(KeyCode::PageUp, NONE),
        Does::Move(-10),
        "PgUp",
        None,
    ),
    bind(
        PullPanel,
        key(KeyCode::PageDown, NONE),
        Does::Move(10),
        "PgDn",
        None,
    ),
    bind(
        PullPanel,
        key(KeyCode::Enter, NONE),
        Does::Submit,
        "Enter",
        Some("pick"),
    ),
    bind(
        PullPanel,
        key(KeyCode::Delete, NONE),
        Does::Delete,
        "Del",
        Some("delete"),
    ),
    bind(
        PullPanel,
        key(KeyCode::Esc, NONE),
        Does::Dismiss,
        "Esc",
        Some("close"),
    ),
    bind(
        PullPanel,
        key(KeyCode::Char('p'), ALT),
        Does::Dismiss,
        "Alt+P",
        None,
    ),
    // Announcements (`/announcements`): only these keys act.
    bind(
        Announcements,
        key(KeyCode::Up, NONE),
        Does::Move(-1),
        "↑/↓",
        Some("choose"),
    ),
    bind(
        Announcements,
        key(KeyCode::Down, NONE),
        Does::Move(1),
        "↓",
        None,
    ),
    bind(
        Announcements,
        key(KeyCode::Delete, NONE),
        Does::Delete,
        "Del",
        Some("delete (supervisors)"),
    ),
    bind(
        Announcements,
        key(KeyCode::Enter, NONE),
        Does::Submit,
        "Enter",
        None,
    ),
    bind(
        Announcements,
        key(KeyCode::Esc, NONE),
        Does::Dismiss,
        "Esc",
        Some("close"),
    ),
    // Team board (supervisors): only these keys act.
    bind(
        Board,
        key(KeyCode::Up, NONE),
        Does::Move(-1),
        "↑/↓",
        Some("choose a chat"),
    ),
    bind(Board, key(KeyCode::Down, NONE), Does::Move(1), "↓", None),
    bind(
        Board,
        key(KeyCode::Enter, NONE),
        Does::Submit,
        "Enter",
        Some("monitor it"),
    ),
    bind(
        Board,
        key(KeyCode::Char('r'), NONE),
        Does::Command("/team"),
        "r",
        Some("refresh"),
    ),
    bind(
        Board,
        key(KeyCode::Esc, NONE),
        Does::Dismiss,
        "Esc",
        Some("close"),
    ),
    bind(Board, key(KeyCode::F(10), NONE), Does::Dismiss, "F10", None),
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
    // Wrap-up form (before the editing rows: Space, Tab and Enter mean something else here).
    bind(
        Wrapup,
        key(KeyCode::Up, NONE),
        Does::Move(-1),
        "↑/↓",
        Some("choose"),
    ),
    bind(Wrapup, key(KeyCode::Down, NONE), Does::Move(1), "↓", None),
    bind(
        Wrapup,
        key(KeyCode::Char(' '), NONE),
        Does::ToggleOrInsert,
        "Space",
        Some("tick"),
    ),
    bind(
        Wrapup,
        key(KeyCode::Tab, NONE),
        Does::NextField,
        "Tab",
        Some("note"),
    ),
    bind(
        Wrapup,
        key(KeyCode::BackTab, NONE),
        Does::NextField,
        "Shift+Tab",
        None,
    ),
    bind(
        Wrapup,
        key(KeyCode::Enter, NONE),
        Does::Submit,
        "Enter",
        Some("send"),
    ),
    bind(
        Wrapup,
        key(KeyCode::Char('x'), CTRL),
        Does::SkipWrapup,
        "Ctrl+X",
        Some("skip"),
    ),
    bind(Wrapup, key(KeyCode::Esc, NONE), Does::Dismiss, "Esc", None),
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
    bind(Desk, key(KeyCode::F(1), NONE), Does::ToggleHelp, "F1", None),
    bind(
        Main,
        key(KeyCode::Esc, NONE),
        Does::Dismiss,
        "Esc",
        Some("cancel reply / selection"),
    ),
    bind(
        Desk,
        key(KeyCode::F(2), NONE),
        Does::Command("/ready"),
        "F2",
        Some("/ready"),
    ),
    bind(
        Desk,
        key(KeyCode::F(3), NONE),
        Does::Command("/notready"),
        "F3",
        Some("/notready (reason)"),
    ),
    bind(
        Desk,
        key(KeyCode::F(4), NONE),
        Does::Command("/accept"),
        "F4",
        Some("/accept"),
    ),
    bind(
        Desk,
        key(KeyCode::F(5), NONE),
        Does::CustomerPanel,
        "F5",
        Some("customer panel"),
    ),
    bind(
        Desk,
        key(KeyCode::F(6), NONE),
        Does::Command("/mrd"),
        "F6",
        Some("MRD picker"),
    ),
    bind(
        Desk,
        key(KeyCode::F(7), NONE),
        Does::HoldOrResume,
        "F7",
        Some("/hold · /resume"),
    ),
    bind(
        Desk,
        key(KeyCode::F(8), NONE),
        Does::Command("/leave"),
        "F8",
        Some("/leave"),
    ),
    bind(
        Desk,
        key(KeyCode::F(9), NONE),
        Does::Command("/transfer"),
        "F9",
        Some("/transfer picker (queues, agents)"),
    ),
    bind(
        Desk,
        key(KeyCode::F(10), NONE),
        Does::Command("/team"),
        "F10",
        Some("/team board (supervisors)"),
    ),
    bind(
        Desk,
        key(KeyCode::Char('n'), CTRL),
        Does::FocusNext,
        "Ctrl+N/P",
        Some("next / previous chat"),
    ),
    bind(
        Desk,
        key(KeyCode::Char('p'), CTRL),
        Does::FocusPrev,
        "Ctrl+P",
        None,
    ),
    bind(
        Desk,
        Keys::AltDigit,
        Does::FocusDigit,
        "Alt+1…9",
        Some("go to chat n"),
    ),
    bind(
        Desk,
        key(KeyCode::Char('p'), ALT),
        Does::Command("/pull"),
        "Alt+P",
        Some("/pull"),
    ),
    bind(
        Desk,
        key(KeyCode::PageUp, NONE),
        Does::Scroll(10),
        "PgUp/PgDn",
        Some("scroll 10 lines"),
    ),
    bind(
        Desk,
        key(KeyCode::PageDown, NONE),
        Does::Scroll(-10),
        "PgDn",
        None,
    ),
    bind(
        Main,
        key(KeyCode::Home, NONE),
        Does::ScrollOrEdit(SCROLL_ALL, Edit::Home),
        "Home/End",
        Some("oldest / newest line (empty composer)"),
    ),
    bind(
        Main,
        key(KeyCode::End, NONE),
        Does::ScrollOrEdit(-SCROLL_ALL, Edit::End),
        "End",
        None,
    ),
    bind(
        Desk,
        key(KeyCode::Home, CTRL),
        Does::Scroll(SCROLL_ALL),
        "Ctrl+Home/End",
        Some("oldest / newest line"),
    ),
    bind(
        Desk,
        key(KeyCode::End, CTRL),
        Does::Scroll(-SCROLL_ALL),
        "Ctrl+End",
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
        Main,
        key(KeyCode::Up, CTRL),
        Does::SelectLine(-1),
        "Ctrl+↑/↓",
        Some("select a message"),
    ),
    bind(
        Main,
        key(KeyCode::Down, CTRL),
        Does::SelectLine(1),
        "Ctrl+↓",
        None,
    ),
    // Some terminals keep Ctrl+arrows for themselves (macOS Spaces): Alt works too.
    bind(
        Main,
        key(KeyCode::Up, ALT),
        Does::SelectLine(-1),
        "Alt+↑",
        None,
    ),
    bind(
        Main,
        key(KeyCode::Down, ALT),
        Does::SelectLine(1),
        "Alt+↓",
        None,
    ),
    bind(
        Main,
        key(KeyCode::Char('r'), CTRL),
        Does::Command("/reply"),
        "Ctrl+R",
        Some("reply to it (/reply)"),
    ),
    bind(
        Any,
        key(KeyCode::Char('c'), CTRL),
        Does::Quit,
        "Ctrl+C",
        Some("quit"),
    ),
    // Editing (login fields, composer, wrap-up note).
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
        Fields,
        key(KeyCode::Home, NONE),
        Does::Edit(Edit::Home),
        "Home",
        None,
    ),
    bind(
        Fields,
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
        return Context::Login;
    }
    match &state.overlay {
        Some(Overlay::Help | Overlay::Log(_)) => Context::Help,
        Some(Overlay::Picker(_)) => Context::Picker,
        Some(Overlay::PullPanel) => Context::PullPanel,
        Some(Overlay::Announcements) => Context::Announcements,
        Some(Overlay::TeamBoard) => Context::Board,
        None if wrapup_open(state) => Context::Wrapup,
        None => Context::Main,
    }
}

/// True while the focused conversation's wrap-up form waits for the agent (not yet sent).
pub fn wrapup_open(state: &State) -> bool {
    state
        .focused_conversation()
        .and_then(|c| c.wrapup.as_ref())
        .is_some_and(|form| !form.submitted)
}

fn applies(binding: Context, current: Context) -> bool {
    match binding {
        Context::Any => true,
        Context::Editing => matches!(current, Context::Login | Context::Main | Context::Wrapup),
        Context::Desk => matches!(current, Context::Main | Context::Wrapup),
        Context::Fields => matches!(current, Context::Login | Context::Wrapup),
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
        Does::ScrollOrEdit(lines, _) if state.composer.is_empty() => UserAction::Scroll(lines),
        Does::ScrollOrEdit(_, edit) => UserAction::Edit(edit),
        Does::Dismiss => UserAction::Dismiss,
        Does::Quit => UserAction::Quit,
        Does::Move(step) => UserAction::Move(step),
        Does::ToggleOrInsert => {
            let in_note = state
                .focused_conversation()
                .and_then(|c| c.wrapup.as_ref())
                .is_some_and(|form| form.focus == WrapupFocus::Note);
            if in_note {
                UserAction::Edit(Edit::Insert(typed?))
            } else {
                UserAction::Toggle
            }
        }
        Does::SkipWrapup => UserAction::SkipWrapup,
        Does::SelectLine(step) => UserAction::SelectLine(step),
        Does::CustomerPanel => UserAction::ToggleCustomerPanel,
        Does::Delete => UserAction::Delete,
        Does::HoldOrResume => {
            let on_hold = state
                .focused_conversation()
                .is_some_and(|c| c.hold.is_some());
            UserAction::Command(if on_hold { "/resume" } else { "/hold" }.to_string())
        }
    })
}

/// `(label, help)` rows documented for `context`, in table order: the help overlay shows
/// `Main` (with the `Desk`, `Editing` and `Any` rows), the login form hints `Login` (with
/// `Any`).
pub fn help_rows(context: Context) -> Vec<(&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| {
            b.context == context
                || b.context == Context::Any
                || (matches!(b.context, Context::Editing | Context::Desk)
                    && context == Context::Main)
        })
        .filter_map(|b| b.help.map(|h| (b.label, h)))
        .collect()
}

/// `(label, help)` rows of exactly `context` (no `Any` rows): the hint lines of the picker and
/// the wrap-up form.
pub fn own_rows(context: Context) -> Vec<(&'static str, &'static str)> {
    BINDINGS
        .iter()
        .filter(|b| b.context == context)
        .filter_map(|b| b.help.map(|h| (b.label, h)))
        .collect()
}

/// The label of the first documented key doing `does`, e.g. `"F2"` for `/ready`.
pub fn label_for(does: Does) -> Option<&'static str> {
    BINDINGS
        .iter()
        .find(|b| b.does == does && b.help.is_some())
        .map(|b| b.label)
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
    fn no_key_is_bound_twice_in_one_context() {
        use Context::*;
        for context in [
            Login,
            Main,
            Wrapup,
            Picker,
            Help,
            Board,
            PullPanel,
            Announcements,
        ] {
            let keys: Vec<Keys> = BINDINGS
                .iter()
                .filter(|b| applies(b.context, context) && matches!(b.keys, Keys::Key(..)))
                .map(|b| b.keys)
                .collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(
                    !keys[i + 1..].contains(k),
                    "{k:?} is bound twice in {context:?} (the second row never acts)"
                );
            }
        }
    }

    #[test]
    fn releases_are_ignored() {
        let state = State::new(None, 0);
        let mut key = press(KeyCode::Enter, NONE);
        key.kind = KeyEventKind::Release;
        assert_eq!(map_key(&state, key), None);
    }
}
