//! The client task: owns the REST session and the socket session, turns commands into
//! emits and server events into [`ClientEvent`]s, reconnects with backoff.
//!
//! Life cycle: wait for [`Command::Login`] → REST login → socket connect (bounded by
//! [`ClientConfig::connect_timeout`]) → session loop. A lost connection reconnects with
//! [`Backoff`] (1 s → 30 s, reset only after a session stayed up; [`Command::Reconnect`]
//! skips the wait); a server disconnect (`io server disconnect`) or `socketSessionRemoved`
//! stops for good (PROTOCOL.md §1.2). `connect_error` `login-failed` after a working session
//! means the server forgot the login (a restart): the client logs in again over REST once,
//! with the password it holds, and reconnects; only if that fails (or on any other
//! `connect_error`) does it go back to waiting for a login.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::{mpsc, Mutex};

use crate::protocol::{events, KeycloakUser};

use super::backoff::{clock_jitter, Backoff};
use super::command::Command;
use super::decode::decode;
use super::encode::encode_json;
use super::endpoints::Endpoints;
use super::event::ClientEvent;
use super::rest::RestClient;
use super::transport::{
    ConnectOptions, DisconnectReason, Session, SocketConnector, TransportError, TransportEvent,
};

mod services;

/// How the client reaches the Agent Manager.
#[derive(Clone)]
pub struct ClientConfig {
    pub endpoints: Endpoints,
    /// The socket.io implementation (see [`super::transport`]).
    pub connector: Arc<dyn SocketConnector>,
    /// Upper bound of one socket connect (PROTOCOL.md / issue: 10 s).
    pub connect_timeout: Duration,
    /// First reconnect delay (socket.io default 1 s).
    pub reconnect_initial: Duration,
    /// Longest reconnect delay before jitter (30 s: see [`super::backoff`]).
    pub reconnect_max: Duration,
    /// A session that lasted this long resets the reconnect delay (10 s).
    pub stable_after: Duration,
    /// Whom REST calls trust over TLS ([`super::tls`]); the socket's connector should be
    /// built with the same ([`ClientConfig::secured`] does both).
    pub tls: Arc<rustls::ClientConfig>,
}

impl ClientConfig {
    /// Defaults: 10 s connect timeout, reconnect 1 s → 30 s reset after 10 s up, default trust
    /// for REST
    /// ([`super::tls::default_client_config`]).
    pub fn new(endpoints: Endpoints, connector: Arc<dyn SocketConnector>) -> Self {
        ClientConfig {
            tls: super::tls::default_client_config(),
            endpoints,
            connector,
            connect_timeout: Duration::from_secs(10),
            reconnect_initial: Duration::from_secs(1),
            reconnect_max: Duration::from_secs(30),
            stable_after: Duration::from_secs(10),
        }
    }
}

impl ClientConfig {
    /// The desk's configuration: one TLS configuration for REST and the websocket
    /// ([`super::tls`]), socket.io messages up to `max_message_bytes`.
    pub fn secured(
        endpoints: Endpoints,
        tls: Arc<rustls::ClientConfig>,
        max_message_bytes: usize,
    ) -> Self {
        let connector = Arc::new(super::transport::WsConnector::with_settings(
            tls.clone(),
            max_message_bytes,
        ));
        ClientConfig {
            tls,
            ..ClientConfig::new(endpoints, connector)
        }
    }
}

/// Handle to the running client task. Dropping it (or sending [`Command::Disconnect`]) ends
/// the task and closes the session.
pub struct Client {
    commands: mpsc::UnboundedSender<Command>,
    task: tokio::task::JoinHandle<()>,
}

impl Client {
    /// Queues a command; never blocks. Returns false when the client task has ended.
    pub fn send(&self, command: Command) -> bool {
        self.commands.send(command).is_ok()
    }

    /// Closes the session and waits up to `within` for the client task to finish (so the
    /// server sees a clean disconnect); aborts it after that.
    pub async fn shutdown(self, within: Duration) {
        let _ = self.commands.send(Command::Disconnect);
        let mut task = self.task;
        if tokio::time::timeout(within, &mut task).await.is_err() {
            task.abort();
        }
    }
}

/// Starts the client task on the current tokio runtime. Events go to `events` in order; a
/// bounded channel, so a busy app holds the network side back (issue 7) — the app must keep
/// reading it (and drop it before [`Client::shutdown`] when it stops reading).
pub fn spawn(config: ClientConfig, events: mpsc::Sender<ClientEvent>) -> Client {
    let (tx, rx) = mpsc::unbounded_channel();
    let task = tokio::spawn(run(config, rx, events));
    Client { commands: tx, task }
}

/// What ended a socket session.
enum SessionEnd {
    /// The user quit.
    Quit,
    /// Lost: reconnect.
    Lost(String),
    /// `/reconnect`: connect again at once.
    Reconnect,
    /// Ended for good by the server.
    Stopped,
}

async fn run(
    config: ClientConfig,
    mut commands: mpsc::UnboundedReceiver<Command>,
    events: mpsc::Sender<ClientEvent>,
) {
    // Waits while the app's queue is full (backpressure); an app that is gone is ignored.
    let send = |event: ClientEvent| {
        let events = events.clone();
        async move {
            let _ = events.send(event).await;
        }
    };
    'logged_out: loop {
        let (username, password) = loop {
            match commands.recv().await {
                None | Some(Command::Disconnect) => return,
                Some(Command::Login { username, password }) => break (username, password),
                Some(other) => tracing::debug!(?other, "command ignored while logged out"),
            }
        };
        let mut rest = RestClient::with_tls(
            config.endpoints.clone(),
            username.clone(),
            password,
            config.tls.clone(),
        );
        let mut user = match rest.login().await {
            Ok(user) => user,
            Err(error) => {
                tracing::info!(%error, "login failed");
                send(ClientEvent::LoginFailed {
                    message: error.to_string(),
                })
                .await;
                continue;
            }
        };
        tracing::info!(username = %user.username, "logged in");
        send(ClientEvent::LoggedIn { user: user.clone() }).await;
        let rest = Arc::new(Mutex::new(rest));
        let mut backoff = Backoff::new(
            config.reconnect_initial,
            config.reconnect_max,
            config.stable_after,
        );
        // A session worked since this login (so `login-failed` means "forgotten").
        let mut had_session = false;
        // Logged in again over REST since the last working session (only once).
        let mut relogged = false;
        loop {
            match config
                .connector
                .connect(connect_options(&config, &user))
                .await
            {
                Ok(session) => {
                    had_session = true;
                    relogged = false;
                    send(ClientEvent::Connected).await;
                    let up_since = tokio::time::Instant::now();
                    match run_session(session, &mut commands, &events, &user, &rest).await {
                        SessionEnd::Quit => return,
                        SessionEnd::Stopped => break,
                        SessionEnd::Reconnect => backoff.reset(),
                        SessionEnd::Lost(reason) => {
                            let delay = backoff.after(Some(up_since.elapsed()), clock_jitter());
                            send(ClientEvent::Disconnected {
                                reason,
                                retry_in_ms: Some(delay.as_millis() as u64),
                            })
                            .await;
                            if !wait_or_quit(delay, &mut commands, &events).await {
                                return;
                            }
                        }
                    }
                }
                Err(TransportError::ConnectRejected { message, .. })
                    if message == "login-failed" && had_session && !relogged =>
                {
                    relogged = true;
                    tracing::info!("login-failed after a working session: logging in again");
                    let again = rest.lock().await.login().await;
                    match again {
                        Ok(new_user) => {
                            user = new_user;
                            send(ClientEvent::LoggedInAgain { user: user.clone() }).await;
                        }
                        Err(error) => {
                            tracing::info!(%error, "logging in again failed");
                            send(ClientEvent::LoginFailed {
                                message: error.to_string(),
                            })
                            .await;
                            continue 'logged_out;
                        }
                    }
                }
                Err(TransportError::ConnectRejected { message, data }) => {
                    let detail = data
                        .as_ref()
                        .and_then(|d| d.pointer("/content/msg").or_else(|| d.get("msg")))
                        .and_then(Value::as_str)
                        .map(|m| format!(": {m}"))
                        .unwrap_or_default();
                    send(ClientEvent::LoginFailed {
                        message: format!(
                            "The Agent Manager refused the session ({message}){detail}"
                        ),
                    })
                    .await;
                    continue 'logged_out;
                }
                Err(error) if !had_session => {
                    let message = format!(
                        "Could not open the socket session at {}{}: {error}",
                        config
                            .endpoints
                            .socket_origin()
                            .as_str()
                            .trim_end_matches('/'),
                        config.endpoints.socket_path()
                    );
                    send(ClientEvent::LoginFailed { message }).await;
                    continue 'logged_out;
                }
                Err(error) => {
                    let delay = backoff.after(None, clock_jitter());
                    send(ClientEvent::Disconnected {
                        reason: error.to_string(),
                        retry_in_ms: Some(delay.as_millis() as u64),
                    })
                    .await;
                    if !wait_or_quit(delay, &mut commands, &events).await {
                        return;
                    }
                }
            }
        }
        // Stopped by the server: wait for quit (a new login is possible from the form).
    }
}

fn connect_options(config: &ClientConfig, user: &KeycloakUser) -> ConnectOptions {
    let agent = serde_json::to_string(user).unwrap_or_default();
    ConnectOptions {
        origin: config.endpoints.socket_origin(),
        path: config.endpoints.socket_path(),
        query: vec![("username".into(), user.username.clone())],
        // `agent` is a JSON *string* (PROTOCOL.md §1.2, §6.1).
        auth: Some(json!({"agent": agent, "fcm": {"desktopFcmKey": null, "mobileFcmKey": null}})),
        connect_timeout: config.connect_timeout,
    }
}

/// Sleeps `delay` while answering commands (nothing can be sent while disconnected);
/// [`Command::Reconnect`] ends the wait at once. Returns false when the user quit.
async fn wait_or_quit(
    delay: Duration,
    commands: &mut mpsc::UnboundedReceiver<Command>,
    events: &mpsc::Sender<ClientEvent>,
) -> bool {
    let sleep = tokio::time::sleep(delay);
    tokio::pin!(sleep);
    loop {
        tokio::select! {
            _ = &mut sleep => return true,
            command = commands.recv() => match command {
                None | Some(Command::Disconnect) => return false,
                Some(Command::Reconnect) => return true,
                Some(command) => not_connected(&command, events).await,
            },
        }
    }
}

async fn not_connected(command: &Command, events: &mpsc::Sender<ClientEvent>) {
    let _ = events
        .send(ClientEvent::RequestFailed {
            what: command_name(command).into(),
            message: "not connected".into(),
        })
        .await;
}

fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Login { .. } => "Login",
        Command::SetAgentState { .. } | Command::SetMrdState { .. } => "State change",
        Command::Subscribe { .. } => "Accept",
        Command::Unsubscribe { .. } => "Leave",
        Command::SendMessage { .. } | Command::SendFile { .. } => "Send",
        Command::SendTyping { .. } => "Typing indicator",
        Command::SendReadReceipt { .. } => "Read receipt",
        Command::CloseWrapup { .. } => "Wrap-up",
        Command::Pause { .. } => "Hold",
        Command::Resume { .. } => "Resume",
        Command::FetchActivities { .. } => "Loading past conversations",
        Command::FetchReasons => "Loading reason codes",
        Command::Assist { kind, .. } => match kind {
            crate::protocol::AssistKind::Transfer => "Transfer",
            crate::protocol::AssistKind::Conference => "Conference",
            crate::protocol::AssistKind::Consult => "Consult",
        },
        Command::ConsultTransfer { .. } => "Consult transfer",
        Command::SilentMonitor { .. } => "Monitor",
        Command::Barge { .. } => "Barge-in",
        Command::WhisperMode { .. } => "Whisper mode",
        Command::SendWhisper { .. } => "Whisper",
        Command::ResetAgentSla { .. } => "Extending the response time",
        Command::Hand { raised: true, .. } => "Raising the hand",
        Command::Hand { raised: false, .. } => "Lowering the hand",
        Command::FetchAvailableAgents { .. } => "Loading queues and agents",
        Command::FetchTeamBoard { .. } => "Loading the team board",
        Command::Disconnect => "Disconnect",
        Command::Reconnect => "Reconnect",
        Command::FetchPullModeLists => "Loading pull-mode lists",
        Command::FollowList { .. } => "Following the list",
        Command::UnfollowList { .. } => "Unfollowing the list",
        Command::JoinPullModeRequest { .. } => "Picking the waiting chat",
        Command::DeletePullModeRequest { .. } => "Deleting the waiting chat",
        Command::FetchAnnouncements { .. } => "Loading announcements",
        Command::PostAnnouncement { .. } => "Posting the announcement",
        Command::DeleteAnnouncement { .. } => "Deleting the announcement",
        Command::FetchWrapupForm { .. } => "Loading the wrap-up form",
    }
}

async fn run_session(
    mut session: Session,
    commands: &mut mpsc::UnboundedReceiver<Command>,
    events: &mpsc::Sender<ClientEvent>,
    user: &KeycloakUser,
    rest: &Arc<Mutex<RestClient>>,
) -> SessionEnd {
    let socket = session.socket.clone();
    let mut stopping = false;
    loop {
        tokio::select! {
            // Server events first: they must be handled strictly in arrival order.
            biased;
            event = session.events.recv() => match event {
                Some(TransportEvent::Event { name, args, ack }) => {
                    if let Some(id) = ack {
                        // onTopicData must be answered with {"status":"ok"} (§6.2). No other
                        // acked event is documented; answering the same keeps a server from
                        // waiting on us [guess].
                        if let Err(error) = socket.ack(id, vec![json!({"status": "ok"})]) {
                            tracing::warn!(%error, event = %name, "could not answer ack");
                        }
                    }
                    if let Some(event) = decode(&name, &args) {
                        if matches!(event, ClientEvent::SessionRemoved) {
                            tracing::info!("session removed: logged in elsewhere");
                            stopping = true;
                            socket.disconnect();
                        }
                        let _ = events.send(event).await;
                    }
                }
                Some(TransportEvent::Disconnected(reason)) => {
                    tracing::info!(?reason, "socket session ended");
                    return match reason {
                        _ if stopping => SessionEnd::Stopped,
                        DisconnectReason::ServerDisconnect => {
                            let _ = events.send(ClientEvent::ForcedLogout { reason: "io server disconnect".into() }).await;
                            SessionEnd::Stopped
                        }
                        DisconnectReason::ClientDisconnect => SessionEnd::Quit,
                        DisconnectReason::TransportClose(text) => SessionEnd::Lost(text),
                    };
                }
                None => return if stopping { SessionEnd::Stopped } else { SessionEnd::Lost("connection closed".into()) },
            },
            command = commands.recv() => match command {
                None | Some(Command::Disconnect) => {
                    socket.disconnect();
                    return SessionEnd::Quit;
                }
                Some(Command::Reconnect) => {
                    tracing::info!("reconnect requested");
                    socket.disconnect();
                    return SessionEnd::Reconnect;
                }
                Some(Command::FetchReasons) => {
                    let rest = rest.clone();
                    let events = events.clone();
                    tokio::spawn(async move {
                        let result = rest.lock().await.reasons().await;
                        let _ = events.send(match result {
                            Ok(reasons) => ClientEvent::Reasons(reasons),
                            Err(error) => ClientEvent::RequestFailed { what: "Loading reason codes".into(), message: error.to_string() },
                        }).await;
                    });
                }
                Some(Command::FetchActivities { customer_id, offset, limit }) => {
                    let rest = rest.clone();
                    let events = events.clone();
                    tokio::spawn(async move {
                        let result = rest
                            .lock()
                            .await
                            .activities(&customer_id, offset.min(u64::from(u32::MAX)) as u32, limit.min(100) as u32)
                            .await;
                        let _ = events.send(match result {
                            Ok(page) => ClientEvent::Activities { customer_id, offset, total: page.total, items: page.items },
                            Err(error) => ClientEvent::ActivitiesFailed { customer_id, message: error.to_string() },
                        }).await;
                    });
                }
                Some(Command::FetchAvailableAgents { conversation_id }) => {
                    let rest = rest.clone();
                    let events = events.clone();
                    let agent_id = user.id.clone();
                    tokio::spawn(async move {
                        let result = rest.lock().await.available_agents(&conversation_id, &agent_id).await;
                        let _ = events.send(ClientEvent::AvailableAgents { conversation_id, result: result.map_err(|e| e.to_string()) }).await;
                    });
                }
                Some(Command::FetchTeamBoard { team_ids }) => {
                    let rest = rest.clone();
                    let events = events.clone();
                    tokio::spawn(async move {
                        let mut rest = rest.lock().await;
                        let agents = rest.team_agents(&team_ids).await.map_err(|e| e.to_string());
                        let mut chats = Ok(Vec::new());
                        for team in &team_ids {
                            match rest.active_chats(team).await {
                                Ok(found) => { if let Ok(all) = chats.as_mut() { all.extend(found) } }
                                Err(error) => { chats = Err(error.to_string()); break; }
                            }
                        }
                        let _ = events.send(ClientEvent::TeamBoard { agents, chats }).await;
                    });
                }
                Some(Command::SendFile { target, event_id, message_id, path }) => {
                    let handles = Handles { rest: rest.clone(), socket: socket.clone(), events: events.clone(), user: user.clone() };
                    tokio::spawn(send_file(handles, target, event_id, message_id, path));
                }
                Some(command) if services::is_rest(&command) => {
                    services::spawn(command, rest.clone(), events.clone(), user.clone());
                }
                Some(Command::Login { .. }) => tracing::debug!("login ignored: already logged in"),
                Some(command) => {
                    let participant_id = uuid::Uuid::new_v4().to_string();
                    if let Some((name, payload)) = encode_json(&command, user, &participant_id) {
                        if let Err(error) = socket.emit_json(name, &payload) {
                            let _ = events.send(ClientEvent::RequestFailed { what: command_name(&command).into(), message: error.to_string() }).await;
                        }
                    }
                }
            },
        }
    }
}

/// Uploads a file (at most 5 MB, checked before any network use) and publishes it as a
/// FILE/IMAGE/VIDEO/AUDIO message with `message_id` (PROTOCOL.md §4, §5). Runs as its own task
/// so a slow upload never holds up server events; failures come back as `SendFailed`.
/// What a task spawned from the session needs to report back and emit.
struct Handles {
    rest: Arc<Mutex<RestClient>>,
    socket: Arc<dyn super::transport::SocketTransport>,
    events: mpsc::Sender<ClientEvent>,
    user: KeycloakUser,
}

async fn send_file(
    handles: Handles,
    target: super::command::MessageTarget,
    event_id: String,
    message_id: String,
    path: std::path::PathBuf,
) {
    let failed = |message: String| ClientEvent::SendFailed {
        conversation_id: target.conversation_id.clone(),
        message_id: message_id.clone(),
        message,
    };
    let Handles {
        rest,
        socket,
        events,
        user,
    } = handles;
    // Nothing enters the chat for a file that cannot be sent: check it first, then say the
    // upload started (the app adds the "uploading…" line then).
    match super::rest::check_upload(&path).await {
        Ok(size) => {
            let _ = events
                .send(ClientEvent::UploadStarted {
                    conversation_id: target.conversation_id.clone(),
                    message_id: message_id.clone(),
                    name: path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| path.display().to_string()),
                    size,
                })
                .await;
        }
        Err(error) => {
            // The error names the file already.
            let _ = events.send(failed(error.to_string())).await;
            return;
        }
    }
    let (uploaded, url) = {
        let mut rest = rest.lock().await;
        match rest.upload_file(&path, &target.conversation_id).await {
            Ok(file) => {
                let url = rest.download_url(&file.name);
                (file, url)
            }
            Err(error) => {
                let _ = events
                    .send(failed(format!("{}: {error}", path.display())))
                    .await;
                return;
            }
        }
    };
    let display_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| uploaded.name.clone());
    let attachment = crate::protocol::emit::FileAttachment {
        media_url: &url,
        mime_type: &uploaded.mime_type,
        size: uploaded.size,
        name: &display_name,
    };
    let kind = crate::protocol::files::body_kind_for_mime(&uploaded.mime_type);
    let now_ms = chrono::Utc::now().timestamp_millis();
    let event = crate::protocol::emit::agent_file_message(
        &super::encode::context(&target),
        &user,
        &event_id,
        &message_id,
        now_ms,
        kind,
        "",
        &attachment,
    );
    let payload = crate::protocol::emit::publish_cim_event(&event, &user.id);
    if let Err(error) = socket.emit(events::PUBLISH_CIM_EVENT, vec![payload]) {
        let _ = events.send(failed(error.to_string())).await;
    }
}
