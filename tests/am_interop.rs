//! Interoperability: the real desk (app state machine + real client: REST and socket.io
//! transport) against an independent Agent Manager written in Node (`tests/peer/am.js`, the
//! official socket.io 4.x server). The peer sends the fixture payloads of `tests/fixtures`
//! verbatim (ids patched where the scenario needs it) and records what the desk sends, so the
//! client is proven against real wire shapes rather than against our own simulator.
//!
//! The peer serves the AM under `/cx/agent-manager` (not the simulator's `/agent-manager`), so
//! the desk's path derivation (`--server` → login, socket path, `/unified-admin`) is tested too.
//!
//! Harness: `npm ci` runs in `tests/peer` once when `node_modules` is missing (guarded in
//! process by a `OnceCell` and across processes by a file lock, shared with
//! `tests/transport_conformance.rs`); every test starts its own peer on an ephemeral port. Every
//! wait is bounded. Nothing sleeps to synchronise: the tests wait for the desk's own events, and
//! read the peer's records (`GET /__records`) only once an event proves the peer has them.

use std::{path::Path, time::Duration};

mod common;

use agentdesk::app::{Author, Connection, Delivery, Input, Level};
use agentdesk::client::{transport, ClientConfig, ClientEvent, Command, Endpoints};
use common::desk::{Desk, WAIT};
use common::npm::{spawn_node_peer, NodePeer};
use serde_json::{json, Value};
use tokio::process::{Child, ChildStdin};

/// The fixture user's credentials at the peer.
const USERNAME: &str = "sana";
const PASSWORD: &str = "pw";

/// One running `node tests/peer/am.js`; killed on drop (and it exits when its stdin closes).
struct Peer {
    child: Child,
    port: u16,
    http: reqwest::Client,
    _stdin: Option<ChildStdin>,
}

impl Peer {
    async fn start() -> Peer {
        let NodePeer {
            child,
            port,
            stdin,
            mut lines,
        } = spawn_node_peer("am.js", &[], WAIT).await;
        // Keep draining stdout so the peer never blocks on a full pipe.
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                eprintln!("am.js: {line}");
            }
        });
        let http = reqwest::Client::builder()
            .timeout(WAIT)
            .build()
            .expect("http client");
        Peer {
            child,
            port,
            http,
            _stdin: stdin,
        }
    }

    /// The desk's `--server`: the AM base URL under the peer's own base path.
    fn server_url(&self) -> String {
        format!("http://127.0.0.1:{}/cx/agent-manager", self.port)
    }

    /// Everything the peer saw so far (`GET /__records`, see am.js).
    async fn records(&self) -> Vec<Value> {
        let url = format!("http://127.0.0.1:{}/__records", self.port);
        let response = self.http.get(url).send().await.expect("GET /__records");
        assert!(response.status().is_success(), "GET /__records failed");
        response.json().await.expect("records are JSON")
    }

    /// First arguments of the desk's emits of `event`, in order.
    async fn emits(&self, event: &str) -> Vec<Value> {
        self.records()
            .await
            .into_iter()
            .filter(|r| r["kind"] == "emit" && r["event"] == event)
            .map(|r| r["payload"].clone())
            .collect()
    }

    /// `POST /__disconnect`: the server disconnects every agent socket (forced logout).
    async fn force_disconnect(&self) -> usize {
        let url = format!("http://127.0.0.1:{}/__disconnect", self.port);
        let response = self
            .http
            .post(url)
            .send()
            .await
            .expect("POST /__disconnect");
        let body: Value = response.json().await.expect("JSON answer");
        body["disconnected"].as_u64().unwrap_or(0) as usize
    }
}

impl Peer {
    /// Closes the agent's connection under socket.io, like a network loss; returns how many.
    async fn drop_connections(&self) -> usize {
        let url = format!("http://127.0.0.1:{}/__drop", self.port);
        let response = self.http.post(url).send().await.expect("POST /__drop");
        let body: Value = response.json().await.expect("JSON answer");
        body["dropped"].as_u64().unwrap_or(0) as usize
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

fn kinds(records: &[Value], kind: &str) -> Vec<Value> {
    records
        .iter()
        .filter(|r| r["kind"] == kind)
        .cloned()
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The keycloak user of `login.response.json` (agent *sana*).
fn keycloak_user() -> Value {
    fixture("login.response.json")["data"]["keycloak_User"].clone()
}

fn sana_id() -> String {
    keycloak_user()["id"].as_str().unwrap().to_string()
}

/// Paths (`/a/b/0`) where two JSON values differ, for readable assertion messages.
fn differences(actual: &Value, expected: &Value) -> Vec<String> {
    fn walk(a: &Value, e: &Value, path: String, out: &mut Vec<String>) {
        match (a, e) {
            (Value::Object(a), Value::Object(e)) => {
                for (k, ev) in e {
                    match a.get(k) {
                        Some(av) => walk(av, ev, format!("{path}/{k}"), out),
                        None => out.push(format!("{path}/{k}: missing")),
                    }
                }
                for k in a.keys().filter(|k| !e.contains_key(*k)) {
                    out.push(format!("{path}/{k}: unexpected"));
                }
            }
            (Value::Array(a), Value::Array(e)) if a.len() == e.len() => {
                for (i, (av, ev)) in a.iter().zip(e).enumerate() {
                    walk(av, ev, format!("{path}/{i}"), out);
                }
            }
            _ if a == e => {}
            _ => out.push(format!("{path}: {a} != expected {e}")),
        }
    }
    let mut out = Vec::new();
    walk(actual, expected, String::new(), &mut out);
    out
}

fn assert_json_eq(what: &str, actual: &Value, expected: &Value) {
    let diff = differences(actual, expected);
    assert!(
        diff.is_empty(),
        "{what} differs from the fixture: {diff:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The desk without a terminal
// ---------------------------------------------------------------------------------------------

/// A desk whose client talks to `peer`.
fn start_desk(peer: &Peer) -> Desk {
    {
        let endpoints = Endpoints::from_server(&peer.server_url()).expect("server URL");
        let mut config = ClientConfig::new(endpoints, transport::default_connector());
        config.connect_timeout = Duration::from_secs(5);
        // Short reconnect delays: a reconnect that must not happen shows up quickly.
        config.reconnect_initial = Duration::from_millis(100);
        config.reconnect_max = Duration::from_millis(200);
        Desk::start(config)
    }
}

/// Logs in as sana through the login form and waits for the session to be up: online,
/// agent state from `agentPresence`, channel types, and reason codes over REST.
async fn online(desk: &mut Desk) {
    desk.login(USERNAME, PASSWORD);
    desk.until("online with presence, channel types and reasons", |s| {
        s.connection == Connection::Online
            && !s.agent.state.is_empty()
            && !s.channel_types.is_empty()
            && !s.reasons.is_empty()
    })
    .await;
}

/// Error notices shown so far.
fn errors(desk: &Desk) -> Vec<String> {
    desk.state
        .notices
        .iter()
        .filter(|n| n.level == Level::Error)
        .map(|n| n.text.clone())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_flow_against_an_independent_agent_manager() {
    let peer = Peer::start().await;
    let offer_fixture = fixture("taskRequest.reserved.json");
    let conversation_id = offer_fixture["conversationId"]
        .as_str()
        .unwrap()
        .to_string();
    let room_info = offer_fixture["roomInfo"].clone();
    let task_id = offer_fixture["taskId"].as_str().unwrap().to_string();

    let mut desk = start_desk(&peer);
    online(&mut desk).await;
    assert_eq!(desk.state.agent.state, "NOT_READY", "from agentPresence");
    assert_eq!(desk.state.agent.reason, None);
    assert_eq!(
        desk.state.me.as_ref().map(|u| u.id.clone()),
        Some(sana_id())
    );
    assert_eq!(desk.state.mrds.len(), 3, "MRDs from agentPresence");
    assert_eq!(
        desk.state.channel_types.len(),
        fixture("onChannelTypes.json").as_array().unwrap().len()
    );
    assert_eq!(desk.state.reasons.len(), 2, "reasons.json");

    desk.type_line("/ready");
    desk.until("agent READY", |s| s.agent.state == "READY")
        .await;
    desk.until("an offer", |s| !s.offers.is_empty()).await;
    let offer = desk.state.offers[0].clone();
    assert_eq!(offer.conversation_id, conversation_id);
    assert_eq!(offer.customer_name, "sana shoukat");
    assert_eq!(offer.channel, "WEB");
    assert_eq!(offer.queue, "Chat Queue");
    assert_eq!(offer.task_id.as_deref(), Some(task_id.as_str()));
    assert_eq!(
        offer.expires_at_ms.map(|at| at - offer.received_at_ms),
        Some(2_400_000),
        "RONA from agentRequestTtl (2400 s)"
    );

    desk.type_line("/accept");
    let id = conversation_id.clone();
    desk.until("conversation opened and focused", |s| {
        s.focused.as_deref() == Some(id.as_str())
    })
    .await;
    assert!(desk.state.offers.is_empty(), "the accepted offer is gone");
    {
        let conversation = desk.state.focused_conversation().unwrap();
        assert_eq!(conversation.lines.len(), 3, "history from topicEvents");
        assert!(conversation
            .lines
            .iter()
            .any(|l| l.author == Author::Customer
                && &*l.text == "I need help with my internet package"));
        assert!(conversation
            .lines
            .iter()
            .any(|l| l.author == Author::Agent && l.sender == "sabahat-agent1"));
        assert_eq!(conversation.role, "PRIMARY");
        assert_eq!(conversation.customer_name, "test", "topicData.customer");
    }

    desk.until("the customer message sent as a JSON string", |s| {
        s.focused_conversation().is_some_and(|c| {
            c.lines.iter().any(|l| {
                l.author == Author::Customer && &*l.text == "hi" && l.sender == "sana shoukat"
            })
        })
    })
    .await;

    let reply = "Hello from the interop test";
    desk.type_line(reply);
    let Some(Command::SendMessage { message_id, .. }) = desk.sent.last().cloned() else {
        panic!("typing a line sent no message: {:?}", desk.sent.last())
    };
    let line = desk
        .state
        .focused_conversation()
        .unwrap()
        .lines
        .iter()
        .find(|l| *l.id == *message_id)
        .cloned()
        .expect("own line shown at once");
    assert_eq!(line.author, Author::Me);
    assert_eq!(*line.text, *reply);
    assert!(matches!(line.delivery, Some(Delivery::Pending { .. })));
    let mid = message_id.clone();
    desk.until("own message echoed (sent)", |s| {
        s.focused_conversation()
            .unwrap()
            .lines
            .iter()
            .any(|l| *l.id == *mid && l.delivery == Some(Delivery::Sent))
    })
    .await;

    desk.type_line("/leave");
    desk.until("conversation ended", |s| {
        s.focused_conversation()
            .is_some_and(|c| c.ended.as_deref() == Some("UNSUBSCRIBED"))
    })
    .await;
    let own = desk
        .state
        .focused_conversation()
        .unwrap()
        .lines
        .iter()
        .filter(|l| l.author == Author::Me)
        .count();
    assert_eq!(own, 1, "the echo merged into the pending line");
    assert!(errors(&desk).is_empty(), "errors: {:?}", errors(&desk));
    assert!(
        !desk.connections.iter().any(|c| matches!(
            c,
            Connection::Reconnecting { .. } | Connection::Offline { .. }
        )),
        "connection history: {:?}",
        desk.connections
    );

    // The peer recorded each emit before answering it, and the desk has seen every answer, so
    // the records are complete. (The onTopicData ack went out on the same socket before the
    // message the peer echoed, so it is recorded too.)
    let records = peer.records().await;
    let me = sana_id();

    let logins = kinds(&records, "login");
    assert_eq!(
        logins,
        vec![json!({"kind": "login", "username": "sana", "ok": true})]
    );
    let reasons = kinds(&records, "reasons");
    assert!(
        !reasons.is_empty() && reasons.iter().all(|r| r["authorized"] == true),
        "reasons fetched with the bearer token from the login: {reasons:?}"
    );
    let connections = kinds(&records, "connection");
    assert_eq!(connections.len(), 1, "{connections:?}");
    assert_eq!(
        connections[0]["agentType"], "string",
        "auth.agent is a JSON string"
    );
    assert_eq!(connections[0]["query"]["username"], "sana");
    assert!(kinds(&records, "rejected").is_empty());

    // changeAgentState READY.
    let states = peer.emits("changeAgentState").await;
    let mut expected = fixture("changeAgentState.ready.json");
    expected["agentId"] = json!(me);
    assert_eq!(states.len(), 1, "{states:#?}");
    assert_json_eq("changeAgentState READY", &states[0], &expected);

    // topicSubscription: the offer's taskId unchanged, role PRIMARY, roomInfo, the keycloak user.
    let subscriptions = peer.emits("topicSubscription").await;
    assert_eq!(subscriptions.len(), 1, "{subscriptions:#?}");
    let subscription = &subscriptions[0];
    assert_eq!(
        subscription["taskId"],
        json!(task_id),
        "taskId passed through"
    );
    assert_eq!(subscription["conversationId"], json!(conversation_id));
    assert_eq!(subscription["agentId"], json!(me));
    assert_eq!(subscription["roomInfo"], room_info);
    assert_eq!(subscription["topicParticipant"]["role"], "PRIMARY");
    assert_eq!(
        subscription["topicParticipant"]["participant"]["keycloakUser"],
        keycloak_user()
    );
    let participant_id = subscription["topicParticipant"]["id"]
        .as_str()
        .expect("topic participant id");
    assert!(uuid::Uuid::parse_str(participant_id).is_ok());
    let mut expected = fixture("topicSubscription.json");
    expected["topicParticipant"]["id"] = json!(participant_id);
    assert_json_eq("topicSubscription", subscription, &expected);

    // The onTopicData ack.
    let acks = kinds(&records, "ack");
    assert_eq!(acks.len(), 1, "{acks:#?}");
    assert_eq!(acks[0]["event"], "onTopicData");
    assert_eq!(acks[0]["error"], Value::Null, "ack answered in time");
    assert_eq!(acks[0]["args"], json!([fixture("onTopicData.ack.json")]));

    // publishCimEvent AGENT_MESSAGE: the fixture, apart from the ids and clock the desk chose,
    // the text, and what the desk passes through from the snapshot it got (the onTopicData
    // fixture is another conversation's: its channel session and customer).
    let published: Vec<Value> = peer
        .emits("publishCimEvent")
        .await
        .into_iter()
        .filter(|p| p["cimEvent"]["name"] == "AGENT_MESSAGE")
        .collect();
    assert_eq!(published.len(), 1, "{published:#?}");
    let actual = &published[0];
    assert!(actual["cimEvent"].is_object(), "cimEvent sent as an object");
    let event_id = actual["cimEvent"]["id"].as_str().expect("event id");
    assert!(
        uuid::Uuid::parse_str(event_id).is_ok(),
        "event id {event_id}"
    );
    assert_eq!(actual["cimEvent"]["data"]["id"], json!(message_id));
    let sent_at = &actual["cimEvent"]["timestamp"];
    assert!(sent_at.is_i64(), "timestamp is epoch ms: {sent_at}");
    let topic = fixture("onTopicData.json")["topicData"].clone();
    let session = topic["channelSession"].clone();
    let mut expected = fixture("publishCimEvent.agent_message.json");
    {
        let event = &mut expected["cimEvent"];
        event["id"] = json!(event_id);
        event["timestamp"] = sent_at.clone();
        event["data"]["id"] = json!(message_id);
        event["data"]["header"]["timestamp"] =
            actual["cimEvent"]["data"]["header"]["timestamp"].clone();
        event["data"]["body"]["markdownText"] = json!(reply);
        event["channelSession"] = session.clone();
        event["data"]["header"]["channelData"] = session["channelData"].clone();
        event["data"]["header"]["channelSessionId"] = session["id"].clone();
        event["data"]["header"]["customer"] = topic["customer"].clone();
    }
    assert_json_eq("publishCimEvent AGENT_MESSAGE", actual, &expected);

    // topicUnsubscription (leave).
    let leaves = peer.emits("topicUnsubscription").await;
    assert_eq!(leaves.len(), 1, "{leaves:#?}");
    assert_json_eq(
        "topicUnsubscription",
        &leaves[0],
        &json!({"conversationId": conversation_id, "agentId": me, "roomInfo": room_info}),
    );

    // In this order.
    let order: Vec<&str> = records
        .iter()
        .filter(|r| r["kind"] == "emit")
        .filter_map(|r| r["event"].as_str())
        .filter(|e| e != &"publishCimEvent")
        .collect();
    assert_eq!(
        order,
        [
            "changeAgentState",
            "topicSubscription",
            "topicUnsubscription"
        ]
    );

    desk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_ready_with_a_reason_sends_the_whole_reason_object() {
    let peer = Peer::start().await;
    let mut desk = start_desk(&peer);
    online(&mut desk).await;

    desk.type_line("/notready Short Break");
    desk.until("agent NOT_READY (Short Break) from agentPresence", |s| {
        s.agent.state == "NOT_READY" && s.agent.reason.as_deref() == Some("Short Break")
    })
    .await;

    // Recorded before the peer answered with the presence the desk just showed.
    let states = peer.emits("changeAgentState").await;
    let mut expected = fixture("changeAgentState.not_ready_reason.json");
    expected["agentId"] = json!(sana_id());
    assert_eq!(states.len(), 1, "{states:#?}");
    assert_json_eq("changeAgentState NOT_READY", &states[0], &expected);
    desk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_says_so_in_plain_words() {
    let peer = Peer::start().await;
    let mut desk = start_desk(&peer);
    desk.login(USERNAME, "wrong");
    desk.until("login error", |s| {
        s.login.as_ref().is_some_and(|f| f.error.is_some())
    })
    .await;
    let error = desk.state.login.as_ref().unwrap().error.clone().unwrap();
    // The server's "Error Occured While Generating User Access Token", in plain words.
    assert_eq!(error, "Wrong username or password");
    assert_eq!(desk.state.connection, Connection::LoggedOut);

    // The form keeps the username; the right password gets in.
    desk.type_line(PASSWORD);
    desk.until("online after retry", |s| s.connection == Connection::Online)
        .await;

    let records = peer.records().await;
    let logins: Vec<bool> = kinds(&records, "login")
        .iter()
        .map(|r| r["ok"] == true)
        .collect();
    assert_eq!(logins, [false, true]);
    assert_eq!(kinds(&records, "connection").len(), 1);
    desk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forced_logout_goes_offline_without_reconnecting() {
    let peer = Peer::start().await;
    let mut desk = start_desk(&peer);
    online(&mut desk).await;

    assert_eq!(peer.force_disconnect().await, 1, "one agent socket");
    desk.until("offline after the server disconnect", |s| {
        matches!(s.connection, Connection::Offline { .. })
    })
    .await;

    // Proving that something does *not* happen needs a bounded observation window: the client
    // reconnects after 100–200 ms when it reconnects at all (see `Desk::start`), so watch its
    // events for 2 s and fail on any sign of a new session.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    loop {
        match tokio::time::timeout_at(deadline, desk.events.recv()).await {
            Err(_) | Ok(None) => break,
            Ok(Some(event)) => {
                assert!(
                    !matches!(
                        event,
                        ClientEvent::Connected | ClientEvent::Disconnected { .. }
                    ),
                    "the client tried again after a forced logout: {event:?}"
                );
                desk.input(Input::Client(event));
            }
        }
    }
    assert!(
        matches!(desk.state.connection, Connection::Offline { .. }),
        "{:?}",
        desk.state.connection
    );

    let records = peer.records().await;
    assert_eq!(
        kinds(&records, "connection").len(),
        1,
        "exactly one socket connection: {records:#?}"
    );
    assert!(kinds(&records, "rejected").is_empty());
    let disconnects = kinds(&records, "disconnect");
    assert_eq!(disconnects.len(), 1);
    assert_eq!(disconnects[0]["reason"], "server namespace disconnect");
    desk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn junk_events_do_not_break_the_session() {
    // On connect the peer sends, after onChannelTypes: an unknown event (`someFutureEvent`), an
    // onCimEvent whose cimEvent is not JSON (`"{not json"`) and a BOT_SUGGESTION without a
    // conversation id. Everything the desk sees after onChannelTypes in this test came later on
    // the same socket, so the junk has been through the client by then.
    let peer = Peer::start().await;
    let mut desk = start_desk(&peer);
    online(&mut desk).await;

    desk.type_line("/ready");
    desk.until("agent READY", |s| s.agent.state == "READY")
        .await;
    desk.until("an offer", |s| !s.offers.is_empty()).await;
    assert!(
        desk.state.conversations.is_empty(),
        "the bot suggestion without a conversation id opened nothing"
    );
    assert_eq!(desk.state.connection, Connection::Online);
    assert_eq!(
        desk.connections,
        [
            Connection::LoggedOut,
            Connection::Connecting,
            Connection::Online
        ],
        "the session never dropped"
    );
    assert!(errors(&desk).is_empty(), "errors: {:?}", errors(&desk));

    // And the session still carries a conversation.
    desk.type_line("/accept");
    desk.until("conversation opened", |s| s.focused.is_some())
        .await;

    let records = peer.records().await;
    assert_eq!(kinds(&records, "connection").len(), 1);
    assert!(kinds(&records, "disconnect").is_empty());
    desk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_connection_reconnects_and_keeps_the_conversation() {
    let peer = Peer::start().await;
    let mut desk = start_desk(&peer);
    online(&mut desk).await;
    desk.type_line("/ready");
    desk.until("an offer", |s| !s.offers.is_empty()).await;
    desk.type_line("/accept");
    desk.until("conversation open", |s| {
        s.focused_conversation().is_some_and(|c| c.lines.len() >= 4)
    })
    .await;
    let lines_before = desk.state.focused_conversation().unwrap().lines.len();

    assert_eq!(peer.drop_connections().await, 1);
    desk.until("reconnecting", |s| {
        matches!(s.connection, Connection::Reconnecting { .. })
    })
    .await;
    desk.until("online again", |s| s.connection == Connection::Online)
        .await;
    desk.until("presence after the reconnect", |s| {
        s.agent.state == "NOT_READY"
    })
    .await;
    let id = desk.state.focused.clone().unwrap();
    desk.until("the conversation again in the resync", |s| {
        s.resync
            .as_ref()
            .is_some_and(|r| r.conversations.contains(&id))
    })
    .await;
    // The resync's grace passes: the server re-sent it, so it stays open.
    let later = common::desk::now() + agentdesk::app::resync::RESYNC_GRACE_MS;
    desk.input(agentdesk::app::Input::Tick);
    agentdesk::app::update(&mut desk.state, later, agentdesk::app::Input::Tick);
    let conversation = desk
        .state
        .focused_conversation()
        .expect("conversation kept");
    assert_eq!(
        conversation.lines.len(),
        lines_before,
        "nothing lost, nothing doubled"
    );
    assert!(conversation.ended.is_none());

    desk.type_line("still here?");
    let mine = desk
        .state
        .focused_conversation()
        .unwrap()
        .lines
        .last()
        .unwrap()
        .id
        .clone();
    desk.until("echo on the new session", |s| {
        s.focused_conversation()
            .unwrap()
            .line(&mine)
            .and_then(|l| l.delivery)
            == Some(Delivery::Sent)
    })
    .await;
    let records = peer.records().await;
    assert_eq!(
        kinds(&records, "connection").len(),
        2,
        "one reconnect: {records:#?}"
    );
    desk.quit().await;
}

// ---------------------------------------------------------------------------------------------
// Issue 6: transfer, conference, consult, and the supervisor's desk against the peer
// ---------------------------------------------------------------------------------------------

/// Online, READY, with the peer's offer (conversation A) accepted and focused.
async fn in_the_offered_chat(peer: &Peer) -> (Desk, String) {
    let mut desk = start_desk(peer);
    online(&mut desk).await;
    desk.type_line("/ready");
    desk.until("an offer", |s| !s.offers.is_empty()).await;
    desk.type_line("/accept");
    desk.until("the conversation", |s| s.focused.is_some())
        .await;
    let id = desk.state.focused.clone().unwrap();
    (desk, id)
}

fn has_line(desk: &Desk, id: &str, wanted: &str) -> bool {
    desk.state
        .conversations
        .iter()
        .find(|c| c.id == id)
        .is_some_and(|c| c.lines.iter().any(|l| l.text.contains(wanted)))
}

fn transferred(state: &agentdesk::app::State, id: &str) -> bool {
    state
        .conversations
        .iter()
        .any(|c| c.id == id && c.ended.as_deref() == Some("CHAT TRANSFERRED"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transfer_to_a_queue_and_to_an_agent_against_the_peer() {
    let peer = Peer::start().await;
    let (mut desk, id) = in_the_offered_chat(&peer).await;
    // Unknown queue: the picker opens, nothing is sent.
    desk.type_line("/transfer Nowhere -- x");
    desk.until("the picker", |s| s.overlay.is_some()).await;
    desk.input(Input::User(agentdesk::app::UserAction::Dismiss));
    desk.type_line("/transfer CHAT-KHURRAM -- wants a refund");
    desk.until("transferred", |s| transferred(s, &id)).await;
    assert!(has_line(&desk, &id, "Transfer to chat-khurram requested"));
    assert!(has_line(
        &desk,
        &id,
        "Conversation transferred to chat-khurram"
    ));
    let records = peer.records().await;
    let lists = kinds(&records, "available-agents");
    assert!(
        !lists.is_empty() && lists.iter().all(|r| r["authorized"] == true),
        "{lists:?}"
    );
    assert_eq!(lists[0]["conversationId"], id.as_str());
    assert_eq!(lists[0]["agentId"], sana_id().as_str());
    let sent = peer.emits("directTransferRequest").await;
    assert_eq!(
        sent.len(),
        1,
        "nothing sent for the unknown queue: {sent:?}"
    );
    let request = &sent[0];
    assert_eq!(request["mode"], "queue");
    assert_eq!(request["queueName"], "chat-khurram");
    assert_eq!(request["note"], "wants a refund");
    let expected = fixture("directTransferRequest.queue.json");
    let mut shape = request.clone();
    shape["note"] = expected["note"].clone();
    for key in ["channelSession", "agentParticipant"] {
        assert!(shape[key].is_object(), "{key}");
        shape[key] = expected[key].clone();
    }
    assert_json_eq("directTransferRequest", &shape, &expected);
    desk.quit().await;

    // A second session: the same chat again, transferred to the agent by name.
    let (mut desk, id) = in_the_offered_chat(&peer).await;
    desk.type_line("/transfer @sabahat");
    desk.until("transferred", |s| transferred(s, &id)).await;
    let sent = peer.emits("directTransferRequest").await;
    let request = sent.last().unwrap();
    assert_eq!(request["mode"], "agent");
    assert_eq!(
        request["requestedAgentId"],
        "eed4c6de-27b0-4321-b057-2a618dcad6d1"
    );
    assert_eq!(request["offerToAgent"], true);
    assert_eq!(request["note"], "");
    assert!(has_line(&desk, &id, "Conversation transferred to sabahat"));
    desk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conference_consult_and_consult_transfer_against_the_peer() {
    let peer = Peer::start().await;
    let (mut desk, id) = in_the_offered_chat(&peer).await;
    desk.type_line("/conference chat-khurram");
    desk.until("the agent joined", |s| {
        s.conversations
            .iter()
            .any(|c| c.id == id && c.roster.agents_in("PRIMARY").any(|p| p.name == "sabahat"))
    })
    .await;
    assert!(has_line(&desk, &id, "Conference to chat-khurram requested"));
    assert_eq!(peer.emits("directConferenceRequest").await.len(), 1);
    desk.type_line("/consult @sabahat");
    desk.until("the consulted agent as assistant", |s| {
        s.conversations
            .iter()
            .any(|c| c.id == id && c.roster.agents_in("ASSISTANT").next().is_some())
    })
    .await;
    assert!(has_line(
        &desk,
        &id,
        "An agent was assigned for the consult"
    ));
    desk.type_line("/consult-transfer");
    desk.until("handed over", |s| transferred(s, &id)).await;
    assert!(has_line(
        &desk,
        &id,
        "Consult transfer done: the conversation is now with sabahat"
    ));
    let request = peer
        .emits("consultTransferRequest")
        .await
        .pop()
        .expect("sent");
    assert_eq!(
        request["requestedAgentId"],
        "eed4c6de-27b0-4321-b057-2a618dcad6d1"
    );
    assert_eq!(request["conversationId"], id.as_str());
    assert_eq!(request["mode"], "agent");
    assert_eq!(request["offerToAgent"], false);
    desk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supervisor_board_monitor_whisper_barge_and_leave_against_the_peer() {
    let peer = Peer::start().await;
    let mut desk = start_desk(&peer);
    online(&mut desk).await;
    desk.type_line("/team");
    desk.until("the board", |s| {
        s.board.agents.is_some() && s.board.chats.is_some()
    })
    .await;
    // The peer has no agent-activity report (404): the board says so and still lists chats.
    assert!(
        matches!(&desk.state.board.agents, Some(Err(e)) if e.contains("404")),
        "{:?}",
        desk.state.board.agents
    );
    let chats = desk.state.board.chats().to_vec();
    assert_eq!(chats.len(), 1);
    let id = chats[0].conversation_id.clone();
    assert_eq!(chats[0].customer, "test");
    desk.type_line("/monitor 1");
    // The peer answers with taskRequest SILENT_MONITOR / STARTED, then onTopicData.
    desk.until("monitoring", |s| {
        s.focused_conversation()
            .is_some_and(|c| c.id == id && c.supervision_marker() == Some("monitoring"))
    })
    .await;
    desk.type_line("please offer the 20GB plan");
    desk.until("the whisper echoed", |s| {
        s.focused_conversation().is_some_and(|c| {
            c.lines.iter().any(|l| {
                l.whisper
                    && l.delivery == Some(Delivery::Sent)
                    && &*l.text == "please offer the 20GB plan"
            })
        })
    })
    .await;
    desk.type_line("/barge");
    desk.until("barged in", |s| {
        s.focused_conversation()
            .is_some_and(|c| c.supervision_marker() == Some("barged in"))
    })
    .await;
    desk.type_line("Hi, supervisor here");
    desk.until("the message echoed", |s| {
        s.focused_conversation().is_some_and(|c| {
            c.lines.iter().any(|l| {
                l.author == Author::Me
                    && !l.whisper
                    && &*l.text == "Hi, supervisor here"
                    && l.delivery.is_some_and(|d| {
                        d != Delivery::Failed && !matches!(d, Delivery::Pending { .. })
                    })
            })
        })
    })
    .await;
    desk.type_line("/whisper-mode");
    desk.until("whispering again", |s| {
        s.focused_conversation()
            .is_some_and(|c| c.role == "WHISPER")
    })
    .await;
    desk.type_line("/leave");
    desk.until("left", |s| {
        s.conversations
            .iter()
            .any(|c| c.id == id && c.ended.is_some())
    })
    .await;
    // What the peer saw, with the fixtures' shapes.
    let monitor = peer.emits("JoinAsSilentMonitor").await;
    assert_eq!(monitor.len(), 1);
    assert_eq!(monitor[0]["topicParticipant"]["role"], "SILENT_MONITOR");
    assert_eq!(
        monitor[0]["topicParticipant"]["conversationId"],
        id.as_str()
    );
    assert_eq!(monitor[0]["agentId"], sana_id().as_str());
    assert_eq!(
        monitor[0]["channelSession"]["id"],
        chats[0].channel_session["id"]
    );
    let subscribe = peer.emits("topicSubscription").await;
    assert_eq!(
        subscribe.last().unwrap()["topicParticipant"]["role"],
        "SILENT_MONITOR"
    );
    // Nothing but whispers went out before the barge-in: no typing indicator, no READ
    // receipt, no message to the customer (records are in arrival order).
    let records = peer.records().await;
    let emits: Vec<(&str, &str)> = records
        .iter()
        .filter(|r| r["kind"] == "emit")
        .map(|r| {
            (
                r["event"].as_str().unwrap_or(""),
                r["payload"]["cimEvent"]["name"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let monitor_at = emits
        .iter()
        .position(|(e, _)| *e == "JoinAsSilentMonitor")
        .unwrap();
    let barge_at = emits
        .iter()
        .position(|(e, _)| *e == "JoinAsBargin")
        .unwrap();
    let while_monitoring: Vec<&str> = emits[monitor_at..barge_at]
        .iter()
        .filter(|(e, _)| *e == "publishCimEvent")
        .map(|(_, name)| *name)
        .collect();
    assert_eq!(while_monitoring, ["WHISPER_MESSAGE"], "{emits:?}");
    assert!(
        emits[barge_at..]
            .iter()
            .any(|(e, n)| *e == "publishCimEvent" && *n == "AGENT_MESSAGE"),
        "the message after barge-in: {emits:?}"
    );
    let bargin = peer.emits("JoinAsBargin").await;
    assert_json_eq(
        "JoinAsBargin",
        &bargin[0],
        &json!({"participantId": sana_id(), "conversationId": id, "roomInfo": chats[0].room_info}),
    );
    assert_eq!(peer.emits("joinAsWhisper").await.len(), 1);
    let left = peer.emits("topicUnsubscription").await;
    assert_eq!(left.last().unwrap()["conversationId"], id.as_str());
    desk.quit().await;
}
