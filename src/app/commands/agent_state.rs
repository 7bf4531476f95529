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
                let kind = if target == "LOGOUT" {
                    "log-out"
                } else {
                    "not-ready"
                };
                state.notify(
                    Level::Error,
                    format!("No {kind} reason named \"{name}\" (known: {known})"),
                );
                return Vec::new();
            }
        },
    };
    crate::app::on_user::request_state(state, target, reason)
}

/// Reason of `kind` whose name matches `name` case-insensitively (PROTOCOL.md §5), else the
/// only one whose name starts with it (`/logout end` → "End of Shift"; two candidates pick
/// neither).
fn find_reason<'a>(reasons: &'a [Reason], kind: &str, name: &str) -> Option<&'a Reason> {
    let name = name.trim().to_lowercase();
    let of_kind = || reasons.iter().filter(|r| r.kind.eq_ignore_ascii_case(kind));
    if let Some(exact) = of_kind().find(|r| r.name.trim().to_lowercase() == name) {
        return Some(exact);
    }
    let mut starting = of_kind().filter(|r| r.name.trim().to_lowercase().starts_with(&name));
    match (starting.next(), starting.next()) {
        (Some(only), None) if !name.is_empty() => Some(only),
        _ => None,
    }
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
                        "{} {} → {}",
                        crate::app::plain::mrd_mark(&m.state),
                        crate::app::plain::mrd_state(&m.state),
                        if to == "ready" { "ready" } else { "not ready" }
                    ),
                    command: format!("/mrd {} {to}", m.name),
                    indent: 0,
                }
            })
            .collect::<Vec<_>>();
        if items.is_empty() {
            state.notify(Level::Warning, "No MRDs known yet");
        } else {
            state.overlay = Some(Overlay::Picker(Picker::new(
                "Channels (media routing domains)",
                items,
            )));
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
    // Asking for the state the MRD is in changes nothing: say so instead (only for a state
    // the server confirmed on this connection, see `State::agent_confirmed`).
    let already = state.agent_confirmed
        && if target == "READY" {
            mrd_on(&chip.state)
        } else {
            !mrd_on(&chip.state) && chip.state != "PENDING_NOT_READY"
        };
    if already {
        let text = format!(
            "{} is already {}",
            chip.name,
            crate::app::plain::mrd_state(&chip.state)
        );
        state.notify(Level::Info, text);
        return Vec::new();
    }
    let (mrd_id, name) = (chip.id.clone(), chip.name.clone());
    state.state_request = Some(format!(
        "set {name} {}",
        if target == "READY" {
            "ready"
        } else {
            "not ready"
        }
    ));
    vec![Effect::Send(Command::SetMrdState {
        mrd_id,
        state: target.into(),
    })]
}
