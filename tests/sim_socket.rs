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

async fn start(offer_ms: u64, rona_ms: u64, customer_ms: u64) -> SimServer {
    sim::start(SimConfig {
        port: 0,
        rona: Duration::from_millis(rona_ms),
        offer_delay: Duration::from_millis(offer_ms),
        customer_delay: Duration::from_millis(customer_ms),
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

    // The scripted customer follows up (cimEvent as a JSON string, ms timestamp).
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
