//! Pure rendering of CIM message bodies into terminal text (PROTOCOL.md §4).
//!
//! [`render_message`] turns any body type into display lines plus the downloadable files it
//! carries. It never wraps (the UI does), never panics on odd shapes (wrong types, missing
//! fields fall back to something readable), and every string it returns went through
//! [`display_text`] or [`one_line`]. It owns no state and touches nothing else in `app`.

use serde_json::{Map, Value};

use crate::protocol::common::int_value;
use crate::protocol::CimMessage;

use super::sanitize::{display_text, one_line};

/// A message body as terminal text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RenderedBody {
    /// Display lines, sanitised, not wrapped (the UI wraps).
    pub lines: Vec<String>,
    /// Files the message links to (images, documents, …), in order of appearance.
    pub attachments: Vec<Attachment>,
}

/// A file a message links to. Every field is sanitised.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attachment {
    /// A name for the file: `additionalDetails.fileName`, else the caption, else the
    /// `filename=` of the URL, else the body type in lower case.
    pub name: String,
    /// e.g. `image/jpeg`.
    pub mime_type: Option<String>,
    /// Bytes.
    pub size: Option<u64>,
    /// `attachment.mediaUrl`.
    pub url: String,
}

/// Renders a CIM message for the terminal. Every body type of PROTOCOL.md §4 has a readable
/// form; unknown types show as `[<TYPE> message]` plus their `markdownText`. Base64 text
/// (`header.additionalData.isEncoded`) is decoded first. A PLAIN body with empty text gives
/// no lines.
pub fn render_message(message: &CimMessage) -> RenderedBody {
    let mut out = Out::default();
    let fields = &message.body.fields;
    let text = message.text().unwrap_or_default();
    let kind = message.body.kind.trim().to_ascii_uppercase();
    match kind.as_str() {
        "PLAIN" | "TEXT" => out.markdown(&text),
        "IMAGE" | "VIDEO" | "AUDIO" | "FILE" | "DOCUMENT" | "STICKER" => {
            out.file(&kind, fields);
            out.markdown(&text);
        }
        "URL" => render_url(&mut out, fields, &text),
        "LOCATION" => render_location(&mut out, fields, &text),
        "BUTTON" => render_buttons(&mut out, fields, &text),
        "CONTACT" => render_contacts(&mut out, fields, &text),
        "CAROUSEL" => render_carousel(&mut out, fields, &text),
        "EMAIL" => render_email(&mut out, fields, &text),
        "COMMENT" => render_comment(&mut out, fields, &text),
        "WRAPUP" => render_wrapup(&mut out, fields),
        "NOTIFICATION" => {
            let what = match message.body.notification_type() {
                Some(t) if t.eq_ignore_ascii_case("TYPING_STARTED") => "typing".to_string(),
                Some(t) if t.eq_ignore_ascii_case("TYPING_STOPPED") => "stopped typing".to_string(),
                Some(t) => format!("notification: {}", humanize(t)),
                None => "notification".to_string(),
            };
            out.line(format!("[{what}]"));
            out.markdown(&text);
        }
        "DELIVERYNOTIFICATION" => match message.delivery_notification() {
            Some(d) => out.line(format!(
                "[delivery: {} for message {}]",
                d.status, d.message_id
            )),
            None => out.line("[delivery notification]".to_string()),
        },
        _ => {
            let label = if kind.is_empty() {
                "UNKNOWN".to_string()
            } else {
                kind.clone()
            };
            out.line(format!("[{label} message]"));
            out.markdown(&text);
        }
    }
    RenderedBody {
        lines: out.lines,
        attachments: out.attachments,
    }
}

/// Bytes as a short human-readable size, 1024-based with IEC units (`bytesize`): `512 B`,
/// `40.1 KiB`, `5.0 MiB`.
pub fn human_size(bytes: u64) -> String {
    bytesize::ByteSize(bytes).display().iec().to_string()
}

/// Plain text from chat markdown: `*x*`, `_x_`, `**x**`, `__x__`, `~x~`, `~~x~~` lose their
/// markers, inline code and ```` ``` ```` fences keep their content verbatim, `[t](u)` becomes
/// `t <u>`. Markers that don't pair up (`5 * 3`, `snake_case_name`) stay as typed. The result
/// is not sanitised; callers pass it to [`display_text`].
///
/// Cost is bounded for hostile input: lines over [`MAX_MARKDOWN_LINE`] characters are kept
/// verbatim, and nesting deeper than a few levels is not interpreted.
pub fn markdown_to_plain(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut lines: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in text.split('\n') {
        let trimmed = line.trim_start();
        let fence_only = trimmed.starts_with("```") && !trimmed[3..].contains("```");
        if fence_only {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_string());
        } else {
            let chars: Vec<char> = line.chars().collect();
            if chars.len() > MAX_MARKDOWN_LINE {
                lines.push(line.to_string());
            } else {
                lines.push(inline(&chars, 0));
            }
        }
    }
    lines.join("\n")
}

// ---------------------------------------------------------------------------------------
// Output collector.

#[derive(Default)]
struct Out {
    lines: Vec<String>,
    attachments: Vec<Attachment>,
}

impl Out {
    /// One line, sanitised and folded to one line.
    fn line(&mut self, line: String) {
        self.lines.push(one_line(&line));
    }

    /// A block of text, sanitised, split into lines.
    fn text(&mut self, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        let safe = display_text(text.trim_matches('\n'));
        self.lines.extend(safe.split('\n').map(str::to_string));
    }

    /// Markdown text, rendered plainly.
    fn markdown(&mut self, text: &str) {
        self.text(&markdown_to_plain(text));
    }

    /// A file line `[KIND] name (mime, size) <url>`, the caption when it differs from the
    /// name, and the attachment when there is a URL.
    fn file(&mut self, kind: &str, fields: &Map<String, Value>) {
        let attachment = obj_field(fields, "attachment");
        let url = attachment
            .and_then(|a| text_of(a, &["mediaUrl", "url"]))
            .or_else(|| str_of(fields, &["mediaUrl", "url"]))
            .unwrap_or_default();
        let mime = attachment
            .and_then(|a| text_of(a, &["mimeType", "mimetype"]))
            .or_else(|| str_of(fields, &["mimeType"]));
        let size = attachment
            .and_then(|a| a.get("size"))
            .or_else(|| fields.get("size"))
            .and_then(int_value)
            .and_then(|s| u64::try_from(s).ok());
        let caption = str_of(fields, &["caption"]);
        let name = obj_field(fields, "additionalDetails")
            .and_then(|d| text_of(d, &["fileName", "filename", "name"]))
            .or_else(|| attachment.and_then(|a| text_of(a, &["fileName", "name"])))
            .or_else(|| caption.clone())
            .or_else(|| filename_from_url(&url))
            .unwrap_or_else(|| kind.to_ascii_lowercase());
        self.push_file(kind, &name, mime.as_deref(), size, &url);
        if let Some(caption) = caption.filter(|c| c.trim() != name.trim()) {
            self.markdown(&caption);
        }
    }

    fn push_file(
        &mut self,
        kind: &str,
        name: &str,
        mime: Option<&str>,
        size: Option<u64>,
        url: &str,
    ) {
        let name = one_line(name.trim());
        let mime = mime.map(|m| one_line(m.trim())).filter(|m| !m.is_empty());
        let url = one_line(url.trim());
        // With a URL the file becomes an attachment, which the UI lists numbered with its
        // type, size and URL (for `/open n`); the text keeps only the name.
        let mut line = format!("[{kind}] {name}");
        if url.is_empty() {
            let details: Vec<String> = mime.iter().cloned().chain(size.map(human_size)).collect();
            if !details.is_empty() {
                line.push_str(&format!(" ({})", details.join(", ")));
            }
        }
        self.line(line);
        if !url.is_empty() {
            self.attachments.push(Attachment {
                name,
                mime_type: mime,
                size,
                url,
            });
        }
    }
}

// ---------------------------------------------------------------------------------------
// Body types.

fn render_url(out: &mut Out, fields: &Map<String, Value>, text: &str) {
    let details = obj_field(fields, "additionalDetails");
    out.markdown(text);
    for key in ["title", "description"] {
        if let Some(value) =
            str_of(fields, &[key]).or_else(|| details.and_then(|d| text_of(d, &[key])))
        {
            out.line(value);
        }
    }
    let url = str_of(fields, &["mediaUrl", "url"])
        .or_else(|| details.and_then(|d| text_of(d, &["url", "mediaUrl"])));
    match url {
        Some(url) => out.line(format!("[URL] <{}>", url.trim())),
        None => out.line("[URL]".to_string()),
    }
}

fn render_location(out: &mut Out, fields: &Map<String, Value>, text: &str) {
    let location = obj_field(fields, "location");
    let details = obj_field(fields, "additionalDetails");
    let coordinate = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            location
                .and_then(|l| l.get(*k))
                .or_else(|| fields.get(*k))
                .and_then(number)
        })
    };
    let lat = coordinate(&["latitude", "lat"]);
    let lon = coordinate(&["longitude", "lon", "lng"]);
    match (lat, lon) {
        (Some(lat), Some(lon))
            if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
        {
            let (lat, lon) = (coordinate_text(lat), coordinate_text(lon));
            out.line(format!("[LOCATION] {lat}, {lon}"));
            place_line(out, location, details);
            out.line(format!(
                "<https://www.openstreetmap.org/?mlat={lat}&mlon={lon}>"
            ));
        }
        (Some(_), Some(_)) => {
            out.line("[LOCATION] (invalid coordinates)".to_string());
            place_line(out, location, details);
        }
        _ => {
            out.line("[LOCATION]".to_string());
            place_line(out, location, details);
        }
    }
    out.markdown(text);
}

fn place_line(out: &mut Out, location: Option<&Value>, details: Option<&Value>) {
    let mut parts: Vec<String> = ["name", "address"]
        .iter()
        .filter_map(|key| {
            location
                .and_then(|l| text_of(l, &[key]))
                .or_else(|| details.and_then(|d| text_of(d, &[key])))
        })
        .collect();
    // A place whose name is its address is shown once.
    parts.dedup();
    if !parts.is_empty() {
        out.line(parts.join(", "));
    }
}

fn render_buttons(out: &mut Out, fields: &Map<String, Value>, text: &str) {
    let interactive = obj_field(fields, "additionalDetails").and_then(|d| d.get("interactive"));
    let header = interactive
        .and_then(|i| i.get("header"))
        .and_then(|h| text_of(h, &["text"]));
    if let Some(header) = header {
        out.markdown(&header);
    }
    if text.trim().is_empty() {
        if let Some(body) = interactive
            .and_then(|i| i.get("body"))
            .and_then(|b| text_of(b, &["text"]))
        {
            out.markdown(&body);
        }
    } else {
        out.markdown(text);
    }
    let buttons = array_field(fields, "buttons");
    if buttons.is_empty() && out.lines.is_empty() {
        out.line("[BUTTON message]".to_string());
    }
    for (i, button) in buttons.iter().enumerate() {
        let title = button_title(button).unwrap_or_else(|| "(option)".to_string());
        out.line(format!("{}. {}", i + 1, title));
    }
}

fn button_title(button: &Value) -> Option<String> {
    match button {
        Value::String(s) => Some(s.clone()).filter(|s| !s.trim().is_empty()),
        other => text_of(other, &["title", "text", "label", "payload", "url"]),
    }
}

fn render_contacts(out: &mut Out, fields: &Map<String, Value>, text: &str) {
    out.markdown(text);
    let contacts = array_field(fields, "contacts");
    if contacts.is_empty() {
        out.line("[CONTACT]".to_string());
    }
    for contact in contacts {
        let name = contact_name(contact).unwrap_or_else(|| "(no name)".to_string());
        out.line(format!("[CONTACT] {name}"));
        for phone in contact
            .get("phones")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let number = match phone {
                Value::String(s) => Some(s.clone()),
                other => text_of(other, &["phone", "number", "wa_id"]),
            };
            let Some(number) = number else { continue };
            let kind = phone
                .get("additionalPhoneDetails")
                .and_then(|d| text_of(d, &["type"]))
                .or_else(|| text_of(phone, &["type"]));
            match kind {
                Some(kind) => out.line(format!("  Phone: {number} ({kind})")),
                None => out.line(format!("  Phone: {number}")),
            }
        }
        let emails = contact.get("emails").or_else(|| {
            contact
                .get("additionalContactDetails")
                .and_then(|d| d.get("emails"))
        });
        for email in emails.and_then(Value::as_array).into_iter().flatten() {
            let address = match email {
                Value::String(s) => Some(s.clone()),
                other => text_of(other, &["email", "address"]),
            };
            if let Some(address) = address {
                out.line(format!("  Email: {address}"));
            }
        }
    }
}

fn contact_name(contact: &Value) -> Option<String> {
    match contact.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(name @ Value::Object(_)) => text_of(name, &["formattedName", "formatted_name"])
            .or_else(|| {
                let details = name.get("additionalNameDetails").unwrap_or(name);
                let first = text_of(details, &["first_name", "firstName"]).unwrap_or_default();
                let last = text_of(details, &["last_name", "lastName"]).unwrap_or_default();
                Some(format!("{first} {last}").trim().to_string()).filter(|n| !n.is_empty())
            }),
        _ => None,
    }
}

/// CAROUSEL: \[guess\] cards under `cards`, `elements`, `items` or `carousel` (body or
/// `additionalDetails`), each `{title, subtitle|description|text, mediaUrl|imageUrl,
/// buttons[]}`.
fn render_carousel(out: &mut Out, fields: &Map<String, Value>, text: &str) {
    out.markdown(text);
    let details = obj_field(fields, "additionalDetails");
    let cards: Vec<Value> = ["cards", "elements", "items", "carousel"]
        .iter()
        .find_map(|key| {
            fields
                .get(*key)
                .or_else(|| details.and_then(|d| d.get(*key)))
                .and_then(Value::as_array)
                .filter(|a| !a.is_empty())
                .cloned()
        })
        .unwrap_or_default();
    out.line(format!("[CAROUSEL] {} card(s)", cards.len()));
    for (i, card) in cards.iter().enumerate() {
        let title = text_of(card, &["title", "name", "header"]).unwrap_or_default();
        out.line(format!("Card {}: {}", i + 1, title).trim_end().to_string());
        if let Some(sub) = text_of(card, &["subtitle", "subTitle", "description", "text"]) {
            out.line(format!("  {sub}"));
        }
        if let Some(url) = text_of(card, &["mediaUrl", "imageUrl", "image_url", "url"]) {
            out.line(format!("  <{}>", url.trim()));
        }
        for button in card
            .get("buttons")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(title) = button_title(button) {
                out.line(format!("  - {title}"));
            }
        }
    }
}

/// EMAIL: \[guess\] `subject`, `from` (string or `{name, address|email}`), the text part from
/// `textBody`/`text`/`plainText`/`markdownText`, else `htmlBody`/`html` with the tags
/// stripped; `attachments[]` shaped like a file attachment.
fn render_email(out: &mut Out, fields: &Map<String, Value>, text: &str) {
    if let Some(subject) = str_of(fields, &["subject"]) {
        out.line(format!("Subject: {subject}"));
    }
    if let Some(from) = fields.get("from").and_then(address_text) {
        out.line(format!("From: {from}"));
    }
    let plain = str_of(fields, &["textBody", "text", "plainText", "bodyText"])
        .or_else(|| Some(text.to_string()).filter(|t| !t.trim().is_empty()));
    match plain {
        Some(plain) => out.text(&plain),
        None => {
            if let Some(html) = str_of(fields, &["htmlBody", "html", "htmlText"]) {
                out.text(&strip_html(&html));
            }
        }
    }
    for attachment in array_field(fields, "attachments") {
        if attachment.is_object() {
            let mut wrapped = Map::new();
            wrapped.insert("attachment".into(), attachment.clone());
            if let Some(name) = text_of(attachment, &["fileName", "filename", "name"]) {
                wrapped.insert(
                    "additionalDetails".into(),
                    serde_json::json!({"fileName": name}),
                );
            }
            out.file("FILE", &wrapped);
        }
    }
    if out.lines.is_empty() {
        out.line("[EMAIL]".to_string());
    }
}

fn address_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()).filter(|s| !s.trim().is_empty()),
        Value::Array(items) => {
            let all: Vec<String> = items.iter().filter_map(address_text).collect();
            Some(all.join(", ")).filter(|s| !s.is_empty())
        }
        Value::Object(_) => {
            let name = text_of(value, &["name", "displayName"]);
            let address = text_of(value, &["address", "email"]);
            match (name, address) {
                (Some(n), Some(a)) => Some(format!("{n} <{a}>")),
                (n, a) => n.or(a),
            }
        }
        _ => None,
    }
}

fn render_comment(out: &mut Out, fields: &Map<String, Value>, text: &str) {
    let item = str_of(fields, &["itemType"])
        .map(|t| t.trim().to_ascii_uppercase())
        .unwrap_or_default();
    if item.is_empty() || item == "TEXT" {
        out.line("[COMMENT]".to_string());
    } else {
        out.line(format!("[COMMENT: {item}]"));
    }
    out.markdown(text);
    if obj_field(fields, "attachment").is_some() {
        let kind = if matches!(item.as_str(), "IMAGE" | "VIDEO" | "AUDIO") {
            item.as_str()
        } else {
            "FILE"
        };
        out.file(kind, fields);
    }
}

fn render_wrapup(out: &mut Out, fields: &Map<String, Value>) {
    out.line("[WRAP-UP]".to_string());
    for wrapup in array_field(fields, "wrapups") {
        let category = text_of(wrapup, &["categoryName", "category", "name"]);
        let value = match wrapup.get("value").or_else(|| wrapup.get("values")) {
            Some(Value::Array(values)) => {
                let all: Vec<String> = values.iter().filter_map(scalar_text).collect();
                Some(all.join(", "))
            }
            Some(other) => scalar_text(other),
            None => None,
        };
        match (category, value) {
            (Some(c), Some(v)) => out.line(format!("{c}: {v}")),
            (Some(c), None) => out.line(c),
            (None, Some(v)) => out.line(v),
            (None, None) => {}
        }
    }
    if let Some(note) = str_of(fields, &["note"]).filter(|n| !n.trim().is_empty()) {
        out.line(format!("Note: {}", note.trim()));
    }
}

// ---------------------------------------------------------------------------------------
// Small readers; all tolerate any JSON shape.

fn obj_field<'a>(fields: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    fields.get(key).filter(|v| v.is_object())
}

fn array_field<'a>(fields: &'a Map<String, Value>, key: &str) -> &'a [Value] {
    fields
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The first of `keys` in `fields` that is a non-blank string or a number.
fn str_of(fields: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| fields.get(*k).and_then(scalar_text))
}

/// The first of `keys` in the object `value` that is a non-blank string or a number.
fn text_of(value: &Value, keys: &[&str]) -> Option<String> {
    value.as_object().and_then(|map| str_of(map, keys))
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|f| f.is_finite())
}

/// Up to 6 decimals (about 0.1 m), trailing zeros dropped.
fn coordinate_text(value: f64) -> String {
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// `filename=` query value of a download URL, else the last path segment.
fn filename_from_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    if let Some((_, name)) = parsed.query_pairs().find(|(k, _)| k == "filename") {
        if !name.trim().is_empty() {
            return Some(name.into_owned());
        }
    }
    parsed
        .path_segments()
        .and_then(|mut s| s.next_back().map(str::to_string))
        .filter(|s| !s.is_empty())
}

/// `SOME_EVENT_NAME` → `some event name`.
fn humanize(name: &str) -> String {
    name.trim().replace(['_', '-'], " ").to_lowercase()
}

/// Text of an HTML document: scripts/styles dropped, block tags become line breaks, tags
/// removed, common entities decoded, runs of blank lines collapsed.
fn strip_html(html: &str) -> String {
    let chars: Vec<char> = html.chars().collect();
    let mut text = String::new();
    let mut i = 0;
    let mut skip_until: Option<&str> = None;
    while i < chars.len() {
        if chars[i] == '<' {
            let end = chars[i..].iter().position(|&c| c == '>').map(|p| i + p);
            let Some(end) = end else {
                break;
            };
            let tag: String = chars[i + 1..end].iter().collect::<String>().to_lowercase();
            let tag = tag.trim();
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if let Some(closing) = skip_until {
                if tag.starts_with('/') && name == closing {
                    skip_until = None;
                }
            } else if name == "script" || name == "style" {
                if !tag.ends_with('/') {
                    skip_until = Some(if name == "script" { "script" } else { "style" });
                }
            } else if matches!(
                name.as_str(),
                "br" | "p"
                    | "div"
                    | "li"
                    | "tr"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "table"
                    | "ul"
                    | "ol"
                    | "blockquote"
                    | "hr"
            ) {
                text.push('\n');
            }
            i = end + 1;
            continue;
        }
        if skip_until.is_none() {
            text.push(chars[i]);
        }
        i += 1;
    }
    let decoded = decode_entities(&text);
    let mut lines: Vec<&str> = Vec::new();
    for line in decoded.lines().map(str::trim) {
        if line.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        // Entities are short: look for the ';' in the next few characters only.
        let end = after
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(e, _)| e);
        let decoded = end.and_then(|e| {
            let entity = &after[1..e];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let code = if let Some(hex) = entity
                        .strip_prefix("#x")
                        .or_else(|| entity.strip_prefix("#X"))
                    {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        entity.strip_prefix('#').and_then(|d| d.parse::<u32>().ok())
                    };
                    code.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------
// Inline markdown.

/// Longest line (in characters) whose markdown is interpreted; matching markers is
/// quadratic in the worst case.
pub const MAX_MARKDOWN_LINE: usize = 2048;

/// Deepest nesting of emphasis / link text that is interpreted.
const MAX_MARKDOWN_DEPTH: usize = 8;

fn inline(chars: &[char], depth: usize) -> String {
    if depth > MAX_MARKDOWN_DEPTH {
        return chars.iter().collect();
    }
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| "*_~`[]()\\#".contains(*n)) => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                let n = run_len(chars, i, '`');
                match find_code_close(chars, i + n, n) {
                    Some(close) => {
                        let code: String = chars[i + n..close].iter().collect();
                        out.push_str(&code);
                        i = close + n;
                    }
                    None => {
                        out.extend(std::iter::repeat_n('`', n));
                        i += n;
                    }
                }
            }
            '!' if chars.get(i + 1) == Some(&'[') => match parse_link(chars, i + 1) {
                Some(link) => {
                    out.push_str(&link.render(chars, depth));
                    i = link.end;
                }
                None => {
                    out.push('!');
                    i += 1;
                }
            },
            '[' => match parse_link(chars, i) {
                Some(link) => {
                    out.push_str(&link.render(chars, depth));
                    i = link.end;
                }
                None => {
                    out.push('[');
                    i += 1;
                }
            },
            '*' | '_' | '~' => {
                let n = run_len(chars, i, c);
                match find_emphasis_close(chars, i, n, c) {
                    Some(close) => {
                        out.push_str(&inline(&chars[i + n..close], depth + 1));
                        i = close + n;
                    }
                    None => {
                        out.extend(std::iter::repeat_n(c, n));
                        i += n;
                    }
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn run_len(chars: &[char], start: usize, c: char) -> usize {
    chars[start..].iter().take_while(|&&x| x == c).count()
}

fn find_code_close(chars: &[char], from: usize, n: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let r = run_len(chars, j, '`');
            if r == n {
                return Some(j);
            }
            j += r;
        } else {
            j += 1;
        }
    }
    None
}

/// The start of the run closing the emphasis run `chars[open..open + n]`, if the run can
/// open emphasis and a matching run of the same length closes it.
fn find_emphasis_close(chars: &[char], open: usize, n: usize, c: char) -> Option<usize> {
    let after_open = *chars.get(open + n)?;
    if after_open.is_whitespace() {
        return None;
    }
    if c == '_' && open > 0 && chars[open - 1].is_alphanumeric() {
        return None;
    }
    let mut j = open + n;
    while j < chars.len() {
        if chars[j] == '`' {
            // Don't close inside a code span.
            let r = run_len(chars, j, '`');
            j = find_code_close(chars, j + r, r).map_or(j + r, |close| close + r);
            continue;
        }
        if chars[j] != c {
            j += 1;
            continue;
        }
        let r = run_len(chars, j, c);
        let before = chars[j - 1];
        let after = chars.get(j + r);
        let closes = r == n
            && j > open + n
            && !before.is_whitespace()
            && !(c == '_' && after.is_some_and(|a| a.is_alphanumeric()));
        if closes {
            return Some(j);
        }
        j += r;
    }
    None
}

struct Link {
    text: (usize, usize),
    url: String,
    end: usize,
}

impl Link {
    fn render(&self, chars: &[char], depth: usize) -> String {
        let text = inline(&chars[self.text.0..self.text.1], depth + 1);
        let text = text.trim();
        if text.is_empty() || text == self.url {
            format!("<{}>", self.url)
        } else {
            format!("{text} <{}>", self.url)
        }
    }
}

/// `[text](url "title")` starting at `chars[open] == '['`.
fn parse_link(chars: &[char], open: usize) -> Option<Link> {
    let mut depth = 0usize;
    let mut close = None;
    for (j, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let mut depth = 0usize;
    let mut end = None;
    for (j, &c) in chars.iter().enumerate().skip(close + 1) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    end = Some(j);
                    break;
                }
            }
            _ => {}
        }
    }
    let end = end?;
    let target: String = chars[close + 2..end].iter().collect();
    let url = target
        .split_whitespace()
        .next()?
        .trim_matches(['<', '>'])
        .to_string();
    if url.is_empty() {
        return None;
    }
    Some(Link {
        text: (open + 1, close),
        url,
        end: end + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_emphasis_code_and_links() {
        assert_eq!(
            markdown_to_plain("*bold* _it_ **b** ~s~ ~~gone~~"),
            "bold it b s gone"
        );
        assert_eq!(markdown_to_plain("use `a*b*c` now"), "use a*b*c now");
        assert_eq!(
            markdown_to_plain("see [docs](https://x.io/a_b)"),
            "see docs <https://x.io/a_b>"
        );
        assert_eq!(
            markdown_to_plain("[https://x.io](https://x.io)"),
            "<https://x.io>"
        );
        assert_eq!(markdown_to_plain("5 * 3 * 2 = 30"), "5 * 3 * 2 = 30");
        assert_eq!(markdown_to_plain("snake_case_name"), "snake_case_name");
        assert_eq!(markdown_to_plain("*a **b** c*"), "a b c");
        assert_eq!(
            markdown_to_plain("```rust\nlet *x* = 1;\n```\ndone"),
            "let *x* = 1;\ndone"
        );
        assert_eq!(
            markdown_to_plain("unclosed *star and [bracket"),
            "unclosed *star and [bracket"
        );
        assert_eq!(markdown_to_plain(r"\*literal\*"), "*literal*");
    }

    #[test]
    fn hostile_markdown_is_cheap_and_shallow() {
        let start = std::time::Instant::now();
        // Deep nesting within the line limit: the outer levels are interpreted, the rest is
        // kept as typed.
        let deep = format!("{}x{}", "*_".repeat(400), "_*".repeat(400));
        let out = markdown_to_plain(&deep);
        assert!(out.contains('x') && out.len() < deep.len(), "{out}");
        // A very long line is kept verbatim.
        let long = format!("{}x{}", "*_".repeat(5000), "_*".repeat(5000));
        assert_eq!(markdown_to_plain(&long), long);
        // Markers that never close, within the limit.
        let unclosed = "*a ".repeat(300) + &"[".repeat(600) + &"&".repeat(1000);
        assert_eq!(markdown_to_plain(&unclosed), unclosed);
        assert_eq!(decode_entities(&"&".repeat(5000)), "&".repeat(5000));
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(
            markdown_to_plain("*a _b ~c **d** c~ b_ a*"),
            "a b c d c b a"
        );
    }

    #[test]
    fn sizes_are_human_readable() {
        assert_eq!(human_size(512), "512 B");
        // KiB, not "KB": the sizes are 1024-based.
        assert_eq!(human_size(41047), "40.1 KiB");
        assert_eq!(human_size(5 * 1024 * 1024), "5.0 MiB");
    }

    #[test]
    fn html_is_stripped_to_text() {
        let html = "<html><style>p{}</style><p>Hello&nbsp;<b>there</b></p><p>a &amp; b &#65;</p><script>x()</script></html>";
        assert_eq!(strip_html(html), "Hello there\n\na & b A");
    }
}
