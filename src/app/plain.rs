//! Plain words for what the server says in protocol terms. The screen speaks these ("Not
//! ready — Lunch", "answer within 30s", "Wrong username or password"); the protocol term is
//! kept where it helps (the help overlay, `/status`).
//!
//! Unknown terms are never dropped: `SOME_NEW_STATE` reads "Some new state".

use std::borrow::Cow;

/// The agent state in words: READY → "Ready", NOT_READY → "Not ready", PENDING_NOT_READY →
/// "Not ready after current chats", LOGIN → "Logged in", LOGOUT → "Logged out"; others
/// humanised.
pub fn agent_state(state: &str) -> Cow<'static, str> {
    match state {
        "READY" => "Ready".into(),
        "NOT_READY" => "Not ready".into(),
        "PENDING_NOT_READY" => "Not ready after current chats".into(),
        "LOGIN" => "Logged in".into(),
        "LOGOUT" => "Logged out".into(),
        "BUSY" => "Busy".into(),
        "" => "".into(),
        other => humanize(other).into(),
    }
}

/// The agent state with its reason, e.g. "Not ready — Lunch".
pub fn agent_state_with_reason(state: &str, reason: Option<&str>) -> String {
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reason) => format!("{} — {reason}", agent_state(state)),
        None => agent_state(state).into_owned(),
    }
}

/// An MRD state in a word or two, lower case (it follows the MRD's name): READY "ready",
/// ACTIVE "active" (working, room for more), BUSY "full" (at its task limit), NOT_READY "not
/// ready", PENDING_NOT_READY "not ready after chats", INTERRUPTED "interrupted", LOGIN "logged
/// in", LOGOUT "logged out"; others humanised.
pub fn mrd_state(state: &str) -> Cow<'static, str> {
    match state {
        "READY" => "ready".into(),
        "ACTIVE" => "active".into(),
        "BUSY" => "full".into(),
        "NOT_READY" => "not ready".into(),
        "PENDING_NOT_READY" => "not ready after chats".into(),
        "INTERRUPTED" => "interrupted".into(),
        "LOGIN" => "logged in".into(),
        "LOGOUT" => "logged out".into(),
        other => humanize(other).to_lowercase().into(),
    }
}

/// A one-character mark for an MRD state, so the state reads without colour (NO_COLOR, a
/// monochrome terminal): `✓` ready, `●` active, `■` full, `◐` not ready after chats, `✗` not
/// ready or logged out, `?` anything else.
pub fn mrd_mark(state: &str) -> char {
    match state {
        "READY" => '✓',
        "ACTIVE" => '●',
        "BUSY" => '■',
        "PENDING_NOT_READY" => '◐',
        "NOT_READY" | "LOGOUT" | "LOGIN" => '✗',
        _ => '?',
    }
}

/// The legend of [`mrd_mark`], for help and `/status`.
pub const MRD_MARKS: &[(char, &str)] = &[
    ('✓', "ready"),
    ('●', "active"),
    ('■', "full"),
    ('◐', "not ready after chats"),
    ('✗', "not ready"),
];

/// A participant role, when it is worth saying: PRIMARY (the usual case) says nothing;
/// ASSISTANT "consulting", SILENT_MONITOR "silent monitor", BARGE_IN "barged in", WHISPER
/// "whispering"; others humanised.
pub fn role(role: &str) -> Option<Cow<'static, str>> {
    Some(match role {
        "" | "PRIMARY" => return None,
        "ASSISTANT" => "consulting".into(),
        "SILENT_MONITOR" => "silent monitor".into(),
        "BARGE_IN" | "BARGIN" => "barged in".into(),
        "WHISPER" => "whispering".into(),
        other => humanize(other).to_lowercase().into(),
    })
}

/// Why a conversation ended for the agent, from `topicUnsubscription.reason` (PROTOCOL.md §3
/// lists the reasons seen): "UNSUBSCRIBED" → "you left", "CHAT TRANSFERRED" → "transferred",
/// "choosing leave without Wrap Up" → "you left without wrap-up", "Wrap Up applied" →
/// "wrap-up sent", "wrap Up Timer Expired" → "wrap-up time ran out"; "closed due to X" →
/// "closed: X"; anything else as the server said it.
pub fn end_reason(reason: &str) -> String {
    let trimmed = reason.trim();
    let lower = trimmed.to_ascii_lowercase();
    match lower.as_str() {
        "unsubscribed" => "you left".into(),
        "chat transferred" => "transferred".into(),
        "choosing leave without wrap up" => "you left without wrap-up".into(),
        "wrap up applied" => "wrap-up sent".into(),
        "wrap up timer expired" => "wrap-up time ran out".into(),
        "" => "ended".into(),
        _ => match lower.strip_prefix("closed due to ") {
            Some(_) => format!("closed: {}", trimmed["closed due to ".len()..].trim()),
            None => trimmed.to_string(),
        },
    }
}

/// A login failure in plain words: the server's "wrong credentials" answers (Keycloak's
/// `invalid_grant`, "Invalid user credentials", the Agent Manager's "Error Occured While
/// Generating User Access Token", bare 401s) read "Wrong username or password"; other
/// messages are kept (they name the server or the network problem).
pub fn login_failure(message: &str) -> String {
    let lower = message.to_ascii_lowercase();
    let wrong_credentials = [
        "generating user access token",
        "invalid user credentials",
        "invalid_grant",
        "unauthorized",
        "http 401",
    ]
    .iter()
    .any(|phrase| lower.contains(phrase));
    if wrong_credentials {
        "Wrong username or password".into()
    } else {
        message.to_string()
    }
}

/// `text` to go inside a sentence: its first letter lower case ("Not ready — Lunch" →
/// "not ready — Lunch", for "you are not ready — Lunch").
pub fn in_sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `SOME_TERM` → "Some term".
pub fn humanize(term: &str) -> String {
    let words = term.replace('_', " ").to_lowercase();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_terms_read_as_words() {
        assert_eq!(
            agent_state_with_reason("NOT_READY", Some("Lunch")),
            "Not ready — Lunch"
        );
        assert_eq!(agent_state("READY"), "Ready");
        assert_eq!(agent_state("ON_A_CALL"), "On a call");
        assert_eq!(mrd_state("BUSY"), "full");
        assert_eq!(role("PRIMARY"), None);
        assert_eq!(role("SILENT_MONITOR").as_deref(), Some("silent monitor"));
        assert_eq!(
            end_reason("choosing leave without Wrap Up"),
            "you left without wrap-up"
        );
        assert_eq!(end_reason("closed due to Inactivity"), "closed: Inactivity");
        assert_eq!(
            login_failure("Error Occured While Generating User Access Token"),
            "Wrong username or password"
        );
        assert_eq!(
            login_failure("error sending request: connection refused"),
            "error sending request: connection refused"
        );
    }
}
