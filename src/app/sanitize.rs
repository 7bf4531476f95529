//! Neutralises untrusted text before it can reach the terminal.
//!
//! Every string from the server or a customer (message text, names, reasons, error messages)
//! passes through [`display_text`] when it enters the app state, so the UI never writes a
//! control character or an escape sequence to the terminal, and nothing invisible or
//! direction-changing can hide text or shift a border.

/// What becomes of one character.
enum Fate {
    Keep,
    /// Replaced by this (a visible stand-in, or a newline).
    Replace(char),
    /// Dropped: it is invisible (zero width) and only good for hiding or spoofing.
    Drop,
}

/// True for the characters [`display_text`] never lets through as they are: C0/C1 controls
/// and DEL (except `\n`), bidirectional overrides, isolates and marks, zero-width and other
/// invisible format characters, line/paragraph separators, the BOM, tag characters and
/// Hangul fillers. The UI's last line of defence (`ui::text::clean`) uses the same set.
pub fn is_hazard(c: char) -> bool {
    c != '\n' && !matches!(fate(c), Fate::Keep)
}

fn fate(c: char) -> Fate {
    match c {
        '\n' => Fate::Keep,
        '\r' | '\u{2028}' | '\u{2029}' => Fate::Replace('\n'),
        '\t' => Fate::Replace(' '),
        '\u{0}'..='\u{1f}' => {
            Fate::Replace(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'))
        }
        '\u{7f}' => Fate::Replace('\u{2421}'),
        // C1 controls (CSI is U+009B), bidi embeddings/overrides/isolates: visible `�`, so a
        // reversed or hidden span shows that something was there.
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Fate::Replace('\u{fffd}')
        }
        // Hangul fillers: blank but one or two columns wide (names that look empty).
        '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}' => Fate::Replace('\u{fffd}'),
        // Invisible: soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width
        // space / non-joiner / joiner, LRM / RLM, word joiner and invisible operators, the
        // BOM / zero-width no-break space, interlinear annotations, tag characters.
        '\u{ad}'
        | '\u{61c}'
        | '\u{180e}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2060}'..='\u{2064}'
        | '\u{206a}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
        | '\u{e0000}'..='\u{e007f}' => Fate::Drop,
        _ => Fate::Keep,
    }
}

/// Returns `text` safe to draw: C0 controls (except `\n`) and DEL become their visible
/// Unicode "control picture" (ESC → `␛`), C1 controls, bidirectional overrides and isolates
/// and Hangul fillers become `�`, invisible characters (zero-width spaces and joiners,
/// direction marks, the BOM, tag characters, …) are dropped, `\r\n`, `\r` and the Unicode
/// line/paragraph separators become `\n`, and a tab becomes four spaces.
pub fn display_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        match fate(c) {
            Fate::Keep => out.push(c),
            Fate::Replace(' ') if c == '\t' => out.push_str("    "),
            Fate::Replace(r) => out.push(r),
            Fate::Drop => {}
        }
    }
    out
}

/// Like [`display_text`], folded to one line (newlines become spaces) for names and labels.
pub fn one_line(text: &str) -> String {
    display_text(text).replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_neutralised() {
        let evil = "hi\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}x";
        let safe = display_text(evil);
        assert!(
            !safe.chars().any(|c| c.is_control() && c != '\n'),
            "{safe:?}"
        );
        assert!(safe.starts_with("hi\u{241b}[2J"));
    }

    #[test]
    fn invisible_and_width_changing_characters_are_neutralised() {
        let sneaky =
            "ad\u{200b}min\u{200d}\u{feff}\u{2060}\u{61c}\u{200e}\u{e0041}\u{e0062}\u{ad}!";
        assert_eq!(display_text(sneaky), "admin!");
        assert_eq!(display_text("a\u{2028}b\u{2029}c"), "a\nb\nc");
        assert_eq!(one_line("a\u{2028}b"), "a b");
        assert_eq!(display_text("\u{3164}\u{115f}"), "\u{fffd}\u{fffd}");
        assert_eq!(display_text("\u{2067}x\u{2069}"), "\u{fffd}x\u{fffd}");
        // Legitimate text is untouched: accents, CJK, emoji, Arabic.
        let fine = "café 日本 👍 مرحبا";
        assert_eq!(display_text(fine), fine);
    }

    #[test]
    fn newlines_and_tabs_are_kept_readable() {
        assert_eq!(display_text("a\r\nb\rc\td"), "a\nb\nc    d");
        assert_eq!(one_line("a\nb"), "a b");
    }
}
