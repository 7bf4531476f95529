//! Integration: a load run of the simulator (`agentdesk sim --load`) against the real client
//! and app: every customer message of the run arrives, is shown, and gets its own READ
//! receipt, and the simulator reports the run done. Nothing is timed here (speed is the
//! benchmark's business, `benches/ingest.rs`).

use std::time::Duration;

mod common;

use agentdesk::app::{self, Author};
use agentdesk::client::{transport, ClientConfig, Endpoints};
use agentdesk::sim::{self, LoadSpec, SimConfig};
use common::desk::{Desk, WAIT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_load_run_is_shown_and_receipted_message_by_message() {
    let spec: LoadSpec = "conversations=2,messages=300,mix=mixed,timeout=20"
        .parse()
        .unwrap();
    let server = sim::start(SimConfig {
        offer_delay: Duration::from_millis(20),
        load: Some(spec),
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let endpoints = Endpoints::from_server(&server.base_url()).unwrap();
    let mut desk = Desk::start(ClientConfig::new(endpoints, transport::default_connector()));
    desk.login("agent1", "agent1");
    desk.until("online", |s| s.connection == app::Connection::Online)
        .await;
    desk.type_line("/ready");
    for n in 1..=2 {
        desk.until("an offer", |s| s.offers.iter().any(|o| !o.accepting))
            .await;
        desk.type_line("/accept");
        desk.until("the conversation", |s| s.conversations.len() == n)
            .await;
    }
    // The focused conversation gets all its messages and READ receipts; the other one
    // counts them as unread.
    desk.until("every message of the focused conversation", |s| {
        s.focused_conversation().is_some_and(|c| {
            c.lines
                .iter()
                .filter(|l| l.author == Author::Customer)
                .count()
                == 301
        })
    })
    .await;
    let report = tokio::time::timeout(WAIT, server.load_report())
        .await
        .expect("load report");
    assert!(report.done, "{report:?}");
    assert!(report.receipts >= 300, "{report:?}");
    let focused = desk.state.focused_conversation().unwrap();
    assert_eq!(focused.unreceipted_count(), 0);
    let focused_id = focused.id.clone();
    desk.until("the other conversation's messages", |s| {
        s.conversations
            .iter()
            .any(|c| c.id != focused_id && c.unread == 300)
    })
    .await;
    desk.quit().await;
    server.shutdown().await;
}
