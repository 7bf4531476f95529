//! The agent's response SLA: `AGENT_SLA_STARTED` / `AGENT_SLA_STOPPED` /
//! `AGENT_SLA_EXPIRED` CIM events, `topicData.agentSla`, the channel's
//! `channelConfig.responseSla` (PROTOCOL.md §4), and `RESET_AGENT_SLA`, which the desk
//! publishes to extend it (§2).
//!
//! What is known: the real snapshot (`onTopicData.json`) carries `topicData.agentSla:
//! {totalDuration, action, startTime}` (all null there: no SLA running), and ExpertFlow's CIM
//! commons record an `AgentSla` object on the conversation. **\[guess\]**: the events'
//! `data` is that same object; its values are not documented. The readers below therefore
//! take the real field names first and accept other plausible spellings, each field
//! optional, in `data` itself or under `data.agentSla`:
//! - the start: `startTime`, `startedAt`, `start`, `slaStartTime` (epoch ms or ISO string);
//! - the length: `totalDuration`, `duration`, `slaDuration`, `agentSlaDuration`,
//!   `responseSla`, `threshold` (a number or numeric string; **values up to 3,600 are
//!   seconds, larger ones ms**, the rule the desk also uses for the wrap-up timer: the docs'
//!   example `responseSla: 60000` reads as ms, a seconds value like the simulator's `45` as
//!   seconds);
//! - the end: `expiryTime`, `expiresAt`, `expiry`, `deadline`, `endTime`, `slaExpiryTime`
//!   (epoch ms or ISO string);
//! - in a snapshot, the state: `action` / `status` / `state` (`STARTED`, `START`,
//!   `START_AGENT_SLA`, `RUNNING`, `ACTIVE` → running; `STOPPED`, `EXPIRED` and their
//!   `AGENT_SLA_` / `STOP_` forms), else `isActive` / `active: false` → stopped; with no
//!   state and no start time nothing is known (the fixture's all-null object).
//!
//! How the desk turns these into a countdown is [`crate::app::sla`].

use serde_json::{json, Value};

use super::cim::{names, CimEvent};
use super::common::{int_value, RoomInfo, Timestamp};

/// What an `AGENT_SLA_*` event says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaChange {
    /// `AGENT_SLA_STARTED`: the agent should reply before the SLA runs out.
    Started,
    /// `AGENT_SLA_STOPPED`: answered (or no longer measured).
    Stopped,
    /// `AGENT_SLA_EXPIRED`: the agent did not reply in time.
    Expired,
}

/// Times read from an SLA event or snapshot (all optional, see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SlaTiming {
    /// When the SLA started, epoch ms UTC (server clock).
    pub started_ms: Option<i64>,
    /// How long the agent has, ms.
    pub duration_ms: Option<i64>,
    /// When it runs out, epoch ms UTC (server clock).
    pub expires_ms: Option<i64>,
}

impl SlaTiming {
    /// True when nothing was read.
    pub fn is_empty(&self) -> bool {
        *self == SlaTiming::default()
    }
}

/// An `AGENT_SLA_*` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgentSlaEvent {
    pub change: SlaChange,
    pub timing: SlaTiming,
}

/// The state of `topicData.agentSla` in a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaStatus {
    Running,
    Stopped,
    Expired,
}

/// `topicData.agentSla`: the SLA as the server keeps it on the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgentSlaSnapshot {
    pub status: SlaStatus,
    pub timing: SlaTiming,
}

const START_KEYS: &[&str] = &["startTime", "startedAt", "start", "slaStartTime"];
const DURATION_KEYS: &[&str] = &[
    "totalDuration",
    "duration",
    "slaDuration",
    "agentSlaDuration",
    "responseSla",
    "threshold",
];
const EXPIRY_KEYS: &[&str] = &[
    "expiryTime",
    "expiresAt",
    "expiry",
    "deadline",
    "endTime",
    "slaExpiryTime",
];

/// A duration as ms: values up to 3,600 are seconds, larger ones ms (see the module docs).
/// `None` for zero, negative or unreadable values.
pub fn duration_ms(value: &Value) -> Option<i64> {
    let n = int_value(value).filter(|n| *n > 0)?;
    Some(if n <= 3_600 { n * 1_000 } else { n })
}

fn time_of(value: &Value) -> Option<i64> {
    if let Value::String(s) = value {
        if s.trim().is_empty() {
            return None;
        }
    }
    serde_json::from_value::<Timestamp>(value.clone())
        .ok()?
        .millis()
        .filter(|ms| *ms > 0)
}

fn first<T>(object: &Value, keys: &[&str], read: impl Fn(&Value) -> Option<T>) -> Option<T> {
    keys.iter().find_map(|k| object.get(*k).and_then(&read))
}

/// Reads the timing of `value` (an object; its `agentSla` object first when it has one).
pub fn timing_of(value: &Value) -> SlaTiming {
    let inner = value
        .get("agentSla")
        .filter(|v| v.is_object())
        .unwrap_or(value);
    let read = |object: &Value| SlaTiming {
        started_ms: first(object, START_KEYS, time_of),
        duration_ms: first(object, DURATION_KEYS, duration_ms),
        expires_ms: first(object, EXPIRY_KEYS, time_of),
    };
    let timing = read(inner);
    if timing.is_empty() && !std::ptr::eq(inner, value) {
        read(value)
    } else {
        timing
    }
}

impl CimEvent {
    /// The SLA event of `AGENT_SLA_STARTED` / `_STOPPED` / `_EXPIRED` (`None` for others).
    pub fn agent_sla(&self) -> Option<AgentSlaEvent> {
        let change = match self.name.as_str() {
            names::AGENT_SLA_STARTED => SlaChange::Started,
            names::AGENT_SLA_STOPPED => SlaChange::Stopped,
            names::AGENT_SLA_EXPIRED => SlaChange::Expired,
            _ => return None,
        };
        Some(AgentSlaEvent {
            change,
            timing: timing_of(&self.data),
        })
    }
}

/// Reads `topicData.agentSla` (`None` when it is absent, null, not an object, or says
/// nothing: no state and no start time, as in the fixture's `{totalDuration: null, action:
/// null, startTime: null}`).
pub fn agent_sla_snapshot(value: &Value) -> Option<AgentSlaSnapshot> {
    if !value.is_object() {
        return None;
    }
    let word = ["action", "status", "state", "slaState"]
        .iter()
        .find_map(|k| value.get(*k))
        .and_then(|v| v.as_str().or_else(|| v.get("name").and_then(Value::as_str)))
        .map(|s| s.trim().to_ascii_uppercase());
    let inactive = ["isActive", "active"]
        .iter()
        .find_map(|k| value.get(*k).and_then(Value::as_bool))
        == Some(false);
    let timing = timing_of(value);
    let status = match word.as_deref() {
        Some(
            "STOPPED" | "STOP" | "AGENT_SLA_STOPPED" | "STOP_AGENT_SLA" | "CANCELLED" | "COMPLETED",
        ) => SlaStatus::Stopped,
        Some("EXPIRED" | "AGENT_SLA_EXPIRED") => SlaStatus::Expired,
        _ if inactive => SlaStatus::Stopped,
        Some(_) => SlaStatus::Running,
        None if timing.started_ms.is_some() || timing.expires_ms.is_some() => SlaStatus::Running,
        None => return None,
    };
    Some(AgentSlaSnapshot { status, timing })
}

/// The channel's response SLA, ms: `channel.channelConfig.responseSla` of a channel
/// session (see [`duration_ms`] for the unit rule); `None` when absent or 0 (no SLA).
pub fn response_sla_ms(channel_session: &Value) -> Option<i64> {
    channel_session
        .pointer("/channel/channelConfig/responseSla")
        .and_then(duration_ms)
}

/// The `RESET_AGENT_SLA` CIM event the desk publishes to extend the response SLA, exactly
/// as PROTOCOL.md §2 records the real desk's raw shape: `{id, name: "RESET_AGENT_SLA",
/// type: "NOTIFICATION", timestamp, conversationId, roomInfo, data: {}}` (no sender, no
/// channel session). `now_ms`: epoch ms UTC.
pub fn reset_agent_sla(
    event_id: &str,
    conversation_id: &str,
    room_info: Option<&RoomInfo>,
    now_ms: i64,
) -> Value {
    json!({
        "id": event_id,
        "name": RESET_AGENT_SLA,
        "type": "NOTIFICATION",
        "timestamp": now_ms,
        "conversationId": conversation_id,
        "roomInfo": room_info,
        "data": {},
    })
}

/// The CIM event name the desk publishes to extend the response SLA (§2).
pub const RESET_AGENT_SLA: &str = "RESET_AGENT_SLA";

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, data: Value) -> CimEvent {
        serde_json::from_value(json!({"name": name, "data": data})).unwrap()
    }

    #[test]
    fn units_and_spellings() {
        assert_eq!(duration_ms(&json!(45)), Some(45_000));
        assert_eq!(duration_ms(&json!("60000")), Some(60_000));
        assert_eq!(duration_ms(&json!(0)), None);
        assert_eq!(duration_ms(&json!(-3)), None);
        let started = event(
            names::AGENT_SLA_STARTED,
            json!({"agentSla": {"startTime": 1000, "duration": 45,
                                "expiryTime": "1970-01-01T00:00:46Z"}}),
        );
        let sla = started.agent_sla().unwrap();
        assert_eq!(sla.change, SlaChange::Started);
        assert_eq!(
            sla.timing,
            SlaTiming {
                started_ms: Some(1000),
                duration_ms: Some(45_000),
                expires_ms: Some(46_000)
            }
        );
        let flat = event(names::AGENT_SLA_EXPIRED, json!({"slaDuration": "90000"}));
        assert_eq!(flat.agent_sla().unwrap().timing.duration_ms, Some(90_000));
        assert_eq!(
            event(names::AGENT_SLA_STOPPED, json!(null))
                .agent_sla()
                .unwrap()
                .timing,
            SlaTiming::default()
        );
        assert!(event("HAND_RAISED", json!({})).agent_sla().is_none());
    }

    #[test]
    fn snapshot_states_and_channel() {
        let s = agent_sla_snapshot(&json!({"status": "expired", "duration": 30})).unwrap();
        assert_eq!(s.status, SlaStatus::Expired);
        let s = agent_sla_snapshot(&json!({"isActive": false, "startTime": 5})).unwrap();
        assert_eq!(s.status, SlaStatus::Stopped);
        let s = agent_sla_snapshot(&json!({"state": {"name": "STARTED"}})).unwrap();
        assert_eq!(s.status, SlaStatus::Running);
        assert!(agent_sla_snapshot(&json!(null)).is_none());
        let fixture = json!({"totalDuration": null, "action": null, "startTime": null});
        assert!(
            agent_sla_snapshot(&fixture).is_none(),
            "all null: nothing known"
        );
        let real = agent_sla_snapshot(
            &json!({"totalDuration": 45, "action": "STARTED", "startTime": 1000}),
        )
        .unwrap();
        assert_eq!(real.status, SlaStatus::Running);
        assert_eq!(real.timing.duration_ms, Some(45_000));
        assert_eq!(real.timing.started_ms, Some(1000));
        let session = json!({"channel": {"channelConfig": {"responseSla": 60000}}});
        assert_eq!(response_sla_ms(&session), Some(60_000));
        let none = json!({"channel": {"channelConfig": {"responseSla": 0}}});
        assert_eq!(response_sla_ms(&none), None);
    }

    #[test]
    fn reset_is_the_raw_shape() {
        let room = RoomInfo {
            id: "r".into(),
            mode: Some("CONTACT_CENTER".into()),
        };
        assert_eq!(
            reset_agent_sla("e1", "c1", Some(&room), 7),
            json!({"id": "e1", "name": "RESET_AGENT_SLA", "type": "NOTIFICATION",
                   "timestamp": 7, "conversationId": "c1",
                   "roomInfo": {"id": "r", "mode": "CONTACT_CENTER"}, "data": {}})
        );
    }
}
