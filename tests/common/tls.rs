//! A private CA made with `rcgen`, a server certificate it signed, and the TLS acceptor that
//! serves it (for TLS tests on loopback).

use std::path::PathBuf;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};

/// The CA's PEM written to a temp file, and an acceptor presenting a certificate for
/// `names` (DNS names or IP addresses) signed by that CA.
pub struct TestCa {
    pub ca_pem_path: PathBuf,
    pub acceptor: tokio_rustls::TlsAcceptor,
}

impl TestCa {
    pub fn new(tag: &str, names: &[&str]) -> TestCa {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "agentdesk test CA");
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
        let server_key = KeyPair::generate().unwrap();
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let server = CertificateParams::new(names)
            .unwrap()
            .signed_by(&server_key, &ca)
            .unwrap();
        let ca_pem_path =
            std::env::temp_dir().join(format!("agentdesk-ca-{tag}-{}.pem", std::process::id()));
        std::fs::write(&ca_pem_path, ca.pem()).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![server.der().clone(), ca.der().clone()],
                rustls::pki_types::PrivateKeyDer::Pkcs8(server_key.serialize_der().into()),
            )
            .unwrap();
        TestCa {
            ca_pem_path,
            acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
        }
    }
}

impl Drop for TestCa {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.ca_pem_path);
    }
}
