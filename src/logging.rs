//! The desk's log file: `tracing` output to a private, rotating file, never to the terminal
//! the TUI draws on.
//!
//! Where: `$XDG_STATE_HOME/agentdesk/` (usually `~/.local/state/agentdesk/`), one file per day
//! (`agentdesk.YYYY-MM-DD.log`, UTC date, rotated by `tracing-appender`), the newest 7 kept,
//! and `agentdesk.log` a symlink to today's. Level from `AGENTDESK_LOG` (default `info`).
//!
//! Privacy (issue 8, hole 6): the directory is `0700` and every log file `0600`. The files
//! are created by `tracing-appender`, which has no mode option, so [`init`] sets the
//! process's umask to `077` first: everything the desk writes from then on (logs, the outbox
//! and drafts) is private to the user. Files left by older versions are tightened to `0600`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use tracing_appender::rolling::{RollingFileAppender, Rotation};

/// File name prefix and suffix of the daily files: `agentdesk.2026-11-01.log`.
const PREFIX: &str = "agentdesk";
const SUFFIX: &str = "log";
/// The symlink to the newest file.
pub const LATEST: &str = "agentdesk.log";
/// Daily files kept (older ones are deleted at rotation).
pub const KEEP_FILES: usize = 7;

/// The default log directory: the XDG state dir (`~/.local/state/agentdesk`), else the
/// local data dir, else the temp dir.
pub fn default_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "agentdesk")
        .map(|d| {
            d.state_dir()
                .unwrap_or_else(|| d.data_local_dir())
                .to_path_buf()
        })
        .unwrap_or_else(std::env::temp_dir)
}

/// Creates `dir` (and parents) as a private directory: mode `0700`, also when it existed
/// with a wider mode.
///
/// Errors: the directory cannot be created or its mode set.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// Files and directories created from now on are private to the user (umask `077`).
pub fn private_umask() {
    #[cfg(unix)]
    {
        rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    }
}

/// The rotating appender in `dir` (made private with [`private_dir`]), with the files already
/// there tightened to `0600`. An `agentdesk.log` left as a regular file by an older version is
/// kept as `agentdesk.old.log` (the name becomes the symlink to the newest file).
///
/// Errors: the directory or the first file cannot be created.
pub fn appender(dir: &Path) -> anyhow::Result<RollingFileAppender> {
    private_dir(dir).with_context(|| format!("creating log dir {}", dir.display()))?;
    let latest = dir.join(LATEST);
    if std::fs::symlink_metadata(&latest).is_ok_and(|m| m.file_type().is_file()) {
        let _ = std::fs::rename(&latest, dir.join("agentdesk.old.log"));
    }
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(PREFIX)
        .filename_suffix(SUFFIX)
        .max_log_files(KEEP_FILES)
        .latest_symlink(LATEST)
        .build(dir)
        .with_context(|| format!("opening the log file in {}", dir.display()))?;
    tighten_files(dir);
    Ok(appender)
}

/// Sets `0600` on the desk's log files in `dir` (those created before the umask was set, or
/// by older versions).
fn tighten_files(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let is_log = name.to_string_lossy().starts_with(PREFIX);
            if is_log && entry.file_type().is_ok_and(|t| t.is_file()) {
                let _ =
                    std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o600));
            }
        }
    }
}

/// Sends `tracing` output to the rotating log in `dir` (see the module doc). Returns the path
/// of the `agentdesk.log` symlink to the newest file.
///
/// Errors: the directory or file cannot be created.
pub fn init(dir: &Path) -> anyhow::Result<PathBuf> {
    private_umask();
    let appender = appender(dir)?;
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("AGENTDESK_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_ansi(false)
        .with_writer(appender)
        .init();
    Ok(dir.join(LATEST))
}

#[cfg(all(test, unix))]
mod tests {
    use std::io::Write as _;
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn log_files_are_private_and_rotate_by_day() {
        let dir = std::env::temp_dir().join(format!("agentdesk-logtest-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        // A directory left world-readable, and a log file from an older version.
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(dir.join(LATEST), b"old\n").unwrap();
        std::fs::set_permissions(dir.join(LATEST), std::fs::Permissions::from_mode(0o644)).unwrap();

        private_umask();
        let mut appender = appender(&dir).unwrap();
        appender.write_all(b"hello\n").unwrap();
        appender.flush().unwrap();

        assert_eq!(mode(&dir), 0o700, "log dir");
        let latest = dir.join(LATEST);
        assert!(std::fs::symlink_metadata(&latest).unwrap().is_symlink());
        let target = std::fs::read_link(&latest).unwrap();
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("agentdesk.") && name.ends_with(".log"),
            "{name}"
        );
        assert_eq!(mode(&latest), 0o600, "today's log file");
        assert_eq!(std::fs::read_to_string(&latest).unwrap(), "hello\n");
        let old = dir.join("agentdesk.old.log");
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "old\n");
        assert_eq!(mode(&old), 0o600, "the older version's file");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
