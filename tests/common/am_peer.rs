//! One running independent Agent Manager (`node tests/peer/am.js`) for interoperability
//! tests: its port, its records (`GET /__records`), its test controls (`POST /__…`). Killed on
//! drop; it also exits when its stdin closes.

use tokio::process::{Child, ChildStdin};

use super::desk::WAIT;
use super::npm::{spawn_node_peer, NodePeer};
use serde_json::Value;

pub struct AmPeer {
    child: Child,
    pub port: u16,
    http: reqwest::Client,
    _stdin: Option<ChildStdin>,
}

impl AmPeer {
    pub async fn start() -> AmPeer {
        let NodePeer {
            child,
            port,
            stdin,
            mut lines,
        } = spawn_node_peer("am.js", &[], WAIT).await;
        // Keep draining stdout so the peer never blocks on a full pipe.
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                eprintln!("am.js: {line}");
            }
        });
        let http = reqwest::Client::builder().timeout(WAIT).build().unwrap();
        AmPeer {
            child,
            port,
            http,
            _stdin: stdin,
        }
    }

    /// The desk's `--server`: the AM under the peer's own base path.
    pub fn server_url(&self) -> String {
        format!("http://127.0.0.1:{}/cx/agent-manager", self.port)
    }

    /// Everything the peer saw so far, of `kind` (see am.js).
    pub async fn records(&self, kind: &str) -> Vec<Value> {
        let url = format!("http://127.0.0.1:{}/__records", self.port);
        let all: Vec<Value> = self
            .http
            .get(url)
            .send()
            .await
            .expect("GET /__records")
            .json()
            .await
            .expect("records are JSON");
        all.into_iter().filter(|r| r["kind"] == kind).collect()
    }

    /// First arguments of the desk's emits of `event`, in order.
    pub async fn emits(&self, event: &str) -> Vec<Value> {
        self.records("emit")
            .await
            .into_iter()
            .filter(|r| r["event"] == event)
            .map(|r| r["payload"].clone())
            .collect()
    }

    /// `POST /__<control>`; its JSON answer.
    pub async fn control(&self, control: &str) -> Value {
        let url = format!("http://127.0.0.1:{}/__{control}", self.port);
        self.http
            .post(url)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST /__{control}: {e}"))
            .json()
            .await
            .expect("a JSON answer")
    }
}

impl Drop for AmPeer {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}
