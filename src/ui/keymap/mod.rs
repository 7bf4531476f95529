//! Keys → [`UserAction`]s, as data: one table per context ([`TABLES`], in `desk`, `forms`,
//! `overlays`, `editing`), each row a key and a named action ([`Does`]). The help overlay, the
//! login hints, the picker's and the wrap-up form's hints are drawn from the same tables, so
//! what the screen says is what the keys do.
//!
//! Context decides which rows apply ([`Context`], see [`context_of`]): the login form, the main
//! screen, the wrap-up form, a picker, or the help overlay. Under an overlay only its own keys
//! (and `Ctrl+C`) do anything; every other key is ignored, so a stray key cannot send text the
//! agent cannot see.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{Edit, Overlay, State, UserAction, WrapupFocus};

mod desk;
mod editing;
mod forms;
mod overlays;

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
    /// A picker (reason codes, MRDs) is open: typing filters it.
    Picker,
    /// The main screen with the help (or `/status`) overlay open.
    Help,
    /// A yes/no question is open.
    Confirm,
    /// The supervisor's team board is open.
    Board,
    /// The pull panel (`/pull`) is open.
    PullPanel,
    /// The announcements (`/announcements`) are open.
    Announcements,
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
    /// [`UserAction::Slash`]: a `/` where it is not text opens the composer with it.
    Slash,
    /// `/` in the wrap-up form: text inside a note already begun, else [`Does::Slash`].
    SlashOrInsert,
    /// [`UserAction::Confirm`].
    Confirm,
    /// [`UserAction::NextUnread`].
    NextUnread,
    /// [`UserAction::Complete`]: Tab in the composer (`#name` → canned response).
    Complete,
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

pub(crate) const NONE: KeyModifiers = KeyModifiers::NONE;
/// A scroll step that reaches either end of any conversation (the app clamps it).
pub(crate) const SCROLL_ALL: i32 = 1_000_000;
pub(crate) const CTRL: KeyModifiers = KeyModifiers::CONTROL;
pub(crate) const ALT: KeyModifiers = KeyModifiers::ALT;

/// A documented row: help shows `label` with `help`.
pub(crate) const fn doc(
    context: Context,
    keys: Keys,
    does: Does,
    label: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        context,
        keys,
        does,
        label,
        help: Some(help),
    }
}

/// An undocumented row: an alias of a documented one, or plain editing.
pub(crate) const fn alias(
    context: Context,
    keys: Keys,
    does: Does,
    label: &'static str,
) -> Binding {
    Binding {
        context,
        keys,
        does,
        label,
        help: None,
    }
}

pub(crate) const fn key(code: KeyCode, mods: KeyModifiers) -> Keys {
    Keys::Key(code, mods)
}

/// The key map as tables by context, first match wins (in this order). Rows with
/// `help: Some(..)` are documented: the help overlay shows `Main`, `Desk`, `Editing` and `Any`
/// rows, the login form `Login` rows, the picker and the wrap-up form their own rows.
pub const TABLES: &[&[Binding]] = &[
    overlays::CONFIRM,
    overlays::HELP,
    overlays::PICKER,
    overlays::BOARD,
    overlays::PULL_PANEL,
    overlays::ANNOUNCEMENTS,
    forms::LOGIN,
    forms::WRAPUP,
    desk::DESK,
    editing::EDITING,
];

/// Every row of the key map, in matching order.
pub fn bindings() -> impl Iterator<Item = &'static Binding> {
    TABLES.iter().flat_map(|table| table.iter())
}

/// The context `state` puts the keyboard in.
pub fn context_of(state: &State) -> Context {
    if state.login.is_some() {
        return Context::Login;
    }
    match &state.overlay {
        Some(Overlay::Help | Overlay::Status | Overlay::Log(_)) => Context::Help,
        Some(Overlay::Picker(_)) => Context::Picker,
        Some(Overlay::Confirm(_)) => Context::Confirm,
        Some(Overlay::TeamBoard) => Context::Board,
        Some(Overlay::PullPanel) => Context::PullPanel,
        Some(Overlay::Announcements) => Context::Announcements,
        None => screen_context(state),
    }
}

/// The context of the screen under any overlay: the wrap-up form (unless the composer has
/// the keys for a command), else the main screen.
fn screen_context(state: &State) -> Context {
    let form_has_keys = state
        .focused_conversation()
        .and_then(|c| c.wrapup.as_ref())
        .is_some_and(|form| !form.submitted && form.focus != WrapupFocus::Composer);
    if form_has_keys {
        Context::Wrapup
    } else {
        Context::Main
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
        Context::Editing => matches!(
            current,
            Context::Login | Context::Main | Context::Wrapup | Context::Picker
        ),
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
/// ignored (only presses and repeats act). Under a question, the key that asked it answers
/// yes when pressed again (F8 F8, Ctrl+C Ctrl+C).
pub fn map_key(state: &State, key: KeyEvent) -> Option<UserAction> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let context = context_of(state);
    if let Some(Overlay::Confirm(question)) = &state.overlay {
        let again = lookup(state, screen_context(state), key);
        if again.is_some() && again == question.again {
            return Some(UserAction::Confirm);
        }
    }
    lookup(state, context, key)
}

/// What `key` means in `context`.
fn lookup(state: &State, context: Context, key: KeyEvent) -> Option<UserAction> {
    let binding = bindings().find(|b| applies(b.context, context) && matches(b.keys, &key))?;
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
        Does::HoldOrResume => {
            let on_hold = state
                .focused_conversation()
                .is_some_and(|c| c.hold.is_some());
            UserAction::Command(if on_hold { "/resume" } else { "/hold" }.to_string())
        }
        Does::Slash => UserAction::Slash,
        Does::SlashOrInsert => {
            let note_begun = state
                .focused_conversation()
                .and_then(|c| c.wrapup.as_ref())
                .is_some_and(|form| form.focus == WrapupFocus::Note && !form.note.is_empty());
            if note_begun {
                UserAction::Edit(Edit::Insert('/'))
            } else {
                UserAction::Slash
            }
        }
        Does::Confirm => UserAction::Confirm,
        Does::NextUnread => UserAction::NextUnread,
        Does::Complete => UserAction::Complete,
        Does::Delete => UserAction::Delete,
    })
}

/// `(label, help)` rows documented for `context`, in table order: the help overlay shows
/// `Main` (with the `Desk`, `Editing` and `Any` rows), the login form hints `Login` (with
/// `Any`).
pub fn help_rows(context: Context) -> Vec<(&'static str, &'static str)> {
    bindings()
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
    bindings()
        .filter(|b| b.context == context)
        .filter_map(|b| b.help.map(|h| (b.label, h)))
        .collect()
}

/// The label of the first documented key doing `does` on the main screen (else anywhere),
/// e.g. `"F2"` for `/ready`.
pub fn label_for(does: Does) -> Option<&'static str> {
    let documented = |b: &&Binding| b.does == does && b.help.is_some();
    bindings()
        .filter(documented)
        .find(|b| matches!(b.context, Context::Main | Context::Desk | Context::Any))
        .or_else(|| bindings().find(documented))
        .map(|b| b.label)
}

/// The label of the documented key producing `action` on the main screen, e.g. `"F8"` for
/// `UserAction::Command("/leave")`, `"Ctrl+C"` for `UserAction::Quit`.
pub fn label_for_action(action: &UserAction) -> Option<&'static str> {
    match action {
        UserAction::Command(line) => bindings()
            .filter(|b| b.help.is_some())
            .find(|b| matches!(b.does, Does::Command(l) if l == line))
            .map(|b| b.label),
        UserAction::Quit => label_for(Does::Quit),
        _ => None,
    }
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
            Confirm,
            Board,
            PullPanel,
            Announcements,
        ] {
            let keys: Vec<Keys> = bindings()
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
