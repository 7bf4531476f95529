//! Pull mode and team announcements in the pure app state machine (issue 13): following is
//! remembered and followed again at the next login, every outcome of a pick is told in words,
//! deleting needs the role, announcements are filtered by team and expiry, and the §7
//! corrections (LOGOUT without a reason, wrap-up duration in seconds).

use agentdesk::app::{self, Effect, Input, Level, State, UserAction};
use agentdesk::client::{ClientEvent, Command};
use agentdesk::protocol::{pull, Announcement, KeycloakUser, LoginResponse, PullModeRequest};
use serde_json::{json, Value};

mod common;

use common::{client, decode, fixture, sent_commands, type_line, T0};

fn sana() -> KeycloakUser {
    decode::<LoginResponse>("login.response.json")
        .data
        .keycloak_user
}

/// `sana` without the supervisor role and with only `view` on subscribed lists.
fn plain_agent() -> KeycloakUser {
    let mut user = sana();
    user.roles.retain(|r| r != "supervisor");
    if let Some(resources) = user.extra["permittedResources"]["Resources"].as_array_mut() {
        for resource in resources {
            resource["scopes"] = json!(["view"]);
        }
    }
    user
}

fn logged_in(user: KeycloakUser) -> State {
    let mut state = State::new(None, T0);
    client(&mut state, T0, ClientEvent::LoggedIn { user });
    client(&mut state, T0, ClientEvent::Connected);
    let lists = pull::lists_from_value(&fixture("pull-mode-list.json"));
    client(&mut state, T0, ClientEvent::PullModeLists(lists));
    state
}

fn request(id: &str, status: &str) -> PullModeRequest {
    let mut value = fixture("pullModeSubscribedListRequests.json")[0].clone();
    value["id"] = json!(id);
    value["status"] = json!(status);
    value["channelSession"]["conversationId"] = json!(format!("conv-{id}"));
    serde_json::from_value(value).unwrap()
}

fn changed(request: PullModeRequest) -> ClientEvent {
    ClientEvent::PullModeRequestChanged {
        kind: Some(pull::REQUEST_STATE_CHANGED.into()),
        request,
    }
}

fn last_notice(state: &State) -> String {
    state
        .notices
        .back()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

#[test]
fn followed_lists_are_remembered_and_followed_again_at_the_next_login() {
    let mut state = logged_in(sana());
    let effects = type_line(&mut state, T0, "/follow web leads");
    let remembered = effects
        .iter()
        .find_map(|e| match e {
            Effect::RememberFollowedLists { username, lists } => Some((username, lists)),
            _ => None,
        })
        .expect("remembered");
    assert_eq!(remembered.0, "sana");
    assert_eq!(remembered.1[0].name, "Web Leads");
    assert!(matches!(
        sent_commands(&effects)[..],
        [Command::FollowList { list }] if list.name == "Web Leads"
    ));

    // A new desk (next start): the runtime hands it what the file remembers.
    let mut next = State::new(None, T0);
    next.pull.remembered = state.pull.remembered.clone();
    client(&mut next, T0, ClientEvent::LoggedIn { user: sana() });
    let effects = client(&mut next, T0, ClientEvent::Connected);
    assert!(matches!(
        sent_commands(&effects)[..],
        [Command::FollowList { list }] if list.name == "Web Leads"
    ));
    assert!(last_notice(&next).contains("Following pull-mode lists again: Web Leads"));
    // A reconnect follows again too (the server may have lost the session).
    client(
        &mut next,
        T0,
        ClientEvent::Disconnected {
            reason: "x".into(),
            retry_in_ms: Some(1),
        },
    );
    let effects = client(&mut next, T0, ClientEvent::Connected);
    assert_eq!(sent_commands(&effects).len(), 1);

    // Another user of the same server starts with nothing to follow.
    let mut other = State::new(None, T0);
    other.pull.remembered = state.pull.remembered.clone();
    let mut bob = sana();
    bob.username = "bob".into();
    client(&mut other, T0, ClientEvent::LoggedIn { user: bob });
    assert!(sent_commands(&client(&mut other, T0, ClientEvent::Connected)).is_empty());

    let effects = type_line(&mut state, T0, "/unfollow Web Leads");
    assert!(effects.iter().any(|e| matches!(e,
        Effect::RememberFollowedLists { lists, .. } if lists.is_empty())));
}

#[test]
fn unknown_list_names_say_which_lists_exist() {
    let mut state = logged_in(sana());
    assert!(sent_commands(&type_line(&mut state, T0, "/follow Nope")).is_empty());
    assert_eq!(
        last_notice(&state),
        "/follow: no pull-mode list named \"Nope\" (known: Web Leads, VIP Callbacks)"
    );
    assert_eq!(state.notices.back().unwrap().level, Level::Error);
}

#[test]
fn every_outcome_of_a_pick_is_told_in_words() {
    let mut state = logged_in(sana());
    type_line(&mut state, T0, "/follow Web Leads");
    client(
        &mut state,
        T0,
        ClientEvent::PullModeRequestsAdded(vec![
            request("a", "CREATED"),
            request("b", "CREATED"),
            request("c", "CREATED"),
            request("d", "CREATED"),
        ]),
    );
    assert_eq!(state.pull.waiting.len(), 4);

    // Picked: the conversation arrives and is focused like an accepted offer.
    let effects = type_line(&mut state, T0, "/pull 1");
    assert!(
        matches!(sent_commands(&effects)[..], [Command::JoinPullModeRequest { request }] if request.id == "a")
    );
    assert!(
        type_line(&mut state, T0, "/pull 2").is_empty(),
        "one pick at a time"
    );
    assert!(last_notice(&state).starts_with("Already picking"));
    client(&mut state, T0, changed(request("a", "ACCEPTED")));
    let mut topic = fixture("onTopicData.json");
    topic["conversationId"] = json!("conv-a");
    topic["topicData"]["id"] = json!("conv-a");
    client(
        &mut state,
        T0 + 100,
        ClientEvent::TopicData(Box::new(serde_json::from_value(topic).unwrap())),
    );
    assert_eq!(state.focused.as_deref(), Some("conv-a"));
    assert!(last_notice(&state).starts_with("Picked the chat from"));

    // Refused by the server.
    type_line(&mut state, T0, "/pull 2");
    client(
        &mut state,
        T0,
        ClientEvent::ServerError {
            task: "joinPullModeRequest".into(),
            msg: "No room for another chat".into(),
        },
    );
    assert!(last_notice(&state).contains("refused the pick"));
    assert!(last_notice(&state).contains("No room for another chat"));

    // Gone while picking: the customer left.
    type_line(&mut state, T0, "/pull 2");
    client(&mut state, T0, changed(request("b", "CLOSED")));
    assert!(last_notice(&state).contains("is gone (CLOSED)"));
    assert!(state.pull.picking.is_none());

    // Taken by someone else: the request changed to a taken status and no conversation came.
    type_line(&mut state, T0, "/pull 3");
    client(&mut state, T0, changed(request("c", "ACCEPTED")));
    app::update(&mut state, T0 + 1_000, Input::Tick);
    assert!(
        state.pull.picking.is_some(),
        "waits for its own conversation a little"
    );
    app::update(&mut state, T0 + app::pull::TAKEN_GRACE_MS + 1, Input::Tick);
    assert_eq!(
        last_notice(&state),
        "The chat from sana shoukat was taken by someone else"
    );

    // No answer at all.
    let start = T0 + 100_000;
    app::update(&mut state, start, Input::Tick);
    type_line(&mut state, start, "/pull 4");
    app::update(&mut state, start + app::pull::PICK_TIMEOUT_MS, Input::Tick);
    assert!(last_notice(&state).starts_with("No answer from the Agent Manager"));
    assert!(state.focus_on_arrival.is_none());

    // Out of range.
    type_line(&mut state, start, "/pull 9");
    assert!(last_notice(&state).starts_with("No waiting chat 9"));
}

#[test]
fn chats_taken_by_others_go_and_are_told_while_the_panel_is_open() {
    let mut state = logged_in(sana());
    client(
        &mut state,
        T0,
        ClientEvent::PullModeRequestsAdded(vec![request("a", "CREATED"), request("b", "CREATED")]),
    );
    // A chat that arrives on a list is told, with the number that picks it.
    client(
        &mut state,
        T0,
        ClientEvent::PullModeRequestChanged {
            kind: Some(pull::REQUEST_RECEIVED.into()),
            request: request("n", "CREATED"),
        },
    );
    assert_eq!(
        last_notice(&state),
        "sana shoukat waits on Web Leads — /pull 3 picks the chat"
    );
    let before = state.notices.len();
    client(&mut state, T0, changed(request("a", "ACCEPTED")));
    assert_eq!(state.pull.waiting.len(), 2);
    assert_eq!(
        state.notices.len(),
        before,
        "no noise while the panel is closed"
    );
    type_line(&mut state, T0, "/pull");
    client(&mut state, T0, changed(request("b", "DELETED")));
    client(&mut state, T0, changed(request("n", "CLOSED")));
    assert!(state.pull.waiting.is_empty());
    assert_eq!(
        last_notice(&state),
        "The chat from sana shoukat is gone (CLOSED)"
    );
    client(
        &mut state,
        T0,
        ClientEvent::PullModeRequestsAdded(vec![request("c", "CREATED")]),
    );
    client(
        &mut state,
        T0,
        ClientEvent::PullModeListRequestsRemoved {
            list_id: fixture("onPullModeSubscribedList.json")["id"]
                .as_str()
                .unwrap()
                .into(),
        },
    );
    assert!(
        state.pull.waiting.is_empty(),
        "the bare list id clears its chats"
    );
}

#[test]
fn deleting_a_waiting_chat_needs_the_role() {
    let mut agent = logged_in(plain_agent());
    client(
        &mut agent,
        T0,
        ClientEvent::PullModeRequestsAdded(vec![request("a", "CREATED")]),
    );
    assert!(type_line(&mut agent, T0, "/pull delete 1").is_empty());
    assert!(last_notice(&agent).starts_with("Your role cannot delete waiting chats"));

    let mut supervisor = logged_in(sana());
    client(
        &mut supervisor,
        T0,
        ClientEvent::PullModeRequestsAdded(vec![request("a", "CREATED")]),
    );
    type_line(&mut supervisor, T0, "/pull");
    let effects = app::update(&mut supervisor, T0, Input::User(UserAction::Delete));
    assert_eq!(
        sent_commands(&effects),
        [&Command::DeletePullModeRequest {
            request_id: "a".into()
        }]
    );
    client(&mut supervisor, T0, changed(request("a", "DELETED")));
    assert_eq!(
        last_notice(&supervisor),
        "Deleted the waiting chat from sana shoukat"
    );
    // A refused delete says why.
    client(
        &mut supervisor,
        T0,
        ClientEvent::PullModeRequestsAdded(vec![request("b", "CREATED")]),
    );
    app::update(&mut supervisor, T0, Input::User(UserAction::Dismiss));
    type_line(&mut supervisor, T0, "/pull delete 1");
    client(
        &mut supervisor,
        T0,
        ClientEvent::ServerError {
            task: "deletePullModeRequest".into(),
            msg: "Only supervisors may delete waiting chats".into(),
        },
    );
    assert!(last_notice(&supervisor).starts_with("The Agent Manager refused to delete"));
}

fn announcement(id: &str, team: &str, expires: Option<i64>) -> Announcement {
    let mut value: Value = fixture("announcement.json");
    value["id"] = json!(id);
    value["teamIds"] = json!([team]);
    value["expiryTime"] = json!(expires);
    value["supervisorId"] = json!("another-supervisor");
    Announcement::from_value(&value).unwrap()
}

#[test]
fn announcements_of_other_teams_and_expired_ones_are_not_shown() {
    let mut state = logged_in(plain_agent());
    let team = "a7687281-ea0d-4e8a-a6b6-146d3e4ccd50";
    client(
        &mut state,
        T0,
        ClientEvent::Announcements(vec![
            announcement("mine", team, Some(T0 + 60_000)),
            announcement("theirs", "other-team", None),
            announcement("old", team, Some(T0 - 1)),
        ]),
    );
    let shown: Vec<&str> = state
        .announcements
        .active(T0)
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(shown, ["mine"]);
    client(
        &mut state,
        T0,
        ClientEvent::AnnouncementCreated(announcement("x", "other-team", None)),
    );
    assert!(!state.announcements.items.iter().any(|a| a.id == "x"));
    client(
        &mut state,
        T0,
        ClientEvent::AnnouncementCreated(announcement("new", team, None)),
    );
    assert!(last_notice(&state).starts_with("Announcement from sana:"));
    assert!(state.announcements.banner(T0).is_some());
    // It expires on its own.
    app::update(&mut state, T0 + 120_000, Input::Tick);
    assert_eq!(
        state
            .announcements
            .active(T0 + 120_000)
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>(),
        ["new"]
    );
    client(
        &mut state,
        T0,
        ClientEvent::AnnouncementDeleted { id: "new".into() },
    );
    assert!(last_notice(&state).starts_with("Announcement removed"));

    // Agents neither post nor delete.
    assert!(type_line(&mut state, T0, "/announce hello").is_empty());
    assert_eq!(last_notice(&state), "Only supervisors post announcements");
    assert!(type_line(&mut state, T0, "/announcements delete 1").is_empty());
    assert_eq!(last_notice(&state), "Only supervisors delete announcements");
}

#[test]
fn supervisors_post_to_the_teams_they_supervise() {
    let mut state = logged_in(sana());
    let effects = type_line(&mut state, T0, "/announce  Team huddle at 15:00 ");
    assert_eq!(
        sent_commands(&effects),
        [&Command::PostAnnouncement {
            team_ids: vec!["a7687281-ea0d-4e8a-a6b6-146d3e4ccd50".into()],
            text: "Team huddle at 15:00".into(),
            expires_ms: T0 + app::announcements::POSTED_LIFETIME_MS,
        }]
    );
    assert!(type_line(&mut state, T0, "/announce").is_empty(), "no text");
}

#[test]
fn background_loads_that_fail_stay_quiet_until_asked() {
    let mut state = logged_in(sana());
    let before = state.notices.len();
    for what in [
        "Loading pull-mode lists",
        "Loading announcements",
        "Loading the wrap-up form",
    ] {
        client(
            &mut state,
            T0,
            ClientEvent::RequestFailed {
                what: what.into(),
                message: "HTTP 404: Not Found".into(),
            },
        );
    }
    assert_eq!(
        state.notices.len(),
        before,
        "servers without these services are normal"
    );
    state.pull.lists.clear();
    state.pull.lists_loaded = false;
    let effects = type_line(&mut state, T0, "/lists");
    assert!(last_notice(&state).contains("HTTP 404"));
    assert_eq!(
        sent_commands(&effects),
        [&Command::FetchPullModeLists],
        "tries again"
    );
}

#[test]
fn logout_without_a_reason_omits_reason_code() {
    let mut state = State::new(None, T0);
    client(&mut state, T0, ClientEvent::LoggedIn { user: sana() });
    client(&mut state, T0, ClientEvent::Connected);
    // No reasons loaded: /logout goes without one.
    let effects = type_line(&mut state, T0, "/logout");
    let [Command::SetAgentState {
        state: target,
        reason,
    }] = sent_commands(&effects)[..]
    else {
        panic!("one state change: {effects:?}");
    };
    assert_eq!(target, "LOGOUT");
    let (name, payload) = agentdesk::client::encode::encode(
        &Command::SetAgentState {
            state: target.clone(),
            reason: reason.clone(),
        },
        &sana(),
        "p",
    )
    .unwrap();
    assert_eq!(name, "changeAgentState");
    assert_eq!(payload["state"], json!({"name": "LOGOUT"}));
}

#[test]
fn wrapup_countdown_reads_seconds_as_the_real_desk_does() {
    let mut state = logged_in(sana());
    let id = common::topic_b(&mut state, T0);
    let started: agentdesk::protocol::WrapupTimerStarted =
        serde_json::from_value(json!({"conversationId": id, "duration": "90"})).unwrap();
    client(
        &mut state,
        T0,
        ClientEvent::WrapupTimerStarted {
            conversation_id: started.conversation_id,
            duration_ms: started.duration_ms,
        },
    );
    let form = state
        .focused_conversation()
        .unwrap()
        .wrapup
        .clone()
        .unwrap();
    assert_eq!(form.seconds_left(T0), Some(90));
}

#[test]
fn an_announcement_from_someone_else_notifies_like_the_other_kinds() {
    use agentdesk::app::notify::{terminal_title, AlertKind};
    let mut state = logged_in(plain_agent());
    let team = "a7687281-ea0d-4e8a-a6b6-146d3e4ccd50";
    let effects = client(
        &mut state,
        T0,
        ClientEvent::AnnouncementCreated(announcement("x", team, None)),
    );
    let alerts: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Alert(alert) => Some(alert),
            _ => None,
        })
        .collect();
    assert_eq!(alerts.len(), 1, "{effects:?}");
    assert_eq!(alerts[0].kind, AlertKind::Announcement);
    assert_eq!(alerts[0].summary, "Announcement from sana");
    assert!(alerts[0].body.starts_with("Team meeting at 15:00"));
    assert!(terminal_title(&state).contains("announcement"));
    // The same one again (the REST answer after the event): no second alert.
    let again = client(
        &mut state,
        T0,
        ClientEvent::AnnouncementCreated(announcement("x", team, None)),
    );
    assert!(!again.iter().any(|e| matches!(e, Effect::Alert(_))));
    // Hidden from the banner: no longer in the title.
    app::update(&mut state, T0, Input::User(UserAction::Dismiss));
    assert!(!terminal_title(&state).contains("announcement"));
    // Off in [notify]: nothing.
    state.notify_config.announcement = agentdesk::app::notify::Channels::NONE;
    let off = client(
        &mut state,
        T0,
        ClientEvent::AnnouncementCreated(announcement("y", team, None)),
    );
    assert!(!off.iter().any(|e| matches!(e, Effect::Alert(_))));
}
