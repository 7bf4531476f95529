//! The composer's text: multi-line, grapheme-aware, with readline editing, a kill buffer
//! and undo. Each conversation keeps its own ([`super::Conversation::draft`]); its text alone
//! is what a draft is ([`Editor::text`] / [`Editor::set`]), so it saves as plain text.
//!
//! Why not `tui-textarea` (0.7 matches our ratatui 0.29 and crossterm 0.28): its cursor is a
//! `char` column, so an emoji with a skin tone takes two steps and a Backspace splits it; its
//! type carries ratatui styles and a block, which the pure `app` state should not; and it
//! has no `PartialEq` to compare states in tests. Keys are the keymap's
//! ([`crate::ui::keymap`]), so its built-in key handling would go unused. What we need of it
//! is small: this type.
//!
//! - The cursor is a byte offset, always on a grapheme cluster boundary ([`super::segment`]).
//! - Kills (Ctrl+K, Ctrl+U, Ctrl+W, Alt+D) go to a [`KillBuffer`] shared by the drafts of
//!   all conversations (text killed in one chat can be yanked into another); consecutive
//!   kills add up, as in readline.
//! - Undo steps: each edit, with a run of typed characters (up to a space) or of deletions
//!   as one step; at most [`UNDO_STEPS`] kept. Redo until the next change.

use super::segment;
use super::text_field::Edit;

/// Undo steps kept per draft (the oldest dropped).
pub const UNDO_STEPS: usize = 200;

/// The text deleted last by a kill (Ctrl+K, Ctrl+U, Ctrl+W, Alt+D), for Ctrl+Y.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KillBuffer {
    text: String,
}

impl KillBuffer {
    /// What Ctrl+Y would insert.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// What the last edit was, so runs of the same kind make one undo step and kills add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Typing,
    Deleting,
    Kill,
    Other,
}

/// A state to go back to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    text: String,
    cursor: usize,
}

/// The composer's text with its cursor and history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    text: String,
    /// Byte offset, on a grapheme boundary.
    cursor: usize,
    /// The text starts with pasted text: it is a message, never a slash command.
    literal: bool,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    last: Last,
    /// The display column ↑/↓ aim for (kept over short lines).
    goal_column: Option<usize>,
}

impl Default for Editor {
    fn default() -> Self {
        Editor {
            text: String::new(),
            cursor: 0,
            literal: false,
            undo: Vec::new(),
            redo: Vec::new(),
            last: Last::Other,
            goal_column: None,
        }
    }
}

impl Editor {
    /// The text (lines separated by `\n`).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The cursor as a byte offset into [`Editor::text`].
    pub fn cursor_byte(&self) -> usize {
        self.cursor
    }

    /// True when the cursor is after the last character.
    pub fn at_end(&self) -> bool {
        self.cursor == self.text.len()
    }

    /// Replaces the text and forgets the history; the cursor goes to the end (a restored
    /// draft, a completion's result).
    pub fn set(&mut self, text: &str) {
        *self = Editor {
            text: text.to_string(),
            cursor: text.len(),
            ..Editor::default()
        };
    }

    /// Replaces the text as one undoable change (the text back from `$EDITOR`).
    pub fn replace_all(&mut self, text: &str) {
        if text == self.text {
            return;
        }
        self.remember(Last::Other);
        self.text = text.to_string();
        self.cursor = self.text.len();
        self.literal = false;
    }

    /// Replaces `range` (byte offsets on boundaries) with `with`, the cursor after it, as one
    /// undoable change (Tab completion).
    pub fn replace_range(&mut self, range: std::ops::Range<usize>, with: &str) {
        self.remember(Last::Other);
        self.text.replace_range(range.clone(), with);
        self.cursor = range.start + with.len();
    }

    /// Takes the text out (it was sent), leaving the field empty with no history.
    pub fn take(&mut self) -> String {
        let text = std::mem::take(&mut self.text);
        *self = Editor::default();
        text
    }

    /// True when the text begins with pasted text (so a leading `/` was not typed): such a
    /// text is sent as a message, never run as a command.
    pub fn is_literal(&self) -> bool {
        self.literal && !self.text.is_empty()
    }

    /// How many lines the text has (1 for an empty or one-line text).
    pub fn line_count(&self) -> usize {
        self.text.split('\n').count()
    }

    /// The line the cursor is on (0-based) and the cursor's byte offset within that line.
    pub fn cursor_position(&self) -> (usize, usize) {
        let before = &self.text[..self.cursor];
        let line = before.matches('\n').count();
        (
            line,
            self.cursor - segment::line_start(&self.text, self.cursor),
        )
    }

    /// True when the cursor is on the first line.
    pub fn on_first_line(&self) -> bool {
        !self.text[..self.cursor].contains('\n')
    }

    /// True when the cursor is on the last line.
    pub fn on_last_line(&self) -> bool {
        !self.text[self.cursor..].contains('\n')
    }

    /// Inserts pasted text at the cursor. Line breaks (`\r\n`, `\r`, `\n`) are kept when
    /// `multiline`, else each becomes a space; tabs become spaces; other control characters
    /// are dropped. A paste at the start of the field makes it [literal](Self::is_literal).
    /// One undo step.
    pub fn paste(&mut self, text: &str, multiline: bool) {
        let clean = super::text_field::clean_paste(text, multiline);
        if clean.is_empty() {
            return;
        }
        self.remember(Last::Other);
        if self.cursor == 0 {
            self.literal = true;
        }
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
    }

    /// Applies one edit without a kill buffer (kills are simply deleted, Ctrl+Y inserts
    /// nothing).
    pub fn apply(&mut self, edit: Edit) {
        self.apply_with(edit, &mut KillBuffer::default());
    }

    /// Applies one edit; kills go to `kills`, a yank comes from it.
    pub fn apply_with(&mut self, edit: Edit, kills: &mut KillBuffer) {
        let at = self.cursor;
        let text = &self.text;
        if !matches!(edit, Edit::LineUp | Edit::LineDown) {
            self.goal_column = None;
        }
        match edit {
            Edit::Insert(c) if c == '\n' || !c.is_control() => {
                let kind = if c.is_whitespace() {
                    Last::Other
                } else {
                    Last::Typing
                };
                self.remember(kind);
                self.text.insert(at, c);
                self.cursor += c.len_utf8();
            }
            Edit::Insert(_) => {}
            Edit::NewLine => self.apply_with(Edit::Insert('\n'), kills),
            Edit::Backspace => {
                let start = segment::prev(text, at);
                self.delete(start..at, Last::Deleting, None);
            }
            Edit::Delete => {
                let end = segment::next(text, at);
                self.delete(at..end, Last::Deleting, None);
            }
            Edit::Left => self.move_to(segment::prev(text, at)),
            Edit::Right => self.move_to(segment::next(text, at)),
            Edit::Home => self.move_to(segment::line_start(text, at)),
            Edit::End => self.move_to(segment::line_end(text, at)),
            Edit::WordLeft => self.move_to(segment::word_start(text, at)),
            Edit::WordRight => self.move_to(segment::word_end(text, at)),
            Edit::DeleteWord => {
                let start = segment::whitespace_word_start(text, at);
                self.delete(start..at, Last::Kill, Some((kills, false)));
            }
            Edit::DeleteWordForward => {
                let end = segment::word_end(text, at);
                self.delete(at..end, Last::Kill, Some((kills, true)));
            }
            Edit::KillToEnd => {
                let end = segment::line_end(text, at);
                // At the end of a line, Ctrl+K joins the next one (as in emacs).
                let end = if end == at && at < text.len() {
                    at + 1
                } else {
                    end
                };
                self.delete(at..end, Last::Kill, Some((kills, true)));
            }
            Edit::KillToStart => {
                let start = segment::line_start(text, at);
                self.delete(start..at, Last::Kill, Some((kills, false)));
            }
            Edit::Clear => {
                let all = 0..self.text.len();
                self.delete(all, Last::Other, None);
            }
            Edit::Yank => {
                if !kills.text.is_empty() {
                    self.remember(Last::Other);
                    self.text.insert_str(at, &kills.text);
                    self.cursor += kills.text.len();
                }
            }
            Edit::Undo => self.step_back(),
            Edit::Redo => self.step_forward(),
            Edit::LineUp => self.vertical(-1),
            Edit::LineDown => self.vertical(1),
        }
        if self.text.is_empty() {
            self.literal = false;
        }
    }

    fn move_to(&mut self, at: usize) {
        self.cursor = at;
        self.last = Last::Other;
    }

    /// Deletes `range` as an edit of kind `kind`; with `kills`, the deleted text goes there
    /// (appended when `forward`, prepended otherwise, to a kill made just before).
    fn delete(
        &mut self,
        range: std::ops::Range<usize>,
        kind: Last,
        kills: Option<(&mut KillBuffer, bool)>,
    ) {
        if range.is_empty() {
            return;
        }
        let continuing_kill = self.last == Last::Kill;
        self.remember(kind);
        let removed: String = self.text.drain(range.clone()).collect();
        self.cursor = range.start;
        if let Some((kills, forward)) = kills {
            if !continuing_kill {
                kills.text.clear();
            }
            if forward {
                kills.text.push_str(&removed);
            } else {
                kills.text.insert_str(0, &removed);
            }
        }
    }

    /// Records the state before a change of kind `kind` (a run of the same kind is one step).
    fn remember(&mut self, kind: Last) {
        let same_run =
            kind == self.last && matches!(kind, Last::Typing | Last::Deleting | Last::Kill);
        if !same_run {
            if self.undo.len() == UNDO_STEPS {
                self.undo.remove(0);
            }
            self.undo.push(Snapshot {
                text: self.text.clone(),
                cursor: self.cursor,
            });
        }
        self.redo.clear();
        self.last = kind;
    }

    fn step_back(&mut self) {
        if let Some(snapshot) = self.undo.pop() {
            let now = self.restore(snapshot);
            self.redo.push(now);
        }
    }

    fn step_forward(&mut self) {
        if let Some(snapshot) = self.redo.pop() {
            let now = self.restore(snapshot);
            self.undo.push(now);
        }
    }

    fn restore(&mut self, snapshot: Snapshot) -> Snapshot {
        let now = Snapshot {
            text: std::mem::replace(&mut self.text, snapshot.text),
            cursor: self.cursor,
        };
        self.cursor = snapshot.cursor.min(self.text.len());
        self.last = Last::Other;
        now
    }

    /// ↑ (`step` -1) or ↓ (+1): the same display column on the line above or below, or the
    /// nearest boundary before it on a shorter line.
    fn vertical(&mut self, step: i32) {
        let start = segment::line_start(&self.text, self.cursor);
        let column = *self
            .goal_column
            .get_or_insert_with(|| columns(&self.text[start..self.cursor]));
        let target_start = if step < 0 {
            if start == 0 {
                return;
            }
            segment::line_start(&self.text, start - 1)
        } else {
            let end = segment::line_end(&self.text, self.cursor);
            if end == self.text.len() {
                return;
            }
            end + 1
        };
        let target_end = segment::line_end(&self.text, target_start);
        let mut at = target_start;
        while at < target_end {
            let next = segment::next(&self.text, at);
            if columns(&self.text[target_start..next]) > column {
                break;
            }
            at = next;
        }
        self.cursor = at;
        self.last = Last::Other;
    }
}

/// Display columns of `text` (one line).
fn columns(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Editor {
        let mut e = Editor::default();
        for c in text.chars() {
            e.apply(Edit::Insert(c));
        }
        e
    }

    #[test]
    fn a_skin_toned_emoji_is_one_character() {
        let mut e = typed("ok 👍🏽");
        e.apply(Edit::Left);
        assert_eq!(e.cursor_byte(), 3, "one step over the thumb and its tone");
        e.apply(Edit::Right);
        e.apply(Edit::Backspace);
        assert_eq!(e.text(), "ok ");
    }

    #[test]
    fn readline_kills_add_up_and_yank_back() {
        let mut kills = KillBuffer::default();
        let mut e = typed("send the invoice today");
        e.apply_with(Edit::DeleteWord, &mut kills);
        e.apply_with(Edit::DeleteWord, &mut kills);
        assert_eq!(e.text(), "send the ");
        assert_eq!(kills.text(), "invoice today", "consecutive kills add up");
        e.apply_with(Edit::Home, &mut kills);
        e.apply_with(Edit::WordRight, &mut kills);
        e.apply_with(Edit::KillToEnd, &mut kills);
        assert_eq!((e.text(), kills.text()), ("send", " the "));
        e.apply_with(Edit::Home, &mut kills);
        e.apply_with(Edit::Yank, &mut kills);
        assert_eq!(e.text(), " the send");
        e.apply_with(Edit::End, &mut kills);
        e.apply_with(Edit::KillToStart, &mut kills);
        assert_eq!((e.text(), kills.text()), ("", " the send"));
        let mut e = typed("one two three");
        e.apply(Edit::Home);
        e.apply_with(Edit::DeleteWordForward, &mut kills);
        assert_eq!(e.text(), " two three");
        e.apply(Edit::WordRight);
        assert_eq!(e.cursor_byte(), " two".len());
        e.apply(Edit::WordLeft);
        assert_eq!(e.cursor_byte(), 1);
    }

    #[test]
    fn undo_goes_back_a_word_or_an_edit_at_a_time_and_redo_forward() {
        let mut e = typed("hello world");
        e.apply(Edit::Undo);
        assert_eq!(e.text(), "hello ");
        e.apply(Edit::Undo);
        assert_eq!(e.text(), "hello");
        e.apply(Edit::Undo);
        assert_eq!(e.text(), "");
        e.apply(Edit::Redo);
        e.apply(Edit::Redo);
        assert_eq!(e.text(), "hello ");
        e.apply(Edit::Backspace);
        e.apply(Edit::Backspace);
        e.apply(Edit::Undo);
        assert_eq!(e.text(), "hello ", "a run of deletions is one step");
        e.apply(Edit::Redo);
        assert_eq!(e.text(), "hell");
        e.apply(Edit::Insert('o'));
        e.apply(Edit::Redo);
        assert_eq!(e.text(), "hello", "a change ends the redo");
    }

    #[test]
    fn lines_and_moving_between_them() {
        let mut e = typed("first line");
        e.apply(Edit::NewLine);
        for c in "2nd".chars() {
            e.apply(Edit::Insert(c));
        }
        assert_eq!(e.text(), "first line\n2nd");
        assert_eq!(e.line_count(), 2);
        assert!(e.on_last_line() && !e.on_first_line());
        assert_eq!(e.cursor_position(), (1, 3));
        e.apply(Edit::LineUp);
        assert_eq!(e.cursor_position(), (0, 3));
        e.apply(Edit::End);
        e.apply(Edit::LineDown);
        assert_eq!(e.cursor_position(), (1, 3), "the shorter line's end");
        e.apply(Edit::Home);
        assert_eq!(e.cursor_position(), (1, 0), "Home is the line's start");
        e.apply(Edit::Backspace);
        assert_eq!(e.text(), "first line2nd", "Backspace joins the lines");
        let mut e = typed("ab");
        e.apply(Edit::NewLine);
        e.apply(Edit::Insert('c'));
        e.apply(Edit::LineUp);
        e.apply(Edit::KillToEnd);
        assert_eq!(e.text(), "a\nc");
        e.apply(Edit::KillToEnd);
        assert_eq!(e.text(), "ac", "Ctrl+K at a line's end joins the next");
    }

    #[test]
    fn a_paste_keeps_its_lines_only_where_asked_and_marks_the_text_literal() {
        let mut f = Editor::default();
        f.paste("/leave\r\nsee below\t\u{1b}[2J\n", true);
        assert_eq!(f.text(), "/leave\nsee below [2J\n");
        assert!(f.is_literal());
        assert_eq!(f.line_count(), 3);
        assert_eq!(f.cursor_position(), (2, 0));
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
        f.apply(Edit::Undo);
        assert_eq!(f.text(), "/send ", "a paste is one undo step");
    }

    #[test]
    fn the_text_round_trips_as_a_draft() {
        let e = typed("a draft");
        let mut restored = Editor::default();
        restored.set(e.text());
        assert_eq!(restored.text(), "a draft");
        assert!(restored.at_end());
        let mut e = typed("x");
        assert_eq!(e.take(), "x");
        e.apply(Edit::Undo);
        assert!(e.is_empty(), "a sent text cannot be undone back");
    }
}
