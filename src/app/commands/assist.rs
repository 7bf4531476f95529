//! `/transfer`, `/conference`, `/consult` (to a queue or `@agent`, with a ` -- ` note) and
//! `/consult-transfer`, and what the desk says about each outcome, in words, in the
//! conversation (PROTOCOL.md §2, §3; issue 6).

use crate::client::{AssistContext, Command};
use crate::protocol::{
    AgentAssignedForAssistance, AgentAssistanceRequestPlaced, AssistKind, AssistTarget,
    AvailableQueue, ConsultTransferSuccess,
};

use crate::app::assist::{
    self, split_note, AssistFlow, Handover, HandoverKind, Resolved, MAX_HANDOVERS, QUEUES_FRESH_MS,
};
use crate::app::effect::Effect;
use crate::app::sanitize::one_line;
use crate::app::state::{Connection, Level, Overlay, State};

/// The focused conversation when this desk may hand it on: online, active, and I am its
/// PRIMARY agent; else a notice says why not.
fn handover_conversation(state: &mut State, command: &str) -> Option<String> {
    let problem = if state.connection != Connection::Online {
        Some(format!("Not connected: {command} needs the Agent Manager"))
    } else {
        match state.focused_conversation() {
            None => Some(format!("No conversation focused for {command}")),
            Some(c) if c.ended.is_some() => Some("This conversation has ended".to_string()),
            Some(c) if c.role != "PRIMARY" => Some(format!(
                "{command}: only the primary agent can do this (you are {})",
                c.role.to_lowercase().replace('_', " ")
            )),
            Some(c) => return Some(c.id.clone()),
        }
    };
    if let Some(problem) = problem {
        state.notify(Level::Warning, problem);
    }
    None
}

/// `/transfer`, `/conference`, `/consult` `[<queue name> | @<agent>] [-- note]`. With a
/// target, it is matched against the routing engine's list (loaded first unless fresh): a
/// match is sent; nothing or several matches open the picker filtered and send nothing.
/// Without a target the picker opens and its list is loaded afresh.
pub(in crate::app) fn request(
    state: &mut State,
    kind: AssistKind,
    arg: Option<String>,
) -> Vec<Effect> {
    let Some(conversation_id) = handover_conversation(state, kind.command()) else {
        return Vec::new();
    };
    let (query, note) = split_note(arg.as_deref());
    let now = state.now_ms;
    // A typed target (or a pick from the picker) reuses a list loaded in the last 10 s; the
    // picker itself is always refreshed when opened.
    let fresh = state
        .assist
        .as_ref()
        .filter(|_| query.is_some())
        .filter(|f| {
            f.conversation_id == conversation_id && now - f.requested_at_ms < QUEUES_FRESH_MS
        })
        .and_then(|f| match &f.queues {
            Some(Ok(queues)) => Some((queues.clone(), f.requested_at_ms)),
            _ => None,
        });
    let flow = AssistFlow {
        kind,
        conversation_id: conversation_id.clone(),
        query,
        note,
        queues: fresh.as_ref().map(|(q, _)| Ok(q.clone())),
        requested_at_ms: fresh.as_ref().map_or(now, |(_, at)| *at),
    };
    if fresh.is_some() {
        state.assist = Some(flow);
        return act_on_queues(state);
    }
    if flow.query.is_none() {
        state.overlay = Some(Overlay::Picker(assist::picker(&flow)));
    }
    state.assist = Some(flow);
    vec![Effect::Send(Command::FetchAvailableAgents {
        conversation_id,
    })]
}

/// The routing engine answered for the flow's conversation.
pub(in crate::app) fn on_available_agents(
    state: &mut State,
    conversation_id: &str,
    result: Result<Vec<AvailableQueue>, String>,
) -> Vec<Effect> {
    state.end_notices(&crate::app::About::Queues);
    if let Ok(queues) = &result {
        state.known_queues = queues.clone();
        crate::app::palette::queues_loaded(state);
    }
    let Some(flow) = state
        .assist
        .as_mut()
        .filter(|f| f.conversation_id == conversation_id && f.queues.is_none())
    else {
        tracing::debug!(conversation = %conversation_id, "queue list no longer wanted");
        return Vec::new();
    };
    flow.queues = Some(result);
    act_on_queues(state)
}

/// With the queue list in hand: send a typed target that matches, else (re)open the picker.
fn act_on_queues(state: &mut State) -> Vec<Effect> {
    let Some(flow) = state.assist.clone() else {
        return Vec::new();
    };
    let Some(query) = flow.query.clone() else {
        // The bare command: refresh the picker if it is still the one open.
        let title = assist::picker(&flow).title;
        let open = match &state.overlay {
            Some(Overlay::Picker(p)) => p.title == title,
            None => true,
            _ => false,
        };
        if open {
            let filter = match &state.overlay {
                Some(Overlay::Picker(p)) => p.filter.text().to_string(),
                _ => String::new(),
            };
            let mut picker = assist::picker(&flow);
            picker.set_filter(&filter);
            state.overlay = Some(Overlay::Picker(picker));
        }
        return Vec::new();
    };
    let resolved = match &flow.queues {
        Some(Ok(queues)) => assist::resolve(queues, &query),
        Some(Err(_)) => {
            state.overlay = Some(Overlay::Picker(assist::picker(&flow)));
            state.notify(
                Level::Error,
                format!(
                    "{}: queues and agents could not be loaded; nothing was sent",
                    flow.kind.command()
                ),
            );
            return Vec::new();
        }
        None => return Vec::new(),
    };
    match resolved {
        Resolved::Target { target, label } => {
            if matches!(state.overlay, Some(Overlay::Picker(_))) {
                state.overlay = None;
            }
            send(state, &flow, target, label)
        }
        Resolved::Unknown | Resolved::Ambiguous(_) => {
            let why = match &resolved {
                Resolved::Ambiguous(names) => format!(
                    "'{}' matches {} — pick one; nothing was sent",
                    one_line(&query),
                    names.join(", ")
                ),
                _ => format!(
                    "No queue or available agent matches '{}' — pick one; nothing was sent",
                    one_line(&query)
                ),
            };
            let mut picker = assist::picker(&flow);
            picker.set_filter(query.trim_start_matches('@'));
            picker.message = Some(why.clone());
            state.overlay = Some(Overlay::Picker(picker));
            state.notify(Level::Warning, why);
            if let Some(f) = state.assist.as_mut() {
                f.query = None;
            }
            Vec::new()
        }
    }
}

/// The assist context of a conversation (channel session and my topic participant).
fn context(state: &State, conversation_id: &str) -> Option<AssistContext> {
    let c = state.conversations.by_id(conversation_id)?;
    Some(AssistContext {
        conversation_id: c.id.clone(),
        channel_session: (*c.channel_session).clone(),
        agent_participant: c.topic_participant.clone(),
    })
}

fn remember(state: &mut State, kind: HandoverKind, conversation_id: &str, target: &str) {
    state.handovers.push(Handover {
        kind,
        conversation_id: conversation_id.to_string(),
        target: one_line(target),
        at_ms: state.now_ms,
    });
    if state.handovers.len() > MAX_HANDOVERS {
        state.handovers.remove(0);
    }
}

fn send(state: &mut State, flow: &AssistFlow, target: AssistTarget, label: String) -> Vec<Effect> {
    let Some(conversation) = context(state, &flow.conversation_id) else {
        state.notify(Level::Warning, "That conversation is no longer open");
        return Vec::new();
    };
    remember(
        state,
        HandoverKind::Assist(flow.kind),
        &flow.conversation_id,
        &label,
    );
    if let AssistTarget::Agent(id) = &target {
        if flow.kind == AssistKind::Consult {
            state
                .consulted
                .insert(flow.conversation_id.clone(), id.clone());
        }
    }
    let what = match flow.kind {
        AssistKind::Transfer => "Transfer",
        AssistKind::Conference => "Conference",
        AssistKind::Consult => "Consult",
    };
    state.notify(Level::Info, format!("{what} to {label}: request sent"));
    vec![Effect::Send(Command::Assist {
        kind: flow.kind,
        conversation,
        target,
        note: flow.note.clone(),
    })]
}

/// `/consult-transfer`: hands the focused conversation to the consulted agent (the ASSISTANT
/// in it, else the agent the last `/consult @agent` named).
pub(in crate::app) fn consult_transfer(state: &mut State) -> Vec<Effect> {
    let Some(conversation_id) = handover_conversation(state, "/consult-transfer") else {
        return Vec::new();
    };
    let assistant = state.focused_conversation().and_then(|c| {
        c.roster
            .agents_in("ASSISTANT")
            .find_map(|p| p.user_id.clone().map(|id| (id, p.name.clone())))
    });
    let (agent_id, name) = match assistant {
        Some(found) => found,
        None => match state.consulted.get(&conversation_id) {
            Some(id) => (id.clone(), "the consulted agent".to_string()),
            None => {
                state.notify(
                    Level::Warning,
                    "/consult-transfer: no consulted agent here yet — /consult first",
                );
                return Vec::new();
            }
        },
    };
    let Some(conversation) = context(state, &conversation_id) else {
        return Vec::new();
    };
    remember(
        state,
        HandoverKind::ConsultTransfer,
        &conversation_id,
        &name,
    );
    state.notify(
        Level::Info,
        format!("Consult transfer to {name}: request sent"),
    );
    vec![Effect::Send(Command::ConsultTransfer {
        conversation,
        requested_agent_id: agent_id,
    })]
}

/// Adds a system line to conversation `id` (when it is open) and the same as a notice.
fn say(state: &mut State, id: &str, key: &str, text: &str, level: Level) {
    let now = state.now_ms;
    let line_id = format!("{key}:{id}:{now}:{}", state.notices.len());
    if let Some(c) = state.conversation_mut(id) {
        c.push_system(line_id, text, now);
    }
    state.notify(level, text);
}

/// The newest handover of conversation `id` (any, when `id` is `None`) whose kind's noun
/// matches `noun` (any, when `None`).
fn newest(state: &State, id: Option<&str>, noun: Option<&str>) -> Option<Handover> {
    state
        .handovers
        .iter()
        .rev()
        .find(|h| {
            id.is_none_or(|id| h.conversation_id == id)
                && noun.is_none_or(|n| h.kind.noun().eq_ignore_ascii_case(n))
        })
        .cloned()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `agentAssistanceRequestPlaced {requestAction, mode}`: names no conversation, so it is
/// matched to the newest request of that action ("transfer to Billing Queue requested").
pub(in crate::app) fn on_request_placed(state: &mut State, placed: &AgentAssistanceRequestPlaced) {
    let action = placed.request_action.as_deref().map(one_line);
    let handover = newest(state, placed.conversation_id.as_deref(), action.as_deref())
        .or_else(|| newest(state, placed.conversation_id.as_deref(), None));
    match handover {
        Some(h) => {
            let noun = action.unwrap_or_else(|| h.kind.noun().to_string());
            let text = format!("{} to {} requested", capitalised(&noun), h.target);
            say(state, &h.conversation_id, "requested", &text, Level::Info);
        }
        None => {
            let noun = action.unwrap_or_else(|| "assistance".into());
            state.notify(Level::Info, format!("{} requested", capitalised(&noun)));
        }
    }
}

/// `agentAssignedForAssistance {conversationId, task, type}`.
pub(in crate::app) fn on_agent_assigned(state: &mut State, assigned: &AgentAssignedForAssistance) {
    let kind = assigned
        .kind
        .as_deref()
        .map(|k| one_line(k).replace('-', " "))
        .unwrap_or_else(|| "request".into());
    let id = assigned
        .conversation_id
        .clone()
        .or_else(|| newest(state, None, None).map(|h| h.conversation_id));
    let target = id
        .as_deref()
        .and_then(|id| newest(state, Some(id), None))
        .map(|h| format!(" ({})", h.target))
        .unwrap_or_default();
    let text = format!("An agent was assigned for the {kind}{target}");
    match id {
        Some(id) => say(state, &id, "assigned", &text, Level::Info),
        None => state.notify(Level::Info, text),
    }
}

/// `consulTransferRequestSuccess {conversationId, newTask, agentId}`.
pub(in crate::app) fn on_consult_transfer_success(
    state: &mut State,
    done: &ConsultTransferSuccess,
) {
    let id = done
        .conversation_id
        .clone()
        .or_else(|| newest(state, None, Some("consult transfer")).map(|h| h.conversation_id));
    let name = id
        .as_deref()
        .and_then(|id| state.conversations.iter().find(|c| c.id == id))
        .and_then(|c| {
            c.roster
                .participants
                .iter()
                .find(|p| p.user_id.is_some() && p.user_id == done.agent_id)
                .map(|p| p.name.clone())
        })
        .or_else(|| {
            id.as_deref()
                .and_then(|id| newest(state, Some(id), Some("consult transfer")))
                .map(|h| h.target)
        })
        .unwrap_or_else(|| "the consulted agent".into());
    let text = format!("Consult transfer done: the conversation is now with {name}");
    match id {
        Some(id) => say(state, &id, "consult-transferred", &text, Level::Info),
        None => state.notify(Level::Info, text),
    }
}

/// `errors {task, msg}` about a request of this desk (`directTransferRequest`, …): said in
/// the conversation it was about ("Transfer to Sales failed: Queue not found"). Returns
/// false when the error is about something else.
pub(in crate::app) fn on_server_error(state: &mut State, task: &str, msg: &str) -> bool {
    let Some(h) = state
        .handovers
        .iter()
        .rev()
        .find(|h| h.kind.event() == task)
        .cloned()
    else {
        return false;
    };
    let text = format!(
        "{} to {} failed: {}",
        capitalised(h.kind.noun()),
        h.target,
        one_line(msg)
    );
    say(state, &h.conversation_id, "failed", &text, Level::Error);
    true
}

/// The end line for a conversation unsubscribed with `reason` "CHAT TRANSFERRED": it was
/// handed on ("transferred to Billing Queue"), not left by the customer. `None` for other
/// reasons.
pub(in crate::app) fn transferred_text(state: &State, id: &str, reason: &str) -> Option<String> {
    if !reason.trim().eq_ignore_ascii_case("CHAT TRANSFERRED") {
        return None;
    }
    let target = state
        .handovers
        .iter()
        .rev()
        .find(|h| {
            h.conversation_id == id
                && matches!(
                    h.kind,
                    HandoverKind::Assist(AssistKind::Transfer) | HandoverKind::ConsultTransfer
                )
        })
        .map(|h| h.target.clone());
    Some(match target {
        Some(target) => format!("Conversation transferred to {target}. /leave closes it."),
        None => "Conversation transferred to another agent. /leave closes it.".to_string(),
    })
}
