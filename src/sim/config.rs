//! [`SimConfig`]: the knobs of the simulator (port and its timers).

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
    /// The scripted customer's pause before each follow-up and before each answer to an
    /// agent message; the customer's `TYPING_INDICATOR` goes out half-way through it. Also:
    /// the customer's READ notification for an agent message comes `customer_delay / 2`
    /// after its DELIVERED one. Default 2 s.
    pub customer_delay: Duration,
    /// Wrap-up time after the agent leaves a conversation (PROTOCOL.md §3
    /// `wrapupTimerStarted`, §2 `closeWrapup`). When the desk sends `topicUnsubscription`,
    /// the simulator answers `wrapupTimerStarted` with `duration` = this value in
    /// **milliseconds, as a string**, and the agent stays in the conversation (CHAT load
    /// kept) until the desk sends `closeWrapup` or the timer expires; only then comes the
    /// final `topicUnsubscription` (reason `Wrap Up applied`, `choosing leave without Wrap
    /// Up` or `wrap Up Timer Expired`). [`Duration::ZERO`] disables wrap-up: the agent leaves
    /// at once with reason `UNSUBSCRIBED`. Default 60 s.
    pub wrapup: Duration,
    /// A load run (`agentdesk sim --load`, `load.rs`): `None` for the scripted customers.
    /// With one, accepted chats get the load's messages instead of the script's follow-ups.
    pub load: Option<super::load::LoadSpec>,
    /// The simulated team (`users::TEAM_AGENTS`): agents the simulator plays, READY from the
    /// start, each in a live chat with a scripted customer, who take transfers, conferences
    /// and consults and give a supervisor something to monitor. Default on.
    pub team: bool,
    /// Desk users who get inbound chats (`None`: every READY desk user). Tests use it to keep
    /// a second desk free for transfers: a desk user with an offer pending is not available
    /// for one. Default `None`.
    pub inbound_for: Option<&'static [&'static str]>,
    /// How fast the simulated team's customers write (the pause between their messages; the
    /// simulated agent answers half-way). Default 8 s.
    pub team_pace: Duration,
    /// How many scripted customers write in over the simulator's run: `None` (the
    /// default) keeps them coming for as long as agents take chats, `Some(0)` turns them
    /// off so that only web-chat customers (seed 002, `webchat/`) arrive, `Some(n)` lets the
    /// first `n` write in (counting chats revoked by RONA). `agentdesk sim
    /// --scripted-customers N` (a contract).
    pub scripted_customers: Option<usize>,
    /// How long a disconnected web chat session stays readable before its queries get
    /// 404 (seed 002 §3.3.3: "the Web Chat Session will remain available for 5 minutes").
    /// Default 5 min.
    pub web_chat_retention: Duration,
    /// The response SLA of every conversation (`AGENT_SLA_STARTED` / `_STOPPED` /
    /// `_EXPIRED`, `answer.rs`), also announced as the channel's
    /// `channelConfig.responseSla` in whole seconds. `None` (the default): no SLA, and
    /// `responseSla: 0`. `agentdesk sim` and `demo` run one (`--sla-secs`, default 45).
    pub response_sla: Option<Duration>,
    /// The demo bot suggests answers to customer messages it has words for
    /// (`BOT_SUGGESTION`, `answer.rs`). Default off; on in `agentdesk sim` and `demo`.
    pub bot_suggestions: bool,
    /// A simulated team agent raises a hand this long after the start (`answer.rs`), for a
    /// supervisor's board to show. Default `None`; `agentdesk sim` and `demo`: 20 s.
    pub team_hand_after: Option<Duration>,
    /// REST calls must carry `Authorization: Bearer <token from login>` (else 401), as CX ≥
    /// 4.9 can enforce. Off by default: servers of the 2024 generation accept calls without
    /// it, and ExpertFlow's own web desk sends none (PROTOCOL.md §1.1, §7.1); a token that
    /// *is* sent must still be one the simulator issued. `agentdesk sim --require-token`.
    pub require_token: bool,
    /// Scripted customers send one message base64-encoded (`header.additionalData.isEncoded`,
    /// 5.x servers, PROTOCOL.md §4); off sends it as plain text for older desks that cannot
    /// decode it (§7.6). Default on. `agentdesk sim --encoded-text <on|off>`.
    pub encoded_text: bool,
    /// Pull mode (`pull.rs`): a scripted customer arrives on the PULL channel and waits on a
    /// pull-mode list this often (while fewer than 3 wait on that list). Default 20 s.
    pub pull_arrival: Duration,
    /// How many pull-mode customers arrive over the run: `None` (default) without limit,
    /// `Some(0)` none.
    pub pull_customers: Option<usize>,
    /// How long a pull-mode customer waits on a list before leaving (the request then changes
    /// to `CLOSED`). Default 10 min.
    pub pull_patience: Duration,
}

impl Default for SimConfig {
    /// `port: 0`, `rona: 30 s`, `offer_delay: 3 s`, `customer_delay: 2 s`, `wrapup: 60 s`,
    /// scripted customers without limit, `web_chat_retention: 5 min`, `team: true`,
    /// `inbound_for: None`, `team_pace: 8 s`, tokens not required, encoded text on, a
    /// pull-mode customer every 20 s without limit, patient for 10 min.
    fn default() -> Self {
        Self {
            port: 0,
            rona: Duration::from_secs(30),
            offer_delay: Duration::from_secs(3),
            customer_delay: Duration::from_secs(2),
            wrapup: Duration::from_secs(60),
            load: None,
            team: true,
            inbound_for: None,
            team_pace: Duration::from_secs(8),
            scripted_customers: None,
            web_chat_retention: Duration::from_secs(300),
            response_sla: None,
            bot_suggestions: false,
            team_hand_after: None,
            require_token: false,
            encoded_text: true,
            pull_arrival: Duration::from_secs(20),
            pull_customers: None,
            pull_patience: Duration::from_secs(600),
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

    /// The response SLA in whole seconds, as `channelConfig.responseSla` announces it (0:
    /// none).
    pub(crate) fn response_sla_secs(&self) -> u64 {
        self.response_sla
            .map_or(0, |d| d.as_secs().max(u64::from(!d.is_zero())))
    }

    /// The answering aids `agentdesk sim` and `demo` run: a response SLA of `sla_secs`
    /// seconds (0: none), bot suggestions, and a simulated agent's raised hand after 20 s.
    pub fn with_answer_aids(mut self, sla_secs: u64) -> Self {
        self.response_sla = (sla_secs > 0).then(|| Duration::from_secs(sla_secs));
        self.bot_suggestions = true;
        self.team_hand_after = Some(Duration::from_secs(20));
        self
    }

    /// The wrap-up time in whole milliseconds, as `wrapupTimerStarted.duration` carries it
    /// (a string on the wire).
    pub(crate) fn wrapup_ms(&self) -> u64 {
        u64::try_from(self.wrapup.as_millis()).unwrap_or(u64::MAX)
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

    #[test]
    fn wrapup_defaults_to_a_minute() {
        let c = SimConfig::default();
        assert_eq!(c.wrapup, Duration::from_secs(60));
        assert_eq!(c.wrapup_ms(), 60_000);
    }
}
