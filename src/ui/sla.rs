//! How a response SLA reads on screen (issue 12), in words as well as colour: the chat
//! header says "reply within 0:42", then "reply within 0:08 — soon", then "reply overdue
//! 0:12 · /extend"; the conversation list says "reply 0:42", "soon 0:08", "overdue 0:12"
//! (compact: `0:42`, `!0:08`, `late`).

use ratatui::style::Style;

use crate::app::sla::{ResponseSla, SlaPhase};

use super::theme::Theme;
use super::time;

fn clock(sla: &ResponseSla, now_ms: i64) -> Option<String> {
    sla.display_secs(now_ms).map(|s| time::duration(s * 1000))
}

fn style(phase: SlaPhase, theme: &Theme) -> Style {
    match phase {
        SlaPhase::Running => theme.sla,
        SlaPhase::Close => theme.sla_close,
        SlaPhase::Expired => theme.sla_expired,
    }
}

/// The chat header's words; `extend`: name `/extend` once it ran out (the agent who replies).
pub fn header(sla: &ResponseSla, now_ms: i64, extend: bool, theme: &Theme) -> (String, Style) {
    let phase = sla.phase(now_ms);
    let text = match (phase, clock(sla, now_ms)) {
        (SlaPhase::Running, Some(left)) => format!("reply within {left}"),
        (SlaPhase::Running, None) => "reply awaited".into(),
        (SlaPhase::Close, Some(left)) => format!("reply within {left} — soon"),
        (SlaPhase::Close, None) => "reply soon".into(),
        (SlaPhase::Expired, over) => {
            let mut text = "reply overdue".to_string();
            if let Some(over) = over.filter(|_| sla.deadline_ms.is_some()) {
                text.push_str(&format!(" {over}"));
            }
            if extend {
                text.push_str(" · /extend");
            }
            text
        }
    };
    (text, style(phase, theme))
}

/// The conversation list's words (second line of an entry).
pub fn list(sla: &ResponseSla, now_ms: i64, theme: &Theme) -> (String, Style) {
    let phase = sla.phase(now_ms);
    let text = match (phase, clock(sla, now_ms)) {
        (SlaPhase::Running, Some(left)) => format!("reply {left}"),
        (SlaPhase::Running, None) => "reply".into(),
        (SlaPhase::Close, Some(left)) => format!("soon {left}"),
        (SlaPhase::Close, None) => "soon".into(),
        (SlaPhase::Expired, Some(over)) if sla.deadline_ms.is_some() => format!("overdue {over}"),
        (SlaPhase::Expired, _) => "overdue".into(),
    };
    (text, style(phase, theme))
}

/// The list's compact form (one line per conversation).
pub fn compact(sla: &ResponseSla, now_ms: i64, theme: &Theme) -> (String, Style) {
    let phase = sla.phase(now_ms);
    let text = match (phase, clock(sla, now_ms)) {
        (SlaPhase::Running, Some(left)) => left,
        (SlaPhase::Running, None) => "reply".into(),
        (SlaPhase::Close, Some(left)) => format!("!{left}"),
        (SlaPhase::Close, None) => "soon".into(),
        (SlaPhase::Expired, _) => "late".into(),
    };
    (text, style(phase, theme))
}
