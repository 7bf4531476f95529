//! Where things go on the main screen: status line, RONA banner, offer panel, conversation
//! list, chat pane, customer panel, composer. Pure arithmetic on [`Rect`]s.

use ratatui::layout::{Constraint, Layout, Rect};

/// Rows of the composer with one line of text (borders included).
pub const COMPOSER_ROWS: u16 = 3;

/// Lines of text the composer shows at most (a longer paste scrolls inside it).
pub const MAX_COMPOSER_LINES: u16 = 5;

/// Narrower than this, the conversation list is hidden (the chat title then says `chat 2 of
/// 3` and how many other chats have unread messages).
pub const MIN_WIDTH_FOR_LIST: u16 = 60;

/// The chat pane keeps at least this many columns beside the customer panel: the panel
/// shrinks to [`MIN_PANEL_COLS`] first, then the list gives way, then the panel shrinks more.
pub const MIN_CHAT_COLS: u16 = 48;

/// The customer panel's narrowest comfortable width; it goes below this only without the
/// list, and away under 16 columns.
pub const MIN_PANEL_COLS: u16 = 26;

/// The areas of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MainAreas {
    /// The status line.
    pub status: Rect,
    /// The RONA banner line, when shown.
    pub banner: Option<Rect>,
    /// The announcement banner line, when shown.
    pub announcement: Option<Rect>,
    /// The offer panel, when offers exist.
    pub offers: Option<Rect>,
    /// The conversation list, when the screen is wide enough.
    pub list: Option<Rect>,
    /// The chat pane.
    pub chat: Rect,
    /// The customer panel, when open and there is room.
    pub panel: Option<Rect>,
    /// The composer.
    pub composer: Rect,
}

/// What the main screen has to make room for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Parts {
    /// The offer panel's height (0 for none).
    pub offer_rows: u16,
    /// The RONA banner is shown.
    pub banner: bool,
    /// The announcement banner is shown.
    pub announcement: bool,
    /// The customer panel is open.
    pub panel: bool,
    /// Lines of composer text beyond the first (a multi-line paste), at most
    /// [`MAX_COMPOSER_LINES`] − 1.
    pub composer_extra: u16,
}

/// Width of the conversation list on a screen `total` columns wide (22 at 80, up to 32).
pub fn list_width(total: u16) -> u16 {
    if total < MIN_WIDTH_FOR_LIST {
        0
    } else {
        (total / 4).clamp(22, 32)
    }
}

/// Width the customer panel would like on a screen `total` columns wide (26 at 80, 30 at
/// 100, up to 40).
pub fn panel_width(total: u16) -> u16 {
    (total * 3 / 10).clamp(MIN_PANEL_COLS, 40)
}

/// Splits the screen.
pub fn main_areas(area: Rect, parts: Parts) -> MainAreas {
    let [status, banner, announcement, offers, body, composer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(parts.banner)),
        Constraint::Length(u16::from(parts.announcement)),
        Constraint::Length(parts.offer_rows),
        Constraint::Min(3),
        Constraint::Length(COMPOSER_ROWS + parts.composer_extra.min(MAX_COMPOSER_LINES - 1)),
    ])
    .areas(area);
    let mut list_cols = list_width(area.width);
    let mut panel_cols = 0;
    if parts.panel {
        let wanted = panel_width(area.width);
        let room_beside_list = area.width.saturating_sub(list_cols + MIN_CHAT_COLS);
        if room_beside_list >= MIN_PANEL_COLS {
            panel_cols = wanted.min(room_beside_list);
        } else {
            list_cols = 0;
            panel_cols = wanted.min(area.width.saturating_sub(MIN_CHAT_COLS));
        }
        if panel_cols < 16 {
            panel_cols = 0;
        }
    }
    let [list, chat, panel] = Layout::horizontal([
        Constraint::Length(list_cols),
        Constraint::Min(10),
        Constraint::Length(panel_cols),
    ])
    .areas(body);
    MainAreas {
        status,
        banner: parts.banner.then_some(banner),
        announcement: parts.announcement.then_some(announcement),
        offers: (parts.offer_rows > 0).then_some(offers),
        list: (list_cols > 0).then_some(list),
        chat,
        panel: (panel_cols > 0).then_some(panel),
        composer,
    }
}

/// `area` without its first row (the status bar): where overlays are centred, so a popup
/// never covers the agent's state.
pub fn below_status(area: Rect) -> Rect {
    Rect::new(
        area.x,
        area.y.saturating_add(1).min(area.bottom()),
        area.width,
        area.height.saturating_sub(1),
    )
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
        let parts = Parts {
            offer_rows: 3,
            ..Parts::default()
        };
        let a = main_areas(Rect::new(0, 0, 80, 24), parts);
        assert_eq!(a.status, Rect::new(0, 0, 80, 1));
        assert_eq!(a.banner, None);
        assert_eq!(a.offers, Some(Rect::new(0, 1, 80, 3)));
        assert_eq!(a.list, Some(Rect::new(0, 4, 22, 17)));
        assert_eq!(a.chat, Rect::new(22, 4, 58, 17));
        assert_eq!(a.panel, None);
        assert_eq!(a.composer, Rect::new(0, 21, 80, 3));
        let narrow = main_areas(Rect::new(0, 0, 40, 10), Parts::default());
        assert_eq!(narrow.list, None);
        assert_eq!(narrow.chat.width, 40);
    }

    #[test]
    fn banner_and_customer_panel() {
        let parts = Parts {
            offer_rows: 0,
            banner: true,
            announcement: false,
            panel: true,
            composer_extra: 0,
        };
        let a = main_areas(Rect::new(0, 0, 80, 24), parts);
        assert_eq!(a.banner, Some(Rect::new(0, 1, 80, 1)));
        // At 80 the list gives way so the chat keeps a readable width.
        assert_eq!(a.list, None);
        assert_eq!(a.chat, Rect::new(0, 2, 54, 19));
        assert_eq!(a.panel, Some(Rect::new(54, 2, 26, 19)));
        // At 100 the panel shrinks a little and the list stays (issue 9: the chat had 38).
        let w = main_areas(Rect::new(0, 0, 100, 30), parts);
        assert_eq!(w.list.map(|l| l.width), Some(25));
        assert_eq!(w.panel.map(|p| p.width), Some(27));
        assert_eq!(w.chat.width, 48);
        // Narrower: the panel shrinks to keep the chat's minimum.
        let b = main_areas(Rect::new(0, 0, 64, 20), parts);
        assert_eq!(b.list, None);
        assert_eq!(b.panel.map(|p| p.width), Some(16));
        assert_eq!(b.chat.width, 48);
        let c = main_areas(Rect::new(0, 0, 40, 20), parts);
        assert_eq!(c.panel, None);
        assert_eq!(c.chat.width, 40);
    }
}
