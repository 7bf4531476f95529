//! The question popup ([`crate::app::Question`]): the question, wrapped, and what each answer
//! does (`y/Enter leave · n/Esc stay`), centred over the screen below the status line.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::app::Question;

use super::keymap::{self, Context, Does};
use super::layout;
use super::text::{clean, wrap};
use super::theme::Theme;

/// The popup's lines for an inner width of `cols`: the question, a blank line, the answers.
pub fn lines(question: &Question, theme: &Theme, cols: usize) -> Vec<Line<'static>> {
    let mut out = wrap(&[(clean(&question.text).into_owned(), theme.text)], cols, 0);
    out.push(Line::default());
    let yes_key = keymap::label_for(Does::Confirm).unwrap_or_else(|| "y".into());
    let no_key = keymap::own_rows(Context::Confirm)
        .into_iter()
        .find(|(_, what)| what == "no")
        .map_or_else(|| "n".to_string(), |(key, _)| key);
    // The key that asked answers yes too: "y/Enter/F8 leave".
    let again = question
        .again
        .as_ref()
        .and_then(keymap::label_for_action)
        .map(|key| format!("{yes_key}/{key}"));
    let mut answers = vec![
        Span::styled(again.unwrap_or_else(|| yes_key.to_string()), theme.help_key),
        Span::styled(format!(" {}", question.yes), theme.text),
    ];
    answers.push(Span::styled(" · ", theme.dim));
    answers.push(Span::styled(no_key, theme.help_key));
    answers.push(Span::styled(format!(" {}", question.no), theme.text));
    out.push(Line::from(answers));
    out
}

/// Draws `question` centred over `area` (below its first line).
pub fn render(frame: &mut Frame, area: Rect, question: &Question, theme: &Theme) {
    let below_status = layout::below_status(area);
    let popup_width = below_status.width.saturating_sub(4).min(64);
    let cols = popup_width.saturating_sub(4) as usize;
    let content = lines(question, theme, cols);
    let content_width = content.iter().map(Line::width).max().unwrap_or(0);
    let popup_width = popup_width.min(content_width as u16 + 4).max(24);
    let popup = layout::centered(below_status, popup_width, content.len() as u16 + 2);
    frame.buffer_mut().set_style(below_status, theme.backdrop);
    // A blank band across the screen around it, as for the pickers.
    let band = Rect::new(
        below_status.x,
        popup.y.saturating_sub(1).max(below_status.y),
        below_status.width,
        popup.height + 2,
    )
    .intersection(below_status);
    frame.render_widget(Clear, band);
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(Span::styled(" Confirm ", theme.title));
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
