//! What the status bar says about the connection (issue 8): security warnings that never
//! leave, and state it cannot confirm while offline.

mod common;

use agentdesk::app::security::SecurityWarning;
use agentdesk::app::{self, Input, State};
use agentdesk::client::ClientEvent;
use agentdesk::protocol::AgentPresenceEvent;
use agentdesk::ui::{self, Theme};
use common::{client, online, presence_of, ME, T0};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn top_line(state: &State, width: u16) -> (String, Terminal<TestBackend>) {
    let mut terminal = Terminal::new(TestBackend::new(width, 24)).unwrap();
    let theme = Theme::default_theme();
    terminal
        .draw(|f| {
            ui::draw(f, state, &theme);
        })
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    let line: String = (0..width)
        .map(|x| buffer[(x, 0)].symbol().to_string())
        .collect();
    (line, terminal)
}

fn ready(state: &mut State) {
    let presence: AgentPresenceEvent =
        serde_json::from_value(presence_of("agentPresence.state_changed.json", ME)).unwrap();
    client(state, T0, ClientEvent::Presence(Box::new(presence)));
}

#[test]
fn security_warnings_stay_in_the_status_bar_at_any_width() {
    let mut state = online();
    ready(&mut state);
    state.security = SecurityWarning::for_session(vec!["cx.example.com".into()], true);
    for width in [80, 100, 200] {
        let (line, terminal) = top_line(&state, width);
        assert!(line.contains("INSECURE"), "{width}: {line}");
        let theme = Theme::default_theme();
        let buffer = terminal.backend().buffer();
        let x = line.chars().take_while(|c| *c != '⚠').count() as u16;
        assert_eq!(
            buffer[(x + 2, 0)].bg,
            theme.security_danger.bg.unwrap(),
            "red at {width}"
        );
        assert!(line.contains("UNENCRYPTED (http)"), "{width}: {line}");
        assert!(
            line.contains("Ready"),
            "the agent state (in words) still fits at {width}: {line}"
        );
    }
    // Ten minutes later, after many notices, still there.
    for _ in 0..60 {
        app::update(&mut state, T0 + 600_000, Input::Tick);
    }
    assert!(top_line(&state, 80).0.contains("INSECURE"));
}

#[test]
fn while_offline_the_agent_state_is_greyed_as_last_known() {
    let mut state = online();
    ready(&mut state);
    let (line, _) = top_line(&state, 100);
    assert!(!line.contains("last known"), "{line}");
    client(
        &mut state,
        T0,
        ClientEvent::Disconnected {
            reason: "ping timeout".into(),
            retry_in_ms: Some(2_000),
        },
    );
    let (line, terminal) = top_line(&state, 100);
    assert!(line.contains("last known: Ready"), "{line}");
    let theme = Theme::default_theme();
    let x = line
        .find("Ready")
        .map(|b| line[..b].chars().count())
        .unwrap() as u16;
    let cell = &terminal.backend().buffer()[(x, 0)];
    assert_ne!(
        cell.fg,
        theme.state_ready.fg.unwrap(),
        "not shown as a confirmed Ready"
    );
    assert!(cell.modifier.contains(theme.dim.add_modifier));
}
