//! Pull mode on the desk (PROTOCOL.md §2, §3): the lists the agent follows, the chats waiting
//! on them, and the pick under way. Slash commands are in `commands::pull`; this module holds
//! the state and applies the server's events to it.
//!
//! - **Following**: `/follow` emits `subscribePullModeList` at once and marks the list
//!   followed (unconfirmed); `onPullModeSubscribedList` confirms it. `/unfollow` emits
//!   `unsubscribePullModeList` and forgets the list and its waiting chats (no confirmation is
//!   documented). What the agent follows is remembered ([`Effect::RememberFollowedLists`]) and
//!   followed again after every (re)connect (`on_connected`).
//! - **Waiting chats**: merged by request id from every pull-mode event; a request whose status
//!   is no longer `CREATED` leaves the list. Each gets a number when it arrives (the numbers
//!   `/pull <n>` takes): numbers are never reused while chats wait, so a number always means the
//!   same customer, and start again at 1 when no chat waits.
//! - **Picking** ([`Pick`]): `/pull <n>` emits `joinPullModeRequest`; the conversation then
//!   arrives with `onTopicData` and is focused like an accepted offer. Every outcome is told in
//!   words: picked; taken by someone else (the request changed to a taken status and no
//!   conversation came within [`TAKEN_GRACE_MS`], or the server refused after such a change);
//!   gone (closed, deleted, customer left); refused (`errors` for `joinPullModeRequest`); no
//!   answer within [`PICK_TIMEOUT_MS`].
//! - **Deleting** (`/pull delete <n>`, where the role allows): `deletePullModeRequest`; the
//!   request's change to a gone status confirms it ("Deleted the waiting chat from …"),
//!   `errors` for it says why not.

use std::collections::HashMap;

use crate::protocol::pull::RequestOutcome;
use crate::protocol::{PullModeList, PullModeRequest};

use super::effect::Effect;
use super::sanitize::one_line;
use super::state::{Level, Overlay, State};

/// How long a pick waits for its conversation (or a refusal) before the desk says the server
/// did not answer, ms.
pub const PICK_TIMEOUT_MS: i64 = 15_000;

/// After the picked request changed to a "taken" status, how long the desk waits for its own
/// conversation before it says someone else took it, ms (the server sends the change to every
/// follower and the conversation to the winner; the two arrive close together for the winner).
pub const TAKEN_GRACE_MS: i64 = 5_000;

/// At most this many waiting chats are kept (memory stays bounded whatever a server sends;
/// more are logged and left out until some go).
pub const MAX_WAITING: usize = 1_000;

/// At most this many deletes are remembered while their answer is awaited.
pub const MAX_DELETING: usize = 20;

/// A list the agent follows.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowedList {
    pub list: PullModeList,
    /// `onPullModeSubscribedList` arrived for it.
    pub confirmed: bool,
}

/// A chat waiting on a followed list.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitingChat {
    /// What `/pull <n>` calls it (see the module docs).
    pub number: usize,
    /// The request as received (sent back in `joinPullModeRequest`).
    pub request: PullModeRequest,
    /// Sanitised customer name.
    pub customer: String,
    /// Sanitised channel type (`WEB`, `WHATSAPP`, …), "" when unknown.
    pub channel: String,
    /// Since when it waits, epoch ms UTC (the request's `time`, else when the desk saw it).
    pub since_ms: i64,
}

/// The pick under way.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    pub request_id: String,
    pub conversation_id: String,
    /// Sanitised customer name, for the words.
    pub customer: String,
    /// When `joinPullModeRequest` went out, epoch ms UTC.
    pub sent_ms: i64,
    /// A status change of the request seen since, with when it arrived.
    pub changed: Option<(RequestOutcome, i64)>,
}

/// Everything pull mode on the desk knows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PullMode {
    /// The lists of `GET /unified-admin/pull-mode-list`.
    pub lists: Vec<PullModeList>,
    /// The lists were loaded (successfully) at least once.
    pub lists_loaded: bool,
    /// Why loading the lists failed, shown by `/lists`.
    pub lists_error: Option<String>,
    /// Lists the agent follows, in the order followed.
    pub followed: Vec<FollowedList>,
    /// Waiting chats of the followed lists, longest waiting first.
    pub waiting: Vec<WaitingChat>,
    /// The pick under way.
    pub picking: Option<Pick>,
    /// Waiting chats this desk asked to delete, `(request id, customer)`, oldest first (at
    /// most [`MAX_DELETING`]).
    pub deleting: Vec<(String, String)>,
    /// Selected row of the pull panel (index into `waiting`).
    pub selected: usize,
    /// Lists remembered from earlier sessions, by username (this server's, given by the
    /// runtime from the state file); followed after login.
    pub remembered: HashMap<String, Vec<PullModeList>>,
    /// The remembered lists of the user who logged in, to follow once connected.
    pub to_follow: Vec<PullModeList>,
    /// The number the next waiting chat gets.
    next_number: usize,
}

impl PullMode {
    /// True when the agent follows the list with this id.
    pub fn follows(&self, list_id: &str) -> bool {
        self.followed.iter().any(|f| f.list.id == list_id)
    }

    /// The name of a list (followed or known), else its id.
    pub fn list_name<'a>(&'a self, list_id: &'a str) -> &'a str {
        self.followed
            .iter()
            .map(|f| &f.list)
            .chain(self.lists.iter())
            .find(|l| l.id == list_id)
            .map_or(list_id, |l| l.name.as_str())
    }

    /// The waiting chat numbered `number`.
    pub fn by_number(&self, number: usize) -> Option<&WaitingChat> {
        self.waiting.iter().find(|w| w.number == number)
    }

    /// How many chats wait on a list.
    pub fn waiting_on(&self, list_id: &str) -> usize {
        self.waiting
            .iter()
            .filter(|w| w.request.list_id.as_deref() == Some(list_id))
            .count()
    }

    /// Adds or refreshes a waiting request (one that no longer waits is removed and
    /// returned), keeping the list longest waiting first.
    fn upsert(&mut self, request: PullModeRequest, now_ms: i64) -> Option<WaitingChat> {
        let gone = self.upsert_unsorted(request, now_ms);
        self.sort();
        gone
    }

    /// Longest waiting first (then by number).
    fn sort(&mut self) {
        self.waiting.sort_by_key(|w| (w.since_ms, w.number));
    }

    /// [`PullMode::upsert`] without the sort (for batches, sorted once after).
    fn upsert_unsorted(&mut self, request: PullModeRequest, now_ms: i64) -> Option<WaitingChat> {
        if !request.is_waiting() {
            return self.remove(&request.id);
        }
        if let Some(existing) = self.waiting.iter_mut().find(|w| w.request.id == request.id) {
            existing.since_ms = request.time_ms().unwrap_or(existing.since_ms);
            existing.request = request;
        } else {
            if self.waiting.len() >= MAX_WAITING {
                tracing::warn!(request = %request.id, "too many waiting chats; this one is left out");
                return None;
            }
            if self.waiting.is_empty() {
                self.next_number = 1;
            }
            let view = request.channel_session();
            let chat = WaitingChat {
                number: self.next_number.max(1),
                customer: one_line(&view.customer_name().unwrap_or_else(|| "a customer".into())),
                channel: one_line(view.channel_type().unwrap_or("")),
                since_ms: request.time_ms().unwrap_or(now_ms),
                request,
            };
            self.next_number = chat.number + 1;
            self.waiting.push(chat);
        }
        None
    }

    /// Removes a waiting chat by request id.
    fn remove(&mut self, request_id: &str) -> Option<WaitingChat> {
        let index = self
            .waiting
            .iter()
            .position(|w| w.request.id == request_id)?;
        let chat = self.waiting.remove(index);
        self.clamp_selection();
        Some(chat)
    }

    fn clamp_selection(&mut self) {
        self.selected = self.selected.min(self.waiting.len().saturating_sub(1));
    }

    /// Forgets a list: unfollowed, its waiting chats gone.
    pub(crate) fn forget(&mut self, list_id: &str) {
        self.followed.retain(|f| f.list.id != list_id);
        self.drop_list_requests(list_id);
    }

    fn drop_list_requests(&mut self, list_id: &str) {
        self.waiting
            .retain(|w| w.request.list_id.as_deref() != Some(list_id));
        self.clamp_selection();
    }

    /// Marks a list followed (unconfirmed) unless it already is.
    pub(crate) fn mark_followed(&mut self, list: PullModeList) {
        if !self.follows(&list.id) {
            self.followed.push(FollowedList {
                list,
                confirmed: false,
            });
        }
    }
}

/// The effect that stores what the agent follows now (for the next login).
pub(crate) fn remember(state: &mut State) -> Vec<Effect> {
    let Some(me) = &state.me else {
        return Vec::new();
    };
    let lists: Vec<PullModeList> = state.pull.followed.iter().map(|f| f.list.clone()).collect();
    state
        .pull
        .remembered
        .insert(me.username.clone(), lists.clone());
    vec![Effect::RememberFollowedLists {
        username: me.username.clone(),
        lists,
    }]
}

/// After login: the remembered lists of this user become the ones to follow once connected.
pub(crate) fn on_logged_in(state: &mut State, username: &str) {
    state.pull.to_follow = state
        .pull
        .remembered
        .get(username)
        .cloned()
        .unwrap_or_default();
    state.pull.followed.clear();
    state.pull.waiting.clear();
    state.pull.picking = None;
    state.pull.deleting.clear();
}

/// After every (re)connect: follow the remembered lists (first connect) and the followed ones
/// (a reconnect may be a new session on the server). The waiting chats are forgotten: the
/// server sends them again for every list followed.
pub(crate) fn on_connected(state: &mut State) -> Vec<Effect> {
    let mut lists: Vec<PullModeList> = state.pull.followed.iter().map(|f| f.list.clone()).collect();
    for list in std::mem::take(&mut state.pull.to_follow) {
        if !lists.iter().any(|l| l.id == list.id) {
            lists.push(list);
        }
    }
    state.pull.waiting.clear();
    state.pull.followed.clear();
    let mut effects = Vec::new();
    for list in lists {
        state.pull.mark_followed(list.clone());
        effects.push(Effect::Send(crate::client::Command::FollowList { list }));
    }
    if !effects.is_empty() {
        let names: Vec<&str> = state
            .pull
            .followed
            .iter()
            .map(|f| f.list.name.as_str())
            .collect();
        let text = format!("Following pull-mode lists again: {}", names.join(", "));
        state.notify(Level::Info, text);
    }
    effects
}

/// `pull-mode-list` loaded.
pub(crate) fn on_lists(state: &mut State, lists: Vec<PullModeList>) {
    // Followed lists take the server's current name and description.
    for followed in &mut state.pull.followed {
        if let Some(fresh) = lists.iter().find(|l| l.id == followed.list.id) {
            followed.list = fresh.clone();
        }
    }
    state.pull.lists = lists;
    state.pull.lists_loaded = true;
    state.pull.lists_error = None;
}

/// `onPullModeSubscribedList`: the server confirms a followed list.
pub(crate) fn on_list_followed(state: &mut State, list: PullModeList) {
    match state
        .pull
        .followed
        .iter_mut()
        .find(|f| f.list.id == list.id)
    {
        Some(followed) => {
            followed.confirmed = true;
            if !list.name.is_empty() {
                followed.list = list;
            }
        }
        None => state.pull.followed.push(FollowedList {
            list,
            confirmed: true,
        }),
    }
}

/// Waiting chats arrived (`pullModeSubscribedListRequests`, `addPullModeSubscribedListRequests`).
pub(crate) fn on_requests(state: &mut State, requests: Vec<PullModeRequest>) {
    let now = state.now_ms;
    for request in requests {
        if let Some(gone) = state.pull.upsert_unsorted(request, now) {
            tracing::debug!(request = %gone.request.id, "pull-mode request no longer waits");
        }
    }
    state.pull.sort();
}

/// `removePullModeSubscribedListRequests`: a list's waiting chats go.
pub(crate) fn on_list_requests_removed(state: &mut State, list_id: &str) {
    state.pull.drop_list_requests(list_id);
}

/// `onPullModeSubscribedListRequest`: one request received (a new waiting chat is told as a
/// notice) or changed.
pub(crate) fn on_request_changed(state: &mut State, request: PullModeRequest) {
    let now = state.now_ms;
    let outcome = request.outcome();
    let id = request.id.clone();
    let status = one_line(request.status.as_deref().unwrap_or(""));
    let known = state.pull.waiting.iter().any(|w| w.request.id == id);
    let removed = state.pull.upsert(request, now);
    if !known && outcome == RequestOutcome::Waiting {
        if let Some(chat) = state.pull.waiting.iter().find(|w| w.request.id == id) {
            let list = chat.request.list_id.as_deref().unwrap_or("");
            let text = format!(
                "{} waits on {} — /pull {} picks the chat",
                chat.customer,
                one_line(state.pull.list_name(list)),
                chat.number
            );
            state.notify(Level::Info, text);
        }
        return;
    }
    if removed.is_some() {
        if let Some(index) = state.pull.deleting.iter().position(|(d, _)| *d == id) {
            let (_, customer) = state.pull.deleting.remove(index);
            state.notify(
                Level::Info,
                format!("Deleted the waiting chat from {customer}"),
            );
            return;
        }
    }
    let mine = state
        .pull
        .picking
        .as_ref()
        .is_some_and(|p| p.request_id == id);
    if mine {
        if outcome == RequestOutcome::Gone {
            let pick = state.pull.picking.take();
            let customer = pick.map(|p| p.customer).unwrap_or_default();
            state.notify(
                Level::Warning,
                format!("The chat from {customer} is gone ({status}): nobody can pick it any more"),
            );
        } else if let Some(pick) = state.pull.picking.as_mut() {
            pick.changed = Some((outcome, now));
        }
        return;
    }
    let Some(chat) = removed else {
        return;
    };
    // Told only while the agent looks at the waiting chats (else it would be noise).
    if state.overlay == Some(Overlay::PullPanel) {
        let text = match outcome {
            RequestOutcome::Taken => {
                format!("The chat from {} was taken by someone else", chat.customer)
            }
            _ => format!("The chat from {} is gone ({status})", chat.customer),
        };
        state.notify(Level::Info, text);
    }
}

/// `onTopicData` for `conversation_id`: when it is the picked chat, the pick succeeded.
pub(crate) fn on_topic_data(state: &mut State, conversation_id: &str) {
    let Some(pick) = state
        .pull
        .picking
        .take_if(|p| p.conversation_id == conversation_id)
    else {
        return;
    };
    state.pull.remove(&pick.request_id);
    state.notify(
        Level::Info,
        format!("Picked the chat from {}", pick.customer),
    );
}

/// `errors` / a failed emit for `joinPullModeRequest`: the pick ends with the reason in words.
pub(crate) fn on_pick_refused(state: &mut State, message: &str) {
    let Some(pick) = state.pull.picking.take() else {
        return;
    };
    if state.focus_on_arrival.as_deref() == Some(pick.conversation_id.as_str()) {
        state.focus_on_arrival = None;
    }
    let text = match pick.changed {
        Some((RequestOutcome::Taken, _)) => format!(
            "The chat from {} was taken by someone else ({})",
            pick.customer,
            one_line(message)
        ),
        _ => format!(
            "The Agent Manager refused the pick of the chat from {}: {}",
            pick.customer,
            one_line(message)
        ),
    };
    state.notify(Level::Warning, text);
}

/// `errors` / a failed emit for `deletePullModeRequest`: the oldest delete under way ends
/// with the reason in words. False when none was under way.
pub(crate) fn on_delete_refused(state: &mut State, message: &str) -> bool {
    if state.pull.deleting.is_empty() {
        return false;
    }
    let (_, customer) = state.pull.deleting.remove(0);
    state.notify(
        Level::Warning,
        format!(
            "The Agent Manager refused to delete the waiting chat from {customer}: {}",
            one_line(message)
        ),
    );
    true
}

/// Time passed: a pick without an answer ends in words.
pub(crate) fn on_tick(state: &mut State) {
    let now = state.now_ms;
    let Some(pick) = &state.pull.picking else {
        return;
    };
    let text = match pick.changed {
        Some((RequestOutcome::Taken, at)) if now - at >= TAKEN_GRACE_MS => {
            format!("The chat from {} was taken by someone else", pick.customer)
        }
        _ if now - pick.sent_ms >= PICK_TIMEOUT_MS => format!(
            "No answer from the Agent Manager to the pick of the chat from {} — /pull shows what still waits",
            pick.customer
        ),
        _ => return,
    };
    if let Some(pick) = state.pull.picking.take() {
        if state.focus_on_arrival.as_deref() == Some(pick.conversation_id.as_str()) {
            state.focus_on_arrival = None;
        }
    }
    state.notify(Level::Warning, text);
}

/// A background load failed: kept for `/lists` instead of shown as an error (servers without
/// pull mode answer 404; that is not the agent's problem). True when `what` was the lists.
pub(crate) fn absorb_failure(state: &mut State, what: &str, message: &str) -> bool {
    if what == "Loading pull-mode lists" {
        tracing::info!(message, "pull-mode lists unavailable");
        state.pull.lists_error = Some(one_line(message));
        return true;
    }
    if what == "Picking the waiting chat" {
        on_pick_refused(state, message);
        return true;
    }
    if what == "Deleting the waiting chat" {
        return on_delete_refused(state, message);
    }
    false
}

/// True when the user's role lets them delete waiting chats (`deletePullModeRequest`): a
/// supervisor, or `manage` on the `subscribed-list` resource of `permittedResources`
/// \[guess: the resource the real desk's pull-mode screens are guarded by; agents have
/// `view`\].
pub fn can_delete_requests(user: &crate::protocol::KeycloakUser) -> bool {
    if user.is_supervisor() {
        return true;
    }
    user.extra
        .get("permittedResources")
        .and_then(|r| r.get("Resources"))
        .and_then(serde_json::Value::as_array)
        .is_some_and(|resources| {
            resources.iter().any(|r| {
                r.get("rsname").and_then(serde_json::Value::as_str) == Some("subscribed-list")
                    && r.get("scopes")
                        .and_then(serde_json::Value::as_array)
                        .is_some_and(|s| s.iter().any(|s| s.as_str() == Some("manage")))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(id: &str, list: &str, time: i64, status: &str) -> PullModeRequest {
        serde_json::from_value(
            json!({"id": id, "listId": list, "time": time, "status": status,
            "channelSession": {"conversationId": format!("c-{id}"),
                "customer": {"firstName": format!("Customer {id}")},
                "channel": {"channelType": {"name": "WEB"}}}}),
        )
        .unwrap()
    }

    #[test]
    fn numbers_are_stable_while_chats_wait() {
        let mut pull = PullMode::default();
        pull.upsert(request("a", "l", 10, "CREATED"), 0);
        pull.upsert(request("b", "l", 20, "CREATED"), 0);
        pull.upsert(request("c", "l", 30, "CREATED"), 0);
        assert_eq!(
            pull.waiting.iter().map(|w| w.number).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert!(pull.upsert(request("a", "l", 10, "ACCEPTED"), 0).is_some());
        assert_eq!(pull.by_number(2).unwrap().customer, "Customer b");
        pull.upsert(request("d", "l", 40, "CREATED"), 0);
        assert_eq!(pull.by_number(4).unwrap().customer, "Customer d");
        assert!(
            pull.by_number(1).is_none(),
            "numbers are not reused while chats wait"
        );
        pull.drop_list_requests("l");
        pull.upsert(request("e", "l", 50, "CREATED"), 0);
        assert_eq!(pull.waiting[0].number, 1, "an empty list starts again at 1");
        assert_eq!(pull.waiting[0].channel, "WEB");
    }

    #[test]
    fn role_check_reads_supervisor_and_manage_scope() {
        let mut user: crate::protocol::KeycloakUser = serde_json::from_value(json!({
            "id": "u", "username": "u", "roles": ["agent"],
            "permittedResources": {"Resources": [{"rsname": "subscribed-list", "scopes": ["view"]}]}
        }))
        .unwrap();
        assert!(!can_delete_requests(&user));
        user.extra["permittedResources"]["Resources"][0]["scopes"] = json!(["view", "manage"]);
        assert!(can_delete_requests(&user));
        user.extra.remove("permittedResources");
        user.roles.push("supervisor".into());
        assert!(can_delete_requests(&user));
    }
}
