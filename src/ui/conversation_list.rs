//! The left column: numbered conversations with unread badges; ended ones dimmed, the focused
//! one highlighted.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::app::{Conversation, State};

use super::text::{clean, truncate, width};
use super::theme::Theme;

fn item(
    number: usize,
    c: &Conversation,
    focused: bool,
    theme: &Theme,
    cols: usize,
) -> Line<'static> {
    let base = if c.ended.is_some() {
        theme.ended
    } else {
        theme.text
    };
    let mut right: Vec<Span<'static>> = Vec::new();
    if c.unread > 0 {
        let count = if c.unread > 99 {
            "99+".to_string()
        } else {
            c.unread.to_string()
        };
        right.push(Span::styled(format!(" {count} "), theme.unread));
    }
    let tag = if c.ended.is_some() {
        "ended".to_string()
    } else if c.leaving {
        "leaving…".to_string()
    } else {
        truncate(&clean(&c.channel), 8)
    };
    if !tag.is_empty() {
        right.push(Span::styled(format!(" {tag}"), theme.dim));
    }
    let right_width: usize = right.iter().map(|s| width(&s.content)).sum();
    let prefix = format!("{}{number} ", if focused { "▸" } else { " " });
    let room = cols.saturating_sub(width(&prefix) + right_width + 1);
    let name = truncate(&clean(&c.customer_name), room);
    let gap = cols.saturating_sub(width(&prefix) + width(&name) + right_width);
    let mut spans = vec![
        Span::styled(prefix, theme.dim),
        Span::styled(name, base),
        Span::raw(" ".repeat(gap)),
    ];
    spans.extend(right);
    let line = Line::from(spans);
    if focused {
        line.style(theme.selected)
    } else {
        line
    }
}

/// Draws the conversation list into `area`.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let title = match state.conversations.len() {
        0 => " Chats ".to_string(),
        n => format!(" Chats ({n}) "),
    };
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Span::styled(title, theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if state.conversations.is_empty() {
        frame.render_widget(
            Paragraph::new(vec![Line::from(Span::styled(" none yet", theme.dim))]),
            inner,
        );
        return;
    }
    let rows = inner.height as usize;
    let focused = state.focused_index();
    // Keep the focused conversation in view.
    let first = focused.map_or(0, |f| (f + 1).saturating_sub(rows));
    let lines: Vec<Line> = state
        .conversations
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, c)| item(i + 1, c, Some(i) == focused, theme, inner.width as usize))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
