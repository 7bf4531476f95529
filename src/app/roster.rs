//! Who is in a conversation, with their roles: the customer, bots, agents and supervisors
//! (PROTOCOL.md §3 `topicData.participants`, §4 `AGENT_SUBSCRIBED` / `AGENT_UNSUBSCRIBED` /
//! `PARTICIPANT_ROLE_CHANGED` / `BOT_SUBSCRIBED`).
//!
//! Kept beside the conversation's lines, not inside them: the roster is rebuilt from each
//! snapshot and follows the participant events. My own role changes (a supervisor's barge-in
//! makes me PRIMARY) are read here too ([`Roster::apply_event`] returns them).
//!
//! Silent monitors other than me are kept but [`Roster::shown`] hides them unless I am
//! monitoring myself (§4: agents are not told about a silent monitor).

use serde_json::Value;

use crate::protocol::cim::names;
use crate::protocol::CimEvent;

use super::sanitize::one_line;

/// What kind of participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyKind {
    Customer,
    Agent,
    Bot,
    Other,
}

/// One participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    /// The topic participant id (`participants[].id`), when known.
    pub participant_id: Option<String>,
    /// The Keycloak user id of an agent (`participant.id`), the bot's or customer's id.
    pub user_id: Option<String>,
    /// Sanitised display name.
    pub name: String,
    pub kind: PartyKind,
    /// PRIMARY, ASSISTANT, SILENT_MONITOR, WHISPER, CUSTOMER, … upper-cased.
    pub role: String,
    /// This is me.
    pub me: bool,
}

/// The participants of one conversation, in joining order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    pub participants: Vec<Participant>,
}

/// Roles in which this desk only whispers to the agents (nothing goes to the customer):
/// SILENT_MONITOR and WHISPER (a supervisor), ASSISTANT (a consulted agent; \[guess\]: a
/// consult is a conversation between agents, PROTOCOL.md names no customer-facing role for
/// the assistant).
pub fn whispers_only(role: &str) -> bool {
    matches!(role, "SILENT_MONITOR" | "WHISPER" | "ASSISTANT")
}

/// Roles of a supervisor watching without writing to the customer.
pub fn is_monitor_role(role: &str) -> bool {
    matches!(role, "SILENT_MONITOR" | "WHISPER")
}

fn text(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// A participant from a `topicData.participants` entry, an `agentParticipant` or a
/// `conversationParticipant` (`{id, type, role, participant: {...}}`).
fn participant_of(entry: &Value, me: &str) -> Option<Participant> {
    if !entry.is_object() {
        return None;
    }
    let inner = entry.get("participant").unwrap_or(&Value::Null);
    let kind_text = text(entry, "type")
        .or_else(|| text(inner, "participantType"))
        .unwrap_or_default()
        .to_ascii_uppercase();
    let kind = match kind_text.as_str() {
        "CUSTOMER" | "CHANNELSESSION" => PartyKind::Customer,
        "AGENT" | "CCUSER" => PartyKind::Agent,
        "BOT" => PartyKind::Bot,
        _ => PartyKind::Other,
    };
    let role = text(entry, "role").unwrap_or_default().to_ascii_uppercase();
    let user_id = text(inner, "id");
    let name = match kind {
        PartyKind::Customer => inner
            .get("customer")
            .and_then(|c| text(c, "firstName"))
            .unwrap_or_else(|| "Customer".into()),
        PartyKind::Agent => {
            let user = inner.get("keycloakUser").unwrap_or(&Value::Null);
            let full = format!(
                "{} {}",
                text(user, "firstName").unwrap_or_default(),
                text(user, "lastName").unwrap_or_default()
            );
            let full = full.trim().to_string();
            if full.is_empty() {
                text(user, "username")
                    .or_else(|| text(inner, "name"))
                    .unwrap_or_else(|| "Agent".into())
            } else {
                full
            }
        }
        PartyKind::Bot => text(inner, "name").unwrap_or_else(|| "Bot".into()),
        PartyKind::Other => text(inner, "name")
            .or_else(|| text(entry, "name"))
            .unwrap_or_else(|| "participant".into()),
    };
    Some(Participant {
        participant_id: text(entry, "id"),
        me: kind == PartyKind::Agent && user_id.as_deref() == Some(me),
        user_id,
        name: one_line(&name),
        kind,
        role,
    })
}

impl Roster {
    /// The roster of a snapshot's `participants` (inactive ones, `isActive: false`, left out).
    pub fn from_participants(participants: &[Value], me: &str) -> Roster {
        let mut roster = Roster::default();
        for entry in participants {
            if entry.get("isActive").and_then(Value::as_bool) == Some(false) {
                continue;
            }
            if let Some(p) = participant_of(entry, me) {
                roster.upsert(p);
            }
        }
        roster
    }

    /// Adds `p`, or replaces the entry for the same participant (same topic participant id,
    /// else the same agent).
    fn upsert(&mut self, p: Participant) {
        let same = |q: &Participant| {
            (p.participant_id.is_some() && q.participant_id == p.participant_id)
                || (p.kind == PartyKind::Agent
                    && q.kind == PartyKind::Agent
                    && p.user_id.is_some()
                    && q.user_id == p.user_id)
        };
        match self.participants.iter_mut().find(|q| same(q)) {
            Some(q) => *q = p,
            None => self.participants.push(p),
        }
    }

    fn remove(&mut self, p: &Participant) {
        self.participants.retain(|q| {
            let same_tp = p.participant_id.is_some() && q.participant_id == p.participant_id;
            let same_agent =
                p.kind == PartyKind::Agent && p.user_id.is_some() && q.user_id == p.user_id;
            !(same_tp || same_agent)
        });
    }

    /// Follows a participant event. Returns my new role when the event changed it
    /// (`PARTICIPANT_ROLE_CHANGED` about me, or my own `AGENT_SUBSCRIBED`).
    pub fn apply_event(&mut self, event: &CimEvent, me: &str) -> Option<String> {
        let data = &event.data;
        match event.name.as_str() {
            names::AGENT_SUBSCRIBED | names::BOT_SUBSCRIBED => {
                let entry = data
                    .get("agentParticipant")
                    .or_else(|| data.get("botParticipant"))
                    .unwrap_or(data);
                let p = participant_of(entry, me).or_else(|| {
                    (event.name == names::BOT_SUBSCRIBED).then(|| Participant {
                        participant_id: None,
                        user_id: text(data, "id"),
                        name: one_line(&text(data, "name").unwrap_or_else(|| "Bot".into())),
                        kind: PartyKind::Bot,
                        role: "PRIMARY".into(),
                        me: false,
                    })
                })?;
                let mine = p.me.then(|| p.role.clone());
                self.upsert(p);
                mine.filter(|r| !r.is_empty())
            }
            names::AGENT_UNSUBSCRIBED | "BOT_UNSUBSCRIBED" => {
                let entry = data
                    .get("agentParticipant")
                    .or_else(|| data.get("botParticipant"))
                    .unwrap_or(data);
                if let Some(p) = participant_of(entry, me) {
                    self.remove(&p);
                }
                None
            }
            names::PARTICIPANT_ROLE_CHANGED => {
                let p = participant_of(data.get("conversationParticipant")?, me)?;
                let mine = p.me.then(|| p.role.clone());
                self.upsert(p);
                mine.filter(|r| !r.is_empty())
            }
            _ => None,
        }
    }

    /// The participants to show, me excluded: everyone else, except silent monitors when
    /// `i_monitor` is false (agents are not told about them).
    pub fn shown(&self, i_monitor: bool) -> impl Iterator<Item = &Participant> {
        self.participants
            .iter()
            .filter(move |p| !p.me && (i_monitor || p.role != "SILENT_MONITOR"))
    }

    /// The other agents in the given role (e.g. the consulted ASSISTANT).
    pub fn agents_in(&self, role: &str) -> impl Iterator<Item = &Participant> + '_ {
        let role = role.to_string();
        self.participants
            .iter()
            .filter(move |p| !p.me && p.kind == PartyKind::Agent && p.role == role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn agent(id: &str, tp: &str, name: &str, role: &str) -> Value {
        json!({"id": tp, "type": "AGENT", "role": role,
               "participant": {"id": id, "participantType": "CCUser",
                               "keycloakUser": {"username": name}}})
    }

    #[test]
    fn follows_joins_role_changes_and_leaves() {
        let mut roster = Roster::from_participants(
            &[
                json!({"id": "c", "type": "CUSTOMER", "role": "CUSTOMER",
                       "participant": {"customer": {"firstName": "Maria"}}}),
                agent("me", "tp1", "sana", "SILENT_MONITOR"),
                agent("a2", "tp2", "bob", "PRIMARY"),
            ],
            "me",
        );
        assert_eq!(roster.participants.len(), 3);
        assert!(roster.participants[1].me);
        let changed: CimEvent = serde_json::from_value(json!({"name": "PARTICIPANT_ROLE_CHANGED",
            "data": {"conversationParticipant": agent("me", "tp1", "sana", "PRIMARY")}}))
        .unwrap();
        assert_eq!(
            roster.apply_event(&changed, "me").as_deref(),
            Some("PRIMARY")
        );
        let monitor: CimEvent = serde_json::from_value(json!({"name": "AGENT_SUBSCRIBED",
            "data": {"agentParticipant": agent("boss", "tp3", "boss", "SILENT_MONITOR")}}))
        .unwrap();
        assert_eq!(roster.apply_event(&monitor, "me"), None);
        assert_eq!(
            roster.shown(false).count(),
            2,
            "the other monitor is hidden"
        );
        assert_eq!(roster.shown(true).count(), 3);
        let left: CimEvent = serde_json::from_value(json!({"name": "AGENT_UNSUBSCRIBED",
            "data": {"agentParticipant": agent("a2", "tp2", "bob", "PRIMARY")}}))
        .unwrap();
        roster.apply_event(&left, "me");
        assert!(roster.agents_in("PRIMARY").next().is_none());
    }
}
