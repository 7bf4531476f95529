//! Integration: the real client (REST + socket.io transport) against the built-in simulator
//! on an ephemeral loopback port. Every wait is bounded; nothing sleeps to synchronise.

use std::time::Duration;

mod common;

use agentdesk::app::{self, Delivery};
use agentdesk::client::{self, transport, ClientConfig, ClientEvent, Command, Endpoints};
use agentdesk::sim::{self, SimConfig, SimServer};
use common::desk::{Desk, WAIT};
use serde_json::json;
use tokio::sync::mpsc;

async fn sim_with(rona: Duration) -> SimServer {
    sim::start(SimConfig {
        port: 0,
        rona,
        offer_delay: Duration::from_millis(100),
        customer_delay: Duration::from_millis(100),
        wrapup: Duration::ZERO,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts")
}

fn config(server: &SimServer) -> ClientConfig {
    let endpoints = Endpoints::from_server(&server.base_url()).unwrap();
    let mut config = ClientConfig::new(endpoints, transport::default_connector());
    config.connect_timeout = Duration::from_secs(5);
    config
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_chat_ready_offer_accept_reply_leave() {
    let server = sim_with(Duration::from_secs(30)).await;
    let mut desk = Desk::start(config(&server));
    desk.login("agent1", "agent1");
    desk.until("online with presence", |s| {
        s.connection == app::Connection::Online && !s.agent.state.is_empty() && !s.mrds.is_empty()
    })
    .await;
    desk.until("reason codes loaded over REST with the bearer token", |s| {
        !s.reasons.is_empty()
    })
    .await;

    desk.type_line("/ready");
    desk.until("agent READY", |s| s.agent.state == "READY")
        .await;
    desk.until("an offer", |s| !s.offers.is_empty()).await;
    let offer = desk.state.offers[0].clone();
    assert!(
        offer.expires_at_ms.is_some(),
        "RONA countdown from agentRequestTtl"
    );
    assert!(offer.task_id.as_deref().is_some_and(|t| t.contains(':')));

    desk.type_line("/accept");
    let id = offer.conversation_id.clone();
    desk.until("conversation opened and focused", |s| {
        s.focused.as_deref() == Some(id.as_str())
    })
    .await;
    assert!(desk.state.offers.is_empty());
    let history = desk.state.focused_conversation().unwrap().lines.len();
    assert!(history >= 1, "history from topicEvents");

    desk.until("a live customer message", |s| {
        s.focused_conversation().is_some_and(|c| {
            c.lines.len() > history
                && c.lines
                    .last()
                    .is_some_and(|l| l.author == app::Author::Customer)
        })
    })
    .await;

    desk.type_line("Hello, how can I help?");
    let Some(Command::SendMessage { message_id, .. }) = desk.sent.last().cloned() else {
        panic!("no SendMessage")
    };
    let mid = message_id.clone();
    desk.until("own message echoed (sent)", |s| {
        s.focused_conversation()
            .unwrap()
            .lines
            .iter()
            .any(|l| *l.id == *mid && l.delivery == Some(Delivery::Sent))
    })
    .await;
    let mid = message_id.clone();
    desk.until("the customer answers", |s| {
        let lines = &s.focused_conversation().unwrap().lines;
        let mine = lines.iter().position(|l| *l.id == *mid).unwrap();
        lines[mine + 1..]
            .iter()
            .any(|l| l.author == app::Author::Customer)
    })
    .await;

    // Our ack went out on the same socket before the message the customer just answered, so
    // the simulator has it by now.
    let acks = server.topic_acks();
    assert!(
        acks.iter()
            .any(|(c, ack)| *c == id && *ack == json!({"status": "ok"})),
        "onTopicData ack answered: {acks:?}"
    );

    desk.type_line("/leave");
    desk.until("conversation ended", |s| {
        s.focused_conversation()
            .is_some_and(|c| c.ended.as_deref() == Some("UNSUBSCRIBED"))
    })
    .await;
    desk.type_line("/quit");
    assert!(desk.state.quit);
    desk.client.shutdown(Duration::from_secs(2)).await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rona_revokes_the_offer_and_sets_not_ready() {
    let server = sim_with(Duration::from_millis(600)).await;
    let mut desk = Desk::start(config(&server));
    desk.login("agent2", "agent2");
    desk.until("online", |s| {
        s.connection == app::Connection::Online && !s.agent.state.is_empty()
    })
    .await;
    desk.type_line("/ready");
    desk.until("an offer", |s| !s.offers.is_empty()).await;
    desk.until("offer revoked", |s| s.offers.is_empty()).await;
    desk.until("agent NOT_READY after RONA", |s| {
        s.agent.state == "NOT_READY"
    })
    .await;
    desk.client.shutdown(Duration::from_secs(2)).await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_says_so_and_retry_works() {
    let server = sim_with(Duration::from_secs(30)).await;
    let mut desk = Desk::start(config(&server));
    desk.login("agent1", "wrong");
    desk.until("login error", |s| {
        s.login.as_ref().is_some_and(|f| f.error.is_some())
    })
    .await;
    let error = desk.state.login.as_ref().unwrap().error.clone().unwrap();
    assert_eq!(error, "Wrong username or password");
    desk.type_line("agent1");
    desk.until("online after retry", |s| {
        s.connection == app::Connection::Online
    })
    .await;
    desk.client.shutdown(Duration::from_secs(2)).await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_socket_auth_is_rejected_with_login_failed() {
    let server = sim_with(Duration::from_secs(30)).await;
    let endpoints = Endpoints::from_server(&server.base_url()).unwrap();
    let forged =
        json!({"id": "00000000-0000-0000-0000-000000000000", "username": "mallory", "roles": []});
    let options = transport::ConnectOptions {
        origin: endpoints.socket_origin(),
        path: endpoints.socket_path(),
        query: vec![("username".into(), "mallory".into())],
        auth: Some(
            json!({"agent": forged.to_string(), "fcm": {"desktopFcmKey": null, "mobileFcmKey": null}}),
        ),
        connect_timeout: Duration::from_secs(5),
    };
    let result = transport::default_connector().connect(options).await;
    match result {
        Err(transport::TransportError::ConnectRejected { message, .. }) => {
            assert_eq!(message, "login-failed")
        }
        Err(other) => panic!("expected login-failed, got {other}"),
        Ok(_) => panic!("forged auth was accepted"),
    }
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_socket_path_fails_within_the_connect_timeout() {
    let server = sim_with(Duration::from_secs(30)).await;
    // A server URL whose socket path does not exist: login works on no such path either, so
    // drive the transport directly.
    let endpoints = Endpoints::from_server(&format!("http://{}/nope", server.addr())).unwrap();
    let options = transport::ConnectOptions {
        origin: endpoints.socket_origin(),
        path: endpoints.socket_path(),
        query: vec![],
        auth: None,
        connect_timeout: Duration::from_secs(2),
    };
    let started = std::time::Instant::now();
    let result = tokio::time::timeout(
        Duration::from_secs(5),
        transport::default_connector().connect(options),
    )
    .await;
    assert!(
        matches!(result, Ok(Err(_))),
        "wrong path must fail, not hang"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_events_arrive_in_server_order() {
    // The first events after connect are agentPresence then onChannelTypes (PROTOCOL.md §1.2).
    let server = sim_with(Duration::from_secs(30)).await;
    let (tx, mut rx) = mpsc::channel(256);
    let client = client::spawn(config(&server), tx);
    client.send(Command::Login {
        username: "agent1".into(),
        password: "agent1".into(),
    });
    let mut names = Vec::new();
    while names.len() < 4 {
        let event = tokio::time::timeout(WAIT, rx.recv())
            .await
            .expect("event in time")
            .expect("client alive");
        names.push(match event {
            ClientEvent::LoggedIn { .. } => "LoggedIn",
            ClientEvent::Connected => "Connected",
            ClientEvent::Presence(_) => "Presence",
            ClientEvent::ChannelTypes(_) => "ChannelTypes",
            other => panic!("unexpected {other:?}"),
        });
    }
    assert_eq!(names, ["LoggedIn", "Connected", "Presence", "ChannelTypes"]);
    client.shutdown(Duration::from_secs(2)).await;
    server.shutdown().await;
}
