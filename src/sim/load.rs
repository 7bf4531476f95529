//! Load runs (`agentdesk sim --load <spec>`, issue 7): the simulator offers `conversations`
//! chats to the first agent who goes READY, and once all of them are accepted, writes
//! `messages` customer messages into each one, as a burst or at a steady rate, then tells
//! how long it took until the desk answered every message of one conversation with a READ
//! receipt (a desk sends receipts for the conversation it shows: with several, the one it
//! focused).
//!
//! The messages are the scripted customers' CUSTOMER_MESSAGEs, shaped like every other
//! (`wire.rs`, fixture `onCimEvent.customer_message.string.json`: `cimEvent` a JSON string,
//! about 3.7 KB on the wire). With `mix=mixed` every 10th is a URL body, every 25th a
//! FILE, and after every 20th comes a customer TYPING_INDICATOR, every 100th a
//! CONVERSATION_DATA_CHANGED (system events are not receipted). They are built before the
//! clock starts and are not kept in the conversation's history (a re-sent `onTopicData`
//! does not carry them): the simulator's own cost per message stays flat, so it is the
//! desk that is measured.
//!
//! Timing: the clock starts when the first message is handed to the socket and stops at
//! the READ receipt that completes a conversation (for one conversation: time to the last
//! READ receipt). A run that is not done within `timeout` ends as timed out.
//! [`crate::sim::SimServer::load_report`] gives the outcome.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::value::RawValue;
use serde_json::{json, Value};
use socketioxide::extract::SocketRef;
use socketioxide::{SendError, SocketError};

use super::chat::Chat;
use super::ids;
use super::wire;
use super::world::{Sim, World};

/// What a load run does. Parsed from `key=value` pairs separated by commas, e.g.
/// `conversations=1,messages=3000,rate=burst,mix=plain,timeout=120`; every key is optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadSpec {
    /// Chats offered (and, once accepted, written into). Default 1.
    pub conversations: usize,
    /// Customer messages per conversation. Default 1,000.
    pub messages: usize,
    /// Messages per second per conversation; `None` (`rate=burst`, the default) writes them
    /// as fast as the socket takes them.
    pub rate: Option<u32>,
    /// `mix=mixed`: URL and FILE bodies and system events among the PLAIN messages
    /// (`mix=plain`, the default: PLAIN only).
    pub mixed: bool,
    /// The run gives up after this long from the first message (`timeout=` seconds).
    /// Default 300 s.
    pub timeout: Duration,
}

impl Default for LoadSpec {
    fn default() -> Self {
        LoadSpec {
            conversations: 1,
            messages: 1_000,
            rate: None,
            mixed: false,
            timeout: Duration::from_secs(300),
        }
    }
}

impl FromStr for LoadSpec {
    type Err = String;

    /// Errors: an unknown key, a value that is not a number where one is needed, zero
    /// conversations or messages.
    fn from_str(text: &str) -> Result<Self, String> {
        let mut spec = LoadSpec::default();
        for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("`{pair}`: expected key=value"))?;
            let number = |v: &str| -> Result<u64, String> {
                v.trim()
                    .replace('_', "")
                    .parse()
                    .map_err(|_| format!("`{key}={v}`: not a whole number"))
            };
            match key.trim() {
                "conversations" => spec.conversations = number(value)? as usize,
                "messages" => spec.messages = number(value)? as usize,
                "rate" if value.trim() == "burst" => spec.rate = None,
                "rate" => spec.rate = Some(number(value)?.clamp(1, 1_000_000) as u32),
                "mix" => {
                    spec.mixed = match value.trim() {
                        "plain" => false,
                        "mixed" => true,
                        other => return Err(format!("`mix={other}`: plain or mixed")),
                    }
                }
                "timeout" => spec.timeout = Duration::from_secs(number(value)?.max(1)),
                other => {
                    return Err(format!(
                        "unknown key `{other}` (conversations, messages, rate, mix, timeout)"
                    ))
                }
            }
        }
        if spec.conversations == 0 || spec.messages == 0 {
            return Err("conversations and messages must be at least 1".into());
        }
        Ok(spec)
    }
}

/// How a load run ended, as `agentdesk sim --load` prints it (one JSON line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadReport {
    /// All READ receipts of one conversation arrived (false: timed out).
    pub done: bool,
    /// Events written (customer messages and, with `mix=mixed`, system events), all
    /// conversations, as far as counted when the run ended.
    pub messages_sent: usize,
    /// READ receipts received for load messages, all conversations.
    pub receipts: usize,
    /// From the first message to the receipt that completed a conversation (or to the
    /// timeout), ms.
    pub elapsed_ms: u64,
    /// From the first message to the last one handed to the socket so far, ms.
    pub sending_ms: u64,
}

impl LoadReport {
    /// The report as one JSON object.
    pub fn to_json(&self) -> Value {
        json!({
            "load": if self.done { "done" } else { "timeout" },
            "messages": self.messages_sent,
            "receipts": self.receipts,
            "elapsed_ms": self.elapsed_ms,
            "sending_ms": self.sending_ms,
        })
    }
}

/// A load run under way (in the [`World`]).
#[derive(Default)]
pub(crate) struct LoadRun {
    /// Conversations accepted so far, in order.
    accepted: Vec<String>,
    /// Started writing.
    started: Option<Instant>,
    /// Message ids still without READ receipt → their conversation's number.
    outstanding: HashMap<String, usize>,
    /// Per conversation: messages still without READ receipt.
    left: Vec<usize>,
    /// Messages handed to the socket so far (updated every 64 rounds).
    messages_sent: usize,
    receipts: usize,
    sending_ms: u64,
    report: Option<LoadReport>,
    /// Messages of the conversations accepted so far, until all are.
    batches: Vec<Batch>,
}

impl LoadRun {
    /// The outcome, once there is one.
    pub(crate) fn report(&self) -> Option<&LoadReport> {
        self.report.as_ref()
    }
}

/// An agent accepted the load chat `chat`: once all are accepted, the messages are built
/// and written.
pub(crate) fn accepted(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, chat: &Chat) {
    let Some(spec) = sim.config.load.clone() else {
        return;
    };
    let run = world.load.get_or_insert_with(LoadRun::default);
    if run.started.is_some() || run.accepted.len() >= spec.conversations {
        return;
    }
    run.accepted.push(chat.conversation_id.clone());
    run.batches.push(build(&spec, chat));
    if run.accepted.len() < spec.conversations {
        return;
    }
    let batches = std::mem::take(&mut run.batches);
    for (i, batch) in batches.iter().enumerate() {
        run.outstanding
            .extend(batch.receipted.iter().map(|id| (id.clone(), i)));
        run.left.push(batch.receipted.len());
    }
    let Some(socket) = world.agents.get(agent_id).and_then(|a| a.socket.clone()) else {
        return;
    };
    let run = world.load.as_mut().expect("load run");
    run.started = Some(Instant::now());
    tracing::info!(
        conversations = spec.conversations,
        messages = spec.messages,
        "load run: writing"
    );
    tokio::spawn(write(Arc::clone(sim), socket, spec, batches));
}

/// One conversation's messages, ready to send.
pub(crate) struct Batch {
    /// `onCimEvent` payloads, in order, serialised once.
    payloads: Vec<Box<RawValue>>,
    /// Ids of the customer messages among them (they get READ receipts).
    receipted: Vec<String>,
}

fn build(spec: &LoadSpec, chat: &Chat) -> Batch {
    let mut payloads = Vec::with_capacity(spec.messages + spec.messages / 10);
    let mut receipted = Vec::with_capacity(spec.messages);
    let now = ids::now_ms();
    let push = |event: Value, payloads: &mut Vec<Box<RawValue>>| {
        let payload = wire::on_cim_event(&event, &chat.conversation_id, chat.room_info());
        if let Ok(raw) = serde_json::value::to_raw_value(&payload) {
            payloads.push(raw);
        }
    };
    for i in 0..spec.messages {
        let text = format!(
            "Message {i} of the load run: the customer explains what happened, with a few more words."
        );
        let at = now + i as i64;
        let event = if spec.mixed && i % 25 == 24 {
            wire::customer_message_with(
                chat,
                wire::attachment_body(
                    "FILE",
                    "http://127.0.0.1/file-engine/api/downloadFileStream?filename=load.pdf",
                    &text,
                    "application/pdf",
                    4096,
                    "load.pdf",
                    now / 1000,
                ),
                at,
            )
        } else if spec.mixed && i % 10 == 9 {
            wire::customer_message_with(chat, wire::url_body(&text, "https://example.com/help"), at)
        } else {
            wire::customer_message(chat, &text, at)
        };
        if let Some(id) = event["data"]["id"].as_str() {
            receipted.push(id.to_string());
        }
        push(event, &mut payloads);
        if spec.mixed && i % 20 == 19 {
            push(wire::typing_indicator(chat, at), &mut payloads);
        }
        if spec.mixed && i % 100 == 99 {
            push(
                wire::notification(
                    chat,
                    "CONVERSATION_DATA_CHANGED",
                    wire::system_emitter("CONVERSATION_MANAGER"),
                    json!({"loadProgress": i.to_string()}),
                    at,
                ),
                &mut payloads,
            );
        }
    }
    Batch {
        payloads,
        receipted,
    }
}

/// How long to wait when the socket's queue is full.
const FULL_WAIT: Duration = Duration::from_millis(1);

/// Writes the batches round robin (one message of each conversation in turn), paced by
/// `spec.rate` when set. A full socket queue is waited out, never skipped.
async fn write(sim: Arc<Sim>, socket: SocketRef, spec: LoadSpec, batches: Vec<Batch>) {
    let start = Instant::now();
    let longest = batches.iter().map(|b| b.payloads.len()).max().unwrap_or(0);
    let per_message = spec
        .rate
        .map(|r| Duration::from_secs_f64(1.0 / f64::from(r.max(1))));
    let timeout = tokio::time::sleep(spec.timeout);
    tokio::pin!(timeout);
    let mut sent = 0;
    for i in 0..longest {
        for batch in &batches {
            let Some(payload) = batch.payloads.get(i) else {
                continue;
            };
            loop {
                match socket.emit("onCimEvent", &(payload,)) {
                    Ok(()) => break,
                    Err(SendError::Socket(SocketError::InternalChannelFull)) => {
                        tokio::select! {
                            _ = tokio::time::sleep(FULL_WAIT) => {}
                            _ = &mut timeout => { finish(&sim, start, false); return; }
                            _ = sim.shutdown.cancelled() => return,
                        }
                    }
                    Err(error) => {
                        tracing::warn!(%error, "load run: emit failed");
                        finish(&sim, start, false);
                        return;
                    }
                }
            }
            sent += 1;
        }
        if i % 64 == 63 || i + 1 == longest {
            if let Some(run) = sim.lock().load.as_mut() {
                run.messages_sent = sent;
                run.sending_ms = start.elapsed().as_millis() as u64;
            }
        }
        if let Some(step) = per_message {
            let due = start + step * (i as u32 + 1);
            tokio::select! {
                _ = tokio::time::sleep_until(due.into()) => {}
                _ = &mut timeout => { finish(&sim, start, false); return; }
                _ = sim.shutdown.cancelled() => return,
            }
        }
    }
    tracing::info!(
        sent,
        ms = start.elapsed().as_millis() as u64,
        "load run: all written"
    );
    tokio::select! {
        _ = &mut timeout => finish(&sim, start, false),
        _ = sim.shutdown.cancelled() => {}
    }
}

/// Ends the run (first outcome wins).
fn finish(sim: &Sim, start: Instant, done: bool) {
    let mut world = sim.lock();
    if let Some(run) = world.load.as_mut() {
        if run.report.is_none() {
            run.report = Some(LoadReport {
                done,
                messages_sent: run.messages_sent,
                receipts: run.receipts,
                elapsed_ms: start.elapsed().as_millis() as u64,
                sending_ms: run.sending_ms,
            });
        }
    }
    drop(world);
    sim.load_changed.notify_waiters();
}

/// A READ receipt for `message_id` arrived. True when it was for a load message (then the
/// caller has nothing else to do with it).
pub(crate) fn receipt(sim: &Sim, load: &mut Option<LoadRun>, message_id: &str) -> bool {
    let Some(run) = load.as_mut() else {
        return false;
    };
    let Some(conversation) = run.outstanding.remove(message_id) else {
        return false;
    };
    run.receipts += 1;
    let left = &mut run.left[conversation];
    *left -= 1;
    if *left == 0 && run.report.is_none() {
        if let Some(start) = run.started {
            run.report = Some(LoadReport {
                done: true,
                messages_sent: run.messages_sent,
                receipts: run.receipts,
                elapsed_ms: start.elapsed().as_millis() as u64,
                sending_ms: run.sending_ms,
            });
            sim.load_changed.notify_waiters();
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_with_defaults_and_errors_name_the_key() {
        let spec: LoadSpec = "conversations=50, messages=2_000,rate=200,mix=mixed,timeout=60"
            .parse()
            .unwrap();
        assert_eq!(
            spec,
            LoadSpec {
                conversations: 50,
                messages: 2000,
                rate: Some(200),
                mixed: true,
                timeout: Duration::from_secs(60),
            }
        );
        assert_eq!("".parse::<LoadSpec>().unwrap(), LoadSpec::default());
        assert_eq!("rate=burst".parse::<LoadSpec>().unwrap().rate, None);
        assert!("size=3"
            .parse::<LoadSpec>()
            .unwrap_err()
            .contains("unknown key `size`"));
        assert!("messages=x".parse::<LoadSpec>().is_err());
        assert!("messages=0".parse::<LoadSpec>().is_err());
    }
}
