//! Integration (issue 12): the real client and app against the simulator on loopback — a bot
//! suggestion for the customer's opening message, sent at once as an ordinary AGENT_MESSAGE
//! (its echo confirms it, the response SLA stops); the SLA starting again, running out, and
//! `/extend` (RESET_AGENT_SLA) starting it over; a raised hand seen by a supervisor on the
//! team board, who joins from there (the agent's hand is answered, the supervisor still sees
//! it). Every wait is bounded (see `common::desk`).

mod common;

use std::time::Duration;

use agentdesk::app::sla::SlaPhase;
use agentdesk::app::suggestions::SetStatus;
use agentdesk::app::{Connection, Delivery, Input, Overlay, State, UserAction};
use agentdesk::client::{transport, ClientConfig, Command, Endpoints};
use agentdesk::sim::{self, SimConfig, SimServer};
use common::desk::Desk;

async fn sim() -> SimServer {
    sim::start(SimConfig {
        rona: Duration::from_secs(30),
        offer_delay: Duration::from_millis(100),
        customer_delay: Duration::from_millis(150),
        wrapup: Duration::ZERO,
        team: false,
        inbound_for: Some(&["agent1"]),
        response_sla: Some(Duration::from_secs(2)),
        bot_suggestions: true,
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts")
}

async fn online(server: &SimServer, user: &str) -> Desk {
    let endpoints = Endpoints::from_server(&server.base_url()).unwrap();
    let mut config = ClientConfig::new(endpoints, transport::default_connector());
    config.connect_timeout = Duration::from_secs(5);
    let mut desk = Desk::start(config);
    desk.login(user, user);
    desk.until("online", |s| {
        s.connection == Connection::Online && !s.mrds.is_empty() && !s.reasons.is_empty()
    })
    .await;
    desk
}

fn conversation<'a>(s: &'a State, id: &str) -> Option<&'a agentdesk::app::Conversation> {
    s.conversations.by_id(id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suggestions_sla_extend_and_a_raised_hand_against_the_simulator() {
    let server = sim().await;
    let mut supervisor = online(&server, "supervisor1").await;
    let mut agent = online(&server, "agent1").await;
    agent.type_line("/ready");
    agent.until("an offer", |s| !s.offers.is_empty()).await;
    agent.type_line("/accept");
    agent.until("the chat", |s| s.focused.is_some()).await;
    let id = agent.state.focused.clone().unwrap();

    // The opening message ("my internet has been down…") gets the bot's suggestions, and
    // the customer waits: the SLA runs (the channel announces it too).
    agent
        .until("bot suggestions", |s| {
            conversation(s, &id).is_some_and(|c| c.suggestions.active().is_some())
        })
        .await;
    agent
        .until("the response SLA", |s| {
            conversation(s, &id).is_some_and(|c| c.sla.is_some())
        })
        .await;
    let c = conversation(&agent.state, &id).unwrap();
    assert_eq!(c.channel_response_sla_ms(), Some(2_000));
    let set = c.suggestions.active().unwrap();
    let opening = set.for_message.clone();
    let first = set.replies[0].text.clone().unwrap();
    assert!(first.contains("router"), "{first}");

    // Sent at once: an ordinary AGENT_MESSAGE, confirmed by its echo; the SLA stops.
    let from = agent.sent.len();
    agent.input(Input::User(UserAction::Command("/suggest-send".into())));
    let sent = agent.sent_since(from, |c| match c {
        Command::SendMessage {
            text, message_id, ..
        } => Some((text.clone(), message_id.clone())),
        _ => None,
    });
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, first);
    let message_id = sent[0].1.clone();
    agent
        .until("the echo and the SLA stopped", |s| {
            conversation(s, &id).is_some_and(|c| {
                c.line(&message_id)
                    .is_some_and(|l| !matches!(l.delivery, Some(Delivery::Pending { .. })))
                    && c.sla.is_none()
            })
        })
        .await;
    let c = conversation(&agent.state, &id).unwrap();
    assert_eq!(
        c.suggestions.for_message(&opening).map(|s| s.status),
        Some(SetStatus::Answered)
    );

    // The customer answers: the SLA starts again and, unanswered, runs out.
    agent
        .until("the SLA expired by the server", |s| {
            conversation(s, &id).is_some_and(|c| c.sla.is_some_and(|sla| sla.expired_by_server))
        })
        .await;
    assert!(conversation(&agent.state, &id)
        .unwrap()
        .lines
        .iter()
        .any(|l| l.text.contains("response SLA expired")));

    // /extend: RESET_AGENT_SLA; the simulator starts the SLA over.
    let from = agent.sent.len();
    agent.type_line("/extend");
    assert!(matches!(
        agent.sent_since(from, |c| match c {
            Command::ResetAgentSla { conversation_id, .. } => Some(conversation_id.clone()),
            _ => None,
        })[..],
        [ref c] if *c == id
    ));
    agent
        .until("the SLA running again", |s| {
            conversation(s, &id).is_some_and(|c| {
                c.sla.is_some_and(|sla| {
                    !sla.expired_by_server && sla.phase(s.now_ms) != SlaPhase::Expired
                })
            })
        })
        .await;

    // A raised hand: the supervisor hears of it and sees it on the board.
    agent.type_line("/hand");
    assert!(conversation(&agent.state, &id)
        .unwrap()
        .hand
        .as_ref()
        .is_some_and(|h| h.mine));
    supervisor
        .until("the raised hand", |s| s.board.hands.contains_key(&id))
        .await;
    supervisor.type_line("/hands");
    supervisor
        .until("the board with the hand", |s| {
            s.overlay == Some(Overlay::TeamBoard)
                && s.board
                    .chats()
                    .iter()
                    .any(|c| c.conversation_id == id && c.hand_raised_by.is_some())
        })
        .await;
    supervisor.type_line("/hands");
    let row = supervisor.state.board.selected;
    assert_eq!(supervisor.state.board.chats()[row].conversation_id, id);
    assert_eq!(
        supervisor.state.board.hands[&id].name, "Alice Agent",
        "the report's name"
    );
    // Enter joins it as silent monitor; the supervisor sees the hand in the chat.
    supervisor.input(Input::User(UserAction::Submit));
    supervisor
        .until("in the monitored chat", |s| {
            conversation(s, &id).is_some_and(|c| c.monitored && c.hand.is_some())
        })
        .await;
    // The agent's hand is answered.
    agent
        .until("the hand answered", |s| {
            conversation(s, &id).is_some_and(|c| c.hand.is_none())
        })
        .await;
    assert!(agent
        .state
        .notices
        .iter()
        .any(|n| n.text.contains("your raised hand was answered")));
    agent.quit().await;
    supervisor.quit().await;
    server.shutdown().await;
}
