//! The response SLA of a conversation as a countdown: how long the agent has to reply to the
//! customer (PROTOCOL.md §4 `AGENT_SLA_STARTED` / `_STOPPED` / `_EXPIRED`,
//! `topicData.agentSla`, the channel's `responseSla`; shapes in [`crate::protocol::sla`]).
//!
//! One deadline per conversation, on the desk's clock: drawing the countdown and checking
//! for expiry on each tick look at that deadline only, never at lines.
//!
//! How a deadline is found (\[guess\], the protocol gives no shapes):
//! - `AGENT_SLA_STARTED` (live): the time left is `expiry − event timestamp` when the event
//!   carries an expiry (both on the server's clock, so a skewed desk clock does not matter),
//!   else `duration − (event timestamp − start)`, else the channel's `responseSla`; it
//!   counts from the event's arrival. Without any length the conversation shows "reply
//!   awaited" with no countdown.
//! - `topicData.agentSla` (a snapshot, e.g. after a reconnect): its expiry as is (server
//!   clock), else start + duration, else the duration from now; a stopped SLA clears the
//!   countdown.
//! - `AGENT_SLA_STOPPED` clears it; `AGENT_SLA_EXPIRED` marks it expired (also when the desk
//!   did not know it had started). The desk also counts an SLA as expired when its
//!   deadline passes before the server says so.
//!
//! The SLA is "close" in its last quarter, and at least in its last [`CLOSE_MS`].

use crate::protocol::sla::{AgentSlaEvent, AgentSlaSnapshot, SlaChange, SlaStatus, SlaTiming};

/// The last stretch of an SLA that counts as close, ms (or its last quarter when longer).
pub const CLOSE_MS: i64 = 15_000;

/// A running (or run-out) response SLA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseSla {
    /// When it runs out, epoch ms UTC on the desk's clock; `None` when its length is unknown.
    pub deadline_ms: Option<i64>,
    /// Its whole length, ms, when known.
    pub total_ms: Option<i64>,
    /// The server said `AGENT_SLA_EXPIRED`.
    pub expired_by_server: bool,
    /// The expiry was dealt with: the agent was alerted (or was looking at the conversation).
    pub alerted: bool,
}

/// How urgent the SLA is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaPhase {
    /// Time left, not close yet (or length unknown).
    Running,
    /// In its last stretch ([`CLOSE_MS`] or its last quarter).
    Close,
    /// Run out.
    Expired,
}

impl ResponseSla {
    /// A countdown of `total_ms` from `now_ms` (no deadline when the length is unknown).
    pub fn starting(now_ms: i64, total_ms: Option<i64>) -> Self {
        ResponseSla {
            deadline_ms: total_ms.map(|t| now_ms.saturating_add(t.max(0))),
            total_ms,
            expired_by_server: false,
            alerted: false,
        }
    }

    /// Milliseconds left at `now_ms` (negative once run out); `None` without a deadline.
    pub fn remaining_ms(&self, now_ms: i64) -> Option<i64> {
        self.deadline_ms.map(|d| d - now_ms)
    }

    /// Whole seconds left at `now_ms`, rounded up (so `0:01` shows until the very end);
    /// once run out, the whole seconds since.
    pub fn display_secs(&self, now_ms: i64) -> Option<i64> {
        self.remaining_ms(now_ms).map(|left| {
            if left > 0 {
                (left + 999) / 1000
            } else {
                -left / 1000
            }
        })
    }

    /// The phase at `now_ms`.
    pub fn phase(&self, now_ms: i64) -> SlaPhase {
        if self.expired_by_server {
            return SlaPhase::Expired;
        }
        match self.remaining_ms(now_ms) {
            None => SlaPhase::Running,
            Some(left) if left <= 0 => SlaPhase::Expired,
            Some(left) => {
                let close = self.total_ms.map_or(CLOSE_MS, |t| (t / 4).max(CLOSE_MS));
                if left <= close {
                    SlaPhase::Close
                } else {
                    SlaPhase::Running
                }
            }
        }
    }
}

/// The SLA after a live `AGENT_SLA_*` event that arrived at `now_ms`, the event's own
/// `timestamp` being `event_ms` (server clock), with the channel's `responseSla`
/// `channel_default_ms`. `current` is the SLA before it.
pub fn after_event(
    current: Option<ResponseSla>,
    event: &AgentSlaEvent,
    event_ms: Option<i64>,
    now_ms: i64,
    channel_default_ms: Option<i64>,
) -> Option<ResponseSla> {
    match event.change {
        SlaChange::Stopped => None,
        SlaChange::Expired => {
            let mut sla = current.unwrap_or_else(|| ResponseSla::starting(now_ms, None));
            sla.expired_by_server = true;
            if sla.deadline_ms.is_none_or(|d| d > now_ms) {
                sla.deadline_ms = Some(now_ms);
            }
            Some(sla)
        }
        SlaChange::Started => {
            let (left, total) = time_left(&event.timing, event_ms, channel_default_ms);
            let mut sla = ResponseSla::starting(now_ms, left);
            sla.total_ms = total.or(left);
            Some(sla)
        }
    }
}

/// `(time left, whole length)` of a started SLA, ms, from its timing as the event gives it.
fn time_left(
    timing: &SlaTiming,
    event_ms: Option<i64>,
    channel_default_ms: Option<i64>,
) -> (Option<i64>, Option<i64>) {
    let server_now = event_ms.or(timing.started_ms);
    let total = timing
        .duration_ms
        .or_else(|| match (timing.started_ms, timing.expires_ms) {
            (Some(s), Some(e)) if e > s => Some(e - s),
            _ => None,
        })
        .or(channel_default_ms);
    if let (Some(expires), Some(server_now)) = (timing.expires_ms, server_now) {
        return (Some(expires - server_now), total);
    }
    if let Some(duration) = timing.duration_ms {
        let elapsed = match (timing.started_ms, event_ms) {
            (Some(start), Some(at)) => (at - start).max(0),
            _ => 0,
        };
        return (Some(duration - elapsed), total);
    }
    (channel_default_ms, total)
}

/// The SLA of a snapshot's `topicData.agentSla` read at `now_ms` (`None`: stopped).
pub fn from_snapshot(
    snapshot: &AgentSlaSnapshot,
    now_ms: i64,
    channel_default_ms: Option<i64>,
) -> Option<ResponseSla> {
    let timing = &snapshot.timing;
    let total = timing.duration_ms.or(channel_default_ms);
    let deadline = timing
        .expires_ms
        .or_else(|| Some(timing.started_ms? + total?))
        .or_else(|| total.map(|t| now_ms + t));
    let sla = ResponseSla {
        deadline_ms: deadline,
        total_ms: total,
        expired_by_server: false,
        alerted: false,
    };
    match snapshot.status {
        SlaStatus::Stopped => None,
        SlaStatus::Expired => Some(ResponseSla {
            expired_by_server: true,
            deadline_ms: Some(deadline.unwrap_or(now_ms).min(now_ms)),
            ..sla
        }),
        SlaStatus::Running => Some(sla),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn started(timing: SlaTiming) -> AgentSlaEvent {
        AgentSlaEvent {
            change: SlaChange::Started,
            timing,
        }
    }

    #[test]
    fn a_started_sla_counts_down_on_the_desk_clock() {
        // Server clock 10 s ahead of the desk: the expiry is read relative to the event.
        let event = started(SlaTiming {
            started_ms: Some(20_000),
            duration_ms: Some(45_000),
            expires_ms: Some(65_000),
        });
        let sla = after_event(None, &event, Some(20_000), 10_000, None).unwrap();
        assert_eq!(sla.deadline_ms, Some(55_000));
        assert_eq!(sla.total_ms, Some(45_000));
        assert_eq!(sla.phase(10_000), SlaPhase::Running);
        assert_eq!(sla.display_secs(12_500), Some(43));
        assert_eq!(
            sla.phase(44_000),
            SlaPhase::Close,
            "the last quarter is close"
        );
        assert_eq!(sla.phase(55_000), SlaPhase::Expired);
        assert_eq!(sla.display_secs(67_000), Some(12), "12 s overdue");
    }

    #[test]
    fn fallbacks_stop_and_expiry() {
        let none = started(SlaTiming::default());
        let sla = after_event(None, &none, None, 0, Some(60_000)).unwrap();
        assert_eq!(sla.deadline_ms, Some(60_000), "the channel's responseSla");
        let unknown = after_event(None, &none, None, 0, None).unwrap();
        assert_eq!(unknown.deadline_ms, None);
        assert_eq!(unknown.phase(1_000_000), SlaPhase::Running);
        let stop = AgentSlaEvent {
            change: SlaChange::Stopped,
            timing: SlaTiming::default(),
        };
        assert_eq!(after_event(Some(sla), &stop, None, 5, None), None);
        let expired = AgentSlaEvent {
            change: SlaChange::Expired,
            timing: SlaTiming::default(),
        };
        let gone = after_event(Some(sla), &expired, None, 30_000, None).unwrap();
        assert_eq!(gone.phase(30_000), SlaPhase::Expired);
        assert_eq!(gone.deadline_ms, Some(30_000));
        let elapsed = started(SlaTiming {
            started_ms: Some(1_000),
            duration_ms: Some(30_000),
            expires_ms: None,
        });
        let sla = after_event(None, &elapsed, Some(11_000), 500, None).unwrap();
        assert_eq!(sla.deadline_ms, Some(20_500), "10 s of it had gone");
    }

    #[test]
    fn snapshots() {
        let running = AgentSlaSnapshot {
            status: SlaStatus::Running,
            timing: SlaTiming {
                started_ms: Some(1_000),
                duration_ms: Some(45_000),
                expires_ms: None,
            },
        };
        assert_eq!(
            from_snapshot(&running, 2_000, None).unwrap().deadline_ms,
            Some(46_000)
        );
        let stopped = AgentSlaSnapshot {
            status: SlaStatus::Stopped,
            ..running
        };
        assert_eq!(from_snapshot(&stopped, 2_000, None), None);
        let expired = AgentSlaSnapshot {
            status: SlaStatus::Expired,
            ..running
        };
        assert_eq!(
            from_snapshot(&expired, 90_000, None).unwrap().phase(90_000),
            SlaPhase::Expired
        );
    }
}
