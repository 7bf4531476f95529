//! Esc pressed just before another key, read in one go (over SSH, or a fast typist):
//! `ESC ESC O Q` arrives together, and crossterm reads `ESC ESC` as Esc and then types `O`,
//! `Q` — the F2 is lost and "OQ" lands in the composer.
//!
//! crossterm offers no hook for this, so the runtime collects the keys that arrive with an
//! Esc (within a few milliseconds: no person types that fast) and [`repair`] reads the
//! characters after it as the escape sequence they were: SS3 (`O P` … `O S` = F1–F4, `O A` …
//! = arrows, `O H`/`O F` = Home/End) and CSI (`[ A`, `[ 1 5 ~` = F5, `[ 1 ; 5 A` = Ctrl+↑,
//! …). Anything else is left as typed.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// How long after an Esc the runtime waits for keys that came in the same read, ms.
pub const SAME_READ_MS: u64 = 5;

fn plain_char(event: &KeyEvent) -> Option<char> {
    match event.code {
        KeyCode::Char(c)
            if (event.modifiers - KeyModifiers::SHIFT).is_empty()
                && event.kind != KeyEventKind::Release =>
        {
            Some(c)
        }
        _ => None,
    }
}

/// The key of an SS3 final byte (`ESC O x`).
fn ss3(c: char) -> Option<KeyCode> {
    Some(match c {
        'P' => KeyCode::F(1),
        'Q' => KeyCode::F(2),
        'R' => KeyCode::F(3),
        'S' => KeyCode::F(4),
        'A' => KeyCode::Up,
        'B' => KeyCode::Down,
        'C' => KeyCode::Right,
        'D' => KeyCode::Left,
        'H' => KeyCode::Home,
        'F' => KeyCode::End,
        _ => return None,
    })
}

/// The key of a CSI sequence `ESC [ params final`.
fn csi(params: &str, last: char) -> Option<(KeyCode, KeyModifiers)> {
    let mut parts = params.split(';');
    let first = parts.next().unwrap_or("");
    let modifiers = match parts.next() {
        Some(m) => modifier_param(m)?,
        None => KeyModifiers::NONE,
    };
    let code = match last {
        'A' => KeyCode::Up,
        'B' => KeyCode::Down,
        'C' => KeyCode::Right,
        'D' => KeyCode::Left,
        'H' => KeyCode::Home,
        'F' => KeyCode::End,
        'Z' => KeyCode::BackTab,
        'P' => KeyCode::F(1),
        'Q' => KeyCode::F(2),
        'R' => KeyCode::F(3),
        'S' => KeyCode::F(4),
        '~' => match first.parse::<u8>().ok()? {
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            n @ 11..=15 => KeyCode::F(n - 10),
            n @ 17..=21 => KeyCode::F(n - 11),
            n @ 23..=24 => KeyCode::F(n - 12),
            _ => return None,
        },
        _ => return None,
    };
    Some((code, modifiers))
}

/// xterm's modifier parameter: 1 + (1 Shift, 2 Alt, 4 Ctrl).
fn modifier_param(text: &str) -> Option<KeyModifiers> {
    let bits = text.parse::<u8>().ok()?.checked_sub(1)?;
    let mut mods = KeyModifiers::NONE;
    if bits & 1 != 0 {
        mods |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        mods |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        mods |= KeyModifiers::CONTROL;
    }
    Some(mods)
}

/// Reads the keys that arrived together with an Esc (`batch[0]`) again: characters that form
/// an escape sequence right after it become that key. Other keys pass unchanged.
pub fn repair(batch: Vec<KeyEvent>) -> Vec<KeyEvent> {
    let starts_with_esc = batch
        .first()
        .is_some_and(|k| k.code == KeyCode::Esc && k.modifiers.is_empty());
    if !starts_with_esc || batch.len() < 3 {
        return batch;
    }
    let chars: Vec<Option<char>> = batch.iter().map(plain_char).collect();
    let found = match chars[1] {
        Some('O') => chars[2]
            .and_then(ss3)
            .map(|code| (code, KeyModifiers::NONE, 3)),
        Some('[') => {
            let mut params = String::new();
            let mut end = None;
            for (i, c) in chars.iter().enumerate().skip(2) {
                match c {
                    Some(c) if c.is_ascii_digit() || *c == ';' => params.push(*c),
                    Some(c) => {
                        end = Some((i, *c));
                        break;
                    }
                    None => break,
                }
            }
            end.and_then(|(i, last)| csi(&params, last).map(|(code, mods)| (code, mods, i + 1)))
        }
        _ => None,
    };
    match found {
        Some((code, modifiers, used)) => {
            let mut out = vec![batch[0], KeyEvent::new(code, modifiers)];
            out.extend_from_slice(&batch[used..]);
            out
        }
        None => batch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<KeyEvent> {
        let mut out = vec![KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)];
        out.extend(
            text.chars()
                .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
        out
    }

    fn codes(events: &[KeyEvent]) -> Vec<(KeyCode, KeyModifiers)> {
        events.iter().map(|k| (k.code, k.modifiers)).collect()
    }

    #[test]
    fn esc_then_an_f_key_in_one_read_is_esc_and_the_f_key() {
        let none = KeyModifiers::NONE;
        assert_eq!(
            codes(&repair(keys("OQ"))),
            [(KeyCode::Esc, none), (KeyCode::F(2), none)]
        );
        assert_eq!(
            codes(&repair(keys("[15~x"))),
            [
                (KeyCode::Esc, none),
                (KeyCode::F(5), none),
                (KeyCode::Char('x'), none)
            ]
        );
        assert_eq!(
            codes(&repair(keys("[1;5A"))),
            [(KeyCode::Esc, none), (KeyCode::Up, KeyModifiers::CONTROL)]
        );
        assert_eq!(
            codes(&repair(keys("[24~"))),
            [(KeyCode::Esc, none), (KeyCode::F(12), none)]
        );
        // Not a sequence: left as typed.
        assert_eq!(codes(&repair(keys("Ok"))), codes(&keys("Ok")));
        assert_eq!(codes(&repair(keys("O"))), codes(&keys("O")));
    }
}
