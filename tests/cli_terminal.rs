//! Issue 9 items 17–19 at the command line: no terminal, usage errors in one style,
//! `demo --help`, and `agentdesk sim` logging without colour codes into a redirected stderr.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn agentdesk() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_agentdesk"));
    // A config file of the machine must not change what these tests see.
    command.env(
        "XDG_CONFIG_HOME",
        std::env::temp_dir().join("agentdesk-cli-test-none"),
    );
    command
}

#[test]
fn without_a_terminal_it_says_so_and_writes_no_escape_codes() {
    for args in [
        &["demo"][..],
        &[
            "--server",
            "https://cx.example.com/agent-manager",
            "--username",
            "a",
        ],
    ] {
        let out = agentdesk()
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("agentdesk needs a terminal"), "{stderr}");
        assert!(
            !out.stdout.contains(&0x1b),
            "escape codes in the pipe: {:?}",
            out.stdout
        );
    }
}

#[test]
fn usage_errors_exit_2_in_one_style() {
    for args in [
        &["--server", "foo", "--username", "a"][..],
        &[][..],
        &[
            "--server",
            "https://cx.example.com/agent-manager",
            "--username",
            "a",
            "demo",
        ][..],
        &["--frobnicate"][..],
    ] {
        let out = agentdesk()
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        // One style for clap's errors and the desk's own: `agentdesk: …`.
        assert!(stderr.starts_with("agentdesk: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("error: "), "{args:?}: {stderr}");
    }
}

#[test]
fn demo_help_lists_the_simulator_timings() {
    let out = agentdesk().args(["demo", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(help.contains("--rona-secs"), "{help}");
    assert!(help.contains("--wrapup-secs"), "{help}");
}

#[test]
fn sim_logs_without_colour_codes_into_a_redirected_stderr() {
    let mut child = agentdesk()
        .args(["sim", "--port", "0"])
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The simulator logs its start on stderr: read up to that line, then stop it.
    let stderr = child.stderr.take().unwrap();
    let mut lines = Vec::new();
    for line in BufReader::new(stderr).lines().take(100) {
        let line = line.unwrap();
        let done = line.contains("listening");
        lines.push(line);
        if done {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        lines.last().is_some_and(|l| l.contains("listening")),
        "{lines:?}"
    );
    for line in &lines {
        assert!(
            !line.contains('\x1b'),
            "ANSI codes in a redirected log: {line:?}"
        );
    }
}
