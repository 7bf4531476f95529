//! An editable one-line text (login fields, picker filters, the wrap-up note). Cursor is a
//! char index, moved by grapheme clusters ([`super::segment`]: an emoji with a skin tone is
//! one step). Typed characters never include a newline. The composer is the multi-line
//! [`super::editor::Editor`]; this field has no undo or kill ring on purpose: it holds the
//! login password, whose text must not be copied anywhere.

/// Editable text with a cursor (char index, `0..=len`).
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

    /// Replaces the text; the cursor goes to the end.
    pub fn set(&mut self, text: &str) {
        self.text = text.to_string();
        self.cursor = self.text.chars().count();
        self.literal = false;
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

    /// Applies one edit. Edits of the composer alone (yank, undo, lines) do nothing here.
    pub fn apply(&mut self, edit: Edit) {
        use super::segment;
        let at = self.byte_at(self.cursor);
        let char_of = |text: &str, byte: usize| segment::char_of_byte(text, byte);
        match edit {
            Edit::Insert(c) if !c.is_control() => {
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
                self.take();
            }
            Edit::Yank
            | Edit::Undo
            | Edit::Redo
            | Edit::NewLine
            | Edit::LineUp
            | Edit::LineDown => {}
        }
        if self.text.is_empty() {
            self.literal = false;
        }
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
