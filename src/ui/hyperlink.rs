//! OSC 8 hyperlinks for the web addresses on screen, so a click opens the whole address even
//! where it is split over lines.
//!
//! ratatui has no notion of hyperlinks, and escape sequences hidden in cell symbols break
//! its width bookkeeping; so the runtime draws the frame as usual and then, where the
//! terminal supports OSC 8 ([`supported`]), writes each visible address once more over the
//! same cells — same characters, same styles — wrapped in `ESC ] 8 ; id=… ; URL ESC \` and
//! the closing `ESC ] 8 ; ; ESC \`. The cursor position is saved and restored around it.
//! Only `http`/`https` addresses that parse as URLs are linked, written in their
//! percent-encoded ASCII form, so nothing from a message reaches the terminal as a control
//! sequence.

use std::hash::{Hash, Hasher};
use std::io::{self, Write};

use crossterm::cursor::{MoveTo, RestorePosition, SavePosition};
use crossterm::queue;
use crossterm::style::{
    Attribute, Color as CColor, Print, ResetColor, SetAttribute, SetBackgroundColor,
    SetForegroundColor,
};
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

/// A web address shown at row `y`, columns `x .. x + width` (screen cells).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hyperlink {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub url: String,
}

/// True when stdout is a terminal that shows OSC 8 hyperlinks (the `supports-hyperlinks`
/// crate's detection: known terminals, `FORCE_HYPERLINK=1` to force, `=0` to turn off).
pub fn supported() -> bool {
    supports_hyperlinks::on(supports_hyperlinks::Stream::Stdout)
}

/// The address as written into the escape sequence: an `http`/`https` URL in its ASCII
/// (percent-encoded) form, or `None` for anything else.
pub fn target(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let text = parsed.as_str();
    text.bytes()
        .all(|b| b.is_ascii_graphic())
        .then(|| text.to_string())
}

/// Writes `links` over the cells of `buffer` (the frame just drawn) as OSC 8 hyperlinks.
/// Parts of one address share an `id`, so terminals underline and open them as one.
pub fn write<W: Write>(out: &mut W, buffer: &Buffer, links: &[Hyperlink]) -> io::Result<()> {
    if links.is_empty() {
        return Ok(());
    }
    queue!(out, SavePosition)?;
    for link in links {
        let Some(uri) = target(&link.url) else {
            continue;
        };
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        uri.hash(&mut hasher);
        let id = hasher.finish() & 0xffff_ffff;
        queue!(
            out,
            MoveTo(link.x, link.y),
            Print(format!("\x1b]8;id=ad{id:x};{uri}\x1b\\"))
        )?;
        for x in link.x..link.x.saturating_add(link.width) {
            let Some(cell) = buffer.cell((x, link.y)) else {
                break;
            };
            if cell.symbol().is_empty() {
                continue;
            }
            queue!(
                out,
                SetAttribute(Attribute::Reset),
                SetForegroundColor(CColor::from(cell.fg)),
                SetBackgroundColor(CColor::from(cell.bg)),
            )?;
            for (modifier, attribute) in ATTRIBUTES {
                if cell.modifier.contains(*modifier) {
                    queue!(out, SetAttribute(*attribute))?;
                }
            }
            queue!(out, Print(cell.symbol()))?;
        }
        queue!(
            out,
            Print("\x1b]8;;\x1b\\"),
            SetAttribute(Attribute::Reset),
            ResetColor
        )?;
    }
    queue!(out, RestorePosition)?;
    out.flush()
}

const ATTRIBUTES: &[(Modifier, Attribute)] = &[
    (Modifier::BOLD, Attribute::Bold),
    (Modifier::DIM, Attribute::Dim),
    (Modifier::ITALIC, Attribute::Italic),
    (Modifier::UNDERLINED, Attribute::Underlined),
    (Modifier::SLOW_BLINK, Attribute::SlowBlink),
    (Modifier::RAPID_BLINK, Attribute::RapidBlink),
    (Modifier::REVERSED, Attribute::Reverse),
    (Modifier::HIDDEN, Attribute::Hidden),
    (Modifier::CROSSED_OUT, Attribute::CrossedOut),
];

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn only_web_addresses_are_linked_and_written_as_ascii() {
        assert_eq!(
            target("https://example.com/ä b").as_deref(),
            Some("https://example.com/%C3%A4%20b")
        );
        assert_eq!(target("javascript:alert(1)"), None);
        assert_eq!(target("https://ex\u{1b}]8;;x"), None);
    }

    #[test]
    fn writes_the_cells_again_inside_one_link() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 20, 2));
        buffer.set_string(2, 1, "https://ex.am/p", ratatui::style::Style::new());
        let links = [Hyperlink {
            x: 2,
            y: 1,
            width: 15,
            url: "https://ex.am/p".into(),
        }];
        let mut out = Vec::new();
        write(&mut out, &buffer, &links).unwrap();
        let text = String::from_utf8(out).unwrap();
        let head = "\x1b]8;id=";
        let open = text.find(head).unwrap();
        let uri_end = open + text[open..].find(";https://ex.am/p\x1b\\").unwrap();
        let body_start = uri_end + ";https://ex.am/p\x1b\\".len();
        let close = text.rfind("\x1b]8;;\x1b\\").unwrap();
        // Between the open and close sequences: the cells' text, with only style (SGR)
        // sequences around the characters.
        let mut shown = String::new();
        let mut chars = text[body_start..close].chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                assert_eq!(chars.next(), Some('['));
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                shown.push(c);
            }
        }
        assert_eq!(shown, "https://ex.am/p");
    }
}
