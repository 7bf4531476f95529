//! Websocket-only Socket.IO v5 client on `tokio-tungstenite` (see the module doc of
//! [`crate::client::transport`] for why it is hand-written).
//!
//! Shape of a session: `connect` does the websocket handshake, reads the Engine.IO open packet,
//! sends the namespace CONNECT and waits for its ack, all inside one timeout, and only then
//! spawns two tasks on the caller's runtime:
//! - the **reader** reads frames one at a time, in order, answers pings, resolves ack
//!   requests, pushes server events into the session's bounded channel (waiting when it is full), watches the ping
//!   deadline, and sends the single `Disconnected` at the end;
//! - the **writer** drains an unbounded queue of frames into the websocket, in call order.

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc, Mutex, MutexGuard,
    },
    time::Duration,
};

use futures::{
    stream::{SplitSink, SplitStream},
    SinkExt, StreamExt,
};
use serde_json::Value;
use tokio::{
    net::TcpStream,
    sync::{mpsc, oneshot, Notify},
    time::Instant,
};
use tokio_tungstenite::{
    tungstenite::{client::IntoClientRequest, protocol::WebSocketConfig, Message},
    Connector, MaybeTlsStream, WebSocketStream,
};

use super::{
    packet::{self, Addressed, EnginePacket, OpenInfo, SocketPacket},
    AckId, BoxFuture, ConnectOptions, DisconnectReason, Session, SocketConnector, SocketTransport,
    TransportError, TransportEvent,
};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How long a graceful close (namespace DISCONNECT + websocket close frame) may take.
const CLOSE_GRACE: Duration = Duration::from_secs(2);

/// Largest socket.io message the desk reads by default, in bytes (16 MB): far above any real
/// event (a conversation's `onTopicData` with its history is a few hundred KB), low enough
/// that a hostile or broken server cannot take the desk's memory. Configurable
/// (`socket_message_limit_mb` in the config).
pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 16_000_000;

/// The websocket-only Socket.IO v5 connector (the one [`super::default_connector`] returns).
///
/// Speaks `ws://` for `http` origins and `wss://` for `https`, with the rustls configuration
/// it was given ([`crate::client::tls`]: the same one REST uses). A websocket message or frame
/// over `max_message_bytes` ends the session with a clear reason (the desk reconnects).
#[derive(Debug, Clone)]
pub struct WsConnector {
    tls: Arc<rustls::ClientConfig>,
    max_message_bytes: usize,
}

impl Default for WsConnector {
    fn default() -> Self {
        Self::new()
    }
}

impl WsConnector {
    /// A connector with the default trust ([`crate::client::tls::default_client_config`]) and
    /// [`DEFAULT_MAX_MESSAGE_BYTES`]; every `connect` opens an independent session.
    pub fn new() -> Self {
        Self::with_settings(
            crate::client::tls::default_client_config(),
            DEFAULT_MAX_MESSAGE_BYTES,
        )
    }

    /// A connector with this TLS configuration and message limit (bytes).
    pub fn with_settings(tls: Arc<rustls::ClientConfig>, max_message_bytes: usize) -> Self {
        WsConnector {
            tls,
            max_message_bytes,
        }
    }
}

impl SocketConnector for WsConnector {
    fn connect(
        &self,
        options: ConnectOptions,
    ) -> BoxFuture<'static, Result<Session, TransportError>> {
        let settings = self.clone();
        Box::pin(async move {
            let limit = options.connect_timeout;
            match tokio::time::timeout(limit, handshake(options, settings)).await {
                Ok(result) => result,
                Err(_) => Err(TransportError::Timeout(limit)),
            }
        })
    }
}

/// The websocket URL: `ws(s)://host:port{path}?{query}&EIO=4&transport=websocket`.
pub(crate) fn websocket_url(options: &ConnectOptions) -> Result<url::Url, TransportError> {
    let mut url = options.origin.clone();
    let scheme = match url.scheme() {
        "http" | "ws" => "ws",
        "https" | "wss" => "wss",
        other => {
            return Err(TransportError::Io(format!(
                "unsupported URL scheme {other:?} (expected http or https)"
            )))
        }
    };
    url.set_scheme(scheme)
        .map_err(|()| TransportError::Io(format!("cannot use scheme {scheme} for {url}")))?;
    let mut path = options.path.trim().to_string();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    // The Engine.IO server matches the path with its trailing slash.
    if !path.ends_with('/') {
        path.push('/');
    }
    url.set_path(&path);
    url.set_fragment(None);
    url.set_query(None);
    {
        let mut query = url.query_pairs_mut();
        for (key, value) in &options.query {
            if key != "EIO" && key != "transport" {
                query.append_pair(key, value);
            }
        }
        query.append_pair("EIO", "4");
        query.append_pair("transport", "websocket");
    }
    Ok(url)
}

/// The default TLS setup as a websocket connector (for `agentdesk doctor`): the desk's own
/// trust ([`crate::client::tls::default_client_config`]).
pub(crate) fn tls_connector() -> Result<Connector, TransportError> {
    Ok(Connector::Rustls(
        crate::client::tls::default_client_config(),
    ))
}

/// Everything up to the namespace CONNECT ack; the caller bounds it with the connect timeout.
async fn handshake(
    options: ConnectOptions,
    settings: WsConnector,
) -> Result<Session, TransportError> {
    let url = websocket_url(&options)?;
    let request = url
        .as_str()
        .into_client_request()
        .map_err(|e| TransportError::Io(format!("bad websocket URL {url}: {e}")))?;
    let connector = (url.scheme() == "wss").then(|| Connector::Rustls(settings.tls.clone()));
    let config = WebSocketConfig::default()
        .max_message_size(Some(settings.max_message_bytes))
        .max_frame_size(Some(settings.max_message_bytes));
    let (mut ws, _response) =
        tokio_tungstenite::connect_async_tls_with_config(request, Some(config), true, connector)
            .await
            .map_err(|e| {
                let host = url.host_str().unwrap_or_default();
                let why = crate::client::tls::explain(&e, host).unwrap_or_else(|| e.to_string());
                TransportError::Io(format!("websocket connect to {url} failed: {why}"))
            })?;

    // Engine.IO open packet first.
    let open = loop {
        let text = next_text(&mut ws, "the engine.io open packet").await?;
        match packet::decode_engine(&text) {
            Ok(EnginePacket::Open(open)) => break open,
            Ok(other) => tracing::warn!(?other, "engine.io packet before open, skipped"),
            Err(e) => {
                return Err(TransportError::Io(format!(
                    "not an engine.io v4 server at {url}: {e} in {:?}",
                    truncate(&text)
                )))
            }
        }
    };
    tracing::debug!(sid = %open.sid, ?open.ping_interval, ?open.ping_timeout, "engine.io open");

    ws.send(Message::text(packet::encode_connect(options.auth.as_ref())))
        .await
        .map_err(|e| TransportError::Io(format!("sending CONNECT failed: {e}")))?;

    // Wait for the namespace CONNECT ack (or connect_error), answering pings meanwhile.
    loop {
        let text = next_text(&mut ws, "the namespace CONNECT ack").await?;
        match packet::decode_engine(&text) {
            Ok(EnginePacket::Ping(data)) => {
                ws.send(Message::text(packet::encode_pong(data)))
                    .await
                    .map_err(|e| TransportError::Io(format!("sending pong failed: {e}")))?;
            }
            Ok(EnginePacket::Close) => {
                return Err(TransportError::Io(
                    "server closed the engine.io session before the namespace CONNECT ack".into(),
                ))
            }
            Ok(EnginePacket::Message(inner)) => match packet::decode_socket(inner) {
                Ok(Addressed { nsp, packet }) if nsp == "/" => match packet {
                    SocketPacket::Connect { sid } => {
                        tracing::debug!(?sid, "namespace / joined");
                        return Ok(start_session(ws, open));
                    }
                    SocketPacket::ConnectError { message, data } => {
                        return Err(TransportError::ConnectRejected { message, data })
                    }
                    SocketPacket::Disconnect => {
                        return Err(TransportError::Io(
                            "server disconnected before the namespace CONNECT ack".into(),
                        ))
                    }
                    other => tracing::warn!(?other, "packet before the CONNECT ack, skipped"),
                },
                Ok(other) => {
                    tracing::warn!(nsp = %other.nsp, "packet for another namespace, skipped")
                }
                Err(e) => {
                    tracing::warn!(error = %e, frame = truncate(&text), "malformed packet, skipped")
                }
            },
            Ok(other) => tracing::debug!(?other, "engine.io packet during connect, skipped"),
            Err(e) => {
                tracing::warn!(error = %e, frame = truncate(&text), "malformed frame, skipped")
            }
        }
    }
}

/// The next text frame during the handshake; binary frames are skipped, ends are errors.
async fn next_text(ws: &mut Ws, waiting_for: &str) -> Result<String, TransportError> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) => return Ok(text.as_str().to_owned()),
            Some(Ok(Message::Close(frame))) => {
                return Err(TransportError::Io(format!(
                    "websocket closed while waiting for {waiting_for}{}",
                    close_detail(frame.as_ref())
                )))
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                return Err(TransportError::Io(format!(
                    "websocket error while waiting for {waiting_for}: {e}"
                )))
            }
            None => {
                return Err(TransportError::Io(format!(
                    "connection closed while waiting for {waiting_for}"
                )))
            }
        }
    }
}

fn close_detail(frame: Option<&tokio_tungstenite::tungstenite::protocol::CloseFrame>) -> String {
    match frame {
        Some(f) if f.reason.is_empty() => format!(" (code {})", f.code),
        Some(f) => format!(" (code {}: {})", f.code, f.reason),
        None => String::new(),
    }
}

/// At most 200 characters of a frame, for logs.
fn truncate(text: &str) -> &str {
    match text.char_indices().nth(200) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// Why a read failed, in words; an oversized message names the limit.
fn lost_reason(error: &tokio_tungstenite::tungstenite::Error) -> String {
    use tokio_tungstenite::tungstenite::error::{CapacityError, Error};
    match error {
        Error::Capacity(CapacityError::MessageTooLong { size, max_size }) => format!(
            "the server sent a message of {size} bytes, over the limit of {max_size} bytes \
             (socket_message_limit_mb in the config); connection dropped"
        ),
        other => format!("connection lost: {other}"),
    }
}

/// What the writer task is fed.
enum Outgoing {
    /// One text frame.
    Text(String),
    /// Close the websocket (after the frames queued before) and stop.
    Close,
}

/// State shared by the transport handle and the reader.
struct Shared {
    out: mpsc::UnboundedSender<Outgoing>,
    /// Set once the session is over (either side); emits then fail with `Closed`.
    closed: AtomicBool,
    /// Our ack requests waiting for the server's answer, by id.
    pending: Mutex<HashMap<u64, oneshot::Sender<Vec<Value>>>>,
    next_ack: AtomicU64,
    /// Wakes the reader when this side disconnects.
    client_disconnect: Notify,
    /// Largest frame the server accepts (bytes), from the open packet.
    max_payload: Option<u64>,
}

impl Shared {
    fn pending(&self) -> MutexGuard<'_, HashMap<u64, oneshot::Sender<Vec<Value>>>> {
        self.pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn send_frame(&self, frame: String) -> Result<(), TransportError> {
        if self.closed.load(Ordering::Acquire) {
            return Err(TransportError::Closed);
        }
        if let Some(max) = self.max_payload {
            if frame.len() as u64 > max {
                return Err(TransportError::Io(format!(
                    "packet of {} bytes exceeds the server's maxPayload of {max} bytes",
                    frame.len()
                )));
            }
        }
        self.out
            .send(Outgoing::Text(frame))
            .map_err(|_| TransportError::Closed)
    }
}

fn start_session(ws: Ws, open: OpenInfo) -> Session {
    let (sink, stream) = ws.split();
    let (out_tx, out_rx) = mpsc::unbounded_channel();
    let (events_tx, events_rx) = mpsc::channel(super::EVENT_QUEUE);
    let shared = Arc::new(Shared {
        out: out_tx,
        closed: AtomicBool::new(false),
        pending: Mutex::new(HashMap::new()),
        next_ack: AtomicU64::new(0),
        client_disconnect: Notify::new(),
        max_payload: open.max_payload,
    });
    let abort_writer = Arc::new(Notify::new());
    tokio::spawn(writer(sink, out_rx, abort_writer.clone()));
    tokio::spawn(reader(
        stream,
        shared.clone(),
        events_tx,
        abort_writer,
        open,
    ));
    Session {
        socket: Arc::new(WsTransport { shared }),
        events: events_rx,
    }
}

/// Writes queued frames in order; flushes whenever the queue runs empty.
async fn writer(
    mut sink: SplitSink<Ws, Message>,
    mut queue: mpsc::UnboundedReceiver<Outgoing>,
    abort: Arc<Notify>,
) {
    loop {
        let next = tokio::select! {
            biased;
            () = abort.notified() => return,
            next = queue.recv() => next,
        };
        let mut batch = Vec::new();
        let mut close = false;
        match next {
            Some(Outgoing::Text(frame)) => batch.push(frame),
            Some(Outgoing::Close) | None => close = true,
        }
        while !close {
            match queue.try_recv() {
                Ok(Outgoing::Text(frame)) => batch.push(frame),
                Ok(Outgoing::Close) => close = true,
                Err(_) => break,
            }
        }
        let write = async {
            for frame in batch {
                sink.feed(Message::text(frame)).await?;
            }
            sink.flush().await
        };
        let written = tokio::select! {
            biased;
            () = abort.notified() => return,
            written = write => written,
        };
        if let Err(e) = written {
            tracing::warn!(error = %e, "socket.io write failed");
            return;
        }
        if close {
            let bye = async {
                let _ = sink.send(Message::Close(None)).await;
            };
            let _ = tokio::time::timeout(CLOSE_GRACE, bye).await;
            return;
        }
    }
}

/// What ended the reader loop, and whether the websocket is still usable for a clean close.
enum End {
    Client,
    Server,
    Lost(String),
    /// The session's event receiver was dropped: nobody listens, leave quietly.
    Abandoned,
}

async fn reader(
    mut stream: SplitStream<Ws>,
    shared: Arc<Shared>,
    events: mpsc::Sender<TransportEvent>,
    abort_writer: Arc<Notify>,
    open: OpenInfo,
) {
    let silence = open.ping_interval + open.ping_timeout;
    let mut deadline = Instant::now() + silence;
    let end = loop {
        enum Step {
            Frame(Option<Result<Message, tokio_tungstenite::tungstenite::Error>>),
            Client,
            Silent,
            Abandoned,
        }
        let step = tokio::select! {
            biased;
            () = shared.client_disconnect.notified() => Step::Client,
            () = events.closed() => Step::Abandoned,
            frame = stream.next() => Step::Frame(frame),
            () = tokio::time::sleep_until(deadline) => Step::Silent,
        };
        let message = match step {
            Step::Client => break End::Client,
            Step::Abandoned => break End::Abandoned,
            Step::Silent => {
                break End::Lost(format!(
                    "ping timeout: no ping from the server within {} ms",
                    silence.as_millis()
                ))
            }
            Step::Frame(None) => break End::Lost("connection closed by the server".into()),
            Step::Frame(Some(Err(e))) => break End::Lost(lost_reason(&e)),
            Step::Frame(Some(Ok(message))) => message,
        };
        // Anything from the server shows it is alive.
        deadline = Instant::now() + silence;
        let text = match message {
            Message::Text(text) => text,
            Message::Binary(data) => {
                tracing::warn!(bytes = data.len(), "binary frame (attachment) skipped");
                continue;
            }
            Message::Close(frame) => {
                break End::Lost(format!(
                    "websocket closed by the server{}",
                    close_detail(frame.as_ref())
                ))
            }
            Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
        };
        match packet::decode_engine(text.as_str()) {
            Ok(EnginePacket::Ping(data)) => {
                let _ = shared.out.send(Outgoing::Text(packet::encode_pong(data)));
            }
            Ok(EnginePacket::Message(inner)) => match packet::decode_socket(inner) {
                Ok(Addressed { nsp, packet }) if nsp == "/" => match packet {
                    SocketPacket::Event { name, args, id } => {
                        // Waits while the queue is full: the socket is then not read, and TCP
                        // holds the server back (backpressure, no unbounded buffering).
                        if events
                            .send(TransportEvent::Event {
                                name,
                                args,
                                ack: id,
                            })
                            .await
                            .is_err()
                        {
                            break End::Abandoned;
                        }
                    }
                    SocketPacket::Ack { id, args } => match shared.pending().remove(&id) {
                        Some(waiter) => {
                            let _ = waiter.send(args);
                        }
                        None => tracing::debug!(id, "answer to an ack request nobody waits for"),
                    },
                    SocketPacket::Disconnect => break End::Server,
                    SocketPacket::Binary { attachments, ack } => {
                        tracing::warn!(
                            attachments,
                            ack,
                            frame = truncate(text.as_str()),
                            "binary socket.io packet not supported, skipped"
                        );
                    }
                    other @ (SocketPacket::Connect { .. } | SocketPacket::ConnectError { .. }) => {
                        tracing::warn!(?other, "unexpected packet in an open session, skipped");
                    }
                },
                Ok(other) => {
                    tracing::warn!(nsp = %other.nsp, "packet for another namespace, skipped")
                }
                Err(e) => tracing::warn!(
                    error = %e,
                    frame = truncate(text.as_str()),
                    "malformed socket.io packet, skipped"
                ),
            },
            Ok(EnginePacket::Close) => {
                break End::Lost("the server closed the engine.io session".into())
            }
            Ok(other) => tracing::debug!(?other, "engine.io packet skipped"),
            Err(e) => tracing::warn!(
                error = %e,
                frame = truncate(text.as_str()),
                "malformed engine.io frame, skipped"
            ),
        }
    };

    shared.closed.store(true, Ordering::Release);
    // Fail our outstanding ack requests now: dropping the senders answers them `Closed`.
    shared.pending().clear();
    let reason = match end {
        End::Client => {
            // `disconnect` already queued `41` and the close; the writer finishes them.
            DisconnectReason::ClientDisconnect
        }
        End::Abandoned => {
            let _ = shared.out.send(Outgoing::Text(packet::encode_disconnect()));
            let _ = shared.out.send(Outgoing::Close);
            return;
        }
        End::Server => {
            let _ = shared.out.send(Outgoing::Close);
            DisconnectReason::ServerDisconnect
        }
        End::Lost(why) => {
            tracing::info!(reason = %why, "socket.io connection lost");
            abort_writer.notify_one();
            DisconnectReason::TransportClose(why)
        }
    };
    let _ = events.send(TransportEvent::Disconnected(reason)).await;
}

/// The sending half handed out in [`Session::socket`].
struct WsTransport {
    shared: Arc<Shared>,
}

impl SocketTransport for WsTransport {
    fn emit(&self, event: &str, args: Vec<Value>) -> Result<(), TransportError> {
        self.shared
            .send_frame(packet::encode_event(event, args, None))
    }

    fn emit_json(
        &self,
        event: &str,
        arg: &serde_json::value::RawValue,
    ) -> Result<(), TransportError> {
        self.shared
            .send_frame(packet::encode_event_json(event, arg))
    }

    fn emit_with_ack(
        &self,
        event: &str,
        args: Vec<Value>,
        timeout: Duration,
    ) -> BoxFuture<'static, Result<Vec<Value>, TransportError>> {
        let shared = self.shared.clone();
        let deadline = Instant::now() + timeout;
        let id = shared.next_ack.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        // Registered before sending, so an immediate answer finds it.
        shared.pending().insert(id, tx);
        let sent = shared.send_frame(packet::encode_event(event, args, Some(id)));
        if sent.is_err() {
            shared.pending().remove(&id);
        }
        Box::pin(async move {
            sent?;
            match tokio::time::timeout_at(deadline, rx).await {
                Ok(Ok(args)) => Ok(args),
                Ok(Err(_)) => Err(TransportError::Closed),
                Err(_) => {
                    shared.pending().remove(&id);
                    Err(TransportError::Timeout(timeout))
                }
            }
        })
    }

    fn ack(&self, id: AckId, args: Vec<Value>) -> Result<(), TransportError> {
        self.shared.send_frame(packet::encode_ack(id, args))
    }

    fn disconnect(&self) {
        if self.shared.closed.swap(true, Ordering::AcqRel) {
            return;
        }
        let _ = self
            .shared
            .out
            .send(Outgoing::Text(packet::encode_disconnect()));
        let _ = self.shared.out.send(Outgoing::Close);
        self.shared.client_disconnect.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(origin: &str, path: &str, query: &[(&str, &str)]) -> ConnectOptions {
        ConnectOptions {
            origin: url::Url::parse(origin).unwrap(),
            path: path.into(),
            query: query
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            auth: None,
            connect_timeout: Duration::from_secs(1),
        }
    }

    #[test]
    fn websocket_url_from_origin_path_and_query() {
        let u = websocket_url(&options(
            "https://cx.example.com/agent-manager",
            "/agent-manager/socket.io/",
            &[("username", "sana ü")],
        ))
        .unwrap();
        assert_eq!(
            u.as_str(),
            "wss://cx.example.com/agent-manager/socket.io/?username=sana+%C3%BC&EIO=4&transport=websocket"
        );
        let u = websocket_url(&options(
            "http://127.0.0.1:3000/?x=1#f",
            "agent-manager/socket.io",
            &[("EIO", "3"), ("transport", "polling")],
        ))
        .unwrap();
        assert_eq!(
            u.as_str(),
            "ws://127.0.0.1:3000/agent-manager/socket.io/?EIO=4&transport=websocket"
        );
        assert!(matches!(
            websocket_url(&options("ftp://x", "/", &[])),
            Err(TransportError::Io(_))
        ));
    }

    /// A minimal Engine.IO v4 / Socket.IO v5 server on loopback that joins the client and then
    /// sends one event whose text frame is `payload_bytes` long.
    async fn server_sending(payload_bytes: usize) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            let mut ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
            let open = r#"0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}"#;
            ws.send(Message::text(open)).await.unwrap();
            let _connect = ws.next().await;
            ws.send(Message::text(r#"40{"sid":"n"}"#)).await.unwrap();
            let filler = "x".repeat(payload_bytes.saturating_sub(20));
            let _ = ws
                .send(Message::text(format!(r#"42["big","{filler}"]"#)))
                .await;
            // Stay until the client hangs up.
            while let Some(Ok(_)) = ws.next().await {}
        });
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn a_message_over_the_limit_ends_the_session_with_a_clear_reason() {
        for (limit, connector) in [
            (DEFAULT_MAX_MESSAGE_BYTES, WsConnector::new()),
            (
                100_000,
                WsConnector::with_settings(crate::client::tls::default_client_config(), 100_000),
            ),
        ] {
            let origin = server_sending(limit + 1_000).await;
            let mut session = connector
                .connect(options(&origin, "/socket.io/", &[]))
                .await
                .unwrap();
            match session.events.recv().await {
                Some(TransportEvent::Disconnected(DisconnectReason::TransportClose(why))) => {
                    assert!(
                        why.contains(&format!("over the limit of {limit} bytes")),
                        "{why}"
                    )
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn an_oversized_message_is_named_with_its_limit() {
        use tokio_tungstenite::tungstenite::error::{CapacityError, Error};
        let error = Error::Capacity(CapacityError::MessageTooLong {
            size: 20_000_000,
            max_size: 16_000_000,
        });
        let text = lost_reason(&error);
        assert!(
            text.contains("20000000 bytes") && text.contains("16000000"),
            "{text}"
        );
    }
}
