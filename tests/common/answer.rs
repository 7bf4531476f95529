//! Issue 12's events for app and UI tests, built from the fixtures and re-addressed: a live
//! customer message, a bot suggestion for it, the response SLA events.

use agentdesk::client::ClientEvent;
use serde_json::{json, Value};

use super::fixture;

/// A CIM event for `conversation`.
pub fn cim(conversation: &str, event: Value) -> ClientEvent {
    ClientEvent::CimEvent {
        conversation_id: Some(conversation.into()),
        event: Box::new(serde_json::from_value(event).unwrap()),
    }
}

/// A live customer message `id` saying `text` in `conversation` at `at` (the fixture's,
/// re-addressed).
pub fn customer_message(conversation: &str, id: &str, text: &str, at: i64) -> ClientEvent {
    let mut event = fixture("onCimEvent.customer_message.object.json")["cimEvent"].clone();
    event["id"] = json!(format!("ev-{id}"));
    event["conversationId"] = json!(conversation);
    event["timestamp"] = json!(at);
    event["data"]["id"] = json!(id);
    event["data"]["header"]["timestamp"] = json!(at);
    event["data"]["body"]["markdownText"] = json!(text);
    cim(conversation, event)
}

/// The fixture's BOT_SUGGESTION for message `id`, with `suggestions` as (text, confidence).
pub fn suggestion(conversation: &str, id: &str, suggestions: &[(&str, f64)]) -> ClientEvent {
    let mut event = fixture("cimEvent.bot_suggestion.json");
    event["conversationId"] = json!(conversation);
    event["data"]["requestedMessage"]["id"] = json!(id);
    event["data"]["suggestions"] = json!(suggestions
        .iter()
        .map(|(t, c)| json!({"messageBody": {"type": "PLAIN", "markdownText": t}, "confidenceLevel": c}))
        .collect::<Vec<_>>());
    cim(conversation, event)
}

/// The SLA event of fixture `file` for `conversation`, started and sent at `at`.
pub fn sla_event(conversation: &str, file: &str, at: i64) -> ClientEvent {
    let mut event = fixture(file);
    event["conversationId"] = json!(conversation);
    event["timestamp"] = json!(at);
    event["data"]["startTime"] = json!(at);
    cim(conversation, event)
}
