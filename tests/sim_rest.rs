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

/// A simulator as strict as CX ≥ 4.9: REST calls need the bearer token (`--require-token`).
async fn strict_server() -> SimServer {
    sim::start(SimConfig {
        require_token: true,
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
    let s = strict_server().await;
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

/// Logs `user` in and returns the bearer token.
async fn token(s: &SimServer, user: &str) -> String {
    let body: Value = login(&s.base_url(), user, user)
        .await
        .json()
        .await
        .expect("json");
    body["data"]["token"].as_str().expect("token").to_string()
}

fn upload_form(bytes: Vec<u8>, file_name: &str, mime: &str) -> reqwest::multipart::Form {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(file_name.to_string())
        .mime_str(mime)
        .expect("mime");
    reqwest::multipart::Form::new()
        .part("file", part)
        .text("conversationId", "65a923832d53786eb16039f0")
}

/// 5 MiB: the largest file the simulated file engine takes.
const FIVE_MB: usize = 5 * 1024 * 1024;

#[tokio::test]
async fn upload_then_download_the_same_bytes() {
    let s = server().await;
    let origin = format!("http://{}", s.addr());
    let token = token(&s, "agent1").await;
    let content = b"hello file engine\r\n--not-a-boundary\r\n".to_vec();
    let res = http()
        .post(format!("{origin}/file-engine/api/uploadFileStream"))
        .bearer_auth(&token)
        .multipart(upload_form(content.clone(), "notes (1).txt", "text/plain"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");
    let name = body["name"].as_str().expect("name").to_string();
    assert!(name.ends_with("notes__1_.txt"), "{name}");
    assert_eq!(body["type"], "text/plain");
    assert_eq!(body["size"], content.len());
    assert_eq!(body.as_object().map(|o| o.len()), Some(3), "{body}");

    let res = http()
        .get(format!("{origin}/file-engine/api/downloadFileStream"))
        .query(&[("filename", name.as_str())])
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/plain");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .expect("ascii")
        .contains("notes__1_.txt"));
    assert_eq!(res.bytes().await.expect("bytes").to_vec(), content);

    // A second upload of the same name gets a different stored name; no type → guessed.
    let part = reqwest::multipart::Part::bytes(vec![1, 2, 3]).file_name("photo.PNG");
    let res = http()
        .post(format!("{origin}/file-engine/api/uploadFileStream"))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .expect("request");
    let other: Value = res.json().await.expect("json");
    assert_ne!(other["name"], body["name"]);
    assert_eq!(other["type"], "image/png");
    assert_eq!(other["size"], 3);

    // Unknown and missing names.
    let res = http()
        .get(format!(
            "{origin}/file-engine/api/downloadFileStream?filename=nope"
        ))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 404);
    assert_keys(
        &fixture("login.error.json"),
        &res.json::<Value>().await.expect("json"),
        "$",
    );
    let res = http()
        .get(format!("{origin}/file-engine/api/downloadFileStream"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 400);
    s.shutdown().await;
}

#[tokio::test]
async fn the_built_in_attachments_can_be_downloaded() {
    let s = server().await;
    let origin = format!("http://{}", s.addr());
    let token = token(&s, "agent2").await;
    for (name, mime, magic) in [
        ("invoice-screenshot.png", "image/png", &b"\x89PNG"[..]),
        ("proof-of-address.pdf", "application/pdf", &b"%PDF-"[..]),
    ] {
        let res = http()
            .get(format!(
                "{origin}/file-engine/api/downloadFileStream?filename={name}"
            ))
            .bearer_auth(&token)
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 200, "{name}");
        assert_eq!(res.headers()["content-type"], mime);
        assert!(
            res.bytes().await.expect("bytes").starts_with(magic),
            "{name}"
        );
    }
    s.shutdown().await;
}

#[tokio::test]
async fn an_upload_over_5_mb_is_413() {
    let s = server().await;
    let origin = format!("http://{}", s.addr());
    let token = token(&s, "agent1").await;
    let res = http()
        .post(format!("{origin}/file-engine/api/uploadFileStream"))
        .bearer_auth(&token)
        .multipart(upload_form(
            vec![7u8; FIVE_MB + 1],
            "big.bin",
            "application/octet-stream",
        ))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 413);
    let body: Value = res.json().await.expect("json");
    assert_keys(&fixture("login.error.json"), &body, "$");
    assert_eq!(body["error_detail"]["status"], 413);
    // Exactly 5 MiB is fine.
    let res = http()
        .post(format!("{origin}/file-engine/api/uploadFileStream"))
        .bearer_auth(&token)
        .multipart(upload_form(
            vec![7u8; FIVE_MB],
            "five.bin",
            "application/octet-stream",
        ))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["size"], FIVE_MB);
    assert_eq!(body["type"], "application/octet-stream");
    s.shutdown().await;
}

#[tokio::test]
async fn uploads_and_activities_need_the_bearer_token_downloads_do_not() {
    let s = strict_server().await;
    let origin = format!("http://{}", s.addr());
    let upload = || {
        http()
            .post(format!("{origin}/file-engine/api/uploadFileStream"))
            .multipart(upload_form(b"x".to_vec(), "x.txt", "text/plain"))
    };
    let requests = [
        upload(),
        upload().bearer_auth("made-up"),
        http().get(format!(
            "{origin}/conversation-manager/customer-topics/customer/6630c1a2b3c4d5e6f7a80001/activities?limit=25&offset=0&activity-type=ALL"
        )),
    ];
    for req in requests {
        let res = req.send().await.expect("request");
        assert_eq!(res.status(), 401);
        let body: Value = res.json().await.expect("json");
        assert_keys(&fixture("login.error.json"), &body, "$");
    }
    // A download is opened by a browser, which has no token.
    let res = http()
        .get(format!(
            "{origin}/file-engine/api/downloadFileStream?filename=invoice-screenshot.png"
        ))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    // With a token but not multipart, or without a `file` part: 400.
    let token = token(&s, "agent1").await;
    let res = http()
        .post(format!("{origin}/file-engine/api/uploadFileStream"))
        .bearer_auth(&token)
        .json(&json!({"file": "x"}))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 400);
    let res = http()
        .post(format!("{origin}/file-engine/api/uploadFileStream"))
        .bearer_auth(&token)
        .multipart(reqwest::multipart::Form::new().text("conversationId", "c"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 400);
    s.shutdown().await;
}

#[tokio::test]
async fn a_customers_past_conversations_come_in_pages() {
    let s = server().await;
    let origin = format!("http://{}", s.addr());
    let token = token(&s, "agent1").await;
    // Maria Lopez, the first scripted customer, has 30 past conversations.
    let url = format!(
        "{origin}/conversation-manager/customer-topics/customer/6630c1a2b3c4d5e6f7a80001/activities"
    );
    let page = |offset: &'static str, limit: &'static str| {
        let url = url.clone();
        let token = token.clone();
        async move {
            let res = http()
                .get(url)
                .query(&[
                    ("limit", limit),
                    ("offset", offset),
                    ("activity-type", "ALL"),
                ])
                .bearer_auth(token)
                .send()
                .await
                .expect("request");
            let status = res.status();
            (status, res.json::<Value>().await.expect("json"))
        }
    };
    let (status, first) = page("0", "25").await;
    assert_eq!(status, 200);
    assert_eq!(first["total"], 30);
    let first_items = first["data"].as_array().expect("data").clone();
    assert_eq!(first_items.len(), 25);
    let (_, second) = page("25", "25").await;
    let second_items = second["data"].as_array().expect("data").clone();
    assert_eq!(second_items.len(), 5);
    let (_, past_end) = page("30", "25").await;
    assert_eq!(past_end["data"], json!([]));
    assert_eq!(past_end["total"], 30);

    let all: Vec<&Value> = first_items.iter().chain(second_items.iter()).collect();
    let mut ids: Vec<_> = all
        .iter()
        .map(|a| a["conversationId"].as_str().expect("id").to_string())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 30, "distinct conversations");
    for a in &all {
        assert_eq!(a["customerId"], "6630c1a2b3c4d5e6f7a80001");
        assert_eq!(a["channel"], "WEB");
        assert!(a["agent"].is_string() && a["lastMessage"].is_string());
        let started = a["startedAt"].as_str().expect("startedAt");
        let ended = a["endedAt"].as_str().expect("endedAt");
        assert!(started.ends_with("+00:00") && started < ended, "{a}");
    }
    // Newest first.
    let starts: Vec<_> = all
        .iter()
        .map(|a| a["startedAt"].as_str().expect("iso").to_string())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] > w[1]), "{starts:?}");
    // Stable across calls.
    let (_, again) = page("0", "25").await;
    assert_eq!(again["data"], first["data"]);
    // Defaults, an unknown customer, bad parameters.
    let res = http()
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    let defaults: Value = res.json().await.expect("json");
    assert_eq!(defaults["data"].as_array().map(Vec::len), Some(25));
    let res = http()
        .get(format!(
            "{origin}/conversation-manager/customer-topics/customer/ffffffffffffffffffffffff/activities"
        ))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    let none: Value = res.json().await.expect("json");
    assert_eq!(
        (none["total"].clone(), none["data"].clone()),
        (json!(0), json!([]))
    );
    for (offset, limit) in [("0", "0"), ("0", "101"), ("-1", "25"), ("x", "25")] {
        let (status, body) = page(offset, limit).await;
        assert_eq!(status, 400, "offset {offset} limit {limit}");
        assert_keys(&fixture("login.error.json"), &body, "$");
    }
    s.shutdown().await;
}
