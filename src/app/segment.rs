//! Where the cursor may stop in a text: grapheme clusters (what a person sees as one
//! character: `👍🏽` is a thumb and a skin tone, `é` may be `e` and an accent), words and
//! lines. Offsets are byte offsets into the text, always on a grapheme boundary.
//!
//! Clusters are the extended grapheme clusters of Unicode (UAX #29, `unicode-segmentation`).
//! A word is a run of clusters whose first char is alphanumeric (readline's words, for
//! Alt+B/F/D); [`whitespace_word_start`] is the shell's word for Ctrl+W (anything up to a
//! space).

use unicode_segmentation::UnicodeSegmentation;

/// The boundary before the cluster that ends at `at` (0 at the start).
pub fn prev(text: &str, at: usize) -> usize {
    text[..at]
        .grapheme_indices(true)
        .next_back()
        .map_or(0, |(i, _)| i)
}

/// The boundary after the cluster that starts at `at` (`text.len()` at the end).
pub fn next(text: &str, at: usize) -> usize {
    text[at..]
        .graphemes(true)
        .next()
        .map_or(text.len(), |g| at + g.len())
}

fn is_word(cluster: &str) -> bool {
    cluster.chars().next().is_some_and(char::is_alphanumeric)
}

/// The start of the word before `at` (skipping what is not a word first), as Alt+B moves.
pub fn word_start(text: &str, at: usize) -> usize {
    let mut clusters = text[..at].grapheme_indices(true).rev().peekable();
    while clusters.next_if(|(_, g)| !is_word(g)).is_some() {}
    let mut start = clusters.peek().map_or(0, |(i, g)| i + g.len());
    for (i, g) in clusters {
        if !is_word(g) {
            break;
        }
        start = i;
    }
    start
}

/// The end of the word after `at` (skipping what is not a word first), as Alt+F moves.
pub fn word_end(text: &str, at: usize) -> usize {
    let mut clusters = text[at..].grapheme_indices(true).peekable();
    while clusters.next_if(|(_, g)| !is_word(g)).is_some() {}
    let mut end = clusters.peek().map_or(text.len(), |(i, _)| at + i);
    for (i, g) in clusters {
        if !is_word(g) {
            break;
        }
        end = at + i + g.len();
    }
    end
}

/// The start of the whitespace-separated word before `at` (spaces before it included), as
/// Ctrl+W deletes.
pub fn whitespace_word_start(text: &str, at: usize) -> usize {
    let before = &text[..at];
    let trimmed = before.trim_end();
    trimmed.rfind(char::is_whitespace).map_or(0, |i| {
        i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
    })
}

/// The start of the line `at` is on.
pub fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The end of the line `at` is on (before its `\n`).
pub fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

/// A char index as a byte offset (`text.len()` past the end).
pub fn byte_of_char(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(i, _)| i)
}

/// A byte offset as a char index.
pub fn char_of_byte(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_emoji_with_a_skin_tone_is_one_step() {
        let text = "a👍🏽b";
        let after_thumb = "a👍🏽".len();
        assert_eq!(next(text, 1), after_thumb);
        assert_eq!(prev(text, after_thumb), 1);
        // A family (ZWJ sequence) and a flag too.
        let family = "👨‍👩‍👧";
        assert_eq!(next(family, 0), family.len());
        assert_eq!(next("🇵🇰x", 0), "🇵🇰".len());
        // e + combining acute.
        assert_eq!(next("e\u{301}x", 0), 3);
    }

    #[test]
    fn words_and_lines() {
        let text = "hello, wörld  again";
        assert_eq!(word_start(text, text.len()), "hello, wörld  ".len());
        assert_eq!(word_start(text, "hello, wörld  ".len()), "hello, ".len());
        assert_eq!(word_end(text, 0), 5);
        assert_eq!(word_end(text, 5), "hello, wörld".len());
        assert_eq!(whitespace_word_start("a bc  ", 6), 2);
        assert_eq!(whitespace_word_start("abc", 3), 0);
        let lines = "one\ntwo\nthree";
        assert_eq!(line_start(lines, 5), 4);
        assert_eq!(line_end(lines, 5), 7);
        assert_eq!(line_end(lines, 9), lines.len());
    }
}
