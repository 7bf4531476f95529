//! Writing into the focused conversation: messages, files, replies to a selected line, and
//! the links of a line for `/open` and `/copy`.

use crate::client::Command;

use crate::app::conversation::Author;
use crate::app::effect::Effect;
use crate::app::links::{checked_url, links};
use crate::app::signals::{new_id, target};
use crate::app::state::{About, Connection, Level, State};

/// The line `/reply`, `/open`, `/copy` act on: the selected one, else the newest matching.
fn subject_line(
    conversation: &crate::app::conversation::Conversation,
    wanted: impl Fn(&crate::app::conversation::ChatLine) -> bool,
) -> Option<&crate::app::conversation::ChatLine> {
    conversation
        .selected
        .as_deref()
        .and_then(|id| conversation.line(id))
        .or_else(|| conversation.lines.iter().rev().find(|l| wanted(l)))
}

/// `/reply`: the next message answers the selected line (else the customer's newest).
pub(in crate::app) fn reply(state: &mut State) {
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

/// `/open [n]` / `/copy [n]`: link n of the selected line; with nothing selected, of the
/// customer's newest line with links, else the newest line with links (the agent's own
/// upload is rarely what the agent wants to open). Only `http(s)` links are handed on
/// ([`crate::app::links::checked_url`]). `/open` reports its real outcome when the opener
/// finishes ([`crate::app::Input::LinkOpened`]); `/copy` (OSC 52) cannot be confirmed by the
/// terminal, and the notice says so.
pub(in crate::app) fn link_action(state: &mut State, n: Option<String>, open: bool) -> Vec<Effect> {
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
        .and_then(|c| {
            let has_links = |l: &crate::app::conversation::ChatLine| !links(l).is_empty();
            subject_line(c, |l| l.author == Author::Customer && has_links(l))
                .filter(|l| has_links(l))
                .or_else(|| subject_line(c, has_links))
        })
        .map(links)
        .unwrap_or_default();
    let Some(url) = urls.get(index - 1).cloned() else {
        state.notify(
            Level::Warning,
            "No attachment or link there (select a message with Ctrl+↑)",
        );
        return Vec::new();
    };
    let url = match checked_url(&url) {
        Ok(url) => url,
        Err(why) => {
            let verb = if open { "opened" } else { "copied" };
            state.notify(Level::Warning, format!("Not {verb}: {url}: {why}"));
            return Vec::new();
        }
    };
    if open {
        state.notify(Level::Info, format!("Opening {url}…"));
        vec![Effect::OpenUrl(url)]
    } else {
        state.notify(
            Level::Info,
            format!("Sent {url} to the terminal's clipboard (OSC 52; terminals do not confirm it)"),
        );
        vec![Effect::Copy(url)]
    }
}

/// What `/copy text|phone|email` copies besides links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::app) enum CopyWhat {
    /// The selected message's text (else the customer's newest).
    Text,
    /// The customer's phone number.
    Phone,
    /// The customer's email address.
    Email,
}

impl CopyWhat {
    /// `text`, `phone`, `email` (any case).
    pub(in crate::app) fn parse(word: &str) -> Option<CopyWhat> {
        match word.trim().to_ascii_lowercase().as_str() {
            "text" | "message" => Some(CopyWhat::Text),
            "phone" | "number" => Some(CopyWhat::Phone),
            "email" | "mail" => Some(CopyWhat::Email),
            _ => None,
        }
    }
}

/// The first non-empty scalar (or first array element) of `object` under a key containing
/// one of `needles` (any case), e.g. `phoneNumber: ["+92…"]`.
fn field_like(object: &serde_json::Value, needles: &[&str]) -> Option<String> {
    let map = object.as_object()?;
    map.iter()
        .filter(|(key, _)| {
            let key = key.to_ascii_lowercase();
            needles.iter().any(|n| key.contains(n))
        })
        .find_map(|(_, value)| {
            let value = match value {
                serde_json::Value::Array(items) => items.first()?,
                other => other,
            };
            match value {
                serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        })
}

/// `/copy text|phone|email`: the selected message's text, or the customer's phone or email
/// (from the customer record, else the conversation data: keys containing `phone`/`mobile`/
/// `whatsapp`, or `email`/`mail`).
pub(in crate::app) fn copy_detail(state: &mut State, what: CopyWhat) -> Vec<Effect> {
    let Some(conversation) = state.focused_conversation() else {
        state.notify(Level::Warning, "No conversation focused");
        return Vec::new();
    };
    let (found, label) = match what {
        CopyWhat::Text => (
            subject_line(conversation, |l| l.author == Author::Customer)
                .filter(|l| l.author != Author::System)
                .map(|l| l.text.to_string()),
            "the message text",
        ),
        CopyWhat::Phone => {
            let needles = ["phone", "mobile", "whatsapp", "msisdn"];
            (
                field_like(&conversation.customer, &needles)
                    .or_else(|| field_like(&conversation.conversation_data, &needles)),
                "the customer's phone",
            )
        }
        CopyWhat::Email => {
            let needles = ["email", "mail"];
            (
                field_like(&conversation.customer, &needles)
                    .or_else(|| field_like(&conversation.conversation_data, &needles)),
                "the customer's email",
            )
        }
    };
    match found {
        Some(text) => {
            // Like a copied link: OSC 52 has no answer, so the notice does not claim success.
            state.notify(
                Level::Info,
                format!("Sent {label} to the terminal's clipboard (OSC 52; terminals do not confirm it)"),
            );
            vec![Effect::Copy(text)]
        }
        None => {
            state.notify(
                Level::Warning,
                format!("Nothing to copy: no {}", &label[4..]),
            );
            Vec::new()
        }
    }
}

/// Ctrl+↑/↓: moves the selection over the non-system lines of the focused conversation.
/// Walks from the selected line only as far as the next selectable one (ids are indexed).
pub(in crate::app) fn select_line(state: &mut State, step: i32) {
    let Some(conversation) = state.focused_conversation_mut() else {
        return;
    };
    let lines = &conversation.lines;
    let selectable = |i: &usize| lines[*i].author != Author::System;
    let current = conversation
        .selected
        .as_deref()
        .and_then(|id| lines.position(id))
        .filter(selectable);
    let next = match current {
        None if step < 0 => (0..lines.len()).rev().find(selectable),
        None => None,
        Some(pos) if step < 0 => (0..pos)
            .rev()
            .filter(selectable)
            .nth(step.unsigned_abs() as usize - 1)
            .or_else(|| (0..lines.len()).find(selectable)),
        Some(pos) => (pos + 1..lines.len())
            .filter(selectable)
            .nth(step.max(1) as usize - 1),
    };
    conversation.selected = next.map(|i| lines[i].id.to_string());
}

/// The agent's username when the focused conversation can take a message now; else a notice
/// says why not and the caller leaves the composer as it is (nothing typed is lost).
/// `offline_ok`: a text message is queued while offline ([`crate::app::outbox`]); a file
/// needs the connection for its upload.
fn ready_to_write(state: &mut State, offline_ok: bool) -> Option<String> {
    let problem = if state.connection != Connection::Online && !offline_ok {
        Some("Not connected: the file is not sent (send it again when online)".to_string())
    } else {
        match state.focused_conversation() {
            None => Some("No conversation focused: accept an offer first (/accept)".to_string()),
            Some(c) if c.ended.is_some() => Some("This conversation has ended".to_string()),
            Some(c) if c.whispers_only() => Some(
                "You only whisper to the agents here: nothing is sent to the customer".to_string(),
            ),
            // Nothing would reach a customer who left; a held chat is paused for both
            // sides. The text stays in the composer either way.
            Some(c) if c.customer_left => Some(format!(
                "{} left: nothing sent reaches them (/leave closes the chat)",
                c.customer_name
            )),
            Some(c) if c.hold.is_some() => {
                Some("This chat is on hold: /resume first, then send".to_string())
            }
            Some(_) => None,
        }
    };
    if let Some(problem) = problem {
        state.notify_about(Level::Warning, About::Send, problem);
        return None;
    }
    state.me.as_ref().map(|me| me.username.clone())
}

/// Plain composer text: an AGENT_MESSAGE through the outbox (emitted now when online, else
/// queued and sent when the connection is back), pending until the server echoes it. In a
/// conversation where this desk only whispers (silent monitor, whisper, assistant) it goes to
/// the agents as a WHISPER_MESSAGE instead, never to the customer.
pub(in crate::app) fn send_message(state: &mut State, text: &str) -> Vec<Effect> {
    if state
        .focused_conversation()
        .is_some_and(|c| c.whispers_only())
    {
        return send_whisper(state, Some(text.to_string()));
    }
    let Some(username) = ready_to_write(state, true) else {
        return Vec::new();
    };
    let Some(conversation) = state.focused_conversation_mut() else {
        return Vec::new();
    };
    let reply_to = conversation.reply_to.take();
    conversation.typing_sent_ms = None;
    state.composer.take();
    if let Some(c) = state.focused_conversation_mut() {
        // Sending jumps to the newest line, where the message is.
        c.scroll = 0;
    }
    let effects = crate::app::outbox::send(state, &username, text, reply_to);
    if effects.is_empty() && state.connection != Connection::Online {
        // Ends when the connection is back (and the outbox flushes).
        state.notify_about(
            Level::Info,
            About::Connection,
            "Not connected: the message is queued and goes out when the connection is back",
        );
    }
    effects
}

/// `/whisper <text>` (and plain text where this desk only whispers): a WHISPER_MESSAGE to
/// the other agents of the focused conversation, never to the customer (PROTOCOL.md §4),
/// shown marked as a whisper and pending until the server echoes it.
pub(in crate::app) fn send_whisper(state: &mut State, text: Option<String>) -> Vec<Effect> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        state.notify(
            Level::Warning,
            "/whisper takes the text for the other agents",
        );
        return Vec::new();
    };
    let problem = if state.connection != Connection::Online {
        Some("Not connected: the whisper stays in the composer")
    } else {
        match state.focused_conversation() {
            None => Some("No conversation focused"),
            Some(c) if c.ended.is_some() => Some("This conversation has ended"),
            Some(_) => None,
        }
    };
    if let Some(problem) = problem {
        state.notify(Level::Warning, problem);
        return Vec::new();
    }
    let Some(username) = state.me.as_ref().map(|me| me.username.clone()) else {
        return Vec::new();
    };
    let now = state.now_ms;
    let Some(conversation) = state.focused_conversation_mut() else {
        return Vec::new();
    };
    let message_id = new_id();
    conversation.push_own_whisper(&message_id, &username, &text, now);
    let target = target(conversation);
    state.composer.take();
    if let Some(c) = state.focused_conversation_mut() {
        c.scroll = 0;
    }
    vec![Effect::Send(Command::SendWhisper {
        target,
        event_id: new_id(),
        message_id,
        now_ms: now,
        text,
    })]
}

/// `/send <path>`: the upload request for the client. Nothing enters the chat yet: the client
/// checks the file first and reports [`crate::client::ClientEvent::UploadStarted`] (then the
/// "uploading…" line appears) or `SendFailed` (a notice only).
pub(in crate::app) fn send_file(state: &mut State, path: Option<String>) -> Vec<Effect> {
    let Some(path) = path else {
        state.notify(
            Level::Warning,
            "/send takes a file path, e.g. /send ~/invoice.pdf",
        );
        return Vec::new();
    };
    if ready_to_write(state, false).is_none() {
        return Vec::new();
    }
    let Some(conversation) = state.focused_conversation_mut() else {
        return Vec::new();
    };
    let path = expand_home(&path);
    let message_id = new_id();
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
