//! Slash commands that act on a conversation as a whole: `/accept`, `/leave`, `/hold`,
//! `/resume` checks, `/history` and the customer panel.

use crate::client::Command;

use crate::app::effect::Effect;
use crate::app::state::{Connection, Level, State};

/// Hold length when `/hold` names none, in minutes [guess: the web desk's default picker
/// starts at a few minutes].
pub const DEFAULT_HOLD_MINUTES: u64 = 5;

/// Page size of past conversations (PROTOCOL.md §5 example: `limit=25`).
pub const HISTORY_PAGE: u64 = 25;

/// `/accept`: subscribes to the oldest offer not already being accepted and focuses its
/// conversation when `onTopicData` arrives. The role follows the offer's direction
/// (PROTOCOL.md §3: a CONSULT joins as ASSISTANT, a transfer or conference as PRIMARY).
pub(in crate::app) fn accept(state: &mut State) -> Vec<Effect> {
    let Some(offer) = state.offers.iter_mut().find(|o| !o.accepting) else {
        state.notify(Level::Warning, "No offer to accept");
        return Vec::new();
    };
    offer.accepting = true;
    let command = Command::Subscribe {
        conversation_id: offer.conversation_id.clone(),
        task_id: offer.task_id.clone(),
        room_info: offer.room_info.clone(),
        role: crate::protocol::task::join_role(&offer.direction).into(),
    };
    state.focus_on_arrival = Some(offer.conversation_id.clone());
    vec![Effect::Send(command)]
}

/// `/leave`: unsubscribes from the focused conversation; on an ended one, closes it.
pub(in crate::app) fn leave(state: &mut State) -> Vec<Effect> {
    let Some(index) = state.focused_index() else {
        state.notify(Level::Warning, "No conversation to leave");
        return Vec::new();
    };
    let conversation = &mut state.conversations[index];
    if conversation.ended.is_some() {
        let id = conversation.id.clone();
        crate::app::outbox::forget(state, &id);
        let gone = state.conversations.remove(index);
        let next = state
            .conversations
            .get(index.min(state.conversations.len().saturating_sub(1)))
            .map(|c| c.id.clone());
        state.focused = None;
        // Its older lines, when it had any beyond the scrollback window, go too.
        let mut effects = Vec::new();
        if gone.lines.archived() > 0 {
            effects.push(Effect::DropArchive {
                conversation_id: gone.id,
            });
        }
        match next {
            Some(id) => effects.extend(crate::app::on_user::focus(state, id)),
            None => {
                state.composer.take();
            }
        }
        return effects;
    }
    conversation.leaving = true;
    vec![Effect::Send(Command::Unsubscribe {
        conversation_id: conversation.id.clone(),
        room_info: conversation.room_info.clone(),
    })]
}

/// The focused conversation's id and room when it is active, else a notice saying why not.
pub(in crate::app) fn active_conversation(
    state: &mut State,
    what: &str,
) -> Option<(String, Option<crate::protocol::RoomInfo>)> {
    let found = state
        .focused_conversation()
        .map(|c| (c.id.clone(), c.room_info.clone(), c.ended.is_some()));
    match found {
        None => {
            state.notify(Level::Warning, format!("No conversation to {what}"));
            None
        }
        Some((_, _, true)) => {
            state.notify(Level::Warning, "This conversation has ended");
            None
        }
        Some((id, room, false)) => Some((id, room)),
    }
}

/// `/hold [minutes]`: `pauseConversation` for the focused conversation (1–240 min).
pub(in crate::app) fn hold(state: &mut State, minutes: Option<String>) -> Vec<Effect> {
    let minutes = match minutes.as_deref().map(|m| m.trim().parse::<u64>()) {
        None => DEFAULT_HOLD_MINUTES,
        Some(Ok(m)) if (1..=240).contains(&m) => m,
        Some(_) => {
            state.notify(Level::Warning, "/hold takes minutes, 1 to 240");
            return Vec::new();
        }
    };
    match active_conversation(state, "hold") {
        Some((conversation_id, room_info)) => {
            vec![Effect::Send(Command::Pause {
                conversation_id,
                room_info,
                duration_secs: minutes * 60,
            })]
        }
        None => Vec::new(),
    }
}

/// `/history [more]`: the first (or next) page of the focused customer's past conversations.
pub(in crate::app) fn history(state: &mut State, more: bool) -> Vec<Effect> {
    let Some(customer_id) = state
        .focused_conversation()
        .and_then(|c| c.customer.get("_id").or_else(|| c.customer.get("id")))
        .and_then(|v| v.as_str())
        .map(str::to_string)
    else {
        state.notify(Level::Warning, "No customer focused");
        return Vec::new();
    };
    let offset = match &state.past {
        Some(past) if more && past.customer_id == customer_id => {
            if past.total.is_some_and(|t| past.items.len() as u64 >= t) {
                state.notify(Level::Info, "No more past conversations");
                return Vec::new();
            }
            past.items.len() as u64
        }
        _ => 0,
    };
    if offset == 0 {
        state.past = Some(crate::app::state::PastConversations {
            customer_id: customer_id.clone(),
            items: Vec::new(),
            total: None,
            loading: true,
        });
    } else if let Some(past) = state.past.as_mut() {
        past.loading = true;
    }
    state.customer_panel = true;
    vec![Effect::Send(Command::FetchActivities {
        customer_id,
        offset,
        limit: HISTORY_PAGE,
    })]
}

/// Opens or closes the customer panel; opening it loads the customer's past conversations
/// when they are not loaded yet.
pub(in crate::app) fn toggle_customer_panel(state: &mut State) -> Vec<Effect> {
    state.customer_panel = !state.customer_panel;
    if !state.customer_panel || state.connection != Connection::Online {
        return Vec::new();
    }
    let customer = state
        .focused_conversation()
        .and_then(|c| c.customer.get("_id").or_else(|| c.customer.get("id")))
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let loaded = state.past.as_ref().map(|p| p.customer_id.clone());
    match customer {
        Some(customer) if loaded.as_deref() != Some(customer.as_str()) => history(state, false),
        _ => Vec::new(),
    }
}
