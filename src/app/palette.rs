//! The command palette (Ctrl+K): one fuzzy search over the slash commands, the open
//! conversations, the reason codes, the MRDs and the queues and agents last loaded. It is a
//! [`Picker`] in search mode: each row runs a composer line, so the palette is only a faster
//! way to type what the agent could type too. A command that needs an argument (`/send
//! <path>`) is put in the composer to be finished instead of run.
//!
//! The queues and agents come from the routing engine per conversation; with a chat in
//! focus, opening the palette asks for them again ([`open()`]) and the open palette takes the
//! answer in ([`queues_loaded`]), so they are there without a `/transfer` picker first.

use super::effect::Effect;
use super::picker::{Picker, PickerItem};
use super::sanitize::one_line;
use super::state::Overlay;
use super::state::State;
use crate::client::Command;

/// The palette's title.
pub const TITLE: &str = "Command palette";

/// Opens the palette; with a conversation in focus that has not ended, also asks for its
/// queues and available agents ([`Command::FetchAvailableAgents`]).
pub fn open(state: &mut State) -> Vec<Effect> {
    state.overlay = Some(Overlay::Picker(picker(state)));
    match state.focused_conversation() {
        Some(c) if c.ended.is_none() => vec![Effect::Send(Command::FetchAvailableAgents {
            conversation_id: c.id.clone(),
        })],
        _ => Vec::new(),
    }
}

/// A queue list arrived ([`State::known_queues`] updated): an open palette is rebuilt with
/// it, keeping what was typed and the selected row where it is still there.
pub fn queues_loaded(state: &mut State) {
    let Some(Overlay::Picker(open)) = &state.overlay else {
        return;
    };
    if open.title != TITLE {
        return;
    }
    let typed = open.filter.text().to_string();
    let chosen = open.chosen().map(str::to_string);
    let mut fresh = picker(state);
    fresh.set_filter(&typed);
    if let Some(at) = chosen.and_then(|c| fresh.items.iter().position(|i| i.command == c)) {
        if fresh.visible().contains(&at) {
            fresh.selected = at;
        }
    }
    state.overlay = Some(Overlay::Picker(fresh));
}

/// The palette for `state`, nothing typed yet.
pub fn picker(state: &State) -> Picker {
    let mut items = Vec::new();
    for command in super::slash::commands() {
        let line = if command.needs_argument() {
            format!("{} ", command.name)
        } else {
            command.name.to_string()
        };
        let label = if command.args.is_empty() {
            command.name.to_string()
        } else {
            format!("{} {}", command.name, command.args)
        };
        items.push(PickerItem {
            label,
            detail: command.help.to_string(),
            command: line,
            indent: 0,
        });
    }
    for c in state.conversations.iter() {
        items.push(PickerItem {
            label: format!("Chat {}: {}", c.number, one_line(&c.customer_name)),
            detail: one_line(&c.channel),
            command: format!("/goto {}", c.number),
            indent: 0,
        });
    }
    for reason in &state.reasons {
        let (verb, command) = if reason.kind.eq_ignore_ascii_case("LOGOUT") {
            ("Log out", "/logout")
        } else {
            ("Not ready", "/notready")
        };
        items.push(PickerItem {
            label: format!("{verb}: {}", one_line(&reason.name)),
            detail: one_line(reason.description.as_deref().unwrap_or("reason code")),
            command: format!("{command} {}", reason.name),
            indent: 0,
        });
    }
    for mrd in &state.mrds {
        for (word, target) in [("ready", "ready"), ("not ready", "notready")] {
            items.push(PickerItem {
                label: format!("{}: {word}", one_line(&mrd.name)),
                detail: format!("MRD, now {}", one_line(&mrd.state)),
                command: format!("/mrd {} {target}", mrd.name),
                indent: 0,
            });
        }
    }
    for queue in &state.known_queues {
        items.push(PickerItem {
            label: format!("Transfer to {}", one_line(queue.name())),
            detail: "queue".into(),
            command: format!("/transfer {}", queue.name()),
            indent: 0,
        });
        for agent in &queue.available_agents {
            let name = agent.name.as_deref().unwrap_or(&agent.id);
            items.push(PickerItem {
                label: format!("Transfer to @{}", one_line(name)),
                detail: format!("agent in {}", one_line(queue.name())),
                command: format!("/transfer @{name}"),
                indent: 0,
            });
        }
    }
    let mut picker = Picker::new(TITLE, items);
    picker.search = true;
    picker
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queues_loaded_while_it_is_open_join_it_and_keep_the_filter() {
        let mut state = State::new(None, 0);
        assert!(
            open(&mut state).is_empty(),
            "no chat in focus: nothing to ask"
        );
        if let Some(Overlay::Picker(p)) = &mut state.overlay {
            p.set_filter("bill");
        }
        let queue: crate::protocol::AvailableQueue = serde_json::from_value(serde_json::json!({
            "queueId": "q1", "queueName": "Billing", "availableAgents": []
        }))
        .expect("a queue");
        state.known_queues = vec![queue];
        queues_loaded(&mut state);
        let Some(Overlay::Picker(p)) = &state.overlay else {
            panic!("the palette stays open");
        };
        assert_eq!(p.filter.text(), "bill");
        assert_eq!(p.chosen(), Some("/transfer Billing"));
        let mut p = p.clone();
        p.set_filter("trnsf");
        assert_eq!(
            p.chosen(),
            Some("/transfer"),
            "the command before the rows that name it"
        );
    }

    #[test]
    fn commands_reasons_and_chats_are_in_it() {
        let mut state = State::new(None, 0);
        state.reasons.push(crate::protocol::Reason {
            id: "1".into(),
            name: "Short Break".into(),
            description: None,
            kind: "NOT_READY".into(),
            extra: Default::default(),
            raw: Default::default(),
        });
        let mut picker = picker(&state);
        assert!(picker.search);
        picker.set_filter("short");
        assert_eq!(picker.chosen(), Some("/notready Short Break"));
        picker.set_filter("send");
        assert_eq!(
            picker.chosen(),
            Some("/send "),
            "needs a path: finished in the composer"
        );
        picker.set_filter("ready");
        assert_eq!(picker.chosen(), Some("/ready"));
    }
}
