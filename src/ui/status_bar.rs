//! The top line: connection, user, agent state with time in state, MRD chips.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::{Connection, State};

use super::text::{clean, truncate, width};
use super::theme::Theme;
use super::time;

/// Style of an agent or MRD state name.
pub fn state_style(theme: &Theme, state: &str) -> Style {
    match state {
        "READY" => theme.state_ready,
        "NOT_READY" | "PENDING_NOT_READY" | "LOGOUT" => theme.state_not_ready,
        _ => theme.state_other,
    }
}

/// The connection as shown: symbol, text, style.
fn connection(state: &State, theme: &Theme) -> (String, Style) {
    match &state.connection {
        Connection::Online => ("● Online".into(), theme.conn_online),
        Connection::Connecting => ("◌ Connecting…".into(), theme.conn_connecting),
        Connection::Reconnecting { reason } => (
            format!("◌ Reconnecting ({})", truncate(&clean(reason), 24)),
            theme.conn_connecting,
        ),
        Connection::Offline { reason } => (
            format!("○ Offline ({})", truncate(&clean(reason), 28)),
            theme.conn_offline,
        ),
        Connection::LoggedOut => ("○ Logged out".into(), theme.conn_offline),
    }
}

fn span_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
}

fn agent_spans(state: &State, theme: &Theme) -> Vec<Span<'static>> {
    let agent = &state.agent;
    if agent.state.is_empty() {
        return Vec::new();
    }
    let style = state_style(theme, &agent.state);
    let mut spans = vec![Span::styled(clean(&agent.state).into_owned(), style)];
    if let Some(reason) = agent.reason.as_deref().filter(|r| !r.is_empty()) {
        spans.push(Span::styled(
            format!(" ({})", truncate(&clean(reason), 20)),
            style,
        ));
    }
    if let Some(since) = agent.since_ms {
        spans.push(Span::raw(format!(
            " {}",
            time::duration(state.now_ms - since)
        )));
    }
    spans
}

/// MRD chips: `NAME:STATE`, or (`compact`) the name alone, coloured by its state.
fn chip_spans(state: &State, theme: &Theme, compact: bool) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (i, mrd) in state.mrds.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let style = state_style(theme, &mrd.state);
        if compact {
            spans.push(Span::styled(clean(&mrd.name).into_owned(), style));
        } else {
            spans.push(Span::styled(clean(&mrd.name).into_owned(), theme.mrd_chip));
            spans.push(Span::styled(":", theme.dim));
            spans.push(Span::styled(clean(&mrd.state).into_owned(), style));
        }
    }
    spans
}

/// Draws the status bar into `area` (one line). When everything does not fit, the user name
/// goes first, then the MRD chips lose their state text (keeping its colour).
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let (conn, conn_style) = connection(state, theme);
    let user: Vec<Span> = state
        .me
        .iter()
        .map(|me| Span::styled(truncate(&clean(&me.display_name()), 20), theme.title))
        .collect();
    let agent = agent_spans(state, theme);
    let build = |with_user: bool, compact: bool| -> Vec<Span<'static>> {
        let sections = [
            if with_user { user.clone() } else { Vec::new() },
            agent.clone(),
            chip_spans(state, theme, compact),
        ];
        let mut spans = vec![Span::raw(" "), Span::styled(conn.clone(), conn_style)];
        for section in sections.into_iter().filter(|s| !s.is_empty()) {
            spans.push(Span::styled(" │ ", theme.dim));
            spans.extend(section);
        }
        spans
    };
    let cols = area.width as usize;
    let spans = [(true, false), (false, false), (true, true), (false, true)]
        .into_iter()
        .map(|(with_user, compact)| build(with_user, compact))
        .find(|spans| span_width(spans) < cols)
        .unwrap_or_else(|| build(false, true));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.status_bar),
        area,
    );
}
