//! A list to choose from (reason codes, MRDs): each item runs a slash command when picked,
//! so a picker is only a faster way to type a command the agent could type too.
//!
//! Typing filters the list (every word typed must appear in the label or the detail, any
//! case); the selection moves over the items that match. Generic: any list of
//! [`PickerItem`]s (reasons, MRDs, queues, agents) gets the same filtering.

use super::text_field::{Edit, TextField};

/// One choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerItem {
    /// What the list shows (sanitised).
    pub label: String,
    /// A second column, e.g. the reason's description or the MRD's state.
    pub detail: String,
    /// The composer line run when picked, e.g. `/notready Short Break`.
    pub command: String,
}

/// An open picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub title: String,
    pub items: Vec<PickerItem>,
    /// Position of the selection among the [`Picker::matching`] items.
    pub selected: usize,
    /// What the agent typed to narrow the list.
    pub filter: TextField,
}

impl Picker {
    /// A picker with the first item selected and no filter.
    pub fn new(title: impl Into<String>, items: Vec<PickerItem>) -> Self {
        Picker {
            title: title.into(),
            items,
            selected: 0,
            filter: TextField::default(),
        }
    }

    /// True when `item` matches the filter: every whitespace-separated word of the filter is
    /// in the label or the detail, ignoring case. An empty filter matches everything.
    pub fn matches(&self, item: &PickerItem) -> bool {
        let haystack = format!("{} {}", item.label, item.detail).to_lowercase();
        self.filter
            .text()
            .to_lowercase()
            .split_whitespace()
            .all(|word| haystack.contains(word))
    }

    /// The items matching the filter, with their index in `items`, in list order.
    pub fn matching(&self) -> impl Iterator<Item = (usize, &PickerItem)> {
        self.items
            .iter()
            .enumerate()
            .filter(|(_, item)| self.matches(item))
    }

    /// How many items match the filter.
    pub fn matching_count(&self) -> usize {
        self.matching().count()
    }

    /// Moves the selection by `step` among the matching items (clamped).
    pub fn move_selection(&mut self, step: i32) {
        let last = self.matching_count().saturating_sub(1) as i64;
        self.selected = (self.selected as i64 + i64::from(step)).clamp(0, last) as usize;
    }

    /// Edits the filter; the selection goes back to the first match.
    pub fn edit_filter(&mut self, edit: Edit) {
        let before = self.filter.text().to_string();
        self.filter.apply(edit);
        if self.filter.text() != before {
            self.selected = 0;
        }
    }

    /// The selected matching item's command (`None` when nothing matches).
    pub fn chosen(&self) -> Option<&str> {
        self.matching()
            .nth(self.selected)
            .map(|(_, item)| item.command.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(label: &str, detail: &str) -> PickerItem {
        PickerItem {
            label: label.into(),
            detail: detail.into(),
            command: format!("/notready {label}"),
        }
    }

    #[test]
    fn typing_narrows_the_list_and_the_selection_follows() {
        let mut picker = Picker::new(
            "Not ready — reason",
            vec![
                item("Short Break", "coffee"),
                item("Lunch", ""),
                item("Meeting", "team sync"),
            ],
        );
        picker.move_selection(2);
        assert_eq!(picker.chosen(), Some("/notready Meeting"));
        for c in "LUN".chars() {
            picker.edit_filter(Edit::Insert(c));
        }
        assert_eq!(picker.matching_count(), 1);
        assert_eq!(picker.chosen(), Some("/notready Lunch"));
        picker.edit_filter(Edit::Clear);
        for c in "team".chars() {
            picker.edit_filter(Edit::Insert(c));
        }
        assert_eq!(
            picker.chosen(),
            Some("/notready Meeting"),
            "detail matches too"
        );
        picker.edit_filter(Edit::Insert('x'));
        assert_eq!(picker.chosen(), None);
        picker.move_selection(1);
        assert_eq!(picker.selected, 0);
    }
}
