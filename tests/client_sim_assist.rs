//! Integration (issue 6): the real client and app against the simulator on loopback —
//! transfer to a queue and to a named agent, conference with a second desk, consult and
//! consult transfer, `NO_AGENT_AVAILABLE`, and the supervisor's flow: team board → silent
//! monitor → whisper (to the agents, not the customer) → barge-in → a message to the customer
//! → whisper mode → leave. Every wait is bounded (see `common::desk`).

mod common;

use std::time::Duration;

use agentdesk::app::{Author, Connection, State};
use agentdesk::client::{transport, ClientConfig, Command, Endpoints};
use agentdesk::protocol::{AssistKind, AssistTarget};
use agentdesk::sim::{self, SimConfig, SimServer};
use common::desk::Desk;

async fn sim() -> SimServer {
    sim::start(SimConfig {
        rona: Duration::from_secs(30),
        offer_delay: Duration::from_millis(100),
        customer_delay: Duration::from_millis(150),
        wrapup: Duration::ZERO,
        team_pace: Duration::from_millis(300),
        // agent2 stays free for transfers (a desk with an offer pending is not available).
        inbound_for: Some(&["agent1"]),
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts")
}

fn desk(server: &SimServer) -> Desk {
    let endpoints = Endpoints::from_server(&server.base_url()).unwrap();
    let mut config = ClientConfig::new(endpoints, transport::default_connector());
    config.connect_timeout = Duration::from_secs(5);
    Desk::start(config)
}

async fn online(server: &SimServer, user: &str) -> Desk {
    let mut desk = desk(server);
    desk.login(user, user);
    desk.until("online", |s| {
        s.connection == Connection::Online && !s.mrds.is_empty() && !s.reasons.is_empty()
    })
    .await;
    desk
}

/// Logged in as `user`, READY, with a chat accepted; returns the desk and the conversation.
async fn in_a_chat(server: &SimServer, user: &str) -> (Desk, String) {
    let mut desk = online(server, user).await;
    desk.type_line("/ready");
    desk.until("an offer", |s| !s.offers.is_empty()).await;
    desk.type_line("/accept");
    desk.until("conversation focused", |s| s.focused.is_some())
        .await;
    let id = desk.state.focused.clone().unwrap();
    desk.type_line("/notready");
    desk.until("reason picker", |s| s.overlay.is_some()).await;
    desk.input(agentdesk::app::Input::User(
        agentdesk::app::UserAction::Dismiss,
    ));
    (desk, id)
}

/// Polls simulator state (which sends the departed desk nothing more) until `done`, bounded.
async fn eventually(what: &str, done: impl Fn() -> bool) {
    let deadline = tokio::time::Instant::now() + common::desk::WAIT;
    while !done() {
        assert!(tokio::time::Instant::now() < deadline, "timed out: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn texts(state: &State, id: &str) -> Vec<String> {
    state
        .conversations
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.lines.iter().map(|l| l.text.to_string()).collect())
        .unwrap_or_default()
}

fn has_line(state: &State, id: &str, wanted: &str) -> bool {
    texts(state, id).iter().any(|t| t.contains(wanted))
}

/// Feeds `desk` its events until its request to `target` went out (the queue list is loaded
/// first).
async fn asked(desk: &mut Desk, target: &str) {
    desk.until(&format!("the request to {target}"), |s| {
        s.handovers.iter().any(|h| h.target == target)
    })
    .await;
}

/// READY and waiting; the next offer's conversation is accepted once it is a `direction` task.
async fn accept_task(desk: &mut Desk, direction: &str) -> String {
    desk.until(&format!("a {direction} offer"), |s| {
        s.offers.iter().any(|o| o.direction == direction)
    })
    .await;
    let id = desk
        .state
        .offers
        .iter()
        .find(|o| o.direction == direction)
        .map(|o| o.conversation_id.clone())
        .unwrap();
    desk.type_line("/accept");
    desk.until("the conversation", |s| {
        s.focused.as_deref() == Some(id.as_str())
    })
    .await;
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transfer_to_a_queue_ends_with_chat_transferred() {
    let server = sim().await;
    let (mut desk, id) = in_a_chat(&server, "agent1").await;
    desk.type_line("/transfer billing queue -- wants a refund");
    desk.until("transferred", |s| {
        s.conversations
            .iter()
            .any(|c| c.id == id && c.ended.as_deref() == Some("CHAT TRANSFERRED"))
    })
    .await;
    assert!(has_line(
        &desk.state,
        &id,
        "Transfer to Billing Queue requested"
    ));
    assert!(has_line(
        &desk.state,
        &id,
        "Conversation transferred to Billing Queue"
    ));
    let requests = server.requests();
    let (event, payload) = requests.last().expect("a request");
    assert_eq!(event, "directTransferRequest");
    assert_eq!(payload["mode"], "queue");
    assert_eq!(payload["queueName"], "Billing Queue");
    assert_eq!(payload["note"], "wants a refund");
    assert!(server.open_conversations("agent1").is_empty());
    // Dana (the simulated Billing agent) takes it a moment later.
    eventually("Dana has it", || {
        server.team_conversations("dana").contains(&id)
    })
    .await;
    desk.quit().await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transfer_to_a_named_agent_carries_the_routing_engines_id_and_reaches_the_second_desk() {
    let server = sim().await;
    let mut bob = online(&server, "agent2").await;
    let (mut alice, id) = in_a_chat(&server, "agent1").await;
    bob.type_line("/ready");
    bob.until("READY", |s| s.agent.state == "READY").await;
    alice.type_line("/transfer @bob");
    asked(&mut alice, "Bob Agent").await;
    let got = accept_task(&mut bob, "DIRECT_TRANSFER").await;
    assert_eq!(got, id);
    let bob_id = alice
        .sent_since(0, |c| match c {
            Command::Assist {
                kind: AssistKind::Transfer,
                target: AssistTarget::Agent(a),
                ..
            } => Some(a.clone()),
            _ => None,
        })
        .pop()
        .expect("transfer sent");
    let (_, payload) = server.requests().last().cloned().unwrap();
    assert_eq!(payload["mode"], "agent");
    assert_eq!(payload["requestedAgentId"], bob_id.as_str());
    assert_eq!(payload["offerToAgent"], true);
    bob.until("the history arrived", |s| {
        s.focused_conversation()
            .is_some_and(|c| c.lines.iter().any(|l| l.author == Author::Customer))
    })
    .await;
    alice
        .until("transferred", |s| {
            s.conversations
                .iter()
                .any(|c| c.id == id && c.ended.is_some())
        })
        .await;
    assert_eq!(
        server.participants(&id),
        [("agent2".to_string(), "PRIMARY".to_string())]
    );
    alice.quit().await;
    bob.quit().await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conference_adds_a_second_agent_and_both_desks_see_each_other() {
    let server = sim().await;
    let mut bob = online(&server, "agent2").await;
    let (mut alice, id) = in_a_chat(&server, "agent1").await;
    bob.type_line("/ready");
    bob.until("READY", |s| s.agent.state == "READY").await;
    alice.type_line("/conference @bob agent -- second opinion");
    asked(&mut alice, "Bob Agent").await;
    bob.until("the conference offer", |s| {
        s.offers.iter().any(|o| o.direction == "DIRECT_CONFERENCE")
    })
    .await;
    assert_eq!(bob.state.offers[0].note, "from agent1: second opinion");
    let got = accept_task(&mut bob, "DIRECT_CONFERENCE").await;
    assert_eq!(got, id);
    alice
        .until("Bob joined", |s| {
            has_line(s, &id, "Bob Agent joined the conversation")
        })
        .await;
    alice.type_line("Bob, can you check the line?");
    bob.until("Alice's message", |s| {
        has_line(s, &id, "Bob, can you check the line?")
    })
    .await;
    bob.type_line("Line looks fine from here.");
    alice
        .until("Bob's message", |s| {
            has_line(s, &id, "Line looks fine from here.")
        })
        .await;
    let alice_view = alice
        .state
        .conversations
        .iter()
        .find(|c| c.id == id)
        .unwrap();
    assert!(alice_view
        .roster
        .agents_in("PRIMARY")
        .any(|p| p.name == "Bob Agent"));
    let mut roles = server.participants(&id);
    roles.sort();
    assert_eq!(
        roles,
        [
            ("agent1".to_string(), "PRIMARY".to_string()),
            ("agent2".to_string(), "PRIMARY".to_string())
        ]
    );
    assert!(server
        .customer_transcript(&id)
        .contains(&"Line looks fine from here.".to_string()));
    alice.quit().await;
    bob.quit().await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consult_joins_as_assistant_and_consult_transfer_hands_over() {
    let server = sim().await;
    let mut bob = online(&server, "agent2").await;
    let (mut alice, id) = in_a_chat(&server, "agent1").await;
    bob.type_line("/ready");
    bob.until("READY", |s| s.agent.state == "READY").await;
    alice.type_line("/consult @bob");
    asked(&mut alice, "Bob Agent").await;
    let got = accept_task(&mut bob, "CONSULT").await;
    assert_eq!(got, id);
    bob.until("assistant role", |s| {
        s.focused_conversation()
            .is_some_and(|c| c.role == "ASSISTANT")
    })
    .await;
    // The assistant's plain text is a whisper: Alice sees it, the customer does not.
    bob.type_line("I can take it");
    alice
        .until("the whisper", |s| {
            s.conversations.iter().any(|c| {
                c.id == id
                    && c.lines
                        .iter()
                        .any(|l| l.whisper && &*l.text == "I can take it")
            })
        })
        .await;
    assert!(!server
        .customer_transcript(&id)
        .iter()
        .any(|t| t.contains("I can take it")));
    alice.type_line("/consult-transfer");
    alice
        .until("handed over", |s| {
            s.conversations
                .iter()
                .any(|c| c.id == id && c.ended.as_deref() == Some("CHAT TRANSFERRED"))
        })
        .await;
    assert!(has_line(&alice.state, &id, "Consult transfer done"));
    bob.until("primary now", |s| {
        s.focused_conversation()
            .is_some_and(|c| c.role == "PRIMARY")
    })
    .await;
    assert_eq!(
        server.participants(&id),
        [("agent2".to_string(), "PRIMARY".to_string())]
    );
    alice.quit().await;
    bob.quit().await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_free_is_said_and_the_chat_stays() {
    let server = sim().await;
    let (mut desk, id) = in_a_chat(&server, "agent1").await;
    desk.type_line("/transfer Sales Queue");
    desk.until("no agent", |s| {
        has_line(s, &id, "No agent available for queue transfer")
    })
    .await;
    assert!(has_line(
        &desk.state,
        &id,
        "Transfer to queue Sales Queue requested"
    ));
    let c = desk
        .state
        .conversations
        .iter()
        .find(|c| c.id == id)
        .unwrap();
    assert!(c.ended.is_none(), "still mine");
    desk.type_line("/transfer Nowhere");
    desk.until("picker", |s| s.overlay.is_some()).await;
    assert!(
        server
            .requests()
            .iter()
            .all(|(_, p)| p["queueName"] != "Nowhere"),
        "nothing sent"
    );
    desk.quit().await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supervisor_monitors_whispers_barges_in_and_leaves() {
    let server = sim().await;
    let mut sam = online(&server, "supervisor1").await;
    sam.type_line("/team");
    sam.until("the board", |s| {
        s.board.chats().len() >= 2 && s.board.agents.is_some()
    })
    .await;
    let agents = match &sam.state.board.agents {
        Some(Ok(list)) => list.clone(),
        other => panic!("agents: {other:?}"),
    };
    assert!(agents
        .iter()
        .any(|a| a.name == "Dana Lee" && a.state == "READY"));
    let row = sam
        .state
        .board
        .chats()
        .iter()
        .position(|c| c.agents.iter().any(|a| a == "Dana Lee"))
        .expect("Dana's chat")
        + 1;
    let id = sam.state.board.chats()[row - 1].conversation_id.clone();
    sam.type_line(&format!("/monitor {row}"));
    sam.until("monitoring", |s| {
        s.focused_conversation()
            .is_some_and(|c| c.id == id && c.supervision_marker() == Some("monitoring"))
    })
    .await;
    // Customer and agent live.
    let seen = texts(&sam.state, &id).len();
    sam.until("a live customer line and Dana's answer", |s| {
        let c = s.focused_conversation().unwrap();
        let new = &c.lines[seen.min(c.lines.len())..];
        new.iter().any(|l| l.author == Author::Customer)
            && new.iter().any(|l| l.author == Author::Agent && !l.whisper)
    })
    .await;
    // Whisper: reaches Dana (who whispers back), not the customer.
    sam.type_line("Dana, offer a refund");
    sam.until("Dana's whisper back", |s| {
        s.focused_conversation().is_some_and(|c| {
            c.lines
                .iter()
                .any(|l| l.whisper && l.author == Author::Agent)
        })
    })
    .await;
    assert!(!server
        .customer_transcript(&id)
        .iter()
        .any(|t| t.contains("offer a refund")));
    assert_eq!(
        server.participants(&id)[1],
        ("supervisor1".to_string(), "SILENT_MONITOR".to_string())
    );
    // Barge in; the message reaches the customer.
    sam.type_line("/barge");
    sam.until("barged in", |s| {
        s.focused_conversation()
            .is_some_and(|c| c.supervision_marker() == Some("barged in"))
    })
    .await;
    sam.type_line("Hello, this is the supervisor");
    sam.until("the customer answers", |s| {
        has_line(s, &id, "You said: Hello, this is the supervisor")
    })
    .await;
    assert!(server
        .customer_transcript(&id)
        .contains(&"Hello, this is the supervisor".to_string()));
    sam.type_line("/whisper-mode");
    sam.until("whispering again", |s| {
        s.focused_conversation()
            .is_some_and(|c| c.role == "WHISPER")
    })
    .await;
    sam.type_line("/leave");
    sam.until("left", |s| {
        s.conversations
            .iter()
            .any(|c| c.id == id && c.ended.is_some())
    })
    .await;
    assert!(server
        .participants(&id)
        .iter()
        .all(|(u, _)| u != "supervisor1"));
    let asked: Vec<String> = server.requests().into_iter().map(|(e, _)| e).collect();
    assert_eq!(
        asked,
        ["JoinAsSilentMonitor", "JoinAsBargin", "joinAsWhisper"]
    );
    sam.quit().await;
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_is_refused_the_supervisor_commands_and_nothing_is_emitted() {
    let server = sim().await;
    let mut desk = online(&server, "agent1").await;
    let before = desk.sent.len();
    for line in ["/team", "/monitor 1", "/barge", "/whisper-mode"] {
        desk.type_line(line);
        assert!(
            desk.state
                .last_notice()
                .unwrap()
                .text
                .ends_with("supervisors only"),
            "{line}"
        );
    }
    assert_eq!(
        desk.sent.len(),
        before,
        "nothing sent: {:?}",
        &desk.sent[before..]
    );
    assert!(server.requests().is_empty());
    desk.quit().await;
    server.shutdown().await;
}
