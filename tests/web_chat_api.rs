//! The simulator's customer web chat (seed 002, Web Interaction REST API) over loopback:
//! every endpoint and error code, and whole chats between a customer on the API and a
//! desk (the real client + app state, `common::desk`). Every wait is bounded.

mod common;

use std::time::Duration;

use agentdesk::app::{Author, Connection, Delivery, State};
use agentdesk::client::{transport, ClientConfig, Endpoints};
use agentdesk::sim::{self, SimConfig, SimServer};
use common::desk::Desk;
use common::webchat::{http, request_session, token, token_response, Customer};
use serde_json::{json, Value};
use tokio::time::Instant;

async fn sim_with(config: SimConfig) -> SimServer {
    sim::start(config).await.expect("simulator starts")
}

/// Only web chat customers; quick offers; no wrap-up.
fn web_only() -> SimConfig {
    SimConfig {
        offer_delay: Duration::from_millis(100),
        customer_delay: Duration::from_millis(100),
        wrapup: Duration::ZERO,
        scripted_customers: Some(0),
        ..SimConfig::default()
    }
}

fn desk(server: &SimServer) -> Desk {
    let endpoints = Endpoints::from_server(&server.base_url()).expect("endpoints");
    let mut config = ClientConfig::new(endpoints, transport::default_connector());
    config.connect_timeout = Duration::from_secs(5);
    Desk::start(config)
}

async fn online(server: &SimServer, user: &str) -> Desk {
    let mut desk = desk(server);
    desk.login(user, user);
    desk.until("online", |s| {
        s.connection == Connection::Online && !s.mrds.is_empty() && !s.reasons.is_empty()
    })
    .await;
    desk
}

fn lines_of(s: &State, author: Author) -> Vec<String> {
    s.focused_conversation()
        .map(|c| {
            c.lines
                .iter()
                .filter(|l| l.author == author)
                .map(|l| l.text.to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn token_needs_the_demo_client_and_every_call_a_bearer_token() {
    let s = sim_with(SimConfig::default()).await;
    let base = s.web_chat_api_url();
    assert!(base.starts_with("http://127.0.0.1:") && base.ends_with("/restinteractionsdk"));

    let res = token_response(&base, "webchat", "webchat-secret").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["scope"], "all");
    assert!(body["access_token"].as_str().is_some_and(|t| !t.is_empty()));

    for (id, secret) in [("webchat", "nope"), ("other", "webchat-secret"), ("", "")] {
        let res = token_response(&base, id, secret).await;
        assert_eq!(res.status(), 401, "{id}:{secret}");
    }
    let no_auth = http()
        .post(format!("{base}/oauth/token"))
        .body("grant_type=client_credentials")
        .send()
        .await
        .expect("request");
    assert_eq!(no_auth.status(), 401);
    let wrong_grant = http()
        .post(format!("{base}/oauth/token"))
        .basic_auth("webchat", Some("webchat-secret"))
        .body("grant_type=password")
        .send()
        .await
        .expect("request");
    assert_eq!(wrong_grant.status(), 400);

    // Every other call: 401 without a token, with an unknown one, or with a Basic header.
    let valid = token(&base).await;
    let customer = Customer::start(&s, &request_session("Jose Silva", "Hello")).await;
    let sid = &customer.session_id;
    let calls: Vec<(reqwest::Method, String, Option<Value>)> = vec![
        (
            reqwest::Method::POST,
            format!("{base}/v1/sessions"),
            Some(request_session("A", "b")),
        ),
        (
            reqwest::Method::GET,
            format!("{base}/v1/sessions/{sid}/contents"),
            None,
        ),
        (
            reqwest::Method::GET,
            format!("{base}/v1/sessions/{sid}/contents/1"),
            None,
        ),
        (
            reqwest::Method::POST,
            format!("{base}/v1/sessions/{sid}/contents"),
            Some(json!({"content": "x"})),
        ),
        (
            reqwest::Method::POST,
            format!("{base}/v1/sessions/{sid}/typing"),
            Some(json!({"isTyping": true})),
        ),
        (
            reqwest::Method::DELETE,
            format!("{base}/v1/sessions"),
            Some(json!({"sessionId": sid})),
        ),
    ];
    for (method, url, body) in &calls {
        for auth in [
            None,
            Some("bearer nope".to_string()),
            Some("Basic d2ViY2hhdDp3ZWJjaGF0LXNlY3JldA==".to_string()),
        ] {
            let mut req = http().request(method.clone(), url);
            if let Some(a) = &auth {
                req = req.header("authorization", a);
            }
            if let Some(b) = body {
                req = req.json(b);
            }
            let res = req.send().await.expect("request");
            assert_eq!(res.status(), 401, "{method} {url} with {auth:?}");
            assert!(
                res.bytes().await.expect("body").is_empty(),
                "errors have no content"
            );
        }
    }
    // The scheme is case-insensitive, as the seed's lower-case `authorization: bearer`.
    let res = http()
        .get(format!("{base}/v1/sessions/{sid}/contents"))
        .header("Authorization", format!("Bearer {valid}"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    s.shutdown().await;
}

#[tokio::test]
async fn bad_requests_get_the_documented_codes_and_change_nothing() {
    let s = sim_with(web_only()).await;
    let base = s.web_chat_api_url();
    let t = token(&base).await;
    let post = |url: String, body: Vec<u8>| {
        let t = t.clone();
        async move {
            http()
                .post(url)
                .bearer_auth(t)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .expect("request")
                .status()
                .as_u16()
        }
    };
    let sessions = format!("{base}/v1/sessions");
    assert_eq!(post(sessions.clone(), b"{not json".to_vec()).await, 400);
    assert_eq!(post(sessions.clone(), b"[1, 2]".to_vec()).await, 400);
    for missing in [
        "businessUnitName",
        "caption",
        "customerName",
        "language",
        "priority",
        "source",
    ] {
        let mut r = request_session("Jose Silva", "Hello");
        r.as_object_mut().map(|o| o.remove(missing));
        assert_eq!(
            post(sessions.clone(), r.to_string().into_bytes()).await,
            400,
            "{missing}"
        );
    }
    let mut r = request_session("Jose Silva", "Hello");
    r["priority"] = json!(500);
    assert_eq!(
        post(sessions.clone(), r.to_string().into_bytes()).await,
        400
    );
    let mut r = request_session("Jose Silva", "Hello");
    r["source"] = json!("jose_silva");
    assert_eq!(
        post(sessions.clone(), r.to_string().into_bytes()).await,
        400
    );

    let c = Customer::start(&s, &request_session("Jose Silva", "Hello")).await;
    let sid = c.session_id.clone();
    // Unknown session: 404 everywhere.
    let unknown = format!("{base}/v1/sessions/W0nope");
    assert_eq!(
        post(
            format!("{unknown}/contents"),
            br#"{"content":"x"}"#.to_vec()
        )
        .await,
        404
    );
    assert_eq!(
        post(
            format!("{unknown}/typing"),
            br#"{"isTyping":true}"#.to_vec()
        )
        .await,
        404
    );
    for url in [
        format!("{unknown}/contents"),
        format!("{unknown}/contents/1"),
    ] {
        let res = http().get(url).bearer_auth(&t).send().await.expect("get");
        assert_eq!(res.status(), 404);
    }
    let res = http()
        .delete(&sessions)
        .bearer_auth(&t)
        .json(&json!({"sessionId": "W0nope"}))
        .send()
        .await
        .expect("delete");
    assert_eq!(res.status(), 404);
    // Malformed bodies and parameters: 400.
    let own = format!("{base}/v1/sessions/{sid}");
    for body in [
        &b"nope"[..],
        br#"{"content": ""}"#,
        br#"{"content": 5}"#,
        br#"{}"#,
    ] {
        assert_eq!(post(format!("{own}/contents"), body.to_vec()).await, 400);
    }
    for body in [&b"nope"[..], br#"{"isTyping": "maybe"}"#, br#"{}"#] {
        assert_eq!(post(format!("{own}/typing"), body.to_vec()).await, 400);
    }
    assert_eq!(
        post(format!("{own}/typing"), br#"{"isTyping": "true"}"#.to_vec()).await,
        200
    );
    for url in [
        format!("{own}/contents/-1"),
        format!("{own}/contents/abc"),
        format!("{own}/contents?wait=soon"),
    ] {
        let res = http().get(&url).bearer_auth(&t).send().await.expect("get");
        assert_eq!(res.status(), 400, "{url}");
    }
    for body in [json!({}), json!({"sessionId": ""}), json!({"sessionId": 7})] {
        let res = http()
            .delete(&sessions)
            .bearer_auth(&t)
            .json(&body)
            .send()
            .await
            .expect("delete");
        assert_eq!(res.status(), 400, "{body}");
    }
    let res = http()
        .get(format!("{base}/v1/nothing-here"))
        .bearer_auth(&t)
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 404);
    // Nothing of that touched the session.
    let (status, q) = c.contents(None, 0).await;
    assert_eq!(status, 200);
    assert_eq!(q["connected"], true);
    let contents = q["content"].as_array().expect("contents");
    assert_eq!(contents[0]["content"], "Hello");
    assert!(contents.iter().all(|c| c["messageType"] != "AGENT_MESSAGE"));
    assert_eq!(
        contents
            .iter()
            .filter(|c| c["messageType"] == "CUSTOMER_MESSAGE")
            .count(),
        1
    );
    s.shutdown().await;
}

#[tokio::test]
async fn contents_are_numbered_from_one_and_a_waiting_poll_answers_when_something_arrives() {
    let s = sim_with(web_only()).await;
    let c = Customer::start(&s, &request_session("Jose Silva", "Can you help me?")).await;
    let (status, all) = c.contents(None, 0).await;
    assert_eq!(status, 200);
    assert_eq!(all["sessionId"], c.session_id.as_str());
    for key in [
        "connected",
        "content",
        "newIndexKey",
        "whoIsTyping",
        "pushUrl",
        "callMeAgentKey",
        "redirectUrl",
    ] {
        assert!(all.get(key).is_some(), "QueryContentResponse.{key}");
    }
    let contents = all["content"].as_array().expect("content").clone();
    let first = &contents[0];
    assert_eq!(first["messageType"], "CUSTOMER_MESSAGE");
    assert_eq!(first["from"], "Jose Silva");
    assert_eq!(first["content"], "Can you help me?");
    for key in [
        "agentFirstName",
        "agentLastName",
        "formattedContent",
        "pushedUrl",
    ] {
        assert!(first.get(key).is_some(), "Content.{key}");
    }
    assert_eq!(contents[1]["messageType"], "SYSTEM_MESSAGE");
    let next = all["newIndexKey"].as_u64().expect("newIndexKey");
    assert_eq!(next, contents.len() as u64 + 1);
    assert_eq!(c.contents(Some(0), 0).await.1["content"], all["content"]);
    assert_eq!(c.contents(Some(1), 0).await.1["content"], all["content"]);
    assert_eq!(
        c.contents(Some(2), 0).await.1["content"]
            .as_array()
            .map(Vec::len),
        Some(contents.len() - 1)
    );
    let (_, none) = c.contents(Some(next), 0).await;
    assert_eq!(none["content"], json!([]));
    assert_eq!(none["newIndexKey"], next);
    assert_eq!(
        c.contents(Some(next + 5), 0).await.1["content"],
        Value::Null
    );

    // A poll with a wait is answered as soon as a content exists.
    let poll = {
        let c = Customer {
            http: http(),
            base: c.base.clone(),
            token: c.token.clone(),
            session_id: c.session_id.clone(),
        };
        tokio::spawn(async move {
            let started = Instant::now();
            let r = c.contents(Some(next), 20).await;
            (r, started.elapsed())
        })
    };
    // The poll is in flight once the server holds it; a message makes it answer.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !poll.is_finished(),
        "a waiting poll is held while nothing is new"
    );
    assert_eq!(c.post_content("Still there?").await, 201);
    let ((status, q), took) = poll.await.expect("poll task");
    assert_eq!(status, 200);
    assert!(
        took < Duration::from_secs(10),
        "answered at once, not at the end of the wait: {took:?}"
    );
    assert_eq!(q["content"][0]["content"], "Still there?");
    assert_eq!(q["content"][0]["messageType"], "CUSTOMER_MESSAGE");
    assert_eq!(q["newIndexKey"], next + 1);
    s.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_web_chat_with_a_desk_agent_leaves_first() {
    let s = sim_with(SimConfig {
        web_chat_retention: Duration::from_millis(300),
        ..web_only()
    })
    .await;
    let mut desk = online(&s, "agent1").await;
    // Nobody is READY yet: the chat is queued with NO_AGENT_AVAILABLE.
    let c = Customer::start(&s, &request_session("Jose Silva", "My internet is down.")).await;
    assert_eq!(c.post_content("It has been down since 9.").await, 201);
    desk.type_line("/ready");
    desk.until("the web chat offered", |st| !st.offers.is_empty())
        .await;
    let offer = &desk.state.offers[0];
    assert_eq!(offer.customer_name, "Jose Silva");
    assert_eq!(offer.queue, "Sales");
    desk.type_line("/accept");
    desk.until("conversation focused", |st| st.focused.is_some())
        .await;
    let conv = desk.state.focused_conversation().expect("conversation");
    assert_eq!(conv.customer_name, "Jose Silva");
    let customer_lines = lines_of(&desk.state, Author::Customer);
    assert_eq!(
        customer_lines,
        ["My internet is down.", "It has been down since 9."]
    );
    let system = lines_of(&desk.state, Author::System).join(" | ");
    assert!(system.contains("Queued in Sales"), "{system}");
    assert!(system.contains("No agent available"), "{system}");
    assert_eq!(
        conv.conversation_data["Phone Number"],
        "+55 (41) 99999-9999"
    );
    assert_eq!(conv.conversation_data["language"], "English");

    // The customer sees the agent join, then the messages both ways.
    let joined = "Alice Agent joined the chat. You are now chatting with Alice.";
    let (_, next) = c.until_content(1, "SYSTEM_MESSAGE", Some(joined)).await;
    assert_eq!(c.typing(true).await, 200);
    desk.until("customer typing shown", |st| {
        st.focused_conversation()
            .is_some_and(|c| c.customer_typing_until_ms.is_some())
    })
    .await;
    assert_eq!(c.post_content("Hello? <b>anyone</b>").await, 201);
    desk.until("the customer's message", |st| {
        lines_of(st, Author::Customer).last().map(String::as_str) == Some("Hello? <b>anyone</b>")
    })
    .await;
    let agent_text = "Hi Jose, I am checking <img src=x onerror=alert(1)>";
    desk.type_line(agent_text);
    let (message, after) = c
        .until_content(next, "AGENT_MESSAGE", Some(agent_text))
        .await;
    assert_eq!(message["from"], "agent1");
    assert_eq!(message["agentFirstName"], "Alice");
    assert_eq!(message["agentLastName"], "Agent");
    assert_eq!(
        message["formattedContent"],
        "Hi Jose, I am checking &lt;img src=x onerror=alert(1)&gt;"
    );
    desk.until("read once the customer fetched it", |st| {
        st.focused_conversation().is_some_and(|c| {
            c.lines
                .iter()
                .any(|l| l.author == Author::Me && l.delivery == Some(Delivery::Read))
        })
    })
    .await;

    // The agent leaves first: the customer's next poll says so.
    desk.type_line("/leave");
    let (left, _) = c.until_content(after, "AGENT_DISCONNECT", None).await;
    assert_eq!(left["from"], "agent1");
    let (status, q) = c.contents(None, 0).await;
    assert_eq!(status, 200);
    assert_eq!(q["connected"], false);
    assert_eq!(c.post_content("wait!").await, 503);
    // Readable for its retention, then gone.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (status, _) = c.contents(None, 0).await;
        if status == 404 {
            break;
        }
        assert_eq!(status, 200);
        assert!(
            Instant::now() < deadline,
            "session still there after its retention"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(c.post_content("hello").await, 404);
    assert_eq!(c.delete().await, 404);
    desk.quit().await;
    s.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_customer_leaves_first_and_the_desk_sees_it() {
    let s = sim_with(web_only()).await;
    let mut desk = online(&s, "agent2").await;
    desk.type_line("/ready");
    desk.until("READY", |st| st.agent.state == "READY").await;
    let c = Customer::start(&s, &request_session("Ana Souza", "Quick question")).await;
    desk.until("offer", |st| !st.offers.is_empty()).await;
    desk.type_line("/accept");
    desk.until("conversation", |st| st.focused.is_some()).await;
    desk.type_line("Hello Ana");
    let (_, next) = c.until_content(1, "AGENT_MESSAGE", Some("Hello Ana")).await;
    assert_eq!(c.delete().await, 200);
    desk.until("customer left shown", |st| {
        lines_of(st, Author::System)
            .iter()
            .any(|l| l.contains("Ana Souza (customer) left"))
    })
    .await;
    let (status, q) = c.contents(Some(next), 0).await;
    assert_eq!(status, 200);
    assert_eq!(q["connected"], false);
    assert_eq!(q["content"][0]["messageType"], "CUSTOMER_DISCONNECT");
    assert_eq!(c.delete().await, 200, "a second DELETE changes nothing");
    assert_eq!(c.post_content("one more thing").await, 503);
    assert_eq!(c.typing(true).await, 200);
    desk.quit().await;
    s.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rona_puts_the_web_chat_back_in_the_queue_and_a_customer_who_leaves_is_withdrawn() {
    let s = sim_with(SimConfig {
        rona: Duration::from_millis(400),
        ..web_only()
    })
    .await;
    let mut desk = online(&s, "agent1").await;
    desk.type_line("/ready");
    desk.until("READY", |st| st.agent.state == "READY").await;
    let c = Customer::start(&s, &request_session("Jose Silva", "Hello")).await;
    desk.until("offer", |st| !st.offers.is_empty()).await;
    let first = desk.state.offers[0].clone();
    desk.until("RONA: revoked, NOT_READY", |st| {
        st.offers.is_empty() && st.agent.state == "NOT_READY"
    })
    .await;
    desk.type_line("/ready");
    desk.until("the same chat offered again", |st| {
        st.offers
            .iter()
            .any(|o| o.conversation_id == first.conversation_id)
    })
    .await;
    assert_ne!(
        desk.state.offers[0].task_id, first.task_id,
        "a new reservation"
    );
    // The customer gives up before anyone accepts: the offer is withdrawn.
    assert_eq!(c.delete().await, 200);
    desk.until("offer withdrawn", |st| st.offers.is_empty())
        .await;
    assert!(s.open_conversations("agent1").is_empty());
    desk.quit().await;
    s.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_scripted_customers_only_web_chats_are_offered() {
    let s = sim_with(web_only()).await;
    let mut desk = online(&s, "agent1").await;
    desk.type_line("/ready");
    desk.until("READY", |st| st.agent.state == "READY").await;
    // Ten offer delays without any offer.
    let quiet = tokio::time::timeout(
        Duration::from_secs(1),
        desk.until("an offer", |st| !st.offers.is_empty()),
    )
    .await;
    assert!(
        quiet.is_err(),
        "no scripted offer with --scripted-customers 0"
    );
    let _c = Customer::start(&s, &request_session("Jose Silva", "Hello")).await;
    desk.until("the web chat offer", |st| !st.offers.is_empty())
        .await;
    assert_eq!(desk.state.offers[0].customer_name, "Jose Silva");
    desk.quit().await;
    s.shutdown().await;

    // The default keeps scripted customers.
    let s = sim_with(SimConfig {
        scripted_customers: None,
        ..web_only()
    })
    .await;
    let mut desk = online(&s, "agent1").await;
    desk.type_line("/ready");
    desk.until("a scripted offer", |st| !st.offers.is_empty())
        .await;
    assert_eq!(desk.state.offers[0].customer_name, "Maria Lopez");
    desk.quit().await;
    s.shutdown().await;
}

#[tokio::test]
async fn the_chat_page_is_served_from_the_binary() {
    let s = sim_with(SimConfig::default()).await;
    let page = s.chat_page_url();
    assert!(page.ends_with("/chat"));
    let res = http().get(&page).send().await.expect("page");
    assert_eq!(res.status(), 200);
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert!(header("content-type").starts_with("text/html"));
    assert!(header("content-security-policy").contains("script-src 'self'"));
    let html = res.text().await.expect("html");
    assert!(html.contains("/chat/chat.js"));
    for (path, kind) in [
        ("/chat/chat.js", "text/javascript"),
        ("/chat/chat.css", "text/css"),
    ] {
        let res = http()
            .get(format!(
                "{}{path}",
                page.strip_suffix("/chat").expect("origin")
            ))
            .send()
            .await
            .expect("asset");
        assert_eq!(res.status(), 200, "{path}");
        assert!(res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with(kind)));
    }
    s.shutdown().await;
}
