//! Transitions for user actions and slash commands.

use crate::client::{Command, MessageTarget};
use crate::protocol::Reason;

use super::effect::Effect;
use super::input::UserAction;
use super::slash::{self, Line, Slash};
use super::state::{Connection, Level, LoginField, Overlay, State};

pub(super) fn apply(state: &mut State, action: UserAction) -> Vec<Effect> {
    match action {
        UserAction::Edit(edit) => {
            match state.login.as_mut() {
                Some(form) => match form.focus {
                    LoginField::Username => form.username.apply(edit),
                    LoginField::Password => form.password.apply(edit),
                },
                None => state.composer.apply(edit),
            }
            Vec::new()
        }
        UserAction::NextField => {
            if let Some(form) = state.login.as_mut() {
                form.focus = match form.focus {
                    LoginField::Username => LoginField::Password,
                    LoginField::Password => LoginField::Username,
                };
            }
            Vec::new()
        }
        UserAction::Submit => match state.login.is_some() {
            true => submit_login(state),
            false => {
                let line = state.composer.text().to_string();
                run_line(state, &line)
            }
        },
        UserAction::Command(line) => run_line(state, &line),
        UserAction::FocusNext => {
            step_focus(state, 1);
            Vec::new()
        }
        UserAction::FocusPrev => {
            step_focus(state, -1);
            Vec::new()
        }
        UserAction::FocusNumber(n) => {
            if let Some(c) = n.checked_sub(1).and_then(|i| state.conversations.get(i)) {
                let id = c.id.clone();
                focus(state, id);
            }
            Vec::new()
        }
        UserAction::Scroll(lines) => {
            let scroll = state.scroll as i64 + lines as i64;
            state.scroll = scroll.max(0) as usize;
            Vec::new()
        }
        UserAction::ToggleHelp => {
            state.overlay = match state.overlay {
                Some(Overlay::Help) => None,
                None => Some(Overlay::Help),
            };
            Vec::new()
        }
        UserAction::Dismiss => {
            state.overlay = None;
            Vec::new()
        }
        UserAction::Quit => quit(state),
    }
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
    let password = form.password.text().to_string();
    state.connection = Connection::Connecting;
    vec![Effect::Send(Command::Login { username, password })]
}

/// Runs a composer line: a slash command or a message. The composer is cleared when the line
/// was taken; it keeps the text when it could not be sent (nothing typed is lost).
fn run_line(state: &mut State, line: &str) -> Vec<Effect> {
    match slash::parse(line) {
        Line::Empty => Vec::new(),
        Line::Message(text) => send_message(state, &text),
        Line::Command(command) => {
            state.composer.take();
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
        Slash::Unknown(name) => {
            state.notify(
                Level::Warning,
                format!("Unknown command /{name} — /help lists the commands"),
            );
            Vec::new()
        }
    }
}

fn change_with_reason(state: &mut State, target: &str, name: Option<String>) -> Vec<Effect> {
    let reason = match name {
        None => None,
        Some(name) => match find_reason(&state.reasons, target, &name) {
            Some(reason) => Some(reason.clone()),
            None => {
                let known: Vec<&str> = state
                    .reasons
                    .iter()
                    .filter(|r| r.kind == target)
                    .map(|r| r.name.as_str())
                    .collect();
                let known = if known.is_empty() {
                    "none loaded".to_string()
                } else {
                    known.join(", ")
                };
                state.notify(
                    Level::Error,
                    format!("No {target} reason named \"{name}\" (known: {known})"),
                );
                return Vec::new();
            }
        },
    };
    vec![Effect::Send(Command::SetAgentState {
        state: target.into(),
        reason,
    })]
}

/// Reason of `kind` whose name matches `name` case-insensitively (PROTOCOL.md §5).
fn find_reason<'a>(reasons: &'a [Reason], kind: &str, name: &str) -> Option<&'a Reason> {
    reasons.iter().find(|r| {
        r.kind.eq_ignore_ascii_case(kind) && r.name.trim().eq_ignore_ascii_case(name.trim())
    })
}

fn accept(state: &mut State) -> Vec<Effect> {
    let Some(offer) = state.offers.iter_mut().find(|o| !o.accepting) else {
        state.notify(Level::Warning, "No offer to accept");
        return Vec::new();
    };
    offer.accepting = true;
    let command = Command::Subscribe {
        conversation_id: offer.conversation_id.clone(),
        task_id: offer.task_id.clone(),
        room_info: offer.room_info.clone(),
        role: "PRIMARY".into(),
    };
    state.focus_on_arrival = Some(offer.conversation_id.clone());
    vec![Effect::Send(command)]
}

fn leave(state: &mut State) -> Vec<Effect> {
    let Some(index) = state.focused_index() else {
        state.notify(Level::Warning, "No conversation to leave");
        return Vec::new();
    };
    let conversation = &mut state.conversations[index];
    if conversation.ended.is_some() {
        state.conversations.remove(index);
        state.focused = state
            .conversations
            .get(index.min(state.conversations.len().saturating_sub(1)))
            .map(|c| c.id.clone());
        state.scroll = 0;
        return Vec::new();
    }
    conversation.leaving = true;
    vec![Effect::Send(Command::Unsubscribe {
        conversation_id: conversation.id.clone(),
        room_info: conversation.room_info.clone(),
    })]
}

fn send_message(state: &mut State, text: &str) -> Vec<Effect> {
    if state.connection != Connection::Online {
        state.notify(
            Level::Warning,
            "Not connected: the message stays in the composer",
        );
        return Vec::new();
    }
    let Some(me) = state.me.clone() else {
        return Vec::new();
    };
    let now = state.now_ms;
    let Some(conversation) = state
        .focused
        .clone()
        .and_then(|id| state.conversation_mut(&id))
    else {
        state.notify(
            Level::Warning,
            "No conversation focused: accept an offer first (/accept)",
        );
        return Vec::new();
    };
    if conversation.ended.is_some() {
        state.notify(Level::Warning, "This conversation has ended");
        return Vec::new();
    }
    let message_id = uuid::Uuid::new_v4().to_string();
    conversation.push_own(&message_id, &me.username, text, now);
    let target = MessageTarget {
        conversation_id: conversation.id.clone(),
        room_info: conversation.room_info.clone(),
        channel_session: conversation.channel_session.clone(),
        customer: conversation.customer.clone(),
    };
    state.composer.take();
    state.scroll = 0;
    vec![Effect::Send(Command::SendMessage {
        target,
        event_id: uuid::Uuid::new_v4().to_string(),
        message_id,
        now_ms: now,
        text: text.to_string(),
    })]
}

fn quit(state: &mut State) -> Vec<Effect> {
    state.quit = true;
    vec![Effect::Send(Command::Disconnect), Effect::Quit]
}

fn step_focus(state: &mut State, step: isize) {
    let count = state.conversations.len() as isize;
    if count == 0 {
        return;
    }
    let current = state.focused_index().map_or(-1, |i| i as isize);
    let next = (current + step).rem_euclid(count) as usize;
    let id = state.conversations[next].id.clone();
    focus(state, id);
}

fn focus(state: &mut State, id: String) {
    if let Some(c) = state.conversation_mut(&id) {
        c.unread = 0;
    }
    state.focused = Some(id);
    state.scroll = 0;
}
