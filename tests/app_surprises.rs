//! Issue 9: screens that misled a new user — stale notices, refusals without their reason,
//! a login form that forgot the server, names that differ by place, a customer who left
//! looking active, junk lines from a failed `/send`, silent Alt+n, server jargon. Pure app
//! state, driven through `app::update`.

mod common;

use agentdesk::app::{Effect, LoginForm, State, UserAction};
use agentdesk::client::{ClientEvent, Command};
use agentdesk::protocol::{AgentPresenceEvent, CimEvent, RevokeTask};
use common::*;
use serde_json::{json, Value};

fn cim(name: &str, kind: &str, conversation: &str, data: Value) -> ClientEvent {
    let event: CimEvent = serde_json::from_value(json!({
        "id": uuid::Uuid::new_v4().to_string(), "name": name, "type": kind,
        "conversationId": conversation, "timestamp": T0, "data": data,
    }))
    .unwrap();
    ClientEvent::CimEvent {
        conversation_id: Some(conversation.into()),
        event: Box::new(event),
    }
}

fn presence(name: &str, reason: Option<&str>, unchanged: bool) -> ClientEvent {
    // About this desk's own agent: presence about anyone else is ignored (issue 8).
    let mut p = presence_of("agentPresence.state_changed.json", ME);
    p["agentPresence"]["state"] = json!({
        "name": name,
        "reasonCode": reason.map(|r| json!({"id": r, "name": r, "type": name})),
    });
    if unchanged {
        p["action"] = json!("AGENT_STATE_UNCHANGED");
    }
    ClientEvent::Presence(Box::new(
        serde_json::from_value::<AgentPresenceEvent>(p).unwrap(),
    ))
}

fn shown(state: &State) -> String {
    state
        .current_notice()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

fn sent_message_id(effects: &[Effect]) -> String {
    sent_commands(effects)
        .into_iter()
        .find_map(|c| match c {
            Command::SendMessage { message_id, .. } => Some(message_id.clone()),
            _ => None,
        })
        .expect("a message was sent")
}

/// The server's echo of an own message.
fn echo(state: &State, conversation: &str, message_id: &str, text: &str) -> ClientEvent {
    let me = state.me.as_ref().unwrap().id.clone();
    cim(
        "AGENT_MESSAGE",
        "MESSAGE",
        conversation,
        json!({
            "id": message_id,
            "header": {"sender": {"id": me, "type": "AGENT", "senderName": "sabahat-agent1"}},
            "body": {"type": "PLAIN", "markdownText": text},
        }),
    )
}

// Item 5: a notice ends when what it reports ends.

#[test]
fn the_offer_notice_ends_when_the_offer_is_accepted() {
    let mut state = online();
    let task = offer(&mut state, T0);
    assert!(shown(&state).contains("chat from"), "{}", shown(&state));
    type_line(&mut state, T0, "/accept");
    let mut topic: agentdesk::protocol::TopicDataEvent = decode("onTopicData.json");
    topic.conversation_id = Some(task.conversation_id.clone());
    client(
        &mut state,
        T0 + 1_000,
        ClientEvent::TopicData(Box::new(topic)),
    );
    assert!(state.offers.is_empty());
    assert!(!shown(&state).contains("chat from"), "{}", shown(&state));
}

#[test]
fn a_send_failure_notice_ends_when_the_next_message_goes_through() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let first = sent_message_id(&type_line(&mut state, T0, "first"));
    client(
        &mut state,
        T0,
        ClientEvent::SendFailed {
            conversation_id: b.clone(),
            message_id: first,
            message: "the file engine said no".into(),
        },
    );
    assert!(shown(&state).contains("Not sent"));
    let second = sent_message_id(&type_line(&mut state, T0 + 1_000, "second"));
    let event = echo(&state, &b, &second, "second");
    client(&mut state, T0 + 2_000, event);
    assert!(!shown(&state).contains("Not sent"), "{}", shown(&state));
}

#[test]
fn the_rona_banner_does_not_survive_a_logout() {
    let mut state = online();
    let task = offer(&mut state, T0);
    client(
        &mut state,
        T0 + 30_000,
        ClientEvent::RevokeTask(RevokeTask {
            conversation_id: task.conversation_id.clone(),
            task_id: None,
        }),
    );
    assert!(state.rona.is_some());
    client(&mut state, T0 + 31_000, presence("LOGOUT", None, false));
    client(
        &mut state,
        T0 + 32_000,
        ClientEvent::ForcedLogout {
            reason: "io server disconnect".into(),
        },
    );
    assert!(state.rona.is_none(), "the banner went with the session");
    let user = state.me.clone().unwrap();
    client(&mut state, T0 + 40_000, ClientEvent::LoggedIn { user });
    assert!(state.rona.is_none());
}

// Item 6: refusals show the server's reason; no request that cannot change anything.

#[test]
fn a_refused_logout_shows_the_servers_reason() {
    let mut state = online();
    topic_b(&mut state, T0);
    client(&mut state, T0, presence("NOT_READY", None, false));
    let effects = type_line(&mut state, T0, "/logout");
    let mut sent = sent_commands(&effects).len();
    if sent == 0 {
        // A picker of LOGOUT reasons: take the first.
        sent = sent_commands(&user(&mut state, T0, UserAction::Submit)).len();
    }
    assert_eq!(sent, 1);
    client(
        &mut state,
        T0,
        ClientEvent::ServerError {
            task: "changeAgentState".into(),
            msg: "Agent can not be logged out while 1 conversation(s) are active".into(),
        },
    );
    client(&mut state, T0, presence("NOT_READY", None, true));
    let refusal =
        "Could not log out: Agent can not be logged out while 1 conversation(s) are active";
    assert_eq!(shown(&state), refusal);
    // A new offer a moment later does not push the reason off the screen.
    offer(&mut state, T0 + 500);
    assert_eq!(shown(&state), refusal);
}

#[test]
fn ready_while_ready_is_not_sent_and_says_so() {
    let mut state = online();
    client(&mut state, T0, presence("READY", None, false));
    let effects = type_line(&mut state, T0, "/ready");
    assert!(sent_commands(&effects).is_empty());
    assert_eq!(shown(&state), "You are already ready");
    // An UNCHANGED without an error says that nothing changed, in words.
    client(&mut state, T0, presence("READY", None, true));
    assert_eq!(shown(&state), "Nothing changed: you are ready");
}

// Item 7: the login form keeps the server and the username.

#[test]
fn the_login_form_after_a_logout_keeps_server_and_username() {
    let form = LoginForm {
        server: "https://cx.example.com/agent-manager".into(),
        ..LoginForm::default()
    };
    let mut state = State::new(Some(form), T0);
    let user: agentdesk::protocol::LoginResponse = decode("login.response.json");
    let user = user.data.keycloak_user;
    client(&mut state, T0, ClientEvent::LoggedIn { user: user.clone() });
    client(&mut state, T0, ClientEvent::Connected);
    for end in [
        ClientEvent::ForcedLogout {
            reason: "io server disconnect".into(),
        },
        ClientEvent::SessionRemoved,
    ] {
        client(&mut state, T0, end);
        let form = state.login.clone().expect("login form");
        assert_eq!(form.server, "https://cx.example.com/agent-manager");
        assert_eq!(form.username.text(), user.username);
        client(&mut state, T0, ClientEvent::LoggedIn { user: user.clone() });
    }
    // A socket refused after the REST login: the same form.
    client(
        &mut state,
        T0,
        ClientEvent::LoginFailed {
            message: "The Agent Manager refused the session".into(),
        },
    );
    assert_eq!(
        state.login.as_ref().unwrap().server,
        "https://cx.example.com/agent-manager"
    );
}

// Item 8: one name for the agent; "You" for own lines.

#[test]
fn own_hold_lines_and_quotes_say_you_not_the_username() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let me = state.me.as_ref().unwrap().id.clone();
    client(
        &mut state,
        T0,
        cim(
            "CONVERSATION_PAUSED",
            "ACTIVITY",
            &b,
            json!({"duration": 300, "participantId": me}),
        ),
    );
    let hold_line = state.focused_conversation().unwrap().lines.last().unwrap();
    assert!(hold_line.text.ends_with("by you"), "{}", hold_line.text);
    assert!(!hold_line.text.contains("sabahat-agent1"));
    client(
        &mut state,
        T0,
        cim(
            "CONVERSATION_RESUMED",
            "ACTIVITY",
            &b,
            json!({"participantId": me}),
        ),
    );
    let id = sent_message_id(&type_line(&mut state, T0, "my words"));
    let line = state.focused_conversation().unwrap().line(&id).unwrap();
    assert_eq!(line.quote().sender, "You");
}

// Item 9: a customer who left is marked, and writing to them says why it is not sent.

#[test]
fn a_customer_who_left_is_marked_and_messages_to_them_stay_in_the_composer() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    assert!(!state.focused_conversation().unwrap().customer_left);
    client(
        &mut state,
        T0,
        cim("CUSTOMER_LEFT", "ACTIVITY", &b, json!({})),
    );
    assert!(state.focused_conversation().unwrap().customer_left);
    let effects = type_line(&mut state, T0, "are you there?");
    assert!(sent_commands(&effects).is_empty());
    assert_eq!(
        state.composer.text(),
        "are you there?",
        "nothing typed is lost"
    );
    assert!(
        shown(&state).contains("left: nothing sent"),
        "{}",
        shown(&state)
    );
    // Back in a new channel session: writing works again.
    client(
        &mut state,
        T0,
        cim("CHANNEL_SESSION_STARTED", "ACTIVITY", &b, json!({})),
    );
    assert_eq!(
        sent_commands(&user(&mut state, T0, UserAction::Submit)).len(),
        1
    );
}

#[test]
fn writing_on_hold_says_resume_first() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(
        &mut state,
        T0,
        cim(
            "CONVERSATION_PAUSED",
            "ACTIVITY",
            &b,
            json!({"duration": 300}),
        ),
    );
    assert!(sent_commands(&type_line(&mut state, T0, "hello?")).is_empty());
    assert!(shown(&state).contains("on hold"), "{}", shown(&state));
    assert_eq!(state.composer.text(), "hello?");
}

// Item 10: `/send` of a file that cannot go adds nothing to the chat.

#[test]
fn a_refused_file_adds_no_line() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let before = state.focused_conversation().unwrap().lines.len();
    let effects = type_line(&mut state, T0, "/send /nowhere/invoice.pdf");
    let message_id = sent_commands(&effects)
        .into_iter()
        .find_map(|c| match c {
            Command::SendFile { message_id, .. } => Some(message_id.clone()),
            _ => None,
        })
        .unwrap();
    client(
        &mut state,
        T0,
        ClientEvent::SendFailed {
            conversation_id: b,
            message_id,
            message: "/nowhere/invoice.pdf: file not found: /nowhere/invoice.pdf".into(),
        },
    );
    assert_eq!(state.focused_conversation().unwrap().lines.len(), before);
    assert!(shown(&state).contains("file not found"));
}

// Item 11: Alt+n warns like /goto; numbers stay while a chat lives.

fn conversation(state: &mut State, id: &str) {
    let mut topic: agentdesk::protocol::TopicDataEvent = decode("onTopicData.json");
    topic.conversation_id = Some(id.into());
    client(state, T0, ClientEvent::TopicData(Box::new(topic)));
}

#[test]
fn chat_numbers_stay_and_a_missing_number_warns_both_ways() {
    let mut state = online();
    for id in ["a", "b", "c"] {
        conversation(&mut state, id);
    }
    let numbers = |s: &State| -> Vec<(String, usize)> {
        s.conversations
            .iter()
            .map(|c| (c.id.clone(), c.number))
            .collect()
    };
    assert_eq!(
        numbers(&state),
        [("a".into(), 1), ("b".into(), 2), ("c".into(), 3)]
    );
    // Close b: c keeps its number 3.
    user(&mut state, T0, UserAction::FocusNumber(2));
    client(
        &mut state,
        T0,
        ClientEvent::TopicUnsubscribed(agentdesk::protocol::TopicUnsubscription {
            conversation_id: "b".into(),
            ..serde_json::from_value(fixture("topicUnsubscription.received.json")).unwrap()
        }),
    );
    type_line(&mut state, T0, "/leave");
    assert_eq!(numbers(&state), [("a".into(), 1), ("c".into(), 3)]);
    user(&mut state, T0, UserAction::FocusNumber(3));
    assert_eq!(state.focused.as_deref(), Some("c"));
    // A new chat takes the free number 2.
    conversation(&mut state, "d");
    assert_eq!(
        numbers(&state),
        [("a".into(), 1), ("d".into(), 2), ("c".into(), 3)]
    );
    // Alt+7 says what /goto 7 says.
    user(&mut state, T0, UserAction::FocusNumber(7));
    let alt = shown(&state);
    type_line(&mut state, T0, "/goto 7");
    assert_eq!(alt, shown(&state));
    assert_eq!(alt, "No chat 7 (chats 1, 2, 3)");
}

#[test]
fn a_reason_can_be_named_by_the_start_of_its_name() {
    let mut state = online();
    let effects = type_line(&mut state, T0, "/notready short");
    let reasons: Vec<String> = sent_commands(&effects)
        .into_iter()
        .filter_map(|c| match c {
            Command::SetAgentState { reason, .. } => reason.as_ref().map(|r| r.name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(reasons, ["Short Break"]);
    // No match: the notice says what there is, in words.
    assert!(sent_commands(&type_line(&mut state, T0, "/logout lunch")).is_empty());
    assert!(
        shown(&state).starts_with("No log-out reason named"),
        "{}",
        shown(&state)
    );
}
