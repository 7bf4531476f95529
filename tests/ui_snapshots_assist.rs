//! Whole-screen snapshots (80×24) of issue 6's screens, states built only through
//! `app::update` from the fixtures: the transfer picker (queues with their agents), the
//! supervisor's team board, a monitored conversation (marker and whisper prompt), and an
//! agent's conversation with a supervisor's whisper line.

use agentdesk::app::{self, Input, Overlay, State, UserAction};
use agentdesk::client::ClientEvent;
use agentdesk::protocol::{routing, ActiveChat, MrdLoad, TeamAgent, TopicDataEvent};
use serde_json::{json, Value};

mod common;

use common::screen::{render, screen_text};
use common::{client, fixture, online, topic_b, type_line, user, T0};

fn cim(conversation: &str, event: Value) -> ClientEvent {
    ClientEvent::CimEvent {
        conversation_id: Some(conversation.into()),
        event: Box::new(serde_json::from_value(event).unwrap()),
    }
}

#[test]
fn transfer_picker_lists_queues_with_their_agents() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    type_line(&mut state, T0, "/transfer -- wants a refund");
    let mut answer = fixture("available-agents.json");
    answer.as_array_mut().unwrap().push(json!({
        "queueId": "q-billing", "queueName": "Billing Queue", "mrdId": "m", "totalAvailableAgents": 2,
        "availableAgents": [
            {"id": "a1", "name": "Bilal Ahmed", "extensions": [], "state": "READY"},
            {"id": "a2", "name": "Dana Lee", "extensions": [], "state": "READY"}
        ]
    }));
    answer.as_array_mut().unwrap().push(json!({
        "queueId": "q-sales", "queueName": "Sales Queue", "mrdId": "m", "totalAvailableAgents": 0,
        "availableAgents": []
    }));
    client(
        &mut state,
        T0,
        ClientEvent::AvailableAgents {
            conversation_id: b,
            result: Ok(routing::available_queues(&answer)),
        },
    );
    user(&mut state, T0, UserAction::Move(2));
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(
        screen.contains("Transfer to a queue or an agent"),
        "{screen}"
    );
    assert!(screen.contains("Billing Queue"), "{screen}");
    assert!(
        screen.contains("  Bilal Ahmed"),
        "agents are indented under their queue: {screen}"
    );
    match &state.overlay {
        Some(Overlay::Picker(p)) => assert_eq!(
            p.chosen(),
            Some("/transfer Billing Queue -- wants a refund")
        ),
        other => panic!("{other:?}"),
    }
    insta::assert_snapshot!("transfer_picker", terminal.backend());
}

fn board_state() -> State {
    let mut state = online();
    state.me.as_mut().unwrap().first_name = Some("Sana".into());
    type_line(&mut state, T0, "/team");
    let mrd = |active, max| MrdLoad {
        name: "CHAT".into(),
        state: "ACTIVE".into(),
        active: Some(active),
        max: Some(max),
    };
    let agents = vec![
        TeamAgent {
            id: Some("a1".into()),
            name: "Dana Lee".into(),
            state: "READY".into(),
            reason: None,
            since_ms: Some(T0 - 754_000),
            mrds: vec![mrd(1, 4)],
        },
        TeamAgent {
            id: Some("a2".into()),
            name: "Eli Khan".into(),
            state: "NOT_READY".into(),
            reason: Some("Short Break".into()),
            since_ms: Some(T0 - 95_000),
            mrds: vec![mrd(1, 4)],
        },
        TeamAgent {
            id: Some("a3".into()),
            name: "Bob Agent".into(),
            state: "LOGOUT".into(),
            reason: None,
            since_ms: None,
            mrds: Vec::new(),
        },
    ];
    let chat = |id: &str, queue: &str, customer: &str, agent: &str, ago: i64| ActiveChat {
        conversation_id: id.into(),
        queue: queue.into(),
        customer: customer.into(),
        agents: vec![agent.into()],
        channel: "WEB".into(),
        since_ms: Some(T0 - ago),
        channel_session: Value::Null,
        room_info: None,
        hand_raised_by: None,
    };
    client(
        &mut state,
        T0,
        ClientEvent::TeamBoard {
            agents: Ok(agents),
            chats: Ok(vec![
                chat("c1", "Billing Queue", "Nora Schmidt", "Dana Lee", 312_000),
                chat("c2", "Support Queue", "Omar Haddad", "Eli Khan", 128_000),
            ]),
        },
    );
    user(&mut state, T0, UserAction::Move(1));
    state
}

#[test]
fn team_board_shows_agents_and_numbered_live_chats() {
    let state = board_state();
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    for wanted in [
        "Team board",
        "Dana Lee",
        "Short Break",
        "CHAT 1/4",
        "Live chats (2)",
        "Omar Haddad",
    ] {
        assert!(screen.contains(wanted), "{wanted}:\n{screen}");
    }
    insta::assert_snapshot!("team_board", terminal.backend());
}

#[test]
fn team_board_says_what_failed() {
    let mut state = online();
    type_line(&mut state, T0, "/team");
    client(
        &mut state,
        T0,
        ClientEvent::TeamBoard {
            agents: Err("HTTP 404: Not Found".into()),
            chats: Err(
                "timed out (http://127.0.0.1/realtime-reports/queue-active-chats/detail)".into(),
            ),
        },
    );
    let screen = screen_text(&render(&state));
    assert!(
        screen.contains("Agents could not be loaded: HTTP 404"),
        "{screen}"
    );
    assert!(
        screen.contains("Live chats could not be loaded: timed out"),
        "{screen}"
    );
}

/// Sana monitors conversation B (`onTopicData.json`) and has whispered to its agent.
fn monitored_state() -> State {
    let mut state = online();
    let me = state.me.clone().unwrap();
    type_line(&mut state, T0, "/monitor 67c1cb75956d765cfc275754");
    let mut topic = fixture("onTopicData.json");
    let mut tp = fixture("JoinAsSilentMonitor.json")["topicParticipant"].clone();
    tp["participant"]["id"] = json!(me.id);
    topic["topicData"]["topicParticipant"] = tp;
    // Sabahat is the conversation's agent, not me.
    topic["topicData"]["participants"][2]["participant"]["id"] = json!("7dcdf513-other");
    client(
        &mut state,
        T0,
        ClientEvent::TopicData(Box::new(
            serde_json::from_value::<TopicDataEvent>(topic).unwrap(),
        )),
    );
    type_line(&mut state, T0 + 5_000, "Offer the 20 GB plan");
    app::update(&mut state, T0 + 6_000, Input::Tick);
    state
}

#[test]
fn monitored_conversation_has_the_marker_and_the_whisper_prompt() {
    let state = monitored_state();
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(screen.contains(" monitoring "), "{screen}");
    assert!(screen.contains("you: silent monitor"), "{screen}");
    assert!(screen.contains("whisper to agents ›"), "{screen}");
    assert!(
        screen.contains("whisper You: Offer the 20 GB plan"),
        "{screen}"
    );
    insta::assert_snapshot!("monitored_conversation", terminal.backend());
}

#[test]
fn an_agent_sees_a_whisper_marked_in_words() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let mut whisper = fixture("cimEvent.whisper_encoded.json");
    whisper["conversationId"] = json!(b);
    whisper["timestamp"] = json!(T0 + 30_000);
    whisper["data"]["header"]["timestamp"] = json!(T0 + 30_000);
    client(&mut state, T0 + 30_000, cim(&b, whisper));
    app::update(&mut state, T0 + 31_000, Input::Tick);
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(screen.contains("whisper raza: hello"), "{screen}");
    insta::assert_snapshot!("whisper_line", terminal.backend());
}
