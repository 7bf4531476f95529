//! The scrollback archive: chat lines older than a conversation's window, kept on disk
//! instead of in memory, and given back newest first when the agent scrolls up
//! ([`crate::app::Effect::ArchiveLines`], [`crate::app::Effect::LoadOlderLines`]).
//!
//! One file per conversation, one JSON line per chat line, in a private directory under the
//! system temp dir (`agentdesk-<pid>-<uuid>`, mode 0700 on Unix), removed when the archive is
//! dropped (the desk exits) and per conversation when it is closed. In memory: one `u64`
//! offset per archived line. Lines given back are cut off the file's end, so a line is in
//! the archive or in memory, never both, and the file stays ordered oldest → newest.
//!
//! Failures (no temp dir, disk full) are logged and cost the archived lines, never the desk:
//! a load then answers with nothing and the app stops asking.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::PathBuf;

use crate::app::ChatLine;

/// Archived lines of all conversations.
#[derive(Debug, Default)]
pub struct Archive {
    /// Created on first use.
    dir: Option<PathBuf>,
    files: HashMap<String, Part>,
}

#[derive(Debug)]
struct Part {
    path: PathBuf,
    file: File,
    /// Byte offset where each archived line starts, oldest first.
    offsets: Vec<u64>,
    /// Bytes in use (the file's length).
    len: u64,
}

impl Archive {
    /// An empty archive; nothing touches the disk before the first [`Archive::append`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Lines archived for `conversation_id`.
    pub fn count(&self, conversation_id: &str) -> usize {
        self.files
            .get(conversation_id)
            .map_or(0, |p| p.offsets.len())
    }

    /// Appends `lines` (oldest first) after what `conversation_id` already has. Returns how
    /// many were written; on an I/O error the rest are dropped (logged).
    pub fn append(&mut self, conversation_id: &str, lines: &[ChatLine]) -> usize {
        let Some(part) = self.part(conversation_id) else {
            return 0;
        };
        let mut buffer = Vec::with_capacity(lines.len() * 160);
        let mut offsets = Vec::with_capacity(lines.len());
        for line in lines {
            offsets.push(part.len + buffer.len() as u64);
            if serde_json::to_writer(&mut buffer, line).is_err() {
                offsets.pop();
                continue;
            }
            buffer.push(b'\n');
        }
        let written = part
            .file
            .seek(SeekFrom::Start(part.len))
            .and_then(|_| part.file.write_all(&buffer));
        match written {
            Ok(()) => {
                part.len += buffer.len() as u64;
                let n = offsets.len();
                part.offsets.extend(offsets);
                n
            }
            Err(error) => {
                tracing::warn!(%error, path = %part.path.display(), "scrollback archive write failed; older lines dropped");
                let _ = part.file.set_len(part.len);
                0
            }
        }
    }

    /// Takes up to `count` of the newest archived lines of `conversation_id`, oldest first,
    /// out of the archive.
    pub fn take_newest(&mut self, conversation_id: &str, count: usize) -> Vec<ChatLine> {
        let Some(part) = self.files.get_mut(conversation_id) else {
            return Vec::new();
        };
        let k = count.min(part.offsets.len());
        if k == 0 {
            return Vec::new();
        }
        let start = part.offsets[part.offsets.len() - k];
        let mut lines = Vec::with_capacity(k);
        let read = part.file.seek(SeekFrom::Start(start)).map(|_| {
            let reader = BufReader::new(&part.file);
            for text in reader.lines().map_while(Result::ok) {
                match serde_json::from_str::<ChatLine>(&text) {
                    Ok(line) => lines.push(line),
                    Err(error) => tracing::warn!(%error, "unreadable archived line skipped"),
                }
            }
        });
        if let Err(error) = read {
            tracing::warn!(%error, path = %part.path.display(), "scrollback archive read failed");
        }
        part.offsets.truncate(part.offsets.len() - k);
        part.len = start;
        if let Err(error) = part.file.set_len(start) {
            tracing::warn!(%error, "scrollback archive could not be shortened");
        }
        lines
    }

    /// Forgets everything archived for `conversation_id` (its file is removed).
    pub fn drop_conversation(&mut self, conversation_id: &str) {
        if let Some(part) = self.files.remove(conversation_id) {
            drop(part.file);
            let _ = std::fs::remove_file(&part.path);
        }
    }

    fn part(&mut self, conversation_id: &str) -> Option<&mut Part> {
        if !self.files.contains_key(conversation_id) {
            let dir = self.dir()?;
            let path = dir.join(format!("{}.jsonl", uuid::Uuid::new_v4()));
            let file = std::fs::OpenOptions::new()
                .create_new(true)
                .read(true)
                .write(true)
                .open(&path);
            match file {
                Ok(file) => {
                    self.files.insert(
                        conversation_id.to_string(),
                        Part {
                            path,
                            file,
                            offsets: Vec::new(),
                            len: 0,
                        },
                    );
                }
                Err(error) => {
                    tracing::warn!(%error, path = %path.display(), "scrollback archive file could not be created");
                    return None;
                }
            }
        }
        self.files.get_mut(conversation_id)
    }

    fn dir(&mut self) -> Option<PathBuf> {
        if let Some(dir) = &self.dir {
            return Some(dir.clone());
        }
        let dir = std::env::temp_dir().join(format!(
            "agentdesk-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        match builder.create(&dir) {
            Ok(()) => {
                self.dir = Some(dir.clone());
                Some(dir)
            }
            Err(error) => {
                tracing::warn!(%error, dir = %dir.display(), "scrollback archive directory could not be created");
                None
            }
        }
    }
}

impl Drop for Archive {
    fn drop(&mut self) {
        self.files.clear();
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Author;

    fn line(i: usize) -> ChatLine {
        ChatLine {
            id: format!("m{i}").into(),
            author: Author::Customer,
            sender: "Maria".into(),
            at_ms: i as i64,
            text: format!("line {i}\nwith a second row").into(),
            delivery: None,
            attachments: Vec::new(),
            reply_to: None,
            provider_id: None,
            whisper: false,
        }
    }

    #[test]
    fn lines_come_back_newest_first_in_pages_and_the_file_goes_with_the_conversation() {
        let mut archive = Archive::new();
        let first: Vec<ChatLine> = (0..5).map(line).collect();
        let second: Vec<ChatLine> = (5..8).map(line).collect();
        assert_eq!(archive.append("c", &first), 5);
        assert_eq!(archive.append("c", &second), 3);
        assert_eq!(archive.count("c"), 8);
        let page = archive.take_newest("c", 3);
        assert_eq!(page, second);
        // Archived again after being read: appended after what is left.
        assert_eq!(archive.append("c", &page), 3);
        let page = archive.take_newest("c", 6);
        let ids: Vec<&str> = page.iter().map(|l| &*l.id).collect();
        assert_eq!(ids, ["m2", "m3", "m4", "m5", "m6", "m7"]);
        assert_eq!(archive.take_newest("c", 10), first[..2].to_vec());
        assert!(archive.take_newest("c", 10).is_empty());
        assert!(archive.take_newest("other", 10).is_empty());
        let path = archive.files["c"].path.clone();
        assert!(path.exists());
        archive.drop_conversation("c");
        assert!(!path.exists());
        let dir = archive.dir.clone().unwrap();
        drop(archive);
        assert!(!dir.exists());
    }
}
