//! How a response SLA reads on screen (issue 12), in words as well as colour: the chat
//! header says "reply within 0:42", then "reply within 0:08 — soon", then "reply overdue
//! 0:12 · /extend"; the conversation list says "reply 0:42", "soon 0:08", "overdue 0:12"
//! (compact: `0:42`, `soon`, `late`).

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
        (SlaPhase::Close, _) => "soon".into(),
        (SlaPhase::Expired, _) => "late".into(),
    };
    (text, style(phase, theme))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_for_every_phase() {
        let theme = Theme::default_theme();
        let sla = ResponseSla::starting(0, Some(45_000));
        let words = |now: i64| {
            (
                header(&sla, now, true, &theme).0,
                list(&sla, now, &theme).0,
                compact(&sla, now, &theme).0,
            )
        };
        assert_eq!(
            words(3_000),
            (
                "reply within 0:42".into(),
                "reply 0:42".into(),
                "0:42".into()
            )
        );
        assert_eq!(
            words(37_000),
            (
                "reply within 0:08 — soon".into(),
                "soon 0:08".into(),
                "soon".into()
            )
        );
        assert_eq!(
            words(57_000),
            (
                "reply overdue 0:12 · /extend".into(),
                "overdue 0:12".into(),
                "late".into()
            )
        );
        let unknown = ResponseSla::starting(0, None);
        assert_eq!(header(&unknown, 9, false, &theme).0, "reply awaited");
    }
}
