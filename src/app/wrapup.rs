//! The wrap-up form shown after `wrapupTimerStarted` (PROTOCOL.md §3): categories to tick, a
//! note, and a countdown; submitted with `closeWrapup` (a WRAPUP message, or null to skip).

use super::text_field::TextField;

/// Wrap-up choices `(categoryName, value)` offered by default. A WRAPUP body carries
/// `wrapups: [{categoryName, value}]` (fixture `bodies/WRAPUP.json`); PROTOCOL.md documents no
/// endpoint listing them, so these are the desk's defaults \[guess: a deployment configures
/// its own\].
pub const DEFAULT_CATEGORIES: &[(&str, &str)] = &[
    ("Outcome", "Issue resolved"),
    ("Outcome", "Follow-up needed"),
    ("Outcome", "Escalated"),
    ("Topic", "Billing"),
    ("Topic", "Technical problem"),
    ("Topic", "Sales inquiry"),
];

/// One tickable wrap-up choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrapupOption {
    /// `categoryName`, e.g. "Outcome".
    pub category: String,
    /// `value`, e.g. "Issue resolved".
    pub value: String,
    pub ticked: bool,
}

/// Which part of the form has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WrapupFocus {
    #[default]
    Categories,
    Note,
    /// The composer has the keyboard (a `/` was typed in the form): Enter runs its line; Esc,
    /// or emptying it, gives the keys back to the categories.
    Composer,
}

/// The form's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrapupForm {
    /// Epoch ms UTC when the server's wrap-up timer ends (from `duration`), if given.
    pub deadline_ms: Option<i64>,
    /// The choices, in display order.
    pub categories: Vec<WrapupOption>,
    /// Highlighted category.
    pub cursor: usize,
    pub note: TextField,
    pub focus: WrapupFocus,
    /// `closeWrapup` was sent; waiting for the conversation to end.
    pub submitted: bool,
}

impl WrapupForm {
    /// A form with `categories`, started at `now_ms` for `duration_ms`.
    pub fn new(categories: &[(String, String)], now_ms: i64, duration_ms: Option<i64>) -> Self {
        WrapupForm {
            deadline_ms: duration_ms.map(|d| now_ms.saturating_add(d.max(0))),
            categories: categories
                .iter()
                .map(|(category, value)| WrapupOption {
                    category: category.clone(),
                    value: value.clone(),
                    ticked: false,
                })
                .collect(),
            cursor: 0,
            note: TextField::default(),
            focus: WrapupFocus::Categories,
            submitted: false,
        }
    }

    /// Whole seconds left (0 when past), or `None` without a deadline.
    pub fn seconds_left(&self, now_ms: i64) -> Option<i64> {
        self.deadline_ms
            .map(|end| super::offer::seconds_until(end, now_ms))
    }

    /// The ticked choices as `(categoryName, value)`.
    pub fn chosen(&self) -> Vec<(String, String)> {
        self.categories
            .iter()
            .filter(|o| o.ticked)
            .map(|o| (o.category.clone(), o.value.clone()))
            .collect()
    }

    /// Moves the category cursor by `step` (clamped).
    pub fn move_cursor(&mut self, step: i32) {
        let last = self.categories.len().saturating_sub(1) as i64;
        self.cursor = (self.cursor as i64 + i64::from(step)).clamp(0, last) as usize;
    }

    /// Ticks or unticks the highlighted category.
    pub fn toggle(&mut self) {
        if let Some(option) = self.categories.get_mut(self.cursor) {
            option.ticked = !option.ticked;
        }
    }
}
