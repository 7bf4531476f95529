//! The `agentdesk` binary's non-interactive commands, run as a person would: `--version`,
//! `completions`, `man`, `config`, configuration errors, `forget` without a keyring, and
//! `sim` ignoring the desk's configuration. Each run gets its own HOME and
//! XDG_CONFIG_HOME, so the machine's own configuration never leaks in.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Home {
    dir: PathBuf,
}

impl Home {
    fn new() -> Home {
        let dir = std::env::temp_dir().join(format!("agentdesk-cli-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(dir.join("config/agentdesk")).unwrap();
        Home { dir }
    }

    fn config(&self, text: &str) -> &Home {
        std::fs::write(self.dir.join("config/agentdesk/config.toml"), text).unwrap();
        self
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_agentdesk"));
        command
            .args(args)
            .env("HOME", &self.dir)
            .env("XDG_CONFIG_HOME", self.dir.join("config"))
            .env("XDG_STATE_HOME", self.dir.join("state"))
            .env_remove("AGENTDESK_PASSWORD")
            .env_remove("AGENTDESK_PROFILE")
            .env_remove("AGENTDESK_CONFIG")
            .env_remove("AGENTDESK_SERVER")
            .env_remove("AGENTDESK_USERNAME")
            .env_remove("AGENTDESK_THEME")
            .stdin(Stdio::null());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn version_names_the_git_commit_when_built_from_git() {
    let output = Home::new().run(&["--version"]);
    assert!(output.status.success());
    let version = text(&output.stdout);
    assert!(
        version.starts_with(&format!("agentdesk {}", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    let from_git = Path::new(env!("CARGO_MANIFEST_DIR")).join(".git").exists();
    assert_eq!(version.contains("(git "), from_git, "{version}");
}

#[test]
fn completions_and_man_page() {
    let home = Home::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = home.run(&["completions", shell]);
        assert!(output.status.success(), "{shell}");
        assert!(text(&output.stdout).contains("doctor"), "{shell}");
    }
    let output = home.run(&["completions", "tcsh"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
    let output = home.run(&["man"]);
    assert!(output.status.success());
    let man = text(&output.stdout);
    assert!(
        man.contains(".TH agentdesk") && man.contains(".SH NAME"),
        "{man}"
    );
}

#[test]
fn config_prints_effective_values_with_sources_and_no_secret() {
    let home = Home::new();
    home.config(
        "default_profile = \"work\"\ntheme = \"light\"\n\n[profiles.work]\nserver = \"https://cx.example.com/agent-manager\"\nusername = \"sana\"\n",
    );
    let output = home
        .command(&["config", "--theme", "high-contrast"])
        .env("AGENTDESK_PASSWORD", "hunter2")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let shown = text(&output.stdout);
    assert!(shown.contains("# profile: work (config.toml:1)"), "{shown}");
    let line = |key: &str| {
        shown
            .lines()
            .find(|l| l.starts_with(&format!("{key} = ")))
            .unwrap_or_else(|| panic!("no {key}:\n{shown}"))
            .to_string()
    };
    assert!(
        line("server").ends_with("# profile work, config.toml:5"),
        "{shown}"
    );
    assert!(
        line("username").ends_with("# profile work, config.toml:6"),
        "{shown}"
    );
    assert!(
        line("theme").contains("\"high-contrast\"") && line("theme").ends_with("# --theme"),
        "{shown}"
    );
    assert!(line("remember").ends_with("# default"), "{shown}");
    assert!(
        shown.contains("AGENTDESK_PASSWORD (set; not shown)"),
        "{shown}"
    );
    assert!(!shown.contains("hunter2"), "a secret was printed:\n{shown}");
}

#[test]
fn configuration_mistakes_exit_2_with_file_line_and_choices() {
    let home = Home::new();
    home.config("theme = \"light\"\n\n[profiles.work]\nusernme = \"sana\"\n");
    let output = home.run(&["config"]);
    assert_eq!(output.status.code(), Some(2));
    let error = text(&output.stderr);
    assert!(
        error.contains("config.toml:4: unknown key \"usernme\" in [profiles.work]; expected one of server, username, theme"),
        "{error}"
    );
    home.config("[profiles.work]\nusername = \"sana\"\n");
    let output = home.run(&["config", "--profile", "home"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("no profile \"home\""),
        "{}",
        text(&output.stderr)
    );
    let output = home.run(&[
        "--server",
        "http://127.0.0.1:9/agent-manager",
        "--username",
        "a",
        "--theme",
        "nope",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let error = text(&output.stderr);
    assert!(
        error.contains(
            "no theme named \"nope\"; available: default, high-contrast, light, solarized-dark"
        ),
        "{error}"
    );
}

/// The keyring fallback of the real binary: with no session bus (no secret service), the
/// OS keyring is reported missing; nothing is written anywhere.
#[cfg(target_os = "linux")]
#[test]
fn forget_without_a_keyring_says_so() {
    let home = Home::new();
    let output = home
        .command(&[
            "forget",
            "--server",
            "http://127.0.0.1:9/agent-manager",
            "--username",
            "agent1",
        ])
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/agentdesk-test-bus",
        )
        .env("XDG_RUNTIME_DIR", home.dir.join("run"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stdout));
    let error = text(&output.stderr);
    assert!(error.contains("no OS keyring available"), "{error}");
    assert!(error.contains("never stores passwords in files"), "{error}");
    let written: Vec<_> = std::fs::read_dir(home.dir.join("config/agentdesk"))
        .unwrap()
        .collect();
    assert!(
        written.is_empty(),
        "nothing written to the config directory"
    );
}

#[test]
fn sim_does_not_read_the_desks_configuration() {
    let home = Home::new();
    home.config("this is not = = toml\n");
    let mut child = home
        .command(&["sim"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        first.starts_with("Agent Manager simulator listening on http://127.0.0.1:"),
        "{first:?}"
    );
}
