//! Keys → [`UserAction`]s, as data: one table per context ([`TABLES`], in `desk`, `forms`,
//! `overlays`, `editing`), each row a key and what it does ([`Does`]). Every [`Does`] has a
//! name ([`Does::name`]: the slash command without `/` — `ready`, `accept`, `leave`,
//! `transfer` — or a word for the rest — `next-conversation`, `palette`, `undo`), and the
//! configuration's `[keys]` table maps key strings to those names ([`Keymap::configured`]):
//! `"ctrl+g" = "ready"` adds Ctrl+G wherever `ready`'s keys work, `"f8" = "none"` takes F8
//! away everywhere. The live keymap ([`live`], set once by the runtime with [`install`]) is
//! the one keys go through and the one the help overlay, the login hints, the picker's and
//! the wrap-up form's hints are drawn from, so what the screen says is what the keys do.
//!
//! Context decides which rows apply ([`Context`], see [`context_of`]): the login form, the main
//! screen, the wrap-up form, a picker, or the help overlay. Under an overlay only its own keys
//! (and `Ctrl+C`) do anything; every other key is ignored, so a stray key cannot send text the
//! agent cannot see.
//!
//! A remapped key takes precedence over the defaults where its action works; a single
//! character without Ctrl/Alt stays text where text is typed (composer, login, wrap-up note,
//! picker filter) and is bound only under the overlays, so `"q" = "dismiss"` closes the help
//! and `"j" = "next-conversation"` is an error (j would never reach the composer again).
//!
//! The live keymap is a process-wide value rather than a parameter of [`map_key`] and
//! [`crate::ui::draw`]: like the theme it is fixed for the run, and every widget that names
//! a key reads it. Tests use [`scoped`], which sets it for the current thread only.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::{Arc, LazyLock, RwLock};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{Edit, Overlay, State, UserAction, WrapupFocus};

mod desk;
mod editing;
mod forms;
pub mod keys;
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
    /// A picker (reason codes, MRDs, the command palette) is open: typing filters it.
    Picker,
    /// The main screen with the help (or `/status`, `/log`) overlay open.
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

/// The screens a [`Context`] stands for, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Screens(u16);

/// The concrete contexts ([`context_of`] returns one of these).
const SCREENS: [Context; 9] = [
    Context::Login,
    Context::Main,
    Context::Wrapup,
    Context::Picker,
    Context::Help,
    Context::Confirm,
    Context::Board,
    Context::PullPanel,
    Context::Announcements,
];

impl Screens {
    fn of(context: Context) -> Screens {
        let bit = |c: Context| 1u16 << SCREENS.iter().position(|s| *s == c).unwrap_or(0);
        let all = |cs: &[Context]| Screens(cs.iter().map(|c| bit(*c)).fold(0, |a, b| a | b));
        match context {
            Context::Any => all(&SCREENS),
            Context::Editing => all(&[
                Context::Login,
                Context::Main,
                Context::Wrapup,
                Context::Picker,
            ]),
            Context::Desk => all(&[Context::Main, Context::Wrapup]),
            Context::Fields => all(&[Context::Login, Context::Wrapup]),
            other => all(&[other]),
        }
    }

    fn contains(self, screen: Context) -> bool {
        self.0 & Screens::of(screen).0 != 0
    }

    fn without(self, other: Screens) -> Screens {
        Screens(self.0 & !other.0)
    }

    fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// Which keys a binding matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// One key with exactly these modifiers (letters match either case unless SHIFT is
    /// given; with it, only the capital).
    Key(KeyCode, KeyModifiers),
    /// Alt+1 … Alt+9 (nine bindings `chat-1` … `chat-9` in the live keymap).
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
    /// Put this slash command and a space in the composer, for one that needs an argument
    /// (`/send`): [`UserAction::Prefill`].
    Prefill(&'static str),
    /// [`UserAction::FocusNext`].
    FocusNext,
    /// [`UserAction::FocusPrev`].
    FocusPrev,
    /// Focus the conversation numbered by the typed digit ([`Keys::AltDigit`]).
    FocusDigit,
    /// Focus conversation n.
    FocusNumber(usize),
    /// [`UserAction::Scroll`] by this many lines (positive = back in time).
    Scroll(i32),
    /// [`UserAction::ToggleHelp`].
    ToggleHelp,
    /// `?` on the main screen: help when the composer is empty, else types `?`.
    HelpOrInsert,
    /// Home/End on the main screen: scroll the chat to its oldest/newest line when the
    /// composer is empty, else move the cursor.
    ScrollOrEdit(i32, Edit),
    /// ↑/↓ on the main screen: the line above/below in a multi-line draft, else scroll the
    /// chat by this many lines.
    LineOrScroll(Edit, i32),
    /// [`UserAction::Dismiss`].
    Dismiss,
    /// [`UserAction::Quit`].
    Quit,
    /// [`UserAction::Move`] by this many rows (positive = down).
    Move(i32),
    /// j/k in a picker: [`Does::Move`] while its filter is empty (not in the palette), else
    /// the letter is typed (see [`crate::app::picker`]).
    MoveOrInsert(i32),
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
    /// [`UserAction::Palette`].
    Palette,
    /// Ctrl+K: delete to the line's end; with nothing after the cursor (an empty composer
    /// too), the command palette.
    KillOrPalette,
    /// [`UserAction::Complete`] (Tab): commands, names, paths; `#name` → canned response.
    Complete,
    /// [`UserAction::ExternalEditor`].
    ExternalEditor,
    /// [`UserAction::Suspend`].
    Suspend,
    /// [`UserAction::Redraw`].
    Redraw,
    /// [`UserAction::Delete`].
    Delete,
}

impl Does {
    /// The action's name, as `[keys]` writes it: the slash command without `/` for
    /// commands (`ready`, `transfer`, `log`), else a word (`next-conversation`, `undo`).
    /// Several [`Does`] share a name where one key means one thing in different places
    /// (`up`: the line above in the composer, the row above in a list).
    pub fn name(self) -> Cow<'static, str> {
        use Edit::*;
        Cow::Borrowed(match self {
            Does::Command(line) | Does::Prefill(line) => return Cow::Borrowed(&line[1..]),
            Does::FocusNumber(n) => return Cow::Owned(format!("chat-{n}")),
            Does::FocusDigit => "chat-n",
            Does::Edit(edit) => match edit {
                Insert(_) => "type",
                Backspace => "backspace",
                Delete => "delete",
                Left => "left",
                Right => "right",
                Home => "line-start",
                End => "line-end",
                DeleteWord => "delete-word-back",
                Clear => "clear",
                WordLeft => "word-left",
                WordRight => "word-right",
                DeleteWordForward => "delete-word-forward",
                KillToEnd => "delete-to-end",
                KillToStart => "delete-to-start",
                Yank => "yank",
                Undo => "undo",
                Redo => "redo",
                NewLine => "newline",
                LineUp => "line-up",
                LineDown => "line-down",
            },
            Does::Insert => "type",
            Does::Submit => "submit",
            Does::NextField => "next-field",
            Does::FocusNext => "next-conversation",
            Does::FocusPrev => "previous-conversation",
            Does::Scroll(1) => "scroll-up",
            Does::Scroll(-1) => "scroll-down",
            Does::Scroll(n) if n >= SCROLL_ALL => "scroll-top",
            Does::Scroll(n) if n <= -SCROLL_ALL => "scroll-bottom",
            Does::Scroll(n) if n > 0 => "page-up",
            Does::Scroll(_) => "page-down",
            Does::ToggleHelp | Does::HelpOrInsert => "help",
            Does::ScrollOrEdit(n, _) if n > 0 => "home",
            Does::ScrollOrEdit(..) => "end",
            Does::LineOrScroll(_, n) if n > 0 => "up",
            Does::LineOrScroll(..) => "down",
            Does::MoveOrInsert(n) if n < 0 => "up",
            Does::MoveOrInsert(_) => "down",
            Does::Dismiss => "dismiss",
            Does::Quit => "quit",
            Does::Move(-1) => "up",
            Does::Move(1) => "down",
            Does::Move(n) if n <= -1000 => "home",
            Does::Move(n) if n >= 1000 => "end",
            Does::Move(n) if n < 0 => "page-up",
            Does::Move(_) => "page-down",
            Does::ToggleOrInsert => "toggle",
            Does::SkipWrapup => "skip-wrapup",
            Does::SelectLine(n) if n < 0 => "select-previous",
            Does::SelectLine(_) => "select-next",
            Does::CustomerPanel => "customer",
            Does::HoldOrResume => "hold",
            Does::Slash | Does::SlashOrInsert => "command",
            Does::Confirm => "yes",
            Does::NextUnread => "next-unread",
            Does::Palette => "palette",
            Does::KillOrPalette => "delete-to-end-or-palette",
            Does::Complete => "complete",
            Does::ExternalEditor => "editor",
            Does::Suspend => "suspend",
            Does::Redraw => "redraw",
            Does::Delete => "delete",
        })
    }

    /// True when the binding itself decides between typing its character and acting, so a
    /// plain character may be bound to it where text is typed.
    fn types_itself(self) -> bool {
        matches!(
            self,
            Does::Insert
                | Does::HelpOrInsert
                | Does::MoveOrInsert(_)
                | Does::ToggleOrInsert
                | Does::SlashOrInsert
        )
    }
}

/// Actions with no default key, bindable by name: `(context, does)`.
const UNBOUND_ACTIONS: &[(Context, Does)] = &[
    (Context::Main, Does::Palette),
    (Context::Editing, Does::Edit(Edit::Redo)),
    (Context::Editing, Does::Edit(Edit::Clear)),
    (Context::Main, Does::Edit(Edit::LineUp)),
    (Context::Main, Does::Edit(Edit::LineDown)),
    (Context::Desk, Does::Scroll(1)),
    (Context::Desk, Does::Scroll(-1)),
];

/// One row of the key map.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub context: Context,
    /// Keys it matches.
    pub keys: Keys,
    /// What it does.
    pub does: Does,
    /// How help shows the key(s) of this row and the rows listed with it, e.g.
    /// `"PgUp/PgDn"` (used while none of them is remapped; else the live keys are shown).
    pub label: &'static str,
    /// Help text; `None` for a row listed with the documented row above it (a `with` row) or
    /// not listed at all (an `alias` row).
    pub help: Option<&'static str>,
    /// Listed with the documented row above it in its table (its key is part of that row's
    /// label).
    pub joins: bool,
}

pub(crate) const NONE: KeyModifiers = KeyModifiers::NONE;
/// A scroll step that reaches either end of any conversation (the app clamps it).
pub(crate) const SCROLL_ALL: i32 = 1_000_000;
pub(crate) const CTRL: KeyModifiers = KeyModifiers::CONTROL;
pub(crate) const ALT: KeyModifiers = KeyModifiers::ALT;
pub(crate) const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

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
        joins: false,
    }
}

/// A row listed with the documented row above it (`F1` under `?/F1`).
pub(crate) const fn with(context: Context, keys: Keys, does: Does, label: &'static str) -> Binding {
    Binding {
        context,
        keys,
        does,
        label,
        help: None,
        joins: true,
    }
}

/// An unlisted row: an alias help does not name, or plain editing.
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
        joins: false,
    }
}

pub(crate) const fn key(code: KeyCode, mods: KeyModifiers) -> Keys {
    Keys::Key(code, mods)
}

/// The default key map as tables by context, first match wins (in this order). Rows with
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

/// Every default row, in matching order.
pub fn bindings() -> impl Iterator<Item = &'static Binding> {
    TABLES.iter().flat_map(|table| table.iter())
}

/// A binding of the live keymap.
#[derive(Debug, Clone)]
struct Live {
    screens: Screens,
    keys: Keys,
    does: Does,
    /// The documented default row (index into [`bindings`]) whose help line lists this key.
    group: Option<usize>,
    /// Named in that line (documented and joined rows, remaps), not only usable.
    listed: bool,
    /// The [`Context`] it was declared for (for the help's sections).
    context: Context,
}

/// A key map: the defaults with the configuration's `[keys]` applied.
#[derive(Debug)]
pub struct Keymap {
    live: Vec<Live>,
    /// [`Keymap::label_for`]'s answers, kept (widgets ask every frame; the map never changes).
    labels: std::sync::Mutex<Vec<(Does, Option<String>)>>,
}

impl Clone for Keymap {
    fn clone(&self) -> Self {
        Keymap {
            live: self.live.clone(),
            labels: Default::default(),
        }
    }
}

/// A `[keys]` entry that cannot be applied: the key string as written and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingError {
    pub key: String,
    pub message: String,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut live = Vec::new();
        let mut index = 0;
        for table in TABLES {
            // A row is listed with the documented row above it in the same table.
            let mut group = None;
            for row in table.iter() {
                if row.help.is_some() {
                    group = Some(index);
                }
                let listed = row.help.is_some() || row.joins;
                let row_group = if listed { group } else { None };
                let screens = Screens::of(row.context);
                let mut push = |keys, does| {
                    live.push(Live {
                        screens,
                        keys,
                        does,
                        group: row_group,
                        listed,
                        context: row.context,
                    })
                };
                if row.keys == Keys::AltDigit && row.does == Does::FocusDigit {
                    for n in 1..=9u8 {
                        let digit = KeyCode::Char(char::from(b'0' + n));
                        push(Keys::Key(digit, ALT), Does::FocusNumber(usize::from(n)));
                    }
                } else {
                    push(row.keys, row.does);
                }
                index += 1;
            }
        }
        Keymap {
            live,
            labels: Default::default(),
        }
    }
}

/// The typing screens, where a plain character is text.
fn typing_screens() -> Screens {
    Screens::of(Context::Editing)
}

impl Keymap {
    /// The defaults with `bindings` (key string → action name, as in `[keys]`) applied in
    /// order.
    ///
    /// Errors: the first key string that does not parse, action that does not exist, or
    /// plain character bound to an action that only works where text is typed.
    pub fn with_bindings<'a>(
        bindings: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Keymap, BindingError> {
        let mut keymap = Keymap::default();
        let mut added = Vec::new();
        for (text, action) in bindings {
            let fail = |message: String| BindingError {
                key: text.to_string(),
                message,
            };
            let (code, mods) = keys::parse(text).map_err(&fail)?;
            let keys = Keys::Key(code, mods);
            let action = action.trim();
            // A later entry for the same key wins over an earlier one.
            added.retain(|b: &Live| b.keys != keys);
            if action.eq_ignore_ascii_case("none") {
                keymap.live.retain(|b| b.keys != keys);
                continue;
            }
            let pairs = action_pairs(action).map_err(&fail)?;
            let plain = matches!(code, KeyCode::Char(_))
                && !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
            let mut any = false;
            for (context, does, group) in pairs {
                let mut screens = Screens::of(context);
                if plain && !does.types_itself() {
                    screens = screens.without(typing_screens());
                }
                if screens.is_empty() {
                    continue;
                }
                any = true;
                added.push(Live {
                    screens,
                    keys,
                    does,
                    group,
                    listed: true,
                    context,
                });
            }
            if !any {
                return Err(fail(format!(
                    "{text:?} is a character typed where {action:?} works (the composer, the \
                     login form, the wrap-up note): bind {action:?} with ctrl+, alt+ or an F-key"
                )));
            }
        }
        added.extend(keymap.live);
        keymap.live = added;
        Ok(keymap)
    }

    /// The key map of the configuration in effect: its `[keys]` (top level and profile,
    /// merged) over the defaults.
    ///
    /// Errors: a [`crate::config::ConfigError`] naming the file and line of the first bad
    /// entry (or the environment variable that set it), with what was expected.
    pub fn configured(
        effective: &crate::config::Effective,
    ) -> Result<Keymap, crate::config::ConfigError> {
        let bindings = &effective.settings.keys;
        Keymap::with_bindings(bindings.iter().map(|(k, a)| (k.as_str(), a.as_str()))).map_err(
            |error| {
                use crate::config::{ConfigError, Source};
                let message = format!("[keys] {:?}: {}", error.key, error.message);
                match effective.key_binding_source(&error.key) {
                    Source::File { path, line } | Source::Profile { path, line, .. } => {
                        ConfigError::Invalid {
                            path,
                            line,
                            message,
                        }
                    }
                    Source::Env(var) => ConfigError::Env { var, message },
                    Source::Flag(flag) => ConfigError::Flag { flag, message },
                    Source::Default => ConfigError::Invalid {
                        path: effective.file.clone().unwrap_or_default(),
                        line: None,
                        message,
                    },
                }
            },
        )
    }

    /// What `key` means in `state`, or `None` when it means nothing there. Key releases are
    /// ignored (only presses and repeats act). Under a question, the key that asked it answers
    /// yes when pressed again (F8 F8, Ctrl+C Ctrl+C).
    pub fn map_key(&self, state: &State, key: KeyEvent) -> Option<UserAction> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let context = context_of(state);
        if let Some(Overlay::Confirm(question)) = &state.overlay {
            let again = self.lookup(state, screen_context(state), key);
            if again.is_some() && again == question.again {
                return Some(UserAction::Confirm);
            }
        }
        self.lookup(state, context, key)
    }

    /// The binding `event` reaches in `screen`: exact modifiers first, then (for a key
    /// pressed with Shift) the same key without Shift, as Shift+↑ is ↑ unless bound.
    fn binding(&self, screen: Context, event: &KeyEvent) -> Option<&Live> {
        let (code, mods) = normalise(event);
        let find = |mods: KeyModifiers| {
            self.live
                .iter()
                .find(|b| b.screens.contains(screen) && matches(b.keys, code, mods))
        };
        find(mods).or_else(|| {
            mods.contains(KeyModifiers::SHIFT)
                .then(|| find(mods - KeyModifiers::SHIFT))
                .flatten()
        })
    }

    /// What `key` means in `context`.
    fn lookup(&self, state: &State, context: Context, key: KeyEvent) -> Option<UserAction> {
        let binding = self.binding(context, &key)?;
        let typed = plain_char(&key);
        action_of(state, binding.does, typed, &key)
    }

    /// The keys of `group` reachable in `screen` (this binding is the one the key finds
    /// there), listed ones first; empty when none.
    fn group_keys(&self, group: usize, screen: Context) -> Vec<Keys> {
        let reachable: Vec<&Live> = self
            .live
            .iter()
            .filter(|b| b.group == Some(group) && self.reaches(b, screen))
            .collect();
        let listed: Vec<Keys> = reachable
            .iter()
            .filter(|b| b.listed)
            .map(|b| b.keys)
            .collect();
        if listed.is_empty() {
            reachable.iter().map(|b| b.keys).collect()
        } else {
            listed
        }
    }

    /// True when `binding` is what its key does in `screen`.
    fn reaches(&self, binding: &Live, screen: Context) -> bool {
        if !binding.screens.contains(screen) {
            return false;
        }
        match binding.keys {
            Keys::Key(..) => self
                .live
                .iter()
                .find(|b| b.keys == binding.keys && b.screens.contains(screen))
                .is_some_and(|first| std::ptr::eq(first, binding)),
            _ => true,
        }
    }

    /// The help label of the documented row `group` in `screen`: its written label while
    /// its keys are the defaults, else the live keys; `None` when no key reaches it.
    fn group_label(&self, group: usize, screen: Context) -> Option<String> {
        let keys = self.group_keys(group, screen);
        if keys.is_empty() {
            return None;
        }
        let row = bindings().nth(group)?;
        if keys == DEFAULT.group_keys(group, screen) {
            return Some(row.label.to_string());
        }
        Some(label_of(&keys))
    }

    /// Help rows `(keys, what)` for the documented rows whose context is one of `contexts`,
    /// labelled as reached in `screen`, then the remaps listed with no documented row.
    fn rows(&self, contexts: &[Context], screen: Context) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (index, row) in bindings().enumerate() {
            let Some(help) = row.help else { continue };
            if !contexts.contains(&row.context) {
                continue;
            }
            if let Some(label) = self.group_label(index, screen) {
                out.push((label, help.to_string()));
            }
        }
        // Remaps of actions no documented row lists (e.g. `/status`, `redo`).
        let mut extra: Vec<(Does, Vec<Keys>)> = Vec::new();
        for b in &self.live {
            if b.group.is_some() || !b.listed || !contexts.contains(&b.context) {
                continue;
            }
            if !self.reaches(b, screen) {
                continue;
            }
            match extra.iter_mut().find(|(d, _)| *d == b.does) {
                Some((_, keys)) => keys.push(b.keys),
                None => extra.push((b.does, vec![b.keys])),
            }
        }
        for (does, keys) in extra {
            out.push((label_of(&keys), describe(does)));
        }
        out
    }

    /// The label of the documented keys doing `does`, on the main screen first (computed
    /// once per action).
    fn label_for(&self, does: Does) -> Option<String> {
        let mut labels = self.labels.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, label)) = labels.iter().find(|(d, _)| *d == does) {
            return label.clone();
        }
        let label = self.compute_label_for(does);
        labels.push((does, label.clone()));
        label
    }

    fn compute_label_for(&self, does: Does) -> Option<String> {
        let mut groups: Vec<(usize, Context)> = DEFAULT
            .live
            .iter()
            .filter(|b| b.does == does)
            .filter_map(|b| b.group.map(|g| (g, b.context)))
            .collect();
        groups.sort_by_key(|(_, c)| !matches!(c, Context::Main | Context::Desk | Context::Any));
        for (group, context) in groups {
            let screen = SCREENS
                .into_iter()
                .find(|s| Screens::of(context).contains(*s))
                .unwrap_or(Context::Main);
            if let Some(label) = self.group_label(group, screen) {
                return Some(label);
            }
        }
        // Remapped only: the keys doing it on the main screen.
        let keys: Vec<Keys> = self
            .live
            .iter()
            .filter(|b| b.does == does && b.listed && self.reaches(b, Context::Main))
            .map(|b| b.keys)
            .collect();
        (!keys.is_empty()).then(|| label_of(&keys))
    }

    /// Every action name a `[keys]` entry may use, sorted.
    pub fn action_names() -> Vec<String> {
        let mut names: Vec<String> = Keymap::default()
            .live
            .iter()
            .map(|b| b.does.name().into_owned())
            .filter(|n| n != "type" && n != "chat-n")
            .chain(
                UNBOUND_ACTIONS
                    .iter()
                    .map(|(_, does)| does.name().into_owned()),
            )
            .chain(
                crate::app::slash::commands()
                    .iter()
                    .map(|c| c.name[1..].to_string()),
            )
            .collect();
        names.push("none".into());
        names.sort();
        names.dedup();
        names
    }
}

/// The `(context, does, help group)` pairs action `name` stands for.
fn action_pairs(name: &str) -> Result<Vec<(Context, Does, Option<usize>)>, String> {
    let defaults = &**DEFAULT;
    let mut pairs: Vec<(Context, Does, Option<usize>)> = Vec::new();
    for b in &defaults.live {
        if b.does.name() != name || b.does == Does::Insert {
            continue;
        }
        match pairs
            .iter_mut()
            .find(|(c, d, _)| *c == b.context && *d == b.does)
        {
            Some((_, _, group)) => {
                if group.is_none() {
                    *group = b.group;
                }
            }
            None => pairs.push((b.context, b.does, b.group)),
        }
    }
    if !pairs.is_empty() {
        return Ok(pairs);
    }
    if let Some((context, does)) = UNBOUND_ACTIONS.iter().find(|(_, d)| d.name() == name) {
        return Ok(vec![(*context, *does, None)]);
    }
    let commands = crate::app::slash::commands();
    if let Some(command) = commands.iter().find(|c| &c.name[1..] == name) {
        let does = if command.needs_argument() {
            Does::Prefill(command.name)
        } else {
            Does::Command(command.name)
        };
        return Ok(vec![(Context::Desk, does, None)]);
    }
    let names = Keymap::action_names();
    let closest = names
        .iter()
        .map(|n| (strsim::jaro_winkler(n, name), n))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| format!(" (did you mean {n:?}?)"))
        .unwrap_or_default();
    Err(format!(
        "unknown action {name:?}{closest}; expected one of {}",
        names.join(", ")
    ))
}

/// Help's words for an action with no documented row: a command's help line, else its name.
fn describe(does: Does) -> String {
    if let Does::Command(line) | Does::Prefill(line) = does {
        if let Some(command) = crate::app::slash::commands()
            .into_iter()
            .find(|c| c.name == line)
        {
            return format!("{line} — {}", command.help);
        }
    }
    does.name().replace('-', " ")
}

fn label_of(keys: &[Keys]) -> String {
    let labels: Vec<String> = keys
        .iter()
        .filter_map(|k| match k {
            Keys::Key(code, mods) => Some(keys::label(*code, *mods)),
            Keys::AltDigit => Some("Alt+1…9".to_string()),
            Keys::Printable => None,
        })
        .collect();
    keys::compact(&labels)
}

/// The key as bindings match it: letters lower-case with SHIFT for capitals, SHIFT dropped
/// where the character carries it (`?`) or the key implies it (Shift+Tab), and the
/// legacy Ctrl+4…7 the terminal reports for Ctrl+\ ] ^ _ read as those.
fn normalise(event: &KeyEvent) -> (KeyCode, KeyModifiers) {
    let mut mods = event.modifiers;
    let code = match event.code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => {
            mods |= KeyModifiers::SHIFT;
            KeyCode::Char(c.to_ascii_lowercase())
        }
        KeyCode::Char(c) if c.is_ascii_lowercase() => KeyCode::Char(c),
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) && ('4'..='7').contains(&c) => {
            KeyCode::Char(['\\', ']', '^', '_'][(c as u8 - b'4') as usize])
        }
        KeyCode::Char(c) => {
            mods -= KeyModifiers::SHIFT;
            KeyCode::Char(c)
        }
        KeyCode::BackTab => {
            mods -= KeyModifiers::SHIFT;
            KeyCode::BackTab
        }
        other => other,
    };
    (code, mods)
}

/// Whether `keys` matches the normalised key `code` with `mods`.
fn matches(keys: Keys, code: KeyCode, mods: KeyModifiers) -> bool {
    match keys {
        Keys::Key(KeyCode::BackTab, want) => {
            code == KeyCode::BackTab && mods == want - KeyModifiers::SHIFT
        }
        Keys::Key(want_code, want_mods) => want_code == code && want_mods == mods,
        Keys::AltDigit => mods == ALT && matches!(code, KeyCode::Char('1'..='9')),
        Keys::Printable => match code {
            KeyCode::Char(c) => {
                let mods = mods - KeyModifiers::SHIFT;
                !c.is_control()
                    && (mods.is_empty() || mods.contains(KeyModifiers::CONTROL | KeyModifiers::ALT))
            }
            _ => false,
        },
    }
}

/// The character `key` types, when it types one (no Ctrl/Alt, or AltGr = Ctrl+Alt).
fn plain_char(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c) if !c.is_control() => {
            let mods = key.modifiers - KeyModifiers::SHIFT;
            (mods.is_empty() || mods.contains(KeyModifiers::CONTROL | KeyModifiers::ALT))
                .then_some(c)
        }
        _ => None,
    }
}

/// The action `does` is in `state` for `key` (`typed`: the character it types, if any).
fn action_of(state: &State, does: Does, typed: Option<char>, key: &KeyEvent) -> Option<UserAction> {
    let insert = |c: char| UserAction::Edit(Edit::Insert(c));
    Some(match does {
        Does::Edit(edit) => UserAction::Edit(edit),
        Does::Insert => insert(typed?),
        Does::Submit => UserAction::Submit,
        Does::NextField => UserAction::NextField,
        Does::Command(line) => UserAction::Command(line.to_string()),
        Does::Prefill(line) => UserAction::Prefill(format!("{line} ")),
        Does::FocusNext => UserAction::FocusNext,
        Does::FocusPrev => UserAction::FocusPrev,
        Does::FocusDigit => match key.code {
            KeyCode::Char(c) => UserAction::FocusNumber(c.to_digit(10)? as usize),
            _ => return None,
        },
        Does::FocusNumber(n) => UserAction::FocusNumber(n),
        Does::Scroll(lines) => UserAction::Scroll(lines),
        Does::ToggleHelp => UserAction::ToggleHelp,
        Does::HelpOrInsert => match typed {
            Some(c) if !state.composer.is_empty() => insert(c),
            _ => UserAction::ToggleHelp,
        },
        Does::ScrollOrEdit(lines, _) if state.composer.is_empty() => UserAction::Scroll(lines),
        Does::ScrollOrEdit(_, edit) => UserAction::Edit(edit),
        Does::LineOrScroll(edit, lines) => {
            let composer = &state.composer;
            let within = match edit {
                Edit::LineUp => !composer.on_first_line(),
                _ => !composer.on_last_line(),
            };
            if within {
                UserAction::Edit(edit)
            } else {
                UserAction::Scroll(lines)
            }
        }
        Does::Dismiss => UserAction::Dismiss,
        Does::Quit => UserAction::Quit,
        Does::Move(step) => UserAction::Move(step),
        Does::MoveOrInsert(step) => {
            let filtering = match &state.overlay {
                Some(Overlay::Picker(picker)) => picker.search || !picker.filter.is_empty(),
                _ => false,
            };
            match typed {
                Some(c) if filtering || c.is_uppercase() => insert(c),
                _ => UserAction::Move(step),
            }
        }
        Does::ToggleOrInsert => {
            let in_note = state
                .focused_conversation()
                .and_then(|c| c.wrapup.as_ref())
                .is_some_and(|form| form.focus == WrapupFocus::Note);
            match typed {
                Some(c) if in_note => insert(c),
                _ => UserAction::Toggle,
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
            match typed {
                Some(c) if note_begun => insert(c),
                _ => UserAction::Slash,
            }
        }
        Does::Confirm => UserAction::Confirm,
        Does::NextUnread => UserAction::NextUnread,
        Does::Palette => UserAction::Palette,
        Does::KillOrPalette if state.composer.at_end() => UserAction::Palette,
        Does::KillOrPalette => UserAction::Edit(Edit::KillToEnd),
        Does::Complete => UserAction::Complete,
        Does::ExternalEditor => UserAction::ExternalEditor,
        Does::Suspend => UserAction::Suspend,
        Does::Redraw => UserAction::Redraw,
        Does::Delete => UserAction::Delete,
    })
}

/// The default key map.
static DEFAULT: LazyLock<Arc<Keymap>> = LazyLock::new(|| Arc::new(Keymap::default()));

/// The key map [`install`]ed for the run.
static INSTALLED: RwLock<Option<Arc<Keymap>>> = RwLock::new(None);

thread_local! {
    /// A key map set for this thread by [`scoped`] (tests).
    static SCOPED: RefCell<Option<Arc<Keymap>>> = const { RefCell::new(None) };
}

/// Makes `keymap` the live key map of the process (the runtime does, once, from the
/// configuration).
pub fn install(keymap: Keymap) {
    let mut installed = INSTALLED.write().unwrap_or_else(|e| e.into_inner());
    *installed = Some(Arc::new(keymap));
}

/// Runs `f` with `keymap` as the live key map of this thread (tests of remapped keys and
/// of the help drawn from them).
pub fn scoped<R>(keymap: Keymap, f: impl FnOnce() -> R) -> R {
    let previous = SCOPED.with_borrow_mut(|s| s.replace(Arc::new(keymap)));
    struct Restore(Option<Arc<Keymap>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            SCOPED.with_borrow_mut(|s| *s = previous);
        }
    }
    let _restore = Restore(previous);
    f()
}

/// The live key map: this thread's [`scoped`] one, else the [`install`]ed one, else the
/// defaults.
pub fn live() -> Arc<Keymap> {
    if let Some(keymap) = SCOPED.with_borrow(|s| s.clone()) {
        return keymap;
    }
    let installed = INSTALLED.read().unwrap_or_else(|e| e.into_inner());
    match installed.as_ref() {
        Some(keymap) => keymap.clone(),
        None => DEFAULT.clone(),
    }
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

/// What `key` means in `state` with the [`live`] key map (see [`Keymap::map_key`]).
pub fn map_key(state: &State, key: KeyEvent) -> Option<UserAction> {
    live().map_key(state, key)
}

/// `(keys, what)` rows documented for `context` in the [`live`] key map, in table order: the
/// main screen's keys for `Main` (its own rows with the `Desk` and `Any` ones; the
/// composer's editing keys are [`own_rows`]`(Context::Editing)`), the login form's hints
/// for `Login` (with `Any`).
pub fn help_rows(context: Context) -> Vec<(String, String)> {
    let keymap = live();
    match context {
        Context::Main => keymap.rows(&[Context::Main, Context::Desk, Context::Any], Context::Main),
        Context::Login => {
            let mut rows = keymap.rows(&[Context::Login], Context::Login);
            rows.extend(
                keymap
                    .label_for(Does::Quit)
                    .map(|k| (k, "quit".to_string())),
            );
            rows
        }
        other => keymap.rows(&[other, Context::Any], other),
    }
}

/// `(keys, what)` rows of exactly `context` (no `Any` rows) in the [`live`] key map: the
/// hint lines of the picker and the wrap-up form; for `Editing`, the composer's editing
/// keys.
pub fn own_rows(context: Context) -> Vec<(String, String)> {
    let keymap = live();
    match context {
        Context::Editing => keymap.rows(&[Context::Editing, Context::Fields], Context::Main),
        other => keymap.rows(&[other], other),
    }
}

/// The label of the documented key doing `does` on the main screen (else anywhere) in the
/// [`live`] key map, e.g. `"F2"` for `/ready`; `None` when no key does it.
pub fn label_for(does: Does) -> Option<String> {
    live().label_for(does)
}

/// The label of the documented key producing `action` on the main screen, e.g. `"F8"` for
/// `UserAction::Command("/leave")`, `"Ctrl+C"` for `UserAction::Quit`.
pub fn label_for_action(action: &UserAction) -> Option<String> {
    match action {
        UserAction::Command(line) => bindings()
            .find(|b| b.help.is_some() && matches!(b.does, Does::Command(l) if l == line))
            .and_then(|b| label_for(b.does)),
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
        let keymap = Keymap::default();
        for screen in SCREENS {
            let keys: Vec<Keys> = keymap
                .live
                .iter()
                .filter(|b| b.screens.contains(screen) && matches!(b.keys, Keys::Key(..)))
                .map(|b| b.keys)
                .collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(
                    !keys[i + 1..].contains(k),
                    "{k:?} is bound twice in {screen:?} (the second row never acts)"
                );
            }
        }
    }

    #[test]
    fn every_default_row_has_a_name_that_binds_it_again() {
        for row in bindings() {
            if matches!(row.does, Does::Insert | Does::FocusDigit) {
                continue;
            }
            let name = row.does.name();
            let pairs = action_pairs(&name).unwrap();
            assert!(
                pairs.iter().any(|(c, d, _)| *c == row.context
                    && (*d == row.does || row.does == Does::FocusDigit)),
                "{name}: {row:?}"
            );
        }
    }

    #[test]
    fn releases_are_ignored() {
        let state = State::new(None, 0);
        let mut key = press(KeyCode::Enter, NONE);
        key.kind = KeyEventKind::Release;
        assert_eq!(map_key(&state, key), None);
    }

    #[test]
    fn the_legacy_ctrl_underscore_is_undo() {
        let state = State::new(None, 0);
        for event in [
            press(KeyCode::Char('7'), CTRL),
            press(KeyCode::Char('_'), CTRL),
        ] {
            assert_eq!(
                map_key(&state, event),
                Some(UserAction::Edit(Edit::Undo)),
                "{event:?}"
            );
        }
    }
}
