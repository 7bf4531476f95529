//! A customer on the simulator's Web Interaction REST API (seed 002), over reqwest.
#![allow(dead_code)]

use std::time::Duration;

use agentdesk::sim::{SimServer, WEB_CHAT_CLIENT_ID, WEB_CHAT_CLIENT_SECRET};
use serde_json::{json, Value};

/// Upper bound of every request (long polls included).
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(40);

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(HTTP_TIMEOUT)
        .build()
        .expect("http client")
}

/// The seed's RequestSession example (§4.2.1), with `caption` and `customerName` given.
pub fn request_session(customer_name: &str, caption: &str) -> Value {
    json!({
        "businessUnitName": "DEFAULT",
        "caption": caption,
        "contactData": [
            {"key": "Address", "value": "Street"},
            {"key": "Phone Number", "value": "+55 (41) 99999-9999"}
        ],
        "customerName": customer_name,
        "destination": "Sales",
        "language": "English",
        "priority": 5,
        "source": "jose.silva@email.com"
    })
}

/// The API base URL and a bearer token.
pub struct Customer {
    pub base: String,
    pub token: String,
    pub http: reqwest::Client,
    pub session_id: String,
}

/// `POST /oauth/token` with these credentials.
pub async fn token_response(base: &str, id: &str, secret: &str) -> reqwest::Response {
    http()
        .post(format!("{base}/oauth/token"))
        .basic_auth(id, Some(secret))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials")
        .send()
        .await
        .expect("token request")
}

/// A valid bearer token for the demo client.
pub async fn token(base: &str) -> String {
    let res = token_response(base, WEB_CHAT_CLIENT_ID, WEB_CHAT_CLIENT_SECRET).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("token json");
    body["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

impl Customer {
    /// Signs in and starts a session with `request` (asserting 201).
    pub async fn start(server: &SimServer, request: &Value) -> Customer {
        let base = server.web_chat_api_url();
        let token = token(&base).await;
        let http = http();
        let res = http
            .post(format!("{base}/v1/sessions"))
            .bearer_auth(&token)
            .json(request)
            .send()
            .await
            .expect("session request");
        assert_eq!(res.status(), 201);
        let body: Value = res.json().await.expect("session json");
        let session_id = body["sessionId"].as_str().expect("sessionId").to_string();
        Customer {
            base,
            token,
            http,
            session_id,
        }
    }

    fn session(&self, suffix: &str) -> String {
        format!("{}/v1/sessions/{}{suffix}", self.base, self.session_id)
    }

    /// `GET .../contents[/{index_key}]?wait=N`: (status, body or Null).
    pub async fn contents(&self, index_key: Option<u64>, wait: u64) -> (u16, Value) {
        let path = match index_key {
            Some(k) => format!("/contents/{k}"),
            None => "/contents".to_string(),
        };
        let res = self
            .http
            .get(self.session(&path))
            .query(&[("wait", wait)])
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("contents request");
        let status = res.status().as_u16();
        let body = res.json().await.unwrap_or(Value::Null);
        (status, body)
    }

    /// Long-polls from `from` until a content with this `messageType` (and, if given,
    /// text) arrives; returns it and the next indexKey. Bounded by `rounds` polls.
    pub async fn until_content(
        &self,
        mut from: u64,
        message_type: &str,
        text: Option<&str>,
    ) -> (Value, u64) {
        for _ in 0..20 {
            let (status, q) = self.contents(Some(from), 5).await;
            assert_eq!(status, 200, "{q}");
            from = q["newIndexKey"].as_u64().expect("newIndexKey");
            if let Some(c) = q["content"].as_array().and_then(|cs| {
                cs.iter().find(|c| {
                    c["messageType"] == message_type
                        && text.is_none_or(|t| c["content"].as_str() == Some(t))
                })
            }) {
                return (c.clone(), from);
            }
        }
        panic!("no {message_type} content {text:?}");
    }

    pub async fn post_content(&self, text: &str) -> u16 {
        self.http
            .post(self.session("/contents"))
            .bearer_auth(&self.token)
            .json(&json!({"content": text}))
            .send()
            .await
            .expect("add content")
            .status()
            .as_u16()
    }

    pub async fn typing(&self, is_typing: bool) -> u16 {
        self.http
            .post(self.session("/typing"))
            .bearer_auth(&self.token)
            .json(&json!({"isTyping": is_typing}))
            .send()
            .await
            .expect("typing")
            .status()
            .as_u16()
    }

    pub async fn delete(&self) -> u16 {
        self.http
            .delete(format!("{}/v1/sessions", self.base))
            .bearer_auth(&self.token)
            .json(&json!({"sessionId": self.session_id}))
            .send()
            .await
            .expect("delete")
            .status()
            .as_u16()
    }
}
