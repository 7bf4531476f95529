//! Slash commands for the agent and MRD states: `/ready` is a plain emit; `/notready`,
//! `/logout` with reason codes (picker without a name) and `/mrd` (picker, toggle, set).

use crate::client::Command;
use crate::protocol::Reason;

use crate::app::effect::Effect;
use crate::app::picker::{Picker, PickerItem};
use crate::app::state::{Level, Overlay, State};

/// `/notready`, `/logout` with a reason name, or the reason picker when none is given.
pub(in crate::app) fn change_with_reason(
    state: &mut State,
    target: &str,
    name: Option<String>,
) -> Vec<Effect> {
    let command = if target == "LOGOUT" {
        "/logout"
    } else {
        "/notready"
    };
    let reason = match name {
        None => {
            let items: Vec<PickerItem> = state
                .reasons
                .iter()
                .filter(|r| r.kind.eq_ignore_ascii_case(target))
                .map(|r| PickerItem {
                    label: crate::app::sanitize::one_line(&r.name),
                    detail: crate::app::sanitize::one_line(r.description.as_deref().unwrap_or("")),
                    command: format!("{command} {}", r.name),
                    indent: 0,
                })
                .collect();
            if !items.is_empty() {
                let title = if target == "LOGOUT" {
                    "Log out — reason"
                } else {
                    "Not ready — reason"
                };
                state.overlay = Some(Overlay::Picker(Picker::new(title, items)));
                return Vec::new();
            }
            None
        }
        Some(name) => match find_reason(&state.reasons, target, &name) {
            Some(reason) => Some(reason.clone()),
            None => {
                let known: Vec<&str> = state
                    .reasons
                    .iter()
                    .filter(|r| r.kind == target)
                    .map(|r| r.name.as_str())
                    .collect();
                let known = if known.is_empty() {
                    "none loaded".to_string()
                } else {
                    known.join(", ")
                };
                state.notify(
                    Level::Error,
                    format!("No {target} reason named \"{name}\" (known: {known})"),
                );
                return Vec::new();
            }
        },
    };
    vec![Effect::Send(Command::SetAgentState {
        state: target.into(),
        reason,
    })]
}

/// Reason of `kind` whose name matches `name` case-insensitively (PROTOCOL.md §5).
fn find_reason<'a>(reasons: &'a [Reason], kind: &str, name: &str) -> Option<&'a Reason> {
    reasons.iter().find(|r| {
        r.kind.eq_ignore_ascii_case(kind) && r.name.trim().eq_ignore_ascii_case(name.trim())
    })
}

/// True for MRD states in which the MRD takes work.
fn mrd_on(state: &str) -> bool {
    matches!(state, "READY" | "ACTIVE" | "BUSY" | "INTERRUPTED")
}

/// `/mrd` — picker; `/mrd <name>` — toggle; `/mrd <name> ready|notready` — set.
pub(in crate::app) fn mrd(state: &mut State, arg: Option<String>) -> Vec<Effect> {
    let Some(arg) = arg else {
        let items = state
            .mrds
            .iter()
            .map(|m| {
                let to = if mrd_on(&m.state) {
                    "notready"
                } else {
                    "ready"
                };
                PickerItem {
                    label: m.name.clone(),
                    detail: format!(
                        "{} → {}",
                        m.state,
                        if to == "ready" { "READY" } else { "NOT_READY" }
                    ),
                    command: format!("/mrd {} {to}", m.name),
                    indent: 0,
                }
            })
            .collect::<Vec<_>>();
        if items.is_empty() {
            state.notify(Level::Warning, "No MRDs known yet");
        } else {
            state.overlay = Some(Overlay::Picker(Picker::new("Media routing domains", items)));
        }
        return Vec::new();
    };
    let words: Vec<&str> = arg.split_whitespace().collect();
    let (name, wanted) = match words.split_last() {
        Some((last, rest))
            if !rest.is_empty()
                && matches!(
                    last.to_ascii_lowercase().as_str(),
                    "ready" | "notready" | "not_ready"
                ) =>
        {
            (
                rest.join(" "),
                Some(if last.eq_ignore_ascii_case("ready") {
                    "READY"
                } else {
                    "NOT_READY"
                }),
            )
        }
        _ => (words.join(" "), None),
    };
    let Some(chip) = state
        .mrds
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case(&name))
    else {
        let known: Vec<&str> = state.mrds.iter().map(|m| m.name.as_str()).collect();
        state.notify(
            Level::Error,
            format!("No MRD named \"{name}\" (known: {})", known.join(", ")),
        );
        return Vec::new();
    };
    let target = wanted.unwrap_or(if mrd_on(&chip.state) {
        "NOT_READY"
    } else {
        "READY"
    });
    vec![Effect::Send(Command::SetMrdState {
        mrd_id: chip.id.clone(),
        state: target.into(),
    })]
}
