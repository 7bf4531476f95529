//! The announcements overlay (`/announcements`): the active announcements of my teams, newest
//! first, each as `n. author · time` and its whole text wrapped below; ones hidden from the
//! banner are marked. ↑/↓ choose, Del deletes (supervisors), Esc closes. Drawn from
//! [`crate::app::announcements::Announcements`].

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::State;

use super::keymap::Context;
use super::list_popup::{frame_popup, Popup};
use super::text::{clean, wrap};
use super::theme::Theme;
use super::time;

/// Columns of the text (the popup is this plus its margins, or the screen).
const TEXT_COLS: usize = 60;

/// Draws the overlay over `area`.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let announcements = &state.announcements;
    let active: Vec<_> = announcements.active(state.now_ms).collect();
    let cols = TEXT_COLS.min(area.width.saturating_sub(8) as usize).max(20);
    let mut lines: Vec<Line> = Vec::new();
    // The line each announcement starts on, to keep the selected one in view.
    let mut starts = Vec::new();
    if active.is_empty() {
        let text = match &announcements.error {
            Some(error) => format!(" Announcements could not be loaded: {}", clean(error)),
            None => " No active announcements for your teams.".to_string(),
        };
        lines.push(Line::from(Span::styled(text, theme.dim)));
    }
    for (i, announcement) in active.iter().enumerate() {
        starts.push(lines.len());
        let chosen = i == announcements.selected;
        let author = announcement
            .author
            .as_deref()
            .map_or_else(|| "a supervisor".to_string(), |a| clean(a).into_owned());
        let when = announcement
            .created_ms
            .map(|ms| format!(" · {}", time::clock(ms)))
            .unwrap_or_default();
        let hidden = if announcements.dismissed.contains(&announcement.id) {
            " · hidden from the banner"
        } else {
            ""
        };
        let marker = if chosen { " ▸ " } else { "   " };
        let heading = format!("{}. {author}{when}{hidden}", i + 1);
        let style = if chosen {
            theme.title.patch(theme.selected)
        } else {
            theme.title
        };
        lines.push(Line::from(vec![
            Span::styled(marker, theme.hint),
            Span::styled(heading, style),
        ]));
        let body = wrap(
            &[(clean(&announcement.text).into_owned(), theme.text)],
            cols.saturating_sub(3),
            0,
        );
        for line in body {
            let mut spans = vec![Span::raw("   ")];
            spans.extend(line.spans);
            lines.push(Line::from(spans));
        }
    }
    let count = format!("{} active", active.len());
    let popup = Popup {
        title: "Team announcements",
        count: &count,
        context: Context::Announcements,
        content_cols: cols,
        rows: lines.len(),
    };
    let inner = frame_popup(frame, area, &popup, theme);
    // Scroll so the selected announcement's first line is visible.
    let room = inner.height as usize;
    let start = starts.get(announcements.selected).copied().unwrap_or(0);
    // Its heading and two lines of text, when they fit.
    let skip = (start + 3).saturating_sub(room).min(start);
    frame.render_widget(Paragraph::new(lines).scroll((skip as u16, 0)), inner);
}
