//! Typed requests the app hands to the client. The client turns each into one emit or REST
//! call (payloads built by [`crate::protocol::emit`]).

use serde_json::Value;

use crate::protocol::{Reason, RoomInfo};

/// What a message is sent into: the conversation as the app knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageTarget {
    pub conversation_id: String,
    pub room_info: Option<RoomInfo>,
    /// The customer's channel session (passed through, §4).
    pub channel_session: Value,
    /// `topicData.customer`.
    pub customer: Value,
}

/// A request to the network side.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `POST {AM}/agent/login`, then open the socket session (§1). Only from the login form.
    Login { username: String, password: String },
    /// `changeAgentState` agent state (§2). `state`: READY, NOT_READY or LOGOUT.
    SetAgentState {
        state: String,
        reason: Option<Reason>,
    },
    /// `changeAgentState` MRD state (§2). `state`: READY or NOT_READY.
    SetMrdState { mrd_id: String, state: String },
    /// `topicSubscription` (§2): accept an offer / join a started task with `role`.
    Subscribe {
        conversation_id: String,
        task_id: Option<String>,
        room_info: Option<RoomInfo>,
        role: String,
    },
    /// `topicUnsubscription` (§2): leave a conversation.
    Unsubscribe {
        conversation_id: String,
        room_info: Option<RoomInfo>,
    },
    /// `publishCimEvent` AGENT_MESSAGE PLAIN (§4). Ids are chosen by the app so the pending
    /// line and the server's echo share `message_id`; `now_ms` is epoch ms UTC.
    SendMessage {
        target: MessageTarget,
        event_id: String,
        message_id: String,
        now_ms: i64,
        text: String,
    },
    /// `GET /unified-admin/reasons` (§5).
    FetchReasons,
    /// Close the session (on quit).
    Disconnect,
}
