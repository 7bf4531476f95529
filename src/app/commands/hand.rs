//! Raise hand (issue 12): `/hand` (a contract) publishes `HAND_RAISED {agentId, userName}` in
//! the focused conversation, and `/hand` again `HAND_DOWN` (PROTOCOL.md §2, §4). The
//! conversation shows "hand raised" until the hand is lowered or a supervisor joins
//! ([`crate::app::aids`]).
//!
//! Supervisors see raised hands on the team board and in the conversation: a `HAND_RAISED`
//! for a conversation they are not in (\[guess\]: an Agent Manager tells the agent's
//! supervisors; the simulator does) marks its board row and raises a notice and an alert
//! (`[notify] hand_raised`); `/hands` (the board's `h`) opens the board at the next raised
//! hand, and Enter joins it as silent monitor.

use crate::client::Command;
use crate::protocol::CimEvent;

use crate::app::aids::{AidsChange, RaisedHand};
use crate::app::effect::Effect;
use crate::app::notify::{alert, AlertKind};
use crate::app::roster::is_monitor_role;
use crate::app::signals::new_id;
use crate::app::state::{Connection, Level, Overlay, State};
use crate::app::team_board::BoardHand;

/// `/hand`: raise my hand in the focused conversation, or lower it when it is up.
pub(in crate::app) fn hand(state: &mut State) -> Vec<Effect> {
    let problem = if state.connection != Connection::Online {
        Some("Not connected: /hand needs the Agent Manager")
    } else {
        match state.focused_conversation() {
            None => Some("No conversation focused: /hand asks for help in the chat you are in"),
            Some(c) if c.ended.is_some() => Some("This conversation has ended"),
            Some(c) if is_monitor_role(&c.role) => {
                Some("/hand asks a supervisor for help; you are supervising this chat")
            }
            Some(_) => None,
        }
    };
    if let Some(problem) = problem {
        state.notify(Level::Warning, problem);
        return Vec::new();
    }
    let now = state.now_ms;
    let (my_id, my_name) = state
        .me
        .as_ref()
        .map(|u| (u.id.clone(), u.username.clone()))
        .unwrap_or_default();
    let Some(c) = state.focused_conversation_mut() else {
        return Vec::new();
    };
    let raise = !c.hand.as_ref().is_some_and(|h| h.mine);
    let command = Command::Hand {
        raised: raise,
        conversation_id: c.id.clone(),
        room_info: c.room_info.clone(),
        event_id: new_id(),
        now_ms: now,
    };
    if raise {
        c.hand = Some(RaisedHand {
            agent_id: my_id,
            name: my_name,
            since_ms: now,
            mine: true,
        });
        state.notify(
            Level::Info,
            "Hand raised: your supervisor sees it on the team board (/hand lowers it)",
        );
    } else {
        c.hand = None;
        state.notify(Level::Info, "Hand lowered");
    }
    vec![Effect::Send(command)]
}

/// `/hands` (supervisors; `h` on the team board): the board, with the next conversation
/// with a raised hand selected (Enter joins it).
pub(in crate::app) fn hands(state: &mut State) -> Vec<Effect> {
    if !state.is_supervisor() {
        state.notify(Level::Warning, "/hands: supervisors only");
        return Vec::new();
    }
    let mut effects = Vec::new();
    if state.overlay != Some(Overlay::TeamBoard) {
        effects = super::supervise::team(state);
    }
    let board = &mut state.board;
    let rows = board.chats().len();
    let raised = |i: usize| {
        board
            .chats()
            .get(i)
            .is_some_and(|c| board.hands.contains_key(&c.conversation_id))
    };
    let next = (1..=rows)
        .map(|step| (board.selected + step) % rows.max(1))
        .find(|&i| raised(i));
    match next {
        Some(i) => board.selected = i,
        None if board.hands.is_empty() => state.notify(Level::Info, "No raised hand"),
        None => state.notify(
            Level::Info,
            "A hand is raised in a chat the board does not list yet (r refreshes)",
        ),
    }
    effects
}

/// Notices (and a supervisor's alert) for what an event changed about hands.
pub(in crate::app) fn on_aids_change(
    state: &mut State,
    conversation_id: &str,
    change: AidsChange,
) -> Vec<Effect> {
    if let Some(by) = change.hand_answered {
        state.notify(
            Level::Info,
            format!("{by} joined the chat: your raised hand was answered"),
        );
    }
    match change.hand_raised_by {
        Some(by) if state.is_supervisor() => raised(state, conversation_id, by),
        _ => Vec::new(),
    }
}

/// A CIM event for a conversation this desk is not in: a supervisor learns of hands there.
pub(in crate::app) fn on_unjoined_event(
    state: &mut State,
    conversation_id: &str,
    event: &CimEvent,
) -> Vec<Effect> {
    if !state.is_supervisor() {
        return Vec::new();
    }
    let Some(hand) = event.hand() else {
        return Vec::new();
    };
    if !hand.raised {
        state.board.hands.remove(conversation_id);
        return Vec::new();
    }
    let by = hand
        .user_name
        .as_deref()
        .map(crate::app::sanitize::one_line)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "An agent".into());
    raised(state, conversation_id, by)
}

/// A hand went up in `conversation_id`: the board marks it; unless the supervisor is looking
/// at that conversation, a notice and an alert say where.
fn raised(state: &mut State, conversation_id: &str, by: String) -> Vec<Effect> {
    let now = state.now_ms;
    state.board.hands.insert(
        conversation_id.to_string(),
        BoardHand {
            name: by.clone(),
            since_ms: now,
        },
    );
    if state.focused.as_deref() == Some(conversation_id) {
        return Vec::new();
    }
    let customer = state
        .conversations
        .by_id(conversation_id)
        .map(|c| c.customer_name.clone())
        .or_else(|| {
            state
                .board
                .chats()
                .iter()
                .find(|c| c.conversation_id == conversation_id)
                .map(|c| c.customer.clone())
        })
        .filter(|n| !n.is_empty());
    let place = match &customer {
        Some(name) => format!("the chat with {name}"),
        None => "a chat".to_string(),
    };
    state.notify(
        Level::Warning,
        format!("{by} raised a hand in {place}: /hands (F10, h) shows it, Enter joins"),
    );
    alert(
        state,
        AlertKind::HandRaised,
        format!("{by} raised a hand"),
        format!("In {place} — /hands"),
    )
    .into_iter()
    .collect()
}
