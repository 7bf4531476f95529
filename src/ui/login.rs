//! The login form: server, username, password (masked), the server's error (or a fresh
//! warning from before the form, e.g. no keyring), a busy indicator and the key hints from
//! the key map.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::app::{Level, LoginField, LoginForm, State};

use super::composer::window;
use super::keymap::{self, Context};
use super::layout;
use super::text::{clean, fit, truncate, wrap};
use super::theme::Theme;

/// The character shown for each password character.
pub const MASK: char = '•';

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const LABEL_COLS: usize = 10;

/// Draws the login form centred in `area` and places the cursor in the focused field.
pub fn render(frame: &mut Frame, area: Rect, state: &State, form: &LoginForm, theme: &Theme) {
    let width_cols = area.width.saturating_sub(4).clamp(20, 64);
    let inner_cols = width_cols.saturating_sub(4) as usize;
    let field_cols = inner_cols.saturating_sub(LABEL_COLS + 2).max(1);

    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::from(vec![
        Span::styled(fit("  Server", LABEL_COLS + 2), theme.label),
        Span::styled(truncate(&clean(&form.server), field_cols), theme.dim),
    ]));
    lines.push(Line::default());

    let mut cursor = None;
    for (field, label, text, cursor_at) in [
        (
            LoginField::Username,
            "Username",
            form.username.text().to_string(),
            form.username.cursor(),
        ),
        (
            LoginField::Password,
            "Password",
            MASK.to_string()
                .repeat(form.password.text().chars().count()),
            form.password.cursor(),
        ),
    ] {
        let focused = form.focus == field;
        let (shown, cursor_col) = window(&text, cursor_at, field_cols.saturating_sub(1));
        if focused {
            cursor = Some((lines.len(), LABEL_COLS + 2 + cursor_col as usize));
        }
        lines.push(Line::from(vec![
            Span::styled(if focused { "› " } else { "  " }, theme.hint),
            Span::styled(
                fit(label, LABEL_COLS),
                if focused {
                    theme.border_focused.patch(theme.label)
                } else {
                    theme.label
                },
            ),
            Span::styled(
                fit(&shown, field_cols),
                if focused {
                    theme.field_focused
                } else {
                    theme.field
                },
            ),
        ]));
    }
    lines.push(Line::default());

    if form.busy {
        let frame_index = (state.now_ms.max(0) / 100) as usize % SPINNER.len();
        lines.push(Line::from(Span::styled(
            format!("  {} Logging in…", SPINNER[frame_index]),
            theme.notice_warning,
        )));
    } else if let Some(error) = &form.error {
        let spans = vec![(format!("✗ {}", clean(error)), theme.notice_error)];
        for mut line in wrap(&spans, inner_cols.saturating_sub(2), 2)
            .into_iter()
            .take(3)
        {
            line.spans.insert(0, Span::raw("  "));
            lines.push(line);
        }
    } else if let Some(notice) = state.current_notice().filter(|n| n.level != Level::Info) {
        // What the desk found before the form (no keyring, a failing password_command).
        let spans = vec![(format!("! {}", clean(&notice.text)), theme.notice_warning)];
        for mut line in wrap(&spans, inner_cols.saturating_sub(2), 2)
            .into_iter()
            .take(3)
        {
            line.spans.insert(0, Span::raw("  "));
            lines.push(line);
        }
    } else {
        lines.push(Line::from(Span::styled(
            "  Log in with your Agent Manager account",
            theme.dim,
        )));
    }
    lines.push(Line::default());

    let mut hints = vec![Span::raw("  ")];
    for (i, (key, what)) in keymap::help_rows(Context::Login).into_iter().enumerate() {
        if i > 0 {
            hints.push(Span::styled(" · ", theme.dim));
        }
        hints.push(Span::styled(key, theme.help_key));
        hints.push(Span::styled(format!(" {what}"), theme.dim));
    }
    lines.push(Line::from(hints));

    let height = lines.len() as u16 + 4;
    let popup = layout::centered(area, width_cols, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(Span::styled(" agentdesk · log in ", theme.title));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let body = Rect::new(
        inner.x.saturating_add(1),
        inner.y.saturating_add(1),
        inner.width.saturating_sub(2),
        inner.height.saturating_sub(2),
    );
    frame.render_widget(Paragraph::new(lines), body);

    if let Some((row, col)) = cursor {
        let (x, y) = (body.x + col as u16, body.y + row as u16);
        if x < body.right() && y < body.bottom() && !form.busy {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}
