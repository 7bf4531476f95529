//! The bot suggestions block under the customer message it answers (issue 12): numbered
//! suggestions with their confidence and the keys that use them while the set is active;
//! one dim line once answered or superseded (the set "fades").
//!
//! ```text
//! 09:10 Maria Lopez: My internet is down.
//!       ┆ bot suggests · Alt+S edit · Alt+A send · /suggest n
//!       ┆ ▸1 Have you tried restarting the router?  92%
//!       ┆  2 I'm sorry to hear that, let me check your line.
//! ```

use ratatui::text::{Line, Span};

use crate::app::suggestions::{SetStatus, SuggestionSet};

use super::keymap::{self, Does};
use super::text::{clean, wrap};
use super::theme::Theme;

/// Columns before the block's bar (under the chat's `HH:MM ` prefix).
const INDENT: usize = 6;

/// The screen lines of `set` at `cols` columns.
pub fn block(set: &SuggestionSet, theme: &Theme, cols: usize) -> Vec<Line<'static>> {
    let bar = format!("{}┆ ", " ".repeat(INDENT));
    let count = set.replies.len();
    if !set.is_active() {
        let why = match set.status {
            SetStatus::Answered => "answered",
            _ => "older",
        };
        let noun = if count == 1 {
            "bot suggestion"
        } else {
            "bot suggestions"
        };
        let text = format!("{bar}{count} {noun} ({why})");
        return wrap(&[(text, theme.dim)], cols, INDENT + 2);
    }
    let edit = keymap::label_for(Does::Command("/suggest")).unwrap_or_else(|| "/suggest".into());
    let send =
        keymap::label_for(Does::Command("/suggest-send")).unwrap_or_else(|| "/suggest-send".into());
    let mut heading = vec![
        (bar.clone(), theme.dim),
        ("bot suggests".to_string(), theme.suggestion),
        (" · ".into(), theme.dim),
        (edit.to_string(), theme.help_key),
        (" edit · ".into(), theme.dim),
        (send.to_string(), theme.help_key),
        (" send".into(), theme.dim),
    ];
    let used: usize = heading.iter().map(|(t, _)| t.chars().count()).sum();
    if used + 12 <= cols {
        heading.push((" · /suggest n".into(), theme.dim));
    }
    let mut out = barred(wrap(&heading, cols, INDENT + 2), theme);
    for (i, reply) in set.replies.iter().enumerate() {
        let mark = if i == set.chosen { "▸" } else { " " };
        let number = format!("{mark}{} ", i + 1);
        let indent = INDENT + 2 + number.chars().count();
        let text = match &reply.text {
            Some(text) => clean(text).into_owned(),
            None => format!("[{} suggestion]", clean(&reply.body_type)),
        };
        let mut spans = vec![
            (bar.clone(), theme.dim),
            (number, theme.help_key),
            (text, theme.suggestion),
        ];
        if let Some(pct) = reply.confidence_pct {
            spans.push((format!("\u{a0}\u{a0}{pct}%"), theme.dim));
        }
        out.extend(barred(wrap(&spans, cols, indent), theme));
    }
    out
}

/// Puts the block's bar on the continuation lines of a wrapped suggestion too (they start
/// with spaces up to its text).
fn barred(lines: Vec<Line<'static>>, theme: &Theme) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let starts_blank = line
                .spans
                .first()
                .is_some_and(|s| s.content.len() > INDENT + 1 && s.content.trim().is_empty());
            if i == 0 || !starts_blank {
                return line;
            }
            let mut spans = line.spans;
            let first = spans.remove(0);
            let rest = first.content[INDENT + 1..].to_string();
            let mut out = vec![
                Span::raw(" ".repeat(INDENT)),
                Span::styled("┆", theme.dim),
                Span::styled(rest, first.style),
            ];
            out.extend(spans);
            Line::from(out)
        })
        .collect()
}
