//! The terminal UI: draws an [`crate::app::State`] and turns keys into
//! [`crate::app::UserAction`]s. It never changes the state itself.
//!
//! - [`draw`] renders a whole frame from the state (pure: same state, same screen).
//! - [`keymap::map_key`] maps a key press to an action (one data table, also shown in help).
//! - [`theme::Theme`] gives every role a style (`themes/default.toml`).
//! - [`terminal`] takes over the terminal and restores it (also on panic).
//!
//! One widget per file: [`status_bar`], [`banner`], [`offers`], [`conversation_list`],
//! [`chat`], [`customer_panel`], [`composer`], [`wrapup`], [`picker`], [`team_board`],
//! [`help`], [`log_view`], [`login`], [`announcement_banner`], [`announcements`],
//! [`pull_panel`]; helpers in [`layout`], [`list_popup`], [`text`] and [`time`].

pub mod announcement_banner;
pub mod announcements;
pub mod banner;
pub mod chat;
pub mod composer;
pub mod confirm;
pub mod conversation_list;
pub mod customer_panel;
pub mod escape;
pub mod help;
pub mod hyperlink;
pub mod keymap;
pub mod layout;
pub mod list_popup;
pub mod log_view;
pub mod login;
pub mod mouse;
pub mod offers;
pub mod picker;
pub mod pull_panel;
pub mod sla;
pub mod status;
pub mod status_bar;
pub mod suggestions;
pub mod team_board;
pub mod terminal;
pub mod text;
pub mod theme;
pub mod time;
pub mod wrapup;

use ratatui::Frame;

use crate::app::{Overlay, State};

pub use theme::Theme;

/// Draws the whole screen for `state`: the login form while logging in, else the main screen
/// (status bar, RONA banner, offers, conversation list, chat, customer panel, composer) with
/// the wrap-up form over the chat and the picker or help overlay on top when open. Sets the
/// terminal cursor in the field that has the keyboard.
///
/// Returns what the app cannot know without the screen: see [`Drawn`].
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) -> Drawn {
    let area = frame.area();
    if let Some(form) = &state.login {
        let [status, rest] = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Length(1),
            ratatui::layout::Constraint::Min(0),
        ])
        .areas(area);
        status_bar::render(frame, status, state, theme);
        login::render(frame, rest, state, form, theme);
        return Drawn::default();
    }
    let context = keymap::context_of(state);
    let parts = layout::Parts {
        offer_rows: offers::height(state, area.height),
        banner: state.rona.is_some(),
        announcement: announcement_banner::shown(state),
        panel: state.customer_panel,
        composer_extra: state.composer.line_count().saturating_sub(1) as u16,
    };
    let areas = layout::main_areas(area, parts);
    status_bar::render(frame, areas.status, state, theme);
    if let Some(banner_area) = areas.banner {
        banner::render(frame, banner_area, state, theme);
    }
    if let Some(banner_area) = areas.announcement {
        announcement_banner::render(frame, banner_area, state, theme);
    }
    if let Some(offer_area) = areas.offers {
        offers::render(frame, offer_area, state, theme);
    }
    let mut conversation_rows = Vec::new();
    if let Some(list) = areas.list {
        conversation_rows = conversation_list::render(frame, list, state, theme);
    }
    let chat = chat::render(frame, areas.chat, state, theme, areas.list.is_some());
    if let Some(panel) = areas.panel {
        customer_panel::render(frame, panel, state, theme);
    }
    composer::render(
        frame,
        areas.composer,
        state,
        theme,
        context == keymap::Context::Main,
    );
    if let Some(conversation) = state.focused_conversation() {
        if let Some(form) = conversation.wrapup.as_ref().filter(|f| !f.submitted) {
            wrapup::render(
                frame,
                areas.chat,
                conversation,
                form,
                state.now_ms,
                theme,
                context == keymap::Context::Wrapup,
            );
        }
    }
    let mut help_scroll_limit = None;
    let mut picker_rows = Vec::new();
    match &state.overlay {
        Some(Overlay::Help) => {
            help_scroll_limit = help::render(
                frame,
                area,
                theme,
                state.help_note.as_deref(),
                state.help_scroll,
            );
        }
        Some(Overlay::Log(view)) => log_view::render(frame, area, state, view, theme),
        Some(Overlay::Picker(picker)) => picker_rows = picker::render(frame, area, picker, theme),
        Some(Overlay::PullPanel) => pull_panel::render(frame, area, state, theme),
        Some(Overlay::Announcements) => announcements::render(frame, area, state, theme),
        Some(Overlay::Confirm(question)) => confirm::render(frame, area, question, theme),
        Some(Overlay::Status) => status::render(frame, area, state, theme),
        Some(Overlay::TeamBoard) => team_board::render(frame, area, state, theme),
        None => {}
    }
    Drawn {
        chat_scroll_limit: chat.scroll_limit,
        help_scroll_limit,
        links: chat.links,
        conversation_rows,
        picker_rows,
    }
}

/// Facts about the drawn screen the app (and the runtime) need back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawn {
    /// Set when the focused conversation's scroll asked for more than the chat pane can scroll back: the
    /// furthest it can (in screen lines). Fed back as [`crate::app::Input::ChatScrollLimit`].
    pub chat_scroll_limit: Option<usize>,
    /// Set when `state.help_scroll` asked for more than the help can scroll: the furthest it
    /// can. Fed back as [`crate::app::Input::HelpScrollLimit`].
    pub help_scroll_limit: Option<usize>,
    /// Web addresses on screen, for OSC 8 hyperlinks ([`hyperlink::write`]).
    pub links: Vec<hyperlink::Hyperlink>,
    /// Where each conversation of the list is drawn, with its number (for [`mouse`]).
    pub conversation_rows: Vec<(ratatui::layout::Rect, usize)>,
    /// Where each item of the open picker is drawn, with its index (for [`mouse`]).
    pub picker_rows: Vec<(ratatui::layout::Rect, usize)>,
}
