//! Notification rules (`app::notify`) as pure functions of the state: which events raise an
//! alert, on which channels, and what the terminal title says. No terminal, no network.

use agentdesk::app::notify::{terminal_title, Alert, AlertKind, Channels, NotifyConfig};
use agentdesk::app::{Effect, State};
use agentdesk::client::ClientEvent;
use agentdesk::protocol::{CimEvent, OnCimEvent, TopicDataEvent};

mod common;

use common::*;

fn alerts(effects: &[Effect]) -> Vec<&Alert> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Alert(alert) => Some(alert),
            _ => None,
        })
        .collect()
}

/// Online with conversation B focused and a second conversation `other` in the background.
fn two_conversations() -> State {
    let mut state = online();
    topic_b(&mut state, T0);
    let mut other: TopicDataEvent = decode("onTopicData.json");
    other.conversation_id = Some("other".into());
    client(&mut state, T0, ClientEvent::TopicData(Box::new(other)));
    state
}

fn customer_message(conversation: &str, id: &str) -> ClientEvent {
    let envelope: OnCimEvent = decode("onCimEvent.customer_message.string.json");
    let mut event = envelope.event().unwrap();
    event.data["id"] = serde_json::json!(id);
    ClientEvent::CimEvent {
        conversation_id: Some(conversation.into()),
        event: Box::new(event),
    }
}

#[test]
fn a_new_offer_alerts_on_every_channel_with_its_rona() {
    let mut state = online();
    let effects = client(&mut state, T0, {
        let task = decode("taskRequest.reserved.json");
        ClientEvent::TaskRequest(Box::new(task))
    });
    let raised = alerts(&effects);
    assert_eq!(raised.len(), 1, "{effects:?}");
    let alert = raised[0];
    assert_eq!(alert.kind, AlertKind::Offer);
    assert_eq!(alert.channels, Channels::ALL);
    assert!(alert.summary.starts_with("New "), "{}", alert.summary);
    assert!(alert.summary.contains(&state.offers[0].customer_name));
    let rona = state.offers[0]
        .seconds_left(T0)
        .expect("the fixture has a TTL");
    assert!(
        alert.body.contains(&format!("RONA in {rona} s")),
        "{}",
        alert.body
    );
    assert_eq!(terminal_title(&state), "agentdesk (1) — offer");
    // The same offer again is no new offer.
    let task = decode("taskRequest.reserved.json");
    let effects = client(&mut state, T0, ClientEvent::TaskRequest(Box::new(task)));
    assert!(alerts(&effects).is_empty());
}

#[test]
fn messages_alert_only_outside_the_focused_conversation() {
    let mut state = two_conversations();
    let focused = state.focused.clone().unwrap();
    assert_ne!(focused, "other");
    let effects = client(&mut state, T0, customer_message(&focused, "m-focused"));
    assert!(
        alerts(&effects).is_empty(),
        "none for the conversation in focus"
    );
    assert_eq!(terminal_title(&state), "agentdesk");

    let effects = client(&mut state, T0, customer_message("other", "m-other"));
    let alerts_seen = alerts(&effects);
    assert_eq!(alerts_seen.len(), 1);
    assert_eq!(alerts_seen[0].kind, AlertKind::Message);
    assert!(alerts_seen[0].summary.starts_with("Message from "));
    assert!(!alerts_seen[0].body.is_empty(), "an excerpt of the message");
    assert_eq!(terminal_title(&state), "agentdesk (1) — message");
    // The echo of the same message id is not a new message.
    let effects = client(&mut state, T0, customer_message("other", "m-other"));
    assert!(alerts(&effects).is_empty());
}

#[test]
fn a_whisper_in_a_background_conversation_alerts() {
    let mut state = two_conversations();
    let mut whisper: CimEvent = decode("cimEvent.whisper_encoded.json");
    whisper.conversation_id = Some("other".into());
    let effects = client(
        &mut state,
        T0,
        ClientEvent::CimEvent {
            conversation_id: Some("other".into()),
            event: Box::new(whisper),
        },
    );
    let alerts = alerts(&effects);
    assert_eq!(alerts.len(), 1, "{effects:?}");
    assert_eq!(alerts[0].kind, AlertKind::Whisper);
    assert!(
        alerts[0].summary.starts_with("Whisper from raza"),
        "{}",
        alerts[0].summary
    );
}

#[test]
fn lost_connection_and_forced_logout_alert_once() {
    let mut state = online();
    let lost = || ClientEvent::Disconnected {
        reason: "transport close".into(),
        retry_in_ms: Some(1000),
    };
    let effects = client(&mut state, T0, lost());
    assert_eq!(alerts(&effects)[0].kind, AlertKind::ConnectionLost);
    assert_eq!(terminal_title(&state), "agentdesk — reconnecting");
    let effects = client(&mut state, T0, lost());
    assert!(
        alerts(&effects).is_empty(),
        "a failed retry is not a new loss"
    );

    let effects = client(
        &mut state,
        T0,
        ClientEvent::ForcedLogout {
            reason: "io server disconnect".into(),
        },
    );
    assert_eq!(alerts(&effects)[0].kind, AlertKind::ForcedLogout);
    assert_eq!(terminal_title(&state), "agentdesk — logged out");

    let mut state = online();
    let effects = client(&mut state, T0, ClientEvent::SessionRemoved);
    assert_eq!(alerts(&effects)[0].kind, AlertKind::ForcedLogout);
}

#[test]
fn an_asked_for_logout_is_not_alerted() {
    let mut state = online();
    state.agent.state = "LOGOUT".into();
    let effects = client(
        &mut state,
        T0,
        ClientEvent::ForcedLogout {
            reason: "io server disconnect".into(),
        },
    );
    assert!(alerts(&effects).is_empty());
}

#[test]
fn kinds_and_channels_follow_the_notify_table() {
    let config: NotifyConfig =
        toml::from_str("offer = [\"title\"]\nmessage = false\nwhisper = [\"bell\", \"desktop\"]\n")
            .unwrap();
    assert_eq!(
        config.offer,
        Channels {
            bell: false,
            title: true,
            desktop: false
        }
    );
    assert_eq!(config.message, Channels::NONE);
    assert_eq!(
        config.forced_logout,
        Channels::ALL,
        "unnamed kinds keep the default"
    );
    let mut state = two_conversations();
    state.notify_config = config;
    let effects = client(&mut state, T0, customer_message("other", "m1"));
    assert!(alerts(&effects).is_empty(), "message = false");
    assert_eq!(
        terminal_title(&state),
        "agentdesk",
        "not counted in the title either"
    );
    let task = decode("taskRequest.reserved.json");
    let effects = client(&mut state, T0, ClientEvent::TaskRequest(Box::new(task)));
    let offer = alerts(&effects);
    assert_eq!(offer.len(), 1);
    assert!(!offer[0].channels.bell && !offer[0].channels.desktop);
    assert_eq!(terminal_title(&state), "agentdesk (1) — offer");
    // Round trip: the table prints as it reads.
    let text = toml::to_string(&config).unwrap();
    assert!(
        text.contains("offer = [\"title\"]") && text.contains("message = false"),
        "{text}"
    );
    assert!(toml::from_str::<NotifyConfig>("offer = [\"beep\"]").is_err());
}
