//! Whole-screen snapshots of the terminal UI at 80×24, with states built only through
//! `app::update` from the wire fixtures, plus checks on what the screen must (not) show.
//!
//! Times are fixed epoch ms and clock times render in UTC, so the snapshots are the same on
//! every machine.

use agentdesk::app::{self, Edit, Input, LoginForm, State, UserAction};
use agentdesk::client::ClientEvent;
use agentdesk::protocol::history::PastConversation;
use agentdesk::protocol::{
    AgentPresenceEvent, CimEvent, KeycloakUser, LoginError, LoginResponse, OnCimEvent, Reason,
    RevokeTask, TaskRequest, TopicClosed, TopicDataEvent, WrapupTimerStarted,
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

/// `agentPresence.state_changed.json` (READY, three MRDs) about agent `agent_id`, the state
/// entered `ago_ms` before `now`.
fn presence_ready(now: i64, ago_ms: i64, agent_id: &str) -> ClientEvent {
    let mut value = own_presence(agent_id);
    value["agentPresence"]["stateChangeTime"] = json!(now - ago_ms);
    ClientEvent::Presence(Box::new(decode::<AgentPresenceEvent>(value)))
}

/// `agentPresence.state_changed.json` with its agent set to `agent_id` (the fixture's agent is
/// another user; a desk ignores presence about someone else).
fn own_presence(agent_id: &str) -> Value {
    let mut value = fixture("agentPresence.state_changed.json");
    value["agentPresence"]["agent"]["id"] = json!(agent_id);
    value["agentPresence"]["agent"]["keycloakUser"]["id"] = json!(agent_id);
    value
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
    let me = login_user(as_conversation_b_agent).id;
    client(&mut state, now - 83_000, presence_ready(now, 83_000, &me));
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

/// `onChannelTypes` with the WEB channel type of `onTopicData.json` (routed through the CHAT
/// MRD of `agentPresence.state_changed.json`), so MRD chips count conversations.
fn channel_types() -> ClientEvent {
    let topic = fixture("onTopicData.json");
    let web = topic["topicData"]["channelSession"]["channel"]["channelType"].clone();
    ClientEvent::ChannelTypes(vec![decode(web)])
}

/// Two conversations: B (focused; history, a new customer message, a pending own reply) and
/// A (one unread message). The clock stands at `T0 + 55 s`.
fn conversation_state() -> State {
    let mut state = logged_in_ready(T0, true);
    client(&mut state, T0, channel_types());
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
    render_sized(state, 80, 24)
}

fn render_sized(state: &State, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let theme = Theme::default_theme();
    terminal
        .draw(|f| {
            ui::draw(f, state, &theme);
        })
        .unwrap();
    terminal
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

/// Where `needle` starts on screen.
fn find(terminal: &Terminal<TestBackend>, needle: &str) -> Position {
    let buffer = terminal.backend().buffer();
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
}

/// A CIM event from its parts (what `onCimEvent.cimEvent` decodes to).
fn cim_event(conversation_id: &str, value: Value) -> ClientEvent {
    let mut value = value;
    value["conversationId"] = json!(conversation_id);
    ClientEvent::CimEvent {
        conversation_id: Some(conversation_id.to_string()),
        event: Box::new(decode::<CimEvent>(value)),
    }
}

/// A message event wrapping the CimMessage `message`, named after its sender's type.
fn message_event(conversation_id: &str, mut message: Value) -> ClientEvent {
    let name = match message["header"]["sender"]["type"].as_str() {
        Some("AGENT") => "AGENT_MESSAGE",
        Some("BOT") => "BOT_MESSAGE",
        _ => "CUSTOMER_MESSAGE",
    };
    message["header"]["conversationId"] = json!(conversation_id);
    let id = format!("event-{}", message["id"].as_str().unwrap_or("x"));
    let at = message["header"]["timestamp"].clone();
    cim_event(
        conversation_id,
        json!({"id": id, "name": name, "type": "MESSAGE", "timestamp": at, "data": message}),
    )
}

/// The echo of own message `message_id` (sent as `sabahat-agent1`), from `bodies/PLAIN.json`.
fn echo(message_id: &str, text: &str, at_ms: i64) -> ClientEvent {
    let mut message = fixture("bodies/PLAIN.json");
    message["id"] = json!(message_id);
    message["header"]["timestamp"] = json!(at_ms);
    message["header"]["sender"] = json!({
        "id": "7dcdf513-da75-4667-968b-94b8098bc689",
        "type": "AGENT",
        "senderName": "sabahat-agent1",
        "additionalDetail": null
    });
    message["body"]["markdownText"] = json!(text);
    message_event(CONV_B, message)
}

/// `cimEvent.delivery_notification.json` for `message_id` with `status`, moved to B.
fn delivery(message_id: &str, status: &str, at_ms: i64) -> ClientEvent {
    let mut event = fixture("cimEvent.delivery_notification.json");
    event["id"] = json!(format!("delivery-{message_id}-{status}"));
    event["timestamp"] = json!(at_ms);
    event["data"]["id"] = json!(format!("note-{message_id}-{status}"));
    event["data"]["body"]["messageId"] = json!(message_id);
    event["data"]["body"]["status"] = json!(status);
    cim_event(CONV_B, event)
}

/// `cimEvent.typing_indicator.json` (sender CONNECTOR), moved to B.
fn typing(at_ms: i64) -> ClientEvent {
    let mut event = fixture("cimEvent.typing_indicator.json");
    event["timestamp"] = json!(at_ms);
    cim_event(CONV_B, event)
}

/// The id of the newest line of the focused conversation.
fn newest_line_id(state: &State) -> String {
    state
        .focused_conversation()
        .and_then(|c| c.lines.last())
        .map(|l| l.id.to_string())
        .unwrap()
}

#[test]
fn offer_pending_with_countdown() {
    let mut state = logged_in_ready(T0, false);
    client(&mut state, T0, offer_event());
    // agentRequestTtl is 2400 s: 27 s before RONA.
    app::update(&mut state, T0 + 2_373_000, Input::Tick);
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(screen.contains("answer within 27s"), "{screen}");
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

/// The help popup's text rows (inside its border) of a drawn screen.
fn help_rows_on_screen(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    let rows: Vec<String> = (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect()
        })
        .collect();
    let top = rows.iter().position(|r| r.contains("┌ Help")).unwrap();
    let bottom = top + rows[top..].iter().position(|r| r.contains('┘')).unwrap();
    rows[top + 1..bottom].to_vec()
}

#[test]
fn help_overlay_is_complete_and_cuts_nothing_at_80_and_100_columns() {
    for (w, h) in [(80, 24), (100, 30), (200, 60)] {
        let mut state = logged_in_ready(T0, false);
        user(&mut state, T0, UserAction::ToggleHelp);
        // Page down through the whole help, as a user would (5 lines a step, enough
        // steps for 300 lines).
        let mut text = String::new();
        let theme = Theme::default_theme();
        for _ in 0..60 {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            let mut drawn = ui::Drawn::default();
            terminal
                .draw(|f| drawn = ui::draw(f, &state, &theme))
                .unwrap();
            for row in help_rows_on_screen(&terminal) {
                // A cut text ends in `…` (truncate); "Alt+1…9" is not one.
                let cut = row
                    .split("   ")
                    .any(|cell| cell.trim_end_matches([' ', '│']).ends_with('…'));
                assert!(!cut, "{w}×{h}: a line is cut: {row}");
                text.push_str(&row);
                text.push('\n');
            }
            if let Some(limit) = drawn.help_scroll_limit {
                app::update(&mut state, T0, Input::HelpScrollLimit(limit));
            }
            user(&mut state, T0, UserAction::Move(5));
        }
        for (command, _) in app::slash::HELP {
            assert!(
                text.contains(command),
                "{w}×{h}: {command} missing:\n{text}"
            );
        }
        for context in [
            ui::keymap::Context::Main,
            ui::keymap::Context::Wrapup,
            ui::keymap::Context::Picker,
            ui::keymap::Context::Confirm,
        ] {
            let rows = if context == ui::keymap::Context::Main {
                ui::keymap::help_rows(context)
            } else {
                ui::keymap::own_rows(context)
            };
            for (key, what) in rows {
                assert!(
                    text.contains(key.as_str()),
                    "{w}×{h}: {context:?} {key} missing:\n{text}"
                );
                assert!(
                    text.contains(what.as_str()),
                    "{w}×{h}: {context:?} {what} missing:\n{text}"
                );
            }
        }
    }
    let mut state = logged_in_ready(T0, false);
    user(&mut state, T0, UserAction::ToggleHelp);
    insta::assert_snapshot!("help_overlay", render(&state).backend());
}

#[test]
fn help_overlay_shows_the_demo_chat_page_first() {
    let mut state = logged_in_ready(T0, false);
    state.help_note = Some("Be the customer: open http://127.0.0.1:4242/chat in a browser".into());
    user(&mut state, T0, UserAction::ToggleHelp);
    let screen = screen_text(&render(&state));
    let note = screen
        .find("http://127.0.0.1:4242/chat")
        .unwrap_or_else(|| panic!("chat page URL missing:\n{screen}"));
    let commands = screen.find("Commands").expect("commands heading");
    assert!(note < commands, "the note comes first:\n{screen}");
    assert!(screen.contains("/ready"), "{screen}");
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
    assert!(screen.contains("Wrong username or password"), "{screen}");
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
    assert!(screen.contains("Ready 1:23"), "{screen}");
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
    assert!(first.contains("answer within 39:59"), "{first}");
    assert!(second.contains("answer within 39:58"), "{second}");
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
    conversation.lines.shown_mut(0).text = "raw\u{1b}[2J\u{9b}1m".into();
    conversation.lines.shown_mut(0).sender = "x\u{1b}\r\ny".into();
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
    assert!(!bottom.contains("Bot Rasa joined"), "{bottom}");
    user(&mut state, T0 + 80_000, UserAction::Scroll(3));
    let scrolled = screen_text(&render(&state));
    assert_ne!(bottom, scrolled);
    assert!(scrolled.contains("lines back"), "{scrolled}");
    // Scrolling far past the top is clamped: the first line is visible.
    user(&mut state, T0 + 80_000, UserAction::Scroll(1000));
    let top = screen_text(&render(&state));
    assert!(top.contains("Bot Rasa joined"), "{top}");
}

#[test]
fn renders_at_odd_sizes_without_panicking() {
    let state = conversation_state();
    let theme = Theme::default_theme();
    for (w, h) in [(1, 1), (20, 5), (40, 12), (59, 20), (120, 40), (200, 60)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| {
                ui::draw(f, &state, &theme);
            })
            .unwrap();
    }
    // Every overlay and panel at once.
    let mut busy = wrapup_state();
    client(&mut busy, T0 + 106_000, reasons_event());
    client(&mut busy, T0 + 106_000, offer_event());
    client(
        &mut busy,
        T0 + 107_000,
        ClientEvent::RevokeTask(decode::<RevokeTask>(json!({"conversationId": CONV_A}))),
    );
    user(&mut busy, T0 + 108_000, UserAction::ToggleCustomerPanel);
    user(
        &mut busy,
        T0 + 108_000,
        UserAction::Command("/history".into()),
    );
    let mut with_picker = busy.clone();
    user(
        &mut with_picker,
        T0 + 109_000,
        UserAction::Command("/notready".into()),
    );
    assert!(matches!(with_picker.overlay, Some(app::Overlay::Picker(_))));
    for state in [&busy, &with_picker] {
        for (w, h) in [(1, 1), (20, 5), (40, 12), (59, 20), (64, 24), (120, 40)] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal
                .draw(|f| {
                    ui::draw(f, state, &theme);
                })
                .unwrap();
        }
    }
    let mut login = State::new(Some(LoginForm::default()), T0);
    login.login.as_mut().unwrap().error = Some("x".repeat(500));
    for (w, h) in [(1, 1), (30, 8), (200, 60)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| {
                ui::draw(f, &login, &theme);
            })
            .unwrap();
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
    let rona = find(&terminal, "answer within 5s");
    assert_eq!(buffer[rona].fg, theme.offer_urgent.fg.unwrap());
    let ready = find(&terminal, "Ready");
    assert_eq!(buffer[ready].fg, theme.state_ready.fg.unwrap());
    assert_eq!(buffer[Position::new(0, 0)].bg, theme.status_bar.bg.unwrap());
}

#[test]
fn ended_and_failed_are_marked() {
    let mut state = conversation_state();
    // No echo within the timeout: the pending reply is not confirmed (the server may have it).
    app::update(&mut state, T0 + 80_000, Input::Tick);
    let mut closed = fixture("topicClosed.json");
    closed["conversationId"] = json!(CONV_B);
    client(
        &mut state,
        T0 + 81_000,
        ClientEvent::TopicClosed(decode::<TopicClosed>(closed)),
    );
    let screen = screen_text(&render(&state));
    assert!(screen.contains("? not confirmed"), "{screen}");
    assert!(screen.contains("WEB · ended: closed"), "{screen}");
    assert!(!screen.contains("PRIMARY"), "{screen}");
    assert!(screen.contains("you: agent · with Rasa (bot)"), "{screen}");
    assert!(
        screen.contains("ended│"),
        "list marks the ended chat:\n{screen}"
    );
    assert!(screen.contains("/leave closes it"), "{screen}");
}

/// 2024-01-18T13:15:00Z, after the messages in `tests/fixtures/bodies/`.
const T_BODIES: i64 = 1_705_583_700_000;

#[test]
fn conversation_with_many_body_types() {
    // Agent `sana` in conversation A, the customer and bot messages of `bodies/` plus sana's
    // own URL and WRAPUP messages (echoes: sent). DELIVERYNOTIFICATION and NOTIFICATION
    // bodies travel as notifications, not messages (see `receipts_typing_selection_and_reply`).
    // NOTE: message bodies are still rendered by the placeholder in `src/app/body.rs`; this
    // snapshot is expected to change when the full body renderer lands.
    let mut state = logged_in_ready(T_BODIES, false);
    client(
        &mut state,
        T_BODIES,
        topic_event(CONV_A, "sana shoukat", false),
    );
    let mut messages: Vec<Value> = std::fs::read_dir(format!(
        "{}/tests/fixtures/bodies",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .map(|entry| entry.unwrap().path())
    .filter(|path| {
        let name = path.file_name().unwrap().to_string_lossy();
        !matches!(
            name.as_ref(),
            "DELIVERYNOTIFICATION.json" | "NOTIFICATION.json"
        )
    })
    .map(|path| serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
    .collect();
    messages.sort_by_key(|m| m["header"]["timestamp"].as_i64());
    assert!(messages.len() >= 8, "{} bodies", messages.len());
    for message in messages {
        client(&mut state, T_BODIES, message_event(CONV_A, message));
    }
    // Every body type at once needs more than 24 rows.
    let terminal = render_sized(&state, 100, 56);
    let screen = screen_text(&terminal);
    assert!(screen.contains("sana shoukat: hi"), "{screen}");
    assert!(screen.contains("Rasa"), "bot sender missing:\n{screen}");
    insta::assert_snapshot!("bodies", terminal.backend());
}

#[test]
fn multi_line_text_and_numbered_attachments() {
    // The body renderer is a placeholder still: put a multi-line text and attachments
    // straight into the state to test how the chat pane lays them out.
    let mut state = conversation_state();
    let lines = &mut state.conversations[0].lines;
    let customer = lines
        .iter()
        .position(|l| l.author == app::Author::Customer)
        .unwrap();
    let line = lines.shown_mut(customer);
    line.text = "Here are the files:\nthe invoice\nand a photo of the router".into();
    line.attachments = vec![
        app::body::Attachment {
            name: "invoice.pdf".into(),
            mime_type: Some("application/pdf".into()),
            size: Some(3028),
            url: "https://cx.example.com/f/1".into(),
        },
        app::body::Attachment {
            name: "router.jpg".into(),
            mime_type: Some("image/jpeg".into()),
            size: Some(41_047),
            url: "https://cx.example.com/f/2".into(),
        },
    ];
    let screen = screen_text(&render(&state));
    for expected in [
        "14:43 Maria Lopez: Here are the files:",
        "      the invoice",
        "      and a photo of the router",
        "      [1] invoice.pdf (application/pdf, 3.0 KiB)",
        "      [2] router.jpg (image/jpeg, 40.1 KiB)",
        "https://cx.example.com/f/1",
    ] {
        assert!(screen.contains(expected), "{expected:?} missing:\n{screen}");
    }
}

/// Conversation B with its wrap-up form open (10 min), two categories ticked and a note being
/// typed, at `T0 + 105 s`.
fn wrapup_state() -> State {
    let mut state = conversation_state();
    let started: WrapupTimerStarted = decode(fixture("wrapupTimerStarted.json"));
    client(
        &mut state,
        T0 + 60_000,
        ClientEvent::WrapupTimerStarted {
            conversation_id: CONV_B.into(),
            duration_ms: started.duration_ms,
        },
    );
    let now = T0 + 100_000;
    user(&mut state, now, UserAction::Toggle);
    user(&mut state, now, UserAction::Move(3));
    user(&mut state, now, UserAction::Toggle);
    user(&mut state, now, UserAction::Move(1));
    user(&mut state, now, UserAction::NextField);
    type_text(&mut state, now, "Router replaced; call back Friday");
    app::update(&mut state, T0 + 105_000, Input::Tick);
    state
}

#[test]
fn wrapup_form() {
    let state = wrapup_state();
    let mut terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(screen.contains("Wrap-up — Maria Lopez"), "{screen}");
    assert!(screen.contains("9:15 left"), "{screen}");
    assert!(screen.contains("[x] Outcome: Issue resolved"), "{screen}");
    assert!(screen.contains("[x] Topic: Billing"), "{screen}");
    assert!(screen.contains("[ ] Topic: Technical problem"), "{screen}");
    assert!(screen.contains("Enter send"), "{screen}");
    assert!(screen.contains("Ctrl+X skip"), "{screen}");
    // The terminal cursor is at the end of the note.
    let note = find(&terminal, "Router replaced; call back Friday");
    let cursor = terminal.backend_mut().get_cursor_position().unwrap();
    assert_eq!(
        cursor,
        Position::new(
            note.x + "Router replaced; call back Friday".len() as u16,
            note.y
        )
    );
    insta::assert_snapshot!("wrapup_form", terminal.backend());
}

#[test]
fn wrapup_countdown_turns_urgent_and_the_form_goes_once_sent() {
    let theme = Theme::default_theme();
    let mut state = wrapup_state();
    app::update(&mut state, T0 + 60_000 + 575_000, Input::Tick);
    let terminal = render(&state);
    let left = find(&terminal, "0:25 left");
    assert_eq!(
        terminal.backend().buffer()[left].fg,
        theme.wrapup_urgent.fg.unwrap()
    );
    let effects = user(&mut state, T0 + 636_000, UserAction::Submit);
    assert_eq!(effects.len(), 1, "{effects:?}");
    let screen = screen_text(&render(&state));
    assert!(!screen.contains("Wrap-up — "), "{screen}");
    assert!(screen.contains("wrap-up sending…"), "{screen}");
}

fn reasons_event() -> ClientEvent {
    let mut reasons: Vec<Reason> = decode(fixture("reasons.json"));
    // A second NOT_READY reason, so the picker has a choice to move to.
    let mut training = reasons
        .iter()
        .find(|r| r.kind == "NOT_READY")
        .unwrap()
        .clone();
    training.name = "Training".into();
    training.description = Some("Scheduled training session".into());
    reasons.push(training);
    ClientEvent::Reasons(reasons)
}

#[test]
fn reason_picker() {
    let mut state = logged_in_ready(T0, false);
    client(&mut state, T0, reasons_event());
    user(&mut state, T0, UserAction::Command("/notready".into()));
    user(&mut state, T0, UserAction::Move(1));
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(screen.contains("Not ready — reason"), "{screen}");
    assert!(screen.contains("Short Break"), "{screen}");
    assert!(
        !screen.contains("Out Of Office"),
        "LOGOUT reasons are not NOT_READY reasons:\n{screen}"
    );
    assert!(
        screen.contains("↑/↓ j/k choose · Enter pick · Esc cancel"),
        "{screen}"
    );
    // The chosen row is drawn in the `selected` style.
    let theme = Theme::default_theme();
    let training = find(&terminal, "Training");
    assert!(terminal.backend().buffer()[training]
        .modifier
        .contains(theme.selected.add_modifier));
    insta::assert_snapshot!("reason_picker", terminal.backend());
}

#[test]
fn mrd_picker() {
    let mut state = logged_in_ready(T0, false);
    user(&mut state, T0, UserAction::Command("/mrd".into()));
    user(&mut state, T0, UserAction::Move(1));
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(
        screen.contains("Channels (media routing domains)"),
        "{screen}"
    );
    assert!(screen.contains("CISCO CC"), "{screen}");
    assert!(screen.contains("✗ not ready → ready"), "{screen}");
    insta::assert_snapshot!("mrd_picker", terminal.backend());
}

#[test]
fn customer_panel_with_data_and_history() {
    let mut state = conversation_state();
    // Conversation data changes live.
    client(
        &mut state,
        T0 + 56_000,
        cim_event(
            CONV_B,
            json!({
                "id": "data-changed-1",
                "name": "CONVERSATION_DATA_CHANGED",
                "type": "ACTIVITY",
                "timestamp": T0 + 56_000,
                "data": {"conversationData": {"plan": "20 GB", "orderId": "A-1042"}}
            }),
        ),
    );
    let effects = user(
        &mut state,
        T0 + 57_000,
        UserAction::Command("/history".into()),
    );
    assert_eq!(effects.len(), 1, "{effects:?}");
    let loading = screen_text(&render(&state));
    assert!(loading.contains("loading…"), "{loading}");
    let day = 86_400_000;
    client(
        &mut state,
        T0 + 58_000,
        ClientEvent::Activities {
            customer_id: "67c1cb75d66fbd82f98990ad".into(),
            offset: 0,
            total: Some(7),
            items: vec![
                PastConversation {
                    conversation_id: Some("past-1".into()),
                    started_ms: Some(T0 - 3 * day),
                    ended_ms: Some(T0 - 3 * day + 600_000),
                    channel: Some("WEB".into()),
                    agent: Some("sabahat-agent1".into()),
                    summary: Some("Router light red; line reset remotely".into()),
                    event: None,
                },
                PastConversation {
                    conversation_id: Some("past-2".into()),
                    started_ms: Some(T0 - 40 * day),
                    ended_ms: None,
                    channel: Some("WHATSAPP".into()),
                    agent: None,
                    summary: Some("Asked about the \u{1b}[31m20 GB plan".into()),
                    event: None,
                },
            ],
        },
    );
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    for expected in [
        "Customer",
        "Maria Lopez",
        "Identifiers",
        "web: 0991223",
        "Conversation data",
        "plan: 20 GB",
        "Past conversations",
        "2025-02-25 WEB",
        "2025-01-19 WHATSAPP",
        "/history more",
    ] {
        assert!(screen.contains(expected), "{expected:?} missing:\n{screen}");
    }
    assert!(!screen.contains("__v"), "{screen}");
    insta::assert_snapshot!("customer_panel", terminal.backend());
}

#[test]
fn rona_banner() {
    let mut state = logged_in_ready(T0, false);
    client(&mut state, T0, offer_event());
    client(
        &mut state,
        T0 + 30_000,
        ClientEvent::RevokeTask(decode::<RevokeTask>(json!({"conversationId": CONV_A}))),
    );
    let mut presence = own_presence(&login_user(false).id);
    presence["agentPresence"]["state"] = json!({"name": "NOT_READY", "reasonCode": null});
    presence["agentPresence"]["stateChangeTime"] = json!(T0 + 31_000);
    client(
        &mut state,
        T0 + 31_000,
        ClientEvent::Presence(Box::new(decode::<AgentPresenceEvent>(presence))),
    );
    app::update(&mut state, T0 + 40_000, Input::Tick);
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(
        screen.contains("Missed chat from sana shoukat at "),
        "{screen}"
    );
    assert!(screen.contains("— you are not ready."), "{screen}");
    assert!(screen.contains("F2 ready · Esc"), "{screen}");
    insta::assert_snapshot!("rona_banner", terminal.backend());
    // Esc dismisses it.
    user(&mut state, T0 + 41_000, UserAction::Dismiss);
    assert!(!screen_text(&render(&state)).contains("Missed chat"));
}

#[test]
fn receipts_typing_selection_and_reply() {
    let theme = Theme::default_theme();
    let mut state = conversation_state();
    // The pending reply is echoed, then delivered; the agent's earlier message was read.
    let pending = newest_line_id(&state);
    client(
        &mut state,
        T0 + 56_000,
        echo(
            &pending,
            "Thanks Maria, let me check the line status for you.",
            T0 + 50_000,
        ),
    );
    client(
        &mut state,
        T0 + 58_000,
        delivery(&pending, "DELIVERED", T0 + 58_000),
    );
    client(
        &mut state,
        T0 + 59_000,
        delivery("d01dc42b-6da4-4d92-bd3a-70d1d1d72b11", "READ", T0 + 59_000),
    );
    // Reply to Maria's second message (Ctrl+↑ twice, Ctrl+R), then send.
    user(&mut state, T0 + 60_000, UserAction::SelectLine(-1));
    user(&mut state, T0 + 60_000, UserAction::SelectLine(-1));
    user(
        &mut state,
        T0 + 60_000,
        UserAction::Command("/reply".into()),
    );
    type_text(
        &mut state,
        T0 + 62_000,
        "Could you restart the router once?",
    );
    user(&mut state, T0 + 62_000, UserAction::Submit);
    // Start another reply (to her first message) and select the newest message.
    for _ in 0..5 {
        user(&mut state, T0 + 63_000, UserAction::SelectLine(-1));
    }
    user(
        &mut state,
        T0 + 63_000,
        UserAction::Command("/reply".into()),
    );
    user(&mut state, T0 + 64_000, UserAction::SelectLine(-1));
    // Maria is typing.
    client(&mut state, T0 + 65_000, typing(T0 + 65_000));
    app::update(&mut state, T0 + 66_000, Input::Tick);

    let terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(screen.contains("Maria Lopez is typing…"), "{screen}");
    assert!(
        screen.contains("↳ Maria Lopez: It's the 20 GB plan."),
        "{screen}"
    );
    assert!(
        screen.contains("Replying to Maria Lopez: I need help with my"),
        "{screen}"
    );
    assert!(screen.contains("Esc cancels"), "{screen}");
    assert!(screen.contains("Ctrl+R reply"), "{screen}");
    // Delivered and read marks: the read one in the `read` colour.
    let read = find(&terminal, "that.\u{a0}✓✓");
    let read_mark = Position::new(read.x + 6, read.y);
    assert_eq!(
        terminal.backend().buffer()[read_mark].fg,
        theme.read.fg.unwrap()
    );
    let delivered = find(&terminal, "for you.\u{a0}✓✓");
    let delivered_mark = Position::new(delivered.x + 9, delivered.y);
    assert_eq!(
        terminal.backend().buffer()[delivered_mark].fg,
        theme.sent.fg.unwrap()
    );
    // The selected (newest) message is highlighted.
    let selected = find(&terminal, "Could you restart");
    assert!(terminal.backend().buffer()[selected]
        .modifier
        .contains(theme.selected.add_modifier));
    insta::assert_snapshot!("receipts_typing_selection_reply", terminal.backend());

    // The typing line goes after 5 s.
    app::update(&mut state, T0 + 71_000, Input::Tick);
    assert!(!screen_text(&render(&state)).contains("is typing"));
}

#[test]
fn selected_line_is_kept_on_screen() {
    let mut state = conversation_state();
    for i in 0..30 {
        let at = T0 + 56_000 + i * 1000;
        let id = format!("msg-{i}");
        let text = format!("line {i}");
        client(&mut state, at, customer_message(Some((&id, &text, at))));
    }
    // Select far back: the view follows the selection.
    for _ in 0..25 {
        user(&mut state, T0 + 90_000, UserAction::SelectLine(-1));
    }
    let screen = screen_text(&render(&state));
    let selected = state
        .focused_conversation()
        .unwrap()
        .selected
        .clone()
        .unwrap();
    assert_eq!(selected, "msg-5");
    assert!(screen.contains("Maria Lopez: line 5"), "{screen}");
    assert!(!screen.contains("line 29"), "{screen}");
}

#[test]
fn hold_shows_in_the_header_and_the_list() {
    let mut state = conversation_state();
    client(
        &mut state,
        T0 + 60_000,
        cim_event(
            CONV_B,
            json!({
                "id": "paused-1",
                "name": "CONVERSATION_PAUSED",
                "type": "ACTIVITY",
                "timestamp": T0 + 60_000,
                "data": {"duration": 300}
            }),
        ),
    );
    app::update(&mut state, T0 + 75_000, Input::Tick);
    let screen = screen_text(&render(&state));
    assert!(screen.contains("ON HOLD 4:45 left"), "{screen}");
    assert!(screen.contains("on hold"), "{screen}");
}

#[test]
fn mrd_chips_show_state_and_load() {
    let mut state = conversation_state();
    let theme = Theme::default_theme();
    let wide = |state: &State| {
        let mut terminal = Terminal::new(TestBackend::new(120, 24)).unwrap();
        terminal
            .draw(|f| {
                ui::draw(f, state, &theme);
            })
            .unwrap();
        terminal
    };
    // Wide enough for every chip in full.
    let screen = screen_text(&wide(&state));
    assert!(screen.contains("CHAT ✓ ready 2/5"), "{screen}");
    assert!(screen.contains("CX VOICE ✗ not ready 0/1"), "{screen}");
    // At 80 columns the chips shorten to their mark; the load stays where chats are routed.
    let narrow = screen_text(&render(&state));
    assert!(narrow.contains("CX VOICE✗ CHAT✓ 2/5"), "{narrow}");
    // Each state has its colour, and its own mark and words (no state by colour alone, also
    // in the shortest chips); unknown states are humanised.
    let mut seen = Vec::new();
    for (name, words, role) in [
        ("ACTIVE", "● active", theme.state_active),
        ("BUSY", "■ full", theme.state_busy),
        (
            "PENDING_NOT_READY",
            "◐ not ready after chats",
            theme.state_pending,
        ),
        ("SOMETHING_NEW", "? something new", theme.state_other),
    ] {
        state.mrds[1].state = name.into();
        let terminal = wide(&state);
        let at = find(&terminal, &format!("CHAT {words} 2/5"));
        let compact = screen_text(&render(&state));
        let chip = compact
            .lines()
            .next()
            .unwrap()
            .split(" CHAT")
            .nth(1)
            .unwrap()
            .chars()
            .next()
            .unwrap();
        assert!(
            !seen.contains(&chip),
            "{name}: compact chip mark {chip} not unique"
        );
        seen.push(chip);
        let state_cell = Position::new(at.x + 5, at.y);
        assert_eq!(
            terminal.backend().buffer()[state_cell].fg,
            role.fg.unwrap(),
            "{name}"
        );
    }
}

// Issue 9 items 8, 13–15: names, web addresses, widths, per-chat scroll — on screen.

#[test]
fn own_lines_say_you_and_a_customer_named_like_the_agent_stays_apart() {
    // The agent of conversation B is "sana" … and so is a customer here; one is "You".
    let mut state = logged_in_ready(T0, true);
    let me = state.me.clone().unwrap().display_name();
    client(&mut state, T0, topic_event(CONV_B, &me, true));
    type_text(&mut state, T0 + 1_000, "hello from the desk");
    user(&mut state, T0 + 1_000, UserAction::Submit);
    let screen = screen_text(&render(&state));
    assert!(screen.contains("You: hello from the desk"), "{screen}");
    assert!(
        screen.contains(&format!("{me}: ")),
        "the customer line:\n{screen}"
    );
    // A customer called "You" gets their role beside the name.
    let mut state = logged_in_ready(T0, true);
    client(&mut state, T0, topic_event(CONV_B, "You", true));
    client(
        &mut state,
        T0 + 1_000,
        customer_message(Some(("m-you", "am I you?", T0 + 1_000))),
    );
    let conversation = state.focused_conversation().unwrap();
    let line = conversation.line("m-you").unwrap().clone();
    let mut renamed = line.clone();
    renamed.sender = "You".into();
    assert_eq!(ui::chat::sender_name(&renamed), "You (customer)");
}

#[test]
fn web_addresses_wrap_whole_and_are_reported_as_links() {
    let mut state = conversation_state();
    let url = "https://support.example.com/articles/router-lights-explained?id=4711&lang=en";
    client(
        &mut state,
        T0 + 56_000,
        customer_message(Some((
            "m-url",
            &format!("Please read {url} first."),
            T0 + 56_000,
        ))),
    );
    let theme = Theme::default_theme();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut drawn = ui::Drawn::default();
    terminal
        .draw(|f| drawn = ui::draw(f, &state, &theme))
        .unwrap();
    let screen = screen_text(&terminal);
    // The address is never broken after "Please read": its line starts with it.
    assert!(
        screen.contains(&format!("      {}", &url[..40])),
        "address not at a line start:\n{screen}"
    );
    let parts: Vec<_> = drawn.links.iter().filter(|l| l.url == url).collect();
    assert!(
        parts.len() >= 2,
        "a long address is split over lines: {parts:?}"
    );
    assert_eq!(
        parts.iter().map(|l| l.width as usize).sum::<usize>(),
        url.len(),
        "every part of it is one link"
    );
}

#[test]
fn copy_takes_the_message_text_or_the_customers_phone_and_email() {
    let mut state = conversation_state();
    let copied = |effects: Vec<app::Effect>| -> Option<String> {
        effects.into_iter().find_map(|e| match e {
            app::Effect::Copy(text) => Some(text),
            _ => None,
        })
    };
    type_text(&mut state, T0, "/copy text");
    let text = copied(user(&mut state, T0, UserAction::Submit)).unwrap();
    assert!(text.starts_with("It's the 20 GB plan."), "{text}");
    // No email anywhere yet: nothing copied, and the notice says why.
    type_text(&mut state, T0, "/copy email");
    assert_eq!(copied(user(&mut state, T0, UserAction::Submit)), None);
    assert!(state
        .last_notice()
        .unwrap()
        .text
        .contains("Nothing to copy"));
    let conversation = state.focused_conversation().unwrap();
    let mut with_contact = conversation.clone();
    let mut customer = (*with_contact.customer).clone();
    customer["email"] = json!("maria@example.com");
    customer["phoneNumber"] = json!(["+34 600 000 000"]);
    with_contact.customer = customer.into();
    let index = state.focused_index().unwrap();
    state.conversations[index] = with_contact;
    type_text(&mut state, T0, "/copy email");
    assert_eq!(
        copied(user(&mut state, T0, UserAction::Submit)).as_deref(),
        Some("maria@example.com")
    );
    type_text(&mut state, T0, "/copy phone");
    assert_eq!(
        copied(user(&mut state, T0, UserAction::Submit)).as_deref(),
        Some("+34 600 000 000")
    );
}

#[test]
fn chat_width_is_readable_with_the_panel_at_100_and_capped_at_200() {
    let mut state = conversation_state();
    user(&mut state, T0 + 56_000, UserAction::ToggleCustomerPanel);
    let screen = screen_text(&render_sized(&state, 100, 30));
    // The chat pane's top border runs from its ┌ to the ┐ before the customer panel.
    let top = screen.lines().nth(1).unwrap();
    let chat_top = top
        .split('┐')
        .find(|part| part.contains("Maria Lopez"))
        .unwrap();
    let chat_width = chat_top.split('┌').next_back().unwrap().chars().count() + 2;
    assert!(
        chat_width >= 48,
        "chat pane {chat_width} columns:\n{screen}"
    );
    assert!(
        screen.contains("Chats (2)"),
        "the list stays at 100:\n{screen}"
    );
    // At 200 columns lines stop at the reading width.
    let mut state = conversation_state();
    let long = "word ".repeat(60);
    client(
        &mut state,
        T0 + 56_000,
        customer_message(Some(("m-long", long.trim(), T0 + 56_000))),
    );
    let screen = screen_text(&render_sized(&state, 200, 60));
    let widest = screen
        .lines()
        .filter(|l| l.contains("word word"))
        .map(|l| {
            let inside = l.rsplit('│').nth(1).unwrap_or(l);
            inside.trim_end().chars().count()
        })
        .max()
        .unwrap();
    assert!(
        widest <= ui::chat::READING_COLS,
        "lines of {widest} columns"
    );
}

#[test]
fn a_narrow_screen_without_the_list_still_shows_the_other_chats() {
    let state = conversation_state();
    let screen = screen_text(&render_sized(&state, 50, 20));
    assert!(!screen.contains("Chats"), "{screen}");
    assert!(screen.contains("chat 1 of 2 · 1 unread"), "{screen}");
}

#[test]
fn each_chat_keeps_its_scroll_position_and_one_line_is_singular() {
    let mut state = conversation_state();
    user(&mut state, T0 + 56_000, UserAction::Scroll(1));
    let screen = screen_text(&render_sized(&state, 80, 12));
    assert!(screen.contains("↑ 1 line back"), "{screen}");
    user(&mut state, T0 + 56_000, UserAction::Scroll(2));
    user(&mut state, T0 + 56_000, UserAction::FocusNext);
    assert_eq!(state.scroll(), 0, "the other chat has its own position");
    user(&mut state, T0 + 56_000, UserAction::FocusPrev);
    assert_eq!(state.scroll(), 3, "back where it was");
}

#[test]
fn next_unread_goes_to_the_chat_with_unread_messages() {
    let mut state = conversation_state();
    assert_eq!(state.focused.as_deref(), Some(CONV_B));
    user(&mut state, T0 + 56_000, UserAction::NextUnread);
    assert_eq!(state.focused.as_deref(), Some(CONV_A));
    user(&mut state, T0 + 56_000, UserAction::NextUnread);
    assert_eq!(
        state.focused.as_deref(),
        Some(CONV_A),
        "nothing else unread"
    );
    assert!(state.last_notice().unwrap().text.contains("No unread"));
}

#[test]
fn the_header_never_counts_a_number_past_the_open_chats() {
    // B is chat 1, A chat 2; B closes: A keeps its number 2, and the header does not say
    // "2 of 1".
    let mut state = conversation_state();
    let mut closed = fixture("topicClosed.json");
    closed["conversationId"] = json!(CONV_B);
    client(
        &mut state,
        T0 + 81_000,
        ClientEvent::TopicClosed(decode::<TopicClosed>(closed)),
    );
    type_text(&mut state, T0 + 82_000, "/leave");
    user(&mut state, T0 + 82_000, UserAction::Submit);
    assert_eq!(state.focused.as_deref(), Some(CONV_A));
    let screen = screen_text(&render(&state));
    assert!(screen.contains("chat 2 · 1 open"), "{screen}");
    assert!(screen.contains("▸2 sana shoukat"), "{screen}");
}

#[test]
fn at_100_columns_the_status_bar_keeps_the_name_in_every_state() {
    let mut state = conversation_state();
    let name = state.me.clone().unwrap().display_name();
    let top = |state: &State| {
        screen_text(&render_sized(state, 100, 30))
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert!(top(&state).contains(&name), "{}", top(&state));
    let me = state.me.clone().unwrap().id;
    let mut presence = own_presence(&me);
    presence["agentPresence"]["state"] = json!({
        "name": "NOT_READY",
        "reasonCode": {"id": "r1", "name": "Short Break", "type": "NOT_READY"},
    });
    client(
        &mut state,
        T0 + 56_000,
        ClientEvent::Presence(Box::new(decode::<AgentPresenceEvent>(presence))),
    );
    let line = top(&state);
    assert!(line.contains("Not ready — Short Break"), "{line}");
    assert!(line.contains(&name), "the name went with NOT_READY: {line}");
}
