//! Small shapes shared by many events.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `roomInfo` `{id, mode}` (PROTOCOL.md §2). Absent before CX 4.5 (§6.9), so always optional
/// where it appears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RoomInfo {
    /// Room id (Mongo ObjectId string).
    #[serde(default)]
    pub id: String,
    /// e.g. `CONTACT_CENTER`; open set.
    #[serde(default)]
    pub mode: Option<String>,
}

/// A timestamp as it appears on the wire: epoch **milliseconds** (number) in live events, an
/// ISO-8601 string in stored history (PROTOCOL.md §4, §6.6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Timestamp {
    /// Milliseconds since the Unix epoch, UTC.
    Millis(i64),
    /// Milliseconds with a fractional part (some servers send floats).
    Fractional(f64),
    /// An ISO-8601 / RFC 3339 date-time, or a number as a string.
    Text(String),
}

impl Timestamp {
    /// Milliseconds since the Unix epoch (UTC), or `None` when the value cannot be read
    /// (e.g. the empty string real desks send in read receipts).
    pub fn millis(&self) -> Option<i64> {
        match self {
            Timestamp::Millis(ms) => Some(*ms),
            Timestamp::Fractional(ms) if ms.is_finite() => Some(*ms as i64),
            Timestamp::Fractional(_) => None,
            Timestamp::Text(text) => {
                let text = text.trim();
                if let Ok(ms) = text.parse::<i64>() {
                    return Some(ms);
                }
                chrono::DateTime::parse_from_rfc3339(text)
                    .ok()
                    .map(|t| t.timestamp_millis())
            }
        }
    }
}

/// Reads a string field of a JSON object, `None` when missing or not a string.
pub fn str_field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// Deserializes an optional value that may be `null`, absent, or of an unexpected type into
/// `None` instead of failing the whole event (PROTOCOL.md §6.8: every byte is untrusted).
pub fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = Value::deserialize(deserializer)?;
    Ok(lenient_value(value))
}

/// A JSON value read as `T`, or `None` when it is not one (the reading of [`lenient`], for
/// a value already at hand).
pub fn lenient_value<T: serde::de::DeserializeOwned>(value: Value) -> Option<T> {
    serde_json::from_value(value).ok()
}

/// Reads an integer that may arrive as a JSON number (integer or float) or as a numeric
/// string (`"600000"`, `" 900 "`); anything else is `None` (PROTOCOL.md §6.6: `duration`
/// fields are strings on the wire).
pub fn int_value(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64)),
        Value::String(text) => {
            let text = text.trim();
            text.parse::<i64>().ok().or_else(|| {
                text.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .map(|f| f as i64)
            })
        }
        _ => None,
    }
}

/// Reads a value that may be a string or a number as text (`"200"` and `200` both give
/// `"200"`); `None` for null, objects, arrays and booleans.
pub fn text_value(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Deserializes an optional integer sent as a number or a numeric string (see [`int_value`]);
/// unreadable values become `None` instead of failing the payload.
pub fn lenient_int<'de, D>(deserializer: D) -> Result<Option<i64>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    Ok(int_value(&value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_reads_millis_iso_and_numeric_text() {
        assert_eq!(
            Timestamp::Millis(1705583494537).millis(),
            Some(1705583494537)
        );
        let iso = Timestamp::Text("2024-01-18T13:11:34.545+00:00".into());
        assert_eq!(iso.millis(), Some(1705583494545));
        assert_eq!(Timestamp::Text("600000".into()).millis(), Some(600000));
        assert_eq!(Timestamp::Text(String::new()).millis(), None);
    }

    #[test]
    fn int_and_text_values_accept_numbers_and_strings() {
        use serde_json::json;
        assert_eq!(int_value(&json!("600000")), Some(600000));
        assert_eq!(int_value(&json!(900)), Some(900));
        assert_eq!(int_value(&json!(1.5e3)), Some(1500));
        assert_eq!(int_value(&json!("soon")), None);
        assert_eq!(int_value(&json!(null)), None);
        assert_eq!(text_value(&json!(200)).as_deref(), Some("200"));
        assert_eq!(text_value(&json!("200")).as_deref(), Some("200"));
        assert_eq!(text_value(&json!({})), None);
    }
}
