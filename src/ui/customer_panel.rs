//! The customer panel (F5, `/customer`): a column beside the chat with the focused
//! conversation's customer — name, channel, identifiers (the customer record's scalar fields),
//! conversation data, and past conversations from `/history`.
//!
//! Everything here comes from the server or the customer, so every value goes through
//! [`crate::app::sanitize::one_line`] before it is drawn.

use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use serde_json::Value;

use crate::app::sanitize::one_line;
use crate::app::{Conversation, PastConversations, State};
use crate::protocol::KeycloakUser;

use super::keymap::{self, Does};
use super::text::{truncate, width};
use super::theme::Theme;
use super::time;

/// Customer record fields not listed as identifiers: the name (the panel's title) and
/// bookkeeping (`__v` and other `__` fields are hidden too).
const HIDDEN_FIELDS: &[&str] = &["firstName", "isAnonymous"];

/// A JSON value as one line of text, or `None` for nothing worth showing (null, empty,
/// objects). Arrays of scalars are joined with `, `.
pub fn scalar_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Array(items) => items
            .iter()
            .filter(|v| !v.is_array())
            .filter_map(scalar_text)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Null | Value::Object(_) => return None,
    };
    (!text.is_empty()).then(|| one_line(&text))
}

/// The customer's identifiers as `(key, value)`: scalar fields of the customer record except
/// the name and internal ones (`__v`, `isAnonymous`, …); `_id` shows as `id`.
pub fn identifiers(customer: &Value) -> Vec<(String, String)> {
    let Some(map) = customer.as_object() else {
        return Vec::new();
    };
    map.iter()
        .filter(|(key, _)| !HIDDEN_FIELDS.contains(&key.as_str()) && !key.starts_with("__"))
        .filter_map(|(key, value)| {
            let key = if key == "_id" { "id" } else { key.as_str() };
            scalar_text(value).map(|v| (one_line(key), v))
        })
        .collect()
}

/// Conversation data as `(key, value)`; nested values are shown as compact JSON.
pub fn conversation_data(data: &Value) -> Vec<(String, String)> {
    let Some(map) = data.as_object() else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(key, value)| {
            let text = match value {
                Value::Object(_) => Some(one_line(&value.to_string())),
                other => scalar_text(other),
            }?;
            Some((one_line(key), text))
        })
        .collect()
}

/// One `key: value` line, cut to `cols`.
fn key_value(key: &str, value: &str, theme: &Theme, cols: usize) -> Line<'static> {
    let key = format!(" {key}: ");
    let room = cols.saturating_sub(width(&key));
    Line::from(vec![
        Span::styled(truncate(&key, cols), theme.dim),
        Span::styled(truncate(value, room), theme.text),
    ])
}

fn heading(text: &str, theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(format!(" {text}"), theme.section))
}

fn note(text: &str, style: Style) -> Line<'static> {
    Line::from(Span::styled(format!(" {text}"), style))
}

/// A titled part of the panel. When the panel is short, entries are cut from the end of the
/// sections with the lowest `keep` first (the longest of those first), leaving an `… n more`
/// line.
struct Section {
    heading: Line<'static>,
    /// Entries, each one or more lines.
    items: Vec<Vec<Line<'static>>>,
    footer: Vec<Line<'static>>,
    keep: u8,
    hidden: usize,
}

impl Section {
    fn new(heading: Line<'static>, items: Vec<Vec<Line<'static>>>, keep: u8) -> Self {
        Section {
            heading,
            items,
            footer: Vec::new(),
            keep,
            hidden: 0,
        }
    }

    fn height(&self) -> usize {
        1 + self.items.iter().map(Vec::len).sum::<usize>()
            + self.footer.len()
            + usize::from(self.hidden > 0)
    }

    fn lines(self, theme: &Theme) -> Vec<Line<'static>> {
        let mut out = vec![self.heading];
        out.extend(self.items.into_iter().flatten());
        if self.hidden > 0 {
            out.push(note(&format!("… {} more", self.hidden), theme.dim));
        }
        out.extend(self.footer);
        out
    }
}

/// The past conversations section for the customer `customer_id`.
fn past_section(
    past: Option<&PastConversations>,
    customer_id: Option<&str>,
    me: Option<&KeycloakUser>,
    theme: &Theme,
    cols: usize,
) -> Section {
    let mut section = Section::new(heading("Past conversations", theme), Vec::new(), 2);
    let past = past.filter(|p| customer_id == Some(p.customer_id.as_str()));
    let Some(past) = past else {
        section.footer.push(Line::from(vec![
            Span::styled(" /history", theme.help_key),
            Span::styled(" to load", theme.dim),
        ]));
        return section;
    };
    for item in &past.items {
        let date = item
            .started_ms
            .or(item.ended_ms)
            .map_or_else(|| "----------".to_string(), time::date);
        let mut head = date;
        if let Some(channel) = item.channel.as_deref().filter(|c| !c.is_empty()) {
            head.push(' ');
            head.push_str(&one_line(channel));
        }
        if let Some(agent) = item.agent.as_deref().filter(|a| !a.is_empty()) {
            head.push_str(" · ");
            // The agent's own past chats carry the username: show the one display name.
            match me.filter(|me| me.username == agent || me.display_name() == agent) {
                Some(me) => head.push_str(&one_line(&me.display_name())),
                None => head.push_str(&one_line(agent)),
            }
        }
        let mut entry = vec![Line::from(Span::styled(
            truncate(&format!(" {head}"), cols),
            theme.time,
        ))];
        if let Some(summary) = item.summary.as_deref().filter(|s| !s.trim().is_empty()) {
            entry.push(Line::from(Span::styled(
                truncate(&format!("   {}", one_line(summary)), cols),
                theme.text,
            )));
        }
        section.items.push(entry);
    }
    if past.loading {
        section.footer.push(note("loading…", theme.notice_warning));
    } else if past.items.is_empty() {
        section.footer.push(note("none", theme.dim));
    }
    let loaded = past.items.len() as u64;
    if !past.loading && past.total.is_some_and(|t| t > loaded) {
        section.footer.push(Line::from(vec![
            Span::styled(" /history more", theme.help_key),
            Span::styled(
                format!(" ({loaded} of {})", past.total.unwrap_or(loaded)),
                theme.dim,
            ),
        ]));
    }
    section
}

/// Joins the title lines and the sections into at most `rows` lines: blank lines between
/// sections while there is room, then the longest trimmable section loses items first.
fn assemble(
    title: Vec<Line<'static>>,
    mut sections: Vec<Section>,
    rows: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let total = |sections: &[Section], blanks: bool| {
        title.len()
            + sections.iter().map(Section::height).sum::<usize>()
            + if blanks { sections.len() } else { 0 }
    };
    let blanks = total(&sections, true) <= rows;
    while total(&sections, blanks) > rows {
        let longest = sections
            .iter_mut()
            .filter(|s| s.items.len() > 1)
            .min_by_key(|s| (s.keep, std::cmp::Reverse(s.items.len())));
        let Some(section) = longest else {
            break;
        };
        section.items.pop();
        section.hidden += 1;
    }
    let mut out = title;
    for section in sections {
        if blanks {
            out.push(Line::default());
        }
        out.extend(section.lines(theme));
    }
    out
}

/// The panel's lines for `conversation` in `cols` columns and (at most) `rows` rows.
pub fn lines(
    conversation: &Conversation,
    past: Option<&PastConversations>,
    me: Option<&KeycloakUser>,
    theme: &Theme,
    cols: usize,
    rows: usize,
) -> Vec<Line<'static>> {
    let mut title = vec![Line::from(Span::styled(
        truncate(&format!(" {}", one_line(&conversation.customer_name)), cols),
        theme.customer,
    ))];
    let role = crate::app::plain::role(&conversation.role).map(|r| r.into_owned());
    let about: Vec<String> = [Some(conversation.channel.clone()), role]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .map(|s| one_line(&s))
        .collect();
    if !about.is_empty() {
        title.push(Line::from(Span::styled(
            truncate(&format!(" {}", about.join(" · ")), cols),
            theme.dim,
        )));
    }
    let mut sections = Vec::new();
    let ids = identifiers(&conversation.customer);
    if !ids.is_empty() {
        let items = ids
            .iter()
            .map(|(k, v)| vec![key_value(k, v, theme, cols)])
            .collect();
        sections.push(Section::new(heading("Identifiers", theme), items, 1));
    }
    let data = conversation_data(&conversation.conversation_data);
    if !data.is_empty() {
        let items = data
            .iter()
            .map(|(k, v)| vec![key_value(k, v, theme, cols)])
            .collect();
        sections.push(Section::new(heading("Conversation data", theme), items, 1));
    }
    let customer_id = conversation
        .customer
        .get("_id")
        .or_else(|| conversation.customer.get("id"))
        .and_then(Value::as_str);
    sections.push(past_section(past, customer_id, me, theme, cols));
    assemble(title, sections, rows, theme)
}

/// Draws the customer panel into `area`.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let close_key = keymap::label_for(Does::CustomerPanel).unwrap_or_else(|| "/customer".into());
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Span::styled(" Customer ", theme.title))
        .title_bottom(
            Line::from(vec![
                Span::styled(format!(" {close_key}"), theme.help_key),
                Span::styled(" closes ", theme.dim),
            ])
            .alignment(Alignment::Right),
        );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = inner.width as usize;
    let content = match state.focused_conversation() {
        Some(conversation) => lines(
            conversation,
            state.past.as_ref(),
            state.me.as_ref(),
            theme,
            cols,
            inner.height as usize,
        ),
        None => vec![note("No conversation focused", theme.dim)],
    };
    frame.render_widget(Paragraph::new(content), inner);
}
