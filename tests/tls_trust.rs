//! TLS trust (issue 8, hole 4): a private CA made with `rcgen` in front of the simulator (a
//! TLS-terminating loopback proxy). Without `--ca-cert` both REST and the socket refuse the
//! server and say why; with it both work; a wrong name is a "name mismatch"; `--insecure`
//! connects anyway.

use std::time::Duration;

mod common;

use agentdesk::app::Connection;
use agentdesk::client::tls::{client_config, TlsSettings};
use agentdesk::client::transport::{
    ConnectOptions, SocketConnector, WsConnector, DEFAULT_MAX_MESSAGE_BYTES,
};
use agentdesk::client::{ClientConfig, Endpoints};
use agentdesk::sim::{self, SimConfig, SimServer};
use common::desk::Desk;
use common::proxy::Proxy;
use common::tls::TestCa;

async fn sim() -> SimServer {
    sim::start(SimConfig {
        port: 0,
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

fn desk(server: &str, settings: &TlsSettings) -> Desk {
    let endpoints = Endpoints::from_server(server).unwrap();
    let tls = client_config(settings).unwrap();
    let mut config = ClientConfig::secured(endpoints, tls, DEFAULT_MAX_MESSAGE_BYTES);
    config.connect_timeout = Duration::from_secs(5);
    Desk::start(config)
}

async fn login_error(desk: &mut Desk) -> String {
    desk.login("agent1", "agent1");
    desk.until("the login fails", |s| {
        s.login.as_ref().is_some_and(|f| f.error.is_some())
    })
    .await;
    desk.state.login.as_ref().unwrap().error.clone().unwrap()
}

fn socket_options(origin: &str) -> ConnectOptions {
    ConnectOptions {
        origin: url::Url::parse(origin).unwrap(),
        path: "/agent-manager/socket.io/".into(),
        query: vec![("username".into(), "agent1".into())],
        auth: None,
        connect_timeout: Duration::from_secs(5),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_ca_is_trusted_only_when_given() {
    let server = sim().await;
    let ca = TestCa::new("trust", &["localhost"]);
    let proxy = Proxy::start(server.addr(), Some(ca.acceptor.clone())).await;
    let url = format!("https://localhost:{}/agent-manager", proxy.addr().port());

    // Without --ca-cert: REST says why, and so does the socket.
    let mut untrusting = desk(&url, &TlsSettings::default());
    let error = login_error(&mut untrusting).await;
    assert!(error.contains("certificate not trusted"), "{error}");
    assert!(error.contains("--ca-cert"), "{error}");
    untrusting.quit().await;
    let origin = format!("https://localhost:{}", proxy.addr().port());
    let error = WsConnector::new()
        .connect(socket_options(&origin))
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("certificate not trusted"), "{error}");

    // With --ca-cert: REST login and the socket session both work.
    let trusting = TlsSettings {
        ca_certs: vec![ca.ca_pem_path.clone()],
        insecure: false,
    };
    let mut desk_ok = desk(&url, &trusting);
    desk_ok.login("agent1", "agent1");
    desk_ok
        .until("online over TLS", |s| {
            s.connection == Connection::Online && !s.agent.state.is_empty()
        })
        .await;
    desk_ok.quit().await;
    let tls = client_config(&trusting).unwrap();
    let session = WsConnector::with_settings(tls, DEFAULT_MAX_MESSAGE_BYTES)
        .connect(socket_options(&origin))
        .await;
    // TLS passed: the server itself answered (it refuses a CONNECT without `auth`).
    assert!(
        matches!(
            session,
            Ok(_) | Err(agentdesk::client::transport::TransportError::ConnectRejected { .. })
        ),
        "socket with --ca-cert: {:?}",
        session.err()
    );

    // The right CA but the wrong name.
    let by_ip = format!("https://127.0.0.1:{}/agent-manager", proxy.addr().port());
    let mut mismatch = desk(&by_ip, &trusting);
    let error = login_error(&mut mismatch).await;
    assert!(
        error.contains("name mismatch") && error.contains("127.0.0.1"),
        "{error}"
    );
    mismatch.quit().await;

    // --insecure connects without the CA.
    let insecure = TlsSettings {
        ca_certs: Vec::new(),
        insecure: true,
    };
    let mut careless = desk(&url, &insecure);
    careless.login("agent1", "agent1");
    careless
        .until("online with --insecure", |s| {
            s.connection == Connection::Online
        })
        .await;
    careless.quit().await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_to_a_plain_http_server_says_so() {
    let server = sim().await;
    let url = format!("https://localhost:{}/agent-manager", server.addr().port());
    let mut desk = desk(&url, &TlsSettings::default());
    let error = login_error(&mut desk).await;
    assert!(error.contains("did not answer in TLS"), "{error}");
    desk.quit().await;
    server.shutdown().await;
}
