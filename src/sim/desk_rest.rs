//! REST the real web desk asks for besides login, reasons and files (PROTOCOL.md §5, §7):
//! ExpertFlow's compiled 2024 desk fetches these at start-up and shows empty screens (or
//! errors) without them. Shapes are documented only as far as PROTOCOL.md §5 goes; the rest
//! is \[guess\], kept small and plausible:
//! - `GET /unified-admin/agent-desk-settings` → `[{isAutoAnswerEnabled: false,
//!   isFileSharingEnabled: true, isConversationParticipantsEnabled: true, isEmojisEnabled:
//!   true, isMessageFormattingEnabled: true, isFileTransferEnabled: true}]` (§5: an array of
//!   one settings object).
//! - `GET /unified-admin/locale-setting` → `[{supportedLanguages: [{code, label}],
//!   defaultLanguage: {code, label}, timezone: "UTC"}]` (§5: `[{supportedLanguages, …}]`).
//! - `GET /unified-admin/pull-mode-list` → the pull-mode lists `[{id, name, description}]`
//!   (`pull.rs`).
//! - `GET /unified-admin/forms/{formId}` → the wrap-up form for the id the real desk reads,
//!   `62d07f4f0980a50a91210bef`: `{id, formTitle, formDescription, attributes: [{key,
//!   label, valueType: "options", attributeType: "OPTIONS", categoryOptions: {categories:
//!   [{categoryName, values: [..]}]}}]}` with [`WRAPUP_CATEGORIES`]. Another id → 404.
//! - `GET /cim-customer/customerSchema` → the customer fields `[{key, label, type,
//!   isRequired, isPii, sortOrder, …}]`; `GET /cim-customer/label` → customer labels
//!   `[{_id, name, color, createdBy, …}]`.
//!
//! Authorization as every other route (`rest.rs`: none needed unless `--require-token`).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::pull;
use super::rest::{authorized, error, unauthorized};
use super::world::Sim;

/// The form id whose categories are the wrap-up choices (the real desk's, PROTOCOL.md §5).
pub(crate) const WRAPUP_FORM_ID: &str = "62d07f4f0980a50a91210bef";

/// The wrap-up categories of the form, `(categoryName, values)`: not the desk's built-in
/// defaults, so a desk shows which ones it uses.
pub(crate) const WRAPUP_CATEGORIES: &[(&str, &[&str])] = &[
    (
        "Outcome",
        &[
            "Resolved on first contact",
            "Call back",
            "Escalated to tier 2",
        ],
    ),
    ("Reason", &["Billing", "Outage", "New order"]),
];

/// The routes of this module.
pub(crate) fn router(sim: Arc<Sim>) -> Router {
    Router::new()
        .route(
            "/unified-admin/agent-desk-settings",
            get(agent_desk_settings),
        )
        .route("/unified-admin/locale-setting", get(locale_setting))
        .route("/unified-admin/pull-mode-list", get(pull_mode_list))
        .route("/unified-admin/forms/{form_id}", get(form))
        .route("/cim-customer/customerSchema", get(customer_schema))
        .route("/cim-customer/label", get(labels))
        .with_state(sim)
}

/// `value` as JSON, or 401 when the call is not authorized.
fn answer(sim: &Sim, headers: &HeaderMap, value: Value) -> Response {
    if !authorized(sim, headers) {
        return unauthorized();
    }
    Json(value).into_response()
}

async fn agent_desk_settings(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    answer(
        &sim,
        &headers,
        json!([{
            "id": "6630b1f2c1d4e5f6a7b8c2a1",
            "isAutoAnswerEnabled": false,
            "isFileSharingEnabled": true,
            "isConversationParticipantsEnabled": true,
            "isEmojisEnabled": true,
            "isMessageFormattingEnabled": true,
            "isFileTransferEnabled": true,
        }]),
    )
}

async fn locale_setting(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    let english = json!({"code": "en", "label": "English"});
    answer(
        &sim,
        &headers,
        json!([{
            "id": "6630b1f2c1d4e5f6a7b8c2a2",
            "supportedLanguages": [english],
            "defaultLanguage": english,
            "timezone": "UTC",
        }]),
    )
}

async fn pull_mode_list(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    answer(&sim, &headers, pull::lists_json())
}

/// The wrap-up form (see the module docs).
pub(crate) fn wrapup_form() -> Value {
    let categories: Vec<Value> = WRAPUP_CATEGORIES
        .iter()
        .map(|(name, values)| json!({"categoryName": name, "values": values}))
        .collect();
    json!({
        "id": WRAPUP_FORM_ID,
        "formTitle": "Wrap Up",
        "formDescription": "Wrap-up categories of a conversation",
        "attributes": [{
            "key": "wrapup",
            "label": "Wrap Up",
            "valueType": "options",
            "isRequired": true,
            "attributeType": "OPTIONS",
            "categoryOptions": {"categories": categories},
        }],
    })
}

async fn form(
    State(sim): State<Arc<Sim>>,
    Path(form_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&sim, &headers) {
        return unauthorized();
    }
    if form_id != WRAPUP_FORM_ID {
        return error(
            StatusCode::NOT_FOUND,
            &format!("Form '{form_id}' not found"),
            "not_found",
        );
    }
    Json(wrapup_form()).into_response()
}

fn field(key: &str, label: &str, kind: &str, order: u32, pii: bool) -> Value {
    json!({
        "key": key, "label": label, "type": kind, "description": "",
        "length": 100, "isRequired": key == "firstName", "isPii": pii,
        "isChannelIdentifier": matches!(key, "phoneNumber" | "web"),
        "isDeletable": false, "sortOrder": order,
    })
}

async fn customer_schema(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    answer(
        &sim,
        &headers,
        json!([
            field("firstName", "First Name", "alphaNumeric", 1, false),
            field("phoneNumber", "Phone Number", "phoneNumber", 2, true),
            field("web", "Web", "alphaNumeric", 3, false),
            field("email", "Email", "email", 4, true),
        ]),
    )
}

async fn labels(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    let label = |id: &str, name: &str, color: &str| {
        json!({"_id": id, "name": name, "color": color, "createdBy": "admin",
               "createdAt": "2024-01-01T00:00:00.000Z", "updatedAt": "2024-01-01T00:00:00.000Z"})
    };
    answer(
        &sim,
        &headers,
        json!([
            label("6630b1f2c1d4e5f6a7b8c2b1", "VIP", "#f59e0b"),
            label("6630b1f2c1d4e5f6a7b8c2b2", "New customer", "#22c55e"),
        ]),
    )
}
