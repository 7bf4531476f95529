//! The wrap-up form: drawn over the lower part of the chat pane while the focused
//! conversation's wrap-up waits for the agent. Categories to tick with a cursor, a note field
//! (with the terminal cursor when it has focus), the server's countdown (urgent under 30 s),
//! and the form's keys from the key map. Once sent, the form goes away (the chat header says
//! "wrap-up sending…").

use ratatui::layout::{Alignment, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::app::{Conversation, WrapupFocus, WrapupForm};

use super::composer::window;
use super::keymap::{self, Context};
use super::picker::first_visible;
use super::text::{clean, fit, truncate, width};
use super::theme::Theme;
use super::time;

/// Below this many seconds the countdown turns urgent.
pub const URGENT_SECONDS: i64 = 30;

const NOTE_LABEL: &str = "  Note  ";

/// The form's key hints for its current focus, e.g. `Space tick · Tab note · Enter send ·
/// Ctrl+X skip`, dropping the first ones until they fit in `cols`.
pub fn hints(form: &WrapupForm, theme: &Theme, cols: usize) -> Line<'static> {
    let mut rows: Vec<(String, String)> = keymap::own_rows(Context::Wrapup)
        .into_iter()
        .filter_map(|(key, what)| match (form.focus, what.as_str()) {
            // In the note Space types a space and Tab goes back to the categories.
            (WrapupFocus::Note, "tick") => None,
            (WrapupFocus::Note, "note") => Some((key, "categories".to_string())),
            _ => Some((key, what)),
        })
        .collect();
    loop {
        let mut spans = vec![Span::raw(" ")];
        for (i, (key, what)) in rows.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" · ", theme.dim));
            }
            spans.push(Span::styled(key.to_string(), theme.help_key));
            spans.push(Span::styled(format!(" {what}"), theme.dim));
        }
        spans.push(Span::raw(" "));
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        if used <= cols || rows.len() <= 1 {
            return Line::from(spans).alignment(Alignment::Right);
        }
        rows.remove(0);
    }
}

/// The countdown text and whether it is urgent, e.g. `("9:15 left", false)`.
pub fn countdown(form: &WrapupForm, now_ms: i64) -> Option<(String, bool)> {
    let secs = form.seconds_left(now_ms)?;
    Some((
        format!("{} left", time::duration(secs * 1000)),
        secs < URGENT_SECONDS,
    ))
}

/// Draws the open wrap-up form of `conversation` over the bottom of `chat`, and places the
/// terminal cursor in the note when it has focus and `has_keyboard`.
pub fn render(
    frame: &mut Frame,
    chat: Rect,
    conversation: &Conversation,
    form: &WrapupForm,
    now_ms: i64,
    theme: &Theme,
    has_keyboard: bool,
) {
    if chat.height < 4 || chat.width < 12 {
        return;
    }
    // Categories, a blank line, the note.
    let wanted = form.categories.len().max(1) as u16 + 2 + 2;
    let height = wanted.min(chat.height);
    let area = Rect::new(chat.x, chat.bottom() - height, chat.width, height);
    frame.render_widget(Clear, area);

    let title = format!(" Wrap-up — {} ", clean(&conversation.customer_name));
    let mut block = Block::bordered()
        .border_style(theme.wrapup)
        .title(Span::styled(
            truncate(&title, (area.width as usize).saturating_sub(16)),
            theme.wrapup.patch(theme.title),
        ))
        .title_bottom(hints(form, theme, (area.width as usize).saturating_sub(2)));
    if let Some((text, urgent)) = countdown(form, now_ms) {
        block = block.title(
            Line::from(Span::styled(
                format!(" {text} "),
                if urgent {
                    theme.wrapup_urgent
                } else {
                    theme.wrapup
                },
            ))
            .alignment(Alignment::Right),
        );
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = inner.width as usize;
    let rows = inner.height as usize;

    // The note always shows (last row); the categories get what is left above it.
    let category_rows = rows.saturating_sub(2).max(rows.min(1));
    let in_categories = form.focus == WrapupFocus::Categories;
    let mut lines: Vec<Line> = Vec::new();
    if form.categories.is_empty() {
        lines.push(Line::from(Span::styled(
            "  no categories configured",
            theme.dim,
        )));
    }
    let first = first_visible(form.cursor, form.categories.len(), category_rows);
    for (i, option) in form
        .categories
        .iter()
        .enumerate()
        .skip(first)
        .take(category_rows)
    {
        let at_cursor = i == form.cursor;
        let marker = if at_cursor && in_categories {
            " ▸ "
        } else {
            "   "
        };
        let (check, check_style) = if option.ticked {
            ("[x] ", theme.ticked)
        } else {
            ("[ ] ", theme.dim)
        };
        let text = format!("{}: {}", clean(&option.category), clean(&option.value));
        let text = fit(&text, cols.saturating_sub(width(marker) + width(check)));
        let mut spans = vec![
            Span::styled(marker, theme.hint),
            Span::styled(check, check_style),
            Span::styled(
                text,
                if option.ticked {
                    theme.ticked
                } else {
                    theme.text
                },
            ),
        ];
        if at_cursor && in_categories {
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
    if rows >= 2 {
        while lines.len() < rows - 1 {
            lines.push(Line::default());
        }
        lines.truncate(rows - 1);
    } else {
        lines.clear();
    }

    let label_cols = width(NOTE_LABEL);
    let field_cols = cols.saturating_sub(label_cols + 1).max(1);
    let note_focused = form.focus == WrapupFocus::Note;
    let (shown, cursor_col) = if form.note.is_empty() && !note_focused {
        (String::new(), 0)
    } else {
        window(
            form.note.text(),
            form.note.cursor(),
            field_cols.saturating_sub(1),
        )
    };
    let field = if form.note.is_empty() && !note_focused {
        Span::styled(
            fit("optional — Tab to write", field_cols),
            theme.placeholder,
        )
    } else {
        Span::styled(
            fit(&shown, field_cols),
            if note_focused {
                theme.field_focused
            } else {
                theme.field
            },
        )
    };
    lines.push(Line::from(vec![
        Span::styled(
            NOTE_LABEL,
            if note_focused {
                theme.border_focused.patch(theme.label)
            } else {
                theme.label
            },
        ),
        field,
    ]));
    frame.render_widget(Paragraph::new(lines), inner);

    if has_keyboard && note_focused && rows > 0 {
        let x = inner.x + label_cols as u16 + cursor_col;
        let y = inner.y + rows as u16 - 1;
        if x < inner.right() {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}
