//! `remember` (the password goes to the keyring only after a successful login) and `/log`
//! (the notices and the end of the log file), as pure transitions of `app::update`.

use agentdesk::app::{self, Effect, Input, Level, LoginForm, Overlay, State};
use agentdesk::client::{ClientEvent, Command};
use agentdesk::protocol::LoginResponse;

mod common;

use common::*;

fn logged_in() -> ClientEvent {
    let user = decode::<LoginResponse>("login.response.json")
        .data
        .keycloak_user;
    ClientEvent::LoggedIn { user }
}

fn remembered(effects: &[Effect]) -> Vec<(&str, &str)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::RememberPassword { username, password } => {
                Some((username.as_str(), password.expose()))
            }
            _ => None,
        })
        .collect()
}

fn log_in(state: &mut State, username: &str, password: &str) -> Vec<Effect> {
    type_line(state, T0, username);
    type_line(state, T0, password)
}

#[test]
fn with_remember_the_password_is_handed_over_after_the_login_succeeds() {
    let mut state = State::new(Some(LoginForm::default()), T0);
    state.remember_password = true;
    let effects = log_in(&mut state, "agent1", "wrong");
    assert!(matches!(
        sent_commands(&effects)[..],
        [Command::Login { .. }]
    ));
    assert!(
        remembered(&effects).is_empty(),
        "not before the server said yes"
    );
    let effects = client(
        &mut state,
        T0,
        ClientEvent::LoginFailed {
            message: "Invalid user credentials".into(),
        },
    );
    assert!(remembered(&effects).is_empty());
    let effects = client(&mut state, T0, logged_in());
    assert!(
        remembered(&effects).is_empty(),
        "a failed password is never remembered"
    );

    let mut state = State::new(Some(LoginForm::default()), T0);
    state.remember_password = true;
    log_in(&mut state, "agent1", "right");
    assert!(
        !format!("{state:?}").contains("right"),
        "the kept password never shows in Debug"
    );
    let effects = client(&mut state, T0, logged_in());
    assert_eq!(remembered(&effects), [("agent1", "right")]);
    let effects = client(&mut state, T0, logged_in());
    assert!(remembered(&effects).is_empty(), "handed over once");
}

#[test]
fn without_remember_nothing_is_stored() {
    let mut state = State::new(Some(LoginForm::default()), T0);
    log_in(&mut state, "agent1", "pw");
    let effects = client(&mut state, T0, logged_in());
    assert!(remembered(&effects).is_empty());
}

#[test]
fn log_shows_notices_and_asks_for_the_log_tail() {
    let mut state = online();
    let effects = type_line(&mut state, T0, "/log");
    assert_eq!(effects, [Effect::ReadLog]);
    let Some(Overlay::Log(view)) = &state.overlay else {
        panic!("no log overlay: {:?}", state.overlay);
    };
    assert!(view.loading);
    app::update(
        &mut state,
        T0,
        Input::LogTail {
            path: "/tmp/agentdesk.log".into(),
            lines: Ok(vec!["INFO first".into(), "WARN \u{1b}[2Jsecond".into()]),
        },
    );
    let Some(Overlay::Log(view)) = &state.overlay else {
        panic!("the overlay closed");
    };
    assert!(!view.loading);
    assert_eq!(view.path, "/tmp/agentdesk.log");
    assert_eq!(view.lines.len(), 2);
    assert!(!view.lines[1].contains('\u{1b}'), "log lines are sanitised");
    app::update(
        &mut state,
        T0,
        Input::Notice {
            level: Level::Warning,
            text: "no OS keyring available".into(),
        },
    );
    assert_eq!(state.last_notice().unwrap().text, "no OS keyring available");
    user(&mut state, T0, app::UserAction::Dismiss);
    assert!(state.overlay.is_none(), "Esc closes it");
}
