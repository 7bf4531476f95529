//! The help overlay: slash commands (from [`crate::app::slash::HELP`]) and key bindings (from
//! [`super::keymap::BINDINGS`]) in a centred popup.

use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::app::slash;

use super::keymap::{self, Context};
use super::layout;
use super::text::{fit, truncate, width};
use super::theme::Theme;

fn key_cell(
    label: &str,
    help: &str,
    label_cols: usize,
    cols: usize,
    theme: &Theme,
) -> Vec<Span<'static>> {
    vec![
        Span::styled(fit(label, label_cols), theme.help_key),
        Span::raw(" "),
        Span::styled(fit(help, cols.saturating_sub(label_cols + 1)), theme.text),
    ]
}

/// Items laid out left to right, as many per line as fit in `cols` (each item whole).
fn flow(
    items: Vec<Vec<Span<'static>>>,
    sep: &str,
    cols: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut line: Vec<Span<'static>> = vec![Span::raw("  ")];
    let mut used = 2;
    for item in items {
        let w: usize = item.iter().map(|s| width(&s.content)).sum();
        if used > 2 && used + width(sep) + w > cols {
            out.push(Line::from(std::mem::replace(
                &mut line,
                vec![Span::raw("  ")],
            )));
            used = 2;
        }
        if used > 2 {
            line.push(Span::styled(sep.to_string(), theme.dim));
            used += width(sep);
        }
        used += w;
        line.extend(item);
    }
    if used > 2 {
        out.push(Line::from(line));
    }
    out
}

/// The slash commands: one per line with its help, or (`compact`) their names flowed.
fn command_lines(theme: &Theme, cols: usize, compact: bool) -> Vec<Line<'static>> {
    if compact {
        let items = slash::HELP
            .iter()
            .map(|(command, _)| vec![Span::styled(command.to_string(), theme.help_key)])
            .collect();
        return flow(items, "  ", cols, theme);
    }
    let command_cols = slash::HELP.iter().map(|(c, _)| width(c)).max().unwrap_or(0);
    slash::HELP
        .iter()
        .map(|(command, what)| {
            Line::from(vec![
                Span::styled(format!("  {}", fit(command, command_cols)), theme.help_key),
                Span::raw("  "),
                Span::styled(
                    truncate(what, cols.saturating_sub(command_cols + 4)),
                    theme.text,
                ),
            ])
        })
        .collect()
}

/// How the key rows are laid out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyLayout {
    OneColumn,
    TwoColumns,
    Flow,
}

fn key_lines(theme: &Theme, cols: usize, layout: KeyLayout) -> Vec<Line<'static>> {
    let keys = keymap::help_rows(Context::Main);
    let mut out = Vec::new();
    match layout {
        KeyLayout::OneColumn => {
            let label_cols = keys.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
            for (label, help) in &keys {
                let mut spans = vec![Span::raw("  ")];
                spans.extend(key_cell(
                    label,
                    help,
                    label_cols,
                    cols.saturating_sub(2),
                    theme,
                ));
                out.push(Line::from(spans));
            }
        }
        KeyLayout::TwoColumns => {
            let half = keys.len().div_ceil(2);
            let (left, right) = keys.split_at(half);
            let col_cols = cols.saturating_sub(2) / 2;
            let left_label = left.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
            let right_label = right.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
            for (i, (label, help)) in left.iter().enumerate() {
                let mut spans = vec![Span::raw("  ")];
                spans.extend(key_cell(
                    label,
                    help,
                    left_label,
                    col_cols.saturating_sub(1),
                    theme,
                ));
                spans.push(Span::raw(" "));
                if let Some((label, help)) = right.get(i) {
                    spans.extend(key_cell(label, help, right_label, col_cols, theme));
                }
                out.push(Line::from(spans));
            }
        }
        KeyLayout::Flow => {
            let items = keys
                .iter()
                .map(|(label, help)| {
                    vec![
                        Span::styled(label.to_string(), theme.help_key),
                        Span::styled(format!(" {help}"), theme.text),
                    ]
                })
                .collect();
            out = flow(items, " · ", cols, theme);
        }
    }
    out
}

/// The popup's lines for an inner width of `cols`: the fullest layout that fits in `rows` —
/// commands with their help and keys in one or two columns, else the command names flowed
/// (their help is one `/help` away on a taller screen), else the keys flowed too, else that
/// without the blank lines between the sections. `note`
/// (e.g. the demo's customer chat page URL) comes first, cut to `cols`.
pub fn lines(theme: &Theme, cols: usize, rows: usize, note: Option<&str>) -> Vec<Line<'static>> {
    // The last layout also drops the blank lines between the sections.
    let layouts = [
        (false, KeyLayout::OneColumn, false),
        (false, KeyLayout::TwoColumns, false),
        (true, KeyLayout::TwoColumns, false),
        (true, KeyLayout::Flow, false),
        (true, KeyLayout::Flow, true),
    ];
    let build = |(compact, keys, tight): (bool, KeyLayout, bool)| {
        let mut out = Vec::new();
        if let Some(note) = note {
            out.push(Line::from(Span::styled(truncate(note, cols), theme.text)));
            if !tight {
                out.push(Line::default());
            }
        }
        out.push(Line::from(Span::styled("Commands", theme.title)));
        out.extend(command_lines(theme, cols, compact));
        if !tight {
            out.push(Line::default());
        }
        out.push(Line::from(Span::styled("Keys", theme.title)));
        out.extend(key_lines(theme, cols, keys));
        out
    };
    layouts
        .into_iter()
        .map(build)
        .find(|out| out.len() <= rows)
        .unwrap_or_else(|| build((true, KeyLayout::Flow, true)))
}

/// Draws the help popup centred over `area` (below its first line, so the status bar stays
/// visible), with a blank margin separating it from the panes underneath.
pub fn render(frame: &mut Frame, area: Rect, theme: &Theme, note: Option<&str>) {
    let below_status = Rect::new(
        area.x,
        area.y.saturating_add(1).min(area.bottom()),
        area.width,
        area.height.saturating_sub(1),
    );
    let width = below_status.width.saturating_sub(2).min(80);
    let max_height = below_status.height.saturating_sub(2);
    let inner_cols = width.saturating_sub(4) as usize;
    let content = lines(
        theme,
        inner_cols,
        max_height.saturating_sub(2) as usize,
        note,
    );
    let height = (content.len() as u16 + 2).min(max_height);
    let mut moat = layout::centered(below_status, width + 2, height + 2);
    if below_status.height.saturating_sub(moat.height) <= 4 {
        // Slivers of the panes around a popup this tall only look broken: hide them.
        moat = below_status;
    }
    frame.render_widget(Clear, moat);
    let popup = layout::centered(moat, width, height);
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(Span::styled(" Help ", theme.title))
        .title_bottom(
            Line::from(vec![
                Span::styled(" Esc", theme.help_key),
                Span::styled(" or ", theme.dim),
                Span::styled("?", theme.help_key),
                Span::styled(" closes · other keys are ignored ", theme.dim),
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
