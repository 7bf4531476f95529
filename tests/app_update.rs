//! Pure state transitions of `app::update`: presence, offers and RONA, accept → conversation,
//! echo → sent, leave, slash commands. No terminal, no network.

use agentdesk::app::{
    self, Author, Connection, Delivery, Effect, Input, LoginForm, State, UserAction,
};
use agentdesk::client::{ClientEvent, Command};
use agentdesk::protocol::{CimEvent, LoginResponse, OnCimEvent, TaskRequest, TopicDataEvent};
use serde_json::json;

mod common;

use common::*;

#[test]
fn login_success_fetches_reasons_and_connects() {
    let mut state = State::new(Some(LoginForm::default()), T0);
    let ku = decode::<LoginResponse>("login.response.json")
        .data
        .keycloak_user;
    let effects = client(&mut state, T0, ClientEvent::LoggedIn { user: ku });
    // Reasons, pull-mode lists, the team's announcements and the wrap-up form (§5, §7).
    assert_eq!(
        sent_commands(&effects),
        [
            &Command::FetchReasons,
            &Command::FetchPullModeLists,
            &Command::FetchAnnouncements {
                team_ids: vec!["a7687281-ea0d-4e8a-a6b6-146d3e4ccd50".into()]
            },
            &Command::FetchWrapupForm {
                form_id: "62d07f4f0980a50a91210bef".into()
            },
        ]
    );
    assert!(state.login.is_none());
    assert_eq!(state.connection, Connection::Connecting);
    client(&mut state, T0, ClientEvent::Connected);
    assert_eq!(state.connection, Connection::Online);
}

#[test]
fn login_form_submits_and_shows_server_error_then_retries() {
    let mut state = State::new(Some(LoginForm::default()), T0);
    type_line(&mut state, T0, "agent1");
    assert_eq!(
        state.login.as_ref().unwrap().focus,
        app::LoginField::Password,
        "Enter on username moves to password"
    );
    let effects = type_line(&mut state, T0, "secret");
    assert_eq!(
        sent_commands(&effects),
        [&Command::Login {
            username: "agent1".into(),
            password: "secret".into()
        }]
    );
    assert!(
        !format!("{:?}", state.login).contains("secret"),
        "password in Debug output"
    );
    assert!(
        !format!("{effects:?}").contains("secret"),
        "password in the Login command's Debug output (logs, panics)"
    );
    client(
        &mut state,
        T0,
        ClientEvent::LoginFailed {
            message: "Error Occured While Generating User Access Token".into(),
        },
    );
    let form = state.login.as_ref().unwrap();
    // The server's wording, in plain words (issue 9 item 12).
    assert_eq!(form.error.as_deref(), Some("Wrong username or password"));
    assert!(form.password.is_empty() && !form.busy);
    let effects = type_line(&mut state, T0, "right");
    assert_eq!(sent_commands(&effects).len(), 1);
}

#[test]
fn presence_sets_agent_and_mrd_states_and_unchanged_is_reported() {
    let mut state = online();
    client(
        &mut state,
        T0,
        ClientEvent::Presence(Box::new(
            serde_json::from_value(presence_of("agentPresence.state_changed.json", ME)).unwrap(),
        )),
    );
    assert_eq!(state.agent.state, "READY");
    assert_eq!(state.agent.since_ms, Some(1740656226434));
    let names: Vec<_> = state
        .mrds
        .iter()
        .map(|m| (m.name.as_str(), m.state.as_str()))
        .collect();
    assert_eq!(names.len(), 3);
    assert!(names.contains(&("CX VOICE", "NOT_READY")));
    client(
        &mut state,
        T0,
        ClientEvent::Presence(Box::new(
            serde_json::from_value(presence_of("agentPresence.unchanged.json", ME)).unwrap(),
        )),
    );
    assert_eq!(
        state.last_notice().unwrap().text,
        "Nothing changed: you are ready"
    );
}

#[test]
fn ready_and_notready_with_reason_emit_state_changes() {
    let mut state = online();
    let effects = type_line(&mut state, T0, "/ready");
    assert_eq!(
        sent_commands(&effects),
        [&Command::SetAgentState {
            state: "READY".into(),
            reason: None
        }]
    );
    assert!(state.composer.is_empty());
    let effects = type_line(&mut state, T0, "/notready short break");
    match sent_commands(&effects)[..] {
        [Command::SetAgentState {
            state,
            reason: Some(reason),
        }] => {
            assert_eq!(state, "NOT_READY");
            assert_eq!(reason.name, "Short Break");
        }
        ref other => panic!("unexpected {other:?}"),
    }
    // A reason of the wrong kind is not accepted.
    let effects = type_line(&mut state, T0, "/notready Out Of Office");
    assert!(effects.is_empty());
    assert!(state.last_notice().unwrap().text.contains("Short Break"));
    let effects = type_line(&mut state, T0, "/logout out of office");
    assert!(
        matches!(sent_commands(&effects)[..], [Command::SetAgentState { state, reason: Some(_) }] if state == "LOGOUT")
    );
}

#[test]
fn agent_state_changes_only_when_the_server_confirms() {
    let mut state = online();
    type_line(&mut state, T0, "/ready");
    assert_eq!(state.agent.state, "", "no optimistic state change");
}

#[test]
fn offer_has_rona_countdown_and_revoke_removes_it() {
    let mut state = online();
    let task = offer(&mut state, T0);
    let o = &state.offers[0];
    assert_eq!(o.customer_name, "sana shoukat");
    assert_eq!(o.seconds_left(T0), Some(2400));
    assert_eq!(o.seconds_left(T0 + 2_399_500), Some(1));
    assert_eq!(o.seconds_left(T0 + 3_000_000), Some(0));
    offer(&mut state, T0 + 10);
    assert_eq!(
        state.offers.len(),
        1,
        "a repeated taskRequest is not a second offer"
    );
    client(
        &mut state,
        T0 + 5,
        ClientEvent::RevokeTask(agentdesk::protocol::RevokeTask {
            conversation_id: task.conversation_id,
            task_id: None,
        }),
    );
    assert!(state.offers.is_empty());
    // The RONA banner says it (one place, not a notice as well).
    assert!(state.rona.is_some());
}

#[test]
fn accept_subscribes_with_the_task_id_unchanged_and_focuses_on_arrival() {
    let mut state = online();
    let task = offer(&mut state, T0);
    let effects = type_line(&mut state, T0, "/accept");
    assert_eq!(
        sent_commands(&effects),
        [&Command::Subscribe {
            conversation_id: task.conversation_id.clone(),
            task_id: task.task_id.clone(),
            room_info: task.room_info.clone(),
            role: "PRIMARY".into(),
        }]
    );
    assert!(state.offers[0].accepting);
    assert!(
        type_line(&mut state, T0, "/accept").is_empty(),
        "no second accept of the same offer"
    );
    // An existing focused conversation does not steal focus from the accepted one.
    let b = topic_b(&mut state, T0);
    assert_eq!(state.focused.as_deref(), Some(b.as_str()));
    let mut topic: TopicDataEvent = decode("onTopicData.json");
    topic.conversation_id = Some(task.conversation_id.clone());
    client(&mut state, T0, ClientEvent::TopicData(Box::new(topic)));
    assert_eq!(
        state.focused.as_deref(),
        Some(task.conversation_id.as_str())
    );
    assert!(state.offers.is_empty());
}

#[test]
fn topic_data_opens_conversation_with_history_and_refresh_does_not_duplicate() {
    let mut state = online();
    let id = topic_b(&mut state, T0);
    let c = state.focused_conversation().unwrap();
    assert_eq!(c.id, id);
    assert_eq!(c.customer_name, "test");
    let authors: Vec<_> = c.lines.iter().map(|l| l.author.clone()).collect();
    assert_eq!(authors, [Author::System, Author::Customer, Author::Me]);
    topic_b(&mut state, T0 + 1000);
    assert_eq!(state.conversations.len(), 1);
    assert_eq!(state.conversations[0].lines.len(), 3);
}

#[test]
fn own_message_is_pending_until_echo_then_sent() {
    let mut state = online();
    topic_b(&mut state, T0);
    let effects = type_line(&mut state, T0, "Hello there");
    let Command::SendMessage {
        message_id,
        text,
        target,
        ..
    } = sent_commands(&effects)[0].clone()
    else {
        panic!("expected SendMessage");
    };
    assert_eq!(text, "Hello there");
    assert_eq!(target.conversation_id, "67c1cb75956d765cfc275754");
    assert!(state.composer.is_empty());
    let line = state
        .focused_conversation()
        .unwrap()
        .lines
        .last()
        .unwrap()
        .clone();
    assert_eq!(line.delivery, Some(Delivery::Pending { sent_at_ms: T0 }));
    // The echo: same data.id.
    let mut echo: CimEvent =
        serde_json::from_value(fixture("publishCimEvent.agent_message.json")["cimEvent"].clone())
            .unwrap();
    echo.data["id"] = json!(message_id);
    echo.data["header"]["sender"]["id"] = json!(state.me.as_ref().unwrap().id);
    client(
        &mut state,
        T0 + 300,
        ClientEvent::CimEvent {
            conversation_id: Some(target.conversation_id.clone()),
            event: Box::new(echo),
        },
    );
    let lines = &state.focused_conversation().unwrap().lines;
    assert_eq!(
        lines.iter().filter(|l| *l.id == *message_id).count(),
        1,
        "echo is merged, not duplicated"
    );
    assert_eq!(lines.last().unwrap().delivery, Some(Delivery::Sent));
}

#[test]
fn unechoed_message_is_not_confirmed_after_twenty_seconds() {
    let mut state = online();
    topic_b(&mut state, T0);
    type_line(&mut state, T0, "anyone?");
    app::update(&mut state, T0 + 19_999, Input::Tick);
    assert!(matches!(
        state
            .focused_conversation()
            .unwrap()
            .lines
            .last()
            .unwrap()
            .delivery,
        Some(Delivery::Pending { .. })
    ));
    app::update(&mut state, T0 + 20_000, Input::Tick);
    assert_eq!(
        state
            .focused_conversation()
            .unwrap()
            .lines
            .last()
            .unwrap()
            .delivery,
        Some(Delivery::NotConfirmed)
    );
}

#[test]
fn message_while_offline_is_queued_then_sent_after_the_reconnect() {
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
    let effects = type_line(&mut state, T0, "keep me");
    assert!(
        sent_commands(&effects).is_empty(),
        "not emitted while offline"
    );
    assert!(state.composer.is_empty(), "taken, not refused");
    let line = state.focused_conversation().unwrap().lines.last().unwrap();
    assert_eq!(line.delivery, Some(Delivery::Queued));
    let id = line.id.clone();
    client(&mut state, T0 + 1_000, ClientEvent::Connected);
    let effects = {
        let topic: agentdesk::protocol::TopicDataEvent = decode("onTopicData.json");
        client(
            &mut state,
            T0 + 1_010,
            ClientEvent::TopicData(Box::new(topic)),
        )
    };
    match sent_commands(&effects).as_slice() {
        [Command::SendMessage {
            message_id, text, ..
        }] => {
            assert_eq!((message_id.as_str(), text.as_str()), (&*id, "keep me"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn customer_message_counts_unread_when_not_focused() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let mut other: TopicDataEvent = decode("onTopicData.json");
    other.conversation_id = Some("other".into());
    client(&mut state, T0, ClientEvent::TopicData(Box::new(other)));
    assert_eq!(
        state.focused.as_deref(),
        Some(b.as_str()),
        "a second conversation does not steal focus"
    );
    let envelope: OnCimEvent = decode("onCimEvent.customer_message.string.json");
    let event = envelope.event().unwrap();
    client(
        &mut state,
        T0,
        ClientEvent::CimEvent {
            conversation_id: Some("other".into()),
            event: Box::new(event),
        },
    );
    let other = state
        .conversations
        .iter()
        .find(|c| c.id == "other")
        .unwrap();
    assert_eq!(other.unread, 1);
    user(&mut state, T0, UserAction::FocusNext);
    assert_eq!(state.focused.as_deref(), Some("other"));
    assert_eq!(state.focused_conversation().unwrap().unread, 0);
}

#[test]
fn leave_unsubscribes_then_ended_conversation_is_dismissed() {
    let mut state = online();
    let id = topic_b(&mut state, T0);
    let effects = type_line(&mut state, T0, "/leave");
    assert!(
        matches!(sent_commands(&effects)[..], [Command::Unsubscribe { conversation_id, .. }] if *conversation_id == id)
    );
    let unsub = json!({"task": "topicUnsubscription", "conversationId": id, "statusCode": 200, "reason": "UNSUBSCRIBED"});
    client(
        &mut state,
        T0,
        ClientEvent::TopicUnsubscribed(serde_json::from_value(unsub).unwrap()),
    );
    let c = state.focused_conversation().unwrap();
    assert_eq!(c.ended.as_deref(), Some("UNSUBSCRIBED"));
    assert!(c.lines.last().unwrap().text.contains("ended"));
    let effects = type_line(&mut state, T0, "/leave");
    assert!(effects.is_empty());
    assert!(state.conversations.is_empty() && state.focused.is_none());
}

#[test]
fn started_consult_task_joins_at_once_as_assistant() {
    let mut state = online();
    let task: TaskRequest = decode("taskRequest.consult_started.json");
    let effects = client(
        &mut state,
        T0,
        ClientEvent::TaskRequest(Box::new(task.clone())),
    );
    assert!(
        matches!(sent_commands(&effects)[..], [Command::Subscribe { role, task_id, .. }] if role == "ASSISTANT" && *task_id == task.task_id)
    );
    assert!(state.offers.is_empty());
}

#[test]
fn customer_text_with_escape_sequences_is_neutralised() {
    let mut state = online();
    let id = topic_b(&mut state, T0);
    let envelope: OnCimEvent = decode("onCimEvent.customer_message.string.json");
    let mut event = envelope.event().unwrap();
    event.data["id"] = json!("evil");
    event.data["body"]["markdownText"] = json!("\u{1b}]0;owned\u{7}\u{1b}[2Jhi");
    client(
        &mut state,
        T0,
        ClientEvent::CimEvent {
            conversation_id: Some(id),
            event: Box::new(event),
        },
    );
    let text = &state
        .focused_conversation()
        .unwrap()
        .lines
        .last()
        .unwrap()
        .text;
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
}

#[test]
fn quit_disconnects_then_quits_and_unknown_command_is_explained() {
    let mut state = online();
    let effects = type_line(&mut state, T0, "/frob");
    assert!(effects.is_empty());
    assert!(state.last_notice().unwrap().text.contains("/help"));
    let effects = type_line(&mut state, T0, "/quit");
    assert_eq!(effects, [Effect::Send(Command::Disconnect), Effect::Quit]);
    assert!(state.quit);
}

#[test]
fn session_removed_and_server_errors_are_shown() {
    let mut state = online();
    client(
        &mut state,
        T0,
        ClientEvent::ServerError {
            task: "changeAgentState".into(),
            msg: "Agent MRD state can not be changed".into(),
        },
    );
    assert_eq!(
        state.last_notice().unwrap().text,
        "State change refused: Agent MRD state can not be changed"
    );
    client(&mut state, T0, ClientEvent::SessionRemoved);
    assert!(matches!(state.connection, Connection::Offline { .. }));
}
