//! Transitions for user actions and slash commands.

use crate::client::{Command, WrapupChoice};
use crate::protocol::Reason;

use super::conversation::Author;
use super::effect::Effect;
use super::input::UserAction;
use super::picker::{Picker, PickerItem};
use super::signals::{self, new_id, target};
use super::slash::{self, Line, Slash};
use super::state::{Connection, Level, LoginField, Overlay, State};
use super::text_field::Edit;
use super::wrapup::WrapupFocus;

/// Hold length when `/hold` names none, in minutes [guess: the web desk's default picker
/// starts at a few minutes].
pub const DEFAULT_HOLD_MINUTES: u64 = 5;

/// Page size of past conversations (PROTOCOL.md §5 example: `limit=25`).
pub const HISTORY_PAGE: u64 = 25;

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

/// The wrap-up form of the focused conversation, while it waits for the agent.
fn open_wrapup(state: &mut State) -> Option<&mut super::wrapup::WrapupForm> {
    state
        .focused_conversation_mut()?
        .wrapup
        .as_mut()
        .filter(|f| !f.submitted)
}

fn submit_wrapup(state: &mut State, skip: bool) -> Vec<Effect> {
    let now = state.now_ms;
    let Some(conversation) = state.focused_conversation_mut() else {
        return Vec::new();
    };
    let Some(form) = conversation.wrapup.as_mut() else {
        return Vec::new();
    };
    let wrapup = if skip {
        None
    } else {
        let categories = form.chosen();
        if categories.is_empty() {
            state.notify(
                Level::Warning,
                "Tick at least one wrap-up category (Space), or skip with Ctrl+X",
            );
            return Vec::new();
        }
        Some(WrapupChoice {
            categories,
            note: form.note.text().trim().to_string(),
        })
    };
    form.submitted = true;
    let command = Command::CloseWrapup {
        target: target(conversation),
        event_id: new_id(),
        message_id: new_id(),
        now_ms: now,
        wrapup,
    };
    state.notify(
        Level::Info,
        if skip {
            "Wrap-up skipped"
        } else {
            "Wrap-up sent"
        },
    );
    vec![Effect::Send(command)]
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
    let command = if target == "LOGOUT" {
        "/logout"
    } else {
        "/notready"
    };
    let reason = match name {
        None => {
            let items: Vec<PickerItem> = state
                .reasons
                .iter()
                .filter(|r| r.kind.eq_ignore_ascii_case(target))
                .map(|r| PickerItem {
                    label: super::sanitize::one_line(&r.name),
                    detail: super::sanitize::one_line(r.description.as_deref().unwrap_or("")),
                    command: format!("{command} {}", r.name),
                })
                .collect();
            if !items.is_empty() {
                let title = if target == "LOGOUT" {
                    "Log out — reason"
                } else {
                    "Not ready — reason"
                };
                state.overlay = Some(Overlay::Picker(Picker::new(title, items)));
                return Vec::new();
            }
            None
        }
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

/// True for MRD states in which the MRD takes work.
fn mrd_on(state: &str) -> bool {
    matches!(state, "READY" | "ACTIVE" | "BUSY" | "INTERRUPTED")
}

/// `/mrd` — picker; `/mrd <name>` — toggle; `/mrd <name> ready|notready` — set.
fn mrd(state: &mut State, arg: Option<String>) -> Vec<Effect> {
    let Some(arg) = arg else {
        let items = state
            .mrds
            .iter()
            .map(|m| {
                let to = if mrd_on(&m.state) {
                    "notready"
                } else {
                    "ready"
                };
                PickerItem {
                    label: m.name.clone(),
                    detail: format!(
                        "{} → {}",
                        m.state,
                        if to == "ready" { "READY" } else { "NOT_READY" }
                    ),
                    command: format!("/mrd {} {to}", m.name),
                }
            })
            .collect::<Vec<_>>();
        if items.is_empty() {
            state.notify(Level::Warning, "No MRDs known yet");
        } else {
            state.overlay = Some(Overlay::Picker(Picker::new("Media routing domains", items)));
        }
        return Vec::new();
    };
    let words: Vec<&str> = arg.split_whitespace().collect();
    let (name, wanted) = match words.split_last() {
        Some((last, rest))
            if !rest.is_empty()
                && matches!(
                    last.to_ascii_lowercase().as_str(),
                    "ready" | "notready" | "not_ready"
                ) =>
        {
            (
                rest.join(" "),
                Some(if last.eq_ignore_ascii_case("ready") {
                    "READY"
                } else {
                    "NOT_READY"
                }),
            )
        }
        _ => (words.join(" "), None),
    };
    let Some(chip) = state
        .mrds
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case(&name))
    else {
        let known: Vec<&str> = state.mrds.iter().map(|m| m.name.as_str()).collect();
        state.notify(
            Level::Error,
            format!("No MRD named \"{name}\" (known: {})", known.join(", ")),
        );
        return Vec::new();
    };
    let target = wanted.unwrap_or(if mrd_on(&chip.state) {
        "NOT_READY"
    } else {
        "READY"
    });
    vec![Effect::Send(Command::SetMrdState {
        mrd_id: chip.id.clone(),
        state: target.into(),
    })]
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
        let next = state
            .conversations
            .get(index.min(state.conversations.len().saturating_sub(1)))
            .map(|c| c.id.clone());
        state.focused = None;
        return match next {
            Some(id) => focus(state, id),
            None => {
                state.composer.take();
                state.scroll = 0;
                Vec::new()
            }
        };
    }
    conversation.leaving = true;
    vec![Effect::Send(Command::Unsubscribe {
        conversation_id: conversation.id.clone(),
        room_info: conversation.room_info.clone(),
    })]
}

/// The focused conversation's id and room when it is active, else a notice saying why not.
fn active_conversation(
    state: &mut State,
    what: &str,
) -> Option<(String, Option<crate::protocol::RoomInfo>)> {
    let found = state
        .focused_conversation()
        .map(|c| (c.id.clone(), c.room_info.clone(), c.ended.is_some()));
    match found {
        None => {
            state.notify(Level::Warning, format!("No conversation to {what}"));
            None
        }
        Some((_, _, true)) => {
            state.notify(Level::Warning, "This conversation has ended");
            None
        }
        Some((id, room, false)) => Some((id, room)),
    }
}

fn hold(state: &mut State, minutes: Option<String>) -> Vec<Effect> {
    let minutes = match minutes.as_deref().map(|m| m.trim().parse::<u64>()) {
        None => DEFAULT_HOLD_MINUTES,
        Some(Ok(m)) if (1..=240).contains(&m) => m,
        Some(_) => {
            state.notify(Level::Warning, "/hold takes minutes, 1 to 240");
            return Vec::new();
        }
    };
    match active_conversation(state, "hold") {
        Some((conversation_id, room_info)) => {
            vec![Effect::Send(Command::Pause {
                conversation_id,
                room_info,
                duration_secs: minutes * 60,
            })]
        }
        None => Vec::new(),
    }
}

/// The line `/reply`, `/open`, `/copy` act on: the selected one, else the newest matching.
fn subject_line(
    conversation: &super::conversation::Conversation,
    wanted: impl Fn(&super::conversation::ChatLine) -> bool,
) -> Option<&super::conversation::ChatLine> {
    conversation
        .selected
        .as_deref()
        .and_then(|id| conversation.line(id))
        .or_else(|| conversation.lines.iter().rev().find(|l| wanted(l)))
}

fn reply(state: &mut State) {
    let Some(id) = state.focused.clone() else {
        state.notify(Level::Warning, "No conversation focused");
        return;
    };
    let Some(conversation) = state.conversation_mut(&id) else {
        return;
    };
    let quote = subject_line(conversation, |l| l.author == Author::Customer)
        .filter(|l| l.author != Author::System)
        .map(|l| l.quote());
    match quote {
        Some(quote) => {
            conversation.reply_to = Some(quote);
            conversation.selected = None;
        }
        None => state.notify(
            Level::Warning,
            "Nothing to reply to: select a message with Ctrl+↑",
        ),
    }
}

/// URLs of a line: its attachments, then links in its text.
fn links(line: &super::conversation::ChatLine) -> Vec<String> {
    let mut urls: Vec<String> = line.attachments.iter().map(|a| a.url.clone()).collect();
    for word in line.text.split_whitespace() {
        let word = word.trim_matches(|c| matches!(c, '<' | '>' | '(' | ')' | ',' | '.' | '"'));
        if (word.starts_with("https://") || word.starts_with("http://"))
            && !urls.iter().any(|u| u == word)
        {
            urls.push(word.to_string());
        }
    }
    urls
}

fn link_action(state: &mut State, n: Option<String>, open: bool) -> Vec<Effect> {
    let index = match n.as_deref().map(|n| n.trim().parse::<usize>()) {
        None => 1,
        Some(Ok(n)) if n >= 1 => n,
        Some(_) => {
            state.notify(Level::Warning, "Give the link's number, e.g. /open 2");
            return Vec::new();
        }
    };
    let urls = state
        .focused_conversation()
        .and_then(|c| subject_line(c, |l| !links(l).is_empty()))
        .map(links)
        .unwrap_or_default();
    let Some(url) = urls.get(index - 1).cloned() else {
        state.notify(
            Level::Warning,
            "No attachment or link there (select a message with Ctrl+↑)",
        );
        return Vec::new();
    };
    if open {
        state.notify(Level::Info, format!("Opening {url}"));
        vec![Effect::OpenUrl(url)]
    } else {
        state.notify(Level::Info, format!("Copied {url}"));
        vec![Effect::Copy(url)]
    }
}

fn select_line(state: &mut State, step: i32) {
    let Some(conversation) = state.focused_conversation_mut() else {
        return;
    };
    let selectable: Vec<usize> = conversation
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.author != Author::System)
        .map(|(i, _)| i)
        .collect();
    if selectable.is_empty() {
        return;
    }
    let current = conversation.selected.as_deref().and_then(|id| {
        selectable
            .iter()
            .position(|&i| conversation.lines[i].id == id)
    });
    let next = match current {
        None if step < 0 => Some(selectable.len() - 1),
        None => None,
        Some(pos) => {
            let pos = pos as i64 + i64::from(step);
            (0..selectable.len() as i64)
                .contains(&pos)
                .then_some(pos as usize)
                .or(if step < 0 { Some(0) } else { None })
        }
    };
    conversation.selected = next.map(|pos| conversation.lines[selectable[pos]].id.clone());
}

/// The agent's username when the focused conversation can take a message now; else a notice
/// says why not and the caller leaves the composer as it is (nothing typed is lost).
fn ready_to_write(state: &mut State) -> Option<String> {
    let problem = if state.connection != Connection::Online {
        Some("Not connected: the message stays in the composer")
    } else {
        match state.focused_conversation() {
            None => Some("No conversation focused: accept an offer first (/accept)"),
            Some(c) if c.ended.is_some() => Some("This conversation has ended"),
            Some(c) if c.role == "SILENT_MONITOR" => {
                Some("Silent monitoring: nothing is sent to the customer")
            }
            Some(_) => None,
        }
    };
    if let Some(problem) = problem {
        state.notify(Level::Warning, problem);
        return None;
    }
    state.me.as_ref().map(|me| me.username.clone())
}

fn send_message(state: &mut State, text: &str) -> Vec<Effect> {
    let Some(username) = ready_to_write(state) else {
        return Vec::new();
    };
    let now = state.now_ms;
    let Some(conversation) = state.focused_conversation_mut() else {
        return Vec::new();
    };
    let message_id = new_id();
    let reply_to = conversation.reply_to.take();
    let original = reply_to.as_ref().map(|q| q.id.clone());
    conversation.push_own(&message_id, &username, text, reply_to, now);
    conversation.typing_sent_ms = None;
    let target = target(conversation);
    state.composer.take();
    state.scroll = 0;
    vec![Effect::Send(Command::SendMessage {
        target,
        event_id: new_id(),
        message_id,
        now_ms: now,
        text: text.to_string(),
        reply_to: original,
    })]
}

fn send_file(state: &mut State, path: Option<String>) -> Vec<Effect> {
    let Some(path) = path else {
        state.notify(
            Level::Warning,
            "/send takes a file path, e.g. /send ~/invoice.pdf",
        );
        return Vec::new();
    };
    let Some(username) = ready_to_write(state) else {
        return Vec::new();
    };
    let now = state.now_ms;
    let Some(conversation) = state.focused_conversation_mut() else {
        return Vec::new();
    };
    let path = expand_home(&path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let message_id = new_id();
    conversation.push_own(
        &message_id,
        &username,
        &format!("[FILE] {name} (uploading…)"),
        None,
        now,
    );
    let target = target(conversation);
    vec![Effect::Send(Command::SendFile {
        target,
        event_id: new_id(),
        message_id,
        path,
    })]
}

/// `~/x` → `$HOME/x` (the shell is not there to do it).
fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

fn history(state: &mut State, more: bool) -> Vec<Effect> {
    let Some(customer_id) = state
        .focused_conversation()
        .and_then(|c| c.customer.get("_id").or_else(|| c.customer.get("id")))
        .and_then(|v| v.as_str())
        .map(str::to_string)
    else {
        state.notify(Level::Warning, "No customer focused");
        return Vec::new();
    };
    let offset = match &state.past {
        Some(past) if more && past.customer_id == customer_id => {
            if past.total.is_some_and(|t| past.items.len() as u64 >= t) {
                state.notify(Level::Info, "No more past conversations");
                return Vec::new();
            }
            past.items.len() as u64
        }
        _ => 0,
    };
    if offset == 0 {
        state.past = Some(super::state::PastConversations {
            customer_id: customer_id.clone(),
            items: Vec::new(),
            total: None,
            loading: true,
        });
    } else if let Some(past) = state.past.as_mut() {
        past.loading = true;
    }
    state.customer_panel = true;
    vec![Effect::Send(Command::FetchActivities {
        customer_id,
        offset,
        limit: HISTORY_PAGE,
    })]
}

/// Opens or closes the customer panel; opening it loads the customer's past conversations
/// when they are not loaded yet.
fn toggle_customer_panel(state: &mut State) -> Vec<Effect> {
    state.customer_panel = !state.customer_panel;
    if !state.customer_panel || state.connection != Connection::Online {
        return Vec::new();
    }
    let customer = state
        .focused_conversation()
        .and_then(|c| c.customer.get("_id").or_else(|| c.customer.get("id")))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let loaded = state.past.as_ref().map(|p| p.customer_id.clone());
    match customer {
        Some(customer) if loaded.as_deref() != Some(customer.as_str()) => history(state, false),
        _ => Vec::new(),
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
