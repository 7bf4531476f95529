//! The connection's life cycle against the simulator behind a loopback proxy the test
//! controls (issue 8): a restarted server that forgot the login is logged into again over
//! REST (no login form), what it forgot ends on the desk, and `/reconnect` skips the wait.

use std::time::Duration;

mod common;

use agentdesk::app::resync::{RESYNC_GRACE_MS, SERVER_FORGOT};
use agentdesk::app::{self, Connection, Input};
use agentdesk::client::{transport, ClientConfig, Endpoints};
use agentdesk::sim::{self, SimConfig, SimServer};
use common::desk::{now, Desk};
use common::proxy::Proxy;

async fn sim() -> SimServer {
    sim::start(SimConfig {
        port: 0,
        rona: Duration::from_secs(30),
        offer_delay: Duration::from_millis(100),
        customer_delay: Duration::from_millis(100),
        wrapup: Duration::ZERO,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts")
}

fn desk_via(proxy: &Proxy, reconnect_initial: Duration) -> Desk {
    let url = format!("http://{}/agent-manager", proxy.addr());
    let mut config = ClientConfig::new(
        Endpoints::from_server(&url).unwrap(),
        transport::default_connector(),
    );
    config.connect_timeout = Duration::from_secs(5);
    config.reconnect_initial = reconnect_initial;
    Desk::start(config)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_server_is_logged_into_again_and_its_forgotten_chat_ends() {
    let first = sim().await;
    let proxy = Proxy::start(first.addr(), None).await;
    let mut desk = desk_via(&proxy, Duration::from_millis(200));
    let conversation = desk.accept_a_chat("agent1", "agent1").await;

    // The server restarts: a new process, nothing remembered.
    first.shutdown().await;
    let second = sim().await;
    proxy.retarget(second.addr());
    desk.until("lost", |s| {
        matches!(s.connection, Connection::Reconnecting { .. })
    })
    .await;
    desk.until("online again without the login form", |s| {
        s.connection == Connection::Online
    })
    .await;
    assert!(desk.state.login.is_none(), "no login form");
    assert!(
        desk.state
            .notices
            .iter()
            .any(|n| n.text.contains("logged in again")),
        "{:#?}",
        desk.state.notices
    );
    assert!(
        second.agent_presence("agent1").is_some(),
        "the new server knows the agent"
    );
    // The new server never mentions the old conversation: after the grace it ends here.
    app::update(&mut desk.state, now() + RESYNC_GRACE_MS + 100, Input::Tick);
    assert_eq!(
        desk.state
            .conversation(&conversation)
            .unwrap()
            .ended
            .as_deref(),
        Some(SERVER_FORGOT)
    );
    desk.quit().await;
    second.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnect_now_skips_a_long_wait() {
    let server = sim().await;
    let proxy = Proxy::start(server.addr(), None).await;
    // A first reconnect delay far longer than the test may wait.
    let mut desk = desk_via(&proxy, Duration::from_secs(120));
    desk.login("agent1", "agent1");
    desk.until("online", |s| s.connection == Connection::Online)
        .await;
    proxy.cut();
    desk.until("lost", |s| {
        matches!(s.connection, Connection::Reconnecting { .. })
    })
    .await;
    proxy.restore();
    desk.type_line("/reconnect");
    desk.until("online at once", |s| s.connection == Connection::Online)
        .await;
    desk.quit().await;
    server.shutdown().await;
}
