//! The picker overlay: a centred popup listing choices (reason codes, MRDs, transfer targets)
//! with a dim detail column, the filter typed so far on its first row (with the terminal
//! cursor), the selection highlighted and kept in view, and the picker's keys as a hint line
//! (from the key map).

use ratatui::layout::{Alignment, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::app::Picker;

use super::keymap::{self, Context};
use super::layout;
use super::text::{clean, fit, truncate, width};
use super::theme::Theme;

/// The hint line: `↑/↓ choose · Enter pick · Esc cancel`.
pub fn hint_spans(context: Context, theme: &Theme) -> Vec<Span<'static>> {
    spans_of(keymap::own_rows(context), theme)
}

/// `key what · key what`, padded with a space each side.
fn spans_of(rows: impl IntoIterator<Item = (String, String)>, theme: &Theme) -> Vec<Span<'static>> {
    let mut spans = vec![Span::raw(" ")];
    for (i, (key, what)) in rows.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim));
        }
        spans.push(Span::styled(key, theme.help_key));
        spans.push(Span::styled(format!(" {what}"), theme.dim));
    }
    spans.push(Span::raw(" "));
    spans
}

/// The preview rows: a rule naming it, then the text wrapped to `cols` (at most
/// [`PREVIEW_ROWS`] lines, the last one ending in `…` when there is more).
fn preview_lines(preview: Option<&str>, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let rule = format!("─ preview {}", "─".repeat(cols.saturating_sub(10)));
    let mut out = vec![Line::from(Span::styled(truncate(&rule, cols), theme.dim))];
    let Some(text) = preview else {
        out.push(Line::from(Span::styled(" nothing selected", theme.dim)));
        return out;
    };
    let mut wrapped = super::text::wrap(&[(format!(" {}", clean(text)), theme.text)], cols, 1);
    if wrapped.len() > PREVIEW_ROWS {
        wrapped.truncate(PREVIEW_ROWS);
        if let Some(last) = wrapped.last_mut() {
            let shown: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
            *last = Line::from(Span::styled(
                truncate(&format!("{}…", shown.trim_end()), cols),
                theme.text,
            ));
        }
    }
    out.extend(wrapped);
    out
}

/// The first item shown so that `selected` is in a window of `rows` items.
pub fn first_visible(selected: usize, len: usize, rows: usize) -> usize {
    if rows == 0 || len <= rows {
        return 0;
    }
    // Keep the selection in the middle when possible.
    selected
        .saturating_sub(rows / 2)
        .min(len.saturating_sub(rows))
}

/// Rows of the selected item's preview (pickers with previews: canned responses).
const PREVIEW_ROWS: usize = 4;

/// Draws `picker` centred over `area` (below the status line); a picker with previews shows
/// the selected item's below the list. In the palette ([`Picker::search`]) a command's key,
/// if it has one, is shown before its detail.
///
/// Returns where each item is drawn, with its index in `picker.items` (for clicks).
pub fn render(frame: &mut Frame, area: Rect, picker: &Picker, theme: &Theme) -> Vec<(Rect, usize)> {
    let below_status = layout::below_status(area);
    let hints = if picker.search {
        search_hint_spans(theme)
    } else {
        hint_spans(Context::Picker, theme)
    };
    let hints_width: usize = hints.iter().map(|s| width(&s.content)).sum();
    let visible = picker.visible();
    let label_of = |i: usize| {
        let item = &picker.items[i];
        format!(
            "{}{}",
            "  ".repeat(usize::from(item.indent)),
            clean(&item.label)
        )
    };
    let label_cols = visible
        .iter()
        .map(|&i| width(&label_of(i)))
        .max()
        .unwrap_or(0)
        .clamp(8, 30);
    let detail_of = |i: usize| detail(picker, i);
    let detail_cols = (0..picker.items.len())
        .map(|i| width(&detail_of(i)))
        .max()
        .unwrap_or(0)
        .min(40);
    let title = format!(" {} ", clean(&picker.title));
    let message = picker.message.as_deref().map(|m| format!(" {}", clean(m)));
    let content_cols = (label_cols + 2 + detail_cols + 4)
        .max(hints_width + 2)
        // The title and the "2 of 6" count beside it.
        .max(width(&title) + width(&format!(" {0} of {0} ", picker.items.len())) + 3)
        .max(message.as_deref().map_or(0, |m| width(m).min(70) + 2))
        .max(if picker.previews.is_empty() { 0 } else { 64 });
    let popup_width = (content_cols as u16 + 2).min(below_status.width.saturating_sub(2));
    // The filter row, the message, then the items.
    let max_rows = below_status.height.saturating_sub(4).max(2) as usize;
    let top_rows = 1 + usize::from(message.is_some());
    let preview_rows = if picker.previews.is_empty() {
        0
    } else {
        PREVIEW_ROWS + 1
    };
    let rows = (visible.len() + top_rows + preview_rows).clamp(
        top_rows + 1 + preview_rows,
        max_rows.max(top_rows + 1 + preview_rows),
    );
    let item_rows = rows.saturating_sub(top_rows + preview_rows).max(1);
    let popup = layout::centered(below_status, popup_width, rows as u16 + 2);
    // A blank band, the popup's rows and one more above and below across the whole width,
    // keeps the panes underneath from running into the popup's border (and no word is left
    // cut in half beside it).
    let moat = Rect::new(
        below_status.x,
        popup.y.saturating_sub(1).max(below_status.y),
        below_status.width,
        popup.height + 2,
    )
    .intersection(below_status);
    // The screen underneath fades (it does not take keys while the picker is open).
    frame.buffer_mut().set_style(below_status, theme.backdrop);
    frame.render_widget(Clear, moat);

    let position = visible.iter().position(|&i| i == picker.selected);
    let count = match position {
        Some(at) if visible.len() > item_rows => format!(" {}/{} ", at + 1, visible.len()),
        _ if visible.len() < picker.items.len() => {
            format!(" {} of {} ", visible.len(), picker.items.len())
        }
        _ => String::new(),
    };
    let block = Block::bordered()
        .border_style(theme.picker)
        .title(Span::styled(title, theme.picker.patch(theme.title)))
        .title(Line::from(Span::styled(count, theme.dim)).alignment(Alignment::Right))
        .title_bottom(Line::from(hints).alignment(Alignment::Right));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let cols = inner.width as usize;
    let label_cols = label_cols.min(cols.saturating_sub(4));

    let mut lines = Vec::new();
    let filter_prefix = " › ";
    let (filter, cursor) = if picker.filter.is_empty() {
        (
            Span::styled("type to filter · / for a command", theme.placeholder),
            0,
        )
    } else {
        let (shown, col) = super::composer::window(
            picker.filter.text(),
            picker.filter.cursor(),
            cols.saturating_sub(width(filter_prefix) + 1),
        );
        (Span::styled(shown, theme.input), col)
    };
    lines.push(Line::from(vec![
        Span::styled(filter_prefix, theme.hint),
        filter,
    ]));
    if let Some(message) = &message {
        lines.push(Line::from(Span::styled(
            truncate(message, cols),
            theme.notice_warning,
        )));
    }
    if picker.items.is_empty() && message.is_none() {
        lines.push(Line::from(Span::styled(" nothing to choose", theme.dim)));
    } else if visible.is_empty() && !picker.items.is_empty() {
        lines.push(Line::from(Span::styled(
            " nothing matches — Backspace widens",
            theme.dim,
        )));
    }
    let first = first_visible(position.unwrap_or(0), visible.len(), item_rows);
    let mut hits = Vec::new();
    for &i in visible.iter().skip(first).take(item_rows) {
        let chosen = i == picker.selected;
        if (lines.len() as u16) < inner.height {
            hits.push((
                Rect::new(inner.x, inner.y + lines.len() as u16, inner.width, 1),
                i,
            ));
        }
        let marker = if chosen { " ▸ " } else { "   " };
        let label = fit(&label_of(i), label_cols);
        let detail_room = cols.saturating_sub(3 + label_cols + 2);
        let detail = truncate(&detail_of(i), detail_room);
        let used = 3 + label_cols + 2 + width(&detail);
        let mut spans = vec![
            Span::styled(marker, theme.hint),
            Span::styled(label, theme.text),
            Span::raw("  "),
            Span::styled(detail, theme.dim),
            Span::raw(" ".repeat(cols.saturating_sub(used))),
        ];
        if chosen {
            spans = spans
                .into_iter()
                .map(|s| {
                    let style = s.style.patch(theme.selected);
                    s.style(style)
                })
                .collect();
        }
        lines.push(Line::from(spans));
    }
    if preview_rows > 0 {
        lines.resize(top_rows + item_rows, Line::default());
        lines.extend(preview_lines(picker.preview(), cols, theme));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let x = inner.x + width(filter_prefix) as u16 + cursor;
    if x < inner.right() && inner.height > 0 {
        frame.set_cursor_position(Position::new(x, inner.y));
    }
    hits
}

/// Item `i`'s detail column: its detail, after its key in the palette (`F2 · ready for…`).
fn detail(picker: &Picker, i: usize) -> String {
    let item = &picker.items[i];
    let detail = clean(&item.detail).into_owned();
    if !picker.search {
        return detail;
    }
    let action = crate::app::UserAction::Command(item.command.clone());
    match keymap::label_for_action(&action) {
        Some(key) => format!("{key} · {detail}"),
        None => detail,
    }
}

/// The palette's hint line: the picker's keys without j/k (letters are text there).
fn search_hint_spans(theme: &Theme) -> Vec<Span<'static>> {
    let rows = keymap::own_rows(Context::Picker)
        .into_iter()
        .map(|(key, what)| (key.replace(" j/k", "").replace("/j/k", ""), what));
    spans_of(rows, theme)
}
