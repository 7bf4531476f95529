//! The frame of the pull panel and the announcements overlay: a popup centred below the
//! status line over a faded screen, titled, with its keys (from the key map) on the bottom
//! border, like the picker's.

use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};
use ratatui::Frame;

use super::keymap::Context;
use super::layout;
use super::picker::hint_spans;
use super::text::width;
use super::theme::Theme;

/// What the popup holds.
pub struct Popup<'a> {
    pub title: &'a str,
    /// Shown top right, e.g. `3 waiting` ("" for nothing).
    pub count: &'a str,
    /// Whose keys the bottom border lists.
    pub context: Context,
    /// The widest content line, in columns.
    pub content_cols: usize,
    /// Lines of content.
    pub rows: usize,
}

/// Draws the popup frame and returns the inner area to draw the content in.
pub fn frame_popup(frame: &mut Frame, area: Rect, popup: &Popup<'_>, theme: &Theme) -> Rect {
    let Popup {
        title,
        count,
        context,
        content_cols,
        rows,
    } = *popup;
    let below_status = layout::below_status(area);
    let hints = hint_spans(context, theme);
    let hints_width: usize = hints.iter().map(|s| width(&s.content)).sum();
    let title = format!(" {title} ");
    let count = if count.is_empty() {
        String::new()
    } else {
        format!(" {count} ")
    };
    let cols = content_cols
        .max(hints_width + 2)
        .max(width(&title) + width(&count) + 4);
    let popup_width = (cols as u16 + 2).min(below_status.width.saturating_sub(2));
    let max_rows = below_status.height.saturating_sub(4).max(1) as usize;
    let popup = layout::centered(
        below_status,
        popup_width,
        rows.clamp(1, max_rows) as u16 + 2,
    );
    let moat = Rect::new(
        popup.x.saturating_sub(1).max(below_status.x),
        popup.y.saturating_sub(1).max(below_status.y),
        popup.width + 2,
        popup.height + 2,
    )
    .intersection(below_status);
    frame.buffer_mut().set_style(below_status, theme.backdrop);
    frame.render_widget(Clear, moat);
    let block = Block::bordered()
        .border_style(theme.picker)
        .title(Span::styled(title, theme.picker.patch(theme.title)))
        .title(Line::from(Span::styled(count, theme.dim)).alignment(Alignment::Right))
        .title_bottom(Line::from(hints).alignment(Alignment::Right));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    inner
}
