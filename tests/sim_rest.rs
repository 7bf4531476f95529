//! The simulator's REST side, exercised with reqwest (PROTOCOL.md §1.1, §5).

use std::time::Duration;

use agentdesk::sim::{self, SimConfig, SimServer};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture")).expect("json")
}

/// Every key of `expected`'s objects exists in `actual` (recursively; arrays: first item).
fn assert_keys(expected: &Value, actual: &Value, path: &str) {
    match (expected, actual) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                let w = y
                    .get(k)
                    .unwrap_or_else(|| panic!("missing {path}.{k} in {actual}"));
                assert_keys(v, w, &format!("{path}.{k}"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if let (Some(v), Some(w)) = (x.first(), y.first()) {
                assert_keys(v, w, &format!("{path}[0]"));
            }
        }
        _ => {}
    }
}

async fn server() -> SimServer {
    sim::start(SimConfig::default()).await.expect("sim starts")
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

async fn login(base: &str, username: &str, password: &str) -> reqwest::Response {
    http()
        .post(format!("{base}/agent/login"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn login_ok_has_the_fixture_shape() {
    let s = server().await;
    assert!(s.base_url().starts_with("http://127.0.0.1:"));
    assert!(s.base_url().ends_with("/agent-manager"));
    let res = login(&s.base_url(), "agent1", "agent1").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");
    assert_keys(&fixture("login.response.json"), &body, "$");
    assert_eq!(body["statusCode"], 200);
    let ku = &body["data"]["keycloak_User"];
    assert_eq!(ku["username"], "agent1");
    assert_eq!(ku["realm"], "expertflow");
    assert!(ku["roles"]
        .as_array()
        .expect("roles")
        .contains(&json!("agent")));
    assert!(!ku["roles"]
        .as_array()
        .expect("roles")
        .contains(&json!("supervisor")));
    assert!(!body["data"]["token"].as_str().expect("token").is_empty());

    // Stable id across logins; supervisor has both roles.
    let again: Value = login(&s.base_url(), "agent1", "agent1")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(again["data"]["keycloak_User"]["id"], ku["id"]);
    assert_ne!(again["data"]["token"], body["data"]["token"]);
    let sup: Value = login(&s.base_url(), "supervisor1", "supervisor1")
        .await
        .json()
        .await
        .expect("json");
    let roles = sup["data"]["keycloak_User"]["roles"]
        .as_array()
        .expect("roles")
        .clone();
    assert!(roles.contains(&json!("agent")) && roles.contains(&json!("supervisor")));
    s.shutdown().await;
}

#[tokio::test]
async fn wrong_password_is_401_with_the_error_fixture_body() {
    let s = server().await;
    let res = login(&s.base_url(), "agent1", "wrong").await;
    assert_eq!(res.status(), 401);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body, fixture("login.error.json"));
    let res = login(&s.base_url(), "nobody", "nobody").await;
    assert_eq!(res.status(), 401);
    s.shutdown().await;
}

#[tokio::test]
async fn malformed_login_is_400_with_the_error_shape() {
    let s = server().await;
    let res = http()
        .post(format!("{}/agent/login", s.base_url()))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.expect("json");
    assert_keys(&fixture("login.error.json"), &body, "$");
    assert_eq!(body["error_detail"]["status"], 400);
    let res = http()
        .post(format!("{}/agent/login", s.base_url()))
        .json(&json!({"username": "agent1"}))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 400);
    s.shutdown().await;
}

#[tokio::test]
async fn reasons_need_a_bearer_token_from_login() {
    let s = server().await;
    let origin = format!("http://{}", s.addr());
    let url = format!("{origin}/unified-admin/reasons");
    let res = http().get(&url).send().await.expect("request");
    assert_eq!(res.status(), 401);
    let body: Value = res.json().await.expect("json");
    assert_keys(&fixture("login.error.json"), &body, "$");
    let res = http()
        .get(&url)
        .bearer_auth("made-up")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 401);

    let login: Value = login(&s.base_url(), "agent2", "agent2")
        .await
        .json()
        .await
        .expect("json");
    let token = login["data"]["token"].as_str().expect("token").to_string();
    let res = http()
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    let reasons: Value = res.json().await.expect("json");
    let list = reasons.as_array().expect("array");
    for r in fixture("reasons.json").as_array().expect("array") {
        assert!(list.contains(r), "missing {r}");
    }
    let names: Vec<_> = list
        .iter()
        .map(|r| r["name"].as_str().unwrap_or_default())
        .collect();
    for n in ["Lunch", "Meeting", "End of Shift"] {
        assert!(names.contains(&n), "{n}");
    }
    let res = http()
        .get(format!("{origin}/routing-engine/media-routing-domains"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    let mrds: Value = res.json().await.expect("json");
    assert_eq!(mrds.as_array().map(Vec::len), Some(3));
    s.shutdown().await;
}

#[tokio::test]
async fn shutdown_frees_the_port() {
    let s = server().await;
    let addr = s.addr();
    assert_eq!(addr.ip(), std::net::Ipv4Addr::LOCALHOST);
    tokio::time::timeout(Duration::from_secs(10), s.shutdown())
        .await
        .expect("shutdown is bounded");
    let again = sim::start(SimConfig {
        port: addr.port(),
        ..SimConfig::default()
    })
    .await
    .expect("port is free again");
    again.shutdown().await;
}

#[test]
fn sim_server_can_move_between_tasks() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<SimServer>();
    assert_send_sync::<SimConfig>();
}
