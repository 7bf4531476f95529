//! Whole-screen snapshots of the terminal UI at 80×24, with states built only through
//! `app::update` from the wire fixtures, plus checks on what the screen must (not) show.
//!
//! Times are fixed epoch ms and clock times render in UTC, so the snapshots are the same on
//! every machine.

use agentdesk::app::{self, Edit, Input, LoginForm, State, UserAction};
use agentdesk::client::ClientEvent;
use agentdesk::protocol::{
    AgentPresenceEvent, KeycloakUser, LoginError, LoginResponse, OnCimEvent, TaskRequest,
    TopicClosed, TopicDataEvent,
};
use agentdesk::ui::{self, Theme};
use ratatui::backend::{Backend, TestBackend};
use ratatui::layout::Position;
use ratatui::Terminal;
use serde_json::{json, Value};

/// 2025-02-28T14:43:40Z, a little after the history in `onTopicData.json`.
const T0: i64 = 1_740_753_820_000;
const CONV_A: &str = "65a923832d53786eb16039f0";
const CONV_B: &str = "67c1cb75956d765cfc275754";

fn fixture_text(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture(name: &str) -> Value {
    serde_json::from_str(&fixture_text(name)).unwrap()
}

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap()
}

fn client(state: &mut State, now: i64, event: ClientEvent) {
    app::update(state, now, Input::Client(event));
}

fn user(state: &mut State, now: i64, action: UserAction) -> Vec<app::Effect> {
    app::update(state, now, Input::User(action))
}

fn type_text(state: &mut State, now: i64, text: &str) {
    for c in text.chars() {
        user(state, now, UserAction::Edit(Edit::Insert(c)));
    }
}

/// `sana` from `login.response.json`, or the agent of conversation B.
fn login_user(as_conversation_b_agent: bool) -> KeycloakUser {
    let mut user = decode::<LoginResponse>(fixture("login.response.json"))
        .data
        .keycloak_user;
    if as_conversation_b_agent {
        user.id = "7dcdf513-da75-4667-968b-94b8098bc689".into();
        user.username = "sabahat-agent1".into();
    }
    user
}

/// `agentPresence.state_changed.json` (READY, three MRDs), the state entered `ago_ms` before
/// `now`.
fn presence_ready(now: i64, ago_ms: i64) -> ClientEvent {
    let mut value = fixture("agentPresence.state_changed.json");
    value["agentPresence"]["stateChangeTime"] = json!(now - ago_ms);
    ClientEvent::Presence(Box::new(decode::<AgentPresenceEvent>(value)))
}

/// Logged in, connected and READY for 83 s at `now`.
fn logged_in_ready(now: i64, as_conversation_b_agent: bool) -> State {
    let mut state = State::new(None, now - 90_000);
    client(
        &mut state,
        now - 90_000,
        ClientEvent::LoggedIn {
            user: login_user(as_conversation_b_agent),
        },
    );
    client(&mut state, now - 89_000, ClientEvent::Connected);
    client(&mut state, now - 83_000, presence_ready(now, 83_000));
    app::update(&mut state, now, Input::Tick);
    state
}

fn offer_event() -> ClientEvent {
    ClientEvent::TaskRequest(Box::new(decode::<TaskRequest>(fixture(
        "taskRequest.reserved.json",
    ))))
}

/// `onTopicData.json` with the customer called `name`, moved to `conversation_id`;
/// `with_history: false` drops the stored history.
fn topic_event(conversation_id: &str, name: &str, with_history: bool) -> ClientEvent {
    let text = fixture_text("onTopicData.json")
        .replace(CONV_B, conversation_id)
        .replace(
            "\"firstName\": \"test\"",
            &format!("\"firstName\": {name:?}"),
        );
    let mut value: Value = serde_json::from_str(&text).unwrap();
    if !with_history {
        value["topicData"]["topicEvents"] = json!([]);
    }
    ClientEvent::TopicData(Box::new(decode::<TopicDataEvent>(value)))
}

/// `onCimEvent.customer_message.string.json`, optionally moved to conversation B with a new
/// id, text and time.
fn customer_message(moved: Option<(&str, &str, i64)>) -> ClientEvent {
    let mut envelope = fixture("onCimEvent.customer_message.string.json");
    if let Some((id, text, at_ms)) = moved {
        let mut event: Value =
            serde_json::from_str(envelope["cimEvent"].as_str().unwrap()).unwrap();
        event["conversationId"] = json!(CONV_B);
        event["timestamp"] = json!(at_ms);
        event["data"]["id"] = json!(id);
        event["data"]["header"]["timestamp"] = json!(at_ms);
        event["data"]["header"]["customer"]["firstName"] = json!("Maria Lopez");
        event["data"]["body"]["markdownText"] = json!(text);
        envelope["cimEvent"] = json!(event.to_string());
        envelope["conversationId"] = json!(CONV_B);
    }
    let envelope: OnCimEvent = decode(envelope);
    ClientEvent::CimEvent {
        conversation_id: envelope.conversation_id.clone(),
        event: Box::new(envelope.event().unwrap()),
    }
}

/// Two conversations: B (focused; history, a new customer message, a pending own reply) and
/// A (one unread message). The clock stands at `T0 + 55 s`.
fn conversation_state() -> State {
    let mut state = logged_in_ready(T0, true);
    client(&mut state, T0, topic_event(CONV_B, "Maria Lopez", true));
    client(
        &mut state,
        T0 + 5_000,
        topic_event(CONV_A, "sana shoukat", false),
    );
    client(&mut state, T0 + 6_000, customer_message(None));
    client(
        &mut state,
        T0 + 22_000,
        customer_message(Some((
            "9b1f6c4e-0d1a-4c55-9a70-1f4c3d2e7a10",
            "It's the 20 GB plan. The connection drops every evening since Monday, \
             usually around 8 pm, and the router light turns red.",
            T0 + 22_000,
        ))),
    );
    type_text(
        &mut state,
        T0 + 50_000,
        "Thanks Maria, let me check the line status for you.",
    );
    let effects = user(&mut state, T0 + 50_000, UserAction::Submit);
    assert_eq!(effects.len(), 1, "the reply is sent: {effects:?}");
    app::update(&mut state, T0 + 55_000, Input::Tick);
    state
}

fn render(state: &State) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let theme = Theme::default_theme();
    terminal.draw(|f| ui::draw(f, state, &theme)).unwrap();
    terminal
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

#[test]
fn offer_pending_with_countdown() {
    let mut state = logged_in_ready(T0, false);
    client(&mut state, T0, offer_event());
    // agentRequestTtl is 2400 s: 27 s before RONA.
    app::update(&mut state, T0 + 2_373_000, Input::Tick);
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(screen.contains("RONA 27s"), "{screen}");
    insta::assert_snapshot!("offer_pending", terminal.backend());
}

#[test]
fn conversation_with_history_pending_reply_and_customer_message() {
    let state = conversation_state();
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(
        screen.contains("I need help with my internet package"),
        "{screen}"
    );
    assert!(screen.contains('…'), "pending mark missing:\n{screen}");
    assert!(screen.contains('✓'), "sent mark missing:\n{screen}");
    insta::assert_snapshot!("conversation", terminal.backend());
}

#[test]
fn help_overlay() {
    let mut state = logged_in_ready(T0, false);
    user(&mut state, T0, UserAction::ToggleHelp);
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    for (command, _) in app::slash::HELP {
        assert!(screen.contains(command), "{command} missing:\n{screen}");
    }
    for (key, _) in ui::keymap::help_rows(ui::keymap::Context::Main) {
        assert!(screen.contains(key), "{key} missing:\n{screen}");
    }
    insta::assert_snapshot!("help_overlay", terminal.backend());
}

#[test]
fn login_form_with_server_error() {
    let form = LoginForm {
        server: "https://cx.example.com/agent-manager".into(),
        ..LoginForm::default()
    };
    let mut state = State::new(Some(form), T0);
    type_text(&mut state, T0, "sana");
    user(&mut state, T0, UserAction::NextField);
    type_text(&mut state, T0, "wrong password");
    let effects = user(&mut state, T0, UserAction::Submit);
    assert_eq!(effects.len(), 1);
    let error: LoginError = decode(fixture("login.error.json"));
    client(
        &mut state,
        T0 + 800,
        ClientEvent::LoginFailed {
            message: error.error_message.unwrap(),
        },
    );
    type_text(&mut state, T0 + 2_000, "secret");
    let mut terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(screen.contains("••••••"), "{screen}");
    assert!(!screen.contains("secret"), "password shown:\n{screen}");
    assert!(screen.contains("Error Occured While"), "{screen}");
    // The cursor sits after the six mask characters.
    let cursor = terminal.backend_mut().get_cursor_position().unwrap();
    let row: String = (0..80)
        .map(|x| {
            terminal.backend().buffer()[(x, cursor.y)]
                .symbol()
                .to_string()
        })
        .collect();
    assert!(row.contains("Password"), "cursor on {row:?}");
    insta::assert_snapshot!("login_error", terminal.backend());
}

#[test]
fn empty_state_when_ready_without_conversations() {
    let state = logged_in_ready(T0, false);
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(screen.contains("/ready"), "{screen}");
    assert!(screen.contains("READY 1:23"), "{screen}");
    insta::assert_snapshot!("empty_ready", terminal.backend());
}

#[test]
fn countdown_moves_with_the_clock() {
    let mut state = logged_in_ready(T0, false);
    client(&mut state, T0, offer_event());
    app::update(&mut state, T0 + 1_000, Input::Tick);
    let first = screen_text(&render(&state));
    app::update(&mut state, T0 + 2_000, Input::Tick);
    let second = screen_text(&render(&state));
    assert!(first.contains("RONA 39:59"), "{first}");
    assert!(second.contains("RONA 39:58"), "{second}");
    assert_ne!(first, second);
}

#[test]
fn escape_sequences_never_reach_the_buffer() {
    // Through the app (sanitised on the way in) …
    let mut state = conversation_state();
    client(
        &mut state,
        T0 + 60_000,
        customer_message(Some((
            "evil-1",
            "hi\u{1b}[2J\u{1b}]0;pwned\u{7} there",
            T0 + 60_000,
        ))),
    );
    // … and straight into the state, to test the UI's own defence.
    let conversation = &mut state.conversations[0];
    conversation.customer_name = "Eve\u{1b}[31m".into();
    conversation.lines[0].text = "raw\u{1b}[2J\u{9b}1m".into();
    conversation.lines[0].sender = "x\u{1b}\r\ny".into();
    state.notify(app::Level::Error, "note");
    state.notices.back_mut().unwrap().text = "bad\u{1b}[0m\u{7}".into();
    let terminal = render(&state);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert!(
            !cell.symbol().chars().any(char::is_control),
            "control character {:?} in the buffer:\n{}",
            cell.symbol(),
            terminal.backend()
        );
    }
    assert!(screen_text(&terminal).contains("␛[2J"));
}

#[test]
fn composer_cursor_follows_the_text() {
    let mut state = logged_in_ready(T0, false);
    type_text(&mut state, T0, "hello");
    user(&mut state, T0, UserAction::Edit(Edit::Left));
    let mut terminal = render(&state);
    // Border, then "› ", then 4 chars before the cursor.
    assert_eq!(
        terminal.backend_mut().get_cursor_position().unwrap(),
        Position::new(1 + 2 + 4, 22)
    );
}

#[test]
fn scrolling_shows_older_lines_and_a_hint() {
    let mut state = conversation_state();
    for i in 0..20 {
        let at = T0 + 56_000 + i * 1000;
        let id = format!("msg-{i}");
        let text = format!("line {i}");
        client(&mut state, at, customer_message(Some((&id, &text, at))));
    }
    let bottom = screen_text(&render(&state));
    assert!(!bottom.contains("bot subscribed"), "{bottom}");
    user(&mut state, T0 + 80_000, UserAction::Scroll(3));
    let scrolled = screen_text(&render(&state));
    assert_ne!(bottom, scrolled);
    assert!(scrolled.contains("lines back"), "{scrolled}");
    // Scrolling far past the top is clamped: the first line is visible.
    user(&mut state, T0 + 80_000, UserAction::Scroll(1000));
    let top = screen_text(&render(&state));
    assert!(top.contains("bot subscribed"), "{top}");
}

#[test]
fn renders_at_odd_sizes_without_panicking() {
    let state = conversation_state();
    let theme = Theme::default_theme();
    for (w, h) in [(1, 1), (20, 5), (40, 12), (59, 20), (120, 40), (200, 60)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| ui::draw(f, &state, &theme)).unwrap();
    }
    let mut login = State::new(Some(LoginForm::default()), T0);
    login.login.as_mut().unwrap().error = Some("x".repeat(500));
    for (w, h) in [(1, 1), (30, 8), (200, 60)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| ui::draw(f, &login, &theme)).unwrap();
    }
}

#[test]
fn colours_come_from_the_theme_roles() {
    let theme = Theme::default_theme();
    let mut state = logged_in_ready(T0, false);
    client(&mut state, T0, offer_event());
    app::update(&mut state, T0 + 2_395_000, Input::Tick); // 5 s left: urgent
    let terminal = render(&state);
    let buffer = terminal.backend().buffer();
    let find = |needle: &str| -> Position {
        for y in 0..buffer.area.height {
            let row: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            if let Some(byte) = row.find(needle) {
                let x = row[..byte].chars().count() as u16;
                return Position::new(x, y);
            }
        }
        panic!("{needle:?} not on screen:\n{}", terminal.backend());
    };
    let rona = find("RONA 5s");
    assert_eq!(buffer[rona].fg, theme.offer_urgent.fg.unwrap());
    let ready = find("READY");
    assert_eq!(buffer[ready].fg, theme.state_ready.fg.unwrap());
    assert_eq!(buffer[Position::new(0, 0)].bg, theme.status_bar.bg.unwrap());
}

#[test]
fn ended_and_failed_are_marked() {
    let mut state = conversation_state();
    // No echo within the timeout: the pending reply fails.
    app::update(&mut state, T0 + 80_000, Input::Tick);
    let mut closed = fixture("topicClosed.json");
    closed["conversationId"] = json!(CONV_B);
    client(
        &mut state,
        T0 + 81_000,
        ClientEvent::TopicClosed(decode::<TopicClosed>(closed)),
    );
    let screen = screen_text(&render(&state));
    assert!(screen.contains("✗ not delivered"), "{screen}");
    assert!(screen.contains("PRIMARY · ended (closed)"), "{screen}");
    assert!(
        screen.contains("ended│"),
        "list marks the ended chat:\n{screen}"
    );
    assert!(screen.contains("/leave closes it"), "{screen}");
}
