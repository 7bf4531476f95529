//! The simulator's Socket.IO side, driven by a minimal raw Engine.IO v4 / Socket.IO v5
//! client over a websocket (no socket.io library: this checks the frames themselves).
//! Every wait is bounded by a timeout; durations are tiny so the suite stays fast.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use agentdesk::sim::{self, SimConfig, SimServer};
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Upper bound for any single expected frame.
const WAIT: Duration = Duration::from_secs(5);
const CHAT_MRD: &str = "6305de07166ba1099d11d8e6";

#[derive(Debug)]
enum Frame {
    Event {
        name: String,
        data: Value,
        ack: Option<u64>,
    },
    /// Namespace DISCONNECT from the server (`41`): "io server disconnect".
    Disconnect,
    /// The websocket closed.
    Closed,
}

struct Client {
    ws: Ws,
}

fn parse_event(rest: &str) -> Frame {
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let ack = digits.parse().ok();
    let array: Value = serde_json::from_str(&rest[digits.len()..]).expect("event array");
    let name = array[0].as_str().expect("event name").to_string();
    assert!(
        array.as_array().map(Vec::len) == Some(2),
        "{name}: exactly one argument expected, got {array}"
    );
    Frame::Event {
        name,
        data: array[1].clone(),
        ack,
    }
}

impl Client {
    /// Engine.IO handshake, then the namespace CONNECT with `auth`: Ok after `40{sid}`,
    /// Err(message) after `44{message}`.
    async fn connect(addr: SocketAddr, username: &str, auth: &Value) -> Result<Client, String> {
        let url = format!(
            "ws://{addr}/agent-manager/socket.io/?EIO=4&transport=websocket&username={username}"
        );
        let (mut ws, _) = tokio::time::timeout(WAIT, tokio_tungstenite::connect_async(url))
            .await
            .expect("ws connect in time")
            .expect("ws connect");
        let open = next_text(&mut ws).await.expect("open packet");
        assert!(open.starts_with("0{"), "engine.io open, got {open}");
        ws.send(Message::text(format!("40{auth}")))
            .await
            .expect("send connect");
        loop {
            let text = next_text(&mut ws).await.expect("connect answer");
            if let Some(body) = text.strip_prefix("40") {
                let v: Value = serde_json::from_str(body).expect("connect body");
                assert!(v["sid"].is_string(), "{text}");
                return Ok(Client { ws });
            }
            if let Some(body) = text.strip_prefix("44") {
                let v: Value = serde_json::from_str(body).expect("connect_error body");
                return Err(v["message"].as_str().unwrap_or_default().to_string());
            }
        }
    }

    /// The next frame (pings are answered), at most [`WAIT`] away.
    async fn next(&mut self) -> Frame {
        loop {
            let Some(text) = next_text(&mut self.ws).await else {
                return Frame::Closed;
            };
            if text == "2" {
                self.ws.send(Message::text("3")).await.expect("pong");
            } else if let Some(rest) = text.strip_prefix("42") {
                return parse_event(rest);
            } else if text.starts_with("41") {
                return Frame::Disconnect;
            } else if text == "1" {
                return Frame::Closed;
            }
        }
    }

    /// Skips frames until event `name`; returns its data and ack id.
    async fn expect(&mut self, name: &str) -> (Value, Option<u64>) {
        let deadline = Instant::now() + WAIT;
        loop {
            assert!(Instant::now() < deadline, "no {name} in time");
            match self.next().await {
                Frame::Event { name: n, data, ack } if n == name => return (data, ack),
                Frame::Event { .. } => {}
                other => panic!("waiting for {name}, got {other:?}"),
            }
        }
    }

    /// The very next frame must be event `name`.
    async fn expect_next(&mut self, name: &str) -> Value {
        match self.next().await {
            Frame::Event { name: n, data, .. } if n == name => data,
            other => panic!("expected {name} next, got {other:?}"),
        }
    }

    /// Asserts no event `name` arrives within `window`.
    async fn expect_none(&mut self, name: &str, window: Duration) {
        let end = tokio::time::Instant::now() + window;
        loop {
            match tokio::time::timeout_at(end, self.next()).await {
                Err(_) => return,
                Ok(Frame::Event { name: n, data, .. }) if n == name => {
                    panic!("unexpected {name}: {data}")
                }
                Ok(Frame::Event { .. }) => {}
                Ok(other) => panic!("unexpected {other:?}"),
            }
        }
    }

    async fn emit(&mut self, name: &str, data: &Value) {
        self.ws
            .send(Message::text(format!("42{}", json!([name, data]))))
            .await
            .expect("emit");
    }

    async fn ack(&mut self, id: u64, data: &Value) {
        self.ws
            .send(Message::text(format!("43{id}{}", json!([data]))))
            .await
            .expect("ack");
    }
}

/// The next text frame, or None when the socket closed; panics after [`WAIT`].
async fn next_text(ws: &mut Ws) -> Option<String> {
    loop {
        match tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("frame in time")
        {
            Some(Ok(Message::Text(t))) => return Some(t.to_string()),
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return None,
            Some(Ok(_)) => {}
        }
    }
}

/// A simulator with these timers (ms) and wrap-up disabled.
async fn start(offer_ms: u64, rona_ms: u64, customer_ms: u64) -> SimServer {
    start_with(offer_ms, rona_ms, customer_ms, 0).await
}

/// A simulator with these timers (ms); `wrapup_ms` 0 disables wrap-up.
async fn start_with(offer_ms: u64, rona_ms: u64, customer_ms: u64, wrapup_ms: u64) -> SimServer {
    sim::start(SimConfig {
        port: 0,
        rona: Duration::from_millis(rona_ms),
        offer_delay: Duration::from_millis(offer_ms),
        customer_delay: Duration::from_millis(customer_ms),
        wrapup: Duration::from_millis(wrapup_ms),
        ..SimConfig::default()
    })
    .await
    .expect("sim starts")
}

/// Logs in over REST and returns the KU.
async fn login(s: &SimServer, user: &str) -> Value {
    let res: Value = reqwest::Client::new()
        .post(format!("{}/agent/login", s.base_url()))
        .json(&json!({"username": user, "password": user}))
        .timeout(WAIT)
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    res["data"]["keycloak_User"].clone()
}

fn auth(ku: &Value) -> Value {
    json!({"agent": ku.to_string(), "fcm": {"desktopFcmKey": null, "mobileFcmKey": null}})
}

/// Connects `user` and consumes the initial agentPresence + onChannelTypes.
async fn connect(s: &SimServer, user: &str) -> (Client, Value) {
    let ku = login(s, user).await;
    let mut c = Client::connect(s.addr(), user, &auth(&ku))
        .await
        .expect("accepted");
    c.expect_next("agentPresence").await;
    c.expect_next("onChannelTypes").await;
    (c, ku)
}

fn state_change(ku: &Value, name: &str, reason: Value) -> Value {
    json!({"agentId": ku["id"], "action": "agentState", "state": {"name": name, "reasonCode": reason}})
}

fn mrd_states(presence: &Value) -> Vec<(String, String)> {
    presence["agentPresence"]["agentMrdStates"]
        .as_array()
        .expect("mrd states")
        .iter()
        .map(|m| {
            (
                m["mrd"]["name"].as_str().unwrap_or_default().to_string(),
                m["state"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn chat_state(presence: &Value) -> String {
    mrd_states(presence)
        .into_iter()
        .find(|(n, _)| n == "CHAT")
        .map(|(_, s)| s)
        .expect("CHAT mrd")
}

fn topic_participant(ku: &Value, conversation_id: &Value) -> Value {
    json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "type": "AGENT",
        "participant": {"id": ku["id"], "participantType": "CCUser", "keycloakUser": ku, "associatedRoutingAttributes": []},
        "token": null,
        "conversationId": conversation_id,
        "role": "PRIMARY",
        "userCredentials": null,
        "state": "SUBSCRIBED",
    })
}

fn subscription(ku: &Value, offer: &Value) -> Value {
    json!({
        "topicParticipant": topic_participant(ku, &offer["conversationId"]),
        "agentId": ku["id"],
        "conversationId": offer["conversationId"],
        "taskId": offer["taskId"],
        "roomInfo": offer["roomInfo"],
    })
}

fn cim_event(data: &Value) -> Value {
    let s = data["cimEvent"]
        .as_str()
        .unwrap_or_else(|| panic!("cimEvent must be a JSON string: {data}"));
    serde_json::from_str(s).expect("cimEvent JSON")
}

#[tokio::test]
async fn socket_auth_is_rejected_with_login_failed() {
    let s = start(1000, 30_000, 1000).await;
    let ku = login(&s, "agent1").await;
    // `agent` as an object: refused (the real AM expects the JSON string).
    let object = json!({"agent": ku, "fcm": {}});
    let err = Client::connect(s.addr(), "agent1", &object).await.err();
    assert_eq!(err.as_deref(), Some("login-failed"));
    // Query username of another user.
    let err = Client::connect(s.addr(), "agent2", &auth(&ku)).await.err();
    assert_eq!(err.as_deref(), Some("login-failed"));
    // No auth at all.
    let err = Client::connect(s.addr(), "agent1", &json!({})).await.err();
    assert_eq!(err.as_deref(), Some("login-failed"));
    // Forged id.
    let mut forged = ku.clone();
    forged["id"] = json!("00000000-0000-4000-8000-00000000beef");
    let err = Client::connect(s.addr(), "agent1", &auth(&forged))
        .await
        .err();
    assert_eq!(err.as_deref(), Some("login-failed"));
    s.shutdown().await;
}

#[tokio::test]
async fn connect_sends_not_ready_presence_then_channel_types() {
    let s = start(1000, 30_000, 1000).await;
    let ku = login(&s, "agent1").await;
    let mut c = Client::connect(s.addr(), "agent1", &auth(&ku))
        .await
        .expect("accepted");
    let p = c.expect_next("agentPresence").await;
    assert_eq!(p["action"], "AGENT_STATE_CHANGED");
    assert_eq!(
        p["agentPresence"]["state"],
        json!({"name": "NOT_READY", "reasonCode": null})
    );
    assert_eq!(p["agentPresence"]["agent"]["id"], ku["id"]);
    assert_eq!(
        mrd_states(&p),
        vec![
            ("CHAT".to_string(), "NOT_READY".to_string()),
            ("VOICE".to_string(), "NOT_READY".to_string()),
            ("EMAIL".to_string(), "NOT_READY".to_string()),
        ]
    );
    let max: Vec<_> = p["agentPresence"]["agentMrdStates"]
        .as_array()
        .expect("mrds")
        .iter()
        .map(|m| m["maxAgentTasks"].as_u64().unwrap_or_default())
        .collect();
    assert_eq!(max, vec![2, 1, 5]);
    let types = c.expect_next("onChannelTypes").await;
    let web = types
        .as_array()
        .expect("array")
        .iter()
        .find(|t| t["name"] == "WEB")
        .expect("WEB type");
    assert_eq!(web["mediaRoutingDomain"], CHAT_MRD);
    s.shutdown().await;
}

#[tokio::test]
async fn ready_gets_a_reserved_offer_after_offer_delay() {
    let s = start(200, 30_000, 1000).await;
    let (mut c, ku) = connect(&s, "agent1").await;
    c.emit("changeAgentState", &state_change(&ku, "READY", Value::Null))
        .await;
    let started = Instant::now();
    let p = c.expect_next("agentPresence").await;
    assert_eq!(p["action"], "AGENT_STATE_CHANGED");
    assert_eq!(p["agentStateChanged"], true);
    assert_eq!(p["mrdStateChanges"], json!([CHAT_MRD]));
    assert_eq!(p["agentPresence"]["state"]["name"], "READY");
    assert_eq!(chat_state(&p), "READY");
    assert!(p["correlationId"].is_string());

    let offer = c.expect_next("taskRequest").await;
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "offer too early"
    );
    assert_eq!(offer["taskState"]["name"], "RESERVED");
    assert_eq!(offer["taskDirection"], "INBOUND");
    assert_eq!(offer["queue"]["name"], "Chat Queue");
    assert_eq!(offer["roomInfo"]["mode"], "CONTACT_CENTER");
    let conv = offer["conversationId"].as_str().expect("conversationId");
    assert_eq!(conv.len(), 24);
    assert!(conv.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(
        offer["taskId"].as_str().expect("taskId").split(':').count(),
        2
    );
    assert_eq!(
        offer["channelSession"]["channel"]["channelConfig"]["routingPolicy"]["agentRequestTtl"],
        30
    );
    assert_eq!(
        offer["channelSession"]["customer"]["firstName"],
        "Maria Lopez"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn rona_revokes_the_offer_and_sets_not_ready() {
    let s = start(100, 300, 1000).await;
    let (mut c, ku) = connect(&s, "agent2").await;
    c.emit("changeAgentState", &state_change(&ku, "READY", Value::Null))
        .await;
    c.expect_next("agentPresence").await;
    let offer = c.expect_next("taskRequest").await;
    let revoke = c.expect_next("revokeTask").await;
    assert_eq!(revoke["conversationId"], offer["conversationId"]);
    assert_eq!(revoke["taskId"], offer["taskId"]);
    let p = c.expect_next("agentPresence").await;
    assert_eq!(p["action"], "AGENT_STATE_CHANGED");
    assert_eq!(p["agentStateChanged"], true);
    assert_eq!(
        p["agentPresence"]["state"],
        json!({"name": "NOT_READY", "reasonCode": null})
    );
    assert!(mrd_states(&p).iter().all(|(_, st)| st == "NOT_READY"));
    // No new offer while NOT_READY.
    c.expect_none("taskRequest", Duration::from_millis(600))
        .await;
    // Accepting the revoked offer is an error.
    c.emit("topicSubscription", &subscription(&ku, &offer))
        .await;
    let e = c.expect_next("errors").await;
    assert_eq!(e["task"], "topicSubscription");
    s.shutdown().await;
}

#[tokio::test]
async fn a_whole_chat() {
    let s = start(100, 10_000, 100).await;
    let (mut c, ku) = connect(&s, "agent1").await;
    c.emit("changeAgentState", &state_change(&ku, "READY", Value::Null))
        .await;
    c.expect_next("agentPresence").await;
    let offer = c.expect_next("taskRequest").await;
    let conv = offer["conversationId"].clone();

    // Wrong task id: refused.
    let mut wrong = subscription(&ku, &offer);
    wrong["taskId"] = json!("nope:nope");
    c.emit("topicSubscription", &wrong).await;
    assert_eq!(c.expect_next("errors").await["task"], "topicSubscription");

    // Accept.
    let sub = subscription(&ku, &offer);
    c.emit("topicSubscription", &sub).await;
    let p = c.expect_next("agentPresence").await;
    assert_eq!(p["mrdStateChanges"], json!([CHAT_MRD]));
    assert_eq!(p["agentStateChanged"], false);
    assert_eq!(chat_state(&p), "ACTIVE");
    let (topic, ack) = c.expect("onTopicData").await;
    let ack = ack.expect("onTopicData is sent with an ack id");
    assert_eq!(topic["conversationId"], conv);
    assert_eq!(topic["taskId"], offer["taskId"]);
    let td = &topic["topicData"];
    assert_eq!(td["id"], conv);
    assert_eq!(td["state"], "ACTIVE");
    assert_eq!(td["topicParticipant"], sub["topicParticipant"]);
    assert_eq!(td["agentParticipants"][0], sub["topicParticipant"]);
    assert_eq!(td["participants"].as_array().map(Vec::len), Some(2));
    let names: Vec<_> = td["topicEvents"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| e["name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(names, vec!["CUSTOMER_MESSAGE", "AGENT_SUBSCRIBED"]);
    assert!(td["topicEvents"][0]["timestamp"].is_string());
    c.ack(ack, &json!({"status": "ok"})).await;

    // The scripted customer types, then follows up (cimEvent as a JSON string, ms
    // timestamp).
    let (msg, _) = c.expect("onCimEvent").await;
    assert_eq!(msg["conversationId"], conv);
    assert_eq!(cim_event(&msg)["name"], "TYPING_INDICATOR");
    let (msg, _) = c.expect("onCimEvent").await;
    assert_eq!(msg["conversationId"], conv);
    let ev = cim_event(&msg);
    assert_eq!(ev["name"], "CUSTOMER_MESSAGE");
    assert!(ev["timestamp"].is_i64());
    assert_eq!(ev["data"]["header"]["sender"]["type"], "CONNECTOR");
    assert_eq!(ev["data"]["header"]["customer"]["firstName"], "Maria Lopez");
    assert_eq!(
        ev["data"]["body"],
        json!({"type": "PLAIN", "markdownText": "I already restarted the router twice."})
    );

    // The ack was recorded.
    let deadline = Instant::now() + WAIT;
    while s.topic_acks().is_empty() {
        assert!(Instant::now() < deadline, "ack not recorded");
        tokio::task::yield_now().await;
    }
    assert_eq!(
        s.topic_acks(),
        vec![(
            conv.as_str().expect("id").to_string(),
            json!({"status": "ok"})
        )]
    );

    // Agent message → echo with the same ids → the customer answers.
    let event_id = uuid::Uuid::new_v4().to_string();
    let data_id = uuid::Uuid::new_v4().to_string();
    let agent_message = json!({
        "id": event_id, "name": "AGENT_MESSAGE", "type": "MESSAGE",
        "conversationId": conv, "roomInfo": offer["roomInfo"], "timestamp": 1,
        "data": {"id": data_id, "header": {"sender": {"id": ku["id"], "type": "AGENT", "senderName": "agent1"}},
                 "body": {"type": "PLAIN", "markdownText": "Let me check your line, one moment please."}},
    });
    c.emit(
        "publishCimEvent",
        &json!({"cimEvent": agent_message, "agentId": ku["id"], "conversationId": conv, "roomInfo": offer["roomInfo"]}),
    )
    .await;
    let echo = loop {
        let (m, _) = c.expect("onCimEvent").await;
        let ev = cim_event(&m);
        if ev["name"] == "AGENT_MESSAGE" {
            break ev;
        }
    };
    assert_eq!(echo["id"], json!(event_id));
    assert_eq!(echo["data"]["id"], json!(data_id));
    let answer = loop {
        let (m, _) = c.expect("onCimEvent").await;
        let ev = cim_event(&m);
        let text = ev["data"]["body"]["markdownText"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if text.starts_with("Thanks!") {
            break text;
        }
    };
    assert_eq!(
        answer,
        "Thanks! You said: Let me check your line, one moment pleas…"
    );

    // cimEvent as a string is accepted too; typing is accepted silently.
    let mut as_string = agent_message.clone();
    as_string["id"] = json!("second");
    as_string["data"]["id"] = json!("second-data");
    c.emit(
        "publishCimEvent",
        &json!({"cimEvent": as_string.to_string(), "agentId": ku["id"], "conversationId": conv, "roomInfo": offer["roomInfo"]}),
    )
    .await;
    loop {
        let (m, _) = c.expect("onCimEvent").await;
        if cim_event(&m)["data"]["id"] == "second-data" {
            break;
        }
    }
    // Unknown conversation → errors.
    c.emit(
        "publishCimEvent",
        &json!({"cimEvent": agent_message, "agentId": ku["id"], "conversationId": "000000000000000000000000", "roomInfo": offer["roomInfo"]}),
    )
    .await;
    let (e, _) = c.expect("errors").await;
    assert_eq!(e["task"], "publishCimEvent");

    // Logout refused while the chat is open.
    c.emit(
        "changeAgentState",
        &state_change(&ku, "LOGOUT", Value::Null),
    )
    .await;
    let (e, _) = c.expect("errors").await;
    assert_eq!(e["task"], "changeAgentState");
    let (p, _) = c.expect("agentPresence").await;
    assert_eq!(p["action"], "AGENT_STATE_UNCHANGED");
    assert_eq!(
        s.open_conversations("agent1"),
        vec![conv.as_str().expect("id").to_string()]
    );

    // Leave.
    c.emit(
        "topicUnsubscription",
        &json!({"conversationId": conv, "agentId": ku["id"], "roomInfo": offer["roomInfo"]}),
    )
    .await;
    let (u, _) = c.expect("topicUnsubscription").await;
    assert_eq!(
        u,
        json!({"task": "topicUnsubscription", "conversationId": conv, "statusCode": 200, "reason": "UNSUBSCRIBED"})
    );
    assert!(s.open_conversations("agent1").is_empty());
    s.shutdown().await;
}

#[tokio::test]
async fn state_change_rules() {
    let s = start(60_000, 30_000, 1000).await;
    let (mut c, ku) = connect(&s, "supervisor1").await;
    // MRD READY while NOT_READY → the errors fixture text + UNCHANGED.
    c.emit(
        "changeAgentState",
        &json!({"agentId": ku["id"], "action": "agentMRDState", "state": "READY", "mrdId": CHAT_MRD}),
    )
    .await;
    assert_eq!(
        c.expect_next("errors").await,
        json!({"task": "changeAgentState", "msg": "Agent MRD state can not be changed to READY while agent state is NOT_READY"})
    );
    let p = c.expect_next("agentPresence").await;
    assert_eq!(p["action"], "AGENT_STATE_UNCHANGED");
    assert_eq!(p["agentStateChanged"], false);
    assert_eq!(p["mrdStateChanges"], json!([]));

    // Unknown action, malformed payloads.
    c.emit(
        "changeAgentState",
        &json!({"agentId": ku["id"], "action": "dance"}),
    )
    .await;
    assert_eq!(c.expect_next("errors").await["task"], "changeAgentState");
    c.emit("changeAgentState", &json!("READY")).await;
    assert_eq!(c.expect_next("errors").await["task"], "changeAgentState");

    // Same state again → UNCHANGED.
    c.emit(
        "changeAgentState",
        &state_change(&ku, "NOT_READY", Value::Null),
    )
    .await;
    assert_eq!(
        c.expect_next("agentPresence").await["action"],
        "AGENT_STATE_UNCHANGED"
    );

    // Unknown NOT_READY reason → errors; a LOGOUT reason is not a NOT_READY reason.
    c.emit(
        "changeAgentState",
        &state_change(
            &ku,
            "NOT_READY",
            json!({"id": "nope", "name": "Nope", "type": "NOT_READY"}),
        ),
    )
    .await;
    assert_eq!(c.expect_next("errors").await["task"], "changeAgentState");
    c.expect_next("agentPresence").await;

    // Known reason → CHANGED with the full reason object.
    let lunch = json!({"id": "6630a1f2c1d4e5f6a7b8c901", "name": "Lunch", "type": "NOT_READY"});
    c.emit("changeAgentState", &state_change(&ku, "NOT_READY", lunch))
        .await;
    let p = c.expect_next("agentPresence").await;
    assert_eq!(p["action"], "AGENT_STATE_CHANGED");
    assert_eq!(p["agentPresence"]["state"]["reasonCode"]["name"], "Lunch");

    // READY, then the VOICE MRD READY, then READY again (no change).
    c.emit("changeAgentState", &state_change(&ku, "READY", Value::Null))
        .await;
    c.expect_next("agentPresence").await;
    let voice = "62f9e360ea5311eda05b0242";
    c.emit(
        "changeAgentState",
        &json!({"agentId": ku["id"], "action": "agentMRDState", "state": "READY", "mrdId": voice}),
    )
    .await;
    let p = c.expect_next("agentPresence").await;
    assert_eq!(p["mrdStateChanges"], json!([voice]));
    assert_eq!(p["agentStateChanged"], false);
    c.emit("changeAgentState", &state_change(&ku, "READY", Value::Null))
        .await;
    assert_eq!(
        c.expect_next("agentPresence").await["action"],
        "AGENT_STATE_UNCHANGED"
    );

    // LOGOUT with a LOGOUT reason: presence LOGOUT, then the server disconnects.
    let end = json!({"id": "6630a1f2c1d4e5f6a7b8c903", "name": "End of Shift", "type": "LOGOUT"});
    c.emit("changeAgentState", &state_change(&ku, "LOGOUT", end))
        .await;
    let p = c.expect_next("agentPresence").await;
    assert_eq!(p["agentPresence"]["state"]["name"], "LOGOUT");
    assert!(mrd_states(&p).iter().all(|(_, st)| st == "LOGOUT"));
    assert!(matches!(c.next().await, Frame::Disconnect));
    s.shutdown().await;
}

#[tokio::test]
async fn a_second_session_removes_the_first() {
    let s = start(60_000, 30_000, 1000).await;
    let (mut first, ku) = connect(&s, "agent1").await;
    let mut second = Client::connect(s.addr(), "agent1", &auth(&ku))
        .await
        .expect("accepted");
    let removed = first.expect_next("socketSessionRemoved").await;
    assert_eq!(removed, json!({"agentId": ku["id"]}));
    assert!(matches!(first.next().await, Frame::Disconnect));
    let p = second.expect_next("agentPresence").await;
    assert_eq!(p["agentPresence"]["state"]["name"], "NOT_READY");
    second.expect_next("onChannelTypes").await;
    // The new session works.
    second
        .emit("changeAgentState", &state_change(&ku, "READY", Value::Null))
        .await;
    assert_eq!(
        second.expect_next("agentPresence").await["agentPresence"]["state"]["name"],
        "READY"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn a_reconnect_gets_the_open_conversation_again() {
    let s = start(100, 10_000, 60_000).await;
    let (mut c, ku) = connect(&s, "agent2").await;
    c.emit("changeAgentState", &state_change(&ku, "READY", Value::Null))
        .await;
    let offer = c.expect("taskRequest").await.0;
    c.emit("topicSubscription", &subscription(&ku, &offer))
        .await;
    let (_, ack) = c.expect("onTopicData").await;
    c.ack(ack.expect("ack id"), &json!({"status": "ok"})).await;
    drop(c);

    let mut again = Client::connect(s.addr(), "agent2", &auth(&ku))
        .await
        .expect("accepted");
    let p = again.expect_next("agentPresence").await;
    assert_eq!(p["agentPresence"]["state"]["name"], "READY");
    assert_eq!(chat_state(&p), "ACTIVE");
    again.expect_next("onChannelTypes").await;
    let (topic, ack) = again.expect("onTopicData").await;
    assert!(ack.is_some());
    assert_eq!(topic["conversationId"], offer["conversationId"]);
    s.shutdown().await;
}

#[tokio::test]
async fn not_ready_with_an_open_chat_is_pending_until_the_chat_ends() {
    let s = start(100, 10_000, 60_000).await;
    let (mut c, ku) = connect(&s, "agent1").await;
    c.emit("changeAgentState", &state_change(&ku, "READY", Value::Null))
        .await;
    let offer = c.expect("taskRequest").await.0;
    c.emit("topicSubscription", &subscription(&ku, &offer))
        .await;
    c.expect("onTopicData").await;
    let short_break =
        json!({"id": "62ffc9e9f12b6ccf1594d88b", "name": "Short Break", "type": "NOT_READY"});
    c.emit(
        "changeAgentState",
        &state_change(&ku, "NOT_READY", short_break),
    )
    .await;
    let p = loop {
        let (p, _) = c.expect("agentPresence").await;
        if p["agentPresence"]["state"]["name"] == "NOT_READY" {
            break p;
        }
    };
    assert_eq!(chat_state(&p), "PENDING_NOT_READY");
    c.emit(
        "topicUnsubscription",
        &json!({"conversationId": offer["conversationId"], "agentId": ku["id"], "roomInfo": offer["roomInfo"]}),
    )
    .await;
    c.expect("topicUnsubscription").await;
    let (p, _) = c.expect("agentPresence").await;
    assert_eq!(p["mrdStateChanges"], json!([CHAT_MRD]));
    assert_eq!(chat_state(&p), "NOT_READY");
    // NOT_READY: no new offer.
    c.expect_none("taskRequest", Duration::from_millis(400))
        .await;
    s.shutdown().await;
}

// ---------------------------------------------------------------------------------------
// The complete agent workflow: typing, delivery, replies, hold, wrap-up, every body type.

/// Skips frames until an `onCimEvent` whose CIM event is `name`; returns the event.
async fn expect_cim(c: &mut Client, name: &str) -> Value {
    let deadline = Instant::now() + WAIT;
    loop {
        assert!(Instant::now() < deadline, "no {name} CIM event in time");
        let (m, _) = c.expect("onCimEvent").await;
        let ev = cim_event(&m);
        if ev["name"] == name {
            return ev;
        }
    }
}

/// The next `onCimEvent`'s CIM event (other events are skipped).
async fn next_cim(c: &mut Client) -> Value {
    let (m, _) = c.expect("onCimEvent").await;
    cim_event(&m)
}

/// Round trip: everything the client emitted before has been handled once this returns
/// (the simulator handles events in order; an unknown action is answered with `errors`).
async fn barrier(c: &mut Client, ku: &Value) {
    c.emit(
        "changeAgentState",
        &json!({"agentId": ku["id"], "action": "barrier"}),
    )
    .await;
    let deadline = Instant::now() + WAIT;
    loop {
        assert!(Instant::now() < deadline, "no barrier answer in time");
        let (e, _) = c.expect("errors").await;
        if e["msg"].as_str().unwrap_or_default().contains("barrier") {
            return;
        }
    }
}

/// Goes READY (if `ready`), accepts the next offer and acks its `onTopicData`.
/// Returns (offer, topicData payload).
async fn accept_next(c: &mut Client, ku: &Value, ready: bool) -> (Value, Value) {
    if ready {
        c.emit("changeAgentState", &state_change(ku, "READY", Value::Null))
            .await;
    }
    let (offer, _) = c.expect("taskRequest").await;
    c.emit("topicSubscription", &subscription(ku, &offer)).await;
    let (topic, ack) = c.expect("onTopicData").await;
    c.ack(ack.expect("ack id"), &json!({"status": "ok"})).await;
    (offer, topic)
}

/// `publishCimEvent` with an AGENT_MESSAGE; returns its `data.id`.
async fn send_agent_message(
    c: &mut Client,
    ku: &Value,
    offer: &Value,
    text: &str,
    reply_to: Option<&str>,
) -> String {
    let data_id = uuid::Uuid::new_v4().to_string();
    let mut header = json!({"sender": {"id": ku["id"], "type": "AGENT", "senderName": ku["username"]},
                            "intent": null, "conversationId": offer["conversationId"]});
    if let Some(original) = reply_to {
        header["intent"] = json!("REPLY_TO");
        header["originalMessageId"] = json!(original);
    }
    let event = json!({
        "id": uuid::Uuid::new_v4().to_string(), "name": "AGENT_MESSAGE", "type": "MESSAGE",
        "conversationId": offer["conversationId"], "roomInfo": offer["roomInfo"], "timestamp": 1,
        "data": {"id": data_id, "header": header, "body": {"type": "PLAIN", "markdownText": text}},
    });
    c.emit(
        "publishCimEvent",
        &json!({"cimEvent": event, "agentId": ku["id"], "conversationId": offer["conversationId"], "roomInfo": offer["roomInfo"]}),
    )
    .await;
    data_id
}

fn leave(ku: &Value, offer: &Value) -> Value {
    json!({"conversationId": offer["conversationId"], "agentId": ku["id"], "roomInfo": offer["roomInfo"]})
}

#[tokio::test]
async fn typing_precedes_each_customer_message_and_desk_typing_is_counted() {
    let s = start(100, 10_000, 150).await;
    let (mut c, ku) = connect(&s, "agent1").await;
    let (offer, topic) = accept_next(&mut c, &ku, true).await;
    assert_eq!(
        topic["topicData"]["conversationData"]["orderId"], "A-1042",
        "conversationData carries the script's fields"
    );
    for expected in [
        "I already restarted the router twice.",
        "The light on the modem is blinking red.",
    ] {
        let typing = next_cim(&mut c).await;
        assert_eq!(typing["name"], "TYPING_INDICATOR");
        assert_eq!(typing["type"], "NOTIFICATION");
        assert_eq!(typing["eventEmitter"]["type"], "CUSTOMER");
        assert_eq!(typing["data"]["header"]["sender"]["type"], "CONNECTOR");
        assert_eq!(
            typing["data"]["body"],
            json!({"type": "NOTIFICATION", "markdownText": "", "notificationType": "TYPING_STARTED"})
        );
        let msg = next_cim(&mut c).await;
        assert_eq!(msg["name"], "CUSTOMER_MESSAGE");
        assert_eq!(msg["data"]["body"]["markdownText"], expected);
    }

    // The desk's typing indicators are accepted silently and counted.
    let conv = offer["conversationId"].as_str().expect("id").to_string();
    let typing = json!({"id": "t1", "name": "TYPING_INDICATOR", "type": "NOTIFICATION",
        "conversationId": conv, "data": {"id": "t1d", "header": {},
        "body": {"markdownText": "", "type": "NOTIFICATION", "notificationType": "TYPING_STARTED"}}});
    for _ in 0..2 {
        c.emit(
            "publishCimEvent",
            &json!({"cimEvent": typing.to_string(), "agentId": ku["id"], "conversationId": conv, "roomInfo": offer["roomInfo"]}),
        )
        .await;
    }
    barrier(&mut c, &ku).await;
    assert_eq!(s.typing_indicators(&conv), 2);
    assert_eq!(s.typing_indicators("000000000000000000000000"), 0);
    s.shutdown().await;
}

#[tokio::test]
async fn an_agent_message_is_delivered_then_read_and_read_receipts_are_recorded() {
    let s = start(100, 10_000, 200).await;
    let (mut c, ku) = connect(&s, "agent2").await;
    let (offer, _) = accept_next(&mut c, &ku, true).await;
    let conv = offer["conversationId"].as_str().expect("id").to_string();
    let customer_msg = expect_cim(&mut c, "CUSTOMER_MESSAGE").await;
    let customer_msg_id = customer_msg["data"]["id"]
        .as_str()
        .expect("data.id")
        .to_string();

    let mid = send_agent_message(&mut c, &ku, &offer, "Let me check.", None).await;
    let echo = expect_cim(&mut c, "AGENT_MESSAGE").await;
    assert_eq!(echo["data"]["id"], json!(mid));
    // Right after the echo: DELIVERED, then READ, for the message's data.id.
    let mut statuses = Vec::new();
    while statuses.len() < 2 {
        let ev = next_cim(&mut c).await;
        if ev["name"] == "MESSAGE_DELIVERY_NOTIFICATION" {
            assert_eq!(ev["type"], "NOTIFICATION");
            assert_eq!(ev["data"]["body"]["type"], "DELIVERYNOTIFICATION");
            assert_eq!(ev["data"]["body"]["messageId"], json!(mid));
            assert_eq!(ev["eventEmitter"]["type"], "CUSTOMER");
            statuses.push(ev["data"]["body"]["status"].clone());
        } else {
            assert_ne!(
                ev["name"], "CUSTOMER_MESSAGE",
                "the answer comes after READ: {ev}"
            );
        }
    }
    assert_eq!(statuses, vec![json!("DELIVERED"), json!("READ")]);
    let answer = expect_cim(&mut c, "CUSTOMER_MESSAGE").await;
    let text = answer["data"]["body"]["markdownText"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        text == "Thanks! You said: Let me check." || text.starts_with("The light"),
        "{text}"
    );

    // The desk reads the customer's message: recorded.
    let receipt = json!({
        "id": uuid::Uuid::new_v4().to_string(), "name": "MESSAGE_DELIVERY_NOTIFICATION", "type": "NOTIFICATION",
        "conversationId": conv, "roomInfo": offer["roomInfo"], "timestamp": 2,
        "data": {"id": uuid::Uuid::new_v4().to_string(), "header": {"timestamp": ""},
                 "body": {"type": "DELIVERYNOTIFICATION", "markdownText": "", "messageId": customer_msg_id, "status": "READ", "reasonCode": 200}},
    });
    c.emit(
        "publishCimEvent",
        &json!({"cimEvent": receipt, "agentId": ku["id"], "conversationId": conv, "roomInfo": offer["roomInfo"]}),
    )
    .await;
    barrier(&mut c, &ku).await;
    assert_eq!(s.read_receipts(), vec![(conv, customer_msg_id)]);
    s.shutdown().await;
}

#[tokio::test]
async fn a_reply_is_echoed_unchanged_and_answered_as_a_reply() {
    let s = start(100, 10_000, 100).await;
    let (mut c, ku) = connect(&s, "agent1").await;
    let (offer, topic) = accept_next(&mut c, &ku, true).await;
    // Reply to the opening message (from the history).
    let opening = &topic["topicData"]["topicEvents"][0];
    assert_eq!(opening["name"], "CUSTOMER_MESSAGE");
    let opening_id = opening["data"]["id"].as_str().expect("data.id").to_string();
    let mid = send_agent_message(
        &mut c,
        &ku,
        &offer,
        "Sorry to hear that!",
        Some(&opening_id),
    )
    .await;
    let echo = expect_cim(&mut c, "AGENT_MESSAGE").await;
    assert_eq!(echo["data"]["id"], json!(mid));
    assert_eq!(echo["data"]["header"]["intent"], "REPLY_TO");
    assert_eq!(
        echo["data"]["header"]["originalMessageId"],
        json!(opening_id)
    );
    let deadline = Instant::now() + WAIT;
    loop {
        assert!(Instant::now() < deadline, "no answer to the reply");
        let ev = expect_cim(&mut c, "CUSTOMER_MESSAGE").await;
        let text = ev["data"]["body"]["markdownText"]
            .as_str()
            .unwrap_or_default();
        if text.starts_with("Thanks for replying") {
            assert_eq!(
                text,
                "Thanks for replying to my message \"Hi, my internet has been down …\"! You said: Sorry to hear that!"
            );
            break;
        }
    }
    s.shutdown().await;
}

#[tokio::test]
async fn leaving_starts_wrap_up_and_close_wrapup_applies_it() {
    let s = start_with(100, 10_000, 60_000, 10_000).await;
    let (mut c, ku) = connect(&s, "agent1").await;
    let (offer, _) = accept_next(&mut c, &ku, true).await;
    let conv = offer["conversationId"].clone();
    c.emit("topicUnsubscription", &leave(&ku, &offer)).await;
    let w = c.expect("wrapupTimerStarted").await.0;
    assert_eq!(
        w,
        json!({"task": "wrapupTimerStarted", "duration": "10000", "conversationId": conv, "roomInfo": offer["roomInfo"], "statusCode": 200})
    );
    // Still the agent's (CHAT load kept) until the wrap-up is closed.
    assert_eq!(s.open_conversations("agent1").len(), 1);
    // No more messages in wrap-up; a second leave is ignored; a snapshot is refused.
    send_agent_message(&mut c, &ku, &offer, "late", None).await;
    assert_eq!(c.expect("errors").await.0["task"], "publishCimEvent");
    c.emit("topicUnsubscription", &leave(&ku, &offer)).await;
    c.emit("topicSubscription", &subscription(&ku, &offer))
        .await;
    assert_eq!(c.expect("errors").await.0["task"], "topicSubscription");

    let mut close: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/tests/fixtures/closeWrapup.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("fixture"),
    )
    .expect("json");
    close["conversationId"] = conv.clone();
    close["agentId"] = ku["id"].clone();
    close["roomInfo"] = offer["roomInfo"].clone();
    close["cimEvent"]["conversationId"] = conv.clone();
    c.emit("closeWrapup", &close).await;
    let u = c.expect("topicUnsubscription").await.0;
    assert_eq!(
        u,
        json!({"task": "topicUnsubscription", "conversationId": conv, "statusCode": 200, "reason": "Wrap Up applied"})
    );
    let p = c.expect("agentPresence").await.0;
    assert_eq!(p["mrdStateChanges"], json!([CHAT_MRD]));
    assert_eq!(chat_state(&p), "READY");
    assert!(s.open_conversations("agent1").is_empty());
    let wrapups = s.wrapups();
    assert_eq!(wrapups.len(), 1);
    assert_eq!(wrapups[0].0, conv.as_str().expect("id"));
    assert_eq!(wrapups[0].1["data"]["body"]["type"], "WRAPUP");
    assert_eq!(
        wrapups[0].1["data"]["body"]["wrapups"][0]["value"],
        "internet disconnectivity"
    );
    // Closing again: nothing pending.
    c.emit("closeWrapup", &close).await;
    assert_eq!(c.expect("errors").await.0["task"], "closeWrapup");
    s.shutdown().await;
}

#[tokio::test]
async fn close_wrapup_without_a_wrap_up_and_a_refused_one() {
    let s = start_with(100, 10_000, 60_000, 10_000).await;
    let (mut c, ku) = connect(&s, "agent2").await;
    let (offer, _) = accept_next(&mut c, &ku, true).await;
    let conv = offer["conversationId"].clone();
    let skip = json!({"cimEvent": null, "roomInfo": offer["roomInfo"], "conversationId": conv, "agentId": ku["id"]});
    // Not in wrap-up yet: refused.
    c.emit("closeWrapup", &skip).await;
    assert_eq!(c.expect("errors").await.0["task"], "closeWrapup");
    c.emit("topicUnsubscription", &leave(&ku, &offer)).await;
    c.expect("wrapupTimerStarted").await;
    // A cimEvent that is not a WRAPUP message: refused, wrap-up goes on.
    let mut bad = skip.clone();
    bad["cimEvent"] =
        json!({"name": "AGENT_MESSAGE", "data": {"body": {"type": "PLAIN", "markdownText": "x"}}});
    c.emit("closeWrapup", &bad).await;
    assert_eq!(c.expect("errors").await.0["task"], "closeWrapup");
    c.emit("closeWrapup", &skip).await;
    let u = c.expect("topicUnsubscription").await.0;
    assert_eq!(u["reason"], "choosing leave without Wrap Up");
    assert_eq!(
        s.wrapups(),
        vec![(conv.as_str().expect("id").to_string(), Value::Null)]
    );
    s.shutdown().await;
}

#[tokio::test]
async fn the_wrap_up_timer_expires() {
    let s = start_with(100, 10_000, 60_000, 200).await;
    let (mut c, ku) = connect(&s, "agent1").await;
    let (offer, _) = accept_next(&mut c, &ku, true).await;
    c.emit("topicUnsubscription", &leave(&ku, &offer)).await;
    let (w, _) = c.expect("wrapupTimerStarted").await;
    assert_eq!(w["duration"], "200");
    let (u, _) = c.expect("topicUnsubscription").await;
    assert_eq!(u["reason"], "wrap Up Timer Expired");
    assert_eq!(u["conversationId"], offer["conversationId"]);
    assert!(s.wrapups().is_empty());
    assert!(s.open_conversations("agent1").is_empty());
    s.shutdown().await;
}

#[tokio::test]
async fn hold_pauses_the_customer_until_resumed_or_expired() {
    let s = start(100, 10_000, 400).await;
    let (mut c, ku) = connect(&s, "agent1").await;
    let (offer, _) = accept_next(&mut c, &ku, true).await;
    let conv = offer["conversationId"].clone();
    let pause = json!({"participantId": ku["id"], "conversationId": conv, "roomInfo": offer["roomInfo"], "duration": 900, "state": "ON_HOLD"});
    c.emit("pauseConversation", &pause).await;
    let paused = expect_cim(&mut c, "CONVERSATION_PAUSED").await;
    assert_eq!(paused["type"], "NOTIFICATION");
    assert_eq!(paused["conversationId"], conv);
    assert_eq!(paused["data"]["conversationId"], conv);
    assert_eq!(paused["data"]["duration"], 900);
    assert_eq!(paused["data"]["participantId"], ku["id"]);
    assert_eq!(paused["eventEmitter"]["type"], "AGENT");
    // Pausing twice is refused.
    c.emit("pauseConversation", &pause).await;
    let (e, _) = c.expect("errors").await;
    assert_eq!(e["task"], "pauseConversation");
    // On hold the customer does not write (its first follow-up was due after 400 ms).
    let end = tokio::time::Instant::now() + Duration::from_millis(1000);
    while let Ok(frame) = tokio::time::timeout_at(end, c.next()).await {
        if let Frame::Event { name, data, .. } = frame {
            if name == "onCimEvent" {
                assert_ne!(
                    cim_event(&data)["name"],
                    "CUSTOMER_MESSAGE",
                    "the customer wrote while on hold"
                );
            }
        }
    }
    // The snapshot shows the hold.
    c.emit("topicSubscription", &subscription(&ku, &offer))
        .await;
    let (topic, _) = c.expect("onTopicData").await;
    assert_eq!(topic["topicData"]["holdTimerDetails"]["totalDuration"], 900);
    assert!(topic["topicData"]["holdTimerDetails"]["startTime"].is_i64());

    c.emit(
        "resumeConversation",
        &json!({"participantId": ku["id"], "conversationId": conv, "roomInfo": offer["roomInfo"], "state": "ACTIVE"}),
    )
    .await;
    let resumed = expect_cim(&mut c, "CONVERSATION_RESUMED").await;
    assert_eq!(resumed["data"]["conversationId"], conv);
    assert_eq!(resumed["data"]["reason"], "AGENT");
    // The customer goes on: typing, then the follow-up.
    assert_eq!(next_cim(&mut c).await["name"], "TYPING_INDICATOR");
    let msg = next_cim(&mut c).await;
    assert_eq!(
        msg["data"]["body"]["markdownText"],
        "I already restarted the router twice."
    );
    // Resuming when not on hold is refused.
    c.emit(
        "resumeConversation",
        &json!({"participantId": ku["id"], "conversationId": conv, "roomInfo": offer["roomInfo"], "state": "ACTIVE"}),
    )
    .await;
    let (e, _) = c.expect("errors").await;
    assert_eq!(e["task"], "resumeConversation");

    // A short hold ends by itself.
    let mut short = pause.clone();
    short["duration"] = json!(0.2);
    c.emit("pauseConversation", &short).await;
    let paused = expect_cim(&mut c, "CONVERSATION_PAUSED").await;
    assert_eq!(paused["data"]["duration"], 0.2);
    let resumed = expect_cim(&mut c, "CONVERSATION_RESUMED").await;
    assert_eq!(resumed["data"]["reason"], "HOLD_TIMER_EXPIRED");
    assert_eq!(resumed["eventEmitter"]["type"], "SYSTEM");
    s.shutdown().await;
}

#[tokio::test]
async fn mrd_states_change_while_ready_with_matching_mrd_state_changes() {
    let s = start(60_000, 30_000, 1000).await;
    let (mut c, ku) = connect(&s, "agent2").await;
    const VOICE: &str = "62f9e360ea5311eda05b0242";
    const EMAIL: &str = "6305de27166ba1099d11d8f1";
    let mrd = |id: &str, state: &str| json!({"agentId": ku["id"], "action": "agentMRDState", "state": state, "mrdId": id});
    let state_of = |p: &Value, name: &str| {
        mrd_states(p)
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s)
            .expect("mrd")
    };
    c.emit("changeAgentState", &state_change(&ku, "READY", Value::Null))
        .await;
    let p = c.expect_next("agentPresence").await;
    assert_eq!(p["mrdStateChanges"], json!([CHAT_MRD]));
    for (id, name, target) in [
        (VOICE, "VOICE", "READY"),
        (EMAIL, "EMAIL", "READY"),
        (EMAIL, "EMAIL", "NOT_READY"),
        (CHAT_MRD, "CHAT", "NOT_READY"),
        (CHAT_MRD, "CHAT", "READY"),
    ] {
        c.emit("changeAgentState", &mrd(id, target)).await;
        let p = c.expect_next("agentPresence").await;
        assert_eq!(p["action"], "AGENT_STATE_CHANGED", "{name} {target}");
        assert_eq!(p["agentStateChanged"], false);
        assert_eq!(p["mrdStateChanges"], json!([id]), "{name} {target}");
        assert_eq!(state_of(&p, name), target);
        assert_eq!(p["agentPresence"]["state"]["name"], "READY");
    }
    // Same state again: unchanged.
    c.emit("changeAgentState", &mrd(VOICE, "READY")).await;
    assert_eq!(
        c.expect_next("agentPresence").await["action"],
        "AGENT_STATE_UNCHANGED"
    );
    // Agent NOT_READY: every READY MRD (CHAT, VOICE) changes.
    c.emit(
        "changeAgentState",
        &state_change(&ku, "NOT_READY", Value::Null),
    )
    .await;
    let p = c.expect_next("agentPresence").await;
    assert_eq!(p["agentStateChanged"], true);
    assert_eq!(p["mrdStateChanges"], json!([CHAT_MRD, VOICE]));
    assert!(mrd_states(&p).iter().all(|(_, st)| st == "NOT_READY"));
    s.shutdown().await;
}

/// The last thing each scripted customer does (the chat is left after it).
fn script_done(customer: &str, ev: &Value) -> bool {
    match customer {
        "Ken Adams" => ev["name"] == "CONVERSATION_DATA_CHANGED",
        "Aisha Khan" => ev["data"]["body"]["type"] == "URL",
        "Tom Becker" => {
            ev["data"]["body"]["markdownText"] == "That is my wife, she holds the contract."
        }
        "Lena Fischer" => ev["name"] == "CHANNEL_SESSION_ENDED",
        _ => false,
    }
}

/// One chat as the test desk follows it.
struct Followed {
    customer: String,
    offer: Value,
    topic: Value,
    events: Vec<Value>,
    /// Socket events for this conversation other than onCimEvent, in order.
    endings: Vec<String>,
}

#[tokio::test]
async fn the_customers_send_every_body_type_and_one_leaves() {
    // Exactly the five scripted customers: a sixth (Maria again) offered before the loop
    // below ends would be a chat that never opened.
    let s = sim::start(SimConfig {
        rona: Duration::from_secs(10),
        offer_delay: Duration::from_millis(50),
        customer_delay: Duration::from_millis(40),
        wrapup: Duration::ZERO,
        scripted_customers: Some(5),
        ..SimConfig::default()
    })
    .await
    .expect("sim starts");
    let (mut c, ku) = connect(&s, "agent1").await;
    let origin = format!("http://{}", s.addr());
    let http = reqwest::Client::builder()
        .timeout(WAIT)
        .build()
        .expect("client");
    let login: Value = http
        .post(format!("{}/agent/login", s.base_url()))
        .json(&json!({"username": "agent1", "password": "agent1"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    let token = login["data"]["token"].as_str().expect("token").to_string();

    // Up to two chats run at once (CHAT maxAgentTasks 2): follow them all by conversation
    // id, accept every offer, leave each chat when its customer's script is done (Maria,
    // the first, at once).
    c.emit("changeAgentState", &state_change(&ku, "READY", Value::Null))
        .await;
    let mut chats: std::collections::HashMap<String, Followed> = Default::default();
    let all = [
        "Maria Lopez",
        "Ken Adams",
        "Aisha Khan",
        "Tom Becker",
        "Lena Fischer",
    ];
    let deadline = Instant::now() + Duration::from_secs(30);
    let id_of = |v: &Value| v["conversationId"].as_str().unwrap_or_default().to_string();
    loop {
        let left: Vec<_> = chats
            .values()
            .filter(|f| f.endings.iter().any(|e| e == "topicUnsubscription"))
            .map(|f| f.customer.clone())
            .collect();
        let lena_closed = chats
            .values()
            .any(|f| f.customer == "Lena Fischer" && f.endings.iter().any(|e| e == "topicClosed"));
        if all.iter().all(|n| left.iter().any(|l| l == n)) && lena_closed {
            break;
        }
        assert!(Instant::now() < deadline, "chats did not finish: {left:?}");
        let Frame::Event { name, data, ack } = c.next().await else {
            panic!("socket ended");
        };
        match name.as_str() {
            "taskRequest" => {
                let customer = data["channelSession"]["customer"]["firstName"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                c.emit("topicSubscription", &subscription(&ku, &data)).await;
                chats.insert(
                    id_of(&data),
                    Followed {
                        customer,
                        offer: data,
                        topic: Value::Null,
                        events: Vec::new(),
                        endings: Vec::new(),
                    },
                );
            }
            "onTopicData" => {
                c.ack(ack.expect("ack id"), &json!({"status": "ok"})).await;
                let f = chats.get_mut(&id_of(&data)).expect("offered chat");
                f.topic = data;
                if f.customer == "Maria Lopez" {
                    let l = leave(&ku, &f.offer);
                    c.emit("topicUnsubscription", &l).await;
                }
            }
            "onCimEvent" => {
                let ev = cim_event(&data);
                let f = chats.get_mut(&id_of(&data)).expect("followed chat");
                f.events.push(ev.clone());
                if script_done(&f.customer, &ev) {
                    if f.customer == "Lena Fischer" {
                        // The customer is gone: echoed, but neither delivered nor answered.
                        let offer = f.offer.clone();
                        send_agent_message(&mut c, &ku, &offer, "Are you still there?", None).await;
                    }
                    let l = leave(&ku, &f.offer);
                    c.emit("topicUnsubscription", &l).await;
                }
            }
            "topicUnsubscription" | "topicClosed" => {
                let f = chats.get_mut(&id_of(&data)).expect("followed chat");
                f.endings.push(name.clone());
                if name == "topicClosed" {
                    assert_eq!(
                        data,
                        json!({"task": "topicClosed", "conversationId": f.offer["conversationId"], "statusCode": 200})
                    );
                }
            }
            _ => {}
        }
    }

    let mut types = std::collections::BTreeSet::new();
    let mut names = std::collections::BTreeSet::new();
    for f in chats.values() {
        let data = &f.topic["topicData"]["conversationData"];
        assert!(data["language"].is_string(), "{}: {data}", f.customer);
        for ev in &f.events {
            names.insert(ev["name"].as_str().unwrap_or_default().to_string());
            let body = &ev["data"]["body"];
            if ev["name"] == "CUSTOMER_MESSAGE" || ev["name"] == "BOT_MESSAGE" {
                types.insert(body["type"].as_str().unwrap_or_default().to_string());
            }
            // Attachments are served by the simulator's own file engine.
            if let Some(url) = body["attachment"]["mediaUrl"].as_str() {
                assert!(
                    url.starts_with(&format!(
                        "{origin}/file-engine/api/downloadFileStream?filename="
                    )),
                    "{url}"
                );
                let res = http
                    .get(url)
                    .bearer_auth(&token)
                    .send()
                    .await
                    .expect("download");
                assert_eq!(res.status(), 200, "{url}");
                let mime = res.headers()["content-type"]
                    .to_str()
                    .expect("ascii")
                    .to_string();
                assert_eq!(mime, body["attachment"]["mimeType"].as_str().expect("mime"));
                let bytes = res.bytes().await.expect("bytes");
                assert_eq!(
                    Some(bytes.len() as u64),
                    body["attachment"]["size"].as_u64()
                );
            }
            if ev["data"]["header"]["additionalData"]["isEncoded"] == true {
                use base64::Engine as _;
                let text = body["markdownText"].as_str().expect("text");
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .expect("base64");
                assert!(String::from_utf8(decoded)
                    .expect("utf8")
                    .starts_with("Can you check it please?"));
                names.insert("ENCODED".to_string());
            }
            if ev["name"] == "CONVERSATION_DATA_CHANGED" {
                assert_eq!(ev["data"]["addressChange"], "requested");
                assert_eq!(ev["data"]["orderId"], "B-2213");
            }
            if ev["name"] == "BOT_MESSAGE" {
                assert_eq!(ev["data"]["header"]["sender"]["type"], "BOT");
                assert!(ev["data"]["body"]["buttons"][0]["title"].is_string());
            }
        }
        // Every customer message was announced by the customer typing just before.
        for (i, ev) in f.events.iter().enumerate() {
            if ev["name"] == "CUSTOMER_MESSAGE" {
                assert!(i > 0, "{}: a message without typing first", f.customer);
                assert_eq!(
                    f.events[i - 1]["name"],
                    "TYPING_INDICATOR",
                    "{}",
                    f.customer
                );
            }
        }
        if f.customer == "Lena Fischer" {
            let names: Vec<_> = f.events.iter().map(|e| e["name"].clone()).collect();
            let left = names
                .iter()
                .position(|n| n == "CUSTOMER_LEFT")
                .expect("CUSTOMER_LEFT");
            assert_eq!(
                names[left + 1..],
                [json!("CHANNEL_SESSION_ENDED"), json!("AGENT_MESSAGE")],
                "after leaving: the session ends, our message is only echoed"
            );
            assert_eq!(f.events[left + 1]["data"]["state"]["name"], "ENDED");
            assert_eq!(f.endings, vec!["topicUnsubscription", "topicClosed"]);
            // The conversation is now Lena's newest past conversation.
            let customer_id = f.offer["channelSession"]["customer"]["_id"]
                .as_str()
                .expect("id");
            let page: Value = http
                .get(format!("{origin}/conversation-manager/customer-topics/customer/{customer_id}/activities?limit=25&offset=0&activity-type=ALL"))
                .bearer_auth(&token)
                .send()
                .await
                .expect("activities")
                .json()
                .await
                .expect("json");
            assert_eq!(page["total"], 3);
            assert_eq!(page["data"][0]["conversationId"], f.offer["conversationId"]);
            assert_eq!(page["data"][0]["agent"], "agent1");
            assert_eq!(page["data"][0]["lastMessage"], "Are you still there?");
        } else {
            assert_eq!(f.endings, vec!["topicUnsubscription"], "{}", f.customer);
        }
    }
    for t in [
        "PLAIN", "IMAGE", "FILE", "LOCATION", "BUTTON", "CONTACT", "URL",
    ] {
        assert!(types.contains(t), "{t} missing from {types:?}");
    }
    for n in [
        "TYPING_INDICATOR",
        "ENCODED",
        "CONVERSATION_DATA_CHANGED",
        "CUSTOMER_LEFT",
        "CHANNEL_SESSION_ENDED",
        "BOT_MESSAGE",
    ] {
        assert!(names.contains(n), "{n} missing from {names:?}");
    }
    s.shutdown().await;
}

#[tokio::test]
async fn a_reconnect_during_wrap_up_gets_the_timer_again() {
    let s = start_with(100, 10_000, 60_000, 10_000).await;
    let (mut c, ku) = connect(&s, "agent2").await;
    let (offer, _) = accept_next(&mut c, &ku, true).await;
    c.emit("topicUnsubscription", &leave(&ku, &offer)).await;
    c.expect("wrapupTimerStarted").await;
    drop(c);

    let mut again = Client::connect(s.addr(), "agent2", &auth(&ku))
        .await
        .expect("accepted");
    again.expect_next("agentPresence").await;
    again.expect_next("onChannelTypes").await;
    let w = again.expect_next("wrapupTimerStarted").await;
    assert_eq!(w["conversationId"], offer["conversationId"]);
    let left: u64 = w["duration"]
        .as_str()
        .expect("duration is a string")
        .parse()
        .expect("ms");
    assert!(left <= 10_000, "{left}");
    again
        .emit(
            "closeWrapup",
            &json!({"cimEvent": null, "roomInfo": offer["roomInfo"], "conversationId": offer["conversationId"], "agentId": ku["id"]}),
        )
        .await;
    let (u, _) = again.expect("topicUnsubscription").await;
    assert_eq!(u["reason"], "choosing leave without Wrap Up");
    s.shutdown().await;
}

// ---------------------------------------------------------------------------------------
// Pull mode on the wire (PROTOCOL.md §2, §3), and `--encoded-text off` (§7.6).

#[tokio::test]
async fn pull_mode_on_the_wire_and_encoded_text_off() {
    let s = sim::start(SimConfig {
        port: 0,
        customer_delay: Duration::from_millis(50),
        wrapup: Duration::ZERO,
        scripted_customers: Some(0),
        pull_arrival: Duration::from_millis(50),
        pull_customers: Some(1),
        encoded_text: false,
        ..SimConfig::default()
    })
    .await
    .expect("sim starts");
    let (mut c, ku) = connect(&s, "agent1").await;
    let list = json!({"id": "6630b1f2c1d4e5f6a7b8c1a1", "name": "Web Leads", "description": ""});
    let follow = json!({"topicParticipant": topic_participant(&ku, &list["id"]), "agentId": ku["id"],
        "listId": list["id"], "list": list});
    c.emit("subscribePullModeList", &follow).await;
    let followed = c.expect_next("onPullModeSubscribedList").await;
    assert_eq!(followed["name"], "Web Leads");
    let mut waiting = c.expect_next("addPullModeSubscribedListRequests").await;
    if waiting.as_array().is_some_and(Vec::is_empty) {
        // The customer arrives after the follow: one RECEIVED event, pullModeEvent a string.
        let (event, _) = c.expect("onPullModeSubscribedListRequest").await;
        assert_eq!(event["type"], "PULL_MODE_LIST_REQUEST_RECEIVED");
        let text = event["pullModeEvent"]
            .as_str()
            .expect("pullModeEvent is a JSON string");
        waiting = json!([serde_json::from_str::<Value>(text).expect("JSON")]);
    }
    let request = waiting[0].clone();
    assert_eq!(request["status"], "CREATED");
    assert_eq!(request["listId"], list["id"]);
    assert!(request["time"].is_i64());
    let policy = &request["channelSession"]["channel"]["channelConfig"]["routingPolicy"];
    assert_eq!(policy["routingMode"], "PULL");
    assert_eq!(policy["routingObjectId"], list["id"]);

    // An agent may not delete it (bare string id); then it is picked.
    c.emit("deletePullModeRequest", &request["id"]).await;
    let (refused, _) = c.expect("errors").await;
    assert_eq!(refused["task"], "deletePullModeRequest");
    let conversation = request["channelSession"]["conversationId"].clone();
    let join = json!({"topicParticipant": topic_participant(&ku, &conversation), "agentId": ku["id"],
        "channelSession": request["channelSession"], "requestId": request["id"]});
    c.emit("joinPullModeRequest", &join).await;
    let (changed, _) = c.expect("onPullModeSubscribedListRequest").await;
    assert_eq!(changed["type"], "PULL_MODE_LIST_REQUEST_STATE_CHANGED");
    let changed: Value =
        serde_json::from_str(changed["pullModeEvent"].as_str().expect("string")).expect("JSON");
    assert_eq!(changed["status"], "ACCEPTED");
    let (topic, ack) = c.expect("onTopicData").await;
    assert_eq!(topic["conversationId"], conversation);
    c.ack(ack.expect("ack id"), &json!({"status": "ok"})).await;
    assert_eq!(
        s.open_conversations("agent1"),
        [conversation.as_str().unwrap()]
    );

    // A second pick of the same request says why it fails.
    c.emit("joinPullModeRequest", &join).await;
    let (late, _) = c.expect("errors").await;
    assert!(
        late["msg"]
            .as_str()
            .unwrap_or_default()
            .contains("no longer waiting"),
        "{late}"
    );

    // The pull customer is Aisha, whose script has the base64 message: sent as plain text.
    let deadline = Instant::now() + WAIT;
    loop {
        assert!(
            Instant::now() < deadline,
            "no 'Can you check it' message in time"
        );
        let ev = expect_cim(&mut c, "CUSTOMER_MESSAGE").await;
        let text = ev["data"]["body"]["markdownText"]
            .as_str()
            .unwrap_or_default();
        if text.starts_with("Can you check it please?") {
            assert_ne!(ev["data"]["header"]["additionalData"]["isEncoded"], true);
            break;
        }
    }
    c.emit(
        "unsubscribePullModeList",
        &json!({"topicParticipant": topic_participant(&ku, &list["id"]), "agentId": ku["id"],
            "listId": list["id"], "list": list}),
    )
    .await;
    let (removed, _) = c.expect("removePullModeSubscribedListRequests").await;
    assert_eq!(removed, list["id"], "a bare string list id");
    s.shutdown().await;
}
