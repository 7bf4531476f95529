//! The scripted customer at work: writes the script's follow-ups (`customer.rs`) and the
//! answers to the agent's messages, one at a time, `customer_delay` apart.
//!
//! Timing of one item: `customer_delay / 2` after the previous item (or after the agent
//! joined) the customer starts typing — a customer `TYPING_INDICATOR` on `onCimEvent`
//! (`cimEvent.typing_indicator.json`; only for customer messages, not for bot messages or
//! system events) — and a full `customer_delay` after the previous item the item itself
//! is sent. An answer to the
//! agent goes before the script's remaining follow-ups (the customer answers first, then
//! goes on).
//!
//! The customer does not write while the conversation is on hold (`hold.rs`; an item
//! due then waits and goes out after the resume, typing again first), after the agent
//! left (wrap-up or end: the customer's timers are cancelled) or after the customer left.

use std::collections::VecDeque;
use std::sync::Arc;

use serde_json::{json, Value};

use super::conversation::Conversation;
use super::customer::{Script, Step};
use super::files;
use super::ids;
use super::wire;
use super::world::{Agents, Sim, World};

/// One thing the customer is going to do.
#[derive(Debug, Clone)]
enum Outgoing {
    /// The next step of the script.
    Step(Step),
    /// An answer to an agent message.
    Answer(String),
}

impl Outgoing {
    fn is_customer_message(&self) -> bool {
        match self {
            Outgoing::Step(s) => s.is_customer_message(),
            Outgoing::Answer(_) => true,
        }
    }
}

/// What the customer of one conversation writes next.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    /// Index of the next script follow-up.
    next_step: usize,
    /// Answers to agent messages not written yet, oldest first.
    answers: VecDeque<String>,
    /// The item being typed (taken when sent; kept over a hold).
    in_flight: Option<Outgoing>,
    /// A timer for `in_flight` is running.
    busy: bool,
    /// Repeat the script's follow-ups until this many were written (the simulated team's
    /// chats go on); `0`: write them once.
    pub repeat_until: usize,
}

impl Writer {
    /// Forgets a timer cancelled with the conversation's old script token (the item being
    /// typed is kept and goes out first).
    pub(crate) fn reset_timer(&mut self) {
        self.busy = false;
    }

    fn next(&mut self, script: &Script) -> Option<Outgoing> {
        if let Some(item) = self.in_flight.take() {
            return Some(item);
        }
        if let Some(answer) = self.answers.pop_front() {
            return Some(Outgoing::Answer(answer));
        }
        let step = if self.next_step < self.repeat_until && !script.follow_ups.is_empty() {
            script.follow_ups[self.next_step % script.follow_ups.len()]
        } else {
            *script.follow_ups.get(self.next_step)?
        };
        self.next_step += 1;
        Some(Outgoing::Step(step))
    }
}

impl Conversation {
    /// True when the customer may write now.
    fn customer_can_write(&self) -> bool {
        self.hold.is_none() && self.served() && !self.customer_left
    }
}

/// Queues the customer's answer to an agent message and lets the customer write.
pub(crate) fn answer(sim: &Arc<Sim>, world: &mut World, conversation_id: &str, text: String) {
    if let Some(conv) = world.conversation_mut(conversation_id) {
        conv.writer.answers.push_back(text);
    }
    pump(sim, world, conversation_id);
}

/// Lets the customer of `conversation_id` write its next item, if it may and is not
/// already typing one.
pub(crate) fn pump(sim: &Arc<Sim>, world: &mut World, conversation_id: &str) {
    let Some(conv) = world.conversation_mut(conversation_id) else {
        return;
    };
    if conv.writer.busy || !conv.customer_can_write() {
        return;
    }
    let Some(script) = conv.chat.script() else {
        return;
    };
    let Some(item) = conv.writer.next(script) else {
        return;
    };
    conv.writer.in_flight = Some(item);
    conv.writer.busy = true;
    let pace = conv.pace.unwrap_or(sim.config.customer_delay);
    let half = pace / 2;
    let rest = pace.saturating_sub(half);
    let cid = conversation_id.to_string();
    sim.after(&conv.script, half, move |sim, world| {
        let Some((agents, conv)) = world.with_agents(&cid) else {
            return;
        };
        if !conv.customer_can_write() {
            conv.writer.busy = false;
            return;
        }
        if conv
            .writer
            .in_flight
            .as_ref()
            .is_some_and(Outgoing::is_customer_message)
        {
            let typing = wire::typing_indicator(&conv.chat, ids::now_ms());
            conv.broadcast(agents, &typing);
        }
        sim.after(&conv.script, rest, move |sim, world| {
            let Some((agents, conv)) = world.with_agents(&cid) else {
                return;
            };
            conv.writer.busy = false;
            if !conv.customer_can_write() {
                return;
            }
            let Some(item) = conv.writer.in_flight.take() else {
                return;
            };
            let from_customer = item.is_customer_message();
            perform(sim, agents, conv, item);
            if from_customer {
                super::answer::customer_wrote(sim, world, &cid);
                super::team::customer_wrote(sim, world, &cid);
            }
            pump(sim, world, &cid);
        });
    });
}

/// Sends one item.
fn perform(sim: &Sim, agents: &Agents, conv: &mut Conversation, item: Outgoing) {
    let now = ids::now_ms();
    let chat = &conv.chat;
    let event = match item {
        Outgoing::Answer(text) => wire::customer_message(chat, &text, now),
        Outgoing::Step(step) => match step {
            Step::Text(text) => wire::customer_message(chat, text, now),
            Step::Encoded(text) if sim.config.encoded_text => {
                wire::customer_message_encoded(chat, text, now)
            }
            // `--encoded-text off`: older desks cannot decode base64 (PROTOCOL.md §7.6).
            Step::Encoded(text) => wire::customer_message(chat, text, now),
            Step::Image { file, caption } | Step::File { file, caption } => {
                let Some(built_in) = files::BUILT_IN.iter().find(|b| b.name == file) else {
                    tracing::error!(file, "script names an unknown built-in file");
                    return;
                };
                let kind = if matches!(step, Step::Image { .. }) {
                    "IMAGE"
                } else {
                    "FILE"
                };
                let body = wire::attachment_body(
                    kind,
                    &wire::download_url(&sim.origin, built_in.name),
                    caption,
                    built_in.mime,
                    built_in.bytes.len(),
                    built_in.name,
                    now / 1000,
                );
                wire::customer_message_with(chat, body, now)
            }
            Step::Location {
                latitude,
                longitude,
                name,
                address,
            } => wire::customer_message_with(
                chat,
                wire::location_body(latitude, longitude, name, address),
                now,
            ),
            Step::Contact {
                first,
                last,
                phone,
                email,
            } => wire::customer_message_with(
                chat,
                wire::contact_body(first, last, phone, email),
                now,
            ),
            Step::Url { text, url } => {
                wire::customer_message_with(chat, wire::url_body(text, url), now)
            }
            Step::BotButtons {
                header,
                text,
                buttons,
            } => wire::bot_message(chat, wire::button_body(header, text, buttons), now),
            Step::DataChanged(changes) => {
                if let Some(data) = conv.data.as_object_mut() {
                    for (k, v) in changes {
                        data.insert((*k).to_string(), json!(v));
                    }
                }
                // [guess] data = the whole conversationData after the change.
                wire::notification(
                    chat,
                    "CONVERSATION_DATA_CHANGED",
                    wire::system_emitter("CONVERSATION_MANAGER"),
                    conv.data.clone(),
                    now,
                )
            }
            Step::Leave => {
                leave(agents, conv, now);
                return;
            }
        },
    };
    tracing::debug!(conversation = %conv.chat.conversation_id, name = %event["name"], "customer side event");
    conv.record(agents, event);
}

/// The customer closes the chat: `CUSTOMER_LEFT` (emitter the customer, data
/// `{conversationId, channelSessionId, customer, reasonCode: "CUSTOMER"}`), then
/// `CHANNEL_SESSION_ENDED` (emitter SYSTEM `CHANNEL_MANAGER`, data the channel session
/// now `ENDED` and inactive). Both NOTIFICATION. \[guess\] The names are PROTOCOL.md §4's;
/// the `data` shapes are inferred.
pub(crate) fn leave(agents: &Agents, conv: &mut Conversation, now: i64) {
    conv.customer_left = true;
    conv.chat.end_session();
    let chat = &conv.chat;
    let left = wire::notification(
        chat,
        "CUSTOMER_LEFT",
        wire::customer_emitter(chat),
        json!({
            "conversationId": chat.conversation_id,
            "channelSessionId": chat.channel_session_id,
            "customer": chat.customer,
            "reasonCode": "CUSTOMER",
        }),
        now,
    );
    let ended: Value = wire::notification(
        chat,
        "CHANNEL_SESSION_ENDED",
        wire::system_emitter("CHANNEL_MANAGER"),
        chat.channel_session.clone(),
        now,
    );
    tracing::info!(conversation = %chat.conversation_id, "customer left");
    conv.record(agents, left);
    conv.record(agents, ended);
}
