//! The left column: numbered conversations with unread badges, channel, last activity age and
//! marks (in words, or a letter when compact) for hold, a customer who left, a pending
//! wrap-up and the end; ended ones dimmed, the focused one highlighted and marked `▸`.
//!
//! Two lines per conversation while they all fit (`▸1 Maria Lopez   2` over
//! `   WEB · 3m   on hold`), else one compact line each (`▸1 Maria Lo… H 2 3m`).

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::app::{Conversation, State};

use super::text::{clean, truncate, width};
use super::theme::Theme;
use super::time;

/// What state a conversation is in, for its mark.
fn status(c: &Conversation, theme: &Theme) -> Option<(&'static str, &'static str, Style)> {
    // (word, letter, style)
    if c.ended.is_some() {
        Some(("✓ ended", "✓", theme.ended))
    } else if c.leaving {
        Some(("leaving…", "…", theme.notice_warning))
    } else if c.wrapup.as_ref().is_some_and(|w| !w.submitted) {
        Some(("wrap-up", "W", theme.wrapup))
    } else if c.wrapup.is_some() {
        Some(("wrap-up…", "W", theme.dim))
    } else if c.customer_left {
        Some(("customer left", "L", theme.notice_warning))
    } else if c.hold.is_some() {
        Some(("on hold", "H", theme.hold))
    } else {
        None
    }
}

fn badge(c: &Conversation, theme: &Theme) -> Option<Span<'static>> {
    (c.unread > 0).then(|| {
        let count = if c.unread > 99 {
            "99+".to_string()
        } else {
            c.unread.to_string()
        };
        Span::styled(format!(" {count} "), theme.unread)
    })
}

fn base_style(c: &Conversation, theme: &Theme) -> Style {
    if c.ended.is_some() {
        theme.ended
    } else {
        theme.text
    }
}

/// `left` and `right` spans on one line of `cols` columns, the gap filled with spaces.
fn spread(mut left: Vec<Span<'static>>, right: Vec<Span<'static>>, cols: usize) -> Line<'static> {
    let used: usize = left.iter().chain(&right).map(|s| width(&s.content)).sum();
    left.push(Span::raw(" ".repeat(cols.saturating_sub(used))));
    left.extend(right);
    Line::from(left)
}

fn highlight(line: Line<'static>, focused: bool, theme: &Theme) -> Line<'static> {
    if focused {
        line.style(theme.selected)
    } else {
        line
    }
}

fn prefix(number: usize, focused: bool) -> String {
    format!("{}{number} ", if focused { "▸" } else { " " })
}

/// The two lines of one conversation.
fn item(
    number: usize,
    c: &Conversation,
    focused: bool,
    state: &State,
    theme: &Theme,
    cols: usize,
) -> [Line<'static>; 2] {
    let prefix = prefix(number, focused);
    let badge: Vec<Span<'static>> = badge(c, theme).into_iter().collect();
    let badge_width: usize = badge.iter().map(|s| width(&s.content)).sum();
    let room = cols.saturating_sub(width(&prefix) + badge_width + 1);
    let first = spread(
        vec![
            Span::styled(prefix.clone(), theme.dim),
            Span::styled(
                truncate(&clean(&c.customer_name), room),
                base_style(c, theme),
            ),
        ],
        badge,
        cols,
    );

    let indent = " ".repeat(width(&prefix));
    let mut age = time::age(c.last_activity_ms, state.now_ms);
    let mut right = Vec::new();
    if let Some((word, _, style)) = status(c, theme) {
        right.push(Span::styled(word, style));
    } else if let Some(hand) = c.hand.as_ref().filter(|_| c.ended.is_none()) {
        right.push(Span::styled(
            if hand.mine { "hand up" } else { "hand" },
            theme.hand,
        ));
    }
    // A running response SLA takes the age's place: it is what the agent must act on.
    let sla = c
        .sla
        .as_ref()
        .filter(|_| c.ended.is_none())
        .map(|sla| super::sla::list(sla, state.now_ms, theme));
    let sla_style = sla.as_ref().map(|(_, style)| *style);
    if let Some((text, _)) = &sla {
        age = text.clone();
    }
    let age_style = sla_style.unwrap_or(theme.time);
    let mut right_width: usize = right.iter().map(|s| width(&s.content)).sum();
    // A narrow list: the hand and the response SLA in their shortest words rather than
    // run together ("reply 0:34hand up").
    let fits = |age: &str, right_width: usize| indent.len() + width(age) + 1 + right_width <= cols;
    if !fits(&age, right_width) {
        if let Some(hand) = right.iter_mut().find(|s| s.content == "hand up") {
            *hand = Span::styled("hand", hand.style);
            right_width = right.iter().map(|s| width(&s.content)).sum();
        }
        if let Some(sla) = c.sla.as_ref().filter(|_| c.ended.is_none()) {
            if !fits(&age, right_width) {
                age = super::sla::compact(sla, state.now_ms, theme).0;
            }
        }
    }
    let channel_room = cols.saturating_sub(indent.len() + right_width + width(&age) + 4);
    let channel = if channel_room < 3 {
        String::new()
    } else {
        truncate(&clean(&c.channel), channel_room.min(10))
    };
    let mut left = vec![Span::raw(indent)];
    if !channel.is_empty() {
        left.push(Span::styled(channel, theme.dim));
        left.push(Span::styled(" · ", theme.dim));
    }
    left.push(Span::styled(age, age_style));
    let second = spread(left, right, cols);
    [
        highlight(first, focused, theme),
        highlight(second, focused, theme),
    ]
}

/// One compact line: number, name, mark letter, unread badge, age.
fn compact_item(
    number: usize,
    c: &Conversation,
    focused: bool,
    state: &State,
    theme: &Theme,
    cols: usize,
) -> Line<'static> {
    let prefix = prefix(number, focused);
    let mut right: Vec<Span<'static>> = Vec::new();
    if let Some((_, letter, style)) = status(c, theme) {
        right.push(Span::styled(format!(" {letter}"), style));
    }
    right.extend(badge(c, theme));
    match c.sla.as_ref().filter(|_| c.ended.is_none()) {
        Some(sla) => {
            let (text, style) = super::sla::compact(sla, state.now_ms, theme);
            right.push(Span::styled(format!(" {text}"), style));
        }
        None => right.push(Span::styled(
            format!(" {}", time::age(c.last_activity_ms, state.now_ms)),
            theme.time,
        )),
    }
    let right_width: usize = right.iter().map(|s| width(&s.content)).sum();
    let room = cols.saturating_sub(width(&prefix) + right_width);
    let line = spread(
        vec![
            Span::styled(prefix, theme.dim),
            Span::styled(
                truncate(&clean(&c.customer_name), room),
                base_style(c, theme),
            ),
        ],
        right,
        cols,
    );
    highlight(line, focused, theme)
}

/// Draws the conversation list into `area`.
///
/// Returns where each conversation is drawn, with its number (for clicks).
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Vec<(Rect, usize)> {
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
        return Vec::new();
    }
    let rows = inner.height as usize;
    let cols = inner.width as usize;
    let focused = state.focused_index();
    let row_of = |n: usize, height: u16| {
        Rect::new(inner.x, inner.y + n as u16 * height, inner.width, height)
    };
    let (lines, hits): (Vec<Line>, Vec<(Rect, usize)>) = if state.conversations.len() * 2 <= rows {
        let lines = state
            .conversations
            .iter()
            .enumerate()
            .flat_map(|(i, c)| item(c.number, c, Some(i) == focused, state, theme, cols))
            .collect();
        let hits = state
            .conversations
            .iter()
            .enumerate()
            .map(|(i, c)| (row_of(i, 2), c.number))
            .collect();
        (lines, hits)
    } else {
        // Keep the focused conversation in view.
        let first = focused.map_or(0, |f| (f + 1).saturating_sub(rows));
        let shown = state
            .conversations
            .iter()
            .enumerate()
            .skip(first)
            .take(rows);
        let lines = shown
            .clone()
            .map(|(i, c)| compact_item(c.number, c, Some(i) == focused, state, theme, cols))
            .collect();
        let hits = shown
            .enumerate()
            .map(|(row, (_, c))| (row_of(row, 1), c.number))
            .collect();
        (lines, hits)
    };
    frame.render_widget(Paragraph::new(lines), inner);
    hits
}
