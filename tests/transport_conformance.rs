//! Conformance of the socket.io transport (`agentdesk::client::transport::default_connector`)
//! against the official Node `socket.io` 4.x server (`tests/peer/server.js`, version pinned in
//! `tests/peer/package-lock.json`).
//!
//! The harness runs `npm ci` in `tests/peer` once when `node_modules` is missing (guarded in
//! process by a `OnceCell` and across processes by a file lock), then starts one server per test
//! on an ephemeral loopback port. The server prints its port as its first stdout line and one
//! JSON report per later line (`connection`, `rejected`, `disconnect`). Every wait is bounded.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use agentdesk::client::transport::{
    default_connector, ConnectOptions, DisconnectReason, Session, SocketConnector, TransportError,
    TransportEvent,
};
mod common;

use common::npm::{spawn_node_peer, NodePeer};
use serde_json::{json, Value};
use tokio::{
    process::{Child, ChildStdin},
    sync::mpsc,
    time::timeout,
};

/// Upper bound for one step of a test (one event, one report, one connect).
const STEP: Duration = Duration::from_secs(10);
/// One running `node tests/peer/server.js`; killed on drop.
struct Peer {
    child: Child,
    port: u16,
    reports: mpsc::UnboundedReceiver<Value>,
    /// Held open: the server exits when its stdin closes.
    _stdin: Option<ChildStdin>,
}

impl Peer {
    async fn start(args: &[&str]) -> Peer {
        let NodePeer {
            child,
            port,
            stdin,
            mut lines,
        } = spawn_node_peer("server.js", args, STEP).await;
        let (tx, reports) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                match serde_json::from_str::<Value>(&line) {
                    Ok(v) => {
                        if tx.send(v).is_err() {
                            break;
                        }
                    }
                    Err(_) => eprintln!("server: {line}"),
                }
            }
        });
        Peer {
            child,
            port,
            reports,
            _stdin: stdin,
        }
    }

    fn options(&self, username: &str) -> ConnectOptions {
        ConnectOptions {
            origin: url::Url::parse(&format!("http://127.0.0.1:{}", self.port)).expect("url"),
            path: "/agent-manager/socket.io/".to_string(),
            query: vec![("username".to_string(), username.to_string())],
            auth: Some(agent_auth(username)),
            connect_timeout: Duration::from_secs(5),
        }
    }

    /// Next server report with `"event": event`; other reports are skipped.
    async fn report(&mut self, event: &str) -> Value {
        let deadline = Instant::now() + STEP;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let v = timeout(left, self.reports.recv())
                .await
                .unwrap_or_else(|_| panic!("server reported no {event:?} within {STEP:?}"))
                .expect("server exited");
            if v["event"] == event {
                return v;
            }
        }
    }

    fn pid(&self) -> u32 {
        self.child.id().expect("server still running")
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

/// The keycloak user the way the desk sends it: `agent` is a JSON *string*.
fn agent_auth(username: &str) -> Value {
    let ku = json!({
        "id": "5d2b1c2e-0000-4000-8000-000000000001",
        "username": username,
        "firstName": "Test",
        "lastName": "Agent",
        "roles": ["agent"],
    });
    json!({
        "agent": ku.to_string(),
        "fcm": {"desktopFcmKey": null, "mobileFcmKey": null},
    })
}

fn connector() -> Arc<dyn SocketConnector> {
    default_connector()
}

async fn connect(options: ConnectOptions) -> Result<Session, TransportError> {
    timeout(STEP, connector().connect(options))
        .await
        .expect("connect did not resolve in time")
}

async fn connect_ok(options: ConnectOptions) -> Session {
    match connect(options).await {
        Ok(s) => s,
        Err(e) => panic!("connect failed: {e:?}"),
    }
}

/// Next stream item, bounded.
async fn next_item(session: &mut Session) -> Option<TransportEvent> {
    timeout(STEP, session.events.recv())
        .await
        .expect("no transport event within the step timeout")
}

/// The next item must be the event `name`; returns its args and ack id.
async fn expect_event(session: &mut Session, name: &str) -> (Vec<Value>, Option<u64>) {
    match next_item(session).await {
        Some(TransportEvent::Event {
            name: got,
            args,
            ack,
        }) => {
            assert_eq!(got, name, "unexpected event (args {args:?})");
            (args, ack)
        }
        other => panic!("expected event {name:?}, got {other:?}"),
    }
}

/// The next item must be `Disconnected(reason)`, and the stream must close after it.
async fn expect_disconnected(session: &mut Session, reason: DisconnectReason) {
    assert_eq!(
        next_item(session).await,
        Some(TransportEvent::Disconnected(reason))
    );
    assert_eq!(next_item(session).await, None, "stream must close");
}

#[tokio::test]
async fn handshake_carries_auth_string_and_query_on_custom_path() {
    let mut peer = Peer::start(&[]).await;
    let mut s = connect_ok(peer.options("sana")).await;
    let (args, ack) = expect_event(&mut s, "hello").await;
    assert_eq!(ack, None);
    let hello = &args[0];
    assert_eq!(hello["agentType"], "string", "auth.agent must be a string");
    assert_eq!(hello["agent"]["username"], "sana");
    assert_eq!(
        hello["auth"]["fcm"],
        json!({"desktopFcmKey": null, "mobileFcmKey": null})
    );
    assert_eq!(hello["query"]["username"], "sana");
    assert_eq!(hello["query"]["EIO"], "4");
    let seen = peer.report("connection").await;
    assert_eq!(seen["username"], "sana");
    s.socket.disconnect();
}

#[tokio::test]
async fn connect_resolves_only_after_namespace_ack_and_first_emit_arrives() {
    let mut peer = Peer::start(&[]).await;
    // "slow": the server's middleware holds the CONNECT ack back 400 ms, and closes the
    // connection if an event arrives before the namespace is joined.
    let started = Instant::now();
    let mut s = connect_ok(peer.options("slow")).await;
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(350),
        "connect resolved after {elapsed:?}, before the CONNECT ack"
    );
    s.socket
        .emit("echo", vec![json!({"n": 1}), json!("two")])
        .expect("emit right after connect");
    let (args, _) = expect_event(&mut s, "hello").await;
    assert_eq!(args[0]["agent"]["username"], "slow");
    let (args, ack) = expect_event(&mut s, "echo").await;
    assert_eq!(args, vec![json!({"n": 1}), json!("two")]);
    assert_eq!(ack, None);
    peer.report("connection").await;
}

#[tokio::test]
async fn server_ack_request_is_answered_with_status_ok() {
    let peer = Peer::start(&[]).await;
    let mut s = connect_ok(peer.options("sana")).await;
    expect_event(&mut s, "hello").await;
    let payload = json!({"conversationId": "c-1", "topicEvents": []});
    s.socket
        .emit("requestAck", vec![payload.clone()])
        .expect("emit");
    let (args, ack) = expect_event(&mut s, "onTopicData").await;
    assert_eq!(args, vec![payload]);
    let id = ack.expect("onTopicData must carry an ack id");
    s.socket
        .ack(id, vec![json!({"status": "ok"})])
        .expect("ack");
    let (args, _) = expect_event(&mut s, "ackResult").await;
    assert_eq!(
        args,
        vec![json!({"error": null, "args": [{"status": "ok"}]})],
        "the server must see exactly [{{\"status\":\"ok\"}}]"
    );
}

#[tokio::test]
async fn client_emit_with_ack_gets_the_server_answer() {
    let peer = Peer::start(&[]).await;
    let mut s = connect_ok(peer.options("sana")).await;
    expect_event(&mut s, "hello").await;
    let answer = s
        .socket
        .emit_with_ack("withAck", vec![json!(1), json!("a")], STEP)
        .await
        .expect("ack answer");
    assert_eq!(answer, vec![json!({"received": [1, "a"]}), json!("second")]);

    // Concurrent requests are matched to their own answers.
    let futures: Vec<_> = (0..50)
        .map(|i| s.socket.emit_with_ack("withAck", vec![json!(i)], STEP))
        .collect();
    let answers = futures::future::join_all(futures).await;
    for (i, answer) in answers.into_iter().enumerate() {
        assert_eq!(
            answer.expect("ack answer"),
            vec![json!({"received": [i]}), json!("second")]
        );
    }

    // An ack that never comes times out with the given bound; the session goes on.
    let t = Duration::from_millis(300);
    let started = Instant::now();
    let r = timeout(STEP, s.socket.emit_with_ack("noAck", vec![], t))
        .await
        .expect("emit_with_ack must honour its timeout");
    assert_eq!(r, Err(TransportError::Timeout(t)));
    assert!(started.elapsed() >= t);
    s.socket.emit("echo", vec![json!("after")]).expect("emit");
    assert_eq!(expect_event(&mut s, "echo").await.0, vec![json!("after")]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn burst_of_20000_events_arrives_complete_and_in_order() {
    const N: u64 = 20_000;
    let peer = Peer::start(&[]).await;
    let mut s = connect_ok(peer.options("sana")).await;
    expect_event(&mut s, "hello").await;
    s.socket.emit("burst", vec![json!(N)]).expect("emit");
    for i in 0..N {
        let (args, ack) = expect_event(&mut s, "seq").await;
        assert_eq!(args, vec![json!(i)], "event #{i} out of order");
        assert_eq!(ack, None);
    }
    let (args, _) = expect_event(&mut s, "burstDone").await;
    assert_eq!(args, vec![json!(N)]);
}

#[tokio::test]
async fn connect_error_surfaces_message() {
    let mut peer = Peer::start(&[]).await;
    let rejected = TransportError::ConnectRejected {
        message: "login-failed".to_string(),
        data: None,
    };
    // username "bad"
    let r = connect(peer.options("bad")).await;
    assert_eq!(r.err(), Some(rejected.clone()));
    assert_eq!(peer.report("rejected").await["username"], "bad");
    // auth without `agent`
    let mut options = peer.options("sana");
    options.auth = Some(json!({"fcm": {"desktopFcmKey": null, "mobileFcmKey": null}}));
    assert_eq!(connect(options).await.err(), Some(rejected.clone()));
    // no auth at all
    let mut options = peer.options("sana");
    options.auth = None;
    assert_eq!(connect(options).await.err(), Some(rejected.clone()));
    // `agent` as an object instead of a JSON string
    let mut options = peer.options("sana");
    options.auth = Some(json!({"agent": {"username": "sana"}}));
    assert_eq!(connect(options).await.err(), Some(rejected));
    assert_eq!(peer.report("rejected").await["agentType"], "undefined");
    assert_eq!(peer.report("rejected").await["agentType"], "undefined");
    assert_eq!(peer.report("rejected").await["agentType"], "object");
}

#[tokio::test]
async fn connect_error_surfaces_data() {
    let peer = Peer::start(&[]).await;
    let r = connect(peer.options("licence")).await;
    assert_eq!(
        r.err(),
        Some(TransportError::ConnectRejected {
            message: "login-failed".to_string(),
            data: Some(json!({"msg": "licence expired"})),
        })
    );
}

#[tokio::test]
async fn server_disconnect_is_reported_once_and_closes_the_stream() {
    let mut peer = Peer::start(&[]).await;
    let mut s = connect_ok(peer.options("sana")).await;
    expect_event(&mut s, "hello").await;
    s.socket.emit("kickMe", vec![]).expect("emit");
    // The event sent right before the disconnect must not be lost.
    assert_eq!(
        expect_event(&mut s, "goodbye").await.0,
        vec![json!("forced logout")]
    );
    expect_disconnected(&mut s, DisconnectReason::ServerDisconnect).await;
    assert_eq!(
        s.socket.emit("echo", vec![]),
        Err(TransportError::Closed),
        "emit after the session ended"
    );
    assert_eq!(
        peer.report("disconnect").await["reason"],
        "server namespace disconnect"
    );
}

#[tokio::test]
async fn wrong_path_fails_within_the_connect_timeout() {
    let peer = Peer::start(&[]).await;
    let mut options = peer.options("sana");
    options.path = "/nope/socket.io/".to_string();
    options.connect_timeout = Duration::from_secs(2);
    let started = Instant::now();
    let r = connect(options).await;
    let elapsed = started.elapsed();
    let err = r.err().expect("connect to a wrong path must fail");
    assert!(
        elapsed < Duration::from_millis(2500),
        "took {elapsed:?}, longer than the connect timeout"
    );
    assert!(
        matches!(err, TransportError::Io(_) | TransportError::Timeout(_)),
        "unexpected error {err:?}"
    );
    assert!(!err.to_string().is_empty());
    eprintln!("wrong path: {err} after {elapsed:?}");
}

#[tokio::test]
async fn closed_port_fails_fast_with_io_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let options = ConnectOptions {
        origin: url::Url::parse(&format!("http://127.0.0.1:{port}")).expect("url"),
        path: "/agent-manager/socket.io/".to_string(),
        query: vec![],
        auth: None,
        connect_timeout: Duration::from_secs(2),
    };
    let started = Instant::now();
    let r = connect(options).await;
    let elapsed = started.elapsed();
    assert!(
        matches!(r, Err(TransportError::Io(_))),
        "expected Io error, got {:?}",
        r.err()
    );
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
}

#[tokio::test]
async fn client_disconnect_is_reported_and_seen_by_the_server() {
    let mut peer = Peer::start(&[]).await;
    let mut s = connect_ok(peer.options("sana")).await;
    expect_event(&mut s, "hello").await;
    s.socket.disconnect();
    expect_disconnected(&mut s, DisconnectReason::ClientDisconnect).await;
    assert_eq!(s.socket.emit("echo", vec![]), Err(TransportError::Closed));
    assert_eq!(
        peer.report("disconnect").await["reason"],
        "client namespace disconnect"
    );
}

#[tokio::test]
async fn ping_pong_keeps_the_session_alive() {
    let mut peer = Peer::start(&["--ping-interval", "300", "--ping-timeout", "300"]).await;
    let mut s = connect_ok(peer.options("sana")).await;
    expect_event(&mut s, "hello").await;
    // Five ping intervals; the server answers `later` only if the socket is still connected.
    s.socket.emit("later", vec![json!(1500)]).expect("emit");
    let (args, _) = expect_event(&mut s, "later").await;
    assert_eq!(args[0]["connected"], true);
    s.socket.emit("echo", vec![json!("alive")]).expect("emit");
    assert_eq!(expect_event(&mut s, "echo").await.0, vec![json!("alive")]);
    s.socket.disconnect();
    expect_disconnected(&mut s, DisconnectReason::ClientDisconnect).await;
    // The first disconnect the server saw is ours, not a ping timeout.
    assert_eq!(
        peer.report("disconnect").await["reason"],
        "client namespace disconnect"
    );
}

#[tokio::test]
async fn silent_server_is_detected_by_the_missing_ping() {
    let peer = Peer::start(&["--ping-interval", "300", "--ping-timeout", "300"]).await;
    let mut s = connect_ok(peer.options("sana")).await;
    expect_event(&mut s, "hello").await;
    // Freeze the server: no more pings. The client must give up after about
    // pingInterval + pingTimeout (600 ms) instead of waiting for TCP.
    let pid = peer.pid().to_string();
    let stopped = std::process::Command::new("kill")
        .args(["-STOP", &pid])
        .status()
        .expect("kill -STOP");
    assert!(stopped.success());
    let started = Instant::now();
    let item = next_item(&mut s).await;
    let _ = std::process::Command::new("kill")
        .args(["-CONT", &pid])
        .status();
    match item {
        Some(TransportEvent::Disconnected(DisconnectReason::TransportClose(why))) => {
            eprintln!("lost after {:?}: {why}", started.elapsed());
        }
        other => panic!("expected TransportClose, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(next_item(&mut s).await, None, "stream must close");
}

#[tokio::test]
async fn binary_event_is_skipped_without_breaking_the_session() {
    let peer = Peer::start(&[]).await;
    let mut s = connect_ok(peer.options("sana")).await;
    expect_event(&mut s, "hello").await;
    s.socket.emit("binary", vec![]).expect("emit");
    let (args, _) = expect_event(&mut s, "afterBinary").await;
    assert_eq!(args, vec![json!("still here")]);
    s.socket.emit("echo", vec![json!(3)]).expect("emit");
    assert_eq!(expect_event(&mut s, "echo").await.0, vec![json!(3)]);
}
