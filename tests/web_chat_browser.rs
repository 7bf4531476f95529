//! A real browser as the customer: headless Chromium, driven through chromedriver by
//! `fantoccini`, opens the simulator's `/chat` page, starts a chat, and exchanges
//! messages with a desk (the real client + app state) in the same test; an agent message
//! carrying `<img src=x onerror=…>` must show as text.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Without
//! them the test says so loudly and passes, unless `AGENTDESK_REQUIRE_BROWSER=1` (set by
//! `.ci/run`): then it fails. `CHROMIUM` / `CHROMEDRIVER` override the binaries' paths.
//! Bounded: the whole test gives up after 120 s.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use agentdesk::app::{Author, Connection, Edit, Input, State, UserAction};
use agentdesk::client::{transport, ClientConfig, Endpoints};
use agentdesk::sim::{self, SimConfig, SimServer};
use common::desk::Desk;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The whole test's bound.
const WHOLE_TEST: Duration = Duration::from_secs(120);
/// Bound of each wait for something on the page.
const PAGE_WAIT: Duration = Duration::from_secs(20);

/// `name` on the PATH (or the path in `env`), if it is there.
fn find_binary(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env).map(PathBuf::from) {
        return path.is_file().then_some(path);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Starts chromedriver on a port it picks (`--port=0`) and reads that port from its
/// banner ("… started successfully on port N.").
async fn start_chromedriver(driver: &Path) -> (Child, u16) {
    let mut child = Command::new(driver)
        .arg("--port=0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("chromedriver starts");
    let stdout = child.stdout.take().expect("chromedriver stdout");
    let mut lines = BufReader::new(stdout).lines();
    let port = tokio::time::timeout(Duration::from_secs(20), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(rest) = line.split("on port ").nth(1) {
                if let Ok(port) = rest.trim_end_matches('.').trim().parse::<u16>() {
                    if port != 0 {
                        return port;
                    }
                }
            }
        }
        panic!("chromedriver ended before saying its port");
    })
    .await
    .expect("chromedriver says its port in time");
    // Keep reading (and dropping) its output so it never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, port)
}

/// A WebDriver session with headless Chromium in a fresh profile directory; the flags are
/// those Chromium needs on these machines (no sandbox as root, no GPU, no background
/// network traffic to hosts a closed network refuses).
async fn browser(port: u16, chromium: &Path, profile: &Path) -> Client {
    let args = [
        "--headless".to_string(),
        "--no-sandbox".to_string(),
        "--disable-gpu".to_string(),
        "--disable-dev-shm-usage".to_string(),
        "--disable-quic".to_string(),
        "--no-first-run".to_string(),
        "--disable-background-networking".to_string(),
        "--disable-component-update".to_string(),
        "--disable-sync".to_string(),
        "--window-size=1000,900".to_string(),
        format!("--user-data-dir={}", profile.display()),
    ];
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({"binary": chromium.display().to_string(), "args": args}),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session with headless Chromium")
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

/// Waits for an element matching `css` whose text contains `text`; returns its text.
async fn until_text(page: &Client, css: &str, text: &str) -> String {
    let deadline = tokio::time::Instant::now() + PAGE_WAIT;
    loop {
        if let Ok(elements) = page.find_all(Locator::Css(css)).await {
            for e in elements {
                if let Ok(t) = e.text().await {
                    if t.contains(text) {
                        return t;
                    }
                }
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no {css} containing {text:?} on the page"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The chat itself, customer in the browser, agent on the desk.
async fn chat(page: Client, mut desk: Desk, server_chat_page: String) {
    page.goto(&server_chat_page).await.expect("open /chat");
    let name = page.find(Locator::Id("name")).await.expect("name field");
    name.send_keys("Rosa Díaz").await.expect("type name");
    page.find(Locator::Id("email"))
        .await
        .expect("email field")
        .send_keys("rosa_diaz@example.com")
        .await
        .expect("type email");
    page.find(Locator::Id("first"))
        .await
        .expect("question field")
        .send_keys("My bill looks wrong.")
        .await
        .expect("type question");
    page.find(Locator::Id("start-chat"))
        .await
        .expect("start button")
        .click()
        .await
        .expect("start the chat");
    until_text(&page, "#log li.me", "My bill looks wrong.").await;
    let form_shown = page
        .find(Locator::Id("start"))
        .await
        .expect("start form")
        .is_displayed()
        .await
        .expect("displayed?");
    assert!(!form_shown, "the start form is hidden once the chat runs");

    desk.until("the browser's chat offered", |s| !s.offers.is_empty())
        .await;
    assert_eq!(desk.state.offers[0].customer_name, "Rosa Díaz");
    desk.type_line("/accept");
    desk.until("conversation focused", |s| s.focused.is_some())
        .await;
    assert_eq!(
        lines_of(&desk.state, Author::Customer),
        ["My bill looks wrong."]
    );
    let data = &desk
        .state
        .focused_conversation()
        .expect("conversation")
        .conversation_data;
    assert_eq!(data["E-mail"], "rosa_diaz@example.com");
    until_text(&page, "#log li.system", "You are now chatting with Alice").await;

    // The agent types (the page says so), then sends a message that is shown as text,
    // markup and all; nothing of it runs.
    let hostile = "Let me check <img src=x onerror=\"window.pwned=1\"> <b>now</b>";
    for c in hostile.chars() {
        desk.input(Input::User(UserAction::Edit(Edit::Insert(c))));
    }
    until_text(&page, "#typing", "is typing").await;
    desk.input(Input::User(UserAction::Submit));
    let shown = until_text(&page, "#log li.agent", "Let me check").await;
    assert!(shown.contains(hostile), "shown as text: {shown:?}");
    assert!(shown.contains("Alice"), "the agent's name: {shown:?}");
    let markup = page
        .find_all(Locator::Css("#log img, #log b"))
        .await
        .expect("query");
    assert!(markup.is_empty(), "agent text became HTML");
    let pwned: Value = page
        .execute("return window.pwned === undefined;", vec![])
        .await
        .expect("script");
    assert_eq!(pwned, json!(true));

    // The customer answers from the page (Enter sends).
    let message = page.find(Locator::Id("message")).await.expect("composer");
    message
        .send_keys("Thanks, I will wait.\u{E007}")
        .await
        .expect("type and Enter");
    desk.until("the browser's message on the desk", |s| {
        lines_of(s, Author::Customer).last().map(String::as_str) == Some("Thanks, I will wait.")
    })
    .await;
    until_text(&page, "#log li.me", "Thanks, I will wait.").await;

    // The agent leaves: the page says the chat ended and stops sending.
    desk.type_line("/leave");
    until_text(&page, "#status", "The agent has left the chat.").await;
    let disabled = page
        .find(Locator::Id("message"))
        .await
        .expect("composer")
        .attr("disabled")
        .await
        .expect("attr");
    assert!(disabled.is_some(), "composer disabled after the chat ended");
    desk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_in_headless_chromium_chats_with_a_desk() {
    let required = std::env::var("AGENTDESK_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let chromium = find_binary(
        "CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    );
    let driver = find_binary("CHROMEDRIVER", &["chromedriver"]);
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        let msg = "web_chat_browser: SKIPPED — chromium and chromedriver are not installed \
                   (Debian: apt-get install chromium chromium-driver; .ci/run does it)";
        assert!(!required, "{msg}, but AGENTDESK_REQUIRE_BROWSER=1");
        eprintln!("\n!!!!!!!! {msg} !!!!!!!!\n");
        return;
    };

    let server: SimServer = sim::start(SimConfig {
        offer_delay: Duration::from_millis(100),
        wrapup: Duration::ZERO,
        scripted_customers: Some(0),
        ..SimConfig::default()
    })
    .await
    .expect("simulator starts");
    let endpoints = Endpoints::from_server(&server.base_url()).expect("endpoints");
    let mut config = ClientConfig::new(endpoints, transport::default_connector());
    config.connect_timeout = Duration::from_secs(5);
    let mut desk = Desk::start(config);
    desk.login("agent1", "agent1");
    desk.until("online", |s| {
        s.connection == Connection::Online && !s.mrds.is_empty()
    })
    .await;
    desk.type_line("/ready");
    desk.until("READY", |s| s.agent.state == "READY").await;

    let profile = std::env::temp_dir().join(format!(
        "agentdesk-chromium-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_millis()
    ));
    std::fs::create_dir_all(&profile).expect("profile dir");
    let (mut chromedriver, port) = start_chromedriver(&driver).await;
    let page = browser(port, &chromium, &profile).await;

    let run = tokio::spawn(chat(page.clone(), desk, server.chat_page_url()));
    let outcome = tokio::time::timeout(WHOLE_TEST, run).await;
    // Clean up whatever happened: the browser, its driver, the profile, the simulator.
    let _ = tokio::time::timeout(Duration::from_secs(10), page.close()).await;
    let _ = chromedriver.kill().await;
    let _ = std::fs::remove_dir_all(&profile);
    server.shutdown().await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Ok(Err(e)) => panic!("browser test task failed: {e}"),
        Err(_) => panic!("browser test took longer than {WHOLE_TEST:?}"),
    }
}
