//! Interoperability for pull mode, team announcements and the wrap-up form (issue 13): the real
//! desk against the independent Node Agent Manager (`tests/peer/am.js` with
//! `tests/peer/pull_announce.js`), which sends the fixture payloads verbatim and records what
//! the desk sends. The peer harness is `tests/common/am_peer.rs`; every wait is bounded, nothing sleeps to
//! synchronise.

use std::time::Duration;

mod common;

use agentdesk::app::{Connection, Input, Overlay, UserAction};
use agentdesk::client::{transport, ClientConfig, Endpoints};
use common::am_peer::AmPeer;
use common::desk::Desk;
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

async fn online(peer: &AmPeer) -> Desk {
    let endpoints = Endpoints::from_server(&peer.server_url()).unwrap();
    let mut config = ClientConfig::new(endpoints, transport::default_connector());
    config.connect_timeout = Duration::from_secs(5);
    let mut desk = Desk::start(config);
    desk.login("sana", "pw");
    desk.until(
        "online with lists, announcements and the wrap-up form",
        |s| {
            s.connection == Connection::Online
                && s.pull.lists_loaded
                && !s.announcements.items.is_empty()
                && s.wrapup_categories
                    .contains(&("Topic".to_string(), "Account access".to_string()))
        },
    )
    .await;
    desk
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_mode_against_the_node_peer() {
    let peer = AmPeer::start().await;
    let mut desk = online(&peer).await;

    desk.type_line("/follow Web Leads");
    desk.until(
        "two waiting chats (an array, then a JSON-string pullModeEvent)",
        |s| s.pull.waiting.len() == 2 && s.pull.followed.iter().all(|f| f.confirmed),
    )
    .await;
    let subscribe = peer.emits("subscribePullModeList").await;
    let mut expected = fixture("subscribePullModeList.json");
    // The topic participant id is fresh; the agent is the peer's user.
    expected["topicParticipant"]["id"] = subscribe[0]["topicParticipant"]["id"].clone();
    assert_eq!(subscribe, [expected]);

    // Chat 2 was taken by someone else: the desk says so in words.
    desk.type_line("/pull 2");
    desk.until("the pick of chat 2 ends", |s| s.pull.picking.is_none())
        .await;
    let last = desk.state.notices.back().unwrap().text.clone();
    assert!(last.contains("taken by someone else"), "{last}");

    // Chat 1 opens like an accepted offer.
    let conversation = fixture("joinPullModeRequest.json")["channelSession"]["conversationId"]
        .as_str()
        .unwrap()
        .to_string();
    desk.type_line("/pull 1");
    desk.until("the picked conversation is focused", |s| {
        s.focused.as_deref() == Some(conversation.as_str())
    })
    .await;
    // A message and its echo: the peer has everything the desk sent before it (one socket,
    // in order), the onTopicData ack included.
    desk.type_line("Hello from the list");
    desk.until("the echo of the message", |s| {
        s.focused_conversation().is_some_and(|c| {
            c.lines.iter().any(|l| {
                &*l.text == "Hello from the list"
                    && !matches!(l.delivery, Some(agentdesk::app::Delivery::Pending { .. }))
            })
        })
    })
    .await;
    let joins = peer.emits("joinPullModeRequest").await;
    let mut expected = fixture("joinPullModeRequest.json");
    expected["topicParticipant"]["id"] = joins[1]["topicParticipant"]["id"].clone();
    assert_eq!(joins[1], expected, "joinPullModeRequest as the fixture");
    let acks = peer.records("ack").await;
    assert!(
        acks.iter().any(|a| a["args"][0]["status"] == "ok"),
        "onTopicData acked: {acks:?}"
    );

    // A waiting chat deleted with the bare request id (sana is a supervisor).
    desk.input(Input::Client(
        agentdesk::client::ClientEvent::PullModeRequestsAdded(
            agentdesk::protocol::pull::requests_from_value(&fixture(
                "pullModeSubscribedListRequests.json",
            )),
        ),
    ));
    desk.type_line("/pull");
    assert_eq!(desk.state.overlay, Some(Overlay::PullPanel));
    desk.input(Input::User(UserAction::Delete));
    desk.until("the deleted chat goes", |s| s.pull.waiting.is_empty())
        .await;
    let deletes = peer.emits("deletePullModeRequest").await;
    assert_eq!(deletes, [fixture("deletePullModeRequest.json")]);
    assert!(deletes[0].is_string(), "a bare string on the wire");

    desk.input(Input::User(UserAction::Dismiss));
    desk.type_line("/unfollow Web Leads");
    assert!(desk.state.pull.followed.is_empty());
    // A stale chat of the list, seen before the peer's bare-string removal arrives: the
    // removal (the peer's answer to the unsubscribe) clears it.
    desk.input(Input::Client(
        agentdesk::client::ClientEvent::PullModeRequestsAdded(
            agentdesk::protocol::pull::requests_from_value(&fixture(
                "pullModeSubscribedListRequests.json",
            )),
        ),
    ));
    desk.until(
        "removePullModeSubscribedListRequests clears the list's chats",
        |s| s.pull.waiting.is_empty(),
    )
    .await;
    let unsubscribe = peer.emits("unsubscribePullModeList").await;
    assert_eq!(
        unsubscribe[0]["listId"],
        fixture("onPullModeSubscribedList.json")["id"]
    );
    desk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn announcements_against_the_node_peer() {
    let peer = AmPeer::start().await;
    let mut desk = online(&peer).await;
    let rest = peer.records("rest").await;
    assert!(
        rest.iter()
            .any(|r| r["path"] == "/team-announcement/announcement/"
                && r["query"] == "?teamIds=a7687281-ea0d-4e8a-a6b6-146d3e4ccd50&status=active"),
        "the documented GET: {rest:?}"
    );
    assert!(desk
        .state
        .announcements
        .banner(common::desk::now())
        .is_some());

    desk.type_line("/announce Queues close at 18:00");
    desk.until("ANNOUNCEMENT_CREATED shows it", |s| {
        s.announcements
            .items
            .iter()
            .any(|a| a.text == "Queues close at 18:00")
    })
    .await;
    let posted: Vec<Value> = peer
        .records("rest")
        .await
        .into_iter()
        .filter(|r| r["method"] == "POST")
        .map(|r| r["body"].clone())
        .collect();
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0]["announcementText"], "Queues close at 18:00");
    assert_eq!(
        posted[0]["teamIds"],
        serde_json::json!(["a7687281-ea0d-4e8a-a6b6-146d3e4ccd50"])
    );
    assert_eq!(
        posted[0]["supervisorId"],
        "4c2659f2-04b8-4a3b-9e7c-c889681689d0"
    );

    desk.type_line("/announcements delete 1");
    desk.until("ANNOUNCEMENT_DELETED removes it", |s| {
        !s.announcements
            .items
            .iter()
            .any(|a| a.text == "Queues close at 18:00")
    })
    .await;
    desk.quit().await;
}
