//! The `agentdesk` command line (a contract: tests outside this repository drive it exactly
//! like this). Defined in the library so completions and the man page are generated from
//! the same definition the binary parses, and tests can check them.
//!
//! ```text
//! agentdesk [--server URL] [--username NAME] [--remember] [--profile NAME] [--theme NAME|PATH] [--config PATH]
//! agentdesk demo [--as USER] [--rona-secs N] [--wrapup-secs N]
//! agentdesk sim [--port N] [--rona-secs N] [--wrapup-secs N] [--scripted-customers N] [--load SPEC]
//!               [--require-token] [--encoded-text <on|off>]
//! agentdesk config | forget | doctor   [--profile NAME] [--server URL --username NAME]
//! agentdesk completions <bash|zsh|fish|elvish|powershell>
//! agentdesk man
//! agentdesk --help | --version
//! ```

use std::io::Write;
use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand};

use crate::config::Flag;

/// `--version`: the package version, and the git commit when built from a git checkout
/// (`0.1.0 (git 1a2b3c4d5e6f)`; set by `build.rs`).
pub const VERSION: &str = env!("AGENTDESK_VERSION");

/// Keyboard-driven terminal agent desk for the ExpertFlow CX Agent Manager.
#[derive(Debug, Parser)]
#[command(
    name = "agentdesk",
    version = VERSION,
    about,
    long_about = None,
    after_help = "Configuration: $XDG_CONFIG_HOME/agentdesk/config.toml (~/.config/agentdesk/config.toml). \
Every setting can also be given as AGENTDESK_<KEY> (AGENTDESK_SERVER, AGENTDESK_USERNAME, AGENTDESK_THEME, …). \
Precedence: flag > environment > profile > top level of the file > defaults. See `agentdesk config`."
)]
pub struct Cli {
    /// Agent Manager base URL (`server` in the configuration).
    #[arg(
        long,
        value_name = "URL",
        global = true,
        help = "Agent Manager base URL, e.g. https://cx.example.com/agent-manager (or `server` in the configuration)"
    )]
    pub server: Option<String>,
    /// Agent username. The password comes from AGENTDESK_PASSWORD, password_command, the OS
    /// keyring (with --remember), else the login form
    #[arg(long, value_name = "NAME", global = true)]
    pub username: Option<String>,
    /// After a successful login, store the password in the OS keyring; the next start uses it
    #[arg(long)]
    pub remember: bool,
    /// Use the [profiles.NAME] table of the configuration (default: AGENTDESK_PROFILE, else
    /// default_profile)
    #[arg(long, value_name = "NAME", global = true)]
    pub profile: Option<String>,
    /// Theme: default, light, high-contrast, solarized-dark, a user theme in
    /// ~/.config/agentdesk/themes/NAME.toml, or a path to a theme file
    #[arg(long, value_name = "NAME|PATH", global = true)]
    pub theme: Option<String>,
    /// Configuration file (default: $XDG_CONFIG_HOME/agentdesk/config.toml when it exists;
    /// also AGENTDESK_CONFIG)
    #[arg(long, value_name = "PATH", global = true)]
    pub config: Option<PathBuf>,
    /// A PEM file of CA certificates to trust (a private CA), for REST and the socket alike
    /// (`ca_cert` in the configuration); the OS trust store and SSL_CERT_FILE are used too
    #[arg(long, value_name = "PEM")]
    pub ca_cert: Option<String>,
    /// Do NOT verify the server's certificate (for testing only: a red warning stays in the
    /// status bar for the whole session; deliberately not a configuration setting)
    #[arg(long)]
    pub insecure: bool,
    #[command(subcommand)]
    pub command: Option<Mode>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Mode {
    /// Start the built-in Agent Manager simulator on 127.0.0.1 and log in as a demo user.
    ///
    /// The simulator also serves a customer chat page, http://127.0.0.1:PORT/chat (the URL
    /// is printed and shown in the desk's help, `?`): open it in a browser to be the
    /// customer of the demo agent.
    #[cfg(feature = "sim")]
    Demo {
        /// Demo user to log in as: agent1, agent2 or supervisor1 (a supervisor's desk whose
        /// team has simulated agents in live chats).
        #[arg(long = "as", value_name = "USER", default_value = "agent1")]
        user: String,
        /// Seconds an offer waits before RONA (not answered in time).
        #[arg(long, value_name = "N", default_value_t = 30)]
        rona_secs: u64,
        /// Seconds of wrap-up after leaving a chat; 0 ends chats at once.
        #[arg(long, value_name = "N", default_value_t = 60)]
        wrapup_secs: u64,
        /// Seconds the agent has to answer the customer (the response SLA); 0: none.
        #[arg(long, value_name = "N", default_value_t = 45)]
        sla_secs: u64,
    },
    /// Run the Agent Manager simulator alone until Ctrl+C (it reads no desk configuration).
    #[cfg(feature = "sim")]
    Sim {
        /// Port to listen on (127.0.0.1); 0 picks a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Seconds an offer waits before RONA.
        #[arg(long, value_name = "N", default_value_t = 30)]
        rona_secs: u64,
        /// Seconds of wrap-up after leaving a chat; 0 ends chats at once.
        #[arg(long, value_name = "N", default_value_t = 60)]
        wrapup_secs: u64,
        /// Seconds the agent has to answer the customer (the response SLA); 0: none.
        #[arg(long, value_name = "N", default_value_t = 45)]
        sla_secs: u64,
        /// How many scripted customers write in; 0 turns them off, so that only web-chat
        /// customers (the chat page, the Web Interaction REST API) arrive. Default: no limit.
        #[arg(long, value_name = "N")]
        scripted_customers: Option<usize>,
        /// A load run instead of the scripted customers, e.g.
        /// `conversations=1,messages=3000,rate=burst,mix=plain,timeout=120` (rate: burst or
        /// messages per second per conversation; mix: plain or mixed). Prints one JSON line
        /// with the outcome (time to the last READ receipt of a conversation).
        #[arg(long, value_name = "SPEC")]
        load: Option<crate::sim::LoadSpec>,
        /// Refuse REST calls without `Authorization: Bearer <token>` (401), as CX 4.9+ can.
        /// By default calls without it are accepted, as servers of ExpertFlow's 2024
        /// generation do (its own web desk sends none).
        #[arg(long)]
        require_token: bool,
        /// Whether scripted customers send base64-encoded text (`isEncoded`, 5.x servers);
        /// `off` for older desks that cannot decode it.
        #[arg(long, value_name = "on|off", default_value = "on", value_parser = on_off, action = clap::ArgAction::Set)]
        encoded_text: bool,
    },
    /// Print the configuration in effect, with where each value came from (secrets never).
    Config,
    /// Delete the password stored in the OS keyring for the profile's server and username.
    Forget,
    /// Check the configuration, theme, keyring, terminal, opener and clipboard, and the
    /// server (DNS, TLS, login endpoint, socket.io handshake); say what to fix.
    Doctor,
    /// Print a shell completion script (e.g. `agentdesk completions bash > /etc/bash_completion.d/agentdesk`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; `agentdesk man | man -l -`).
    Man,
}

/// `on` / `off` (also true/false, yes/no, 1/0) as a flag value.
#[cfg(feature = "sim")]
fn on_off(value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Ok(true),
        "off" | "false" | "no" | "0" => Ok(false),
        other => Err(format!("expected on or off, got '{other}'")),
    }
}

impl Cli {
    /// The settings given as flags, for [`crate::config::resolve`].
    pub fn flags(&self) -> Vec<Flag> {
        let mut flags = Vec::new();
        let mut string = |key, value: &Option<String>, flag| {
            if let Some(value) = value {
                flags.push(Flag {
                    key,
                    value: toml::Value::String(value.clone()),
                    flag,
                });
            }
        };
        string("server", &self.server, "--server");
        string("username", &self.username, "--username");
        string("theme", &self.theme, "--theme");
        string("ca_cert", &self.ca_cert, "--ca-cert");
        if self.remember {
            flags.push(Flag {
                key: "remember",
                value: toml::Value::Boolean(true),
                flag: "--remember",
            });
        }
        flags
    }
}

/// The clap command (for completions, the man page and tests).
pub fn command() -> clap::Command {
    Cli::command()
}

/// Writes the completion script for `shell`.
pub fn write_completions(shell: clap_complete::Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut command(), "agentdesk", out);
}

/// Writes the man page (roff), with a page section for every subcommand after the main one.
///
/// Errors: writing to `out` failed.
pub fn write_man(out: &mut dyn Write) -> std::io::Result<()> {
    let command = command();
    clap_mangen::Man::new(command.clone()).render(out)?;
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("agentdesk-{}", sub.get_name());
        let sub = sub.clone().name(name.clone()).bin_name(name);
        writeln!(out)?;
        clap_mangen::Man::new(sub).render(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn flags_become_settings() {
        let cli = Cli::parse_from([
            "agentdesk",
            "--server",
            "https://x/agent-manager",
            "--remember",
            "--theme",
            "light",
        ]);
        let flags = cli.flags();
        let keys: Vec<_> = flags.iter().map(|f| (f.key, f.flag)).collect();
        assert_eq!(
            keys,
            [
                ("server", "--server"),
                ("theme", "--theme"),
                ("remember", "--remember")
            ]
        );
        let cli = Cli::parse_from(["agentdesk", "doctor", "--profile", "work"]);
        assert_eq!(cli.profile.as_deref(), Some("work"));
        assert!(matches!(cli.command, Some(Mode::Doctor)));
    }

    #[test]
    fn completions_for_every_shell_name_the_subcommands() {
        use clap::ValueEnum;
        for shell in clap_complete::Shell::value_variants() {
            let mut out = Vec::new();
            write_completions(*shell, &mut out);
            let text = String::from_utf8(out).unwrap();
            assert!(text.contains("agentdesk"), "{shell}");
            for word in ["doctor", "completions", "forget", "profile", "remember"] {
                assert!(text.contains(word), "{shell} completions lack {word}");
            }
        }
    }

    #[test]
    fn man_page_is_roff_with_every_subcommand() {
        let mut out = Vec::new();
        write_man(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with(".ie"),
            "roff: {}",
            &text[..40.min(text.len())]
        );
        assert!(text.contains(".TH agentdesk"));
        for sub in [
            "agentdesk\\-doctor",
            "agentdesk\\-forget",
            "agentdesk\\-completions",
        ] {
            assert!(text.contains(sub), "man page lacks {sub}");
        }
        assert!(text.contains("\\-\\-remember"));
    }
}
