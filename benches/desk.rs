//! Micro-benchmarks of the desk's hot paths (issue 7), with `divan`: decoding a live
//! `onCimEvent` (3.7 KB, fixture `onCimEvent.customer_message.string.json`), applying one
//! customer message to a conversation of 1,000 / 10,000 / 100,000 lines (`app::update`,
//! READ receipt effect included), sanitising message text, and drawing a full 200×60 screen
//! of such a conversation.
//!
//! ```sh
//! cargo bench --bench desk
//! ```
//!
//! Figures depend on the machine; compare them across sizes (cost per event should not grow
//! with the conversation) and as ratios between runs on the same machine. For figures that
//! do not move with the machine's load, count instructions:
//! `valgrind --tool=callgrind target/release/deps/desk-* --bench update`.
//!
//! The allocator is the desk's (mimalloc with the desk's options, `agentdesk::allocator`),
//! so the figures are those of the shipped binary; before step 4 of BENCHMARKS.md they were
//! taken with the system allocator.

use std::hint::black_box;

use agentdesk::app::{self, Input, State};
use agentdesk::client::{decode::decode, ClientEvent};
use agentdesk::protocol::{LoginResponse, TopicDataEvent};
use divan::Bencher;
use ratatui::{backend::TestBackend, Terminal};
use serde_json::{json, Value};

/// The allocator of the desk binary (`main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    agentdesk::allocator::configure();
    divan::main();
}

const T0: i64 = 1_740_000_000_000;
const SIZES: &[usize] = &[1_000, 10_000, 100_000];

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
}

/// `onCimEvent` args of customer message `i` (3.7 KB cimEvent string, as real servers send).
fn customer_message_args(i: usize) -> Vec<Value> {
    let mut envelope = fixture("onCimEvent.customer_message.string.json");
    let mut event: Value =
        serde_json::from_str(envelope["cimEvent"].as_str().expect("string")).expect("json");
    event["id"] = json!(format!("e{i}"));
    event["data"]["id"] = json!(format!("m{i}"));
    event["data"]["body"]["markdownText"] = json!(format!(
        "message number {i} with some words to wrap across the pane"
    ));
    envelope["cimEvent"] = json!(event.to_string());
    vec![envelope]
}

/// The decoded event of customer message `i`, from a template (cheap to make many).
fn customer_message(template: &ClientEvent, i: usize) -> ClientEvent {
    let mut event = template.clone();
    if let ClientEvent::CimEvent { event, .. } = &mut event {
        event.id = format!("e{i}");
        let text = format!("message number {i} with some words to wrap across the pane");
        // The live decoder reads a customer message's data into `message_data`.
        let message = event
            .message_data
            .as_mut()
            .expect("a live customer message");
        message.id = format!("m{i}");
        message.body.markdown_text = Some(text);
    }
    event
}

/// A logged-in, online desk focused on one conversation of `lines` customer lines (all kept
/// in memory: the scrollback window is set to hold them).
fn desk_with(lines: usize) -> (State, ClientEvent) {
    let user = serde_json::from_value::<LoginResponse>(fixture("login.response.json"))
        .expect("login")
        .data
        .keycloak_user;
    let mut topic: TopicDataEvent =
        serde_json::from_value(fixture("onTopicData.json")).expect("topic");
    topic.conversation_id = Some("65a923832d53786eb16039f0".into());
    let mut state = State::new(None, T0);
    state.scrollback = lines + 1_000;
    for input in [
        Input::Client(ClientEvent::LoggedIn { user }),
        Input::Client(ClientEvent::Connected),
        Input::Client(ClientEvent::TopicData(Box::new(topic))),
    ] {
        app::update(&mut state, T0, input);
    }
    let template = decode("onCimEvent", &customer_message_args(0)).expect("decodes");
    for i in 0..lines {
        app::update(
            &mut state,
            T0,
            Input::Client(customer_message(&template, i)),
        );
    }
    let held = state.focused_conversation().map_or(0, |c| c.lines.len());
    assert!(
        held >= lines,
        "the conversation holds its {lines} lines ({held})"
    );
    (state, template)
}

/// Decoding one live `onCimEvent` (from the transport's JSON value to the typed event).
#[divan::bench]
fn decode_on_cim_event(bencher: Bencher) {
    let args = customer_message_args(1);
    bencher.bench(|| decode("onCimEvent", black_box(&args)));
}

/// One customer message into a conversation of `lines` lines: new line, unread/receipt
/// bookkeeping, the READ receipt command.
#[divan::bench(args = SIZES, sample_count = 200, sample_size = 20)]
fn update(bencher: Bencher, lines: usize) {
    let (mut state, template) = desk_with(lines);
    let mut next = lines;
    bencher
        .with_inputs(|| {
            next += 1;
            Input::Client(customer_message(&template, next))
        })
        .bench_local_values(|input| black_box(app::update(&mut state, T0, input)));
}

/// Sanitising a message text with control characters and escape sequences.
#[divan::bench]
fn sanitise(bencher: Bencher) {
    let text = "Hello \u{1b}[31mthere\u{1b}[0m, my order A-1042 still has not arrived;\r\n\
                could you check?\u{7} It was due on Monday \u{9b}2J and the tracking page \
                says nothing. Thanks a lot for your help!";
    bencher.bench(|| app::sanitize::display_text(black_box(text)));
}

/// A full 200×60 frame of a conversation of `lines` lines.
#[divan::bench(args = SIZES)]
fn draw(bencher: Bencher, lines: usize) {
    let (state, _) = desk_with(lines);
    let theme = agentdesk::ui::theme::Theme::default_theme();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    bencher.bench_local(|| {
        terminal
            .draw(|f| {
                black_box(agentdesk::ui::draw(f, &state, &theme));
            })
            .expect("draw");
    });
}
