//! Reconnect delays: socket.io-client's defaults (PROTOCOL.md §1.2): 1 s doubling to 5 s,
//! ±50 % jitter.

use std::time::Duration;

/// Exponential backoff with jitter.
#[derive(Debug, Clone)]
pub struct Backoff {
    /// First delay.
    pub initial: Duration,
    /// Upper bound before jitter.
    pub max: Duration,
    attempt: u32,
}

impl Backoff {
    /// A backoff from `initial` doubling up to `max`.
    pub fn new(initial: Duration, max: Duration) -> Self {
        Backoff {
            initial,
            max,
            attempt: 0,
        }
    }

    /// Back to the first delay (after a successful connect).
    pub fn reset(&mut self) {
        self.attempt = 0;
    }

    /// The next delay. `jitter` in `[0, 1)` picks a point in ±50 % of the base delay.
    pub fn next_delay(&mut self, jitter: f64) -> Duration {
        let base = self
            .initial
            .saturating_mul(1u32 << self.attempt.min(16))
            .min(self.max);
        self.attempt = self.attempt.saturating_add(1);
        base.mul_f64(0.5 + jitter.clamp(0.0, 1.0))
    }
}

/// A jitter value in `[0, 1)` from the clock's sub-second nanoseconds (spreading reconnects
/// of many desks; not for anything secret).
pub fn clock_jitter() -> f64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    f64::from(nanos % 1_000_000) / 1_000_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_max_with_jitter_bounds() {
        let mut b = Backoff::new(Duration::from_secs(1), Duration::from_secs(5));
        let delays: Vec<_> = (0..5).map(|_| b.next_delay(0.5)).collect();
        let secs: Vec<u64> = delays.iter().map(Duration::as_secs).collect();
        assert_eq!(secs, [1, 2, 4, 5, 5]);
        b.reset();
        assert_eq!(b.next_delay(0.0), Duration::from_millis(500));
        assert_eq!(b.next_delay(1.0), Duration::from_secs(3));
    }
}
