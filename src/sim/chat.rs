//! A routed chat's identity: its ids and the customer and channel-session JSON every event
//! about it repeats (PROTOCOL.md §3 `taskRequest`, §4 `channelSession`).

use serde_json::{json, Value};

use super::channels;
use super::customer::Script;
use super::ids;

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
    /// The script behind the customer.
    pub script: &'static Script,
    /// Id of the customer's entry in `topicData.participants`.
    pub customer_participant_id: String,
    /// When the customer's channel session started (ms).
    pub started_ms: i64,
}

impl Chat {
    /// A new chat from `script`, announcing `agent_request_ttl_secs` as its RONA.
    pub(crate) fn new(script: &'static Script, agent_request_ttl_secs: u64) -> Self {
        let conversation_id = ids::object_id();
        let room_id = ids::object_id();
        let channel_session_id = ids::object_id();
        let task_id = format!("{}:{}", ids::uuid(), ids::uuid());
        let customer = json!({
            "_id": script.customer_id,
            "firstName": script.full_name(),
            "phoneNumber": [script.phone],
            "isAnonymous": false,
            "__v": 0,
            "web": [script.phone],
        });
        let channel_data = json!({
            "channelCustomerIdentifier": script.phone,
            "serviceIdentifier": channels::SERVICE_IDENTIFIER,
            "requestPriority": 0,
            "customerFirstName": script.first_name,
            "customerLastName": script.last_name,
            "additionalAttributes": [],
        });
        let room_info = json!({"id": room_id, "mode": "CONTACT_CENTER"});
        let channel_session = json!({
            "participantType": "ChannelSession",
            "id": channel_session_id,
            "channel": channels::web_channel(agent_request_ttl_secs),
            "customer": customer,
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
            customer,
            channel_data,
            channel_session,
            script,
            customer_participant_id: ids::object_id(),
            started_ms: ids::now_ms(),
        }
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
