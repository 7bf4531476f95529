//! A conversation as the desk shows it: participants' lines merged by id, unread count, end.

use serde_json::Value;

use crate::protocol::{
    channel_session::ChannelSessionView,
    cim::{delivery_status, names},
    CimEvent, RoomInfo, TopicData,
};

use super::body::render_message;
use super::sanitize::{display_text, one_line};
use super::system_event::describe_event;

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
    /// `MESSAGE_DELIVERY_NOTIFICATION` DELIVERED: reached the customer's channel.
    Delivered,
    /// `MESSAGE_DELIVERY_NOTIFICATION` READ: the customer saw it.
    Read,
    /// No echo within [`ECHO_TIMEOUT_MS`], a FAILED notification, or the upload failed.
    Failed,
}

impl Delivery {
    /// Order of progress: a later notification never moves a message back
    /// (READ may arrive before DELIVERED).
    fn rank(self) -> u8 {
        match self {
            Delivery::Pending { .. } => 0,
            Delivery::Sent => 1,
            Delivery::Delivered => 2,
            Delivery::Read => 3,
            Delivery::Failed => 4,
        }
    }
}

/// A short quote of another line, for replies (`REPLY_TO`, PROTOCOL.md §4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The quoted CIM message id (`originalMessageId`).
    pub id: String,
    /// Sanitised sender name, when the quoted line is known here.
    pub sender: String,
    /// Sanitised one-line excerpt (at most [`QUOTE_CHARS`] chars).
    pub excerpt: String,
}

/// Length of a reply quote's excerpt, in chars.
pub const QUOTE_CHARS: usize = 48;

/// How long "customer is typing…" shows after a typing indicator, ms (issue: 5 s).
pub const TYPING_SHOWN_MS: i64 = 5_000;

/// A conversation on hold (`CONVERSATION_PAUSED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hold {
    /// Epoch ms UTC the hold began.
    pub since_ms: i64,
    /// Epoch ms UTC the hold ends by itself, when the duration is known.
    pub until_ms: Option<i64>,
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
    /// Files and media of the message, in body order.
    pub attachments: Vec<super::body::Attachment>,
    /// The message this one replies to.
    pub reply_to: Option<Quote>,
    /// `header.providerMessageId`: the channel's own id for the message. Delivery
    /// notifications may name it instead of the CIM id (fixture
    /// `cimEvent.delivery_notification.json`), so both are matched.
    pub provider_id: Option<String>,
    /// A `WHISPER_MESSAGE`: between agents only, never seen by the customer (§4).
    pub whisper: bool,
}

impl ChatLine {
    /// This line as a reply quote.
    pub fn quote(&self) -> Quote {
        let flat = self.text.replace('\n', " ");
        let mut excerpt: String = flat.chars().take(QUOTE_CHARS).collect();
        if flat.chars().count() > QUOTE_CHARS {
            excerpt.push('…');
        }
        Quote {
            id: self.id.clone(),
            sender: self.sender.clone(),
            excerpt,
        }
    }
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
    /// `conversationData` (key → value), updated by `CONVERSATION_DATA_CHANGED`.
    pub conversation_data: Value,
    /// Show "customer is typing…" until this epoch ms.
    pub customer_typing_until_ms: Option<i64>,
    /// Set while on hold.
    pub hold: Option<Hold>,
    /// The wrap-up form, between `wrapupTimerStarted` and the end.
    pub wrapup: Option<super::wrapup::WrapupForm>,
    /// The composer text kept while another conversation is focused.
    pub draft: super::text_field::TextField,
    /// The message the next reply answers (`/reply`).
    pub reply_to: Option<Quote>,
    /// The selected line's id (for `/reply`, `/open`, `/copy`).
    pub selected: Option<String>,
    /// Customer message ids already answered with a READ receipt.
    pub receipts_sent: std::collections::HashSet<String>,
    /// When a typing indicator was last sent, epoch ms.
    pub typing_sent_ms: Option<i64>,
    /// Everyone in the conversation with their roles (see [`super::roster`]).
    pub roster: super::roster::Roster,
    /// My own topic participant as the server sent it (`topicData.topicParticipant`),
    /// passed back in transfer / conference / consult requests (§2); `null` when unknown.
    pub topic_participant: Value,
    /// I joined as a supervisor (SILENT_MONITOR, also after a barge-in): the chat header
    /// says "monitoring" or "barged in".
    pub monitored: bool,
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
            conversation_data: Value::Null,
            customer_typing_until_ms: None,
            hold: None,
            wrapup: None,
            draft: Default::default(),
            reply_to: None,
            selected: None,
            receipts_sent: Default::default(),
            typing_sent_ms: None,
            roster: Default::default(),
            topic_participant: Value::Null,
            monitored: false,
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
            self.set_role(role);
        }
        if topic.topic_participant.is_object() {
            self.topic_participant = topic.topic_participant.clone();
        }
        if let Some(participants) = &topic.participants {
            self.roster = super::roster::Roster::from_participants(participants, me);
        }
        if topic.conversation_data.is_object() {
            self.conversation_data = topic.conversation_data.clone();
        }
        let mut added = false;
        for event in topic.history() {
            if let Some(mut line) = line_for(&event, me, now_ms) {
                if self.find(&line.id).is_none() {
                    self.resolve_quote(&mut line);
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

    /// Sets my role (upper-cased, sanitised); a supervisor role marks the conversation as
    /// monitored for good.
    pub fn set_role(&mut self, role: &str) {
        self.role = one_line(role).to_ascii_uppercase();
        if super::roster::is_monitor_role(&self.role) {
            self.monitored = true;
        }
    }

    /// Plain composer text goes to the agents as a whisper here, not to the customer
    /// (SILENT_MONITOR, WHISPER, ASSISTANT; see [`super::roster::whispers_only`]).
    pub fn whispers_only(&self) -> bool {
        super::roster::whispers_only(&self.role)
    }

    /// The supervisor's mark for the header: "monitoring" while silently monitoring or
    /// whispering, "barged in" after a barge-in, `None` otherwise.
    pub fn supervision_marker(&self) -> Option<&'static str> {
        if !self.monitored {
            return None;
        }
        if super::roster::is_monitor_role(&self.role) {
            Some("monitoring")
        } else {
            Some("barged in")
        }
    }

    /// Applies a live CIM event. Returns true when it added a line from the customer (for
    /// unread counting). The echo of an own message marks the pending line sent.
    pub fn apply_event(&mut self, event: &CimEvent, me: &str, now_ms: i64) -> bool {
        if let Some(role) = self.roster.apply_event(event, me) {
            self.set_role(&role);
        }
        match event.name.as_str() {
            names::TYPING_INDICATOR => {
                if event.typing().is_some_and(|t| t.is_customer()) {
                    self.customer_typing_until_ms = Some(now_ms + TYPING_SHOWN_MS);
                }
                return false;
            }
            names::MESSAGE_DELIVERY_NOTIFICATION => {
                if let Some(notice) = event.delivery_notification() {
                    let status = match notice.status.as_str() {
                        delivery_status::DELIVERED => Some(Delivery::Delivered),
                        delivery_status::READ => Some(Delivery::Read),
                        delivery_status::FAILED => Some(Delivery::Failed),
                        _ => None,
                    };
                    if let Some(status) = status {
                        self.mark_delivery(&notice.message_id, status);
                    }
                }
                return false;
            }
            names::CONVERSATION_PAUSED | names::CONVERSATION_RESUMED => {
                self.hold = event.pause().filter(|p| p.paused).map(|p| Hold {
                    since_ms: now_ms,
                    until_ms: p
                        .duration_secs
                        .map(|s| now_ms.saturating_add(s.saturating_mul(1000))),
                });
            }
            names::CONVERSATION_DATA_CHANGED => {
                if !self.conversation_data.is_object() {
                    self.conversation_data = Value::Object(Default::default());
                }
                if let (Some(into), Some(changes)) = (
                    self.conversation_data.as_object_mut(),
                    event.conversation_data_changes(),
                ) {
                    into.extend(changes.into_iter().map(|(k, v)| (k, Value::String(v))));
                }
            }
            _ => {}
        }
        let Some(mut line) = line_for(event, me, now_ms) else {
            return false;
        };
        if let Some(i) = self.find(&line.id) {
            if line.author == Author::Me {
                // The echo is the server's copy: it replaces a local placeholder (an upload's
                // "uploading…" line) and confirms delivery.
                let existing = &mut self.lines[i];
                existing.text = line.text;
                existing.attachments = line.attachments;
                if line.provider_id.is_some() {
                    existing.provider_id = line.provider_id;
                }
                self.mark_delivery(&line.id, Delivery::Sent);
            }
            return false;
        }
        let from_customer = line.author == Author::Customer;
        if from_customer {
            self.customer_typing_until_ms = None;
        }
        self.resolve_quote(&mut line);
        self.lines.push(line);
        self.touch();
        from_customer
    }

    /// Fills a new line's reply quote (set by `line_for` from `originalMessageId`, id only)
    /// from the quoted line when it is here.
    fn resolve_quote(&self, line: &mut ChatLine) {
        if let Some(quote) = line.reply_to.take() {
            line.reply_to = Some(self.quote_of(&quote.id));
        }
    }

    /// A quote of the line `id`, or a bare reference when that line is not here.
    pub fn quote_of(&self, id: &str) -> Quote {
        match self.find(id) {
            Some(i) => self.lines[i].quote(),
            None => Quote {
                id: id.to_string(),
                sender: String::new(),
                excerpt: "an earlier message".into(),
            },
        }
    }

    /// Moves an own message's delivery forward (never back; FAILED only before echo).
    pub fn mark_delivery(&mut self, message_id: &str, status: Delivery) {
        let found = self.find(message_id).or_else(|| {
            self.lines
                .iter()
                .position(|l| l.provider_id.as_deref() == Some(message_id))
        });
        if let Some(i) = found {
            let line = &mut self.lines[i];
            let current = line.delivery.unwrap_or(Delivery::Sent);
            let failed_late = status == Delivery::Failed
                && current.rank() >= Delivery::Sent.rank()
                && current != Delivery::Sent;
            if line.author == Author::Me
                && !failed_late
                && (status.rank() > current.rank()
                    || matches!(current, Delivery::Failed) && status == Delivery::Sent)
            {
                line.delivery = Some(status);
            }
        }
    }

    /// The line with this id.
    pub fn line(&self, id: &str) -> Option<&ChatLine> {
        self.find(id).map(|i| &self.lines[i])
    }

    /// True while the customer's typing indicator is fresh.
    pub fn customer_typing(&self, now_ms: i64) -> bool {
        self.customer_typing_until_ms
            .is_some_and(|until| now_ms < until)
    }

    /// True when this desk may send typing indicators and read receipts here: not while
    /// silently monitoring or assisting (issue 3, PROTOCOL.md §4).
    pub fn may_signal(&self) -> bool {
        !matches!(
            self.role.as_str(),
            "SILENT_MONITOR" | "WHISPER" | "ASSISTANT"
        ) && self.ended.is_none()
    }

    /// Customer messages not yet answered with a READ receipt (oldest first); marks them
    /// as answered.
    pub fn take_unreceipted(&mut self) -> Vec<String> {
        let mut ids = Vec::new();
        for line in &self.lines {
            if line.author == Author::Customer && !self.receipts_sent.contains(&line.id) {
                ids.push(line.id.clone());
            }
        }
        self.receipts_sent.extend(ids.iter().cloned());
        ids
    }

    /// Adds an own message as pending.
    pub fn push_own(
        &mut self,
        message_id: &str,
        sender: &str,
        text: &str,
        reply_to: Option<Quote>,
        now_ms: i64,
    ) {
        self.lines.push(ChatLine {
            id: message_id.to_string(),
            author: Author::Me,
            sender: sender.to_string(),
            at_ms: now_ms,
            text: display_text(text),
            delivery: Some(Delivery::Pending { sent_at_ms: now_ms }),
            attachments: Vec::new(),
            reply_to,
            provider_id: None,
            whisper: false,
        });
        self.touch();
    }

    /// Adds an own whisper as pending (like [`Conversation::push_own`]).
    pub fn push_own_whisper(&mut self, message_id: &str, sender: &str, text: &str, now_ms: i64) {
        self.push_own(message_id, sender, text, None, now_ms);
        if let Some(line) = self.lines.last_mut() {
            line.whisper = true;
        }
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
            attachments: Vec::new(),
            reply_to: None,
            provider_id: None,
            whisper: false,
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
/// indicators, delivery notifications, hidden system events).
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
    let Some(message) = event
        .message()
        .filter(|_| event.kind.as_deref() != Some("NOTIFICATION"))
    else {
        return describe_event(event).map(|text| ChatLine {
            id: event.id.clone(),
            author: Author::System,
            sender: String::new(),
            at_ms,
            text,
            delivery: None,
            attachments: Vec::new(),
            reply_to: None,
            provider_id: None,
            whisper: false,
        });
    };
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
    let rendered = render_message(&message);
    let header_at = message.header.timestamp.as_ref().and_then(|t| t.millis());
    Some(ChatLine {
        id: message.id.clone(),
        author: author.clone(),
        sender: one_line(&name),
        at_ms: header_at.unwrap_or(at_ms),
        text: rendered.lines.join("\n"),
        delivery: (author == Author::Me).then_some(Delivery::Sent),
        attachments: rendered.attachments,
        // Resolved against the conversation's lines by `resolve_quote`.
        reply_to: message.header.original_message_id.clone().map(|id| Quote {
            id,
            sender: String::new(),
            excerpt: String::new(),
        }),
        provider_id: message
            .header
            .extra
            .get("providerMessageId")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .map(str::to_string),
        whisper: event.name == names::WHISPER_MESSAGE,
    })
}
