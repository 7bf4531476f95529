//! Reason codes served by `GET /unified-admin/reasons` (PROTOCOL.md §5) and checked by
//! `changeAgentState` (NOT_READY / LOGOUT `reasonCode`, PROTOCOL.md §2, gotcha 7).

use serde_json::{json, Value};

/// Reason type: `NOT_READY` or `LOGOUT`.
pub(crate) type ReasonType = &'static str;

struct Reason {
    id: &'static str,
    name: &'static str,
    description: &'static str,
    kind: ReasonType,
    code: u32,
    created_at: &'static str,
}

/// The two reasons of `reasons.json` (same ids) plus a few more.
const REASONS: &[Reason] = &[
    Reason {
        id: "62ffc95cf12b6ccf1594d781",
        name: "Out Of Office",
        description: "A default log out reason code",
        kind: "LOGOUT",
        code: 1,
        created_at: "2025-10-09T05:25:49.866Z",
    },
    Reason {
        id: "62ffc9e9f12b6ccf1594d88b",
        name: "Short Break",
        description: "A default not ready reason code",
        kind: "NOT_READY",
        code: 2,
        created_at: "2025-10-09T05:25:49.964Z",
    },
    Reason {
        id: "6630a1f2c1d4e5f6a7b8c901",
        name: "Lunch",
        description: "Lunch break",
        kind: "NOT_READY",
        code: 3,
        created_at: "2025-10-09T05:25:50.102Z",
    },
    Reason {
        id: "6630a1f2c1d4e5f6a7b8c902",
        name: "Meeting",
        description: "In a meeting",
        kind: "NOT_READY",
        code: 4,
        created_at: "2025-10-09T05:25:50.187Z",
    },
    Reason {
        id: "6630a1f2c1d4e5f6a7b8c903",
        name: "End of Shift",
        description: "Shift is over",
        kind: "LOGOUT",
        code: 5,
        created_at: "2025-10-09T05:25:50.263Z",
    },
];

fn to_json(r: &Reason) -> Value {
    json!({
        "name": r.name,
        "description": r.description,
        "type": r.kind,
        "isDeleted": false,
        "createdAt": r.created_at,
        "updatedAt": r.created_at,
        "code": r.code,
        "id": r.id,
    })
}

/// The body of `GET /unified-admin/reasons`: every reason, shaped like `reasons.json`.
pub(crate) fn all() -> Value {
    Value::Array(REASONS.iter().map(to_json).collect())
}

/// The full reason object for `id` if it exists and has type `kind`.
pub(crate) fn find(id: &str, kind: ReasonType) -> Option<Value> {
    REASONS
        .iter()
        .find(|r| r.id == id && r.kind == kind)
        .map(to_json)
}

/// Checks a `changeAgentState` `reasonCode` for a state of type `kind`: `null` (or absent)
/// is accepted as "no reason"; otherwise it must be an object whose `id` names a known
/// reason of that type. Returns the canonical reason object (the simulator's own copy, so
/// `agentPresence` always carries the full `{id, name, type, …}`) or an error text.
pub(crate) fn validate(reason_code: Option<&Value>, kind: ReasonType) -> Result<Value, String> {
    match reason_code {
        None | Some(Value::Null) => Ok(Value::Null),
        Some(Value::Object(obj)) => {
            let id = obj.get("id").and_then(Value::as_str).unwrap_or_default();
            find(id, kind).ok_or_else(|| format!("Unknown {kind} reason code '{id}'"))
        }
        Some(other) => Err(format!(
            "reasonCode must be an object {{id, name, type}} or null, got {other}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_reasons_are_included() {
        let all = all();
        let fixture: Value = serde_json::from_str(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/reasons.json"
        )))
        .expect("fixture");
        for r in fixture.as_array().expect("array") {
            assert!(all.as_array().expect("array").contains(r), "{r}");
        }
    }

    #[test]
    fn validate_checks_type_and_id() {
        assert_eq!(validate(None, "NOT_READY"), Ok(Value::Null));
        let short = json!({"id": "62ffc9e9f12b6ccf1594d88b"});
        assert!(validate(Some(&short), "NOT_READY").is_ok());
        assert!(validate(Some(&short), "LOGOUT").is_err());
        assert!(validate(Some(&json!("x")), "NOT_READY").is_err());
    }
}
