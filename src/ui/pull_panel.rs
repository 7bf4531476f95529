//! The pull panel (`/pull`, Alt+P): the chats waiting on the lists I follow, longest waiting
//! first, drawn live from [`crate::app::pull::PullMode`] on every frame: number (what
//! `/pull <n>` takes), customer, channel, list, waiting time. ↑/↓ choose, Enter picks, Del
//! deletes (where the role allows), Esc closes.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::State;

use super::keymap::Context;
use super::list_popup::{frame_popup, Popup};
use super::picker::first_visible;
use super::text::{clean, fit, truncate, width};
use super::theme::Theme;
use super::time;

/// Columns: number, customer, channel, list, waiting time.
const NUMBER_COLS: usize = 4;
const CUSTOMER_COLS: usize = 22;
const CHANNEL_COLS: usize = 9;
const LIST_COLS: usize = 16;
const WAIT_COLS: usize = 8;

/// Draws the pull panel over `area`.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let pull = &state.pull;
    let mut lines: Vec<Line> = Vec::new();
    let content_cols = 3 + NUMBER_COLS + CUSTOMER_COLS + CHANNEL_COLS + LIST_COLS + WAIT_COLS + 4;
    if let Some(pick) = &pull.picking {
        lines.push(Line::from(Span::styled(
            format!(" Picking the chat from {}…", clean(&pick.customer)),
            theme.hint,
        )));
    }
    if pull.waiting.is_empty() {
        let followed: Vec<String> = pull
            .followed
            .iter()
            .map(|f| clean(&f.list.name).into_owned())
            .collect();
        if followed.is_empty() {
            lines.push(Line::from(Span::styled(
                " You follow no pull-mode list: /lists chooses some.",
                theme.dim,
            )));
        } else {
            lines.push(Line::from(Span::styled(
                " No chat waits on your lists.",
                theme.dim,
            )));
            lines.push(Line::from(Span::styled(
                format!(" Following: {}", followed.join(", ")),
                theme.dim,
            )));
        }
    } else {
        lines.push(Line::from(Span::styled(
            format!(
                "   {}{}{}{}{}",
                fit(" #", NUMBER_COLS),
                fit("customer", CUSTOMER_COLS),
                fit("channel", CHANNEL_COLS),
                fit("list", LIST_COLS),
                "waiting"
            ),
            theme.dim,
        )));
    }
    let header_rows = lines.len();
    let title = "Waiting chats — pull mode";
    let count = format!("{} waiting", pull.waiting.len());
    let rows = header_rows + pull.waiting.len();
    let popup = Popup {
        title,
        count: &count,
        context: Context::PullPanel,
        content_cols,
        rows,
    };
    let inner = frame_popup(frame, area, &popup, theme);
    let cols = inner.width as usize;
    let room = (inner.height as usize).saturating_sub(header_rows).max(1);
    let first = first_visible(pull.selected, pull.waiting.len(), room);
    for (i, chat) in pull.waiting.iter().enumerate().skip(first).take(room) {
        let chosen = i == pull.selected;
        let marker = if chosen { " ▸ " } else { "   " };
        let list = chat.request.list_id.as_deref().unwrap_or("");
        let waited = time::duration(state.now_ms - chat.since_ms);
        let text = format!(
            "{}{}{}{}{}",
            fit(&format!(" {}", chat.number), NUMBER_COLS),
            fit(&clean(&chat.customer), CUSTOMER_COLS),
            fit(&clean(&chat.channel), CHANNEL_COLS),
            fit(&clean(pull.list_name(list)), LIST_COLS),
            fit(&waited, WAIT_COLS),
        );
        let text = truncate(&text, cols.saturating_sub(3));
        let pad = cols.saturating_sub(3 + width(&text));
        let mut spans = vec![
            Span::styled(marker, theme.hint),
            Span::styled(text, theme.text),
            Span::raw(" ".repeat(pad)),
        ];
        if chosen {
            spans = spans
                .into_iter()
                .map(|s| {
                    let style = s.style.patch(theme.selected);
                    s.style(style)
                })
                .collect();
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
