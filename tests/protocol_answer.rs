//! Issue 12 on the wire: decoding BOT_SUGGESTION, AGENT_SLA_*, HAND_RAISED / HAND_DOWN and
//! the snapshot's `agentSla` / `agentHandRaise` from the fixtures, and the desk's
//! RESET_AGENT_SLA and HAND_RAISED emits compared field for field with theirs.

use agentdesk::client::encode::encode;
use agentdesk::client::Command;
use agentdesk::protocol::hand::hand_raise_snapshot;
use agentdesk::protocol::sla::{agent_sla_snapshot, response_sla_ms, SlaChange, SlaTiming};
use agentdesk::protocol::{CimEvent, KeycloakUser, LoginResponse, RoomInfo, TopicDataEvent};

mod common;

use common::*;

fn sana() -> KeycloakUser {
    decode::<LoginResponse>("login.response.json")
        .data
        .keycloak_user
}

#[test]
fn bot_suggestion_fixture() {
    let event: CimEvent = decode("cimEvent.bot_suggestion.json");
    let suggestion = event.bot_suggestion().expect("a BOT_SUGGESTION");
    assert_eq!(
        suggestion.requested_message_id.as_deref(),
        Some("622a53b0-ce1c-11ec-be50-d52d6fe9d1bf")
    );
    assert_eq!(suggestion.suggestions.len(), 1);
    let first = &suggestion.suggestions[0];
    assert_eq!(first.body_type, "PLAIN");
    assert!(first
        .text
        .as_deref()
        .unwrap()
        .starts_with("Bot could not understand your message"));
    assert_eq!(first.confidence, Some(0.0));
    // The fixture's channel announces a response SLA of 60000 (ms).
    assert_eq!(
        response_sla_ms(&event.data["header"]["channelSession"]),
        Some(60_000)
    );
}

#[test]
fn agent_sla_fixtures() {
    for (file, change) in [
        ("cimEvent.agent_sla_started.json", SlaChange::Started),
        ("cimEvent.agent_sla_stopped.json", SlaChange::Stopped),
        ("cimEvent.agent_sla_expired.json", SlaChange::Expired),
    ] {
        let event: CimEvent = decode(file);
        let sla = event.agent_sla().expect(file);
        assert_eq!(sla.change, change, "{file}");
        assert_eq!(
            sla.timing,
            SlaTiming {
                started_ms: Some(1_705_649_100_000),
                duration_ms: Some(45_000),
                expires_ms: None,
            },
            "{file}"
        );
        assert!(event.hand().is_none() && event.bot_suggestion().is_none());
    }
}

#[test]
fn hand_fixtures() {
    let raised: CimEvent = decode("cimEvent.hand_raised.json");
    let hand = raised.hand().unwrap();
    assert!(hand.raised);
    assert_eq!(hand.agent_id, sana().id);
    assert_eq!(hand.user_name.as_deref(), Some("sana"));
    let down: CimEvent = decode("cimEvent.hand_down.json");
    assert!(!down.hand().unwrap().raised);
}

#[test]
fn the_real_snapshot_says_no_sla_and_no_hand() {
    let topic: TopicDataEvent = decode("onTopicData.json");
    assert!(topic.topic_data.agent_sla.is_object());
    assert_eq!(agent_sla_snapshot(&topic.topic_data.agent_sla), None);
    assert!(topic.topic_data.agent_hand_raise.is_object());
    assert_eq!(
        hand_raise_snapshot(&topic.topic_data.agent_hand_raise),
        None
    );
}

fn room_a() -> RoomInfo {
    serde_json::from_value(fixture("publishCimEvent.reset_agent_sla.json")["roomInfo"].clone())
        .unwrap()
}

#[test]
fn reset_agent_sla_is_sent_in_the_raw_shape() {
    let want = fixture("publishCimEvent.reset_agent_sla.json");
    let command = Command::ResetAgentSla {
        conversation_id: want["conversationId"].as_str().unwrap().into(),
        room_info: Some(room_a()),
        event_id: want["cimEvent"]["id"].as_str().unwrap().into(),
        now_ms: want["cimEvent"]["timestamp"].as_i64().unwrap(),
    };
    let (event, payload) = encode(&command, &sana(), "unused").expect("an emit");
    assert_eq!(event, "publishCimEvent");
    assert_eq!(payload, want);
    let keys: Vec<&String> = payload["cimEvent"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys.len(),
        7,
        "id, name, type, timestamp, conversationId, roomInfo, data: {keys:?}"
    );
}

#[test]
fn hand_raised_and_down_are_published_with_agent_and_username() {
    let want = fixture("publishCimEvent.hand_raised.json");
    let command = |raised| Command::Hand {
        raised,
        conversation_id: want["conversationId"].as_str().unwrap().into(),
        room_info: Some(room_a()),
        event_id: want["cimEvent"]["id"].as_str().unwrap().into(),
        now_ms: want["cimEvent"]["timestamp"].as_i64().unwrap(),
    };
    let (event, payload) = encode(&command(true), &sana(), "unused").expect("an emit");
    assert_eq!(event, "publishCimEvent");
    assert_eq!(payload, want);
    let (_, down) = encode(&command(false), &sana(), "unused").unwrap();
    assert_eq!(down["cimEvent"]["name"], "HAND_DOWN");
    assert_eq!(down["cimEvent"]["data"], want["cimEvent"]["data"]);
}
