//! The help overlay: every slash command (from [`crate::app::slash::HELP`]) and every
//! documented key — the main screen, the wrap-up form, the pickers, the questions (from
//! [`super::keymap::TABLES`]) — and the status bar's marks, in a centred popup.
//!
//! Nothing is cut: a description too long for its column wraps under itself, keys go in two
//! columns only where every row fits whole, and when the whole help is taller than the
//! screen it scrolls (↑/↓, PgUp/PgDn, Home/End) with the position in its border.

use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::app::{plain, slash, UserAction};

use super::keymap::{self, Context};
use super::layout;
use super::text::{fit, width, wrap};
use super::theme::Theme;

/// Widest a label column gets; longer labels wrap their description below.
const LABEL_COLS: usize = 24;

/// `(label, what)` rows as lines of `cols` columns: the label column as wide as the widest
/// label (at most [`LABEL_COLS`]), each description wrapped under itself.
fn rows(items: &[(String, String)], cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let label_cols = items
        .iter()
        .map(|(l, _)| width(l))
        .max()
        .unwrap_or(0)
        .min(LABEL_COLS);
    let text_cols = cols.saturating_sub(2 + label_cols + 2).max(10);
    let mut out = Vec::new();
    for (label, what) in items {
        let mut head = vec![Span::raw("  ")];
        if width(label) > label_cols {
            // A label wider than its column takes a line of its own.
            head.push(Span::styled(label.clone(), theme.help_key));
            out.push(Line::from(head));
            head = vec![Span::raw(" ".repeat(2 + label_cols))];
        } else {
            head.push(Span::styled(fit(label, label_cols), theme.help_key));
        }
        for (i, mut line) in wrap(&[(what.clone(), theme.text)], text_cols, 0)
            .into_iter()
            .enumerate()
        {
            let mut spans = if i == 0 {
                std::mem::take(&mut head)
            } else {
                vec![Span::raw(" ".repeat(2 + label_cols))]
            };
            spans.push(Span::raw("  "));
            spans.append(&mut line.spans);
            out.push(Line::from(spans));
        }
    }
    out
}

/// Key rows in two columns when every row fits its half whole, else in one.
fn key_rows(items: &[(String, String)], cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let half = cols / 2;
    let label_cols = items
        .iter()
        .map(|(l, _)| width(l))
        .max()
        .unwrap_or(0)
        .min(LABEL_COLS);
    let fits_half = items
        .iter()
        .all(|(l, w)| width(l) <= label_cols && 2 + label_cols + 2 + width(w) < half);
    if !fits_half || items.len() < 4 {
        return rows(items, cols, theme);
    }
    let split = items.len().div_ceil(2);
    let (left, right) = items.split_at(split);
    let left = rows(left, half, theme);
    let right = rows(right, half, theme);
    left.into_iter()
        .enumerate()
        .map(|(i, mut line)| {
            let pad = half.saturating_sub(line.width());
            line.spans.push(Span::raw(" ".repeat(pad)));
            if let Some(other) = right.get(i) {
                line.spans.extend(other.spans.iter().cloned());
            }
            line
        })
        .collect()
}

fn heading(text: &str, theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), theme.title))
}

/// The whole help for an inner width of `cols`, however tall: `note` (e.g. the demo's
/// customer chat page URL) first, then the commands, then the keys of every context — the
/// main screen, the composer, the wrap-up form, the pickers and the palette, the questions,
/// the team board, the pull panel, the announcements — from the live key map (remaps included), and the marks of the status
/// bar.
pub fn lines(theme: &Theme, cols: usize, note: Option<&str>) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if let Some(note) = note {
        out.extend(wrap(&[(note.to_string(), theme.text)], cols, 2));
        out.push(Line::default());
    }
    out.push(heading("Commands (type them; Enter runs)", theme));
    let commands: Vec<(String, String)> = slash::HELP
        .iter()
        .map(|(c, w)| (c.to_string(), w.to_string()))
        .collect();
    out.extend(rows(&commands, cols, theme));
    let mut section = |title: &str, items: Vec<(String, String)>| {
        if items.is_empty() {
            return;
        }
        out.push(Line::default());
        out.push(heading(title, theme));
        out.extend(key_rows(&items, cols, theme));
    };
    section("Keys", keymap::help_rows(Context::Main));
    section("In the composer", keymap::own_rows(Context::Editing));
    let mut wrapup = keymap::own_rows(Context::Wrapup);
    wrapup.push(("letters".into(), "go into the note".into()));
    wrapup.push(("/".into(), "starts a command in the composer".into()));
    section("In the wrap-up form", wrapup);
    let mut picker = keymap::own_rows(Context::Picker);
    picker.push((
        "letters".into(),
        "filter the list (fuzzy in the palette)".into(),
    ));
    picker.push(("/".into(), "closes it and starts a command".into()));
    section("In a list (reasons, MRDs, the palette)", picker);
    let mut confirm = keymap::own_rows(Context::Confirm);
    // The keys that ask (leave, quit) as the live keymap has them.
    let askers: Vec<String> = [UserAction::Command("/leave".into()), UserAction::Quit]
        .iter()
        .filter_map(keymap::label_for_action)
        .collect();
    if !askers.is_empty() {
        confirm.push((askers.join(", "), "again: yes (the key that asked)".into()));
    }
    section("When the desk asks", confirm);
    section(
        "On the team board (supervisors)",
        keymap::own_rows(Context::Board),
    );
    section("In the pull panel", keymap::own_rows(Context::PullPanel));
    section(
        "In the announcements",
        keymap::own_rows(Context::Announcements),
    );
    let marks: Vec<(String, String)> = plain::MRD_MARKS
        .iter()
        .map(|(mark, word)| (mark.to_string(), word.to_string()))
        .collect();
    section("Status bar marks (MRD states)", marks);
    out
}

/// Draws the help popup centred over `area` (below its first line, so the status bar stays
/// visible), with a blank margin separating it from the panes underneath, showing the help
/// from line `scroll`. Returns the furthest it can scroll when `scroll` asked for more (see
/// [`crate::app::Input::HelpScrollLimit`]).
pub fn render(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    note: Option<&str>,
    scroll: usize,
) -> Option<usize> {
    let below_status = layout::below_status(area);
    let width = below_status.width.saturating_sub(2).min(120);
    let max_height = below_status.height.saturating_sub(2);
    let inner_cols = width.saturating_sub(4) as usize;
    let content = lines(theme, inner_cols, note);
    let height = (content.len() as u16 + 2).min(max_height);
    let rows = height.saturating_sub(2) as usize;
    let limit = content.len().saturating_sub(rows);
    let over = (scroll > limit).then_some(limit);
    let scroll = scroll.min(limit);
    let mut moat = layout::centered(below_status, width + 2, height + 2);
    if below_status.height.saturating_sub(moat.height) <= 4 {
        // Slivers of the panes around a popup this tall only look broken: hide them.
        moat = below_status;
    }
    frame.render_widget(Clear, moat);
    let popup = layout::centered(moat, width, height);
    let last = (scroll + rows).min(content.len());
    let hint = footer(
        theme,
        (limit > 0).then_some((scroll + 1, last, content.len())),
    )
    .into_iter()
    .find(|spans| {
        let used: usize = spans.iter().map(|s| super::text::width(&s.content)).sum();
        // The corners and one rule character on the left stay.
        used + 3 <= usize::from(popup.width)
    })
    .unwrap_or_default();
    let block = Block::bordered()
        .border_style(theme.border_focused)
        .title(Span::styled(" Help ", theme.title))
        .title_bottom(Line::from(hint).alignment(Alignment::Right));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let padded = Rect::new(
        inner.x.saturating_add(1),
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    let shown: Vec<Line> = content.into_iter().skip(scroll).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), padded);
    over
}

/// The help's bottom line, longest first: where the view is (`(first, last, of)` lines,
/// when it scrolls) and the keys; the caller takes the first that fits (at 80 columns
/// `lines 117–135 of 135` leaves no room for "/ types a command").
fn footer(theme: &Theme, at: Option<(usize, usize, usize)>) -> Vec<Vec<Span<'static>>> {
    let key = |k: &'static str| Span::styled(k, theme.help_key);
    let dim = |t: String| Span::styled(t, theme.dim);
    let closes = [key("Esc"), dim(" closes · ".into())];
    let command = [key("/"), dim(" types a command ".into())];
    let Some((first, last, of)) = at else {
        let mut full = vec![Span::raw(" ")];
        full.extend(closes.clone());
        full.extend(command);
        return vec![
            full,
            vec![Span::raw(" "), key("Esc"), dim(" closes ".into())],
        ];
    };
    let scroll =
        |words: String, keys: &'static str| vec![dim(words), key(keys), dim(" scroll · ".into())];
    let long = scroll(format!(" lines {first}–{last} of {of} · "), "↑/↓ PgUp/PgDn");
    let short = scroll(format!(" {first}–{last}/{of} · "), "↑/↓");
    let mut out = Vec::new();
    for (lines, with_command) in [(&long, true), (&long, false), (&short, false)] {
        let mut spans = lines.clone();
        if with_command {
            spans.extend(closes.clone());
            spans.extend(command.clone());
        } else {
            spans.extend([key("Esc"), dim(" closes ".into())]);
        }
        out.push(spans);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    /// The help's bottom border, drawn on an 80×24 screen scrolled to `scroll`.
    fn bottom_line(scroll: usize) -> String {
        let theme = Theme::default_theme();
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|f| {
                render(f, f.area(), &theme, None, scroll);
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
            })
            .find(|line| line.trim_start().starts_with('└'))
            .expect("a bottom border")
    }

    #[test]
    fn the_footer_fits_at_80_columns_however_far_it_scrolled() {
        let top = bottom_line(0);
        assert!(top.contains("└─ lines 1–"), "{top}");
        assert!(top.contains("/ types a command"), "{top}");
        let end = bottom_line(usize::MAX);
        assert!(end.contains("─ lines ") && end.contains(" of "), "{end}");
        assert!(
            end.trim_start().starts_with("└─"),
            "the corner is kept: {end}"
        );
        assert!(end.contains("Esc closes"), "{end}");
    }
}
