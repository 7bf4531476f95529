//! The `/status` overlay: the agent state and every MRD (media routing domain) in plain
//! words with the protocol term beside it, how long the agent has been in the state, and the
//! legend of the MRD marks used in the status bar.

use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::app::plain;
use crate::app::State;

use super::layout;
use super::status_bar::{mrd_load, state_style};
use super::text::{clean, fit, wrap};
use super::theme::Theme;
use super::time;

/// The overlay's lines for an inner width of `cols`.
pub fn lines(state: &State, theme: &Theme, cols: usize) -> Vec<Line<'static>> {
    let agent = &state.agent;
    let mut out = vec![Line::from(Span::styled("Agent", theme.title))];
    if agent.state.is_empty() {
        out.push(Line::from(Span::styled("  not known yet", theme.dim)));
    } else {
        let words = plain::agent_state_with_reason(&agent.state, agent.reason.as_deref());
        let mut spans = vec![
            Span::raw("  "),
            Span::styled(clean(&words).into_owned(), state_style(theme, &agent.state)),
            Span::styled(format!("  ({})", clean(&agent.state)), theme.dim),
        ];
        if let Some(since) = agent.since_ms {
            spans.push(Span::styled(
                format!(
                    "  since {} ({})",
                    time::clock(since),
                    time::duration(state.now_ms - since)
                ),
                theme.time,
            ));
        }
        out.push(Line::from(spans));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "Channels (MRDs: media routing domains)",
        theme.title,
    )));
    if state.mrds.is_empty() {
        out.push(Line::from(Span::styled("  none known yet", theme.dim)));
    }
    let name_cols = state
        .mrds
        .iter()
        .map(|m| super::text::width(&clean(&m.name)))
        .max()
        .unwrap_or(0)
        .min(16);
    for mrd in &state.mrds {
        let style = state_style(theme, &mrd.state);
        out.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(fit(&clean(&mrd.name), name_cols), theme.mrd_chip),
            Span::raw(" "),
            Span::styled(
                format!(
                    "{} {}",
                    plain::mrd_mark(&mrd.state),
                    plain::mrd_state(&mrd.state)
                ),
                style,
            ),
            Span::styled(format!(" {} chats", mrd_load(state, mrd)), theme.text),
            Span::styled(format!("  ({})", clean(&mrd.state)), theme.dim),
        ]));
    }
    out.push(Line::default());
    let legend: Vec<String> = plain::MRD_MARKS
        .iter()
        .map(|(mark, word)| format!("{mark} {word}"))
        .collect();
    out.extend(wrap(
        &[(format!("Marks: {}", legend.join(" · ")), theme.dim)],
        cols,
        7,
    ));
    out
}

/// Draws the overlay centred over `area` (below its first line).
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let below_status = layout::below_status(area);
    let width = below_status.width.saturating_sub(2).min(72);
    let cols = width.saturating_sub(4) as usize;
    let content = lines(state, theme, cols);
    let popup = layout::centered(below_status, width, content.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(Span::styled(" Status ", theme.title))
        .title_bottom(
            Line::from(vec![
                Span::styled(" Esc", theme.help_key),
                Span::styled(" closes ", theme.dim),
            ])
            .alignment(Alignment::Right),
        );
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let padded = Rect::new(
        inner.x.saturating_add(1),
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    frame.render_widget(Paragraph::new(content), padded);
}
