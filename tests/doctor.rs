//! `agentdesk doctor` against the built-in simulator on loopback: a working server passes
//! every server check; a closed port and a wrong path fail with what to fix.

use agentdesk::client::Secret;
use agentdesk::config::{self, Effective};
use agentdesk::credentials::{Credentials, Keyring, KeyringError};
use agentdesk::doctor::{self, Status};
use agentdesk::sim;

/// This machine's situation in CI: no secret service.
struct NoKeyring;
impl Keyring for NoKeyring {
    fn get(&self, _: &str) -> Result<Option<Secret>, KeyringError> {
        Err(KeyringError::Unavailable("no secret service".into()))
    }
    fn set(&self, _: &str, _: &Secret) -> Result<(), KeyringError> {
        Err(KeyringError::Unavailable("no secret service".into()))
    }
    fn delete(&self, _: &str) -> Result<bool, KeyringError> {
        Err(KeyringError::Unavailable("no secret service".into()))
    }
}

fn effective_for(file: &str) -> Result<Effective, config::ConfigError> {
    let dir = std::env::temp_dir().join(format!("agentdesk-doctor-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config.toml");
    std::fs::write(&path, file).unwrap();
    let env = |_: &str| None;
    let result = config::resolve(&config::Request {
        config_path: Some(path),
        profile: None,
        flags: Vec::new(),
        env: &env,
    });
    std::fs::remove_dir_all(&dir).unwrap();
    result
}

#[tokio::test]
async fn a_working_simulator_passes_every_server_check() {
    let server = sim::start(sim::SimConfig::default()).await.unwrap();
    let effective = effective_for(&format!(
        "default_profile = \"sim\"\n[profiles.sim]\nserver = \"{}\"\nusername = \"agent1\"\nremember = true\n",
        server.base_url()
    ))
    .unwrap();
    let report = doctor::run(Ok(&effective), &Credentials::with(Box::new(NoKeyring))).await;
    let text = report.to_string();
    for what in ["DNS", "TCP", "login endpoint", "socket.io"] {
        assert_eq!(
            report.check(what).unwrap().status,
            Status::Ok,
            "{what}:\n{text}"
        );
    }
    assert_eq!(
        report.check("TLS").unwrap().status,
        Status::Info,
        "plain http on loopback:\n{text}"
    );
    assert!(text.contains("refused a test login with 401"), "{text}");
    assert!(text.contains("Engine.IO handshake"), "{text}");
    let keyring = report.check("keyring").unwrap();
    assert_eq!(
        keyring.status,
        Status::Warn,
        "remember is on but there is no keyring"
    );
    assert!(keyring.fix.is_some());
    assert_eq!(
        report.check("profile").unwrap().detail,
        "sim (chosen by config.toml:1)"
    );
    assert_eq!(report.check("theme").unwrap().status, Status::Ok);
    assert!(!report.failed(), "{text}");
    server.shutdown().await;
}

#[tokio::test]
async fn a_closed_port_and_a_wrong_path_say_what_to_fix() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let effective = effective_for(&format!(
        "server = \"http://127.0.0.1:{closed}/agent-manager\"\n"
    ))
    .unwrap();
    let report = doctor::run(Ok(&effective), &Credentials::with(Box::new(NoKeyring))).await;
    let tcp = report.check("TCP").unwrap();
    assert_eq!(tcp.status, Status::Fail, "{report}");
    assert!(tcp.fix.is_some());
    assert_eq!(report.check("socket.io").unwrap().status, Status::Skip);
    assert!(report.failed());

    let server = sim::start(sim::SimConfig::default()).await.unwrap();
    let wrong = server.base_url().replace("/agent-manager", "/wrong");
    let effective = effective_for(&format!("server = \"{wrong}\"\n")).unwrap();
    let report = doctor::run(Ok(&effective), &Credentials::with(Box::new(NoKeyring))).await;
    let login = report.check("login endpoint").unwrap();
    assert_eq!(login.status, Status::Fail, "{report}");
    assert!(login.fix.as_deref().unwrap().contains("/agent-manager"));
    assert_eq!(
        report.check("socket.io").unwrap().status,
        Status::Fail,
        "{report}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_broken_configuration_is_reported_not_fatal() {
    let error = effective_for("[profiles.work]\nusernme = \"sana\"\n").unwrap_err();
    let report = doctor::run(Err(&error), &Credentials::with(Box::new(NoKeyring))).await;
    let config = report.check("config file").unwrap();
    assert_eq!(config.status, Status::Fail);
    assert!(
        config
            .detail
            .contains("config.toml:2: unknown key \"usernme\" in [profiles.work]"),
        "{}",
        config.detail
    );
    assert_eq!(report.check("server").unwrap().status, Status::Skip);
    assert!(report.check("opener").is_some() && report.check("clipboard").is_some());
}
