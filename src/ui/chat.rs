//! The chat pane: the focused conversation's lines (time, sender, text; wrapped to the pane),
//! delivery marks on own messages, scrolling; or a friendly empty state.

use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::app::{Author, ChatLine, Connection, Conversation, Delivery, State};

use super::text::{clean, truncate, wrap};
use super::theme::Theme;
use super::time;

/// Columns of the `HH:MM ` prefix; wrapped lines are indented by as much.
const TIME_COLS: usize = 6;

fn author_style(theme: &Theme, author: &Author) -> Style {
    match author {
        Author::Customer => theme.customer,
        Author::Me => theme.me,
        Author::Agent => theme.agent,
        Author::Bot => theme.bot,
        Author::System => theme.system,
    }
}

fn fallback_name(author: &Author) -> &'static str {
    match author {
        Author::Customer => "Customer",
        Author::Me => "me",
        Author::Agent => "Agent",
        Author::Bot => "Bot",
        Author::System => "system",
    }
}

/// The wrapped screen lines of one chat line.
pub fn chat_line(line: &ChatLine, theme: &Theme, cols: usize) -> Vec<Line<'static>> {
    let mut spans = vec![(format!("{} ", time::clock(line.at_ms)), theme.time)];
    if line.author == Author::System {
        spans.push((format!("· {}", line.text), theme.system));
        return wrap(&spans, cols, TIME_COLS);
    }
    let sender = if line.sender.trim().is_empty() {
        fallback_name(&line.author).to_string()
    } else {
        clean(&line.sender).into_owned()
    };
    spans.push((sender, author_style(theme, &line.author)));
    spans.push((": ".into(), theme.dim));
    spans.push((line.text.clone(), theme.text));
    // A no-break space keeps the mark on the line of the last word when wrapping.
    match line.delivery {
        Some(Delivery::Pending { .. }) => spans.push(("\u{a0}…".into(), theme.pending)),
        Some(Delivery::Sent) => spans.push(("\u{a0}✓".into(), theme.sent)),
        Some(Delivery::Delivered) => spans.push(("\u{a0}✓✓".into(), theme.sent)),
        Some(Delivery::Read) => spans.push(("\u{a0}✓✓ read".into(), theme.sent)),
        Some(Delivery::Failed) => spans.push(("\u{a0}✗ not delivered".into(), theme.failed)),
        None => {}
    }
    wrap(&spans, cols, TIME_COLS)
}

fn header(c: &Conversation, theme: &Theme, cols: usize) -> Line<'static> {
    let mut parts = vec![clean(&c.customer_name).into_owned()];
    parts.extend(
        [&c.channel, &c.role]
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(|s| clean(s).into_owned()),
    );
    let mut spans = vec![Span::styled(
        truncate(&format!(" {} ", parts.join(" · ")), cols.saturating_sub(4)),
        theme.title,
    )];
    if let Some(reason) = &c.ended {
        spans.push(Span::styled(
            truncate(&format!("· ended ({}) ", clean(reason)), 32),
            theme.notice_warning,
        ));
    } else if c.leaving {
        spans.push(Span::styled("· leaving… ", theme.notice_warning));
    }
    Line::from(spans)
}

/// Draws the chat pane into `area`.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(conversation) = state.focused_conversation() else {
        render_empty(frame, area, state, theme);
        return;
    };
    let mut block = Block::bordered().border_style(theme.border).title(header(
        conversation,
        theme,
        area.width as usize,
    ));
    if let Some(i) = state.focused_index() {
        block = block.title(
            Line::from(Span::styled(
                format!(" {}/{} ", i + 1, state.conversations.len()),
                theme.dim,
            ))
            .alignment(Alignment::Right),
        );
    }
    let inner = block.inner(area);
    let cols = inner.width as usize;
    let rows = inner.height as usize;
    // Wrap from the newest line back, only as far as the view reaches (long histories stay
    // cheap to draw); `from_bottom[0]` is the last screen line.
    let needed = rows.saturating_add(state.scroll);
    let mut from_bottom: Vec<Line> = Vec::new();
    for line in conversation.lines.iter().rev() {
        from_bottom.extend(chat_line(line, theme, cols).into_iter().rev());
        if from_bottom.len() >= needed {
            break;
        }
    }
    let scroll = state.scroll.min(from_bottom.len().saturating_sub(rows));
    if scroll > 0 {
        block = block.title_bottom(
            Line::from(Span::styled(
                format!(" ↑ {scroll} lines back · PgDn ↓ "),
                theme.hint,
            ))
            .alignment(Alignment::Right),
        );
    }
    frame.render_widget(block, area);
    let visible: Vec<Line> = from_bottom.into_iter().skip(scroll).take(rows).collect();
    // Newest at the bottom: pad above when the conversation is short.
    let mut shown = vec![Line::default(); rows.saturating_sub(visible.len())];
    shown.extend(visible.into_iter().rev());
    frame.render_widget(Paragraph::new(shown), inner);
}

fn render_empty(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Span::styled(" agentdesk ", theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let headline = if state.connection != Connection::Online {
        "Waiting for the connection…".to_string()
    } else if !state.offers.is_empty() {
        "An offer is waiting — /accept (F4) takes it".to_string()
    } else if state.agent.state == "READY" {
        "You are READY — new chats will appear here".to_string()
    } else {
        "No conversation open".to_string()
    };
    let row = |key: &str, what: &str| {
        Line::from(vec![
            Span::styled(format!("{key:<11}"), theme.help_key),
            Span::styled(what.to_string(), theme.dim),
        ])
    };
    let body = vec![
        Line::from(Span::styled(headline, theme.title)),
        Line::default(),
        if state.agent.state == "READY" {
            row("/notready", "stop receiving chats (F3)")
        } else {
            row("/ready", "go READY to receive chats (F2)")
        },
        row("/accept", "take an offer (F4)"),
        row("?", "all commands and keys"),
    ];
    let height = body.len() as u16;
    let width = body.iter().map(Line::width).max().unwrap_or(0) as u16;
    let x = inner.x + inner.width.saturating_sub(width) / 2;
    let y = inner.y + inner.height.saturating_sub(height) / 2;
    let target = Rect::new(x, y, width.min(inner.width), height.min(inner.height));
    frame.render_widget(Paragraph::new(body), target);
}
