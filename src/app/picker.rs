//! A list to choose from (reason codes, MRDs): each item runs a slash command when picked,
//! so a picker is only a faster way to type a command the agent could type too.

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
    pub selected: usize,
}

impl Picker {
    /// A picker with the first item selected.
    pub fn new(title: impl Into<String>, items: Vec<PickerItem>) -> Self {
        Picker {
            title: title.into(),
            items,
            selected: 0,
        }
    }

    /// Moves the selection by `step` (clamped to the list).
    pub fn move_selection(&mut self, step: i32) {
        let last = self.items.len().saturating_sub(1) as i64;
        self.selected = (self.selected as i64 + i64::from(step)).clamp(0, last) as usize;
    }

    /// The selected item's command.
    pub fn chosen(&self) -> Option<&str> {
        self.items.get(self.selected).map(|i| i.command.as_str())
    }
}
