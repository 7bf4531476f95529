//! The offer panel: pending offers with their live RONA countdown. Shown only when offers
//! exist.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::app::{Offer, State};

use super::text::{clean, truncate, width};
use super::theme::Theme;
use super::time;

/// Below this many seconds the countdown turns urgent.
pub const URGENT_SECONDS: i64 = 10;

/// Rows the panel needs (borders included) on a screen `screen_height` tall; 0 without offers.
pub fn height(state: &State, screen_height: u16) -> u16 {
    if state.offers.is_empty() {
        return 0;
    }
    let max_rows = if screen_height >= 36 { 5 } else { 3 };
    state.offers.len().min(max_rows) as u16 + 2
}

/// The countdown text of an offer at `now_ms`, e.g. `answer within 27s` (RONA: the offer
/// goes to someone else after that, and the desk is set not ready).
pub fn countdown(offer: &Offer, now_ms: i64) -> Option<String> {
    offer
        .seconds_left(now_ms)
        .map(|s| format!("answer within {}", time::countdown(s)))
}

fn offer_line(
    offer: &Offer,
    first_open: bool,
    state: &State,
    theme: &Theme,
    cols: usize,
) -> Line<'static> {
    let mut right: Vec<Span<'static>> = Vec::new();
    if let Some(text) = countdown(offer, state.now_ms) {
        let urgent = offer
            .seconds_left(state.now_ms)
            .is_some_and(|s| s < URGENT_SECONDS);
        right.push(Span::styled(
            text,
            if urgent {
                theme.offer_urgent
            } else {
                theme.offer
            },
        ));
    }
    if offer.accepting {
        right.push(Span::styled("  accepting…", theme.offer_accepting));
    } else if first_open {
        if let Some(key) = super::keymap::label_for(super::keymap::Does::Command("/accept")) {
            right.push(Span::styled(format!("  {key}"), theme.help_key));
        }
        right.push(Span::styled(" /accept", theme.hint));
    }
    let right_width: usize = right.iter().map(|s| width(&s.content)).sum();

    // The usual INBOUND says nothing; other directions in words ("direct transfer").
    let direction = match offer.direction.as_str() {
        "" | "INBOUND" => String::new(),
        other => crate::app::plain::humanize(other).to_lowercase(),
    };
    let details: Vec<String> = [&offer.channel, &offer.queue, &direction, &offer.note]
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| clean(s).into_owned())
        .collect();
    let left_room = cols.saturating_sub(right_width + 1);
    let name = truncate(
        &clean(&offer.customer_name),
        left_room.saturating_sub(2).min(30),
    );
    let mut left = vec![
        Span::styled("● ", theme.offer),
        Span::styled(name, theme.offer.patch(theme.title)),
    ];
    let used: usize = left.iter().map(|s| width(&s.content)).sum();
    if !details.is_empty() && left_room > used + 3 {
        left.push(Span::styled(
            truncate(&format!("  {}", details.join(" · ")), left_room - used),
            theme.dim,
        ));
    }
    let used: usize = left.iter().map(|s| width(&s.content)).sum();
    let gap = cols.saturating_sub(used + right_width);
    left.push(Span::raw(" ".repeat(gap)));
    left.extend(right);
    Line::from(left)
}

/// Draws the offer panel into `area` (of [`height`] rows).
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let title = match state.offers.len() {
        1 => " Offer ".to_string(),
        n => format!(" {n} offers "),
    };
    let block = Block::bordered()
        .border_style(theme.offer)
        .title(Span::styled(title, theme.offer.patch(theme.title)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = inner.height as usize;
    let cols = inner.width as usize;
    let first_open = state.offers.iter().position(|o| !o.accepting);
    let mut lines: Vec<Line> = state
        .offers
        .iter()
        .enumerate()
        .take(rows)
        .map(|(i, o)| offer_line(o, Some(i) == first_open, state, theme, cols))
        .collect();
    if state.offers.len() > rows && rows > 0 {
        let more = state.offers.len() - rows + 1;
        lines[rows - 1] = Line::from(Span::styled(format!("  + {more} more offers"), theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
