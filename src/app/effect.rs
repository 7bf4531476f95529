//! What [`super::update`] asks the outside world to do.

use crate::client::Command;

/// A side effect for the runtime to carry out.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // short-lived, moved once to the client
pub enum Effect {
    /// Hand a request to the client.
    Send(Command),
    /// Exit the program (after restoring the terminal).
    Quit,
    /// Open a URL with the system opener (`xdg-open` / `open`).
    OpenUrl(String),
    /// Put text on the clipboard (OSC 52, works over SSH and in tmux).
    Copy(String),
    /// Store the pull-mode lists `username` follows on this server, to follow them again at
    /// the next login (the runtime writes its state file).
    RememberFollowedLists {
        username: String,
        lists: Vec<crate::protocol::PullModeList>,
    },
}
