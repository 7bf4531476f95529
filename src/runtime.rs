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
    /// Shown in the status bar for the whole session (plain http, `--insecure`).
    pub security: Vec<app::security::SecurityWarning>,
    /// A line shown first in the help overlay (the demo's customer chat page URL).
    pub help_note: Option<String>,
    /// Where the outbox and drafts are kept between runs ([`crate::persist`]); `None`: not
    /// kept (the demo).
    pub outbox_file: Option<std::path::PathBuf>,
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
    let (outcomes_tx, mut outcomes_rx) = mpsc::unbounded_channel();
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
    state.security = config.security.clone();
    for warning in &config.security {
        state.notify(app::Level::Warning, warning.explanation());
    }
    if !config.wrapup_categories.is_empty() {
        state.wrapup_categories = config.wrapup_categories.clone();
    }
    state.help_note = config.help_note.clone();
    if let Some(password) = &config.password {
        if let Some(form) = state.login.as_mut() {
            form.password.set(password.expose());
        }
        let effects = app::update(&mut state, now_ms(), Input::User(UserAction::Submit));
        if let Some(form) = state.login.as_mut() {
            form.password.apply(app::Edit::Clear);
        }
        run_effects(&client, &outcomes_tx, effects);
    }
    let mut saver = config.outbox_file.clone().map(|path| {
        let saved = crate::persist::load(&path);
        if let Some(saved) = saved.clone() {
            app::update(&mut state, now_ms(), Input::Restore(saved));
        }
        crate::persist::Saver::new(path, saved)
    });
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
            Some(outcome) = outcomes_rx.recv() => outcome,
            _ = tick.tick() => Input::Tick,
        };
        let typed = matches!(input, Input::User(_));
        let effects = app::update(&mut state, now_ms(), input);
        if let Some(saver) = saver.as_mut() {
            saver.after_input(&state, typed);
        }
        if run_effects(&client, &outcomes_tx, effects) {
            if let Some(saver) = saver.take() {
                saver.finish(&state);
            }
            client.shutdown(Duration::from_secs(2)).await;
            return Ok(());
        }
    }
}

/// Carries out effects; returns true when the desk must exit. Outcomes that come later (the
/// opener's) go to `outcomes`.
fn run_effects(
    client: &client::Client,
    outcomes: &mpsc::UnboundedSender<Input>,
    effects: Vec<Effect>,
) -> bool {
    let mut quit = false;
    for effect in effects {
        match effect {
            Effect::Send(command) => {
                if !client.send(command) && !quit {
                    tracing::warn!("client task is gone; command dropped");
                }
            }
            Effect::Quit => quit = true,
            Effect::OpenUrl(url) => {
                // The opener runs to its end off the UI thread; its outcome comes back.
                let outcomes = outcomes.clone();
                tokio::task::spawn_blocking(move || {
                    let result = crate::desktop::open_url(&url);
                    if let Err(error) = &result {
                        tracing::warn!(%error, "opening a link failed");
                    }
                    let _ = outcomes.send(Input::LinkOpened { url, result });
                });
            }
            Effect::Copy(text) => crate::desktop::copy_to_clipboard(&text),
        }
    }
    quit
}
