//! File-engine answers (PROTOCOL.md §5): what `POST /file-engine/api/uploadFileStream`
//! returns, and which message body type a file travels in.

use serde::Deserialize;
use serde_json::Value;

use super::common::{int_value, lenient};

/// A file stored by the file engine: the upload answer `{name, type, size}` (§5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// The file engine's name for the file; download it with
    /// `GET /file-engine/api/downloadFileStream?filename=<name>`.
    pub name: String,
    /// MIME type (`type` in the answer), e.g. `image/png`.
    pub mime_type: String,
    /// Bytes.
    pub size: u64,
}

/// The raw upload answer; every field optional so one odd field does not lose the rest.
#[derive(Debug, Clone, Deserialize)]
pub struct UploadAnswer {
    #[serde(default, deserialize_with = "lenient")]
    pub name: Option<String>,
    /// MIME type.
    #[serde(rename = "type", default, deserialize_with = "lenient")]
    pub mime_type: Option<String>,
    /// Bytes, as a number or a numeric string.
    #[serde(default)]
    pub size: Value,
}

impl UploadAnswer {
    /// The stored file, filling a missing `type`/`size` with what the desk sent;
    /// `None` without a `name` (the file can't be referenced then).
    pub fn into_file(self, sent_mime: &str, sent_size: u64) -> Option<UploadedFile> {
        let name = self.name.filter(|n| !n.trim().is_empty())?;
        Some(UploadedFile {
            name,
            mime_type: self
                .mime_type
                .filter(|m| !m.trim().is_empty())
                .unwrap_or_else(|| sent_mime.to_string()),
            size: int_value(&self.size)
                .and_then(|s| u64::try_from(s).ok())
                .unwrap_or(sent_size),
        })
    }
}

/// The message body type for a file of `mime_type`: `IMAGE`, `VIDEO`, `AUDIO`, else `FILE`
/// (as the real desk picks it from the MIME type's first part).
pub fn body_kind_for_mime(mime_type: &str) -> &'static str {
    let major = mime_type
        .split('/')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match major.as_str() {
        "image" => "IMAGE",
        "video" => "VIDEO",
        "audio" => "AUDIO",
        _ => "FILE",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn upload_answer_fills_gaps() {
        let a: UploadAnswer =
            serde_json::from_value(json!({"name": "f1.png", "type": "image/png", "size": "12"}))
                .unwrap();
        assert_eq!(
            a.into_file("x/y", 1),
            Some(UploadedFile {
                name: "f1.png".into(),
                mime_type: "image/png".into(),
                size: 12
            })
        );
        let b: UploadAnswer = serde_json::from_value(json!({"name": "f2"})).unwrap();
        let f = b.into_file("application/pdf", 99).unwrap();
        assert_eq!((f.mime_type.as_str(), f.size), ("application/pdf", 99));
        let c: UploadAnswer = serde_json::from_value(json!({"type": 5})).unwrap();
        assert_eq!(c.into_file("a/b", 1), None);
    }

    #[test]
    fn body_kinds() {
        assert_eq!(body_kind_for_mime("image/png"), "IMAGE");
        assert_eq!(body_kind_for_mime("Video/mp4"), "VIDEO");
        assert_eq!(body_kind_for_mime("audio/mpeg"), "AUDIO");
        assert_eq!(body_kind_for_mime("application/pdf"), "FILE");
        assert_eq!(body_kind_for_mime(""), "FILE");
    }
}
