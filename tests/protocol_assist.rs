//! Issue 6 payload shapes: every new emit (transfer, conference, consult, consult transfer,
//! silent monitor, barge-in, whisper mode, whisper) against the fixtures, field for field,
//! and the new server events and REST answers decode (`tests/fixtures/`, PROTOCOL.md §2–§5).

use agentdesk::client::{encode::encode, AssistContext, Command, MessageTarget};
use agentdesk::protocol::{
    assist, emit, events, routing, supervise, AgentAssistanceRequestPlaced, AssistKind,
    AssistTarget, CimEvent, KeycloakUser, LoginResponse, RoomInfo, TopicUnsubscription,
};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_value(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The same object keys at every level (values may differ); arrays compare their first items.
fn assert_same_keys(expected: &Value, actual: &Value, at: &str) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            let mut ek: Vec<_> = e.keys().collect();
            let mut ak: Vec<_> = a.keys().collect();
            ek.sort();
            ak.sort();
            assert_eq!(ek, ak, "keys differ at {at}");
            for (k, v) in e {
                assert_same_keys(v, &a[k], &format!("{at}.{k}"));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if let (Some(e), Some(a)) = (e.first(), a.first()) {
                assert_same_keys(e, a, &format!("{at}[0]"));
            }
        }
        _ => {}
    }
}

fn agent_of(fixture_name: &str) -> KeycloakUser {
    serde_json::from_value(
        fixture(fixture_name)["agentParticipant"]["participant"]["keycloakUser"].clone(),
    )
    .expect("keycloak user")
}

#[test]
fn transfer_to_a_queue_matches_the_fixture() {
    let expected = fixture("directTransferRequest.queue.json");
    let built = assist::assist_request(
        &expected["channelSession"],
        &expected["agentParticipant"],
        &AssistTarget::Queue("chat-khurram".into()),
        "An optional string",
    );
    assert_eq!(built, expected);
}

#[test]
fn transfer_to_an_agent_matches_the_fixture() {
    let expected = fixture("directTransferRequest.agent.json");
    let built = assist::assist_request(
        &expected["channelSession"],
        &expected["agentParticipant"],
        &AssistTarget::Agent("eed4c6de-27b0-4321-b057-2a618dcad6d1".into()),
        "An optional string",
    );
    assert_eq!(built, expected);
}

#[test]
fn conference_and_consult_are_the_same_shape_under_their_event_names() {
    let expected = fixture("directConferenceRequest.queue.json");
    let user = agent_of("directConferenceRequest.queue.json");
    let context = AssistContext {
        conversation_id: "67c1cb75956d765cfc275754".into(),
        channel_session: expected["channelSession"].clone(),
        agent_participant: expected["agentParticipant"].clone(),
    };
    let command = Command::Assist {
        kind: AssistKind::Conference,
        conversation: context.clone(),
        target: AssistTarget::Queue("chat-khurram".into()),
        note: "An optional string".into(),
    };
    let (event, payload) = encode(&command, &user, "unused").expect("an emit");
    assert_eq!(event, "directConferenceRequest");
    assert_eq!(payload, expected);
    let consult = Command::Assist {
        kind: AssistKind::Consult,
        conversation: context,
        target: AssistTarget::Queue("chat-khurram".into()),
        note: String::new(),
    };
    let (event, payload) = encode(&consult, &user, "unused").expect("an emit");
    assert_eq!(event, "consultRequest");
    assert_eq!(payload["note"], json!(""), "note is always present");
    assert_eq!(payload["mode"], json!("queue"));
}

#[test]
fn an_unknown_own_participant_is_built_fresh_as_primary() {
    let expected = fixture("directTransferRequest.queue.json");
    let user = agent_of("directTransferRequest.queue.json");
    let command = Command::Assist {
        kind: AssistKind::Transfer,
        conversation: AssistContext {
            conversation_id: "67c1cb75956d765cfc275754".into(),
            channel_session: expected["channelSession"].clone(),
            agent_participant: Value::Null,
        },
        target: AssistTarget::Queue("chat-khurram".into()),
        note: "An optional string".into(),
    };
    let (_, payload) =
        encode(&command, &user, "02366928-e194-4801-b5e8-432a4a087ebd").expect("an emit");
    assert_eq!(payload, expected);
}

#[test]
fn consult_transfer_has_the_documented_fields() {
    let source = fixture("directTransferRequest.agent.json");
    let built = assist::consult_transfer_request(
        "67c1cb75956d765cfc275754",
        &source["channelSession"],
        &source["agentParticipant"],
        "eed4c6de-27b0-4321-b057-2a618dcad6d1",
    );
    assert_eq!(
        built,
        json!({
            "conversationId": "67c1cb75956d765cfc275754",
            "channelSession": source["channelSession"],
            "agentParticipant": source["agentParticipant"],
            "requestedAgentId": "eed4c6de-27b0-4321-b057-2a618dcad6d1",
            "mode": "agent",
            "offerToAgent": false,
        })
    );
    assert_eq!(events::CONSULT_TRANSFER_REQUEST, "consultTransferRequest");
}

#[test]
fn silent_monitor_matches_the_fixture() {
    let expected = fixture("JoinAsSilentMonitor.json");
    let tp = &expected["topicParticipant"];
    let user: KeycloakUser =
        serde_json::from_value(tp["participant"]["keycloakUser"].clone()).expect("user");
    let command = Command::SilentMonitor {
        conversation_id: "67c1cb75956d765cfc275754".into(),
        channel_session: expected["channelSession"].clone(),
    };
    let (event, payload) = encode(&command, &user, tp["id"].as_str().unwrap()).expect("emit");
    assert_eq!(event, "JoinAsSilentMonitor");
    assert_eq!(payload, expected);
    // Built by hand the same way.
    let by_hand = supervise::join_as_silent_monitor(
        emit::topic_participant(
            tp["id"].as_str().unwrap(),
            &user,
            "67c1cb75956d765cfc275754",
            "SILENT_MONITOR",
        ),
        &user.id,
        &expected["channelSession"],
    );
    assert_eq!(by_hand, expected);
}

#[test]
fn barge_in_and_whisper_mode_match_the_fixtures_and_spellings() {
    let user = decode::<LoginResponse>("login.response.json")
        .data
        .keycloak_user;
    let room: RoomInfo =
        serde_json::from_value(json!({"id": "67c1cb75956d765cfc275753", "mode": "CONTACT_CENTER"}))
            .unwrap();
    for (command, event, name) in [
        (
            Command::Barge {
                conversation_id: "67c1cb75956d765cfc275754".into(),
                room_info: Some(room.clone()),
            },
            "JoinAsBargin",
            "JoinAsBargin.json",
        ),
        (
            Command::WhisperMode {
                conversation_id: "67c1cb75956d765cfc275754".into(),
                room_info: Some(room.clone()),
            },
            "joinAsWhisper",
            "joinAsWhisper.json",
        ),
    ] {
        let (got_event, payload) = encode(&command, &user, "x").expect("emit");
        assert_eq!(got_event, event);
        assert_eq!(payload, fixture(name), "{name}");
    }
}

#[test]
fn whisper_has_the_fixture_shape_and_never_pretends_to_be_encoded() {
    let expected = fixture("cimEvent.whisper_encoded.json");
    let user = decode::<LoginResponse>("login.response.json")
        .data
        .keycloak_user;
    let session = &expected["data"]["header"]["channelSession"];
    let target = MessageTarget {
        conversation_id: "694135361fde7e4212be1824".into(),
        room_info: serde_json::from_value(expected["roomInfo"].clone()).ok(),
        channel_session: session.clone().into(),
        customer: expected["data"]["header"]["customer"].clone().into(),
    };
    let command = Command::SendWhisper {
        target,
        event_id: "e1".into(),
        message_id: "m1".into(),
        now_ms: 1_765_881_831_350,
        text: "hello".into(),
    };
    let (event, payload) = encode(&command, &user, "x").expect("emit");
    assert_eq!(event, "publishCimEvent");
    let cim = &payload["cimEvent"];
    assert_eq!(cim["name"], "WHISPER_MESSAGE");
    assert_eq!(cim["type"], "MESSAGE");
    assert_eq!(cim["data"]["body"]["markdownText"], "hello");
    assert_eq!(cim["data"]["header"]["additionalData"]["isEncoded"], false);
    // The fixture's header carries the event's channelSession; everything else by key.
    let mut expected = expected;
    let mut ours = cim.clone();
    for v in [&mut expected, &mut ours] {
        v["data"]["header"]["channelSession"] = Value::Null;
        v["data"]["header"]["channelData"] = Value::Null;
        v["data"]["header"]["customer"] = Value::Null;
        v["channelSession"] = Value::Null;
    }
    assert_same_keys(&expected, &ours, "$");
}

#[test]
fn server_answers_decode() {
    let placed: AgentAssistanceRequestPlaced = decode("agentAssistanceRequestPlaced.json");
    assert_eq!(placed.request_action.as_deref(), Some("transfer"));
    assert_eq!(placed.mode.as_deref(), Some("queue"));
    let transferred: TopicUnsubscription = decode("topicUnsubscription.transferred.json");
    assert_eq!(transferred.reason.as_deref(), Some("CHAT TRANSFERRED"));
    let queues = routing::available_queues(&fixture("available-agents.json"));
    assert_eq!(queues.len(), 1);
    assert_eq!(queues[0].name(), "chat-khurram");
    assert_eq!(queues[0].total_available_agents, Some(1));
    assert_eq!(
        queues[0].available_agents[0].id,
        "eed4c6de-27b0-4321-b057-2a618dcad6d1"
    );
    assert_eq!(
        queues[0].available_agents[0].name.as_deref(),
        Some("sabahat")
    );
    let role: CimEvent = decode("cimEvent.participant_role_changed.json");
    assert_eq!(role.data["conversationParticipant"]["role"], "PRIMARY");
    for (event, payload) in [
        (
            "agentAssistanceRequestPlaced",
            fixture("agentAssistanceRequestPlaced.json"),
        ),
        (
            "agentAssignedForAssistance",
            json!({"conversationId": "c", "task": {}, "type": "consult"}),
        ),
        (
            "consulTransferRequestSuccess",
            json!({"conversationId": "c", "newTask": {}, "agentId": "a"}),
        ),
    ] {
        assert!(
            agentdesk::client::decode::decode(event, &[payload]).is_some(),
            "{event}"
        );
    }
}

#[test]
fn offers_join_with_the_role_their_direction_gives() {
    use agentdesk::protocol::task::join_role;
    assert_eq!(join_role("CONSULT"), "ASSISTANT");
    assert_eq!(join_role("DIRECT_CONFERENCE"), "PRIMARY");
    assert_eq!(join_role("CONSULT_CONFERENCE"), "PRIMARY");
    assert_eq!(join_role("DIRECT_TRANSFER"), "PRIMARY");
    assert_eq!(join_role("SILENT_MONITOR"), "SILENT_MONITOR");
    let consult: agentdesk::protocol::TaskRequest = decode("taskRequest.consult_started.json");
    assert_eq!(consult.join_role(), "ASSISTANT");
}
