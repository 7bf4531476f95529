//! Whom the desk trusts over TLS, one rustls configuration for REST and the socket alike
//! (issue 8, hole 4).
//!
//! Trusted roots: Mozilla's (`webpki-roots`), the operating system's store
//! (`rustls-native-certs`, which reads only `SSL_CERT_FILE` / `SSL_CERT_DIR` when either is
//! set, as OpenSSL does), and every PEM file given with `--ca-cert` or `ca_cert` in the
//! config (a private CA). Certificates are always verified, except with `--insecure`, which
//! the status bar then shows in red for the whole session.
//!
//! A failed handshake is explained in words ([`explain`]): "certificate not trusted", "name
//! mismatch", "expired", "not a TLS server", instead of "could not connect".

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;

/// Where trust comes from, as the command line and config give it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsSettings {
    /// PEM files with CA certificates to trust besides the built-in and OS roots.
    pub ca_certs: Vec<PathBuf>,
    /// `--insecure`: accept any certificate (shown as a permanent red warning).
    pub insecure: bool,
}

/// Errors building the TLS configuration (a bad `--ca-cert`); the text names the file.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum TlsSetupError {
    #[error("--ca-cert {path}: {message}")]
    CaCert { path: String, message: String },
    #[error("TLS setup failed: {0}")]
    Setup(String),
}

/// The rustls client configuration for `settings` (ring provider, TLS 1.2 and 1.3, no ALPN,
/// no client certificate). Build it once and share it: REST and socket use the same.
///
/// Errors: a `--ca-cert` file is unreadable or holds no certificate.
pub fn client_config(settings: &TlsSettings) -> Result<Arc<rustls::ClientConfig>, TlsSetupError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError::Setup(e.to_string()))?;
    if settings.insecure {
        tracing::warn!("--insecure: server certificates are NOT verified");
        let config = builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
            .with_no_client_auth();
        return Ok(Arc::new(config));
    }
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let native = rustls_native_certs::load_native_certs();
    for error in &native.errors {
        tracing::info!(%error, "OS trust store: some certificates could not be read");
    }
    let (added, ignored) = roots.add_parsable_certificates(native.certs);
    tracing::info!(added, ignored, "OS trust store loaded");
    for path in &settings.ca_certs {
        for cert in read_ca_file(path)? {
            roots.add(cert).map_err(|e| TlsSetupError::CaCert {
                path: path.display().to_string(),
                message: format!("not a usable CA certificate: {e}"),
            })?;
        }
        tracing::info!(path = %path.display(), "extra CA trusted (--ca-cert)");
    }
    Ok(Arc::new(
        builder.with_root_certificates(roots).with_no_client_auth(),
    ))
}

/// The default: built-in and OS roots, nothing extra, verification on. Built once per process
/// (reading the OS store takes a while) and shared.
pub fn default_client_config() -> Arc<rustls::ClientConfig> {
    static DEFAULT: std::sync::OnceLock<Arc<rustls::ClientConfig>> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(build_default).clone()
}

fn build_default() -> Arc<rustls::ClientConfig> {
    match client_config(&TlsSettings::default()) {
        Ok(config) => config,
        Err(error) => {
            // Only the protocol-version setup can fail here, and ring supports them all.
            tracing::error!(%error, "default TLS setup failed; using Mozilla's roots only");
            let roots = rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            Arc::new(
                rustls::ClientConfig::builder()
                    .with_root_certificates(roots)
                    .with_no_client_auth(),
            )
        }
    }
}

fn read_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsSetupError> {
    let fail = |message: String| TlsSetupError::CaCert {
        path: path.display().to_string(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    let certs: Vec<_> = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<_, _>>()
        .map_err(|e| fail(format!("not a PEM file: {e}")))?;
    if certs.is_empty() {
        return Err(fail("no CERTIFICATE block in the file".into()));
    }
    Ok(certs)
}

/// What went wrong in a TLS handshake, in words, when `error` (or one of its sources) is a
/// rustls error; `None` for other failures. `host` names the server in "name mismatch".
pub fn explain(error: &(dyn std::error::Error + 'static), host: &str) -> Option<String> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some(explain_rustls(tls, host));
        }
        // An `io::Error` hides the error it wraps from `source()` (that gives the wrapped
        // error's own source): look inside with `get_ref`.
        current = match e.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => e.source(),
        };
    }
    None
}

fn explain_rustls(error: &rustls::Error, host: &str) -> String {
    use rustls::{CertificateError as C, Error as E};
    match error {
        E::InvalidCertificate(cert) => match cert {
            C::UnknownIssuer => "certificate not trusted: it is self-signed or issued by a CA this desk does not know (trust the CA with --ca-cert PEM)".into(),
            C::NotValidForName | C::NotValidForNameContext { .. } => {
                format!("name mismatch: the server's certificate is not valid for {host}")
            }
            C::Expired | C::ExpiredContext { .. } => "certificate expired".into(),
            C::NotValidYet | C::NotValidYetContext { .. } => {
                "certificate not valid yet (is this computer's clock right?)".into()
            }
            C::Revoked => "certificate revoked".into(),
            C::BadSignature => "certificate has a bad signature".into(),
            C::InvalidPurpose | C::InvalidPurposeContext { .. } => {
                "certificate not meant for a server".into()
            }
            other => format!("certificate rejected ({other:?})"),
        },
        E::InvalidMessage(_) | E::InappropriateMessage { .. } => {
            "the server did not answer in TLS (is it an http:// address?)".into()
        }
        E::AlertReceived(alert) => format!("the server ended the TLS handshake ({alert:?})"),
        E::NoCertificatesPresented => "the server sent no certificate".into(),
        other => format!("TLS failed: {other}"),
    }
}

/// `--insecure`: any certificate is accepted; handshake signatures are still checked, so
/// the connection is encrypted, but not to a verified server.
#[derive(Debug)]
struct AcceptAnyCertificate(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Hosts that the desk would reach over plain `http://` although they are not this machine
/// (loopback: `localhost`, `127.0.0.0/8`, `::1`): passwords and chats would cross the network
/// unencrypted. The status bar warns for as long as the desk runs.
pub fn plain_http_hosts<'a>(urls: impl IntoIterator<Item = &'a url::Url>) -> Vec<String> {
    let mut hosts: Vec<String> = Vec::new();
    for url in urls {
        if url.scheme() != "http" {
            continue;
        }
        let loopback = match url.host() {
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => true,
        };
        let host = url.host_str().unwrap_or_default().to_string();
        if !loopback && !hosts.contains(&host) {
            hosts.push(host);
        }
    }
    hosts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_counts_beyond_loopback() {
        let urls: Vec<url::Url> = [
            "http://127.0.0.1:3000/agent-manager",
            "http://localhost/x",
            "http://[::1]:80/x",
            "https://cx.example.com/agent-manager",
            "http://files.example.com/file-engine",
            "http://10.0.0.5/unified-admin",
            "http://files.example.com/other",
        ]
        .iter()
        .map(|u| url::Url::parse(u).unwrap())
        .collect();
        assert_eq!(
            plain_http_hosts(&urls),
            ["files.example.com".to_string(), "10.0.0.5".to_string()]
        );
    }

    #[test]
    fn a_bad_ca_file_is_a_clear_error() {
        let path = std::env::temp_dir().join(format!("agentdesk-ca-{}.pem", std::process::id()));
        std::fs::write(&path, "not a certificate").unwrap();
        let settings = TlsSettings {
            ca_certs: vec![path.clone()],
            insecure: false,
        };
        let error = client_config(&settings).unwrap_err().to_string();
        assert!(
            error.starts_with("--ca-cert ") && error.contains("no CERTIFICATE"),
            "{error}"
        );
        std::fs::remove_file(&path).unwrap();
        let missing = TlsSettings {
            ca_certs: vec!["/nonexistent/ca.pem".into()],
            insecure: false,
        };
        assert!(client_config(&missing)
            .unwrap_err()
            .to_string()
            .contains("/nonexistent/ca.pem"));
    }

    #[test]
    fn handshake_failures_are_explained() {
        let unknown = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, unknown);
        let text = explain(&io, "cx.example.com").unwrap();
        assert!(text.starts_with("certificate not trusted"), "{text}");
        let name = rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForName);
        assert_eq!(
            explain(&name, "cx.example.com").unwrap(),
            "name mismatch: the server's certificate is not valid for cx.example.com"
        );
        let plain = std::io::Error::other("connection refused");
        assert_eq!(explain(&plain, "x"), None);
    }
}
