//! Placeholder: replaced by the message-body renderer.
use crate::protocol::CimMessage;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub mime_type: Option<String>,
    pub size: Option<u64>,
    pub url: String,
}

pub struct RenderedBody {
    pub lines: Vec<String>,
    pub attachments: Vec<Attachment>,
}

pub fn render_message(message: &CimMessage) -> RenderedBody {
    let text = message
        .body
        .markdown_text
        .clone()
        .unwrap_or_else(|| format!("[{} message]", message.body.kind));
    RenderedBody {
        lines: vec![super::sanitize::display_text(&text)],
        attachments: Vec::new(),
    }
}
