//! Text measuring, cleaning, truncating and wrapping for the widgets (unicode-width aware).
//!
//! The app sanitises untrusted text on the way in; [`clean`] is the UI's own last line of
//! defence so no control character ever reaches a cell.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` with every control character replaced (newlines and tabs become spaces, other
/// controls `�`). Borrowed when already clean.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\t' | '\r' => ' ',
                c if is_unsafe(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

/// Like [`clean`] but keeps `\n` (for multi-line message text).
pub fn clean_multiline(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' => '\n',
                '\t' | '\r' => ' ',
                c if is_unsafe(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || crate::app::sanitize::is_hazard(c)
}

/// Display width in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `text` cut to at most `max` columns, ending in `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` padded with spaces (or truncated) to exactly `cols` columns.
pub fn fit(text: &str, cols: usize) -> String {
    let mut out = truncate(text, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// Wraps styled text to `width` columns, breaking at spaces (long words are split), honouring
/// `\n`. Continuation lines start with `indent` spaces. Returns at least one line.
pub fn wrap(spans: &[(String, Style)], width: usize, indent: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let indent = if indent * 2 > width { 0 } else { indent };
    let mut lines: Vec<Vec<(char, Style)>> = vec![Vec::new()];
    let mut used = 0usize;

    // Tokens: (chars, is_space) runs, plus hard breaks.
    enum Token {
        Word(Vec<(char, Style)>),
        Space(Vec<(char, Style)>),
        Break,
    }
    let mut tokens = Vec::new();
    for (text, style) in spans {
        for c in clean_multiline(text).chars() {
            let space = c == ' ';
            match (tokens.last_mut(), c) {
                (_, '\n') => tokens.push(Token::Break),
                (Some(Token::Space(run)), _) if space => run.push((c, *style)),
                (Some(Token::Word(run)), _) if !space => run.push((c, *style)),
                _ if space => tokens.push(Token::Space(vec![(c, *style)])),
                _ => tokens.push(Token::Word(vec![(c, *style)])),
            }
        }
    }

    let new_line = |lines: &mut Vec<Vec<(char, Style)>>, used: &mut usize| {
        let pad: Vec<(char, Style)> = vec![(' ', Style::new()); indent];
        lines.push(pad);
        *used = indent;
    };
    for token in tokens {
        match token {
            Token::Break => new_line(&mut lines, &mut used),
            Token::Space(run) => {
                let w = run.len();
                let at_wrap_start = lines.len() > 1 && used == indent;
                if at_wrap_start {
                    continue;
                }
                if used + w > width {
                    new_line(&mut lines, &mut used);
                } else {
                    lines.last_mut().expect("one line").extend(run);
                    used += w;
                }
            }
            Token::Word(run) => {
                let w: usize = run.iter().map(|(c, _)| char_width(*c)).sum();
                let line_start = if lines.len() > 1 { indent } else { 0 };
                if used + w > width && used > line_start && w <= width - indent {
                    new_line(&mut lines, &mut used);
                }
                for (c, style) in run {
                    let cw = char_width(c);
                    if used + cw > width && used > 0 {
                        new_line(&mut lines, &mut used);
                    }
                    lines.last_mut().expect("one line").push((c, style));
                    used += cw;
                }
            }
        }
    }
    lines.into_iter().map(to_line).collect()
}

fn to_line(chars: Vec<(char, Style)>) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut current = String::new();
    let mut current_style = None;
    for (c, style) in chars {
        if current_style != Some(style) {
            if let Some(s) = current_style {
                spans.push(Span::styled(std::mem::take(&mut current), s));
            }
            current_style = Some(style);
        }
        current.push(c);
    }
    if let Some(s) = current_style {
        spans.push(Span::styled(current, s));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wraps_at_spaces_with_indent_and_splits_long_words() {
        let spans = vec![
            ("12:00 ".to_string(), Style::new()),
            ("aaa bbb ccc dddddddddddd".to_string(), Style::new()),
        ];
        let lines = wrap(&spans, 12, 6);
        assert_eq!(
            plain(&lines),
            [
                "12:00 aaa ",
                "      bbb ",
                "      ccc dd",
                "      dddddd",
                "      dddd"
            ]
        );
        for l in &lines {
            assert!(l.width() <= 12);
        }
    }

    #[test]
    fn wide_chars_and_newlines() {
        let spans = vec![("日本語のテキスト\nx".to_string(), Style::new())];
        let lines = wrap(&spans, 6, 0);
        assert_eq!(plain(&lines), ["日本語", "のテキ", "スト", "x"]);
    }

    #[test]
    fn clean_and_truncate() {
        assert_eq!(clean("a\u{1b}[2Jb\nc"), "a\u{fffd}[2Jb c");
        assert_eq!(truncate("Maria Lopez", 6), "Maria…");
        assert_eq!(truncate("日本語", 4), "日…");
        assert_eq!(fit("ab", 4), "ab  ");
    }
}
