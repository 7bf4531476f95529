//! Web chat sessions as the Web Interaction REST service keeps them (seed 002 §3.3, §4.3):
//! the numbered contents of each session, who is typing, whether it is connected, and the
//! OAuth tokens issued. Plain state: no sockets, no routing, no timers (time is an
//! argument); `api.rs` and the conversation hooks change it, pollers wait on
//! [`Session::subscribe`].

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::watch;
use tokio::time::Instant;

/// How long an agent counts as typing after a `TYPING_INDICATOR` (seed 002 §3.3.7: "The
/// agent has status typing set to true for 4 seconds").
pub(crate) const AGENT_TYPING: Duration = Duration::from_secs(4);

/// Most sessions kept at once (connected or within their retention); one more → 503
/// (seed 002 §4.2.1: "maximum allowed sessions"). \[sim\] the number is the simulator's.
pub(crate) const MAX_SESSIONS: usize = 1000;

/// Most contents one session holds; a customer message beyond → 503. \[sim\]
pub(crate) const MAX_CONTENTS: usize = 10_000;

/// Most tokens remembered; the oldest is forgotten first. \[sim\] Tokens do not expire
/// otherwise (`oauth-token-validity-time` 0, seed 002 §3.2).
const MAX_TOKENS: usize = 10_000;

/// `from` of system contents (seed 002 §4.3.1: "the configured System name").
pub(crate) const SYSTEM_NAME: &str = "System";

/// An agent as the customer sees them: `from` (the agent key, \[sim\] the username: the
/// simulated agents have no numeric key) and the names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AgentRef {
    /// `Content.from` and `whoIsTyping` for this agent.
    pub key: String,
    /// `agentFirstName`.
    pub first_name: String,
    /// `agentLastName`.
    pub last_name: String,
}

impl AgentRef {
    fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }
}

/// One Content (seed 002 §4.3.1 "Content Object").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Content {
    /// `messageType`: `CUSTOMER_MESSAGE`, `AGENT_MESSAGE`, `SYSTEM_MESSAGE`,
    /// `AGENT_DISCONNECT`, `CUSTOMER_DISCONNECT`, … (the seed's list).
    pub message_type: &'static str,
    /// `from`: the customer's name, the agent key, or [`SYSTEM_NAME`].
    pub from: String,
    /// `agentFirstName` (empty unless from an agent).
    pub agent_first_name: String,
    /// `agentLastName` (empty unless from an agent).
    pub agent_last_name: String,
    /// `content`: the text as written. \[sim\] no font formatting is configured, so it is
    /// never HTML; a page must still show it as text.
    pub content: String,
}

impl Content {
    fn system(text: &str) -> Self {
        Self {
            message_type: "SYSTEM_MESSAGE",
            from: SYSTEM_NAME.into(),
            agent_first_name: String::new(),
            agent_last_name: String::new(),
            content: text.into(),
        }
    }

    fn from_agent(message_type: &'static str, agent: &AgentRef, text: String) -> Self {
        Self {
            message_type,
            from: agent.key.clone(),
            agent_first_name: agent.first_name.clone(),
            agent_last_name: agent.last_name.clone(),
            content: text,
        }
    }

    /// The Content object: `formattedContent` is the content HTML-escaped (the seed's
    /// legacy HTML field; \[sim\] without the seed's table markup), `pushedUrl` empty.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "messageType": self.message_type,
            "from": self.from,
            "agentFirstName": self.agent_first_name,
            "agentLastName": self.agent_last_name,
            "content": self.content,
            "formattedContent": html_escape(&self.content),
            "pushedUrl": "",
        })
    }
}

/// `text` with `& < > " '` escaped for HTML.
pub(crate) fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One web chat session.
pub(crate) struct Session {
    /// `sessionId`.
    pub id: String,
    /// The conversation it is routed as.
    pub conversation_id: String,
    /// `customerName` of the RequestSession (`from` of the customer's contents).
    pub customer_name: String,
    /// Contents, oldest first; the content at index `i` has indexKey `i + 1`.
    contents: Vec<Content>,
    /// False once the agent or the customer disconnected.
    connected: bool,
    /// When it was disconnected (its retention runs from here).
    ended_at: Option<Instant>,
    /// The agent typing, and until when.
    typing: Option<(String, Instant)>,
    /// Agent messages not returned by a query yet: (index, CIM message id).
    unread: Vec<(usize, String)>,
    /// Bumped on every change a poller could see.
    changed: watch::Sender<u64>,
}

impl Session {
    /// A new, connected session: contents 1 = the customer's `caption` (the first
    /// message, seed 002 §3.3.2), 2 = a SYSTEM_MESSAGE welcome (as in the seed's §4.3.1
    /// example; \[sim\] its wording).
    pub(crate) fn new(
        id: String,
        conversation_id: String,
        customer_name: String,
        caption: &str,
    ) -> Self {
        let mut session = Self {
            id,
            conversation_id,
            customer_name,
            contents: Vec::new(),
            connected: true,
            ended_at: None,
            typing: None,
            unread: Vec::new(),
            changed: watch::channel(0).0,
        };
        session.push_customer_message(caption);
        session.push(Content::system(
            "Welcome to the Demo Telecom contact center. Please hold while we connect you to an agent.",
        ));
        session
    }

    fn push(&mut self, content: Content) {
        self.contents.push(content);
        self.bump();
    }

    fn bump(&self) {
        self.changed.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// True until the agent or the customer disconnected.
    pub(crate) fn is_connected(&self) -> bool {
        self.connected
    }

    /// True when the session holds as many contents as it may.
    pub(crate) fn is_full(&self) -> bool {
        self.contents.len() >= MAX_CONTENTS
    }

    /// `newIndexKey`: the indexKey the next content will have.
    pub(crate) fn new_index_key(&self) -> usize {
        self.contents.len() + 1
    }

    /// A customer message (`POST .../contents`, or the caption).
    pub(crate) fn push_customer_message(&mut self, text: &str) {
        let content = Content {
            message_type: "CUSTOMER_MESSAGE",
            from: self.customer_name.clone(),
            agent_first_name: String::new(),
            agent_last_name: String::new(),
            content: text.to_string(),
        };
        self.push(content);
    }

    /// A system line for the customer (queue and join notices).
    pub(crate) fn push_system(&mut self, text: &str) {
        self.push(Content::system(text));
    }

    /// The agent joined the conversation: a SYSTEM_MESSAGE naming them. \[sim\] the seed
    /// has no content type for it.
    pub(crate) fn agent_joined(&mut self, agent: &AgentRef) {
        self.push_system(&format!(
            "{} joined the chat. You are now chatting with {}.",
            agent.full_name(),
            agent.first_name
        ));
    }

    /// An AGENT_MESSAGE; the agent stops typing. `message_id` (the CIM message's
    /// `data.id`) is remembered until a query returns the content ([`Self::query`]).
    pub(crate) fn agent_message(
        &mut self,
        agent: &AgentRef,
        text: String,
        message_id: Option<String>,
    ) {
        self.typing = None;
        if self.is_full() {
            tracing::warn!(session = %self.id, "web chat session full: agent message not kept");
            return;
        }
        if let Some(id) = message_id {
            self.unread.push((self.contents.len(), id));
        }
        self.push(Content::from_agent("AGENT_MESSAGE", agent, text));
    }

    /// The agent typed (a desk TYPING_INDICATOR): `whoIsTyping` names them for
    /// [`AGENT_TYPING`] from `now`. Pollers are woken only when typing starts.
    pub(crate) fn agent_typing(&mut self, agent: &AgentRef, now: Instant) {
        let started = self.who_is_typing(now).is_empty();
        self.typing = Some((agent.key.clone(), now + AGENT_TYPING));
        if started {
            self.bump();
        }
    }

    /// `whoIsTyping` at `now`: the typing agent's key, or empty.
    pub(crate) fn who_is_typing(&self, now: Instant) -> &str {
        match &self.typing {
            Some((key, until)) if *until > now => key,
            _ => "",
        }
    }

    /// When the current typing status ends, if an agent is typing at `now`.
    pub(crate) fn typing_until(&self, now: Instant) -> Option<Instant> {
        self.typing
            .as_ref()
            .map(|(_, until)| *until)
            .filter(|until| *until > now)
    }

    /// The agent left the conversation: AGENT_DISCONNECT, not connected any more (seed
    /// 002 §3.3.3). No-op when already disconnected.
    pub(crate) fn agent_left(&mut self, agent: &AgentRef, now: Instant) {
        if !self.connected {
            return;
        }
        self.typing = None;
        let text = format!("{} left the chat.", agent.full_name());
        self.disconnect(Content::from_agent("AGENT_DISCONNECT", agent, text), now);
    }

    /// The customer ended the chat (`DELETE /v1/sessions`): CUSTOMER_DISCONNECT, not
    /// connected any more. No-op when already disconnected.
    pub(crate) fn customer_left(&mut self, now: Instant) {
        if !self.connected {
            return;
        }
        let content = Content {
            message_type: "CUSTOMER_DISCONNECT",
            from: self.customer_name.clone(),
            agent_first_name: String::new(),
            agent_last_name: String::new(),
            content: format!("{} left the chat.", self.customer_name),
        };
        self.disconnect(content, now);
    }

    fn disconnect(&mut self, last: Content, now: Instant) {
        self.connected = false;
        self.ended_at = Some(now);
        self.push(last);
    }

    /// True when a query from `index_key` would return contents now (0 = all).
    pub(crate) fn has_contents_from(&self, index_key: usize) -> bool {
        index_key.max(1) <= self.contents.len()
    }

    /// The QueryContentResponse for a query from `index_key` (0 = all, seed 002 §4.3.1):
    /// the contents from that indexKey on; `content` is `null` when `index_key` is past
    /// `newIndexKey` (the seed: "If the content index given does not exist … this content
    /// will be null"). Also returns the CIM message ids of agent messages returned for
    /// the first time (the customer has now seen them: READ).
    pub(crate) fn query(&mut self, index_key: usize, now: Instant) -> (Value, Vec<String>) {
        let start = index_key.max(1) - 1;
        let content = if start > self.contents.len() {
            Value::Null
        } else {
            Value::Array(
                self.contents[start..]
                    .iter()
                    .map(Content::to_json)
                    .collect(),
            )
        };
        let read: Vec<String> = if start < self.contents.len() {
            let (seen, unread): (Vec<_>, Vec<_>) = std::mem::take(&mut self.unread)
                .into_iter()
                .partition(|(i, _)| *i >= start);
            self.unread = unread;
            seen.into_iter().map(|(_, id)| id).collect()
        } else {
            Vec::new()
        };
        let response = json!({
            "sessionId": self.id,
            "content": content,
            "pushUrl": "",
            "callMeAgentKey": 0,
            "newIndexKey": self.new_index_key(),
            "whoIsTyping": self.who_is_typing(now),
            "redirectUrl": "",
            "connected": self.connected,
        });
        (response, read)
    }

    /// A receiver that sees every later change (content, typing start, disconnect).
    pub(crate) fn subscribe(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// True when the session was disconnected at least `retention` before `now`.
    fn expired(&self, now: Instant, retention: Duration) -> bool {
        self.ended_at
            .is_some_and(|at| now.saturating_duration_since(at) >= retention)
    }
}

/// Every web chat session and issued token.
#[derive(Default)]
pub(crate) struct Sessions {
    by_id: HashMap<String, Session>,
    tokens: HashSet<String>,
    token_order: VecDeque<String>,
}

impl Sessions {
    /// Remembers an issued token (the oldest is forgotten beyond 10 000).
    pub(crate) fn add_token(&mut self, token: String) {
        if self.token_order.len() >= MAX_TOKENS {
            if let Some(old) = self.token_order.pop_front() {
                self.tokens.remove(&old);
            }
        }
        self.tokens.insert(token.clone());
        self.token_order.push_back(token);
    }

    /// True for a token issued by `POST /oauth/token`.
    pub(crate) fn knows_token(&self, token: &str) -> bool {
        self.tokens.contains(token)
    }

    /// Forgets sessions disconnected `retention` ago or longer (seed 002 §3.3.3: "the Web
    /// Chat Session will remain available for 5 minutes"); later requests for them get 404.
    pub(crate) fn purge(&mut self, now: Instant, retention: Duration) {
        self.by_id.retain(|_, s| !s.expired(now, retention));
    }

    /// How many sessions are kept.
    pub(crate) fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Adds a session.
    pub(crate) fn insert(&mut self, session: Session) {
        self.by_id.insert(session.id.clone(), session);
    }

    /// The session with this id.
    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Session> {
        self.by_id.get_mut(id)
    }

    /// True when the session exists and is connected.
    pub(crate) fn is_connected(&self, id: &str) -> bool {
        self.by_id.get(id).is_some_and(Session::is_connected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent() -> AgentRef {
        AgentRef {
            key: "agent1".into(),
            first_name: "Alice".into(),
            last_name: "Agent".into(),
        }
    }

    fn session() -> Session {
        Session::new(
            "W1".into(),
            "c1".into(),
            "Jose Silva".into(),
            "Can you help me?",
        )
    }

    fn types(v: &Value) -> Vec<String> {
        v["content"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|c| c["messageType"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn index_keys_start_at_one_and_zero_means_all() {
        let now = Instant::now();
        let mut s = session();
        s.push_customer_message("hello");
        let (all, _) = s.query(0, now);
        assert_eq!(
            types(&all),
            ["CUSTOMER_MESSAGE", "SYSTEM_MESSAGE", "CUSTOMER_MESSAGE"]
        );
        assert_eq!(all["content"][0]["content"], "Can you help me?");
        assert_eq!(all["content"][0]["from"], "Jose Silva");
        assert_eq!(all["newIndexKey"], 4);
        assert_eq!(s.query(1, now).0["content"], all["content"]);
        let (from_two, _) = s.query(2, now);
        assert_eq!(types(&from_two), ["SYSTEM_MESSAGE", "CUSTOMER_MESSAGE"]);
        let (none_yet, _) = s.query(4, now);
        assert_eq!(none_yet["content"], json!([]));
        assert_eq!(none_yet["newIndexKey"], 4);
        assert!(!s.has_contents_from(4));
        assert!(s.has_contents_from(3));
        assert_eq!(s.query(9, now).0["content"], Value::Null);
        for key in [
            "sessionId",
            "connected",
            "content",
            "newIndexKey",
            "whoIsTyping",
            "pushUrl",
            "callMeAgentKey",
            "redirectUrl",
        ] {
            assert!(all.get(key).is_some(), "{key}");
        }
    }

    #[test]
    fn agent_messages_are_text_and_read_once_returned() {
        let now = Instant::now();
        let mut s = session();
        let mut rx = s.subscribe();
        s.agent_message(
            &agent(),
            "<img src=x onerror=alert(1)>".into(),
            Some("m1".into()),
        );
        assert!(rx.has_changed().unwrap_or(false));
        rx.mark_unchanged();
        let (from_four, read) = s.query(4, now);
        assert!(
            read.is_empty(),
            "content 3 is the agent message: not returned from 4"
        );
        assert_eq!(from_four["content"], json!([]));
        let (r, read) = s.query(3, now);
        assert_eq!(read, ["m1"]);
        let c = &r["content"][0];
        assert_eq!(c["messageType"], "AGENT_MESSAGE");
        assert_eq!(c["from"], "agent1");
        assert_eq!(c["agentFirstName"], "Alice");
        assert_eq!(c["content"], "<img src=x onerror=alert(1)>");
        assert_eq!(c["formattedContent"], "&lt;img src=x onerror=alert(1)&gt;");
        assert!(s.query(0, now).1.is_empty(), "READ only once");
    }

    #[test]
    fn typing_lasts_four_seconds_and_wakes_only_when_it_starts() {
        let now = Instant::now();
        let mut s = session();
        let mut rx = s.subscribe();
        s.agent_typing(&agent(), now);
        assert_eq!(s.who_is_typing(now), "agent1");
        assert!(rx.has_changed().unwrap_or(false));
        rx.mark_unchanged();
        s.agent_typing(&agent(), now + Duration::from_secs(1));
        assert!(!rx.has_changed().unwrap_or(true));
        assert_eq!(s.who_is_typing(now + Duration::from_secs(4)), "agent1");
        assert_eq!(s.who_is_typing(now + Duration::from_secs(5)), "");
        assert_eq!(s.typing_until(now), Some(now + Duration::from_secs(5)));
        s.agent_message(&agent(), "hi".into(), None);
        assert_eq!(s.who_is_typing(now), "");
    }

    #[test]
    fn a_disconnected_session_is_kept_for_its_retention() {
        let now = Instant::now();
        let mut all = Sessions::default();
        all.insert(session());
        let s = all.get_mut("W1").expect("session");
        s.agent_left(&agent(), now);
        s.agent_left(&agent(), now);
        let (r, _) = s.query(0, now);
        assert_eq!(r["connected"], false);
        assert_eq!(
            types(&r).last().map(String::as_str),
            Some("AGENT_DISCONNECT")
        );
        assert_eq!(types(&r).len(), 3, "a second leave adds nothing");
        s.customer_left(now);
        assert_eq!(s.new_index_key(), 4);
        assert!(!all.is_connected("W1"));
        all.purge(now + Duration::from_secs(299), Duration::from_secs(300));
        assert_eq!(all.len(), 1);
        all.purge(now + Duration::from_secs(300), Duration::from_secs(300));
        assert_eq!(all.len(), 0);
    }

    #[test]
    fn tokens_are_remembered_up_to_a_bound() {
        let mut all = Sessions::default();
        for i in 0..=MAX_TOKENS {
            all.add_token(format!("t{i}"));
        }
        assert!(!all.knows_token("t0"));
        assert!(all.knows_token("t1"));
        assert!(all.knows_token(&format!("t{MAX_TOKENS}")));
    }
}
