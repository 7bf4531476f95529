//! The socket.io transport seam.
//!
//! The rest of `client` talks to the Agent Manager's Socket.IO v5 (Engine.IO v4) server only
//! through [`SocketConnector`] and [`SocketTransport`], so the implementation behind them can be
//! swapped and is held to one conformance test suite (`tests/transport_conformance.rs`, run
//! against the official Node `socket.io` 4.x server).
//!
//! Contract every implementation keeps:
//! - `connect` resolves only after the namespace CONNECT is acknowledged by the server, or
//!   fails with [`TransportError::ConnectRejected`] (the server's `connect_error` message and
//!   data) or [`TransportError::Timeout`] (nothing acknowledged within
//!   [`ConnectOptions::connect_timeout`]). Nothing can be emitted before that.
//! - Server events are delivered on [`Session::events`] strictly in arrival order.
//! - A server event sent with an ack id carries `ack: Some(id)`; the caller answers it with
//!   [`SocketTransport::ack`].
//! - When the session ends, a single [`TransportEvent::Disconnected`] is delivered and the
//!   stream then closes.
//!
//! # Implementation: a hand-written websocket-only client ([`WsConnector`])
//!
//! [`default_connector`] returns [`WsConnector`]: Socket.IO v5 over Engine.IO v4 on
//! `tokio-tungstenite` (rustls with webpki roots for `https`/`wss`), websocket transport only,
//! no HTTP long-polling, no binary packets (`45`/`46` and their attachment frames are logged and
//! skipped). One reader task reads frames in order and pushes events into the session's
//! unbounded channel; one writer task drains a queue of frames. The client gives up on a server
//! that sends nothing for `pingInterval + pingTimeout` (from the open packet). It does not
//! reconnect: that is the caller's policy (PROTOCOL.md §1.2).
//!
//! Chosen by the conformance suite (`tests/transport_conformance.rs`, 14 cases, against
//! `socket.io` 4.8.3 on Node 20); measured on the 2-core dev machine:
//! - **`tf-rust-socketio` 0.9.3** (maintained fork of `rust_socketio`): it dispatches every
//!   packet as its own task. Driven from the test's 2-worker runtime, a 20,000-event burst
//!   arrived with 2,749 / 2,845 / 4,024 adjacent inversions (8,522–12,684 events not at their
//!   index) in three runs; 0 on a current-thread runtime. Wrapped on its own current-thread
//!   runtime on a dedicated thread (adapter in commit `baf4153`: waits for the `Connect` event,
//!   parses the `"Received an ConnectError frame: {...}"` error text, forwards into the ordered
//!   channel) it passed 13 of 14 cases, order included (0 inversions). It failed concurrent
//!   `emit_with_ack`: the fork draws ack ids at random from `0..999`, and a colliding id hands
//!   the first answer to every waiter; with 50 concurrent requests another request's answer
//!   came back in 5 of 8 runs. The adapter also had to undo a binary event delivered under a
//!   garbled name (`"bin,,{note:has a buffer}"`) and ack answers handed over as raw JSON text;
//!   a wrong path failed only as `"EngineIO Error"`; on a server DISCONNECT the fork aborts
//!   dispatch tasks not yet run, so an event sent right before it can be lost; its order on the
//!   dedicated runtime rests on the scheduler running spawned tasks FIFO; and it pulls in
//!   native-tls/OpenSSL and a second tungstenite (0.21).
//! - **`rust_socketio` 0.6.0**: not retried; measured before (issue): it cannot answer a server
//!   ack and is unmaintained.
//! - **This client**: 14 of 14; the 20,000-event burst in order on both a 2-worker and a
//!   current-thread runtime in 0.18–0.21 s (debug build); a closed port fails at once with
//!   [`TransportError::Io`]; a wrong path fails after about 1 s (the Node server drops unknown
//!   websocket upgrades after `destroyUpgradeTimeout`) with the URL in the message; a frozen
//!   server is reported as `TransportClose("ping timeout: ...")` about 600 ms after
//!   `pingInterval` 300 + `pingTimeout` 300.

use std::{future::Future, pin::Pin, sync::Arc, time::Duration};

use serde_json::Value;
use tokio::sync::mpsc;

/// Server events a session queues before it stops reading the socket until the client
/// catches up (issue 7: bounded memory during bursts).
pub const EVENT_QUEUE: usize = 256;

/// A boxed future, as returned by the object-safe transport traits.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Identifier of a server ack request (the number after `42` in `42<id>[...]`).
pub type AckId = u64;

/// How to reach and authenticate against a Socket.IO server.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Server origin with scheme, e.g. `https://cx.example.com` (`http`/`https`; the
    /// implementation derives `ws`/`wss` itself). Any path on it is ignored.
    pub origin: url::Url,
    /// Engine.IO path, e.g. `/agent-manager/socket.io/` (PROTOCOL.md §1.2).
    pub path: String,
    /// Extra query parameters, e.g. `[("username", "sana")]`; `EIO=4` and `transport` are
    /// added by the implementation.
    pub query: Vec<(String, String)>,
    /// Payload of the namespace CONNECT packet (socket.io `auth`), or `None`.
    pub auth: Option<Value>,
    /// Upper bound for the whole connect (TCP + handshake + namespace CONNECT).
    pub connect_timeout: Duration,
}

/// Why a session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisconnectReason {
    /// The server disconnected the socket (`io server disconnect`: a namespace DISCONNECT
    /// packet from the server). Per PROTOCOL.md §1.2 a forced logout: do not reconnect.
    ServerDisconnect,
    /// The connection was lost (closed socket, ping timeout, I/O error); the text says how.
    TransportClose(String),
    /// This side called [`SocketTransport::disconnect`].
    ClientDisconnect,
}

/// One item of the ordered server stream.
#[derive(Debug, Clone, PartialEq)]
pub enum TransportEvent {
    /// A server event `42[name, ...args]`, or `42<id>[name, ...args]` when `ack` is set.
    Event {
        name: String,
        args: Vec<Value>,
        ack: Option<AckId>,
    },
    /// The session ended; the stream closes after this.
    Disconnected(DisconnectReason),
}

/// Transport failures.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum TransportError {
    /// The server answered the namespace CONNECT with `connect_error` (`44{"message":...}`).
    #[error("connection refused by server: {message}")]
    ConnectRejected {
        message: String,
        /// The optional `data` of the connect_error packet, verbatim.
        data: Option<Value>,
    },
    /// Connect (or an ack) did not complete in time.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// Network or protocol failure, with a human-readable description.
    #[error("{0}")]
    Io(String),
    /// The session is closed; nothing can be sent.
    #[error("socket session is closed")]
    Closed,
}

/// A connected socket.io session.
pub struct Session {
    /// Handle for emitting; cheap to clone.
    pub socket: Arc<dyn SocketTransport>,
    /// Server events in arrival order, ending with one `Disconnected`. Bounded
    /// ([`EVENT_QUEUE`]): while it is full the connection is not read (backpressure).
    pub events: mpsc::Receiver<TransportEvent>,
}

/// Opens sessions. Implementations: see [`crate::client::transport`] submodules.
pub trait SocketConnector: Send + Sync {
    /// Connect and join the default namespace `/` (see the module contract).
    fn connect(
        &self,
        options: ConnectOptions,
    ) -> BoxFuture<'static, Result<Session, TransportError>>;
}

/// Sending half of a connected session. All methods are non-blocking: frames are queued to
/// the connection's writer in call order.
pub trait SocketTransport: Send + Sync {
    /// Emit `42[event, ...args]`.
    fn emit(&self, event: &str, args: Vec<Value>) -> Result<(), TransportError>;
    /// Emit `42[event, arg]` with one argument already serialised (hot paths such as READ
    /// receipts build their JSON text directly). The default parses it back and calls
    /// [`SocketTransport::emit`]; implementations write it as is.
    fn emit_json(
        &self,
        event: &str,
        arg: &serde_json::value::RawValue,
    ) -> Result<(), TransportError> {
        let value =
            serde_json::from_str(arg.get()).map_err(|e| TransportError::Io(e.to_string()))?;
        self.emit(event, vec![value])
    }
    /// Emit with an ack request and wait up to `timeout` for the server's answer (its args).
    fn emit_with_ack(
        &self,
        event: &str,
        args: Vec<Value>,
        timeout: Duration,
    ) -> BoxFuture<'static, Result<Vec<Value>, TransportError>>;
    /// Answer a server ack request: `43<id>[...args]`.
    fn ack(&self, id: AckId, args: Vec<Value>) -> Result<(), TransportError>;
    /// Close the session; the event stream then yields `Disconnected(ClientDisconnect)`.
    fn disconnect(&self);
}

pub mod packet;
mod ws;

/// For `agentdesk doctor`: the same URL and TLS setup the desk connects with.
pub(crate) use ws::{tls_connector, websocket_url};
pub use ws::{WsConnector, DEFAULT_MAX_MESSAGE_BYTES};

/// The transport the desk uses: [`WsConnector`], the websocket-only Socket.IO v5 client.
pub fn default_connector() -> Arc<dyn SocketConnector> {
    Arc::new(WsConnector::new())
}
