//! Turning epoch milliseconds into what the screen shows: clock times, durations,
//! countdowns. No clock reads here: `now_ms` always comes from the state.
//!
//! Clock times are shown in UTC by default, so snapshots are the same on every machine. The
//! binary calls [`use_local_time`]`(true)` at start-up: then each timestamp is shown in the
//! local time zone's offset *at that instant* (a shift that crosses a daylight-saving change
//! shows both sides right), not an offset read once at start.

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::TimeZone;

static LOCAL_TIME: AtomicBool = AtomicBool::new(false);

/// Shows clock times and dates in the local time zone (`true`) or in UTC (`false`, the
/// default).
pub fn use_local_time(local: bool) {
    LOCAL_TIME.store(local, Ordering::Relaxed);
}

/// `at_ms` (epoch ms UTC) formatted with `format` in the chosen zone, or `None` when out of
/// range.
fn format_at(at_ms: i64, format: &str) -> Option<String> {
    if LOCAL_TIME.load(Ordering::Relaxed) {
        let local = chrono::Local.timestamp_millis_opt(at_ms).single()?;
        Some(local.format(format).to_string())
    } else {
        let utc = chrono::DateTime::from_timestamp_millis(at_ms)?;
        Some(utc.format(format).to_string())
    }
}

/// `HH:MM` of `at_ms` (epoch ms UTC), in local time or UTC (see [`use_local_time`]).
pub fn clock(at_ms: i64) -> String {
    format_at(at_ms, "%H:%M").unwrap_or_else(|| "--:--".into())
}

/// A duration as `m:ss` (under an hour) or `h:mm:ss`; negative durations show as `0:00`.
pub fn duration(ms: i64) -> String {
    let secs = ms.max(0) / 1000;
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if h >= 24 {
        // A day or more (a long shift, or a server clock far from ours): days and hours.
        return format!("{}d {}h", h / 24, h % 24);
    }
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// A countdown of whole seconds: `27s` under a minute, else `m:ss`.
pub fn countdown(seconds: i64) -> String {
    let seconds = seconds.max(0);
    if seconds < 60 {
        format!("{seconds}s")
    } else {
        duration(seconds * 1000)
    }
}

/// How long ago `at_ms` was at `now_ms`, in at most 3 columns: `now` (under a minute), `5m`,
/// `3h`, `2d`, `9w`.
pub fn age(at_ms: i64, now_ms: i64) -> String {
    let secs = (now_ms - at_ms).max(0) / 1000;
    match secs {
        0..60 => "now".into(),
        60..3_600 => format!("{}m", secs / 60),
        3_600..86_400 => format!("{}h", secs / 3_600),
        86_400..604_800 => format!("{}d", secs / 86_400),
        _ => format!("{}w", (secs / 604_800).min(99)),
    }
}

/// `YYYY-MM-DD` of `at_ms` (epoch ms UTC), in local time or UTC (see [`use_local_time`]).
pub fn date(at_ms: i64) -> String {
    format_at(at_ms, "%Y-%m-%d").unwrap_or_else(|| "????-??-??".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        // 2025-02-28T14:43:07.201Z
        assert_eq!(clock(1_740_753_787_201), "14:43");
        assert_eq!(clock(-1), "23:59");
        assert_eq!(duration(-5_000), "0:00");
        assert_eq!(duration(65_000), "1:05");
        assert_eq!(duration(3_725_000), "1:02:05");
        assert_eq!(duration(26 * 3_600_000 + 5_000), "1d 2h");
        assert_eq!(countdown(27), "27s");
        assert_eq!(countdown(2400), "40:00");
        assert_eq!(age(1_000, 30_000), "now");
        assert_eq!(age(0, 125_000), "2m");
        assert_eq!(age(0, 3 * 3_600_000 + 5), "3h");
        assert_eq!(age(0, 3 * 86_400_000), "3d");
        assert_eq!(age(50_000, 0), "now");
        assert_eq!(date(1_740_753_787_201), "2025-02-28");
    }
}
