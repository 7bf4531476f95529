//! A customer's past conversations, as served by `GET /conversation-manager/customer-topics/
//! customer/{customerId}/activities?limit=25&offset=N&activity-type=ALL` (PROTOCOL.md §5).
//!
//! \[guess\] The response shape is not documented. The simulator answers
//! ```json
//! {"data": [ITEM, ...], "total": 31, "limit": 25, "offset": 0}
//! ```
//! newest first, where `total` counts all of the customer's past conversations and ITEM is
//! ```json
//! {"conversationId": "<24 hex>", "customerId": "<24 hex>",
//!  "startedAt": "<ISO-8601>", "endedAt": "<ISO-8601>", "channel": "WEB",
//!  "agent": "<username>", "lastMessage": "<text or [TYPE]>",
//!  "summary": "<wrap-up categories and note, or a canned line, or null>",
//!  "wrapUps": [{"categoryName", "value"}, ...]}
//! ```
//! What is listed: a fixed number of generated conversations per scripted customer
//! (`Script::past_conversations`; Maria Lopez, the first customer, has 30 so paging
//! shows), anchored at the simulator's start time so pages stay stable, plus every
//! conversation that ended in this run (newest first, before the generated ones).

use serde_json::{json, Value};

use super::chat::Chat;
use super::conversation::text_of;
use super::customer;
use super::ids;
use super::world::{Sim, World};

/// Default and largest `limit`.
pub(crate) const DEFAULT_LIMIT: usize = 25;
/// Largest accepted `limit`.
pub(crate) const MAX_LIMIT: usize = 100;

/// What the generated conversations were about: (summary, last message).
const TOPICS: &[(&str, &str)] = &[
    (
        "Internet outage: router restarted remotely",
        "It works again, thank you!",
    ),
    (
        "Billing question: late fee waived",
        "Great, thanks for removing the fee.",
    ),
    ("Plan change: upgraded to Fiber 250", "Perfect, see you."),
    (
        "Slow Wi-Fi: channel changed on the router",
        "Much faster now.",
    ),
    (
        "Technician visit booked for Tuesday",
        "Tuesday morning is fine.",
    ),
    (
        "Duplicate bill sent by e-mail",
        "Got it in my inbox, thanks.",
    ),
];

/// The activities item for a conversation that just ended in this run.
pub(crate) fn finished(
    chat: &Chat,
    history: &[Value],
    agent: &str,
    ended_ms: i64,
    wrapup: &Value,
) -> Value {
    let last_message = history
        .iter()
        .rev()
        .filter(|e| e["type"] == "MESSAGE")
        .map(|e| &e["data"])
        .find_map(|m| text_of(m).or_else(|| m["body"]["type"].as_str().map(|t| format!("[{t}]"))));
    let body = &wrapup["data"]["body"];
    let wrap_ups = body["wrapups"].as_array().cloned().unwrap_or_default();
    let mut summary: Vec<String> = wrap_ups
        .iter()
        .filter_map(|w| w["value"].as_str().map(str::to_string))
        .collect();
    if let Some(note) = body["note"]
        .as_str()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        summary.push(note.to_string());
    }
    json!({
        "conversationId": chat.conversation_id,
        "customerId": chat.customer_id(),
        "startedAt": ids::iso(chat.started_ms),
        "endedAt": ids::iso(ended_ms),
        "channel": "WEB",
        "agent": agent,
        "lastMessage": last_message,
        "summary": (!summary.is_empty()).then(|| summary.join("; ")),
        "wrapUps": wrap_ups,
    })
}

/// The `i`-th (0 = newest) generated past conversation of the customer `customer_id`.
fn generated(sim: &Sim, customer_id: &str, i: usize) -> Value {
    const HOUR_MS: i64 = 3_600_000;
    let n = i64::try_from(i).unwrap_or(i64::MAX / 2);
    // Every ~2.5 days back from the simulator's start, 10–40 minutes long.
    let started = sim.started_ms - (n + 1) * 60 * HOUR_MS - (n % 5) * HOUR_MS;
    let ended = started + (10 + (n % 4) * 10) * 60_000;
    let (summary, last) = TOPICS[i % TOPICS.len()];
    let prefix: String = customer_id.chars().take(16).collect();
    let agent = if i % 3 == 2 { "agent2" } else { "agent1" };
    json!({
        "conversationId": format!("{prefix}{:08x}", i + 1),
        "customerId": customer_id,
        "startedAt": ids::iso(started),
        "endedAt": ids::iso(ended),
        "channel": "WEB",
        "agent": agent,
        "lastMessage": last,
        "summary": summary,
        "wrapUps": [],
    })
}

/// One page of `customer_id`'s past conversations (see the module doc for the shape).
pub(crate) fn page(
    sim: &Sim,
    world: &World,
    customer_id: &str,
    limit: usize,
    offset: usize,
) -> Value {
    let ours: Vec<&Value> = world
        .finished
        .iter()
        .rev()
        .filter(|a| a["customerId"] == customer_id)
        .collect();
    let generated_count = customer::by_customer_id(customer_id)
        .map(|s| s.past_conversations)
        .unwrap_or(0);
    let total = ours.len() + generated_count;
    let data: Vec<Value> = (offset..total.min(offset.saturating_add(limit)))
        .map(|i| match ours.get(i) {
            Some(a) => (*a).clone(),
            None => generated(sim, customer_id, i - ours.len()),
        })
        .collect();
    json!({"data": data, "total": total, "limit": limit, "offset": offset})
}
