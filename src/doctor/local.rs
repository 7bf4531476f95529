//! Checks on this machine: configuration, theme, keyring, terminal, opener, clipboard,
//! desktop notifications.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::{Check, Section, Status};
use crate::config::{paths, ConfigError, Effective};
use crate::credentials::{Credentials, KeyringError};

pub(super) fn configuration(config: Result<&Effective, &ConfigError>) -> Section {
    let mut checks = Vec::new();
    let theme = match config {
        Ok(effective) => crate::ui::theme::catalog::load_configured(effective),
        Err(_) => crate::ui::theme::load("default", None),
    };
    let theme_spec = match config {
        Ok(effective) => {
            let file = match &effective.file {
                Some(path) => path.display().to_string(),
                None => format!(
                    "no file ({} does not exist): defaults",
                    paths::default_config_file()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| "no config directory".into())
                ),
            };
            checks.push(Check::new(Status::Ok, "config file", file));
            let profile = match &effective.profile {
                Some((name, by)) => format!("{name} (chosen by {by})"),
                None => "none (top level only)".into(),
            };
            checks.push(Check::new(Status::Ok, "profile", profile));
            effective.settings.theme.clone()
        }
        Err(error) => {
            checks.push(
                Check::new(Status::Fail, "config file", error.to_string())
                    .fix("correct the line named above; `agentdesk config` shows what is in effect once it reads"),
            );
            "default".to_string()
        }
    };
    let themes = paths::themes_dir();
    checks.push(match theme {
        Ok(_) => Check::new(Status::Ok, "theme", theme_spec),
        Err(error) => Check::new(Status::Fail, "theme", error.to_string()).fix(format!(
            "use one of: {}",
            crate::ui::theme::catalog::available(themes.as_deref()).join(", ")
        )),
    });
    Section {
        title: "Configuration".into(),
        checks,
    }
}

pub(super) fn credentials(config: Option<&Effective>, credentials: &Credentials) -> Section {
    let mut checks = Vec::new();
    let remember = config.is_some_and(|c| c.settings.remember);
    checks.push(match credentials.probe() {
        Ok(()) => Check::new(Status::Ok, "keyring", "the OS keyring answers"),
        Err(KeyringError::Unavailable(why)) => Check::new(
            if remember { Status::Warn } else { Status::Info },
            "keyring",
            format!("no OS keyring available ({why}); passwords cannot be remembered"),
        )
        .fix("start a Secret Service (gnome-keyring, KeePassXC) in this session, or use password_command or AGENTDESK_PASSWORD"),
        Err(error) => Check::new(Status::Warn, "keyring", error.to_string()),
    });
    let settings = config.map(|c| &c.settings);
    let env = std::env::var("AGENTDESK_PASSWORD").is_ok_and(|p| !p.is_empty());
    let password = match settings.and_then(|s| s.password_command.as_deref()) {
        _ if env => Check::new(
            Status::Info,
            "password",
            "from AGENTDESK_PASSWORD (visible to this user's other processes)",
        ),
        Some(command) => match crate::credentials::run_password_command(command) {
            Ok(_) => Check::new(
                Status::Ok,
                "password",
                format!("password_command {command:?} gives one"),
            ),
            Err(error) => Check::new(Status::Fail, "password", error)
                .fix("run the command by hand; its first line of output must be the password"),
        },
        None if remember => Check::new(
            Status::Ok,
            "password",
            "from the OS keyring once remembered, else the login form",
        ),
        None => Check::new(Status::Ok, "password", "typed in the login form"),
    };
    checks.push(password);
    Section {
        title: "Credentials".into(),
        checks,
    }
}

pub(super) fn terminal() -> Section {
    let mut checks = Vec::new();
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let term = env("TERM").unwrap_or_else(|| "unset".into());
    // stdin as well: `agentdesk doctor | less` still runs in the agent's terminal.
    if !std::io::stdout().is_terminal() && !std::io::stdin().is_terminal() {
        checks.push(Check::new(
            Status::Info,
            "terminal",
            format!("stdout is not a terminal (TERM={term}); run doctor in the terminal the desk will use for these checks"),
        ));
    } else {
        let colours = crossterm::style::available_color_count();
        let truecolor = env("COLORTERM").is_some_and(|c| c == "truecolor" || c == "24bit");
        let depth = if truecolor {
            "true colour".to_string()
        } else {
            format!("{colours} colours")
        };
        let no_color = env("NO_COLOR").is_some();
        let status = if colours < 16 && !no_color {
            Status::Warn
        } else {
            Status::Ok
        };
        let mut check = Check::new(
            status,
            "colours",
            format!(
                "TERM={term}, {depth}{}",
                if no_color {
                    ", NO_COLOR set (no colours)"
                } else {
                    ""
                }
            ),
        );
        if status == Status::Warn {
            check = check.fix(
                "use a terminal with 256 colours (TERM=xterm-256color), or the high-contrast theme",
            );
        }
        checks.push(check);
        checks.push(match crossterm::terminal::size() {
            Ok((cols, rows)) if cols >= 80 && rows >= 24 => {
                Check::new(Status::Ok, "size", format!("{cols}×{rows}"))
            }
            Ok((cols, rows)) => Check::new(Status::Warn, "size", format!("{cols}×{rows}"))
                .fix("the desk is laid out for 80×24 or larger: enlarge the window"),
            Err(error) => Check::new(Status::Warn, "size", format!("unknown ({error})")),
        });
    }
    if env("TMUX").is_some() {
        let clipboard = tmux_option("set-clipboard");
        let titles = tmux_option("set-titles");
        let clipboard_off = clipboard.as_deref() == Some("off");
        let titles_off = titles.as_deref() == Some("off");
        let status = if clipboard_off {
            Status::Warn
        } else if titles_off {
            Status::Info
        } else {
            Status::Ok
        };
        let mut check = Check::new(
            status,
            "tmux",
            format!(
                "inside tmux: set-clipboard {}, set-titles {}",
                clipboard.as_deref().unwrap_or("?"),
                titles.as_deref().unwrap_or("?")
            ),
        );
        let mut fixes = Vec::new();
        if clipboard_off {
            fixes.push("`tmux set -g set-clipboard on` so /copy reaches the clipboard");
        }
        if titles_off {
            fixes.push("`tmux set -g set-titles on` to see the desk's title (agentdesk (2) — offer) in the window title");
        }
        if !fixes.is_empty() {
            check = check.fix(fixes.join("; "));
        }
        checks.push(check);
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    checks.push(match find_in_path(opener) {
        Some(path) => Check::new(
            Status::Ok,
            "opener",
            format!("{opener} ({})", path.display()),
        ),
        None => Check::new(
            Status::Warn,
            "opener",
            format!("{opener} is not on the PATH: /open cannot open files and links"),
        )
        .fix(if cfg!(target_os = "linux") {
            "install xdg-utils (apt install xdg-utils); /copy still works"
        } else {
            "/copy still works: paste the link into a browser"
        }),
    });
    checks.push(Check::new(
        Status::Info,
        "clipboard",
        "/copy uses the OSC 52 escape sequence: most terminals (kitty, WezTerm, foot, iTerm2, Windows Terminal, xterm with allowWindowOps) and SSH; not GNOME Terminal/VTE",
    ));
    checks.push(desktop_notifications());
    Section {
        title: "Terminal".into(),
        checks,
    }
}

#[cfg(all(feature = "desktop-notify", unix, not(target_os = "macos")))]
fn desktop_notifications() -> Check {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(
            notify_rust::get_server_information().map(|i| format!("{} {}", i.name, i.version)),
        );
    });
    match rx.recv_timeout(std::time::Duration::from_secs(5)) {
        Ok(Ok(server)) => Check::new(
            Status::Ok,
            "notifications",
            format!("desktop notifications via {server}"),
        ),
        Ok(Err(error)) => Check::new(
            Status::Info,
            "notifications",
            format!(
                "no desktop notification service ({}); the bell and the title still work",
                crate::credentials::plain_cause(&error.to_string())
            ),
        ),
        Err(_) => Check::new(
            Status::Info,
            "notifications",
            "the notification service did not answer within 5 s",
        ),
    }
}

#[cfg(all(feature = "desktop-notify", any(not(unix), target_os = "macos")))]
fn desktop_notifications() -> Check {
    Check::new(
        Status::Ok,
        "notifications",
        "desktop notifications built in",
    )
}

#[cfg(not(feature = "desktop-notify"))]
fn desktop_notifications() -> Check {
    Check::new(
        Status::Info,
        "notifications",
        "desktop notifications are not built in (cargo feature desktop-notify); the bell and the title work",
    )
}

fn tmux_option(name: &str) -> Option<String> {
    let output = std::process::Command::new("tmux")
        .args(["show-options", "-gv", name])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The first `name` on the PATH that is a file.
fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}
