//! The key map in context: login form, main screen, wrap-up form, picker, help overlay.

use agentdesk::app::{
    self, Edit, Input, LoginForm, Overlay, Picker, PickerItem, State, UserAction,
};
use agentdesk::client::ClientEvent;
use agentdesk::ui::keymap::{context_of, map_key, Context};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

#[test]
fn question_mark_is_help_only_when_the_composer_is_empty() {
    let mut state = State::new(None, 0);
    assert_eq!(
        map_key(&state, key(KeyCode::Char('?'))),
        Some(UserAction::ToggleHelp)
    );
    app::update(
        &mut state,
        0,
        Input::User(UserAction::Edit(Edit::Insert('a'))),
    );
    assert_eq!(
        map_key(&state, key(KeyCode::Char('?'))),
        Some(UserAction::Edit(Edit::Insert('?')))
    );
    // Some terminals report `?` with Shift.
    assert_eq!(
        map_key(
            &state,
            KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT)
        ),
        Some(UserAction::Edit(Edit::Insert('?')))
    );
    // In the login form `?` is just a character (passwords may contain it).
    let login = State::new(Some(LoginForm::default()), 0);
    assert_eq!(
        map_key(&login, key(KeyCode::Char('?'))),
        Some(UserAction::Edit(Edit::Insert('?')))
    );
}

#[test]
fn ctrl_c_quits_everywhere() {
    let mut main = State::new(None, 0);
    let login = State::new(Some(LoginForm::default()), 0);
    assert_eq!(map_key(&main, ctrl('c')), Some(UserAction::Quit));
    assert_eq!(map_key(&login, ctrl('c')), Some(UserAction::Quit));
    app::update(&mut main, 0, Input::User(UserAction::ToggleHelp));
    assert_eq!(map_key(&main, ctrl('c')), Some(UserAction::Quit));
}

#[test]
fn help_overlay_keys() {
    let mut state = State::new(None, 0);
    app::update(&mut state, 0, Input::User(UserAction::ToggleHelp));
    assert_eq!(
        map_key(&state, key(KeyCode::Esc)),
        Some(UserAction::Dismiss)
    );
    assert_eq!(
        map_key(&state, key(KeyCode::Char('?'))),
        Some(UserAction::ToggleHelp)
    );
    assert_eq!(map_key(&state, key(KeyCode::Char('x'))), None);
    assert_eq!(map_key(&state, key(KeyCode::Enter)), None);
    assert_eq!(map_key(&state, key(KeyCode::F(4))), None);
}

#[test]
fn main_screen_bindings() {
    let state = State::new(None, 0);
    let cases = [
        (key(KeyCode::Enter), UserAction::Submit),
        (key(KeyCode::Esc), UserAction::Dismiss),
        (key(KeyCode::F(2)), UserAction::Command("/ready".into())),
        (key(KeyCode::F(3)), UserAction::Command("/notready".into())),
        (key(KeyCode::F(4)), UserAction::Command("/accept".into())),
        (key(KeyCode::F(8)), UserAction::Command("/leave".into())),
        (ctrl('n'), UserAction::FocusNext),
        (ctrl('p'), UserAction::FocusPrev),
        (
            KeyEvent::new(KeyCode::Char('9'), KeyModifiers::ALT),
            UserAction::FocusNumber(9),
        ),
        (key(KeyCode::PageUp), UserAction::Scroll(10)),
        (key(KeyCode::PageDown), UserAction::Scroll(-10)),
        (ctrl('w'), UserAction::Edit(Edit::DeleteWord)),
        (ctrl('u'), UserAction::Edit(Edit::KillToStart)),
        (key(KeyCode::Backspace), UserAction::Edit(Edit::Backspace)),
        (key(KeyCode::Char('é')), UserAction::Edit(Edit::Insert('é'))),
    ];
    for (event, action) in cases {
        assert_eq!(map_key(&state, event), Some(action), "{event:?}");
    }
    assert_eq!(
        map_key(&state, KeyEvent::new(KeyCode::Char('0'), KeyModifiers::ALT)),
        None
    );
}

#[test]
fn login_form_bindings() {
    let state = State::new(Some(LoginForm::default()), 0);
    assert_eq!(
        map_key(&state, key(KeyCode::Tab)),
        Some(UserAction::NextField)
    );
    assert_eq!(
        map_key(&state, key(KeyCode::Enter)),
        Some(UserAction::Submit)
    );
    assert_eq!(map_key(&state, key(KeyCode::F(4))), None);
    assert_eq!(map_key(&state, ctrl('n')), None);
    assert_eq!(
        map_key(&state, key(KeyCode::Char('s'))),
        Some(UserAction::Edit(Edit::Insert('s')))
    );
}

fn with_mods(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

fn fixture(name: &str) -> serde_json::Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A state with conversation B (`onTopicData.json`) open and focused.
fn conversation_state() -> (State, String) {
    let mut state = State::new(None, 0);
    let topic: agentdesk::protocol::TopicDataEvent =
        serde_json::from_value(fixture("onTopicData.json")).unwrap();
    let id = topic.conversation_id().to_string();
    app::update(
        &mut state,
        0,
        Input::Client(ClientEvent::TopicData(Box::new(topic))),
    );
    assert_eq!(state.focused.as_deref(), Some(id.as_str()));
    (state, id)
}

/// Conversation B with its wrap-up form open.
fn wrapup_state() -> State {
    let (mut state, id) = conversation_state();
    app::update(
        &mut state,
        0,
        Input::Client(ClientEvent::WrapupTimerStarted {
            conversation_id: id,
            duration_ms: Some(600_000),
        }),
    );
    assert_eq!(context_of(&state), Context::Wrapup);
    state
}

#[test]
fn picker_keys() {
    let mut state = State::new(None, 0);
    state.overlay = Some(Overlay::Picker(Picker::new(
        "Not ready — reason",
        vec![PickerItem {
            label: "Short Break".into(),
            detail: String::new(),
            command: "/notready Short Break".into(),
            indent: 0,
        }],
    )));
    assert_eq!(context_of(&state), Context::Picker);
    let cases = [
        (key(KeyCode::Up), Some(UserAction::Move(-1))),
        (key(KeyCode::Down), Some(UserAction::Move(1))),
        (key(KeyCode::PageUp), Some(UserAction::Move(-10))),
        (key(KeyCode::PageDown), Some(UserAction::Move(10))),
        (key(KeyCode::Enter), Some(UserAction::Submit)),
        (key(KeyCode::Esc), Some(UserAction::Dismiss)),
        (ctrl('c'), Some(UserAction::Quit)),
        // Typing filters; a slash starts a command.
        (
            key(KeyCode::Char('x')),
            Some(UserAction::Edit(Edit::Insert('x'))),
        ),
        (
            key(KeyCode::Char(' ')),
            Some(UserAction::Edit(Edit::Insert(' '))),
        ),
        (
            key(KeyCode::Backspace),
            Some(UserAction::Edit(Edit::Backspace)),
        ),
        (key(KeyCode::Char('/')), Some(UserAction::Slash)),
        // Everything else is ignored under the picker.
        (key(KeyCode::Tab), None),
        (key(KeyCode::F(2)), None),
        (ctrl('n'), None),
    ];
    for (event, action) in cases {
        assert_eq!(map_key(&state, event), action, "{event:?}");
    }
}

#[test]
fn space_ticks_in_the_categories_but_types_in_the_note() {
    let mut state = wrapup_state();
    let space = key(KeyCode::Char(' '));
    assert_eq!(map_key(&state, space), Some(UserAction::Toggle));
    assert_eq!(
        map_key(&state, key(KeyCode::Tab)),
        Some(UserAction::NextField)
    );
    app::update(&mut state, 0, Input::User(UserAction::NextField));
    assert_eq!(
        map_key(&state, space),
        Some(UserAction::Edit(Edit::Insert(' ')))
    );
    assert_eq!(
        map_key(&state, key(KeyCode::Char('a'))),
        Some(UserAction::Edit(Edit::Insert('a')))
    );
    // Typing goes to the note, not the composer.
    for event in [key(KeyCode::Char('o')), space, key(KeyCode::Char('k'))] {
        let action = map_key(&state, event).unwrap();
        app::update(&mut state, 0, Input::User(action));
    }
    let form = state
        .focused_conversation()
        .unwrap()
        .wrapup
        .as_ref()
        .unwrap();
    assert_eq!(form.note.text(), "o k");
    assert!(state.composer.is_empty());
}

#[test]
fn wrapup_keys() {
    let state = wrapup_state();
    let cases = [
        (key(KeyCode::Up), Some(UserAction::Move(-1))),
        (key(KeyCode::Down), Some(UserAction::Move(1))),
        (key(KeyCode::Enter), Some(UserAction::Submit)),
        (ctrl('x'), Some(UserAction::SkipWrapup)),
        (key(KeyCode::Esc), Some(UserAction::Dismiss)),
        (ctrl('c'), Some(UserAction::Quit)),
        // Looking at other chats and going READY still work.
        (
            key(KeyCode::F(2)),
            Some(UserAction::Command("/ready".into())),
        ),
        (
            key(KeyCode::F(4)),
            Some(UserAction::Command("/accept".into())),
        ),
        (ctrl('n'), Some(UserAction::FocusNext)),
        (ctrl('p'), Some(UserAction::FocusPrev)),
        (
            with_mods(KeyCode::Char('2'), KeyModifiers::ALT),
            Some(UserAction::FocusNumber(2)),
        ),
        (key(KeyCode::F(1)), Some(UserAction::ToggleHelp)),
        (key(KeyCode::PageUp), Some(UserAction::Scroll(10))),
        // Not while the form is open.
        (ctrl('r'), None),
        (with_mods(KeyCode::Up, KeyModifiers::CONTROL), None),
    ];
    for (event, action) in cases {
        assert_eq!(map_key(&state, event), action, "{event:?}");
    }
}

#[test]
fn once_sent_the_wrapup_form_gives_the_keys_back() {
    let mut state = wrapup_state();
    app::update(&mut state, 0, Input::User(UserAction::SkipWrapup));
    assert_eq!(context_of(&state), Context::Main);
    assert_eq!(
        map_key(&state, key(KeyCode::Char(' '))),
        Some(UserAction::Edit(Edit::Insert(' ')))
    );
}

#[test]
fn selection_reply_and_panel_keys() {
    let (mut state, id) = conversation_state();
    let cases = [
        (
            with_mods(KeyCode::Up, KeyModifiers::CONTROL),
            UserAction::SelectLine(-1),
        ),
        (
            with_mods(KeyCode::Down, KeyModifiers::CONTROL),
            UserAction::SelectLine(1),
        ),
        (
            with_mods(KeyCode::Up, KeyModifiers::ALT),
            UserAction::SelectLine(-1),
        ),
        (
            with_mods(KeyCode::Down, KeyModifiers::ALT),
            UserAction::SelectLine(1),
        ),
        (ctrl('r'), UserAction::Command("/reply".into())),
        (key(KeyCode::F(5)), UserAction::ToggleCustomerPanel),
        (key(KeyCode::F(6)), UserAction::Command("/mrd".into())),
        (key(KeyCode::F(7)), UserAction::Command("/hold".into())),
        // Plain arrows still scroll.
        (key(KeyCode::Up), UserAction::Scroll(1)),
    ];
    for (event, action) in cases {
        assert_eq!(map_key(&state, event), Some(action), "{event:?}");
    }
    // F7 resumes a conversation on hold.
    let paused: agentdesk::protocol::CimEvent = serde_json::from_value(serde_json::json!({
        "id": "paused-1",
        "name": "CONVERSATION_PAUSED",
        "type": "ACTIVITY",
        "conversationId": id,
        "data": {"duration": 300}
    }))
    .unwrap();
    app::update(
        &mut state,
        0,
        Input::Client(ClientEvent::CimEvent {
            conversation_id: Some(id),
            event: Box::new(paused),
        }),
    );
    assert_eq!(
        map_key(&state, key(KeyCode::F(7))),
        Some(UserAction::Command("/resume".into()))
    );
}

#[test]
fn help_documents_the_new_keys() {
    let rows = agentdesk::ui::keymap::help_rows(Context::Main);
    for label in ["Ctrl+↑/↓", "Ctrl+R", "F5", "F6", "F7"] {
        assert!(rows.iter().any(|(l, _)| *l == label), "{label} not in help");
    }
    let picker: Vec<(String, String)> = agentdesk::ui::keymap::own_rows(Context::Picker);
    let picker: Vec<(&str, &str)> = picker
        .iter()
        .map(|(k, w)| (k.as_str(), w.as_str()))
        .collect();
    assert_eq!(
        picker,
        [("↑/↓ j/k", "choose"), ("Enter", "pick"), ("Esc", "cancel")]
    );
}

#[test]
fn home_and_end_scroll_the_chat_when_the_composer_is_empty() {
    let (mut state, _) = conversation_state();
    assert!(matches!(map_key(&state, key(KeyCode::Home)), Some(UserAction::Scroll(n)) if n > 1000));
    assert!(matches!(map_key(&state, key(KeyCode::End)), Some(UserAction::Scroll(n)) if n < -1000));
    app::update(
        &mut state,
        0,
        Input::User(UserAction::Edit(Edit::Insert('a'))),
    );
    assert_eq!(
        map_key(&state, key(KeyCode::Home)),
        Some(UserAction::Edit(Edit::Home))
    );
    assert_eq!(
        map_key(&state, key(KeyCode::End)),
        Some(UserAction::Edit(Edit::End))
    );
    let ctrl_home = KeyEvent::new(KeyCode::Home, KeyModifiers::CONTROL);
    assert!(matches!(map_key(&state, ctrl_home), Some(UserAction::Scroll(n)) if n > 1000));
    // The scroll is clamped to what the screen reported it can show.
    app::update(&mut state, 0, Input::User(UserAction::Scroll(1_000_000)));
    app::update(&mut state, 0, Input::ChatScrollLimit(12));
    assert_eq!(state.scroll(), 12);
    app::update(&mut state, 0, Input::User(UserAction::Scroll(-10)));
    assert_eq!(state.scroll(), 2, "PgDn after Home moves at once");
    // Login form: Home/End edit the field.
    let state = State::new(Some(LoginForm::default()), 0);
    assert_eq!(
        map_key(&state, key(KeyCode::Home)),
        Some(UserAction::Edit(Edit::Home))
    );
}
