//! The pull-mode lists an agent follows, remembered between sessions so the desk follows them
//! again at the next login (issue 13): a small JSON file in the XDG state directory,
//! `$XDG_STATE_HOME/agentdesk/followed-lists.json` (usually
//! `~/.local/state/agentdesk/followed-lists.json`).
//!
//! Entries are keyed by a **desk key** and the username. The desk key says which desk the
//! lists belong to: `profile:NAME` when a configuration profile is selected (the lists are
//! remembered per profile), else the Agent Manager URL, and `demo` for the built-in simulator
//! (whose port changes every run).
//!
//! Shape (version 1):
//! ```json
//! {"version": 1, "entries": [
//!   {"desk": "https://cx.example.com/agent-manager", "username": "sana",
//!    "lists": [{"id": "…", "name": "Web Leads", "description": "…"}]}
//! ]}
//! ```
//! A missing file is empty; an unreadable one is logged and treated as empty (never fatal: it
//! only saves typing). It is written whole to a temporary file and renamed, readable by the
//! user only (0600 on Unix). It holds list ids and names, nothing secret.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::protocol::PullModeList;

/// The file's name in the state directory.
pub const FILE_NAME: &str = "followed-lists.json";

/// The desk key of the built-in simulator (`agentdesk demo`).
pub const DEMO_KEY: &str = "demo";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
struct File {
    #[serde(default)]
    version: u32,
    #[serde(default)]
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Entry {
    desk: String,
    username: String,
    #[serde(default)]
    lists: Vec<PullModeList>,
}

/// The remembered lists, loaded from and saved to one file.
#[derive(Debug, Clone, Default)]
pub struct FollowedLists {
    path: Option<PathBuf>,
    file: File,
}

/// `$XDG_STATE_HOME/agentdesk/followed-lists.json`, when a state directory is known.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "agentdesk").map(|d| {
        d.state_dir()
            .unwrap_or_else(|| d.data_local_dir())
            .join(FILE_NAME)
    })
}

impl FollowedLists {
    /// Reads `path` (`None`: remember in memory only). Missing or unreadable → empty.
    pub fn load(path: Option<PathBuf>) -> FollowedLists {
        let file = path
            .as_deref()
            .and_then(|p| match std::fs::read_to_string(p) {
                Ok(text) => match serde_json::from_str::<File>(&text) {
                    Ok(file) => Some(file),
                    Err(error) => {
                        tracing::warn!(path = %p.display(), %error, "followed lists unreadable; starting empty");
                        None
                    }
                },
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
                Err(error) => {
                    tracing::warn!(path = %p.display(), %error, "followed lists unreadable; starting empty");
                    None
                }
            })
            .unwrap_or_default();
        FollowedLists { path, file }
    }

    /// The lists remembered for `desk`, by username.
    pub fn for_desk(&self, desk: &str) -> HashMap<String, Vec<PullModeList>> {
        self.file
            .entries
            .iter()
            .filter(|e| e.desk == desk)
            .map(|e| (e.username.clone(), e.lists.clone()))
            .collect()
    }

    /// Remembers what `username` follows on `desk` and writes the file.
    ///
    /// Errors: the file could not be written (the lists are still remembered in memory).
    pub fn set(
        &mut self,
        desk: &str,
        username: &str,
        lists: Vec<PullModeList>,
    ) -> std::io::Result<()> {
        self.file.version = 1;
        self.file
            .entries
            .retain(|e| !(e.desk == desk && e.username == username));
        if !lists.is_empty() {
            self.file.entries.push(Entry {
                desk: desk.to_string(),
                username: username.to_string(),
                lists,
            });
        }
        match &self.path {
            Some(path) => write(path, &self.file),
            None => Ok(()),
        }
    }
}

fn write(path: &Path, file: &File) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_string_pretty(file).map_err(std::io::Error::other)?;
    let tmp = path.with_extension("json.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    {
        use std::io::Write as _;
        let mut out = options.open(&tmp)?;
        out.write_all(text.as_bytes())?;
        out.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn list(id: &str, name: &str) -> PullModeList {
        serde_json::from_value(json!({"id": id, "name": name})).unwrap()
    }

    #[test]
    fn remembers_per_desk_and_user_across_loads() {
        let dir = std::env::temp_dir().join(format!("agentdesk-followed-{}", uuid::Uuid::new_v4()));
        let path = dir.join(FILE_NAME);
        let mut store = FollowedLists::load(Some(path.clone()));
        assert!(store.for_desk("demo").is_empty(), "no file: empty");
        store
            .set("demo", "agent1", vec![list("l1", "Web Leads")])
            .unwrap();
        store
            .set("https://cx", "agent1", vec![list("l2", "VIP")])
            .unwrap();
        store
            .set("demo", "agent2", vec![list("l3", "Other")])
            .unwrap();
        let again = FollowedLists::load(Some(path.clone()));
        let demo = again.for_desk("demo");
        assert_eq!(demo["agent1"][0].name, "Web Leads");
        assert_eq!(demo["agent2"][0].id, "l3");
        assert_eq!(again.for_desk("https://cx")["agent1"][0].id, "l2");
        let mut again = again;
        again.set("demo", "agent1", Vec::new()).unwrap();
        assert!(!FollowedLists::load(Some(path.clone()))
            .for_desk("demo")
            .contains_key("agent1"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "{not json").unwrap();
        assert!(FollowedLists::load(Some(path)).for_desk("demo").is_empty());
        let _ = std::fs::remove_dir_all(dir);
    }
}
