//! Canned responses: named texts from `[canned]` in the configuration (top level and per
//! profile, merged name by name), with placeholders filled in for the conversation they go
//! into (issue 12).
//!
//! ```toml
//! [canned]
//! greet = "Hi {customer.firstName}, I'm {agent.firstName}. How can I help?"
//! order = "I can see order {conversation.data.orderId} here."
//! ```
//!
//! Placeholders (a contract, spelled exactly so):
//! - `{customer.firstName}`: the customer's first name: the channel's
//!   `channelData.customerFirstName`, else `topicData.customer.firstName` (where CX often
//!   keeps the whole name), else the name the desk shows;
//! - `{customer.name}`: `firstName` and `lastName` together (else as above);
//! - `{agent.firstName}`: my Keycloak `firstName` (else my username);
//! - `{agent.name}`: my first and last name (else my username);
//! - `{queue}`: the queue the conversation came through (the offer's queue, else a
//!   `TASK_ENQUEUED` event's);
//! - `{conversation.data.KEY}`: `conversationData[KEY]` (text as is, other values as JSON).
//!
//! `{{` and `}}` write a literal brace. Any other `{…}` is an error the configuration
//! reports with its file and line ([`CannedSet::parse`]). A value the conversation does not
//! have (no queue known, no such data key) expands to nothing, and the desk says which
//! ([`Expanded::missing`]). Values from the server are sanitised: nothing typed into the
//! composer can carry a control character.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::protocol::KeycloakUser;

use super::conversation::Conversation;
use super::sanitize::one_line;

/// The placeholders, as the error message lists them.
pub const PLACEHOLDERS: &str = "{customer.firstName}, {customer.name}, {agent.firstName}, {agent.name}, {queue} or {conversation.data.KEY}";

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    CustomerFirstName,
    CustomerName,
    AgentFirstName,
    AgentName,
    Queue,
    Data(String),
}

/// A checked canned response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canned {
    /// Its name (`/canned NAME`, `#NAME`).
    pub name: String,
    /// The text as configured.
    pub template: String,
    pieces: Vec<Piece>,
}

/// Why a `[canned]` entry was refused: the entry's name and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedError {
    pub name: String,
    pub message: String,
}

/// Every canned response, by name (sorted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CannedSet {
    items: BTreeMap<String, Canned>,
}

/// A response filled in for one conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expanded {
    /// The text for the composer (line breaks kept; values from the server are one line).
    pub text: String,
    /// Placeholders the conversation had no value for, e.g. `{queue}`.
    pub missing: Vec<String>,
}

/// True for a character allowed in a canned response's name (so `#name` is one word).
pub fn name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

fn parse_template(template: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut name = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    name.push(c);
                }
                if !closed {
                    return Err(format!(
                        "\"{{{name}\" is not closed with \"}}\" (write {{{{ for a brace)"
                    ));
                }
                let piece = match name.as_str() {
                    "customer.firstName" => Piece::CustomerFirstName,
                    "customer.name" => Piece::CustomerName,
                    "agent.firstName" => Piece::AgentFirstName,
                    "agent.name" => Piece::AgentName,
                    "queue" => Piece::Queue,
                    other => match other.strip_prefix("conversation.data.") {
                        Some(key) if !key.is_empty() => Piece::Data(key.to_string()),
                        _ => {
                            return Err(format!(
                                "unknown placeholder {{{name}}}; use {PLACEHOLDERS} ({{{{ writes a brace)"
                            ))
                        }
                    },
                };
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(piece);
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

impl CannedSet {
    /// Checks `[canned]` (name → text). Errors name the entry: an empty or non-word name
    /// (`#name` must be one word: letters, digits, `-`, `_`, `.`), an empty text, an
    /// unknown placeholder or an unclosed `{`.
    pub fn parse(entries: &BTreeMap<String, String>) -> Result<CannedSet, CannedError> {
        let mut items = BTreeMap::new();
        for (name, template) in entries {
            let error = |message: String| CannedError {
                name: name.clone(),
                message,
            };
            if name.is_empty() || !name.chars().all(name_char) {
                return Err(error(format!(
                    "the name {name:?} must be one word (letters, digits, - _ .), so that #{name} can name it"
                )));
            }
            if template.trim().is_empty() {
                return Err(error("the text is empty".into()));
            }
            let pieces = parse_template(template).map_err(error)?;
            items.insert(
                name.clone(),
                Canned {
                    name: name.clone(),
                    template: template.clone(),
                    pieces,
                },
            );
        }
        Ok(CannedSet { items })
    }

    /// The response named exactly `name`.
    pub fn get(&self, name: &str) -> Option<&Canned> {
        self.items.get(name)
    }

    /// Every response, by name.
    pub fn iter(&self) -> impl Iterator<Item = &Canned> {
        self.items.values()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when none is configured.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The responses whose name starts with `prefix` (any case), by name.
    pub fn starting_with(&self, prefix: &str) -> Vec<&Canned> {
        let prefix = prefix.to_lowercase();
        self.items
            .values()
            .filter(|c| c.name.to_lowercase().starts_with(&prefix))
            .collect()
    }
}

fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::String(_) | Value::Null => None,
        other => Some(other.to_string()),
    }
}

impl Canned {
    /// The text filled in for `conversation` (none: the placeholders about it are missing)
    /// written by `me`.
    pub fn expand(
        &self,
        conversation: Option<&Conversation>,
        me: Option<&KeycloakUser>,
    ) -> Expanded {
        let customer = conversation.map(|c| &*c.customer);
        let channel_data = conversation.and_then(|c| c.channel_session.get("channelData"));
        // The channel's own first name first: CX keeps the whole name in `firstName`
        // ("Jane Doe" in the fixtures).
        let customer_first = || {
            text_of(channel_data.and_then(|d| d.get("customerFirstName")))
                .or_else(|| text_of(customer.and_then(|c| c.get("firstName"))))
                .or_else(|| {
                    conversation
                        .map(|c| c.customer_name.clone())
                        .filter(|n| !n.is_empty())
                })
        };
        let agent_first = || {
            me.and_then(|u| u.first_name.clone())
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .or_else(|| me.map(|u| u.username.clone()))
        };
        let mut text = String::new();
        let mut missing = Vec::new();
        for piece in &self.pieces {
            let (value, label) = match piece {
                Piece::Text(t) => {
                    text.push_str(t);
                    continue;
                }
                Piece::CustomerFirstName => (customer_first(), "{customer.firstName}".to_string()),
                Piece::CustomerName => {
                    let last = text_of(customer.and_then(|c| c.get("lastName")));
                    let name = match (text_of(customer.and_then(|c| c.get("firstName"))), last) {
                        (Some(first), Some(last)) => Some(format!("{first} {last}")),
                        (first, None) => first.or_else(customer_first),
                        (None, Some(last)) => Some(last),
                    };
                    (name, "{customer.name}".to_string())
                }
                Piece::AgentFirstName => (agent_first(), "{agent.firstName}".to_string()),
                Piece::AgentName => {
                    let last = me
                        .and_then(|u| u.last_name.clone())
                        .map(|n| n.trim().to_string())
                        .filter(|n| !n.is_empty());
                    let first = me
                        .and_then(|u| u.first_name.clone())
                        .map(|n| n.trim().to_string())
                        .filter(|n| !n.is_empty());
                    let name = match (first, last) {
                        (Some(f), Some(l)) => Some(format!("{f} {l}")),
                        (Some(f), None) => Some(f),
                        (None, Some(l)) => Some(l),
                        (None, None) => me.map(|u| u.username.clone()),
                    };
                    (name, "{agent.name}".to_string())
                }
                Piece::Queue => (
                    conversation
                        .map(|c| c.queue.clone())
                        .filter(|q| !q.is_empty()),
                    "{queue}".to_string(),
                ),
                Piece::Data(key) => (
                    text_of(conversation.and_then(|c| c.conversation_data.get(key))),
                    format!("{{conversation.data.{key}}}"),
                ),
            };
            match value {
                Some(value) => text.push_str(&one_line(&value)),
                None => missing.push(label),
            }
        }
        Expanded {
            text: super::sanitize::display_text(&text),
            missing,
        }
    }
}

/// The example set shown in the README, and offered by `agentdesk demo` when the
/// configuration has no `[canned]` of its own.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "greet",
        "Hi {customer.firstName}, this is {agent.firstName} from {queue}. How can I help?",
    ),
    (
        "hold",
        "Thanks for waiting, {customer.firstName}. I'm checking that for you now.",
    ),
    (
        "order",
        "I can see your order {conversation.data.orderId} here. One moment please.",
    ),
    (
        "restart",
        "Could you unplug the router for 30 seconds and plug it back in?",
    ),
    (
        "thanks",
        "Thank you for contacting us, {customer.firstName}. Have a great day!",
    ),
];

/// [`EXAMPLES`] as a checked set.
pub fn examples() -> CannedSet {
    let entries = EXAMPLES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    CannedSet::parse(&entries).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(entries: &[(&str, &str)]) -> Result<CannedSet, CannedError> {
        CannedSet::parse(
            &entries
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        )
    }

    #[test]
    fn placeholders_are_checked() {
        assert!(set(EXAMPLES).is_ok());
        assert_eq!(examples().len(), EXAMPLES.len());
        let e = set(&[("a", "Hi {customer.first_name}")]).unwrap_err();
        assert_eq!(e.name, "a");
        assert!(
            e.message
                .starts_with("unknown placeholder {customer.first_name}; use {customer.firstName}"),
            "{}",
            e.message
        );
        assert!(set(&[("a", "Hi {customer.firstName")])
            .unwrap_err()
            .message
            .contains("not closed"));
        assert!(set(&[("a", "{conversation.data.}")]).is_err());
        assert!(set(&[("two words", "x")])
            .unwrap_err()
            .message
            .contains("one word"));
        assert!(set(&[("a", "  ")]).unwrap_err().message.contains("empty"));
        let braces = set(&[("a", "{{literal}} }")]).unwrap();
        assert_eq!(
            braces.get("a").unwrap().expand(None, None).text,
            "{literal} }"
        );
    }
}
