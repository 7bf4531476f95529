//! Open conversations: the `onTopicData` snapshot (with ack), `publishCimEvent`, and the
//! agent leaving (`topicUnsubscription`, possibly through wrap-up, `wrapup.rs`)
//! (PROTOCOL.md §2–§4). The customer's side lives in `writer.rs`, hold in `hold.rs`.
//!
//! Where PROTOCOL.md is silent, this is what the simulator does and why:
//! - The conversation's history (`topicEvents`) is kept, so the snapshot re-sent after a
//!   reconnect holds everything said so far (as a real AM re-sends stored events). Stored:
//!   messages, delivery notifications and system events; not typing indicators.
//! - `topicData.conversationData` starts with the script's fields (e.g. `{"orderId":
//!   "A-1042", "language": "en"}`) and follows `CONVERSATION_DATA_CHANGED`;
//!   `topicData.holdTimerDetails` is `{totalDuration: <seconds>, startTime: <ms>}` while
//!   on hold, both null otherwise.
//! - `publishCimEvent`:
//!   - AGENT_MESSAGE is echoed unchanged on `onCimEvent` (same event id and `data.id`,
//!     `header.intent`/`originalMessageId` kept; PROTOCOL.md §4: the echo is the delivery
//!     confirmation). Then the customer's connector reports MESSAGE_DELIVERY_NOTIFICATION
//!     `DELIVERED` for `messageId` = the message's `data.id` at once and `READ`
//!     `customer_delay / 2` later (`cimEvent.delivery_notification.json`), and the
//!     customer answers (after the typing indicator, `customer_delay` later). A reply
//!     (`header.intent: "REPLY_TO"`) gets an answer that says so. After the customer
//!     left, messages are echoed only. During wrap-up an AGENT_MESSAGE is refused with
//!     `errors`.
//!   - TYPING_INDICATOR is counted per conversation (`SimServer::typing_indicators`).
//!   - MESSAGE_DELIVERY_NOTIFICATION with status READ is recorded as `(conversationId,
//!     messageId)` (`SimServer::read_receipts`; `publishCimEvent.read_receipt.json`).
//!   - Anything else is accepted and only logged.
//! - When the conversation finally ends for the agent, a customer who left
//!   (`CUSTOMER_LEFT`) makes it an abandoned conversation: the final
//!   `topicUnsubscription` is followed by `topicClosed` (`topicClosed.json`) [guess: the
//!   last participant left, so the AM closes the topic].

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use super::activities;
use super::chat::Chat;
use super::customer;
use super::ids;
use super::mrd;
use super::presence::Change;
use super::routing;
use super::webchat;
use super::wire;
use super::world::{Agent, Outbox, Sim, World};
use super::wrapup;
use super::writer::{self, Writer};

/// How long the simulator waits for the desk's `onTopicData` ack.
pub(crate) const TOPIC_ACK_TIMEOUT: Duration = Duration::from_secs(10);

/// One conversation the agent is in.
pub(crate) struct Conversation {
    pub chat: Chat,
    /// The topic participant the desk sent in `topicSubscription`.
    tp: Value,
    /// That participant as the server keeps it (with `joiningTime`).
    participant: Value,
    /// Stored events, live form (ms timestamps), oldest first.
    pub history: Vec<Value>,
    /// Cancels the customer's timers (script, answers, receipts) when the agent leaves.
    pub script: CancellationToken,
    /// `topicData.conversationData`.
    pub data: Value,
    /// What the scripted customer writes next.
    pub writer: Writer,
    /// Set while the conversation is on hold (`hold.rs`).
    pub hold: Option<Hold>,
    /// Set while the agent is in wrap-up (`wrapup.rs`).
    pub wrapup: Option<WrapUp>,
    /// The customer left (`CUSTOMER_LEFT`): no more customer messages, answers or
    /// receipts.
    pub customer_left: bool,
}

/// A conversation on hold (`pauseConversation`).
pub(crate) struct Hold {
    /// When it was put on hold (ms).
    pub started_ms: i64,
    /// The hold time the desk asked for, in seconds (`None`: no automatic resume).
    pub secs: Option<f64>,
    /// `participantId` of the `pauseConversation`.
    pub participant_id: String,
    /// The automatic-resume timer.
    pub timer: CancellationToken,
}

/// An agent in wrap-up after leaving a conversation.
pub(crate) struct WrapUp {
    /// The wrap-up expiry timer.
    pub timer: CancellationToken,
    /// When it expires.
    pub deadline: tokio::time::Instant,
}

impl Conversation {
    /// The conversation the agent just joined: `history` is what happened before (the
    /// opening message, queue events, the agent's AGENT_SUBSCRIBED), `data` the initial
    /// `topicData.conversationData`.
    pub(crate) fn new(
        chat: Chat,
        tp: Value,
        participant: Value,
        history: Vec<Value>,
        data: Value,
        script: CancellationToken,
    ) -> Self {
        Self {
            chat,
            tp,
            participant,
            history,
            script,
            data,
            writer: Writer::default(),
            hold: None,
            wrapup: None,
            customer_left: false,
        }
    }

    /// True while the agent is in wrap-up for this conversation.
    pub(crate) fn in_wrapup(&self) -> bool {
        self.wrapup.is_some()
    }

    /// `topicData.holdTimerDetails`.
    fn hold_details(&self) -> Value {
        match &self.hold {
            Some(h) => {
                json!({"totalDuration": h.secs.map(seconds_json), "startTime": h.started_ms})
            }
            None => json!({"totalDuration": null, "startTime": null}),
        }
    }

    /// Stores `event` in the history and sends it to the agent on `onCimEvent`.
    pub(crate) fn record(&mut self, out: &Outbox<'_>, event: Value) {
        let payload = wire::on_cim_event(&event, &self.chat.conversation_id, self.chat.room_info());
        self.history.push(event);
        out.send("onCimEvent", &payload);
    }

    /// Sends `event` on `onCimEvent` without storing it (typing indicators).
    pub(crate) fn broadcast(&self, out: &Outbox<'_>, event: &Value) {
        let payload = wire::on_cim_event(event, &self.chat.conversation_id, self.chat.room_info());
        out.send("onCimEvent", &payload);
    }

    /// The text of the stored message whose `data.id` is `id` (decoded when
    /// `isEncoded`), or `[TYPE]` for one without text.
    fn message_text(&self, id: &str) -> Option<String> {
        let data = self
            .history
            .iter()
            .map(|e| &e["data"])
            .find(|d| d.get("id").and_then(Value::as_str) == Some(id))?;
        Some(
            text_of(data).unwrap_or_else(|| {
                format!("[{}]", data["body"]["type"].as_str().unwrap_or("MESSAGE"))
            }),
        )
    }

    /// True when a stored message has this `data.id`.
    fn has_message(&self, id: &str) -> bool {
        self.history
            .iter()
            .any(|e| e["data"].get("id").and_then(Value::as_str) == Some(id))
    }

    /// Cancels every timer of the conversation.
    fn cancel_timers(&self) {
        self.script.cancel();
        if let Some(h) = &self.hold {
            h.timer.cancel();
        }
        if let Some(w) = &self.wrapup {
            w.timer.cancel();
        }
    }
}

/// A duration in seconds as JSON: an integer when whole (`900`), else a float.
pub(crate) fn seconds_json(secs: f64) -> Value {
    if secs.fract() == 0.0 && (0.0..9.0e15).contains(&secs) {
        // Whole and in range: exact as an integer.
        json!(secs as u64)
    } else {
        json!(secs)
    }
}

/// The `markdownText` of a CimMessage, base64-decoded when `header.additionalData.isEncoded`
/// (PROTOCOL.md §4); `None` when empty or absent.
pub(crate) fn text_of(message: &Value) -> Option<String> {
    use base64::Engine as _;
    let raw = message["body"]["markdownText"].as_str()?.trim();
    if raw.is_empty() {
        return None;
    }
    if message["header"]["additionalData"]["isEncoded"] == json!(true) {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(raw)
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        return Some(decoded.unwrap_or_else(|| raw.to_string()));
    }
    Some(raw.to_string())
}

/// Sends `onTopicData` for `conv` to the agent and waits (in a task, at most
/// [`TOPIC_ACK_TIMEOUT`]) for the ack; a received ack is recorded in
/// `World::topic_acks`.
pub(crate) fn send_topic_data(sim: &Arc<Sim>, agent: &Agent, conv: &Conversation) {
    let payload = wire::on_topic_data(
        &conv.chat,
        &conv.tp,
        &conv.participant,
        &conv.history,
        &conv.data,
        conv.hold_details(),
    );
    let Some(socket) = &agent.socket else {
        return;
    };
    let ack = match socket
        .timeout(TOPIC_ACK_TIMEOUT)
        .emit_with_ack::<_, Value>("onTopicData", &(payload,))
    {
        Ok(ack) => ack,
        Err(e) => {
            tracing::warn!(agent = agent.user.username, error = %e, "onTopicData not sent");
            return;
        }
    };
    let sim = Arc::clone(sim);
    let conversation_id = conv.chat.conversation_id.clone();
    let username = agent.user.username;
    tokio::spawn(async move {
        tokio::select! {
            _ = sim.shutdown.cancelled() => {}
            res = ack => match res {
                Ok(value) => {
                    tracing::debug!(username, conversation = %conversation_id, ack = %value, "onTopicData acked");
                    if value.get("status").and_then(Value::as_str) != Some("ok") {
                        tracing::warn!(username, ack = %value, "onTopicData ack is not {{\"status\":\"ok\"}}");
                    }
                    sim.lock().topic_acks.push((conversation_id, value));
                }
                Err(e) => tracing::warn!(username, conversation = %conversation_id, error = %e, "onTopicData not acked"),
            }
        }
    });
}

/// The `conversationId` of a request: the payload's, else the CIM event's.
fn conversation_id_of(payload: &Value, event: Option<&Value>) -> String {
    payload
        .get("conversationId")
        .or_else(|| event.and_then(|e| e.get("conversationId")))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// `cimEvent` of a request: an object, or its JSON string; `Ok(None)` when null or absent.
pub(crate) fn cim_event_of(payload: &Value) -> Result<Option<Value>, &'static str> {
    match payload.get("cimEvent") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => serde_json::from_str::<Value>(s)
            .ok()
            .filter(Value::is_object)
            .map(Some)
            .ok_or("cimEvent must be a CIM event object or its JSON string"),
        Some(v) if v.is_object() => Ok(Some(v.clone())),
        Some(_) => Err("cimEvent must be a CIM event object or its JSON string"),
    }
}

/// Handles `publishCimEvent {cimEvent, agentId, conversationId, roomInfo}`; `cimEvent` may
/// be an object or its JSON string.
pub(crate) fn publish(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value) {
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    let who = webchat::agent_ref(agent.user);
    let refuse = |out: &Outbox<'_>, msg: &str| {
        tracing::info!(agent = out.username, msg, "publishCimEvent refused");
        out.send("errors", &wire::errors("publishCimEvent", msg));
    };
    let event = match cim_event_of(payload) {
        Ok(Some(e)) => e,
        Ok(None) | Err(_) => {
            agent.send(
                "errors",
                &wire::errors(
                    "publishCimEvent",
                    "cimEvent must be a CIM event object or its JSON string",
                ),
            );
            return;
        }
    };
    let conversation_id = conversation_id_of(payload, Some(&event));
    let Some((out, conv)) = agent.with_conversation(&conversation_id) else {
        agent.send(
            "errors",
            &wire::errors(
                "publishCimEvent",
                &format!("Conversation '{conversation_id}' is not active for this agent"),
            ),
        );
        return;
    };
    let name = event
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    match name.as_str() {
        "AGENT_MESSAGE" => {}
        "TYPING_INDICATOR" => {
            *world.typing.entry(conversation_id.clone()).or_default() += 1;
            tracing::debug!(conversation = %conversation_id, "agent typing");
            if let Some(session) = conv.chat.web_session().and_then(|id| world.web.get_mut(id)) {
                session.agent_typing(&who, tokio::time::Instant::now());
            }
            return;
        }
        "MESSAGE_DELIVERY_NOTIFICATION" => {
            let body = &event["data"]["body"];
            let status = body["status"].as_str().unwrap_or_default();
            match body["messageId"].as_str() {
                Some(message_id) if status == "READ" => {
                    if !conv.has_message(message_id) {
                        tracing::warn!(conversation = %conversation_id, message_id, "READ receipt for a message the simulator does not know");
                    }
                    world
                        .read_receipts
                        .push((conversation_id.clone(), message_id.to_string()));
                }
                _ => {
                    tracing::debug!(conversation = %conversation_id, status, "delivery notification accepted")
                }
            }
            return;
        }
        _ => {
            tracing::debug!(conversation = %conversation_id, name, "publishCimEvent accepted (not echoed)");
            return;
        }
    }
    if conv.in_wrapup() {
        refuse(
            &out,
            &format!(
                "Conversation '{conversation_id}' is in wrap-up: messages can no longer be sent"
            ),
        );
        return;
    }
    let now = ids::now_ms();
    let mut event = event;
    if let Some(obj) = event.as_object_mut() {
        obj.entry("timestamp").or_insert(json!(now));
        obj.entry("conversationId")
            .or_insert(json!(conversation_id));
        obj.entry("roomInfo").or_insert(conv.chat.room_info());
    }
    let message = &event["data"];
    let message_id = message["id"].as_str().map(str::to_string);
    let text = text_of(message);
    let body_type = message["body"]["type"].as_str();
    let replied_to = (message["header"]["intent"] == json!("REPLY_TO")).then(|| {
        message["header"]["originalMessageId"]
            .as_str()
            .and_then(|id| conv.message_text(id))
    });
    let answer = customer::answer(
        text.as_deref(),
        body_type,
        replied_to.as_ref().map(Option::as_deref),
    );
    let shown = webchat::shown_text(text, message);
    let echo = wire::on_cim_event(&event, &conversation_id, conv.chat.room_info());
    conv.history.push(event);
    out.send("onCimEvent", &echo);
    if conv.customer_left {
        return;
    }
    if let Some(session) = conv.chat.web_session().and_then(|id| world.web.get_mut(id)) {
        // A person reads it: the REST service has it at once (DELIVERED); READ comes when
        // the customer's next content query returns it (`webchat/`).
        if let Some(message_id) = &message_id {
            let delivered =
                wire::delivery_notification(&conv.chat, message_id, "DELIVERED", ids::now_ms());
            conv.record(&out, delivered);
        }
        session.agent_message(&who, shown, message_id);
        return;
    }
    if let Some(message_id) = message_id {
        let delivered =
            wire::delivery_notification(&conv.chat, &message_id, "DELIVERED", ids::now_ms());
        conv.record(&out, delivered);
        let cid = conversation_id.clone();
        sim.after(
            &conv.script,
            sim.config.customer_delay / 2,
            move |_sim, world| {
                let Some((out, conv)) = world
                    .agents
                    .get_mut(agent_id)
                    .and_then(|a| a.with_conversation(&cid))
                else {
                    return;
                };
                let read =
                    wire::delivery_notification(&conv.chat, &message_id, "READ", ids::now_ms());
                conv.record(&out, read);
            },
        );
    }
    writer::answer(sim, world, agent_id, &conversation_id, answer);
}

/// Handles `topicUnsubscription {conversationId, agentId, roomInfo}`: the agent leaves.
/// With wrap-up enabled the agent goes into wrap-up (`wrapup.rs`: `wrapupTimerStarted`);
/// without, the conversation ends at once with reason `UNSUBSCRIBED`. A repeated
/// `topicUnsubscription` during wrap-up is ignored.
pub(crate) fn unsubscribe(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    payload: &Value,
) {
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    let conversation_id = conversation_id_of(payload, None);
    let agent_user = agent.user;
    let Some((out, conv)) = agent.with_conversation(&conversation_id) else {
        let msg = format!("Conversation '{conversation_id}' is not active for this agent");
        agent.send("errors", &wire::errors("topicUnsubscription", &msg));
        return;
    };
    if conv.in_wrapup() {
        tracing::debug!(conversation = %conversation_id, "topicUnsubscription during wrap-up ignored");
        return;
    }
    if let Some(session) = conv.chat.web_session().and_then(|id| world.web.get_mut(id)) {
        session.agent_left(&webchat::agent_ref(agent_user), tokio::time::Instant::now());
    }
    if sim.config.wrapup.is_zero() {
        end(
            sim,
            world,
            agent_id,
            &conversation_id,
            "UNSUBSCRIBED",
            &Value::Null,
        );
    } else {
        wrapup::start(sim, &out, conv, agent_id);
    }
}

/// The conversation ends for the agent: removed, `topicUnsubscription` with `reason`
/// (`topicUnsubscription.received.json`), `topicClosed` when the customer had left, CHAT
/// load −1 with `agentPresence` when an MRD state changed, and the conversation becomes a
/// past activity of its customer (`wrapup` is the applied wrap-up event, or null).
pub(crate) fn end(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    conversation_id: &str,
    reason: &str,
    wrapup: &Value,
) {
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
    let Some(pos) = agent
        .conversations
        .iter()
        .position(|c| c.chat.conversation_id == conversation_id)
    else {
        return;
    };
    let conv = agent.conversations.remove(pos);
    conv.cancel_timers();
    tracing::info!(
        agent = agent.user.username,
        conversation = conversation_id,
        reason,
        "agent left conversation"
    );
    agent.send(
        "topicUnsubscription",
        &wire::topic_unsubscription(conversation_id, reason),
    );
    if conv.customer_left {
        agent.send("topicClosed", &wire::topic_closed(conversation_id));
    }
    let now = ids::now_ms();
    world.finished.push(activities::finished(
        &conv.chat,
        &conv.history,
        agent.user.username,
        now,
        wrapup,
    ));
    if let Some(chat_mrd) = agent.mrd_mut(mrd::CHAT.id) {
        chat_mrd.tasks = chat_mrd.tasks.saturating_sub(1);
    }
    let change = Change {
        agent: false,
        mrds: agent.refresh_mrds(now),
    };
    if !change.is_empty() {
        agent.send_changed(&change);
    }
    routing::check(sim, world, agent_id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_decodes_encoded_messages() {
        let plain = json!({"header": {}, "body": {"type": "PLAIN", "markdownText": "hi"}});
        assert_eq!(text_of(&plain).as_deref(), Some("hi"));
        let encoded = json!({"header": {"additionalData": {"isEncoded": true}}, "body": {"type": "PLAIN", "markdownText": "aGVsbG8="}});
        assert_eq!(text_of(&encoded).as_deref(), Some("hello"));
        let image = json!({"header": {}, "body": {"type": "IMAGE", "markdownText": null}});
        assert_eq!(text_of(&image), None);
    }

    #[test]
    fn seconds_are_integers_when_whole() {
        assert_eq!(seconds_json(900.0), json!(900));
        assert_eq!(seconds_json(0.25), json!(0.25));
    }

    #[test]
    fn cim_event_may_be_a_string_or_null() {
        assert_eq!(cim_event_of(&json!({"cimEvent": null})), Ok(None));
        assert_eq!(cim_event_of(&json!({})), Ok(None));
        assert_eq!(
            cim_event_of(&json!({"cimEvent": "{\"name\":\"X\"}"})),
            Ok(Some(json!({"name": "X"})))
        );
        assert!(cim_event_of(&json!({"cimEvent": "[1]"})).is_err());
        assert!(cim_event_of(&json!({"cimEvent": 3})).is_err());
    }
}
