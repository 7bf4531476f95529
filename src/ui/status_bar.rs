//! The top line: connection, user, agent state in words with time in state ("Not ready —
//! Lunch 0:12"), MRD chips with a state mark, the state in words and their load
//! (`CHAT ● active 1/2`). Every state reads without colour: the marks and words carry it
//! (NO_COLOR, monochrome terminals); colour only repeats it.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::security::SecurityWarning;
use crate::app::{plain, Connection, MrdChip, State};

use super::text::{clean, truncate, width};
use super::theme::Theme;
use super::time;

/// Style of an agent or MRD state name (unknown states get `state_other`).
pub fn state_style(theme: &Theme, state: &str) -> Style {
    match state {
        "READY" => theme.state_ready,
        "ACTIVE" => theme.state_active,
        "BUSY" => theme.state_busy,
        "PENDING_NOT_READY" => theme.state_pending,
        "NOT_READY" | "LOGOUT" => theme.state_not_ready,
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

/// While not online the server cannot confirm the agent and MRD states: they show greyed,
/// as "last known" (issue 8).
fn unconfirmed(state: &State) -> bool {
    state.connection != Connection::Online
}

fn agent_spans(state: &State, theme: &Theme) -> Vec<Span<'static>> {
    let agent = &state.agent;
    if agent.state.is_empty() {
        return Vec::new();
    }
    let stale = unconfirmed(state);
    let style = if stale {
        theme.dim
    } else {
        state_style(theme, &agent.state)
    };
    let mut spans = Vec::new();
    if stale {
        spans.push(Span::styled("last known: ", theme.dim));
    }
    spans.push(Span::styled(
        clean(&plain::agent_state(&agent.state)).into_owned(),
        style,
    ));
    if let Some(reason) = agent.reason.as_deref().filter(|r| !r.is_empty()) {
        spans.push(Span::styled(
            format!(" — {}", truncate(&clean(reason), 20)),
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

/// An MRD's load as `load/max` (`load` alone when the maximum is unknown).
pub fn mrd_load(state: &State, mrd: &MrdChip) -> String {
    let load = state.mrd_load(&mrd.id);
    match mrd.max_tasks {
        Some(max) => format!("{load}/{max}"),
        None => load.to_string(),
    }
}

/// Chats waiting on my pull-mode lists (`3 waiting`), while I follow a list or one waits.
fn waiting_spans(state: &State, theme: &Theme) -> Vec<Span<'static>> {
    let count = state.pull.waiting.len();
    if count == 0 && state.pull.followed.is_empty() {
        return Vec::new();
    }
    let style = if count > 0 { theme.waiting } else { theme.dim };
    vec![Span::styled(format!("{count} waiting"), style)]
}

/// How much an MRD chip says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chips {
    /// `NAME ✓ ready load/max`.
    Full,
    /// `NAME ✓ ready`, with ` load/max` only where something is routed.
    Busy,
    /// `NAME✓`, with ` load/max` only where something is routed: the mark keeps the state
    /// readable without colour.
    Compact,
}

/// MRD chips, as much as `chips` says: mark and words carry the state, colour repeats it.
fn chip_spans(state: &State, theme: &Theme, chips: Chips) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (i, mrd) in state.mrds.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let style = if unconfirmed(state) {
            theme.dim
        } else {
            state_style(theme, &mrd.state)
        };
        let load = mrd_load(state, mrd);
        let routed = state.mrd_load(&mrd.id) > 0;
        let mark = plain::mrd_mark(&mrd.state);
        spans.push(Span::styled(clean(&mrd.name).into_owned(), theme.mrd_chip));
        if chips == Chips::Compact {
            spans.push(Span::styled(mark.to_string(), style));
        } else {
            spans.push(Span::styled(
                format!(" {mark} {}", plain::mrd_state(&mrd.state)),
                style,
            ));
        }
        if chips == Chips::Full || routed {
            spans.push(Span::styled(format!(" {load}"), theme.mrd_chip));
        }
    }
    spans
}

/// Draws the status bar into `area` (one line). When everything does not fit, idle MRDs
/// lose their `0/max` first, then the chips shorten to a mark (`CHAT✓`), and only then does
/// the user name go — so at a given width the name does not come and go with the agent
/// state.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let (conn, conn_style) = connection(state, theme);
    let user: Vec<Span> = state
        .me
        .iter()
        .map(|me| Span::styled(truncate(&clean(&me.display_name()), 20), theme.title))
        .collect();
    let agent = agent_spans(state, theme);
    let waiting = waiting_spans(state, theme);
    let build = |with_user: bool, chips: Chips| -> Vec<Span<'static>> {
        let sections = [
            if with_user { user.clone() } else { Vec::new() },
            agent.clone(),
            waiting.clone(),
            chip_spans(state, theme, chips),
        ];
        let mut spans = vec![Span::raw(" "), Span::styled(conn.clone(), conn_style)];
        // Never dropped for room: the agent must always see that the session is not safe.
        for warning in &state.security {
            let style = match warning {
                SecurityWarning::Insecure => theme.security_danger,
                SecurityWarning::PlainHttp { .. } => theme.security_warning,
            };
            spans.push(Span::raw(" "));
            spans.push(Span::styled(warning.label(), style));
        }
        for section in sections.into_iter().filter(|s| !s.is_empty()) {
            spans.push(Span::styled(" │ ", theme.dim));
            spans.extend(section);
        }
        spans
    };
    let cols = area.width as usize;
    let spans = [
        (true, Chips::Full),
        (true, Chips::Busy),
        (true, Chips::Compact),
        (false, Chips::Compact),
    ]
    .into_iter()
    .map(|(with_user, chips)| build(with_user, chips))
    .find(|spans| span_width(spans) < cols)
    .unwrap_or_else(|| build(false, Chips::Compact));
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme.status_bar),
        area,
    );
}
