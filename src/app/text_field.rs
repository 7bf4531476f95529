//! An editable text (composer, login fields, filters, the wrap-up note). Cursor is a char
//! index. Typed characters never include a newline; a paste into the composer may
//! ([`TextField::paste`]).

use zeroize::Zeroize;

/// Editable text with a cursor (char index, `0..=len`).
///
/// The field may hold a password (the login form), so its bytes never linger in freed memory:
/// they are zeroed on drop, on [`TextField::set`] and on `Clear`, and the buffer grows by
/// copying into a new one and zeroing the old (never by a plain reallocation, which would
/// leave the old bytes behind). [`TextField::take`] hands the `String` to the caller, who
/// wraps it in a [`crate::client::Secret`] (or `zeroize::Zeroizing`) when it is a password.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    text: String,
    cursor: usize,
    /// The text starts with pasted text: it is a message, never a slash command.
    literal: bool,
}

/// Editing operations, as produced by key handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Delete the word before the cursor (Ctrl+W).
    DeleteWord,
    /// Clear the whole field (Ctrl+U).
    Clear,
}

impl TextField {
    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Cursor position in chars.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Replaces the text; the cursor goes to the end. The old text is zeroed.
    pub fn set(&mut self, text: &str) {
        self.text.zeroize();
        self.make_room(text.len());
        self.text.push_str(text);
        self.cursor = self.text.chars().count();
        self.literal = false;
    }

    /// Makes room for `extra` more bytes without a reallocation that would leave a copy of
    /// the text in freed memory: a bigger buffer is filled and the old one zeroed.
    fn make_room(&mut self, extra: usize) {
        if self.text.capacity() - self.text.len() >= extra {
            return;
        }
        let wanted = (self.text.len() + extra)
            .max(self.text.capacity() * 2)
            .max(32);
        let mut grown = String::with_capacity(wanted);
        grown.push_str(&self.text);
        self.text.zeroize();
        self.text = grown;
    }

    /// Takes the text out, leaving the field empty.
    pub fn take(&mut self) -> String {
        self.cursor = 0;
        self.literal = false;
        std::mem::take(&mut self.text)
    }

    /// True when the text begins with pasted text (so a leading `/` was not typed): such a
    /// line is sent as a message, never run as a command.
    pub fn is_literal(&self) -> bool {
        self.literal && !self.text.is_empty()
    }

    /// How many lines the text has (1 for an empty or one-line text).
    pub fn line_count(&self) -> usize {
        self.text.split('\n').count()
    }

    /// Inserts pasted text at the cursor. Line breaks (`\r\n`, `\r`, `\n`) are kept when
    /// `multiline`, else each becomes a space; tabs become spaces; other control characters
    /// are dropped. A paste at the start of the field makes it [literal](Self::is_literal).
    pub fn paste(&mut self, text: &str, multiline: bool) {
        let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
        let clean: String = normalised
            .chars()
            .filter_map(|c| match c {
                '\n' if multiline => Some('\n'),
                '\n' | '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect();
        if clean.is_empty() {
            return;
        }
        if self.cursor == 0 {
            self.literal = true;
        }
        // A paste into the login form's password must not leave copies either.
        self.make_room(clean.len());
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }

    /// The line the cursor is on (0-based) and the cursor's char index within it.
    pub fn cursor_line(&self) -> (usize, usize) {
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        let line = before.iter().filter(|&&c| c == '\n').count();
        let column = before.iter().rev().take_while(|&&c| c != '\n').count();
        (line, column)
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Applies one edit.
    pub fn apply(&mut self, edit: Edit) {
        let len = self.text.chars().count();
        match edit {
            Edit::Insert(c) if !c.is_control() => {
                self.make_room(c.len_utf8());
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            Edit::Insert(_) => {}
            Edit::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
            }
            Edit::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
            }
            Edit::Backspace | Edit::Delete => {}
            Edit::Left => self.cursor = self.cursor.saturating_sub(1),
            Edit::Right => self.cursor = (self.cursor + 1).min(len),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = len,
            Edit::DeleteWord => {
                let chars: Vec<char> = self.text.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                while start > 0 && !chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                let (a, b) = (self.byte_at(start), self.byte_at(self.cursor));
                self.text.replace_range(a..b, "");
                self.cursor = start;
            }
            Edit::Clear => {
                self.text.zeroize();
                self.cursor = 0;
            }
        }
        if self.text.is_empty() {
            self.literal = false;
        }
    }
}

impl Drop for TextField {
    fn drop(&mut self) {
        self.text.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_respect_multibyte_chars() {
        let mut f = TextField::default();
        for c in "héllo wörld".chars() {
            f.apply(Edit::Insert(c));
        }
        f.apply(Edit::DeleteWord);
        assert_eq!(f.text(), "héllo ");
        f.apply(Edit::Home);
        f.apply(Edit::Right);
        f.apply(Edit::Delete);
        assert_eq!(f.text(), "hllo ");
        f.apply(Edit::End);
        f.apply(Edit::Backspace);
        assert_eq!((f.text(), f.cursor()), ("hllo", 4));
        f.apply(Edit::Insert('\u{1b}'));
        assert_eq!(f.text(), "hllo");
    }

    #[test]
    fn growing_and_clearing_keep_the_text_right() {
        let mut f = TextField::default();
        let long: String = "é".repeat(100);
        for c in long.chars() {
            f.apply(Edit::Insert(c));
        }
        assert_eq!(f.text(), long);
        f.set("pw");
        assert_eq!((f.text(), f.cursor()), ("pw", 2));
        f.apply(Edit::Clear);
        assert!(f.is_empty());
        assert_eq!(f.cursor(), 0);
    }

    #[test]
    fn a_paste_keeps_its_lines_only_where_asked_and_marks_the_text_literal() {
        let mut f = TextField::default();
        f.paste("/leave\r\nsee below\t\u{1b}[2J\n", true);
        assert_eq!(f.text(), "/leave\nsee below [2J\n");
        assert!(f.is_literal());
        assert_eq!(f.line_count(), 3);
        assert_eq!(f.cursor_line(), (2, 0));
        f.apply(Edit::Clear);
        assert!(!f.is_literal());
        for c in "/send ".chars() {
            f.apply(Edit::Insert(c));
        }
        f.paste("~/a b.pdf\n", false);
        assert_eq!(f.text(), "/send ~/a b.pdf ");
        assert!(
            !f.is_literal(),
            "typed slash, pasted argument: still a command"
        );
    }
}
