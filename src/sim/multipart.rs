//! A small `multipart/form-data` reader (RFC 7578) for the upload endpoint: the whole body
//! is in memory already (bounded by the caller), so this only splits it into parts. No
//! dependency on purpose; it accepts what browsers, curl and reqwest send.

use axum::body::Bytes;

/// One part of a `multipart/form-data` body.
#[derive(Debug)]
pub(crate) struct Part {
    /// `Content-Disposition` `name`.
    pub name: String,
    /// `Content-Disposition` `filename`, for file parts.
    pub filename: Option<String>,
    /// The part's `Content-Type`, if given.
    pub content_type: Option<String>,
    /// The part's content.
    pub data: Bytes,
}

/// The `boundary` parameter of a `multipart/form-data` content type.
pub(crate) fn boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    let kind = params.next()?.trim();
    if !kind.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let v = v.trim().trim_matches('"');
        (!v.is_empty()).then(|| v.to_string())
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    (from..=haystack.len() - needle.len()).find(|&i| haystack[i..].starts_with(needle))
}

/// A header parameter like `name="file"` in a `Content-Disposition` value.
fn param(value: &str, key: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case(key) {
            return None;
        }
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(v);
        Some(v.to_string())
    })
}

/// Splits `body` at `boundary` into parts.
///
/// # Errors
/// A message saying what is malformed (no opening boundary, a part without headers end,
/// no `Content-Disposition: form-data; name=...`, no closing boundary).
pub(crate) fn parse(body: &Bytes, boundary: &str) -> Result<Vec<Part>, String> {
    let opening = format!("--{boundary}");
    let delimiter = format!("\r\n--{boundary}");
    let start = find(body, opening.as_bytes(), 0).ok_or("no opening boundary")?;
    let mut pos = start + opening.len();
    let mut parts = Vec::new();
    loop {
        // After a boundary: "--" closes, CRLF starts a part.
        if body[pos..].starts_with(b"--") {
            return Ok(parts);
        }
        if !body[pos..].starts_with(b"\r\n") {
            return Err("malformed boundary line".into());
        }
        pos += 2;
        let headers_end = find(body, b"\r\n\r\n", pos).ok_or("part headers do not end")?;
        let headers = std::str::from_utf8(&body[pos..headers_end])
            .map_err(|_| "part headers are not UTF-8")?;
        let content_start = headers_end + 4;
        let content_end =
            find(body, delimiter.as_bytes(), content_start).ok_or("no closing boundary")?;
        let mut name = None;
        let mut filename = None;
        let mut content_type = None;
        for line in headers.split("\r\n") {
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            if k.trim().eq_ignore_ascii_case("content-disposition") {
                name = param(v, "name");
                filename = param(v, "filename");
            } else if k.trim().eq_ignore_ascii_case("content-type") {
                content_type = Some(v.trim().to_string());
            }
        }
        let name = name.ok_or("a part has no Content-Disposition name")?;
        parts.push(Part {
            name,
            filename,
            content_type,
            data: body.slice(content_start..content_end),
        });
        pos = content_end + delimiter.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_files() {
        let body = Bytes::from_static(
            b"preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"conversationId\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a b.txt\"\r\nContent-Type: text/plain\r\n\r\nline1\r\nline2\r\n--XyZ--\r\n",
        );
        assert_eq!(
            boundary("multipart/form-data; boundary=XyZ").as_deref(),
            Some("XyZ")
        );
        assert_eq!(
            boundary("Multipart/Form-Data; charset=utf-8; boundary=\"XyZ\"").as_deref(),
            Some("XyZ")
        );
        assert_eq!(boundary("application/json"), None);
        let parts = parse(&body, "XyZ").expect("parses");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "conversationId");
        assert_eq!(&parts[0].data[..], b"abc");
        assert_eq!(parts[1].filename.as_deref(), Some("a b.txt"));
        assert_eq!(parts[1].content_type.as_deref(), Some("text/plain"));
        assert_eq!(&parts[1].data[..], b"line1\r\nline2");
    }

    #[test]
    fn rejects_garbage() {
        assert!(parse(&Bytes::from_static(b"hello"), "XyZ").is_err());
        assert!(parse(&Bytes::from_static(b"--XyZ\r\nno end"), "XyZ").is_err());
        assert!(parse(
            &Bytes::from_static(b"--XyZ\r\nX-A: b\r\n\r\ndata\r\n--XyZ--"),
            "XyZ"
        )
        .is_err());
        assert!(parse(&Bytes::from_static(b"--XyZ--"), "XyZ")
            .expect("empty form")
            .is_empty());
    }
}
