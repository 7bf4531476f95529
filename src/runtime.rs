//! The desk's event loop: the only writer of [`State`] (the Elm architecture).
//!
//! `tokio::select!` over terminal keys, client events, a clock tick and the next frame;
//! each input goes through [`app::update`], effects go to the client. The UI never waits on
//! the network: commands are queued to the client task.
//!
//! Drawing is coalesced (issue 7): the screen is drawn only when an input may have changed
//! it, at most once per [`FRAME`] (so a burst of events costs one frame per 16 ms, not one
//! per event), and the clock ticks once a second, on the second, so countdowns change when
//! their second does and an idle desk draws once a second. Client events that are already
//! queued are applied in one go (up to [`BATCH`]) before the next frame.

use std::time::{Duration, Instant};

use crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use futures::StreamExt;
use tokio::sync::mpsc;

use crate::app::{self, Effect, Input, LoginForm, State, UserAction};
use crate::client::{self, ClientConfig};
use crate::followed_lists::FollowedLists;
use crate::ui;

/// How often countdowns and timeouts advance when nothing else happens (aligned to the
/// wall-clock second).
const TICK: Duration = Duration::from_secs(1);

/// The shortest time between two frames: at most 60 frames a second.
pub const FRAME: Duration = Duration::from_millis(16);

/// Client events queued between the network task and the app at most; when full, the
/// network task waits (and stops reading the socket): backpressure, bounded memory.
const EVENT_QUEUE: usize = 256;

/// Client events after which the next tick gives freed memory back to the system.
const TRIM_AFTER_EVENTS: usize = 1_000;

/// Client events applied at most between two looks at the keyboard and the frame timer.
pub const BATCH: usize = 512;

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
    /// Lines per conversation kept in memory (config `scrollback`); `None`: the default.
    pub scrollback: Option<usize>,
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
    let (events_tx, mut events_rx) = mpsc::channel(EVENT_QUEUE);
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
    if let Some(lines) = config.scrollback {
        state.scrollback = lines.max(app::lines::MIN_WINDOW);
    }
    state.wrapup_form_id = config.wrapup_form.clone();
    let followed = FollowedLists::load(config.followed_lists_file.clone());
    state.pull.remembered = followed.for_desk(&config.desk_key);
    let mut pending_effects = Vec::new();
    if let Some(password) = &config.password {
        if let Some(form) = state.login.as_mut() {
            form.password.set(password.expose());
        }
        let effects = app::update(&mut state, now_ms(), Input::User(UserAction::Submit));
        if let Some(form) = state.login.as_mut() {
            form.password.take();
        }
        pending_effects = effects;
    }
    let mut local = Local {
        followed,
        desk_key: config.desk_key.clone(),
        ..Local::default()
    };
    run_effects(&client, &mut local, pending_effects);
    let mut keys = EventStream::new();
    let mut client_alive = true;
    let first_tick = tokio::time::Instant::now()
        + Duration::from_millis(1000 - now_ms().rem_euclid(1000) as u64);
    let mut tick = tokio::time::interval_at(first_tick, TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut dirty = true;
    let mut last_frame: Option<Instant> = None;
    let mut events_since_trim = 0usize;
    let mut conversations_at_trim = 0usize;
    loop {
        while let Some(answer) = local.answers.pop_front() {
            let effects = app::update(&mut state, now_ms(), answer);
            run_effects(&client, &mut local, effects);
            dirty = true;
        }
        let frame_due = last_frame.map_or(Instant::now(), |at| at + FRAME);
        if dirty && Instant::now() >= frame_due {
            let mut drawn = ui::Drawn::default();
            terminal.draw(|frame| drawn = ui::draw(frame, &state, &config.theme))?;
            last_frame = Some(Instant::now());
            dirty = false;
            if let Some(limit) = drawn.chat_scroll_limit {
                let effects = app::update(&mut state, now_ms(), Input::ChatScrollLimit(limit));
                run_effects(&client, &mut local, effects);
                dirty = true;
            }
        }
        let next_frame = tokio::time::sleep_until(frame_due.into());
        let input = tokio::select! {
            key = keys.next() => match key {
                Some(Ok(TermEvent::Key(key))) if key.kind != KeyEventKind::Release => {
                    match ui::keymap::map_key(&state, key) {
                        Some(action) => Input::User(action),
                        None => continue,
                    }
                }
                Some(Ok(TermEvent::Resize(..))) => {
                    dirty = true;
                    continue;
                }
                Some(Ok(_)) => continue,
                Some(Err(error)) => {
                    tracing::error!(%error, "terminal input failed");
                    Input::User(UserAction::Quit)
                }
                None => Input::User(UserAction::Quit),
            },
            event = events_rx.recv(), if client_alive => match event {
                Some(event) => {
                    // Apply what else is queued now, then draw once.
                    let mut effects = app::update(&mut state, now_ms(), Input::Client(event));
                    events_since_trim += 1;
                    for _ in 1..BATCH {
                        match events_rx.try_recv() {
                            Ok(event) => {
                                events_since_trim += 1;
                                effects.extend(app::update(&mut state, now_ms(), Input::Client(event)));
                            }
                            Err(_) => break,
                        }
                    }
                    dirty = true;
                    if run_effects(&client, &mut local, effects) {
                        // Nobody reads events any more: let a waiting network task go.
                        drop(events_rx);
                        client.shutdown(Duration::from_secs(2)).await;
                        return Ok(());
                    }
                    continue;
                }
                None => {
                    // Only on a bug (the client task ends on quit): stop polling it, say so.
                    tracing::error!("client task ended");
                    client_alive = false;
                    Input::Client(client::ClientEvent::ForcedLogout { reason: "the network task stopped (see the log)".into() })
                }
            },
            _ = tick.tick() => {
                // After a burst, or when conversations were closed: give memory back.
                if events_since_trim >= TRIM_AFTER_EVENTS
                    || state.conversations.len() < conversations_at_trim
                {
                    return_free_memory();
                    events_since_trim = 0;
                }
                conversations_at_trim = state.conversations.len();
                Input::Tick
            }
            _ = next_frame, if dirty => continue,
        };
        let effects = app::update(&mut state, now_ms(), input);
        dirty = true;
        if run_effects(&client, &mut local, effects) {
            drop(events_rx);
            client.shutdown(Duration::from_secs(2)).await;
            return Ok(());
        }
    }
}

/// What effects act on besides the client: the scrollback archive, inputs that effects
/// answer with (older lines), fed to the app before anything else, and the remembered
/// pull-mode lists of this desk (`desk_key`).
#[derive(Default)]
struct Local {
    archive: crate::archive::Archive,
    answers: std::collections::VecDeque<Input>,
    followed: FollowedLists,
    desk_key: String,
}

/// Carries out effects; returns true when the desk must exit.
fn run_effects(client: &client::Client, local: &mut Local, effects: Vec<Effect>) -> bool {
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
            Effect::ArchiveLines {
                conversation_id,
                lines,
            } => {
                local.archive.append(&conversation_id, &lines);
            }
            Effect::LoadOlderLines {
                conversation_id,
                count,
            } => {
                let lines = local.archive.take_newest(&conversation_id, count);
                local.answers.push_back(Input::OlderLines {
                    conversation_id,
                    lines,
                });
            }
            Effect::DropArchive { conversation_id } => {
                local.archive.drop_conversation(&conversation_id)
            }
            Effect::RememberFollowedLists { username, lists } => {
                if let Err(error) = local.followed.set(&local.desk_key, &username, lists) {
                    tracing::warn!(%error, "could not write the followed lists");
                }
            }
        }
    }
    quit
}

/// Gives freed heap memory back to the system (glibc keeps the peak of a burst otherwise;
/// issue 7: memory returned after bursts and closed conversations). Cheap enough once a
/// second after activity; a no-op where the allocator is not glibc's.
fn return_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free pages at the top of glibc's heaps; it has no
    // preconditions and touches no memory the program uses.
    unsafe {
        libc::malloc_trim(0);
    }
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
