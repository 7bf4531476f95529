//! Engine.IO v4 and Socket.IO v5 text packets, as they travel in websocket text frames.
//!
//! Engine.IO: one packet per frame, `<type digit><data>`: `0` open (`{sid, pingInterval,
//! pingTimeout, maxPayload}`), `1` close, `2` ping, `3` pong, `4` message, `5` upgrade, `6` noop.
//! Socket.IO rides in Engine.IO messages: `<type>[<attachments>-][<nsp>,][<ack id>][<json>]`
//! with types `0` CONNECT, `1` DISCONNECT, `2` EVENT, `3` ACK, `4` CONNECT_ERROR,
//! `5` BINARY_EVENT, `6` BINARY_ACK. The default namespace `/` is written as nothing.
//!
//! Decoding never panics: malformed input is a [`DecodeError`] naming what is wrong (held by
//! the property tests in `tests/properties.rs` and the fuzz target in `fuzz/`, which is why
//! this codec is public).

use std::time::Duration;

use serde_json::Value;

/// Why a frame could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[allow(missing_docs)] // each variant is its message
pub enum DecodeError {
    #[error("empty frame")]
    Empty,
    #[error("unknown engine.io packet type {0:?}")]
    UnknownEngineType(char),
    #[error("unknown socket.io packet type {0:?}")]
    UnknownSocketType(char),
    #[error("bad open packet: {0}")]
    BadOpen(String),
    #[error("bad attachment count")]
    BadAttachments,
    #[error("unterminated namespace")]
    BadNamespace,
    #[error("ack id out of range")]
    BadAckId,
    #[error("bad json payload: {0}")]
    BadJson(String),
    #[error("{0}")]
    BadPayload(&'static str),
}

/// Parameters of the Engine.IO open packet (`0{...}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenInfo {
    /// Engine.IO session id.
    pub sid: String,
    /// How often the server pings.
    pub ping_interval: Duration,
    /// How long the server waits for the pong; the client gives up on the server after
    /// `ping_interval + ping_timeout` without a ping.
    pub ping_timeout: Duration,
    /// Largest packet the server accepts, in bytes (`None` when not announced).
    pub max_payload: Option<u64>,
}

/// One decoded Engine.IO text packet.
#[derive(Debug, Clone, PartialEq)]
pub enum EnginePacket<'a> {
    /// `0{...}`.
    Open(OpenInfo),
    /// `1`.
    Close,
    /// `2<data>`.
    Ping(&'a str),
    /// `3<data>`.
    Pong(&'a str),
    /// The payload of a message packet: a Socket.IO packet.
    Message(&'a str),
    /// `5`.
    Upgrade,
    /// `6`.
    Noop,
}

/// Decode one Engine.IO text frame.
pub fn decode_engine(frame: &str) -> Result<EnginePacket<'_>, DecodeError> {
    let mut chars = frame.chars();
    let kind = chars.next().ok_or(DecodeError::Empty)?;
    let rest = chars.as_str();
    Ok(match kind {
        '0' => EnginePacket::Open(decode_open(rest)?),
        '1' => EnginePacket::Close,
        '2' => EnginePacket::Ping(rest),
        '3' => EnginePacket::Pong(rest),
        '4' => EnginePacket::Message(rest),
        '5' => EnginePacket::Upgrade,
        '6' => EnginePacket::Noop,
        other => return Err(DecodeError::UnknownEngineType(other)),
    })
}

fn decode_open(json: &str) -> Result<OpenInfo, DecodeError> {
    let v: Value = serde_json::from_str(json).map_err(|e| DecodeError::BadOpen(e.to_string()))?;
    let sid = v
        .get("sid")
        .and_then(Value::as_str)
        .ok_or_else(|| DecodeError::BadOpen("no sid".into()))?
        .to_string();
    let millis = |key: &str| -> Result<Duration, DecodeError> {
        v.get(key)
            .and_then(Value::as_u64)
            .map(Duration::from_millis)
            .ok_or_else(|| DecodeError::BadOpen(format!("no {key}")))
    };
    Ok(OpenInfo {
        sid,
        ping_interval: millis("pingInterval")?,
        ping_timeout: millis("pingTimeout")?,
        max_payload: v.get("maxPayload").and_then(Value::as_u64),
    })
}

/// Engine.IO pong answering a ping with `data` (empty for the heartbeat).
pub fn encode_pong(data: &str) -> String {
    format!("3{data}")
}

/// One decoded Socket.IO packet (the namespace is carried separately).
#[derive(Debug, Clone, PartialEq)]
pub enum SocketPacket {
    /// `0{"sid":...}`: the namespace CONNECT was accepted.
    Connect { sid: Option<String> },
    /// `1`: the server left the namespace (`io server disconnect`).
    Disconnect,
    /// `2[name, ...args]` or `2<id>[name, ...args]`.
    Event {
        name: String,
        args: Vec<Value>,
        id: Option<u64>,
    },
    /// `3<id>[...args]`: the answer to one of our ack requests.
    Ack { id: u64, args: Vec<Value> },
    /// `4{"message":..., "data":...}` (or a bare string, as older servers send).
    ConnectError {
        message: String,
        data: Option<Value>,
    },
    /// `5`/`6`: binary event or ack, followed by `attachments` binary frames. Not supported.
    Binary { attachments: u64, ack: bool },
}

/// A decoded Socket.IO packet with its namespace (`/` for the default one).
#[derive(Debug, Clone, PartialEq)]
pub struct Addressed {
    /// The namespace, e.g. `/`.
    pub nsp: String,
    /// The packet.
    pub packet: SocketPacket,
}

/// Decode the Socket.IO packet inside an Engine.IO message.
pub fn decode_socket(text: &str) -> Result<Addressed, DecodeError> {
    let mut chars = text.chars();
    let kind = chars.next().ok_or(DecodeError::Empty)?;
    let mut rest = chars.as_str();
    if !matches!(kind, '0'..='6') {
        return Err(DecodeError::UnknownSocketType(kind));
    }

    let mut attachments = 0;
    if matches!(kind, '5' | '6') {
        let (count, after) = rest.split_once('-').ok_or(DecodeError::BadAttachments)?;
        attachments = count.parse().map_err(|_| DecodeError::BadAttachments)?;
        rest = after;
    }

    let mut nsp = "/".to_string();
    if rest.starts_with('/') {
        match rest.find(',') {
            Some(comma) => {
                nsp = rest[..comma].to_string();
                rest = &rest[comma + 1..];
            }
            None => {
                // `1/admin` (no payload): the rest is all namespace.
                if rest.contains(['[', '{', '"']) {
                    return Err(DecodeError::BadNamespace);
                }
                nsp = rest.to_string();
                rest = "";
            }
        }
    }

    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let id = if digits > 0 {
        Some(
            rest[..digits]
                .parse::<u64>()
                .map_err(|_| DecodeError::BadAckId)?,
        )
    } else {
        None
    };
    let json = &rest[digits..];
    let payload = if json.is_empty() {
        None
    } else {
        Some(serde_json::from_str::<Value>(json).map_err(|e| DecodeError::BadJson(e.to_string()))?)
    };

    let packet = match kind {
        '0' => SocketPacket::Connect {
            sid: payload
                .as_ref()
                .and_then(|p| p.get("sid"))
                .and_then(Value::as_str)
                .map(str::to_string),
        },
        '1' => SocketPacket::Disconnect,
        '2' => {
            let Some(Value::Array(mut items)) = payload else {
                return Err(DecodeError::BadPayload("event payload is not an array"));
            };
            if items.is_empty() {
                return Err(DecodeError::BadPayload("event without a name"));
            }
            let Value::String(name) = items.remove(0) else {
                return Err(DecodeError::BadPayload("event name is not a string"));
            };
            SocketPacket::Event {
                name,
                args: items,
                id,
            }
        }
        '3' => {
            let id = id.ok_or(DecodeError::BadPayload("ack without an id"))?;
            let Some(Value::Array(args)) = payload else {
                return Err(DecodeError::BadPayload("ack payload is not an array"));
            };
            SocketPacket::Ack { id, args }
        }
        '4' => match payload {
            Some(Value::Object(mut map)) => SocketPacket::ConnectError {
                message: match map.remove("message") {
                    Some(Value::String(s)) => s,
                    Some(other) => other.to_string(),
                    None => String::new(),
                },
                data: map.remove("data"),
            },
            Some(Value::String(message)) => SocketPacket::ConnectError {
                message,
                data: None,
            },
            Some(other) => SocketPacket::ConnectError {
                message: other.to_string(),
                data: None,
            },
            None => SocketPacket::ConnectError {
                message: String::new(),
                data: None,
            },
        },
        // '5' | '6'
        _ => SocketPacket::Binary {
            attachments,
            ack: kind == '6',
        },
    };
    Ok(Addressed { nsp, packet })
}

/// `40` or `40{auth}`: Engine.IO message carrying a CONNECT to the default namespace.
pub fn encode_connect(auth: Option<&Value>) -> String {
    match auth {
        Some(auth) => format!("40{auth}"),
        None => "40".to_string(),
    }
}

/// `41`: leave the default namespace.
pub fn encode_disconnect() -> String {
    "41".to_string()
}

/// `42[name, ...args]` or `42<id>[name, ...args]`.
pub fn encode_event(name: &str, args: Vec<Value>, id: Option<u64>) -> String {
    let mut items = Vec::with_capacity(args.len() + 1);
    items.push(Value::String(name.to_string()));
    items.extend(args);
    let json = Value::Array(items);
    match id {
        Some(id) => format!("42{id}{json}"),
        None => format!("42{json}"),
    }
}

/// `42[name, arg]` with `arg` already JSON text (written as is).
pub(crate) fn encode_event_json(name: &str, arg: &serde_json::value::RawValue) -> String {
    let name = Value::String(name.to_string());
    format!("42[{name},{}]", arg.get())
}

/// `43<id>[...args]`.
pub fn encode_ack(id: u64, args: Vec<Value>) -> String {
    format!("43{id}{}", Value::Array(args))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn sio(text: &str) -> SocketPacket {
        let a = decode_socket(text).unwrap();
        assert_eq!(a.nsp, "/");
        a.packet
    }

    #[test]
    fn engine_open() {
        let p = decode_engine(
            r#"0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}"#,
        )
        .unwrap();
        assert_eq!(
            p,
            EnginePacket::Open(OpenInfo {
                sid: "lv_VI97HAXpY6yYWAAAC".into(),
                ping_interval: Duration::from_millis(25000),
                ping_timeout: Duration::from_millis(20000),
                max_payload: Some(1_000_000),
            })
        );
    }

    #[test]
    fn engine_open_malformed() {
        assert!(matches!(decode_engine("0"), Err(DecodeError::BadOpen(_))));
        assert!(matches!(
            decode_engine(r#"0{"sid":"x","pingInterval":"soon","pingTimeout":1}"#),
            Err(DecodeError::BadOpen(_))
        ));
        assert!(matches!(
            decode_engine(r#"0{"pingInterval":1,"pingTimeout":1}"#),
            Err(DecodeError::BadOpen(_))
        ));
    }

    #[test]
    fn engine_simple_packets() {
        assert_eq!(decode_engine("1").unwrap(), EnginePacket::Close);
        assert_eq!(decode_engine("2").unwrap(), EnginePacket::Ping(""));
        assert_eq!(
            decode_engine("2probe").unwrap(),
            EnginePacket::Ping("probe")
        );
        assert_eq!(decode_engine("3").unwrap(), EnginePacket::Pong(""));
        assert_eq!(
            decode_engine("42[\"a\"]").unwrap(),
            EnginePacket::Message("2[\"a\"]")
        );
        assert_eq!(decode_engine("5").unwrap(), EnginePacket::Upgrade);
        assert_eq!(decode_engine("6").unwrap(), EnginePacket::Noop);
        assert_eq!(decode_engine(""), Err(DecodeError::Empty));
        assert_eq!(decode_engine("9"), Err(DecodeError::UnknownEngineType('9')));
        assert_eq!(decode_engine("é"), Err(DecodeError::UnknownEngineType('é')));
        assert_eq!(encode_pong(""), "3");
        assert_eq!(encode_pong("probe"), "3probe");
    }

    #[test]
    fn socket_connect_ack_and_disconnect() {
        assert_eq!(
            sio(r#"0{"sid":"abc"}"#),
            SocketPacket::Connect {
                sid: Some("abc".into())
            }
        );
        assert_eq!(sio("0"), SocketPacket::Connect { sid: None });
        assert_eq!(sio("1"), SocketPacket::Disconnect);
    }

    #[test]
    fn socket_event_with_and_without_ack_id() {
        assert_eq!(
            sio(r#"2["agentPresence",{"state":"READY"},2]"#),
            SocketPacket::Event {
                name: "agentPresence".into(),
                args: vec![json!({"state": "READY"}), json!(2)],
                id: None,
            }
        );
        assert_eq!(
            sio(r#"217["onTopicData",{"conversationId":"c"}]"#),
            SocketPacket::Event {
                name: "onTopicData".into(),
                args: vec![json!({"conversationId": "c"})],
                id: Some(17),
            }
        );
        assert_eq!(
            sio(r#"2["noArgs"]"#),
            SocketPacket::Event {
                name: "noArgs".into(),
                args: vec![],
                id: None,
            }
        );
    }

    #[test]
    fn socket_ack() {
        assert_eq!(
            sio(r#"35[{"status":"ok"},"x"]"#),
            SocketPacket::Ack {
                id: 5,
                args: vec![json!({"status": "ok"}), json!("x")],
            }
        );
        assert_eq!(
            sio("30[]"),
            SocketPacket::Ack {
                id: 0,
                args: vec![]
            }
        );
    }

    #[test]
    fn socket_connect_error() {
        assert_eq!(
            sio(r#"4{"message":"login-failed"}"#),
            SocketPacket::ConnectError {
                message: "login-failed".into(),
                data: None,
            }
        );
        assert_eq!(
            sio(r#"4{"message":"login-failed","data":{"msg":"licence expired"}}"#),
            SocketPacket::ConnectError {
                message: "login-failed".into(),
                data: Some(json!({"msg": "licence expired"})),
            }
        );
        assert_eq!(
            sio(r#"4"Not authorized""#),
            SocketPacket::ConnectError {
                message: "Not authorized".into(),
                data: None,
            }
        );
    }

    #[test]
    fn socket_namespaces() {
        let a = decode_socket(r#"2/admin,["x",1]"#).unwrap();
        assert_eq!(a.nsp, "/admin");
        assert_eq!(
            a.packet,
            SocketPacket::Event {
                name: "x".into(),
                args: vec![json!(1)],
                id: None,
            }
        );
        let a = decode_socket(r#"2/admin,3["x"]"#).unwrap();
        assert_eq!(a.nsp, "/admin");
        assert!(matches!(a.packet, SocketPacket::Event { id: Some(3), .. }));
        let a = decode_socket("1/admin,").unwrap();
        assert_eq!(
            (a.nsp.as_str(), a.packet),
            ("/admin", SocketPacket::Disconnect)
        );
        let a = decode_socket("1/admin").unwrap();
        assert_eq!(a.nsp, "/admin");
    }

    #[test]
    fn socket_binary_is_recognised_not_decoded() {
        assert_eq!(
            sio(r#"51-["bin",{"_placeholder":true,"num":0},{"note":"x"}]"#),
            SocketPacket::Binary {
                attachments: 1,
                ack: false
            }
        );
        assert_eq!(
            sio(r#"62-4[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#),
            SocketPacket::Binary {
                attachments: 2,
                ack: true
            }
        );
        assert_eq!(
            decode_socket(r#"5["bin"]"#),
            Err(DecodeError::BadAttachments)
        );
    }

    #[test]
    fn socket_malformed() {
        assert_eq!(decode_socket(""), Err(DecodeError::Empty));
        assert_eq!(decode_socket("7"), Err(DecodeError::UnknownSocketType('7')));
        assert!(matches!(
            decode_socket("2[\"x\""),
            Err(DecodeError::BadJson(_))
        ));
        assert!(matches!(
            decode_socket("2{}"),
            Err(DecodeError::BadPayload(_))
        ));
        assert!(matches!(
            decode_socket("2[]"),
            Err(DecodeError::BadPayload(_))
        ));
        assert!(matches!(
            decode_socket("2[1]"),
            Err(DecodeError::BadPayload(_))
        ));
        assert!(matches!(
            decode_socket("2"),
            Err(DecodeError::BadPayload(_))
        ));
        assert!(matches!(
            decode_socket("3[]"),
            Err(DecodeError::BadPayload(_))
        ));
        assert!(matches!(
            decode_socket("31{}"),
            Err(DecodeError::BadPayload(_))
        ));
        assert_eq!(
            decode_socket("299999999999999999999999[\"x\"]"),
            Err(DecodeError::BadAckId)
        );
        assert_eq!(
            decode_socket("2/admin[\"x\"]"),
            Err(DecodeError::BadNamespace)
        );
    }

    #[test]
    fn encode_packets() {
        assert_eq!(encode_connect(None), "40");
        assert_eq!(
            encode_connect(Some(&json!({"agent": "{\"username\":\"sana\"}"}))),
            r#"40{"agent":"{\"username\":\"sana\"}"}"#
        );
        assert_eq!(encode_disconnect(), "41");
        assert_eq!(
            encode_event("changeAgentState", vec![json!({"a": 1})], None),
            r#"42["changeAgentState",{"a":1}]"#
        );
        assert_eq!(encode_event("ping", vec![], Some(12)), r#"4212["ping"]"#);
        let raw = serde_json::value::RawValue::from_string(r#"{"a":[1,"é"]}"#.into()).unwrap();
        assert_eq!(
            encode_event_json("x\"y", &raw),
            r#"42["x\"y",{"a":[1,"é"]}]"#
        );
        assert_eq!(
            encode_ack(7, vec![json!({"status": "ok"})]),
            r#"437[{"status":"ok"}]"#
        );
        assert_eq!(encode_ack(0, vec![]), "430[]");
    }

    #[test]
    fn round_trip_through_engine_and_socket_layers() {
        let frame = encode_event("x", vec![json!("é ✓"), json!(null)], Some(3));
        let EnginePacket::Message(inner) = decode_engine(&frame).unwrap() else {
            panic!("not a message");
        };
        assert_eq!(
            decode_socket(inner).unwrap().packet,
            SocketPacket::Event {
                name: "x".into(),
                args: vec![json!("é ✓"), json!(null)],
                id: Some(3),
            }
        );
        let frame = encode_ack(9, vec![json!([1, 2])]);
        let EnginePacket::Message(inner) = decode_engine(&frame).unwrap() else {
            panic!("not a message");
        };
        assert_eq!(
            decode_socket(inner).unwrap().packet,
            SocketPacket::Ack {
                id: 9,
                args: vec![json!([1, 2])]
            }
        );
    }
}
