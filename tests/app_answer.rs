//! Issue 12 in the pure app: bot suggestions to the composer (and sent at once), canned
//! responses and their placeholders, the response SLA countdown and its expiry, and the
//! raised hand. No terminal, no network; conversation B of the fixtures.

use agentdesk::app::canned::CannedSet;
use agentdesk::app::notify::AlertKind;
use agentdesk::app::sla::SlaPhase;
use agentdesk::app::suggestions::SetStatus;
use agentdesk::app::{self, Edit, Effect, Input, Overlay, State, UserAction};
use agentdesk::client::{ClientEvent, Command};
use agentdesk::protocol::TopicDataEvent;
use serde_json::{json, Value};

mod common;

use common::answer::{cim, customer_message, sla_event};
use common::*;

const SUGGESTED: [&str; 3] = [
    "Could you restart the router?",
    "Let me check your line.",
    "Is the light red?",
];

/// The fixture's BOT_SUGGESTION for message `id`, with [`SUGGESTED`].
fn suggestion(conversation: &str, id: &str) -> ClientEvent {
    let with: Vec<(&str, f64)> = SUGGESTED.iter().copied().zip([0.92, 0.7, 0.5]).collect();
    common::answer::suggestion(conversation, id, &with)
}

fn command(state: &mut State, now: i64, line: &str) -> Vec<Effect> {
    user(state, now, UserAction::Command(line.into()))
}

fn clear_composer(state: &mut State) {
    user(state, T0, UserAction::Edit(Edit::Clear));
}

fn focused(state: &State) -> &app::Conversation {
    state.focused_conversation().unwrap()
}

/// Where the suggestions for message `id` of the focused conversation stand.
fn status_of(state: &State, id: &str) -> Option<SetStatus> {
    focused(state).suggestions.for_message(id).map(|s| s.status)
}

/// A second conversation (the fixture re-addressed), so that B can be out of focus.
fn second_conversation(state: &mut State) -> String {
    let mut topic = fixture("onTopicData.json");
    topic["conversationId"] = json!("second");
    topic["topicData"]["id"] = json!("second");
    let topic: TopicDataEvent = serde_json::from_value(topic).unwrap();
    client(state, T0, ClientEvent::TopicData(Box::new(topic)));
    "second".into()
}

fn messages_sent(effects: &[Effect]) -> Vec<String> {
    sent_commands(effects)
        .into_iter()
        .filter_map(|c| match c {
            Command::SendMessage { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_suggestion_goes_into_the_composer_and_the_key_steps_through_them() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(
        &mut state,
        T0,
        customer_message(&b, "m1", "my internet is down", T0),
    );
    client(&mut state, T0, suggestion(&b, "m1"));
    let set = focused(&state).suggestions.for_message("m1").unwrap();
    assert_eq!(set.status, SetStatus::Active);
    assert_eq!(set.replies.len(), 3);
    assert_eq!(set.replies[0].confidence_pct, Some(92));
    assert!(
        focused(&state)
            .lines
            .iter()
            .all(|l| !l.text.contains("restart")),
        "not a chat line"
    );
    command(&mut state, T0, "/suggest");
    assert_eq!(state.composer.text(), SUGGESTED[0]);
    command(&mut state, T0, "/suggest");
    assert_eq!(state.composer.text(), SUGGESTED[1], "again: the next one");
    clear_composer(&mut state);
    type_line(&mut state, T0, "/suggest 3");
    assert_eq!(state.composer.text(), SUGGESTED[2], "/suggest n");
    let effects = user(&mut state, T0, UserAction::Submit);
    assert_eq!(
        messages_sent(&effects),
        [SUGGESTED[2]],
        "an ordinary AGENT_MESSAGE"
    );
    clear_composer(&mut state);
    type_line(&mut state, T0, "/suggest 7");
    assert!(state.last_notice().unwrap().text.contains("1–3"));
}

#[test]
fn a_suggestion_sent_at_once_keeps_the_draft_and_fades_the_set() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(&mut state, T0, customer_message(&b, "m1", "down", T0));
    client(&mut state, T0, suggestion(&b, "m1"));
    for c in "half a thought".chars() {
        user(&mut state, T0, UserAction::Edit(Edit::Insert(c)));
    }
    let effects = command(&mut state, T0, "/suggest-send 2");
    assert_eq!(messages_sent(&effects), [SUGGESTED[1]]);
    assert_eq!(state.composer.text(), "half a thought", "the draft is kept");
    let c = focused(&state);
    assert_eq!(
        c.suggestions.for_message("m1").unwrap().status,
        SetStatus::Answered
    );
    let own = c.lines.last().unwrap();
    assert_eq!(&*own.text, SUGGESTED[1]);
    assert!(matches!(own.delivery, Some(app::Delivery::Pending { .. })));
    let effects = command(&mut state, T0, "/suggest-send");
    assert!(sent_commands(&effects).is_empty(), "nothing twice");
}

#[test]
fn a_typed_reply_answers_the_suggestions_when_its_echo_arrives() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(&mut state, T0, customer_message(&b, "m1", "down", T0));
    client(&mut state, T0, suggestion(&b, "m1"));
    let effects = type_line(&mut state, T0, "Looking into it");
    let Some(Command::SendMessage {
        message_id,
        event_id,
        ..
    }) = sent_commands(&effects).first().cloned().cloned()
    else {
        panic!("no message sent");
    };
    assert_eq!(
        focused(&state).suggestions.active().map(|s| s.status),
        Some(SetStatus::Active),
        "pending: not answered yet"
    );
    let mut echo = fixture("publishCimEvent.agent_message.json")["cimEvent"].clone();
    echo["id"] = json!(event_id);
    echo["conversationId"] = json!(b);
    echo["data"]["id"] = json!(message_id);
    echo["data"]["header"]["sender"]["id"] = json!(state.me.as_ref().unwrap().id);
    client(&mut state, T0, cim(&b, echo));
    assert!(focused(&state).suggestions.active().is_none());
    assert_eq!(status_of(&state, "m1"), Some(SetStatus::Answered));
    // A suggestion for a message already answered comes in faded.
    client(&mut state, T0, suggestion(&b, "m1"));
    assert_eq!(status_of(&state, "m1"), Some(SetStatus::Answered));
    // A newer customer message's suggestions supersede nothing answered and are active.
    client(
        &mut state,
        T0,
        customer_message(&b, "m2", "still down", T0 + 1),
    );
    client(&mut state, T0, suggestion(&b, "m2"));
    assert_eq!(
        focused(&state).suggestions.active().unwrap().for_message,
        "m2"
    );
}

#[test]
fn no_suggestion_is_used_where_the_desk_only_whispers() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(&mut state, T0, customer_message(&b, "m1", "down", T0));
    client(&mut state, T0, suggestion(&b, "m1"));
    state
        .conversations
        .by_id_mut(&b)
        .unwrap()
        .set_role("SILENT_MONITOR");
    let effects = command(&mut state, T0, "/suggest-send");
    assert!(sent_commands(&effects).is_empty());
    command(&mut state, T0, "/suggest");
    assert!(state.composer.is_empty());
    assert!(state.last_notice().unwrap().text.contains("only whisper"));
}

fn canned(entries: &[(&str, &str)]) -> CannedSet {
    CannedSet::parse(
        &entries
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect(),
    )
    .unwrap()
}

#[test]
fn canned_responses_expand_their_placeholders() {
    let mut state = online();
    state.me.as_mut().unwrap().first_name = Some("Sabahat".into());
    state.me.as_mut().unwrap().last_name = Some("Khan".into());
    state.canned = canned(&[
        (
            "greet",
            "Hi {customer.firstName} ({customer.name}), {agent.firstName} here — {agent.name}.",
        ),
        ("queue", "You are in {queue}."),
        ("order", "Order {conversation.data.orderId}, {{literally}}"),
        ("goodbye", "Bye!"),
    ]);
    let b = topic_b(&mut state, T0);
    state.conversations.by_id_mut(&b).unwrap().conversation_data = json!({"orderId": "A-1042"});
    type_line(&mut state, T0, "/canned greet");
    assert_eq!(
        state.composer.text(),
        "Hi test (test), Sabahat here — Sabahat Khan."
    );
    clear_composer(&mut state);
    type_line(&mut state, T0, "/canned order");
    assert_eq!(state.composer.text(), "Order A-1042, {literally}");
    clear_composer(&mut state);
    type_line(&mut state, T0, "/canned queue");
    assert_eq!(state.composer.text(), "You are in .");
    assert!(
        state
            .last_notice()
            .unwrap()
            .text
            .contains("{queue} unknown"),
        "{:?}",
        state.last_notice()
    );
    // `#name` then Tab, in the middle of a sentence: the word is replaced.
    clear_composer(&mut state);
    for c in "Sure. #goo".chars() {
        user(&mut state, T0, UserAction::Edit(Edit::Insert(c)));
    }
    user(&mut state, T0, UserAction::Complete);
    assert_eq!(state.composer.text(), "Sure. Bye!");
    // A prefix several names share opens the picker, filtered, with a preview.
    state.canned = canned(&[("greet", "Hi {customer.firstName}"), ("green", "Go")]);
    clear_composer(&mut state);
    for c in "#gre".chars() {
        user(&mut state, T0, UserAction::Edit(Edit::Insert(c)));
    }
    user(&mut state, T0, UserAction::Complete);
    let Some(Overlay::Picker(picker)) = &state.overlay else {
        panic!("no picker: {:?}", state.overlay);
    };
    assert_eq!(picker.visible().len(), 2);
    assert_eq!(picker.preview(), Some("Go"), "green, then greet");
    user(&mut state, T0, UserAction::Move(1));
    let Some(Overlay::Picker(picker)) = &state.overlay else {
        panic!("no picker");
    };
    assert_eq!(picker.preview(), Some("Hi test"));
    user(&mut state, T0, UserAction::Submit);
    assert_eq!(
        state.composer.text(),
        "Hi test",
        "picked; the #gre is replaced"
    );
    assert!(state.overlay.is_none());
}

#[test]
fn the_canned_picker_filters_fuzzily() {
    let mut state = online();
    state.canned = canned(&[
        ("greet", "Hello there"),
        ("thanks", "Thank you, see you soon"),
        ("restart", "Restart the router"),
    ]);
    topic_b(&mut state, T0);
    command(&mut state, T0, "/canned");
    for c in "rtr".chars() {
        user(&mut state, T0, UserAction::Edit(Edit::Insert(c)));
    }
    let Some(Overlay::Picker(picker)) = &state.overlay else {
        panic!("no picker");
    };
    let shown: Vec<&str> = picker
        .visible()
        .iter()
        .map(|&i| picker.items[i].label.as_str())
        .collect();
    assert_eq!(shown[0], "restart", "{shown:?}");
    assert!(!shown.contains(&"thanks"));
    assert_eq!(picker.preview(), Some("Restart the router"));
    // The text matches by its words, not by letters scattered over it: "the" is a word of
    // "Hello there" and "Restart the router", not of "Thank you, see you soon" (t…h…e is not enough).
    command(&mut state, T0, "/canned");
    for c in "the".chars() {
        user(&mut state, T0, UserAction::Edit(Edit::Insert(c)));
    }
    let Some(Overlay::Picker(picker)) = &state.overlay else {
        panic!("no picker");
    };
    let mut shown: Vec<&str> = picker
        .visible()
        .iter()
        .map(|&i| picker.items[i].label.as_str())
        .collect();
    shown.sort_unstable();
    assert_eq!(shown, ["greet", "restart"]);
}

#[test]
fn the_response_sla_counts_down_and_an_expiry_out_of_focus_alerts_once() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let second = second_conversation(&mut state);
    assert_eq!(state.focused.as_deref(), Some(b.as_str()));
    client(
        &mut state,
        T0,
        sla_event(&b, "cimEvent.agent_sla_started.json", T0),
    );
    let sla = state.conversations.by_id(&b).unwrap().sla.unwrap();
    assert_eq!(sla.deadline_ms, Some(T0 + 45_000));
    assert_eq!(sla.phase(T0 + 20_000), SlaPhase::Running);
    assert_eq!(sla.phase(T0 + 31_000), SlaPhase::Close);
    assert_eq!(sla.display_secs(T0 + 31_000), Some(14));
    // Look at the other chat while B's time runs out.
    user(&mut state, T0, UserAction::FocusNumber(2));
    assert_eq!(state.focused.as_deref(), Some(second.as_str()));
    let effects = app::update(&mut state, T0 + 44_000, Input::Tick);
    assert!(!effects.iter().any(|e| matches!(e, Effect::Alert(_))));
    let effects = app::update(&mut state, T0 + 45_500, Input::Tick);
    let alerts: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Alert(a) => Some(a),
            _ => None,
        })
        .collect();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].kind, AlertKind::SlaExpired);
    assert!(state
        .last_notice()
        .unwrap()
        .text
        .starts_with("Reply overdue to test"));
    assert!(app::notify::terminal_title(&state).contains("reply overdue"));
    let effects = app::update(&mut state, T0 + 46_500, Input::Tick);
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Alert(_))),
        "once"
    );
    let effects = client(
        &mut state,
        T0 + 47_000,
        sla_event(&b, "cimEvent.agent_sla_expired.json", T0 + 47_000),
    );
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Alert(_))),
        "the server's EXPIRED after the desk saw it: no second alert"
    );
    let c = state.conversations.by_id(&b).unwrap();
    assert_eq!(c.sla.unwrap().phase(T0 + 47_000), SlaPhase::Expired);
    assert!(c
        .lines
        .last()
        .unwrap()
        .text
        .contains("response SLA expired"));
    // /extend asks for more time; the server's STARTED restarts, STOPPED clears.
    user(&mut state, T0, UserAction::FocusNumber(1));
    let effects = type_line(&mut state, T0 + 48_000, "/extend");
    assert!(matches!(
        sent_commands(&effects)[..],
        [Command::ResetAgentSla { ref conversation_id, .. }] if *conversation_id == b
    ));
    client(
        &mut state,
        T0 + 49_000,
        sla_event(&b, "cimEvent.agent_sla_started.json", T0 + 49_000),
    );
    let sla = state.conversations.by_id(&b).unwrap().sla.unwrap();
    assert_eq!(sla.phase(T0 + 50_000), SlaPhase::Running);
    client(
        &mut state,
        T0 + 50_000,
        sla_event(&b, "cimEvent.agent_sla_stopped.json", T0 + 50_000),
    );
    assert!(state.conversations.by_id(&b).unwrap().sla.is_none());
}

#[test]
fn an_sla_expiring_in_the_focused_chat_raises_no_alert() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(
        &mut state,
        T0,
        sla_event(&b, "cimEvent.agent_sla_started.json", T0),
    );
    let effects = app::update(&mut state, T0 + 46_000, Input::Tick);
    assert!(!effects.iter().any(|e| matches!(e, Effect::Alert(_))));
}

fn monitor_joins(conversation: &str) -> ClientEvent {
    cim(
        conversation,
        json!({"id": "sub-1", "name": "AGENT_SUBSCRIBED", "type": "NOTIFICATION",
               "conversationId": conversation,
               "data": {"agentParticipant": {"id": "tp-boss", "type": "AGENT", "role": "SILENT_MONITOR",
                   "participant": {"id": "boss", "participantType": "CCUser",
                       "keycloakUser": {"firstName": "Sam", "lastName": "Supervisor", "username": "supervisor1"}}}}}),
    )
}

#[test]
fn hand_toggles_and_a_supervisor_joining_answers_it() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let effects = type_line(&mut state, T0, "/hand");
    assert!(matches!(
        sent_commands(&effects)[..],
        [Command::Hand { raised: true, ref conversation_id, .. }] if *conversation_id == b
    ));
    assert!(focused(&state).hand.as_ref().unwrap().mine);
    let effects = type_line(&mut state, T0, "/hand");
    assert!(matches!(
        sent_commands(&effects)[..],
        [Command::Hand { raised: false, .. }]
    ));
    assert!(focused(&state).hand.is_none());
    type_line(&mut state, T0, "/hand");
    // The server's copy of my own HAND_RAISED changes nothing.
    let mut raised = fixture("cimEvent.hand_raised.json");
    raised["conversationId"] = json!(b);
    raised["data"]["agentId"] = json!(state.me.as_ref().unwrap().id);
    client(&mut state, T0, cim(&b, raised));
    assert!(focused(&state).hand.as_ref().unwrap().mine);
    client(&mut state, T0, monitor_joins(&b));
    assert!(focused(&state).hand.is_none(), "answered");
    assert_eq!(
        state.last_notice().unwrap().text,
        "Sam Supervisor joined the chat: your raised hand was answered"
    );
}

#[test]
fn a_supervisor_learns_of_a_hand_raised_elsewhere_and_goes_there() {
    let mut state = online();
    assert!(state.is_supervisor());
    let mut raised = fixture("cimEvent.hand_raised.json");
    raised["data"]["userName"] = json!("dana");
    let effects = client(&mut state, T0, cim("elsewhere", raised));
    assert!(effects.iter().any(
        |e| matches!(e, Effect::Alert(a) if a.kind == AlertKind::HandRaised && a.summary == "dana raised a hand")
    ));
    assert!(state.board.hands.contains_key("elsewhere"));
    assert!(state.last_notice().unwrap().text.contains("/hands"));
    let effects = type_line(&mut state, T0, "/hands");
    assert!(matches!(
        sent_commands(&effects)[..],
        [Command::FetchTeamBoard { .. }]
    ));
    assert_eq!(state.overlay, Some(Overlay::TeamBoard));
    let chat = |id: &str, hand: Option<&str>| agentdesk::protocol::ActiveChat {
        conversation_id: id.into(),
        queue: "Billing".into(),
        customer: "Nora".into(),
        agents: vec!["Dana Lee".into()],
        channel: "WEB".into(),
        since_ms: Some(T0),
        channel_session: Value::Null,
        room_info: None,
        hand_raised_by: hand.map(str::to_string),
    };
    client(
        &mut state,
        T0,
        ClientEvent::TeamBoard {
            agents: Ok(Vec::new()),
            chats: Ok(vec![
                chat("quiet", None),
                chat("elsewhere", Some("Dana Lee")),
            ]),
        },
    );
    assert_eq!(
        state.board.hands["elsewhere"].name, "Dana Lee",
        "the report's full name"
    );
    command(&mut state, T0, "/hands");
    assert_eq!(state.board.selected, 1, "the row with the raised hand");
    let effects = user(&mut state, T0, UserAction::Submit);
    assert!(matches!(
        sent_commands(&effects)[..],
        [Command::SilentMonitor { ref conversation_id, .. }] if conversation_id == "elsewhere"
    ));
    // HAND_DOWN clears the board's mark.
    let mut down = fixture("cimEvent.hand_down.json");
    down["conversationId"] = json!("elsewhere");
    client(&mut state, T0, cim("elsewhere", down));
    assert!(!state.board.hands.contains_key("elsewhere"));
}

#[test]
fn canned_config_errors_name_their_line() {
    use agentdesk::config::{resolve, Request};
    let dir = std::env::temp_dir().join(format!("agentdesk-canned-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    let check = |text: &str, profile: Option<&str>| {
        std::fs::write(&path, text).unwrap();
        let env = |_: &str| None;
        resolve(&Request {
            config_path: Some(path.clone()),
            profile: profile.map(str::to_string),
            flags: Vec::new(),
            env: &env,
        })
        .map(|e| e.settings.canned)
        .map_err(|e| e.to_string())
    };
    let ok = check(
        "[canned]\ngreet = \"Hi {customer.firstName}\"\n[profiles.work.canned]\nbye = \"Bye {agent.name}\"\n",
        Some("work"),
    )
    .unwrap();
    assert_eq!(ok.len(), 2, "merged name by name: {ok:?}");
    let error = check(
        "theme = \"default\"\n[canned]\ngreet = \"Hi {customer.nme}\"\n",
        None,
    )
    .unwrap_err();
    assert!(
        error.ends_with(
            "config.toml:3: canned.greet: unknown placeholder {customer.nme}; use {customer.firstName}, {customer.name}, {agent.firstName}, {agent.name}, {queue} or {conversation.data.KEY} ({{ writes a brace)"
        ),
        "{error}"
    );
    let error = check(
        "[profiles.work]\nusername = \"x\"\n[profiles.work.canned]\nok = \"fine\"\nbad = \"{queue\"\n",
        Some("work"),
    )
    .unwrap_err();
    assert!(error.contains("config.toml:5: canned.bad:"), "{error}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_readme_shows_the_example_set() {
    let readme =
        std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let section = readme
        .split("**Canned responses.**")
        .nth(1)
        .expect("the README's canned responses");
    let block = section
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a toml block");
    let table: toml::Table = block.parse().unwrap();
    let shown: Vec<(String, String)> = table["canned"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    let examples: Vec<(String, String)> = app::canned::EXAMPLES
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(shown, examples);
}

#[test]
fn snapshots_carry_the_sla_and_the_hand() {
    let mut state = online();
    let mut topic = fixture("onTopicData.json");
    topic["topicData"]["agentSla"] =
        json!({"totalDuration": 45, "action": "STARTED", "startTime": T0 - 5_000});
    topic["topicData"]["agentHandRaise"] = json!({"handRaised": true, "agentNames": ["Eli Khan"]});
    let event: TopicDataEvent = serde_json::from_value(topic.clone()).unwrap();
    let b = event.conversation_id().to_string();
    client(&mut state, T0, ClientEvent::TopicData(Box::new(event)));
    let c = state.conversations.by_id(&b).unwrap();
    assert_eq!(
        c.sla.unwrap().deadline_ms,
        Some(T0 + 40_000),
        "start + 45 s"
    );
    assert_eq!(c.hand.as_ref().unwrap().name, "Eli Khan");
    assert!(!c.hand.as_ref().unwrap().mine);
    // Re-sent (a reconnect) as the real server sends it when nothing runs: both clear.
    topic["topicData"]["agentSla"] =
        json!({"totalDuration": null, "action": null, "startTime": null});
    topic["topicData"]["agentHandRaise"] = json!({"handRaised": false, "agentNames": []});
    let event: TopicDataEvent = serde_json::from_value(topic).unwrap();
    client(
        &mut state,
        T0 + 1_000,
        ClientEvent::TopicData(Box::new(event)),
    );
    let c = state.conversations.by_id(&b).unwrap();
    assert!(c.sla.is_none() && c.hand.is_none());
}
