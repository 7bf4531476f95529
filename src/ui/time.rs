//! Turning epoch milliseconds into what the screen shows: clock times, durations,
//! countdowns. No clock reads here: `now_ms` always comes from the state.
//!
//! Clock times are shown in UTC plus an offset that defaults to 0, so snapshots are the same on
//! every machine. The binary calls [`set_utc_offset_seconds`]`(`[`system_utc_offset_seconds`]`())`
//! once at start-up to show local time.

use std::sync::atomic::{AtomicI32, Ordering};

static UTC_OFFSET_SECONDS: AtomicI32 = AtomicI32::new(0);

/// Sets the offset from UTC used for clock times (seconds east of UTC).
pub fn set_utc_offset_seconds(offset: i32) {
    UTC_OFFSET_SECONDS.store(offset, Ordering::Relaxed);
}

/// The offset clock times are shown in (seconds east of UTC; 0 unless set).
pub fn utc_offset_seconds() -> i32 {
    UTC_OFFSET_SECONDS.load(Ordering::Relaxed)
}

/// This machine's current offset from UTC (reads the local time zone).
pub fn system_utc_offset_seconds() -> i32 {
    chrono::Local::now().offset().local_minus_utc()
}

/// `HH:MM` of `at_ms` (epoch ms UTC) in the configured offset.
pub fn clock(at_ms: i64) -> String {
    let secs = at_ms.div_euclid(1000) + i64::from(utc_offset_seconds());
    let of_day = secs.rem_euclid(86_400);
    format!("{:02}:{:02}", of_day / 3600, of_day % 3600 / 60)
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

/// `YYYY-MM-DD` of `at_ms` (epoch ms UTC) in the configured offset.
pub fn date(at_ms: i64) -> String {
    let shifted = at_ms.saturating_add(i64::from(utc_offset_seconds()) * 1000);
    match chrono::DateTime::from_timestamp_millis(shifted) {
        Some(t) => t.format("%Y-%m-%d").to_string(),
        None => "????-??-??".into(),
    }
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
