//! Pure desk state and its transitions: `update(state, now_ms, input) -> effects`.
//!
//! No terminal, no sockets, no clock reads: time comes in as `now_ms` (epoch ms UTC), network
//! events as [`crate::client::ClientEvent`], keys as [`UserAction`]. Requests to the network
//! go out as [`Effect::Send`]. Untrusted text is sanitised on the way in ([`sanitize`]).

pub mod aids;
pub mod announcements;
pub mod assist;
pub mod body;
pub mod canned;
mod commands;
pub mod complete;
pub mod confirm;
pub mod conversation;
pub mod conversations;
pub mod editor;
pub mod effect;
pub mod input;
pub mod lines;
pub mod links;
mod list_overlays;
pub mod notify;
pub mod offer;
mod on_client;
mod on_user;
pub mod outbox;
pub mod palette;
pub mod picker;
pub mod plain;
pub mod pull;
pub mod resync;
pub mod roster;
pub mod sanitize;
mod scrollback;
pub mod security;
pub mod segment;
pub mod shared_str;
pub mod signals;
pub mod sla;
pub mod slash;
pub mod state;
pub mod suggestions;
pub mod system_event;
pub mod team_board;
pub mod text_field;
pub mod wrapup;

pub use confirm::{Asked, Question};
pub use conversation::{Author, ChatLine, Conversation, Delivery, Hold, Quote};
pub use conversations::Conversations;
pub use editor::{Editor, KillBuffer};
pub use effect::Effect;
pub use input::{Input, UserAction};
pub use lines::Lines;
pub use offer::Offer;
pub use picker::{Picker, PickerItem};
pub use state::{
    About, AgentStatus, Connection, Level, LogView, LoginField, LoginForm, MrdChip, Notice,
    Overlay, PastConversations, RonaNotice, State,
};
pub use text_field::{Edit, TextField};
pub use wrapup::{WrapupFocus, WrapupForm, WrapupOption};

/// Applies one input to the state at time `now_ms` (epoch ms UTC) and returns the effects
/// to carry out, in order.
pub fn update(state: &mut State, now_ms: i64, input: Input) -> Vec<Effect> {
    state.now_ms = now_ms;
    let mut effects = match input {
        Input::Client(event) => {
            let before = notify::Before::of(state, &event);
            let sla_conversation = match &event {
                crate::client::ClientEvent::CimEvent {
                    conversation_id,
                    event,
                } if event.agent_sla().is_some() => conversation_id
                    .clone()
                    .or_else(|| event.conversation_id.clone()),
                _ => None,
            };
            let mut effects = on_client::apply(state, event);
            effects.extend(notify::alerts(&before, state));
            if let Some(id) = sla_conversation {
                effects.extend(commands::sla::alert_expired(state, Some(&id)));
            }
            effects
        }
        Input::User(action) => {
            let effects = on_user::apply(state, action);
            if state.scroll() == 0 {
                if let Some(conversation) = state.focused_conversation_mut() {
                    conversation.lines.set_reading_back(false);
                }
            }
            effects
        }
        Input::ChatScrollLimit(limit) => scrollback::scrolled_past_top(state, limit),
        Input::HelpScrollLimit(limit) => {
            state.help_scroll = state.help_scroll.min(limit);
            Vec::new()
        }
        Input::OlderLines {
            conversation_id,
            lines,
        } => {
            scrollback::older_lines(state, &conversation_id, lines);
            Vec::new()
        }
        Input::Restore(saved) => {
            outbox::restore(state, saved);
            Vec::new()
        }
        Input::LinkOpened { url, result } => {
            match result {
                Ok(()) => state.notify(Level::Info, format!("Opened {url}")),
                Err(why) => state.notify(Level::Error, format!("Could not open {url}: {why}")),
            }
            Vec::new()
        }
        Input::Notice { level, text } => {
            state.notify(level, text);
            Vec::new()
        }
        Input::EditorDone {
            conversation_id,
            result,
        } => {
            on_user::editor_done(state, conversation_id, result);
            Vec::new()
        }
        Input::PathCandidates { typed, candidates } => {
            complete::paths(state, &typed, candidates);
            Vec::new()
        }
        Input::LogTail { path, lines } => {
            if let Some(Overlay::Log(view)) = state.overlay.as_mut() {
                view.path = sanitize::one_line(&path);
                match lines {
                    Ok(lines) => view.lines = lines.iter().map(|l| sanitize::one_line(l)).collect(),
                    Err(error) => view.error = Some(sanitize::one_line(&error)),
                }
                view.loading = false;
            }
            Vec::new()
        }
        Input::Tick => {
            for conversation in &mut state.conversations {
                conversation.expire_pending(now_ms);
            }
            pull::on_tick(state);
            let mut effects = resync::tick(state);
            effects.extend(commands::supervise::refresh_board_if_due(state));
            effects.extend(commands::sla::alert_expired(state, None));
            effects
        }
    };
    scrollback::archive_evicted(state, &mut effects);
    effects
}
