//! The simulated file engine's storage (PROTOCOL.md §5 `POST
//! /file-engine/api/uploadFileStream`, `GET /file-engine/api/downloadFileStream`).
//!
//! - **Built-in files** ([`BUILT_IN`]): the attachments the scripted customers send; always
//!   there, never evicted.
//! - **Uploads**: kept in memory only. One file may be at most [`MAX_UPLOAD`] bytes
//!   (5 MiB; larger uploads are refused with 413). All uploads together are capped at
//!   [`STORE_CAP`] bytes (50 MiB): storing one more evicts the oldest uploads first.
//!
//! Stored names are `<uuid>_<original name>` with the original name reduced to
//! `[A-Za-z0-9._-]` (at most 80 characters), so a name is unique, safe in a query string
//! and still ends with the original extension. \[guess\] The real file engine's naming is
//! not documented; the desk must treat `name` as opaque.

use std::collections::{HashMap, VecDeque};

use axum::body::Bytes;

use super::ids;

/// Largest accepted upload, in bytes (5 MiB).
pub(crate) const MAX_UPLOAD: usize = 5 * 1024 * 1024;
/// Total bytes of uploads kept in memory (50 MiB); the oldest are evicted beyond it.
pub(crate) const STORE_CAP: usize = 50 * 1024 * 1024;

/// A built-in demo file: stored name, MIME type, bytes.
pub(crate) struct BuiltIn {
    /// The `filename` to download it by.
    pub name: &'static str,
    /// Its MIME type.
    pub mime: &'static str,
    /// Its content.
    pub bytes: &'static [u8],
}

/// The invoice screenshot Aisha sends (a 48×32 PNG).
pub(crate) const INVOICE_PNG: BuiltIn = BuiltIn {
    name: "invoice-screenshot.png",
    mime: "image/png",
    bytes: include_bytes!("assets/invoice-screenshot.png"),
};

/// The proof of address Ken sends (a one-page PDF).
pub(crate) const ADDRESS_PDF: BuiltIn = BuiltIn {
    name: "proof-of-address.pdf",
    mime: "application/pdf",
    bytes: include_bytes!("assets/proof-of-address.pdf"),
};

/// Every built-in file.
pub(crate) const BUILT_IN: [&BuiltIn; 2] = [&INVOICE_PNG, &ADDRESS_PDF];

/// One stored file, as the download endpoint serves it.
#[derive(Debug, Clone)]
pub(crate) struct StoredFile {
    /// MIME type (`Content-Type`).
    pub mime: String,
    /// The name the uploader gave it (for `Content-Disposition`).
    pub original_name: String,
    /// The content.
    pub bytes: Bytes,
}

/// Uploaded files, bounded by [`STORE_CAP`].
#[derive(Default)]
pub(crate) struct FileStore {
    files: HashMap<String, StoredFile>,
    /// Stored names, oldest first.
    order: VecDeque<String>,
    /// Sum of the stored files' sizes.
    total: usize,
}

impl FileStore {
    /// Stores an upload (at most [`MAX_UPLOAD`] bytes, checked by the caller) and returns
    /// its unique stored name. Evicts the oldest uploads while the total would exceed
    /// [`STORE_CAP`].
    pub(crate) fn insert(&mut self, original_name: &str, mime: &str, bytes: Bytes) -> String {
        let name = format!("{}_{}", ids::uuid(), safe_name(original_name));
        while self.total + bytes.len() > STORE_CAP {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if let Some(f) = self.files.remove(&oldest) {
                self.total -= f.bytes.len();
                tracing::debug!(name = %oldest, "upload evicted");
            }
        }
        self.total += bytes.len();
        self.order.push_back(name.clone());
        self.files.insert(
            name.clone(),
            StoredFile {
                mime: mime.to_string(),
                original_name: original_name.to_string(),
                bytes,
            },
        );
        name
    }

    /// The built-in or uploaded file with this stored name.
    pub(crate) fn get(&self, name: &str) -> Option<StoredFile> {
        let logo = super::logos::find(name);
        if let Some(b) = BUILT_IN
            .iter()
            .copied()
            .chain(logo)
            .find(|b| b.name == name)
        {
            return Some(StoredFile {
                mime: b.mime.to_string(),
                original_name: b.name.to_string(),
                bytes: Bytes::from_static(b.bytes),
            });
        }
        self.files.get(name).cloned()
    }

    /// Total bytes of uploads held.
    #[cfg(test)]
    pub(crate) fn total(&self) -> usize {
        self.total
    }
}

/// `name` reduced to `[A-Za-z0-9._-]` (others become `_`), at most 80 characters, never
/// empty (`file`).
pub(crate) fn safe_name(name: &str) -> String {
    // Only the last path component: browsers may send a full path.
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.');
    let mut out: String = cleaned
        .chars()
        .rev()
        .take(80)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if out.is_empty() {
        out.push_str("file");
    }
    out
}

/// A MIME type for `name` by its extension, for uploads sent without a part
/// `Content-Type` (or with `application/octet-stream`).
pub(crate) fn mime_for(name: &str) -> &'static str {
    mime_guess::from_path(name)
        .first_raw()
        .unwrap_or("application/octet-stream")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_ins_are_real_files() {
        assert!(INVOICE_PNG.bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(ADDRESS_PDF.bytes.starts_with(b"%PDF-"));
        let store = FileStore::default();
        let f = store.get("invoice-screenshot.png").expect("built in");
        assert_eq!(f.mime, "image/png");
        assert_eq!(f.bytes.len(), INVOICE_PNG.bytes.len());
        assert!(store.get("nope").is_none());
    }

    #[test]
    fn names_are_unique_and_safe() {
        let mut store = FileStore::default();
        let a = store.insert(
            "C:\\Users\\me\\my report (1).pdf",
            "application/pdf",
            Bytes::from_static(b"x"),
        );
        let b = store.insert(
            "my report (1).pdf",
            "application/pdf",
            Bytes::from_static(b"y"),
        );
        assert_ne!(a, b);
        assert!(a.ends_with("_my_report__1_.pdf"), "{a}");
        assert!(a
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')));
        assert_eq!(
            store.get(&a).map(|f| f.bytes),
            Some(Bytes::from_static(b"x"))
        );
        assert_eq!(safe_name(""), "file");
        assert_eq!(safe_name("../.."), "file");
        assert_eq!(mime_for("A.PNG"), "image/png");
        assert_eq!(mime_for("noext"), "application/octet-stream");
    }

    #[test]
    fn the_oldest_uploads_are_evicted_beyond_the_cap() {
        let mut store = FileStore::default();
        let chunk = Bytes::from(vec![0u8; MAX_UPLOAD]);
        let first = store.insert("a.bin", "application/octet-stream", chunk.clone());
        for _ in 0..(STORE_CAP / MAX_UPLOAD) {
            store.insert("b.bin", "application/octet-stream", chunk.clone());
        }
        assert!(store.get(&first).is_none(), "oldest evicted");
        assert!(store.total() <= STORE_CAP);
    }
}
