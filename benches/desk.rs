//! Throughput of the desk's hot paths, measured (not asserted): decoding `onCimEvent`
//! payloads, applying them to the app state, and drawing a full screen.
//!
//! Run with `cargo bench --bench desk`. Figures depend on the machine; compare them as ratios
//! between runs on the same machine (these machines are shared and noisy), e.g. render time
//! per frame against the 250 ms tick of the desk's event loop.

use std::hint::black_box;
use std::time::{Duration, Instant};

use agentdesk::app::{self, Input, State};
use agentdesk::client::{decode::decode, ClientEvent};
use agentdesk::protocol::{LoginResponse, TopicDataEvent};
use ratatui::{backend::TestBackend, Terminal};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
}

/// Runs `f` repeatedly for about `budget`, returns (iterations, time per iteration).
fn measure(budget: Duration, mut f: impl FnMut()) -> (u64, Duration) {
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        f();
        n += 1;
    }
    (n, start.elapsed() / n.max(1) as u32)
}

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

fn main() {
    let budget = Duration::from_millis(1500);
    let t0 = 1_740_000_000_000;
    let args: Vec<Vec<Value>> = (0..1000).map(customer_message_args).collect();

    let (n, per) = measure(budget, || {
        for a in &args {
            black_box(decode("onCimEvent", a));
        }
    });
    println!(
        "decode onCimEvent (JSON string payload): {:>8.2} µs/event ({n} rounds of 1000)",
        per.as_secs_f64() * 1e6 / 1000.0
    );

    let user = serde_json::from_value::<LoginResponse>(fixture("login.response.json"))
        .expect("login")
        .data
        .keycloak_user;
    let mut topic: TopicDataEvent =
        serde_json::from_value(fixture("onTopicData.json")).expect("topic");
    topic.conversation_id = Some("65a923832d53786eb16039f0".into());
    let events: Vec<ClientEvent> = args
        .iter()
        .filter_map(|a| decode("onCimEvent", a))
        .collect();
    let fresh = || {
        let mut state = State::new(None, t0);
        app::update(
            &mut state,
            t0,
            Input::Client(ClientEvent::LoggedIn { user: user.clone() }),
        );
        app::update(&mut state, t0, Input::Client(ClientEvent::Connected));
        app::update(
            &mut state,
            t0,
            Input::Client(ClientEvent::TopicData(Box::new(topic.clone()))),
        );
        state
    };
    let (n, per) = measure(budget, || {
        let mut state = fresh();
        for e in &events {
            black_box(app::update(&mut state, t0, Input::Client(e.clone())));
        }
    });
    println!(
        "app::update, 1000 customer messages into one conversation: {:>8.2} µs/event ({n} rounds)",
        per.as_secs_f64() * 1e6 / 1000.0
    );

    let mut state = fresh();
    for e in &events {
        app::update(&mut state, t0, Input::Client(e.clone()));
    }
    let theme = agentdesk::ui::theme::Theme::default_theme();
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        let (n, per) = measure(budget, || {
            terminal
                .draw(|f| {
                    black_box(agentdesk::ui::draw(f, &state, &theme));
                })
                .expect("draw");
        });
        println!(
            "draw {w}x{h} with a 1000-line conversation: {:>8.1} µs/frame ({n} frames; {:.2}% of a 250 ms tick)",
            per.as_secs_f64() * 1e6,
            per.as_secs_f64() / 0.25 * 100.0
        );
    }
}
