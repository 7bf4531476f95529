//! Tab completion in the composer: slash commands, reason names (`/notready`, `/logout`),
//! queue and agent names (`/transfer`, `/conference`, `/consult`), MRD names and states
//! (`/mrd`), `/copy` and `/history` words, and `/send` paths — the paths through the runtime
//! ([`super::Effect::ListPaths`], answered by [`super::Input::PathCandidates`]), since the
//! app never reads the disk.
//!
//! Like a shell: one candidate is filled in; several fill in what they share and are listed
//! in the notice line, and Tab again cycles through them. Any other edit ends the cycle.
//!
//! In a message (not a command) Tab is issue 12's: a `#name` before the cursor becomes that
//! canned response, several names or none open their list
//! (`app::commands::canned`, with `/canned`).

use super::effect::Effect;
use super::state::{About, Level, State};

/// Candidates listed in the notice line at most.
const LISTED: usize = 8;

/// A completion under way: Tab again puts the next candidate in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Byte offset in the composer where the completed word starts.
    pub start: usize,
    /// What may go there, in order.
    pub candidates: Vec<String>,
    /// The candidate in the composer now; `None` before the first cycle.
    pub index: Option<usize>,
    /// The composer's text after the last Tab: if it changed since, the cycle is over.
    pub after: String,
}

/// What is being completed: where the word starts, what it is, and how it ends when done.
struct Target {
    start: usize,
    typed: String,
    candidates: Vec<String>,
    /// Appended to a single candidate (a space after a command name).
    suffix: &'static str,
}

/// Tab in the composer.
pub fn tab(state: &mut State) -> Vec<Effect> {
    if let Some(cycle) = state.completion.take() {
        if cycle.after == state.composer.text() && !cycle.candidates.is_empty() {
            let index = cycle.index.map_or(0, |i| (i + 1) % cycle.candidates.len());
            let end = state.composer.cursor_byte();
            state
                .composer
                .replace_range(cycle.start..end, &cycle.candidates[index]);
            state.completion = Some(Completion {
                index: Some(index),
                after: state.composer.text().to_string(),
                ..cycle
            });
            return Vec::new();
        }
    }
    let before = state.composer.text()[..state.composer.cursor_byte()].to_string();
    if !before.starts_with('/') || state.composer.is_literal() {
        return super::commands::canned::complete(state);
    }
    if let Some(typed) = before.strip_prefix("/send ") {
        return vec![Effect::ListPaths {
            typed: typed.to_string(),
        }];
    }
    if let Some(fetch) = fetch_queues_for(state, &before) {
        state.notify_about(
            Level::Info,
            About::Queues,
            "Tab: loading the queues and agents of this chat; Tab again in a moment",
        );
        return vec![fetch];
    }
    match target(state, &before) {
        Some(target) => fill(state, target),
        None => {
            state.notify(Level::Info, "Tab: nothing to complete here");
            Vec::new()
        }
    }
}

/// The runtime's answer to [`Effect::ListPaths`]: paths starting with `typed` (directories
/// end in `/`). Applied if the composer still ends in `/send {typed}`.
pub fn paths(state: &mut State, typed: &str, candidates: Vec<String>) {
    let line = format!("/send {typed}");
    if state.composer.text()[..state.composer.cursor_byte()] != *line {
        return;
    }
    let single_file = candidates.len() == 1 && !candidates[0].ends_with('/');
    fill(
        state,
        Target {
            start: "/send ".len(),
            typed: typed.to_string(),
            candidates,
            suffix: if single_file { " " } else { "" },
        },
    );
}

/// Fills in a target's candidates: the only one, or what they share (and lists them).
fn fill(state: &mut State, target: Target) -> Vec<Effect> {
    let Target {
        start,
        typed,
        candidates,
        suffix,
    } = target;
    let end = state.composer.cursor_byte();
    match candidates.len() {
        0 => {
            let what = if typed.is_empty() {
                "nothing to complete here".to_string()
            } else {
                format!("nothing matches \"{typed}\"")
            };
            state.notify(Level::Info, format!("Tab: {what}"));
        }
        1 => {
            let with = format!("{}{suffix}", candidates[0]);
            state.composer.replace_range(start..end, &with);
        }
        _ => {
            let shared = shared_prefix(&candidates);
            if shared.chars().count() > typed.chars().count() {
                state.composer.replace_range(start..end, &shared);
            }
            let mut listed: Vec<&str> =
                candidates.iter().take(LISTED).map(String::as_str).collect();
            if candidates.len() > LISTED {
                listed.push("…");
            }
            state.notify(Level::Info, format!("Tab again: {}", listed.join(" · ")));
            state.completion = Some(Completion {
                start,
                candidates,
                index: None,
                after: state.composer.text().to_string(),
            });
        }
    }
    Vec::new()
}

/// The longest start all `candidates` share, ignoring case (in the first one's case).
fn shared_prefix(candidates: &[String]) -> String {
    let first = &candidates[0];
    let mut len = first.len();
    for other in &candidates[1..] {
        let common = first
            .char_indices()
            .zip(other.chars())
            .take_while(|((_, a), b)| a.to_lowercase().eq(b.to_lowercase()))
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        len = len.min(common);
    }
    first[..len].to_string()
}

/// Names among `names` starting with `typed` (ignoring case), each once, in order.
fn starting_with<'a>(names: impl IntoIterator<Item = &'a str>, typed: &str) -> Vec<String> {
    let typed = typed.to_lowercase();
    let mut out: Vec<String> = Vec::new();
    for name in names {
        if name.to_lowercase().starts_with(&typed) && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// What Tab completes in `before` (the composer's text up to the cursor).
fn target(state: &State, before: &str) -> Option<Target> {
    let command_line = before.strip_prefix('/')?;
    let Some((name, arg)) = command_line.split_once(' ') else {
        let mut names: Vec<&str> = super::slash::commands().iter().map(|c| c.name).collect();
        names.sort_unstable();
        return Some(Target {
            start: 0,
            typed: before.to_string(),
            candidates: starting_with(names, before),
            suffix: " ",
        });
    };
    let start = before.len() - arg.len();
    let (names, suffix): (Vec<String>, &str) = match name.to_ascii_lowercase().as_str() {
        "notready" => (reason_names(state, "NOT_READY"), ""),
        "logout" => (reason_names(state, "LOGOUT"), ""),
        "transfer" | "conference" | "consult" => (assist_targets(state), " "),
        "copy" => (vec!["text".into(), "phone".into(), "email".into()], ""),
        "history" => (vec!["more".into()], ""),
        "mrd" => return mrd(state, start, arg),
        _ => return None,
    };
    Some(Target {
        start,
        typed: arg.to_string(),
        candidates: starting_with(names.iter().map(String::as_str), arg),
        suffix,
    })
}

/// `/mrd <name> <state>`: the MRD's name first, then ready / notready.
fn mrd(state: &State, start: usize, arg: &str) -> Option<Target> {
    match arg.rsplit_once(' ') {
        Some((_, word)) => Some(Target {
            start: start + arg.len() - word.len(),
            typed: word.to_string(),
            candidates: starting_with(["ready", "notready"], word),
            suffix: "",
        }),
        None => Some(Target {
            start,
            typed: arg.to_string(),
            candidates: starting_with(state.mrds.iter().map(|m| m.name.as_str()), arg),
            suffix: " ",
        }),
    }
}

fn reason_names(state: &State, kind: &str) -> Vec<String> {
    state
        .reasons
        .iter()
        .filter(|r| r.kind.eq_ignore_ascii_case(kind))
        .map(|r| super::sanitize::one_line(&r.name))
        .collect()
}

/// The routing engine's question for the focused chat's queues, when `before` is a
/// `/transfer`, `/conference` or `/consult` target and no queue list was loaded yet.
fn fetch_queues_for(state: &State, before: &str) -> Option<Effect> {
    let command = before.strip_prefix('/')?.split_once(' ')?.0;
    let assist = ["transfer", "conference", "consult"];
    if !assist.iter().any(|a| a.eq_ignore_ascii_case(command)) || !state.known_queues.is_empty() {
        return None;
    }
    let conversation = state.focused_conversation().filter(|c| c.ended.is_none())?;
    Some(Effect::Send(crate::client::Command::FetchAvailableAgents {
        conversation_id: conversation.id.clone(),
    }))
}

/// Queue names and `@agent` names from the last queue list loaded (a `/transfer` picker, the
/// palette, or a Tab that asked for it).
fn assist_targets(state: &State) -> Vec<String> {
    let mut out = Vec::new();
    for queue in &state.known_queues {
        out.push(super::sanitize::one_line(queue.name()));
    }
    for queue in &state.known_queues {
        for agent in &queue.available_agents {
            let name = agent.name.as_deref().unwrap_or(&agent.id);
            out.push(format!("@{}", super::sanitize::one_line(name)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Edit;

    fn typed(state: &mut State, text: &str) {
        for c in text.chars() {
            state.composer.apply(Edit::Insert(c));
        }
        state.completion = None;
    }

    #[test]
    fn commands_complete_and_cycle() {
        let mut state = State::new(None, 0);
        typed(&mut state, "/trans");
        tab(&mut state);
        assert_eq!(state.composer.text(), "/transfer ");
        state.composer.take();
        typed(&mut state, "/co");
        tab(&mut state);
        assert_eq!(
            state.composer.text(),
            "/co",
            "several: nothing shared beyond it"
        );
        let notice = state.last_notice().unwrap().text.clone();
        assert!(notice.contains("/conference · /consult"), "{notice}");
        tab(&mut state);
        assert_eq!(state.composer.text(), "/conference");
        tab(&mut state);
        assert_eq!(state.composer.text(), "/consult");
        state.composer.apply(Edit::Insert(' '));
        tab(&mut state);
        assert_eq!(
            state.composer.text(),
            "/consult ",
            "a new Tab: nothing known yet"
        );
    }

    #[test]
    fn reasons_and_mrds_complete() {
        let mut state = State::new(None, 0);
        for (name, kind) in [
            ("Short Break", "NOT_READY"),
            ("Shift End", "LOGOUT"),
            ("Lunch", "NOT_READY"),
        ] {
            state.reasons.push(crate::protocol::Reason {
                id: name.into(),
                name: name.into(),
                description: None,
                kind: kind.into(),
                extra: Default::default(),
                raw: Default::default(),
            });
        }
        typed(&mut state, "/notready sh");
        tab(&mut state);
        assert_eq!(state.composer.text(), "/notready Short Break");
        state.composer.take();
        typed(&mut state, "/logout s");
        tab(&mut state);
        assert_eq!(state.composer.text(), "/logout Shift End");
        state.composer.take();
        state.mrds.push(crate::app::MrdChip {
            id: "m".into(),
            name: "CHAT".into(),
            state: "READY".into(),
            max_tasks: None,
        });
        typed(&mut state, "/mrd ch");
        tab(&mut state);
        assert_eq!(state.composer.text(), "/mrd CHAT ");
        typed(&mut state, "n");
        tab(&mut state);
        assert_eq!(state.composer.text(), "/mrd CHAT notready");
    }

    #[test]
    fn send_asks_the_runtime_for_paths() {
        let mut state = State::new(None, 0);
        typed(&mut state, "/send ~/Do");
        let effects = tab(&mut state);
        assert_eq!(
            effects,
            vec![Effect::ListPaths {
                typed: "~/Do".into()
            }]
        );
        paths(
            &mut state,
            "~/Do",
            vec!["~/Documents/".into(), "~/Downloads/".into()],
        );
        assert_eq!(state.composer.text(), "/send ~/Do");
        tab(&mut state);
        assert_eq!(state.composer.text(), "/send ~/Documents/");
        state.composer.take();
        typed(&mut state, "/send a.p");
        paths(&mut state, "a.p", vec!["a.pdf".into()]);
        assert_eq!(state.composer.text(), "/send a.pdf ");
        paths(&mut state, "other", vec!["otherwise".into()]);
        assert_eq!(
            state.composer.text(),
            "/send a.pdf ",
            "a late answer is dropped"
        );
    }
}
