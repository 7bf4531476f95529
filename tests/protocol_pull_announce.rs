//! Pull mode, team announcements, wrap-up forms and the PROTOCOL.md §7 corrections: every
//! new fixture decodes, and every payload the desk emits matches its fixture field for field
//! (bare-string `deletePullModeRequest`, JSON-string `pullModeEvent`, LOGOUT without a
//! `reasonCode`, the whole reason record).

use agentdesk::protocol::pull::{self, RequestOutcome};
use agentdesk::protocol::{
    emit, forms, Announcement, KeycloakUser, LoginResponse, PullModeList, PullModeRequest,
    PullModeRequestEvent, Reason, WrapupTimerStarted,
};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_value(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn sana() -> KeycloakUser {
    decode::<LoginResponse>("login.response.json")
        .data
        .keycloak_user
}

#[test]
fn pull_mode_lists_decode_and_subscription_matches_fixture() {
    let lists = pull::lists_from_value(&fixture("pull-mode-list.json"));
    assert_eq!(
        lists.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
        ["Web Leads", "VIP Callbacks"]
    );
    let followed: PullModeList = decode("onPullModeSubscribedList.json");
    assert_eq!(followed, lists[0]);
    let expected = fixture("subscribePullModeList.json");
    let tp = emit::topic_participant(
        expected["topicParticipant"]["id"].as_str().unwrap(),
        &sana(),
        &lists[0].id,
        "PRIMARY",
    );
    assert_eq!(
        emit::pull_mode_list_subscription(tp, &sana().id, &lists[0]),
        expected
    );
}

#[test]
fn waiting_chats_decode_from_arrays_and_json_strings() {
    let requests = pull::requests_from_value(&fixture("pullModeSubscribedListRequests.json"));
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert!(request.is_waiting());
    assert_eq!(request.conversation_id(), Some("65a923832d53786eb16039f0"));
    assert_eq!(
        request.channel_session().customer_name().as_deref(),
        Some("sana shoukat")
    );
    assert_eq!(request.time_ms(), Some(1705583494537));

    let received: PullModeRequestEvent = decode("onPullModeSubscribedListRequest.json");
    assert!(
        fixture("onPullModeSubscribedListRequest.json")["pullModeEvent"].is_string(),
        "the fixture carries pullModeEvent as a JSON string"
    );
    assert_eq!(received.kind.as_deref(), Some(pull::REQUEST_RECEIVED));
    assert_eq!(&received.request().unwrap(), request);

    let changed: PullModeRequestEvent =
        decode("onPullModeSubscribedListRequest.state_changed.json");
    assert_eq!(changed.kind.as_deref(), Some(pull::REQUEST_STATE_CHANGED));
    let changed = changed.request().unwrap();
    assert_eq!(changed.id, request.id);
    assert_eq!(changed.outcome(), RequestOutcome::Taken);

    let removed = fixture("removePullModeSubscribedListRequests.json");
    assert_eq!(removed.as_str(), Some(request.list_id.as_deref().unwrap()));
}

#[test]
fn join_and_bare_string_delete_match_fixtures() {
    let request: PullModeRequest =
        serde_json::from_value(fixture("pullModeSubscribedListRequests.json")[0].clone()).unwrap();
    let expected = fixture("joinPullModeRequest.json");
    let tp = emit::topic_participant(
        expected["topicParticipant"]["id"].as_str().unwrap(),
        &sana(),
        request.conversation_id().unwrap(),
        "PRIMARY",
    );
    assert_eq!(
        emit::join_pull_mode_request(tp, &sana().id, &request),
        expected
    );
    let delete = emit::delete_pull_mode_request(&request.id);
    assert!(delete.is_string(), "deletePullModeRequest is a bare string");
    assert_eq!(delete, fixture("deletePullModeRequest.json"));
}

#[test]
fn announcements_decode_from_the_event_and_the_rest_list() {
    let created = Announcement::from_value(&fixture("announcement.json")).unwrap();
    assert_eq!(created.id, "6630b1f2c1d4e5f6a7b8c1c1");
    assert!(created.text.starts_with("Team meeting at 15:00"));
    assert_eq!(
        created.supervisor_id.as_deref(),
        Some("4c2659f2-04b8-4a3b-9e7c-c889681689d0")
    );
    assert!(created.is_for(&["a7687281-ea0d-4e8a-a6b6-146d3e4ccd50".into()]));
    assert_eq!(created.expires_ms, Some(1740762000000));
    let listed = Announcement::list_from_value(&fixture("team-announcements.json"));
    assert_eq!(listed, vec![created]);
}

#[test]
fn wrapup_categories_come_from_the_form() {
    let categories = forms::wrapup_categories(&fixture("wrapup-form.json"));
    assert_eq!(categories.len(), 6);
    assert_eq!(
        categories[0],
        ("Outcome".to_string(), "Resolved".to_string())
    );
    assert_eq!(
        categories[5],
        ("Topic".to_string(), "Account access".to_string())
    );
}

#[test]
fn logout_without_reason_omits_reason_code() {
    let agent = "eed4c6de-27b0-4321-b057-2a618dcad6d1";
    let got = emit::change_agent_state(agent, "LOGOUT", None);
    assert_eq!(got, fixture("changeAgentState.logout_no_reason.json"));
    assert!(got["state"].get("reasonCode").is_none());
    // NOT_READY without a reason still says so with null (§2).
    assert_eq!(
        emit::change_agent_state(agent, "NOT_READY", None)["state"]["reasonCode"],
        Value::Null
    );
}

#[test]
fn reason_goes_back_as_the_whole_record() {
    let record = json!({"id": "r9", "name": "Training", "type": "NOT_READY", "code": 9,
        "description": null, "isDeleted": false, "createdAt": "2025-10-09T05:25:49.964Z",
        "updatedAt": "2025-10-09T05:25:49.964Z", "somethingNew": {"x": [1, 2]}});
    let reason: Reason = serde_json::from_value(record.clone()).unwrap();
    assert_eq!(reason.description, None);
    let sent = emit::change_agent_state("a", "NOT_READY", Some(&reason));
    assert_eq!(
        sent["state"]["reasonCode"], record,
        "null description kept too"
    );
}

#[test]
fn wrapup_duration_seconds_or_milliseconds() {
    let doc: WrapupTimerStarted = decode("wrapupTimerStarted.json");
    assert_eq!(doc.duration_ms, Some(600_000), "the docs' \"600000\" is ms");
    let secs: WrapupTimerStarted =
        serde_json::from_value(json!({"conversationId": "c", "duration": "120"})).unwrap();
    assert_eq!(secs.duration_ms, Some(120_000), "the real desk's seconds");
}
