//! Inputs to [`super::update`]: network events, user actions and clock ticks.

use crate::client::ClientEvent;

use super::text_field::Edit;

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Input {
    /// From the network side, in arrival order.
    Client(ClientEvent),
    /// From the keyboard (mapped by the UI).
    User(UserAction),
    /// Time passed (drives countdowns and echo timeouts); the time is `update`'s `now_ms`.
    Tick,
    /// The chat pane cannot scroll back further than this many screen lines (reported by the
    /// UI after drawing: only the screen knows how lines wrap).
    ChatScrollLimit(usize),
    /// What the last run left unsent (outbox and drafts, [`super::outbox::Saved`]), read by
    /// the runtime at start.
    Restore(super::outbox::Saved),
    /// The system opener finished for `url` ([`super::Effect::OpenUrl`]): `Ok` when it
    /// reported success, else what went wrong (shown to the agent).
    LinkOpened {
        url: String,
        result: Result<(), String>,
    },
    /// The help overlay cannot scroll further than this many lines (reported by the UI after
    /// drawing, like [`Input::ChatScrollLimit`]).
    HelpScrollLimit(usize),
    /// A message from the runtime's own work (the keyring, the notification daemon), shown
    /// in the notice line.
    Notice {
        level: super::state::Level,
        text: String,
    },
    /// The end of the log file, for the `/log` overlay: its path and its last lines (oldest
    /// first), or why it could not be read.
    LogTail {
        path: String,
        lines: Result<Vec<String>, String>,
    },
    /// The external editor (`$VISUAL`, `$EDITOR`) asked for with
    /// [`super::Effect::EditExternally`] ended: the text it left, or why it failed. The text
    /// goes back to the draft of `conversation_id` (the composer when no conversation).
    EditorDone {
        conversation_id: Option<String>,
        result: Result<String, String>,
    },
    /// Paths for `/send` Tab completion ([`super::Effect::ListPaths`]): each starts with
    /// `typed`, directories end in `/`.
    PathCandidates {
        typed: String,
        candidates: Vec<String>,
    },
    /// Archived lines asked for with [`super::Effect::LoadOlderLines`], oldest first
    /// (possibly none).
    OlderLines {
        conversation_id: String,
        lines: Vec<super::ChatLine>,
    },
}

/// What a key press means, as decided by the UI's key map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserAction {
    /// Edit the active text field (login field while the login form shows, else the composer).
    Edit(Edit),
    /// Enter: submit the login form, or run the composer line (slash command or message).
    Submit,
    /// Tab in the login form: next field.
    NextField,
    /// Run a slash command directly (keys bound to commands use this), e.g. `"/ready"`.
    Command(String),
    /// Focus the next / previous conversation.
    FocusNext,
    FocusPrev,
    /// Focus conversation number `n` (1-based, as listed).
    FocusNumber(usize),
    /// Scroll the chat pane by lines (positive = back in time).
    Scroll(i32),
    /// Move the cursor of the open picker or wrap-up form (positive = down).
    Move(i32),
    /// Space in the wrap-up form's category list: tick/untick.
    Toggle,
    /// Skip the wrap-up (`closeWrapup` with null).
    SkipWrapup,
    /// Select the previous (negative) / next (positive) message of the focused conversation.
    SelectLine(i32),
    /// Open or close the customer panel.
    ToggleCustomerPanel,
    /// Show or hide help.
    ToggleHelp,
    /// Esc: close the overlay.
    Dismiss,
    /// Leave the desk (same as `/quit`; asks first when chats are open or text is unsent).
    Quit,
    /// Delete on a list overlay: delete the selected item (the pull panel's waiting chat,
    /// an announcement), where the role allows it.
    Delete,
    /// A `/` typed where it is not text (a picker, the help, a question, the wrap-up
    /// categories): the overlay closes and the composer gets the `/`, so a slash command
    /// can always be typed.
    Slash,
    /// Yes to the open question.
    Confirm,
    /// Text pasted (bracketed paste): it goes into the field with the keyboard as text, never
    /// as keys; in the composer it is a message, never a command.
    Paste(String),
    /// Focus the next conversation with unread customer messages.
    NextUnread,
    /// Open the command palette (a fuzzy search over commands, chats, reasons, queues).
    Palette,
    /// Tab in the composer: in a command, complete its name, a reason, queue, agent or path
    /// ([`super::complete`]); in a message, expand the `#name` before the cursor (a canned
    /// response), or pick one.
    Complete,
    /// Edit the composer's text in `$VISUAL` / `$EDITOR` (the TUI steps aside meanwhile).
    ExternalEditor,
    /// Ctrl+Z: suspend the desk to the shell (`fg` resumes it).
    Suspend,
    /// Draw the whole screen again (Ctrl+L).
    Redraw,
    /// Put this text in the composer for the agent to finish (a key bound to a command that
    /// needs an argument, e.g. `"/send "`). A draft there is set aside meanwhile.
    Prefill(String),
    /// A click on row `index` of the open picker's items: selects it, or picks it when it
    /// is selected already.
    PickRow(usize),
}
