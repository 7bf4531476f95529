//! The network side: REST login and the socket.io session with the Agent Manager.

pub mod transport;
