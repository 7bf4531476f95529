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
/// AM → desk: wrap-up timer started, `duration` ms as a string (§3).
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
