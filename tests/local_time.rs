//! Issue 9 item 18: clock times use the local offset of each timestamp, not one offset read
//! at start — across a daylight-saving change in a shift both sides are right. Its own test
//! binary: it sets the process's time zone.

use agentdesk::ui::time;

#[test]
fn each_timestamp_gets_its_own_local_offset() {
    // Central European time as a POSIX rule (no zone files needed): CET (+1) until the last
    // Sunday of March 01:00 UTC, CEST (+2) after.
    std::env::set_var("TZ", "CET-1CEST,M3.5.0,M10.5.0/3");
    time::use_local_time(true);
    // 2025-03-30T00:30:00Z and 01:30:00Z, either side of the change.
    let before = 1_743_294_600_000;
    let after = before + 3_600_000;
    assert_eq!(time::clock(before), "01:30");
    assert_eq!(time::clock(after), "03:30");
    time::use_local_time(false);
    assert_eq!(time::clock(after), "01:30");
}
