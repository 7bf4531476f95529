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

/// A web address on a wrapped line: `width` columns from column `col` show (part of) `url`.
/// A long address split over lines gives one [`LinkSpan`] per line, all with the same `url`
/// (so an OSC 8 hyperlink keeps the whole address clickable, see [`super::hyperlink`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpan {
    pub col: usize,
    pub width: usize,
    pub url: String,
}

/// Wrapped text: the lines, and the links on each line (`links[i]` belongs to `lines[i]`).
#[derive(Debug, Clone, Default)]
pub struct Wrapped {
    pub lines: Vec<Line<'static>>,
    pub links: Vec<Vec<LinkSpan>>,
}

/// The address in a word, without the punctuation around it (`(https://x.y/z).` →
/// `https://x.y/z`): its byte range in `word`, when the word is an http(s) address.
pub fn url_in(word: &str) -> Option<std::ops::Range<usize>> {
    let start = word.len() - word.trim_start_matches(['(', '<', '[', '"', '\'']).len();
    let rest = &word[start..];
    if !(rest.starts_with("https://") || rest.starts_with("http://")) {
        return None;
    }
    let trimmed = rest.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '>', ']', '"', '\'']);
    let host = trimmed.split_once("://").map_or("", |(_, after)| after);
    (!host.is_empty()).then(|| start..start + trimmed.len())
}

/// Wraps styled text to `width` columns (see [`wrap_linked`]); the lines only.
pub fn wrap(spans: &[(String, Style)], width: usize, indent: usize) -> Vec<Line<'static>> {
    wrap_linked(spans, width, indent, None).lines
}

/// Wraps styled text to `width` columns with `textwrap` (first fit), breaking only at spaces
/// and honouring `\n`; continuation lines start with `indent` spaces (none when the indent
/// would take half the width). A word wider than a line — a long web address, typically —
/// starts on a line of its own and is split at the line's end only there: an address is
/// never broken after text on the same line, and [`Wrapped::links`] tells where each part
/// of it is; `link`, when given, is patched over the addresses' style. Returns at least one
/// line.
pub fn wrap_linked(
    spans: &[(String, Style)],
    width: usize,
    indent: usize,
    link: Option<Style>,
) -> Wrapped {
    use textwrap::core::Word;
    let width = width.max(1);
    let indent = if indent * 2 > width { 0 } else { indent };
    let rest_width = width - indent;

    // One string, and where each span's style starts in it.
    let mut text = String::new();
    let mut starts: Vec<(usize, Style)> = Vec::new();
    for (part, style) in spans {
        starts.push((text.len(), *style));
        text.push_str(&clean_multiline(part));
    }
    let style_at = |byte: usize| {
        let i = starts.partition_point(|(start, _)| *start <= byte);
        starts
            .get(i.saturating_sub(1))
            .map_or(Style::new(), |(_, s)| *s)
    };

    let mut out = Wrapped::default();
    let mut line_start = 0;
    for (hard, line) in text.split('\n').enumerate() {
        let base = line_start;
        line_start += line.len() + 1;
        let mut words: Vec<Word> = Vec::new();
        for word in textwrap::WordSeparator::AsciiSpace.find_words(line) {
            if word.width > rest_width {
                words.extend(word.break_apart(rest_width));
            } else {
                words.push(word);
            }
        }
        // Addresses by their byte range in `text`, for the link spans.
        let urls: Vec<(std::ops::Range<usize>, String)> = textwrap::WordSeparator::AsciiSpace
            .find_words(line)
            .filter_map(|w| {
                let offset = w.word.as_ptr() as usize - line.as_ptr() as usize;
                url_in(w.word).map(|r| {
                    let url = w.word[r.clone()].to_string();
                    (base + offset + r.start..base + offset + r.end, url)
                })
            })
            .collect();
        let first_width = if hard == 0 { width } else { rest_width };
        let widths = [first_width as f64, rest_width as f64];
        for (visual, fragments) in textwrap::wrap_algorithms::wrap_first_fit(&words, &widths)
            .into_iter()
            .enumerate()
        {
            let mut chars: Vec<(char, Style)> = Vec::new();
            let mut col = 0;
            if hard > 0 || visual > 0 {
                chars.extend(std::iter::repeat_n((' ', Style::new()), indent));
                col = indent;
            }
            let mut links: Vec<LinkSpan> = Vec::new();
            for (i, word) in fragments.iter().enumerate() {
                let at = base + (word.word.as_ptr() as usize - line.as_ptr() as usize);
                for (offset, c) in word.word.char_indices() {
                    let byte = at + offset;
                    let w = char_width(c);
                    let mut style = style_at(byte);
                    if let Some((_, url)) = urls.iter().find(|(r, _)| r.contains(&byte)) {
                        if let Some(link) = link {
                            style = style.patch(link);
                        }
                        match links.last_mut() {
                            Some(link) if link.col + link.width == col && &link.url == url => {
                                link.width += w;
                            }
                            _ => links.push(LinkSpan {
                                col,
                                width: w,
                                url: url.clone(),
                            }),
                        }
                    }
                    chars.push((c, style));
                    col += w;
                }
                if i + 1 < fragments.len() {
                    let ws_at = at + word.word.len();
                    for (offset, c) in word.whitespace.char_indices() {
                        chars.push((c, style_at(ws_at + offset)));
                        col += 1;
                    }
                }
            }
            out.lines.push(to_line(chars));
            out.links.push(links);
        }
    }
    out
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
                "12:00 aaa",
                "      bbb",
                "      ccc",
                "      dddddd",
                "      dddddd"
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
    fn urls_are_never_broken_after_text_and_long_ones_stay_one_link() {
        let url = "https://example.com/a/very/long/path?query=1";
        let spans = vec![
            ("12:00 ".to_string(), Style::new()),
            (format!("see ({url}) now"), Style::new()),
        ];
        let wrapped = wrap_linked(&spans, 30, 6, None);
        let lines = plain(&wrapped.lines);
        assert_eq!(lines[0], "12:00 see", "{lines:?}");
        // The address starts its own line and is split only at line ends.
        let joined: String = lines[1..]
            .iter()
            .map(|l| l.trim_start())
            .collect::<Vec<_>>()
            .join("");
        assert!(joined.starts_with(&format!("({url})")), "{lines:?}");
        let parts: Vec<&LinkSpan> = wrapped.links.iter().flatten().collect();
        assert!(parts.len() >= 2);
        assert!(parts.iter().all(|p| p.url == url));
        assert_eq!(parts.iter().map(|p| p.width).sum::<usize>(), url.len());
        // A short address moves to the next line whole.
        let wrapped = wrap_linked(
            &[(
                "hello there see https://ex.am/ple".to_string(),
                Style::new(),
            )],
            24,
            0,
            None,
        );
        assert_eq!(
            plain(&wrapped.lines),
            ["hello there see", "https://ex.am/ple"]
        );
        assert_eq!(
            wrapped.links[1],
            [LinkSpan {
                col: 0,
                width: 17,
                url: "https://ex.am/ple".into()
            }]
        );
    }

    #[test]
    fn clean_and_truncate() {
        assert_eq!(clean("a\u{1b}[2Jb\nc"), "a\u{fffd}[2Jb c");
        assert_eq!(truncate("Maria Lopez", 6), "Maria…");
        assert_eq!(truncate("日本語", 4), "日…");
        assert_eq!(fit("ab", 4), "ab  ");
    }
}
