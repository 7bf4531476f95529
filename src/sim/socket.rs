//! The Socket.IO endpoint: `/agent-manager/socket.io/`, namespace `/` (PROTOCOL.md §1.2).
//!
//! Handshake: query `username=<KU.username>` and auth `{"agent": "<JSON string of KU>",
//! "fcm": {...}}`. `agent` must be a **string** holding a KU whose `id` and `username`
//! belong to the same demo user, and the query's `username` must match; anything else
//! (no auth, `agent` given as an object, unknown user, mismatched ids) is refused with
//! `connect_error` message `login-failed`. So is an agent that has not logged in over REST
//! (`POST /agent/login`) with this simulator: \[guess\] a real AM holds the agent's login in
//! memory, so after a restart it refuses the socket of a desk that was logged in before, and
//! the desk must log in again. The object form is refused on purpose: the
//! real AM parses the string the real desk sends, and a desk that sends an object would
//! fail against it.
//!
//! Accepted: the socket becomes the agent's current socket. If the agent already had one,
//! that one gets `socketSessionRemoved {agentId}` and is disconnected by the server. The
//! new socket then receives `agentPresence`, `onChannelTypes`, an `onTopicData` (with
//! ack) for each conversation the agent is still in (`wrapupTimerStarted` with the time
//! left instead, for one in wrap-up), and the pending offer if any.
//! PROTOCOL.md does not say what that first `agentPresence` looks like; the simulator
//! sends, for a fresh login (LOGOUT → NOT_READY), `AGENT_STATE_CHANGED` with
//! `agentStateChanged: true` and every MRD in `mrdStateChanges`, and for a reconnect of a
//! still logged-in agent a snapshot: `AGENT_STATE_CHANGED`, `agentStateChanged: false`,
//! `mrdStateChanges: []` (never UNCHANGED, which a desk reads as "request refused").
//!
//! When the socket drops (without a new session replacing it), the agent stays logged in
//! with its state and conversations; a pending offer is withdrawn silently and no offer
//! is made until the agent reconnects.
//!
//! Pull mode's events (`subscribePullModeList`, `unsubscribePullModeList`,
//! `joinPullModeRequest`, `deletePullModeRequest` with its bare-string payload) are handled by
//! `pull.rs`; an agent that follows lists gets them and their waiting chats again on every
//! connect.
//!
//! Incoming events are handled synchronously in arrival order (socketioxide calls a
//! handler's synchronous part in order; the simulator does all its work there), so the
//! desk's requests are never reordered.

use std::future::{ready, Ready};
use std::sync::Arc;

use serde_json::Value;
use socketioxide::extract::{Event, SocketRef, State, TryData};
use socketioxide::handler::ConnectHandler;
use socketioxide::layer::SocketIoLayer;
use socketioxide::socket::DisconnectReason;
use socketioxide::SocketIo;

use super::assist;
use super::channels;
use super::conversation;
use super::hold;
use super::ids;
use super::presence::{self, Change, LOGOUT};
use super::pull;
use super::read_receipt::{self, FirstArg};
use super::routing;
use super::supervise;
use super::users::{self, DemoUser};
use super::wire;
use super::world::{Agent, Sim, World};
use super::wrapup;

/// Engine.IO path of the AM (PROTOCOL.md §1.2).
pub(crate) const PATH: &str = "/agent-manager/socket.io";

/// The message `connect_error` carries when the handshake is refused.
#[derive(Debug)]
pub(crate) struct LoginFailed;

impl std::fmt::Display for LoginFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("login-failed")
    }
}

/// The socket.io layer and handle for `sim`.
pub(crate) fn layer(sim: Arc<Sim>) -> (SocketIoLayer, SocketIo) {
    // A load run writes thousands of packets at once: a deeper queue per socket keeps the
    // writer from waiting on it every few packets.
    let buffer = if sim.config.load.is_some() { 4096 } else { 128 };
    let (layer, io) = SocketIo::builder()
        .req_path(PATH)
        .max_buffer_size(buffer)
        .with_state(sim)
        .build_layer();
    io.ns("/", on_connect.with(authenticate));
    (layer, io)
}

/// Checks the handshake (see the module doc) and returns the demo user it names.
pub(crate) fn check_handshake(
    query: Option<&str>,
    auth: Option<&Value>,
) -> Result<&'static DemoUser, String> {
    let query_user = query
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "username")
                .map(|(_, v)| v.into_owned())
        })
        .unwrap_or_default()
        .ok_or("no username in the query")?;
    let agent = auth.and_then(|a| a.get("agent")).ok_or("no auth.agent")?;
    let agent = agent
        .as_str()
        .ok_or("auth.agent is not a string (the AM expects the KU JSON-encoded)")?;
    let ku: Value =
        serde_json::from_str(agent).map_err(|e| format!("auth.agent is not JSON: {e}"))?;
    let username = ku
        .get("username")
        .and_then(Value::as_str)
        .ok_or("KU has no username")?;
    let id = ku.get("id").and_then(Value::as_str).ok_or("KU has no id")?;
    let user = users::by_username(username).ok_or_else(|| format!("unknown user '{username}'"))?;
    if users::user_id(user) != id {
        return Err(format!("KU id {id} is not {username}'s"));
    }
    if query_user != username {
        return Err(format!(
            "query username '{query_user}' is not the KU's '{username}'"
        ));
    }
    Ok(user)
}

/// Connect middleware: authenticates, registers the event handlers and binds the socket
/// to its agent (before the namespace CONNECT is sent, so no event can be missed).
async fn authenticate(
    s: SocketRef,
    TryData(auth): TryData<Value>,
    State(sim): State<Arc<Sim>>,
) -> Result<(), LoginFailed> {
    let user = match check_handshake(s.req_parts().uri.query(), auth.as_ref().ok()) {
        Ok(user) => user,
        Err(why) => {
            tracing::info!(sid = %s.id, why, "socket refused: login-failed");
            return Err(LoginFailed);
        }
    };
    let logged_in = sim
        .lock()
        .tokens
        .values()
        .any(|name| *name == user.username);
    if !logged_in {
        tracing::info!(sid = %s.id, user = user.username, "socket refused: login-failed (no REST login here)");
        return Err(LoginFailed);
    }
    register_handlers(&s);
    let mut world = sim.lock();
    bind(&mut world, user, s.clone());
    if let Some(load) = &sim.config.load {
        // A load run offers all its chats to one agent.
        let chat = world
            .agents
            .get_mut(users::user_id(user))
            .and_then(|a| a.mrd_mut(super::mrd::CHAT.id));
        if let Some(chat) = chat {
            chat.max_tasks = u32::try_from(load.conversations).unwrap_or(u32::MAX);
        }
    }
    drop(world);
    tracing::info!(sid = %s.id, user = user.username, "socket accepted");
    Ok(())
}

/// Makes `socket` the agent's current socket, replacing (and kicking) an older one.
fn bind(world: &mut World, user: &'static DemoUser, socket: SocketRef) {
    let id = users::user_id(user);
    match world.agents.get_mut(id) {
        Some(agent) if agent.state != LOGOUT => {
            if let Some(old) = agent.socket.replace(socket) {
                tracing::info!(user = user.username, old = %old.id, "second session: removing the old one");
                super::world::emit(
                    &old,
                    "socketSessionRemoved",
                    &wire::socket_session_removed(id),
                );
                if let Err(e) = old.disconnect() {
                    tracing::warn!(error = %e, "disconnecting the old session failed");
                }
            }
        }
        _ => {
            // A fresh login: what it followed in pull mode before is forgotten.
            world.pull.forget_agent(id);
            let mut agent = Agent::new(user, ids::now_ms());
            agent.socket = Some(socket);
            world.agents.insert(id, agent);
        }
    }
}

/// Connect handler (runs right after the CONNECT packet): presence, channel types, open
/// conversations, pending offer, then routing.
fn on_connect(s: SocketRef, State(sim): State<Arc<Sim>>) -> Ready<()> {
    let mut world = sim.lock();
    let world = &mut *world;
    let Some(agent) = world.agent_by_socket(s.id) else {
        return ready(());
    };
    let agent_id = agent.id;
    let agent = &world.agents[agent_id];
    if agent.announced {
        // A reconnect: a snapshot, not a change.
        agent.send_changed(&Change::default());
    } else {
        agent.send_changed(&Change {
            agent: true,
            mrds: agent.mrds.iter().map(|m| m.def.id).collect(),
        });
    }
    agent.send("onChannelTypes", &channels::channel_types());
    for conv in world
        .conversations
        .iter()
        .filter(|c| c.member(agent_id).is_some())
    {
        if conv.in_wrapup(agent_id) {
            wrapup::resend(agent, conv);
        } else {
            conversation::send_topic_data(&sim, agent, conv);
        }
    }
    routing::resend_offer(agent);
    pull::on_connect(world, agent_id);
    if let Some(agent) = world.agents.get_mut(agent_id) {
        agent.announced = true;
    }
    routing::check(&sim, world, agent_id);
    ready(())
}

type Handler = fn(&Arc<Sim>, &mut World, &'static str, &Value);

/// Runs `handler` for an event of the socket's agent; malformed payloads get `errors`.
fn dispatch(
    sim: &Arc<Sim>,
    s: &SocketRef,
    event: &str,
    data: Result<Value, String>,
    handler: Handler,
) {
    let mut world = sim.lock();
    let Some(agent) = world.agent_by_socket(s.id) else {
        tracing::debug!(sid = %s.id, event, "event from a socket without agent, ignored");
        return;
    };
    let agent_id = agent.id;
    tracing::debug!(agent = agent.user.username, event, "received");
    match data {
        Ok(value) if value.is_object() => handler(sim, &mut world, agent_id, &value),
        Ok(other) => agent.send(
            "errors",
            &wire::errors(event, &format!("payload must be an object, got {other}")),
        ),
        Err(e) => agent.send(
            "errors",
            &wire::errors(event, &format!("malformed payload: {e}")),
        ),
    }
}

macro_rules! handler {
    ($name:ident, $event:literal, $f:path) => {
        fn $name(
            s: SocketRef,
            TryData(data): TryData<Value>,
            State(sim): State<Arc<Sim>>,
        ) -> Ready<()> {
            dispatch(&sim, &s, $event, data.map_err(|e| e.to_string()), $f);
            ready(())
        }
    };
}

handler!(
    on_change_agent_state,
    "changeAgentState",
    presence::change_agent_state
);
handler!(
    on_topic_subscription,
    "topicSubscription",
    routing::subscribe
);

/// `publishCimEvent`: a READ receipt in the usual shape is read straight from the payload's
/// text (`read_receipt.rs`, issue 7); everything else is parsed into a `Value` and goes
/// through [`dispatch`] to `conversation::publish`.
fn on_publish_cim_event(
    s: SocketRef,
    TryData(data): TryData<FirstArg>,
    State(sim): State<Arc<Sim>>,
) -> Ready<()> {
    let text = match data {
        Ok(FirstArg(raw)) => raw,
        Err(e) => {
            let error = Err(e.to_string());
            dispatch(&sim, &s, "publishCimEvent", error, conversation::publish);
            return ready(());
        }
    };
    if let Some(receipt) = read_receipt::read(text.get()) {
        let mut world = sim.lock();
        if let Some(agent) = world.agent_by_socket(s.id) {
            let agent_id = agent.id;
            if conversation::read_receipt(&sim, &mut world, agent_id, &receipt) {
                return ready(());
            }
        }
    }
    let value = serde_json::from_str::<Value>(text.get()).map_err(|e| e.to_string());
    dispatch(&sim, &s, "publishCimEvent", value, conversation::publish);
    ready(())
}
handler!(
    on_topic_unsubscription,
    "topicUnsubscription",
    conversation::unsubscribe
);
handler!(on_close_wrapup, "closeWrapup", wrapup::close);
handler!(on_pause_conversation, "pauseConversation", hold::pause);
handler!(on_resume_conversation, "resumeConversation", hold::resume);
handler!(
    on_subscribe_pull_mode_list,
    "subscribePullModeList",
    pull::subscribe
);
handler!(
    on_unsubscribe_pull_mode_list,
    "unsubscribePullModeList",
    pull::unsubscribe
);
handler!(on_join_pull_mode_request, "joinPullModeRequest", pull::join);

/// `deletePullModeRequest`: its payload is a **bare string** (PROTOCOL.md §2), so it does not
/// go through [`dispatch`] (which wants an object).
fn on_delete_pull_mode_request(
    s: SocketRef,
    TryData(data): TryData<Value>,
    State(sim): State<Arc<Sim>>,
) -> Ready<()> {
    let mut world = sim.lock();
    if let Some(agent) = world.agent_by_socket(s.id) {
        let agent_id = agent.id;
        pull::delete(&mut world, agent_id, &data.unwrap_or(Value::Null));
    }
    ready(())
}
handler!(
    on_direct_transfer,
    "directTransferRequest",
    assist::transfer
);
handler!(
    on_direct_conference,
    "directConferenceRequest",
    assist::conference
);
handler!(on_consult, "consultRequest", assist::consult);
handler!(
    on_consult_transfer,
    "consultTransferRequest",
    assist::consult_transfer
);
handler!(
    on_join_as_silent_monitor,
    "JoinAsSilentMonitor",
    supervise::silent_monitor
);
handler!(on_join_as_bargin, "JoinAsBargin", supervise::barge);
handler!(on_join_as_whisper, "joinAsWhisper", supervise::whisper);

fn on_other(s: SocketRef, Event(event): Event) -> Ready<()> {
    tracing::info!(sid = %s.id, event, "event not simulated, ignored");
    ready(())
}

/// Disconnect handler. Asynchronous on purpose: socketioxide may call it while the
/// simulator holds the world lock (a server-side disconnect), so it locks later.
async fn on_disconnect(s: SocketRef, reason: DisconnectReason, State(sim): State<Arc<Sim>>) {
    let mut world = sim.lock();
    let Some(agent) = world.agent_by_socket(s.id) else {
        tracing::debug!(sid = %s.id, %reason, "old socket disconnected");
        return;
    };
    tracing::info!(agent = agent.user.username, %reason, "agent socket disconnected");
    agent.socket = None;
    let revoked = routing::revoke_offer(agent);
    let agent_id = agent.id;
    routing::requeue(&sim, &mut world, revoked);
    routing::check(&sim, &mut world, agent_id);
}

fn register_handlers(s: &SocketRef) {
    s.on("changeAgentState", on_change_agent_state);
    s.on("topicSubscription", on_topic_subscription);
    s.on("publishCimEvent", on_publish_cim_event);
    s.on("topicUnsubscription", on_topic_unsubscription);
    s.on("closeWrapup", on_close_wrapup);
    s.on("pauseConversation", on_pause_conversation);
    s.on("resumeConversation", on_resume_conversation);
    s.on("subscribePullModeList", on_subscribe_pull_mode_list);
    s.on("unsubscribePullModeList", on_unsubscribe_pull_mode_list);
    s.on("joinPullModeRequest", on_join_pull_mode_request);
    s.on("deletePullModeRequest", on_delete_pull_mode_request);
    s.on("directTransferRequest", on_direct_transfer);
    s.on("directConferenceRequest", on_direct_conference);
    s.on("consultRequest", on_consult);
    s.on("consultTransferRequest", on_consult_transfer);
    s.on("JoinAsSilentMonitor", on_join_as_silent_monitor);
    s.on("JoinAsBargin", on_join_as_bargin);
    s.on("joinAsWhisper", on_join_as_whisper);
    s.on_fallback(on_other);
    s.on_disconnect(on_disconnect);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn auth_for(username: &str) -> Value {
        let user = users::by_username(username).expect("demo user");
        json!({"agent": users::keycloak_user(user).to_string(), "fcm": {"desktopFcmKey": null, "mobileFcmKey": null}})
    }

    #[test]
    fn handshake_accepts_string_agent() {
        let auth = auth_for("agent1");
        let user = check_handshake(
            Some("username=agent1&EIO=4&transport=websocket"),
            Some(&auth),
        );
        assert_eq!(user.map(|u| u.username), Ok("agent1"));
    }

    #[test]
    fn handshake_refuses_object_agent_and_mismatches() {
        let user = users::by_username("agent1").expect("demo user");
        let object = json!({"agent": users::keycloak_user(user)});
        assert!(check_handshake(Some("username=agent1"), Some(&object)).is_err());
        let auth = auth_for("agent1");
        assert!(check_handshake(Some("username=agent2"), Some(&auth)).is_err());
        assert!(check_handshake(None, Some(&auth)).is_err());
        assert!(check_handshake(Some("username=agent1"), None).is_err());
        let mut ku = users::keycloak_user(user);
        ku["id"] = json!("00000000-0000-4000-8000-000000000001");
        let forged = json!({"agent": ku.to_string()});
        assert!(check_handshake(Some("username=agent1"), Some(&forged)).is_err());
    }
}
