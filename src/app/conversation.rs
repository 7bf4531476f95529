//! A conversation as the desk shows it: participants' lines merged by id, unread count, end.

use serde_json::Value;

use crate::protocol::{
    channel_session::ChannelSessionView, cim::names, CimEvent, RoomInfo, TopicData,
};

use super::sanitize::{display_text, one_line};

/// Own messages still unconfirmed after this long are marked failed (seed 001: 20 s).
pub const ECHO_TIMEOUT_MS: i64 = 20_000;

/// Who wrote a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Author {
    Customer,
    /// This agent.
    Me,
    /// Another agent (conference, consult, supervisor).
    Agent,
    Bot,
    /// CIM system events (`AGENT_SUBSCRIBED`, `TASK_ENQUEUED`, …).
    System,
}

/// Delivery of an own message (PROTOCOL.md §4: the echo is the only confirmation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Sent, waiting for the server's echo since `sent_at_ms`.
    Pending { sent_at_ms: i64 },
    /// Echoed by the server.
    Sent,
    /// No echo within [`ECHO_TIMEOUT_MS`].
    Failed,
}

/// One line of a conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatLine {
    /// CIM message id (messages) or CIM event id (system lines): the merge key.
    pub id: String,
    pub author: Author,
    /// Display name of the sender, already sanitised.
    pub sender: String,
    /// Epoch ms UTC.
    pub at_ms: i64,
    /// Text to show, already sanitised (may contain `\n`).
    pub text: String,
    /// Only for own messages.
    pub delivery: Option<Delivery>,
}

/// A conversation the agent is in (or was in, until dismissed).
#[derive(Debug, Clone)]
pub struct Conversation {
    /// `conversationId`.
    pub id: String,
    pub room_info: Option<RoomInfo>,
    /// The customer's channel session, passed through when replying.
    pub channel_session: Value,
    /// `topicData.customer`.
    pub customer: Value,
    pub customer_name: String,
    /// Channel type name, e.g. `WEB`.
    pub channel: String,
    /// My role: PRIMARY, ASSISTANT, SILENT_MONITOR, …
    pub role: String,
    pub lines: Vec<ChatLine>,
    /// Customer lines arrived while the conversation was not focused.
    pub unread: usize,
    /// Epoch ms UTC of the newest line.
    pub last_activity_ms: i64,
    /// Set when the conversation ended for me, with the reason shown to the agent.
    pub ended: Option<String>,
    /// A leave was requested and not yet confirmed.
    pub leaving: bool,
}

impl Conversation {
    /// A conversation from an `onTopicData` snapshot.
    pub fn from_topic(
        conversation_id: &str,
        room_info: Option<RoomInfo>,
        topic: &TopicData,
        me: &str,
        now_ms: i64,
    ) -> Self {
        let mut conversation = Conversation {
            id: conversation_id.to_string(),
            room_info,
            channel_session: Value::Null,
            customer: Value::Null,
            customer_name: String::new(),
            channel: String::new(),
            role: "PRIMARY".into(),
            lines: Vec::new(),
            unread: 0,
            last_activity_ms: now_ms,
            ended: None,
            leaving: false,
        };
        conversation.refresh(topic, me, now_ms);
        conversation
    }

    /// Merges a (re-sent) snapshot: metadata is replaced, history lines are merged by id.
    pub fn refresh(&mut self, topic: &TopicData, me: &str, now_ms: i64) {
        if !topic.channel_session.is_null() {
            self.channel_session = topic.channel_session.clone();
        }
        if !topic.customer.is_null() {
            self.customer = topic.customer.clone();
        }
        let session = ChannelSessionView(&self.channel_session);
        let name = self
            .customer
            .get("firstName")
            .and_then(Value::as_str)
            .filter(|n| !n.trim().is_empty())
            .map(str::to_string)
            .or_else(|| session.customer_name())
            .unwrap_or_else(|| "Customer".into());
        self.customer_name = one_line(&name);
        self.channel = one_line(session.channel_type().unwrap_or(""));
        if let Some(role) = topic.my_role() {
            self.role = one_line(role);
        }
        let mut added = false;
        for event in topic.history() {
            if let Some(line) = line_for(&event, me, now_ms) {
                if self.find(&line.id).is_none() {
                    self.lines.push(line);
                    added = true;
                }
            }
        }
        if added {
            self.lines.sort_by_key(|l| l.at_ms);
        }
        self.touch();
    }

    fn find(&self, id: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.id == id)
    }

    fn touch(&mut self) {
        if let Some(last) = self.lines.last() {
            self.last_activity_ms = self.last_activity_ms.max(last.at_ms);
        }
    }

    /// Applies a live CIM event. Returns true when it added a line from the customer (for
    /// unread counting). The echo of an own message marks the pending line sent.
    pub fn apply_event(&mut self, event: &CimEvent, me: &str, now_ms: i64) -> bool {
        let Some(line) = line_for(event, me, now_ms) else {
            return false;
        };
        if let Some(i) = self.find(&line.id) {
            if line.author == Author::Me {
                self.lines[i].delivery = Some(Delivery::Sent);
            }
            return false;
        }
        let from_customer = line.author == Author::Customer;
        self.lines.push(line);
        self.touch();
        from_customer
    }

    /// Adds an own message as pending.
    pub fn push_own(&mut self, message_id: &str, sender: &str, text: &str, now_ms: i64) {
        self.lines.push(ChatLine {
            id: message_id.to_string(),
            author: Author::Me,
            sender: sender.to_string(),
            at_ms: now_ms,
            text: display_text(text),
            delivery: Some(Delivery::Pending { sent_at_ms: now_ms }),
        });
        self.touch();
    }

    /// Adds a system line (not from the server; e.g. "Conversation ended").
    pub fn push_system(&mut self, id: String, text: &str, now_ms: i64) {
        if self.find(&id).is_some() {
            return;
        }
        self.lines.push(ChatLine {
            id,
            author: Author::System,
            sender: String::new(),
            at_ms: now_ms,
            text: display_text(text),
            delivery: None,
        });
        self.touch();
    }

    /// Marks own messages pending for longer than [`ECHO_TIMEOUT_MS`] as failed. Returns true
    /// when any changed.
    pub fn expire_pending(&mut self, now_ms: i64) -> bool {
        let mut changed = false;
        for line in &mut self.lines {
            if let Some(Delivery::Pending { sent_at_ms }) = line.delivery {
                if now_ms - sent_at_ms >= ECHO_TIMEOUT_MS {
                    line.delivery = Some(Delivery::Failed);
                    changed = true;
                }
            }
        }
        changed
    }
}

/// Turns a CIM event into a chat line, or `None` for events not shown as lines (typing
/// indicators, delivery notifications).
fn line_for(event: &CimEvent, me: &str, now_ms: i64) -> Option<ChatLine> {
    let at_ms = event
        .timestamp
        .as_ref()
        .and_then(|t| t.millis())
        .unwrap_or(now_ms);
    match event.name.as_str() {
        names::TYPING_INDICATOR | names::MESSAGE_DELIVERY_NOTIFICATION => return None,
        _ => {}
    }
    if let Some(message) = event.message() {
        if event.kind.as_deref() == Some("NOTIFICATION") {
            return None;
        }
        let sender = message.header.sender.clone().unwrap_or_default();
        let author = match event.name.as_str() {
            names::CUSTOMER_MESSAGE => Author::Customer,
            names::AGENT_MESSAGE if sender.id == me => Author::Me,
            names::AGENT_MESSAGE => Author::Agent,
            names::BOT_MESSAGE => Author::Bot,
            _ => match sender.kind.as_str() {
                "CUSTOMER" | "CONNECTOR" => Author::Customer,
                "AGENT" if sender.id == me => Author::Me,
                "AGENT" => Author::Agent,
                "BOT" => Author::Bot,
                _ => Author::System,
            },
        };
        let name = match author {
            Author::Customer => message
                .header
                .customer
                .get("firstName")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| "Customer".into()),
            _ => sender
                .sender_name
                .clone()
                .unwrap_or_else(|| sender.kind.clone()),
        };
        let text = match message.body.markdown_text.as_deref() {
            Some(t) if message.body.kind == "PLAIN" || !t.is_empty() => t.to_string(),
            _ => format!("[{} message]", message.body.kind),
        };
        let header_at = message.header.timestamp.as_ref().and_then(|t| t.millis());
        return Some(ChatLine {
            id: message.id.clone(),
            author: author.clone(),
            sender: one_line(&name),
            at_ms: header_at.unwrap_or(at_ms),
            text: display_text(&text),
            delivery: (author == Author::Me).then_some(Delivery::Sent),
        });
    }
    Some(ChatLine {
        id: event.id.clone(),
        author: Author::System,
        sender: String::new(),
        at_ms,
        text: one_line(&system_text(event)),
        delivery: None,
    })
}

/// A one-line description of a CIM system event (PROTOCOL.md §4); unknown names generically.
fn system_text(event: &CimEvent) -> String {
    let name = event.name.as_str();
    let human = name.replace('_', " ").to_lowercase();
    let agent_name = || {
        event
            .data
            .pointer("/agentParticipant/participant/keycloakUser/username")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    match name {
        "AGENT_SUBSCRIBED" | "AGENT_UNSUBSCRIBED" => match agent_name() {
            Some(agent) => format!(
                "{agent} {}",
                if name == "AGENT_SUBSCRIBED" {
                    "joined"
                } else {
                    "left"
                }
            ),
            None => human,
        },
        "TASK_ENQUEUED" => match event.data.pointer("/queue/name").and_then(Value::as_str) {
            Some(queue) => format!("queued in {queue}"),
            None => human,
        },
        "CUSTOMER_LEFT" => "customer left the conversation".into(),
        _ => human,
    }
}
