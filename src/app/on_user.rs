//! Transitions for user actions and slash commands.

use crate::client::Command;

use super::commands::agent_state::{change_with_reason, mrd};
use super::commands::compose::{
    link_action, reply, select_line, send_file, send_message, send_whisper,
};
use super::commands::conversation::{
    accept, active_conversation, history, hold, leave, toggle_customer_panel,
};
use super::commands::wrapup::{open_wrapup, submit_wrapup};
use super::commands::{assist, canned, hand, sla, suggest, supervise};
use super::effect::Effect;
use super::input::UserAction;
use super::signals;
use super::slash::{self, Line, Slash};
use super::state::{Connection, Level, LoginField, Overlay, State};
use super::text_field::Edit;
use super::wrapup::WrapupFocus;
use crate::protocol::AssistKind;

pub(super) fn apply(state: &mut State, action: UserAction) -> Vec<Effect> {
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
                    WrapupFocus::Note => WrapupFocus::Categories,
                };
            }
            Vec::new()
        }
        UserAction::Submit => {
            if state.login.is_some() {
                return submit_login(state);
            }
            if let Some(Overlay::Picker(picker)) = &state.overlay {
                let command = picker.chosen().map(str::to_string);
                state.overlay = None;
                return command.map_or_else(Vec::new, |c| run_line(state, &c));
            }
            if state.overlay == Some(Overlay::TeamBoard) {
                return supervise::monitor_selected(state);
            }
            if open_wrapup(state).is_some() {
                return submit_wrapup(state, false);
            }
            let line = state.composer.text().to_string();
            run_line(state, &line)
        }
        UserAction::Command(line) => run_line(state, &line),
        UserAction::Move(step) => {
            if let Some(Overlay::Picker(picker)) = state.overlay.as_mut() {
                picker.move_selection(step);
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
        UserAction::Complete => canned::complete(state),
        UserAction::FocusNext => step_focus(state, 1),
        UserAction::FocusPrev => step_focus(state, -1),
        UserAction::FocusNumber(n) => focus_number(state, n),
        UserAction::Scroll(lines) => {
            // Scrolling by hand lets go of the selection (the view follows it otherwise).
            if let Some(c) = state.focused_conversation_mut() {
                c.selected = None;
            }
            let scroll = state.scroll as i64 + lines as i64;
            state.scroll = scroll.max(0) as usize;
            Vec::new()
        }
        UserAction::ToggleHelp => {
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
    }
}

/// Esc: the innermost thing goes away — overlay, then reply target, then selection, then
/// the RONA banner.
fn dismiss(state: &mut State) {
    if state.overlay.take().is_some() {
        return;
    }
    if let Some(c) = state.focused_conversation_mut() {
        if c.reply_to.take().is_some() || c.selected.take().is_some() {
            return;
        }
    }
    state.rona = None;
}

fn edit_field(state: &mut State, edit: Edit) -> Vec<Effect> {
    if let Some(form) = state.login.as_mut() {
        match form.focus {
            LoginField::Username => form.username.apply(edit),
            LoginField::Password => form.password.apply(edit),
        }
        return Vec::new();
    }
    if let Some(form) = open_wrapup(state) {
        if form.focus == WrapupFocus::Note {
            form.note.apply(edit);
        }
        return Vec::new();
    }
    let before = state.composer.text().len();
    state.composer.apply(edit);
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
    form.busy = true;
    form.error = None;
    let password = crate::client::Secret::new(form.password.text());
    state.connection = Connection::Connecting;
    state.password_to_remember = state
        .remember_password
        .then(|| (username.clone(), password.clone()));
    vec![Effect::Send(Command::Login { username, password })]
}

/// Runs a composer line: a slash command or a message. The composer is cleared when the line
/// was taken; it keeps the text when it could not be sent (nothing typed is lost).
fn run_line(state: &mut State, line: &str) -> Vec<Effect> {
    match slash::parse(line) {
        Line::Empty => Vec::new(),
        Line::Message(text) => send_message(state, &text),
        Line::Command(command) => {
            if state.composer.text() == line {
                state.composer.take();
            }
            run_command(state, command)
        }
    }
}

fn run_command(state: &mut State, command: Slash) -> Vec<Effect> {
    match command {
        Slash::Ready => vec![Effect::Send(Command::SetAgentState {
            state: "READY".into(),
            reason: None,
        })],
        Slash::NotReady(name) => change_with_reason(state, "NOT_READY", name),
        Slash::Logout(name) => change_with_reason(state, "LOGOUT", name),
        Slash::Accept => accept(state),
        Slash::Leave => leave(state),
        Slash::Quit => quit(state),
        Slash::Help => {
            state.overlay = Some(Overlay::Help);
            Vec::new()
        }
        Slash::Log => {
            state.overlay = Some(Overlay::Log(super::state::LogView::default()));
            vec![Effect::ReadLog]
        }
        Slash::Mrd(arg) => mrd(state, arg),
        Slash::Goto(arg) => match arg.as_deref().and_then(|n| n.trim().parse::<usize>().ok()) {
            Some(n) if n >= 1 && n <= state.conversations.len() => focus_number(state, n),
            _ => {
                state.notify(
                    Level::Warning,
                    format!(
                        "/goto takes a conversation number (1–{})",
                        state.conversations.len()
                    ),
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
        Slash::Copy(n) => link_action(state, n, false),
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

fn quit(state: &mut State) -> Vec<Effect> {
    state.quit = true;
    vec![Effect::Send(Command::Disconnect), Effect::Quit]
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

fn focus_number(state: &mut State, n: usize) -> Vec<Effect> {
    match n.checked_sub(1).and_then(|i| state.conversations.get(i)) {
        Some(c) => {
            let id = c.id.clone();
            focus(state, id)
        }
        None => Vec::new(),
    }
}

/// Focuses a conversation: the composer text is kept as the old conversation's draft and the
/// new one's draft comes back; its customer messages count as read.
pub(super) fn focus(state: &mut State, id: String) -> Vec<Effect> {
    if state.focused.as_deref() == Some(id.as_str()) {
        return Vec::new();
    }
    let draft = state.composer.take();
    if let Some(old) = state.focused.clone() {
        if let Some(c) = state.conversation_mut(&old) {
            c.draft.set(&draft);
        }
    }
    if let Some(c) = state.conversation_mut(&id) {
        c.unread = 0;
        let text = c.draft.take();
        state.composer.set(&text);
    }
    state.focused = Some(id);
    state.scroll = 0;
    signals::read_receipts(state)
}
