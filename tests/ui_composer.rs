//! The composer and the keys around it (issue 10): readline keys through the key map,
//! multi-line drafts (Alt+Enter, ↑/↓ between lines, else scrolling), undo, a draft (with its
//! history) per conversation, `$EDITOR`'s text coming back to the right draft, Ctrl+K's
//! palette, Tab, j/k in pickers, Ctrl+Z and Ctrl+L as effects.

mod common;

use agentdesk::app::{self, Effect, Input, Overlay, Picker, PickerItem, State, UserAction};
use agentdesk::client::ClientEvent;
use agentdesk::protocol::TopicDataEvent;
use agentdesk::ui::keymap::map_key;
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;
const NONE: KeyModifiers = KeyModifiers::NONE;

/// Presses a key through the default key map; returns the effects.
fn press(state: &mut State, code: KeyCode, mods: KeyModifiers) -> Vec<Effect> {
    match map_key(state, KeyEvent::new(code, mods)) {
        Some(action) => app::update(state, T0, Input::User(action)),
        None => Vec::new(),
    }
}

fn typed(state: &mut State, text: &str) {
    for c in text.chars() {
        press(state, KeyCode::Char(c), NONE);
    }
}

/// Two conversations: the fixture's (focused) and a copy under another id.
fn two_chats() -> (State, String, String) {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let a = "65a923832d53786eb16039f0".to_string();
    let text = serde_json::to_string(&fixture("onTopicData.json"))
        .unwrap()
        .replace(&b, &a);
    let topic: TopicDataEvent = serde_json::from_str(&text).unwrap();
    client(&mut state, T0, ClientEvent::TopicData(Box::new(topic)));
    (state, b, a)
}

#[test]
fn readline_keys_edit_the_composer() {
    let mut state = online();
    typed(&mut state, "please send the invoice");
    press(&mut state, KeyCode::Char('w'), CTRL);
    assert_eq!(state.composer.text(), "please send the ");
    press(&mut state, KeyCode::Char('b'), ALT);
    press(&mut state, KeyCode::Char('b'), ALT);
    press(&mut state, KeyCode::Char('d'), ALT);
    assert_eq!(state.composer.text(), "please  the ");
    press(&mut state, KeyCode::Char('y'), CTRL);
    assert_eq!(
        state.composer.text(),
        "please send the ",
        "Ctrl+Y yanks Alt+D's word"
    );
    press(&mut state, KeyCode::Char('a'), CTRL);
    press(&mut state, KeyCode::Right, CTRL);
    press(&mut state, KeyCode::Char('k'), CTRL);
    assert_eq!(state.composer.text(), "please", "Ctrl+K deletes to the end");
    press(&mut state, KeyCode::Char('_'), CTRL);
    assert_eq!(
        state.composer.text(),
        "please send the ",
        "Ctrl+_ undoes it"
    );
    press(&mut state, KeyCode::Char('e'), CTRL);
    press(&mut state, KeyCode::Char('u'), CTRL);
    assert!(state.composer.is_empty());
    // Ctrl+_ as the kitty keyboard protocol reports it: Ctrl+Shift and the unshifted key.
    press(&mut state, KeyCode::Char('-'), CTRL | KeyModifiers::SHIFT);
    assert_eq!(state.composer.text(), "please send the ");
}

#[test]
fn ctrl_k_at_the_end_opens_the_palette_and_it_runs_what_is_picked() {
    let mut state = online();
    press(&mut state, KeyCode::Char('k'), CTRL);
    let Some(Overlay::Picker(picker)) = &state.overlay else {
        panic!("no palette: {:?}", state.overlay);
    };
    assert!(picker.search);
    // In the palette j/k are text.
    typed(&mut state, "ready");
    let Some(Overlay::Picker(picker)) = &state.overlay else {
        panic!()
    };
    assert_eq!(picker.filter.text(), "ready");
    assert_eq!(picker.chosen(), Some("/ready"));
    let effects = press(&mut state, KeyCode::Enter, NONE);
    assert!(
        sent_commands(&effects)
            .iter()
            .any(|c| matches!(c, agentdesk::client::Command::SetAgentState { state, .. } if state == "READY")),
        "{effects:?}"
    );
    // A command needing an argument is put in the composer to be finished.
    press(&mut state, KeyCode::Char('k'), CTRL);
    typed(&mut state, "send");
    press(&mut state, KeyCode::Enter, NONE);
    assert_eq!(state.overlay, None);
    assert_eq!(state.composer.text(), "/send ");
}

#[test]
fn a_multi_line_draft_moves_between_its_lines_and_scrolls_outside_them() {
    let (mut state, _, _) = two_chats();
    typed(&mut state, "first");
    press(&mut state, KeyCode::Enter, ALT);
    typed(&mut state, "second");
    assert_eq!(state.composer.text(), "first\nsecond");
    assert_eq!(
        map_key(&state, KeyEvent::new(KeyCode::Down, NONE)),
        Some(UserAction::Scroll(-1)),
        "on the last line ↓ scrolls"
    );
    press(&mut state, KeyCode::Up, NONE);
    typed(&mut state, "!");
    assert_eq!(state.composer.text(), "first!\nsecond");
    assert_eq!(
        map_key(&state, KeyEvent::new(KeyCode::Up, NONE)),
        Some(UserAction::Scroll(1)),
        "on the first line ↑ scrolls the chat"
    );
    // Shift+Enter too, where the terminal reports it.
    press(&mut state, KeyCode::Enter, KeyModifiers::SHIFT);
    assert_eq!(state.composer.line_count(), 3);
}

#[test]
fn each_conversation_keeps_its_own_draft_and_its_undo() {
    let (mut state, a, b) = two_chats();
    assert_eq!(state.focused.as_deref(), Some(a.as_str()));
    typed(&mut state, "for a");
    user(&mut state, T0, UserAction::FocusNext);
    assert_eq!(state.focused.as_deref(), Some(b.as_str()));
    assert!(state.composer.is_empty());
    typed(&mut state, "for b");
    user(&mut state, T0, UserAction::FocusPrev);
    assert_eq!(state.composer.text(), "for a");
    press(&mut state, KeyCode::Char('_'), CTRL);
    assert_eq!(
        state.composer.text(),
        "for ",
        "a's own undo history came back with it"
    );
    user(&mut state, T0, UserAction::FocusNext);
    assert_eq!(state.composer.text(), "for b");
}

#[test]
fn the_editors_text_goes_back_to_the_draft_it_came_from() {
    let (mut state, a, b) = two_chats();
    typed(&mut state, "short");
    let effects = press(&mut state, KeyCode::Char('e'), ALT);
    assert_eq!(
        effects,
        vec![Effect::EditExternally {
            conversation_id: Some(a.clone()),
            text: "short".into()
        }]
    );
    // The focus moved meanwhile (an accepted offer arrived, say).
    user(&mut state, T0, UserAction::FocusNext);
    assert_eq!(state.focused.as_deref(), Some(b.as_str()));
    app::update(
        &mut state,
        T0,
        Input::EditorDone {
            conversation_id: Some(a.clone()),
            result: Ok("a longer\nanswer\n".into()),
        },
    );
    assert!(state.composer.is_empty(), "b's composer is untouched");
    user(&mut state, T0, UserAction::FocusPrev);
    assert_eq!(state.composer.text(), "a longer\nanswer");
    press(&mut state, KeyCode::Char('_'), CTRL);
    assert_eq!(state.composer.text(), "short", "one undo step");
    // A failing editor keeps the draft and says so.
    app::update(
        &mut state,
        T0,
        Input::EditorDone {
            conversation_id: Some(a),
            result: Err("vi ended with exit status: 1".into()),
        },
    );
    assert_eq!(state.composer.text(), "short");
    assert!(state
        .last_notice()
        .unwrap()
        .text
        .contains("The editor failed"));
}

#[test]
fn j_and_k_move_in_a_picker_until_something_is_typed() {
    let mut state = online();
    let items = ["Short Break", "Lunch", "Jury duty"]
        .iter()
        .map(|name| PickerItem {
            label: name.to_string(),
            detail: String::new(),
            command: format!("/notready {name}"),
            indent: 0,
        })
        .collect();
    state.overlay = Some(Overlay::Picker(Picker::new("Not ready — reason", items)));
    let selected = |state: &State| match &state.overlay {
        Some(Overlay::Picker(p)) => p.chosen().map(str::to_string),
        _ => None,
    };
    press(&mut state, KeyCode::Char('j'), NONE);
    assert_eq!(selected(&state).as_deref(), Some("/notready Lunch"));
    press(&mut state, KeyCode::Char('k'), NONE);
    assert_eq!(selected(&state).as_deref(), Some("/notready Short Break"));
    // A capital J is always text, and once typed, j is too.
    press(&mut state, KeyCode::Char('J'), KeyModifiers::SHIFT);
    press(&mut state, KeyCode::Char('u'), NONE);
    let Some(Overlay::Picker(picker)) = &state.overlay else {
        panic!()
    };
    assert_eq!(picker.filter.text(), "Ju");
    assert_eq!(selected(&state).as_deref(), Some("/notready Jury duty"));
}

#[test]
fn tab_completes_and_the_terminal_keys_are_effects() {
    let mut state = online();
    typed(&mut state, "/notr");
    press(&mut state, KeyCode::Tab, NONE);
    typed(&mut state, "sh");
    press(&mut state, KeyCode::Tab, NONE);
    assert_eq!(state.composer.text(), "/notready Short Break");
    press(&mut state, KeyCode::Char('u'), CTRL);
    typed(&mut state, "/logout o");
    press(&mut state, KeyCode::Tab, NONE);
    assert_eq!(state.composer.text(), "/logout Out Of Office");
    assert_eq!(
        press(&mut state, KeyCode::Char('z'), CTRL),
        vec![Effect::Suspend]
    );
    assert_eq!(
        press(&mut state, KeyCode::Char('l'), CTRL),
        vec![Effect::Redraw]
    );
}

#[test]
fn send_paths_are_listed_as_typed() {
    let dir = std::env::temp_dir().join(format!("agentdesk-paths-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("albums")).unwrap();
    std::fs::write(dir.join("a.pdf"), b"x").unwrap();
    std::fs::write(dir.join(".aside"), b"x").unwrap();
    let typed = format!("{}/a", dir.display());
    let found = agentdesk::runtime::list_paths(&typed, 10);
    assert_eq!(
        found,
        vec![format!("{typed}.pdf"), format!("{typed}lbums/")],
        "directories end in /, hidden files stay hidden"
    );
    let hidden = agentdesk::runtime::list_paths(&format!("{}/.", dir.display()), 10);
    assert_eq!(hidden.len(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The routing engine's answer for `conversation_id`: one queue, Billing, with agent Omar.
fn billing(state: &mut State, conversation_id: &str) {
    let queue = serde_json::from_value(serde_json::json!({
        "queueId": "q-billing",
        "queueName": "Billing",
        "availableAgents": [{"id": "a-omar", "name": "Omar"}]
    }))
    .expect("a queue");
    client(
        state,
        T0,
        ClientEvent::AvailableAgents {
            conversation_id: conversation_id.to_string(),
            result: Ok(vec![queue]),
        },
    );
}

fn asks_for_queues(effects: &[Effect], conversation_id: &str) -> bool {
    sent_commands(effects).iter().any(|c| {
        matches!(c, agentdesk::client::Command::FetchAvailableAgents { conversation_id: id } if id == conversation_id)
    })
}

#[test]
fn queues_are_asked_for_by_tab_and_the_palette_with_a_chat_in_focus() {
    let (mut state, focused, _) = two_chats();
    assert_eq!(state.focused.as_deref(), Some(focused.as_str()));
    typed(&mut state, "/transfer b");
    let effects = press(&mut state, KeyCode::Tab, NONE);
    assert!(asks_for_queues(&effects, &focused), "{effects:?}");
    assert_eq!(state.composer.text(), "/transfer b", "nothing known yet");
    assert!(state
        .current_notice()
        .is_some_and(|n| n.text.contains("loading the queues")));
    billing(&mut state, &focused);
    assert!(
        !state
            .current_notice()
            .is_some_and(|n| n.text.contains("loading the queues")),
        "loaded: the notice ends"
    );
    press(&mut state, KeyCode::Tab, NONE);
    assert_eq!(state.composer.text(), "/transfer Billing ");
    press(&mut state, KeyCode::Char('u'), CTRL);

    // The palette asks again on opening, and takes the answer in while open.
    let effects = press(&mut state, KeyCode::Char('k'), CTRL);
    assert!(asks_for_queues(&effects, &focused), "{effects:?}");
    typed(&mut state, "omar");
    billing(&mut state, &focused);
    let Some(Overlay::Picker(picker)) = &state.overlay else {
        panic!("the palette stays open: {:?}", state.overlay);
    };
    assert_eq!(picker.filter.text(), "omar");
    assert_eq!(picker.chosen(), Some("/transfer @Omar"));
}
