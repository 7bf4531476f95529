//! The composer at the bottom: the text being typed with the cursor, a placeholder when
//! empty, the reply target (or else the newest notice) in its top border and key hints in its
//! bottom border.

use ratatui::layout::{Alignment, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::app::{Level, Notice, Quote, State};

use super::text::{clean, truncate, width};
use super::theme::Theme;

/// The prompt before the text.
const PROMPT: &str = "› ";

/// The prompt where plain text goes to the agents only (silent monitor, whisper, assistant).
const WHISPER_PROMPT: &str = "whisper to agents › ";

/// The part of `text` to show in `cols` columns so the cursor (a char index) stays visible,
/// and the cursor's column within it.
pub fn window(text: &str, cursor: usize, cols: usize) -> (String, u16) {
    window_at(text, crate::app::segment::byte_of_char(text, cursor), cols)
}

/// [`window`] with the cursor as a byte offset. Whole grapheme clusters are shown or left
/// out (a thumb with its skin tone is never split), measured as the terminal draws them.
pub fn window_at(text: &str, cursor_byte: usize, cols: usize) -> (String, u16) {
    use unicode_segmentation::UnicodeSegmentation;
    let cursor_col = width(&text[..cursor_byte.min(text.len())]);
    let cols = cols.max(1);
    let offset = cursor_col.saturating_sub(cols - 1);
    let mut shown = String::new();
    let mut start = None;
    let mut col = 0;
    for g in text.graphemes(true) {
        let w = width(g);
        if col >= offset && col + w <= offset + cols {
            start.get_or_insert(col);
            shown.push_str(g);
        }
        col += w;
    }
    let start = start.unwrap_or(offset);
    (
        clean(&shown).into_owned(),
        cursor_col.saturating_sub(start) as u16,
    )
}

/// The notice as a styled line (used in the composer's top border).
pub fn notice_line(notice: &Notice, theme: &Theme, cols: usize) -> Line<'static> {
    let (mark, style) = match notice.level {
        Level::Info => ("", theme.notice_info),
        Level::Warning => ("! ", theme.notice_warning),
        Level::Error => ("✗ ", theme.notice_error),
    };
    let text = format!(" {mark}{} ", clean(&notice.text));
    Line::from(Span::styled(truncate(&text, cols), style))
}

/// The reply target as a styled line (used in the composer's top border, over the notice):
/// `↳ Replying to Maria: excerpt · Esc cancels`.
pub fn reply_line(quote: &Quote, theme: &Theme, cols: usize) -> Line<'static> {
    let cancel = " · Esc cancels ";
    let who = if quote.sender.trim().is_empty() {
        String::new()
    } else {
        format!(" {}", clean(&quote.sender))
    };
    let head = format!(" ↳ Replying to{who}: ");
    let room = cols.saturating_sub(width(&head) + width(cancel));
    Line::from(vec![
        Span::styled(truncate(&head, cols), theme.hint),
        Span::styled(truncate(&clean(&quote.excerpt), room), theme.quote),
        Span::styled(
            if width(&head) + width(cancel) <= cols {
                cancel
            } else {
                ""
            },
            theme.dim,
        ),
    ])
}

/// The bottom border's hints from the live key map: `Enter send · ? help · Ctrl+C quit`.
fn hints(theme: &Theme) -> Vec<Span<'static>> {
    use super::keymap::{label_for, Does};
    let mut spans = vec![Span::raw(" ")];
    for (does, what) in [
        (Does::Submit, "send"),
        (Does::HelpOrInsert, "help"),
        (Does::Quit, "quit"),
    ] {
        let Some(key) = label_for(does) else { continue };
        if spans.len() > 1 {
            spans.push(Span::styled(" · ", theme.dim));
        }
        // "?/F1" is one key too many for this line.
        let key = key.split('/').next().unwrap_or_default().to_string();
        spans.push(Span::styled(key, theme.help_key));
        spans.push(Span::styled(format!(" {what}"), theme.dim));
    }
    spans.push(Span::raw(" "));
    spans
}

fn placeholder(state: &State) -> String {
    match state.focused_conversation() {
        Some(c) if c.wrapup.as_ref().is_some_and(|w| !w.submitted) => {
            "Wrap-up open above — / types a command".into()
        }
        Some(c) if c.ended.is_some() => "Conversation ended — /leave closes it".into(),
        Some(c) if c.whispers_only() && c.monitored => {
            "Only the agents read this · /barge to write to the customer".into()
        }
        Some(c) if c.whispers_only() => "Only the agents read this".into(),
        Some(c) if c.customer_left => format!(
            "{} left — nothing sent reaches them; /leave closes the chat",
            clean(&c.customer_name)
        ),
        Some(c) if c.hold.is_some() => {
            match super::keymap::label_for(super::keymap::Does::HoldOrResume) {
                Some(key) => format!("On hold — /resume ({key}) to write again"),
                None => "On hold — /resume to write again".into(),
            }
        }
        Some(_) => "Type a message or /help".into(),
        None => "Type /ready, /accept or /help".into(),
    }
}

/// Why a message typed now would not reach the customer, for the composer's bottom border:
/// the customer left, or the chat is on hold.
pub fn condition(state: &State) -> Option<String> {
    let c = state.focused_conversation()?;
    if c.ended.is_some() {
        return None;
    }
    if c.customer_left {
        Some(format!(" ! {} left the chat ", clean(&c.customer_name)))
    } else if c.hold.is_some() {
        Some(" ! on hold ".into())
    } else {
        // Where text goes while monitoring or whispering, the prompt says.
        None
    }
}

/// Draws the composer into `area` (3 rows, more for a multi-line paste) and places the
/// terminal cursor in it when `has_keyboard`. A pasted text says so in the bottom border: it
/// is sent as a message, never run as a command.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, has_keyboard: bool) {
    let mut block = Block::bordered().border_style(if has_keyboard {
        theme.border_focused
    } else {
        theme.border
    });
    let reply = state
        .focused_conversation()
        .and_then(|c| c.reply_to.as_ref());
    if let Some(quote) = reply {
        block = block.title(reply_line(
            quote,
            theme,
            (area.width as usize).saturating_sub(4),
        ));
    } else if let Some(notice) = state.current_notice() {
        block = block.title(notice_line(
            notice,
            theme,
            (area.width as usize).saturating_sub(4),
        ));
    }
    if state.composer.is_literal() && area.width >= 30 {
        let lines = state.composer.line_count();
        let what = if lines > 1 {
            format!(" pasted, {lines} lines: Enter sends it as one message ")
        } else {
            " pasted: Enter sends it as a message ".to_string()
        };
        block = block.title_bottom(
            Line::from(Span::styled(
                truncate(&what, (area.width as usize).saturating_sub(4)),
                theme.hint,
            ))
            .alignment(Alignment::Right),
        );
    } else if area.width >= 50 {
        if let Some(condition) = condition(state) {
            block = block.title_bottom(Line::from(Span::styled(
                truncate(&condition, (area.width as usize / 2).saturating_sub(2)),
                theme.notice_warning,
            )));
        }
        block = block.title_bottom(Line::from(hints(theme)).alignment(Alignment::Right));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let whispering = state
        .focused_conversation()
        .is_some_and(|c| c.whispers_only() && c.ended.is_none());
    let (prompt, prompt_style) = if whispering {
        (WHISPER_PROMPT, theme.supervision)
    } else {
        (PROMPT, theme.hint)
    };
    let prompt_cols = width(prompt) as u16;
    let cols = inner.width.saturating_sub(prompt_cols) as usize;
    let field = &state.composer;
    if field.is_empty() {
        let line = Line::from(vec![
            Span::styled(prompt, prompt_style),
            Span::styled(truncate(&placeholder(state), cols), theme.placeholder),
        ]);
        frame.render_widget(Paragraph::new(line), inner);
        if has_keyboard {
            frame.set_cursor_position(Position::new(inner.x + prompt_cols, inner.y));
        }
        return;
    }
    // The lines around the cursor's line, as many as the composer has rows; continuation
    // lines are indented under the first.
    let rows = inner.height as usize;
    let (cursor_line, cursor_byte) = field.cursor_position();
    let first = cursor_line.saturating_sub(rows.saturating_sub(1));
    let indent = " ".repeat(prompt_cols as usize);
    let mut lines = Vec::new();
    let mut cursor_col = 0;
    for (i, text) in field.text().split('\n').enumerate().skip(first).take(rows) {
        let shown = if i == cursor_line {
            let (shown, col) = window_at(text, cursor_byte, cols);
            cursor_col = col;
            shown
        } else {
            truncate(&clean(text), cols)
        };
        let lead = if i == 0 {
            Span::styled(prompt, prompt_style)
        } else {
            Span::raw(indent.clone())
        };
        lines.push(Line::from(vec![lead, Span::styled(shown, theme.input)]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if has_keyboard {
        let x = (inner.x + prompt_cols + cursor_col).min(inner.right().saturating_sub(1));
        let y = inner.y + (cursor_line - first) as u16;
        frame.set_cursor_position(Position::new(x, y));
    }
}

#[cfg(test)]
mod tests {
    use super::{window, window_at};

    #[test]
    fn window_keeps_the_cursor_visible() {
        assert_eq!(window("hello", 5, 10), ("hello".into(), 5));
        assert_eq!(window("abcdefghij", 10, 5), ("ghij".into(), 4));
        assert_eq!(window("abcdefghij", 0, 5), ("abcde".into(), 0));
        assert_eq!(window("日本語", 3, 4), ("語".into(), 2));
        // A thumb with a skin tone is one cluster, two columns wide.
        assert_eq!(window_at("a👍🏽", "a👍🏽".len(), 10), ("a👍🏽".into(), 3));
    }
}
