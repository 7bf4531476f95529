//! The outbox, exactly once (issue 8): queued while offline and sent in order after the
//! reconnect, a message lost with the old connection sent again with its ids, F12 resends with
//! the same ids, and the outbox and drafts survive a restart.

mod common;

use agentdesk::app::{self, Delivery, Effect, Input, State, UserAction};
use agentdesk::client::{ClientEvent, Command};
use agentdesk::protocol::{CimEvent, TopicDataEvent};
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

fn offline(state: &mut State, now: i64) {
    client(
        state,
        now,
        ClientEvent::Disconnected {
            reason: "transport close".into(),
            retry_in_ms: Some(1000),
        },
    );
}

/// `Connected`, then the server re-sends conversation B as it has it.
fn back_online(state: &mut State, now: i64) -> Vec<Effect> {
    client(state, now, ClientEvent::Connected);
    let topic: TopicDataEvent = decode("onTopicData.json");
    client(state, now + 10, ClientEvent::TopicData(Box::new(topic)))
}

fn sent_messages(effects: &[Effect]) -> Vec<(String, String, String)> {
    sent_commands(effects)
        .into_iter()
        .filter_map(|c| match c {
            Command::SendMessage {
                message_id,
                event_id,
                text,
                ..
            } => Some((message_id.clone(), event_id.clone(), text.clone())),
            _ => None,
        })
        .collect()
}

fn delivery(state: &State, id: &str) -> Option<Delivery> {
    state.focused_conversation()?.line(id)?.delivery
}

/// The server's echo of an own message (same ids), as `onCimEvent` brings it.
fn echo(conversation: &str, message_id: &str, text: &str) -> ClientEvent {
    let event: CimEvent = serde_json::from_value(json!({
        "id": "echo", "name": "AGENT_MESSAGE", "type": "MESSAGE", "conversationId": conversation,
        "timestamp": T0,
        "data": {"id": message_id, "header": {"sender": {"id": ME, "type": "AGENT", "senderName": "sabahat-agent1"}, "timestamp": T0},
                 "body": {"type": "PLAIN", "markdownText": text}},
    }))
    .unwrap();
    ClientEvent::CimEvent {
        conversation_id: Some(conversation.into()),
        event: Box::new(event),
    }
}

#[test]
fn typed_offline_goes_out_in_order_after_the_reconnect() {
    let mut state = online();
    topic_b(&mut state, T0);
    offline(&mut state, T0);
    for text in ["one", "two", "three"] {
        assert!(sent_messages(&type_line(&mut state, T0, text)).is_empty());
    }
    let lines = &state.focused_conversation().unwrap().lines;
    assert!(lines
        .iter()
        .rev()
        .take(3)
        .all(|l| l.delivery == Some(Delivery::Queued)));
    // Connected alone is not enough: the server's snapshot comes first.
    assert!(sent_messages(&client(&mut state, T0 + 1_000, ClientEvent::Connected)).is_empty());
    let topic: TopicDataEvent = decode("onTopicData.json");
    let effects = client(
        &mut state,
        T0 + 1_010,
        ClientEvent::TopicData(Box::new(topic)),
    );
    let texts: Vec<String> = sent_messages(&effects).into_iter().map(|m| m.2).collect();
    assert_eq!(texts, ["one", "two", "three"]);
}

#[test]
fn a_message_lost_with_the_old_connection_goes_again_with_its_ids() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let first = sent_messages(&type_line(&mut state, T0, "lost in the drop"));
    assert_eq!(first.len(), 1);
    offline(&mut state, T0 + 100);
    let queued = sent_messages(&type_line(&mut state, T0 + 200, "typed offline"));
    assert!(queued.is_empty());
    // The new snapshot does not hold the first message: it never arrived.
    let again = sent_messages(&back_online(&mut state, T0 + 1_000));
    assert_eq!(again.len(), 2, "{again:?}");
    assert_eq!(again[0], first[0], "same message id and event id, first");
    assert_eq!(again[1].2, "typed offline");
    // Its echo settles it; no second line.
    client(
        &mut state,
        T0 + 1_100,
        echo(&b, &first[0].0, "lost in the drop"),
    );
    assert_eq!(delivery(&state, &first[0].0), Some(Delivery::Sent));
    let count = state
        .focused_conversation()
        .unwrap()
        .lines
        .iter()
        .filter(|l| *l.id == *first[0].0)
        .count();
    assert_eq!(count, 1);
    assert_eq!(
        state.outbox.messages.len(),
        1,
        "only the unechoed one is left"
    );
}

#[test]
fn f12_resends_a_not_confirmed_message_with_the_same_ids() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let first = sent_messages(&type_line(&mut state, T0, "hello?"));
    app::update(&mut state, T0 + 21_000, Input::Tick);
    assert_eq!(delivery(&state, &first[0].0), Some(Delivery::NotConfirmed));
    let f12 = KeyEvent::new(KeyCode::F(12), KeyModifiers::NONE);
    let action = agentdesk::ui::keymap::map_key(&state, f12).expect("F12 is bound");
    assert_eq!(action, UserAction::Command("/resend".into()));
    let again = sent_messages(&user(&mut state, T0 + 21_500, action));
    assert_eq!(again, first, "same ids");
    assert!(matches!(
        delivery(&state, &first[0].0),
        Some(Delivery::Pending { .. })
    ));
    client(&mut state, T0 + 22_000, echo(&b, &first[0].0, "hello?"));
    assert_eq!(delivery(&state, &first[0].0), Some(Delivery::Sent));
    assert!(state.outbox.messages.is_empty());
    // Nothing left to resend.
    assert!(sent_messages(&type_line(&mut state, T0 + 23_000, "/resend")).is_empty());
}

#[test]
fn a_pasted_draft_starting_with_a_slash_stays_a_message_after_a_restart() {
    let mut before = online();
    let b = topic_b(&mut before, T0);
    user(
        &mut before,
        T0,
        UserAction::Paste("/leave is what he typed".into()),
    );
    let saved = app::outbox::snapshot(&before);
    assert_eq!(saved.drafts[&b], "//leave is what he typed");
    let mut after = online();
    app::update(&mut after, T0 + 60_000, Input::Restore(saved));
    client(
        &mut after,
        T0 + 60_010,
        ClientEvent::TopicData(Box::new(decode("onTopicData.json"))),
    );
    let effects = user(&mut after, T0 + 61_000, UserAction::Submit);
    let sent = sent_messages(&effects);
    assert_eq!(sent.len(), 1, "sent as a message, not run as /leave");
    assert_eq!(sent[0].2, "/leave is what he typed");
}

#[test]
fn the_outbox_and_drafts_survive_a_restart() {
    // First run: a message typed offline and a half-written draft, then the desk dies.
    let mut before = online();
    let b = topic_b(&mut before, T0);
    offline(&mut before, T0);
    type_line(&mut before, T0, "typed before the crash");
    for c in "half a sent".chars() {
        user(&mut before, T0, UserAction::Edit(app::Edit::Insert(c)));
    }
    let saved = app::outbox::snapshot(&before);
    let dir = std::env::temp_dir().join(format!("agentdesk-outbox-test-{}", std::process::id()));
    let server = url::Url::parse("http://127.0.0.1:9/agent-manager").unwrap();
    let path = agentdesk::persist::path_for(&dir, &server, "sabahat-agent1");
    agentdesk::persist::save(&path, &saved).unwrap();
    drop(before);

    // Second run: restored, then the server re-sends conversation B.
    let loaded = agentdesk::persist::load(&path).expect("saved");
    std::fs::remove_dir_all(&dir).unwrap();
    let mut after = online();
    app::update(&mut after, T0 + 60_000, Input::Restore(loaded));
    let effects = client(
        &mut after,
        T0 + 60_010,
        ClientEvent::TopicData(Box::new(decode("onTopicData.json"))),
    );
    assert!(
        sent_messages(&effects).is_empty(),
        "offered, not sent by itself"
    );
    assert_eq!(after.focused.as_deref(), Some(b.as_str()));
    assert_eq!(after.composer.text(), "half a sent", "the draft is back");
    let line = after
        .focused_conversation()
        .unwrap()
        .lines
        .iter()
        .find(|l| &*l.text == "typed before the crash")
        .expect("the message is back")
        .clone();
    assert_eq!(line.delivery, Some(Delivery::NotSent));
    assert!(after.notices.iter().any(|n| n.text.contains("F12")));
    let again = sent_messages(&user(
        &mut after,
        T0 + 61_000,
        UserAction::Command("/resend".into()),
    ));
    assert_eq!(again.len(), 1);
    assert_eq!(*again[0].0, *line.id, "the id it got when it was typed");
}

#[test]
fn restored_messages_for_conversations_the_server_no_longer_has_are_reported() {
    let mut state = online();
    let saved: app::outbox::Saved = serde_json::from_value(json!({
        "version": 1,
        "messages": [{"conversation_id": "gone", "message_id": "m", "event_id": "e",
                      "text": "for a chat that ended", "reply_to": null, "created_ms": T0}],
        "drafts": {"gone": "a draft"}
    }))
    .unwrap();
    app::update(&mut state, T0, Input::Restore(saved));
    app::update(&mut state, T0 + 10_000, Input::Tick);
    assert!(state.outbox.restored.is_empty());
    let notice = state.last_notice().unwrap();
    assert!(
        notice.text.contains("not sent") && notice.text.contains("for a chat that ended"),
        "{}",
        notice.text
    );
    assert!(app::outbox::snapshot(&state).messages.is_empty());
}
