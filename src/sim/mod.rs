//! The built-in **Agent Manager simulator**: a small stand-in for an ExpertFlow CX Agent
//! Manager (AM) that `agentdesk sim` runs and the integration tests talk to.
//!
//! # What it is, and what it is not
//! The simulator is **not the spec**: `shared/protocol/PROTOCOL.md` and the fixtures in
//! `tests/fixtures/` are. Every payload it sends is built (in `wire.rs`, with
//! `serde_json::json!`) to the fixtures' exact field names and nesting. It deliberately
//! shares no code with `crate::protocol` or `crate::client`: it is another world, which is
//! what makes client↔simulator tests mean something. Where PROTOCOL.md is silent, each
//! module's doc says what a real AM most plausibly does and that the simulator does that.
//!
//! # The world it simulates
//! - REST (`rest.rs`): `POST /agent-manager/agent/login`, `GET /unified-admin/reasons`,
//!   `GET /routing-engine/media-routing-domains`, the file engine's
//!   `POST /file-engine/api/uploadFileStream` and `GET /file-engine/api/downloadFileStream`
//!   (`files.rs`; the form is read with axum's `Multipart`), and a customer's past conversations
//!   `GET /conversation-manager/customer-topics/customer/{id}/activities`
//!   (`activities.rs`). Calls without `Authorization` are accepted, as by servers of the
//!   2024 generation ([`SimConfig::require_token`] keeps CX 4.9 strictness).
//! - What ExpertFlow's own web desk asks for besides (PROTOCOL.md §5, §7; `desk_rest.rs`):
//!   agent-desk settings, locale setting, the pull-mode lists, the wrap-up form
//!   `/unified-admin/forms/{formId}`, the customer schema and labels; the channel logos named
//!   in `onChannelTypes` (`logos.rs`); team announcements over REST and socket
//!   (`announcements.rs`, the demo team starts with one).
//! - Pull mode (`pull.rs`): scripted customers on a PULL channel wait on two lists
//!   ([`SimConfig::pull_arrival`]); agents follow lists, pick a waiting chat (it opens like
//!   an accepted offer) and supervisors delete one.
//! - Socket.IO at `/agent-manager/socket.io/`, namespace `/` (`socket.rs`): the handshake,
//!   one session per agent (`socketSessionRemoved`), the agent state machine
//!   (`presence.rs`), chat routing with RONA (`routing.rs`), conversations
//!   (`conversation.rs`) with a scripted customer (`customer.rs`, `writer.rs`: every
//!   message body type, typing indicators, delivery and read notifications, replies,
//!   conversation data, a customer who leaves), hold (`hold.rs`) and wrap-up
//!   (`wrapup.rs`).
//! - The customer side a person can play (`webchat/`): seed 002's Web Interaction REST API
//!   under `/restinteractionsdk` ([`SimServer::web_chat_api_url`], demo client
//!   [`WEB_CHAT_CLIENT_ID`] / [`WEB_CHAT_CLIENT_SECRET`]) and a chat page at `/chat`
//!   ([`SimServer::chat_page_url`]). Every chat, scripted or web, reaches an agent through
//!   `queue.rs` and `routing.rs`; [`SimConfig::scripted_customers`] limits or turns off the
//!   scripted ones.
//! - Accounts: [`DEMO_USERS`]. Each agent has three MRDs: CHAT (`maxAgentTasks` 2, the only
//!   one routed to), VOICE (1) and EMAIL (5).
//!
//! State lives in memory only and is lost on shutdown. An agent's state and conversations
//! survive a socket reconnect (as in the routing engine) until the agent logs out.
//!
//! # Example
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let server = agentdesk::sim::start(agentdesk::sim::SimConfig::default()).await?;
//! println!("AM at {}", server.base_url()); // http://127.0.0.1:PORT/agent-manager
//! server.shutdown().await;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod activities;
mod announcements;
mod answer;
mod assist;
mod channels;
mod chat;
mod config;
mod conversation;
mod customer;
mod desk_rest;
mod files;
mod hold;
mod ids;
mod load;
mod logos;
mod mrd;
mod precision_queues;
mod presence;
mod pull;
mod queue;
mod read_receipt;
mod reasons;
mod reports;
mod rest;
mod routing;
mod socket;
mod supervise;
mod team;
mod users;
mod webchat;
mod wire;
mod world;
mod wrapup;
mod writer;

#[cfg(test)]
mod testutil;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use socketioxide::SocketIo;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::SimConfig;
pub use load::{LoadReport, LoadSpec};
pub use users::{DemoUser, DEMO_USERS, TEAM_AGENTS};
pub use webchat::{CLIENT_ID as WEB_CHAT_CLIENT_ID, CLIENT_SECRET as WEB_CHAT_CLIENT_SECRET};

use world::Sim;

/// How long [`SimServer::shutdown`] waits for sockets to close and for the HTTP server to
/// drain before it aborts it.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// A running simulator. Dropping it stops the server abruptly (timers cancelled, server
/// task aborted); [`SimServer::shutdown`] stops it gracefully.
pub struct SimServer {
    addr: SocketAddr,
    sim: Arc<Sim>,
    io: SocketIo,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// Starts a simulator listening on `127.0.0.1:config.port` (only loopback, never another
/// interface). Returns once the listener is bound, so [`SimServer::addr`] and
/// [`SimServer::base_url`] are usable at once.
///
/// # Errors
/// The bind error, e.g. when the port is taken.
pub async fn start(config: SimConfig) -> std::io::Result<SimServer> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let addr = listener.local_addr()?;
    let sim = Sim::new(config, format!("http://{addr}"));
    if sim.config.team {
        team::seed(&sim, &mut sim.lock());
        if let Some(after) = sim.config.team_hand_after {
            answer::schedule_team_hand(&sim, after);
        }
    }
    let (layer, io) = socket::layer(Arc::clone(&sim));
    let app = rest::router(Arc::clone(&sim))
        .merge(webchat::router(Arc::clone(&sim)))
        .merge(desk_rest::router(Arc::clone(&sim)))
        .merge(announcements::router(Arc::clone(&sim)))
        .layer(layer);
    pull::start(&sim);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let result = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
        if let Err(e) = result {
            tracing::error!(error = %e, "simulator server failed");
        }
    });
    tracing::info!(%addr, "Agent Manager simulator listening");
    Ok(SimServer {
        addr,
        sim,
        io,
        stop: Some(stop),
        task: Some(task),
    })
}

impl SimServer {
    /// The bound address; always `127.0.0.1:<port>`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The AM base URL to give the desk as `--server`:
    /// `http://127.0.0.1:PORT/agent-manager` (PROTOCOL.md §1). Other services
    /// (`/unified-admin`, `/routing-engine`) are beside it on the same origin.
    pub fn base_url(&self) -> String {
        format!("http://{}/agent-manager", self.addr)
    }

    /// The base URL of the customer-side Web Interaction REST API (seed 002):
    /// `http://127.0.0.1:PORT/restinteractionsdk`; its calls are `POST {base}/oauth/token`,
    /// `POST {base}/v1/sessions`, … (`webchat/`). The demo client is
    /// [`WEB_CHAT_CLIENT_ID`] / [`WEB_CHAT_CLIENT_SECRET`].
    pub fn web_chat_api_url(&self) -> String {
        format!("http://{}{}", self.addr, webchat::API_BASE)
    }

    /// The customer chat page, `http://127.0.0.1:PORT/chat`: open it in a browser to be
    /// the customer of the agents logged in to this simulator.
    pub fn chat_page_url(&self) -> String {
        format!("http://{}{}", self.addr, webchat::CHAT_PAGE)
    }

    /// The configuration the simulator runs with.
    pub fn config(&self) -> &SimConfig {
        &self.sim.config
    }

    /// Test inspection: every `onTopicData` ack received so far, in arrival order, as
    /// `(conversationId, ack payload)`; a desk that answers correctly acks with
    /// `{"status": "ok"}` (`onTopicData.ack.json`). An `onTopicData` not acked within
    /// 10 s is logged and not recorded.
    pub fn topic_acks(&self) -> Vec<(String, Value)> {
        self.sim.lock().topic_acks.clone()
    }

    /// Test inspection: the agent's current presence, i.e. the inner `agentPresence`
    /// object the simulator would send now (`{agent, state: {name, reasonCode},
    /// stateChangeTime, agentMrdStates, agentLoginTime}`), or `None` if that user never
    /// connected a socket.
    pub fn agent_presence(&self, username: &str) -> Option<Value> {
        let user = users::by_username(username)?;
        let world = self.sim.lock();
        world.agents.get(users::user_id(user)).map(|a| a.presence())
    }

    /// Test inspection: the messages of conversation `conversation_id` of agent `username` as
    /// the simulator stored them, in order: `(event name, data.id, markdownText)` for every
    /// `CUSTOMER_MESSAGE` and `AGENT_MESSAGE` (system events and notifications left out).
    /// Empty when the conversation is not open.
    pub fn messages(&self, username: &str, conversation_id: &str) -> Vec<(String, String, String)> {
        let Some(user) = users::by_username(username) else {
            return Vec::new();
        };
        let world = self.sim.lock();
        let Some(conversation) = world
            .conversation(conversation_id)
            .filter(|c| c.member(users::user_id(user)).is_some())
        else {
            return Vec::new();
        };
        let field = |v: &Value| v.as_str().unwrap_or_default().to_string();
        conversation
            .history
            .iter()
            .filter(|e| {
                matches!(
                    e["name"].as_str(),
                    Some("CUSTOMER_MESSAGE" | "AGENT_MESSAGE")
                )
            })
            .map(|e| {
                (
                    field(&e["name"]),
                    field(&e["data"]["id"]),
                    field(&e["data"]["body"]["markdownText"]),
                )
            })
            .collect()
    }

    /// Test inspection: ids of the conversations `username` is in, oldest first,
    /// including those in wrap-up (left, but not yet closed with `closeWrapup` or by the
    /// wrap-up timer).
    pub fn open_conversations(&self, username: &str) -> Vec<String> {
        let Some(user) = users::by_username(username) else {
            return Vec::new();
        };
        self.sim.lock().conversations_of(users::user_id(user))
    }

    /// Test inspection: every READ receipt the desks published so far, in arrival order,
    /// as `(conversationId, messageId)`: a `publishCimEvent` MESSAGE_DELIVERY_NOTIFICATION
    /// whose body is `{type: "DELIVERYNOTIFICATION", status: "READ", messageId}`
    /// (`publishCimEvent.read_receipt.json`, PROTOCOL.md §4). Recorded even when the
    /// simulator does not know the message (that is logged as a warning).
    pub fn read_receipts(&self) -> Vec<(String, String)> {
        self.sim.lock().read_receipts.clone()
    }

    /// Test inspection: every accepted `closeWrapup` so far, in arrival order, as
    /// `(conversationId, cimEvent)`: the AGENT_MESSAGE with the WRAPUP body as the desk
    /// sent it (parsed if it came as a JSON string), or `null` for a skipped wrap-up
    /// (`closeWrapup.skip.json`). A wrap-up that timed out is not recorded.
    pub fn wrapups(&self) -> Vec<(String, Value)> {
        self.sim.lock().wrapups.clone()
    }

    /// Test inspection: how many TYPING_INDICATOR events the desks published (PROTOCOL.md
    /// §4, `publishCimEvent.typing.json`) for this conversation so far.
    pub fn typing_indicators(&self, conversation_id: &str) -> usize {
        self.sim
            .lock()
            .typing
            .get(conversation_id)
            .copied()
            .unwrap_or(0)
    }

    /// The outcome of the load run ([`SimConfig::load`]), once there is one; waits for it.
    /// Never returns without a load run configured.
    pub async fn load_report(&self) -> LoadReport {
        loop {
            let changed = self.sim.load_changed.notified();
            if let Some(report) = self.sim.lock().load.as_ref().and_then(|run| run.report()) {
                return report.clone();
            }
            changed.await;
        }
    }

    /// Test inspection: what the customer of `conversation_id` has seen so far, in order:
    /// its own texts and the agents' AGENT_MESSAGE texts, never a WHISPER_MESSAGE. Empty
    /// when the conversation is not open.
    pub fn customer_transcript(&self, conversation_id: &str) -> Vec<String> {
        self.sim
            .lock()
            .conversation(conversation_id)
            .map(|c| c.customer_transcript())
            .unwrap_or_default()
    }

    /// Test inspection: `(username, role)` of every agent in the open conversation
    /// `conversation_id`, in joining order (roles PRIMARY, ASSISTANT, SILENT_MONITOR,
    /// WHISPER).
    pub fn participants(&self, conversation_id: &str) -> Vec<(String, String)> {
        let world = self.sim.lock();
        world
            .conversation(conversation_id)
            .map(|c| {
                c.members
                    .iter()
                    .map(|m| {
                        let name = world::username(&world.agents, m.agent_id).to_string();
                        (name, m.role().to_string())
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Test inspection: every transfer / conference / consult / consult-transfer and
    /// supervisor request received so far, in arrival order, as `(event, payload)`.
    pub fn requests(&self) -> Vec<(String, Value)> {
        self.sim.lock().requests.clone()
    }

    /// Test inspection: ids of the simulated team's open conversations the agent
    /// `username` (e.g. `dana`) is in.
    pub fn team_conversations(&self, username: &str) -> Vec<String> {
        match users::anyone(username) {
            Some(user) => self.sim.lock().conversations_of(users::user_id(user)),
            None => Vec::new(),
        }
    }

    /// Stops the simulator: cancels every timer, disconnects every socket, then lets the
    /// HTTP server finish in-flight requests. Bounded: after 3 s for each step the server
    /// task is aborted.
    pub async fn shutdown(mut self) {
        self.sim.shutdown.cancel();
        if tokio::time::timeout(SHUTDOWN_GRACE, self.io.close())
            .await
            .is_err()
        {
            tracing::warn!("simulator sockets did not close in time");
        }
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
            {
                tracing::warn!("simulator server did not stop in time; aborting it");
                task.abort();
            }
        }
        tracing::info!(addr = %self.addr, "Agent Manager simulator stopped");
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        self.sim.shutdown.cancel();
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
