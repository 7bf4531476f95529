//! Checks of the configured Agent Manager: DNS, TCP, TLS, the login endpoint and the
//! socket.io handshake, each only when the one before it worked.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use url::Url;

use super::{Check, Section, Status};
use crate::client::transport::{self, ConnectOptions};
use crate::client::Endpoints;
use crate::config::Services;

/// Upper bound of each network step.
const STEP_TIMEOUT: Duration = Duration::from_secs(10);

/// The user of the test login: meant not to exist, so the endpoint refuses it.
const PROBE_USER: &str = "agentdesk-doctor";

pub(super) async fn check(server: &Url, services: Option<&Services>) -> Section {
    let mut checks = Vec::new();
    let title = format!("Server {server}");
    let endpoints = match Endpoints::from_server(server.as_str()) {
        Ok(endpoints) => services.map_or(endpoints.clone(), |s| s.apply(endpoints)),
        Err(error) => {
            checks.push(
                Check::new(Status::Fail, "server URL", error.to_string())
                    .fix("the Agent Manager base URL, e.g. https://cx.example.com/agent-manager"),
            );
            return Section { title, checks };
        }
    };
    let Some(host) = server.host_str().map(str::to_string) else {
        checks.push(Check::new(Status::Fail, "server URL", "no host in the URL"));
        return Section { title, checks };
    };
    let port = server.port_or_known_default().unwrap_or(443);
    let https = server.scheme() == "https";

    // DNS
    let addrs: Vec<SocketAddr> = match timeout(tokio::net::lookup_host((host.as_str(), port))).await
    {
        Ok(Ok(addrs)) => addrs.collect(),
        Ok(Err(error)) => {
            checks.push(
                Check::new(
                    Status::Fail,
                    "DNS",
                    format!("cannot resolve {host}: {error}"),
                )
                .fix("check the host name in the server URL, your DNS, or the VPN"),
            );
            return skip_rest(
                title,
                checks,
                &["TCP", "TLS", "login endpoint", "socket.io"],
            );
        }
        Err(_) => {
            checks.push(Check::new(
                Status::Fail,
                "DNS",
                format!("no answer for {host} within {} s", STEP_TIMEOUT.as_secs()),
            ));
            return skip_rest(
                title,
                checks,
                &["TCP", "TLS", "login endpoint", "socket.io"],
            );
        }
    };
    let shown: Vec<String> = addrs.iter().take(3).map(|a| a.ip().to_string()).collect();
    checks.push(Check::new(
        Status::Ok,
        "DNS",
        format!("{host} → {}", shown.join(", ")),
    ));

    // TCP
    let started = Instant::now();
    let mut last_error = String::from("no address");
    let mut stream = None;
    for addr in &addrs {
        match timeout(tokio::net::TcpStream::connect(addr)).await {
            Ok(Ok(s)) => {
                stream = Some((s, *addr));
                break;
            }
            Ok(Err(error)) => last_error = format!("{addr}: {error}"),
            Err(_) => last_error = format!("{addr}: no answer within {} s", STEP_TIMEOUT.as_secs()),
        }
    }
    let Some((stream, addr)) = stream else {
        checks.push(
            Check::new(
                Status::Fail,
                "TCP",
                format!("cannot connect to port {port}: {last_error}"),
            )
            .fix("is the server up and the port right? a firewall or proxy in the way?"),
        );
        return skip_rest(title, checks, &["TLS", "login endpoint", "socket.io"]);
    };
    checks.push(Check::new(
        Status::Ok,
        "TCP",
        format!(
            "connected to {addr} in {} ms",
            started.elapsed().as_millis()
        ),
    ));

    // TLS
    if https {
        match tls_handshake(stream, &host).await {
            Ok(version) => checks.push(Check::new(
                Status::Ok,
                "TLS",
                format!("handshake done ({version}); the certificate is valid for {host}"),
            )),
            Err(error) => {
                checks.push(Check::new(Status::Fail, "TLS", error).fix(
                    "the certificate must be valid for the host and signed by a public CA (the desk trusts the webpki roots); check the URL's host name",
                ));
                return skip_rest(title, checks, &["login endpoint", "socket.io"]);
            }
        }
    } else {
        drop(stream);
        let loopback = addr.ip().is_loopback();
        checks.push(
            Check::new(
                if loopback { Status::Info } else { Status::Warn },
                "TLS",
                if loopback {
                    "plain http on loopback (a simulator or a tunnel)".to_string()
                } else {
                    "plain http: the password travels unencrypted".to_string()
                },
            )
            .fix_if(!loopback, "use the https:// URL of the Agent Manager"),
        );
    }

    // Login endpoint
    let login_url = endpoints.login();
    checks.push(login_endpoint(&login_url).await);

    // socket.io
    checks.push(socket_handshake(&endpoints).await);
    Section { title, checks }
}

impl Check {
    fn fix_if(self, condition: bool, fix: &str) -> Check {
        if condition {
            self.fix(fix)
        } else {
            self
        }
    }
}

async fn timeout<F: std::future::Future>(
    future: F,
) -> Result<F::Output, tokio::time::error::Elapsed> {
    tokio::time::timeout(STEP_TIMEOUT, future).await
}

fn skip_rest(title: String, mut checks: Vec<Check>, rest: &[&str]) -> Section {
    for what in rest {
        checks.push(Check::new(Status::Skip, what, "not checked (see above)"));
    }
    Section { title, checks }
}

/// A TLS handshake on `stream` with the desk's TLS setup; the protocol version on success.
async fn tls_handshake(stream: tokio::net::TcpStream, host: &str) -> Result<String, String> {
    let config = match transport::tls_connector() {
        Ok(tokio_tungstenite::Connector::Rustls(config)) => config,
        Ok(_) => return Err("no TLS configuration".into()),
        Err(error) => return Err(error.to_string()),
    };
    let name = rustls::pki_types::ServerName::try_from(host.to_string())
        .map_err(|e| format!("{host} is not a valid TLS server name: {e}"))?;
    let connector = tokio_rustls::TlsConnector::from(Arc::clone(&config));
    match timeout(connector.connect(name, stream)).await {
        Ok(Ok(tls)) => {
            let (_, session) = tls.get_ref();
            Ok(session
                .protocol_version()
                .map(|v| format!("{v:?}"))
                .unwrap_or_else(|| "TLS".into()))
        }
        Ok(Err(error)) => Err(format!("TLS handshake failed: {error}")),
        Err(_) => Err(format!(
            "no TLS handshake within {} s",
            STEP_TIMEOUT.as_secs()
        )),
    }
}

/// `POST {AM}/agent/login` for a user that does not exist: a working endpoint refuses it.
async fn login_endpoint(url: &str) -> Check {
    let http = reqwest::Client::builder()
        .timeout(STEP_TIMEOUT)
        .user_agent(concat!("agentdesk-doctor/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_default();
    let body = serde_json::json!({ "username": PROBE_USER, "password": "" });
    match http.post(url).json(&body).send().await {
        Ok(response) => {
            let status = response.status();
            let code = status.as_u16();
            match code {
                400 | 401 | 403 => Check::new(
                    Status::Ok,
                    "login endpoint",
                    format!("POST {url} refused a test login with {status}, as it should"),
                ),
                200..=299 => Check::new(
                    Status::Warn,
                    "login endpoint",
                    format!("POST {url} accepted a login for {PROBE_USER:?} with an empty password ({status})"),
                ),
                404 | 405 => Check::new(
                    Status::Fail,
                    "login endpoint",
                    format!("POST {url} answered {status}: no Agent Manager login there"),
                )
                .fix("the server URL must be the Agent Manager base, e.g. https://cx.example.com/agent-manager"),
                _ => Check::new(
                    Status::Fail,
                    "login endpoint",
                    format!("POST {url} answered {status}"),
                )
                .fix("the Agent Manager (or Keycloak behind it) is not working: ask its administrator"),
            }
        }
        Err(error) => {
            let mut text = error.to_string();
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                text.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            Check::new(
                Status::Fail,
                "login endpoint",
                format!("POST {url}: {text}"),
            )
        }
    }
}

/// Opens the desk's websocket and waits for the Engine.IO open packet (`0{"sid":…}`),
/// then closes: no namespace CONNECT, so no agent session is touched.
async fn socket_handshake(endpoints: &Endpoints) -> Check {
    let options = ConnectOptions {
        origin: endpoints.socket_origin(),
        path: endpoints.socket_path(),
        query: Vec::new(),
        auth: None,
        connect_timeout: STEP_TIMEOUT,
    };
    let url = match transport::websocket_url(&options) {
        Ok(url) => url,
        Err(error) => return Check::new(Status::Fail, "socket.io", error.to_string()),
    };
    let connector = if url.scheme() == "wss" {
        match transport::tls_connector() {
            Ok(connector) => Some(connector),
            Err(error) => return Check::new(Status::Fail, "socket.io", error.to_string()),
        }
    } else {
        None
    };
    let shown = {
        let mut u = url.clone();
        u.set_query(None);
        u.to_string()
    };
    let attempt = async {
        let (mut ws, _) =
            tokio_tungstenite::connect_async_tls_with_config(url.as_str(), None, false, connector)
                .await
                .map_err(|e| format!("websocket to {shown} failed: {e}"))?;
        let first = ws
            .next()
            .await
            .ok_or_else(|| "the server closed the websocket before the open packet".to_string())?
            .map_err(|e| format!("reading the open packet: {e}"))?;
        let _ = ws.close(None).await;
        let text = first.into_text().map_err(|e| e.to_string())?;
        let open: serde_json::Value = text
            .strip_prefix('0')
            .and_then(|json| serde_json::from_str(json).ok())
            .ok_or_else(|| {
                format!(
                    "not an Engine.IO open packet: {:?}",
                    text.chars().take(60).collect::<String>()
                )
            })?;
        let upgrades_ok = open.get("sid").is_some_and(|s| s.is_string());
        if !upgrades_ok {
            return Err("the open packet has no sid".to_string());
        }
        Ok(open
            .get("pingInterval")
            .and_then(|v| v.as_u64())
            .map(|ms| format!("ping every {} s", ms / 1000))
            .unwrap_or_default())
    };
    match timeout(attempt).await {
        Ok(Ok(ping)) => Check::new(
            Status::Ok,
            "socket.io",
            format!("Engine.IO handshake at {shown} ({ping}); the agent's session was not touched"),
        ),
        Ok(Err(error)) => Check::new(Status::Fail, "socket.io", error).fix(
            "the socket.io path is {server path}/socket.io/; a proxy in front must pass websocket upgrades",
        ),
        Err(_) => Check::new(
            Status::Fail,
            "socket.io",
            format!("no Engine.IO open packet from {shown} within {} s", STEP_TIMEOUT.as_secs()),
        )
        .fix("a proxy that does not pass websocket upgrades? a wrong path drops the upgrade"),
    }
}
