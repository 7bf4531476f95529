//! A conversation as the desk shows it: participants' lines merged by id, unread count, end.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::protocol::{
    channel_session::ChannelSessionView,
    cim::{delivery_status, names},
    CimEvent, RoomInfo, TopicData,
};

use std::collections::VecDeque;
use std::sync::Arc;

use super::body::render_message;
use super::lines::Lines;
use super::sanitize::{display_text, one_line};
use super::system_event::describe_event_for;

/// Own messages still unconfirmed after this long are marked "not confirmed" (seed 001: 20 s).
pub const ECHO_TIMEOUT_MS: i64 = 20_000;

/// Lines an ended conversation keeps in memory (the rest are in the archive).
pub const ENDED_LINES_KEPT: usize = 200;

/// Who wrote a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// Typed while offline (or before the server re-sent the conversation): goes out when the
    /// connection is back ([`super::outbox`]).
    Queued,
    /// Never reached the server and will not go by itself: from before a restart, or its
    /// conversation ended. F12 (`/resend`) sends it with the same id.
    NotSent,
    /// Sent, waiting for the server's echo since `sent_at_ms`.
    Pending { sent_at_ms: i64 },
    /// Echoed by the server.
    Sent,
    /// `MESSAGE_DELIVERY_NOTIFICATION` DELIVERED: reached the customer's channel.
    Delivered,
    /// `MESSAGE_DELIVERY_NOTIFICATION` READ: the customer saw it.
    Read,
    /// No echo within [`ECHO_TIMEOUT_MS`]: the server may well have it (a stalled or lost
    /// connection delays the echo; the next `onTopicData` history can still confirm it by id),
    /// so this is not "failed" (issue 8). A resend reuses the same id.
    NotConfirmed,
    /// A FAILED delivery notification, or the upload failed: the server said no.
    Failed,
}

impl Delivery {
    /// Order of progress: a later notification never moves a message back
    /// (READ may arrive before DELIVERED).
    fn rank(self) -> u8 {
        match self {
            Delivery::Queued
            | Delivery::NotSent
            | Delivery::Pending { .. }
            | Delivery::NotConfirmed => 0,
            Delivery::Sent => 1,
            Delivery::Delivered => 2,
            Delivery::Read => 3,
            Delivery::Failed => 4,
        }
    }
}

/// A short quote of another line, for replies (`REPLY_TO`, PROTOCOL.md §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted CIM message id (`originalMessageId`).
    pub id: String,
    /// Sanitised sender name, when the quoted line is known here.
    pub sender: String,
    /// Sanitised one-line excerpt (at most [`QUOTE_CHARS`] chars).
    pub excerpt: String,
}

/// How the agent's own lines name their sender: always "You", never the username or the
/// display name, so a customer named like the agent cannot be mistaken for the agent.
pub const OWN_NAME: &str = "You";

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

/// One line of a conversation. Serialisable for the scrollback archive
/// ([`crate::archive`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatLine {
    /// CIM message id (messages) or CIM event id (system lines): the merge key.
    pub id: Box<str>,
    pub author: Author,
    /// Display name of the sender, already sanitised. Shared (`Arc`) with the line before
    /// when that one has the same sender: a chat's lines mostly alternate between two
    /// names (issue 7: compact lines).
    pub sender: super::shared_str::SharedStr,
    /// Epoch ms UTC.
    pub at_ms: i64,
    /// Text to show, already sanitised (may contain `\n`).
    pub text: Box<str>,
    /// Only for own messages.
    pub delivery: Option<Delivery>,
    /// Files and media of the message, in body order.
    pub attachments: Vec<super::body::Attachment>,
    /// The message this one replies to (boxed: most lines reply to nothing, and a line stays
    /// small, issue 7).
    pub reply_to: Option<Box<Quote>>,
    /// `header.providerMessageId`: the channel's own id for the message. Delivery
    /// notifications may name it instead of the CIM id (fixture
    /// `cimEvent.delivery_notification.json`), so both are matched.
    pub provider_id: Option<Box<str>>,
    /// A `WHISPER_MESSAGE`: between agents only, never seen by the customer (§4).
    pub whisper: bool,
}

impl ChatLine {
    /// This line as a reply quote (an own line's sender reads "You").
    pub fn quote(&self) -> Quote {
        let flat = self.text.replace('\n', " ");
        let mut excerpt: String = flat.chars().take(QUOTE_CHARS).collect();
        if flat.chars().count() > QUOTE_CHARS {
            excerpt.push('…');
        }
        Quote {
            id: self.id.to_string(),
            sender: if self.author == Author::Me {
                OWN_NAME.to_string()
            } else {
                self.sender.to_string()
            },
            excerpt,
        }
    }
}

/// A customer line owed a READ receipt: by its absolute line number while it is in the
/// window (8 bytes instead of a copy of its id: 50 unfocused conversations of 2,000 lines
/// owe 100,000 receipts, issue 7), else by id.
#[derive(Debug, Clone)]
enum Owed {
    Line(u64),
    Id(Box<str>),
}

/// A conversation the agent is in (or was in, until dismissed).
#[derive(Debug, Clone)]
pub struct Conversation {
    /// `conversationId`.
    pub id: String,
    /// The chat's number on this desk (Alt+n, `/goto n`), 1-based: the smallest free one
    /// when it arrived, kept while it lives (numbers do not shift when another closes).
    pub number: usize,
    pub room_info: Option<RoomInfo>,
    /// The customer's channel session, passed through when replying. Shared (`Arc`): every
    /// message and READ receipt into the conversation points at this one copy.
    pub channel_session: Arc<Value>,
    /// `topicData.customer` (shared like the channel session).
    pub customer: Arc<Value>,
    pub customer_name: String,
    /// Channel type name, e.g. `WEB`.
    pub channel: String,
    /// My role: PRIMARY, ASSISTANT, SILENT_MONITOR, …
    pub role: String,
    /// The lines in display order, indexed by id; at most a scrollback window of them in
    /// memory (see [`Lines`]).
    pub lines: Lines,
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
    /// The customer left or their channel session ended (`CUSTOMER_LEFT`,
    /// `CHANNEL_SESSION_ENDED`/`EXPIRED`); a new `CHANNEL_SESSION_STARTED` clears it.
    /// Nothing sent now reaches them.
    pub customer_left: bool,
    /// The wrap-up form, between `wrapupTimerStarted` and the end.
    pub wrapup: Option<super::wrapup::WrapupForm>,
    /// The composer text kept while another conversation is focused.
    pub draft: super::editor::Editor,
    /// The message the next reply answers (`/reply`).
    pub reply_to: Option<Quote>,
    /// The selected line's id (for `/reply`, `/open`, `/copy`).
    pub selected: Option<String>,
    /// Screen lines scrolled up from the newest (0 = follow the newest), kept per
    /// conversation so switching chats and back returns to the same place.
    pub scroll: usize,
    /// Customer message ids not yet answered with a READ receipt, oldest first: filled as
    /// customer lines arrive, drained by [`Conversation::take_unreceipted`].
    unreceipted: VecDeque<Owed>,
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
    /// The queue the conversation came through (the offer's `queue.name`, else a
    /// `TASK_ENQUEUED` event's), sanitised; "" when unknown. For `{queue}` in canned
    /// responses.
    pub queue: String,
    /// Bot suggestions attached to the customer messages they answer ([`super::aids`]).
    pub suggestions: super::suggestions::Suggestions,
    /// The response SLA countdown, while one runs or after it ran out ([`super::sla`]).
    pub sla: Option<super::sla::ResponseSla>,
    /// A hand raised here (`HAND_RAISED`), until lowered or a supervisor joins.
    pub hand: Option<super::aids::RaisedHand>,
}

impl Conversation {
    /// A conversation from an `onTopicData` snapshot, keeping at most `window` lines in
    /// memory (the scrollback window, [`super::lines::DEFAULT_WINDOW`] by default).
    pub fn from_topic(
        conversation_id: &str,
        room_info: Option<RoomInfo>,
        topic: &TopicData,
        me: &str,
        now_ms: i64,
        window: usize,
    ) -> Self {
        let mut conversation = Conversation {
            id: conversation_id.to_string(),
            number: 0,
            room_info,
            channel_session: Arc::new(Value::Null),
            customer: Arc::new(Value::Null),
            customer_name: String::new(),
            channel: String::new(),
            role: "PRIMARY".into(),
            lines: Lines::with_window(window),
            unread: 0,
            last_activity_ms: now_ms,
            ended: None,
            leaving: false,
            conversation_data: Value::Null,
            customer_typing_until_ms: None,
            hold: None,
            customer_left: false,
            wrapup: None,
            draft: Default::default(),
            reply_to: None,
            selected: None,
            scroll: 0,
            unreceipted: VecDeque::new(),
            typing_sent_ms: None,
            roster: Default::default(),
            topic_participant: Value::Null,
            monitored: false,
            queue: String::new(),
            suggestions: Default::default(),
            sla: None,
            hand: None,
        };
        conversation.refresh(topic, me, now_ms);
        conversation
    }

    /// Merges a (re-sent) snapshot: metadata is replaced, history lines are merged by id.
    pub fn refresh(&mut self, topic: &TopicData, me: &str, now_ms: i64) {
        if !topic.channel_session.is_null() && *self.channel_session != topic.channel_session {
            self.channel_session = Arc::new(topic.channel_session.clone());
        }
        if !topic.customer.is_null() && *self.customer != topic.customer {
            self.customer = Arc::new(topic.customer.clone());
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
        // Lines older than the window are in the archive, not to be added twice: a snapshot
        // re-sent after a reconnect carries the whole history again [desk].
        let oldest_kept = (self.lines.archived() > 0)
            .then(|| self.lines.first().map(|l| l.at_ms))
            .flatten();
        let mut added: Vec<ChatLine> = Vec::new();
        let mut added_ids = std::collections::HashMap::new();
        let history = topic.history();
        for event in &history {
            self.note_presence(&event.name);
            if let Some(mut line) = line_for(event, me, now_ms) {
                if self.lines.position(&line.id).is_some() {
                    if line.author == Author::Me {
                        // The server's history holds an own message by its id: it was
                        // received, whatever its echo did (issue 8: reconcile on every
                        // onTopicData).
                        self.mark_delivery(&line.id, Delivery::Sent);
                    }
                    continue;
                }
                if oldest_kept.is_some_and(|oldest| line.at_ms < oldest)
                    || added_ids.contains_key(&line.id)
                {
                    continue;
                }
                // A reply may quote a line of this same snapshot.
                let earlier = line
                    .reply_to
                    .as_ref()
                    .and_then(|q| added_ids.get(&*q.id))
                    .map(|&i: &usize| added[i].quote());
                match earlier {
                    Some(quote) => line.reply_to = Some(Box::new(quote)),
                    None => self.resolve_quote(&mut line),
                }
                added_ids.insert(line.id.clone(), added.len());
                if line.author == Author::Customer {
                    self.queue_receipt(&line.id, None);
                }
                added.push(line);
            }
        }
        // The merge re-sorts the lines: owed receipts by line number would name others.
        self.pin_owed_ids(true);
        self.lines.merge_sorted(added);
        self.touch();
        self.refresh_aids(topic, &history, me, now_ms);
    }

    fn find(&self, id: &str) -> Option<usize> {
        self.lines.position(id)
    }

    /// Queues a READ receipt for a new customer line: `Some(abs)` for a live line about to
    /// be pushed at that absolute number, `None` for a snapshot line (kept by id). Where this
    /// desk may not signal (silent monitor, assistant) the queue keeps only the newest
    /// window's worth, for a later role change (barge-in).
    fn queue_receipt(&mut self, id: &str, abs: Option<u64>) {
        self.unreceipted.push_back(match abs {
            Some(abs) => Owed::Line(abs),
            None => Owed::Id(id.into()),
        });
        if !self.may_signal() && self.unreceipted.len() > self.lines.window() {
            self.unreceipted.pop_front();
        }
    }

    /// Appends a line; owed receipts of lines it pushes out of the window keep their ids.
    /// The sender's name is shared with one of the last few lines when it is the same.
    fn push_line(&mut self, mut line: ChatLine) {
        if let Some(same) = self
            .lines
            .iter()
            .rev()
            .take(4)
            .find(|l| l.sender == line.sender)
        {
            line.sender = same.sender.clone();
        }
        let archived = self.lines.archived();
        self.lines.push(line);
        if self.lines.archived() != archived {
            self.pin_owed_ids(false);
        }
    }

    /// Owed receipts of lines that left the window (or are about to be re-sorted by a
    /// snapshot merge, `all`) keep their id instead of the line's number.
    fn pin_owed_ids(&mut self, all: bool) {
        let base = self.lines.base();
        for owed in self.unreceipted.iter_mut() {
            if let Owed::Line(abs) = *owed {
                if all || abs < base {
                    *owed = Owed::Id(self.lines.id_at(abs).unwrap_or_default().into());
                }
            }
        }
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
        self.apply_event_with_aids(event, me, now_ms).0
    }

    /// [`Conversation::apply_event`], also giving what the aids changed ([`super::aids`]).
    pub fn apply_event_with_aids(
        &mut self,
        event: &CimEvent,
        me: &str,
        now_ms: i64,
    ) -> (bool, super::aids::AidsChange) {
        let aids = self.apply_aids(event, me, now_ms);
        (self.apply_event_lines(event, me, now_ms), aids)
    }

    fn apply_event_lines(&mut self, event: &CimEvent, me: &str, now_ms: i64) -> bool {
        self.note_presence(&event.name);
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
                let existing = self.lines.shown_mut(i);
                existing.text = line.text;
                existing.attachments = line.attachments;
                if let Some(provider_id) = line.provider_id {
                    self.lines.set_provider_id(i, provider_id);
                }
                if !line.whisper {
                    // My reply reached the server: the suggestions before it are answered.
                    self.suggestions.replied_in(&line.id, &self.lines);
                }
                self.mark_delivery(&line.id, Delivery::Sent);
            }
            return false;
        }
        let from_customer = line.author == Author::Customer;
        if from_customer {
            self.customer_typing_until_ms = None;
            let abs = self.lines.absolute(self.lines.len());
            self.queue_receipt(&line.id, Some(abs));
        }
        self.resolve_quote(&mut line);
        self.note_line(&line);
        self.push_line(line);
        self.touch();
        from_customer
    }

    /// Follows whether the customer is still there, from the event named `name`.
    fn note_presence(&mut self, name: &str) {
        match name {
            names::CUSTOMER_LEFT
            | names::CHANNEL_SESSION_ENDED
            | names::CHANNEL_SESSION_EXPIRED => self.customer_left = true,
            names::CHANNEL_SESSION_STARTED => self.customer_left = false,
            _ => {}
        }
    }

    /// Fills a new line's reply quote (set by `line_for` from `originalMessageId`, id only)
    /// from the quoted line when it is here.
    fn resolve_quote(&self, line: &mut ChatLine) {
        if let Some(quote) = line.reply_to.take() {
            line.reply_to = Some(Box::new(self.quote_of(&quote.id)));
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
    /// `message_id` is the CIM message id, or the channel's provider message id (delivery
    /// notifications may name either). O(1): both ids are indexed.
    ///
    /// This is the one way a line's delivery changes after [`Conversation::push_own`]
    /// (pending since `now_ms`): the server's echo gives [`Delivery::Sent`], delivery
    /// notifications give Delivered / Read / Failed, a failed upload gives Failed, and
    /// [`Conversation::expire_pending`] fails lines without echo after [`ECHO_TIMEOUT_MS`].
    pub fn mark_delivery(&mut self, message_id: &str, status: Delivery) {
        if let Some(i) = self.lines.delivery_target(message_id) {
            let line = &self.lines[i];
            let current = line.delivery.unwrap_or(Delivery::Sent);
            let failed_late = status == Delivery::Failed
                && current.rank() >= Delivery::Sent.rank()
                && current != Delivery::Sent;
            let unconfirmed = matches!(
                current,
                Delivery::Failed | Delivery::NotConfirmed | Delivery::NotSent | Delivery::Queued
            );
            if line.author == Author::Me
                && !failed_late
                && (status.rank() > current.rank() || unconfirmed && status == Delivery::Sent)
            {
                self.lines.set_delivery(i, status);
            }
        }
    }

    /// The line with this id (in the window).
    pub fn line(&self, id: &str) -> Option<&ChatLine> {
        self.lines.get_by_id(id)
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
    /// as answered. O(what it returns): the ids wait in their own queue.
    pub fn take_unreceipted(&mut self) -> Vec<String> {
        let lines = &self.lines;
        self.unreceipted
            .drain(..)
            .filter_map(|owed| match owed {
                Owed::Line(abs) => lines.id_at(abs).map(str::to_string),
                Owed::Id(id) => Some(id.into()),
            })
            .collect()
    }

    /// Customer messages waiting for a READ receipt.
    pub fn unreceipted_count(&self) -> usize {
        self.unreceipted.len()
    }

    /// Adds an own message as [`Delivery::Pending`] since `now_ms`; its delivery then moves
    /// on through [`Conversation::mark_delivery`] (the echo with the same `message_id`, then
    /// delivery notifications) or fails after [`ECHO_TIMEOUT_MS`]
    /// ([`Conversation::expire_pending`]). A queue of messages not sent yet (an outbox)
    /// attaches here: push when the message goes out, with the id it goes out with.
    pub fn push_own(
        &mut self,
        message_id: &str,
        sender: &str,
        text: &str,
        reply_to: Option<Quote>,
        now_ms: i64,
    ) {
        self.push_line(ChatLine {
            id: message_id.into(),
            author: Author::Me,
            sender: sender.into(),
            at_ms: now_ms,
            text: display_text(text).into(),
            delivery: Some(Delivery::Pending { sent_at_ms: now_ms }),
            attachments: Vec::new(),
            reply_to: reply_to.map(Box::new),
            provider_id: None,
            whisper: false,
        });
        self.touch();
    }

    /// Sets an own message's delivery as the outbox moves it (queued, pending, not sent),
    /// unless the server already confirmed it.
    pub fn set_own_delivery(&mut self, message_id: &str, delivery: Delivery) {
        if let Some(i) = self.lines.position(message_id) {
            let line = &self.lines[i];
            let confirmed = matches!(
                line.delivery,
                Some(Delivery::Sent | Delivery::Delivered | Delivery::Read)
            );
            if line.author == Author::Me && !confirmed {
                self.lines.set_delivery(i, delivery);
            }
        }
    }

    /// Adds an own whisper as pending (like [`Conversation::push_own`]).
    pub fn push_own_whisper(&mut self, message_id: &str, sender: &str, text: &str, now_ms: i64) {
        self.push_own(message_id, sender, text, None, now_ms);
        if let Some(last) = self.lines.len().checked_sub(1) {
            self.lines.shown_mut(last).whisper = true;
        }
    }

    /// Adds a system line (not from the server; e.g. "Conversation ended").
    pub fn push_system(&mut self, id: String, text: &str, now_ms: i64) {
        if self.find(&id).is_some() {
            return;
        }
        self.push_line(ChatLine {
            id: id.into(),
            author: Author::System,
            sender: "".into(),
            at_ms: now_ms,
            text: display_text(text).into(),
            delivery: None,
            attachments: Vec::new(),
            reply_to: None,
            provider_id: None,
            whisper: false,
        });
        self.touch();
    }

    /// Gives back the memory of a conversation that ended: only the newest
    /// [`ENDED_LINES_KEPT`] lines stay in memory (older ones go to the archive), no READ
    /// receipt is owed any more, spare capacity is returned.
    pub fn compact(&mut self) {
        self.lines.compact(ENDED_LINES_KEPT);
        self.unreceipted = VecDeque::new();
    }

    /// Marks own messages pending for longer than [`ECHO_TIMEOUT_MS`] as not confirmed. Returns true
    /// when any changed. Looks at pending lines only (O(1) when none is due).
    pub fn expire_pending(&mut self, now_ms: i64) -> bool {
        self.lines.expire_pending(now_ms, ECHO_TIMEOUT_MS)
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
        return describe_event_for(event, me).map(|text| ChatLine {
            id: event.id.as_str().into(),
            author: Author::System,
            sender: "".into(),
            at_ms,
            text: text.into(),
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
        id: message.id.as_str().into(),
        author: author.clone(),
        sender: one_line(&name).into(),
        at_ms: header_at.unwrap_or(at_ms),
        text: rendered.lines.join("\n").into(),
        delivery: (author == Author::Me).then_some(Delivery::Sent),
        attachments: rendered.attachments,
        // Resolved against the conversation's lines by `resolve_quote`.
        reply_to: message.header.original_message_id.clone().map(|id| {
            Box::new(Quote {
                id,
                sender: String::new(),
                excerpt: String::new(),
            })
        }),
        provider_id: message
            .header
            .extra
            .get("providerMessageId")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .map(Box::from),
        whisper: event.name == names::WHISPER_MESSAGE,
    })
}
