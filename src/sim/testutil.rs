//! Helpers for the simulator's unit tests.

use serde_json::Value;

/// Loads `tests/fixtures/<name>`.
pub(crate) fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Asserts that every key of `expected`'s objects also exists in `actual`, recursively
/// (arrays: first items), and that the JSON kinds agree where `expected` is not null.
pub(crate) fn assert_same_keys(expected: &Value, actual: &Value, path: &str) {
    match (expected, actual) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                let w = y.get(k).unwrap_or_else(|| panic!("missing {path}.{k}"));
                assert_same_keys(v, w, &format!("{path}.{k}"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if let (Some(v), Some(w)) = (x.first(), y.first()) {
                assert_same_keys(v, w, &format!("{path}[0]"));
            }
        }
        (Value::Null, _) | (_, Value::Null) => {}
        (Value::Bool(_), Value::Bool(_))
        | (Value::Number(_), Value::Number(_))
        | (Value::String(_), Value::String(_)) => {}
        (e, a) => panic!("{path}: expected a value like {e}, got {a}"),
    }
}
