//! Where things go on the main screen: status line, offer panel, conversation list, chat
//! pane, composer. Pure arithmetic on [`Rect`]s.

use ratatui::layout::{Constraint, Layout, Rect};

/// Rows of the composer (borders included).
pub const COMPOSER_ROWS: u16 = 3;

/// Narrower than this, the conversation list is hidden (the chat title still says `n/m`).
pub const MIN_WIDTH_FOR_LIST: u16 = 60;

/// The areas of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MainAreas {
    /// The status line.
    pub status: Rect,
    /// The offer panel, when offers exist.
    pub offers: Option<Rect>,
    /// The conversation list, when the screen is wide enough.
    pub list: Option<Rect>,
    /// The chat pane.
    pub chat: Rect,
    /// The composer.
    pub composer: Rect,
}

/// Width of the conversation list on a screen `total` columns wide (22 at 80, up to 32).
pub fn list_width(total: u16) -> u16 {
    if total < MIN_WIDTH_FOR_LIST {
        0
    } else {
        (total / 4).clamp(22, 32)
    }
}

/// Splits the screen; `offer_rows` is the offer panel's height (0 for none).
pub fn main_areas(area: Rect, offer_rows: u16) -> MainAreas {
    let [status, offers, body, composer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(offer_rows),
        Constraint::Min(3),
        Constraint::Length(COMPOSER_ROWS),
    ])
    .areas(area);
    let list_cols = list_width(area.width);
    let [list, chat] =
        Layout::horizontal([Constraint::Length(list_cols), Constraint::Min(10)]).areas(body);
    MainAreas {
        status,
        offers: (offer_rows > 0).then_some(offers),
        list: (list_cols > 0).then_some(list),
        chat,
        composer,
    }
}

/// A `width`×`height` rectangle centred in `area` (clipped to it).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_screen_at_80x24() {
        let a = main_areas(Rect::new(0, 0, 80, 24), 3);
        assert_eq!(a.status, Rect::new(0, 0, 80, 1));
        assert_eq!(a.offers, Some(Rect::new(0, 1, 80, 3)));
        assert_eq!(a.list, Some(Rect::new(0, 4, 22, 17)));
        assert_eq!(a.chat, Rect::new(22, 4, 58, 17));
        assert_eq!(a.composer, Rect::new(0, 21, 80, 3));
        let narrow = main_areas(Rect::new(0, 0, 40, 10), 0);
        assert_eq!(narrow.list, None);
        assert_eq!(narrow.chat.width, 40);
    }
}
