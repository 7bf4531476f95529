//! Builders for every payload the simulator puts on the wire, shaped exactly like the
//! fixtures in `tests/fixtures/` (same field names and nesting). Built with
//! `serde_json::json!` on purpose: the simulator shares no types with the client.

use serde_json::{json, Map, Value};

use super::channels;
use super::chat::Chat;
use super::ids;

/// The web connector, `header.sender` of every customer message (type CONNECTOR,
/// PROTOCOL.md §4).
const WEB_CONNECTOR_ID: &str = "460df46c-adf9-11ed-afa1-0242ac120002";

/// `errors` `{task, msg}` (`errors.json`).
pub(crate) fn errors(task: &str, msg: &str) -> Value {
    json!({"task": task, "msg": msg})
}

/// `agentPresence` envelope (`agentPresence.state_changed.json` / `.unchanged.json`):
/// `action` is `AGENT_STATE_CHANGED` or `AGENT_STATE_UNCHANGED`, `presence` the inner
/// `agentPresence` object; `correlationId` is a fresh uuid.
pub(crate) fn agent_presence(
    action: &str,
    agent_state_changed: bool,
    mrd_state_changes: &[&str],
    presence: Value,
) -> Value {
    json!({
        "action": action,
        "agentStateChanged": agent_state_changed,
        "mrdStateChanges": mrd_state_changes,
        "agentPresence": presence,
        "correlationId": ids::uuid(),
    })
}

/// `taskRequest` RESERVED inbound chat offer (`taskRequest.reserved.json`, plus the
/// `correlationId` later servers add).
pub(crate) fn task_request_reserved(chat: &Chat) -> Value {
    json!({
        "conversationId": chat.conversation_id,
        "channelSession": chat.channel_session,
        "roomInfo": chat.room_info(),
        "taskId": chat.task_id,
        "taskState": {"name": "RESERVED"},
        "taskDirection": "INBOUND",
        "queue": {"id": channels::QUEUE_ID, "name": channels::QUEUE_NAME},
        "note": null,
        "requestedBy": null,
        "correlationId": ids::uuid(),
    })
}

/// `revokeTask` `{conversationId, taskId}` (`revokeTask.json` plus the optional taskId).
pub(crate) fn revoke_task(chat: &Chat) -> Value {
    json!({"conversationId": chat.conversation_id, "taskId": chat.task_id})
}

/// `socketSessionRemoved` `{agentId}` (`socketSessionRemoved.json`).
pub(crate) fn socket_session_removed(agent_id: &str) -> Value {
    json!({"agentId": agent_id})
}

/// `topicUnsubscription` sent to the agent that left (`topicUnsubscription.received.json`:
/// no roomInfo).
pub(crate) fn topic_unsubscription(conversation_id: &str, reason: &str) -> Value {
    json!({
        "task": "topicUnsubscription",
        "conversationId": conversation_id,
        "statusCode": 200,
        "reason": reason,
    })
}

/// `onCimEvent` `{cimEvent: <JSON string>, conversationId, roomInfo}`
/// (`onCimEvent.customer_message.string.json`: real servers send the event as a string).
pub(crate) fn on_cim_event(event: &Value, conversation_id: &str, room_info: Value) -> Value {
    json!({
        "cimEvent": event.to_string(),
        "conversationId": conversation_id,
        "roomInfo": room_info,
    })
}

/// A live CUSTOMER_MESSAGE CimEvent with a PLAIN body, written at `ms` (epoch ms number,
/// as in live events). Shaped like the event inside
/// `onCimEvent.customer_message.string.json`.
pub(crate) fn customer_message(chat: &Chat, text: &str, ms: i64) -> Value {
    let name = chat.script.full_name();
    json!({
        "id": ids::object_id(),
        "name": "CUSTOMER_MESSAGE",
        "type": "MESSAGE",
        "timestamp": ms,
        "conversationId": chat.conversation_id,
        "eventEmitter": {
            "id": chat.customer_id(),
            "type": "CUSTOMER",
            "senderName": name,
            "additionalDetail": {"web": [chat.script.phone]},
        },
        "channelSession": chat.channel_session,
        "data": {
            "id": ids::uuid(),
            "header": {
                "sender": {
                    "id": WEB_CONNECTOR_ID,
                    "type": "CONNECTOR",
                    "senderName": "WEB_CONNECTOR",
                    "additionalDetail": null,
                },
                "channelData": chat.channel_data,
                "language": {},
                "timestamp": ms,
                "securityInfo": {},
                "stamps": [],
                "intent": null,
                "entities": null,
                "channelSessionId": chat.channel_session_id,
                "conversationId": chat.conversation_id,
                "customer": chat.customer,
                "originalMessageId": null,
                "providerMessageId": null,
                "roomId": chat.room_id,
                "schedulingMetaData": null,
            },
            "body": {"type": "PLAIN", "markdownText": text},
        },
        "roomInfo": chat.room_info(),
    })
}

/// The agent's topic participant as the server keeps it: the desk's TP plus `joiningTime`
/// (ms), `isActive` and `stateChangedOn` (`cimEvent.agent_subscribed.json`).
pub(crate) fn joined_participant(tp: &Value, joined_ms: i64) -> Value {
    let mut p = tp.as_object().cloned().unwrap_or_default();
    p.insert("joiningTime".into(), json!(joined_ms));
    p.entry("isActive").or_insert(json!(true));
    p.entry("stateChangedOn").or_insert(Value::Null);
    Value::Object(p)
}

/// AGENT_SUBSCRIBED CimEvent for `participant` (a [`joined_participant`]) at `ms`
/// (`cimEvent.agent_subscribed.json`).
pub(crate) fn agent_subscribed(
    chat: &Chat,
    agent_id: &str,
    username: &str,
    participant: &Value,
    ms: i64,
) -> Value {
    json!({
        "id": ids::object_id(),
        "name": "AGENT_SUBSCRIBED",
        "type": "NOTIFICATION",
        "timestamp": ms,
        "conversationId": chat.conversation_id,
        "eventEmitter": {
            "id": agent_id,
            "type": "AGENT",
            "senderName": username,
            "additionalDetail": null,
        },
        "channelSession": chat.channel_session,
        "data": {"agentParticipant": participant, "reason": null},
        "roomInfo": chat.room_info(),
    })
}

/// A stored event in history form: a numeric `timestamp` becomes an ISO-8601 string
/// (PROTOCOL.md §4: ISO strings in `topicEvents`); `header.timestamp` stays ms, as in
/// `onTopicData.json`.
pub(crate) fn history_form(event: &Value) -> Value {
    let mut e = event.clone();
    if let Some(ms) = e.get("timestamp").and_then(Value::as_i64) {
        e["timestamp"] = json!(ids::iso(ms));
    }
    e
}

/// A `topicData.participants` entry: `p` with its numeric `joiningTime` as ISO string, as
/// stored snapshots carry it (`onTopicData.json`).
fn participant_history_form(p: &Value) -> Value {
    let mut p = p.clone();
    if let Some(ms) = p.get("joiningTime").and_then(Value::as_i64) {
        p["joiningTime"] = json!(ids::iso(ms));
    }
    p
}

/// `onTopicData` `{topicData, conversationId, roomInfo, taskId, correlationId}`
/// (`onTopicData.json`): `participant` is the agent's joined participant, `tp` the TP the
/// desk sent, `history` the stored events (live form; converted here).
pub(crate) fn on_topic_data(
    chat: &Chat,
    tp: &Value,
    participant: &Value,
    history: &[Value],
) -> Value {
    let customer_participant = json!({
        "type": "CUSTOMER",
        "role": "CUSTOMER",
        "participant": chat.channel_session,
        "id": chat.customer_participant_id,
        "joiningTime": ids::iso(chat.started_ms),
        "token": null,
        "conversationId": chat.conversation_id,
        "isActive": true,
        "userCredentials": {},
        "state": "SUBSCRIBED",
        "stateChangedOn": null,
    });
    let mut topic = Map::new();
    topic.insert("id".into(), json!(chat.conversation_id));
    topic.insert("customer".into(), chat.customer.clone());
    topic.insert("channelSession".into(), chat.channel_session.clone());
    topic.insert("conversationData".into(), json!({}));
    topic.insert("state".into(), json!("ACTIVE"));
    topic.insert(
        "participants".into(),
        json!([customer_participant, participant_history_form(participant)]),
    );
    topic.insert("agentParticipants".into(), json!([tp]));
    topic.insert(
        "agentSla".into(),
        json!({"totalDuration": null, "action": null, "startTime": null}),
    );
    topic.insert("durationInSeconds".into(), Value::Null);
    topic.insert("customerSuggestions".into(), json!([]));
    topic.insert(
        "topicEvents".into(),
        Value::Array(history.iter().map(history_form).collect()),
    );
    topic.insert(
        "holdTimerDetails".into(),
        json!({"totalDuration": null, "startTime": null}),
    );
    topic.insert(
        "agentHandRaise".into(),
        json!({"handRaised": false, "agentNames": []}),
    );
    topic.insert("externalGadgets".into(), json!([]));
    topic.insert("wrapUps".into(), json!([]));
    topic.insert("topicParticipant".into(), tp.clone());
    json!({
        "topicData": topic,
        "correlationId": ids::uuid(),
        "conversationId": chat.conversation_id,
        "roomInfo": chat.room_info(),
        "taskId": chat.task_id,
    })
}

/// Login 200 body `{statusCode: 200, data: {token, refresh_token, keycloak_User}}`
/// (`login.response.json`).
pub(crate) fn login_ok(token: &str, refresh_token: &str, keycloak_user: Value) -> Value {
    json!({
        "statusCode": 200,
        "data": {
            "token": token,
            "refresh_token": refresh_token,
            "keycloak_User": keycloak_user,
        },
    })
}

/// REST error body `{error_message, error_detail: {status, reason}}` (`login.error.json`).
pub(crate) fn rest_error(status: u16, message: &str, reason: &str) -> Value {
    json!({
        "error_message": message,
        "error_detail": {"status": status, "reason": reason},
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::customer;
    use crate::sim::testutil::{assert_same_keys, fixture};

    fn chat() -> Chat {
        Chat::new(customer::pick(0), 30)
    }

    fn without(mut v: Value, pointer: &str) -> Value {
        if let Some((parent, key)) = pointer.rsplit_once('/') {
            if let Some(Value::Object(o)) = v.pointer_mut(parent) {
                o.remove(key);
            }
        }
        v
    }

    #[test]
    fn task_request_matches_fixture() {
        let c = chat();
        let ours = task_request_reserved(&c);
        let fx = fixture("taskRequest.reserved.json");
        // The fixture's channel has a bot and form data; ours has none.
        let fx = without(fx, "/channelSession/channel/channelConfig/botId");
        assert_same_keys(
            &without(fx, "/channelSession/channelData/additionalAttributes"),
            &ours,
            "$",
        );
        assert_eq!(ours["taskState"]["name"], "RESERVED");
        assert_eq!(
            ours["channelSession"]["channel"]["channelConfig"]["routingPolicy"]["agentRequestTtl"],
            30
        );
        let task_id = ours["taskId"].as_str().expect("taskId");
        assert_eq!(task_id.split(':').count(), 2);
        assert_eq!(ours["roomInfo"]["mode"], "CONTACT_CENTER");
    }

    #[test]
    fn customer_message_matches_fixture() {
        let c = chat();
        let ours = on_cim_event(
            &customer_message(&c, "hi", 1_705_583_494_537),
            &c.conversation_id,
            c.room_info(),
        );
        let fx = fixture("onCimEvent.customer_message.string.json");
        let fx_event: Value =
            serde_json::from_str(fx["cimEvent"].as_str().expect("string")).expect("json");
        let our_event: Value =
            serde_json::from_str(ours["cimEvent"].as_str().expect("cimEvent is a string"))
                .expect("json");
        assert_same_keys(&without(fx, "/cimEvent"), &ours, "$");
        let fx_event = without(fx_event, "/timestamp");
        let fx_event = without(fx_event, "/channelSession/channel/channelConfig/botId");
        assert_same_keys(&fx_event, &our_event, "$.cimEvent");
        assert_eq!(our_event["timestamp"], 1_705_583_494_537_i64);
        assert_eq!(our_event["data"]["header"]["sender"]["type"], "CONNECTOR");
        assert_eq!(our_event["data"]["body"]["markdownText"], "hi");
    }

    #[test]
    fn topic_data_matches_fixture() {
        let c = chat();
        let tp = fixture("topicSubscription.json")["topicParticipant"].clone();
        let p = joined_participant(&tp, 1);
        let history = vec![
            customer_message(&c, "hello", 2),
            agent_subscribed(&c, "a", "agent1", &p, 3),
        ];
        let ours = on_topic_data(&c, &tp, &p, &history);
        let fx = fixture("onTopicData.json");
        // The fixture's first participant is a bot and its first event BOT_SUBSCRIBED;
        // compare participants and events one by one instead.
        let mut fx_top = without(fx.clone(), "/topicData/participants");
        fx_top = without(fx_top, "/topicData/topicEvents");
        fx_top = without(fx_top, "/topicData/customer/urlTest2");
        fx_top = without(fx_top, "/topicData/channelSession");
        fx_top = without(fx_top, "/topicData/conversationData/first_name");
        fx_top = without(fx_top, "/topicData/conversationData/phone");
        // topicParticipant is the desk's TP echoed back (checked below for equality).
        fx_top = without(fx_top, "/topicData/topicParticipant");
        assert_same_keys(&fx_top, &ours, "$");
        let fx_customer = &fx["topicData"]["participants"][1];
        assert_same_keys(
            &without(fx_customer.clone(), "/participant"),
            &ours["topicData"]["participants"][0],
            "$.participants[0]",
        );
        let fx_agent = without(
            fx["topicData"]["participants"][2].clone(),
            "/participant/keycloakUser",
        );
        assert_same_keys(
            &fx_agent,
            &ours["topicData"]["participants"][1],
            "$.participants[1]",
        );
        let fx_msg = without(
            fx["topicData"]["topicEvents"][1].clone(),
            "/data/header/customer/urlTest2",
        );
        let fx_msg = without(fx_msg, "/channelSession");
        let fx_msg = without(fx_msg, "/data/header/channelData");
        assert_same_keys(
            &fx_msg,
            &ours["topicData"]["topicEvents"][0],
            "$.topicEvents[0]",
        );
        let events = ours["topicData"]["topicEvents"].as_array().expect("events");
        assert!(events.iter().all(|e| e["timestamp"].is_string()));
        assert_eq!(events[1]["name"], "AGENT_SUBSCRIBED");
        assert_eq!(ours["topicData"]["state"], "ACTIVE");
        assert_eq!(ours["topicData"]["agentParticipants"][0], tp);
        assert_eq!(ours["topicData"]["topicParticipant"], tp);
    }

    #[test]
    fn agent_subscribed_matches_fixture() {
        let c = chat();
        let tp = fixture("topicSubscription.json")["topicParticipant"].clone();
        let ours = agent_subscribed(&c, "a", "agent1", &joined_participant(&tp, 1), 3);
        let fx = fixture("cimEvent.agent_subscribed.json");
        let fx = without(fx, "/channelSession");
        assert_same_keys(&fx, &ours, "$");
    }

    #[test]
    fn small_events_match_fixtures() {
        let c = chat();
        assert_same_keys(&fixture("revokeTask.json"), &revoke_task(&c), "$");
        assert_same_keys(
            &fixture("topicUnsubscription.received.json"),
            &topic_unsubscription("x", "UNSUBSCRIBED"),
            "$",
        );
        assert_eq!(
            errors(
                "changeAgentState",
                "Agent MRD state can not be changed to READY while agent state is NOT_READY"
            ),
            fixture("errors.json")
        );
        assert_same_keys(
            &fixture("socketSessionRemoved.json"),
            &socket_session_removed("x"),
            "$",
        );
        assert_same_keys(
            &fixture("onChannelTypes.json"),
            &channels::channel_types(),
            "$",
        );
        let login = login_ok("t", "r", json!({}));
        assert_same_keys(
            &without(fixture("login.response.json"), "/data/keycloak_User"),
            &login,
            "$",
        );
        assert_eq!(
            rest_error(
                401,
                "Error Occured While Generating User Access Token",
                "invalid_grant"
            ),
            fixture("login.error.json")
        );
    }

    #[test]
    fn keycloak_user_matches_fixture() {
        let user = crate::sim::users::keycloak_user(&crate::sim::DEMO_USERS[2]);
        assert_same_keys(
            &fixture("login.response.json")["data"]["keycloak_User"],
            &user,
            "$",
        );
    }
}
