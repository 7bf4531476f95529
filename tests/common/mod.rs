//! Helpers shared by the app-level tests: fixtures and a logged-in, online state.
#![allow(dead_code)]

use agentdesk::app::{self, Edit, Effect, Input, State, UserAction};
use agentdesk::client::{ClientEvent, Command};
use agentdesk::protocol::{LoginResponse, Reason, TaskRequest, TopicDataEvent};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub const T0: i64 = 1_740_000_000_000;

pub fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub fn decode<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_value(fixture(name)).unwrap()
}

pub fn client(state: &mut State, now: i64, event: ClientEvent) -> Vec<Effect> {
    app::update(state, now, Input::Client(event))
}

pub fn user(state: &mut State, now: i64, action: UserAction) -> Vec<Effect> {
    app::update(state, now, Input::User(action))
}

pub fn type_line(state: &mut State, now: i64, text: &str) -> Vec<Effect> {
    for c in text.chars() {
        user(state, now, UserAction::Edit(Edit::Insert(c)));
    }
    user(state, now, UserAction::Submit)
}

/// Logged in as the agent of conversation B (`sabahat-agent1`) and online.
pub fn online() -> State {
    let mut state = State::new(None, T0);
    let mut ku = decode::<LoginResponse>("login.response.json")
        .data
        .keycloak_user;
    let topic = fixture("onTopicData.json");
    ku.id = topic["topicData"]["topicParticipant"]["participant"]["id"]
        .as_str()
        .unwrap()
        .into();
    ku.username = "sabahat-agent1".into();
    client(&mut state, T0, ClientEvent::LoggedIn { user: ku });
    client(&mut state, T0, ClientEvent::Connected);
    let reasons: Vec<Reason> = decode("reasons.json");
    client(&mut state, T0, ClientEvent::Reasons(reasons));
    state
}

/// The id of the agent [`online`] logs in as (conversation B's agent).
pub const ME: &str = "7dcdf513-da75-4667-968b-94b8098bc689";

/// A presence fixture with its agent set to `agent_id` (the fixtures' agent is another user,
/// and a desk ignores presence about someone else).
pub fn presence_of(name: &str, agent_id: &str) -> Value {
    let mut value = fixture(name);
    value["agentPresence"]["agent"]["id"] = Value::from(agent_id);
    value["agentPresence"]["agent"]["keycloakUser"]["id"] = Value::from(agent_id);
    value
}

pub fn offer(state: &mut State, now: i64) -> TaskRequest {
    let task: TaskRequest = decode("taskRequest.reserved.json");
    client(state, now, ClientEvent::TaskRequest(Box::new(task.clone())));
    task
}

pub fn topic_b(state: &mut State, now: i64) -> String {
    let topic: TopicDataEvent = decode("onTopicData.json");
    let id = topic.conversation_id().to_string();
    client(state, now, ClientEvent::TopicData(Box::new(topic)));
    id
}

pub fn sent_commands(effects: &[Effect]) -> Vec<&Command> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send(c) => Some(c),
            _ => None,
        })
        .collect()
}
pub mod am_peer;
pub mod answer;
pub mod desk;
pub mod npm;
#[cfg(feature = "sim")]
pub mod proxy;
pub mod screen;
pub mod tls;
#[cfg(feature = "sim")]
pub mod webchat;
