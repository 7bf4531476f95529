//! Bot suggestions: `BOT_SUGGESTION` CIM events (PROTOCOL.md §4; fixture
//! `cimEvent.bot_suggestion.json`).
//!
//! Shape read (type `SUGGESTION`): `data.suggestions[] {messageBody {type, markdownText},
//! confidenceLevel}` and `data.requestedMessage` (the customer message the suggestions
//! answer, a whole CimMessage of which only `id` is read). Everything is optional and read
//! tolerantly: a suggestion may also carry its body as `body`, its text as `text`, or be a
//! bare string; `confidenceLevel` may be a fraction (`0.92`), a percentage (`92`) or a
//! numeric string. A suggestion is for the agent only: it is never sent to the customer as
//! it is (the desk sends an ordinary `AGENT_MESSAGE` when the agent picks one).

use serde_json::Value;

use super::cim::{names, CimEvent};
use super::common::str_field;

/// The suggestions of one `BOT_SUGGESTION` event.
#[derive(Debug, Clone, PartialEq)]
pub struct BotSuggestion {
    /// `data.requestedMessage.id`: the CIM message id of the customer message answered;
    /// `None` when the event names none (the desk then attaches the suggestions to the
    /// customer's newest message).
    pub requested_message_id: Option<String>,
    /// In the server's order (numbered from 1 on screen).
    pub suggestions: Vec<Suggestion>,
}

/// One suggested answer. Text is as received (untrusted: sanitise before showing).
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// `messageBody.markdownText` (or `text`); `None` for a body without text (a BUTTON or
    /// CAROUSEL suggestion, which the desk cannot send as a text reply).
    pub text: Option<String>,
    /// `messageBody.type`, upper-cased (`PLAIN` when missing).
    pub body_type: String,
    /// `confidenceLevel` as a fraction `0.0..=1.0`: values above 1 are read as percentages
    /// (`92` → 0.92); negative, non-finite and unreadable values give `None`.
    pub confidence: Option<f64>,
}

impl CimEvent {
    /// The suggestions of a `BOT_SUGGESTION` event (`None` for other events or a `data`
    /// that is not an object). An event with no readable suggestion gives an empty list.
    pub fn bot_suggestion(&self) -> Option<BotSuggestion> {
        if self.name != names::BOT_SUGGESTION || !self.data.is_object() {
            return None;
        }
        let requested_message_id = self
            .data
            .get("requestedMessage")
            .and_then(|m| str_field(m, "id"))
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_string);
        let suggestions = self
            .data
            .get("suggestions")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(suggestion)
            .collect();
        Some(BotSuggestion {
            requested_message_id,
            suggestions,
        })
    }
}

fn suggestion(value: &Value) -> Option<Suggestion> {
    if let Some(text) = value.as_str() {
        return Some(Suggestion {
            text: Some(text.to_string()),
            body_type: "PLAIN".into(),
            confidence: None,
        });
    }
    if !value.is_object() {
        return None;
    }
    let body = value
        .get("messageBody")
        .or_else(|| value.get("body"))
        .filter(|b| b.is_object());
    let text = body
        .and_then(|b| str_field(b, "markdownText"))
        .or_else(|| str_field(value, "text"))
        .filter(|t| !t.trim().is_empty())
        .map(str::to_string);
    let body_type = body
        .and_then(|b| str_field(b, "type"))
        .map(|t| t.trim().to_ascii_uppercase())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "PLAIN".into());
    if text.is_none() && body.is_none() {
        return None;
    }
    Some(Suggestion {
        text,
        body_type,
        confidence: value
            .get("confidenceLevel")
            .or_else(|| value.get("confidence"))
            .and_then(confidence),
    })
}

fn confidence(value: &Value) -> Option<f64> {
    let number = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse::<f64>().ok(),
        _ => None,
    }?;
    if !number.is_finite() || number < 0.0 {
        return None;
    }
    Some(if number > 1.0 {
        (number / 100.0).min(1.0)
    } else {
        number
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(data: Value) -> CimEvent {
        serde_json::from_value(
            json!({"name": "BOT_SUGGESTION", "type": "SUGGESTION", "data": data}),
        )
        .unwrap()
    }

    #[test]
    fn shapes_and_confidence_scales() {
        let e = event(json!({
            "requestedMessage": {"id": " m1 "},
            "suggestions": [
                {"messageBody": {"type": "plain", "markdownText": "Hi"}, "confidenceLevel": 0.5},
                {"body": {"markdownText": "Two"}, "confidenceLevel": "92%"},
                "Three",
                {"messageBody": {"type": "BUTTON", "buttons": []}, "confidenceLevel": -1},
                7,
                {"unrelated": true}
            ]
        }));
        let s = e.bot_suggestion().unwrap();
        assert_eq!(s.requested_message_id.as_deref(), Some("m1"));
        assert_eq!(s.suggestions.len(), 4);
        assert_eq!(s.suggestions[0].body_type, "PLAIN");
        assert_eq!(s.suggestions[0].confidence, Some(0.5));
        assert_eq!(s.suggestions[1].confidence, Some(0.92));
        assert_eq!(s.suggestions[2].text.as_deref(), Some("Three"));
        assert_eq!(s.suggestions[3].text, None);
        assert_eq!(s.suggestions[3].confidence, None);
        assert!(event(json!(3)).bot_suggestion().is_none());
        let other: CimEvent = serde_json::from_value(json!({"name": "X", "data": {}})).unwrap();
        assert!(other.bot_suggestion().is_none());
        let empty = event(json!({})).bot_suggestion().unwrap();
        assert!(empty.suggestions.is_empty() && empty.requested_message_id.is_none());
    }
}
