//! The network side: REST login and the socket.io session with the Agent Manager.
//!
//! Owns every socket and HTTP connection; knows nothing of the screen. Wire events become
//! [`ClientEvent`]s in arrival order; [`Command`]s become emits and REST calls.

pub mod command;
pub mod event;
pub mod transport;

pub use command::{Command, MessageTarget};
pub use event::ClientEvent;
