//! The response SLA from the agent's side (issue 12): `/extend` (a contract) publishes
//! `RESET_AGENT_SLA` for the focused conversation (PROTOCOL.md §2; the server answers with a
//! fresh `AGENT_SLA_STARTED`, which restarts the countdown), and an SLA that runs out in a
//! conversation not in focus raises a notice and an alert (`[notify] sla_expired`, the same
//! rules as the other notifications). The countdown itself is [`crate::app::sla`].

use crate::client::Command;

use crate::app::conversation::Conversation;
use crate::app::effect::Effect;
use crate::app::notify::{alert, AlertKind};
use crate::app::signals::new_id;
use crate::app::sla::SlaPhase;
use crate::app::state::{Connection, Level, State};

/// True when `c`'s response SLA has run out at `now_ms` and the agent is the one to reply
/// (the conversation is open and this desk writes to the customer there).
pub fn overdue(c: &Conversation, now_ms: i64) -> bool {
    c.ended.is_none()
        && !c.whispers_only()
        && c.sla.is_some_and(|s| s.phase(now_ms) == SlaPhase::Expired)
}

/// `/extend`: `RESET_AGENT_SLA` for the focused conversation.
pub(in crate::app) fn extend(state: &mut State) -> Vec<Effect> {
    let problem = if state.connection != Connection::Online {
        Some("Not connected: /extend needs the Agent Manager")
    } else {
        match state.focused_conversation() {
            None => Some("No conversation focused"),
            Some(c) if c.ended.is_some() => Some("This conversation has ended"),
            Some(c) if c.whispers_only() => {
                Some("/extend is for the agent who replies to the customer")
            }
            Some(_) => None,
        }
    };
    if let Some(problem) = problem {
        state.notify(Level::Warning, problem);
        return Vec::new();
    }
    let now = state.now_ms;
    let Some(c) = state.focused_conversation() else {
        return Vec::new();
    };
    let text = if c.sla.is_some() {
        format!("Asked for more time to reply to {}", c.customer_name)
    } else {
        format!(
            "Asked for more time to reply to {} (no response time was running here)",
            c.customer_name
        )
    };
    let command = Command::ResetAgentSla {
        conversation_id: c.id.clone(),
        room_info: c.room_info.clone(),
        event_id: new_id(),
        now_ms: now,
    };
    state.notify(Level::Info, text);
    vec![Effect::Send(command)]
}

/// Alerts for response SLAs that ran out, once each: in conversation `only` (after an event
/// for it), or in every conversation (on a clock tick; O(conversations), one deadline
/// each). Nothing is raised for the conversation in focus: the agent sees its header.
pub(in crate::app) fn alert_expired(state: &mut State, only: Option<&str>) -> Vec<Effect> {
    let now = state.now_ms;
    let mut due: Vec<(String, String, usize)> = Vec::new();
    let focused = state.focused.clone();
    for c in state.conversations.iter_mut() {
        if only.is_some_and(|id| id != c.id) {
            continue;
        }
        let is_overdue = overdue(c, now);
        let Some(sla) = c.sla.as_mut().filter(|s| !s.alerted) else {
            continue;
        };
        if !is_overdue {
            continue;
        }
        sla.alerted = true;
        if focused.as_deref() != Some(c.id.as_str()) {
            due.push((c.id.clone(), c.customer_name.clone(), c.number));
        }
    }
    let mut effects = Vec::new();
    for (_, name, number) in due {
        let go = if number <= 9 {
            format!("Alt+{number}")
        } else {
            format!("/goto {number}")
        };
        state.notify(
            Level::Warning,
            format!("Reply overdue to {name} (chat {number}): {go} goes there"),
        );
        effects.extend(alert(
            state,
            AlertKind::SlaExpired,
            format!("Reply overdue — {name}"),
            format!("The response time ran out in chat {number}"),
        ));
    }
    effects
}
