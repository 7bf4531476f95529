//! The whole desk state. Written only by [`super::update`]; read by the UI.

use std::collections::VecDeque;

use crate::protocol::{ChannelType, KeycloakUser, Reason};

use super::conversation::Conversation;
use super::conversations::Conversations;
use super::editor::{Editor, KillBuffer};
use super::offer::Offer;
use super::text_field::TextField;

/// Early CIM events kept per conversation (oldest dropped beyond this).
pub const MAX_EARLY_EVENTS: usize = 200;
/// Conversations for which early events are kept (oldest conversation dropped beyond this).
pub const MAX_EARLY_CONVERSATIONS: usize = 20;

/// How long an info notice stays on screen, ms.
pub const NOTICE_SHOWN_MS: i64 = 8_000;

/// How many notices are kept (oldest dropped).
pub const MAX_NOTICES: usize = 50;

/// Connection to the Agent Manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// Showing the login form.
    LoggedOut,
    /// REST login or socket connect under way.
    Connecting,
    /// Namespace joined; events flow.
    Online,
    /// Lost; the client retries (`retry_in_ms` after the loss).
    Reconnecting { reason: String },
    /// Ended for good (forced logout, session removed elsewhere, logout).
    Offline { reason: String },
}

/// The agent's global state as last confirmed by the server (`agentPresence`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgentStatus {
    /// LOGIN, READY, NOT_READY, LOGOUT, … ("" before the first `agentPresence`).
    pub state: String,
    /// Reason name, for NOT_READY / LOGOUT.
    pub reason: Option<String>,
    /// When the state began, epoch ms UTC (server clock).
    pub since_ms: Option<i64>,
}

/// One MRD chip in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MrdChip {
    pub id: String,
    pub name: String,
    /// READY, NOT_READY, ACTIVE, BUSY, PENDING_NOT_READY, … verbatim.
    pub state: String,
    pub max_tasks: Option<u32>,
}

/// How serious a notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// What a notice reports, so it ends when that ends (a notice about an offer goes when the
/// offer does, a send failure when the next message goes out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum About {
    /// The offer for this conversation id (ends when it is accepted, withdrawn or gone).
    Offer(String),
    /// Sending a message or file failed or could not start (ends when an own message is
    /// confirmed by the server).
    Send,
    /// The wrap-up of this conversation id (ends when it is sent or the conversation ends).
    Wrapup(String),
    /// The connection (ends when it is back).
    Connection,
    /// A refused agent or MRD state change (ends with the next state change).
    AgentState,
    /// The queues and agents being loaded for Tab (ends when they arrive).
    Queues,
}

/// A line in the notice area (status messages, errors, refusals).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: Level,
    /// Sanitised text.
    pub text: String,
    /// Epoch ms UTC.
    pub at_ms: i64,
    /// What it reports, when that can end.
    pub about: Option<About>,
    /// What it reported has ended: no longer shown.
    pub ended: bool,
}

/// Which login field has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoginField {
    #[default]
    Username,
    Password,
}

/// The login form (shown when no password was given in `AGENTDESK_PASSWORD`, and after a
/// failed login). The password never leaves this struct except in [`crate::client::Command::Login`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct LoginForm {
    pub server: String,
    pub username: TextField,
    pub password: TextField,
    pub focus: LoginField,
    /// The last failure, shown above the fields.
    pub error: Option<String>,
    /// A login is under way.
    pub busy: bool,
    /// The last session ended because this agent logged in elsewhere: the next login asks
    /// first, since it ends that other session (seed 004's prepareSession `override`
    /// pattern: confirm before taking over).
    pub takeover: Takeover,
}

/// Whether logging in would take a session over from another place (see
/// [`LoginForm::takeover`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Takeover {
    /// Nothing to confirm.
    #[default]
    None,
    /// The next Enter asks instead of logging in.
    Ask,
    /// Asked: the next Enter logs in and ends the other session.
    Asked,
}

impl std::fmt::Debug for LoginForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginForm")
            .field("server", &self.server)
            .field("username", &self.username.text())
            .field("password", &"<redacted>")
            .field("error", &self.error)
            .finish()
    }
}

/// Which overlay covers the main screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    /// A list to pick from (reason codes, MRDs, transfer targets).
    Picker(super::picker::Picker),
    /// The chats waiting on the followed pull-mode lists ([`State::pull`], `/pull`).
    PullPanel,
    /// The team announcements ([`State::announcements`], `/announcements`).
    Announcements,
    /// A yes/no question before a step that loses something ([`super::confirm`]).
    Confirm(super::confirm::Question),
    /// `/status`: the agent and MRD states in protocol terms.
    Status,
    /// The supervisor's team board ([`State::board`]).
    TeamBoard,
    /// `/log`: the notices and the end of the log file.
    Log(LogView),
}

/// What the `/log` overlay shows besides the notices: the end of the log file, filled in
/// when the runtime has read it ([`super::Input::LogTail`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogView {
    /// The log file's path (empty until read).
    pub path: String,
    /// Its last lines, oldest first, sanitised.
    pub lines: Vec<String>,
    /// Why it could not be read.
    pub error: Option<String>,
    /// Waiting for the runtime.
    pub loading: bool,
}

impl Default for LogView {
    fn default() -> Self {
        LogView {
            path: String::new(),
            lines: Vec::new(),
            error: None,
            loading: true,
        }
    }
}

/// The banner after a missed offer (RONA: `revokeTask`, then NOT_READY).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RonaNotice {
    /// Sanitised customer name of the missed offer.
    pub customer_name: String,
    /// Epoch ms UTC of the revoke.
    pub at_ms: i64,
}

/// Past conversations of a customer (conversation-manager `activities`, PROTOCOL.md §5).
#[derive(Debug, Clone, PartialEq)]
pub struct PastConversations {
    pub customer_id: String,
    pub items: Vec<crate::protocol::history::PastConversation>,
    /// Total count when the server tells it.
    pub total: Option<u64>,
    /// A page is being fetched.
    pub loading: bool,
}

/// Everything the desk knows. See the module docs of each part.
#[derive(Debug, Clone)]
pub struct State {
    pub connection: Connection,
    /// Set by the login form while logged out.
    pub login: Option<LoginForm>,
    /// The logged-in user.
    pub me: Option<KeycloakUser>,
    pub agent: AgentStatus,
    pub mrds: Vec<MrdChip>,
    pub reasons: Vec<Reason>,
    pub channel_types: Vec<ChannelType>,
    /// Pending offers, oldest first.
    pub offers: Vec<Offer>,
    /// Conversations, indexed by id, in the order of their [`Conversation::number`] (the
    /// smallest free number when they arrived).
    pub conversations: Conversations,
    /// Lines kept in memory per conversation (the scrollback window; older ones are in the
    /// archive). Default [`super::lines::DEFAULT_WINDOW`]; config key `scrollback`.
    pub scrollback: usize,
    /// Id of the focused conversation.
    pub focused: Option<String>,
    /// Conversation to focus when its `onTopicData` arrives (after an accept).
    pub focus_on_arrival: Option<String>,
    pub composer: Editor,
    /// The composer's draft, set aside while a `/` typed elsewhere (a picker, the wrap-up
    /// form) starts a command; it comes back when the composer is empty again.
    pub stash: Option<Editor>,
    /// The text deleted last in the composer (Ctrl+K, Ctrl+U, Ctrl+W, Alt+D), for Ctrl+Y in
    /// any conversation's draft.
    pub kills: KillBuffer,
    /// Tab completion under way in the composer ([`super::complete`]).
    pub completion: Option<super::complete::Completion>,
    pub notices: VecDeque<Notice>,
    pub overlay: Option<Overlay>,
    /// Lines the help overlay is scrolled down (reset when it opens).
    pub help_scroll: usize,
    /// Shown after a RONA until the agent is READY again or dismisses it.
    pub rona: Option<RonaNotice>,
    /// The customer panel beside the chat is open.
    pub customer_panel: bool,
    /// Past conversations loaded for the customer panel.
    pub past: Option<PastConversations>,
    /// CIM events for conversations whose `onTopicData` has not arrived yet, replayed when it
    /// does (bounded: [`MAX_EARLY_EVENTS`] per conversation, [`MAX_EARLY_CONVERSATIONS`]).
    pub early_events: Vec<(String, Vec<crate::protocol::CimEvent>)>,
    /// Wrap-up choices `(categoryName, value)` offered in the wrap-up form.
    pub wrapup_categories: Vec<(String, String)>,
    /// Messages on their way, exactly once ([`super::outbox`]).
    pub outbox: super::outbox::Outbox,
    /// What the server re-sent since the last (re)connect, until the resync's grace is over
    /// ([`super::resync`]).
    pub resync: Option<super::resync::Resync>,
    /// Shown in the status bar for the whole session: plain http, `--insecure`.
    pub security: Vec<super::security::SecurityWarning>,
    /// A transfer / conference / consult being chosen (see [`super::assist`]).
    pub assist: Option<super::assist::AssistFlow>,
    /// The last queue list the routing engine gave (for Tab completion and the palette;
    /// [`super::assist::AssistFlow::queues`] is the one a transfer uses).
    pub known_queues: Vec<crate::protocol::AvailableQueue>,
    /// Requests sent to other agents, newest last (at most [`super::assist::MAX_HANDOVERS`]).
    pub handovers: Vec<super::assist::Handover>,
    /// The supervisor's team board data (shown as [`Overlay::TeamBoard`]).
    pub board: super::team_board::TeamBoard,
    /// Conversations this desk asked to join as silent monitor, not yet arrived (their
    /// snapshot opens them read-only even if it names no role).
    pub pending_monitors: Vec<String>,
    /// conversation id → the agent id a `/consult @agent` named (for `/consult-transfer`).
    pub consulted: std::collections::HashMap<String, String>,
    /// Which notifications to raise (`[notify]` of the configuration).
    pub notify_config: super::notify::NotifyConfig,
    /// Canned responses (`[canned]` of the configuration, [`super::canned`]).
    pub canned: super::canned::CannedSet,
    /// `remember` of the configuration: after a successful login from the form, the
    /// password goes to the runtime to be stored in the OS keyring.
    pub remember_password: bool,
    /// The username and password of the login under way, kept only with
    /// `remember_password` and only until the login's outcome ([`crate::client::Secret`]
    /// never shows in `Debug`).
    pub(crate) password_to_remember: Option<(String, crate::client::Secret)>,
    /// Latest clock reading passed to `update`, epoch ms UTC.
    pub now_ms: i64,
    /// Set when the desk should exit.
    pub quit: bool,
    /// The server label of the login form, kept for the next login after a logout.
    pub server: String,
    /// The agent or MRD state change asked for and not answered yet, as a verb phrase for
    /// the answer ("log out", "go not ready"), so a refusal can say what was refused.
    pub state_request: Option<String>,
    /// An `errors` refusal of `changeAgentState` is on screen: the UNCHANGED after it adds
    /// nothing.
    pub refusal_shown: bool,
    /// The agent and MRD states were sent by the server on this connection (an
    /// `agentPresence` since the last `Connected`). Until then they are only "last known"
    /// (after a server restart the new server's state may differ), so a request for the state
    /// shown is sent rather than refused as "already" (issue 8 resync with issue 9's
    /// READY-while-READY rule).
    pub agent_confirmed: bool,
    /// Ask before leaving an active chat from a key and before quitting with open chats or
    /// unsent text (config `confirm`, default true).
    pub confirm: bool,
    /// A line shown first in the help overlay (`agentdesk demo`: the customer chat page).
    pub help_note: Option<String>,
    /// Pull mode: followed lists, waiting chats, the pick under way.
    pub pull: super::pull::PullMode,
    /// Team announcements.
    pub announcements: super::announcements::Announcements,
    /// The unified-admin form whose categories are the wrap-up choices
    /// (`GET /unified-admin/forms/{id}`, PROTOCOL.md §5, §7), read after login; `None` keeps
    /// `wrapup_categories` as configured. Default: the real desk's form,
    /// [`crate::protocol::forms::DEFAULT_WRAPUP_FORM_ID`].
    pub wrapup_form_id: Option<String>,
}

impl State {
    /// A fresh state. `login` is `Some` when the login form must be shown.
    pub fn new(login: Option<LoginForm>, now_ms: i64) -> Self {
        let server = login.as_ref().map(|f| f.server.clone()).unwrap_or_default();
        State {
            connection: if login.is_some() {
                Connection::LoggedOut
            } else {
                Connection::Connecting
            },
            login,
            me: None,
            agent: AgentStatus::default(),
            mrds: Vec::new(),
            reasons: Vec::new(),
            channel_types: Vec::new(),
            offers: Vec::new(),
            conversations: Conversations::default(),
            scrollback: super::lines::DEFAULT_WINDOW,
            focused: None,
            focus_on_arrival: None,
            composer: Editor::default(),
            stash: None,
            kills: KillBuffer::default(),
            completion: None,
            notices: VecDeque::new(),
            overlay: None,
            help_scroll: 0,
            rona: None,
            customer_panel: false,
            past: None,
            early_events: Vec::new(),
            wrapup_categories: super::wrapup::DEFAULT_CATEGORIES
                .iter()
                .map(|(c, v)| (c.to_string(), v.to_string()))
                .collect(),
            outbox: Default::default(),
            resync: None,
            security: Vec::new(),
            assist: None,
            known_queues: Vec::new(),
            handovers: Vec::new(),
            board: Default::default(),
            pending_monitors: Vec::new(),
            consulted: Default::default(),
            notify_config: Default::default(),
            canned: Default::default(),
            remember_password: false,
            password_to_remember: None,
            now_ms,
            quit: false,
            server,
            state_request: None,
            refusal_shown: false,
            agent_confirmed: false,
            confirm: true,
            help_note: None,
            pull: Default::default(),
            announcements: Default::default(),
            wrapup_form_id: Some(crate::protocol::forms::DEFAULT_WRAPUP_FORM_ID.to_string()),
        }
    }

    /// Screen lines the focused conversation is scrolled up from its newest line (0 when
    /// following the newest, or with no conversation focused).
    pub fn scroll(&self) -> usize {
        self.focused_conversation().map_or(0, |c| c.scroll)
    }

    /// True when the logged-in user has the `supervisor` role (PROTOCOL.md §1.1).
    pub fn is_supervisor(&self) -> bool {
        self.me.as_ref().is_some_and(KeycloakUser::is_supervisor)
    }

    /// The focused conversation.
    pub fn focused_conversation(&self) -> Option<&Conversation> {
        self.conversations.by_id(self.focused.as_deref()?)
    }

    /// Index of the focused conversation in `conversations`.
    pub fn focused_index(&self) -> Option<usize> {
        self.conversations.position(self.focused.as_deref()?)
    }

    /// The conversation with this id.
    pub fn conversation(&self, id: &str) -> Option<&Conversation> {
        self.conversations.by_id(id)
    }

    /// Adds a conversation with the smallest number no open conversation has, in number
    /// order.
    pub(crate) fn add_conversation(&mut self, mut conversation: Conversation) {
        let mut number = 1;
        let mut at = 0;
        for (i, c) in self.conversations.iter().enumerate() {
            if c.number != number {
                break;
            }
            number += 1;
            at = i + 1;
        }
        conversation.number = number;
        self.conversations.insert(at, conversation);
    }

    /// The conversation numbered `number`.
    pub fn numbered(&self, number: usize) -> Option<&Conversation> {
        self.conversations.iter().find(|c| c.number == number)
    }

    pub(crate) fn conversation_mut(&mut self, id: &str) -> Option<&mut Conversation> {
        self.conversations.by_id_mut(id)
    }

    /// The focused conversation, mutably.
    pub(crate) fn focused_conversation_mut(&mut self) -> Option<&mut Conversation> {
        let index = self.focused_index()?;
        Some(&mut self.conversations[index])
    }

    /// Open (not ended) conversations routed through MRD `mrd_id` (a supervisor's monitored
    /// ones are no task and do not count): a conversation's channel
    /// type maps to its MRD through `onChannelTypes` (`mediaRoutingDomain`, PROTOCOL.md §3).
    /// O(channel types + conversations), never over lines.
    pub fn mrd_load(&self, mrd_id: &str) -> usize {
        let channels: Vec<&str> = self
            .channel_types
            .iter()
            .filter(|t| t.media_routing_domain.as_deref() == Some(mrd_id))
            .map(|t| t.name.as_str())
            .collect();
        if channels.is_empty() {
            return 0;
        }
        self.conversations
            .iter()
            .filter(|c| c.ended.is_none() && !c.monitored)
            .filter(|c| channels.iter().any(|n| n.eq_ignore_ascii_case(&c.channel)))
            .count()
    }

    /// Keeps a CIM event that arrived before its conversation's `onTopicData`.
    pub(crate) fn hold_early_event(
        &mut self,
        conversation_id: &str,
        event: crate::protocol::CimEvent,
    ) {
        tracing::info!(conversation = %conversation_id, name = %event.name, "CIM event before its conversation; kept until onTopicData");
        let index = match self
            .early_events
            .iter()
            .position(|(id, _)| id == conversation_id)
        {
            Some(i) => i,
            None => {
                if self.early_events.len() >= MAX_EARLY_CONVERSATIONS {
                    self.early_events.remove(0);
                }
                self.early_events
                    .push((conversation_id.to_string(), Vec::new()));
                self.early_events.len() - 1
            }
        };
        let events = &mut self.early_events[index].1;
        if events.len() >= MAX_EARLY_EVENTS {
            events.remove(0);
        }
        events.push(event);
    }

    /// Takes the early events of a conversation, oldest first.
    pub(crate) fn take_early_events(
        &mut self,
        conversation_id: &str,
    ) -> Vec<crate::protocol::CimEvent> {
        match self
            .early_events
            .iter()
            .position(|(id, _)| id == conversation_id)
        {
            Some(i) => self.early_events.remove(i).1,
            None => Vec::new(),
        }
    }

    /// Adds a notice (text is sanitised here).
    pub fn notify(&mut self, level: Level, text: impl AsRef<str>) {
        self.push_notice(level, None, text.as_ref());
    }

    /// Adds a notice about something that can end ([`State::end_notices`]).
    pub fn notify_about(&mut self, level: Level, about: About, text: impl AsRef<str>) {
        self.push_notice(level, Some(about), text.as_ref());
    }

    fn push_notice(&mut self, level: Level, about: Option<About>, text: &str) {
        self.notices.push_back(Notice {
            level,
            text: super::sanitize::one_line(text),
            at_ms: self.now_ms,
            about,
            ended: false,
        });
        while self.notices.len() > MAX_NOTICES {
            self.notices.pop_front();
        }
    }

    /// Ends the notices about `what`: they are no longer shown (they stay in `notices`).
    pub fn end_notices(&mut self, what: &About) {
        for notice in &mut self.notices {
            if notice.about.as_ref() == Some(what) {
                notice.ended = true;
            }
        }
    }

    /// Ends the notices about offers that are no longer pending.
    pub(crate) fn end_stale_offer_notices(&mut self) {
        let offers = &self.offers;
        for notice in &mut self.notices {
            if let Some(About::Offer(id)) = &notice.about {
                if !offers.iter().any(|o| &o.conversation_id == id) {
                    notice.ended = true;
                }
            }
        }
    }

    /// The newest notice.
    pub fn last_notice(&self) -> Option<&Notice> {
        self.notices.back()
    }

    /// The notice to show now: the newest one still fresh ([`NOTICE_SHOWN_MS`] for info,
    /// twice that for warnings and errors) whose subject has not ended — except that a newer
    /// info line does not push out an error younger than [`NOTICE_SHOWN_MS`] (a refused
    /// logout stays readable when an offer arrives a moment later). Older notices stay in
    /// `notices`.
    pub fn current_notice(&self) -> Option<&Notice> {
        let live = |n: &&Notice, shown: i64| !n.ended && self.now_ms - n.at_ms < shown;
        let newest = self.notices.iter().rev().find(|n| {
            let shown = if n.level == Level::Info {
                NOTICE_SHOWN_MS
            } else {
                2 * NOTICE_SHOWN_MS
            };
            live(n, shown)
        })?;
        if newest.level != Level::Info {
            return Some(newest);
        }
        self.notices
            .iter()
            .rev()
            .take_while(|n| self.now_ms - n.at_ms < NOTICE_SHOWN_MS)
            .find(|n| n.level == Level::Error && live(n, NOTICE_SHOWN_MS))
            .or(Some(newest))
    }
}
