//! Drawing a whole screen for UI tests: the desk drawn from a state into a `TestBackend`, and
//! the drawn cells as text.

use agentdesk::app::State;
use agentdesk::ui::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// `state` drawn at 80×24 with the default theme.
pub fn render(state: &State) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let theme = Theme::default_theme();
    terminal
        .draw(|frame| {
            ui::draw(frame, state, &theme);
        })
        .unwrap();
    terminal
}

/// The screen's symbols, one line per row.
pub fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}
