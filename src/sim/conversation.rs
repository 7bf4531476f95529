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
//!     `errors`. A message whose `data.id` is already in the history (a desk's resend) is
//!     echoed again but not stored or answered twice.
//!   - TYPING_INDICATOR is counted per conversation (`SimServer::typing_indicators`).
//!   - MESSAGE_DELIVERY_NOTIFICATION with status READ is recorded as `(conversationId,
//!     messageId)` (`SimServer::read_receipts`; `publishCimEvent.read_receipt.json`).
//!   - Anything else is accepted and only logged.
//! - When the conversation finally ends for the agent, a customer who left
//!   (`CUSTOMER_LEFT`) makes it an abandoned conversation: the final
//!   `topicUnsubscription` is followed by `topicClosed` (`topicClosed.json`) [guess: the
//!   last participant left, so the AM closes the topic].

use std::borrow::Cow;
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
use super::world::{send_to, username, Agent, Agents, Sim, World};
use super::wrapup;
use super::writer::{self, Writer};

/// How long the simulator waits for the desk's `onTopicData` ack.
pub(crate) const TOPIC_ACK_TIMEOUT: Duration = Duration::from_secs(10);

/// One open conversation: a customer's chat and the agents in it.
pub(crate) struct Conversation {
    pub chat: Chat,
    /// The agents in the conversation, in the order they joined (supervisors included).
    pub members: Vec<Member>,
    /// Stored events, live form (ms timestamps), oldest first.
    pub history: Vec<Value>,
    /// Cancels the customer's timers (script, answers, receipts) when the last agent serving
    /// the customer leaves.
    pub script: CancellationToken,
    /// `topicData.conversationData`.
    pub data: Value,
    /// What the scripted customer writes next.
    pub writer: Writer,
    /// Set while the conversation is on hold (`hold.rs`).
    pub hold: Option<Hold>,
    /// The customer left (`CUSTOMER_LEFT`): no more customer messages, answers or
    /// receipts.
    pub customer_left: bool,
    /// The customer's pause between items (`SimConfig::customer_delay`, or the team's
    /// slower pace for the simulated team's chats).
    pub pace: Option<Duration>,
    /// The response SLA while one runs (`answer.rs`).
    pub sla: Option<super::answer::Sla>,
    /// A raised hand (`answer.rs`).
    pub hand: Option<super::answer::Hand>,
}

/// One agent in a conversation.
pub(crate) struct Member {
    /// The agent's Keycloak id (a key of `World::agents`).
    pub agent_id: &'static str,
    /// The topic participant the desk sent (`topicSubscription` / `JoinAsSilentMonitor`).
    pub tp: Value,
    /// That participant as the server keeps it (with `joiningTime`; its `role` follows
    /// `PARTICIPANT_ROLE_CHANGED`).
    pub participant: Value,
    /// The agent's task in this conversation (`"<task>:<media>"`), the snapshot's `taskId`.
    pub task_id: String,
    /// Set while this agent is in wrap-up for the conversation (`wrapup.rs`).
    pub wrapup: Option<WrapUp>,
    /// Joined as a supervisor (`JoinAsSilentMonitor`): no CHAT task, no wrap-up.
    pub supervisor: bool,
    /// Messages a simulated agent wrote here (`team.rs` caps them).
    pub said: usize,
}

impl Member {
    /// A member joined now with the desk's `tp`.
    pub(crate) fn new(agent_id: &'static str, tp: Value, task_id: String, now: i64) -> Self {
        let participant = wire::joined_participant(&tp, now);
        Self {
            agent_id,
            tp,
            participant,
            task_id,
            wrapup: None,
            supervisor: false,
            said: 0,
        }
    }

    /// The member's role: PRIMARY, ASSISTANT, SILENT_MONITOR, … (the participant's `role`).
    pub(crate) fn role(&self) -> &str {
        self.participant["role"].as_str().unwrap_or("PRIMARY")
    }

    /// True while the member serves the customer: a PRIMARY or ASSISTANT agent not in
    /// wrap-up (a CHAT task of the agent; a supervisor who barged in does not count).
    pub(crate) fn serves(&self) -> bool {
        self.wrapup.is_none() && !self.supervisor && self.counts()
    }

    /// True when the member holds a CHAT task here (PRIMARY or ASSISTANT, not a supervisor).
    pub(crate) fn counts(&self) -> bool {
        !self.supervisor && matches!(self.role(), "PRIMARY" | "ASSISTANT")
    }

    /// Sets the role (participant and TP), e.g. after a barge-in.
    pub(crate) fn set_role(&mut self, role: &str) {
        self.participant["role"] = json!(role);
        self.tp["role"] = json!(role);
    }
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
        members: Vec<Member>,
        history: Vec<Value>,
        data: Value,
        script: CancellationToken,
    ) -> Self {
        Self {
            chat,
            members,
            history,
            script,
            data,
            writer: Writer::default(),
            hold: None,
            customer_left: false,
            pace: None,
            sla: None,
            hand: None,
        }
    }

    /// The member for `agent_id`.
    pub(crate) fn member(&self, agent_id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.agent_id == agent_id)
    }

    /// The member for `agent_id`, mutably.
    pub(crate) fn member_mut(&mut self, agent_id: &str) -> Option<&mut Member> {
        self.members.iter_mut().find(|m| m.agent_id == agent_id)
    }

    /// True while `agent_id` is in wrap-up for this conversation.
    pub(crate) fn in_wrapup(&self, agent_id: &str) -> bool {
        self.member(agent_id).is_some_and(|m| m.wrapup.is_some())
    }

    /// True while some agent serves the customer (see [`Member::serves`]).
    pub(crate) fn served(&self) -> bool {
        self.members.iter().any(Member::serves)
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

    /// Stores `event` in the history and sends it on `onCimEvent` to every agent in the
    /// conversation (not to those in wrap-up: they left).
    pub(crate) fn record(&mut self, agents: &Agents, event: Value) {
        self.broadcast(agents, &event);
        self.history.push(event);
    }

    /// Sends `event` on `onCimEvent` to every agent in the conversation (not to those in
    /// wrap-up) without storing it (typing indicators).
    pub(crate) fn broadcast(&self, agents: &Agents, event: &Value) {
        let payload = wire::on_cim_event(event, &self.chat.conversation_id, self.chat.room_info());
        for m in self.members.iter().filter(|m| m.wrapup.is_none()) {
            send_to(agents, m.agent_id, "onCimEvent", &payload);
        }
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

    /// What the customer has seen so far, in order: the customer's own messages and the
    /// agents' AGENT_MESSAGE texts — never a WHISPER_MESSAGE (PROTOCOL.md §4).
    pub(crate) fn customer_transcript(&self) -> Vec<String> {
        self.history
            .iter()
            .filter(|e| {
                matches!(
                    e["name"].as_str(),
                    Some("CUSTOMER_MESSAGE" | "AGENT_MESSAGE")
                )
            })
            .filter_map(|e| text_of(&e["data"]))
            .collect()
    }

    /// True when a stored message has this `data.id`.
    fn has_message(&self, id: &str) -> bool {
        self.history
            .iter()
            .any(|e| e["data"].get("id").and_then(Value::as_str) == Some(id))
    }

    /// Fills what a desk's published CIM event may leave out: `timestamp` (`now`),
    /// `conversationId` and `roomInfo` of this conversation.
    pub(crate) fn fill_envelope(&self, event: &mut Value, now: i64) {
        if let Some(obj) = event.as_object_mut() {
            obj.entry("timestamp").or_insert(json!(now));
            obj.entry("conversationId")
                .or_insert(json!(self.chat.conversation_id));
            obj.entry("roomInfo").or_insert(self.chat.room_info());
        }
    }

    /// Cancels every timer of the conversation.
    fn cancel_timers(&self) {
        self.script.cancel();
        if let Some(h) = &self.hold {
            h.timer.cancel();
        }
        for w in self.members.iter().filter_map(|m| m.wrapup.as_ref()) {
            w.timer.cancel();
        }
        if let Some(sla) = &self.sla {
            sla.timer.cancel();
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

/// Sends `onTopicData` for `conv` to the member `agent` and waits (in a task, at most
/// [`TOPIC_ACK_TIMEOUT`]) for the ack; a received ack is recorded in
/// `World::topic_acks`. The snapshot lists every participant: the customer and each
/// member (`topicData.participants`), with the agent's own TP as `topicParticipant`.
pub(crate) fn send_topic_data(sim: &Arc<Sim>, agent: &Agent, conv: &Conversation) {
    let Some(me) = conv.member(agent.id) else {
        return;
    };
    let participants: Vec<&Value> = conv.members.iter().map(|m| &m.participant).collect();
    let mut payload = wire::on_topic_data(
        &conv.chat,
        &me.tp,
        &me.task_id,
        &participants,
        &conv.history,
        &conv.data,
        conv.hold_details(),
    );
    payload["topicData"]["agentSla"] = super::answer::sla_json(conv);
    payload["topicData"]["agentHandRaise"] = super::answer::hand_json(conv);
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

/// `cimEvent` of a request: an object (borrowed: a READ receipt per customer message is
/// only looked at, not copied), or its JSON string; `Ok(None)` when null or absent.
pub(crate) fn cim_event_of(payload: &Value) -> Result<Option<Cow<'_, Value>>, &'static str> {
    match payload.get("cimEvent") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => serde_json::from_str::<Value>(s)
            .ok()
            .filter(Value::is_object)
            .map(|v| Some(Cow::Owned(v)))
            .ok_or("cimEvent must be a CIM event object or its JSON string"),
        Some(v) if v.is_object() => Ok(Some(Cow::Borrowed(v))),
        Some(_) => Err("cimEvent must be a CIM event object or its JSON string"),
    }
}

/// A READ receipt read the fast way (`read_receipt.rs`): recorded as the general path
/// records it. False when the conversation is not active for this agent: then the caller
/// takes the general path, which refuses it with `errors`.
pub(crate) fn read_receipt(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    receipt: &super::read_receipt::ReadReceipt,
) -> bool {
    let World {
        conversations,
        read_receipts,
        load,
        ..
    } = world;
    let Some(conv) = conversations.iter().find(|c| {
        c.chat.conversation_id == receipt.conversation_id && c.member(agent_id).is_some()
    }) else {
        return false;
    };
    record_read(sim, load, read_receipts, conv, &receipt.message_id);
    true
}

/// Records that the agent read `message_id` in `conv`: a load run's message is only
/// counted (`load.rs`), any other is kept for [`crate::sim::SimServer::read_receipts`].
fn record_read(
    sim: &Arc<Sim>,
    load: &mut Option<super::load::LoadRun>,
    read_receipts: &mut Vec<(String, String)>,
    conv: &Conversation,
    message_id: &str,
) {
    if super::load::receipt(sim, load, message_id) {
        return;
    }
    let conversation_id = &conv.chat.conversation_id;
    if !conv.has_message(message_id) {
        tracing::warn!(conversation = %conversation_id, message_id, "READ receipt for a message the simulator does not know");
    }
    read_receipts.push((conversation_id.clone(), message_id.to_string()));
}

/// Handles `publishCimEvent {cimEvent, agentId, conversationId, roomInfo}`; `cimEvent` may
/// be an object or its JSON string.
pub(crate) fn publish(sim: &Arc<Sim>, world: &mut World, agent_id: &'static str, payload: &Value) {
    let refuse = |agents: &Agents, msg: &str| {
        tracing::info!(
            agent = username(agents, agent_id),
            msg,
            "publishCimEvent refused"
        );
        send_to(
            agents,
            agent_id,
            "errors",
            &wire::errors("publishCimEvent", msg),
        );
    };
    let event = match cim_event_of(payload) {
        Ok(Some(e)) => e,
        Ok(None) | Err(_) => {
            refuse(
                &world.agents,
                "cimEvent must be a CIM event object or its JSON string",
            );
            return;
        }
    };
    let conversation_id = conversation_id_of(payload, Some(&event));
    let Some(who) = world
        .agents
        .get(agent_id)
        .map(|a| webchat::agent_ref(a.user))
    else {
        return;
    };
    let World {
        agents,
        conversations,
        typing,
        read_receipts,
        web,
        ..
    } = world;
    let Some(conv) = conversations
        .iter_mut()
        .find(|c| c.chat.conversation_id == conversation_id && c.member(agent_id).is_some())
    else {
        refuse(
            agents,
            &format!("Conversation '{conversation_id}' is not active for this agent"),
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
        "WHISPER_MESSAGE" => {
            whisper(sim, agents, conv, agent_id, event.into_owned());
            return;
        }
        "HAND_RAISED" | "HAND_DOWN" => {
            super::answer::hand(agents, conv, agent_id, event.into_owned());
            return;
        }
        "RESET_AGENT_SLA" => {
            super::answer::reset(sim, agents, conv);
            return;
        }
        "TYPING_INDICATOR" => {
            *typing.entry(conversation_id.clone()).or_default() += 1;
            tracing::debug!(conversation = %conversation_id, "agent typing");
            if let Some(session) = conv.chat.web_session().and_then(|id| web.get_mut(id)) {
                session.agent_typing(&who, tokio::time::Instant::now());
            }
            return;
        }
        "MESSAGE_DELIVERY_NOTIFICATION" => {
            let body = &event["data"]["body"];
            let status = body["status"].as_str().unwrap_or_default();
            match body["messageId"].as_str() {
                Some(message_id) if status == "READ" => {
                    record_read(sim, &mut world.load, read_receipts, conv, message_id);
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
    if conv.in_wrapup(agent_id) {
        refuse(
            agents,
            &format!(
                "Conversation '{conversation_id}' is in wrap-up: messages can no longer be sent"
            ),
        );
        return;
    }
    if conv
        .member(agent_id)
        .is_some_and(|m| matches!(m.role(), "SILENT_MONITOR" | "WHISPER" | "ASSISTANT"))
    {
        refuse(
            agents,
            "A silent monitor, whisperer or assistant can only whisper to the agents (JoinAsBargin first)",
        );
        return;
    }
    let now = ids::now_ms();
    let mut event = event.into_owned();
    if let Some(obj) = event.as_object_mut() {
        obj.entry("timestamp").or_insert(json!(now));
        obj.entry("conversationId")
            .or_insert(json!(conversation_id));
        obj.entry("roomInfo").or_insert(conv.chat.room_info());
    }
    let message = &event["data"];
    let message_id = message["id"].as_str().map(str::to_string);
    if let Some(id) = message_id.as_deref().filter(|id| conv.has_message(id)) {
        // A resend of a message already here (same `data.id`): echoed again so the desk gets
        // its confirmation, stored and answered once [guess: CIM keys messages by id].
        tracing::info!(conversation = %conversation_id, message_id = id, "AGENT_MESSAGE resent: echoed, not stored again");
        let echo = wire::on_cim_event(&event, &conversation_id, conv.chat.room_info());
        send_to(agents, agent_id, "onCimEvent", &echo);
        return;
    }
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
    // The echo goes to every agent in the conversation (the sender's is its delivery
    // confirmation, PROTOCOL.md §4; the others see the message).
    conv.record(agents, event);
    super::answer::agent_replied(agents, conv);
    if conv.customer_left {
        return;
    }
    if let Some(session) = conv.chat.web_session().and_then(|id| web.get_mut(id)) {
        // A person reads it: the REST service has it at once (DELIVERED); READ comes when
        // the customer's next content query returns it (`webchat/`).
        if let Some(message_id) = &message_id {
            let delivered =
                wire::delivery_notification(&conv.chat, message_id, "DELIVERED", ids::now_ms());
            conv.record(agents, delivered);
        }
        session.agent_message(&who, shown, message_id);
        return;
    }
    if let Some(message_id) = message_id {
        let delivered =
            wire::delivery_notification(&conv.chat, &message_id, "DELIVERED", ids::now_ms());
        conv.record(agents, delivered);
        let cid = conversation_id.clone();
        sim.after(
            &conv.script,
            sim.config.customer_delay / 2,
            move |_sim, world| {
                let Some((agents, conv)) = world.with_agents(&cid) else {
                    return;
                };
                let read =
                    wire::delivery_notification(&conv.chat, &message_id, "READ", ids::now_ms());
                conv.record(agents, read);
            },
        );
    }
    writer::answer(sim, world, &conversation_id, answer);
}

/// `member` joins the open conversation `conversation_id` (a transfer, conference or consult
/// accepted, a simulated agent taking one, a supervisor monitoring): its CHAT load grows for
/// PRIMARY / ASSISTANT, everyone in the conversation gets `AGENT_SUBSCRIBED` (agents' desks
/// hide a SILENT_MONITOR's, PROTOCOL.md §4), it gets the `onTopicData` snapshot, and the
/// customer goes on writing if it was waiting. Returns false when the conversation is gone.
pub(crate) fn join(
    sim: &Arc<Sim>,
    world: &mut World,
    conversation_id: &str,
    member: Member,
) -> bool {
    let now = ids::now_ms();
    let agent_id = member.agent_id;
    let World {
        agents,
        conversations,
        web,
        ..
    } = &mut *world;
    let Some(conv) = conversations
        .iter_mut()
        .find(|c| c.chat.conversation_id == conversation_id)
    else {
        return false;
    };
    // A web chat customer sees agents (not supervisors) join.
    if let (false, Some(agent), Some(session)) = (
        member.supervisor,
        agents.get(agent_id),
        conv.chat.web_session().and_then(|id| web.get_mut(id)),
    ) {
        session.agent_joined(&webchat::agent_ref(agent.user));
    }
    let Some(agent) = agents.get_mut(agent_id) else {
        return false;
    };
    if member.counts() {
        if let Some(chat_mrd) = agent.mrd_mut(mrd::CHAT.id) {
            chat_mrd.tasks += 1;
        }
        let change = Change {
            agent: false,
            mrds: agent.refresh_mrds(now),
        };
        if !change.is_empty() {
            agent.send_changed(&change);
        }
    }
    let subscribed = wire::agent_subscribed(
        &conv.chat,
        agent_id,
        agent.user.username,
        &member.participant,
        now,
    );
    tracing::info!(
        agent = agent.user.username,
        conversation = conversation_id,
        role = member.role(),
        "agent joined conversation"
    );
    let (supervisor, primary) = (member.supervisor, member.role() == "PRIMARY");
    conv.members.retain(|m| m.agent_id != agent_id);
    conv.members.push(member);
    conv.record(agents, subscribed);
    if let Some(agent) = agents.get(agent_id) {
        send_topic_data(sim, agent, conv);
    }
    if supervisor {
        super::answer::supervisor_joined(conv);
    } else if primary {
        super::answer::agent_joined(sim, agents, conv);
    }
    // The customer's timers stopped while nobody served (a transfer waiting for its agent).
    if conv.served() && conv.script.is_cancelled() {
        conv.script = sim.timer_token();
        conv.writer.reset_timer();
    }
    writer::pump(sim, world, conversation_id);
    true
}

/// A `WHISPER_MESSAGE` from a member: stored and echoed to every agent in the conversation
/// (the sender's echo confirms it), never shown to the customer (no delivery notification,
/// no answer, not in the customer's transcript). Simulated agents in the conversation
/// whisper back (`team.rs`).
fn whisper(
    sim: &Arc<Sim>,
    agents: &Agents,
    conv: &mut Conversation,
    agent_id: &str,
    mut event: Value,
) {
    conv.fill_envelope(&mut event, ids::now_ms());
    tracing::info!(agent = username(agents, agent_id), conversation = %conv.chat.conversation_id, "whisper (agents only)");
    conv.record(agents, event);
    super::team::whispered(sim, agents, conv, agent_id);
}

/// Handles `topicUnsubscription {conversationId, agentId, roomInfo}`: the agent leaves.
/// With wrap-up enabled the agent goes into wrap-up (`wrapup.rs`: `wrapupTimerStarted`);
/// without, the conversation ends for it at once with reason `UNSUBSCRIBED`. A repeated
/// `topicUnsubscription` during wrap-up is ignored.
pub(crate) fn unsubscribe(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    payload: &Value,
) {
    let conversation_id = conversation_id_of(payload, None);
    let World {
        agents,
        conversations,
        web,
        ..
    } = world;
    let Some(conv) = conversations
        .iter_mut()
        .find(|c| c.chat.conversation_id == conversation_id && c.member(agent_id).is_some())
    else {
        let msg = format!("Conversation '{conversation_id}' is not active for this agent");
        send_to(
            agents,
            agent_id,
            "errors",
            &wire::errors("topicUnsubscription", &msg),
        );
        return;
    };
    if conv.in_wrapup(agent_id) {
        tracing::debug!(conversation = %conversation_id, "topicUnsubscription during wrap-up ignored");
        return;
    }
    // A supervisor (monitoring, whispering or barged in) has no wrap-up: it leaves at once;
    // and a web chat customer is only told about agents who served them.
    let supervisor = conv.member(agent_id).is_some_and(|m| m.supervisor);
    if !supervisor {
        let user = agents.get(agent_id).map(|a| a.user);
        if let (Some(user), Some(session)) =
            (user, conv.chat.web_session().and_then(|id| web.get_mut(id)))
        {
            session.agent_left(&webchat::agent_ref(user), tokio::time::Instant::now());
        }
    }
    if supervisor || sim.config.wrapup.is_zero() {
        end(
            sim,
            world,
            agent_id,
            &conversation_id,
            "UNSUBSCRIBED",
            &Value::Null,
        );
    } else {
        wrapup::start(sim, agents, conv, agent_id);
    }
}

/// The conversation ends for the agent: it is no longer a member, `topicUnsubscription`
/// with `reason` (`topicUnsubscription.received.json`), `topicClosed` when the customer had
/// left, CHAT load −1 with `agentPresence` when an MRD state changed. When no agent is left
/// the conversation is closed and becomes a past activity of its customer (`wrapup` is the
/// applied wrap-up event, or null).
pub(crate) fn end(
    sim: &Arc<Sim>,
    world: &mut World,
    agent_id: &'static str,
    conversation_id: &str,
    reason: &str,
    wrapup: &Value,
) {
    let Some(pos) = world
        .conversations
        .iter()
        .position(|c| c.chat.conversation_id == conversation_id)
    else {
        return;
    };
    let conv = &mut world.conversations[pos];
    let Some(index) = conv.members.iter().position(|m| m.agent_id == agent_id) else {
        return;
    };
    let member = conv.members.remove(index);
    if let Some(w) = &member.wrapup {
        w.timer.cancel();
    }
    let customer_left = conv.customer_left;
    let counted = member.counts();
    if !conv.served() {
        conv.script.cancel();
    }
    let closed = conv.members.is_empty();
    if closed {
        let conv = world.conversations.remove(pos);
        conv.cancel_timers();
        world.finished.push(activities::finished(
            &conv.chat,
            &conv.history,
            username(&world.agents, agent_id),
            ids::now_ms(),
            wrapup,
        ));
    }
    let Some(agent) = world.agents.get_mut(agent_id) else {
        return;
    };
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
    if customer_left {
        agent.send("topicClosed", &wire::topic_closed(conversation_id));
    }
    if counted {
        let now = ids::now_ms();
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
            Ok(Some(Cow::Owned(json!({"name": "X"}))))
        );
        assert!(cim_event_of(&json!({"cimEvent": "[1]"})).is_err());
        assert!(cim_event_of(&json!({"cimEvent": 3})).is_err());
    }
}
