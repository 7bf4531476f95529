//! The network side: REST login and the socket.io session with the Agent Manager.
//!
//! Owns every socket and HTTP connection; knows nothing of the screen. Wire events become
//! [`ClientEvent`]s in arrival order; [`Command`]s become emits and REST calls.

pub mod backoff;
pub mod command;
pub mod decode;
pub mod encode;
pub mod endpoints;
pub mod event;
pub mod rest;
pub mod runner;
pub mod secret;
pub mod tls;
pub mod transport;

pub use command::{AssistContext, Command, MessageTarget, WrapupChoice};
pub use endpoints::Endpoints;
pub use event::ClientEvent;
pub use runner::{spawn, Client, ClientConfig};
pub use secret::Secret;
