//! Transitions for user actions and slash commands.

use crate::client::Command;

use super::commands::agent_state::{change_with_reason, mrd};
use super::commands::compose::{
    copy_detail, link_action, reply, select_line, send_file, send_message, send_whisper, CopyWhat,
};
use super::commands::conversation::{
    accept, active_conversation, history, hold, leave, toggle_customer_panel,
};
use super::commands::wrapup::{open_wrapup, submit_wrapup};
use super::commands::{assist, canned, hand, sla, suggest, supervise};
use super::confirm::{Asked, Question};
use super::effect::Effect;
use super::input::UserAction;
use super::signals;
use super::slash::{self, Line, Slash};
use super::state::{Connection, Level, LoginField, Overlay, State};
use super::text_field::Edit;
use super::wrapup::WrapupFocus;
use crate::protocol::AssistKind;

/// A composer line with more lines than this asks before it is sent (a long paste).
pub const ASK_BEFORE_SENDING_LINES: usize = 10;

/// Where a command line came from: typed in the composer, or from a key bound to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Typed,
    Key,
}

pub(super) fn apply(state: &mut State, action: UserAction) -> Vec<Effect> {
    let effects = act(state, action);
    settle_composer(state);
    effects
}

/// After every action: an empty composer gets its set-aside draft back, and a wrap-up form
/// whose composer was used for a command gets the keys back.
fn settle_composer(state: &mut State) {
    if !state.composer.is_empty() {
        return;
    }
    if let Some(stash) = state.stash.take() {
        state.composer = stash;
    }
    if let Some(form) = open_wrapup(state) {
        if form.focus == WrapupFocus::Composer {
            form.focus = WrapupFocus::Categories;
        }
    }
}

fn act(state: &mut State, action: UserAction) -> Vec<Effect> {
    match action {
        UserAction::Edit(edit) => edit_field(state, edit),
        UserAction::NextField => {
            if let Some(form) = state.login.as_mut() {
                form.focus = match form.focus {
                    LoginField::Username => LoginField::Password,
                    LoginField::Password => LoginField::Username,
                };
            } else if let Some(form) = open_wrapup(state) {
                form.focus = match form.focus {
                    WrapupFocus::Categories => WrapupFocus::Note,
                    WrapupFocus::Note | WrapupFocus::Composer => WrapupFocus::Categories,
                };
            }
            Vec::new()
        }
        UserAction::Submit => {
            if state.login.is_some() {
                return submit_login(state);
            }
            match &state.overlay {
                Some(Overlay::Picker(picker)) => {
                    let Some(command) = picker.chosen().map(str::to_string) else {
                        let typed = picker.filter.text().to_string();
                        state.notify(
                            Level::Warning,
                            format!(
                                "Nothing matches \"{typed}\" (Backspace to widen, Esc to close)"
                            ),
                        );
                        return Vec::new();
                    };
                    state.overlay = None;
                    if command.ends_with(' ') {
                        // A command that needs an argument: finished in the composer.
                        prefill(state, &command);
                        return Vec::new();
                    }
                    return run_line(state, &command, Source::Key);
                }
                Some(Overlay::Confirm(_)) => return confirm(state),
                Some(Overlay::TeamBoard) => return supervise::monitor_selected(state),
                Some(Overlay::PullPanel | Overlay::Announcements) => {
                    return match super::list_overlays::submit(state) {
                        Some(command) => run_line(state, &command, Source::Key),
                        None => Vec::new(),
                    };
                }
                Some(_) => return Vec::new(),
                None => {}
            }
            if open_wrapup(state).is_some_and(|f| f.focus != WrapupFocus::Composer) {
                return submit_wrapup(state, false);
            }
            submit_composer(state, false)
        }
        UserAction::Command(line) => run_line(state, &line, Source::Key),
        UserAction::Slash => {
            if matches!(state.overlay, Some(Overlay::Confirm(_))) {
                state.notify(Level::Info, "Not done: answered no by typing a command");
            }
            state.overlay = None;
            if !state.composer.is_empty() && state.stash.is_none() {
                state.stash = Some(std::mem::take(&mut state.composer));
            }
            if let Some(form) = open_wrapup(state) {
                form.focus = WrapupFocus::Composer;
            }
            state.composer.apply(Edit::Insert('/'));
            Vec::new()
        }
        UserAction::Confirm => confirm(state),
        UserAction::Paste(text) => paste(state, &text),
        UserAction::NextUnread => next_unread(state),
        UserAction::Move(step) => {
            if state.overlay == Some(Overlay::Help) {
                state.help_scroll = (state.help_scroll as i64 + i64::from(step)).max(0) as usize;
            } else if let Some(Overlay::Picker(picker)) = state.overlay.as_mut() {
                picker.move_selection(step);
            } else if super::list_overlays::move_selection(state, step) {
                // The pull panel or the announcements moved.
            } else if state.overlay == Some(Overlay::TeamBoard) {
                state.board.move_selection(step);
            } else if let Some(form) = open_wrapup(state) {
                // Arrows move through the categories; in the note they do nothing.
                if form.focus == WrapupFocus::Categories {
                    form.move_cursor(step);
                }
            }
            Vec::new()
        }
        UserAction::Toggle => {
            if let Some(form) = open_wrapup(state) {
                form.toggle();
            }
            Vec::new()
        }
        UserAction::SkipWrapup => match open_wrapup(state) {
            Some(_) => submit_wrapup(state, true),
            None => Vec::new(),
        },
        UserAction::SelectLine(step) => {
            select_line(state, step);
            Vec::new()
        }
        UserAction::ToggleCustomerPanel => toggle_customer_panel(state),
        UserAction::FocusNext => step_focus(state, 1),
        UserAction::FocusPrev => step_focus(state, -1),
        UserAction::FocusNumber(n) => focus_number(state, n),
        UserAction::Scroll(lines) => {
            // Scrolling by hand lets go of the selection (the view follows it otherwise).
            if let Some(c) = state.focused_conversation_mut() {
                c.selected = None;
                c.scroll = (c.scroll as i64 + i64::from(lines)).max(0) as usize;
            }
            Vec::new()
        }
        UserAction::ToggleHelp => {
            state.help_scroll = 0;
            state.overlay = match state.overlay {
                Some(Overlay::Help) => None,
                _ => Some(Overlay::Help),
            };
            Vec::new()
        }
        UserAction::Dismiss => {
            dismiss(state);
            Vec::new()
        }
        UserAction::Quit => quit(state),
        UserAction::Palette => super::palette::open(state),
        UserAction::Complete => {
            if state.login.is_some() || state.overlay.is_some() {
                return Vec::new();
            }
            super::complete::tab(state)
        }
        UserAction::ExternalEditor => {
            if state.login.is_some() {
                return Vec::new();
            }
            state.overlay = None;
            vec![Effect::EditExternally {
                conversation_id: state.focused.clone(),
                text: state.composer.text().to_string(),
            }]
        }
        UserAction::Suspend => vec![Effect::Suspend],
        UserAction::Redraw => vec![Effect::Redraw],
        UserAction::Prefill(text) => {
            prefill(state, &text);
            Vec::new()
        }
        UserAction::PickRow(index) => {
            let Some(Overlay::Picker(picker)) = state.overlay.as_mut() else {
                return Vec::new();
            };
            if !picker.visible().contains(&index) {
                return Vec::new();
            }
            if picker.selected == index {
                return act(state, UserAction::Submit);
            }
            picker.selected = index;
            Vec::new()
        }
        UserAction::Delete => match super::list_overlays::delete(state) {
            Some(command) => run_line(state, &command, Source::Key),
            None => Vec::new(),
        },
    }
}

/// Puts `text` in the composer to be finished (a draft there is set aside until the
/// composer is empty again, as for a `/` typed over a picker).
fn prefill(state: &mut State, text: &str) {
    if state.login.is_some() {
        return;
    }
    state.overlay = None;
    if !state.composer.is_empty() && state.stash.is_none() {
        state.stash = Some(std::mem::take(&mut state.composer));
    }
    if let Some(form) = open_wrapup(state) {
        form.focus = WrapupFocus::Composer;
    }
    state.composer.set(text);
}

/// The external editor is done: its text replaces the draft it was started on (one undo
/// step), or the failure is told and the draft kept.
pub(super) fn editor_done(
    state: &mut State,
    conversation_id: Option<String>,
    result: Result<String, String>,
) {
    let text = match result {
        Ok(text) => text,
        Err(error) => {
            state.notify(
                Level::Error,
                format!("The editor failed: {error}; the draft is unchanged"),
            );
            return;
        }
    };
    // Editors end a file with a line break; it is not part of the message.
    let text = text.trim_end_matches(['\r', '\n']);
    let text: String = text
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| *c == '\n' || !c.is_control())
        .collect();
    if conversation_id.is_none() || state.focused == conversation_id {
        state.composer.replace_all(&text);
    } else if let Some(c) = conversation_id
        .as_deref()
        .and_then(|id| state.conversations.by_id_mut(id))
    {
        c.draft.replace_all(&text);
        let name = c.customer_name.clone();
        state.notify(
            Level::Info,
            format!("The edited text is the draft of the chat with {name}"),
        );
    }
}

/// Esc: the innermost thing goes away — overlay (a question is answered no), then a command
/// typed over the wrap-up form, then reply target, then selection, then the RONA banner.
fn dismiss(state: &mut State) {
    if state.overlay.take().is_some() {
        return;
    }
    if open_wrapup(state).is_some_and(|f| f.focus == WrapupFocus::Composer) {
        state.composer.take();
        return;
    }
    if let Some(c) = state.focused_conversation_mut() {
        if c.reply_to.take().is_some() || c.selected.take().is_some() {
            return;
        }
    }
    if state.rona.take().is_some() {
        return;
    }
    super::announcements::dismiss_banner(state);
}

fn edit_field(state: &mut State, edit: Edit) -> Vec<Effect> {
    if let Some(form) = state.login.as_mut() {
        match form.focus {
            LoginField::Username => form.username.apply(edit),
            LoginField::Password => form.password.apply(edit),
        }
        return Vec::new();
    }
    if let Some(Overlay::Picker(picker)) = state.overlay.as_mut() {
        picker.edit_filter(edit);
        return Vec::new();
    }
    if let Some(form) = open_wrapup(state) {
        match form.focus {
            // Text typed over the categories is a note: it goes there (and the note takes
            // the keys), it never vanishes.
            WrapupFocus::Categories if matches!(edit, Edit::Insert(_)) => {
                form.focus = WrapupFocus::Note;
                form.note.apply(edit);
                return Vec::new();
            }
            WrapupFocus::Categories => return Vec::new(),
            WrapupFocus::Note => {
                form.note.apply(edit);
                return Vec::new();
            }
            WrapupFocus::Composer => {}
        }
    }
    let before = state.composer.text().len();
    state.composer.apply_with(edit, &mut state.kills);
    state.completion = None;
    if matches!(edit, Edit::Insert(_)) && state.composer.text().len() > before {
        return signals::typing(state);
    }
    Vec::new()
}

fn submit_login(state: &mut State) -> Vec<Effect> {
    let Some(form) = state.login.as_mut() else {
        return Vec::new();
    };
    if form.busy {
        return Vec::new();
    }
    let username = form.username.text().trim().to_string();
    if username.is_empty() {
        form.error = Some("Enter your username".into());
        form.focus = LoginField::Username;
        return Vec::new();
    }
    if form.password.is_empty() {
        if form.focus == LoginField::Username {
            form.focus = LoginField::Password;
        } else {
            form.error = Some("Enter your password".into());
        }
        return Vec::new();
    }
    if form.takeover == super::state::Takeover::Ask {
        // Seed 004's prepareSession with `override: false`: confirm before ending the
        // session elsewhere. (The AM socket has no override flag: a new login simply ends the
        // other session, which is why the desk asks.)
        form.takeover = super::state::Takeover::Asked;
        form.error = Some(
            "You are logged in in another place: logging in here ends that session. Press Enter again to log in here.".into(),
        );
        return Vec::new();
    }
    form.takeover = super::state::Takeover::None;
    form.busy = true;
    form.error = None;
    let password = crate::client::Secret::new(form.password.text());
    state.connection = Connection::Connecting;
    state.password_to_remember = state
        .remember_password
        .then(|| (username.clone(), password.clone()));
    vec![Effect::Send(Command::Login { username, password })]
}

/// Pasted text goes where typing would go, as text: the login field, the picker's filter, the
/// wrap-up note (one line each), or the composer (lines kept; a paste is never a command).
fn paste(state: &mut State, text: &str) -> Vec<Effect> {
    if let Some(form) = state.login.as_mut() {
        match form.focus {
            LoginField::Username => form.username.paste(text.trim()),
            LoginField::Password => form.password.paste(text.trim_end_matches(['\r', '\n'])),
        }
        return Vec::new();
    }
    match state.overlay.as_mut() {
        Some(Overlay::Picker(picker)) => {
            picker.filter.paste(text.trim());
            picker.selected = 0;
            return Vec::new();
        }
        Some(_) => return Vec::new(),
        None => {}
    }
    if let Some(form) = open_wrapup(state) {
        if form.focus != WrapupFocus::Composer {
            form.focus = WrapupFocus::Note;
            form.note.paste(text.trim());
            return Vec::new();
        }
    }
    // Trailing line breaks of a copied line are not part of the message.
    state
        .composer
        .paste(text.trim_end_matches(['\r', '\n']), true);
    signals::typing(state)
}

/// Enter in the composer. A literal (pasted) text is a message even when it starts with
/// `/`; a message of more than [`ASK_BEFORE_SENDING_LINES`] lines asks first (unless
/// `confirmed`).
fn submit_composer(state: &mut State, confirmed: bool) -> Vec<Effect> {
    let line = state.composer.text().to_string();
    let message = if state.composer.is_literal() {
        Some(line.trim_end().to_string()).filter(|t| !t.trim().is_empty())
    } else {
        match slash::parse(&line) {
            Line::Message(text) => Some(text),
            _ => None,
        }
    };
    let Some(text) = message else {
        return run_line(state, &line, Source::Typed);
    };
    let lines = text.lines().count();
    if lines > ASK_BEFORE_SENDING_LINES && !confirmed && state.focused_conversation().is_some() {
        let name = state
            .focused_conversation()
            .map(|c| c.customer_name.clone())
            .unwrap_or_default();
        state.overlay = Some(Overlay::Confirm(Question {
            asked: Asked::SendLong,
            text: format!("Send these {lines} lines to {name} as one message?"),
            yes: "send",
            no: "keep editing",
            again: None,
        }));
        return Vec::new();
    }
    send_message(state, &text)
}

/// Runs a composer line or a key's command: a slash command or a message. The composer is
/// cleared when the line was taken; it keeps the text when it could not be sent (nothing
/// typed is lost).
fn run_line(state: &mut State, line: &str, source: Source) -> Vec<Effect> {
    match slash::parse(line) {
        Line::Empty => Vec::new(),
        Line::Message(text) => send_message(state, &text),
        Line::Command(command) => {
            if state.composer.text() == line {
                state.composer.take();
            }
            run_command(state, command, source)
        }
    }
}

/// `changeAgentState` to `target` (with `reason`), unless the agent is in that state already:
/// a request that cannot change anything is not sent, the notice says so (the server would
/// only answer UNCHANGED).
pub(super) fn request_state(
    state: &mut State,
    target: &str,
    reason: Option<crate::protocol::Reason>,
) -> Vec<Effect> {
    let same_reason = match (&reason, state.agent.reason.as_deref()) {
        (None, _) => true,
        (Some(r), Some(current)) => r.name.trim().eq_ignore_ascii_case(current.trim()),
        (Some(_), None) => false,
    };
    // Only a state the server confirmed on this connection: after a reconnect the one shown
    // is the last known, and a restarted server may hold another.
    if state.agent_confirmed && state.agent.state == target && same_reason {
        let words = super::plain::in_sentence(&super::plain::agent_state_with_reason(
            &state.agent.state,
            state.agent.reason.as_deref(),
        ));
        state.notify(Level::Info, format!("You are already {words}"));
        return Vec::new();
    }
    state.state_request = Some(
        match target {
            "READY" => "get ready",
            "NOT_READY" => "go not ready",
            "LOGOUT" => "log out",
            _ => "change the agent state",
        }
        .to_string(),
    );
    vec![Effect::Send(Command::SetAgentState {
        state: target.into(),
        reason,
    })]
}

/// Yes to the open question.
fn confirm(state: &mut State) -> Vec<Effect> {
    let Some(Overlay::Confirm(question)) = state.overlay.take() else {
        return Vec::new();
    };
    match question.asked {
        Asked::Leave { conversation_id } => {
            if state.focused.as_deref() != Some(conversation_id.as_str()) {
                return Vec::new();
            }
            leave(state)
        }
        Asked::Quit => quit_now(state),
        Asked::SendLong => submit_composer(state, true),
    }
}

/// `/leave` from a key on a conversation still active: asks first (a key next to F7 hold is
/// easy to hit by mistake). Typed `/leave` is its own confirmation.
fn leave_from(state: &mut State, source: Source) -> Vec<Effect> {
    let active = state
        .focused_conversation()
        .filter(|c| c.ended.is_none() && !c.leaving)
        .map(|c| (c.id.clone(), c.customer_name.clone()));
    match active {
        Some((conversation_id, name)) if source == Source::Key && state.confirm => {
            state.overlay = Some(Overlay::Confirm(Question {
                asked: Asked::Leave { conversation_id },
                text: format!("Leave the chat with {name}?"),
                yes: "leave",
                no: "stay",
                again: Some(UserAction::Command("/leave".into())),
            }));
            Vec::new()
        }
        _ => leave(state),
    }
}

fn run_command(state: &mut State, command: Slash, source: Source) -> Vec<Effect> {
    match command {
        Slash::Ready => request_state(state, "READY", None),
        Slash::NotReady(name) => change_with_reason(state, "NOT_READY", name),
        Slash::Logout(name) => change_with_reason(state, "LOGOUT", name),
        Slash::Accept => accept(state),
        Slash::Leave => leave_from(state, source),
        Slash::Quit => quit(state),
        Slash::QuitNow => quit_now(state),
        Slash::Help => {
            state.help_scroll = 0;
            state.overlay = Some(Overlay::Help);
            Vec::new()
        }
        Slash::Status => {
            state.overlay = Some(Overlay::Status);
            Vec::new()
        }
        Slash::Log => {
            state.overlay = Some(Overlay::Log(super::state::LogView::default()));
            vec![Effect::ReadLog]
        }
        Slash::Mrd(arg) => mrd(state, arg),
        Slash::Goto(arg) => match arg.as_deref().and_then(|n| n.trim().parse::<usize>().ok()) {
            Some(n) => focus_number(state, n),
            None => {
                let numbers = chat_numbers(state);
                state.notify(
                    Level::Warning,
                    format!("/goto takes a chat number ({numbers})"),
                );
                Vec::new()
            }
        },
        Slash::Reply => {
            reply(state);
            Vec::new()
        }
        Slash::Send(path) => send_file(state, path),
        Slash::Open(n) => link_action(state, n, true),
        Slash::Copy(arg) => match arg.as_deref().and_then(CopyWhat::parse) {
            Some(what) => copy_detail(state, what),
            None => link_action(state, arg, false),
        },
        Slash::Hold(minutes) => hold(state, minutes),
        Slash::Resume => match active_conversation(state, "resume") {
            Some((conversation_id, room_info)) => vec![Effect::Send(Command::Resume {
                conversation_id,
                room_info,
            })],
            None => Vec::new(),
        },
        Slash::Customer => toggle_customer_panel(state),
        Slash::History(arg) => history(state, arg.as_deref() == Some("more")),
        Slash::Reconnect => reconnect(state),
        Slash::Resend => super::outbox::resend(state),
        Slash::Lists => super::commands::pull::lists(state),
        Slash::Follow(name) => super::commands::pull::follow(state, name, true),
        Slash::Unfollow(name) => super::commands::pull::follow(state, name, false),
        Slash::Pull(arg) => super::commands::pull::pull(state, arg),
        Slash::Announcements(arg) => super::commands::announce::announcements(state, arg),
        Slash::Announce(text) => super::commands::announce::announce(state, text),
        Slash::Transfer(arg) => assist::request(state, AssistKind::Transfer, arg),
        Slash::Conference(arg) => assist::request(state, AssistKind::Conference, arg),
        Slash::Consult(arg) => assist::request(state, AssistKind::Consult, arg),
        Slash::ConsultTransfer => assist::consult_transfer(state),
        Slash::Whisper(text) => send_whisper(state, text),
        Slash::Team => supervise::team(state),
        Slash::Monitor(arg) => supervise::monitor(state, arg),
        Slash::Barge => supervise::barge(state),
        Slash::WhisperMode => supervise::whisper_mode(state),
        Slash::Suggest(n) => suggest::suggest(state, n, suggest::Use::Compose),
        Slash::SuggestSend(n) => suggest::suggest(state, n, suggest::Use::Send),
        Slash::Canned(name) => canned::canned(state, name),
        Slash::Extend => sla::extend(state),
        Slash::Hand => hand::hand(state),
        Slash::Hands => hand::hands(state),
        Slash::Unknown(name) => {
            state.notify(
                Level::Warning,
                format!("Unknown command /{name} — /help lists the commands"),
            );
            Vec::new()
        }
    }
}

/// `/reconnect`: skip the reconnect wait, or renew a session that looks stalled. Only while
/// logged in (the login form connects otherwise).
fn reconnect(state: &mut State) -> Vec<Effect> {
    match state.connection {
        Connection::LoggedOut | Connection::Offline { .. } => {
            state.notify(
                Level::Warning,
                "Not logged in: log in from the form to connect",
            );
            Vec::new()
        }
        _ => {
            state.notify(Level::Info, "Reconnecting now…");
            vec![Effect::Send(Command::Reconnect)]
        }
    }
}

/// Ctrl+C, `/quit`: asks first while conversations are open or text is unsent (a draft
/// would be lost), unless `confirm` is off.
fn quit(state: &mut State) -> Vec<Effect> {
    let open = state
        .conversations
        .iter()
        .filter(|c| c.ended.is_none())
        .count();
    let unsent = !state.composer.is_empty()
        || state.stash.as_ref().is_some_and(|s| !s.is_empty())
        || state.conversations.iter().any(|c| !c.draft.is_empty());
    if !state.confirm || (open == 0 && !unsent) || state.login.is_some() {
        return quit_now(state);
    }
    let chats = match open {
        0 => String::new(),
        1 => "1 open chat".to_string(),
        n => format!("{n} open chats"),
    };
    let what = match (chats.is_empty(), unsent) {
        (false, true) => format!("{chats} and unsent text"),
        (false, false) => chats,
        (true, _) => "unsent text".to_string(),
    };
    state.overlay = Some(Overlay::Confirm(Question {
        asked: Asked::Quit,
        text: format!(
            "Quit with {what}? Quitting disconnects but does not log you out (/logout does)."
        ),
        yes: "quit",
        no: "stay",
        again: Some(UserAction::Quit),
    }));
    Vec::new()
}

fn quit_now(state: &mut State) -> Vec<Effect> {
    state.quit = true;
    vec![Effect::Send(Command::Disconnect), Effect::Quit]
}

/// The next conversation after the focused one (round the list) with unread customer
/// messages.
fn next_unread(state: &mut State) -> Vec<Effect> {
    let count = state.conversations.len();
    let start = state.focused_index().map_or(0, |i| i + 1);
    let next = (0..count)
        .map(|k| (start + k) % count)
        .find(|&i| state.conversations[i].unread > 0);
    match next {
        Some(i) => {
            let id = state.conversations[i].id.clone();
            focus(state, id)
        }
        None => {
            state.notify(Level::Info, "No unread messages in other chats");
            Vec::new()
        }
    }
}

fn step_focus(state: &mut State, step: isize) -> Vec<Effect> {
    let count = state.conversations.len() as isize;
    if count == 0 {
        return Vec::new();
    }
    let current = state.focused_index().map_or(-1, |i| i as isize);
    let next = (current + step).rem_euclid(count) as usize;
    let id = state.conversations[next].id.clone();
    focus(state, id)
}

/// The numbers of the open chats, for warnings: "chats 1, 2, 4" or "no chats open".
fn chat_numbers(state: &State) -> String {
    let numbers: Vec<String> = state
        .conversations
        .iter()
        .map(|c| c.number.to_string())
        .collect();
    match numbers.len() {
        0 => "no chats open".to_string(),
        1 => format!("chat {}", numbers[0]),
        _ => format!("chats {}", numbers.join(", ")),
    }
}

/// Alt+n, `/goto n`: the chat numbered n; a number no chat has says so (both ways alike).
fn focus_number(state: &mut State, n: usize) -> Vec<Effect> {
    match state.numbered(n) {
        Some(c) => {
            let id = c.id.clone();
            focus(state, id)
        }
        None => {
            let numbers = chat_numbers(state);
            state.notify(Level::Warning, format!("No chat {n} ({numbers})"));
            Vec::new()
        }
    }
}

/// Focuses a conversation: the composer text is kept as the old conversation's draft and the
/// new one's draft comes back; its customer messages count as read.
pub(super) fn focus(state: &mut State, id: String) -> Vec<Effect> {
    if state.focused.as_deref() == Some(id.as_str()) {
        return Vec::new();
    }
    // A command started over the draft is dropped; the draft stays with its conversation.
    let draft = match state.stash.take() {
        Some(stash) => stash,
        None => std::mem::take(&mut state.composer),
    };
    if let Some(old) = state.focused.clone() {
        if let Some(c) = state.conversation_mut(&old) {
            c.draft = draft;
        }
    }
    if let Some(c) = state.conversation_mut(&id) {
        c.unread = 0;
        state.composer = std::mem::take(&mut c.draft);
    }
    state.focused = Some(id);
    signals::read_receipts(state)
}
