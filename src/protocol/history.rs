//! A customer's past activities (PROTOCOL.md §5):
//! `GET /conversation-manager/customer-topics/customer/{id}/activities?limit=&offset=&activity-type=ALL`.
//!
//! **The answer's shape is not documented — every reading here is a \[guess\].** Seen or
//! expected forms, all accepted:
//! - the real web desk reads `res.docs`, a page of **CIM events** (mongoose-paginate style
//!   `{docs: [...], totalDocs, …}`), and advances `offset` by one per page (a page number);
//! - the team's simulator answers `{"data": [{conversationId, startedAt, endedAt, channel,
//!   agent, summary}], "total": N}` with ISO-8601 times;
//! - a bare array of either kind of item.
//!
//! Items are read field by field from whatever exists; an item that is not an object is
//! skipped. Text is raw server data: sanitise it (`app::sanitize`) before display.

use serde_json::Value;

use super::cim::CimEvent;
use super::common::{int_value, Timestamp};

/// One page of past activities.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActivitiesPage {
    pub items: Vec<PastConversation>,
    /// Total number of items on the server, when the answer says (`total`, `totalDocs`,
    /// `totalElements`, `count`).
    pub total: Option<u64>,
}

/// One past conversation (or, from a real server, one past CIM event of the customer).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PastConversation {
    /// `conversationId` (else `topicId`, `conversation.id`, `id`, `_id`).
    pub conversation_id: Option<String>,
    /// Start, epoch ms UTC: `startedAt`/`startTime`/`createdAt`/`started`/`timestamp`
    /// (ISO string or number; numbers below 10^11 are taken as seconds).
    pub started_ms: Option<i64>,
    /// End, epoch ms UTC: `endedAt`/`endTime`/`closedAt`/`ended`.
    pub ended_ms: Option<i64>,
    /// Channel type name: `channel` (string, `{name}` or `{channelType:{name}}`),
    /// `channelType`, or a CIM event's `channelSession.channel.channelType.name`.
    pub channel: Option<String>,
    /// Agent name: `agent` (string or `{name|username|firstName lastName}`), `agentName`,
    /// or a CIM event's AGENT emitter `senderName`.
    pub agent: Option<String>,
    /// `summary` (else `lastMessage`, `note`, `description`), or a CIM message's text.
    pub summary: Option<String>,
    /// The CIM event itself when the item is one (has `name` and `data`): render it like
    /// live history.
    pub event: Option<CimEvent>,
}

impl ActivitiesPage {
    /// Reads any of the accepted answer shapes (see the module docs); never fails.
    pub fn from_value(value: &Value) -> ActivitiesPage {
        let items = match value {
            Value::Array(items) => Some(items),
            Value::Object(map) => ["data", "docs", "activities", "items", "content", "results"]
                .iter()
                .find_map(|k| map.get(*k).and_then(Value::as_array)),
            _ => None,
        };
        let total = ["total", "totalDocs", "totalElements", "count"]
            .iter()
            .find_map(|k| value.get(*k).and_then(int_value))
            .and_then(|t| u64::try_from(t).ok());
        ActivitiesPage {
            items: items
                .into_iter()
                .flatten()
                .filter_map(PastConversation::from_value)
                .collect(),
            total,
        }
    }
}

impl PastConversation {
    /// Reads one item; `None` when it is not a JSON object.
    pub fn from_value(value: &Value) -> Option<PastConversation> {
        let map = value.as_object()?;
        let looks_like_event = map.get("name").is_some_and(Value::is_string)
            && map.get("data").is_some_and(|d| !d.is_null());
        let event = if looks_like_event {
            serde_json::from_value::<CimEvent>(value.clone()).ok()
        } else {
            None
        };
        let mut item = PastConversation {
            conversation_id: text(value, &["conversationId", "topicId"])
                .or_else(|| {
                    value
                        .get("conversation")
                        .and_then(|c| text(c, &["id", "_id"]))
                })
                .or_else(|| {
                    if event.is_some() {
                        None
                    } else {
                        text(value, &["id", "_id"])
                    }
                }),
            started_ms: time(
                value,
                &[
                    "startedAt",
                    "startTime",
                    "createdAt",
                    "started",
                    "timestamp",
                ],
            ),
            ended_ms: time(value, &["endedAt", "endTime", "closedAt", "ended"]),
            channel: value.get("channel").and_then(channel_name).or_else(|| {
                value.get("channelType").and_then(|t| {
                    t.as_str()
                        .map(str::to_string)
                        .or_else(|| text(t, &["name"]))
                })
            }),
            agent: value
                .get("agent")
                .and_then(person_name)
                .or_else(|| text(value, &["agentName"])),
            summary: text(value, &["summary", "lastMessage", "note", "description"]),
            event: None,
        };
        if let Some(event) = event {
            item.conversation_id = item.conversation_id.or(event.conversation_id.clone());
            item.started_ms = item
                .started_ms
                .or(event.timestamp.as_ref().and_then(Timestamp::millis));
            item.channel = item
                .channel
                .or_else(|| event.channel_session.get("channel").and_then(channel_name));
            if item.agent.is_none() && event.emitter_type() == Some("AGENT") {
                item.agent = text(&event.event_emitter, &["senderName"]);
            }
            item.summary = item.summary.or_else(|| {
                event
                    .message()
                    .and_then(|m| m.text())
                    .filter(|t| !t.trim().is_empty())
            });
            item.event = Some(event);
        }
        Some(item)
    }
}

/// The first of `keys` that is a non-blank string (or a number, as text).
fn text(value: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match value.get(*k) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// The first of `keys` that reads as a time: ISO-8601 text or a number (ms; below 10^11 it
/// is taken as seconds).
fn time(value: &Value, keys: &[&str]) -> Option<i64> {
    keys.iter().find_map(|k| {
        let v = value.get(*k)?;
        let ms = match v {
            Value::Number(_) => int_value(v),
            Value::String(_) => serde_json::from_value::<Timestamp>(v.clone())
                .ok()
                .and_then(|t| t.millis()),
            _ => None,
        }?;
        Some(if ms.abs() < 100_000_000_000 {
            ms * 1000
        } else {
            ms
        })
    })
}

/// `"WEB"`, `{name: "WEB"}` or `{channelType: {name: "WEB"}}`.
fn channel_name(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Object(_) => value
            .get("channelType")
            .and_then(|t| text(t, &["name"]))
            .or_else(|| text(value, &["name"])),
        _ => None,
    }
}

/// `"sana"`, or an object with `name`, `username`, or `firstName`/`lastName`.
fn person_name(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Object(_) => {
            let full = format!(
                "{} {}",
                text(value, &["firstName"]).unwrap_or_default(),
                text(value, &["lastName"]).unwrap_or_default()
            );
            text(value, &["name", "displayName"])
                .or_else(|| Some(full.trim().to_string()).filter(|f| !f.is_empty()))
                .or_else(|| text(value, &["username"]))
                .or_else(|| value.get("keycloakUser").and_then(person_name))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn simulator_shape() {
        let page = ActivitiesPage::from_value(&json!({"data": [
            {"conversationId": "c1", "startedAt": "2024-01-18T13:11:34.545Z",
             "endedAt": "2024-01-18T13:20:00Z", "channel": "WEB", "agent": "sana",
             "summary": "asked about plans"},
            "junk", 7
        ], "total": 12}));
        assert_eq!(page.total, Some(12));
        assert_eq!(page.items.len(), 1);
        let item = &page.items[0];
        assert_eq!(item.conversation_id.as_deref(), Some("c1"));
        assert_eq!(item.started_ms, Some(1705583494545));
        assert_eq!(item.ended_ms, Some(1705584000000));
        assert_eq!(item.channel.as_deref(), Some("WEB"));
        assert_eq!(item.agent.as_deref(), Some("sana"));
        assert_eq!(item.summary.as_deref(), Some("asked about plans"));
        assert!(item.event.is_none());
    }

    #[test]
    fn bare_array_and_odd_values() {
        let page = ActivitiesPage::from_value(&json!([
            {"id": "c2", "startTime": 1705583494, "channel": {"channelType": {"name": "WHATSAPP"}},
             "agent": {"firstName": "Ann", "lastName": "Lee"}},
            {"conversationId": 5, "startedAt": {"x": 1}, "agent": ["?"]}
        ]));
        assert_eq!(page.total, None);
        assert_eq!(page.items[0].started_ms, Some(1705583494000));
        assert_eq!(page.items[0].channel.as_deref(), Some("WHATSAPP"));
        assert_eq!(page.items[0].agent.as_deref(), Some("Ann Lee"));
        assert_eq!(page.items[1].conversation_id.as_deref(), Some("5"));
        assert_eq!(page.items[1].started_ms, None);
        assert_eq!(page.items[1].agent, None);
        assert_eq!(
            ActivitiesPage::from_value(&json!("nope")),
            ActivitiesPage::default()
        );
        assert_eq!(
            ActivitiesPage::from_value(&json!({"data": 3})).items.len(),
            0
        );
    }

    #[test]
    fn real_desk_shape_of_cim_events() {
        let event = json!({"id": "e1", "name": "AGENT_MESSAGE", "type": "MESSAGE",
            "timestamp": "2024-01-18T13:11:34.545+00:00", "conversationId": "c3",
            "eventEmitter": {"id": "a", "type": "AGENT", "senderName": "sana"},
            "channelSession": {"channel": {"channelType": {"name": "WEB"}}},
            "data": {"id": "m1", "header": {"sender": {"id": "a", "type": "AGENT"}},
                     "body": {"type": "PLAIN", "markdownText": "Hello"}}});
        let page = ActivitiesPage::from_value(&json!({"docs": [event], "totalDocs": 40}));
        assert_eq!(page.total, Some(40));
        let item = &page.items[0];
        assert_eq!(item.conversation_id.as_deref(), Some("c3"));
        assert_eq!(item.started_ms, Some(1705583494545));
        assert_eq!(item.channel.as_deref(), Some("WEB"));
        assert_eq!(item.agent.as_deref(), Some("sana"));
        assert_eq!(item.summary.as_deref(), Some("Hello"));
        assert_eq!(
            item.event.as_ref().map(|e| e.name.as_str()),
            Some("AGENT_MESSAGE")
        );
    }
}
