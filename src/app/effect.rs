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
    /// Open an `http(s)` URL with the system opener ([`crate::desktop::open_url`]); the
    /// outcome comes back as [`super::Input::LinkOpened`].
    OpenUrl(String),
    /// Put text on the clipboard (OSC 52, works over SSH and in tmux; never confirmed).
    Copy(String),
    /// Store the pull-mode lists `username` follows on this server, to follow them again at
    /// the next login (the runtime writes its state file).
    RememberFollowedLists {
        username: String,
        lists: Vec<crate::protocol::PullModeList>,
    },
    /// Raise a notification: bell and/or desktop ([`super::notify`]).
    Alert(super::notify::Alert),
    /// A login with `remember` on succeeded: store this password for `username` in the OS
    /// keyring ([`crate::credentials`]). The answer comes back as [`super::Input::Notice`].
    RememberPassword {
        username: String,
        password: crate::client::Secret,
    },
    /// Read the end of the log file for `/log`; the answer is [`super::Input::LogTail`].
    ReadLog,
    /// Keep these lines, older than the conversation's scrollback window, in the archive
    /// (oldest first; they come after what the archive already holds for it).
    ArchiveLines {
        conversation_id: String,
        lines: Vec<crate::app::ChatLine>,
    },
    /// Give back up to `count` of the newest archived lines of the conversation, as
    /// [`crate::app::Input::OlderLines`] (the agent scrolled past the oldest line in memory).
    LoadOlderLines {
        conversation_id: String,
        count: usize,
    },
    /// The conversation is gone: forget its archived lines.
    DropArchive { conversation_id: String },
    /// Edit `text` in the external editor (`$VISUAL`, else `$EDITOR`, else `vi`), the
    /// terminal handed to it meanwhile; the result comes back as
    /// [`super::Input::EditorDone`] for `conversation_id`'s draft.
    EditExternally {
        conversation_id: Option<String>,
        text: String,
    },
    /// Suspend the desk (the terminal restored, SIGTSTP); on resume the terminal is taken
    /// again and the screen drawn whole.
    Suspend,
    /// Clear the terminal and draw the whole screen again.
    Redraw,
    /// List the paths starting with `typed` (`~/` is the home directory) for `/send`'s Tab
    /// completion; answered by [`super::Input::PathCandidates`].
    ListPaths { typed: String },
}
