//! Typed requests the app hands to the client. The client turns each into one emit or REST
//! call (payloads built by [`crate::protocol::emit`]).

use serde_json::Value;

use crate::protocol::{AssistKind, AssistTarget, PullModeList, PullModeRequest, Reason, RoomInfo};

/// What a message is sent into: the conversation as the app knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageTarget {
    pub conversation_id: String,
    pub room_info: Option<RoomInfo>,
    /// The customer's channel session (passed through, §4); shared with the conversation,
    /// so a target is cheap to make for every message and READ receipt.
    pub channel_session: std::sync::Arc<Value>,
    /// `topicData.customer` (shared like the channel session).
    pub customer: std::sync::Arc<Value>,
}

/// The conversation a transfer, conference or consult is about (PROTOCOL.md §2).
#[derive(Debug, Clone, PartialEq)]
pub struct AssistContext {
    pub conversation_id: String,
    /// The customer's channel session, passed through.
    pub channel_session: Value,
    /// The agent's own topic participant in the conversation (`topicData.topicParticipant`),
    /// passed through; `null` when the server sent none (the client then builds one, role
    /// PRIMARY, with a fresh id).
    pub agent_participant: Value,
}

/// What the agent filled in on the wrap-up form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrapupChoice {
    /// Ticked choices `(categoryName, value)`.
    pub categories: Vec<(String, String)>,
    pub note: String,
}

/// A request to the network side.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// `POST {AM}/agent/login`, then open the socket session (§1). Only from the login form.
    /// The password is a [`super::Secret`]: `Debug` output (logs, panics) never shows it.
    Login {
        username: String,
        password: super::Secret,
    },
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
    /// line and the server's echo share `message_id`; `now_ms` is epoch ms UTC. `reply_to`:
    /// the answered message's id (`intent: REPLY_TO`, `originalMessageId`).
    SendMessage {
        target: MessageTarget,
        event_id: String,
        message_id: String,
        now_ms: i64,
        text: String,
        reply_to: Option<String>,
    },
    /// `publishCimEvent` TYPING_INDICATOR (§4), at most once per 3 s (the app throttles).
    SendTyping {
        target: MessageTarget,
        event_id: String,
        message_id: String,
        now_ms: i64,
    },
    /// `publishCimEvent` MESSAGE_DELIVERY_NOTIFICATION READ for `read_message_id` (§4).
    SendReadReceipt {
        target: MessageTarget,
        event_id: String,
        message_id: String,
        now_ms: i64,
        read_message_id: String,
    },
    /// Upload `path` (`POST /file-engine/api/uploadFileStream`, §5; at most 5 MB), then
    /// `publishCimEvent` a FILE/IMAGE/VIDEO/AUDIO message with `message_id`. A failure comes
    /// back as [`crate::client::ClientEvent::SendFailed`].
    SendFile {
        target: MessageTarget,
        event_id: String,
        message_id: String,
        path: std::path::PathBuf,
    },
    /// `closeWrapup` (§2): a WRAPUP message with the chosen categories and note, or `None`
    /// to skip (`cimEvent: null`).
    CloseWrapup {
        target: MessageTarget,
        event_id: String,
        message_id: String,
        now_ms: i64,
        wrapup: Option<WrapupChoice>,
    },
    /// `pauseConversation` (§2): hold for `duration_secs` seconds.
    Pause {
        conversation_id: String,
        room_info: Option<RoomInfo>,
        duration_secs: u64,
    },
    /// `resumeConversation` (§2).
    Resume {
        conversation_id: String,
        room_info: Option<RoomInfo>,
    },
    /// `directTransferRequest` / `directConferenceRequest` / `consultRequest` (§2) to a queue
    /// (by name) or an agent (by id); `note` is `""` when none.
    Assist {
        kind: AssistKind,
        conversation: AssistContext,
        target: AssistTarget,
        note: String,
    },
    /// `consultTransferRequest` (§2): hand the conversation to the consulted agent.
    ConsultTransfer {
        conversation: AssistContext,
        requested_agent_id: String,
    },
    /// `JoinAsSilentMonitor` (§2, supervisors): a fresh topic participant with role
    /// SILENT_MONITOR; `channel_session` from the team board, `null` when unknown.
    SilentMonitor {
        conversation_id: String,
        channel_session: Value,
    },
    /// `JoinAsBargin` (§2, supervisors): become PRIMARY in a monitored conversation.
    Barge {
        conversation_id: String,
        room_info: Option<RoomInfo>,
    },
    /// `joinAsWhisper` (§2, supervisors): back to whispering after a barge-in.
    WhisperMode {
        conversation_id: String,
        room_info: Option<RoomInfo>,
    },
    /// `publishCimEvent` WHISPER_MESSAGE (§4): text for the agents only, never the customer.
    /// Ids as for [`Command::SendMessage`] (the echo confirms it).
    SendWhisper {
        target: MessageTarget,
        event_id: String,
        message_id: String,
        now_ms: i64,
        text: String,
    },
    /// `publishCimEvent` RESET_AGENT_SLA (§2, raw shape [`crate::protocol::sla::reset_agent_sla`]):
    /// extend the response SLA of the conversation (`/extend`).
    ResetAgentSla {
        conversation_id: String,
        room_info: Option<RoomInfo>,
        event_id: String,
        now_ms: i64,
    },
    /// `publishCimEvent` HAND_RAISED (`raised`) or HAND_DOWN `{agentId, userName}` (§2, §4;
    /// [`crate::protocol::hand::hand_event`]): ask a supervisor for help (`/hand`).
    Hand {
        raised: bool,
        conversation_id: String,
        room_info: Option<RoomInfo>,
        event_id: String,
        now_ms: i64,
    },
    /// `GET /routing-engine/precision-queues/available-agents?conversationId=&agentId=`
    /// (§5), for the transfer picker.
    FetchAvailableAgents { conversation_id: String },
    /// The team board (§5, supervisors): `POST /realtime-reports/agent-activity/detail
    /// {teams}` and, per team, `POST /realtime-reports/queue-active-chats/detail {teamId,
    /// queues: []}`.
    FetchTeamBoard { team_ids: Vec<String> },
    /// `GET /conversation-manager/customer-topics/customer/{id}/activities` (§5), one page.
    FetchActivities {
        customer_id: String,
        offset: u64,
        limit: u64,
    },
    /// `GET /unified-admin/reasons` (§5).
    FetchReasons,
    /// `/reconnect`: connect now — skip the backoff wait, or drop a (stalled) session and open
    /// a new one. Ignored while logged out.
    Reconnect,
    /// `GET /unified-admin/pull-mode-list` (§5).
    FetchPullModeLists,
    /// `subscribePullModeList` (§2): follow a list.
    FollowList { list: PullModeList },
    /// `unsubscribePullModeList` (§2): stop following a list.
    UnfollowList { list: PullModeList },
    /// `joinPullModeRequest` (§2): pick a waiting chat.
    JoinPullModeRequest { request: PullModeRequest },
    /// `deletePullModeRequest` (§2): the bare request id.
    DeletePullModeRequest { request_id: String },
    /// `GET /team-announcement/announcement/?teamIds=T&status=active` for each team (§5).
    FetchAnnouncements { team_ids: Vec<String> },
    /// `POST /team-announcement/announcement/` (shape \[guess\], see
    /// [`crate::protocol::announcement`]); `expires_ms` epoch ms UTC.
    PostAnnouncement {
        team_ids: Vec<String>,
        text: String,
        expires_ms: i64,
    },
    /// `DELETE /team-announcement/announcement/{id}` \[guess\].
    DeleteAnnouncement { id: String },
    /// `GET /unified-admin/forms/{form_id}` (§5, §7): wrap-up categories.
    FetchWrapupForm { form_id: String },
    /// Close the session (on quit).
    Disconnect,
}
