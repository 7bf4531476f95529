//! Typed events the client hands to the app, in arrival order.

use crate::protocol::{
    ActiveChat, AgentAssignedForAssistance, AgentAssistanceRequestPlaced, AgentPresenceEvent,
    Announcement, AvailableQueue, ChannelType, CimEvent, ConsultTransferSuccess, PullModeList,
    PullModeRequest, Reason, RevokeTask, TaskRequest, TeamAgent, TopicClosed, TopicDataEvent,
    TopicUnsubscription,
};

/// Everything the network side reports. Produced by [`crate::client`] only; consumed by
/// [`crate::app::update`]. Socket events keep the server's order (PROTOCOL.md §6.3).
#[derive(Debug, Clone)]
pub enum ClientEvent {
    /// REST login succeeded (§1.1); the socket session is being opened.
    LoggedIn { user: crate::protocol::KeycloakUser },
    /// REST login failed, or the socket was rejected with `login-failed`: back to the login
    /// form with this message (the server's own text where it gave one).
    LoginFailed { message: String },
    /// The socket was refused with `login-failed` after a working session (the server forgot
    /// the login, e.g. it restarted): the client logged in again over REST with the password
    /// it holds, as `user`, and reconnects.
    LoggedInAgain { user: crate::protocol::KeycloakUser },
    /// The namespace CONNECT was acknowledged; emitting is possible.
    Connected,
    /// The connection was lost; `retry_in_ms` is `Some` while the client reconnects.
    Disconnected {
        reason: String,
        retry_in_ms: Option<u64>,
    },
    /// The server ended the session for good (`io server disconnect`, §1.2): no reconnect.
    ForcedLogout { reason: String },
    /// `socketSessionRemoved`: logged in elsewhere (§1.2); the client stopped.
    SessionRemoved,
    /// Reason codes from `GET /unified-admin/reasons` (§5).
    Reasons(Vec<Reason>),
    /// A REST call or an emit failed; shown as an error notice.
    RequestFailed { what: String, message: String },
    /// `agentPresence` (§3).
    Presence(Box<AgentPresenceEvent>),
    /// `onChannelTypes` (§3).
    ChannelTypes(Vec<ChannelType>),
    /// `taskRequest` (§3).
    TaskRequest(Box<TaskRequest>),
    /// `revokeTask` (§3).
    RevokeTask(RevokeTask),
    /// `onTopicData` (§3); the client has already answered its ack.
    TopicData(Box<TopicDataEvent>),
    /// `onCimEvent` with its `cimEvent` decoded (§3, §4). `conversation_id` is the envelope's,
    /// falling back to the event's own.
    CimEvent {
        conversation_id: Option<String>,
        event: Box<CimEvent>,
    },
    /// `topicUnsubscription` received (§3).
    TopicUnsubscribed(TopicUnsubscription),
    /// `topicClosed` (§3).
    TopicClosed(TopicClosed),
    /// `errors` `{task, msg}` (§3).
    ServerError { task: String, msg: String },
    /// `wrapupTimerStarted` (§3); `duration_ms` from the string `duration`.
    WrapupTimerStarted {
        conversation_id: String,
        duration_ms: Option<i64>,
    },
    /// A checked file (`/send`) is being uploaded as `message_id`; `size` in bytes. Before
    /// this, nothing about the file is in the chat.
    UploadStarted {
        conversation_id: String,
        message_id: String,
        name: String,
        size: u64,
    },
    /// A message could not be sent (e.g. the file upload failed); the line is marked failed.
    SendFailed {
        conversation_id: String,
        message_id: String,
        message: String,
    },
    /// `agentAssistanceRequestPlaced` (§3): AM took the transfer / conference request.
    AssistanceRequestPlaced(AgentAssistanceRequestPlaced),
    /// `agentAssignedForAssistance` (§3): an agent was found for it.
    AgentAssigned(AgentAssignedForAssistance),
    /// `consulTransferRequestSuccess` (§3): the consult transfer went through.
    ConsultTransferSucceeded(ConsultTransferSuccess),
    /// The routing engine's queues and available agents for `conversation_id` (§5), or why
    /// they could not be loaded.
    AvailableAgents {
        conversation_id: String,
        result: Result<Vec<AvailableQueue>, String>,
    },
    /// The team board's two reports (§5), each loaded or failed on its own (a server without
    /// the realtime-reports service answers 404).
    TeamBoard {
        agents: Result<Vec<TeamAgent>, String>,
        chats: Result<Vec<ActiveChat>, String>,
    },
    /// Loading past conversations failed; the panel stops waiting.
    ActivitiesFailed {
        customer_id: String,
        message: String,
    },
    /// One page of a customer's past conversations (§5).
    Activities {
        customer_id: String,
        offset: u64,
        total: Option<u64>,
        items: Vec<crate::protocol::history::PastConversation>,
    },
    /// The pull-mode lists, `GET /unified-admin/pull-mode-list` (§5).
    PullModeLists(Vec<PullModeList>),
    /// `onPullModeSubscribedList`: the AM confirms a list I follow (§3).
    PullModeListFollowed(PullModeList),
    /// `pullModeSubscribedListRequests` / `addPullModeSubscribedListRequests`: waiting chats of
    /// my lists, to merge by request id (§3).
    PullModeRequestsAdded(Vec<PullModeRequest>),
    /// `removePullModeSubscribedListRequests`: the waiting chats of this list go (§3).
    PullModeListRequestsRemoved { list_id: String },
    /// `onPullModeSubscribedListRequest`, its `pullModeEvent` parsed (§3). `kind`: RECEIVED or
    /// STATE_CHANGED (open set).
    PullModeRequestChanged {
        kind: Option<String>,
        request: PullModeRequest,
    },
    /// Active announcements of my teams, `GET /team-announcement/announcement/` (§5).
    Announcements(Vec<Announcement>),
    /// `ANNOUNCEMENT_CREATED` (§3), or the answer of posting one.
    AnnouncementCreated(Announcement),
    /// `ANNOUNCEMENT_DELETED` (§3), or the answer of deleting one (by id).
    AnnouncementDeleted { id: String },
    /// Wrap-up categories `(categoryName, value)` read from `GET /unified-admin/forms/{id}`
    /// (§5, §7); empty when the form has none the desk can read.
    WrapupForm(Vec<(String, String)>),
}
