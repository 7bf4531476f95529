//! Wrap-up categories from a unified-admin form: `GET /unified-admin/forms/{formId}`
//! (PROTOCOL.md §5, §7). ExpertFlow's 2024 web desk reads form [`DEFAULT_WRAPUP_FORM_ID`].
//!
//! **The form's shape is not documented** (§5: "\[guess: a form with attributes/options\]").
//! [`wrapup_categories`] reads it tolerantly, looking anywhere in the answer (at most
//! [`MAX_DEPTH`] levels deep) for:
//! - `{categoryName, values: [..]}`: a category and its values (strings, or objects whose
//!   `value` / `label` / `name` is a string), as a WRAPUP body's `wrapups[{categoryName,
//!   value}]` pairs them;
//! - `{categoryName, value}`: one pair;
//! - an attribute `{label | name | key, options | attributeOptions: [..]}` whose options are
//!   strings or `{label | value | name}` objects: the attribute is the category.
//!
//! Order is kept, duplicates dropped, at most [`MAX_CATEGORIES`] pairs. An answer with none
//! of these gives an empty list: the desk then keeps its configured `wrapup` choices.

use serde_json::Value;

/// The wrap-up form id ExpertFlow's 2024 desk hard-codes (PROTOCOL.md §5).
pub const DEFAULT_WRAPUP_FORM_ID: &str = "62d07f4f0980a50a91210bef";

/// How deep [`wrapup_categories`] looks into the answer.
pub const MAX_DEPTH: usize = 8;

/// At most this many `(category, value)` pairs are read.
pub const MAX_CATEGORIES: usize = 200;

fn option_text(option: &Value) -> Option<&str> {
    option
        .as_str()
        .or_else(|| {
            ["value", "label", "name"]
                .iter()
                .find_map(|k| option.get(*k)?.as_str())
        })
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn push(out: &mut Vec<(String, String)>, category: &str, value: &str) {
    let pair = (category.trim().to_string(), value.trim().to_string());
    if out.len() < MAX_CATEGORIES && !pair.0.is_empty() && !out.contains(&pair) {
        out.push(pair);
    }
}

fn walk(value: &Value, depth: usize, out: &mut Vec<(String, String)>) {
    if depth > MAX_DEPTH || out.len() >= MAX_CATEGORIES {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                walk(item, depth + 1, out);
            }
        }
        Value::Object(map) => {
            if let Some(category) = map.get("categoryName").and_then(Value::as_str) {
                if let Some(values) = map.get("values").and_then(Value::as_array) {
                    for v in values.iter().filter_map(option_text) {
                        push(out, category, v);
                    }
                    return;
                }
                if let Some(v) = map.get("value").and_then(Value::as_str) {
                    push(out, category, v);
                    return;
                }
            }
            let options = ["options", "attributeOptions"]
                .iter()
                .find_map(|k| map.get(*k).and_then(Value::as_array));
            let label = ["label", "name", "key"]
                .iter()
                .find_map(|k| map.get(*k).and_then(Value::as_str));
            if let (Some(options), Some(label)) = (options, label) {
                if options.iter().any(|o| option_text(o).is_some()) {
                    for v in options.iter().filter_map(option_text) {
                        push(out, label, v);
                    }
                    return;
                }
            }
            for child in map.values() {
                walk(child, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// The `(categoryName, value)` wrap-up choices found in a form (see the module docs).
pub fn wrapup_categories(form: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk(form, 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn category_options_pairs_and_attribute_options() {
        let form = json!({
            "id": DEFAULT_WRAPUP_FORM_ID,
            "attributes": [{
                "key": "wrapup", "label": "Wrap-up",
                "categoryOptions": {"categories": [
                    {"categoryName": "Outcome", "values": ["Resolved", {"value": "Escalated"}, ""]},
                    {"categoryName": "Topic", "values": ["Billing", "Resolved"]}
                ]}
            }, {
                "label": "Channel satisfaction", "options": [{"label": "Good"}, "Bad"]
            }]
        });
        assert_eq!(
            wrapup_categories(&form),
            [
                ("Outcome", "Resolved"),
                ("Outcome", "Escalated"),
                ("Topic", "Billing"),
                ("Topic", "Resolved"),
                ("Channel satisfaction", "Good"),
                ("Channel satisfaction", "Bad"),
            ]
            .map(|(c, v)| (c.to_string(), v.to_string()))
        );
        let flat =
            json!([{"categoryName": "A", "value": "1"}, {"categoryName": "A", "value": "1"}]);
        assert_eq!(wrapup_categories(&flat).len(), 1);
        assert!(wrapup_categories(&json!({"formTitle": "x", "attributes": []})).is_empty());
        assert!(wrapup_categories(&json!("nothing")).is_empty());
    }
}
