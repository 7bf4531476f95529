//! Notification rules (pure): which network events deserve the agent's attention when the
//! desk is in a background window, and on which channels.
//!
//! Kinds (issue 10): a new offer (with its RONA time), a message in a conversation that is
//! not in focus, a whisper, a forced logout and a lost connection; (issue 13) a team
//! announcement posted by someone else; (issue 12) a response SLA that ran out in a
//! conversation not in focus, and (for supervisors) a raised hand. Channels: the terminal
//! bell, the terminal title (`agentdesk (2) — offer`) and desktop notifications. Each kind
//! has its channels set in `[notify]` of the configuration ([`NotifyConfig`]). Nothing is
//! ever raised for the conversation in focus: the agent is looking at it.
//!
//! [`update`](super::update) snapshots a few facts before an event ([`Before::of`]) and
//! compares after it ([`alerts`]), so the rules read the state the app already keeps rather
//! than re-deciding what a message is. The runtime carries out [`Effect::Alert`] and keeps
//! the title at [`terminal_title`].

use serde::{Deserialize, Serialize};

use crate::client::ClientEvent;
use crate::protocol::cim::names;

use super::effect::Effect;
use super::offer::seconds_until;
use super::state::{Connection, State};

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    /// A task offer arrived (`taskRequest`, PROTOCOL.md §3).
    Offer,
    /// A customer or bot message in a conversation that is not in focus.
    Message,
    /// A whisper (`WHISPER_MESSAGE`) from a supervisor in a conversation not in focus.
    Whisper,
    /// The server ended the session (`io server disconnect`, or logged in elsewhere).
    ForcedLogout,
    /// The connection to the Agent Manager was lost (the client reconnects).
    ConnectionLost,
    /// The response SLA ran out in a conversation not in focus (issue 12, [`super::sla`]).
    SlaExpired,
    /// An agent raised a hand in a conversation I am not looking at (supervisors).
    HandRaised,
    /// A team announcement (`ANNOUNCEMENT_CREATED`, PROTOCOL.md §3) posted by someone else.
    Announcement,
}

/// Which channels a kind uses. In TOML: `true` (all), `false` (none), or a list of
/// `"bell"`, `"title"`, `"desktop"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Channels {
    /// Ring the terminal bell (BEL).
    pub bell: bool,
    /// Count it in the terminal title.
    pub title: bool,
    /// Show a desktop notification (needs the `desktop-notify` cargo feature).
    pub desktop: bool,
}

impl Channels {
    /// Every channel.
    pub const ALL: Channels = Channels {
        bell: true,
        title: true,
        desktop: true,
    };
    /// No channel: the kind is off.
    pub const NONE: Channels = Channels {
        bell: false,
        title: false,
        desktop: false,
    };

    fn any(self) -> bool {
        self.bell || self.title || self.desktop
    }
}

/// `[notify]`: channels per kind. Every kind defaults to every channel.
///
/// ```toml
/// [notify]
/// offer = true                      # bell, title and desktop
/// message = ["title", "desktop"]    # no bell for messages
/// whisper = ["bell"]
/// forced_logout = true
/// connection_lost = false           # nothing
/// sla_expired = true                # a reply is overdue in a chat not in focus
/// hand_raised = ["bell", "desktop"] # supervisors: an agent asks for help
/// announcement = ["title", "desktop"]
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotifyConfig {
    pub offer: Channels,
    pub message: Channels,
    pub whisper: Channels,
    pub forced_logout: Channels,
    pub connection_lost: Channels,
    pub sla_expired: Channels,
    pub hand_raised: Channels,
    pub announcement: Channels,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        NotifyConfig {
            offer: Channels::ALL,
            message: Channels::ALL,
            whisper: Channels::ALL,
            forced_logout: Channels::ALL,
            connection_lost: Channels::ALL,
            sla_expired: Channels::ALL,
            hand_raised: Channels::ALL,
            announcement: Channels::ALL,
        }
    }
}

impl NotifyConfig {
    /// Channels of `kind`.
    pub fn channels(&self, kind: AlertKind) -> Channels {
        match kind {
            AlertKind::Offer => self.offer,
            AlertKind::Message => self.message,
            AlertKind::Whisper => self.whisper,
            AlertKind::ForcedLogout => self.forced_logout,
            AlertKind::ConnectionLost => self.connection_lost,
            AlertKind::SlaExpired => self.sla_expired,
            AlertKind::HandRaised => self.hand_raised,
            AlertKind::Announcement => self.announcement,
        }
    }

    /// The channels of every kind, in declaration order.
    pub fn each(&self) -> [Channels; 8] {
        [
            self.offer,
            self.message,
            self.whisper,
            self.forced_logout,
            self.connection_lost,
            self.sla_expired,
            self.hand_raised,
            self.announcement,
        ]
    }

    /// True when some kind counts in the title (the desk then owns the terminal title).
    pub fn uses_title(&self) -> bool {
        self.each().iter().any(|c| c.title)
    }
}

/// A notification for the runtime to raise on `channels`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub kind: AlertKind,
    /// Bell and desktop only: the title is kept by [`terminal_title`]. Never empty.
    pub channels: Channels,
    /// Desktop notification summary, e.g. `New WEB offer — Maria`. Sanitised.
    pub summary: String,
    /// Desktop notification body, e.g. `Queue Sales · RONA in 30 s`. Sanitised.
    pub body: String,
}

/// One alert of `kind` for the runtime, when `state.notify_config` gives the kind any
/// channel (`None` when the kind is off). `summary` and `body` must be sanitised.
pub fn alert(state: &State, kind: AlertKind, summary: String, body: String) -> Option<Effect> {
    let channels = state.notify_config.channels(kind);
    channels.any().then_some(Effect::Alert(Alert {
        kind,
        channels,
        summary,
        body,
    }))
}

/// Facts taken just before an event is applied, compared by [`alerts`] just after.
#[derive(Debug, Clone, Default)]
pub struct Before {
    offers: usize,
    /// The conversation the event is for, when it is a CIM event: its id, its unread count,
    /// and the message id of a whisper from someone else that it does not show yet.
    cim: Option<(String, usize, Option<String>)>,
    online: bool,
    offline: bool,
    /// The agent asked to log out (`/logout`): the server's disconnect is expected.
    logging_out: bool,
    /// The id of an announcement the event brings that the desk does not have yet.
    new_announcement: Option<String>,
}

impl Before {
    /// The facts about `state` that `event` may change.
    pub fn of(state: &State, event: &ClientEvent) -> Before {
        let cim = match event {
            ClientEvent::CimEvent {
                conversation_id,
                event,
            } => conversation_id
                .as_deref()
                .or(event.conversation_id.as_deref())
                .and_then(|id| state.conversations.by_id(id))
                .map(|c| {
                    let me = state.me.as_ref().map(|u| u.id.as_str()).unwrap_or("");
                    // Decoded only for whispers; the line index answers "new?" by id.
                    let whisper = (event.name == names::WHISPER_MESSAGE)
                        .then(|| event.message())
                        .flatten()
                        .filter(|m| m.header.sender.as_ref().is_none_or(|s| s.id != me))
                        .map(|m| m.id.clone())
                        .filter(|id| c.lines.get_by_id(id).is_none());
                    (c.id.clone(), c.unread, whisper)
                }),
            _ => None,
        };
        Before {
            offers: state.offers.len(),
            cim,
            online: state.connection == Connection::Online,
            offline: matches!(state.connection, Connection::Offline { .. }),
            logging_out: state.agent.state == "LOGOUT",
            new_announcement: match event {
                ClientEvent::AnnouncementCreated(a)
                    if !state.announcements.items.iter().any(|b| b.id == a.id) =>
                {
                    Some(a.id.clone())
                }
                _ => None,
            },
        }
    }
}

/// The alerts for what changed from `before` to `state`, filtered by `state.notify_config`:
/// new offers, new unread messages or a whisper in a conversation not in focus, a forced
/// logout, a lost connection. Returned as [`Effect::Alert`]s.
pub fn alerts(before: &Before, state: &State) -> Vec<Effect> {
    let config = &state.notify_config;
    let mut out = Vec::new();
    let mut raise = |kind: AlertKind, summary: String, body: String| {
        let channels = config.channels(kind);
        if channels.any() {
            out.push(Effect::Alert(Alert {
                kind,
                channels,
                summary,
                body,
            }));
        }
    };
    for offer in state.offers.iter().skip(before.offers) {
        let channel = if offer.channel.is_empty() {
            "chat".to_string()
        } else {
            offer.channel.clone()
        };
        let mut body = Vec::new();
        if !offer.queue.is_empty() {
            body.push(format!("queue {}", offer.queue));
        }
        if let Some(end) = offer.expires_at_ms {
            body.push(format!(
                "RONA in {} s",
                seconds_until(end, offer.received_at_ms)
            ));
        }
        body.push("/accept".into());
        raise(
            AlertKind::Offer,
            format!("New {channel} offer — {}", offer.customer_name),
            body.join(" · "),
        );
    }
    if let Some((id, unread, whisper)) = &before.cim {
        let focused = state.focused.as_deref() == Some(id.as_str());
        let conversation = state.conversations.by_id(id);
        if let Some(conversation) = conversation.filter(|_| !focused) {
            let newest = conversation.lines.last();
            let excerpt_of =
                |line: Option<&super::ChatLine>| line.map(|l| excerpt(&l.text)).unwrap_or_default();
            let whisper_line = whisper
                .as_deref()
                .and_then(|id| conversation.lines.get_by_id(id));
            if let Some(line) = whisper_line {
                let from = line.sender.clone();
                let excerpt = excerpt_of(Some(line));
                raise(
                    AlertKind::Whisper,
                    format!("Whisper from {from} — {}", conversation.customer_name),
                    excerpt,
                );
            } else if conversation.unread > *unread {
                raise(
                    AlertKind::Message,
                    format!("Message from {}", conversation.customer_name),
                    excerpt_of(newest),
                );
            }
        }
    }
    if let Some(id) = &before.new_announcement {
        let me = state.me.as_ref().map(|u| u.id.as_str());
        let shown = state.announcements.items.iter().find(|a| a.id == *id);
        // Shown (for my teams, not expired) and not my own.
        if let Some(a) = shown.filter(|a| a.supervisor_id.as_deref() != me) {
            let author = a.author.clone().unwrap_or_else(|| "a supervisor".into());
            raise(
                AlertKind::Announcement,
                format!("Announcement from {author}"),
                excerpt(&a.text),
            );
        }
    }
    match &state.connection {
        Connection::Reconnecting { reason } if before.online => raise(
            AlertKind::ConnectionLost,
            "Connection to the Agent Manager lost".into(),
            format!("{reason}; reconnecting"),
        ),
        Connection::Offline { reason } if !before.offline && !before.logging_out => raise(
            AlertKind::ForcedLogout,
            "Logged out by the Agent Manager".into(),
            reason.clone(),
        ),
        _ => {}
    }
    out
}

/// The terminal title for `state`: `agentdesk`, `agentdesk (2) — offer` (pending offers and
/// conversations with unread messages, for the kinds whose channels include the title), and
/// `— reconnecting` / `— logged out` while the connection is down.
pub fn terminal_title(state: &State) -> String {
    let config = &state.notify_config;
    let offers = if config.offer.title {
        state.offers.len()
    } else {
        0
    };
    let unread = if config.message.title {
        state
            .conversations
            .iter()
            .filter(|c| c.unread > 0 && state.focused.as_deref() != Some(c.id.as_str()))
            .count()
    } else {
        0
    };
    let overdue = if config.sla_expired.title {
        state
            .conversations
            .iter()
            .filter(|c| state.focused.as_deref() != Some(c.id.as_str()))
            .filter(|c| super::commands::sla::overdue(c, state.now_ms))
            .count()
    } else {
        0
    };
    let mut labels = Vec::new();
    if offers > 0 {
        labels.push(if offers == 1 { "offer" } else { "offers" });
    }
    if unread > 0 {
        labels.push(if unread == 1 { "message" } else { "messages" });
    }
    if overdue > 0 {
        labels.push("reply overdue");
    }
    match state.connection {
        Connection::Reconnecting { .. } if config.connection_lost.title => {
            labels.push("reconnecting")
        }
        Connection::Offline { .. } if config.forced_logout.title => labels.push("logged out"),
        _ => {}
    }
    if config.announcement.title && state.announcements.banner(state.now_ms).is_some() {
        labels.push("announcement");
    }
    let count = offers + unread + overdue;
    let mut title = String::from("agentdesk");
    if count > 0 {
        title.push_str(&format!(" ({count})"));
    }
    if !labels.is_empty() {
        title.push_str(" — ");
        title.push_str(&labels.join(", "));
    }
    title
}

/// One line of at most 80 chars of an (already sanitised) message.
fn excerpt(text: &str) -> String {
    let flat = text.replace('\n', " ");
    let mut out: String = flat.chars().take(80).collect();
    if flat.chars().count() > 80 {
        out.push('…');
    }
    out
}

impl Serialize for Channels {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        if *self == Channels::ALL {
            return serializer.serialize_bool(true);
        }
        if *self == Channels::NONE {
            return serializer.serialize_bool(false);
        }
        let mut seq = serializer.serialize_seq(None)?;
        for (on, name) in [
            (self.bell, "bell"),
            (self.title, "title"),
            (self.desktop, "desktop"),
        ] {
            if on {
                seq.serialize_element(name)?;
            }
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Channels {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "lowercase")]
        enum Channel {
            Bell,
            Title,
            Desktop,
        }
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Channels;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false, or a list of \"bell\", \"title\", \"desktop\"")
            }
            fn visit_bool<E>(self, on: bool) -> Result<Channels, E> {
                Ok(if on { Channels::ALL } else { Channels::NONE })
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Channels, A::Error> {
                let mut channels = Channels::NONE;
                while let Some(channel) = seq.next_element::<Channel>()? {
                    match channel {
                        Channel::Bell => channels.bell = true,
                        Channel::Title => channels.title = true,
                        Channel::Desktop => channels.desktop = true,
                    }
                }
                Ok(channels)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}
