//! The desk's two effects on the desktop: opening a link with the system opener and putting
//! text on the clipboard (OSC 52). Run by [`crate::runtime`]; results go back to the app as
//! [`crate::app::Input::LinkOpened`].

use crate::app::links::checked_url;

/// Opens `url` with the desktop's opener (`xdg-open`, `gio`, … on Linux, `open` on macOS,
/// through the `open` crate) and waits for the opener to finish, so its exit status is known
/// and the child is reaped (no zombies). The URL is checked again here
/// ([`checked_url`], defence in depth) and passed as one argument. Blocking: call it from
/// `spawn_blocking`.
///
/// Errors: the URL is refused, no opener could be started, or the opener failed; the text
/// says which, for the agent.
pub fn open_url(url: &str) -> Result<(), String> {
    let url = checked_url(url).map_err(|why| format!("refused: {why}"))?;
    open::that(&url).map_err(|e| describe(&e))
}

/// Like [`open_url`] with a given opener program (tests use a script that records its
/// arguments).
///
/// Errors: as [`open_url`].
pub fn open_url_with(url: &str, opener: &str) -> Result<(), String> {
    let url = checked_url(url).map_err(|why| format!("refused: {why}"))?;
    open::with(&url, opener).map_err(|e| describe(&e))
}

fn describe(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => {
            "no program to open links was found (install xdg-utils, or copy the link with /copy)"
                .into()
        }
        _ => format!("the opener failed: {error}"),
    }
}

/// Puts `text` on the clipboard with the OSC 52 escape sequence (most terminals, tmux with
/// `set-clipboard on`, over SSH). `text` is base64-encoded, so nothing in it reaches the
/// terminal as a control sequence. The terminal never answers: whether it took the text
/// cannot be known, and the app says so.
pub fn copy_to_clipboard(text: &str) {
    use base64::Engine as _;
    use std::io::Write as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b]52;c;{encoded}\x07");
    let _ = out.flush();
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// Children of this process named `opener` that have exited but were not waited for
    /// (other tests of this binary run shells in parallel; their children are theirs).
    fn zombie_children() -> Vec<String> {
        let mut zombies = Vec::new();
        let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
            return zombies;
        };
        for task in tasks.flatten() {
            let children =
                std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
            for pid in children.split_whitespace() {
                let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
                let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
                if comm.trim_end() == "opener"
                    && stat
                        .rsplit(')')
                        .next()
                        .is_some_and(|rest| rest.trim_start().starts_with('Z'))
                {
                    zombies.push(pid.to_string());
                }
            }
        }
        zombies
    }

    #[test]
    fn the_url_is_one_argument_the_outcome_is_reported_and_the_child_reaped() {
        let dir = std::env::temp_dir().join(format!("agentdesk-opener-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let record = dir.join("args");
        let opener = dir.join("opener");
        std::fs::write(
            &opener,
            format!(
                "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{}'\n",
                record.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
        let opener = opener.to_str().unwrap();

        assert_eq!(
            open_url_with("https://example.com/a b?c=1&d", opener),
            Ok(())
        );
        assert_eq!(
            std::fs::read_to_string(&record).unwrap(),
            "https://example.com/a%20b?c=1&d\n"
        );
        assert!(zombie_children().is_empty(), "{:?}", zombie_children());

        std::fs::remove_file(&record).unwrap();
        let refused = open_url_with("--manual", opener).unwrap_err();
        assert!(refused.contains("starts with '-'"), "{refused}");
        let refused = open_url_with("file:///etc/shadow", opener).unwrap_err();
        assert!(refused.contains("only http and https"), "{refused}");
        assert!(!record.exists(), "the opener ran for a refused URL");

        let failed = open_url_with("https://example.com", "/bin/false").unwrap_err();
        assert!(failed.contains("opener failed"), "{failed}");
        let missing = open_url_with("https://example.com", "/nonexistent/opener").unwrap_err();
        assert!(missing.contains("no program to open links"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
