//! The simulated deployment's channels: the channel-type list sent as `onChannelTypes`
//! (PROTOCOL.md §3) and the one web-chat channel every simulated customer writes from.

use serde_json::{json, Value};

use super::mrd;

/// Id of the `WEB` channel type (the type of the simulated chat channel).
const WEB_TYPE_ID: &str = "622222cc5bd05f57c1c18421";
/// The queue every simulated chat is routed through (`taskRequest.queue`).
pub(crate) const QUEUE_ID: &str = "65a243fef86a6970764e63fb";
/// Name of that queue.
pub(crate) const QUEUE_NAME: &str = "Chat Queue";
/// `channel.serviceIdentifier` of the web chat channel.
pub(crate) const SERVICE_IDENTIFIER: &str = "1000";

fn channel_type(id: &str, name: &str, interactive: bool, mrd: Option<&str>) -> Value {
    json!({
        "id": id,
        "name": name,
        "channelLogo": format!("_{name}.svg"),
        "isInteractive": interactive,
        "mediaRoutingDomain": mrd,
    })
}

/// The `onChannelTypes` payload: an array shaped like `onChannelTypes.json`; chat-like
/// types point at the CHAT MRD, `CX_VOICE` at VOICE and `EMAIL` at EMAIL.
pub(crate) fn channel_types() -> Value {
    json!([
        channel_type("622222cb5bd05f57c1c1841d", "FACEBOOK", false, None),
        channel_type(
            "622222cc5bd05f57c1c1841f",
            "WHATSAPP",
            true,
            Some(mrd::CHAT.id)
        ),
        channel_type("622222cc5bd05f57c1c18420", "SMS", false, None),
        channel_type(WEB_TYPE_ID, "WEB", true, Some(mrd::CHAT.id)),
        channel_type("622222cc5bd05f57c1c18422", "GENERIC", false, None),
        channel_type(
            "6630b1f2c1d4e5f6a7b8c0e1",
            "EMAIL",
            true,
            Some(mrd::EMAIL.id)
        ),
        channel_type(
            "6630b1f2c1d4e5f6a7b8c0e2",
            "CX_VOICE",
            true,
            Some(mrd::VOICE.id)
        ),
    ])
}

/// The web chat channel (`channelSession.channel`), shaped like the fixtures' channel, with
/// `channelConfig.routingPolicy.agentRequestTtl` = the RONA timeout in seconds.
pub(crate) fn web_channel(agent_request_ttl_secs: u64) -> Value {
    let web_type = channel_type(WEB_TYPE_ID, "WEB", true, Some(mrd::CHAT.id));
    json!({
        "id": "6630b1f2c1d4e5f6a7b8c0a1",
        "name": "Demo Web Chat",
        "serviceIdentifier": SERVICE_IDENTIFIER,
        "defaultOutbound": false,
        "tenant": {"id": "6630b1f2c1d4e5f6a7b8c0a2", "name": null},
        "channelConfig": {
            "id": "6630b1f2c1d4e5f6a7b8c0a3",
            "channelMode": "HYBRID",
            "conversationBot": "",
            "responseSla": 0,
            "customerActivityTimeout": 600,
            "customerIdentificationCriteria": {"value": null},
            "routingPolicy": {
                "agentSelectionPolicy": "LONGEST_AVAILABLE",
                "routeToLastAgent": false,
                "routingMode": "PUSH",
                "routingObjectId": QUEUE_ID,
                "agentRequestTtl": agent_request_ttl_secs,
            },
            "botId": null,
        },
        "channelConnector": {
            "id": "6630b1f2c1d4e5f6a7b8c0a4",
            "name": "Web Connector",
            "channelProviderInterface": {
                "id": "6630b1f2c1d4e5f6a7b8c0a5",
                "name": "Web",
                "supportedChannelTypes": [web_type],
                "providerWebhook": "http://web-channel-manager.invalid",
                "channelProviderConfigSchema": [],
            },
            "channelProviderConfigs": [],
            "tenant": {"id": "6630b1f2c1d4e5f6a7b8c0a2", "name": null},
        },
        "channelType": web_type,
    })
}

/// The PULL channel (`channelSession.channel` of the pull-mode customers, `pull.rs`): the web
/// chat channel with `routingPolicy.routingMode: "PULL"` and `routingObjectId` = the list the
/// chat waits on \[guess: PUSH channels name their queue there\].
pub(crate) fn pull_channel(list_id: &str, agent_request_ttl_secs: u64) -> Value {
    let mut channel = web_channel(agent_request_ttl_secs);
    channel["id"] = json!("6630b1f2c1d4e5f6a7b8c0b1");
    channel["name"] = json!("Demo Web Chat (pull)");
    channel["channelConfig"]["id"] = json!("6630b1f2c1d4e5f6a7b8c0b3");
    let policy = &mut channel["channelConfig"]["routingPolicy"];
    policy["routingMode"] = json!("PULL");
    policy["routingObjectId"] = json!(list_id);
    channel
}
