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

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use futures::StreamExt;
use tokio::sync::mpsc;

use crate::app::{self, Effect, Input, LoginForm, State, UserAction};
use crate::client::{self, ClientConfig};
use crate::credentials::{Credentials, PasswordSource};
use crate::followed_lists::FollowedLists;
use crate::notifier::Notifier;
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
    /// Notification channels per kind (`[notify]`).
    pub notify: app::notify::NotifyConfig,
    /// With `remember`: where a password that logged in is stored. `None`: nothing stored.
    pub remember: Option<Remember>,
    /// Where `password` came from; one read from the keyring is not stored again.
    pub password_source: Option<PasswordSource>,
    /// Shown as notices when the desk starts (no keyring here, a failing password_command).
    pub notices: Vec<(app::Level, String)>,
    /// The log file `/log` shows (from the binary's log setup).
    pub log_path: Option<PathBuf>,
    /// A line shown first in the help overlay (the demo's customer chat page URL).
    pub help_note: Option<String>,
    /// Lines per conversation kept in memory (config `scrollback`); `None`: the default.
    pub scrollback: Option<usize>,
    /// Canned responses (config `[canned]`, already checked).
    pub canned: app::canned::CannedSet,
    /// Shown in the status bar for the whole session (plain http, `--insecure`).
    pub security: Vec<app::security::SecurityWarning>,
    /// Where the outbox and drafts are kept between runs ([`crate::persist`]); `None`: not
    /// kept (the demo).
    pub outbox_file: Option<PathBuf>,
    /// Which remembered pull-mode lists are this desk's: `profile:NAME`, the Agent Manager
    /// URL, or [`crate::followed_lists::DEMO_KEY`] for the built-in simulator.
    pub desk_key: String,
    /// Where followed lists are remembered ([`crate::followed_lists::default_path`]);
    /// `None` remembers them for this run only.
    pub followed_lists_file: Option<std::path::PathBuf>,
    /// The unified-admin form with the wrap-up categories (`None`: the configured ones only).
    pub wrapup_form: Option<String>,
    /// Ask before destructive keys (config `confirm`, default true).
    pub confirm: bool,
    /// The key map (the defaults with `[keys]` applied), made the live one for the run.
    pub keymap: ui::keymap::Keymap,
    /// Mouse reporting (config `mouse`): clicks focus a chat or a picker row, the wheel
    /// scrolls.
    pub mouse: bool,
}

/// Where remembered passwords go: the keyring, under accounts for this server
/// ([`crate::credentials::account`]).
pub struct Remember {
    pub credentials: Arc<Credentials>,
    /// The server URL as configured.
    pub server: String,
}

/// Lines of the log file `/log` shows at most.
pub const LOG_TAIL_LINES: usize = 200;

/// Epoch ms UTC now.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Runs the TUI until the user quits. The terminal is restored on return and on panic.
///
/// Errors: the terminal could not be set up or drawn on.
pub async fn run_desk(mut config: DeskConfig) -> anyhow::Result<()> {
    ui::time::use_local_time(true);
    ui::terminal::install_panic_hook();
    ui::keymap::install(std::mem::take(&mut config.keymap));
    let mut terminal = ui::terminal::init(config.mouse)?;
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
    state.notify_config = config.notify;
    state.canned = config.canned.clone();
    for (level, text) in &config.notices {
        state.notify(*level, text);
    }
    let (side_tx, mut side_rx) = mpsc::unbounded_channel();
    let mut local = Local {
        archive: Default::default(),
        answers: Default::default(),
        notifier: Notifier::new(&config.notify),
        side: side_tx,
        remember: config.remember,
        log_path: config.log_path,
        terminal_work: Vec::new(),
        followed: FollowedLists::load(config.followed_lists_file.clone()),
        desk_key: config.desk_key.clone(),
    };
    state.pull.remembered = local.followed.for_desk(&local.desk_key);
    state.wrapup_form_id = config.wrapup_form.clone();
    let remember = local.remember.is_some();
    state.help_note = config.help_note.clone();
    state.security = config.security.clone();
    for warning in &config.security {
        state.notify(app::Level::Warning, warning.explanation());
    }
    state.confirm = config.confirm;
    if let Some(lines) = config.scrollback {
        state.scrollback = lines.max(app::lines::MIN_WINDOW);
    }
    let mut pending_effects = Vec::new();
    if let Some(password) = &config.password {
        if let Some(form) = state.login.as_mut() {
            form.password.set(password.expose());
        }
        // A password from the keyring is already there, one from password_command lives
        // elsewhere: neither is stored.
        state.remember_password = remember
            && !matches!(
                config.password_source,
                Some(PasswordSource::Keyring | PasswordSource::Command)
            );
        let effects = app::update(&mut state, now_ms(), Input::User(UserAction::Submit));
        if let Some(form) = state.login.as_mut() {
            form.password.apply(app::Edit::Clear);
        }
        pending_effects = effects;
    }
    state.remember_password = remember;
    run_effects(&client, &mut local, pending_effects);
    let mut saver = config.outbox_file.clone().map(|path| {
        let saved = crate::persist::load(&path);
        if let Some(saved) = saved.clone() {
            app::update(&mut state, now_ms(), Input::Restore(saved));
        }
        crate::persist::Saver::new(path, saved)
    });
    // `None` while the terminal is handed to `$EDITOR` (nothing may read its keys then).
    let mut keys = Some(EventStream::new());
    let mut editor: Option<tokio::task::JoinHandle<EditorOutcome>> = None;
    let mut drawn_last = ui::Drawn::default();
    let mut client_alive = true;
    let first_tick = tokio::time::Instant::now()
        + Duration::from_millis(1000 - now_ms().rem_euclid(1000) as u64);
    let mut tick = tokio::time::interval_at(first_tick, TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut dirty = true;
    let mut last_frame: Option<Instant> = None;
    let mut events_since_trim = 0usize;
    let mut conversations_at_trim = 0usize;
    // Client events counted at the last tick (since the last trim).
    let mut events_at_tick = 0usize;
    let hyperlinks = ui::hyperlink::supported();
    loop {
        while let Some(answer) = local.answers.pop_front() {
            let effects = app::update(&mut state, now_ms(), answer);
            run_effects(&client, &mut local, effects);
            dirty = true;
        }
        for work in std::mem::take(&mut local.terminal_work) {
            match work {
                TerminalWork::Redraw => terminal.clear()?,
                TerminalWork::Suspend => {
                    drop(keys.take());
                    let away = suspend()?;
                    terminal.clear()?;
                    keys = Some(EventStream::new());
                    if away >= Duration::from_secs(5) {
                        let text = format!(
                            "Back after {} s suspended (the desk saw nothing meanwhile)",
                            away.as_secs()
                        );
                        app::update(
                            &mut state,
                            now_ms(),
                            Input::Notice {
                                level: app::Level::Info,
                                text,
                            },
                        );
                    }
                }
                TerminalWork::Editor {
                    conversation_id,
                    text,
                } if editor.is_none() => {
                    // Nothing reads the keys while the editor has the terminal.
                    drop(keys.take());
                    ui::terminal::restore()?;
                    editor = Some(tokio::task::spawn_blocking(move || {
                        (conversation_id, edit_externally(&text))
                    }));
                }
                TerminalWork::Editor { .. } => {}
            }
            dirty = true;
        }
        let frame_due = last_frame.map_or(Instant::now(), |at| at + FRAME);
        if dirty && editor.is_none() && Instant::now() >= frame_due {
            let mut drawn = ui::Drawn::default();
            let frame = terminal.draw(|frame| drawn = ui::draw(frame, &state, &config.theme))?;
            if hyperlinks && !drawn.links.is_empty() {
                if let Err(error) =
                    ui::hyperlink::write(&mut std::io::stdout(), frame.buffer, &drawn.links)
                {
                    tracing::debug!(%error, "could not write hyperlinks");
                }
            }
            last_frame = Some(Instant::now());
            dirty = false;
            local
                .notifier
                .set_title(app::notify::terminal_title(&state));
            if let Some(limit) = drawn.chat_scroll_limit {
                let effects = app::update(&mut state, now_ms(), Input::ChatScrollLimit(limit));
                run_effects(&client, &mut local, effects);
                dirty = true;
            }
            if let Some(limit) = drawn.help_scroll_limit {
                app::update(&mut state, now_ms(), Input::HelpScrollLimit(limit));
                dirty = true;
            }
            drawn_last = drawn;
        }
        let next_frame = tokio::time::sleep_until(frame_due.into());
        let input = tokio::select! {
            done = async { editor.as_mut().expect("guarded").await }, if editor.is_some() => {
                editor = None;
                ui::terminal::enter(config.mouse)?;
                terminal.clear()?;
                keys = Some(EventStream::new());
                let (conversation_id, result) = done.unwrap_or_else(|error| {
                    (None, Err(format!("the editor task failed: {error}")))
                });
                Input::EditorDone { conversation_id, result }
            }
            key = async { keys.as_mut().expect("guarded").next().await }, if keys.is_some() => match key {
                Some(Ok(TermEvent::Key(key)))
                    if key.code == crossterm::event::KeyCode::Esc && key.modifiers.is_empty() =>
                {
                    // Esc and what came with it in the same read (Esc + F2 over SSH).
                    let mut quit = false;
                    let Some(stream) = keys.as_mut() else { continue };
                    for event in esc_batch(stream, key).await {
                        let action = match event {
                            TermEvent::Key(key) => ui::keymap::map_key(&state, key),
                            TermEvent::Paste(text) => Some(UserAction::Paste(text)),
                            _ => None,
                        };
                        if let Some(action) = action {
                            let effects = app::update(&mut state, now_ms(), Input::User(action));
                            quit |= run_effects(&client, &mut local, effects);
                        }
                    }
                    dirty = true;
                    if quit {
                        drop(events_rx);
                        client.shutdown(Duration::from_secs(2)).await;
                        return Ok(());
                    }
                    continue;
                }
                Some(Ok(TermEvent::Key(key))) if key.kind != KeyEventKind::Release => {
                    match ui::keymap::map_key(&state, key) {
                        Some(action) => Input::User(action),
                        None => continue,
                    }
                }
                Some(Ok(TermEvent::Paste(text))) => Input::User(UserAction::Paste(text)),
                Some(Ok(TermEvent::Mouse(mouse))) => {
                    match ui::mouse::action(&state, &drawn_last, mouse) {
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
                    if let Some(saver) = saver.as_mut() {
                        saver.after_input(&state, false);
                    }
                    if run_effects(&client, &mut local, effects) {
                        if let Some(saver) = saver.take() {
                            saver.finish(&state);
                        }
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
            Some(input) = side_rx.recv() => input,
            _ = tick.tick() => {
                // During and after a burst (the first quiet second), or when conversations
                // were closed: give memory back.
                let quiet = events_since_trim > 0 && events_since_trim == events_at_tick;
                if events_since_trim >= TRIM_AFTER_EVENTS
                    || quiet
                    || state.conversations.len() < conversations_at_trim
                {
                    crate::allocator::return_free_memory();
                    events_since_trim = 0;
                }
                events_at_tick = events_since_trim;
                conversations_at_trim = state.conversations.len();
                Input::Tick
            }
            _ = next_frame, if dirty => continue,
        };
        let typed = matches!(input, Input::User(_));
        let effects = app::update(&mut state, now_ms(), input);
        dirty = true;
        if let Some(saver) = saver.as_mut() {
            saver.after_input(&state, typed);
        }
        if run_effects(&client, &mut local, effects) {
            if let Some(saver) = saver.take() {
                saver.finish(&state);
            }
            drop(events_rx);
            client.shutdown(Duration::from_secs(2)).await;
            return Ok(());
        }
    }
}

/// An Esc and the terminal events that arrived with it (within
/// [`ui::escape::SAME_READ_MS`]), with an escape sequence split by crossterm read again
/// ([`ui::escape::repair`]).
async fn esc_batch(keys: &mut EventStream, esc: crossterm::event::KeyEvent) -> Vec<TermEvent> {
    let wait = Duration::from_millis(ui::escape::SAME_READ_MS);
    let mut batch = vec![esc];
    let mut rest = Vec::new();
    while batch.len() < 12 {
        match tokio::time::timeout(wait, keys.next()).await {
            Ok(Some(Ok(TermEvent::Key(key)))) if key.kind != KeyEventKind::Release => {
                batch.push(key)
            }
            Ok(Some(Ok(other))) => {
                rest.push(other);
                break;
            }
            _ => break,
        }
    }
    ui::escape::repair(batch)
        .into_iter()
        .map(TermEvent::Key)
        .chain(rest)
        .collect()
}

/// What effects act on besides the client: the scrollback archive, inputs that effects
/// answer with at once (older lines), fed to the app before anything else, notifications,
/// and work off the loop (keyring, log file) whose answers come back through `side`.
struct Local {
    archive: crate::archive::Archive,
    answers: std::collections::VecDeque<Input>,
    /// Bell, title, desktop notifications; gives the terminal its title back when dropped.
    notifier: Notifier,
    side: mpsc::UnboundedSender<Input>,
    remember: Option<Remember>,
    log_path: Option<PathBuf>,
    /// Effects the loop carries out with the terminal in hand, after the batch.
    terminal_work: Vec<TerminalWork>,
    /// The remembered pull-mode lists, and which of them are this desk's.
    followed: FollowedLists,
    desk_key: String,
}

/// What `$EDITOR` left, for the draft of which conversation.
type EditorOutcome = (Option<String>, Result<String, String>);

/// Work on the terminal itself, done by the event loop (it holds the terminal and the key
/// stream).
enum TerminalWork {
    Redraw,
    Suspend,
    Editor {
        conversation_id: Option<String>,
        text: String,
    },
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
            Effect::OpenUrl(url) => {
                // The opener runs to its end off the UI thread; its outcome comes back.
                let side = local.side.clone();
                tokio::task::spawn_blocking(move || {
                    let result = crate::desktop::open_url(&url);
                    if let Err(error) = &result {
                        tracing::warn!(%error, "opening a link failed");
                    }
                    let _ = side.send(Input::LinkOpened { url, result });
                });
            }
            Effect::Copy(text) => crate::desktop::copy_to_clipboard(&text),
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
            Effect::Alert(alert) => local.notifier.alert(&alert),
            Effect::RememberPassword { username, password } => {
                let Some(remember) = &local.remember else {
                    continue;
                };
                let credentials = remember.credentials.clone();
                let account = crate::credentials::account(&remember.server, &username);
                let side = local.side.clone();
                // The keyring may block (D-Bus, an unlock prompt): off the loop.
                tokio::task::spawn_blocking(move || {
                    if let Some((level, text)) = credentials.remember(&account, &password) {
                        let _ = side.send(Input::Notice { level, text });
                    }
                });
            }
            Effect::Redraw => local.terminal_work.push(TerminalWork::Redraw),
            Effect::Suspend => local.terminal_work.push(TerminalWork::Suspend),
            Effect::EditExternally {
                conversation_id,
                text,
            } => local.terminal_work.push(TerminalWork::Editor {
                conversation_id,
                text,
            }),
            Effect::ListPaths { typed } => {
                let side = local.side.clone();
                tokio::task::spawn_blocking(move || {
                    let candidates = list_paths(&typed, MAX_PATHS);
                    let _ = side.send(Input::PathCandidates { typed, candidates });
                });
            }
            Effect::ReadLog => {
                let path = local.log_path.clone();
                let side = local.side.clone();
                tokio::task::spawn_blocking(move || {
                    let (path, lines) = match path {
                        Some(path) => (path.display().to_string(), log_tail(&path, LOG_TAIL_LINES)),
                        None => (String::new(), Err("this desk writes no log file".into())),
                    };
                    let _ = side.send(Input::LogTail { path, lines });
                });
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

/// The last `max` lines of the file at `path`, oldest first (reads at most its last 256 KiB).
///
/// Errors: the file cannot be opened or read (the message names the path).
pub fn log_tail(path: &std::path::Path, max: usize) -> Result<Vec<String>, String> {
    use std::io::{Read, Seek, SeekFrom};
    const WINDOW: u64 = 256 * 1024;
    let fail = |e: std::io::Error| format!("cannot read {}: {e}", path.display());
    let mut file = std::fs::File::open(path).map_err(fail)?;
    let len = file.metadata().map_err(fail)?.len();
    let start = len.saturating_sub(WINDOW);
    file.seek(SeekFrom::Start(start)).map_err(fail)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(fail)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut lines: Vec<&str> = text.lines().collect();
    if start > 0 && !lines.is_empty() {
        lines.remove(0); // the first line is cut
    }
    let skip = lines.len().saturating_sub(max);
    Ok(lines[skip..].iter().map(|l| l.to_string()).collect())
}

/// Paths `/send` Tab completion offers at most.
const MAX_PATHS: usize = 200;

/// The paths starting with `typed` (`~/` is `$HOME`), spelled as typed (the `~/` kept),
/// directories ending in `/`, sorted; hidden entries only when the typed name starts with
/// `.`. Unreadable directories give none.
pub fn list_paths(typed: &str, max: usize) -> Vec<String> {
    let (dir_part, prefix) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    };
    let dir = match dir_part.strip_prefix("~/") {
        Some(rest) => match std::env::var_os("HOME") {
            Some(home) => PathBuf::from(home).join(rest),
            None => PathBuf::from(dir_part),
        },
        None if dir_part.is_empty() => PathBuf::from("."),
        None => PathBuf::from(dir_part),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            let is_dir = entry.path().is_dir();
            Some(format!("{dir_part}{name}{}", if is_dir { "/" } else { "" }))
        })
        .collect();
    out.sort();
    out.truncate(max);
    out
}

/// Hands the terminal back to the shell and stops the process (SIGTSTP, as Ctrl+Z does
/// outside raw mode); once continued (`fg`), takes the terminal again. Returns how long the
/// desk was stopped. Where there is no job control (Windows) it does nothing.
fn suspend() -> std::io::Result<Duration> {
    #[cfg(unix)]
    {
        ui::terminal::restore()?;
        let stopped = Instant::now();
        // The default action of SIGTSTP stops every thread here until SIGCONT.
        if let Err(error) = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP) {
            tracing::warn!(%error, "could not suspend");
        }
        let away = stopped.elapsed();
        ui::terminal::enter(ui::terminal::mouse_was_on())?;
        Ok(away)
    }
    #[cfg(not(unix))]
    {
        Ok(Duration::ZERO)
    }
}

/// Edits `text` in `$VISUAL`, else `$EDITOR`, else `vi` (run by the shell, so `code -w`
/// works), through a private temporary file that is removed after. Blocking: the caller has
/// handed the terminal over.
///
/// Errors: the file cannot be written or read, the editor cannot start or exits with a
/// failure status (the text is then not taken).
pub fn edit_externally(text: &str) -> Result<String, String> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    let path = std::env::temp_dir().join(format!("agentdesk-draft-{}.txt", uuid::Uuid::new_v4()));
    let write = || -> std::io::Result<()> {
        use std::io::Write as _;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&path)?;
        file.write_all(text.as_bytes())?;
        if !text.is_empty() && !text.ends_with('\n') {
            file.write_all(b"\n")?;
        }
        Ok(())
    };
    write().map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let status = if cfg!(windows) {
        std::process::Command::new("cmd")
            .arg("/C")
            .arg(format!("{editor} \"{}\"", path.display()))
            .status()
    } else {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("sh")
            .arg(&path)
            .status()
    };
    let outcome = match status {
        Ok(status) if status.success() => std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display())),
        Ok(status) => Err(format!("{editor} ended with {status}")),
        Err(error) => Err(format!("cannot start {editor}: {error}")),
    };
    let _ = std::fs::remove_file(&path);
    outcome
}
