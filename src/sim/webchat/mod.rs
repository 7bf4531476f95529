//! The customer side a person can play: seed 002's **Web Interaction REST API**
//! (OpenScape Contact Center), served under [`API_BASE`] `/restinteractionsdk`, and a
//! small chat page at [`CHAT_PAGE`] `/chat` that uses only that API (`page.rs`).
//!
//! # The API (seed 002 §3.4, §4; `api.rs`)
//! - `POST /oauth/token` (§3.4, §4.1.1) with `Authorization: Basic
//!   base64(client-id:client-secret)` and the form body `grant_type=client_credentials`
//!   → 200 `{access_token, token_type: "bearer", scope: "all"}` with `Cache-Control:
//!   no-store`. The demo client is [`CLIENT_ID`] / [`CLIENT_SECRET`] (`webchat` /
//!   `webchat-secret`, a contract). Wrong or missing credentials → 401; another grant
//!   type → 400. \[sim\] Tokens do not expire (`oauth-token-validity-time` 0, §3.2).
//! - Every other call needs `authorization: bearer <access_token>`, else 401 (§3.4).
//! - `POST /v1/sessions` RequestSession (§4.2.1) → 201 `{sessionId}`. Required:
//!   `businessUnitName`, `caption` (the customer's first message), `customerName`,
//!   `language`, `priority` (integer 1–100), `source`; optional `destination` and
//!   `contactData` (`[{key, value}]`). Missing, empty or invalid → 400 (also `source` /
//!   `destination` with the characters §4.2.1 excludes: `! " % * , _ \` |`, or not
//!   ASCII). More than 1000 kept sessions → 503.
//! - `GET /v1/sessions/{sessionId}/contents` and `.../contents/{indexKey}` (§4.3.1) →
//!   200 QueryContentResponse `{sessionId, connected, content: [Content], newIndexKey,
//!   whoIsTyping, pushUrl, callMeAgentKey, redirectUrl}`; Content `{messageType, from,
//!   agentFirstName, agentLastName, content, formattedContent, pushedUrl}`. indexKeys
//!   start at 1; no key (or 0) returns everything. \[sim\] `?wait=N` (seconds, at most
//!   30) holds the answer until something new exists (a content, the agent starting or
//!   stopping to type, a disconnect) or N seconds passed: a long poll, so a page feels
//!   live without the seed's 3 s polling (§3.3.5), which still works.
//! - `POST /v1/sessions/{sessionId}/contents` AddContent `{content}` (§4.3.2) → 201; a
//!   disconnected session → 503.
//! - `POST /v1/sessions/{sessionId}/typing` NotifyTyping `{isTyping}` (§4.3.3; `true` /
//!   `false`, as booleans or the strings the seed's example sends) → 200.
//! - `DELETE /v1/sessions` `{sessionId}` (§4.2.2) → 200. \[sim\] A second DELETE of the
//!   same session within its retention is 200 again and changes nothing.
//! - Unknown session → 404; bad JSON → 400; a body too large (over 2 MB) → 413. Error
//!   responses have no content (§4's tables: "No content"). Unknown paths → 404. \[sim\]
//!   Same-origin only: no CORS headers (the seed's sample requests are same-origin).
//!
//! # What the desk sees
//! A session is a chat routed exactly like a scripted customer's (`queue.rs`,
//! `routing.rs`): it waits in the queue (`TASK_ENQUEUED`, and `NO_AGENT_AVAILABLE` when
//! nobody is free), is offered with `taskRequest` and RONA to a READY agent, and goes back
//! to the head of the queue when the offer is revoked. `caption` is the first
//! CUSTOMER_MESSAGE of the conversation's history. The customer is `customerName` (first
//! word = first name), identified by `source` (`channelCustomerIdentifier`; `customer._id`
//! is derived from it, so one source is one customer, as §4.2.1's "360° Customer View"
//! suggests); `priority` is `channelData.requestPriority`; `destination`, when given,
//! names the queue. `topicData.conversationData` holds `language`, `source`,
//! `destination` (when given) and the `contactData` pairs (which win on equal keys).
//! Customer messages are CUSTOMER_MESSAGEs (kept in the history while the chat waits),
//! typing `true` / `false` a TYPING_INDICATOR with `notificationType` TYPING_STARTED /
//! TYPING_STOPPED \[guess\], DELETE is `CUSTOMER_LEFT` + `CHANNEL_SESSION_ENDED` (a chat
//! still waiting leaves the queue; a pending offer is revoked).
//!
//! # What the customer sees
//! Contents 1 and 2 are the caption and a SYSTEM_MESSAGE welcome (the order of §4.3.1's
//! example); a SYSTEM_MESSAGE when the agent joins \[sim\]; the agent's messages as
//! AGENT_MESSAGE, their text as written (`from` the agent key = \[sim\] the username;
//! attachments as `[TYPE] name url`); `whoIsTyping` the agent key for 4 s after each desk
//! TYPING_INDICATOR (§3.3.7). The REST service has an agent message at once (DELIVERED to
//! the desk), the customer has read it when a query returns it (READ). When the agent
//! leaves (`topicUnsubscription`), the next query shows AGENT_DISCONNECT and `connected:
//! false`; after a DELETE, CUSTOMER_DISCONNECT. A disconnected session stays readable
//! for 5 minutes ([`SimConfig::web_chat_retention`](super::SimConfig::web_chat_retention)),
//! then 404 (§3.3.3, §4.3.1).

mod api;
mod desk;
mod page;
mod session;

pub(crate) use api::router;
pub(crate) use session::{AgentRef, Sessions};

use serde_json::Value;

use super::users::DemoUser;

/// Path prefix of the Web Interaction REST API (seed 002 §3.4: `POST
/// /restinteractionsdk/oauth/token`).
pub const API_BASE: &str = "/restinteractionsdk";

/// Path of the customer chat page.
pub const CHAT_PAGE: &str = "/chat";

/// The demo web chat client id (seed 002 §3.2 `oauth-client-id`; a contract).
pub const CLIENT_ID: &str = "webchat";

/// The demo web chat client secret (seed 002 §3.2 `oauth-client-secret`; a contract).
pub const CLIENT_SECRET: &str = "webchat-secret";

/// The agent as a web customer sees them.
pub(crate) fn agent_ref(user: &DemoUser) -> AgentRef {
    AgentRef {
        key: user.username.to_string(),
        first_name: user.first_name.to_string(),
        last_name: user.last_name.to_string(),
    }
}

/// The text a web customer sees for an agent's CimMessage whose (decoded) text is
/// `text`: the text; for a message without text, `[TYPE]` then the attachment's name and
/// URL when it has one (`body.attachment.name`, `body.mediaUrl` / `attachment.mediaUrl`,
/// PROTOCOL.md §4 bodies). \[sim\] the seed has no attachments.
pub(crate) fn shown_text(text: Option<String>, message: &Value) -> String {
    if let Some(text) = text {
        return text;
    }
    let body = &message["body"];
    let kind = body["type"].as_str().unwrap_or("MESSAGE");
    let name = body["caption"]
        .as_str()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| body["additionalDetails"]["fileName"].as_str());
    let url = body["attachment"]["mediaUrl"]
        .as_str()
        .or_else(|| body["mediaUrl"].as_str());
    let mut out = format!("[{kind}]");
    for part in [name, url].into_iter().flatten() {
        if !part.trim().is_empty() {
            out.push(' ');
            out.push_str(part.trim());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shown_text_names_attachments() {
        assert_eq!(shown_text(Some("hi".into()), &json!({})), "hi");
        let file = json!({"body": {"type": "FILE", "caption": "", "additionalDetails": {"fileName": "a.pdf"}, "attachment": {"mediaUrl": "http://x/a.pdf"}}});
        assert_eq!(shown_text(None, &file), "[FILE] a.pdf http://x/a.pdf");
        assert_eq!(
            shown_text(None, &json!({"body": {"type": "LOCATION"}})),
            "[LOCATION]"
        );
    }
}
