//! Fuzz target `wire`: one websocket text frame from a hostile server, all the way through
//! the desk — the Engine.IO / Socket.IO packet parser, the event decoder, the app's `update`
//! (with a conversation open, so CIM events land somewhere) and the sanitiser. Any panic is a
//! finding; so is a control or invisible character that survives the sanitiser.
//!
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run wire` (see README, "Fuzzing").
#![no_main]

use agentdesk::app::sanitize::{display_text, is_hazard};
use agentdesk::app::{self, Input, State};
use agentdesk::client::decode::decode;
use agentdesk::client::transport::packet::{decode_engine, decode_socket, EnginePacket, SocketPacket};
use agentdesk::client::ClientEvent;
use libfuzzer_sys::fuzz_target;
use serde_json::json;

const T0: i64 = 1_740_000_000_000;

fn logged_in() -> State {
    let mut state = State::new(None, T0);
    let user = serde_json::from_value(json!({"id": "me", "username": "agent1"})).unwrap();
    app::update(&mut state, T0, Input::Client(ClientEvent::LoggedIn { user }));
    app::update(&mut state, T0, Input::Client(ClientEvent::Connected));
    let topic = json!({"conversationId": "c1", "topicData": {"id": "c1", "topicEvents": []}});
    if let Some(event) = decode("onTopicData", &[topic]) {
        app::update(&mut state, T0, Input::Client(event));
    }
    state
}

fn check_sanitised(text: &str) {
    let shown = display_text(text);
    assert!(
        !shown.chars().any(|c| c != '\n' && (c.is_control() || is_hazard(c))),
        "unsafe character survived: {shown:?}"
    );
    assert_eq!(display_text(&shown), shown, "sanitiser not idempotent");
}

fuzz_target!(|data: &[u8]| {
    let frame = String::from_utf8_lossy(data);
    check_sanitised(&frame);
    let inner = match decode_engine(&frame) {
        Ok(EnginePacket::Message(inner)) => inner,
        _ => return,
    };
    let Ok(addressed) = decode_socket(inner) else {
        return;
    };
    if let SocketPacket::Event { name, args, .. } = addressed.packet {
        if let Some(event) = decode(&name, &args) {
            let mut state = logged_in();
            app::update(&mut state, T0 + 1, Input::Client(event));
            app::update(&mut state, T0 + 60_000, Input::Tick);
            for conversation in &state.conversations {
                for line in &conversation.lines {
                    assert!(!line.text.chars().any(|c| c != '\n' && (c.is_control() || is_hazard(c))));
                }
            }
        }
    }
});
