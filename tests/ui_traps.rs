//! Issue 9: the traps a new user hit, driven as a user drives them — key presses through the
//! key map into `app::update` (and pastes as the terminal delivers them).

mod common;

use agentdesk::app::{Effect, Input, Overlay, State, UserAction, WrapupFocus};
use agentdesk::client::{ClientEvent, Command};
use agentdesk::ui::keymap::{context_of, map_key, Context};
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// One key press as the desk handles it; keys that mean nothing there do nothing.
fn press(state: &mut State, event: KeyEvent) -> Vec<Effect> {
    match map_key(state, event) {
        Some(action) => agentdesk::app::update(state, T0, Input::User(action)),
        None => Vec::new(),
    }
}

/// Types `text` key by key (`\r` is Enter); returns every effect.
fn keys(state: &mut State, text: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in text.chars() {
        let event = if c == '\r' {
            key(KeyCode::Enter)
        } else {
            key(KeyCode::Char(c))
        };
        effects.extend(press(state, event));
    }
    effects
}

fn paste(state: &mut State, text: &str) -> Vec<Effect> {
    user(state, T0, UserAction::Paste(text.into()))
}

fn quits(effects: &[Effect]) -> bool {
    effects.contains(&Effect::Quit)
}

fn agent_state_changes(effects: &[Effect]) -> usize {
    sent_commands(effects)
        .iter()
        .filter(|c| matches!(c, Command::SetAgentState { .. }))
        .count()
}

fn messages(effects: &[Effect]) -> Vec<String> {
    sent_commands(effects)
        .into_iter()
        .filter_map(|c| match c {
            Command::SendMessage { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn unsubscribes(effects: &[Effect]) -> usize {
    sent_commands(effects)
        .iter()
        .filter(|c| matches!(c, Command::Unsubscribe { .. }))
        .count()
}

/// Online with conversation B open and focused.
fn in_a_chat() -> State {
    let mut state = online();
    topic_b(&mut state, T0);
    state
}

fn with_wrapup() -> State {
    let mut state = in_a_chat();
    let id = state.focused.clone().unwrap();
    client(
        &mut state,
        T0,
        ClientEvent::WrapupTimerStarted {
            conversation_id: id,
            duration_ms: Some(60_000),
        },
    );
    assert_eq!(context_of(&state), Context::Wrapup);
    state
}

// Item 1: a multi-line paste is one message, never a command.

#[test]
fn a_pasted_line_break_does_not_send_and_a_pasted_command_is_text() {
    let mut state = in_a_chat();
    let effects = paste(&mut state, "see below\n/leave\n");
    assert!(messages(&effects).is_empty(), "nothing is sent by a paste");
    assert_eq!(unsubscribes(&effects), 0);
    assert_eq!(state.composer.text(), "see below\n/leave");
    let effects = press(&mut state, key(KeyCode::Enter));
    assert_eq!(messages(&effects), ["see below\n/leave"]);
    assert_eq!(unsubscribes(&effects), 0, "the pasted /leave is not run");

    paste(&mut state, "/leave");
    let effects = press(&mut state, key(KeyCode::Enter));
    assert_eq!(messages(&effects), ["/leave"], "a paste is never a command");
    assert_eq!(unsubscribes(&effects), 0);

    // A typed command with a pasted argument is still a command.
    keys(&mut state, "/goto ");
    paste(&mut state, "1\n");
    let effects = press(&mut state, key(KeyCode::Enter));
    assert!(messages(&effects).is_empty());
    assert!(state.composer.is_empty());
}

#[test]
fn a_long_paste_asks_before_it_is_sent() {
    let mut state = in_a_chat();
    let long: String = (1..=12).map(|i| format!("line {i}\n")).collect();
    paste(&mut state, &long);
    let effects = press(&mut state, key(KeyCode::Enter));
    assert!(messages(&effects).is_empty());
    let Some(Overlay::Confirm(question)) = &state.overlay else {
        panic!("no question before sending 12 lines")
    };
    assert!(question.text.contains("12 lines"), "{}", question.text);
    // No: back to editing, nothing lost.
    press(&mut state, key(KeyCode::Char('n')));
    assert!(state.overlay.is_none());
    assert_eq!(state.composer.line_count(), 12);
    press(&mut state, key(KeyCode::Enter));
    let effects = press(&mut state, key(KeyCode::Char('y')));
    assert_eq!(messages(&effects).len(), 1);
    assert_eq!(messages(&effects)[0].lines().count(), 12);
    // Ten lines go without asking.
    paste(&mut state, &"x\n".repeat(10));
    assert_eq!(messages(&press(&mut state, key(KeyCode::Enter))).len(), 1);
}

// Item 2: slash commands always work; pickers filter; Esc closes; the wrap-up form does not
// swallow the composer.

fn reason_picker() -> State {
    let mut state = online();
    let reasons: Vec<agentdesk::protocol::Reason> = decode("reasons.json");
    let mut lunch = reasons[1].clone();
    lunch.name = "Lunch".into();
    lunch.id = "lunch".into();
    let mut all = reasons;
    all.push(lunch);
    client(&mut state, T0, ClientEvent::Reasons(all));
    press(&mut state, key(KeyCode::F(3)));
    assert_eq!(context_of(&state), Context::Picker);
    state
}

#[test]
fn typing_a_slash_command_in_a_picker_runs_the_command_not_the_highlighted_row() {
    let mut state = reason_picker();
    let effects = keys(&mut state, "/quit\r");
    assert_eq!(agent_state_changes(&effects), 0, "no reason was picked");
    assert!(quits(&effects), "/quit quits (nothing open)");
}

#[test]
fn typing_in_a_picker_filters_it_and_enter_picks_the_match() {
    let mut state = reason_picker();
    let effects = keys(&mut state, "lun\r");
    let chosen: Vec<_> = sent_commands(&effects)
        .into_iter()
        .filter_map(|c| match c {
            Command::SetAgentState { reason, .. } => reason.as_ref().map(|r| r.name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(chosen, ["Lunch"]);

    // Nothing matching: Enter picks nothing and says so; Esc closes with the filter typed.
    let mut state = reason_picker();
    let effects = keys(&mut state, "zzz\r");
    assert_eq!(agent_state_changes(&effects), 0);
    assert!(state
        .last_notice()
        .unwrap()
        .text
        .contains("Nothing matches"));
    press(&mut state, key(KeyCode::Esc));
    assert!(state.overlay.is_none(), "Esc always closes the picker");
}

#[test]
fn a_slash_in_the_help_overlay_opens_the_composer_with_it() {
    let mut state = online();
    press(&mut state, key(KeyCode::Char('?')));
    assert_eq!(state.overlay, Some(Overlay::Help));
    let effects = keys(&mut state, "/quit\r");
    assert!(quits(&effects));
}

#[test]
fn the_wrapup_form_does_not_swallow_typed_text_or_commands() {
    let mut state = with_wrapup();
    // Letters over the categories go to the note.
    keys(&mut state, "ok");
    let form = state
        .focused_conversation()
        .unwrap()
        .wrapup
        .clone()
        .unwrap();
    assert_eq!(form.note.text(), "ok");
    assert_eq!(form.focus, WrapupFocus::Note);
    // A slash in the (non-empty) note is text; Tab back to the categories, then a slash
    // starts a command in the composer.
    keys(&mut state, "/");
    press(&mut state, key(KeyCode::Tab));
    keys(&mut state, "/he");
    assert_eq!(state.composer.text(), "/he");
    assert_eq!(
        context_of(&state),
        Context::Main,
        "the composer has the keys"
    );
    let effects = keys(&mut state, "lp\r");
    assert!(effects.is_empty());
    assert_eq!(state.overlay, Some(Overlay::Help), "/help ran");
    press(&mut state, key(KeyCode::Esc));
    assert_eq!(
        context_of(&state),
        Context::Wrapup,
        "the form has the keys again"
    );
    let form = state
        .focused_conversation()
        .unwrap()
        .wrapup
        .clone()
        .unwrap();
    assert_eq!(form.note.text(), "ok/", "the note is intact");

    // Esc in a command typed over the form drops it and gives the keys back.
    keys(&mut state, "/x");
    press(&mut state, key(KeyCode::Esc));
    assert!(state.composer.is_empty());
    assert_eq!(context_of(&state), Context::Wrapup);

    // /quit from the wrap-up form: asks (the chat is still open), y quits.
    keys(&mut state, "/quit\r");
    assert!(matches!(state.overlay, Some(Overlay::Confirm(_))));
    assert!(quits(&press(&mut state, key(KeyCode::Char('y')))));
}

#[test]
fn a_command_typed_in_a_picker_keeps_the_composer_draft() {
    let mut state = in_a_chat();
    keys(&mut state, "half a sentence");
    let reasons: Vec<agentdesk::protocol::Reason> = decode("reasons.json");
    client(&mut state, T0, ClientEvent::Reasons(reasons));
    press(&mut state, key(KeyCode::F(3)));
    keys(&mut state, "/help\r");
    assert_eq!(state.overlay, Some(Overlay::Help));
    assert_eq!(state.composer.text(), "half a sentence");
}

#[test]
fn the_readme_first_run_works_as_typed() {
    // `/ready`, wait for an offer, `/accept`, reply, `/leave`, `/quit`.
    let mut state = online();
    keys(&mut state, "/ready\r");
    offer(&mut state, T0);
    let effects = keys(&mut state, "/accept\r");
    assert_eq!(sent_commands(&effects).len(), 1);
    topic_b(&mut state, T0);
    assert_eq!(messages(&keys(&mut state, "hello\r")), ["hello"]);
    assert_eq!(unsubscribes(&keys(&mut state, "/leave\r")), 1);
    let id = state.focused.clone().unwrap();
    client(
        &mut state,
        T0,
        ClientEvent::WrapupTimerStarted {
            conversation_id: id,
            duration_ms: Some(60_000),
        },
    );
    keys(&mut state, "/quit\r");
    let effects = press(&mut state, key(KeyCode::Char('y')));
    assert!(quits(&effects));
}

// Item 3: destructive keys ask.

#[test]
fn f8_asks_before_leaving_an_active_chat() {
    let mut state = in_a_chat();
    assert_eq!(unsubscribes(&press(&mut state, key(KeyCode::F(8)))), 0);
    let Some(Overlay::Confirm(question)) = &state.overlay else {
        panic!("F8 did not ask")
    };
    assert!(question.text.contains("Leave the chat with"));
    assert_eq!(unsubscribes(&press(&mut state, key(KeyCode::Esc))), 0);
    assert!(state.overlay.is_none());
    press(&mut state, key(KeyCode::F(8)));
    assert_eq!(
        unsubscribes(&press(&mut state, key(KeyCode::F(8)))),
        1,
        "a second F8 leaves"
    );
    // Typed /leave is its own confirmation.
    let mut state = in_a_chat();
    assert_eq!(unsubscribes(&keys(&mut state, "/leave\r")), 1);
}

#[test]
fn quitting_with_open_chats_or_unsent_text_asks_and_says_it_does_not_log_out() {
    let mut state = in_a_chat();
    assert!(!quits(&press(&mut state, ctrl('c'))));
    let Some(Overlay::Confirm(question)) = &state.overlay else {
        panic!("Ctrl+C did not ask")
    };
    assert!(question.text.contains("1 open chat"), "{}", question.text);
    assert!(
        question.text.contains("does not log you out"),
        "{}",
        question.text
    );
    assert!(
        quits(&press(&mut state, ctrl('c'))),
        "a second Ctrl+C quits"
    );

    // Unsent text alone asks too; /quit! never asks.
    let mut state = online();
    keys(&mut state, "draft");
    assert!(state.conversations.is_empty());
    assert!(!quits(&press(&mut state, ctrl('c'))));
    let Some(Overlay::Confirm(question)) = &state.overlay else {
        panic!("unsent text did not ask")
    };
    assert!(question.text.contains("unsent text"));
    press(&mut state, key(KeyCode::Char('n')));
    assert_eq!(state.composer.text(), "draft", "no keeps the draft");

    let mut state = in_a_chat();
    assert!(quits(&keys(&mut state, "/quit!\r")));
    // The configuration switch skips the question.
    let mut state = in_a_chat();
    state.confirm = false;
    assert!(quits(&press(&mut state, ctrl('c'))));
}

fn in_a_chat_with_confirm_off() -> State {
    let mut state = in_a_chat();
    state.confirm = false;
    state
}

#[test]
fn with_confirm_off_f8_leaves_at_once() {
    let mut state = in_a_chat_with_confirm_off();
    assert_eq!(unsubscribes(&press(&mut state, key(KeyCode::F(8)))), 1);
}
