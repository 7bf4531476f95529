//! The announcement banner: one line under the status bar with the newest team announcement
//! not dismissed ("» Sam Supervisor: Team meeting at 15:00 … Esc hide · /announcements"),
//! shown while [`crate::app::announcements::Announcements::banner`] has one.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::State;

use super::text::{clean, truncate, width};
use super::theme::Theme;

/// True when the banner has something to show.
pub fn shown(state: &State) -> bool {
    state.announcements.banner(state.now_ms).is_some()
}

/// The banner's text for `cols` columns: `(left, right)`; the text is cut to fit the hints.
pub fn text(state: &State, cols: usize) -> (String, String) {
    let Some(announcement) = state.announcements.banner(state.now_ms) else {
        return (String::new(), String::new());
    };
    let author = announcement
        .author
        .as_deref()
        .map_or_else(|| "Announcement".to_string(), |a| clean(a).into_owned());
    let more = state.announcements.active(state.now_ms).count();
    let hints = [
        if more > 1 {
            format!("Esc hide · /announcements ({more}) ")
        } else {
            "Esc hide · /announcements ".to_string()
        },
        "Esc hide ".to_string(),
    ];
    let left = format!(" » {author}: {} ", clean(&announcement.text));
    for hint in &hints {
        if width(&left) + width(hint) <= cols {
            return (left, hint.clone());
        }
    }
    let hint = hints[hints.len() - 1].clone();
    let room = cols.saturating_sub(width(&hint) + 1);
    (format!("{} ", truncate(&left, room)), hint)
}

/// Draws the banner into `area` (one line).
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let cols = area.width as usize;
    let (left, right) = text(state, cols);
    let gap = cols.saturating_sub(width(&left) + width(&right));
    let line = Line::from(vec![
        Span::styled(left, theme.announcement),
        Span::styled(" ".repeat(gap), theme.announcement),
        Span::styled(right, theme.announcement),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.announcement), area);
}
