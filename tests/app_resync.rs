//! The server is the truth on every (re)connect (issue 8, connection lifecycle): dead offers
//! and forgotten conversations go, own messages are reconciled by id, refusals end what the
//! server no longer has, foreign presence and id-less snapshots are rejected, a takeover asks.

mod common;

use agentdesk::app::resync::{OFFER_GRACE_MS, RESYNC_GRACE_MS, SERVER_FORGOT};
use agentdesk::app::{self, Connection, Delivery, Effect, Input, Level, State, UserAction};
use agentdesk::client::{ClientEvent, Command};
use agentdesk::protocol::{AgentPresenceEvent, TopicDataEvent};
use common::*;
use serde_json::json;

const OFFER_CONVERSATION: &str = "65a923832d53786eb16039f0";

fn tick(state: &mut State, now: i64) {
    app::update(state, now, Input::Tick);
}

fn reconnect(state: &mut State, now: i64) {
    client(
        state,
        now,
        ClientEvent::Disconnected {
            reason: "transport close".into(),
            retry_in_ms: Some(1000),
        },
    );
    client(state, now, ClientEvent::Connected);
}

fn last_own_delivery(state: &State) -> Option<Delivery> {
    state
        .focused_conversation()
        .unwrap()
        .lines
        .iter()
        .rev()
        .find(|l| l.author == app::Author::Me)
        .and_then(|l| l.delivery)
}

fn sent_message_id(effects: &[Effect]) -> String {
    match sent_commands(effects).first() {
        Some(Command::SendMessage { message_id, .. }) => message_id.clone(),
        other => panic!("no SendMessage: {other:?}"),
    }
}

/// `onTopicData.json` whose own AGENT_MESSAGE has `message_id`.
fn topic_b_with_own_message(message_id: &str) -> ClientEvent {
    let mut value = fixture("onTopicData.json");
    for event in value["topicData"]["topicEvents"].as_array_mut().unwrap() {
        if event["name"] == "AGENT_MESSAGE" {
            event["data"]["id"] = json!(message_id);
        }
    }
    ClientEvent::TopicData(Box::new(serde_json::from_value(value).unwrap()))
}

#[test]
fn an_own_message_in_the_snapshot_history_counts_as_sent() {
    let mut state = online();
    topic_b(&mut state, T0);
    let effects = type_line(&mut state, T0, "are you there?");
    let id = sent_message_id(&effects);
    // The echo never came (a stall), the 20 s passed: not confirmed, not failed.
    tick(&mut state, T0 + 21_000);
    assert_eq!(last_own_delivery(&state), Some(Delivery::NotConfirmed));
    // The resync's history holds it with the same id: sent, and no second copy.
    reconnect(&mut state, T0 + 30_000);
    client(&mut state, T0 + 30_000, topic_b_with_own_message(&id));
    let conversation = state.focused_conversation().unwrap();
    assert_eq!(
        conversation.lines.iter().filter(|l| *l.id == *id).count(),
        1
    );
    assert_eq!(last_own_delivery(&state), Some(Delivery::Sent));
}

#[test]
fn after_a_reconnect_what_the_server_forgot_is_ended_and_removed() {
    let mut state = online();
    client(
        &mut state,
        T0,
        ClientEvent::ChannelTypes(decode("onChannelTypes.json")),
    );
    let b = topic_b(&mut state, T0);
    offer(&mut state, T0);
    let chat_mrd = state
        .channel_types
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(&state.conversations[0].channel))
        .and_then(|t| t.media_routing_domain.clone());
    let load = |s: &State| chat_mrd.as_deref().map_or(0, |m| s.mrd_load(m));
    let before = load(&state);

    // The server restarted: it re-sends nothing of it.
    let at = T0 + 60_000;
    reconnect(&mut state, at);
    tick(&mut state, at + RESYNC_GRACE_MS - 1);
    assert!(state.conversations[0].ended.is_none(), "still waiting");
    tick(&mut state, at + RESYNC_GRACE_MS);
    let conversation = state.conversation(&b).unwrap();
    assert_eq!(conversation.ended.as_deref(), Some(SERVER_FORGOT));
    assert!(conversation
        .lines
        .last()
        .unwrap()
        .text
        .contains("the server no longer has this conversation"));
    assert!(state.offers.is_empty(), "dead offer removed");
    assert!(state.notices.iter().any(|n| n.level == Level::Warning
        && n.text.contains("Offer from")
        && n.text.contains("gone")));
    assert!(
        chat_mrd.is_some() && before == 1,
        "the conversation counted before"
    );
    assert_eq!(load(&state), 0, "no longer counted");
    // It can be closed.
    state.focused = Some(b.clone());
    type_line(&mut state, at + RESYNC_GRACE_MS, "/leave");
    assert!(state.conversations.is_empty());
}

#[test]
fn what_the_server_re_sends_after_a_reconnect_stays() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    offer(&mut state, T0);
    reconnect(&mut state, T0 + 1_000);
    topic_b(&mut state, T0 + 1_010);
    offer(&mut state, T0 + 1_020);
    tick(&mut state, T0 + 1_000 + RESYNC_GRACE_MS);
    assert!(state.conversation(&b).unwrap().ended.is_none());
    assert_eq!(state.offers.len(), 1);
}

#[test]
fn an_offer_long_past_its_rona_without_revoke_is_removed() {
    let mut state = online();
    offer(&mut state, T0);
    let expires = state.offers[0]
        .expires_at_ms
        .expect("the fixture has a TTL");
    tick(&mut state, expires + OFFER_GRACE_MS - 1);
    assert_eq!(state.offers.len(), 1, "waits for revokeTask a little");
    tick(&mut state, expires + OFFER_GRACE_MS);
    assert!(state.offers.is_empty());
    assert!(state.last_notice().unwrap().text.contains("expired"));
    assert!(
        state
            .notices
            .iter()
            .filter(|n| n.text.starts_with("New "))
            .all(|n| n.ended),
        "the offer's own notice ends with it: {:?}",
        state.notices
    );
}

#[test]
fn a_refused_accept_drops_the_offer_instead_of_accepting_forever() {
    let mut state = online();
    offer(&mut state, T0);
    type_line(&mut state, T0, "/accept");
    assert!(state.offers[0].accepting);
    client(
        &mut state,
        T0 + 100,
        ClientEvent::ServerError {
            task: "topicSubscription".into(),
            msg: format!("No pending task 'x:y' for conversation '{OFFER_CONVERSATION}'"),
        },
    );
    assert!(state.offers.is_empty());
    assert!(state.focus_on_arrival.is_none());
    assert!(state
        .notices
        .iter()
        .any(|n| n.text.contains("no longer available")));
}

#[test]
fn a_refused_leave_of_an_unknown_conversation_ends_it_here() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    type_line(&mut state, T0, "/leave");
    assert!(state.conversation(&b).unwrap().leaving);
    client(
        &mut state,
        T0 + 100,
        ClientEvent::ServerError {
            task: "topicUnsubscription".into(),
            msg: format!("Conversation '{b}' is not active for this agent"),
        },
    );
    let conversation = state.conversation(&b).unwrap();
    assert!(!conversation.leaving);
    assert_eq!(conversation.ended.as_deref(), Some(SERVER_FORGOT));
    type_line(&mut state, T0 + 200, "/leave");
    assert!(state.conversations.is_empty(), "closable");
}

#[test]
fn presence_about_another_agent_is_ignored() {
    let mut state = online();
    let mine: AgentPresenceEvent =
        serde_json::from_value(presence_of("agentPresence.state_changed.json", ME)).unwrap();
    client(&mut state, T0, ClientEvent::Presence(Box::new(mine)));
    assert_eq!(state.agent.state, "READY");
    let mut other = presence_of("agentPresence.state_changed.json", "someone-else");
    other["agentPresence"]["state"] = json!({"name": "NOT_READY", "reasonCode": null});
    other["agentPresence"]["agentMrdStates"] = json!([]);
    let other: AgentPresenceEvent = serde_json::from_value(other).unwrap();
    client(&mut state, T0 + 1, ClientEvent::Presence(Box::new(other)));
    assert_eq!(state.agent.state, "READY");
    assert_eq!(state.mrds.len(), 3);
}

#[test]
fn after_a_reconnect_the_last_known_state_is_asked_for_again_until_the_server_says() {
    // READY shown from before the reconnect is only last known: a restarted server may hold
    // NOT_READY, so /ready (and /mrd chat ready) go out instead of "already ready".
    let mut state = online();
    let mine: AgentPresenceEvent =
        serde_json::from_value(presence_of("agentPresence.state_changed.json", ME)).unwrap();
    client(
        &mut state,
        T0,
        ClientEvent::Presence(Box::new(mine.clone())),
    );
    assert!(sent_commands(&type_line(&mut state, T0, "/ready")).is_empty());
    assert!(sent_commands(&type_line(&mut state, T0, "/mrd chat ready")).is_empty());
    reconnect(&mut state, T0 + 1_000);
    assert_eq!(state.agent.state, "READY");
    assert!(matches!(
        sent_commands(&type_line(&mut state, T0 + 1_000, "/ready"))[..],
        [Command::SetAgentState { .. }]
    ));
    assert!(matches!(
        sent_commands(&type_line(&mut state, T0 + 1_000, "/mrd chat ready"))[..],
        [Command::SetMrdState { .. }]
    ));
    // Once the server has said it, the rule against asking for the state one is in holds.
    client(
        &mut state,
        T0 + 1_100,
        ClientEvent::Presence(Box::new(mine)),
    );
    assert!(sent_commands(&type_line(&mut state, T0 + 1_200, "/ready")).is_empty());
}

#[test]
fn a_snapshot_without_a_conversation_id_is_rejected() {
    let mut state = online();
    let mut value = fixture("onTopicData.json");
    value.as_object_mut().unwrap().remove("conversationId");
    value["topicData"]["id"] = json!("");
    let topic: TopicDataEvent = serde_json::from_value(value).unwrap();
    client(&mut state, T0, ClientEvent::TopicData(Box::new(topic)));
    assert!(state.conversations.is_empty(), "no phantom conversation");
}

#[test]
fn logging_in_again_after_a_takeover_asks_first() {
    let mut state = online();
    client(&mut state, T0, ClientEvent::SessionRemoved);
    assert!(state.login.is_some());
    for c in "pw".chars() {
        user(&mut state, T0, UserAction::Edit(app::Edit::Insert(c)));
    }
    let effects = user(&mut state, T0, UserAction::Submit);
    assert!(sent_commands(&effects).is_empty(), "asks first");
    let error = state.login.as_ref().unwrap().error.clone().unwrap();
    assert!(error.contains("ends that session"), "{error}");
    let effects = user(&mut state, T0, UserAction::Submit);
    assert!(matches!(
        sent_commands(&effects).as_slice(),
        [Command::Login { .. }]
    ));
}

#[test]
fn reconnect_now_only_while_logged_in() {
    let mut state = online();
    client(
        &mut state,
        T0,
        ClientEvent::Disconnected {
            reason: "ping timeout".into(),
            retry_in_ms: Some(16_000),
        },
    );
    let effects = type_line(&mut state, T0, "/reconnect");
    assert_eq!(sent_commands(&effects), [&Command::Reconnect]);
    let mut logged_out = State::new(Some(Default::default()), T0);
    logged_out.connection = Connection::LoggedOut;
    logged_out.login = None;
    let effects = type_line(&mut logged_out, T0, "/reconnect");
    assert!(sent_commands(&effects).is_empty());
}
