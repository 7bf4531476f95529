//! The supervisor's team board: the supervised teams' agents (state, reason, time in state,
//! MRD load) and their live conversations per queue, from the realtime reports (PROTOCOL.md
//! §5, shapes in [`crate::protocol::reports`]). Refreshed every [`REFRESH_MS`] while shown
//! and on demand; each half keeps its own failure, so a server without the reports (404)
//! still leaves `/monitor <conversation id>` working.

use crate::protocol::{ActiveChat, TeamAgent};

use super::sanitize::one_line;

/// Refresh period while the board is open, ms (issue 6: about every 10 s).
pub const REFRESH_MS: i64 = 10_000;

/// The board's data and cursor. Kept after the board is closed, so `/monitor <n>` still
/// names row n of what was last shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamBoard {
    /// `None` until the first answer; then the agents or why they could not be loaded.
    pub agents: Option<Result<Vec<TeamAgent>, String>>,
    /// `None` until the first answer; then the live conversations or why not.
    pub chats: Option<Result<Vec<ActiveChat>, String>>,
    /// A refresh is under way.
    pub loading: bool,
    /// When the last refresh was asked for, epoch ms UTC.
    pub requested_at_ms: Option<i64>,
    /// When the last answer arrived, epoch ms UTC.
    pub updated_at_ms: Option<i64>,
    /// The selected conversation row (0-based), for Enter → `/monitor n`.
    pub selected: usize,
    /// Raised hands by conversation id (issue 12): from `HAND_RAISED` / `HAND_DOWN` events
    /// as they arrive, and from the report's chats ([`ActiveChat::hand_raised_by`]).
    pub hands: std::collections::BTreeMap<String, BoardHand>,
}

/// A raised hand on the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardHand {
    /// Who raised it (sanitised).
    pub name: String,
    /// When the desk learnt of it, epoch ms UTC.
    pub since_ms: i64,
}

impl TeamBoard {
    /// The live conversations shown, numbered from 1 in this order.
    pub fn chats(&self) -> &[ActiveChat] {
        match &self.chats {
            Some(Ok(chats)) => chats,
            _ => &[],
        }
    }

    /// Row `n` (1-based) of the live conversations.
    pub fn chat(&self, n: usize) -> Option<&ActiveChat> {
        n.checked_sub(1).and_then(|i| self.chats().get(i))
    }

    /// Takes an answer: every text is sanitised, the selection stays in range.
    pub fn update(
        &mut self,
        agents: Result<Vec<TeamAgent>, String>,
        chats: Result<Vec<ActiveChat>, String>,
        now_ms: i64,
    ) {
        self.agents = Some(
            agents
                .map(|list| list.into_iter().map(clean_agent).collect())
                .map_err(|e| one_line(&e)),
        );
        self.chats = Some(
            chats
                .map(|list| list.into_iter().map(clean_chat).collect())
                .map_err(|e| one_line(&e)),
        );
        self.loading = false;
        // The report is the truth as of when it was asked for: hands it shows are added,
        // hands it does not show and that are older than the request go.
        let asked = self.requested_at_ms.unwrap_or(now_ms);
        if let Some(Ok(chats)) = &self.chats {
            let raised: std::collections::BTreeMap<String, String> = chats
                .iter()
                .filter_map(|c| Some((c.conversation_id.clone(), c.hand_raised_by.clone()?)))
                .collect();
            self.hands
                .retain(|id, hand| raised.contains_key(id) || hand.since_ms > asked);
            for (id, name) in raised {
                // The report names the agent in full; an event only by username.
                match self.hands.get_mut(&id) {
                    Some(hand) => hand.name = name,
                    None => {
                        self.hands.insert(
                            id,
                            BoardHand {
                                name,
                                since_ms: now_ms,
                            },
                        );
                    }
                }
            }
        }
        self.updated_at_ms = Some(now_ms);
        self.selected = self.selected.min(self.chats().len().saturating_sub(1));
    }

    /// Moves the selected conversation row by `step` (clamped).
    pub fn move_selection(&mut self, step: i32) {
        let last = self.chats().len().saturating_sub(1) as i64;
        self.selected = (self.selected as i64 + i64::from(step)).clamp(0, last) as usize;
    }

    /// True when a refresh is due at `now_ms` (none under way, the last one
    /// [`REFRESH_MS`] ago or never).
    pub fn refresh_due(&self, now_ms: i64) -> bool {
        !self.loading
            && self
                .requested_at_ms
                .is_none_or(|at| now_ms - at >= REFRESH_MS)
    }
}

fn clean_agent(mut a: TeamAgent) -> TeamAgent {
    a.name = one_line(&a.name);
    a.state = one_line(&a.state);
    a.reason = a.reason.map(|r| one_line(&r));
    for m in &mut a.mrds {
        m.name = one_line(&m.name);
        m.state = one_line(&m.state);
    }
    a
}

fn clean_chat(mut c: ActiveChat) -> ActiveChat {
    c.conversation_id = one_line(&c.conversation_id);
    c.queue = one_line(&c.queue);
    c.customer = one_line(&c.customer);
    c.channel = one_line(&c.channel);
    c.agents = c.agents.iter().map(|a| one_line(a)).collect();
    c.hand_raised_by = c.hand_raised_by.map(|h| one_line(&h));
    c
}
