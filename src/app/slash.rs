//! Slash commands typed in the composer (a contract: tests outside this repo type them).

/// A parsed composer line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slash {
    /// `/ready`
    Ready,
    /// `/notready [reason name]`
    NotReady(Option<String>),
    /// `/logout [reason name]`
    Logout(Option<String>),
    /// `/accept` — the oldest pending offer.
    Accept,
    /// `/leave` — the focused conversation (dismisses it when it already ended).
    Leave,
    /// `/quit` (asks first when chats are open or text is unsent)
    Quit,
    /// `/quit!` — quit without asking.
    QuitNow,
    /// `/help`
    Help,
    /// `/status` — agent and MRD states in words and protocol terms.
    Status,
    /// `/mrd [name] [ready|notready]` — without both arguments: the MRD picker.
    Mrd(Option<String>),
    /// `/goto <n>` — focus conversation n (1-based).
    Goto(Option<String>),
    /// `/reply` — the next message answers the selected one (or the customer's last).
    Reply,
    /// `/send <path>` — upload a file and send it.
    Send(Option<String>),
    /// `/open [n]` — open attachment or link n of the selected/last message.
    Open(Option<String>),
    /// `/copy [n|text|phone|email]` — copy link n, the message's text, or the customer's
    /// phone or email to the clipboard.
    Copy(Option<String>),
    /// `/hold [minutes]` — put the conversation on hold.
    Hold(Option<String>),
    /// `/resume` — take it off hold.
    Resume,
    /// `/customer` — toggle the customer panel.
    Customer,
    /// `/history [more]` — the customer's past conversations.
    History(Option<String>),
    /// `/lists` — the pull-mode lists and which I follow.
    Lists,
    /// `/follow <list name>` — follow a pull-mode list (no name: the lists).
    Follow(Option<String>),
    /// `/unfollow <list name>` — stop following it.
    Unfollow(Option<String>),
    /// `/pull` — the waiting chats; `/pull <n>` picks chat n; `/pull delete <n>` deletes it.
    Pull(Option<String>),
    /// `/announcements` — the team announcements; `/announcements delete <n>` (supervisors).
    Announcements(Option<String>),
    /// `/announce <text>` — post an announcement to my teams (supervisors).
    Announce(Option<String>),
    /// `/reconnect` — connect again now (skip the reconnect wait, or renew a stalled session).
    Reconnect,
    /// `/resend` — send the selected (or newest) not confirmed message again, same id (F12).
    Resend,
    /// `/log` — the last lines of the log file and the desk's notices.
    Log,
    /// `/transfer [<queue name> | @<agent>] [-- note]` — without a target: the picker.
    Transfer(Option<String>),
    /// `/conference [<queue name> | @<agent>] [-- note]`.
    Conference(Option<String>),
    /// `/consult [<queue name> | @<agent>] [-- note]`.
    Consult(Option<String>),
    /// `/consult-transfer` — hand the conversation to the consulted agent.
    ConsultTransfer,
    /// `/whisper <text>` — a message to the other agents only.
    Whisper(Option<String>),
    /// `/team` — the supervisor's team board.
    Team,
    /// `/monitor <conversation id | n>` — join as silent monitor (supervisors).
    Monitor(Option<String>),
    /// `/barge` — barge into the monitored conversation (supervisors).
    Barge,
    /// `/whisper-mode` — back to whispering after a barge-in (supervisors).
    WhisperMode,
    /// `/suggest [n]` — bot suggestion n (default: the next one) into the composer.
    Suggest(Option<String>),
    /// `/suggest-send [n]` — send bot suggestion n (default: the chosen one) at once.
    SuggestSend(Option<String>),
    /// `/canned [name]` — a canned response into the composer; without a name: the picker.
    Canned(Option<String>),
    /// `/extend` — ask for more time to reply (RESET_AGENT_SLA).
    Extend,
    /// `/hand` — raise the hand in the focused conversation; again: lower it.
    Hand,
    /// `/hands` — the team board at the next raised hand (supervisors).
    Hands,
    /// Anything else starting with `/`.
    Unknown(String),
}

/// The commands with their one-line help, in the order `/help` lists them.
pub const HELP: &[(&str, &str)] = &[
    ("/ready", "ready for chats: offers start arriving (READY)"),
    (
        "/notready [reason]",
        "not ready, with a reason by name or from a list (NOT_READY)",
    ),
    (
        "/logout [reason]",
        "log out of the Agent Manager with a reason code",
    ),
    ("/accept", "accept the oldest pending offer"),
    ("/leave", "leave the focused conversation (again: close it)"),
    (
        "/mrd [name state]",
        "channels (MRDs) on/off: a list, or /mrd chat ready|notready",
    ),
    ("/goto <n>", "focus conversation n"),
    ("/reply", "reply to the selected message (Ctrl+↑/↓ selects)"),
    ("/send <path>", "send a file (5 MB at most)"),
    (
        "/open [n] /copy [n]",
        "open / copy attachment or link n of the message",
    ),
    (
        "/copy text|phone|email",
        "copy the message's text, the customer's phone or email",
    ),
    (
        "/hold [min] /resume",
        "put the conversation on hold / resume it",
    ),
    (
        "/transfer [queue|@agent] [-- note]",
        "hand the chat on; without a target: pick one",
    ),
    (
        "/conference [queue|@agent]",
        "bring another agent in (-- note too)",
    ),
    (
        "/consult [queue|@agent]",
        "ask another agent for help (-- note too)",
    ),
    ("/consult-transfer", "hand the chat to the consulted agent"),
    ("/whisper <text>", "a message to the other agents only"),
    ("/team", "team board: agents and live chats (supervisors)"),
    (
        "/monitor <id|n>",
        "silently monitor a conversation (supervisors)",
    ),
    (
        "/barge /whisper-mode",
        "barge in / back to whispering (supervisors)",
    ),
    ("/suggest [n]", "bot suggestion n into the composer (Alt+S)"),
    ("/suggest-send [n]", "send bot suggestion n at once (Alt+A)"),
    (
        "/canned [name]",
        "a canned response (#name Tab too); alone: pick one",
    ),
    ("/extend", "ask for more time to reply (response SLA)"),
    ("/hand", "raise your hand for a supervisor; again: lower it"),
    ("/hands", "the team board at a raised hand (supervisors)"),
    ("/customer", "toggle the customer panel"),
    ("/history [more]", "the customer's past conversations"),
    (
        "/lists",
        "pull-mode lists: which I follow; Enter follows / unfollows",
    ),
    (
        "/follow <list> /unfollow <list>",
        "follow or stop following a pull-mode list",
    ),
    (
        "/pull [n]",
        "waiting chats of my lists; /pull n picks chat n (Alt+P)",
    ),
    ("/pull delete <n>", "delete waiting chat n (supervisors)"),
    ("/announcements", "team announcements; Esc hides the banner"),
    (
        "/announce <text>",
        "post an announcement to your teams (supervisors)",
    ),
    ("/reconnect", "connect again now (skip the wait)"),
    ("/resend", "resend a not confirmed message, same id (F12)"),
    ("/status", "agent and MRD states, with their protocol names"),
    ("/log", "the last log lines and the notices"),
    ("/help", "show this help"),
    (
        "/quit",
        "quit agentdesk (asks with open chats; /quit! does not)",
    ),
];

/// What a composer line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A command.
    Command(Slash),
    /// Text to send; `//text` sends `/text`.
    Message(String),
    /// Only whitespace.
    Empty,
}

/// Classifies a composer line.
pub fn parse(line: &str) -> Line {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Line::Empty;
    }
    if let Some(rest) = trimmed.strip_prefix("//") {
        return Line::Message(format!("/{rest}"));
    }
    let Some(rest) = trimmed.strip_prefix('/') else {
        return Line::Message(line.trim_end().to_string());
    };
    let (name, arg) = match rest.split_once(char::is_whitespace) {
        Some((name, arg)) => (name, Some(arg.trim().to_string()).filter(|a| !a.is_empty())),
        None => (rest, None),
    };
    Line::Command(match name.to_ascii_lowercase().as_str() {
        "ready" => Slash::Ready,
        "notready" => Slash::NotReady(arg),
        "logout" => Slash::Logout(arg),
        "accept" => Slash::Accept,
        "leave" => Slash::Leave,
        "quit" => Slash::Quit,
        "quit!" => Slash::QuitNow,
        "help" => Slash::Help,
        "status" => Slash::Status,
        "mrd" => Slash::Mrd(arg),
        "goto" => Slash::Goto(arg),
        "reply" => Slash::Reply,
        "send" => Slash::Send(arg),
        "open" => Slash::Open(arg),
        "copy" => Slash::Copy(arg),
        "hold" => Slash::Hold(arg),
        "resume" => Slash::Resume,
        "customer" => Slash::Customer,
        "history" => Slash::History(arg),
        "lists" => Slash::Lists,
        "follow" => Slash::Follow(arg),
        "unfollow" => Slash::Unfollow(arg),
        "pull" => Slash::Pull(arg),
        "announcements" => Slash::Announcements(arg),
        "announce" => Slash::Announce(arg),
        "reconnect" => Slash::Reconnect,
        "resend" => Slash::Resend,
        "log" => Slash::Log,
        "transfer" => Slash::Transfer(arg),
        "conference" => Slash::Conference(arg),
        "consult" => Slash::Consult(arg),
        "consult-transfer" => Slash::ConsultTransfer,
        "whisper" => Slash::Whisper(arg),
        "team" => Slash::Team,
        "monitor" => Slash::Monitor(arg),
        "barge" => Slash::Barge,
        "whisper-mode" => Slash::WhisperMode,
        "suggest" => Slash::Suggest(arg),
        "suggest-send" => Slash::SuggestSend(arg),
        "canned" => Slash::Canned(arg),
        "extend" => Slash::Extend,
        "hand" => Slash::Hand,
        "hands" => Slash::Hands,
        _ => Slash::Unknown(name.to_string()),
    })
}

/// One command of [`HELP`]: `("/send", "<path>", "send a file (5 MB at most)")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandHelp {
    /// The command with its `/`.
    pub name: &'static str,
    /// Its arguments as help writes them (`<path>` needed, `[n]` optional), or "".
    pub args: &'static str,
    /// The help line it is listed on.
    pub help: &'static str,
}

impl CommandHelp {
    /// True when it needs an argument (`<…>` in help): a key or the palette puts it in the
    /// composer for the agent to finish instead of running it bare.
    pub fn needs_argument(&self) -> bool {
        self.args.starts_with('<')
    }
}

/// Every command named in [`HELP`], in its order, each once (a help line may name two:
/// `/hold [min] /resume`). The palette, Tab completion and the key map's action names read
/// this list, so a command added to [`HELP`] is everywhere at once.
pub fn commands() -> Vec<CommandHelp> {
    let mut out: Vec<CommandHelp> = Vec::new();
    for (label, help) in HELP {
        let mut rest = label.trim();
        while let Some(start) = rest.find('/') {
            rest = &rest[start..];
            let name_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let name = &rest[..name_end];
            let after = &rest[name_end..];
            let args_end = after.find(" /").unwrap_or(after.len());
            let args = after[..args_end].trim();
            if name.len() > 1 && !out.iter().any(|c| c.name == name) {
                out.push(CommandHelp { name, args, help });
            }
            rest = &after[args_end..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands_arguments_and_messages() {
        assert_eq!(parse("/ready"), Line::Command(Slash::Ready));
        assert_eq!(
            parse(" /notready  Short Break "),
            Line::Command(Slash::NotReady(Some("Short Break".into())))
        );
        assert_eq!(parse("/logout"), Line::Command(Slash::Logout(None)));
        assert_eq!(parse("/ACCEPT"), Line::Command(Slash::Accept));
        assert_eq!(
            parse("/frobnicate x"),
            Line::Command(Slash::Unknown("frobnicate".into()))
        );
        assert_eq!(parse("hello there"), Line::Message("hello there".into()));
        assert_eq!(parse("//shrug"), Line::Message("/shrug".into()));
        assert_eq!(parse("   "), Line::Empty);
        assert_eq!(
            parse("/follow Web Leads"),
            Line::Command(Slash::Follow(Some("Web Leads".into())))
        );
        assert_eq!(
            parse("/pull 3"),
            Line::Command(Slash::Pull(Some("3".into())))
        );
        assert_eq!(parse("/pull"), Line::Command(Slash::Pull(None)));
        assert_eq!(
            parse("/announce Team meeting at 3"),
            Line::Command(Slash::Announce(Some("Team meeting at 3".into())))
        );
        assert_eq!(
            parse("/transfer Billing Queue -- wants a refund"),
            Line::Command(Slash::Transfer(Some(
                "Billing Queue -- wants a refund".into()
            )))
        );
        assert_eq!(
            parse("/consult-transfer"),
            Line::Command(Slash::ConsultTransfer)
        );
        assert_eq!(parse("/whisper-mode"), Line::Command(Slash::WhisperMode));
        assert_eq!(
            parse("/monitor 2"),
            Line::Command(Slash::Monitor(Some("2".into())))
        );
    }

    #[test]
    fn every_command_in_help_is_listed_once_with_its_arguments() {
        let commands = commands();
        let find = |name: &str| commands.iter().find(|c| c.name == name).copied();
        assert_eq!(find("/send").map(|c| c.args), Some("<path>"));
        assert!(find("/send").unwrap().needs_argument());
        assert_eq!(find("/resume").map(|c| c.args), Some(""));
        assert_eq!(find("/copy").map(|c| c.args), Some("[n]"));
        assert!(!find("/transfer").unwrap().needs_argument());
        assert_eq!(commands.iter().filter(|c| c.name == "/copy").count(), 1);
        for command in &commands {
            assert!(
                !matches!(parse(command.name), Line::Command(Slash::Unknown(_))),
                "{} is in help but not parsed",
                command.name
            );
        }
    }
}
