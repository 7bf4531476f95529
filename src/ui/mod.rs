//! The terminal UI: draws an [`crate::app::State`] and turns keys into
//! [`crate::app::UserAction`]s. It never changes the state itself.
//!
//! - [`draw`] renders a whole frame from the state (pure: same state, same screen).
//! - [`keymap::map_key`] maps a key press to an action (one data table, also shown in help).
//! - [`theme::Theme`] gives every role a style (`themes/default.toml`).
//! - [`terminal`] takes over the terminal and restores it (also on panic).
//!
//! One widget per file: [`status_bar`], [`offers`], [`conversation_list`], [`chat`],
//! [`composer`], [`help`], [`login`]; helpers in [`layout`], [`text`] and [`time`].

pub mod chat;
pub mod composer;
pub mod conversation_list;
pub mod help;
pub mod keymap;
pub mod layout;
pub mod login;
pub mod offers;
pub mod status_bar;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod time;

use ratatui::Frame;

use crate::app::{Overlay, State};

pub use theme::Theme;

/// Draws the whole screen for `state`: the login form while logging in, else the main screen
/// (status bar, offers, conversation list, chat, composer) with the help overlay on top when
/// open. Sets the terminal cursor in the field that has the keyboard.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) {
    let area = frame.area();
    if let Some(form) = &state.login {
        let [status, rest] = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Length(1),
            ratatui::layout::Constraint::Min(0),
        ])
        .areas(area);
        status_bar::render(frame, status, state, theme);
        login::render(frame, rest, state, form, theme);
        return;
    }
    let help_open = state.overlay == Some(Overlay::Help);
    let areas = layout::main_areas(area, offers::height(state, area.height));
    status_bar::render(frame, areas.status, state, theme);
    if let Some(offer_area) = areas.offers {
        offers::render(frame, offer_area, state, theme);
    }
    if let Some(list) = areas.list {
        conversation_list::render(frame, list, state, theme);
    }
    chat::render(frame, areas.chat, state, theme);
    composer::render(frame, areas.composer, state, theme, !help_open);
    if help_open {
        help::render(frame, area, theme);
    }
}
