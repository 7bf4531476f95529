//! One-line descriptions of CIM system events for the conversation view (PROTOCOL.md §4).
//!
//! [`describe_event`] is pure: it reads a [`CimEvent`] and returns sanitised text, or `None`
//! for events that are not system lines (messages, typing, delivery notifications) and for
//! events agents must not see (silent-monitor joins). Unknown event names are shown
//! generically (`SOME_NEW_EVENT` → "some new event"), never dropped.

use serde_json::Value;

use crate::protocol::cim::names;
use crate::protocol::CimEvent;

use super::sanitize::one_line;

/// A system-line text for `event`, or `None` when the event is not a system line:
/// messages (`*_MESSAGE`), `TYPING_INDICATOR`, `MESSAGE_DELIVERY_NOTIFICATION`, and
/// `AGENT_SUBSCRIBED` / `AGENT_UNSUBSCRIBED` / `PARTICIPANT_ROLE_CHANGED` of a
/// `SILENT_MONITOR` participant (hidden from agents, §4), and the events shown elsewhere
/// than as lines (issue 12, [`super::aids`]): `BOT_SUGGESTION` (a block under the customer
/// message it answers), `AGENT_SLA_STARTED` / `AGENT_SLA_STOPPED` (the countdown in the
/// list and the header).
///
/// Shapes read (all optional; anything missing gives a shorter sentence):
/// - `TASK_ENQUEUED {task, queue}`: queue name from `queue.name` or
///   `task.activeMedia[].queue.name`; direction/mode/requestedBy from `task.type` or
///   `task.activeMedia[].type` (`{direction, mode, metadata.requestedBy}`).
/// - `TASK_STATE_CHANGED {task, taskStateChanged, mediaStateChanges}`: `task.state.name`,
///   `task.state.reasonCode`, the changed media's `state`.
/// - `NO_AGENT_AVAILABLE`: \[desk\] `requestType {mode, direction}`.
/// - `AGENT_RESERVED`: \[doc\] `{topicId, ccUser}`.
/// - `AGENT_SUBSCRIBED`/`AGENT_UNSUBSCRIBED {agentParticipant, reason}`,
///   `PARTICIPANT_ROLE_CHANGED {conversationParticipant}`: the participant's
///   `participant.keycloakUser` name and `role`.
/// - `CHANNEL_SESSION_*`: the channel session, `channel.channelType.name`.
/// - `CONVERSATION_PAUSED/RESUMED`: \[guess\] see [`crate::protocol::ConversationPause`].
/// - `CONVERSATION_DATA_CHANGED`: \[doc\] key/value map.
/// - `BOT_SUBSCRIBED`: the bot participant `{name, type}`.
/// - `HAND_RAISED`/`HAND_DOWN`: \[desk\] `{agentId, userName}`.
/// - `AGENT_SLA_EXPIRED`: no data read.
pub fn describe_event(event: &CimEvent) -> Option<String> {
    describe_event_for(event, "")
}

/// [`describe_event`] as the agent with user id `me` reads it: what this agent did says
/// "You" ("You joined the conversation", "put on hold by you"), never the username.
pub fn describe_event_for(event: &CimEvent, me: &str) -> Option<String> {
    let name = event.name.trim();
    if name.is_empty()
        || name.ends_with("_MESSAGE")
        || name == names::TYPING_INDICATOR
        || name == names::MESSAGE_DELIVERY_NOTIFICATION
        || name == names::BOT_SUGGESTION
        || name == names::AGENT_SLA_STARTED
        || name == names::AGENT_SLA_STOPPED
    {
        return None;
    }
    let data = &event.data;
    let text = match name {
        names::TASK_ENQUEUED => task_enqueued(data),
        names::TASK_STATE_CHANGED => task_state_changed(data),
        names::NO_AGENT_AVAILABLE => no_agent_available(data),
        names::AGENT_RESERVED => {
            let user = data.get("ccUser").or_else(|| data.get("agent"));
            match user.and_then(participant_name) {
                Some(agent) => format!("Agent {agent} reserved"),
                None => "An agent was reserved".to_string(),
            }
        }
        names::AGENT_SUBSCRIBED | names::AGENT_UNSUBSCRIBED => {
            let participant = data.get("agentParticipant").unwrap_or(&Value::Null);
            let role = role_of(participant);
            if role == "SILENT_MONITOR" {
                return None;
            }
            let who = if is_me(participant, me) {
                "You".to_string()
            } else {
                participant_name(participant)
                    .or_else(|| emitter_name(event))
                    .unwrap_or_else(|| "An agent".to_string())
            };
            if name == names::AGENT_SUBSCRIBED {
                match role.as_str() {
                    "" | "PRIMARY" => format!("{who} joined the conversation"),
                    other => format!("{who} joined the conversation as {}", humanize(other)),
                }
            } else {
                match str_at(data, &["reason"]) {
                    Some(reason) => format!("{who} left the conversation ({reason})"),
                    None => format!("{who} left the conversation"),
                }
            }
        }
        names::PARTICIPANT_ROLE_CHANGED => {
            let participant = data.get("conversationParticipant").unwrap_or(&Value::Null);
            let role = role_of(participant);
            if role == "SILENT_MONITOR" {
                return None;
            }
            if is_me(participant, me) {
                return Some(if role.is_empty() {
                    "Your role changed".to_string()
                } else {
                    format!("You are now {}", humanize(&role))
                });
            }
            let who = participant_name(participant)
                .or_else(|| emitter_name(event))
                .unwrap_or_else(|| "A participant".to_string());
            if role.is_empty() {
                format!("{who}'s role changed")
            } else {
                match role.as_str() {
                    "WHISPER" => format!("{who} is whispering to the agents (not the customer)"),
                    _ => format!("{who} is now {}", humanize(&role)),
                }
            }
        }
        names::CHANNEL_SESSION_STARTED => format!("{} session started", channel_of(event)),
        names::CHANNEL_SESSION_ENDED => format!("{} session ended", channel_of(event)),
        names::CHANNEL_SESSION_EXPIRED => {
            format!("{} session expired (customer inactive)", channel_of(event))
        }
        names::CUSTOMER_LEFT => {
            let who = (event.emitter_type() == Some("CUSTOMER"))
                .then(|| emitter_name(event))
                .flatten();
            match who {
                Some(who) => format!("{who} (customer) left the conversation"),
                None => "The customer left the conversation".to_string(),
            }
        }
        names::CONVERSATION_PAUSED | names::CONVERSATION_RESUMED => {
            let pause = event.pause()?;
            let mut text = if pause.paused {
                "Conversation put on hold".to_string()
            } else {
                "Conversation resumed".to_string()
            };
            if let Some(secs) = pause.duration_secs.filter(|s| *s > 0) {
                text.push_str(&format!(" for {}", duration_text(secs)));
            }
            let mine = !me.is_empty()
                && (pause.participant_id.as_deref() == Some(me)
                    || str_at(&event.event_emitter, &["id"]).as_deref() == Some(me));
            if mine {
                text.push_str(" by you");
            } else if let Some(by) = pause.by.filter(|b| !b.trim().is_empty()) {
                text.push_str(&format!(" by {by}"));
            }
            text
        }
        names::AGENT_SLA_EXPIRED => "Reply time ran out (response SLA expired)".to_string(),
        names::CONVERSATION_DATA_CHANGED => {
            let changes = event.conversation_data_changes().unwrap_or_default();
            if changes.is_empty() {
                "Conversation data changed".to_string()
            } else {
                let pairs: Vec<String> =
                    changes.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("Conversation data changed: {}", pairs.join(", "))
            }
        }
        names::BOT_SUBSCRIBED | "BOT_UNSUBSCRIBED" => {
            let bot = str_at(data, &["name"]).or_else(|| {
                data.get("botParticipant")
                    .and_then(|b| str_at(b, &["name"]))
            });
            let verb = if name == names::BOT_SUBSCRIBED {
                "joined"
            } else {
                "left"
            };
            match bot {
                Some(bot) => format!("Bot {bot} {verb} the conversation"),
                None => format!("A bot {verb} the conversation"),
            }
        }
        names::HAND_RAISED | names::HAND_DOWN => {
            let who = str_at(data, &["userName", "username"]).or_else(|| emitter_name(event));
            let raised = name == names::HAND_RAISED;
            let mine = !me.is_empty() && str_at(data, &["agentId"]).as_deref() == Some(me);
            match (who, raised) {
                _ if mine && raised => "You raised your hand".to_string(),
                _ if mine => "You lowered your hand".to_string(),
                (Some(who), true) => format!("{who} raised a hand"),
                (Some(who), false) => format!("{who} lowered the hand"),
                (None, true) => "Hand raised".to_string(),
                (None, false) => "Hand lowered".to_string(),
            }
        }
        other => humanize(other),
    };
    Some(one_line(text.trim()))
}

fn task_enqueued(data: &Value) -> String {
    let task = data.get("task").unwrap_or(&Value::Null);
    let media = last_media(task);
    let kind = task
        .get("type")
        .or_else(|| media.and_then(|m| m.get("type")))
        .unwrap_or(&Value::Null);
    let queue = data
        .get("queue")
        .and_then(|q| str_at(q, &["name"]))
        .or_else(|| {
            media
                .and_then(|m| m.get("queue"))
                .and_then(|q| str_at(q, &["name"]))
        });
    let direction = str_at(kind, &["direction"])
        .unwrap_or_default()
        .to_ascii_uppercase();
    let mode = str_at(kind, &["mode"])
        .unwrap_or_default()
        .to_ascii_uppercase();
    let requested_by = kind
        .get("metadata")
        .and_then(|m| str_at(m, &["requestedBy"]));
    let target = match (mode.as_str(), &queue) {
        ("AGENT", _) => "an agent".to_string(),
        (_, Some(queue)) => format!("queue {queue}"),
        _ => "a queue".to_string(),
    };
    let what = match direction.as_str() {
        "DIRECT_TRANSFER" => Some("Transfer"),
        "DIRECT_CONFERENCE" => Some("Conference"),
        "CONSULT" => Some("Consult"),
        "CONSULT_TRANSFER" => Some("Consult transfer"),
        "CONSULT_CONFERENCE" => Some("Consult conference"),
        _ => None,
    };
    match (what, requested_by) {
        (Some(what), Some(by)) => format!("{what} to {target} requested by {by}"),
        (Some(what), None) => format!("{what} to {target} requested"),
        (None, _) => match queue {
            Some(queue) => format!("Queued in {queue}"),
            None => "Queued".to_string(),
        },
    }
}

fn task_state_changed(data: &Value) -> String {
    let task = data.get("task").unwrap_or(data);
    let state = task.get("state").unwrap_or(&Value::Null);
    let name = str_at(state, &["name"]).or_else(|| state.as_str().map(str::to_string));
    let reason = state.get("reasonCode").and_then(|r| {
        r.as_str()
            .map(str::to_string)
            .or_else(|| str_at(r, &["name"]))
    });
    let media = changed_media(data, task);
    let direction = task
        .get("type")
        .or_else(|| media.and_then(|m| m.get("type")))
        .and_then(|t| str_at(t, &["direction"]))
        .unwrap_or_default();
    if direction.eq_ignore_ascii_case("DIRECT_CONFERENCE")
        && reason
            .as_deref()
            .is_some_and(|r| r.eq_ignore_ascii_case("FORCE_CLOSED"))
    {
        return "Conference request cancelled".to_string();
    }
    let mut text = match name {
        Some(name) => format!("Task state: {name}"),
        None => "Task state changed".to_string(),
    };
    if let Some(media_state) = media.and_then(|m| str_at(m, &["state"])) {
        text.push_str(&format!(", media {media_state}"));
    }
    if let Some(reason) = reason {
        text.push_str(&format!(" ({reason})"));
    }
    text
}

fn no_agent_available(data: &Value) -> String {
    let request = data.get("requestType").unwrap_or(&Value::Null);
    let direction = str_at(request, &["direction"])
        .unwrap_or_default()
        .to_ascii_uppercase();
    let mode = str_at(request, &["mode"])
        .unwrap_or_default()
        .to_ascii_lowercase();
    let what = match direction.as_str() {
        "DIRECT_TRANSFER" => Some("transfer"),
        "DIRECT_CONFERENCE" => Some("conference"),
        "CONSULT" => Some("consult"),
        _ => None,
    };
    match (what, mode.as_str()) {
        (Some(what), "agent" | "queue") => format!("No agent available for {mode} {what}"),
        (Some(what), _) => format!("No agent available for {what}"),
        (None, _) => "No agent available".to_string(),
    }
}

/// The active media a task event is about: the first of `mediaStateChanges` found in
/// `task.activeMedia`, else the last active media.
fn changed_media<'a>(data: &'a Value, task: &'a Value) -> Option<&'a Value> {
    let changed: Vec<&str> = data
        .get("mediaStateChanges")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    task.get("activeMedia")
        .and_then(Value::as_array)
        .and_then(|media| {
            media.iter().find(|m| {
                m.get("id")
                    .and_then(Value::as_str)
                    .is_some_and(|id| changed.contains(&id))
            })
        })
        .or_else(|| last_media(task))
}

fn last_media(task: &Value) -> Option<&Value> {
    task.get("activeMedia")
        .and_then(Value::as_array)
        .and_then(|m| m.last())
}

/// `role` of a conversation participant, upper-cased ("" when missing).
fn role_of(participant: &Value) -> String {
    str_at(participant, &["role"])
        .unwrap_or_default()
        .to_ascii_uppercase()
}

/// A participant's display name: the Keycloak user's "First Last" (else username) under
/// `participant.keycloakUser` or `keycloakUser`, else `displayName`/`name`/`username`.
fn participant_name(participant: &Value) -> Option<String> {
    let inner = participant.get("participant").unwrap_or(participant);
    let user = inner
        .get("keycloakUser")
        .or_else(|| participant.get("keycloakUser"));
    if let Some(user) = user {
        let first = str_at(user, &["firstName"]).unwrap_or_default();
        let last = str_at(user, &["lastName"]).unwrap_or_default();
        let full = format!("{} {}", first.trim(), last.trim());
        if !full.trim().is_empty() {
            return Some(full.trim().to_string());
        }
        if let Some(username) = str_at(user, &["username"]) {
            return Some(username);
        }
    }
    str_at(inner, &["displayName", "name", "username"])
        .or_else(|| str_at(participant, &["displayName", "name", "username"]))
}

/// True when `participant` (a TopicParticipant or its inner participant) is the agent `me`.
fn is_me(participant: &Value, me: &str) -> bool {
    if me.is_empty() {
        return false;
    }
    let inner = participant.get("participant").unwrap_or(participant);
    [
        inner.get("id"),
        inner.get("keycloakUser").and_then(|u| u.get("id")),
        participant.get("keycloakUser").and_then(|u| u.get("id")),
    ]
    .into_iter()
    .flatten()
    .any(|id| id.as_str() == Some(me))
}

fn emitter_name(event: &CimEvent) -> Option<String> {
    str_at(&event.event_emitter, &["senderName"])
}

/// Channel type name of a channel-session event (`data.channel.channelType.name`, else the
/// event's own channel session), or "Customer".
fn channel_of(event: &CimEvent) -> String {
    [&event.data, &event.channel_session]
        .iter()
        .find_map(|session| {
            session
                .get("channel")
                .and_then(|c| c.get("channelType"))
                .and_then(|t| str_at(t, &["name"]))
        })
        .unwrap_or_else(|| "Customer".to_string())
}

/// The first of `keys` on the object `value` that is a non-blank string (or a number).
fn str_at(value: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match value.get(*k) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// `SOME_NEW_EVENT` → `some new event`.
fn humanize(name: &str) -> String {
    name.trim().replace(['_', '-'], " ").to_lowercase()
}

/// Seconds as `45 s`, `15 min`, `1 h 30 min`.
fn duration_text(secs: i64) -> String {
    if secs < 60 {
        format!("{secs} s")
    } else if secs < 3600 {
        let (m, s) = (secs / 60, secs % 60);
        if s == 0 {
            format!("{m} min")
        } else {
            format!("{m} min {s} s")
        }
    } else {
        let (h, m) = (secs / 3600, (secs % 3600) / 60);
        if m == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {m} min")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(value: Value) -> CimEvent {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn unknown_and_hidden_events() {
        assert_eq!(
            describe_event(&event(json!({"name": "SOME_NEW_EVENT"}))).as_deref(),
            Some("some new event")
        );
        assert_eq!(
            describe_event(&event(json!({"name": "AGENT_MESSAGE"}))),
            None
        );
        assert_eq!(describe_event(&event(json!({"name": ""}))), None);
        for shown_elsewhere in ["BOT_SUGGESTION", "AGENT_SLA_STARTED", "AGENT_SLA_STOPPED"] {
            assert_eq!(
                describe_event(&event(json!({"name": shown_elsewhere}))),
                None
            );
        }
        let monitor = json!({"name": "AGENT_SUBSCRIBED",
            "data": {"agentParticipant": {"role": "SILENT_MONITOR",
                "participant": {"keycloakUser": {"username": "boss"}}}}});
        assert_eq!(describe_event(&event(monitor)), None);
    }

    #[test]
    fn odd_shapes_do_not_panic() {
        for name in [
            "TASK_ENQUEUED",
            "TASK_STATE_CHANGED",
            "NO_AGENT_AVAILABLE",
            "AGENT_RESERVED",
            "AGENT_SUBSCRIBED",
            "AGENT_UNSUBSCRIBED",
            "PARTICIPANT_ROLE_CHANGED",
            "CHANNEL_SESSION_STARTED",
            "CUSTOMER_LEFT",
            "CONVERSATION_PAUSED",
            "CONVERSATION_RESUMED",
            "CONVERSATION_DATA_CHANGED",
            "BOT_SUBSCRIBED",
            "HAND_RAISED",
            "AGENT_SLA_EXPIRED",
        ] {
            for data in [
                json!(null),
                json!(7),
                json!("x"),
                json!([1]),
                json!({"task": 3}),
            ] {
                let text = describe_event(&event(json!({"name": name, "data": data})));
                assert!(text.is_some_and(|t| !t.is_empty()), "{name}");
            }
        }
    }

    #[test]
    fn pause_hand_and_data_lines() {
        let paused = json!({"name": "CONVERSATION_PAUSED", "data": {"duration": 900},
            "eventEmitter": {"senderName": "sana"}});
        assert_eq!(
            describe_event(&event(paused)).as_deref(),
            Some("Conversation put on hold for 15 min by sana")
        );
        let hand = json!({"name": "HAND_RAISED", "data": {"agentId": "a", "userName": "bo"}});
        assert_eq!(
            describe_event(&event(hand)).as_deref(),
            Some("bo raised a hand")
        );
        let mine = json!({"name": "HAND_DOWN", "data": {"agentId": "a", "userName": "bo"}});
        assert_eq!(
            describe_event_for(&event(mine), "a").as_deref(),
            Some("You lowered your hand")
        );
        let data = json!({"name": "CONVERSATION_DATA_CHANGED", "data": {"plan": "gold"}});
        assert_eq!(
            describe_event(&event(data)).as_deref(),
            Some("Conversation data changed: plan = gold")
        );
    }
}
