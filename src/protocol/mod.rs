//! Wire types of the Agent Manager protocol: serde types for every event the desk sends or
//! receives, and nothing else (no I/O, no clock reads).
//!
//! Source: `../shared/protocol/PROTOCOL.md` (§ numbers below refer to it) and the fixtures in
//! `tests/fixtures/`. Every enum on the wire is open (§6.8): states, names and body types are
//! kept as strings, unknown fields are tolerated (and, where the desk must send an object
//! back, preserved through `extra` maps), and objects the desk only passes through
//! (channel sessions, customers, participants) stay as [`serde_json::Value`].

pub mod announcement;
pub mod assist;
pub mod channel_session;
pub mod cim;
pub mod common;
pub mod conversation;
pub mod emit;
pub mod events;
pub mod files;
pub mod forms;
pub mod hand;
pub mod history;
pub mod live;
pub mod login;
pub mod message_read;
pub mod notices;
pub mod presence;
pub mod pull;
pub mod receipt;
pub mod reports;
pub mod routing;
pub mod sla;
pub mod suggestion;
pub mod supervise;
pub mod task;
pub mod topic;

pub use announcement::Announcement;
pub use assist::{AssistKind, AssistTarget};
pub use cim::{
    CimEvent, CimMessage, ConversationPause, DeliveryNotification, MessageBody, MessageHeader,
    OnCimEvent, Sender, TypingIndicator,
};
pub use common::{RoomInfo, Timestamp};
pub use conversation::{
    AgentAssignedForAssistance, AgentAssistanceRequestPlaced, ConsultTransferSuccess,
    WrapupTimerStarted,
};
pub use files::UploadedFile;
pub use history::{ActivitiesPage, PastConversation};
pub use login::{KeycloakUser, LoginError, LoginRequest, LoginResponse, Reason};
pub use presence::{
    AgentMrdState, AgentPresence, AgentPresenceEvent, AgentState, ChannelType, Mrd,
};
pub use pull::{PullModeList, PullModeRequest, PullModeRequestEvent};
pub use reports::{ActiveChat, MrdLoad, TeamAgent};
pub use routing::{AvailableAgent, AvailableQueue};
pub use task::{RevokeTask, TaskRequest};
pub use topic::{TopicClosed, TopicData, TopicDataEvent, TopicUnsubscription};
