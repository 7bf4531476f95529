//! Transitions for network events.

use crate::client::{ClientEvent, Command};
use crate::protocol::{AgentPresenceEvent, TaskRequest};

use super::conversation::Conversation;
use super::effect::Effect;
use super::offer::Offer;
use super::sanitize::one_line;
use super::signals;
use super::state::{About, AgentStatus, Connection, Level, LoginForm, MrdChip, RonaNotice, State};
use super::wrapup::WrapupForm;

pub(super) fn apply(state: &mut State, event: ClientEvent) -> Vec<Effect> {
    let effects = on_event(state, event);
    state.end_stale_offer_notices();
    effects
}

/// A login form for the next login: the server and username of this session kept.
fn next_login_form(state: &State) -> LoginForm {
    let mut form = LoginForm {
        server: state.server.clone(),
        ..LoginForm::default()
    };
    if let Some(user) = &state.me {
        form.username.set(&user.username);
    }
    form.focus = super::state::LoginField::Password;
    form
}

fn on_event(state: &mut State, event: ClientEvent) -> Vec<Effect> {
    let now = state.now_ms;
    match event {
        ClientEvent::LoggedIn { user } => {
            let name = user.display_name();
            let text = if name == user.username {
                format!("Logged in as {name}")
            } else {
                format!("Logged in as {name} ({})", user.username)
            };
            state.notify(Level::Info, text);
            if let Some(form) = state.login.take() {
                state.server = form.server;
            }
            super::pull::on_logged_in(state, &user.username);
            state.me = Some(user);
            let team_ids = super::announcements::teams(state);
            state.connection = Connection::Connecting;
            // What was shown about the last session has ended with it.
            state.rona = None;
            let mut effects = vec![
                Effect::Send(Command::FetchReasons),
                Effect::Send(Command::FetchPullModeLists),
            ];
            if !team_ids.is_empty() {
                effects.push(Effect::Send(Command::FetchAnnouncements { team_ids }));
            }
            if let Some(form_id) = state.wrapup_form_id.clone().filter(|id| !id.is_empty()) {
                effects.push(Effect::Send(Command::FetchWrapupForm { form_id }));
            }
            if let Some((username, password)) = state.password_to_remember.take() {
                effects.push(Effect::RememberPassword { username, password });
            }
            effects
        }
        ClientEvent::LoginFailed { message } => {
            state.password_to_remember = None;
            if state.login.is_none() {
                state.login = Some(next_login_form(state));
            }
            let Some(form) = state.login.as_mut() else {
                return Vec::new();
            };
            form.busy = false;
            tracing::info!(%message, "login failed");
            form.error = Some(one_line(&super::plain::login_failure(&message)));
            if let Some(user) = &state.me {
                if form.username.is_empty() {
                    form.username.set(&user.username);
                }
            }
            form.password.apply(super::text_field::Edit::Clear);
            form.focus = super::state::LoginField::Password;
            state.connection = Connection::LoggedOut;
            Vec::new()
        }
        ClientEvent::Connected => {
            state.connection = Connection::Online;
            state.agent_confirmed = false;
            state.end_notices(&About::Connection);
            state.notify(Level::Info, "Connected to the Agent Manager");
            super::resync::start(state);
            super::outbox::on_connected(state);
            super::pull::on_connected(state)
        }
        ClientEvent::LoggedInAgain { user } => {
            state.notify(
                Level::Warning,
                "The server had forgotten the login (restarted?): logged in again",
            );
            state.me = Some(user);
            Vec::new()
        }
        ClientEvent::Disconnected {
            reason,
            retry_in_ms,
        } => {
            let text = match retry_in_ms {
                Some(ms) => format!(
                    "Connection lost ({reason}); reconnecting in {:.1} s",
                    ms as f64 / 1000.0
                ),
                None => format!("Connection lost ({reason})"),
            };
            state.notify_about(Level::Warning, About::Connection, &text);
            state.connection = Connection::Reconnecting {
                reason: one_line(&reason),
            };
            Vec::new()
        }
        ClientEvent::ForcedLogout { reason } => {
            if state.agent.state == "LOGOUT" {
                // The agent asked for it (`/logout`): the server closes the session after
                // confirming LOGOUT. Not an error; the login form is ready for the next shift.
                go_offline(
                    state,
                    "logged out",
                    "Logged out of the Agent Manager",
                    Level::Info,
                );
            } else {
                let text = format!("Disconnected by the server: {reason}");
                go_offline(state, &reason, &text, Level::Error);
            }
            Vec::new()
        }
        ClientEvent::SessionRemoved => {
            go_offline(
                state,
                "logged in from another place",
                "Session ended: you logged in from another place",
                Level::Error,
            );
            if let Some(form) = state.login.as_mut() {
                form.takeover = super::state::Takeover::Ask;
            }
            Vec::new()
        }
        ClientEvent::Reasons(reasons) => {
            state.reasons = reasons;
            Vec::new()
        }
        ClientEvent::RequestFailed { what, message } => {
            if super::pull::absorb_failure(state, &what, &message)
                || super::announcements::absorb_failure(state, &what, &message)
            {
                return Vec::new();
            }
            if what == "Loading the wrap-up form" {
                // Servers without the form keep the configured choices: not an error.
                tracing::info!(%message, "wrap-up form unavailable; configured categories kept");
                return Vec::new();
            }
            if what == "Wrap-up" {
                reopen_wrapups(state);
            }
            // Not sent at all: nothing is under way any more.
            if what == "Leave" {
                state
                    .conversations
                    .iter_mut()
                    .for_each(|c| c.leaving = false);
            }
            if what == "Accept" {
                state.offers.iter_mut().for_each(|o| o.accepting = false);
                state.focus_on_arrival = None;
            }
            state.notify(Level::Error, format!("{what} failed: {message}"));
            Vec::new()
        }
        ClientEvent::ServerError { task, msg } => {
            if task == crate::protocol::events::CLOSE_WRAPUP {
                reopen_wrapups(state);
            }
            if task == crate::protocol::events::JOIN_PULL_MODE_REQUEST
                && state.pull.picking.is_some()
            {
                super::pull::on_pick_refused(state, &msg);
                return Vec::new();
            }
            if task == crate::protocol::events::DELETE_PULL_MODE_REQUEST
                && super::pull::on_delete_refused(state, &msg)
            {
                return Vec::new();
            }
            if task == crate::protocol::events::CHANGE_AGENT_STATE {
                // The `agentPresence` UNCHANGED that follows says nothing more: the reason
                // is this text (PROTOCOL.md §3 `errors`).
                let text = match state.state_request.take() {
                    Some(what) => format!("Could not {what}: {msg}"),
                    None => format!("State change refused: {msg}"),
                };
                state.refusal_shown = true;
                state.notify_about(Level::Error, About::AgentState, text);
                return Vec::new();
            }
            refused_request(state, &task, &msg);
            if !super::commands::assist::on_server_error(state, &task, &msg) {
                state.notify(Level::Error, format!("{task}: {msg}"));
            }
            Vec::new()
        }
        ClientEvent::AssistanceRequestPlaced(placed) => {
            super::commands::assist::on_request_placed(state, &placed);
            Vec::new()
        }
        ClientEvent::AgentAssigned(assigned) => {
            super::commands::assist::on_agent_assigned(state, &assigned);
            Vec::new()
        }
        ClientEvent::ConsultTransferSucceeded(done) => {
            super::commands::assist::on_consult_transfer_success(state, &done);
            Vec::new()
        }
        ClientEvent::AvailableAgents {
            conversation_id,
            result,
        } => super::commands::assist::on_available_agents(state, &conversation_id, result),
        ClientEvent::TeamBoard { agents, chats } => {
            super::commands::supervise::on_team_board(state, agents, chats);
            Vec::new()
        }
        ClientEvent::Presence(presence) => {
            if is_foreign(state, &presence) {
                tracing::warn!("agentPresence about another agent ignored");
                return Vec::new();
            }
            apply_presence(state, &presence);
            state.agent_confirmed = true;
            Vec::new()
        }
        ClientEvent::ChannelTypes(types) => {
            state.channel_types = types;
            Vec::new()
        }
        ClientEvent::TaskRequest(task) => apply_task_request(state, &task),
        ClientEvent::RevokeTask(revoke) => {
            let before = state.offers.len();
            let missed = state
                .offers
                .iter()
                .find(|o| o.conversation_id == revoke.conversation_id)
                .cloned();
            state.offers.retain(|o| {
                o.conversation_id != revoke.conversation_id
                    || revoke
                        .task_id
                        .as_ref()
                        .is_some_and(|t| o.task_id.as_ref() != Some(t))
            });
            if state.offers.len() < before {
                // The RONA banner says it (and stays until READY, Esc or logout); a notice
                // repeating it would only outlive it.
                let customer_name = missed.map(|o| o.customer_name).unwrap_or_default();
                state.rona = Some(RonaNotice {
                    customer_name,
                    at_ms: now,
                });
            }
            Vec::new()
        }
        ClientEvent::TopicData(topic) => {
            let id = topic.conversation_id().trim().to_string();
            if id.is_empty() {
                // A snapshot of nothing: it would be a conversation that cannot be left.
                tracing::warn!("onTopicData without a conversation id rejected");
                return Vec::new();
            }
            super::resync::saw_conversation(state, &id);
            super::pull::on_topic_data(state, &id);
            let me = state.me.as_ref().map(|u| u.id.clone()).unwrap_or_default();
            let offered_queue = state
                .offers
                .iter()
                .find(|o| o.conversation_id == id && !o.queue.is_empty())
                .map(|o| o.queue.clone());
            state.offers.retain(|o| o.conversation_id != id);
            match state.conversation_mut(&id) {
                Some(existing) => {
                    existing.refresh(&topic.topic_data, &me, now);
                    if topic.room_info.is_some() {
                        existing.room_info = topic.room_info.clone();
                    }
                    existing.ended = None;
                }
                None => {
                    let conversation = Conversation::from_topic(
                        &id,
                        topic.room_info.clone(),
                        &topic.topic_data,
                        &me,
                        now,
                        state.scrollback,
                    );
                    state.add_conversation(conversation);
                }
            }
            if let (Some(queue), Some(c)) = (offered_queue, state.conversation_mut(&id)) {
                c.queue = queue;
            }
            // A silent-monitor join this desk asked for: read-only for the customer even when
            // the snapshot names no role.
            if let Some(i) = state.pending_monitors.iter().position(|p| *p == id) {
                state.pending_monitors.remove(i);
                if let Some(c) = state.conversation_mut(&id) {
                    if topic.topic_data.my_role().is_none() {
                        c.set_role("SILENT_MONITOR");
                    }
                    c.monitored = true;
                }
            }
            // CIM events that came before this snapshot (nothing is lost, PROTOCOL.md §1.2).
            let focused_here = state.focused.as_deref() == Some(id.as_str());
            for event in state.take_early_events(&id) {
                if let Some(conversation) = state.conversation_mut(&id) {
                    if conversation.apply_event(&event, &me, now) && !focused_here {
                        conversation.unread += 1;
                    }
                }
            }
            let mut effects = super::outbox::on_topic_data(state, &id);
            let accepted_here = state.focus_on_arrival.as_deref() == Some(id.as_str());
            if accepted_here {
                state.focus_on_arrival = None;
            }
            effects.extend(if accepted_here || state.focused.is_none() {
                super::on_user::focus(state, id)
            } else if state.focused.as_deref() == Some(id.as_str()) {
                signals::read_receipts(state)
            } else {
                Vec::new()
            });
            effects
        }
        ClientEvent::CimEvent {
            conversation_id,
            event,
        } => {
            let Some(id) = conversation_id.or_else(|| event.conversation_id.clone()) else {
                tracing::warn!(name = %event.name, "CIM event without conversation id ignored");
                return Vec::new();
            };
            super::resync::saw_conversation(state, &id);
            let me = state.me.as_ref().map(|u| u.id.clone()).unwrap_or_default();
            let focused = state.focused.as_deref() == Some(id.as_str());
            let own_message_id = (event.name == crate::protocol::cim::names::AGENT_MESSAGE)
                .then(|| event.data.get("id").and_then(serde_json::Value::as_str))
                .flatten()
                .map(str::to_string);
            match state.conversation_mut(&id) {
                Some(conversation) => {
                    let (from_customer, aids) =
                        conversation.apply_event_with_aids(&event, &me, now);
                    let confirmed_own = own_message_id
                        .and_then(|m| conversation.line(&m))
                        .is_some_and(|l| l.author == super::conversation::Author::Me);
                    if from_customer && !focused {
                        conversation.unread += 1;
                    }
                    super::outbox::settle(state, &id);
                    let mut effects = super::commands::hand::on_aids_change(state, &id, aids);
                    if confirmed_own {
                        // The server took a message: an earlier send failure no longer holds.
                        state.end_notices(&About::Send);
                    }
                    if from_customer && focused {
                        effects.extend(signals::read_receipts(state));
                    }
                    effects
                }
                None => {
                    let effects = super::commands::hand::on_unjoined_event(state, &id, &event);
                    state.hold_early_event(&id, *event);
                    effects
                }
            }
        }
        ClientEvent::TopicUnsubscribed(unsub) => {
            let reason = one_line(unsub.reason.as_deref().unwrap_or("ended"));
            end_conversation(state, &unsub.conversation_id, &reason);
            Vec::new()
        }
        ClientEvent::TopicClosed(closed) => {
            end_conversation(state, &closed.conversation_id, "closed");
            Vec::new()
        }
        ClientEvent::WrapupTimerStarted {
            conversation_id,
            duration_ms,
        } => {
            super::resync::saw_conversation(state, &conversation_id);
            let categories = state.wrapup_categories.clone();
            match state.conversation_mut(&conversation_id) {
                Some(conversation) if conversation.ended.is_none() => {
                    conversation.leaving = false;
                    conversation.wrapup = Some(WrapupForm::new(&categories, now, duration_ms));
                    let name = conversation.customer_name.clone();
                    state.notify_about(
                        Level::Info,
                        About::Wrapup(conversation_id.clone()),
                        format!("Wrap-up for {name}: tick categories (Space), Enter sends, Ctrl+X skips"),
                    );
                }
                _ => {
                    tracing::info!(conversation = %conversation_id, "wrap-up for a conversation not open here")
                }
            }
            Vec::new()
        }
        ClientEvent::UploadStarted {
            conversation_id,
            message_id,
            name,
            size,
        } => {
            let username = state
                .me
                .as_ref()
                .map(|u| u.username.clone())
                .unwrap_or_default();
            if let Some(conversation) = state.conversation_mut(&conversation_id) {
                conversation.push_own(
                    &message_id,
                    &username,
                    &format!(
                        "[FILE] {} ({}, uploading…)",
                        one_line(&name),
                        super::body::human_size(size)
                    ),
                    None,
                    now,
                );
            }
            Vec::new()
        }
        ClientEvent::SendFailed {
            conversation_id,
            message_id,
            message,
        } => {
            if let Some(conversation) = state.conversation_mut(&conversation_id) {
                conversation.mark_delivery(&message_id, super::conversation::Delivery::Failed);
            }
            state.notify_about(Level::Error, About::Send, format!("Not sent: {message}"));
            Vec::new()
        }
        ClientEvent::ActivitiesFailed {
            customer_id,
            message,
        } => {
            if let Some(past) = state.past.as_mut().filter(|p| p.customer_id == customer_id) {
                past.loading = false;
            }
            state.notify(
                Level::Error,
                format!("Past conversations could not be loaded: {message}"),
            );
            Vec::new()
        }
        ClientEvent::PullModeLists(lists) => {
            super::pull::on_lists(state, lists);
            Vec::new()
        }
        ClientEvent::PullModeListFollowed(list) => {
            super::pull::on_list_followed(state, list);
            Vec::new()
        }
        ClientEvent::PullModeRequestsAdded(requests) => {
            super::pull::on_requests(state, requests);
            Vec::new()
        }
        ClientEvent::PullModeListRequestsRemoved { list_id } => {
            super::pull::on_list_requests_removed(state, &list_id);
            Vec::new()
        }
        ClientEvent::PullModeRequestChanged { kind, request } => {
            tracing::debug!(?kind, request = %request.id, "pull-mode request event");
            super::pull::on_request_changed(state, request);
            Vec::new()
        }
        ClientEvent::Announcements(list) => {
            super::announcements::on_list(state, list);
            Vec::new()
        }
        ClientEvent::AnnouncementCreated(announcement) => {
            super::announcements::on_created(state, announcement);
            Vec::new()
        }
        ClientEvent::AnnouncementDeleted { id } => {
            super::announcements::on_deleted(state, &id);
            Vec::new()
        }
        ClientEvent::WrapupForm(categories) => {
            if categories.is_empty() {
                tracing::info!(
                    "wrap-up form has no categories the desk can read; configured ones kept"
                );
            } else {
                tracing::info!(
                    count = categories.len(),
                    "wrap-up categories from the server's form"
                );
                state.wrapup_categories = categories;
            }
            Vec::new()
        }
        ClientEvent::Activities {
            customer_id,
            offset,
            total,
            items,
        } => {
            match state.past.as_mut() {
                Some(past) if past.customer_id == customer_id => {
                    past.items.truncate(offset as usize);
                    past.items.extend(items);
                    past.total = total;
                    past.loading = false;
                }
                _ => {
                    tracing::debug!(customer = %customer_id, "past conversations for another customer dropped")
                }
            }
            Vec::new()
        }
    }
}

/// The session ended for good (PROTOCOL.md §1.2: no automatic reconnect). The agent sees why
/// and gets the login form back to start a new session by hand; conversations stay readable.
/// `level` Info: an expected end (no error on the form).
/// The login form keeps the server and the username of the session that ended.
fn go_offline(state: &mut State, reason: &str, text: &str, level: Level) {
    state.notify(level, text);
    state.connection = Connection::Offline {
        reason: one_line(reason),
    };
    let mut form = next_login_form(state);
    form.error = (level != Level::Info).then(|| one_line(text));
    state.login = Some(form);
    // A missed offer of the ended session is no longer news.
    state.rona = None;
}

/// A `closeWrapup` that failed: the forms waiting for it open again, so nothing is lost.
fn reopen_wrapups(state: &mut State) {
    for conversation in &mut state.conversations {
        if let Some(form) = conversation.wrapup.as_mut().filter(|f| f.submitted) {
            form.submitted = false;
        }
    }
}

/// Ends conversation `id` for this desk with `reason` (shown in its list entry and as a
/// system line); its offer, if any, goes too.
pub(super) fn end_conversation(state: &mut State, id: &str, reason: &str) {
    let now = state.now_ms;
    state.end_notices(&About::Wrapup(id.to_string()));
    let transferred = super::commands::assist::transferred_text(state, id, reason);
    if let Some(conversation) = state.conversation_mut(id) {
        let left_by_me = std::mem::take(&mut conversation.leaving);
        conversation.wrapup = None;
        conversation.hold = None;
        conversation.customer_typing_until_ms = None;
        conversation.reply_to = None;
        let ending = conversation.ended.is_none();
        if ending {
            conversation.ended = Some(reason.to_string());
            let text = transferred.unwrap_or_else(|| {
                if conversation.monitored && left_by_me {
                    "You left the monitored conversation. /leave closes it.".to_string()
                } else {
                    format!(
                        "Conversation ended ({}). /leave closes it.",
                        super::plain::end_reason(reason)
                    )
                }
            });
            conversation.push_system(format!("ended:{id}"), &text, now);
        }
        conversation.compact();
    }
    state.offers.retain(|o| o.conversation_id != id);
    super::outbox::forget(state, id);
}

/// True when an `agentPresence` names an agent that is not this one (`agentPresence.agent.id`
/// or its `keycloakUser.id`); one naming nobody is taken as ours.
fn is_foreign(state: &State, event: &AgentPresenceEvent) -> bool {
    let Some(me) = state.me.as_ref() else {
        return false;
    };
    let agent = &event.agent_presence.agent;
    let id = agent
        .get("id")
        .and_then(serde_json::Value::as_str)
        .or_else(|| {
            agent
                .pointer("/keycloakUser/id")
                .and_then(serde_json::Value::as_str)
        });
    id.is_some_and(|id| !id.is_empty() && id != me.id)
}

/// The server refused an accept or a leave (`errors`): the offer is gone, or the
/// conversation is not the server's any more — never "accepting…" / "leaving…" forever.
fn refused_request(state: &mut State, task: &str, msg: &str) {
    use crate::protocol::events;
    if task == events::TOPIC_SUBSCRIPTION {
        let accepting: Vec<String> = state
            .offers
            .iter()
            .filter(|o| o.accepting)
            .map(|o| o.conversation_id.clone())
            .collect();
        if let Some(id) = super::resync::named_in(msg, &accepting) {
            let name = state
                .offers
                .iter()
                .find(|o| o.conversation_id == id)
                .map(|o| o.customer_name.clone())
                .unwrap_or_default();
            super::resync::drop_offer(
                state,
                &id,
                &format!("Offer from {name} is no longer available"),
            );
        }
    } else if task == events::TOPIC_UNSUBSCRIPTION {
        let leaving: Vec<String> = state
            .conversations
            .iter()
            .filter(|c| c.leaving && c.ended.is_none())
            .map(|c| c.id.clone())
            .collect();
        if let Some(id) = super::resync::named_in(msg, &leaving) {
            end_conversation(state, &id, super::resync::SERVER_FORGOT);
        }
    }
}

fn apply_presence(state: &mut State, event: &AgentPresenceEvent) {
    let presence = &event.agent_presence;
    let new_status = AgentStatus {
        state: one_line(&presence.state.name),
        reason: presence.state.reason_name().map(one_line),
        since_ms: presence.state_change_time,
    };
    let words = super::plain::in_sentence(&super::plain::agent_state_with_reason(
        &new_status.state,
        new_status.reason.as_deref(),
    ));
    if event.is_unchanged() {
        // After an `errors` the reason is already on screen; otherwise nothing changed
        // because nothing had to.
        if !std::mem::take(&mut state.refusal_shown) {
            let what = state.state_request.take();
            let text = match what {
                Some(what) => {
                    format!("Could not {what}: the Agent Manager changed nothing (you are {words})")
                }
                None => format!("Nothing changed: you are {words}"),
            };
            state.notify_about(Level::Warning, About::AgentState, text);
        }
    } else {
        state.state_request = None;
        state.refusal_shown = false;
        state.end_notices(&About::AgentState);
        if new_status.state != state.agent.state || new_status.reason != state.agent.reason {
            state.notify(Level::Info, format!("You are {words}"));
        }
    }
    if new_status.state == "READY" {
        state.rona = None;
    }
    state.agent = new_status;
    if let Some(mrds) = &presence.agent_mrd_states {
        state.mrds = mrds
            .iter()
            .map(|m| MrdChip {
                id: m.mrd.id.clone(),
                name: one_line(&m.mrd.name),
                state: one_line(&m.state),
                max_tasks: m.max_agent_tasks.or(m.mrd.max_requests),
            })
            .collect();
    }
}

fn apply_task_request(state: &mut State, task: &TaskRequest) -> Vec<Effect> {
    let now = state.now_ms;
    if task.is_offer() {
        super::resync::saw_offer(state, &task.conversation_id);
        if state
            .offers
            .iter()
            .any(|o| o.conversation_id == task.conversation_id)
        {
            return Vec::new();
        }
        let offer = Offer::from_task(task, now);
        let accept = if state.offers.is_empty() {
            " — /accept"
        } else {
            ""
        };
        state.notify_about(
            Level::Info,
            About::Offer(offer.conversation_id.clone()),
            format!(
                "New {} chat from {}{accept}",
                offer.channel, offer.customer_name
            ),
        );
        state.offers.push(offer);
        return Vec::new();
    }
    if task.state() == "STARTED" {
        state
            .focus_on_arrival
            .get_or_insert_with(|| task.conversation_id.clone());
        if task.join_role() == "SILENT_MONITOR"
            && !state.pending_monitors.contains(&task.conversation_id)
        {
            state.pending_monitors.push(task.conversation_id.clone());
        }
        return vec![Effect::Send(Command::Subscribe {
            conversation_id: task.conversation_id.clone(),
            task_id: task.task_id.clone(),
            room_info: task.room_info.clone(),
            role: task.join_role().to_string(),
        })];
    }
    tracing::info!(state = task.state(), conversation = %task.conversation_id, "taskRequest in a state the desk does not act on");
    Vec::new()
}
