//! Server events → [`ClientEvent`]s. Unknown events and undecodable payloads are logged and
//! dropped, never fatal (PROTOCOL.md §6.8).

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::protocol::{
    events, notices, pull, Announcement, PullModeRequestEvent, WrapupTimerStarted,
};

use super::event::ClientEvent;

/// Decodes one server event (`name` and its first argument). `None` for events the desk does
/// not act on or cannot read (logged at `warn` with the reason, never with the payload).
pub fn decode(name: &str, args: &[Value]) -> Option<ClientEvent> {
    if name == events::ON_CIM_EVENT {
        return cim_event(args.first().unwrap_or(&Value::Null));
    }
    let arg = args.first().cloned().unwrap_or(Value::Null);
    let event = match name {
        events::AGENT_PRESENCE => ClientEvent::Presence(Box::new(parse(name, arg)?)),
        events::ON_CHANNEL_TYPES => ClientEvent::ChannelTypes(parse(name, arg)?),
        events::TASK_REQUEST => ClientEvent::TaskRequest(Box::new(parse(name, arg)?)),
        events::REVOKE_TASK => ClientEvent::RevokeTask(parse(name, arg)?),
        events::ON_TOPIC_DATA => ClientEvent::TopicData(Box::new(parse(name, arg)?)),
        events::TOPIC_UNSUBSCRIPTION => ClientEvent::TopicUnsubscribed(parse(name, arg)?),
        events::TOPIC_CLOSED => ClientEvent::TopicClosed(parse(name, arg)?),
        events::SOCKET_SESSION_REMOVED => ClientEvent::SessionRemoved,
        events::WRAPUP_TIMER_STARTED => {
            let started: WrapupTimerStarted = parse(name, arg)?;
            ClientEvent::WrapupTimerStarted {
                conversation_id: started.conversation_id,
                duration_ms: started.duration_ms,
            }
        }
        events::AGENT_ASSISTANCE_REQUEST_PLACED => {
            ClientEvent::AssistanceRequestPlaced(parse(name, arg)?)
        }
        events::AGENT_ASSIGNED_FOR_ASSISTANCE => ClientEvent::AgentAssigned(parse(name, arg)?),
        events::CONSUL_TRANSFER_REQUEST_SUCCESS => {
            ClientEvent::ConsultTransferSucceeded(parse(name, arg)?)
        }
        events::ERRORS => {
            let error: notices::ServerError = parse(name, arg)?;
            ClientEvent::ServerError {
                task: error.task.unwrap_or_else(|| "server".into()),
                msg: error.msg.unwrap_or_else(|| "request failed".into()),
            }
        }
        events::ON_PULL_MODE_SUBSCRIBED_LIST => {
            ClientEvent::PullModeListFollowed(parse(name, arg)?)
        }
        events::PULL_MODE_SUBSCRIBED_LIST_REQUESTS
        | events::ADD_PULL_MODE_SUBSCRIBED_LIST_REQUESTS => {
            ClientEvent::PullModeRequestsAdded(pull::requests_from_value(&arg))
        }
        events::REMOVE_PULL_MODE_SUBSCRIBED_LIST_REQUESTS => {
            // A bare string list id (§3); an object with `id`/`listId` is tolerated [guess].
            let list_id = arg
                .as_str()
                .or_else(|| arg.get("listId").and_then(Value::as_str))
                .or_else(|| arg.get("id").and_then(Value::as_str));
            let Some(list_id) = list_id else {
                tracing::warn!(event = name, "no list id; dropped");
                return None;
            };
            ClientEvent::PullModeListRequestsRemoved {
                list_id: list_id.to_string(),
            }
        }
        events::ON_PULL_MODE_SUBSCRIBED_LIST_REQUEST => {
            let envelope: PullModeRequestEvent = parse(name, arg)?;
            match envelope.request() {
                Ok(request) => ClientEvent::PullModeRequestChanged {
                    kind: envelope.kind,
                    request,
                },
                Err(error) => {
                    tracing::warn!(event = name, %error, "undecodable pullModeEvent dropped");
                    return None;
                }
            }
        }
        events::ANNOUNCEMENT_DELETED if arg.is_string() => ClientEvent::AnnouncementDeleted {
            // A bare id is tolerated [guess]; §3 says the whole announcement.
            id: arg.as_str().unwrap_or_default().to_string(),
        },
        events::ANNOUNCEMENT_CREATED | events::ANNOUNCEMENT_DELETED => {
            let Some(announcement) = Announcement::from_value(&arg) else {
                tracing::warn!(event = name, "announcement without id dropped");
                return None;
            };
            if name == events::ANNOUNCEMENT_CREATED {
                ClientEvent::AnnouncementCreated(announcement)
            } else {
                ClientEvent::AnnouncementDeleted {
                    id: announcement.id,
                }
            }
        }
        other => {
            tracing::info!(event = other, "event not handled by this desk");
            return None;
        }
    };
    Some(event)
}

/// `onCimEvent` `{cimEvent, conversationId, roomInfo}`, read in place (no copy of the
/// envelope): a `cimEvent` string goes through the live fast path
/// ([`crate::protocol::CimEvent::from_live_json`]), an object through the full decoder.
fn cim_event(envelope: &Value) -> Option<ClientEvent> {
    let event = match envelope.get("cimEvent") {
        Some(Value::String(text)) => crate::protocol::CimEvent::from_live_json(text),
        Some(other) => crate::protocol::CimEvent::deserialize(other),
        None => {
            tracing::warn!(
                event = events::ON_CIM_EVENT,
                "onCimEvent without cimEvent dropped"
            );
            return None;
        }
    };
    match event {
        Ok(event) => Some(ClientEvent::CimEvent {
            conversation_id: envelope
                .get("conversationId")
                .and_then(Value::as_str)
                .map(str::to_string),
            event: Box::new(event),
        }),
        Err(error) => {
            tracing::warn!(event = events::ON_CIM_EVENT, %error, "undecodable cimEvent dropped");
            None
        }
    }
}

fn parse<T: DeserializeOwned>(name: &str, arg: Value) -> Option<T> {
    match serde_json::from_value(arg) {
        Ok(value) => Some(value),
        Err(error) => {
            tracing::warn!(event = name, %error, "undecodable event dropped");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cim_event_string_is_parsed_and_garbage_is_dropped() {
        let inner = json!({"id": "e", "name": "CUSTOMER_LEFT", "conversationId": "c"}).to_string();
        let ev = decode(
            "onCimEvent",
            &[json!({"cimEvent": inner, "conversationId": "c"})],
        );
        assert!(
            matches!(ev, Some(ClientEvent::CimEvent { ref event, .. }) if event.name == "CUSTOMER_LEFT")
        );
        assert!(decode("onCimEvent", &[json!({"cimEvent": "{not json"})]).is_none());
        assert!(decode("taskRequest", &[json!(42)]).is_none());
        assert!(decode("someFutureEvent", &[json!({})]).is_none());
        assert!(decode("revokeTask", &[]).is_none());
    }
}
