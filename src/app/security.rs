//! Warnings about the connection's security that stay in the status bar for the whole session
//! (issue 8, hole 4): no silent insecure mode.

/// Why this session's traffic is not as protected as it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityWarning {
    /// Plain `http://` to these hosts (not this machine): passwords, tokens and chats cross
    /// the network unencrypted.
    PlainHttp { hosts: Vec<String> },
    /// `--insecure`: server certificates are not verified (anyone on the path can pose as the
    /// server). Shown in red.
    Insecure,
}

impl SecurityWarning {
    /// The status bar's short text (it must leave room for the agent state at 80 columns).
    pub fn label(&self) -> &'static str {
        match self {
            SecurityWarning::PlainHttp { .. } => "⚠ UNENCRYPTED (http)",
            SecurityWarning::Insecure => "⚠ INSECURE (--insecure)",
        }
    }

    /// The whole story, shown as a notice when the session starts.
    pub fn explanation(&self) -> String {
        match self {
            SecurityWarning::PlainHttp { hosts } => format!(
                "Unencrypted: plain http to {}: your password and chats cross the network readable by anyone on the way (use https)",
                hosts.join(", ")
            ),
            SecurityWarning::Insecure => "Insecure: server certificates are not verified (--insecure); anyone on the way can pose as the server".into(),
        }
    }

    /// The warnings for a session: `plain_http_hosts` from
    /// [`crate::client::tls::plain_http_hosts`], `insecure` from `--insecure`.
    pub fn for_session(plain_http_hosts: Vec<String>, insecure: bool) -> Vec<SecurityWarning> {
        let mut warnings = Vec::new();
        if insecure {
            warnings.push(SecurityWarning::Insecure);
        }
        if !plain_http_hosts.is_empty() {
            warnings.push(SecurityWarning::PlainHttp {
                hosts: plain_http_hosts,
            });
        }
        warnings
    }
}
