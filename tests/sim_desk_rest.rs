//! The simulator serves what ExpertFlow's own web desk asks for (PROTOCOL.md §5, §7): REST
//! calls without `Authorization`, the settings / locale / pull-mode list / form / customer
//! schema / label endpoints, the channel logos and team announcements. Exercised with reqwest.

use std::time::Duration;

use agentdesk::protocol::{forms, pull, Announcement};
use agentdesk::sim::{self, SimConfig, SimServer};
use serde_json::{json, Value};

async fn server() -> SimServer {
    sim::start(SimConfig {
        pull_customers: Some(0),
        ..SimConfig::default()
    })
    .await
    .expect("sim starts")
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

async fn get(url: &str) -> (u16, Value) {
    let res = http().get(url).send().await.expect("request");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn login(server: &SimServer, user: &str) -> String {
    let res: Value = http()
        .post(format!("{}/agent/login", server.base_url()))
        .json(&json!({"username": user, "password": user}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    res["data"]["token"].as_str().expect("token").to_string()
}

#[tokio::test]
async fn rest_without_a_token_is_accepted_and_a_forged_one_is_not() {
    let s = server().await;
    let origin = format!("http://{}", s.addr());
    for path in [
        "/unified-admin/reasons",
        "/routing-engine/media-routing-domains",
        "/unified-admin/agent-desk-settings",
        "/conversation-manager/customer-topics/customer/6630c1a2b3c4d5e6f7a80001/activities?limit=25&offset=0&activity-type=ALL",
    ] {
        let (status, _) = get(&format!("{origin}{path}")).await;
        assert_eq!(status, 200, "{path} without Authorization");
        let res = http()
            .get(format!("{origin}{path}"))
            .bearer_auth("made-up")
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 401, "{path} with a token it never issued");
    }
    s.shutdown().await;

    let strict = sim::start(SimConfig {
        require_token: true,
        pull_customers: Some(0),
        ..SimConfig::default()
    })
    .await
    .expect("sim starts");
    let origin = format!("http://{}", strict.addr());
    let (status, _) = get(&format!("{origin}/unified-admin/pull-mode-list")).await;
    assert_eq!(status, 401, "--require-token keeps the strictness");
    let token = login(&strict, "agent1").await;
    let res = http()
        .get(format!("{origin}/unified-admin/pull-mode-list"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    strict.shutdown().await;
}

#[tokio::test]
async fn serves_what_the_real_desk_asks_for() {
    let s = server().await;
    let origin = format!("http://{}", s.addr());
    let (status, settings) = get(&format!("{origin}/unified-admin/agent-desk-settings")).await;
    assert_eq!(status, 200);
    assert_eq!(settings[0]["isFileSharingEnabled"], true);
    assert!(settings[0]["isAutoAnswerEnabled"].is_boolean());
    let (status, locale) = get(&format!("{origin}/unified-admin/locale-setting")).await;
    assert_eq!(status, 200);
    assert!(locale[0]["supportedLanguages"]
        .as_array()
        .is_some_and(|l| !l.is_empty()));
    let (status, lists) = get(&format!("{origin}/unified-admin/pull-mode-list")).await;
    assert_eq!(status, 200);
    let names: Vec<String> = pull::lists_from_value(&lists)
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(names, ["Web Leads", "VIP Callbacks"]);
    let (status, form) = get(&format!(
        "{origin}/unified-admin/forms/{}",
        forms::DEFAULT_WRAPUP_FORM_ID
    ))
    .await;
    assert_eq!(status, 200);
    let categories = forms::wrapup_categories(&form);
    assert!(categories.contains(&("Outcome".into(), "Call back".into())));
    let (status, _) = get(&format!(
        "{origin}/unified-admin/forms/000000000000000000000000"
    ))
    .await;
    assert_eq!(status, 404);
    let (status, schema) = get(&format!("{origin}/cim-customer/customerSchema")).await;
    assert_eq!(status, 200);
    assert!(schema
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["key"] == "firstName"));
    let (status, labels) = get(&format!("{origin}/cim-customer/label")).await;
    assert_eq!(status, 200);
    assert!(labels[0]["name"].is_string());
    s.shutdown().await;
}

#[tokio::test]
async fn channel_logos_are_served_for_every_channel_type() {
    let s = server().await;
    let origin = format!("http://{}", s.addr());
    for name in [
        "WEB", "WHATSAPP", "FACEBOOK", "SMS", "GENERIC", "EMAIL", "CX_VOICE",
    ] {
        let res = http()
            .get(format!(
                "{origin}/file-engine/api/downloadFileStream?filename=_{name}.svg"
            ))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 200, "_{name}.svg");
        assert_eq!(
            res.headers()["content-type"].to_str().unwrap(),
            "image/svg+xml"
        );
        let body = res.text().await.unwrap();
        assert!(body.starts_with("<svg"), "{name}: {body}");
    }
    s.shutdown().await;
}

const TEAM: &str = "5b2f0c3e-7a41-4d0e-9c55-0f3e8d1a2b10";

#[tokio::test]
async fn announcements_are_listed_posted_by_supervisors_and_deleted() {
    let s = server().await;
    let base = format!("http://{}/team-announcement/announcement/", s.addr());
    let (status, list) = get(&format!("{base}?teamIds={TEAM}&status=active")).await;
    assert_eq!(status, 200);
    let seeded = Announcement::list_from_value(&list);
    assert_eq!(seeded.len(), 1, "the demo team starts with one: {list}");
    assert_eq!(seeded[0].author.as_deref(), Some("Sam Supervisor"));
    let (_, other) = get(&format!("{base}?teamIds=someone-else&status=active")).await;
    assert_eq!(other, json!([]));

    // An agent may not post; a supervisor (by token) may.
    let agent = login(&s, "agent1").await;
    let body = json!({"teamIds": [TEAM], "announcementText": "Queues close at 18:00"});
    let res = http()
        .post(&base)
        .bearer_auth(&agent)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let supervisor = login(&s, "supervisor1").await;
    let res = http()
        .post(&base)
        .bearer_auth(&supervisor)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let created = Announcement::from_value(&res.json().await.unwrap()).unwrap();
    assert_eq!(created.text, "Queues close at 18:00");
    assert_eq!(created.team_ids, [TEAM]);
    let res = http()
        .post(&base)
        .bearer_auth(&supervisor)
        .json(&json!({"teamIds": [], "message": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400, "no team");
    let (_, list) = get(&format!("{base}?teamIds={TEAM}&status=active")).await;
    assert_eq!(Announcement::list_from_value(&list).len(), 2);

    let url = format!("{base}{}", created.id);
    let res = http()
        .delete(&url)
        .bearer_auth(&agent)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = http()
        .delete(&url)
        .bearer_auth(&supervisor)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = http()
        .delete(&url)
        .bearer_auth(&supervisor)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let (_, list) = get(&format!("{base}?teamIds={TEAM}&status=active")).await;
    assert_eq!(Announcement::list_from_value(&list).len(), 1);
    s.shutdown().await;
}
