//! Fault tests (issue 8): the connection is cut and restored five times by a loopback proxy
//! during a conversation with messages flowing both ways, and the simulator is restarted.
//! Every message appears exactly once on the desk and on the server, in order; what the
//! agent typed during an outage goes out after it; nothing is shown twice.

use std::collections::HashSet;
use std::time::Duration;

mod common;

use agentdesk::app::resync::{RESYNC_GRACE_MS, SERVER_FORGOT};
use agentdesk::app::{self, Author, Connection, Delivery, Input, State};
use agentdesk::client::{transport, ClientConfig, Endpoints};
use agentdesk::sim::{self, SimConfig, SimServer};
use common::desk::{now, Desk};
use common::proxy::Proxy;

async fn sim() -> SimServer {
    sim::start(SimConfig {
        port: 0,
        rona: Duration::from_secs(60),
        offer_delay: Duration::from_millis(100),
        customer_delay: Duration::from_millis(150),
        wrapup: Duration::ZERO,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts")
}

fn desk_via(proxy: &Proxy) -> Desk {
    let url = format!("http://{}/agent-manager", proxy.addr());
    let mut config = ClientConfig::new(
        Endpoints::from_server(&url).unwrap(),
        transport::default_connector(),
    );
    config.connect_timeout = Duration::from_secs(5);
    // Fast reconnects keep the test short; the backoff itself is unit-tested.
    config.reconnect_initial = Duration::from_millis(100);
    config.reconnect_max = Duration::from_millis(800);
    Desk::start(config)
}

fn delivery_of(state: &State, text: &str) -> Option<Delivery> {
    state
        .focused_conversation()?
        .lines
        .iter()
        .find(|l| l.author == Author::Me && *l.text == *text)?
        .delivery
}

fn confirmed(d: Option<Delivery>) -> bool {
    matches!(
        d,
        Some(Delivery::Sent | Delivery::Delivered | Delivery::Read)
    )
}

/// The desk's message lines of `conversation`: `(author is me, id, text)` in screen order.
fn desk_messages(state: &State, conversation: &str) -> Vec<(bool, String, String)> {
    state
        .conversation(conversation)
        .unwrap()
        .lines
        .iter()
        .filter(|l| matches!(l.author, Author::Me | Author::Customer))
        .map(|l| (l.author == Author::Me, l.id.to_string(), l.text.to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_cuts_lose_nothing_and_double_nothing() {
    let server = sim().await;
    let proxy = Proxy::start(server.addr(), None).await;
    let mut desk = desk_via(&proxy);
    let conversation = desk.accept_a_chat("agent1", "agent1").await;
    let mut typed = Vec::new();

    for round in 1..=5 {
        let before = format!("before cut {round}");
        desk.type_line(&before);
        typed.push(before.clone());
        desk.until("echoed", |s| confirmed(delivery_of(s, &before)))
            .await;

        proxy.cut();
        desk.until("lost", |s| {
            matches!(s.connection, Connection::Reconnecting { .. })
        })
        .await;
        let during = format!("during outage {round}");
        desk.type_line(&during);
        typed.push(during.clone());
        assert_eq!(
            delivery_of(&desk.state, &during),
            Some(Delivery::Queued),
            "typed during the outage: queued, not refused"
        );

        proxy.restore();
        desk.until("online again", |s| s.connection == Connection::Online)
            .await;
        desk.until("the outage's message delivered after it", |s| {
            confirmed(delivery_of(s, &during))
        })
        .await;
    }
    assert!(
        proxy.accepted() >= 6,
        "five reconnects went through the proxy"
    );

    // The customer answers every message: wait until the desk has all the server has.
    let mut server_side = Vec::new();
    for _ in 0..50 {
        server_side = server.messages("agent1", &conversation);
        let answers = server_side
            .iter()
            .filter(|(name, ..)| name == "CUSTOMER_MESSAGE")
            .count();
        if answers > typed.len() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let wanted: HashSet<String> = server_side.iter().map(|(_, id, _)| id.clone()).collect();
    desk.until("every server message on the desk", |s| {
        let here: HashSet<String> = desk_messages(s, &conversation)
            .into_iter()
            .map(|(_, id, _)| id)
            .collect();
        wanted.is_subset(&here)
    })
    .await;

    // Server side: each agent message exactly once, in typing order.
    let agent_texts: Vec<&str> = server_side
        .iter()
        .filter(|(name, ..)| name == "AGENT_MESSAGE")
        .map(|(_, _, text)| text.as_str())
        .collect();
    assert_eq!(
        agent_texts, typed,
        "the server has each message once, in order"
    );

    // Desk side: no id twice; own lines in typing order; customer lines in the server's order.
    let desk_side = desk_messages(&desk.state, &conversation);
    let ids: Vec<&String> = desk_side.iter().map(|(_, id, _)| id).collect();
    let unique: HashSet<&String> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "a line shown twice");
    let own: Vec<&str> = desk_side
        .iter()
        .filter(|(mine, ..)| *mine)
        .map(|(_, _, text)| text.as_str())
        .collect();
    assert_eq!(own, typed);
    let customer_on_desk: Vec<&String> = desk_side
        .iter()
        .filter(|(mine, ..)| !*mine)
        .map(|(_, id, _)| id)
        .collect();
    let customer_on_server: Vec<&String> = server_side
        .iter()
        .filter(|(name, ..)| name == "CUSTOMER_MESSAGE")
        .map(|(_, id, _)| id)
        .collect();
    assert_eq!(
        customer_on_desk, customer_on_server,
        "customer messages once, in order"
    );
    assert!(
        desk.state.outbox.messages.is_empty(),
        "nothing left in the outbox"
    );
    desk.quit().await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_simulator_restart_loses_nothing_silently_and_doubles_nothing() {
    let first = sim().await;
    let proxy = Proxy::start(first.addr(), None).await;
    let mut desk = desk_via(&proxy);
    let old = desk.accept_a_chat("agent1", "agent1").await;
    desk.type_line("before the restart");
    desk.until("echoed", |s| {
        confirmed(delivery_of(s, "before the restart"))
    })
    .await;

    // The server dies; the agent types on; a new server process comes up.
    first.shutdown().await;
    desk.until("lost", |s| {
        matches!(s.connection, Connection::Reconnecting { .. })
    })
    .await;
    desk.type_line("during the restart");
    let second = sim().await;
    proxy.retarget(second.addr());
    desk.until("online on the new server", |s| {
        s.connection == Connection::Online
    })
    .await;
    assert!(
        desk.state.login.is_none(),
        "logged in again without the form"
    );

    // The new server never heard of the old chat: ended here, the message typed for it shown
    // as not sent (never silently dropped, never sent twice).
    app::update(&mut desk.state, now() + RESYNC_GRACE_MS + 100, Input::Tick);
    let ended = desk.state.conversation(&old).unwrap();
    assert_eq!(ended.ended.as_deref(), Some(SERVER_FORGOT));
    let line = ended
        .lines
        .iter()
        .find(|l| &*l.text == "during the restart")
        .unwrap();
    assert_eq!(line.delivery, Some(Delivery::NotSent));
    assert!(desk.state.outbox.messages.is_empty());
    let old_lines = desk_messages(&desk.state, &old);

    // Work goes on with the new server, exactly once.
    desk.state.focused = None;
    desk.type_line("/ready");
    desk.until("a new offer", |s| !s.offers.is_empty()).await;
    desk.type_line("/accept");
    desk.until("a new conversation", |s| {
        s.focused.as_deref().is_some_and(|f| f != old)
    })
    .await;
    let new = desk.state.focused.clone().unwrap();
    desk.type_line("hello again");
    desk.until("echoed", |s| confirmed(delivery_of(s, "hello again")))
        .await;
    let server_side = second.messages("agent1", &new);
    let agent_texts: Vec<&str> = server_side
        .iter()
        .filter(|(name, ..)| name == "AGENT_MESSAGE")
        .map(|(_, _, text)| text.as_str())
        .collect();
    assert_eq!(agent_texts, ["hello again"]);
    assert_eq!(
        desk_messages(&desk.state, &old),
        old_lines,
        "the old chat untouched"
    );
    let ids: Vec<String> = desk_messages(&desk.state, &new)
        .into_iter()
        .map(|(_, id, _)| id)
        .collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len());
    desk.quit().await;
    second.shutdown().await;
}
