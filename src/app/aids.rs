//! What helps the agent answer faster, kept on each conversation beside its lines: bot
//! suggestions ([`super::suggestions`]), the response SLA countdown ([`super::sla`]) and a
//! raised hand ([`RaisedHand`]). Issue 12.
//!
//! These CIM events are not chat lines (`BOT_SUGGESTION`, `AGENT_SLA_STARTED` /
//! `_STOPPED` give none; `AGENT_SLA_EXPIRED` and `HAND_RAISED` / `HAND_DOWN` also stay in
//! the chat as system lines, for the record): [`Conversation::apply_event_with_aids`] reads
//! them as they arrive, [`Conversation::refresh`] from a snapshot.
//!
//! **A raised hand** (`HAND_RAISED {agentId, userName}`, PROTOCOL.md §2/§4) shows until
//! `HAND_DOWN`, or until a supervisor joins (an `AGENT_SUBSCRIBED` or
//! `PARTICIPANT_ROLE_CHANGED` of someone else in a supervisor role, SILENT_MONITOR or
//! WHISPER): the help the hand asked for came. That tells an agent who raised a hand that a
//! supervisor is there, which agents are otherwise not told (§4 hides silent monitors); it is
//! what the agent asked for. The supervisor who joins keeps seeing the hand (their own join
//! does not lower it), so they know why they came.

use serde_json::Value;

use crate::protocol::cim::names;
use crate::protocol::hand::hand_raise_snapshot;
use crate::protocol::sla::{agent_sla_snapshot, response_sla_ms};
use crate::protocol::{CimEvent, TopicData};

use super::conversation::{Author, ChatLine, Conversation};
use super::sanitize::one_line;

/// A hand raised in a conversation (`HAND_RAISED`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaisedHand {
    /// Keycloak id of the agent who raised it ("" when the event named none).
    pub agent_id: String,
    /// That agent's name, sanitised ("an agent" when unknown).
    pub name: String,
    /// When it was raised, epoch ms UTC (server clock when the event said, else the desk's).
    pub since_ms: i64,
    /// It is my own hand (`/hand` lowers it).
    pub mine: bool,
}

/// What a CIM event changed about the aids that the desk tells the agent about
/// ([`Conversation::apply_event_with_aids`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AidsChange {
    /// My raised hand was answered: a supervisor joined (their display name when known).
    pub hand_answered: Option<String>,
    /// Someone else raised a hand here (their name), for a supervisor's notice.
    pub hand_raised_by: Option<String>,
}

/// True for a supervisor's role in a conversation (the roles a supervisor joins in).
fn supervisor_role(role: &str) -> bool {
    super::roster::is_monitor_role(&role.trim().to_ascii_uppercase())
}

/// The participant a join or role change is about, with its role and Keycloak id.
fn joined(event: &CimEvent) -> Option<(&Value, String, String)> {
    let entry = match event.name.as_str() {
        names::AGENT_SUBSCRIBED => event.data.get("agentParticipant")?,
        names::PARTICIPANT_ROLE_CHANGED => event.data.get("conversationParticipant")?,
        _ => return None,
    };
    let role = entry.get("role").and_then(Value::as_str)?.to_string();
    let id = entry
        .get("participant")
        .and_then(|p| p.get("id"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    Some((entry, role, id))
}

/// The queue of a `TASK_ENQUEUED {task, queue}` (`queue.name`, else the task's newest
/// active media's `queue.name`).
fn enqueued_queue(data: &Value) -> Option<String> {
    let name = |q: &Value| {
        q.get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
    };
    data.get("queue").and_then(name).or_else(|| {
        data.pointer("/task/activeMedia")
            .and_then(Value::as_array)
            .and_then(|m| m.last())
            .and_then(|m| m.get("queue"))
            .and_then(name)
    })
}

fn display_name(entry: &Value) -> Option<String> {
    let user = entry.get("participant")?.get("keycloakUser")?;
    let first = user.get("firstName").and_then(Value::as_str).unwrap_or("");
    let last = user.get("lastName").and_then(Value::as_str).unwrap_or("");
    let full = format!("{} {}", first.trim(), last.trim());
    let full = full.trim();
    if !full.is_empty() {
        return Some(one_line(full));
    }
    user.get("username")
        .and_then(Value::as_str)
        .map(|u| one_line(u.trim()))
        .filter(|u| !u.is_empty())
}

impl Conversation {
    /// The channel's response SLA (`channelConfig.responseSla`), ms.
    pub fn channel_response_sla_ms(&self) -> Option<i64> {
        response_sla_ms(&self.channel_session)
    }

    /// Reads a live CIM event for the aids: suggestions, the SLA, hands, a supervisor
    /// joining. `me` is my Keycloak id. Per event O(1) (a suggestion without a
    /// `requestedMessage` looks back for the customer's newest line).
    pub(super) fn apply_aids(&mut self, event: &CimEvent, me: &str, now_ms: i64) -> AidsChange {
        let mut change = AidsChange::default();
        if event.name == names::TASK_ENQUEUED && self.queue.is_empty() {
            if let Some(queue) = enqueued_queue(&event.data) {
                self.queue = one_line(&queue);
            }
        }
        if let Some(suggestion) = event.bot_suggestion() {
            let anchor = suggestion
                .requested_message_id
                .clone()
                .filter(|id| self.lines.position(id).is_some())
                .or_else(|| self.newest_customer_line())
                .or(suggestion.requested_message_id.clone());
            match anchor {
                Some(anchor) => self.suggestions.add(anchor, &suggestion, &self.lines),
                None => {
                    tracing::info!(conversation = %self.id, "bot suggestion without a customer message to attach to")
                }
            }
            return change;
        }
        if let Some(sla) = event.agent_sla() {
            let event_ms = event.timestamp.as_ref().and_then(|t| t.millis());
            let before = self.sla;
            self.sla = super::sla::after_event(
                before,
                &sla,
                event_ms,
                now_ms,
                self.channel_response_sla_ms(),
            );
            if let (Some(before), Some(after)) = (before, self.sla.as_mut()) {
                // One alert per expiry: an EXPIRED after the desk saw the deadline pass.
                if sla.change == crate::protocol::sla::SlaChange::Expired {
                    after.alerted = before.alerted;
                }
            }
            return change;
        }
        if let Some(hand) = event.hand() {
            if hand.raised {
                let name = hand
                    .user_name
                    .as_deref()
                    .map(one_line)
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| "an agent".into());
                let mine = !hand.agent_id.is_empty() && hand.agent_id == me;
                if !mine {
                    change.hand_raised_by = Some(name.clone());
                }
                let since_ms = event
                    .timestamp
                    .as_ref()
                    .and_then(|t| t.millis())
                    .unwrap_or(now_ms);
                self.hand = Some(RaisedHand {
                    agent_id: hand.agent_id,
                    name,
                    since_ms,
                    mine,
                });
            } else if self
                .hand
                .as_ref()
                .is_some_and(|h| hand.agent_id.is_empty() || h.agent_id == hand.agent_id)
            {
                self.hand = None;
            }
            return change;
        }
        if let Some((entry, role, id)) = joined(event) {
            if supervisor_role(&role) && id != me {
                if let Some(hand) = self.hand.take() {
                    if hand.mine {
                        change.hand_answered =
                            Some(display_name(entry).unwrap_or_else(|| "A supervisor".into()));
                    }
                }
            }
        }
        change
    }

    /// Notes a line about to be added (live): an agent's reply to the customer answers the
    /// active suggestions.
    pub(super) fn note_line(&mut self, line: &ChatLine) {
        if matches!(line.author, Author::Me | Author::Agent) && !line.whisper {
            self.suggestions.replied(&line.id);
        }
    }

    /// Reads the aids from a snapshot after its history was merged: `topicData.agentSla`
    /// (else the newest SLA event of the history), the history's suggestions, and the hand
    /// as the history leaves it, then as `topicData.agentHandRaise` says (when present).
    /// O(history): snapshots only.
    pub(super) fn refresh_aids(
        &mut self,
        topic: &TopicData,
        history: &[CimEvent],
        me: &str,
        now_ms: i64,
    ) {
        self.refresh_sla(&topic.agent_sla, history, now_ms);
        self.refresh_history_aids(history, me, now_ms);
        if topic.agent_hand_raise.is_object() {
            match hand_raise_snapshot(&topic.agent_hand_raise) {
                None => self.hand = None,
                Some(_) if self.hand.is_some() => {}
                Some(names) => {
                    self.hand = Some(RaisedHand {
                        agent_id: String::new(),
                        name: names
                            .first()
                            .map(|n| one_line(n))
                            .unwrap_or_else(|| "an agent".into()),
                        since_ms: now_ms,
                        mine: false,
                    })
                }
            }
        }
    }

    /// `topicData.agentSla` is the server's truth when the snapshot has one (an object
    /// saying nothing, like the fixture's nulls, means none runs); else the history's newest
    /// SLA event, counted from when it happened. An alert already raised for an expiry is
    /// not raised again for the same run-out SLA.
    fn refresh_sla(&mut self, agent_sla: &Value, history: &[CimEvent], now_ms: i64) {
        let channel_default = self.channel_response_sla_ms();
        let fresh = if agent_sla.is_object() {
            agent_sla_snapshot(agent_sla)
                .and_then(|snapshot| super::sla::from_snapshot(&snapshot, now_ms, channel_default))
        } else {
            let Some(event) = history.iter().rev().find(|e| e.agent_sla().is_some()) else {
                return;
            };
            let event_ms = event.timestamp.as_ref().and_then(|t| t.millis());
            let arrived = event_ms.unwrap_or(now_ms).min(now_ms);
            event.agent_sla().and_then(|sla| {
                super::sla::after_event(None, &sla, event_ms, arrived, channel_default)
            })
        };
        let alerted = self.sla.is_some_and(|s| s.alerted);
        self.sla = fresh.map(|mut sla| {
            sla.alerted = alerted && sla.phase(now_ms) == super::sla::SlaPhase::Expired;
            sla
        });
    }

    fn refresh_history_aids(&mut self, history: &[CimEvent], me: &str, now_ms: i64) {
        let relevant = |e: &&CimEvent| {
            matches!(
                e.name.as_str(),
                names::BOT_SUGGESTION
                    | names::HAND_RAISED
                    | names::HAND_DOWN
                    | names::AGENT_SUBSCRIBED
                    | names::PARTICIPANT_ROLE_CHANGED
            )
        };
        if !history.iter().any(|e| relevant(&e)) {
            return;
        }
        // Who answered last, so history suggestions before it come in faded.
        if let Some(reply) = self
            .lines
            .iter()
            .rev()
            .find(|l| matches!(l.author, Author::Me | Author::Agent) && !l.whisper)
        {
            let id = reply.id.clone();
            self.suggestions.replied_in(&id, &self.lines);
        }
        for event in history.iter().filter(relevant) {
            if event.name == names::BOT_SUGGESTION {
                let already = event
                    .bot_suggestion()
                    .and_then(|s| s.requested_message_id)
                    .is_some_and(|id| self.suggestions.for_message(&id).is_some());
                if already {
                    continue;
                }
            }
            self.apply_aids(event, me, now_ms);
        }
    }

    /// The id of the customer's newest line (looks back from the end).
    fn newest_customer_line(&self) -> Option<String> {
        self.lines
            .iter()
            .rev()
            .take(200)
            .find(|l| l.author == Author::Customer)
            .map(|l| l.id.to_string())
    }
}
