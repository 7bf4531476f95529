//! The key map in context: login form, main screen, help overlay.

use agentdesk::app::{self, Edit, Input, LoginForm, State, UserAction};
use agentdesk::ui::keymap::map_key;
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
        (ctrl('u'), UserAction::Edit(Edit::Clear)),
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
