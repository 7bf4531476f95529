//! [`SimConfig`]: the knobs of the simulator (port and the three timers).

use std::time::Duration;

/// How the simulator listens and how fast its simulated world moves.
///
/// All durations are wall-clock [`Duration`]s. Tests use tiny values (100–300 ms); the
/// defaults are what a person trying the desk by hand wants to see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimConfig {
    /// TCP port on `127.0.0.1`; `0` picks a free ephemeral port (read it back with
    /// [`SimServer::addr`](super::SimServer::addr)).
    pub port: u16,
    /// RONA ("redirect on no answer") timeout: how long a `taskRequest` RESERVED offer waits
    /// for the desk's `topicSubscription` before the simulator sends `revokeTask` and puts
    /// the agent NOT_READY (PROTOCOL.md §3 `taskRequest`/`revokeTask`). It is also announced
    /// in the offer as `channelSession.channel.channelConfig.routingPolicy.agentRequestTtl`,
    /// in whole **seconds**, rounded up. Default 30 s (`agentdesk sim --rona-secs`).
    pub rona: Duration,
    /// Pause between "the agent can take a chat" (agent READY, CHAT MRD READY or ACTIVE,
    /// no offer pending) and the `taskRequest` RESERVED offer. Default 3 s.
    pub offer_delay: Duration,
    /// The scripted customer's pause before each follow-up message and before each answer
    /// to an agent message. Default 2 s.
    pub customer_delay: Duration,
}

impl Default for SimConfig {
    /// `port: 0`, `rona: 30 s`, `offer_delay: 3 s`, `customer_delay: 2 s`.
    fn default() -> Self {
        Self {
            port: 0,
            rona: Duration::from_secs(30),
            offer_delay: Duration::from_secs(3),
            customer_delay: Duration::from_secs(2),
        }
    }
}

impl SimConfig {
    /// RONA in whole seconds, rounded up, as put in `agentRequestTtl` (never below 1, so a
    /// desk showing a countdown never shows 0 for a live offer).
    pub(crate) fn rona_secs(&self) -> u64 {
        let ms = self.rona.as_millis();
        let secs = ms.div_ceil(1000).max(1);
        u64::try_from(secs).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rona_secs_rounds_up_and_is_at_least_one() {
        let mut c = SimConfig::default();
        assert_eq!(c.rona_secs(), 30);
        c.rona = Duration::from_millis(200);
        assert_eq!(c.rona_secs(), 1);
        c.rona = Duration::from_millis(2001);
        assert_eq!(c.rona_secs(), 3);
    }
}
