//! The `/log` overlay: the desk's recent notices, then the last lines of the log file, the
//! newest at the bottom (what fits; the file's path is shown for the rest).

use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::app::{Level, LogView, State};

use super::layout;
use super::text::truncate;
use super::theme::Theme;

/// Notices shown at most (the newest).
const NOTICES_SHOWN: usize = 8;

/// Draws the overlay over `area` (the whole screen but the status line).
pub fn render(frame: &mut Frame, area: Rect, state: &State, view: &LogView, theme: &Theme) {
    let popup = layout::below_status(area);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(" Notices and log ", theme.title))
        .title_bottom(
            Line::from(vec![
                Span::styled(" Esc", theme.help_key),
                Span::styled(" closes ", theme.dim),
            ])
            .alignment(Alignment::Right),
        );
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let cols = usize::from(inner.width.saturating_sub(2));
    let rows = usize::from(inner.height);

    let mut notices: Vec<Line> = vec![Line::from(Span::styled("Notices", theme.title))];
    if state.notices.is_empty() {
        notices.push(Line::from(Span::styled("  none yet", theme.dim)));
    }
    let skip = state.notices.len().saturating_sub(NOTICES_SHOWN);
    for notice in state.notices.iter().skip(skip) {
        let (word, style) = match notice.level {
            Level::Info => ("info ", theme.notice_info),
            Level::Warning => ("warn ", theme.notice_warning),
            Level::Error => ("error", theme.notice_error),
        };
        let time = super::time::clock(notice.at_ms);
        let prefix = format!("  {time} {word} ");
        let text = truncate(&notice.text, cols.saturating_sub(prefix.chars().count()));
        notices.push(Line::from(vec![
            Span::styled(format!("  {time} "), theme.time),
            Span::styled(format!("{word} "), style),
            Span::styled(text, theme.text),
        ]));
    }
    notices.push(Line::default());

    let title = if view.path.is_empty() {
        "Log".to_string()
    } else {
        format!("Log — {}", view.path)
    };
    let mut log: Vec<Line> = vec![Line::from(Span::styled(
        truncate(&title, cols),
        theme.title,
    ))];
    if view.loading {
        log.push(Line::from(Span::styled("  reading…", theme.dim)));
    } else if let Some(error) = &view.error {
        log.push(Line::from(Span::styled(
            truncate(&format!("  {error}"), cols),
            theme.notice_error,
        )));
    } else if view.lines.is_empty() {
        log.push(Line::from(Span::styled("  empty", theme.dim)));
    }
    let room = rows.saturating_sub(notices.len() + log.len());
    let start = view.lines.len().saturating_sub(room);
    for line in &view.lines[start..] {
        log.push(Line::from(Span::styled(
            truncate(&format!("  {line}"), cols),
            theme.dim,
        )));
    }
    notices.extend(log);
    let padded = Rect::new(
        inner.x.saturating_add(1),
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    frame.render_widget(Paragraph::new(notices), padded);
}
