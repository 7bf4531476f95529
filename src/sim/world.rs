//! The simulator's shared state: one [`World`] behind one mutex, owned by [`Sim`].
//!
//! Every state change and the emits it causes happen under that lock, so what each desk
//! receives is in the order the simulated AM decided it. Emitting is synchronous
//! (socketioxide queues the packet), so the lock is never held across an `.await`.
//! Timers ([`Sim::after`]) are tokio tasks tied to a [`CancellationToken`] derived from
//! the simulator's shutdown token; a timer that fires re-checks its token under the lock,
//! so cancelling under the lock is race-free.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::Value;
use socketioxide::extract::SocketRef;
use socketioxide::socket::Sid;
use tokio_util::sync::CancellationToken;

use super::config::SimConfig;
use super::conversation::Conversation;
use super::files::FileStore;
use super::mrd::MrdState;
use super::queue::Waiting;
use super::routing::Offer;
use super::users::DemoUser;
use super::webchat::Sessions;

/// The simulator: configuration, shutdown token and the world.
pub(crate) struct Sim {
    pub config: SimConfig,
    /// `http://127.0.0.1:PORT`: the origin the simulator listens on (attachment URLs
    /// point at its file engine).
    pub origin: String,
    /// When the simulator started (ms): the anchor of the generated past conversations.
    pub started_ms: i64,
    /// Cancelled by `SimServer::shutdown`; every timer token is a child of it.
    pub shutdown: CancellationToken,
    /// Notified when the load run's outcome may have changed.
    pub load_changed: tokio::sync::Notify,
    world: Mutex<World>,
}

/// The agents by Keycloak id (see [`World::agents`]).
pub(crate) type Agents = HashMap<&'static str, Agent>;

/// Everything the simulated AM knows.
///
/// The world is the hub: it owns the agents and the conversations side by side, and the
/// rule modules (presence, routing, conversation, hold, wrap-up, the customers) are handed
/// the parts they change. A conversation is not owned by an agent: agents are its
/// [`members`](Conversation::members), so a conversation can hold several agents
/// (conference, consult, a supervisor) and move between agents (transfer).
#[derive(Default)]
pub(crate) struct World {
    /// Bearer tokens issued by login → username.
    pub tokens: HashMap<String, &'static str>,
    /// Agents by Keycloak id. An agent stays here across socket reconnects until it logs
    /// out (then its record is reset on the next connect).
    pub agents: Agents,
    /// Open conversations, oldest first, each with the agents in it.
    pub conversations: Vec<Conversation>,
    /// `(conversationId, ack payload)` of every `onTopicData` ack received.
    pub topic_acks: Vec<(String, Value)>,
    /// How many scripted customers wrote in so far (picks the next customer script).
    pub chats_offered: usize,
    /// Chats waiting for an agent, oldest first (`queue.rs`).
    pub queue: VecDeque<Waiting>,
    /// Web chat sessions and tokens (seed 002, `webchat/`).
    pub web: Sessions,
    /// `(conversationId, messageId)` of every READ receipt the desks published.
    pub read_receipts: Vec<(String, String)>,
    /// conversationId → how many TYPING_INDICATORs the desks published.
    pub typing: HashMap<String, usize>,
    /// `(conversationId, cimEvent or null)` of every accepted `closeWrapup`.
    pub wrapups: Vec<(String, Value)>,
    /// Uploaded files (and the built-in ones).
    pub files: FileStore,
    /// The load run (`agentdesk sim --load`), once one started.
    pub load: Option<super::load::LoadRun>,
    /// Conversations that ended in this run, oldest first, as activities items
    /// (`activities.rs`).
    pub finished: Vec<Value>,
    /// Pull mode: waiting requests and who follows which list (`pull.rs`).
    pub pull: super::pull::Pull,
    /// Team announcements (`announcements.rs`).
    pub announcements: super::announcements::Board,
    /// `(event, payload)` of every transfer / conference / consult / supervisor request
    /// received, for `SimServer::requests`.
    pub requests: Vec<(String, Value)>,
}

/// One agent as the AM (and its routing engine) sees it.
pub(crate) struct Agent {
    pub user: &'static DemoUser,
    pub id: &'static str,
    /// The agent's KU (as built from the demo user).
    pub keycloak_user: Value,
    /// The agent's current socket, if connected.
    pub socket: Option<SocketRef>,
    /// `READY`, `NOT_READY` or `LOGOUT`.
    pub state: &'static str,
    /// `null` or the full reason object.
    pub reason: Value,
    pub state_changed_at: i64,
    pub login_at: i64,
    pub mrds: Vec<MrdState>,
    /// The RESERVED offer waiting for `topicSubscription`.
    pub offer: Option<Offer>,
    /// A scheduled offer (fires after `offer_delay`).
    pub offer_timer: Option<CancellationToken>,
    /// False until the first `agentPresence` of this login was sent: a fresh login is
    /// announced as a change, a reconnect gets a snapshot.
    pub announced: bool,
    /// Played by the simulator (`team.rs`): no socket, never offered inbound chats.
    pub simulated: bool,
    /// Tasks a simulated agent is about to take (counted against its CHAT capacity).
    pub reserved: u32,
}

impl Agent {
    /// Sends one event to the agent's current socket, if any (logged, never fails).
    pub(crate) fn send(&self, event: &str, payload: &Value) {
        match &self.socket {
            Some(s) => emit(s, event, payload),
            None => tracing::debug!(agent = self.user.username, event, "agent offline, not sent"),
        }
    }

    /// The MRD with this id.
    pub(crate) fn mrd_mut(&mut self, id: &str) -> Option<&mut MrdState> {
        self.mrds.iter_mut().find(|m| m.def.id == id)
    }
}

/// Sends `event` to one agent of `agents`, if it is there (logged, never fails).
pub(crate) fn send_to(agents: &Agents, agent_id: &str, event: &str, payload: &Value) {
    match agents.get(agent_id) {
        Some(agent) => agent.send(event, payload),
        None => tracing::debug!(agent = agent_id, event, "no such agent, not sent"),
    }
}

/// The username of an agent, for logs and emitters ("" when unknown).
pub(crate) fn username(agents: &Agents, agent_id: &str) -> &'static str {
    agents.get(agent_id).map_or("", |a| a.user.username)
}

/// Emits `payload` as the single argument of `event` on `socket` (logged, never fails).
pub(crate) fn emit(socket: &SocketRef, event: &str, payload: &Value) {
    // A 1-tuple is one argument whatever `payload` is (an array would otherwise be
    // taken for several arguments by some encoders).
    if let Err(e) = socket.emit(event, &(payload,)) {
        tracing::warn!(sid = %socket.id, event, error = %e, "emit failed");
    } else {
        tracing::debug!(sid = %socket.id, event, "sent");
    }
}

impl Sim {
    /// A simulator serving on `origin` (`http://127.0.0.1:PORT`).
    pub(crate) fn new(config: SimConfig, origin: String) -> Arc<Self> {
        Arc::new(Self {
            config,
            origin,
            started_ms: super::ids::now_ms(),
            shutdown: CancellationToken::new(),
            load_changed: tokio::sync::Notify::new(),
            world: Mutex::new(World::default()),
        })
    }

    /// Locks the world (a poisoned lock is taken over: the simulator must keep serving).
    pub(crate) fn lock(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A fresh timer token, cancelled at the latest on shutdown.
    pub(crate) fn timer_token(&self) -> CancellationToken {
        self.shutdown.child_token()
    }

    /// Runs `f` with the world locked after `delay`, unless `token` is cancelled first
    /// (checked again under the lock).
    pub(crate) fn after<F>(self: &Arc<Self>, token: &CancellationToken, delay: Duration, f: F)
    where
        F: FnOnce(&Arc<Sim>, &mut World) + Send + 'static,
    {
        let sim = Arc::clone(self);
        let token = token.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = token.cancelled() => {}
                _ = tokio::time::sleep(delay) => {
                    let mut world = sim.lock();
                    if !token.is_cancelled() {
                        f(&sim, &mut world);
                    }
                }
            }
        });
    }
}

impl World {
    /// The agent whose current socket has this id.
    pub(crate) fn agent_by_socket(&mut self, sid: Sid) -> Option<&mut Agent> {
        self.agents
            .values_mut()
            .find(|a| a.socket.as_ref().is_some_and(|s| s.id == sid))
    }

    /// The open conversation with this id.
    pub(crate) fn conversation(&self, id: &str) -> Option<&Conversation> {
        self.conversations
            .iter()
            .find(|c| c.chat.conversation_id == id)
    }

    /// The open conversation with this id, mutably.
    pub(crate) fn conversation_mut(&mut self, id: &str) -> Option<&mut Conversation> {
        self.conversations
            .iter_mut()
            .find(|c| c.chat.conversation_id == id)
    }

    /// The conversation `id` when `agent_id` is in it (active or in wrap-up), together with
    /// the agents to send to (the two are different fields, so both can be used at once).
    pub(crate) fn joined(
        &mut self,
        agent_id: &str,
        id: &str,
    ) -> Option<(&Agents, &mut Conversation)> {
        let conv = self
            .conversations
            .iter_mut()
            .find(|c| c.chat.conversation_id == id && c.member(agent_id).is_some())?;
        Some((&self.agents, conv))
    }

    /// The conversation `id` with the agents to send to, whoever is in it.
    pub(crate) fn with_agents(&mut self, id: &str) -> Option<(&mut Agents, &mut Conversation)> {
        let conv = self
            .conversations
            .iter_mut()
            .find(|c| c.chat.conversation_id == id)?;
        Some((&mut self.agents, conv))
    }

    /// Ids of the conversations `agent_id` is in (active or in wrap-up), oldest first.
    pub(crate) fn conversations_of(&self, agent_id: &str) -> Vec<String> {
        self.conversations
            .iter()
            .filter(|c| c.member(agent_id).is_some())
            .map(|c| c.chat.conversation_id.clone())
            .collect()
    }
}
