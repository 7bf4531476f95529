//! The server is the truth after every (re)connect (issue 8, "connection lifecycle").
//!
//! After the namespace CONNECT an Agent Manager sends `agentPresence`, `onChannelTypes`, an
//! `onTopicData` for every conversation the agent is still in (`wrapupTimerStarted` for one in
//! wrap-up) and the pending offer again (PROTOCOL.md §1.2, \[guess\]; what the simulator does).
//! The desk notes what the server re-sent for [`RESYNC_GRACE_MS`] after `Connected`; then
//! - a conversation the server did not mention is ended locally ("ended: the server no longer
//!   has this conversation"): it can be closed with `/leave` and stops counting in the MRD
//!   load;
//! - an offer the server did not re-send is removed with a notice.
//!
//! A conversation that the server mentions later (a slow server) opens again: its
//! `onTopicData` clears the end, as for any snapshot.
//!
//! Independent of reconnects: an offer whose RONA passed [`OFFER_GRACE_MS`] ago without a
//! `revokeTask` is removed (a server that restarted never revokes it); a refused accept or
//! leave (`errors` for `topicSubscription` / `topicUnsubscription`) drops the offer or ends the
//! conversation locally instead of leaving it "accepting…" / "leaving…" forever.

use std::collections::HashSet;

use super::state::{Level, State};

/// How long after `Connected` the desk waits for the server to re-send its conversations and
/// offer, ms. \[guess\] The simulator sends them within a few ms; a real AM on a WAN within a
/// second. A late one still reopens its conversation.
pub const RESYNC_GRACE_MS: i64 = 5_000;

/// How long past its RONA an offer may wait for `revokeTask` before the desk drops it, ms.
pub const OFFER_GRACE_MS: i64 = 5_000;

/// The text of a conversation the server forgot.
pub const SERVER_FORGOT: &str = "ended: the server no longer has this conversation";

/// What the server re-sent since the last `Connected`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resync {
    /// Epoch ms UTC of the `Connected`.
    pub since_ms: i64,
    /// Conversations the server mentioned (snapshot, wrap-up, CIM event).
    pub conversations: HashSet<String>,
    /// Offers the server re-sent (by conversation id).
    pub offers: HashSet<String>,
}

/// `Connected`: start collecting what the server re-sends.
pub(super) fn start(state: &mut State) {
    state.resync = Some(Resync {
        since_ms: state.now_ms,
        ..Resync::default()
    });
}

/// The server mentioned conversation `id`.
pub(super) fn saw_conversation(state: &mut State, id: &str) {
    if let Some(resync) = state.resync.as_mut() {
        resync.conversations.insert(id.to_string());
    }
}

/// The server (re-)sent the offer of conversation `id`.
pub(super) fn saw_offer(state: &mut State, id: &str) {
    if let Some(resync) = state.resync.as_mut() {
        resync.offers.insert(id.to_string());
    }
}

/// Clock tick: finish the resync once its grace is over (and send what waited for it), drop
/// offers long past RONA.
pub(super) fn tick(state: &mut State) -> Vec<super::Effect> {
    let now = state.now_ms;
    let mut effects = Vec::new();
    if state
        .resync
        .as_ref()
        .is_some_and(|r| now - r.since_ms >= RESYNC_GRACE_MS)
    {
        if let Some(resync) = state.resync.take() {
            finish(state, &resync);
            super::outbox::report_unmatched(state);
            let open: Vec<String> = state
                .conversations
                .iter()
                .filter(|c| c.ended.is_none())
                .map(|c| c.id.clone())
                .collect();
            for id in open {
                effects.extend(super::outbox::flush(state, &id));
            }
        }
    }
    let stale: Vec<(String, String)> = state
        .offers
        .iter()
        .filter(|o| {
            o.expires_at_ms
                .is_some_and(|end| now - end >= OFFER_GRACE_MS)
        })
        .map(|o| (o.conversation_id.clone(), o.customer_name.clone()))
        .collect();
    for (id, name) in stale {
        drop_offer(state, &id, &format!("Offer from {name} expired"));
    }
    effects
}

fn finish(state: &mut State, resync: &Resync) {
    let forgotten: Vec<String> = state
        .conversations
        .iter()
        .filter(|c| c.ended.is_none() && !resync.conversations.contains(&c.id))
        .map(|c| c.id.clone())
        .collect();
    for id in &forgotten {
        super::on_client::end_conversation(state, id, SERVER_FORGOT);
    }
    if !forgotten.is_empty() {
        state.notify(
            Level::Warning,
            format!(
                "{} conversation(s) ended: the server no longer has them (/leave closes them)",
                forgotten.len()
            ),
        );
    }
    let gone: Vec<(String, String)> = state
        .offers
        .iter()
        .filter(|o| !resync.offers.contains(&o.conversation_id))
        .map(|o| (o.conversation_id.clone(), o.customer_name.clone()))
        .collect();
    for (id, name) in gone {
        drop_offer(
            state,
            &id,
            &format!("Offer from {name} is gone: the server no longer has it"),
        );
    }
}

/// Removes the offer of conversation `id` with a warning notice.
pub(super) fn drop_offer(state: &mut State, id: &str, text: &str) {
    let before = state.offers.len();
    state.offers.retain(|o| o.conversation_id != id);
    if state.offers.len() < before {
        if state.focus_on_arrival.as_deref() == Some(id) {
            state.focus_on_arrival = None;
        }
        // The "New chat from …" notice ends with its offer (also on a tick, without a client
        // event to end stale offer notices).
        state.end_notices(&super::state::About::Offer(id.to_string()));
        state.notify(Level::Warning, text);
    }
}

/// The conversation id a server `errors` message is about: the one of `candidates` its text
/// names, else the only candidate. (`errors` carries `{task, msg}` only, PROTOCOL.md §3; the
/// simulator's and \[guess\] the real AM's messages quote the conversation id.)
pub(super) fn named_in(msg: &str, candidates: &[String]) -> Option<String> {
    candidates
        .iter()
        .find(|id| !id.is_empty() && msg.contains(id.as_str()))
        .or(match candidates {
            [only] => Some(only),
            _ => None,
        })
        .cloned()
}
