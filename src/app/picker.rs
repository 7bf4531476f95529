//! A list to choose from (reason codes, MRDs, transfer targets): each item runs a slash
//! command when picked, so a picker is only a faster way to type a command the agent could
//! type too.
//!
//! Typing filters the list: an item matches when every word typed is in its label or its
//! detail (any case). Items may be grouped: an item with `indent` 0 heads the items with a
//! deeper `indent` after it (a queue and its agents); a filter keeps a matching item together
//! with its heading, and the whole group of a heading that matches. Generic: every picker
//! (reasons, MRDs, queues, agents) filters the same way.
//!
//! The command palette (Ctrl+K, [`super::palette`]) is a picker in [`Picker::search`] mode:
//! its filter is a fuzzy search (`nucleo-matcher`, helix's matcher: `trnsf` finds
//! "/transfer"), best matches first.
//!
//! j/k and typed filtering: in a picker opened by a command (reasons, MRDs, transfer
//! targets) `j`/`k` move the selection while the filter is empty, as in the lists of the
//! terminal tools agents know; once a letter is typed they are text, and a capital `J`/`K`
//! always is (a name starting with J can still be typed). The arrows move at any time. In
//! the palette every letter is text: it is a search box first.

use super::text_field::{Edit, TextField};

thread_local! {
    /// The fuzzy matcher's scratch memory, reused (it is large to allocate per keystroke).
    static MATCHER: std::cell::RefCell<nucleo_matcher::Matcher> =
        std::cell::RefCell::new(nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT));
}

/// One choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerItem {
    /// What the list shows (sanitised).
    pub label: String,
    /// A second column, e.g. the reason's description or the MRD's state.
    pub detail: String,
    /// The composer line run when picked, e.g. `/notready Short Break`.
    pub command: String,
    /// Nesting level: 0 for top-level rows (and group headings), 1 for rows under the last
    /// heading.
    pub indent: u8,
}

/// An open picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub title: String,
    pub items: Vec<PickerItem>,
    /// Index into `items` of the selected item (always a visible one when any is).
    pub selected: usize,
    /// A line shown above the items: loading, a failure, why the list opened (sanitised).
    pub message: Option<String>,
    /// What narrows the list (typed, or given with the command that opened it).
    pub filter: TextField,
    /// Fuzzy search (the command palette, canned responses): the filter is matched by
    /// `nucleo` against the labels, best matches first, then by its words against the
    /// details; groups are not kept together, and letters never move the selection (see
    /// the module docs).
    pub search: bool,
    /// A longer text per item (same index as `items`), shown for the selected one below
    /// the list (the canned responses' filled-in text); empty for pickers without one.
    pub previews: Vec<String>,
}

impl Picker {
    /// A picker with the first item selected, no message and no filter.
    pub fn new(title: impl Into<String>, items: Vec<PickerItem>) -> Self {
        Picker {
            title: title.into(),
            items,
            selected: 0,
            message: None,
            filter: TextField::default(),
            search: false,
            previews: Vec::new(),
        }
    }

    /// The preview of the selected item, when this picker has previews and it is shown.
    pub fn preview(&self) -> Option<&str> {
        self.visible()
            .contains(&self.selected)
            .then(|| self.previews.get(self.selected).map(String::as_str))
            .flatten()
    }

    /// True when every word of the filter is in item `i`'s label or detail, ignoring case.
    fn matches(&self, i: usize, words: &[String]) -> bool {
        let item = &self.items[i];
        let haystack = format!("{} {}", item.label, item.detail).to_lowercase();
        words.iter().all(|word| haystack.contains(word.as_str()))
    }

    /// Indices of the items shown under the filter, in order (best match first in
    /// [`Picker::search`] mode).
    pub fn visible(&self) -> Vec<usize> {
        if self.search {
            return self.ranked();
        }
        let words: Vec<String> = self
            .filter
            .text()
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            return (0..self.items.len()).collect();
        }
        let matches = |i: usize| self.matches(i, &words);
        // The heading index of each item (itself for top-level items).
        let mut heading = 0;
        let mut heads = Vec::with_capacity(self.items.len());
        for (i, item) in self.items.iter().enumerate() {
            if item.indent == 0 {
                heading = i;
            }
            heads.push(heading);
        }
        (0..self.items.len())
            .filter(|&i| {
                let head = heads[i];
                if self.items[i].indent == 0 {
                    matches(i)
                        || (i + 1..self.items.len())
                            .take_while(|&j| heads[j] == i)
                            .any(matches)
                } else {
                    matches(i) || matches(head)
                }
            })
            .collect()
    }

    /// The items matching the filter: first those whose label matches it as a fuzzy
    /// pattern, best first, then those whose detail holds every word typed (a fuzzy match
    /// over a long description finds too much); ties keep their order.
    fn ranked(&self) -> Vec<usize> {
        use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
        let typed = self.filter.text();
        if typed.trim().is_empty() {
            return (0..self.items.len()).collect();
        }
        let pattern = Pattern::parse(typed, CaseMatching::Ignore, Normalization::Smart);
        let words: Vec<String> = typed
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        MATCHER.with_borrow_mut(|matcher| {
            let mut buffer = Vec::new();
            let mut scored: Vec<(usize, u8, u32)> = self
                .items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    // "/ready" is scored as "ready": a word start, like "Not ready".
                    let name = item.label.trim_start_matches('/');
                    let label = nucleo_matcher::Utf32Str::new(name, &mut buffer);
                    if let Some(score) = pattern.score(label, matcher) {
                        return Some((i, 0, score));
                    }
                    let detail = item.detail.to_lowercase();
                    words
                        .iter()
                        .all(|w| detail.contains(w.as_str()))
                        .then_some((i, 1, 0))
                })
                .collect();
            // Better tier, then score, then the shorter label (the exact command before
            // the ones it is part of; a command's `[optional]` and `<required>` arguments
            // do not count, so `/transfer [queue|@agent]` is not behind `Transfer to
            // Billing`), then the list's order.
            let len = |i: usize| {
                let label = &self.items[i].label;
                let end = [" [", " <"]
                    .iter()
                    .filter_map(|args| label.find(args))
                    .min()
                    .unwrap_or(label.len());
                label[..end].chars().count()
            };
            scored.sort_by(|a, b| {
                a.1.cmp(&b.1)
                    .then(b.2.cmp(&a.2))
                    .then(len(a.0).cmp(&len(b.0)))
                    .then(a.0.cmp(&b.0))
            });
            scored.into_iter().map(|(i, _, _)| i).collect()
        })
    }

    /// Selects the first item shown.
    pub fn select_first_shown(&mut self) {
        self.select_first();
    }

    /// Sets the filter and selects the first matching item.
    pub fn set_filter(&mut self, filter: &str) {
        self.filter.set(filter);
        self.select_first();
    }

    /// Edits the filter (typing in the picker); the selection goes to the first match.
    pub fn edit_filter(&mut self, edit: Edit) {
        let before = self.filter.text().to_string();
        self.filter.apply(edit);
        if self.filter.text() != before {
            self.select_first();
        }
    }

    fn select_first(&mut self) {
        self.selected = self.visible().first().copied().unwrap_or(0);
    }

    /// Moves the selection by `step` visible items (clamped to the list).
    pub fn move_selection(&mut self, step: i32) {
        let visible = self.visible();
        if visible.is_empty() {
            return;
        }
        let at = visible
            .iter()
            .position(|&i| i == self.selected)
            .unwrap_or(0) as i64;
        let last = visible.len() as i64 - 1;
        self.selected = visible[(at + i64::from(step)).clamp(0, last) as usize];
    }

    /// The selected item's command (when it is shown).
    pub fn chosen(&self) -> Option<&str> {
        self.visible()
            .contains(&self.selected)
            .then(|| self.items.get(self.selected).map(|i| i.command.as_str()))
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(label: &str, detail: &str, indent: u8) -> PickerItem {
        PickerItem {
            label: label.into(),
            detail: detail.into(),
            command: format!("/x {label}"),
            indent,
        }
    }

    #[test]
    fn filter_keeps_groups_together() {
        let mut picker = Picker::new(
            "t",
            vec![
                item("Billing", "", 0),
                item("Bilal Khan", "", 1),
                item("Dana Lee", "", 1),
                item("Support", "", 0),
                item("Eli", "", 1),
            ],
        );
        assert_eq!(picker.visible().len(), 5);
        picker.set_filter("bil");
        assert_eq!(
            picker.visible(),
            vec![0, 1, 2],
            "Billing matches: its whole group"
        );
        picker.set_filter("dana");
        assert_eq!(
            picker.visible(),
            vec![0, 2],
            "an agent keeps its queue heading"
        );
        assert_eq!(picker.chosen(), Some("/x Billing"));
        picker.move_selection(5);
        assert_eq!(picker.chosen(), Some("/x Dana Lee"));
        picker.set_filter("zzz");
        assert!(picker.visible().is_empty());
        assert_eq!(picker.chosen(), None);
    }

    #[test]
    fn the_palettes_search_is_fuzzy_and_ranked() {
        let mut picker = Picker::new(
            "Command palette",
            vec![
                item("/team", "team board", 0),
                item("/transfer", "hand the chat on", 0),
                item("Not ready: Short Break", "", 0),
            ],
        );
        picker.search = true;
        picker.set_filter("trnsf");
        assert_eq!(picker.chosen(), Some("/x /transfer"));
        picker.set_filter("shbr");
        assert_eq!(picker.visible(), vec![2]);
        picker.set_filter("hand the");
        assert_eq!(picker.visible(), vec![1], "words of the detail");
        picker.set_filter("t");
        assert_eq!(picker.visible().len(), 3, "{:?}", picker.visible());
        assert_eq!(picker.visible()[0], 0, "ties keep their order");
    }

    #[test]
    fn typing_narrows_the_list_by_label_or_detail_and_the_selection_follows() {
        let mut picker = Picker::new(
            "Not ready — reason",
            vec![
                item("Short Break", "coffee", 0),
                item("Lunch", "", 0),
                item("Meeting", "team sync", 0),
            ],
        );
        picker.move_selection(2);
        assert_eq!(picker.chosen(), Some("/x Meeting"));
        for c in "LUN".chars() {
            picker.edit_filter(Edit::Insert(c));
        }
        assert_eq!(picker.visible().len(), 1);
        assert_eq!(picker.chosen(), Some("/x Lunch"));
        picker.edit_filter(Edit::Clear);
        for c in "team".chars() {
            picker.edit_filter(Edit::Insert(c));
        }
        assert_eq!(picker.chosen(), Some("/x Meeting"), "detail matches too");
        picker.edit_filter(Edit::Insert('x'));
        assert_eq!(picker.chosen(), None);
    }
}
