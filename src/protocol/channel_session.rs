//! Read-only accessors over a channel session object (passed through as raw JSON).
//!
//! A channel session (`participantType: "ChannelSession"`) carries the customer, the channel
//! (with its type and routing policy) and `channelData`. The desk only reads a few fields and
//! sends the whole object back untouched (PROTOCOL.md §2, §4), so it stays a [`Value`].

use serde_json::Value;

use super::common::str_field;

/// A borrowed view of a channel session JSON object.
#[derive(Debug, Clone, Copy)]
pub struct ChannelSessionView<'a>(pub &'a Value);

impl<'a> ChannelSessionView<'a> {
    /// `id` of the channel session.
    pub fn id(&self) -> Option<&'a str> {
        str_field(self.0, "id")
    }

    /// The customer object (`customer`), if any.
    pub fn customer(&self) -> Option<&'a Value> {
        self.0.get("customer").filter(|c| c.is_object())
    }

    /// A display name for the customer: `customer.firstName`, else `channelData`'s first and
    /// last name, else the channel customer identifier.
    pub fn customer_name(&self) -> Option<String> {
        if let Some(name) = self.customer().and_then(|c| str_field(c, "firstName")) {
            if !name.trim().is_empty() {
                return Some(name.trim().to_string());
            }
        }
        let data = self.0.get("channelData")?;
        let first = str_field(data, "customerFirstName").unwrap_or("");
        let last = str_field(data, "customerLastName").unwrap_or("");
        let full = format!("{first} {last}").trim().to_string();
        if !full.is_empty() {
            return Some(full);
        }
        str_field(data, "channelCustomerIdentifier").map(str::to_string)
    }

    /// Channel type name, e.g. `WEB`, `WHATSAPP` (`channel.channelType.name`).
    pub fn channel_type(&self) -> Option<&'a str> {
        self.0
            .get("channel")
            .and_then(|c| c.get("channelType"))
            .and_then(|t| str_field(t, "name"))
    }

    /// RONA timeout in **seconds**:
    /// `channel.channelConfig.routingPolicy.agentRequestTtl` (PROTOCOL.md §3), when present and
    /// positive.
    pub fn agent_request_ttl_secs(&self) -> Option<u64> {
        self.0
            .get("channel")?
            .get("channelConfig")?
            .get("routingPolicy")?
            .get("agentRequestTtl")?
            .as_f64()
            .filter(|s| s.is_finite() && *s > 0.0)
            .map(|s| s as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_customer_channel_and_ttl() {
        let cs = json!({"id": "cs1", "customer": {"firstName": "Ann"},
            "channel": {"channelType": {"name": "WEB"},
                        "channelConfig": {"routingPolicy": {"agentRequestTtl": 30}}}});
        let v = ChannelSessionView(&cs);
        assert_eq!(v.id(), Some("cs1"));
        assert_eq!(v.customer_name().as_deref(), Some("Ann"));
        assert_eq!(v.channel_type(), Some("WEB"));
        assert_eq!(v.agent_request_ttl_secs(), Some(30));
    }

    #[test]
    fn falls_back_to_channel_data_names() {
        let cs = json!({"channelData": {"customerFirstName": "Bo", "customerLastName": "Li"}});
        assert_eq!(
            ChannelSessionView(&cs).customer_name().as_deref(),
            Some("Bo Li")
        );
        assert_eq!(
            ChannelSessionView(&json!(null)).agent_request_ttl_secs(),
            None
        );
    }
}
