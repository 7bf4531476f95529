//! Integration: pull mode, team announcements and the wrap-up form, with the real client
//! against the built-in simulator on an ephemeral loopback port (issue 13). Every wait is
//! bounded; nothing sleeps to synchronise.

use std::time::Duration;

mod common;

use agentdesk::app::{self, Effect, Overlay};
use agentdesk::client::{transport, ClientConfig, Command, Endpoints};
use agentdesk::sim::{self, SimConfig, SimServer};
use common::desk::Desk;

async fn sim_with(pull_customers: usize) -> SimServer {
    sim::start(SimConfig {
        port: 0,
        offer_delay: Duration::from_millis(100),
        customer_delay: Duration::from_millis(100),
        wrapup: Duration::ZERO,
        scripted_customers: Some(0),
        pull_arrival: Duration::from_millis(100),
        pull_customers: Some(pull_customers),
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

async fn online(server: &SimServer, user: &str) -> Desk {
    let mut desk = Desk::start(config(server));
    desk.login(user, user);
    desk.until("online with the pull-mode lists", |s| {
        s.connection == app::Connection::Online && s.pull.lists_loaded
    })
    .await;
    desk
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_a_list_pick_a_waiting_chat_chat_and_leave() {
    let server = sim_with(1).await;
    let mut desk = online(&server, "agent1").await;

    desk.type_line("/lists");
    assert!(
        matches!(&desk.state.overlay, Some(Overlay::Picker(p)) if p.items.len() == 2),
        "the lists picker shows both lists"
    );
    desk.input(app::Input::User(app::UserAction::Dismiss));
    desk.type_line("/follow web leads");
    desk.until("the server confirms the list", |s| {
        s.pull
            .followed
            .iter()
            .any(|f| f.list.name == "Web Leads" && f.confirmed)
    })
    .await;
    assert!(
        desk.other_effects.iter().any(|e| matches!(e,
            Effect::RememberFollowedLists { username, lists }
                if username == "agent1" && lists.iter().any(|l| l.name == "Web Leads"))),
        "the followed list is remembered: {:?}",
        desk.other_effects
    );
    desk.until("a chat waits on the list", |s| s.pull.waiting.len() == 1)
        .await;
    let waiting = desk.state.pull.waiting[0].clone();
    assert_eq!(waiting.number, 1);
    assert_eq!(waiting.channel, "WEB");
    assert!(!waiting.customer.is_empty());
    let conversation_id = waiting.request.conversation_id().unwrap().to_string();

    desk.type_line("/pull");
    assert_eq!(desk.state.overlay, Some(Overlay::PullPanel));
    let sent = desk.sent.len();
    // Enter on the panel picks the selected chat, like `/pull 1`.
    desk.input(app::Input::User(app::UserAction::Submit));
    assert_eq!(
        desk.sent_since(sent, |c| match c {
            Command::JoinPullModeRequest { request } => Some(request.id.clone()),
            _ => None,
        }),
        vec![waiting.request.id.clone()]
    );
    desk.until("the picked conversation opens and is focused", |s| {
        s.focused.as_deref() == Some(conversation_id.as_str())
    })
    .await;
    assert!(desk.state.pull.waiting.is_empty());
    assert!(desk.state.pull.picking.is_none());
    assert!(desk
        .state
        .notices
        .iter()
        .any(|n| n.text.starts_with("Picked the chat from")));
    assert_eq!(
        server.open_conversations("agent1"),
        vec![conversation_id.clone()]
    );

    desk.until("the customer writes", |s| {
        s.focused_conversation()
            .is_some_and(|c| c.lines.iter().any(|l| l.author == app::Author::Customer))
    })
    .await;
    desk.type_line("Hello, I picked your chat from the list");
    desk.until("my message is confirmed", |s| {
        s.focused_conversation().is_some_and(|c| {
            c.lines.iter().any(|l| {
                l.author == app::Author::Me
                    && matches!(
                        l.delivery,
                        Some(app::Delivery::Sent | app::Delivery::Delivered | app::Delivery::Read)
                    )
            })
        })
    })
    .await;
    desk.type_line("/leave");
    desk.until("the conversation ended", |s| {
        s.focused_conversation().is_some_and(|c| c.ended.is_some())
    })
    .await;
    assert!(server.open_conversations("agent1").is_empty());
    desk.quit().await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_picked_by_someone_else_disappears_and_a_late_pick_says_why() {
    let server = sim_with(1).await;
    let mut alice = online(&server, "agent1").await;
    let mut bob = online(&server, "agent2").await;
    alice.type_line("/follow Web Leads");
    bob.type_line("/follow Web Leads");
    alice
        .until("Alice sees the waiting chat", |s| s.pull.waiting.len() == 1)
        .await;
    bob.until("Bob sees the waiting chat", |s| s.pull.waiting.len() == 1)
        .await;
    alice.type_line("/pull");

    bob.type_line("/pull 1");
    bob.until("Bob's conversation opens", |s| !s.conversations.is_empty())
        .await;
    alice
        .until("the chat goes from Alice's panel", |s| {
            s.pull.waiting.is_empty()
        })
        .await;
    assert!(
        alice
            .state
            .notices
            .iter()
            .any(|n| n.text.contains("was taken by someone else")),
        "Alice is told, her panel being open: {:#?}",
        alice.state.notices
    );
    assert_eq!(alice.state.overlay, Some(Overlay::PullPanel));
    assert!(alice.state.conversations.is_empty());

    // A pick of a chat that no longer waits is refused in words.
    let request = bob.sent_since(0, |c| match c {
        Command::JoinPullModeRequest { request } => Some(request.clone()),
        _ => None,
    });
    alice.input(app::Input::User(app::UserAction::Dismiss));
    alice.state.pull.waiting.clear();
    let before = alice.state.notices.len();
    // Put the stale chat back on Alice's desk and pick it, as if her view lagged behind.
    alice.input(app::Input::Client(
        agentdesk::client::ClientEvent::PullModeRequestsAdded(request),
    ));
    alice.type_line("/pull 1");
    alice
        .until("the refusal", |s| {
            s.pull.picking.is_none() && s.notices.len() > before + 1
        })
        .await;
    let last = alice.state.notices.back().unwrap().text.clone();
    assert!(
        last.contains("refused") && last.contains("agent2"),
        "the server's reason is shown: {last}"
    );
    alice.quit().await;
    bob.quit().await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_announcement_from_a_supervisor_desk_reaches_the_agent_and_goes_when_deleted() {
    let server = sim_with(0).await;
    let mut agent = online(&server, "agent1").await;
    agent
        .until("the demo team's announcement", |s| {
            !s.announcements.items.is_empty()
        })
        .await;
    assert!(
        agent.state.announcements.banner(agent::now()).is_some(),
        "shown in the banner"
    );
    let mut supervisor = online(&server, "supervisor1").await;

    agent.type_line("/announce agents cannot post");
    assert!(agent
        .state
        .notices
        .back()
        .is_some_and(|n| n.text.contains("Only supervisors")));

    supervisor.type_line("/announce Team huddle at 15:00");
    agent
        .until("the new announcement on the agent's desk", |s| {
            s.announcements
                .items
                .iter()
                .any(|a| a.text == "Team huddle at 15:00")
        })
        .await;
    let banner = agent.state.announcements.banner(agent::now()).unwrap();
    assert_eq!(
        banner.text, "Team huddle at 15:00",
        "the newest is in the banner"
    );
    assert_eq!(banner.author.as_deref(), Some("Sam Supervisor"));
    assert!(agent
        .state
        .notices
        .iter()
        .any(|n| n.text == "Announcement from Sam Supervisor: Team huddle at 15:00"));

    supervisor
        .until("the supervisor's own desk has it too", |s| {
            s.announcements
                .items
                .iter()
                .any(|a| a.text == "Team huddle at 15:00")
        })
        .await;
    let n = 1 + supervisor
        .state
        .announcements
        .active(agent::now())
        .position(|a| a.text == "Team huddle at 15:00")
        .unwrap();
    supervisor.type_line(&format!("/announcements delete {n}"));
    agent
        .until("it goes from the agent's desk", |s| {
            !s.announcements
                .items
                .iter()
                .any(|a| a.text == "Team huddle at 15:00")
        })
        .await;
    assert_ne!(
        agent
            .state
            .announcements
            .banner(agent::now())
            .map(|a| a.text.as_str()),
        Some("Team huddle at 15:00")
    );
    agent.quit().await;
    supervisor.quit().await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrapup_categories_come_from_the_servers_form() {
    let server = sim::start(SimConfig {
        offer_delay: Duration::from_millis(100),
        customer_delay: Duration::from_millis(100),
        wrapup: Duration::from_secs(30),
        pull_customers: Some(0),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let mut desk = online(&server, "agent1").await;
    desk.until("categories from /unified-admin/forms", |s| {
        s.wrapup_categories
            .contains(&("Outcome".to_string(), "Call back".to_string()))
    })
    .await;
    desk.type_line("/ready");
    desk.until("an offer", |s| !s.offers.is_empty()).await;
    desk.type_line("/accept");
    desk.until("conversation open", |s| s.focused.is_some())
        .await;
    desk.type_line("/leave");
    desk.until("the wrap-up form", |s| {
        s.focused_conversation().is_some_and(|c| c.wrapup.is_some())
    })
    .await;
    let form = desk
        .state
        .focused_conversation()
        .unwrap()
        .wrapup
        .clone()
        .unwrap();
    assert_eq!(form.categories[0].value, "Resolved on first contact");
    let left = form.seconds_left(agent::now()).unwrap();
    assert!(
        (25..=30).contains(&left),
        "the sim's \"30000\" ms is a 30 s countdown, not 8 h: {left}"
    );
    desk.input(app::Input::User(app::UserAction::Toggle));
    desk.input(app::Input::User(app::UserAction::Submit));
    desk.until("wrap-up applied", |s| {
        s.focused_conversation().is_some_and(|c| c.ended.is_some())
    })
    .await;
    let wrapups = server.wrapups();
    assert_eq!(
        wrapups[0].1["data"]["body"]["wrapups"][0]["value"],
        "Resolved on first contact"
    );
    desk.quit().await;
    server.shutdown().await;
}

/// The clock the desks run on.
mod agent {
    pub fn now() -> i64 {
        super::common::desk::now()
    }
}
