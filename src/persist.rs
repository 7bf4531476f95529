//! The outbox and drafts on disk ([`crate::app::outbox::Saved`]), so they survive a crash,
//! `kill -9`, Ctrl+C and a restart (issue 8).
//!
//! Where: `$XDG_STATE_HOME/agentdesk/outbox/<username>@<host_port>.json` (usually
//! `~/.local/state/agentdesk/outbox/`), one file per agent and Agent Manager. The directory is
//! `0700`, the file `0600`. Writes are atomic: a temporary file in the same directory is
//! written, flushed to disk and renamed over the old one, so a crash leaves either the old or
//! the new file, never half of one.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::app::outbox::Saved;

/// The file for `username` on the Agent Manager at `server` (its host and port name the
/// file; other characters than letters, digits, `.`, `-`, `_` become `_`).
pub fn path_for(dir: &Path, server: &url::Url, username: &str) -> PathBuf {
    let host = match (server.host_str(), server.port()) {
        (Some(host), Some(port)) => format!("{host}_{port}"),
        (Some(host), None) => host.to_string(),
        (None, _) => "server".to_string(),
    };
    let name: String = format!("{username}@{host}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@') {
                c
            } else {
                '_'
            }
        })
        .collect();
    dir.join(format!("{name}.json"))
}

/// The default directory: `outbox/` in the desk's state dir ([`crate::logging::default_dir`]).
pub fn default_dir() -> PathBuf {
    crate::logging::default_dir().join("outbox")
}

/// Reads what was saved; `None` when there is no file. An unreadable or corrupt file is
/// logged and moved aside (`.corrupt`), never fatal.
pub fn load(path: &Path) -> Option<Saved> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(error) => {
            tracing::warn!(%error, path = %path.display(), "outbox file unreadable");
            return None;
        }
    };
    match serde_json::from_slice(&bytes) {
        Ok(saved) => Some(saved),
        Err(error) => {
            tracing::warn!(%error, path = %path.display(), "outbox file corrupt; moved aside");
            let _ = std::fs::rename(path, path.with_extension("json.corrupt"));
            None
        }
    }
}

/// Writes `saved` atomically with mode `0600` (the directory is made `0700`). An empty
/// outbox with no drafts removes the file.
///
/// Errors: the directory or file cannot be written.
pub fn save(path: &Path, saved: &Saved) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    crate::logging::private_dir(dir)?;
    if saved.messages.is_empty() && saved.drafts.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let json = serde_json::to_vec_pretty(saved).map_err(std::io::Error::other)?;
    let tmp = path.with_extension(format!("json.tmp{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp)?;
    file.write_all(&json)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, path)?;
    // The rename itself reaches the disk with the directory.
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Saves snapshots on a thread of its own, so the UI never waits for the disk; when
/// snapshots come faster than the disk takes them, only the newest is written. Dropping it
/// (or [`Saver::finish`]) writes what is pending and stops the thread.
pub struct Saver {
    tx: Option<std::sync::mpsc::Sender<Saved>>,
    thread: Option<std::thread::JoinHandle<()>>,
    last: Option<Saved>,
    /// Outbox revision last handed over.
    revision: u64,
    /// Epoch ms of the last hand-over.
    last_ms: i64,
}

/// Drafts typed are saved at most this often, ms (outbox changes are saved at once).
pub const DRAFT_SAVE_EVERY_MS: i64 = 300;

impl Saver {
    /// A saver writing to `path`; `last` is what the file holds now (as loaded).
    pub fn new(path: PathBuf, last: Option<Saved>) -> Saver {
        let (tx, rx) = std::sync::mpsc::channel::<Saved>();
        let thread = std::thread::Builder::new()
            .name("agentdesk-outbox".into())
            .spawn(move || {
                while let Ok(mut saved) = rx.recv() {
                    while let Ok(newer) = rx.try_recv() {
                        saved = newer;
                    }
                    if let Err(error) = save(&path, &saved) {
                        tracing::error!(%error, path = %path.display(), "saving the outbox failed");
                    }
                }
            })
            .ok();
        Saver {
            tx: Some(tx),
            thread,
            last,
            revision: 0,
            last_ms: 0,
        }
    }

    /// Called after every input: hands over a snapshot when the outbox changed, or when a
    /// draft may have changed (`maybe_drafts`: user input) and the last save is older than
    /// [`DRAFT_SAVE_EVERY_MS`]; nothing when the snapshot is what was saved last.
    pub fn after_input(&mut self, state: &crate::app::State, maybe_drafts: bool) {
        let outbox_moved = state.outbox.revision != self.revision;
        let due = maybe_drafts && state.now_ms - self.last_ms >= DRAFT_SAVE_EVERY_MS;
        if outbox_moved || due || (self.last_ms == 0 && maybe_drafts) {
            self.hand_over(state);
        }
    }

    /// Hands over the current snapshot unless it is what was saved last.
    pub fn hand_over(&mut self, state: &crate::app::State) {
        self.revision = state.outbox.revision;
        self.last_ms = state.now_ms;
        let snapshot = crate::app::outbox::snapshot(state);
        if self.last.as_ref() == Some(&snapshot) {
            return;
        }
        if let Some(tx) = &self.tx {
            let _ = tx.send(snapshot.clone());
        }
        self.last = Some(snapshot);
    }

    /// Saves `state` one last time and waits for the writes to finish.
    pub fn finish(mut self, state: &crate::app::State) {
        self.hand_over(state);
        self.stop();
    }

    fn stop(&mut self) {
        self.tx = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::outbox::{OutgoingMessage, Stage};

    #[test]
    fn saves_atomically_privately_and_reads_back() {
        let dir = std::env::temp_dir().join(format!("agentdesk-persist-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let server = url::Url::parse("https://cx.example.com:8443/agent-manager").unwrap();
        let path = path_for(&dir, &server, "agent/1");
        assert!(
            path.ends_with("agent_1@cx.example.com_8443.json"),
            "{path:?}"
        );
        assert_eq!(load(&path), None);

        let mut saved = Saved {
            version: 1,
            ..Saved::default()
        };
        saved.messages.push(OutgoingMessage {
            conversation_id: "c1".into(),
            message_id: "m1".into(),
            event_id: "e1".into(),
            text: "hello".into(),
            reply_to: None,
            created_ms: 1,
            stage: Stage::Held,
        });
        saved.drafts.insert("c1".into(), "half a sent".into());
        save(&path, &saved).unwrap();
        assert_eq!(load(&path), Some(saved.clone()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(&dir), 0o700);
        }
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file left");

        // Corrupt: moved aside, not fatal.
        std::fs::write(&path, b"{not json").unwrap();
        assert_eq!(load(&path), None);
        assert!(path.with_extension("json.corrupt").exists());

        // Nothing left to keep: the file goes.
        save(&path, &saved).unwrap();
        save(&path, &Saved::default()).unwrap();
        assert!(!path.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
