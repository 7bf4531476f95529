//! Property tests (`proptest`) for what the wire and customers hand the desk (issue 8,
//! hostile input): the socket.io packet codec, the event decoder and the text sanitiser never
//! panic, never let a control, invisible or direction-changing character through, and the
//! screen drawn from hostile text holds none either.

mod common;

use agentdesk::app::sanitize::{display_text, is_hazard, one_line};
use agentdesk::app::{self, Input};
use agentdesk::client::decode::decode;
use agentdesk::client::transport::packet::{
    decode_engine, decode_socket, encode_event, Addressed, EnginePacket, SocketPacket,
};
use agentdesk::client::ClientEvent;
use agentdesk::protocol::CimEvent;
use agentdesk::ui::{self, Theme};
use common::{online, topic_b, T0};
use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde_json::{json, Value};

/// Text biased towards the dangerous: controls, escapes, bidi, zero-width, tags, separators,
/// wide and combining characters, mixed with anything at all.
fn hostile_text() -> impl Strategy<Value = String> {
    let dangerous = prop::sample::select(vec![
        '\u{1b}',
        '\u{7}',
        '\u{0}',
        '\r',
        '\n',
        '\t',
        '\u{7f}',
        '\u{9b}',
        '\u{85}',
        '\u{202e}',
        '\u{2066}',
        '\u{2069}',
        '\u{200b}',
        '\u{200d}',
        '\u{200f}',
        '\u{61c}',
        '\u{2028}',
        '\u{2029}',
        '\u{feff}',
        '\u{e0041}',
        '\u{e007f}',
        '\u{ad}',
        '\u{3164}',
        '\u{115f}',
        '\u{301}',
        '日',
        '👍',
        '[',
        ']',
        '0',
        ';',
    ]);
    prop::collection::vec(prop_oneof![3 => dangerous, 2 => any::<char>()], 0..80)
        .prop_map(|chars| chars.into_iter().collect())
}

/// Arbitrary JSON, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        // Exact binary fractions: serde_json's default float parsing is not bit-exact.
        any::<i32>().prop_map(|i| json!(f64::from(i) / 4.0)),
        hostile_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(field_name(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Field names the protocol uses (so decoding gets deep), and others.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "id",
            "name",
            "type",
            "conversationId",
            "cimEvent",
            "data",
            "header",
            "body",
            "sender",
            "markdownText",
            "topicData",
            "topicEvents",
            "agentPresence",
            "state",
            "channelSession",
            "timestamp",
            "customer",
            "firstName",
            "roomInfo",
            "taskId",
            "reasonCode",
            "agentMrdStates",
            "mrd",
            "attachment",
            "mediaUrl",
            "agent",
        ])
        .prop_map(str::to_string),
        "[a-zA-Z]{1,8}",
    ]
}

const EVENTS: &[&str] = &[
    "agentPresence",
    "onChannelTypes",
    "taskRequest",
    "revokeTask",
    "onTopicData",
    "onCimEvent",
    "topicUnsubscription",
    "topicClosed",
    "socketSessionRemoved",
    "wrapupTimerStarted",
    "errors",
    "somethingNew",
];

fn assert_safe(text: &str) -> Result<(), TestCaseError> {
    for c in text.chars() {
        prop_assert!(
            c == '\n' || !(c.is_control() || is_hazard(c)),
            "{c:?} got through in {text:?}"
        );
    }
    Ok(())
}

/// Every character written into the screen buffer.
fn screen_chars(state: &app::State) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let theme = Theme::default_theme();
    terminal
        .draw(|f| {
            ui::draw(f, state, &theme);
        })
        .unwrap();
    terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|cell| cell.symbol())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        // No regression files written into the tree (CI runs on a fresh clone); a failure
        // prints its minimal input.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn sanitised_text_is_safe_and_stable(text in hostile_text()) {
        let shown = display_text(&text);
        assert_safe(&shown)?;
        prop_assert_eq!(display_text(&shown), shown.clone(), "idempotent");
        let line = one_line(&text);
        assert_safe(&line)?;
        prop_assert!(!line.contains('\n'));
    }

    #[test]
    fn packet_decoding_never_panics(frame in prop_oneof![
        hostile_text(),
        "[0-6]{1,2}[0-9/,a-z{}\\[\\]\":-]{0,40}",
        json_value().prop_map(|v| format!("42{v}")),
    ]) {
        if let Ok(EnginePacket::Message(inner)) = decode_engine(&frame) {
            let _ = decode_socket(inner);
        }
        let _ = decode_socket(&frame);
    }

    #[test]
    fn events_round_trip_through_the_codec(name in "[a-zA-Z]{1,16}", args in prop::collection::vec(json_value(), 0..4), id in proptest::option::of(0u64..1_000_000)) {
        let frame = encode_event(&name, args.clone(), id);
        let Ok(EnginePacket::Message(inner)) = decode_engine(&frame) else {
            return Err(TestCaseError::fail(format!("not a message: {frame}")));
        };
        let decoded = decode_socket(inner).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(decoded, Addressed { nsp: "/".into(), packet: SocketPacket::Event { name, args, id } });
    }

    #[test]
    fn decoding_and_applying_any_event_never_panics(
        name in prop::sample::select(EVENTS),
        arg in json_value(),
        cim in json_value(),
    ) {
        let mut state = online();
        topic_b(&mut state, T0);
        let args = if name == "onCimEvent" {
            // Both shapes: the cimEvent as a JSON string (real servers) and as an object.
            vec![json!({"cimEvent": cim.to_string(), "conversationId": "67c1cb75956d765cfc275754"}), arg]
        } else {
            vec![arg]
        };
        for args in [args.clone(), args[1..].to_vec()] {
            if let Some(event) = decode(name, &args) {
                app::update(&mut state, T0 + 1, Input::Client(event));
                app::update(&mut state, T0 + 30_000, Input::Tick);
            }
        }
        assert_safe(&screen_chars(&state).replace('\n', " "))?;
    }

    #[test]
    fn a_hostile_customer_message_never_reaches_the_screen_raw(text in hostile_text(), name in hostile_text()) {
        let mut state = online();
        let b = topic_b(&mut state, T0);
        let event: CimEvent = serde_json::from_value(json!({
            "id": "e1", "name": "CUSTOMER_MESSAGE", "type": "MESSAGE", "conversationId": b,
            "timestamp": T0,
            "data": {"id": "m1", "header": {"sender": {"id": "c", "type": "CONNECTOR", "senderName": name},
                     "customer": {"firstName": name}, "timestamp": T0},
                     "body": {"type": "PLAIN", "markdownText": text}},
        })).unwrap();
        app::update(&mut state, T0, Input::Client(ClientEvent::CimEvent { conversation_id: Some(b), event: Box::new(event) }));
        let line = state.focused_conversation().unwrap().lines.last().unwrap().clone();
        assert_safe(&line.text)?;
        assert_safe(&line.sender)?;
        assert_safe(&screen_chars(&state))?;
    }
}
