//! Team announcements (PROTOCOL.md §3, §5): supervisors post short messages to their teams;
//! agents see the active ones.
//!
//! - `GET /team-announcement/announcement/?teamIds=T&status=active` → the active announcements
//!   of team `T`.
//! - Socket `ANNOUNCEMENT_CREATED` / `ANNOUNCEMENT_DELETED`: one announcement object (it has
//!   `supervisorId`).
//!
//! **The REST shape is not documented** (PROTOCOL.md §5 names only the GET). What the desk
//! assumes, and why \[guess\]:
//! - An announcement is an object; its id is `id` or `_id`; its text is the first string of
//!   `announcementText`, `message`, `text`, `announcement`, `body`, `content`, `description`,
//!   `title`; its teams are `teamIds` (strings), `teams` (strings or `{teamId}`) or `teamId`;
//!   who posted it: `supervisorName` / `createdBy`/`supervisorId`; when: `createdAt` /
//!   `timestamp` (ms or ISO); until when: `expiryTime` / `expiresAt` / `expiry` (ms or ISO).
//!   Every other field is kept (`raw`), and nothing but the id is required.
//! - A list answer is an array, or an envelope `{data|announcements|items|content: [..]}`.
//! - Posting ([`create_body`]): `POST /team-announcement/announcement/` with
//!   `{teamIds, announcementText, supervisorId, supervisorName, status: "active",
//!   expiryTime}`, the field names the GET's query uses (`teamIds`, `status=active`) plus the
//!   most common name for the text; deleting: `DELETE /team-announcement/announcement/{id}`
//!   (REST style, the GET's path plus the id).

use serde_json::{json, Value};

use super::common::{int_value, Timestamp};

/// One team announcement, read tolerantly (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct Announcement {
    /// `id` or `_id`.
    pub id: String,
    /// The text (untrusted: sanitise before showing).
    pub text: String,
    /// The teams it is for (empty: not said).
    pub team_ids: Vec<String>,
    /// The supervisor who posted it (`supervisorId`).
    pub supervisor_id: Option<String>,
    /// Who posted it, for display (`supervisorName`, else `createdBy` when it is text).
    pub author: Option<String>,
    /// When it was posted, epoch ms UTC.
    pub created_ms: Option<i64>,
    /// When it stops being shown, epoch ms UTC.
    pub expires_ms: Option<i64>,
    /// The object as received.
    pub raw: Value,
}

/// Field names read as the announcement's text, in order.
const TEXT_FIELDS: &[&str] = &[
    "announcementText",
    "message",
    "text",
    "announcement",
    "body",
    "content",
    "description",
    "title",
];

fn first_str<'a>(value: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| value.get(*k).and_then(Value::as_str))
        .filter(|s| !s.trim().is_empty())
}

/// A time as epoch ms: a number (ms), a numeric string, or an ISO-8601 string.
fn time_ms(value: &Value, keys: &[&str]) -> Option<i64> {
    keys.iter().find_map(|k| {
        let v = value.get(*k)?;
        int_value(v).or_else(|| {
            v.as_str()
                .and_then(|s| Timestamp::Text(s.to_string()).millis())
        })
    })
}

fn team_ids(value: &Value) -> Vec<String> {
    let mut ids = Vec::new();
    for key in ["teamIds", "teams"] {
        if let Some(items) = value.get(key).and_then(Value::as_array) {
            for item in items {
                let id = item
                    .as_str()
                    .or_else(|| item.get("teamId").and_then(Value::as_str))
                    .or_else(|| item.get("id").and_then(Value::as_str));
                if let Some(id) = id {
                    ids.push(id.to_string());
                }
            }
        }
    }
    if let Some(id) = value.get("teamId").and_then(Value::as_str) {
        ids.push(id.to_string());
    }
    ids.dedup();
    ids
}

impl Announcement {
    /// Reads one announcement; `None` when `value` is not an object with an id.
    pub fn from_value(value: &Value) -> Option<Announcement> {
        if !value.is_object() {
            return None;
        }
        let id = first_str(value, &["id", "_id"])?.to_string();
        Some(Announcement {
            id,
            text: first_str(value, TEXT_FIELDS).unwrap_or("").to_string(),
            team_ids: team_ids(value),
            supervisor_id: first_str(value, &["supervisorId"]).map(str::to_string),
            author: first_str(value, &["supervisorName", "createdBy", "author"])
                .map(str::to_string),
            created_ms: time_ms(value, &["createdAt", "timestamp", "created"]),
            expires_ms: time_ms(value, &["expiryTime", "expiresAt", "expiry"]),
            raw: value.clone(),
        })
    }

    /// A list answer: an array or an envelope (see the module docs); entries without an id
    /// are skipped.
    pub fn list_from_value(value: &Value) -> Vec<Announcement> {
        let items = match value {
            Value::Array(items) => items.as_slice(),
            Value::Object(map) => ["data", "announcements", "items", "content"]
                .iter()
                .find_map(|k| map.get(*k).and_then(Value::as_array))
                .map_or(&[][..], Vec::as_slice),
            _ => &[],
        };
        items.iter().filter_map(Announcement::from_value).collect()
    }

    /// True when it is meant for one of `teams` (or names no team at all).
    pub fn is_for(&self, teams: &[String]) -> bool {
        self.team_ids.is_empty() || self.team_ids.iter().any(|t| teams.contains(t))
    }

    /// True when it has expired by `now_ms`.
    pub fn expired(&self, now_ms: i64) -> bool {
        self.expires_ms.is_some_and(|end| end <= now_ms)
    }
}

/// The body of `POST /team-announcement/announcement/` \[guess, see the module docs\]:
/// `{teamIds, announcementText, supervisorId, supervisorName, status: "active", expiryTime}`.
/// `expires_ms`: epoch ms UTC.
pub fn create_body(
    team_ids: &[String],
    text: &str,
    supervisor_id: &str,
    supervisor_name: &str,
    expires_ms: i64,
) -> Value {
    json!({
        "teamIds": team_ids,
        "announcementText": text,
        "supervisorId": supervisor_id,
        "supervisorName": supervisor_name,
        "status": "active",
        "expiryTime": expires_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_many_shapes() {
        let a = Announcement::from_value(&json!({
            "_id": "a1", "message": "Team meeting at 3", "teams": [{"teamId": "t1"}],
            "supervisorId": "s1", "supervisorName": "Sam", "createdAt": "2025-01-01T10:00:00Z",
            "expiryTime": 1_800_000_000_000i64
        }))
        .unwrap();
        assert_eq!(a.id, "a1");
        assert_eq!(a.text, "Team meeting at 3");
        assert_eq!(a.team_ids, ["t1"]);
        assert_eq!(a.author.as_deref(), Some("Sam"));
        assert_eq!(a.created_ms, Some(1_735_725_600_000));
        assert!(!a.expired(1_700_000_000_000));
        assert!(a.expired(1_800_000_000_000));
        assert!(a.is_for(&["t1".into()]));
        assert!(!a.is_for(&["t2".into()]));
        assert!(Announcement::from_value(&json!({"message": "no id"})).is_none());
        let list = Announcement::list_from_value(&json!({"data": [{"id": "x", "text": "hi"}, 3]}));
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].text, "hi");
        assert!(list[0].is_for(&[]), "no teams named: for everyone");
    }

    #[test]
    fn create_body_names_teams_text_and_supervisor() {
        let body = create_body(&["t1".into()], "Hello", "s1", "Sam", 5);
        assert_eq!(body["teamIds"], json!(["t1"]));
        assert_eq!(body["announcementText"], "Hello");
        assert_eq!(body["status"], "active");
        let read = Announcement::from_value(&json!({"id": "n", "announcementText": "Hello"}));
        assert_eq!(read.map(|a| a.text).as_deref(), Some("Hello"));
    }
}
