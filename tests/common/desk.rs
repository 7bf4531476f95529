//! The desk without a terminal: the pure app state machine driven by the real client, for
//! integration tests against the simulator and the independent Node peer.

use std::time::Duration;

use agentdesk::app::{self, Connection, Effect, Input, LoginForm, State, UserAction};
use agentdesk::client::{self, ClientConfig, ClientEvent, Command};
use tokio::sync::mpsc;

/// Upper bound of every wait for a client event.
pub const WAIT: Duration = Duration::from_secs(10);

/// Epoch ms now.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// App state + real client; effects other than `Send` are recorded, not carried out.
pub struct Desk {
    pub state: State,
    pub client: client::Client,
    pub events: mpsc::Receiver<ClientEvent>,
    /// Every command the app sent, in order.
    pub sent: Vec<Command>,
    /// Every other effect (open URL, copy), in order.
    pub other_effects: Vec<Effect>,
    /// Every connection state the app went through, in order (no repeats).
    pub connections: Vec<Connection>,
}

impl Desk {
    /// Starts the client with `config`, showing the login form.
    pub fn start(config: ClientConfig) -> Desk {
        let (tx, events) = mpsc::channel(256);
        let client = client::spawn(config, tx);
        let state = State::new(Some(LoginForm::default()), now());
        let connections = vec![state.connection.clone()];
        Desk {
            state,
            client,
            events,
            sent: Vec::new(),
            other_effects: Vec::new(),
            connections,
        }
    }

    pub fn input(&mut self, input: Input) {
        for effect in app::update(&mut self.state, now(), input) {
            match effect {
                Effect::Send(command) => {
                    self.sent.push(command.clone());
                    self.client.send(command);
                }
                other => self.other_effects.push(other),
            }
        }
        if self.connections.last() != Some(&self.state.connection) {
            self.connections.push(self.state.connection.clone());
        }
    }

    pub fn type_line(&mut self, text: &str) {
        for c in text.chars() {
            self.input(Input::User(UserAction::Edit(app::Edit::Insert(c))));
        }
        self.input(Input::User(UserAction::Submit));
    }

    pub fn login(&mut self, username: &str, password: &str) {
        self.type_line(username);
        self.type_line(password);
    }

    /// Feeds client events into the app until `done` holds (bounded by [`WAIT`]).
    pub async fn until(&mut self, what: &str, done: impl Fn(&State) -> bool) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while !done(&self.state) {
            match tokio::time::timeout_at(deadline, self.events.recv()).await {
                Ok(Some(event)) => self.input(Input::Client(event)),
                Ok(None) => panic!("client ended while waiting for {what}"),
                Err(_) => panic!(
                    "timed out waiting for {what}; connection: {:?} agent: {:?} offers: {} notices: {:#?}",
                    self.state.connection,
                    self.state.agent,
                    self.state.offers.len(),
                    self.state.notices
                ),
            }
        }
    }

    /// Logs in, goes READY and accepts the first offer; returns the focused conversation's id.
    pub async fn accept_a_chat(&mut self, username: &str, password: &str) -> String {
        self.login(username, password);
        self.until("online", |s| {
            s.connection == Connection::Online && !s.agent.state.is_empty()
        })
        .await;
        self.type_line("/ready");
        self.until("an offer", |s| !s.offers.is_empty()).await;
        self.type_line("/accept");
        self.until("a conversation", |s| s.focused.is_some()).await;
        self.state.focused.clone().expect("a focused conversation")
    }

    /// Ctrl+C (and yes when the desk asks, with chats open), then a clean client shutdown.
    pub async fn quit(mut self) {
        self.input(Input::User(UserAction::Quit));
        if matches!(self.state.overlay, Some(app::Overlay::Confirm(_))) {
            self.input(Input::User(UserAction::Confirm));
        }
        assert!(self.state.quit);
        self.client.shutdown(Duration::from_secs(2)).await;
    }

    /// Commands sent since index `from` that match `pick`.
    pub fn sent_since<T>(&self, from: usize, pick: impl Fn(&Command) -> Option<T>) -> Vec<T> {
        self.sent[from..].iter().filter_map(pick).collect()
    }
}
