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

use std::{future::Future, pin::Pin, sync::Arc, time::Duration};

use serde_json::Value;
use tokio::sync::mpsc;

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
    /// Server events in arrival order, ending with one `Disconnected`.
    pub events: mpsc::UnboundedReceiver<TransportEvent>,
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

mod tf_socketio;

/// The transport implementation used by the desk.
pub fn default_connector() -> Arc<dyn SocketConnector> {
    Arc::new(tf_socketio::TfConnector)
}
