//! The supervisor's team board overlay: the supervised agents (state, reason, time in state,
//! MRD load) and the live conversations numbered for `/monitor n`, with the selection, when
//! it was refreshed, and what failed (in words, never an empty board without a reason).

use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::app::team_board::BoardHand;
use crate::app::State;
use crate::protocol::{ActiveChat, TeamAgent};

use super::layout;
use super::picker::hint_spans;
use super::text::{clean, fit, truncate};
use super::theme::Theme;
use super::time;

fn state_style(theme: &Theme, state: &str) -> ratatui::style::Style {
    match state {
        "READY" => theme.state_ready,
        "NOT_READY" | "PENDING_NOT_READY" => theme.state_not_ready,
        "ACTIVE" => theme.state_active,
        "BUSY" => theme.state_busy,
        _ => theme.state_other,
    }
}

fn agent_line(agent: &TeamAgent, now_ms: i64, cols: usize, theme: &Theme) -> Line<'static> {
    let state = if agent.state.is_empty() {
        "?".to_string()
    } else {
        clean(&agent.state).into_owned()
    };
    let reason = agent
        .reason
        .as_deref()
        .map(|r| format!("({})", clean(r)))
        .unwrap_or_default();
    let since = agent
        .since_ms
        .map(|at| time::duration(now_ms - at))
        .unwrap_or_default();
    let load: Vec<String> = agent
        .mrds
        .iter()
        .map(|m| match (m.active, m.max) {
            (Some(a), Some(max)) => format!("{} {a}/{max}", clean(&m.name)),
            (Some(a), None) => format!("{} {a}", clean(&m.name)),
            _ => format!("{} {}", clean(&m.name), clean(&m.state)),
        })
        .collect();
    let spans = vec![
        Span::raw("   "),
        Span::styled(fit(&format!("{} ", clean(&agent.name)), 18), theme.agent),
        Span::raw(" "),
        Span::styled(fit(&state, 10), state_style(theme, &agent.state)),
        Span::styled(fit(&truncate(&reason, 14), 14), theme.dim),
        Span::styled(fit(&since, 8), theme.time),
        Span::styled(
            truncate(
                &load.join("  "),
                cols.saturating_sub(3 + 18 + 1 + 10 + 14 + 8),
            ),
            theme.text,
        ),
    ];
    Line::from(spans)
}

fn chat_line(
    n: usize,
    chat: &ActiveChat,
    hand: Option<&BoardHand>,
    selected: bool,
    now_ms: i64,
    cols: usize,
    theme: &Theme,
) -> Line<'static> {
    let marker = if selected { " ▸ " } else { "   " };
    let customer = if chat.customer.is_empty() {
        clean(&chat.conversation_id).into_owned()
    } else {
        clean(&chat.customer).into_owned()
    };
    let agents = if chat.agents.is_empty() {
        "(no agent)".to_string()
    } else {
        chat.agents
            .iter()
            .map(|a| clean(a).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let since = chat
        .since_ms
        .map(|at| time::duration(now_ms - at))
        .unwrap_or_default();
    // A raised hand says so in words, before the agents (issue 12).
    let hand_text = hand.map(|h| format!("hand raised: {} ", clean(&h.name)));
    let hand_cols = hand_text
        .as_ref()
        .map_or(0, |t| t.chars().count().min(cols / 3));
    let used = 3 + 4 + 16 + 18 + 6 + 10 + hand_cols;
    let mut spans = vec![
        Span::styled(marker, theme.hint),
        Span::styled(fit(&format!("{n}"), 4), theme.help_key),
        Span::styled(fit(&format!("{} ", clean(&chat.queue)), 16), theme.dim),
        Span::styled(fit(&format!("{customer} "), 18), theme.customer),
        Span::styled(fit(&clean(&chat.channel), 6), theme.dim),
        Span::styled(fit(&since, 8), theme.time),
    ];
    if let Some(text) = hand_text {
        spans.push(Span::styled(truncate(&text, hand_cols), theme.hand));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(
        fit(&agents, cols.saturating_sub(used)),
        theme.agent,
    ));
    if selected {
        spans = spans
            .into_iter()
            .map(|s| {
                let style = s.style.patch(theme.selected);
                s.style(style)
            })
            .collect();
    }
    Line::from(spans)
}

/// Draws the board centred over `area` (below the status line).
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let board = &state.board;
    let below_status = layout::below_status(area);
    // The board covers the screen below the status line (it takes the keys meanwhile).
    let popup = layout::centered(
        below_status,
        below_status.width.min(110),
        below_status.height,
    );
    frame.render_widget(Clear, below_status);
    let refreshed = match (board.loading, board.updated_at_ms) {
        (true, _) => " refreshing… ".to_string(),
        (false, Some(at)) => format!(" updated {} · every 10 s ", time::clock(at)),
        (false, None) => String::new(),
    };
    let block = Block::bordered()
        .border_style(theme.picker)
        .title(Span::styled(
            " Team board ",
            theme.picker.patch(theme.title),
        ))
        .title(Line::from(Span::styled(refreshed, theme.dim)).alignment(Alignment::Right))
        .title_bottom(
            Line::from(hint_spans(super::keymap::Context::Board, theme))
                .alignment(Alignment::Right),
        );
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let cols = inner.width as usize;
    let rows = inner.height as usize;
    let now = state.now_ms;
    let mut lines: Vec<Line> = Vec::new();
    let heading = |text: &str| Line::from(Span::styled(format!(" {text}"), theme.section));
    let problem = |what: &str, error: &str| {
        Line::from(Span::styled(
            truncate(
                &format!(
                    "   {what} could not be loaded: {} — /monitor <conversation id> still works",
                    clean(error)
                ),
                cols,
            ),
            theme.notice_warning,
        ))
    };
    let agents_count = match &board.agents {
        Some(Ok(list)) => format!(" ({})", list.len()),
        _ => String::new(),
    };
    lines.push(heading(&format!("Agents{agents_count}")));
    match &board.agents {
        None => lines.push(Line::from(Span::styled("   loading…", theme.dim))),
        Some(Err(error)) => lines.push(problem("Agents", error)),
        Some(Ok(list)) if list.is_empty() => lines.push(Line::from(Span::styled(
            "   no agent in your teams",
            theme.dim,
        ))),
        Some(Ok(list)) => lines.extend(list.iter().map(|a| agent_line(a, now, cols, theme))),
    }
    let hands = match board.hands.len() {
        0 => String::new(),
        1 => " · 1 hand raised: h goes there".to_string(),
        n => format!(" · {n} hands raised: h goes there"),
    };
    let chats_count = match &board.chats {
        Some(Ok(list)) => format!(" ({}) — /monitor n{hands}", list.len()),
        _ => hands,
    };
    lines.push(Line::default());
    lines.push(heading(&format!("Live chats{chats_count}")));
    let first_chat_row = lines.len();
    match &board.chats {
        None => lines.push(Line::from(Span::styled("   loading…", theme.dim))),
        Some(Err(error)) => lines.push(problem("Live chats", error)),
        Some(Ok(list)) if list.is_empty() => {
            lines.push(Line::from(Span::styled("   no live chat", theme.dim)))
        }
        Some(Ok(list)) => lines.extend(list.iter().enumerate().map(|(i, c)| {
            let hand = board.hands.get(&c.conversation_id);
            chat_line(i + 1, c, hand, i == board.selected, now, cols, theme)
        })),
    }
    // Keep the selected chat on screen when the board is taller than the popup.
    let selected_row = first_chat_row + board.selected;
    let skip = (selected_row + 1).saturating_sub(rows);
    let shown: Vec<Line> = lines.into_iter().skip(skip).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
