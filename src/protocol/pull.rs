//! Pull mode (PROTOCOL.md §2, §3, §5): channels whose routing mode is PULL put waiting chats on
//! **lists** instead of offering them. An agent follows lists and picks a waiting chat.
//!
//! - Lists: `GET /unified-admin/pull-mode-list` → `[{id, name, description}]` ([`PullModeList`]).
//! - Follow / unfollow: `subscribePullModeList` / `unsubscribePullModeList`
//!   ([`super::emit::pull_mode_list_subscription`]); the AM confirms a followed list with
//!   `onPullModeSubscribedList {id, name, description}`.
//! - Waiting chats ([`PullModeRequest`] `{id, channelSession, status, listId, time}`):
//!   `pullModeSubscribedListRequests` / `addPullModeSubscribedListRequests` (arrays),
//!   `removePullModeSubscribedListRequests` (the **bare string** id of a list whose requests go),
//!   and `onPullModeSubscribedListRequest` ([`PullModeRequestEvent`]) whose `pullModeEvent` is a
//!   **JSON string** of one request.
//! - Pick: `joinPullModeRequest` ([`super::emit::join_pull_mode_request`]); delete:
//!   `deletePullModeRequest` with the **bare string** request id
//!   ([`super::emit::delete_pull_mode_request`]).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::channel_session::ChannelSessionView;
use super::common::{lenient, Timestamp};

/// A pull-mode list `{id, name, description}` (`GET /unified-admin/pull-mode-list`,
/// `onPullModeSubscribedList`). Unknown fields are kept in `extra`, so the list goes back
/// whole in `subscribePullModeList.list` \[guess: the real desk sends the object it got\].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullModeList {
    /// The list id (Mongo ObjectId string); `_id` is accepted too.
    #[serde(alias = "_id")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "lenient")]
    pub description: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl PullModeList {
    /// `{id, name, description}` as the emits carry it (`description` is `""` when unknown).
    pub fn summary(&self) -> Value {
        serde_json::json!({
            "id": self.id,
            "name": self.name,
            "description": self.description.clone().unwrap_or_default(),
        })
    }
}

/// The answer of `GET /unified-admin/pull-mode-list`: an array of lists, or \[guess\] an
/// envelope `{data: [..]}` / `{lists: [..]}`. Entries that are not lists are skipped.
pub fn lists_from_value(value: &Value) -> Vec<PullModeList> {
    let array = match value {
        Value::Array(items) => items.as_slice(),
        Value::Object(map) => ["data", "lists", "items", "content"]
            .iter()
            .find_map(|k| map.get(*k).and_then(Value::as_array))
            .map_or(&[][..], Vec::as_slice),
        _ => &[],
    };
    array
        .iter()
        .filter_map(|item| serde_json::from_value(item.clone()).ok())
        .collect()
}

/// A waiting chat on a list: `{id, channelSession, status: "CREATED", listId, time}` (§3).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PullModeRequest {
    /// The request id (what `joinPullModeRequest.requestId` and `deletePullModeRequest` carry).
    #[serde(alias = "_id")]
    pub id: String,
    /// The customer's channel session, passed through (its `conversationId` is the chat's).
    #[serde(rename = "channelSession", default)]
    pub channel_session: Value,
    /// `CREATED` while the chat waits; any other value (\[guess\]: `ACCEPTED`, `PICKED`,
    /// `CLOSED`, `DELETED`, …) means it no longer waits. Open set.
    #[serde(default, deserialize_with = "lenient")]
    pub status: Option<String>,
    /// The list the chat waits on.
    #[serde(rename = "listId", default, deserialize_with = "lenient")]
    pub list_id: Option<String>,
    /// When the chat was put on the list: epoch ms or an ISO string (§6.6).
    #[serde(default, deserialize_with = "lenient")]
    pub time: Option<Timestamp>,
}

/// `status` of a request that waits to be picked.
pub const STATUS_CREATED: &str = "CREATED";

impl PullModeRequest {
    /// True while the chat waits on its list (status `CREATED`, or no status at all).
    pub fn is_waiting(&self) -> bool {
        self.status
            .as_deref()
            .is_none_or(|s| s.eq_ignore_ascii_case(STATUS_CREATED))
    }

    /// The chat's conversation id: `channelSession.conversationId`.
    pub fn conversation_id(&self) -> Option<&str> {
        self.channel_session
            .get("conversationId")
            .and_then(Value::as_str)
    }

    /// When it was put on the list, epoch ms UTC.
    pub fn time_ms(&self) -> Option<i64> {
        self.time.as_ref().and_then(Timestamp::millis)
    }

    /// A view of the channel session (customer name, channel type).
    pub fn channel_session(&self) -> ChannelSessionView<'_> {
        ChannelSessionView(&self.channel_session)
    }

    /// What happened to a request that no longer waits, from its `status` \[guess: the
    /// status names are not documented; words that mean "someone took it" are read as
    /// taken, everything else as gone\].
    pub fn outcome(&self) -> RequestOutcome {
        let status = self.status.as_deref().unwrap_or("").to_ascii_uppercase();
        if self.is_waiting() {
            RequestOutcome::Waiting
        } else if [
            "ACCEPT", "PICK", "JOIN", "ASSIGN", "SUBSCRIB", "RESERV", "ACTIVE",
        ]
        .iter()
        .any(|w| status.contains(w))
        {
            RequestOutcome::Taken
        } else {
            RequestOutcome::Gone
        }
    }
}

/// What a request's status says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestOutcome {
    /// Still waiting to be picked.
    Waiting,
    /// An agent picked it.
    Taken,
    /// Closed, deleted, expired, the customer left: nobody can pick it any more.
    Gone,
}

/// A list of requests (`pullModeSubscribedListRequests`, `addPullModeSubscribedListRequests`):
/// an array; entries that are not requests are skipped (logged by the caller).
pub fn requests_from_value(value: &Value) -> Vec<PullModeRequest> {
    let items = match value {
        Value::Array(items) => items.as_slice(),
        // One request on its own [guess: tolerated].
        Value::Object(_) => std::slice::from_ref(value),
        _ => &[],
    };
    items
        .iter()
        .filter_map(|item| serde_json::from_value(item.clone()).ok())
        .collect()
}

/// `onPullModeSubscribedListRequest` `{pullModeEvent: "<JSON string of a request>", type,
/// conversationId}` (§3). `pullModeEvent` is a string on real servers; an object is accepted.
#[derive(Debug, Clone, Deserialize)]
pub struct PullModeRequestEvent {
    #[serde(rename = "pullModeEvent", default)]
    pub pull_mode_event: Value,
    /// `PULL_MODE_LIST_REQUEST_RECEIVED` or `PULL_MODE_LIST_REQUEST_STATE_CHANGED` (open set).
    #[serde(rename = "type", default, deserialize_with = "lenient")]
    pub kind: Option<String>,
    #[serde(rename = "conversationId", default, deserialize_with = "lenient")]
    pub conversation_id: Option<String>,
}

/// `type` of a request put on a list.
pub const REQUEST_RECEIVED: &str = "PULL_MODE_LIST_REQUEST_RECEIVED";
/// `type` of a request whose status changed.
pub const REQUEST_STATE_CHANGED: &str = "PULL_MODE_LIST_REQUEST_STATE_CHANGED";

impl PullModeRequestEvent {
    /// The request inside `pullModeEvent` (parsed from its JSON string).
    ///
    /// Errors: the string is not JSON, or not a request.
    pub fn request(&self) -> Result<PullModeRequest, serde_json::Error> {
        match &self.pull_mode_event {
            Value::String(text) => serde_json::from_str(text),
            other => serde_json::from_value(other.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn request_outcomes_read_the_status() {
        let mut r: PullModeRequest = serde_json::from_value(json!({
            "id": "r1", "status": "CREATED", "listId": "l1", "time": 1_700_000_000_000i64,
            "channelSession": {"conversationId": "c1", "customer": {"firstName": "Ann"}}
        }))
        .unwrap();
        assert!(r.is_waiting());
        assert_eq!(r.conversation_id(), Some("c1"));
        assert_eq!(r.time_ms(), Some(1_700_000_000_000));
        assert_eq!(r.outcome(), RequestOutcome::Waiting);
        r.status = Some("ACCEPTED".into());
        assert_eq!(r.outcome(), RequestOutcome::Taken);
        r.status = Some("CLOSED".into());
        assert_eq!(r.outcome(), RequestOutcome::Gone);
    }

    #[test]
    fn event_string_or_object_and_garbage() {
        let inner = json!({"id": "r1", "status": "CREATED", "listId": "l1"});
        let as_string: PullModeRequestEvent = serde_json::from_value(json!({
            "pullModeEvent": inner.to_string(), "type": REQUEST_RECEIVED
        }))
        .unwrap();
        assert_eq!(as_string.request().unwrap().id, "r1");
        let as_object: PullModeRequestEvent =
            serde_json::from_value(json!({"pullModeEvent": inner})).unwrap();
        assert_eq!(as_object.request().unwrap().list_id.as_deref(), Some("l1"));
        let bad: PullModeRequestEvent =
            serde_json::from_value(json!({"pullModeEvent": "{not json"})).unwrap();
        assert!(bad.request().is_err());
    }

    #[test]
    fn lists_and_requests_are_read_tolerantly() {
        let lists = lists_from_value(&json!({"data": [{"_id": "l1", "name": "VIP"}, 42]}));
        assert_eq!(lists.len(), 1);
        assert_eq!(lists[0].id, "l1");
        assert_eq!(
            lists[0].summary(),
            json!({"id": "l1", "name": "VIP", "description": ""})
        );
        let requests = requests_from_value(&json!([{"id": "r1"}, {"nope": true}]));
        assert_eq!(requests.len(), 1);
        assert!(requests_from_value(&json!("x")).is_empty());
    }
}
