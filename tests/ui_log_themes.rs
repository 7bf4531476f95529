//! The `/log` overlay on screen, and the shipped themes applied to a whole screen.

use agentdesk::app::{self, Input, Level, State, UserAction};
use agentdesk::ui::{self, theme, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

mod common;

use common::*;

fn render(state: &State, theme: &Theme) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| {
            ui::draw(frame, state, theme);
        })
        .unwrap();
    terminal
}

#[test]
fn log_overlay_shows_notices_then_the_newest_log_lines() {
    ui::time::use_local_time(false);
    let mut state = online();
    state.notify(
        Level::Warning,
        "no OS keyring available (no secret service)",
    );
    type_line(&mut state, T0, "/log");
    let lines = (1..=40)
        .map(|n| format!("2025-02-19T21:20:{n:02}Z  INFO agentdesk::client: line {n}"))
        .collect();
    app::update(
        &mut state,
        T0,
        Input::LogTail {
            path: "/root/.local/state/agentdesk/agentdesk.log".into(),
            lines: Ok(lines),
        },
    );
    let terminal = render(&state, &Theme::default_theme());
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .chunks(80)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect();
    assert!(screen.contains("no OS keyring available"), "{screen}");
    assert!(
        screen.contains("line 40"),
        "the newest line shows:\n{screen}"
    );
    assert!(
        !screen.contains("line 1 "),
        "the oldest lines give way:\n{screen}"
    );
    insta::assert_snapshot!("log_overlay", terminal.backend());
    user(&mut state, T0, UserAction::Dismiss);
    assert!(state.overlay.is_none());
}

#[test]
fn every_shipped_theme_draws_the_desk_in_its_own_colours() {
    let mut state = online();
    topic_b(&mut state, T0);
    offer(&mut state, T0);
    let mut seen = Vec::new();
    for (name, _) in theme::SHIPPED {
        let theme = theme::load(name, None).unwrap();
        let terminal = render(&state, &theme);
        let status = terminal.backend().buffer()[(0, 0)].style();
        assert_eq!(
            status.bg, theme.status_bar.bg,
            "{name}: status bar background"
        );
        seen.push(format!("{:?}", terminal.backend().buffer()));
    }
    seen.dedup();
    assert_eq!(
        seen.len(),
        theme::SHIPPED.len(),
        "each theme looks different"
    );
}
