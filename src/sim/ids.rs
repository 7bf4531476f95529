//! Identifiers and clocks: Mongo-ObjectId-like ids, uuids, opaque tokens, epoch-ms and ISO
//! timestamps, shaped like the ones a real CX deployment puts on the wire.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A 24-hex-digit id shaped like a MongoDB ObjectId (4 bytes of epoch seconds, 5 random
/// bytes, 3 bytes of counter), as CX uses for conversations, rooms, channel sessions,
/// customers and server-side CIM events.
pub(crate) fn object_id() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let secs = u32::try_from(now_ms() / 1000).unwrap_or(u32::MAX);
    let random = Uuid::new_v4();
    let count = COUNTER.fetch_add(1, Ordering::Relaxed) & 0x00ff_ffff;
    let mut out = format!("{secs:08x}");
    for b in &random.as_bytes()[..5] {
        out.push_str(&format!("{b:02x}"));
    }
    out.push_str(&format!("{count:06x}"));
    out
}

/// A fresh random v4 uuid in its hyphenated lowercase form.
pub(crate) fn uuid() -> String {
    Uuid::new_v4().to_string()
}

/// A random opaque bearer token (the simulator never issues JWTs: the desk must not look
/// inside tokens).
pub(crate) fn token(prefix: &str) -> String {
    format!(
        "{prefix}.{}{}",
        Uuid::new_v4().simple(),
        Uuid::new_v4().simple()
    )
}

/// Now, in milliseconds since the Unix epoch (the unit of every live `timestamp`,
/// `stateChangeTime` and `agentLoginTime`).
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// `ms` as the ISO-8601 string used in stored history (`topicEvents`), e.g.
/// `2025-02-28T14:43:07.201+00:00` (PROTOCOL.md §4: ISO strings in history).
pub(crate) fn iso(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.3f+00:00")
        .to_string()
}

/// A 24-hex-digit id derived from `key` (two FNV-1a hashes): the same key gives the same
/// id in every run, e.g. a web chat customer's `customer._id` from their `source`.
pub(crate) fn stable_object_id(key: &str) -> String {
    let fnv = |basis: u64| {
        key.bytes().fold(basis, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let hex = format!(
        "{:016x}{:016x}",
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x84222325_cbf29ce4)
    );
    hex[..24].to_string()
}

/// A web chat `sessionId`: `W`, the epoch ms, then 32 random hex digits (shaped like
/// seed 002's `W1661202000…`; unguessable, as it is the session's only key).
pub(crate) fn web_session_id() -> String {
    format!("W{}{}", now_ms(), Uuid::new_v4().simple())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_ids_are_24_hex_and_stable() {
        let a = stable_object_id("jose.silva@email.com");
        assert_eq!(a.len(), 24);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(a, stable_object_id("jose.silva@email.com"));
        assert_ne!(a, stable_object_id("jose.silva@email.org"));
        assert!(web_session_id().starts_with('W'));
        assert_ne!(web_session_id(), web_session_id());
    }

    #[test]
    fn object_ids_are_24_hex_and_distinct() {
        let a = object_id();
        let b = object_id();
        assert_eq!(a.len(), 24);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn iso_matches_history_format() {
        assert_eq!(iso(1_740_753_787_201), "2025-02-28T14:43:07.201+00:00");
    }
}
