//! Pull-mode slash commands (contracts): `/lists`, `/follow <list name>`,
//! `/unfollow <list name>`, `/pull`, `/pull <n>`; and `/pull delete <n>` where the role
//! allows it. State and server events are in `app::pull`.

use crate::client::Command;
use crate::protocol::PullModeList;

use crate::app::effect::Effect;
use crate::app::picker::{Picker, PickerItem};
use crate::app::pull::{self, Pick};
use crate::app::sanitize::one_line;
use crate::app::state::{Level, Overlay, State};

/// Every list the desk knows: the server's, then followed ones it did not list.
fn known_lists(state: &State) -> Vec<PullModeList> {
    let mut lists = state.pull.lists.clone();
    for followed in &state.pull.followed {
        if !lists.iter().any(|l| l.id == followed.list.id) {
            lists.push(followed.list.clone());
        }
    }
    lists
}

/// `/lists`: the lists in a picker, which I follow marked; Enter follows or unfollows.
pub(in crate::app) fn lists(state: &mut State) -> Vec<Effect> {
    let lists = known_lists(state);
    if lists.is_empty() {
        let text = match &state.pull.lists_error {
            Some(error) => {
                format!("No pull-mode lists: loading them failed ({error}); trying again")
            }
            None if state.pull.lists_loaded => "The Agent Manager has no pull-mode lists".into(),
            None => "Pull-mode lists are loading; try /lists again in a moment".into(),
        };
        state.notify(Level::Warning, text);
        return vec![Effect::Send(Command::FetchPullModeLists)];
    }
    let items = lists
        .iter()
        .map(|list| {
            let name = one_line(&list.name);
            let waiting = state.pull.waiting_on(&list.id);
            let (detail, command) = match state.pull.followed.iter().find(|f| f.list.id == list.id)
            {
                Some(followed) => (
                    format!(
                        "✓ following{} · {waiting} waiting",
                        if followed.confirmed {
                            ""
                        } else {
                            ", unconfirmed"
                        }
                    ),
                    format!("/unfollow {}", list.name),
                ),
                None => (
                    one_line(list.description.as_deref().unwrap_or("not followed")),
                    format!("/follow {}", list.name),
                ),
            };
            PickerItem {
                label: name,
                detail,
                command,
                indent: 0,
            }
        })
        .collect();
    state.overlay = Some(Overlay::Picker(Picker::new(
        "Pull-mode lists — Enter follows / unfollows",
        items,
    )));
    Vec::new()
}

/// `/follow <name>` (`follow`) or `/unfollow <name>`; without a name, the lists picker.
pub(in crate::app) fn follow(state: &mut State, name: Option<String>, follow: bool) -> Vec<Effect> {
    let Some(name) = name else {
        return lists(state);
    };
    let command = if follow { "/follow" } else { "/unfollow" };
    let found = known_lists(state)
        .into_iter()
        .find(|l| l.name.trim().eq_ignore_ascii_case(name.trim()));
    let Some(list) = found else {
        let known: Vec<String> = known_lists(state)
            .iter()
            .map(|l| one_line(&l.name))
            .collect();
        let known = if known.is_empty() {
            "none loaded".to_string()
        } else {
            known.join(", ")
        };
        state.notify(
            Level::Error,
            format!(
                "{command}: no pull-mode list named \"{}\" (known: {known})",
                one_line(&name)
            ),
        );
        return if state.pull.lists_loaded {
            Vec::new()
        } else {
            vec![Effect::Send(Command::FetchPullModeLists)]
        };
    };
    let shown = one_line(&list.name);
    let mut effects = Vec::new();
    if follow {
        if state.pull.follows(&list.id) {
            state.notify(Level::Info, format!("Already following {shown}"));
            return Vec::new();
        }
        state.pull.mark_followed(list.clone());
        effects.push(Effect::Send(Command::FollowList { list }));
        state.notify(
            Level::Info,
            format!("Following {shown}: its waiting chats show in /pull"),
        );
    } else {
        if !state.pull.follows(&list.id) {
            state.notify(Level::Info, format!("Not following {shown}"));
            return Vec::new();
        }
        state.pull.forget(&list.id);
        effects.push(Effect::Send(Command::UnfollowList { list }));
        state.notify(Level::Info, format!("Stopped following {shown}"));
    }
    effects.extend(pull::remember(state));
    effects
}

/// `/pull` opens the panel; `/pull <n>` picks waiting chat n; `/pull delete <n>` deletes it.
pub(in crate::app) fn pull(state: &mut State, arg: Option<String>) -> Vec<Effect> {
    let Some(arg) = arg else {
        state.overlay = Some(Overlay::PullPanel);
        state.pull.selected = state
            .pull
            .selected
            .min(state.pull.waiting.len().saturating_sub(1));
        return Vec::new();
    };
    let words: Vec<&str> = arg.split_whitespace().collect();
    match words.as_slice() {
        [n] => match n.parse::<usize>() {
            Ok(n) => pick(state, n),
            Err(_) => usage(state),
        },
        [verb, n] if verb.eq_ignore_ascii_case("delete") => match n.parse::<usize>() {
            Ok(n) => delete(state, n),
            Err(_) => usage(state),
        },
        _ => usage(state),
    }
}

fn usage(state: &mut State) -> Vec<Effect> {
    state.notify(
        Level::Warning,
        "/pull opens the waiting chats; /pull <n> picks chat n; /pull delete <n> deletes it",
    );
    Vec::new()
}

fn no_such_chat(state: &mut State, n: usize) -> Vec<Effect> {
    let numbers: Vec<String> = state
        .pull
        .waiting
        .iter()
        .map(|w| w.number.to_string())
        .collect();
    let text = if numbers.is_empty() {
        format!("No waiting chat {n}: no chat waits on your lists (/lists to follow some)")
    } else {
        format!("No waiting chat {n} (waiting: {})", numbers.join(", "))
    };
    state.notify(Level::Warning, text);
    Vec::new()
}

/// `/pull <n>`: `joinPullModeRequest` for waiting chat n.
fn pick(state: &mut State, n: usize) -> Vec<Effect> {
    if let Some(pick) = &state.pull.picking {
        let text = format!(
            "Already picking the chat from {}: wait for the answer",
            pick.customer
        );
        state.notify(Level::Warning, text);
        return Vec::new();
    }
    let Some(chat) = state.pull.by_number(n).cloned() else {
        return no_such_chat(state, n);
    };
    let Some(conversation_id) = chat.request.conversation_id().map(str::to_string) else {
        state.notify(
            Level::Error,
            format!(
                "The chat from {} has no conversation id; it cannot be picked",
                chat.customer
            ),
        );
        return Vec::new();
    };
    state.pull.picking = Some(Pick {
        request_id: chat.request.id.clone(),
        conversation_id: conversation_id.clone(),
        customer: chat.customer.clone(),
        sent_ms: state.now_ms,
        changed: None,
    });
    state.focus_on_arrival = Some(conversation_id);
    if state.overlay == Some(Overlay::PullPanel) {
        state.overlay = None;
    }
    state.notify(
        Level::Info,
        format!("Picking the chat from {}…", chat.customer),
    );
    vec![Effect::Send(Command::JoinPullModeRequest {
        request: chat.request,
    })]
}

/// `/pull delete <n>`: `deletePullModeRequest` (bare id) where the role allows it.
fn delete(state: &mut State, n: usize) -> Vec<Effect> {
    if !state.me.as_ref().is_some_and(pull::can_delete_requests) {
        state.notify(
            Level::Warning,
            "Your role cannot delete waiting chats (supervisors, or `manage` on subscribed lists)",
        );
        return Vec::new();
    }
    let Some(chat) = state.pull.by_number(n).cloned() else {
        return no_such_chat(state, n);
    };
    state.notify(
        Level::Info,
        format!("Deleting the waiting chat from {}…", chat.customer),
    );
    let deleting = &mut state.pull.deleting;
    if deleting.len() >= crate::app::pull::MAX_DELETING {
        deleting.remove(0);
    }
    deleting.push((chat.request.id.clone(), chat.customer.clone()));
    vec![Effect::Send(Command::DeletePullModeRequest {
        request_id: chat.request.id,
    })]
}
