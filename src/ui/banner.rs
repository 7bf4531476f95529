//! The RONA banner: one line under the status bar after a missed offer ("Missed chat from
//! Maria at 08:49 (not answered in time) — you are Not ready"), with the keys that deal with
//! it. Shown while `state.rona` is set (the app clears it on READY, Esc and logout).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::{RonaNotice, State};

use super::keymap::{self, Does};
use super::text::{clean, truncate, width};
use super::theme::Theme;
use super::time;

/// The banner's text for a screen `cols` wide: the longest variant that fits.
pub fn text(rona: &RonaNotice, state: &State, cols: usize) -> (String, String) {
    let name = if rona.customer_name.trim().is_empty() {
        "a customer".to_string()
    } else {
        clean(&rona.customer_name).into_owned()
    };
    let ready_key = keymap::label_for(Does::Command("/ready")).unwrap_or_else(|| "/ready".into());
    let dismiss_key = keymap::label_for(Does::Dismiss).unwrap_or_else(|| "Esc".into());
    let ready = state.agent.state == "READY";
    let agent_state =
        crate::app::plain::in_sentence(&clean(&crate::app::plain::agent_state(&state.agent.state)));
    let at = time::clock(rona.at_ms);
    let (you_are, bare) = if ready || agent_state.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(" — you are {agent_state}"),
            format!(" — {agent_state}"),
        )
    };
    let hints = if ready {
        vec![format!("{dismiss_key} dismiss ")]
    } else {
        vec![
            format!("{ready_key} get ready · {dismiss_key} dismiss "),
            format!("{ready_key} ready · {dismiss_key} "),
        ]
    };
    // Longest first: what was missed, when, why, and what it did to the agent state.
    let lefts = [
        format!(" ! Missed chat from {name} at {at} (not answered in time){you_are}. "),
        format!(" ! Missed chat from {name} at {at}{you_are}. "),
        format!(" ! Missed chat from {name}{you_are}. "),
        format!(" ! Missed chat from {name}{bare}. "),
        format!(" ! Missed chat from {name}. "),
    ];
    // What happened matters more than the longer key hint.
    for left in &lefts {
        for hint in &hints {
            if width(left) + width(hint) <= cols {
                return (left.clone(), hint.clone());
            }
        }
    }
    let hint = hints.last().cloned().unwrap_or_default();
    let room = cols.saturating_sub(width(&hint));
    (truncate(&lefts[lefts.len() - 1], room), hint)
}

/// Draws the banner into `area` (one line).
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(rona) = &state.rona else {
        return;
    };
    let cols = area.width as usize;
    let (left, right) = text(rona, state, cols);
    let gap = cols.saturating_sub(width(&left) + width(&right));
    let line = Line::from(vec![
        Span::styled(left, theme.banner),
        Span::styled(" ".repeat(gap), theme.banner),
        Span::styled(right, theme.banner),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.banner), area);
}
