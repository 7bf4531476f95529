//! `SSL_CERT_FILE` is honoured (issue 8, hole 4): with it naming a private CA, the default
//! trust (no `--ca-cert`) accepts a server that CA signed. Its own test binary: the variable
//! is process-wide and read once.

use std::time::Duration;

mod common;

use agentdesk::app::Connection;
use agentdesk::client::tls::default_client_config;
use agentdesk::client::transport::DEFAULT_MAX_MESSAGE_BYTES;
use agentdesk::client::{ClientConfig, Endpoints};
use agentdesk::sim::{self, SimConfig};
use common::desk::Desk;
use common::proxy::Proxy;
use common::tls::TestCa;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ssl_cert_file_adds_trust() {
    let ca = TestCa::new("sslcertfile", &["localhost"]);
    // Set before the first TLS configuration is built (the only test in this binary).
    std::env::set_var("SSL_CERT_FILE", &ca.ca_pem_path);
    let server = sim::start(SimConfig::default()).await.unwrap();
    let proxy = Proxy::start(server.addr(), Some(ca.acceptor.clone())).await;
    let url = format!("https://localhost:{}/agent-manager", proxy.addr().port());
    let endpoints = Endpoints::from_server(&url).unwrap();
    let mut config = ClientConfig::secured(
        endpoints,
        default_client_config(),
        DEFAULT_MAX_MESSAGE_BYTES,
    );
    config.connect_timeout = Duration::from_secs(5);
    let mut desk = Desk::start(config);
    desk.login("agent1", "agent1");
    desk.until("online, trusting SSL_CERT_FILE", |s| {
        s.connection == Connection::Online
    })
    .await;
    desk.quit().await;
    server.shutdown().await;
}
