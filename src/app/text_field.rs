//! An editable one-line text (login fields, picker filters, the wrap-up note). Cursor is a
//! char index, moved by grapheme clusters ([`super::segment`]: an emoji with a skin tone is
//! one step). Typed characters never include a newline. The composer is the multi-line
//! [`super::editor::Editor`]; this field has no undo or kill ring on purpose: it holds the
//! login password, whose text must not be copied anywhere.

use zeroize::Zeroize;

/// A pasted text as a field takes it: line breaks (`\r\n`, `\r`, `\n`) kept as `\n` when
/// `multiline` (the composer), else each a space like a tab; other control characters
/// dropped.
pub(super) fn clean_paste(text: &str, multiline: bool) -> String {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    normalised
        .chars()
        .filter_map(|c| match c {
            '\n' if multiline => Some('\n'),
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

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
    /// Clear the whole field.
    Clear,
    /// Back to the start of the word before the cursor (Alt+B, Ctrl+←).
    WordLeft,
    /// On to the end of the word after the cursor (Alt+F, Ctrl+→).
    WordRight,
    /// Delete to the end of the word after the cursor (Alt+D).
    DeleteWordForward,
    /// Delete to the end of the line (Ctrl+K); the composer keeps it for [`Edit::Yank`].
    KillToEnd,
    /// Delete to the start of the line (Ctrl+U); the composer keeps it for [`Edit::Yank`].
    KillToStart,
    /// Insert the text deleted last (Ctrl+Y; the composer only).
    Yank,
    /// Undo the last change (Ctrl+_; the composer only).
    Undo,
    /// Redo what was undone (the composer only).
    Redo,
    /// A line break (Alt+Enter, Shift+Enter; the composer only).
    NewLine,
    /// The line above, at the same column (the composer only).
    LineUp,
    /// The line below, at the same column (the composer only).
    LineDown,
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
        std::mem::take(&mut self.text)
    }

    /// Inserts pasted text at the cursor, as one line: line breaks (`\r\n`, `\r`, `\n`)
    /// and tabs become spaces, other control characters are dropped (the composer keeps
    /// the lines of a paste: [`super::editor::Editor::paste`]).
    pub fn paste(&mut self, text: &str) {
        let clean = clean_paste(text, false);
        if clean.is_empty() {
            return;
        }
        // A paste into the login form's password must not leave copies either.
        self.make_room(clean.len());
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Applies one edit. Edits of the composer alone (yank, undo, lines) do nothing here.
    pub fn apply(&mut self, edit: Edit) {
        use super::segment;
        let at = self.byte_at(self.cursor);
        let char_of = |text: &str, byte: usize| segment::char_of_byte(text, byte);
        match edit {
            Edit::Insert(c) if !c.is_control() => {
                self.make_room(c.len_utf8());
                self.text.insert(at, c);
                self.cursor += 1;
            }
            Edit::Insert(_) => {}
            Edit::Backspace => {
                let start = segment::prev(&self.text, at);
                self.text.replace_range(start..at, "");
                self.cursor = char_of(&self.text, start);
            }
            Edit::Delete => {
                let end = segment::next(&self.text, at);
                self.text.replace_range(at..end, "");
            }
            Edit::Left => self.cursor = char_of(&self.text, segment::prev(&self.text, at)),
            Edit::Right => self.cursor = char_of(&self.text, segment::next(&self.text, at)),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.text.chars().count(),
            Edit::WordLeft => {
                self.cursor = char_of(&self.text, segment::word_start(&self.text, at))
            }
            Edit::WordRight => self.cursor = char_of(&self.text, segment::word_end(&self.text, at)),
            Edit::DeleteWord => {
                let start = segment::whitespace_word_start(&self.text, at);
                self.text.replace_range(start..at, "");
                self.cursor = char_of(&self.text, start);
            }
            Edit::DeleteWordForward => {
                let end = segment::word_end(&self.text, at);
                self.text.replace_range(at..end, "");
            }
            Edit::KillToEnd => self.text.truncate(at),
            Edit::KillToStart => {
                self.text.replace_range(..at, "");
                self.cursor = 0;
            }
            Edit::Clear => {
                self.text.zeroize();
                self.cursor = 0;
            }
            Edit::Yank
            | Edit::Undo
            | Edit::Redo
            | Edit::NewLine
            | Edit::LineUp
            | Edit::LineDown => {}
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
    fn a_paste_is_one_line_and_clusters_are_one_step() {
        let mut f = TextField::default();
        f.paste("/leave\r\nsee below\t\u{1b}[2J\n");
        assert_eq!(f.text(), "/leave see below [2J ");
        f.apply(Edit::Clear);
        for c in "ok 👍🏽 fine".chars() {
            f.apply(Edit::Insert(c));
        }
        f.apply(Edit::WordLeft);
        f.apply(Edit::Left);
        f.apply(Edit::Backspace);
        assert_eq!(f.text(), "ok  fine", "the thumb and its tone went as one");
        f.apply(Edit::KillToStart);
        assert_eq!((f.text(), f.cursor()), (" fine", 0));
        f.apply(Edit::DeleteWordForward);
        assert_eq!(f.text(), "");
    }
}
