//! `[keys]` remapping (issue 10): key strings and action names from the configuration make
//! the live key map — a remapped key runs its action, `"none"` unbinds, the help overlay is
//! drawn from the remapped map, and mistakes are configuration errors with their line.

use agentdesk::app::{self, Edit, Input, State, UserAction};
use agentdesk::client::Command;
use agentdesk::config::{self, Request};
use agentdesk::ui::keymap::{self, Keymap};
use agentdesk::ui::{self, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

/// The issue's examples, and a few more.
fn remapped() -> Keymap {
    Keymap::with_bindings([
        ("ctrl+g", "ready"),
        ("alt+r", "reply"),
        ("f9", "accept"),
        ("f8", "none"),
        ("ctrl+s", "status"),
        ("f11", "send"),
        ("q", "dismiss"),
        ("alt+z", "undo"),
    ])
    .expect("valid bindings")
}

#[test]
fn a_remapped_key_runs_its_action() {
    let mut state = State::new(None, 0);
    keymap::scoped(remapped(), || {
        let ctrl_g = key(KeyCode::Char('g'), KeyModifiers::CONTROL);
        let action = keymap::map_key(&state, ctrl_g).expect("Ctrl+G is bound");
        assert_eq!(action, UserAction::Command("/ready".into()));
        let effects = app::update(&mut state, 0, Input::User(action));
        assert!(
            effects.iter().any(|e| matches!(
                e,
                app::Effect::Send(Command::SetAgentState { state, .. }) if state == "READY"
            )),
            "{effects:?}"
        );
        // The issue's other examples.
        assert_eq!(
            keymap::map_key(&state, key(KeyCode::Char('r'), KeyModifiers::ALT)),
            Some(UserAction::Command("/reply".into()))
        );
        assert_eq!(
            keymap::map_key(&state, key(KeyCode::F(9), KeyModifiers::NONE)),
            Some(UserAction::Command("/accept".into())),
            "F9 was /transfer; the remap wins"
        );
        assert_eq!(
            keymap::map_key(&state, key(KeyCode::F(8), KeyModifiers::NONE)),
            None,
            "\"none\" unbinds"
        );
        assert_eq!(
            keymap::map_key(&state, key(KeyCode::F(2), KeyModifiers::NONE)),
            Some(UserAction::Command("/ready".into())),
            "defaults not remapped stay"
        );
        assert_eq!(
            keymap::map_key(&state, key(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            Some(UserAction::Command("/status".into())),
            "a command with no default key"
        );
        assert_eq!(
            keymap::map_key(&state, key(KeyCode::F(11), KeyModifiers::NONE)),
            Some(UserAction::Prefill("/send ".into())),
            "a command that needs an argument is put in the composer"
        );
        assert_eq!(
            keymap::map_key(&state, key(KeyCode::Char('z'), KeyModifiers::ALT)),
            Some(UserAction::Edit(Edit::Undo))
        );
        // A plain character stays text where text is typed, and acts under the overlays.
        assert_eq!(
            keymap::map_key(&state, key(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(UserAction::Edit(Edit::Insert('q')))
        );
        app::update(&mut state, 0, Input::User(UserAction::ToggleHelp));
        assert_eq!(
            keymap::map_key(&state, key(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(UserAction::Dismiss)
        );
    });
    // Outside the scope the defaults are back.
    assert_eq!(
        keymap::map_key(&State::new(None, 0), key(KeyCode::F(8), KeyModifiers::NONE)),
        Some(UserAction::Command("/leave".into()))
    );
}

fn help_text(cols: usize) -> String {
    let theme = Theme::default_theme();
    ui::help::lines(&theme, cols, None)
        .iter()
        .map(|line| {
            line.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_help_overlay_is_drawn_from_the_remapped_keymap() {
    let text = keymap::scoped(remapped(), || help_text(96));
    insta::assert_snapshot!("help_remapped", text);
    for wanted in [
        "Ctrl+G/F2",
        "Alt+R/Ctrl+R",
        "F9/F4",
        "Ctrl+S",
        "F11",
        "Alt+Z/Ctrl+_",
    ] {
        assert!(text.contains(wanted), "{wanted} missing:\n{text}");
    }
    assert!(!text.contains("/leave (asks)"), "F8 is unbound:\n{text}");
    assert!(
        !text.contains("/transfer picker"),
        "F9 is accept now, transfer has no key:\n{text}"
    );
    for section in [
        "In the composer",
        "In the wrap-up form",
        "In a list",
        "When the desk asks",
        "On the team board",
    ] {
        assert!(text.contains(section), "{section} missing:\n{text}");
    }
    // The default map's help keeps the written labels.
    let defaults = help_text(96);
    assert!(defaults.contains("F8") && defaults.contains("/leave (asks)"));
    assert!(defaults.contains("Alt+1…9"), "{defaults}");
}

#[test]
fn the_drawn_overlay_shows_the_remaps_too() {
    let mut state = State::new(None, 0);
    app::update(&mut state, 0, Input::User(UserAction::ToggleHelp));
    let theme = Theme::default_theme();
    let screen = keymap::scoped(remapped(), || {
        let mut terminal = Terminal::new(TestBackend::new(110, 140)).unwrap();
        terminal
            .draw(|f| {
                ui::draw(f, &state, &theme);
            })
            .unwrap();
        let buffer = terminal.backend().buffer().clone();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    assert!(screen.contains("Ctrl+G/F2"), "{screen}");
    assert!(screen.contains("Ctrl+S"), "{screen}");
}

fn resolve(file: &str) -> Result<config::Effective, String> {
    let dir = std::env::temp_dir().join(format!("agentdesk-keys-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, file).unwrap();
    let env = |_: &str| None;
    let result = config::resolve(&Request {
        config_path: Some(path),
        profile: None,
        flags: Vec::new(),
        env: &env,
    });
    std::fs::remove_dir_all(&dir).unwrap();
    result.map_err(|e| e.to_string())
}

#[test]
fn bad_keys_and_unknown_actions_are_errors_with_their_line() {
    let error =
        resolve("theme = \"light\"\n\n[keys]\n\"ctrl+g\" = \"ready\"\n\"ctrl+h\" = \"redy\"\n")
            .unwrap_err();
    assert!(
        error.contains(
            "config.toml:5: [keys] \"ctrl+h\": unknown action \"redy\" (did you mean \"ready\"?)"
        ),
        "{error}"
    );
    assert!(error.contains("expected one of accept, "), "{error}");
    let error = resolve("[keys]\n\"ctlr+g\" = \"ready\"\n").unwrap_err();
    assert!(
        error.contains(
            "config.toml:2: [keys] \"ctlr+g\": \"ctlr+g\" is not a key; expected ctrl+, alt+"
        ),
        "{error}"
    );
    let error = resolve(
        "default_profile = \"work\"\n[profiles.work]\nserver = \"https://cx.example.com\"\nkeys = { \"j\" = \"next-conversation\" }\n",
    )
    .unwrap_err();
    assert!(
        error.contains("config.toml:4: [keys] \"j\": \"j\" is a character typed where"),
        "{error}"
    );
    let fine = resolve(
        "[keys]\n\"ctrl+g\" = \"ready\"\n\"f8\" = \"none\"\n\"shift+enter\" = \"newline\"\n",
    );
    assert!(fine.is_ok(), "{fine:?}");
}

#[test]
fn every_action_name_is_listed_and_binds() {
    let names = Keymap::action_names();
    for name in [
        "ready",
        "notready",
        "accept",
        "leave",
        "next-conversation",
        "previous-conversation",
        "transfer",
        "log",
        "next-unread",
        "palette",
        "editor",
        "suspend",
        "undo",
        "yank",
        "newline",
        "complete",
        "none",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} not in {names:?}");
    }
    for name in names.iter().filter(|n| *n != "none") {
        assert!(
            Keymap::with_bindings([("ctrl+alt+f12", name.as_str())]).is_ok(),
            "{name} does not bind"
        );
    }
}
