//! Transfer, conference and consult targets: what the agent typed (`/transfer Billing Queue
//! -- wants a refund`, `/consult @bilal`), matched against the routing engine's queues and
//! available agents (PROTOCOL.md §5), and the picker that lists them.
//!
//! Pure: the commands and the reactions to the server live in `commands/assist.rs`.

use crate::protocol::{AssistKind, AssistTarget, AvailableQueue};

use super::picker::{Picker, PickerItem};
use super::sanitize::one_line;

/// How long a loaded queue list is reused for a typed command or a pick, ms.
pub const QUEUES_FRESH_MS: i64 = 10_000;

/// A transfer / conference / consult being chosen: waiting for the queue list, or the picker
/// is open on it.
#[derive(Debug, Clone, PartialEq)]
pub struct AssistFlow {
    pub kind: AssistKind,
    pub conversation_id: String,
    /// What was typed after the command (before ` -- `), `None` for the bare command.
    pub query: Option<String>,
    /// The note after ` -- ` ("" when none).
    pub note: String,
    /// The routing engine's answer: `None` while loading, else the queues or why they could
    /// not be loaded.
    pub queues: Option<Result<Vec<AvailableQueue>, String>>,
    /// When the queue list was asked for, epoch ms.
    pub requested_at_ms: i64,
}

/// A request this desk sent, kept to word the server's answers (`agentAssistanceRequestPlaced`
/// names no conversation; "transferred to …").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    pub kind: HandoverKind,
    pub conversation_id: String,
    /// "Billing Queue", "Bob Agent" (sanitised).
    pub target: String,
    /// Epoch ms UTC it was sent.
    pub at_ms: i64,
}

/// What a [`Handover`] was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandoverKind {
    Assist(AssistKind),
    ConsultTransfer,
}

impl HandoverKind {
    /// "transfer", "conference", "consult", "consult transfer".
    pub fn noun(self) -> &'static str {
        match self {
            HandoverKind::Assist(kind) => kind.noun(),
            HandoverKind::ConsultTransfer => "consult transfer",
        }
    }

    /// The event the request went out as (to match `errors {task}`).
    pub fn event(self) -> &'static str {
        match self {
            HandoverKind::Assist(kind) => kind.event(),
            HandoverKind::ConsultTransfer => crate::protocol::events::CONSULT_TRANSFER_REQUEST,
        }
    }
}

/// Most handovers remembered (oldest dropped).
pub const MAX_HANDOVERS: usize = 20;

/// Splits a command argument into what names the target and the note after ` -- `
/// (`"Billing Queue -- wants a refund"` → `(Some("Billing Queue"), "wants a refund")`;
/// `"-- note"` → `(None, "note")`).
pub fn split_note(arg: Option<&str>) -> (Option<String>, String) {
    let Some(arg) = arg.map(str::trim).filter(|a| !a.is_empty()) else {
        return (None, String::new());
    };
    let (query, note) = if let Some(note) = arg.strip_prefix("--") {
        if note.is_empty() || note.starts_with(' ') {
            ("", note)
        } else {
            (arg, "")
        }
    } else {
        match arg.split_once(" -- ") {
            Some((query, note)) => (query, note),
            None => match arg.strip_suffix(" --") {
                Some(query) => (query, ""),
                None => (arg, ""),
            },
        }
    };
    let query = query.trim();
    (
        (!query.is_empty()).then(|| query.to_string()),
        note.trim().to_string(),
    )
}

/// What a typed target resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// One queue or one agent: send to it; `label` names it in sentences.
    Target { target: AssistTarget, label: String },
    /// Nothing matches.
    Unknown,
    /// Several agents match (their names).
    Ambiguous(Vec<String>),
}

/// Resolves `query` against the routing engine's queues: a queue by name (case-insensitive),
/// or `@name` an available agent: the one whose whole name matches, else the only one with a
/// word (or the name) starting with it (case-insensitive, e.g. `@bilal` for "Bilal Ahmed").
/// The same agent listed under several queues counts once.
pub fn resolve(queues: &[AvailableQueue], query: &str) -> Resolved {
    let query = query.trim();
    let Some(wanted) = query.strip_prefix('@') else {
        return match queues.iter().find(|q| q.name().eq_ignore_ascii_case(query)) {
            Some(q) => Resolved::Target {
                target: AssistTarget::Queue(q.name().to_string()),
                label: one_line(q.name()),
            },
            None => Resolved::Unknown,
        };
    };
    let wanted = wanted.trim().to_lowercase();
    if wanted.is_empty() {
        return Resolved::Unknown;
    }
    let mut agents: Vec<(&str, String)> = Vec::new();
    for agent in queues.iter().flat_map(|q| &q.available_agents) {
        if !agents.iter().any(|(id, _)| *id == agent.id) {
            let name = agent.name.clone().unwrap_or_else(|| agent.id.clone());
            agents.push((agent.id.as_str(), name));
        }
    }
    let exact: Vec<_> = agents
        .iter()
        .filter(|(_, name)| name.to_lowercase() == wanted)
        .collect();
    let candidates: Vec<_> = if exact.is_empty() {
        agents
            .iter()
            .filter(|(_, name)| {
                let name = name.to_lowercase();
                name.starts_with(&wanted) || name.split_whitespace().any(|w| w.starts_with(&wanted))
            })
            .collect()
    } else {
        exact
    };
    match candidates.as_slice() {
        [] => Resolved::Unknown,
        [(id, name)] => Resolved::Target {
            target: AssistTarget::Agent((*id).to_string()),
            label: one_line(name),
        },
        many => Resolved::Ambiguous(many.iter().map(|(_, n)| one_line(n)).collect()),
    }
}

/// The picker for `flow`: each queue with its available count, its available agents under
/// it; picking runs the command with the flow's note. Loading and failures show as the
/// picker's message (never an empty list without a word).
pub fn picker(flow: &AssistFlow) -> Picker {
    let command = flow.kind.command();
    let note = if flow.note.is_empty() {
        String::new()
    } else {
        format!(" -- {}", flow.note)
    };
    let mut items = Vec::new();
    let mut message = None;
    match &flow.queues {
        None => message = Some("Loading queues and agents…".to_string()),
        Some(Err(error)) => {
            message = Some(one_line(&format!(
                "Could not load queues and agents: {error}"
            )))
        }
        Some(Ok(queues)) if queues.is_empty() => {
            message = Some("The routing engine lists no queue".to_string())
        }
        Some(Ok(queues)) => {
            for queue in queues {
                let available = queue
                    .total_available_agents
                    .unwrap_or(queue.available_agents.len() as i64);
                items.push(PickerItem {
                    label: one_line(queue.name()),
                    detail: format!("queue · {available} available"),
                    command: format!("{command} {}{note}", queue.name()),
                    indent: 0,
                });
                for agent in &queue.available_agents {
                    let name = agent.name.clone().unwrap_or_else(|| agent.id.clone());
                    items.push(PickerItem {
                        label: one_line(&name),
                        detail: one_line(agent.state.as_deref().unwrap_or("")),
                        command: format!("{command} @{name}{note}"),
                        indent: 1,
                    });
                }
            }
        }
    }
    let title = match flow.kind {
        AssistKind::Transfer => "Transfer to a queue or an agent",
        AssistKind::Conference => "Conference: add a queue's agent or an agent",
        AssistKind::Consult => "Consult a queue's agent or an agent",
    };
    let mut picker = Picker::new(title, items);
    picker.message = message;
    picker
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::AvailableAgent;

    fn queues() -> Vec<AvailableQueue> {
        let agent = |id: &str, name: &str| AvailableAgent {
            id: id.into(),
            name: Some(name.into()),
            state: Some("READY".into()),
        };
        vec![
            AvailableQueue {
                queue_id: Some("q1".into()),
                queue_name: Some("Billing Queue".into()),
                mrd_id: None,
                total_available_agents: Some(2),
                available_agents: vec![agent("a1", "Bilal Ahmed"), agent("a2", "Bob Agent")],
            },
            AvailableQueue {
                queue_id: Some("q2".into()),
                queue_name: Some("Support".into()),
                mrd_id: None,
                total_available_agents: Some(1),
                available_agents: vec![agent("a2", "Bob Agent")],
            },
        ]
    }

    #[test]
    fn notes_split_at_the_double_dash() {
        assert_eq!(
            split_note(Some("Billing Queue -- wants a refund")),
            (Some("Billing Queue".into()), "wants a refund".into())
        );
        assert_eq!(
            split_note(Some("-- only a note")),
            (None, "only a note".into())
        );
        assert_eq!(
            split_note(Some("@bob")),
            (Some("@bob".into()), String::new())
        );
        assert_eq!(
            split_note(Some("@bob --")),
            (Some("@bob".into()), String::new())
        );
        assert_eq!(split_note(None), (None, String::new()));
    }

    #[test]
    fn queues_by_name_agents_by_unique_word_prefix() {
        let q = queues();
        assert_eq!(
            resolve(&q, "billing queue"),
            Resolved::Target {
                target: AssistTarget::Queue("Billing Queue".into()),
                label: "Billing Queue".into()
            }
        );
        assert_eq!(resolve(&q, "Sales"), Resolved::Unknown);
        assert!(matches!(
            resolve(&q, "@bilal"),
            Resolved::Target { target: AssistTarget::Agent(id), .. } if id == "a1"
        ));
        assert!(
            matches!(
                resolve(&q, "@AGENT"),
                Resolved::Target { target: AssistTarget::Agent(id), .. } if id == "a2"
            ),
            "a word prefix; Bob listed twice counts once"
        );
        assert_eq!(
            resolve(&q, "@b"),
            Resolved::Ambiguous(vec!["Bilal Ahmed".into(), "Bob Agent".into()])
        );
        assert_eq!(resolve(&q, "@zed"), Resolved::Unknown);
    }

    #[test]
    fn picker_groups_agents_under_queues_and_says_why_it_is_empty() {
        let mut flow = AssistFlow {
            kind: AssistKind::Transfer,
            conversation_id: "c".into(),
            query: None,
            note: "vip".into(),
            queues: None,
            requested_at_ms: 0,
        };
        assert_eq!(
            picker(&flow).message.as_deref(),
            Some("Loading queues and agents…")
        );
        flow.queues = Some(Err("HTTP 404: Not Found".into()));
        assert!(picker(&flow).message.unwrap().contains("HTTP 404"));
        flow.queues = Some(Ok(queues()));
        let p = picker(&flow);
        assert_eq!(p.items.len(), 5);
        assert_eq!(p.items[0].command, "/transfer Billing Queue -- vip");
        assert_eq!(p.items[1].indent, 1);
        assert_eq!(p.items[1].command, "/transfer @Bilal Ahmed -- vip");
    }
}
