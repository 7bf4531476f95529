//! `agentdesk doctor [--profile NAME]`: checks what the desk depends on and says what to fix.
//!
//! Local: the configuration (file, profile), the theme, the OS keyring, the terminal
//! (colours, size, tmux), the system opener (`/open`), the clipboard (`/copy`, OSC 52) and
//! desktop notifications. Server (when one is configured): DNS, TCP, TLS (for `https`), the
//! login endpoint, and a socket.io (Engine.IO) handshake.
//!
//! The server checks never log in: the login endpoint gets a login for a user that does not
//! exist (`agentdesk-doctor`, empty password), which a working endpoint refuses with 400,
//! 401 or 403; the socket.io check stops after the Engine.IO open packet, before the
//! namespace CONNECT that carries the agent. So running `doctor` while the desk is open
//! neither locks an account nor ends the agent's session.

mod local;
mod server;

use std::fmt;

use crate::config::{ConfigError, Effective};
use crate::credentials::Credentials;

/// How a check went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// Works, with something worth knowing.
    Info,
    /// Works partly, or may not work: the desk runs.
    Warn,
    /// Broken: the desk cannot do this.
    Fail,
    /// Not checked (it depends on something that failed or is not configured).
    Skip,
}

impl Status {
    fn word(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Info => "info",
            Status::Warn => "warn",
            Status::Fail => "FAIL",
            Status::Skip => "skip",
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub status: Status,
    /// What was checked, e.g. `TLS`.
    pub what: String,
    /// What was found.
    pub detail: String,
    /// What to do about it, when something is wrong.
    pub fix: Option<String>,
}

impl Check {
    fn new(status: Status, what: &str, detail: impl Into<String>) -> Check {
        Check {
            status,
            what: what.to_string(),
            detail: detail.into(),
            fix: None,
        }
    }

    fn fix(mut self, fix: impl Into<String>) -> Check {
        self.fix = Some(fix.into());
        self
    }
}

/// A titled group of checks.
#[derive(Debug, Clone)]
pub struct Section {
    pub title: String,
    pub checks: Vec<Check>,
}

/// The whole report; `Display` is what `agentdesk doctor` prints.
#[derive(Debug, Clone)]
pub struct Report {
    pub sections: Vec<Section>,
}

impl Report {
    /// True when a check failed (`agentdesk doctor` then exits with status 1).
    pub fn failed(&self) -> bool {
        self.all().any(|c| c.status == Status::Fail)
    }

    /// Every check, in order.
    pub fn all(&self) -> impl Iterator<Item = &Check> {
        self.sections.iter().flat_map(|s| s.checks.iter())
    }

    /// The first check named `what`.
    pub fn check(&self, what: &str) -> Option<&Check> {
        self.all().find(|c| c.what == what)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "agentdesk doctor ({})", crate::cli::VERSION)?;
        for section in &self.sections {
            writeln!(f, "\n{}", section.title)?;
            for check in &section.checks {
                writeln!(
                    f,
                    "  {:<4}  {:<15} {}",
                    check.status.word(),
                    check.what,
                    check.detail
                )?;
                if let Some(fix) = &check.fix {
                    writeln!(f, "  {:<4}  {:<15} fix: {fix}", "", "")?;
                }
            }
        }
        let count = |s| self.all().filter(|c| c.status == s).count();
        let (fails, warns) = (count(Status::Fail), count(Status::Warn));
        writeln!(f)?;
        match (fails, warns) {
            (0, 0) => writeln!(f, "Everything checked works."),
            (0, w) => writeln!(f, "No problems; {w} warning(s) above."),
            (p, w) => writeln!(
                f,
                "{p} problem(s) and {w} warning(s) above: see the fix lines."
            ),
        }
    }
}

/// Runs every check. `config` is the resolved configuration, or why it could not be
/// resolved (then the remaining checks use the defaults and no server is checked).
pub async fn run(config: Result<&Effective, &ConfigError>, credentials: &Credentials) -> Report {
    let mut sections = vec![
        local::configuration(config),
        local::credentials(config.ok(), credentials),
        local::terminal(),
    ];
    sections.push(match config.ok().and_then(|c| c.settings.server.clone()) {
        Some(url) => server::check(&url, config.ok().map(|c| &c.settings.services)).await,
        None => Section {
            title: "Server".into(),
            checks: vec![Check::new(Status::Skip, "server", "none configured").fix(
                "give --server URL, or `server` in the configuration or a profile (--profile NAME)",
            )],
        },
    });
    Report { sections }
}
