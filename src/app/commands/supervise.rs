//! The supervisor's desk: `/team` (the team board), `/monitor <id|n>` (silent monitor),
//! `/barge` (barge-in), `/whisper-mode` (back to whispering) (PROTOCOL.md §2, §5; issue 6).
//! `/leave` and `/whisper` are shared with agents (`conversation.rs`, `compose.rs`).
//!
//! Only for users with the `supervisor` role: for others these commands say "supervisors
//! only" and send nothing.

use serde_json::Value;

use crate::client::Command;
use crate::protocol::{ActiveChat, TeamAgent};

use crate::app::effect::Effect;
use crate::app::roster::is_monitor_role;
use crate::app::sanitize::one_line;
use crate::app::state::{Connection, Level, Overlay, State};

/// True for a supervisor; else says "<command>: supervisors only" and returns false.
fn supervisor(state: &mut State, command: &str) -> bool {
    if state.is_supervisor() {
        return true;
    }
    state.notify(Level::Warning, format!("{command}: supervisors only"));
    false
}

/// True when online; else says the command needs the connection (nothing is queued).
fn online(state: &mut State, command: &str) -> bool {
    if state.connection == Connection::Online {
        return true;
    }
    state.notify(
        Level::Warning,
        format!("Not connected: {command} needs the Agent Manager"),
    );
    false
}

/// The ids of the teams the user supervises (`KU.supervisedTeams[].teamId`, §1.1).
pub(in crate::app) fn supervised_teams(state: &State) -> Vec<String> {
    state
        .me
        .as_ref()
        .and_then(|me| me.extra.get("supervisedTeams"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("teamId").and_then(Value::as_str).map(str::to_string))
        .collect()
}

/// `/team` (and its key): opens the team board and refreshes it; again while open: refresh.
pub(in crate::app) fn team(state: &mut State) -> Vec<Effect> {
    if !supervisor(state, "/team") {
        return Vec::new();
    }
    state.overlay = Some(Overlay::TeamBoard);
    refresh_board(state)
}

/// Asks for both reports now (when online and there is a team to ask about).
fn refresh_board(state: &mut State) -> Vec<Effect> {
    if state.connection != Connection::Online {
        return Vec::new();
    }
    let team_ids = supervised_teams(state);
    if team_ids.is_empty() {
        state.board.update(
            Err("you supervise no team (Keycloak supervisedTeams is empty)".into()),
            Err("you supervise no team".into()),
            state.now_ms,
        );
        return Vec::new();
    }
    state.board.loading = true;
    state.board.requested_at_ms = Some(state.now_ms);
    vec![Effect::Send(Command::FetchTeamBoard { team_ids })]
}

/// On each clock tick: refreshes the board every [`crate::app::team_board::REFRESH_MS`]
/// while it is shown.
pub(in crate::app) fn refresh_board_if_due(state: &mut State) -> Vec<Effect> {
    if state.overlay == Some(Overlay::TeamBoard) && state.board.refresh_due(state.now_ms) {
        refresh_board(state)
    } else {
        Vec::new()
    }
}

/// The two reports arrived (each loaded or failed).
pub(in crate::app) fn on_team_board(
    state: &mut State,
    agents: Result<Vec<TeamAgent>, String>,
    chats: Result<Vec<ActiveChat>, String>,
) {
    let now = state.now_ms;
    state.board.update(agents, chats, now);
}

/// Enter on the board: monitor the selected conversation.
pub(in crate::app) fn monitor_selected(state: &mut State) -> Vec<Effect> {
    let n = state.board.selected + 1;
    if state.board.chat(n).is_none() {
        state.notify(Level::Warning, "No live conversation to monitor");
        return Vec::new();
    }
    monitor(state, Some(n.to_string()))
}

/// `/monitor <conversation id | n>`: `JoinAsSilentMonitor` for a conversation by id, or row n
/// of the team board; its `onTopicData` opens it read-only for the customer.
pub(in crate::app) fn monitor(state: &mut State, arg: Option<String>) -> Vec<Effect> {
    if !supervisor(state, "/monitor") || !online(state, "/monitor") {
        return Vec::new();
    }
    let Some(arg) = arg.map(|a| a.trim().to_string()).filter(|a| !a.is_empty()) else {
        state.notify(
            Level::Warning,
            "/monitor takes a conversation id or a team board row number (/team lists them)",
        );
        return Vec::new();
    };
    let row = arg
        .parse::<usize>()
        .ok()
        .and_then(|n| state.board.chat(n).cloned());
    let (conversation_id, channel_session, customer) = match row {
        Some(chat) => (chat.conversation_id, chat.channel_session, chat.customer),
        None if arg.contains(char::is_whitespace) => {
            state.notify(Level::Warning, "/monitor: a conversation id has no spaces");
            return Vec::new();
        }
        None => (one_line(&arg), Value::Null, String::new()),
    };
    if state.overlay == Some(Overlay::TeamBoard) {
        state.overlay = None;
    }
    if state
        .conversations
        .iter()
        .any(|c| c.id == conversation_id && c.ended.is_none())
    {
        state.notify(Level::Info, "You are already in this conversation");
        return crate::app::on_user::focus(state, conversation_id);
    }
    if !state.pending_monitors.contains(&conversation_id) {
        state.pending_monitors.push(conversation_id.clone());
    }
    state.focus_on_arrival = Some(conversation_id.clone());
    let who = if customer.is_empty() {
        conversation_id.clone()
    } else {
        customer
    };
    state.notify(Level::Info, format!("Joining {who} as silent monitor…"));
    vec![Effect::Send(Command::SilentMonitor {
        conversation_id,
        channel_session,
    })]
}

/// The focused conversation when it is one I monitor (any supervisor role), with its room.
fn monitored(
    state: &mut State,
    command: &str,
) -> Option<(String, Option<crate::protocol::RoomInfo>, String)> {
    let found = state
        .focused_conversation()
        .filter(|c| c.monitored && c.ended.is_none())
        .map(|c| (c.id.clone(), c.room_info.clone(), c.role.clone()));
    if found.is_none() {
        state.notify(
            Level::Warning,
            format!("{command}: focus a conversation you monitor (/monitor)"),
        );
    }
    found
}

/// `/barge`: `JoinAsBargin` for the monitored conversation; `PARTICIPANT_ROLE_CHANGED` to
/// PRIMARY then lets plain text reach the customer.
pub(in crate::app) fn barge(state: &mut State) -> Vec<Effect> {
    if !supervisor(state, "/barge") || !online(state, "/barge") {
        return Vec::new();
    }
    let Some((conversation_id, room_info, role)) = monitored(state, "/barge") else {
        return Vec::new();
    };
    if !is_monitor_role(&role) {
        state.notify(Level::Info, "Already barged in (/whisper-mode goes back)");
        return Vec::new();
    }
    state.notify(Level::Info, "Barging in…");
    vec![Effect::Send(Command::Barge {
        conversation_id,
        room_info,
    })]
}

/// `/whisper-mode`: `joinAsWhisper` after a barge-in. Plain text goes back to whispering at
/// once (the safe side: nothing reaches the customer by mistake while the server answers);
/// the server's `PARTICIPANT_ROLE_CHANGED` then sets the role it gives.
pub(in crate::app) fn whisper_mode(state: &mut State) -> Vec<Effect> {
    if !supervisor(state, "/whisper-mode") || !online(state, "/whisper-mode") {
        return Vec::new();
    }
    let Some((conversation_id, room_info, role)) = monitored(state, "/whisper-mode") else {
        return Vec::new();
    };
    if is_monitor_role(&role) {
        state.notify(
            Level::Info,
            "Already whispering: plain text goes to the agents",
        );
        return Vec::new();
    }
    if let Some(c) = state.conversation_mut(&conversation_id) {
        c.set_role("WHISPER");
    }
    state.notify(
        Level::Info,
        "Back to whispering: plain text goes to the agents",
    );
    vec![Effect::Send(Command::WhisperMode {
        conversation_id,
        room_info,
    })]
}
