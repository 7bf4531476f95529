//! Issue 6 in the pure app: transfer / conference / consult commands and their feedback, the
//! helper roles, whispers, and the supervisor's desk (team board, silent monitor, barge-in),
//! with no terminal and no network. Fixtures: conversation B (`onTopicData.json`,
//! `available-agents.json`, `cimEvent.participant_role_changed.json`, …).

use agentdesk::app::{self, Effect, Input, Overlay, State, UserAction};
use agentdesk::client::{ClientEvent, Command};
use agentdesk::protocol::{
    routing, ActiveChat, AssistKind, AssistTarget, TaskRequest, TopicDataEvent, TopicUnsubscription,
};
use serde_json::{json, Value};

mod common;

use common::*;

fn commands(effects: &[Effect]) -> Vec<Command> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

fn cim(conversation: &str, event: Value) -> ClientEvent {
    ClientEvent::CimEvent {
        conversation_id: Some(conversation.into()),
        event: Box::new(serde_json::from_value(event).unwrap()),
    }
}

fn queues_arrive(state: &mut State, conversation: &str) -> Vec<Effect> {
    client(
        state,
        T0,
        ClientEvent::AvailableAgents {
            conversation_id: conversation.into(),
            result: Ok(routing::available_queues(&fixture("available-agents.json"))),
        },
    )
}

fn line_texts(state: &State, conversation: &str) -> Vec<String> {
    state
        .conversations
        .iter()
        .find(|c| c.id == conversation)
        .unwrap()
        .lines
        .iter()
        .map(|l| l.text.to_string())
        .collect()
}

fn not_supervisor(state: &mut State) {
    if let Some(me) = state.me.as_mut() {
        me.roles.retain(|r| r != "supervisor");
    }
}

#[test]
fn transfer_to_a_queue_by_name_with_a_note() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let effects = type_line(&mut state, T0, "/transfer CHAT-khurram -- wants a refund");
    assert_eq!(
        commands(&effects),
        [Command::FetchAvailableAgents {
            conversation_id: b.clone()
        }],
        "the list is loaded first; nothing sent yet"
    );
    let sent = commands(&queues_arrive(&mut state, &b));
    let [Command::Assist {
        kind,
        conversation,
        target,
        note,
    }] = &sent[..]
    else {
        panic!("one assist request expected: {sent:?}");
    };
    assert_eq!(*kind, AssistKind::Transfer);
    assert_eq!(
        *target,
        AssistTarget::Queue("chat-khurram".into()),
        "canonical name"
    );
    assert_eq!(note, "wants a refund");
    assert_eq!(conversation.conversation_id, b);
    let topic = fixture("onTopicData.json");
    assert_eq!(
        conversation.agent_participant,
        topic["topicData"]["topicParticipant"]
    );
    assert_eq!(
        conversation.channel_session,
        topic["topicData"]["channelSession"]
    );
    // The server's answers, in words, in the conversation.
    client(
        &mut state,
        T0,
        ClientEvent::AssistanceRequestPlaced(decode("agentAssistanceRequestPlaced.json")),
    );
    assert!(line_texts(&state, &b).contains(&"Transfer to chat-khurram requested".to_string()));
    let unsub: TopicUnsubscription = decode("topicUnsubscription.transferred.json");
    client(&mut state, T0, ClientEvent::TopicUnsubscribed(unsub));
    let texts = line_texts(&state, &b);
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Conversation transferred to chat-khurram")),
        "{texts:?}"
    );
    assert!(
        !texts.iter().any(|t| t.contains("customer left")),
        "{texts:?}"
    );
}

#[test]
fn transfer_to_an_agent_uses_the_routing_engines_id_and_fresh_lists_are_reused() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    type_line(&mut state, T0, "/transfer @SAB");
    let sent = commands(&queues_arrive(&mut state, &b));
    assert!(
        matches!(&sent[..], [Command::Assist { target: AssistTarget::Agent(id), note, .. }]
            if id == "eed4c6de-27b0-4321-b057-2a618dcad6d1" && note.is_empty()),
        "{sent:?}"
    );
    // Within 10 s the list is not loaded again.
    let sent = commands(&type_line(&mut state, T0 + 1_000, "/conference @sabahat"));
    assert!(
        matches!(
            &sent[..],
            [Command::Assist {
                kind: AssistKind::Conference,
                ..
            }]
        ),
        "{sent:?}"
    );
}

#[test]
fn unknown_or_ambiguous_targets_open_the_picker_filtered_and_send_nothing() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    type_line(&mut state, T0, "/consult @nobody");
    let sent = commands(&queues_arrive(&mut state, &b));
    assert!(sent.is_empty(), "{sent:?}");
    let Some(Overlay::Picker(picker)) = &state.overlay else {
        panic!("picker expected");
    };
    assert_eq!(picker.filter.text(), "nobody");
    assert!(picker
        .message
        .as_deref()
        .unwrap()
        .contains("nothing was sent"));
    // Esc, then the bare command: the picker lists the queue and its agent.
    user(&mut state, T0, UserAction::Dismiss);
    let sent = commands(&type_line(&mut state, T0, "/consult"));
    assert_eq!(
        sent,
        [Command::FetchAvailableAgents {
            conversation_id: b.clone()
        }],
        "the picker is refreshed when opened"
    );
    queues_arrive(&mut state, &b);
    let Some(Overlay::Picker(picker)) = &state.overlay else {
        panic!("picker expected");
    };
    let labels: Vec<(&str, u8)> = picker
        .items
        .iter()
        .map(|i| (i.label.as_str(), i.indent))
        .collect();
    assert_eq!(labels, [("chat-khurram", 0), ("sabahat", 1)]);
    // Picking the agent sends the consult.
    user(&mut state, T0, UserAction::Move(1));
    let sent = commands(&user(&mut state, T0, UserAction::Submit));
    assert!(
        matches!(
            &sent[..],
            [Command::Assist {
                kind: AssistKind::Consult,
                target: AssistTarget::Agent(_),
                ..
            }]
        ),
        "{sent:?}"
    );
}

#[test]
fn a_failed_list_is_said_in_the_picker() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    type_line(&mut state, T0, "/transfer");
    assert!(
        matches!(&state.overlay, Some(Overlay::Picker(p)) if p.message.as_deref() == Some("Loading queues and agents…"))
    );
    client(
        &mut state,
        T0,
        ClientEvent::AvailableAgents {
            conversation_id: b,
            result: Err("HTTP 503: Service Unavailable".into()),
        },
    );
    let Some(Overlay::Picker(picker)) = &state.overlay else {
        panic!("picker stays open");
    };
    assert!(picker.message.as_deref().unwrap().contains("HTTP 503"));
    assert!(picker.items.is_empty());
}

#[test]
fn commands_needing_the_connection_are_refused_offline() {
    let mut state = online();
    topic_b(&mut state, T0);
    client(
        &mut state,
        T0,
        ClientEvent::Disconnected {
            reason: "transport close".into(),
            retry_in_ms: Some(1000),
        },
    );
    for line in [
        "/transfer chat-khurram",
        "/consult @sab",
        "/consult-transfer",
        "/whisper hi",
        "/monitor 67c1cb75956d765cfc275754",
        "/barge",
    ] {
        let effects = type_line(&mut state, T0, line);
        assert!(commands(&effects).is_empty(), "{line}: {effects:?}");
        let notice = state.last_notice().unwrap().text.clone();
        assert!(
            notice.contains("Not connected") || notice.contains("monitor"),
            "{line}: {notice}"
        );
    }
}

#[test]
fn non_supervisors_are_refused_and_nothing_is_emitted() {
    let mut state = online();
    not_supervisor(&mut state);
    topic_b(&mut state, T0);
    for (line, command) in [
        ("/team", "/team"),
        ("/monitor 1", "/monitor"),
        ("/barge", "/barge"),
        ("/whisper-mode", "/whisper-mode"),
    ] {
        let effects = type_line(&mut state, T0, line);
        assert!(effects.is_empty(), "{line}: {effects:?}");
        assert_eq!(
            state.last_notice().unwrap().text,
            format!("{command}: supervisors only")
        );
    }
    assert!(state.overlay.is_none());
}

#[test]
fn consult_joins_as_assistant_whispers_and_sends_no_signals() {
    let mut state = online();
    let mut task: TaskRequest = decode("taskRequest.consult_started.json");
    task.conversation_id = "67c1cb75956d765cfc275754".into();
    let effects = client(&mut state, T0, ClientEvent::TaskRequest(Box::new(task)));
    assert!(
        matches!(&commands(&effects)[..], [Command::Subscribe { role, .. }] if role == "ASSISTANT"),
        "{effects:?}"
    );
    let mut topic = fixture("onTopicData.json");
    topic["topicData"]["topicParticipant"]["role"] = json!("ASSISTANT");
    let topic: TopicDataEvent = serde_json::from_value(topic).unwrap();
    let b = topic.conversation_id().to_string();
    client(&mut state, T0, ClientEvent::TopicData(Box::new(topic)));
    let c = state.focused_conversation().unwrap();
    assert_eq!(c.role, "ASSISTANT");
    assert!(c.whispers_only());
    // Plain text goes to the agents as a whisper; no typing indicator, no read receipt.
    let typed = user(&mut state, T0, UserAction::Edit(app::Edit::Insert('h')));
    assert!(commands(&typed).is_empty(), "no typing as ASSISTANT");
    let sent = commands(&type_line(&mut state, T0, "i"));
    assert!(
        matches!(&sent[..], [Command::SendWhisper { text, .. }] if text == "hi"),
        "{sent:?}"
    );
    let receipts = client(
        &mut state,
        T0,
        cim(
            &b,
            json!({"id": "cm1", "name": "CUSTOMER_MESSAGE", "type": "MESSAGE", "conversationId": b,
            "data": {"id": "m9", "header": {"sender": {"id": "x", "type": "CONNECTOR"}}, "body": {"type": "PLAIN", "markdownText": "yo"}}}),
        ),
    );
    assert!(
        commands(&receipts).is_empty(),
        "no READ receipt as ASSISTANT"
    );
    let whisper = state.focused_conversation().unwrap().lines.last().cloned();
    assert!(
        state
            .focused_conversation()
            .unwrap()
            .lines
            .iter()
            .any(|l| l.whisper && &*l.text == "hi"),
        "{whisper:?}"
    );
}

#[test]
fn consult_transfer_names_the_assistant_who_joined() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let mut joined: Value = fixture("cimEvent.agent_subscribed.json");
    joined["conversationId"] = json!(b);
    joined["data"]["agentParticipant"]["role"] = json!("ASSISTANT");
    joined["data"]["agentParticipant"]["participant"]["id"] =
        json!("eed4c6de-27b0-4321-b057-2a618dcad6d1");
    joined["data"]["agentParticipant"]["participant"]["keycloakUser"] =
        json!({"username": "sabahat"});
    joined["data"]["agentParticipant"]["id"] = json!("tp-assistant");
    client(&mut state, T0, cim(&b, joined));
    let texts = line_texts(&state, &b);
    assert!(
        texts
            .iter()
            .any(|t| t == "sabahat joined the conversation as assistant"),
        "{texts:?}"
    );
    let sent = commands(&type_line(&mut state, T0, "/consult-transfer"));
    assert!(
        matches!(&sent[..], [Command::ConsultTransfer { requested_agent_id, .. }] if requested_agent_id == "eed4c6de-27b0-4321-b057-2a618dcad6d1"),
        "{sent:?}"
    );
    client(
        &mut state,
        T0,
        ClientEvent::ConsultTransferSucceeded(serde_json::from_value(json!({
            "conversationId": b, "newTask": {}, "agentId": "eed4c6de-27b0-4321-b057-2a618dcad6d1"
        })).unwrap()),
    );
    assert!(line_texts(&state, &b)
        .contains(&"Consult transfer done: the conversation is now with sabahat".to_string()));
}

#[test]
fn server_errors_about_a_request_are_said_in_its_conversation() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    type_line(&mut state, T0, "/transfer chat-khurram");
    queues_arrive(&mut state, &b);
    client(
        &mut state,
        T0,
        ClientEvent::ServerError {
            task: "directTransferRequest".into(),
            msg: "Queue not found".into(),
        },
    );
    assert!(line_texts(&state, &b)
        .contains(&"Transfer to chat-khurram failed: Queue not found".to_string()));
    // No-agent and queued system events read in words.
    let no_agent = json!({"id": "na1", "name": "NO_AGENT_AVAILABLE", "type": "NOTIFICATION", "conversationId": b,
        "data": {"requestType": {"mode": "queue", "direction": "DIRECT_TRANSFER"}}});
    client(&mut state, T0, cim(&b, no_agent));
    assert!(line_texts(&state, &b).contains(&"No agent available for queue transfer".to_string()));
}

#[test]
fn agents_see_whispers_marked_and_never_a_silent_monitors_join() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let mut monitor: Value = fixture("cimEvent.agent_subscribed.json");
    monitor["conversationId"] = json!(b);
    monitor["data"]["agentParticipant"]["role"] = json!("SILENT_MONITOR");
    monitor["data"]["agentParticipant"]["participant"]["id"] = json!("boss");
    monitor["data"]["agentParticipant"]["id"] = json!("tp-boss");
    let before = line_texts(&state, &b).len();
    client(&mut state, T0, cim(&b, monitor));
    assert_eq!(
        line_texts(&state, &b).len(),
        before,
        "no line for a silent monitor"
    );
    let c = state.focused_conversation().unwrap();
    assert!(c.roster.shown(false).all(|p| p.role != "SILENT_MONITOR"));
    let mut whisper: Value = fixture("cimEvent.whisper_encoded.json");
    whisper["conversationId"] = json!(b);
    client(&mut state, T0, cim(&b, whisper));
    let line = state
        .focused_conversation()
        .unwrap()
        .lines
        .last()
        .unwrap()
        .clone();
    assert!(line.whisper, "{line:?}");
    assert_eq!(&*line.text, "hello");
    assert_eq!(line.sender, "raza");
}

fn supervisor_board(state: &mut State) {
    let effects = type_line(state, T0, "/team");
    assert!(
        matches!(&commands(&effects)[..], [Command::FetchTeamBoard { team_ids }] if team_ids == &["a7687281-ea0d-4e8a-a6b6-146d3e4ccd50".to_string()]),
        "{effects:?}"
    );
    assert_eq!(state.overlay, Some(Overlay::TeamBoard));
    let topic = fixture("onTopicData.json");
    let chat = ActiveChat {
        conversation_id: "67c1cb75956d765cfc275754".into(),
        queue: "chat-khurram".into(),
        customer: "test".into(),
        agents: vec!["sabahat-agent1".into()],
        channel: "WEB".into(),
        since_ms: Some(T0 - 60_000),
        channel_session: topic["topicData"]["channelSession"].clone(),
        room_info: serde_json::from_value(topic["roomInfo"].clone()).ok(),
        hand_raised_by: None,
    };
    client(
        state,
        T0,
        ClientEvent::TeamBoard {
            agents: Err("HTTP 404: Not Found".into()),
            chats: Ok(vec![chat]),
        },
    );
}

#[test]
fn the_board_survives_a_404_refreshes_and_monitors_row_n() {
    let mut state = online();
    supervisor_board(&mut state);
    assert!(matches!(&state.board.agents, Some(Err(e)) if e.contains("404")));
    assert_eq!(state.board.chats().len(), 1);
    // Refreshed every 10 s while open, not before.
    assert!(app::update(&mut state, T0 + 5_000, Input::Tick).is_empty());
    let refresh = app::update(&mut state, T0 + 10_000, Input::Tick);
    assert!(matches!(
        &commands(&refresh)[..],
        [Command::FetchTeamBoard { .. }]
    ));
    client(
        &mut state,
        T0 + 10_100,
        ClientEvent::TeamBoard {
            agents: Err("HTTP 404: Not Found".into()),
            chats: Ok(Vec::new()),
        },
    );
    assert!(state.board.chats().is_empty());
    user(&mut state, T0, UserAction::Dismiss);
    supervisor_board(&mut state);
    // Enter on the board: monitor row 1, with its channel session.
    let sent = commands(&user(&mut state, T0, UserAction::Submit));
    let topic = fixture("onTopicData.json");
    assert_eq!(
        sent,
        [Command::SilentMonitor {
            conversation_id: "67c1cb75956d765cfc275754".into(),
            channel_session: topic["topicData"]["channelSession"].clone(),
        }]
    );
    assert!(state.overlay.is_none());
    // Closed, the board is not refreshed.
    assert!(app::update(&mut state, T0 + 60_000, Input::Tick).is_empty());
}

#[test]
fn monitor_whisper_barge_in_and_back() {
    let mut state = online();
    let sent = commands(&type_line(
        &mut state,
        T0,
        "/monitor 67c1cb75956d765cfc275754",
    ));
    assert!(
        matches!(
            &sent[..],
            [Command::SilentMonitor {
                channel_session: Value::Null,
                ..
            }]
        ),
        "{sent:?}"
    );
    // The answer names no role: the desk still opens it read-only for the customer.
    let mut topic = fixture("onTopicData.json");
    topic["topicData"]["topicParticipant"] = Value::Null;
    let topic: TopicDataEvent = serde_json::from_value(topic).unwrap();
    let effects = client(&mut state, T0, ClientEvent::TopicData(Box::new(topic)));
    assert!(
        commands(&effects).is_empty(),
        "no READ receipts while monitoring: {effects:?}"
    );
    let c = state.focused_conversation().unwrap();
    assert_eq!(c.role, "SILENT_MONITOR");
    assert_eq!(c.supervision_marker(), Some("monitoring"));
    let b = c.id.clone();
    assert!(
        commands(&user(
            &mut state,
            T0,
            UserAction::Edit(app::Edit::Insert('o'))
        ))
        .is_empty(),
        "no typing"
    );
    let sent = commands(&type_line(&mut state, T0, "k, offer the refund"));
    assert!(
        matches!(&sent[..], [Command::SendWhisper { text, .. }] if text == "ok, offer the refund"),
        "{sent:?}"
    );
    assert!(
        commands(&type_line(&mut state, T0, "/send /etc/hosts")).is_empty(),
        "no files to the customer"
    );
    // Barge-in: the server makes me PRIMARY.
    let sent = commands(&type_line(&mut state, T0, "/barge"));
    assert!(matches!(&sent[..], [Command::Barge { conversation_id, .. }] if *conversation_id == b));
    let mut role: Value = fixture("cimEvent.participant_role_changed.json");
    role["data"]["conversationParticipant"]["participant"]["id"] =
        json!(state.me.as_ref().unwrap().id);
    client(&mut state, T0, cim(&b, role));
    let c = state.focused_conversation().unwrap();
    assert_eq!(c.role, "PRIMARY");
    assert_eq!(c.supervision_marker(), Some("barged in"));
    let sent = commands(&type_line(&mut state, T0, "Hello, I am the supervisor"));
    assert!(
        matches!(&sent[..], [Command::SendMessage { text, .. }] if text == "Hello, I am the supervisor"),
        "{sent:?}"
    );
    // Back to whispering at once.
    let sent = commands(&type_line(&mut state, T0, "/whisper-mode"));
    assert!(matches!(&sent[..], [Command::WhisperMode { .. }]));
    assert!(state.focused_conversation().unwrap().whispers_only());
    assert_eq!(
        state.focused_conversation().unwrap().supervision_marker(),
        Some("monitoring")
    );
    // Leave.
    let sent = commands(&type_line(&mut state, T0, "/leave"));
    assert!(matches!(&sent[..], [Command::Unsubscribe { .. }]));
    let unsub: TopicUnsubscription =
        serde_json::from_value(json!({"conversationId": b, "reason": "UNSUBSCRIBED"})).unwrap();
    client(&mut state, T0, ClientEvent::TopicUnsubscribed(unsub));
    assert!(line_texts(&state, &b)
        .contains(&"You left the monitored conversation. /leave closes it.".to_string()));
}
