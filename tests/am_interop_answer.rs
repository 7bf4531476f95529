//! Interoperability for issue 12: the real desk against the independent Node Agent Manager
//! (`tests/peer/am.js` with `tests/peer/answer_faster.js`), which sends the fixture payloads
//! verbatim and records what the desk sends: the fixture's bot suggestion attached to the
//! customer message it answers and sent as an ordinary AGENT_MESSAGE, the response SLA
//! started and stopped, `/extend` publishing RESET_AGENT_SLA in its raw shape, `/hand`
//! publishing HAND_RAISED / HAND_DOWN, and, as supervisor, a hand raised in a conversation the
//! desk is not in: on the board, then joined. Every wait is bounded; nothing sleeps.

use std::time::Duration;

mod common;

use agentdesk::app::{Connection, Input, Overlay, UserAction};
use agentdesk::client::{transport, ClientConfig, Endpoints};
use common::am_peer::AmPeer;
use common::desk::Desk;
use common::fixture;

async fn online(peer: &AmPeer) -> Desk {
    let endpoints = Endpoints::from_server(&peer.server_url()).unwrap();
    let mut config = ClientConfig::new(endpoints, transport::default_connector());
    config.connect_timeout = Duration::from_secs(5);
    let mut desk = Desk::start(config);
    desk.login("sana", "pw");
    desk.until("online", |s| {
        s.connection == Connection::Online && !s.reasons.is_empty()
    })
    .await;
    desk
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suggestions_sla_and_hands_against_the_node_peer() {
    let peer = AmPeer::start().await;
    let mut desk = online(&peer).await;
    desk.type_line("/ready");
    desk.until("the offer", |s| !s.offers.is_empty()).await;
    desk.type_line("/accept");
    let customer = fixture("onCimEvent.customer_message.object.json")["cimEvent"].clone();
    let a = customer["conversationId"].as_str().unwrap().to_string();
    let message = customer["data"]["id"].as_str().unwrap().to_string();
    desk.until("the suggestion and the SLA", |s| {
        s.conversations
            .by_id(&a)
            .is_some_and(|c| c.suggestions.active().is_some() && c.sla.is_some())
    })
    .await;
    let c = desk.state.conversations.by_id(&a).unwrap();
    let set = c.suggestions.active().unwrap();
    assert_eq!(
        set.for_message, message,
        "attached to the message it answers"
    );
    let text = set.replies[0].text.clone().unwrap();
    assert!(
        text.starts_with("Bot could not understand your message"),
        "{text}"
    );
    assert_eq!(
        c.sla.unwrap().total_ms,
        Some(45_000),
        "totalDuration 45 (seconds)"
    );

    // Into the composer, then Enter: an ordinary AGENT_MESSAGE with that text.
    desk.input(Input::User(UserAction::Command("/suggest".into())));
    assert_eq!(desk.state.composer.text(), text);
    desk.input(Input::User(UserAction::Submit));
    desk.until("the SLA stopped", |s| {
        s.conversations.by_id(&a).is_some_and(|c| c.sla.is_none())
    })
    .await;
    let published = peer.emits("publishCimEvent").await;
    let sent: Vec<_> = published
        .iter()
        .filter(|p| p["cimEvent"]["name"] == "AGENT_MESSAGE")
        .collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0]["cimEvent"]["data"]["body"]["markdownText"],
        text.as_str()
    );
    assert_eq!(sent[0]["cimEvent"]["type"], "MESSAGE");

    // /extend: RESET_AGENT_SLA in the raw shape; the peer starts the SLA again.
    desk.type_line("/extend");
    desk.until("the SLA started again", |s| {
        s.conversations.by_id(&a).is_some_and(|c| c.sla.is_some())
    })
    .await;
    let reset = peer
        .emits("publishCimEvent")
        .await
        .into_iter()
        .find(|p| p["cimEvent"]["name"] == "RESET_AGENT_SLA")
        .expect("RESET_AGENT_SLA published");
    let mut keys: Vec<&str> = reset["cimEvent"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "conversationId",
            "data",
            "id",
            "name",
            "roomInfo",
            "timestamp",
            "type"
        ]
    );
    assert_eq!(reset["cimEvent"]["type"], "NOTIFICATION");
    assert_eq!(reset["cimEvent"]["data"], serde_json::json!({}));
    assert_eq!(reset["conversationId"], a.as_str());

    // /hand up (echoed), /hand down.
    desk.type_line("/hand");
    desk.until("my raised hand echoed", |s| {
        s.conversations.by_id(&a).is_some_and(|c| {
            c.lines
                .iter()
                .any(|l| l.text.contains("You raised your hand"))
        })
    })
    .await;
    assert!(
        desk.state
            .conversations
            .by_id(&a)
            .unwrap()
            .hand
            .as_ref()
            .unwrap()
            .mine
    );
    desk.type_line("/hand");
    desk.until("the hand down", |s| {
        s.conversations
            .by_id(&a)
            .is_some_and(|c| c.hand.is_none() && c.lines.iter().any(|l| l.text.contains("lowered")))
    })
    .await;
    let hands: Vec<_> = peer
        .emits("publishCimEvent")
        .await
        .into_iter()
        .filter(|p| {
            matches!(
                p["cimEvent"]["name"].as_str(),
                Some("HAND_RAISED" | "HAND_DOWN")
            )
        })
        .collect();
    assert_eq!(hands.len(), 2);
    let ku = fixture("login.response.json")["data"]["keycloak_User"].clone();
    assert_eq!(
        hands[0]["cimEvent"]["data"],
        serde_json::json!({"agentId": ku["id"], "userName": "sana"})
    );
    assert_eq!(hands[1]["cimEvent"]["name"], "HAND_DOWN");

    // As supervisor: a hand raised in conversation B, which this desk is not in.
    let b = fixture("onTopicData.json")["conversationId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(peer.control("raise_hand").await["raised"], 1);
    desk.until("the board's hand", |s| s.board.hands.contains_key(&b))
        .await;
    desk.type_line("/hands");
    desk.until("the board with the chat", |s| {
        s.overlay == Some(Overlay::TeamBoard) && !s.board.chats().is_empty()
    })
    .await;
    assert_eq!(
        desk.state.board.chats()[0].hand_raised_by.as_deref(),
        Some("sabahat-agent1"),
        "agentHandRaise in the report"
    );
    desk.type_line("/hands");
    assert_eq!(
        desk.state.board.chats()[desk.state.board.selected].conversation_id,
        b
    );
    desk.input(Input::User(UserAction::Submit));
    desk.until("monitoring B with its hand", |s| {
        s.conversations
            .by_id(&b)
            .is_some_and(|c| c.monitored && c.hand.as_ref().is_some_and(|h| !h.mine))
    })
    .await;
    desk.quit().await;
}
