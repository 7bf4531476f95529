//! A routed chat's identity: its ids and the customer and channel-session JSON every event
//! about it repeats (PROTOCOL.md §3 `taskRequest`, §4 `channelSession`).

use serde_json::{json, Value};

use super::channels;
use super::customer::Script;
use super::ids;

/// Where a chat's customer comes from: the simulator plays a scripted customer, or a
/// person writes through the web chat API (`webchat/`).
#[derive(Debug, Clone)]
pub(crate) enum Origin {
    /// A scripted customer (`customer.rs`): the writer (`writer.rs`) plays them.
    Scripted(&'static Script),
    /// A person on the Web Interaction REST API (seed 002), in this web chat session.
    WebChat {
        /// The session's `sessionId`.
        session_id: String,
    },
}

/// Who the customer of a chat is, as the channel session carries it.
#[derive(Debug, Clone)]
pub(crate) struct CustomerInfo {
    /// `customer._id` (24 hex).
    pub id: String,
    /// `channelData.customerFirstName`.
    pub first_name: String,
    /// `channelData.customerLastName` (may be empty).
    pub last_name: String,
    /// `channelData.channelCustomerIdentifier`, also `customer.web[0]`.
    pub identifier: String,
    /// `customer.phoneNumber` entries.
    pub phones: Vec<String>,
    /// `channelData.requestPriority`.
    pub priority: i64,
}

impl CustomerInfo {
    /// The customer of a scripted chat: their phone number is their web identifier.
    pub(crate) fn of_script(script: &Script) -> Self {
        Self {
            id: script.customer_id.to_string(),
            first_name: script.first_name.to_string(),
            last_name: script.last_name.to_string(),
            identifier: script.phone.to_string(),
            phones: vec![script.phone.to_string()],
            priority: 0,
        }
    }

    /// "First Last" (or just "First"), as `customer.firstName` and
    /// `eventEmitter.senderName` carry it.
    pub(crate) fn full_name(&self) -> String {
        if self.last_name.is_empty() {
            self.first_name.clone()
        } else {
            format!("{} {}", self.first_name, self.last_name)
        }
    }
}

/// Everything that identifies one simulated chat on the wire.
#[derive(Debug, Clone)]
pub(crate) struct Chat {
    /// `conversationId` (24-hex ObjectId-like).
    pub conversation_id: String,
    /// `roomInfo.id`.
    pub room_id: String,
    /// Composite `"<task uuid>:<media uuid>"` (PROTOCOL.md gotcha 5).
    pub task_id: String,
    /// `channelSession.id`.
    pub channel_session_id: String,
    /// The customer object (`customer`, `header.customer`).
    pub customer: Value,
    /// `channelSession.channelData` (also `header.channelData`).
    pub channel_data: Value,
    /// The whole customer channel session.
    pub channel_session: Value,
    /// The queue the chat is routed through, `{id, name}` (`taskRequest.queue`).
    pub queue: Value,
    /// Who plays the customer.
    pub origin: Origin,
    /// "First Last" of the customer (`eventEmitter.senderName` of their events).
    pub customer_name: String,
    /// The customer's web identifier (`eventEmitter.additionalDetail.web`).
    pub customer_identifier: String,
    /// Id of the customer's entry in `topicData.participants`.
    pub customer_participant_id: String,
    /// When the customer's channel session started (ms).
    pub started_ms: i64,
}

impl Chat {
    /// Announces the response SLA in the channel session (`channel.channelConfig.responseSla`,
    /// whole seconds; 0: none).
    pub(crate) fn set_response_sla(&mut self, secs: u64) {
        if let Some(config) = self
            .channel_session
            .pointer_mut("/channel/channelConfig")
            .and_then(Value::as_object_mut)
        {
            config.insert("responseSla".into(), json!(secs));
        }
    }

    /// A new chat with a scripted customer, announcing `agent_request_ttl_secs` as its
    /// RONA, in the default queue.
    pub(crate) fn scripted(script: &'static Script, agent_request_ttl_secs: u64) -> Self {
        Self::new(
            &CustomerInfo::of_script(script),
            Origin::Scripted(script),
            default_queue(),
            agent_request_ttl_secs,
        )
    }

    /// A new chat of `customer` from `origin`, routed through `queue` (`{id, name}`),
    /// announcing `agent_request_ttl_secs` as its RONA.
    pub(crate) fn new(
        customer: &CustomerInfo,
        origin: Origin,
        queue: Value,
        agent_request_ttl_secs: u64,
    ) -> Self {
        let conversation_id = ids::object_id();
        let room_id = ids::object_id();
        let channel_session_id = ids::object_id();
        let task_id = format!("{}:{}", ids::uuid(), ids::uuid());
        let customer_json = json!({
            "_id": customer.id,
            "firstName": customer.full_name(),
            "phoneNumber": customer.phones,
            "isAnonymous": false,
            "__v": 0,
            "web": [customer.identifier],
        });
        let channel_data = json!({
            "channelCustomerIdentifier": customer.identifier,
            "serviceIdentifier": channels::SERVICE_IDENTIFIER,
            "requestPriority": customer.priority,
            "customerFirstName": customer.first_name,
            "customerLastName": customer.last_name,
            "additionalAttributes": [],
        });
        let room_info = json!({"id": room_id, "mode": "CONTACT_CENTER"});
        let channel_session = json!({
            "participantType": "ChannelSession",
            "id": channel_session_id,
            "channel": channels::web_channel(agent_request_ttl_secs),
            "customer": customer_json,
            "customerSuggestions": [],
            "channelData": channel_data,
            "latestIntent": null,
            "customerPresence": {"value": null},
            "isActive": true,
            "conversationId": conversation_id,
            "roomInfo": room_info,
            "state": {"name": "STARTED", "reasonCode": "CUSTOMER"},
            "channelSessionDirection": "INBOUND",
            "active": true,
        });
        Self {
            conversation_id,
            room_id,
            task_id,
            channel_session_id,
            customer: customer_json,
            channel_data,
            channel_session,
            queue,
            origin,
            customer_name: customer.full_name(),
            customer_identifier: customer.identifier.clone(),
            customer_participant_id: ids::object_id(),
            started_ms: ids::now_ms(),
        }
    }

    /// The script behind a scripted customer; `None` for a person on the web chat.
    pub(crate) fn script(&self) -> Option<&'static Script> {
        match self.origin {
            Origin::Scripted(script) => Some(script),
            Origin::WebChat { .. } => None,
        }
    }

    /// The web chat session behind the customer, if a person writes in.
    pub(crate) fn web_session(&self) -> Option<&str> {
        match &self.origin {
            Origin::WebChat { session_id } => Some(session_id),
            Origin::Scripted(_) => None,
        }
    }

    /// The task id with a fresh media part: the same task offered again after it went
    /// back to the queue (a new reservation of the same task). \[guess\] PROTOCOL.md
    /// gotcha 5 says only that the id is `"<task>:<media>"`.
    pub(crate) fn renew_reservation(&mut self) {
        let task = self
            .task_id
            .split_once(':')
            .map_or_else(ids::uuid, |(task, _)| task.to_string());
        self.task_id = format!("{task}:{}", ids::uuid());
    }

    /// `roomInfo` `{id, mode: "CONTACT_CENTER"}`.
    pub(crate) fn room_info(&self) -> Value {
        json!({"id": self.room_id, "mode": "CONTACT_CENTER"})
    }

    /// `customer._id`.
    pub(crate) fn customer_id(&self) -> &str {
        self.customer["_id"].as_str().unwrap_or_default()
    }

    /// The customer left: the channel session becomes inactive with state
    /// `{name: "ENDED", reasonCode: "CUSTOMER"}` (every later event and snapshot carries
    /// it so). \[guess\] modelled on the STARTED state the fixtures show.
    pub(crate) fn end_session(&mut self) {
        if let Some(s) = self.channel_session.as_object_mut() {
            s.insert("isActive".into(), json!(false));
            s.insert("active".into(), json!(false));
            s.insert(
                "state".into(),
                json!({"name": "ENDED", "reasonCode": "CUSTOMER"}),
            );
        }
    }
}

/// The queue every chat goes through unless it names another, `{id, name}`.
pub(crate) fn default_queue() -> Value {
    json!({"id": channels::QUEUE_ID, "name": channels::QUEUE_NAME})
}
