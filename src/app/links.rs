//! Which links the desk hands to the system opener or the clipboard (issue 8, hole 2).
//!
//! Attachment URLs and links in message text come from customers: untrusted. A URL passed to
//! `xdg-open` can be taken as an option (`--manual`) or open a local file
//! (`file:///etc/shadow`). Only absolute `http` and `https` URLs with a host pass — the file
//! engine's own download URLs (`/file-engine/api/downloadFileStream?filename=…`, PROTOCOL.md
//! §5) are `http(s)` on the server, so they pass too. What is handed on is the URL as the `url`
//! crate re-serialises it (it starts with `http`, so never with `-`), as one argument.

/// Why a link is not opened or copied; the text is shown to the agent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkRefused {
    /// Starts with `-`: would be taken as an option by the opener.
    #[error("it starts with '-'")]
    LooksLikeAnOption,
    /// Not an absolute URL.
    #[error("it is not a web address")]
    NotAUrl,
    /// A scheme other than `http`/`https` (`file:`, `javascript:`, `smb:`, …).
    #[error("only http and https links are opened, not {0}:")]
    Scheme(String),
    /// `http(s)` without a host.
    #[error("it has no host")]
    NoHost,
}

/// The URL to hand to the opener or clipboard, or why not (see the module doc).
pub fn checked_url(raw: &str) -> Result<String, LinkRefused> {
    let raw = raw.trim();
    if raw.starts_with('-') {
        return Err(LinkRefused::LooksLikeAnOption);
    }
    let url = url::Url::parse(raw).map_err(|_| LinkRefused::NotAUrl)?;
    match url.scheme() {
        "http" | "https" => {}
        other => return Err(LinkRefused::Scheme(other.chars().take(20).collect())),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(LinkRefused::NoHost);
    }
    Ok(url.into())
}

/// URLs of a line: its attachments, then `http(s)` links in its text, without repeats.
pub fn links(line: &super::conversation::ChatLine) -> Vec<String> {
    let mut urls: Vec<String> = line.attachments.iter().map(|a| a.url.clone()).collect();
    for word in line.text.split_whitespace() {
        let word = word.trim_matches(|c| matches!(c, '<' | '>' | '(' | ')' | ',' | '.' | '"'));
        if (word.starts_with("https://") || word.starts_with("http://"))
            && !urls.iter().any(|u| u == word)
        {
            urls.push(word.to_string());
        }
    }
    urls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links_pass_and_nothing_that_reads_as_an_option() {
        assert_eq!(
            checked_url("https://files.example.com/a b.pdf"),
            Ok("https://files.example.com/a%20b.pdf".into())
        );
        assert_eq!(
            checked_url(" HTTP://Example.COM/x?y=1 "),
            Ok("http://example.com/x?y=1".into())
        );
        assert_eq!(
            checked_url(
                "http://127.0.0.1:3000/file-engine/api/downloadFileStream?filename=a+b.png"
            ),
            Ok("http://127.0.0.1:3000/file-engine/api/downloadFileStream?filename=a+b.png".into())
        );
        assert_eq!(checked_url("--manual"), Err(LinkRefused::LooksLikeAnOption));
        assert_eq!(
            checked_url("-https://x.com"),
            Err(LinkRefused::LooksLikeAnOption)
        );
        assert_eq!(
            checked_url("file:///etc/shadow"),
            Err(LinkRefused::Scheme("file".into()))
        );
        assert_eq!(
            checked_url("javascript:alert(1)"),
            Err(LinkRefused::Scheme("javascript".into()))
        );
        assert_eq!(checked_url("/etc/shadow"), Err(LinkRefused::NotAUrl));
        assert_eq!(checked_url("etc/shadow"), Err(LinkRefused::NotAUrl));
        assert_eq!(checked_url("http://"), Err(LinkRefused::NotAUrl));
        assert!(checked_url("https://x.com")
            .unwrap()
            .starts_with("https://"));
    }
}
