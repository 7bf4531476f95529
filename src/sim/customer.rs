//! The scripted customers: who writes in, what they open with, what they add later and how
//! they answer the agent. Pure data and text; the timers live in `conversation.rs`.

/// One simulated customer.
#[derive(Debug)]
pub(crate) struct Script {
    pub first_name: &'static str,
    pub last_name: &'static str,
    /// Also the web channel's `channelCustomerIdentifier`.
    pub phone: &'static str,
    /// The CUSTOMER_MESSAGE already in the history when the chat is offered.
    pub opening: &'static str,
    /// Sent one by one after the agent joins, `customer_delay` apart (1–2 of them).
    pub follow_ups: &'static [&'static str],
}

impl Script {
    /// "First Last", as `customer.firstName` and `eventEmitter.senderName` carry it.
    pub(crate) fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// The customers, offered in this order (round robin over the whole simulator).
pub(crate) const SCRIPTS: &[Script] = &[
    Script {
        first_name: "Maria",
        last_name: "Lopez",
        phone: "+15550100",
        opening: "Hi, my internet has been down since this morning.",
        follow_ups: &[
            "I already restarted the router twice.",
            "The light on the modem is blinking red.",
        ],
    },
    Script {
        first_name: "Ken",
        last_name: "Adams",
        phone: "+15550101",
        opening: "Hello, I would like to change the address on my bill.",
        follow_ups: &["I moved last month, the new street is Elm Road 12."],
    },
    Script {
        first_name: "Aisha",
        last_name: "Khan",
        phone: "+15550102",
        opening: "Good afternoon! Why is my invoice higher this month?",
        follow_ups: &[
            "It says roaming charges, but I did not travel.",
            "Can you check it please?",
        ],
    },
    Script {
        first_name: "Tom",
        last_name: "Becker",
        phone: "+15550103",
        opening: "Hey, can I upgrade my plan to the 500 Mbit one?",
        follow_ups: &["And is there a contract period?"],
    },
];

/// The script for the `n`-th chat of the run.
pub(crate) fn pick(n: usize) -> &'static Script {
    &SCRIPTS[n % SCRIPTS.len()]
}

/// How the customer answers an agent message: quotes the first 40 characters of its
/// text, or acknowledges a message without text (files, buttons, …) by its body type.
pub(crate) fn answer(agent_text: Option<&str>, body_type: Option<&str>) -> String {
    match agent_text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => {
            let quoted: String = text.chars().take(40).collect();
            let more = if text.chars().count() > 40 { "…" } else { "" };
            format!("Thanks! You said: {quoted}{more}")
        }
        None => format!(
            "Thanks, I got your {} message.",
            body_type.unwrap_or("MESSAGE")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_has_one_or_two_follow_ups() {
        for s in SCRIPTS {
            assert!((1..=2).contains(&s.follow_ups.len()), "{}", s.full_name());
        }
        assert_eq!(pick(0).full_name(), "Maria Lopez");
        assert_eq!(pick(SCRIPTS.len() + 1).full_name(), "Ken Adams");
    }

    #[test]
    fn answer_quotes_at_most_40_chars() {
        assert_eq!(
            answer(Some("Hello"), Some("PLAIN")),
            "Thanks! You said: Hello"
        );
        let long = "x".repeat(50);
        assert_eq!(
            answer(Some(&long), None),
            format!("Thanks! You said: {}…", "x".repeat(40))
        );
        assert_eq!(
            answer(None, Some("FILE")),
            "Thanks, I got your FILE message."
        );
    }
}
