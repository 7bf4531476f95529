//! The scripted customers: who writes in, what they open with, what they do later and how
//! they answer the agent. Pure data and text; the timers live in `writer.rs`, the wire
//! shapes in `wire.rs`.
//!
//! The first customer a fresh simulator offers (Maria) stays short and plain on purpose:
//! an opening and two PLAIN follow-ups. The later customers, together, send every body
//! type a desk must render (PROTOCOL.md §4; shapes of `tests/fixtures/bodies/*.json`):
//! IMAGE, FILE, LOCATION, CONTACT, URL, a base64-encoded PLAIN (`isEncoded`), a bot's
//! BUTTON list, a `CONVERSATION_DATA_CHANGED`, and one customer leaves
//! (`CUSTOMER_LEFT`, `CHANNEL_SESSION_ENDED`).

/// One thing a scripted customer does after the agent joined, `customer_delay` after the
/// previous one. Every customer message ([`Step::is_customer_message`]) is preceded by a
/// customer `TYPING_INDICATOR` half-way through that delay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Step {
    /// A PLAIN CUSTOMER_MESSAGE.
    Text(&'static str),
    /// A PLAIN CUSTOMER_MESSAGE whose `markdownText` is this text base64-encoded, with
    /// `header.additionalData.isEncoded: true` (PROTOCOL.md §4, 5.x servers).
    Encoded(&'static str),
    /// An IMAGE CUSTOMER_MESSAGE with a built-in file (`files.rs`) as attachment.
    Image {
        /// Stored name of a built-in file.
        file: &'static str,
        /// `body.caption`.
        caption: &'static str,
    },
    /// A FILE CUSTOMER_MESSAGE with a built-in file as attachment.
    File {
        /// Stored name of a built-in file.
        file: &'static str,
        /// `body.caption`.
        caption: &'static str,
    },
    /// A LOCATION CUSTOMER_MESSAGE.
    Location {
        /// Degrees north.
        latitude: f64,
        /// Degrees east.
        longitude: f64,
        /// `additionalDetails.name`.
        name: &'static str,
        /// `additionalDetails.address`.
        address: &'static str,
    },
    /// A CONTACT CUSTOMER_MESSAGE with one contact.
    Contact {
        /// First name.
        first: &'static str,
        /// Last name.
        last: &'static str,
        /// Phone number.
        phone: &'static str,
        /// E-mail address.
        email: &'static str,
    },
    /// A URL CUSTOMER_MESSAGE.
    Url {
        /// `markdownText`.
        text: &'static str,
        /// `mediaUrl`.
        url: &'static str,
    },
    /// The channel's bot answers with a BUTTON list (a `BOT_MESSAGE`, sender type BOT;
    /// not preceded by customer typing).
    BotButtons {
        /// `additionalDetails.interactive.header.text`.
        header: &'static str,
        /// `additionalDetails.interactive.body.text`.
        text: &'static str,
        /// `(title, payload)` of each button.
        buttons: &'static [(&'static str, &'static str)],
    },
    /// `CONVERSATION_DATA_CHANGED`: these `(key, value)`s are merged into
    /// `topicData.conversationData`.
    DataChanged(&'static [(&'static str, &'static str)]),
    /// The customer closes the chat: `CUSTOMER_LEFT`, then `CHANNEL_SESSION_ENDED`. The
    /// customer does nothing more (no answers either).
    Leave,
}

impl Step {
    /// True for the steps that are the customer writing (they get a typing indicator).
    pub(crate) fn is_customer_message(&self) -> bool {
        !matches!(
            self,
            Step::BotButtons { .. } | Step::DataChanged(_) | Step::Leave
        )
    }

    /// The body `type` this step sends, if it is a message.
    #[cfg(test)]
    pub(crate) fn body_type(&self) -> Option<&'static str> {
        match self {
            Step::Text(_) | Step::Encoded(_) => Some("PLAIN"),
            Step::Image { .. } => Some("IMAGE"),
            Step::File { .. } => Some("FILE"),
            Step::Location { .. } => Some("LOCATION"),
            Step::Contact { .. } => Some("CONTACT"),
            Step::Url { .. } => Some("URL"),
            Step::BotButtons { .. } => Some("BUTTON"),
            Step::DataChanged(_) | Step::Leave => None,
        }
    }
}

/// One simulated customer.
#[derive(Debug)]
pub(crate) struct Script {
    pub first_name: &'static str,
    pub last_name: &'static str,
    /// Also the web channel's `channelCustomerIdentifier`.
    pub phone: &'static str,
    /// `customer._id`: stable, so the same customer's chats and past conversations
    /// (`GET /conversation-manager/customer-topics/customer/{id}/activities`) line up.
    pub customer_id: &'static str,
    /// The CUSTOMER_MESSAGE already in the history when the chat is offered.
    pub opening: &'static str,
    /// Done one by one after the agent joins, `customer_delay` apart.
    pub follow_ups: &'static [Step],
    /// `topicData.conversationData` at the start.
    pub conversation_data: &'static [(&'static str, &'static str)],
    /// How many past conversations the activities endpoint reports before this run.
    pub past_conversations: usize,
}

/// The customers, offered in this order (round robin over the whole simulator).
pub(crate) const SCRIPTS: &[Script] = &[
    Script {
        first_name: "Maria",
        last_name: "Lopez",
        phone: "+15550100",
        customer_id: "6630c1a2b3c4d5e6f7a80001",
        opening: "Hi, my internet has been down since this morning.",
        follow_ups: &[
            Step::Text("I already restarted the router twice."),
            Step::Text("The light on the modem is blinking red."),
        ],
        conversation_data: &[
            ("orderId", "A-1042"),
            ("language", "en"),
            ("plan", "Fiber 100"),
        ],
        past_conversations: 30,
    },
    Script {
        first_name: "Ken",
        last_name: "Adams",
        phone: "+15550101",
        customer_id: "6630c1a2b3c4d5e6f7a80002",
        opening: "Hello, I would like to change the address on my bill.",
        follow_ups: &[
            Step::Text("I moved last month, the new street is Elm Road 12."),
            Step::Location {
                latitude: 40.712_776,
                longitude: -74.005_974,
                name: "Elm Road 12",
                address: "Elm Road 12, Springfield",
            },
            Step::File {
                file: super::files::ADDRESS_PDF.name,
                caption: "proof-of-address.pdf",
            },
            Step::DataChanged(&[("addressChange", "requested"), ("language", "en")]),
        ],
        conversation_data: &[("orderId", "B-2213"), ("language", "de")],
        past_conversations: 3,
    },
    Script {
        first_name: "Aisha",
        last_name: "Khan",
        phone: "+15550102",
        customer_id: "6630c1a2b3c4d5e6f7a80003",
        opening: "Good afternoon! Why is my invoice higher this month?",
        follow_ups: &[
            Step::Text("It says roaming charges, but I did not travel."),
            Step::Image {
                file: super::files::INVOICE_PNG.name,
                caption: "Screenshot of my invoice",
            },
            Step::Encoded("Can you check it please? The total is 23.40 € more."),
            Step::Url {
                text: "This is the invoice page I am looking at.",
                url: "https://example.com/my-account/invoices/2024-05",
            },
        ],
        conversation_data: &[("orderId", "C-7781"), ("language", "en")],
        past_conversations: 1,
    },
    Script {
        first_name: "Tom",
        last_name: "Becker",
        phone: "+15550103",
        customer_id: "6630c1a2b3c4d5e6f7a80004",
        opening: "Hey, can I upgrade my plan to the 500 Mbit one?",
        follow_ups: &[
            Step::Text("And is there a contract period?"),
            Step::Text("menu"),
            Step::BotButtons {
                header: "Demo Telecom",
                text: "How may I help you today? Tap Main Menu and choose an option.",
                buttons: &[
                    ("Internet Packages", "packages"),
                    ("Duplicate Bill", "bill"),
                    ("Talk to a human agent", "agent"),
                ],
            },
            Step::Contact {
                first: "Julia",
                last: "Becker",
                phone: "+15550199",
                email: "julia.becker@example.com",
            },
            Step::Text("That is my wife, she holds the contract."),
        ],
        conversation_data: &[("orderId", "D-0932"), ("language", "en")],
        past_conversations: 0,
    },
    Script {
        first_name: "Lena",
        last_name: "Fischer",
        phone: "+15550104",
        customer_id: "6630c1a2b3c4d5e6f7a80005",
        opening: "Is the shop on Main Street open on Sundays?",
        follow_ups: &[
            Step::Text("I would like to pick up a new SIM card."),
            Step::Text("Never mind, I found the opening hours on the website. Bye!"),
            Step::Leave,
        ],
        conversation_data: &[("language", "en")],
        past_conversations: 2,
    },
];

/// The customers of the simulated team's live chats (`team.rs`), one per simulated agent,
/// in `users::TEAM_AGENTS` order. Their follow-ups repeat (a chat that goes on for a
/// supervisor to monitor), up to `team::MAX_TEAM_LINES`.
pub(crate) const TEAM_SCRIPTS: &[Script] = &[
    Script {
        first_name: "Nora",
        last_name: "Schmidt",
        phone: "+15550110",
        customer_id: "6630c1a2b3c4d5e6f7a80010",
        opening: "Hi, I was charged twice for my May invoice.",
        follow_ups: &[
            Step::Text("The amount is 39.90 both times, on the 3rd and the 4th."),
            Step::Text("Can you refund one of them?"),
            Step::Text("How long does a refund usually take?"),
            Step::Text("And will it go back to the same card?"),
        ],
        conversation_data: &[("orderId", "T-5101"), ("language", "en")],
        past_conversations: 4,
    },
    Script {
        first_name: "Omar",
        last_name: "Haddad",
        phone: "+15550111",
        customer_id: "6630c1a2b3c4d5e6f7a80011",
        opening: "Hello, my router keeps restarting every few minutes.",
        follow_ups: &[
            Step::Text("It started after yesterday's update."),
            Step::Text("I tried another power socket, same thing."),
            Step::Text("Is there a way to roll the update back?"),
            Step::Text("The model is HX-300, if that helps."),
        ],
        conversation_data: &[("orderId", "T-5102"), ("language", "en")],
        past_conversations: 2,
    },
];

/// The script for the `n`-th chat of the run.
pub(crate) fn pick(n: usize) -> &'static Script {
    &SCRIPTS[n % SCRIPTS.len()]
}

/// The script of the customer with this `_id`.
pub(crate) fn by_customer_id(id: &str) -> Option<&'static Script> {
    SCRIPTS
        .iter()
        .chain(TEAM_SCRIPTS)
        .find(|s| s.customer_id == id)
}

fn quote(text: &str, max: usize) -> String {
    let quoted: String = text.chars().take(max).collect();
    let more = if text.chars().count() > max {
        "…"
    } else {
        ""
    };
    format!("{quoted}{more}")
}

/// How the customer answers an agent message: quotes the first 40 characters of its
/// text, or acknowledges a message without text (files, buttons, …) by its body type.
///
/// `replied_to` is `Some` when the agent's message was a reply (`header.intent
/// "REPLY_TO"`): `Some(Some(text))` with the text (or `[TYPE]`) of the message replied
/// to when the simulator knows it, `Some(None)` when it does not.
pub(crate) fn answer(
    agent_text: Option<&str>,
    body_type: Option<&str>,
    replied_to: Option<Option<&str>>,
) -> String {
    let said = match agent_text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => format!("You said: {}", quote(text, 40)),
        None => format!("I got your {} message.", body_type.unwrap_or("MESSAGE")),
    };
    match replied_to {
        None if agent_text.map(str::trim).is_some_and(|t| !t.is_empty()) => {
            format!("Thanks! {said}")
        }
        None => format!("Thanks, {said}"),
        Some(Some(original)) => format!(
            "Thanks for replying to my message \"{}\"! {said}",
            quote(original, 30)
        ),
        Some(None) => format!("Thanks for your reply! {said}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_customer_is_short_and_plain() {
        let first = pick(0);
        assert_eq!((first.first_name, first.last_name), ("Maria", "Lopez"));
        assert_eq!(first.follow_ups.len(), 2);
        assert!(first.follow_ups.iter().all(|s| matches!(s, Step::Text(_))));
        assert_eq!(pick(SCRIPTS.len() + 1).first_name, "Ken");
        assert!(SCRIPTS.iter().all(|s| !s.follow_ups.is_empty()));
    }

    #[test]
    fn the_customers_send_every_body_type_and_one_leaves() {
        let types: Vec<_> = SCRIPTS
            .iter()
            .flat_map(|s| s.follow_ups.iter().filter_map(Step::body_type))
            .collect();
        for t in [
            "PLAIN", "IMAGE", "FILE", "LOCATION", "BUTTON", "CONTACT", "URL",
        ] {
            assert!(types.contains(&t), "{t}");
        }
        let steps = || SCRIPTS.iter().flat_map(|s| s.follow_ups.iter());
        assert_eq!(steps().filter(|s| matches!(s, Step::Encoded(_))).count(), 1);
        assert!(steps().any(|s| matches!(s, Step::DataChanged(_))));
        let leavers: Vec<_> = SCRIPTS
            .iter()
            .filter(|s| s.follow_ups.contains(&Step::Leave))
            .collect();
        assert_eq!(leavers.len(), 1);
        assert_eq!(leavers[0].follow_ups.last(), Some(&Step::Leave));
        assert_ne!(leavers[0].customer_id, pick(0).customer_id);
        let mut ids: Vec<_> = SCRIPTS.iter().map(|s| s.customer_id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), SCRIPTS.len());
        assert_eq!(
            by_customer_id(SCRIPTS[2].customer_id).map(|s| s.first_name),
            Some("Aisha")
        );
    }

    #[test]
    fn answer_quotes_at_most_40_chars() {
        assert_eq!(
            answer(Some("Hello"), Some("PLAIN"), None),
            "Thanks! You said: Hello"
        );
        let long = "x".repeat(50);
        assert_eq!(
            answer(Some(&long), None, None),
            format!("Thanks! You said: {}…", "x".repeat(40))
        );
        assert_eq!(
            answer(None, Some("FILE"), None),
            "Thanks, I got your FILE message."
        );
    }

    #[test]
    fn answer_mentions_a_reply() {
        assert_eq!(
            answer(Some("Yes"), Some("PLAIN"), Some(Some("Is it red?"))),
            "Thanks for replying to my message \"Is it red?\"! You said: Yes"
        );
        assert_eq!(
            answer(Some("Yes"), Some("PLAIN"), Some(None)),
            "Thanks for your reply! You said: Yes"
        );
    }
}
