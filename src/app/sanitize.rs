//! Neutralises untrusted text before it can reach the terminal.
//!
//! Every string from the server or a customer (message text, names, reasons, error messages)
//! passes through [`display_text`] when it enters the app state, so the UI never writes a
//! control character or an escape sequence to the terminal.

/// Returns `text` safe to draw: C0 controls (except `\n`) and DEL become their visible
/// Unicode "control picture" (ESC → `␛`), C1 controls and bidirectional overrides become `�`,
/// `\r\n`/`\r` become `\n`, and a tab becomes four spaces.
pub fn display_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\r' => out.push('\n'),
            '\t' => out.push_str("    "),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9f}' => out.push('\u{fffd}'),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => out.push('\u{fffd}'),
            _ => out.push(c),
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
    fn newlines_and_tabs_are_kept_readable() {
        assert_eq!(display_text("a\r\nb\rc\td"), "a\nb\nc    d");
        assert_eq!(one_line("a\nb"), "a b");
    }
}
