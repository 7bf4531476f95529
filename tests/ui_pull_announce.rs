//! Whole-screen snapshots of pull mode and team announcements at 80×24 (issue 13): the pull
//! panel with live waiting times and the status-bar count, the lists picker, the announcement
//! banner and the announcements overlay. States are built only through `app::update` from the
//! wire fixtures; clock times render in UTC, so the snapshots are the same everywhere.

use agentdesk::app::{self, Input, Overlay, State, UserAction};
use agentdesk::client::ClientEvent;
use agentdesk::protocol::{pull, Announcement, KeycloakUser, LoginResponse, PullModeRequest};
use agentdesk::ui::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde_json::{json, Value};

/// 2025-02-28T14:43:40Z.
const T0: i64 = 1_740_753_820_000;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn client(state: &mut State, now: i64, event: ClientEvent) {
    app::update(state, now, Input::Client(event));
}

fn type_line(state: &mut State, now: i64, line: &str) {
    for c in line.chars() {
        app::update(
            state,
            now,
            Input::User(UserAction::Edit(app::Edit::Insert(c))),
        );
    }
    app::update(state, now, Input::User(UserAction::Submit));
}

fn sana() -> KeycloakUser {
    serde_json::from_value::<LoginResponse>(fixture("login.response.json"))
        .unwrap()
        .data
        .keycloak_user
}

/// Logged in as `sana`, connected, READY, with the two lists of `pull-mode-list.json` loaded.
fn online() -> State {
    let mut state = State::new(None, T0 - 90_000);
    client(
        &mut state,
        T0 - 90_000,
        ClientEvent::LoggedIn { user: sana() },
    );
    client(&mut state, T0 - 89_000, ClientEvent::Connected);
    let mut presence = fixture("agentPresence.state_changed.json");
    presence["agentPresence"]["stateChangeTime"] = json!(T0 - 83_000);
    // About sana herself: the fixture's agent is another user, and presence about someone
    // else is ignored.
    presence["agentPresence"]["agent"]["id"] = json!(sana().id);
    presence["agentPresence"]["agent"]["keycloakUser"]["id"] = json!(sana().id);
    client(
        &mut state,
        T0 - 83_000,
        ClientEvent::Presence(Box::new(serde_json::from_value(presence).unwrap())),
    );
    let lists = pull::lists_from_value(&fixture("pull-mode-list.json"));
    client(&mut state, T0 - 80_000, ClientEvent::PullModeLists(lists));
    state
}

/// The fixture's waiting request moved to a new id, customer, list and time.
fn request(id: &str, customer: &str, list: usize, waited_ms: i64) -> PullModeRequest {
    let lists = fixture("pull-mode-list.json");
    let mut value = fixture("pullModeSubscribedListRequests.json")[0].clone();
    value["id"] = json!(id);
    value["listId"] = lists[list]["id"].clone();
    value["time"] = json!(T0 - waited_ms);
    value["channelSession"]["customer"]["firstName"] = json!(customer);
    value["channelSession"]["conversationId"] = json!(format!("conv-{id}"));
    serde_json::from_value(value).unwrap()
}

/// Following both lists, three chats waiting, the pull panel open with the second selected.
fn pull_panel_state() -> State {
    let mut state = online();
    type_line(&mut state, T0 - 70_000, "/follow Web Leads");
    type_line(&mut state, T0 - 70_000, "/follow VIP Callbacks");
    let lists = pull::lists_from_value(&fixture("pull-mode-list.json"));
    for list in lists {
        client(
            &mut state,
            T0 - 69_000,
            ClientEvent::PullModeListFollowed(list),
        );
    }
    client(
        &mut state,
        T0 - 60_000,
        ClientEvent::PullModeRequestsAdded(vec![
            request("r1", "Maria Gomez", 0, 185_000),
            request("r2", "Kenji Watanabe", 1, 64_000),
        ]),
    );
    let received = json!({
        "pullModeEvent": serde_json::to_string(&raw(request("r3", "Aisha Bello", 0, 9_000))).unwrap(),
        "type": pull::REQUEST_RECEIVED,
    });
    let event: agentdesk::protocol::PullModeRequestEvent =
        serde_json::from_value(received).unwrap();
    client(
        &mut state,
        T0 - 9_000,
        ClientEvent::PullModeRequestChanged {
            kind: event.kind.clone(),
            request: event.request().unwrap(),
        },
    );
    type_line(&mut state, T0, "/pull");
    app::update(&mut state, T0, Input::User(UserAction::Move(1)));
    app::update(&mut state, T0, Input::Tick);
    state
}

/// A request back as its JSON (to send it inside `pullModeEvent`, a JSON string).
fn raw(request: PullModeRequest) -> Value {
    json!({"id": request.id, "channelSession": request.channel_session,
           "status": request.status, "listId": request.list_id, "time": request.time_ms()})
}

fn render(state: &State) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let theme = Theme::default_theme();
    terminal
        .draw(|f| {
            ui::draw(f, state, &theme);
        })
        .unwrap();
    terminal
}

fn screen(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

#[test]
fn pull_panel_lists_waiting_chats_with_live_waiting_times() {
    let state = pull_panel_state();
    assert_eq!(state.overlay, Some(Overlay::PullPanel));
    let terminal = render(&state);
    insta::assert_snapshot!("pull_panel", terminal.backend());
    let text = screen(&terminal);
    assert!(text.contains("3 waiting"), "the status bar counts them");
    assert!(text.contains("3:05"), "Maria has waited 3:05");
    // Time passes: the waiting time grows without any event.
    let mut later = state.clone();
    app::update(&mut later, T0 + 60_000, Input::Tick);
    assert!(screen(&render(&later)).contains("4:05"));
    // Enter picks the selected row (Kenji, number 2).
    let effects = app::update(&mut later, T0 + 60_000, Input::User(UserAction::Submit));
    assert!(effects.iter().any(|e| matches!(e,
        app::Effect::Send(agentdesk::client::Command::JoinPullModeRequest { request })
            if request.id == "r2")));
    assert!(screen(&render(&later)).contains("Picking the chat from Kenji Watanabe"));
}

#[test]
fn lists_picker_marks_what_i_follow() {
    let mut state = online();
    type_line(&mut state, T0, "/follow VIP Callbacks");
    type_line(&mut state, T0, "/lists");
    let terminal = render(&state);
    insta::assert_snapshot!("lists_picker", terminal.backend());
    let text = screen(&terminal);
    assert!(text.contains("✓ following, unconfirmed · 0 waiting"));
    assert!(text.contains("Enter follows / unfollows"));
}

fn announcement_state() -> State {
    let mut state = online();
    let mut older = fixture("announcement.json");
    older["id"] = json!("a0");
    older["announcementText"] = json!("Older news: the coffee machine is fixed.");
    older["createdAt"] = json!("2025-02-28T08:00:00.000Z");
    let list = Announcement::list_from_value(&json!([older, fixture("announcement.json")]));
    client(&mut state, T0, ClientEvent::Announcements(list));
    app::update(&mut state, T0, Input::Tick);
    state
}

#[test]
fn announcement_banner_shows_the_newest_and_esc_hides_it() {
    let mut state = announcement_state();
    let terminal = render(&state);
    insta::assert_snapshot!("announcement_banner", terminal.backend());
    let text = screen(&terminal);
    assert!(text.contains("» sana: Team meeting at 15:00"));
    app::update(&mut state, T0, Input::User(UserAction::Dismiss));
    let text = screen(&render(&state));
    assert!(
        text.contains("» sana: Older news"),
        "the next one shows once the newest is hidden"
    );
    app::update(&mut state, T0, Input::User(UserAction::Dismiss));
    assert!(!screen(&render(&state)).contains("»"), "all hidden");
}

#[test]
fn announcements_overlay_lists_them_whole() {
    let mut state = announcement_state();
    app::update(&mut state, T0, Input::User(UserAction::Dismiss));
    type_line(&mut state, T0, "/announcements");
    assert_eq!(state.overlay, Some(Overlay::Announcements));
    let terminal = render(&state);
    insta::assert_snapshot!("announcements_overlay", terminal.backend());
    assert!(screen(&terminal).contains("hidden from the banner"));
}
