//! The desk's event loop: the only writer of [`State`] (the Elm architecture).
//!
//! `tokio::select!` over terminal keys, client events and a clock tick; each input goes
//! through [`app::update`], effects go to the client, and the screen is redrawn after every
//! input. The UI never waits on the network: commands are queued to the client task.

use std::time::Duration;

use crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use futures::StreamExt;
use tokio::sync::mpsc;

use crate::app::{self, Effect, Input, LoginForm, State, UserAction};
use crate::client::{self, ClientConfig};
use crate::followed_lists::FollowedLists;
use crate::ui;

/// How often countdowns and timeouts advance when nothing else happens.
const TICK: Duration = Duration::from_millis(250);

/// What the desk starts with.
pub struct DeskConfig {
    pub client: ClientConfig,
    /// Server URL shown on the login form.
    pub server_label: String,
    pub username: String,
    /// When set (from `AGENTDESK_PASSWORD`, or the demo), the desk logs in at once.
    pub password: Option<client::Secret>,
    pub theme: ui::theme::Theme,
    /// Wrap-up choices `(categoryName, value)`; empty keeps the desk's defaults.
    pub wrapup_categories: Vec<(String, String)>,
    /// A line shown first in the help overlay (the demo's customer chat page URL).
    pub help_note: Option<String>,
    /// Which remembered pull-mode lists are this desk's: the Agent Manager URL, or
    /// [`crate::followed_lists::DEMO_KEY`] for the built-in simulator.
    pub desk_key: String,
    /// Where followed lists are remembered ([`crate::followed_lists::default_path`]);
    /// `None` remembers them for this run only.
    pub followed_lists_file: Option<std::path::PathBuf>,
    /// The unified-admin form with the wrap-up categories (`None`: the configured ones only).
    pub wrapup_form: Option<String>,
}

/// Epoch ms UTC now.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Runs the TUI until the user quits. The terminal is restored on return and on panic.
///
/// Errors: the terminal could not be set up or drawn on.
pub async fn run_desk(config: DeskConfig) -> anyhow::Result<()> {
    ui::time::set_utc_offset_seconds(ui::time::system_utc_offset_seconds());
    ui::terminal::install_panic_hook();
    let mut terminal = ui::terminal::init()?;
    let result = event_loop(&mut terminal, config).await;
    ui::terminal::restore()?;
    result
}

async fn event_loop<B: ratatui::backend::Backend>(
    terminal: &mut ratatui::Terminal<B>,
    config: DeskConfig,
) -> anyhow::Result<()> {
    let (events_tx, mut events_rx) = mpsc::unbounded_channel();
    let client = client::spawn(config.client, events_tx);
    let mut form = LoginForm {
        server: config.server_label,
        ..LoginForm::default()
    };
    form.username.set(&config.username);
    if !config.username.is_empty() {
        form.focus = app::LoginField::Password;
    }
    let mut state = State::new(Some(form), now_ms());
    if !config.wrapup_categories.is_empty() {
        state.wrapup_categories = config.wrapup_categories.clone();
    }
    state.help_note = config.help_note.clone();
    state.wrapup_form_id = config.wrapup_form.clone();
    let mut followed = FollowedLists::load(config.followed_lists_file.clone());
    state.pull.remembered = followed.for_desk(&config.desk_key);
    let mut effects_env = Env {
        followed: &mut followed,
        desk_key: &config.desk_key,
    };
    if let Some(password) = &config.password {
        if let Some(form) = state.login.as_mut() {
            form.password.set(password.expose());
        }
        let effects = app::update(&mut state, now_ms(), Input::User(UserAction::Submit));
        if let Some(form) = state.login.as_mut() {
            form.password.take();
        }
        run_effects(&client, &mut effects_env, effects);
    }
    let mut keys = EventStream::new();
    let mut client_alive = true;
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        let mut drawn = ui::Drawn::default();
        terminal.draw(|frame| drawn = ui::draw(frame, &state, &config.theme))?;
        if let Some(limit) = drawn.chat_scroll_limit {
            app::update(&mut state, now_ms(), Input::ChatScrollLimit(limit));
        }
        let input = tokio::select! {
            key = keys.next() => match key {
                Some(Ok(TermEvent::Key(key))) if key.kind != KeyEventKind::Release => {
                    match ui::keymap::map_key(&state, key) {
                        Some(action) => Input::User(action),
                        None => continue,
                    }
                }
                Some(Ok(_)) => continue,
                Some(Err(error)) => {
                    tracing::error!(%error, "terminal input failed");
                    Input::User(UserAction::Quit)
                }
                None => Input::User(UserAction::Quit),
            },
            event = events_rx.recv(), if client_alive => match event {
                Some(event) => Input::Client(event),
                None => {
                    // Only on a bug (the client task ends on quit): stop polling it, say so.
                    tracing::error!("client task ended");
                    client_alive = false;
                    Input::Client(client::ClientEvent::ForcedLogout { reason: "the network task stopped (see the log)".into() })
                }
            },
            _ = tick.tick() => Input::Tick,
        };
        let effects = app::update(&mut state, now_ms(), input);
        if run_effects(&client, &mut effects_env, effects) {
            client.shutdown(Duration::from_secs(2)).await;
            return Ok(());
        }
    }
}

/// What effects other than sends need: the remembered followed lists.
struct Env<'a> {
    followed: &'a mut FollowedLists,
    desk_key: &'a str,
}

/// Carries out effects; returns true when the desk must exit.
fn run_effects(client: &client::Client, env: &mut Env<'_>, effects: Vec<Effect>) -> bool {
    let mut quit = false;
    for effect in effects {
        match effect {
            Effect::Send(command) => {
                if !client.send(command) && !quit {
                    tracing::warn!("client task is gone; command dropped");
                }
            }
            Effect::Quit => quit = true,
            Effect::OpenUrl(url) => open_url(&url),
            Effect::Copy(text) => copy_to_clipboard(&text),
            Effect::RememberFollowedLists { username, lists } => {
                if let Err(error) = env.followed.set(env.desk_key, &username, lists) {
                    tracing::warn!(%error, "could not write the followed lists");
                }
            }
        }
    }
    quit
}

/// Opens `url` with the system opener, detached; its output never reaches the screen.
fn open_url(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(error) = spawned {
        tracing::warn!(%error, opener, "could not start the system opener");
    }
}

/// Puts `text` on the clipboard with the OSC 52 escape sequence (supported by most terminals,
/// tmux with `set-clipboard on`, and over SSH). `text` is base64-encoded, so nothing in it
/// reaches the terminal as a control sequence.
fn copy_to_clipboard(text: &str) {
    use base64::Engine as _;
    use std::io::Write as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b]52;c;{encoded}\x07");
    let _ = out.flush();
}
