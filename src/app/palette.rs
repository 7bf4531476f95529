//! The command palette (Ctrl+K): one fuzzy search over the slash commands, the open
//! conversations, the reason codes, the MRDs and the queues and agents last loaded. It is a
//! [`Picker`] in search mode: each row runs a composer line, so the palette is only a faster
//! way to type what the agent could type too. A command that needs an argument (`/send
//! <path>`) is put in the composer to be finished instead of run.

use super::picker::{Picker, PickerItem};
use super::sanitize::one_line;
use super::state::State;

/// The palette's title.
pub const TITLE: &str = "Command palette";

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
