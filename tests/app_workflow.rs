//! The complete agent workflow as pure state transitions (issue 3): MRDs, reason picker, RONA
//! banner, drafts, delivery states, replies, typing, read receipts, wrap-up, hold, files,
//! links, past conversations.

mod common;

use agentdesk::app::{self, Delivery, Effect, Input, Level, Overlay, State, UserAction};
use agentdesk::client::{ClientEvent, Command, WrapupChoice};
use agentdesk::protocol::history::PastConversation;
use agentdesk::protocol::{CimEvent, RevokeTask, TopicDataEvent};
use common::*;
use serde_json::{json, Value};

fn commands(effects: &[Effect]) -> Vec<Command> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

fn event(name: &str, kind: &str, conversation: &str, data: Value) -> ClientEvent {
    let event: CimEvent = serde_json::from_value(json!({
        "id": uuid::Uuid::new_v4().to_string(), "name": name, "type": kind,
        "conversationId": conversation, "timestamp": T0, "data": data,
    }))
    .unwrap();
    ClientEvent::CimEvent {
        conversation_id: Some(conversation.into()),
        event: Box::new(event),
    }
}

fn customer_message(conversation: &str, id: &str, text: &str) -> ClientEvent {
    event(
        "CUSTOMER_MESSAGE",
        "MESSAGE",
        conversation,
        json!({
            "id": id,
            "header": {"sender": {"id": "c", "type": "CONNECTOR", "senderName": "WEB_CONNECTOR"},
                       "customer": {"firstName": "test"}, "timestamp": T0},
            "body": {"type": "PLAIN", "markdownText": text},
        }),
    )
}

fn delivery(conversation: &str, message_id: &str, status: &str) -> ClientEvent {
    event(
        "MESSAGE_DELIVERY_NOTIFICATION",
        "NOTIFICATION",
        conversation,
        json!({
            "id": "n", "header": {"sender": {"id": "c", "type": "CONNECTOR"}},
            "body": {"type": "DELIVERYNOTIFICATION", "messageId": message_id, "status": status, "reasonCode": "200"},
        }),
    )
}

fn presence(state_name: &str) -> ClientEvent {
    let mut p = presence_of("agentPresence.state_changed.json", ME);
    p["agentPresence"]["state"] = json!({"name": state_name, "reasonCode": null});
    ClientEvent::Presence(Box::new(serde_json::from_value(p).unwrap()))
}

fn second_conversation(state: &mut State) {
    let mut other: TopicDataEvent = decode("onTopicData.json");
    other.conversation_id = Some("other".into());
    client(state, T0, ClientEvent::TopicData(Box::new(other)));
}

#[test]
fn mrd_picker_and_slash_command_set_mrd_states() {
    let mut state = online();
    client(&mut state, T0, presence("READY"));
    user(&mut state, T0, UserAction::Command("/mrd".into()));
    let Some(Overlay::Picker(picker)) = &state.overlay else {
        panic!("no MRD picker")
    };
    assert_eq!(picker.items.len(), 3);
    user(&mut state, T0, UserAction::Move(1));
    let effects = user(&mut state, T0, UserAction::Submit);
    assert!(state.overlay.is_none());
    let second = state.mrds[1].clone();
    let expected = if second.state == "NOT_READY" {
        "READY"
    } else {
        "NOT_READY"
    };
    assert_eq!(
        commands(&effects),
        [Command::SetMrdState {
            mrd_id: second.id.clone(),
            state: expected.into()
        }]
    );
    let effects = type_line(&mut state, T0, "/mrd cx voice ready");
    let voice = state.mrds.iter().find(|m| m.name == "CX VOICE").unwrap();
    assert_eq!(
        commands(&effects),
        [Command::SetMrdState {
            mrd_id: voice.id.clone(),
            state: "READY".into()
        }]
    );
    assert!(type_line(&mut state, T0, "/mrd fax ready").is_empty());
    assert!(state.last_notice().unwrap().text.contains("No MRD named"));
}

#[test]
fn notready_without_a_name_opens_the_reason_picker() {
    let mut state = online();
    let mut reasons: Vec<agentdesk::protocol::Reason> = decode("reasons.json");
    let mut lunch = reasons[1].clone();
    lunch.name = "Lunch".into();
    lunch.id = "lunch".into();
    reasons.push(lunch);
    client(&mut state, T0, ClientEvent::Reasons(reasons));
    assert!(type_line(&mut state, T0, "/notready").is_empty());
    let Some(Overlay::Picker(picker)) = &state.overlay else {
        panic!("no reason picker")
    };
    let labels: Vec<_> = picker.items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, ["Short Break", "Lunch"], "only NOT_READY reasons");
    user(&mut state, T0, UserAction::Move(5));
    let effects = user(&mut state, T0, UserAction::Submit);
    match &commands(&effects)[..] {
        [Command::SetAgentState {
            state,
            reason: Some(r),
        }] => assert_eq!((state.as_str(), r.id.as_str()), ("NOT_READY", "lunch")),
        other => panic!("{other:?}"),
    }
    type_line(&mut state, T0, "/logout");
    assert!(matches!(&state.overlay, Some(Overlay::Picker(p)) if p.items.len() == 1));
    user(&mut state, T0, UserAction::Dismiss);
    assert!(state.overlay.is_none());
}

#[test]
fn rona_shows_a_banner_until_ready_again() {
    let mut state = online();
    let task = offer(&mut state, T0);
    client(
        &mut state,
        T0 + 1,
        ClientEvent::RevokeTask(RevokeTask {
            conversation_id: task.conversation_id,
            task_id: None,
        }),
    );
    assert_eq!(state.rona.as_ref().unwrap().customer_name, "sana shoukat");
    client(&mut state, T0 + 2, presence("NOT_READY"));
    assert!(state.rona.is_some());
    client(&mut state, T0 + 3, presence("READY"));
    assert!(state.rona.is_none());
}

#[test]
fn drafts_stay_with_their_conversation_and_goto_focuses() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    second_conversation(&mut state);
    for c in "half a thought".chars() {
        user(&mut state, T0, UserAction::Edit(app::Edit::Insert(c)));
    }
    user(&mut state, T0, UserAction::Command("/goto 2".into()));
    assert_eq!(state.focused.as_deref(), Some("other"));
    assert!(
        state.composer.is_empty(),
        "the other conversation has its own draft"
    );
    user(&mut state, T0, UserAction::FocusNumber(1));
    assert_eq!(state.focused.as_deref(), Some(b.as_str()));
    assert_eq!(state.composer.text(), "half a thought");
    assert!(user(&mut state, T0, UserAction::Command("/goto 9".into())).is_empty());
    assert_eq!(
        state.composer.text(),
        "half a thought",
        "a key-bound command leaves the draft alone"
    );
}

#[test]
fn own_message_moves_through_sent_delivered_read_and_never_back() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let effects = type_line(&mut state, T0, "hello");
    let Command::SendMessage { message_id, .. } = commands(&effects).into_iter().next().unwrap()
    else {
        panic!()
    };
    let status = |s: &State| {
        s.focused_conversation()
            .unwrap()
            .lines
            .iter()
            .find(|l| *l.id == *message_id)
            .unwrap()
            .delivery
    };
    client(&mut state, T0, delivery(&b, &message_id, "READ"));
    assert_eq!(
        status(&state),
        Some(Delivery::Read),
        "READ may come before the echo"
    );
    client(&mut state, T0, delivery(&b, &message_id, "DELIVERED"));
    assert_eq!(status(&state), Some(Delivery::Read), "never back from READ");
    let effects = type_line(&mut state, T0, "second");
    let Command::SendMessage { message_id, .. } = commands(&effects).into_iter().next().unwrap()
    else {
        panic!()
    };
    let status = |s: &State| {
        s.focused_conversation()
            .unwrap()
            .lines
            .iter()
            .find(|l| *l.id == *message_id)
            .unwrap()
            .delivery
    };
    client(&mut state, T0, delivery(&b, &message_id, "DELIVERED"));
    assert_eq!(status(&state), Some(Delivery::Delivered));
}

#[test]
fn reply_quotes_the_selected_message_and_sends_reply_to() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(
        &mut state,
        T0,
        customer_message(&b, "m-cust", "Where is my order?"),
    );
    user(&mut state, T0, UserAction::SelectLine(-1));
    assert_eq!(
        state.focused_conversation().unwrap().selected.as_deref(),
        Some("m-cust")
    );
    type_line(&mut state, T0, "/reply");
    let quote = state
        .focused_conversation()
        .unwrap()
        .reply_to
        .clone()
        .unwrap();
    assert_eq!(quote.id, "m-cust");
    assert!(quote.excerpt.contains("Where is my order"));
    let effects = type_line(&mut state, T0, "It ships today");
    match &commands(&effects)[..] {
        [Command::SendMessage { reply_to, .. }] => assert_eq!(reply_to.as_deref(), Some("m-cust")),
        other => panic!("{other:?}"),
    }
    let own = state.focused_conversation().unwrap().lines.last().unwrap();
    assert_eq!(own.reply_to.as_ref().unwrap().id, "m-cust");
    assert!(
        state.focused_conversation().unwrap().reply_to.is_none(),
        "reply target is used once"
    );
}

#[test]
fn typing_indicator_is_throttled_to_one_per_three_seconds() {
    let mut state = online();
    topic_b(&mut state, T0);
    let typed = |state: &mut State, now: i64, c: char| {
        commands(&user(state, now, UserAction::Edit(app::Edit::Insert(c))))
    };
    assert!(matches!(
        typed(&mut state, T0, 'h')[..],
        [Command::SendTyping { .. }]
    ));
    assert!(typed(&mut state, T0 + 2_999, 'i').is_empty());
    assert!(matches!(
        typed(&mut state, T0 + 3_000, '!')[..],
        [Command::SendTyping { .. }]
    ));
    // Slash commands are not typing.
    user(&mut state, T0, UserAction::Edit(app::Edit::Clear));
    assert!(typed(&mut state, T0 + 9_000, '/').is_empty());
    assert!(typed(&mut state, T0 + 9_000, 'r').is_empty());
}

#[test]
fn read_receipts_for_the_focused_conversation_only_once_and_not_when_monitoring() {
    let mut state = online();
    let b = topic_b(&mut state, T0 + 1);
    second_conversation(&mut state);
    let effects = client(&mut state, T0, customer_message(&b, "m1", "hi"));
    assert!(
        matches!(&commands(&effects)[..], [Command::SendReadReceipt { read_message_id, .. }] if read_message_id == "m1")
    );
    let effects = client(&mut state, T0, customer_message("other", "m2", "psst"));
    assert!(commands(&effects).is_empty(), "not shown yet: no receipt");
    let effects = user(&mut state, T0, UserAction::FocusNext);
    let read: Vec<String> = commands(&effects)
        .into_iter()
        .filter_map(|c| match c {
            Command::SendReadReceipt {
                read_message_id, ..
            } => Some(read_message_id),
            _ => None,
        })
        .collect();
    assert!(read.contains(&"m2".to_string()), "{read:?}");
    let effects = user(&mut state, T0, UserAction::FocusPrev);
    assert!(commands(&effects).is_empty(), "already receipted");
    state.conversations[0].role = "ASSISTANT".into();
    let effects = client(&mut state, T0, customer_message(&b, "m3", "again"));
    assert!(commands(&effects).is_empty(), "no receipts as ASSISTANT");
    assert!(
        commands(&user(
            &mut state,
            T0,
            UserAction::Edit(app::Edit::Insert('x'))
        ))
        .is_empty(),
        "no typing as ASSISTANT"
    );
}

#[test]
fn customer_typing_shows_for_five_seconds() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let typing: CimEvent = decode("cimEvent.typing_indicator.json");
    client(
        &mut state,
        T0,
        ClientEvent::CimEvent {
            conversation_id: Some(b.clone()),
            event: Box::new(typing),
        },
    );
    let c = state.focused_conversation().unwrap();
    assert!(c.customer_typing(T0 + 4_999));
    assert!(!c.customer_typing(T0 + 5_000));
    client(
        &mut state,
        T0 + 10,
        customer_message(&b, "m9", "done typing"),
    );
    assert!(
        !state
            .focused_conversation()
            .unwrap()
            .customer_typing(T0 + 20),
        "a message ends the indicator"
    );
}

#[test]
fn wrapup_form_sends_categories_or_skips() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    type_line(&mut state, T0, "/leave");
    client(
        &mut state,
        T0,
        ClientEvent::WrapupTimerStarted {
            conversation_id: b.clone(),
            duration_ms: Some(60_000),
        },
    );
    let form = state
        .focused_conversation()
        .unwrap()
        .wrapup
        .clone()
        .unwrap();
    assert_eq!(form.seconds_left(T0 + 30_000), Some(30));
    assert!(
        user(&mut state, T0, UserAction::Submit).is_empty(),
        "nothing ticked"
    );
    user(&mut state, T0, UserAction::Move(1));
    user(&mut state, T0, UserAction::Toggle);
    user(&mut state, T0, UserAction::NextField);
    for c in "called back".chars() {
        user(&mut state, T0, UserAction::Edit(app::Edit::Insert(c)));
    }
    let effects = user(&mut state, T0, UserAction::Submit);
    match &commands(&effects)[..] {
        [Command::CloseWrapup {
            wrapup: Some(WrapupChoice { categories, note }),
            target,
            ..
        }] => {
            assert_eq!(
                categories,
                &[("Outcome".to_string(), "Follow-up needed".to_string())]
            );
            assert_eq!(note, "called back");
            assert_eq!(target.conversation_id, b);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        state.composer.is_empty(),
        "the note did not go to the composer"
    );
    let unsub = json!({"conversationId": b, "reason": "Wrap Up applied"});
    client(
        &mut state,
        T0,
        ClientEvent::TopicUnsubscribed(serde_json::from_value(unsub).unwrap()),
    );
    let c = state.focused_conversation().unwrap();
    assert!(c.wrapup.is_none());
    assert_eq!(c.ended.as_deref(), Some("Wrap Up applied"));

    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(
        &mut state,
        T0,
        ClientEvent::WrapupTimerStarted {
            conversation_id: b,
            duration_ms: None,
        },
    );
    let effects = user(&mut state, T0, UserAction::SkipWrapup);
    assert!(matches!(
        &commands(&effects)[..],
        [Command::CloseWrapup { wrapup: None, .. }]
    ));
}

#[test]
fn hold_and_resume_follow_the_server() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let effects = type_line(&mut state, T0, "/hold 2");
    assert!(
        matches!(&commands(&effects)[..], [Command::Pause { duration_secs: 120, conversation_id, .. }] if *conversation_id == b)
    );
    assert!(
        state.focused_conversation().unwrap().hold.is_none(),
        "only the server's event puts it on hold"
    );
    client(
        &mut state,
        T0,
        event(
            "CONVERSATION_PAUSED",
            "NOTIFICATION",
            &b,
            json!({"conversationId": b, "duration": 120}),
        ),
    );
    assert_eq!(
        state.focused_conversation().unwrap().hold.unwrap().until_ms,
        Some(T0 + 120_000)
    );
    let effects = type_line(&mut state, T0, "/resume");
    assert!(matches!(&commands(&effects)[..], [Command::Resume { .. }]));
    client(
        &mut state,
        T0,
        event(
            "CONVERSATION_RESUMED",
            "NOTIFICATION",
            &b,
            json!({"conversationId": b}),
        ),
    );
    assert!(state.focused_conversation().unwrap().hold.is_none());
    assert!(type_line(&mut state, T0, "/hold soon").is_empty());
}

#[test]
fn send_file_shows_a_pending_line_once_the_upload_starts_and_failure_marks_it() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let lines_before = state.focused_conversation().unwrap().lines.len();
    let effects = type_line(&mut state, T0, "/send /tmp/invoice.pdf");
    let Some(Command::SendFile {
        message_id, path, ..
    }) = commands(&effects).into_iter().next()
    else {
        panic!("no SendFile")
    };
    assert_eq!(path, std::path::PathBuf::from("/tmp/invoice.pdf"));
    assert_eq!(
        state.focused_conversation().unwrap().lines.len(),
        lines_before,
        "nothing in the chat before the client checked the file"
    );
    client(
        &mut state,
        T0,
        ClientEvent::UploadStarted {
            conversation_id: b.clone(),
            message_id: message_id.clone(),
            name: "invoice.pdf".into(),
            size: 41_047,
        },
    );
    let line = state
        .focused_conversation()
        .unwrap()
        .lines
        .last()
        .unwrap()
        .clone();
    assert!(line.text.contains("invoice.pdf"));
    assert!(line.text.contains("uploading"));
    client(
        &mut state,
        T0,
        ClientEvent::SendFailed {
            conversation_id: b,
            message_id,
            message: "file is larger than 5 MB".into(),
        },
    );
    assert_eq!(
        state
            .focused_conversation()
            .unwrap()
            .lines
            .last()
            .unwrap()
            .delivery,
        Some(Delivery::Failed)
    );
    assert!(state.last_notice().unwrap().text.contains("5 MB"));
}

#[test]
fn open_and_copy_links_of_the_newest_message_with_links() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(
        &mut state,
        T0,
        customer_message(
            &b,
            "m-link",
            "see https://example.com/a and <https://example.com/b>",
        ),
    );
    let effects = type_line(&mut state, T0, "/open 2");
    assert_eq!(effects, [Effect::OpenUrl("https://example.com/b".into())]);
    let effects = type_line(&mut state, T0, "/copy");
    assert_eq!(effects, [Effect::Copy("https://example.com/a".into())]);
    assert!(type_line(&mut state, T0, "/open 7").is_empty());
}

#[test]
fn open_prefers_the_customers_newest_link_over_an_own_one() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(
        &mut state,
        T0,
        customer_message(&b, "m-link", "my receipt: https://shop.example/r/1"),
    );
    type_line(
        &mut state,
        T0,
        "here is our form https://own.example/form.pdf",
    );
    let effects = type_line(&mut state, T0, "/open");
    assert_eq!(
        effects,
        [Effect::OpenUrl("https://shop.example/r/1".into())]
    );
    assert_eq!(
        state.last_notice().unwrap().text,
        "Opening https://shop.example/r/1…"
    );
    // Selecting the own line still opens its link.
    user(&mut state, T0, UserAction::SelectLine(-1));
    let effects = type_line(&mut state, T0, "/open");
    assert_eq!(
        effects,
        [Effect::OpenUrl("https://own.example/form.pdf".into())]
    );
}

#[test]
fn open_and_copy_report_what_really_happened() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(
        &mut state,
        T0,
        customer_message(&b, "m-link", "https://shop.example/r/1"),
    );
    type_line(&mut state, T0, "/open");
    app::update(
        &mut state,
        T0,
        Input::LinkOpened {
            url: "https://shop.example/r/1".into(),
            result: Err("no program to open links was found".into()),
        },
    );
    let notice = state.last_notice().unwrap();
    assert_eq!(notice.level, Level::Error);
    assert_eq!(
        notice.text,
        "Could not open https://shop.example/r/1: no program to open links was found"
    );
    app::update(
        &mut state,
        T0,
        Input::LinkOpened {
            url: "https://shop.example/r/1".into(),
            result: Ok(()),
        },
    );
    assert_eq!(
        state.last_notice().unwrap().text,
        "Opened https://shop.example/r/1"
    );
    type_line(&mut state, T0, "/copy");
    let text = &state.last_notice().unwrap().text;
    assert!(
        text.contains("OSC 52") && text.contains("do not confirm"),
        "{text}"
    );
    assert!(!text.starts_with("Copied"), "{text}");
}

#[test]
fn hostile_links_are_never_handed_to_the_opener_or_clipboard() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    for (id, text) in [("m1", "--manual"), ("m2", "file:///etc/shadow")] {
        client(&mut state, T0, customer_message(&b, id, text));
    }
    // Attachments are not text links: a customer attachment URL can say anything.
    let mut hostile = state
        .focused_conversation()
        .unwrap()
        .lines
        .last()
        .unwrap()
        .clone();
    hostile.id = "m3".into();
    hostile.attachments = vec![agentdesk::app::body::Attachment {
        name: "invoice.pdf".into(),
        mime_type: None,
        size: None,
        url: "file:///etc/shadow".into(),
    }];
    let id = state.focused.clone().unwrap();
    state
        .conversations
        .iter_mut()
        .find(|c| c.id == id)
        .unwrap()
        .lines
        .push(hostile);
    assert!(type_line(&mut state, T0, "/open").is_empty());
    let notice = state.last_notice().unwrap();
    assert_eq!(notice.level, Level::Warning);
    assert!(
        notice.text.contains("only http and https"),
        "{}",
        notice.text
    );
    assert!(type_line(&mut state, T0, "/copy").is_empty());
    assert!(state.last_notice().unwrap().text.starts_with("Not copied"));
}

#[test]
fn past_conversations_page_through_activities() {
    let mut state = online();
    topic_b(&mut state, T0);
    let effects = type_line(&mut state, T0, "/history");
    let customer = "67c1cb75d66fbd82f98990ad".to_string();
    assert_eq!(
        commands(&effects),
        [Command::FetchActivities {
            customer_id: customer.clone(),
            offset: 0,
            limit: 25
        }]
    );
    assert!(state.customer_panel && state.past.as_ref().unwrap().loading);
    let page = |n: usize| {
        (0..n)
            .map(|i| PastConversation {
                conversation_id: Some(format!("c{i}")),
                started_ms: Some(T0),
                ended_ms: None,
                channel: Some("WEB".into()),
                agent: None,
                summary: None,
                event: None,
            })
            .collect::<Vec<_>>()
    };
    client(
        &mut state,
        T0,
        ClientEvent::Activities {
            customer_id: customer.clone(),
            offset: 0,
            total: Some(30),
            items: page(25),
        },
    );
    let effects = type_line(&mut state, T0, "/history more");
    assert_eq!(
        commands(&effects),
        [Command::FetchActivities {
            customer_id: customer.clone(),
            offset: 25,
            limit: 25
        }]
    );
    client(
        &mut state,
        T0,
        ClientEvent::Activities {
            customer_id: customer,
            offset: 25,
            total: Some(30),
            items: page(5),
        },
    );
    assert_eq!(state.past.as_ref().unwrap().items.len(), 30);
    assert!(
        type_line(&mut state, T0, "/history more").is_empty(),
        "all loaded"
    );
}

#[test]
fn conversation_data_changes_merge_and_system_events_show() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(
        &mut state,
        T0,
        event(
            "CONVERSATION_DATA_CHANGED",
            "NOTIFICATION",
            &b,
            json!({"conversationData": {"orderId": "A-1"}}),
        ),
    );
    assert_eq!(
        state.focused_conversation().unwrap().conversation_data["orderId"],
        "A-1"
    );
    let before = state.focused_conversation().unwrap().lines.len();
    client(
        &mut state,
        T0,
        event("CUSTOMER_LEFT", "NOTIFICATION", &b, json!({})),
    );
    client(
        &mut state,
        T0,
        event("SOME_FUTURE_EVENT", "ACTIVITY", &b, json!({"x": 1})),
    );
    let lines = &state.focused_conversation().unwrap().lines;
    assert_eq!(lines.len(), before + 2, "both shown as system lines");
    assert!(lines
        .last()
        .unwrap()
        .text
        .to_lowercase()
        .contains("some future event"));
}

#[test]
fn esc_cancels_reply_then_selection_then_banner() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(&mut state, T0, customer_message(&b, "m1", "hi"));
    user(&mut state, T0, UserAction::SelectLine(-1));
    type_line(&mut state, T0, "/reply");
    user(&mut state, T0, UserAction::SelectLine(-1));
    user(&mut state, T0, UserAction::Dismiss);
    assert!(state.focused_conversation().unwrap().reply_to.is_none());
    assert!(state.focused_conversation().unwrap().selected.is_some());
    user(&mut state, T0, UserAction::Dismiss);
    assert!(state.focused_conversation().unwrap().selected.is_none());
    let _ = app::update(&mut state, T0, Input::Tick);
}

#[test]
fn cim_event_before_its_topic_data_is_kept_and_shown() {
    let mut state = online();
    client(
        &mut state,
        T0,
        customer_message("67c1cb75956d765cfc275754", "early", "am I first?"),
    );
    assert!(state.conversations.is_empty());
    topic_b(&mut state, T0);
    let lines = &state.focused_conversation().unwrap().lines;
    assert!(
        lines.iter().any(|l| &*l.id == "early"),
        "early message replayed"
    );
}

#[test]
fn forced_logout_offers_the_login_form_again() {
    let mut state = online();
    client(
        &mut state,
        T0,
        ClientEvent::ForcedLogout {
            reason: "io server disconnect".into(),
        },
    );
    assert!(matches!(state.connection, app::Connection::Offline { .. }));
    let form = state.login.as_ref().expect("login form back");
    assert_eq!(form.username.text(), "sabahat-agent1");
    assert!(form
        .error
        .as_deref()
        .unwrap()
        .contains("Disconnected by the server"));
    let effects = type_line(&mut state, T0, "pw");
    assert!(matches!(&commands(&effects)[..], [Command::Login { .. }]));
}

#[test]
fn customer_panel_loads_history_once_and_failures_stop_loading() {
    let mut state = online();
    topic_b(&mut state, T0);
    let effects = user(&mut state, T0, UserAction::ToggleCustomerPanel);
    assert!(matches!(
        &commands(&effects)[..],
        [Command::FetchActivities { offset: 0, .. }]
    ));
    client(
        &mut state,
        T0,
        ClientEvent::ActivitiesFailed {
            customer_id: "67c1cb75d66fbd82f98990ad".into(),
            message: "HTTP 404".into(),
        },
    );
    assert!(!state.past.as_ref().unwrap().loading, "no endless loading…");
    user(&mut state, T0, UserAction::ToggleCustomerPanel);
    let effects = user(&mut state, T0, UserAction::ToggleCustomerPanel);
    assert!(
        commands(&effects).is_empty(),
        "same customer: not fetched again"
    );
}

#[test]
fn failed_close_wrapup_reopens_the_form_and_arrows_stay_in_the_note() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    client(
        &mut state,
        T0,
        ClientEvent::WrapupTimerStarted {
            conversation_id: b,
            duration_ms: None,
        },
    );
    user(&mut state, T0, UserAction::Toggle);
    user(&mut state, T0, UserAction::NextField);
    user(&mut state, T0, UserAction::Move(1));
    let form = state
        .focused_conversation()
        .unwrap()
        .wrapup
        .clone()
        .unwrap();
    assert_eq!((form.cursor, form.focus), (0, app::WrapupFocus::Note));
    assert_eq!(commands(&user(&mut state, T0, UserAction::Submit)).len(), 1);
    assert!(
        state
            .focused_conversation()
            .unwrap()
            .wrapup
            .as_ref()
            .unwrap()
            .submitted
    );
    client(
        &mut state,
        T0,
        ClientEvent::ServerError {
            task: "closeWrapup".into(),
            msg: "wrap-up expired".into(),
        },
    );
    assert!(
        !state
            .focused_conversation()
            .unwrap()
            .wrapup
            .as_ref()
            .unwrap()
            .submitted,
        "form is back"
    );
}

#[test]
fn delivery_notification_may_name_the_provider_message_id() {
    let mut state = online();
    let b = topic_b(&mut state, T0);
    let effects = type_line(&mut state, T0, "hi");
    let Some(Command::SendMessage { message_id, .. }) = commands(&effects).into_iter().next()
    else {
        panic!()
    };
    // The echo carries the channel's own id.
    let me = state.me.as_ref().unwrap().id.clone();
    client(
        &mut state,
        T0,
        event(
            "AGENT_MESSAGE",
            "MESSAGE",
            &b,
            json!({
                "id": message_id,
                "header": {"sender": {"id": me, "type": "AGENT", "senderName": "me"},
                           "providerMessageId": "65a923832d53786eb1603a7e"},
                "body": {"type": "PLAIN", "markdownText": "hi"},
            }),
        ),
    );
    client(
        &mut state,
        T0,
        ClientEvent::CimEvent {
            conversation_id: Some(b),
            event: Box::new(decode("cimEvent.delivery_notification.json")),
        },
    );
    assert_eq!(
        state
            .focused_conversation()
            .unwrap()
            .lines
            .last()
            .unwrap()
            .delivery,
        Some(Delivery::Read)
    );
}

#[test]
fn logout_then_server_disconnect_is_not_an_error() {
    let mut state = online();
    client(&mut state, T0, presence("LOGOUT"));
    client(
        &mut state,
        T0,
        ClientEvent::ForcedLogout {
            reason: "io server disconnect".into(),
        },
    );
    let form = state
        .login
        .as_ref()
        .expect("login form for the next session");
    assert!(form.error.is_none());
    assert_eq!(state.last_notice().unwrap().level, app::Level::Info);
    assert!(state.last_notice().unwrap().text.contains("Logged out"));
}

#[test]
fn replies_in_history_are_quoted_like_live_ones() {
    let mut state = online();
    let mut topic: TopicDataEvent = decode("onTopicData.json");
    let events = topic.topic_data.topic_events.as_mut().unwrap();
    let customer_id = events[1]["data"]["id"].as_str().unwrap().to_string();
    events[2]["data"]["header"]["originalMessageId"] = json!(customer_id);
    client(&mut state, T0, ClientEvent::TopicData(Box::new(topic)));
    let lines = &state.focused_conversation().unwrap().lines;
    let quote = lines[2].reply_to.as_ref().expect("history reply quoted");
    assert_eq!(quote.id, customer_id);
    assert!(
        !quote.excerpt.is_empty() && quote.excerpt != "an earlier message",
        "{quote:?}"
    );
}

#[test]
fn every_customer_message_of_an_unfocused_chat_gets_its_receipt_also_past_the_scrollback_window() {
    let mut state = online();
    state.scrollback = app::lines::MIN_WINDOW;
    let b = topic_b(&mut state, T0 + 1);
    second_conversation(&mut state);
    let sent = 3 * app::lines::MIN_WINDOW;
    for i in 0..sent {
        let effects = client(
            &mut state,
            T0 + i as i64,
            customer_message("other", &format!("m{i}"), "hi"),
        );
        assert!(commands(&effects).is_empty(), "not shown yet: no receipt");
        if i % 7 == 0 {
            // Lines of the focused chat in between do not disturb the other's queue.
            client(
                &mut state,
                T0 + i as i64,
                customer_message(&b, &format!("b{i}"), "x"),
            );
        }
    }
    let other = state
        .conversations
        .iter()
        .find(|c| c.id == "other")
        .unwrap();
    assert!(other.lines.archived() > 0, "lines left the window");
    let read: Vec<String> = commands(&user(&mut state, T0, UserAction::FocusNext))
        .into_iter()
        .filter_map(|c| match c {
            Command::SendReadReceipt {
                read_message_id, ..
            } => Some(read_message_id),
            _ => None,
        })
        .filter(|id| id.starts_with('m'))
        .collect();
    let expected: Vec<String> = (0..sent).map(|i| format!("m{i}")).collect();
    assert_eq!(read, expected);
}
