//! Socket.IO event names, spelled exactly as on the wire (PROTOCOL.md §2, §3, §6.4).

/// AM → desk: agent and MRD states (§3).
pub const AGENT_PRESENCE: &str = "agentPresence";
/// AM → desk: channel types known to the tenant (§3).
pub const ON_CHANNEL_TYPES: &str = "onChannelTypes";
/// AM → desk: a task offer (RESERVED) or a task to join at once (STARTED) (§3).
pub const TASK_REQUEST: &str = "taskRequest";
/// AM → desk: an offer was withdrawn, usually RONA (§3).
pub const REVOKE_TASK: &str = "revokeTask";
/// AM → desk, **with ack**: a conversation's snapshot (§3, §6.2).
pub const ON_TOPIC_DATA: &str = "onTopicData";
/// AM → desk: a CIM event of a conversation (§3, §4).
pub const ON_CIM_EVENT: &str = "onCimEvent";
/// Both ways: leave a conversation (emit) / the conversation ended for me (on) (§2, §3).
pub const TOPIC_UNSUBSCRIPTION: &str = "topicUnsubscription";
/// AM → desk: the conversation was closed (§3).
pub const TOPIC_CLOSED: &str = "topicClosed";
/// AM → desk: the agent logged in elsewhere (§1.2).
pub const SOCKET_SESSION_REMOVED: &str = "socketSessionRemoved";
/// AM → desk: a request failed, `{task, msg}` (§3).
pub const ERRORS: &str = "errors";
/// AM → desk: wrap-up timer started, `duration` as a string: ms, or seconds up to 3,600 (§3, §7.5).
pub const WRAPUP_TIMER_STARTED: &str = "wrapupTimerStarted";
/// AM → desk: a transfer / conference request was accepted, `{requestAction, mode}` (§3).
pub const AGENT_ASSISTANCE_REQUEST_PLACED: &str = "agentAssistanceRequestPlaced";

/// desk → AM: agent state or MRD state change (§2).
pub const CHANGE_AGENT_STATE: &str = "changeAgentState";
/// desk → AM: join a conversation (accept an offer) (§2).
pub const TOPIC_SUBSCRIPTION: &str = "topicSubscription";
/// desk → AM: publish a CIM event (message, typing, receipt) (§2, §4).
pub const PUBLISH_CIM_EVENT: &str = "publishCimEvent";
/// desk → AM: finish wrap-up, with a WRAPUP message or `cimEvent: null` to skip (§2).
pub const CLOSE_WRAPUP: &str = "closeWrapup";
/// desk → AM: put the conversation on hold for `duration` seconds (§2).
pub const PAUSE_CONVERSATION: &str = "pauseConversation";
/// desk → AM: take the conversation off hold (§2).
pub const RESUME_CONVERSATION: &str = "resumeConversation";

// Pull mode (PROTOCOL.md §2, §3; see `super::pull`).

/// AM → desk: a list I follow, `{id, name, description}` (§3).
pub const ON_PULL_MODE_SUBSCRIBED_LIST: &str = "onPullModeSubscribedList";
/// AM → desk: the waiting chats of my lists, an array of requests (§3).
pub const PULL_MODE_SUBSCRIBED_LIST_REQUESTS: &str = "pullModeSubscribedListRequests";
/// AM → desk: more waiting chats, an array of requests (§3).
pub const ADD_PULL_MODE_SUBSCRIBED_LIST_REQUESTS: &str = "addPullModeSubscribedListRequests";
/// AM → desk: the waiting chats of a list go; the payload is the **bare string** list id (§3).
pub const REMOVE_PULL_MODE_SUBSCRIBED_LIST_REQUESTS: &str = "removePullModeSubscribedListRequests";
/// AM → desk: one request received or changed, `pullModeEvent` a JSON string (§3).
pub const ON_PULL_MODE_SUBSCRIBED_LIST_REQUEST: &str = "onPullModeSubscribedListRequest";
/// desk → AM: follow a list (§2).
pub const SUBSCRIBE_PULL_MODE_LIST: &str = "subscribePullModeList";
/// desk → AM: stop following a list (§2).
pub const UNSUBSCRIBE_PULL_MODE_LIST: &str = "unsubscribePullModeList";
/// desk → AM: pick a waiting chat (§2).
pub const JOIN_PULL_MODE_REQUEST: &str = "joinPullModeRequest";
/// desk → AM: delete a waiting chat; the payload is the **bare string** request id (§2).
pub const DELETE_PULL_MODE_REQUEST: &str = "deletePullModeRequest";

// Team announcements (PROTOCOL.md §3; see `super::announcement`).

/// AM → desk: a team announcement was posted (§3).
pub const ANNOUNCEMENT_CREATED: &str = "ANNOUNCEMENT_CREATED";
/// AM → desk: a team announcement was deleted (§3).
pub const ANNOUNCEMENT_DELETED: &str = "ANNOUNCEMENT_DELETED";
/// AM → desk: an agent was assigned to a consult / transfer I asked for,
/// `{conversationId, task, type: consult|direct-transfer}` (§3).
pub const AGENT_ASSIGNED_FOR_ASSISTANCE: &str = "agentAssignedForAssistance";
/// AM → desk: the consult transfer went through, `{conversationId, newTask, agentId}` (§3;
/// spelled "consul" on the wire).
pub const CONSUL_TRANSFER_REQUEST_SUCCESS: &str = "consulTransferRequestSuccess";

/// desk → AM: hand the conversation to a queue or an agent and leave it (§2).
pub const DIRECT_TRANSFER_REQUEST: &str = "directTransferRequest";
/// desk → AM: bring a queue's agent or a named agent into the conversation (§2).
pub const DIRECT_CONFERENCE_REQUEST: &str = "directConferenceRequest";
/// desk → AM: ask a queue's agent or a named agent for help; they join as ASSISTANT (§2).
pub const CONSULT_REQUEST: &str = "consultRequest";
/// desk → AM: hand the conversation to the consulted agent (§2).
pub const CONSULT_TRANSFER_REQUEST: &str = "consultTransferRequest";
/// desk → AM (supervisor): join a conversation as SILENT_MONITOR (§2; capital J, §6.4).
pub const JOIN_AS_SILENT_MONITOR: &str = "JoinAsSilentMonitor";
/// desk → AM (supervisor): barge in, becoming PRIMARY (§2; exact spelling "Bargin", §6.4).
pub const JOIN_AS_BARGIN: &str = "JoinAsBargin";
/// desk → AM (supervisor): back to whispering after a barge-in (§2; lower-case j, 4.5+).
pub const JOIN_AS_WHISPER: &str = "joinAsWhisper";
