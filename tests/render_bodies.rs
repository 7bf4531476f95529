//! Message bodies and CIM system events render as readable, sanitised terminal text
//! (`app::body::render_message`, `app::system_event::describe_event`), checked against the
//! fixtures in `tests/fixtures/`.

use agentdesk::app::body::{human_size, render_message, Attachment, RenderedBody};
use agentdesk::app::system_event::describe_event;
use agentdesk::protocol::{CimEvent, CimMessage};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn body_fixture(kind: &str) -> RenderedBody {
    let message: CimMessage = serde_json::from_value(fixture(&format!("bodies/{kind}.json")))
        .unwrap_or_else(|e| panic!("{kind}: {e}"));
    render_message(&message)
}

fn event_fixture(name: &str) -> CimEvent {
    serde_json::from_value(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A message with the given body and an empty header.
fn message(body: Value) -> CimMessage {
    serde_json::from_value(json!({"id": "m1", "header": {}, "body": body})).unwrap()
}

fn render(body: Value) -> RenderedBody {
    render_message(&message(body))
}

/// No line may hold a control character (newlines are already split into lines).
fn assert_clean(rendered: &RenderedBody) {
    let strings = rendered.lines.iter().chain(
        rendered
            .attachments
            .iter()
            .flat_map(|a| [&a.name, &a.url].into_iter().chain(a.mime_type.as_ref())),
    );
    for s in strings {
        assert!(!s.chars().any(char::is_control), "control char in {s:?}");
    }
}

#[test]
fn every_body_fixture_renders_its_key_content() {
    assert_eq!(body_fixture("PLAIN").lines, ["hi"]);

    let button = body_fixture("BUTTON");
    assert_eq!(button.lines[0], "Welcome to PTCL!");
    assert!(button.lines[1].starts_with("How may I help you today?"));
    assert_eq!(button.lines[2], "1. Internet Packages");
    assert_eq!(button.lines[8], "7. Talk to a human agent");
    assert_eq!(button.lines.len(), 9);

    assert_eq!(
        body_fixture("CONTACT").lines,
        [
            "[CONTACT] Dummy Name",
            "  Phone: +92123456489789 (CELL)",
            "  Email: email@expertflow.com",
        ]
    );

    assert_eq!(
        body_fixture("DELIVERYNOTIFICATION").lines,
        ["[delivery: READ for message 65a923832d53786eb1603a7e]"]
    );

    let file = body_fixture("FILE");
    let url = "https://cim.expertflow.com/file-engine/api/downloadFileStream?filename=96460746-9a80-4bc8-bba1-87b93e39c245";
    assert_eq!(
        file.lines,
        ["[FILE] sample.pdf"],
        "details and URL are in the attachment, listed by the UI"
    );
    assert_eq!(
        file.attachments,
        [Attachment {
            name: "sample.pdf".into(),
            mime_type: Some("application/pdf".into()),
            size: Some(3028),
            url: url.into(),
        }]
    );

    let image = body_fixture("IMAGE");
    assert_eq!(image.lines, ["[IMAGE] Screenshot"]);
    assert_eq!(image.attachments[0].size, Some(41047));
    assert_eq!(
        image.attachments[0].mime_type.as_deref(),
        Some("image/jpeg")
    );

    assert_eq!(
        body_fixture("LOCATION").lines,
        [
            "[LOCATION] 31.513353, 74.333397",
            "Gaddafi Stadium, Hafeez Kardar Road",
            "<https://www.openstreetmap.org/?mlat=31.513353&mlon=74.333397>",
        ]
    );

    assert_eq!(body_fixture("NOTIFICATION").lines, ["[typing]"]);

    assert_eq!(
        body_fixture("URL").lines,
        [
            "You can download our Android app from this link.",
            "[URL] <https://play.google.com/store/apps/details?id=com.ptcl_app.main&hl=en>",
        ]
    );

    assert_eq!(
        body_fixture("WRAPUP").lines,
        [
            "[WRAP-UP]",
            "Category1: internet disconnectivity",
            "Category2: plan upgradation",
            "Note: optional",
        ]
    );
}

#[test]
fn every_body_fixture_is_clean_and_non_empty() {
    let dir = format!("{}/tests/fixtures/bodies", env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let message: CimMessage = serde_json::from_str(&text).unwrap();
        let rendered = render_message(&message);
        assert!(!rendered.lines.is_empty(), "{}", path.display());
        assert_clean(&rendered);
        count += 1;
    }
    assert!(count >= 10);
}

#[test]
fn base64_whisper_decodes_to_hello() {
    let event = event_fixture("cimEvent.whisper_encoded.json");
    assert_eq!(render_message(&event.message().unwrap()).lines, ["hello"]);
    // Not a system line: it is a message.
    assert_eq!(describe_event(&event), None);
}

#[test]
fn encoded_text_that_is_not_base64_is_shown_raw() {
    let m: CimMessage = serde_json::from_value(
        json!({"id": "m", "header": {"additionalData": {"isEncoded": true}},
        "body": {"type": "PLAIN", "markdownText": "%%% not base64"}}),
    )
    .unwrap();
    assert_eq!(render_message(&m).lines, ["%%% not base64"]);
}

#[test]
fn unknown_and_unrenderable_types_fall_back() {
    assert_eq!(
        render(json!({"type": "CUSTOM", "markdownText": "payload text"})).lines,
        ["[CUSTOM message]", "payload text"]
    );
    assert_eq!(
        render(json!({"type": "HOLOGRAM"})).lines,
        ["[HOLOGRAM message]"]
    );
    assert_eq!(render(json!({})).lines, ["[UNKNOWN message]"]);
    assert_eq!(
        render(json!({"type": "ACTION", "markdownText": null, "x": [1, 2]})).lines,
        ["[ACTION message]"]
    );
}

#[test]
fn plain_markdown_is_rendered_plainly() {
    let r = render(json!({"type": "PLAIN",
        "markdownText": "*Hi* _there_, **bold** and ~gone~.\nSee [the docs](https://ex.com/d) or `run --now`\n```\nlet x = *y*;\n```"}));
    assert_eq!(
        r.lines,
        [
            "Hi there, bold and gone.",
            "See the docs <https://ex.com/d> or run --now",
            "let x = *y*;",
        ]
    );
    assert_eq!(
        render(json!({"type": "PLAIN", "markdownText": "3 * 4 * 5 and file_name_v2"})).lines,
        ["3 * 4 * 5 and file_name_v2"]
    );
}

#[test]
fn media_bodies_show_name_type_size_and_url() {
    let r = render(json!({"type": "AUDIO", "caption": "voice note",
        "additionalDetails": {"fileName": "note.mp3"},
        "attachment": {"mediaUrl": "https://h/x?filename=note.mp3", "mimeType": "audio/mpeg", "size": "5000000"}}));
    assert_eq!(r.lines, ["[AUDIO] note.mp3", "voice note",]);
    assert_eq!(r.attachments[0].size, Some(5_000_000));
    // No name anywhere: the URL's filename is used.
    let r = render(
        json!({"type": "VIDEO", "attachment": {"mediaUrl": "https://h/api/downloadFileStream?filename=clip.mp4"}}),
    );
    assert_eq!(r.lines, ["[VIDEO] clip.mp4"]);
    // A sticker.
    let r = render(
        json!({"type": "STICKER", "attachment": {"mediaUrl": "https://h/s.webp", "mimeType": "image/webp"}}),
    );
    assert_eq!(r.lines, ["[STICKER] s.webp"]);
    assert_eq!(human_size(12_595), "12.3 KiB");
}

#[test]
fn carousel_email_comment_and_notifications() {
    let r = render(json!({"type": "CAROUSEL", "cards": [
        {"title": "Plan A", "subtitle": "10 GB", "mediaUrl": "https://h/a.png",
         "buttons": [{"title": "Buy"}, {"title": "Details", "payload": "d"}]},
        {"title": "Plan B"}]}));
    assert_eq!(
        r.lines,
        [
            "[CAROUSEL] 2 card(s)",
            "Card 1: Plan A",
            "  10 GB",
            "  <https://h/a.png>",
            "  - Buy",
            "  - Details",
            "Card 2: Plan B",
        ]
    );

    let r = render(
        json!({"type": "EMAIL", "subject": "Invoice", "from": {"name": "Ann", "address": "ann@x.io"},
        "htmlBody": "<div>Dear agent,<br>please <b>check</b> &amp; reply.</div><style>x{}</style>"}),
    );
    assert_eq!(
        r.lines,
        [
            "Subject: Invoice",
            "From: Ann <ann@x.io>",
            "Dear agent,",
            "please check & reply.",
        ]
    );
    let r = render(json!({"type": "EMAIL", "subject": "Hi", "from": "bo@x.io",
        "textBody": "plain part", "htmlBody": "<p>html part</p>",
        "attachments": [{"mediaUrl": "https://h/f?filename=a.pdf", "mimeType": "application/pdf", "size": 10}]}));
    assert_eq!(
        r.lines,
        ["Subject: Hi", "From: bo@x.io", "plain part", "[FILE] a.pdf",]
    );
    assert_eq!(r.attachments.len(), 1);

    assert_eq!(
        render(json!({"type": "COMMENT", "itemType": "TEXT", "markdownText": "nice post"})).lines,
        ["[COMMENT]", "nice post"]
    );
    assert_eq!(
        render(json!({"type": "COMMENT", "itemType": "LIKE"})).lines,
        ["[COMMENT: LIKE]"]
    );
    assert_eq!(
        render(json!({"type": "NOTIFICATION", "notificationType": "SOMETHING_ELSE"})).lines,
        ["[notification: something else]"]
    );
}

#[test]
fn odd_shapes_never_panic() {
    let junk = [
        json!(null),
        json!(5),
        json!("str"),
        json!([1, "a", null]),
        json!({"x": {"y": []}}),
    ];
    let kinds = [
        "PLAIN",
        "IMAGE",
        "VIDEO",
        "AUDIO",
        "FILE",
        "URL",
        "LOCATION",
        "BUTTON",
        "CONTACT",
        "CAROUSEL",
        "STICKER",
        "EMAIL",
        "COMMENT",
        "NOTIFICATION",
        "DELIVERYNOTIFICATION",
        "WRAPUP",
        "CUSTOM",
        "ACTION",
        "",
    ];
    let keys = [
        "markdownText",
        "attachment",
        "caption",
        "additionalDetails",
        "mediaUrl",
        "location",
        "buttons",
        "contacts",
        "cards",
        "subject",
        "from",
        "htmlBody",
        "wrapups",
        "note",
        "messageId",
        "status",
        "reasonCode",
        "itemType",
        "attachments",
        "notificationType",
    ];
    for kind in kinds {
        for value in &junk {
            let mut body = serde_json::Map::new();
            body.insert("type".into(), json!(kind));
            for key in keys {
                body.insert(key.into(), value.clone());
            }
            let rendered = render(Value::Object(body));
            assert_clean(&rendered);
            if kind != "PLAIN" {
                assert!(!rendered.lines.is_empty(), "{kind} with {value}");
            }
        }
    }
    // Nested junk inside otherwise right shapes.
    let r = render(
        json!({"type": "CONTACT", "contacts": [1, null, {"name": 5, "phones": [null, 3, {"phone": "+1"}]}]}),
    );
    assert_eq!(
        r.lines,
        [
            "[CONTACT] (no name)",
            "[CONTACT] (no name)",
            "[CONTACT] (no name)",
            "  Phone: +1"
        ]
    );
    let r = render(json!({"type": "LOCATION", "location": {"latitude": "abc", "longitude": 3}}));
    assert_eq!(r.lines, ["[LOCATION]"]);
    let r = render(json!({"type": "LOCATION", "location": {"latitude": "91", "longitude": 3}}));
    assert_eq!(r.lines, ["[LOCATION] (invalid coordinates)"]);
    let r = render(json!({"type": "IMAGE", "attachment": {"mediaUrl": 7, "size": -5}}));
    assert_eq!(r.lines, ["[IMAGE] image"]);
    assert!(r.attachments.iter().all(|a| a.size.is_none()));
}

#[test]
fn malicious_escape_sequences_are_neutralised() {
    let evil = "hi\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}x\r\nnext";
    let r = render(json!({"type": "PLAIN", "markdownText": evil}));
    assert_clean(&r);
    assert_eq!(r.lines.len(), 2);
    assert!(r.lines[0].starts_with("hi\u{241b}[2J"), "{:?}", r.lines);
    assert_eq!(r.lines[1], "next");

    let r = render(json!({"type": "FILE", "caption": "a\u{1b}[31mb",
        "additionalDetails": {"fileName": "x\u{1b}]8;;evil\u{7}.pdf"},
        "attachment": {"mediaUrl": "https://h/\u{1b}[1m", "mimeType": "text/\u{7}plain", "size": 1}}));
    assert_clean(&r);
    assert!(r.attachments[0].name.contains('\u{241b}'));

    // Hidden inside base64 too.
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode("boom\u{1b}[2J");
    let m: CimMessage = serde_json::from_value(
        json!({"id": "m", "header": {"additionalData": {"isEncoded": true}},
        "body": {"type": "PLAIN", "markdownText": encoded}}),
    )
    .unwrap();
    let r = render_message(&m);
    assert_clean(&r);
    assert_eq!(r.lines, ["boom\u{241b}[2J"]);

    // And in system events.
    let e: CimEvent = serde_json::from_value(json!({"name": "AGENT_SUBSCRIBED",
        "data": {"agentParticipant": {"role": "PRIMARY",
            "participant": {"keycloakUser": {"username": "eve\u{1b}[2J\nline"}}}}}))
    .unwrap();
    let line = describe_event(&e).unwrap();
    assert!(!line.chars().any(char::is_control), "{line:?}");
    assert_eq!(line, "eve\u{241b}[2J line joined the conversation");
}

#[test]
fn system_events_from_fixtures() {
    let line = |name: &str| describe_event(&event_fixture(name));
    assert_eq!(
        line("cimEvent.task_enqueued.json").as_deref(),
        Some("Queued in Chat Queue")
    );
    assert_eq!(
        line("cimEvent.task_state_changed.json").as_deref(),
        Some("Task state: ACTIVE, media QUEUED")
    );
    assert_eq!(
        line("cimEvent.agent_subscribed.json").as_deref(),
        Some("sana joined the conversation")
    );
    assert_eq!(
        line("cimEvent.participant_role_changed.json").as_deref(),
        Some("sana is now primary")
    );
    // Not system lines (a bot suggestion is a block under the message it answers).
    assert_eq!(line("cimEvent.bot_suggestion.json"), None);
    assert_eq!(line("cimEvent.typing_indicator.json"), None);
    assert_eq!(line("cimEvent.delivery_notification.json"), None);
    assert_eq!(line("cimEvent.whisper_encoded.json"), None);
    let customer: CimEvent = serde_json::from_value(
        fixture("onCimEvent.customer_message.object.json")["cimEvent"].clone(),
    )
    .unwrap();
    assert_eq!(describe_event(&customer), None);

    // History: BOT_SUBSCRIBED is a line, the two messages are not.
    let topic = fixture("onTopicData.json");
    let lines: Vec<Option<String>> = topic["topicData"]["topicEvents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| describe_event(&serde_json::from_value(e.clone()).unwrap()))
        .collect();
    assert_eq!(
        lines,
        [
            Some("Bot Rasa joined the conversation".to_string()),
            None,
            None
        ]
    );
}

#[test]
fn system_event_variants() {
    let describe = |v: Value| describe_event(&serde_json::from_value::<CimEvent>(v).unwrap());
    // Silent monitors are hidden, assistants named.
    let mut sub = fixture("cimEvent.agent_subscribed.json");
    sub["data"]["agentParticipant"]["role"] = "SILENT_MONITOR".into();
    assert_eq!(describe(sub.clone()), None);
    sub["data"]["agentParticipant"]["role"] = "ASSISTANT".into();
    assert_eq!(
        describe(sub.clone()).as_deref(),
        Some("sana joined the conversation as assistant")
    );
    sub["name"] = "AGENT_UNSUBSCRIBED".into();
    sub["data"]["reason"] = "CHAT TRANSFERRED".into();
    assert_eq!(
        describe(sub.clone()).as_deref(),
        Some("sana left the conversation (CHAT TRANSFERRED)")
    );
    sub["data"]["agentParticipant"]["role"] = "SILENT_MONITOR".into();
    assert_eq!(describe(sub), None);

    let mut enqueued = fixture("cimEvent.task_enqueued.json");
    let media = &mut enqueued["data"]["task"]["activeMedia"][0]["type"];
    media["direction"] = "DIRECT_TRANSFER".into();
    media["metadata"]["requestedBy"] = "sana".into();
    assert_eq!(
        describe(enqueued).as_deref(),
        Some("Transfer to queue Chat Queue requested by sana")
    );

    assert_eq!(
        describe(json!({"name": "NO_AGENT_AVAILABLE",
            "data": {"requestType": {"mode": "QUEUE", "direction": "DIRECT_TRANSFER"}}}))
        .as_deref(),
        Some("No agent available for queue transfer")
    );
    let channel = fixture("cimEvent.typing_indicator.json")["channelSession"].clone();
    for (name, text) in [
        ("CHANNEL_SESSION_STARTED", "WEB session started"),
        ("CHANNEL_SESSION_ENDED", "WEB session ended"),
        (
            "CHANNEL_SESSION_EXPIRED",
            "WEB session expired (customer inactive)",
        ),
    ] {
        assert_eq!(
            describe(json!({"name": name, "data": channel})).as_deref(),
            Some(text)
        );
    }
    assert_eq!(
        describe(json!({"name": "CUSTOMER_LEFT", "eventEmitter": {"type": "CUSTOMER", "senderName": "sana shoukat"}})).as_deref(),
        Some("sana shoukat (customer) left the conversation")
    );
    assert_eq!(
        describe(json!({"name": "CONVERSATION_RESUMED", "data": {}})).as_deref(),
        Some("Conversation resumed")
    );
    assert_eq!(
        describe(json!({"name": "AGENT_SLA_EXPIRED", "data": {}})).as_deref(),
        Some("Reply time ran out (response SLA expired)")
    );
    assert_eq!(
        describe(json!({"name": "HAND_DOWN", "data": {"userName": "sana"}})).as_deref(),
        Some("sana lowered the hand")
    );
    assert_eq!(
        describe(json!({"name": "SOME_NEW_EVENT", "data": {"x": 1}})).as_deref(),
        Some("some new event")
    );
    assert_eq!(
        describe(json!({"name": "TASK_STATE_CHANGED", "data": {"task": {
            "state": {"name": "CLOSED", "reasonCode": "FORCE_CLOSED"},
            "type": {"direction": "DIRECT_CONFERENCE"}}}}))
        .as_deref(),
        Some("Conference request cancelled")
    );
}
