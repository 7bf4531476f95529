//! Whole-screen snapshots (80×24) of issue 12's screens, states built only through
//! `app::update` from the fixtures: a bot suggestion block under the customer message it
//! answers (with an answered set faded above it), the canned responses picker with its
//! preview, and response SLAs close to and past their end in the conversation list.

use agentdesk::app::{self, Input, UserAction};
use agentdesk::client::ClientEvent;
use agentdesk::protocol::TopicDataEvent;
use serde_json::json;

mod common;

use common::answer::{customer_message, sla_event, suggestion};
use common::screen::{render, screen_text};
use common::{client, fixture, online, topic_b, type_line, user, T0};

fn sla_started(conversation: &str, at: i64) -> ClientEvent {
    sla_event(conversation, "cimEvent.agent_sla_started.json", at)
}

#[test]
fn suggestion_block_under_the_message_it_answers() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(
        &mut state,
        T0,
        customer_message(&b, "m1", "Is anyone there?", T0 + 60_000),
    );
    client(
        &mut state,
        T0,
        suggestion(&b, "m1", &[("Yes, I'm here. How can I help?", 0.9)]),
    );
    client(
        &mut state,
        T0,
        customer_message(
            &b,
            "m2",
            "My internet has been down since this morning.",
            T0 + 120_000,
        ),
    );
    client(
        &mut state,
        T0,
        suggestion(
            &b,
            "m2",
            &[
                (
                    "Could you unplug the router for 30 seconds and plug it back in?",
                    0.92,
                ),
                (
                    "I'm sorry about the outage. Let me check your line from here.",
                    0.74,
                ),
                ("Is the light on the modem green, orange or red?", 0.0),
            ],
        ),
    );
    user(&mut state, T0, UserAction::Command("/suggest".into()));
    user(&mut state, T0, UserAction::Command("/suggest".into()));
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(screen.contains("1 bot suggestion (older)"), "{screen}");
    assert!(
        screen.contains("bot suggests · Alt+S edit · Alt+A send"),
        "{screen}"
    );
    assert!(screen.contains("▸2 I'm sorry about the outage"), "{screen}");
    assert!(screen.contains("92%"), "{screen}");
    insta::assert_snapshot!("suggestion_block", terminal.backend());
    // A silent monitor sees none of it (they cannot write to the customer).
    state
        .conversations
        .by_id_mut(&b)
        .unwrap()
        .set_role("SILENT_MONITOR");
    let screen = screen_text(&render(&state));
    assert!(!screen.contains("bot suggest"), "{screen}");
    assert!(
        !screen.contains('┆'),
        "no block, not even a faded one: {screen}"
    );
}

#[test]
fn canned_picker_with_a_preview() {
    let mut state = online();
    state.canned = app::canned::examples();
    state.me.as_mut().unwrap().first_name = Some("Sabahat".into());
    let b = topic_b(&mut state, T0);
    state.conversations.by_id_mut(&b).unwrap().conversation_data = json!({"orderId": "A-1042"});
    type_line(&mut state, T0, "/canned");
    for c in "ordr".chars() {
        user(&mut state, T0, UserAction::Edit(app::Edit::Insert(c)));
    }
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(screen.contains("Canned responses"), "{screen}");
    assert!(
        screen.contains("I can see your order A-1042 here."),
        "the preview is filled in: {screen}"
    );
    insta::assert_snapshot!("canned_picker", terminal.backend());
}

#[test]
fn expiring_response_slas_in_the_list() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    for (id, name) in [("c2", "Ken Adams"), ("c3", "Omar Haddad")] {
        let mut topic = fixture("onTopicData.json");
        topic["conversationId"] = json!(id);
        topic["topicData"]["id"] = json!(id);
        topic["topicData"]["customer"]["firstName"] = json!(name);
        let topic: TopicDataEvent = serde_json::from_value(topic).unwrap();
        client(&mut state, T0, ClientEvent::TopicData(Box::new(topic)));
    }
    // B: 8 s left (close); c2: 30 s left; c3: ran out 12 s ago.
    client(&mut state, T0 - 57_000, sla_started("c3", T0 - 57_000));
    client(&mut state, T0 - 37_000, sla_started(&b, T0 - 37_000));
    client(&mut state, T0 - 15_000, sla_started("c2", T0 - 15_000));
    // The clock moves on without a reply.
    app::update(&mut state, T0, Input::Tick);
    let terminal = render(&state);
    let screen = screen_text(&terminal);
    assert!(screen.contains("soon 0:08"), "{screen}");
    assert!(screen.contains("reply 0:30"), "{screen}");
    assert!(screen.contains("overdue 0:12"), "{screen}");
    assert!(screen.contains("reply within 0:08 — soon"), "{screen}");
    assert!(
        screen.contains("Reply overdue to Omar Haddad (chat 3)"),
        "{screen}"
    );
    insta::assert_snapshot!("expiring_sla_list", terminal.backend());
}

#[test]
fn a_raised_hand_and_an_overdue_reply_fit_the_chat_header() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(&mut state, T0 - 57_000, sla_started(&b, T0 - 57_000));
    app::update(&mut state, T0, Input::Tick);
    // Without a hand, 80 columns keep the way out in the header.
    let screen = screen_text(&render(&state));
    assert!(screen.contains("overdue 0:12 · /extend ──"), "{screen}");
    type_line(&mut state, T0, "/hand");
    for cols in [80, 100, 140] {
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(cols, 24))
            .expect("test terminal");
        let theme = agentdesk::ui::Theme::default_theme();
        terminal
            .draw(|frame| {
                agentdesk::ui::draw(frame, &state, &theme);
            })
            .expect("drawn");
        let screen = screen_text(&terminal);
        let header = screen
            .lines()
            .find(|l| l.contains("chat 1 of 1"))
            .unwrap_or_else(|| panic!("the position title is whole at {cols}: {screen}"));
        assert!(header.contains("overdue 0:12"), "{cols}: {header}");
        assert!(header.contains("hand"), "{cols}: {header}");
        // The list says both, apart (at 80 columns: in its shortest words).
        let entry = screen
            .lines()
            .find(|l| l.contains("overdue 0:12") && !l.contains("chat 1 of 1"))
            .unwrap_or_else(|| panic!("the list's entry at {cols}: {screen}"));
        let after = entry.split("overdue 0:12").nth(1).unwrap_or_default();
        assert!(after.trim_start().starts_with("hand"), "{cols}: {entry}");
        assert!(after.starts_with(' '), "apart at {cols}: {entry}");
        if cols >= 140 {
            assert!(header.contains("hand raised"), "{cols}: {header}");
            assert!(header.contains("reply overdue 0:12 · /extend"), "{header}");
        }
    }
}
