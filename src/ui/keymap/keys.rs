//! Key strings of the configuration's `[keys]` table (a contract, issue 10): parsing them into
//! keys and showing keys as the help overlay writes them.
//!
//! Syntax: any of the modifiers `ctrl+`, `alt+`, `shift+` (any case, any order), then one key:
//! `f1` … `f12`, a named key (`enter`, `tab`, `esc`, `space`, `backspace`, `delete`, `insert`,
//! `home`, `end`, `pgup`, `pgdn`, `up`, `down`, `left`, `right`; crokey's spellings such as
//! `pageup` and `escape`-less `esc` work too) or a single character (`x`, `?`, `+`). Examples:
//! `"ctrl+g"`, `"alt+r"`, `"f9"`, `"shift+tab"`, `"ctrl++"` (Ctrl and the plus key).
//!
//! The key names are read by [`crokey`] (its syntax joins with `-`; ours, the issue's, with
//! `+`, so this module splits the modifiers itself and hands crokey the key alone).

use crossterm::event::{KeyCode, KeyModifiers};

/// What a key string may hold, for error messages.
pub const SYNTAX: &str = "ctrl+, alt+, shift+ and one key: f1…f12, enter, tab, esc, space, \
backspace, delete, insert, home, end, pgup, pgdn, up, down, left, right, or a single character";

/// A parsed key: the code and the modifiers, normalised as [`super::Keys::Key`] matches them
/// (letters lower-case; `shift+` on a letter kept as SHIFT, meaning the capital; Shift+Tab as
/// `BackTab`).
pub fn parse(text: &str) -> Result<(KeyCode, KeyModifiers), String> {
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err(format!("an empty key string; expected {SYNTAX}"));
    }
    let mut mods = KeyModifiers::NONE;
    loop {
        let lower = rest.to_ascii_lowercase();
        let (modifier, len) = if lower.starts_with("ctrl+") {
            (KeyModifiers::CONTROL, 5)
        } else if lower.starts_with("control+") {
            (KeyModifiers::CONTROL, 8)
        } else if lower.starts_with("alt+") {
            (KeyModifiers::ALT, 4)
        } else if lower.starts_with("shift+") {
            (KeyModifiers::SHIFT, 6)
        } else {
            break;
        };
        if rest.len() == len {
            break; // "ctrl+" alone: the '+' is not a separator here
        }
        mods |= modifier;
        rest = &rest[len..];
    }
    let code = key_code(rest).ok_or_else(|| format!("{text:?} is not a key; expected {SYNTAX}"))?;
    normalise(text, code, mods)
}

/// The key code `name` stands for (a name or one character).
fn key_code(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next()) {
        return Some(KeyCode::Char(c));
    }
    let lower = name.to_ascii_lowercase();
    let crokey_name = match lower.as_str() {
        "pgup" => "pageup",
        "pgdn" | "pgdown" => "pagedown",
        "escape" => "esc",
        "return" => "enter",
        "plus" => return Some(KeyCode::Char('+')),
        // crokey reads "a-b" as a chord of keys; one key per binding here.
        other if other.contains('-') => return None,
        other => other,
    };
    let combination = crokey::parse(crokey_name).ok()?;
    (combination.codes.len() == 1 && combination.modifiers.is_empty())
        .then(|| *combination.codes.first())
}

fn normalise(
    text: &str,
    code: KeyCode,
    mut mods: KeyModifiers,
) -> Result<(KeyCode, KeyModifiers), String> {
    let code = match code {
        KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
        KeyCode::Char(c) if c.is_ascii_uppercase() => {
            // "G" is the capital: Shift+G. With Ctrl or Alt the case means nothing.
            if !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
                mods |= KeyModifiers::SHIFT;
            }
            KeyCode::Char(c.to_ascii_lowercase())
        }
        KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) && !c.is_ascii_alphabetic() => {
            return Err(format!(
                "{text:?}: shift+ goes with letters and named keys only; write the character \
                 itself (\"?\", not \"shift+/\")"
            ));
        }
        KeyCode::Char(c) if c.is_control() => {
            return Err(format!("{text:?} is not a key; expected {SYNTAX}"));
        }
        other => other,
    };
    Ok((code, mods))
}

/// How help shows a key: `Ctrl+G`, `Alt+R`, `F9`, `Shift+Enter`, `PgUp`, `↑`, `?`, `Space`.
pub fn label(code: KeyCode, mods: KeyModifiers) -> String {
    let mut out = String::new();
    if mods.contains(KeyModifiers::CONTROL) {
        out.push_str("Ctrl+");
    }
    if mods.contains(KeyModifiers::ALT) {
        out.push_str("Alt+");
    }
    let letter_shift = matches!(code, KeyCode::Char(c) if c.is_ascii_alphabetic());
    if mods.contains(KeyModifiers::SHIFT) && code != KeyCode::BackTab && !letter_shift {
        out.push_str("Shift+");
    }
    match code {
        KeyCode::Char(' ') => out.push_str("Space"),
        KeyCode::Char(c) if c.is_ascii_alphabetic() => {
            if mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                || mods.contains(KeyModifiers::SHIFT)
            {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
        }
        KeyCode::Char(c) => out.push(c),
        KeyCode::F(n) => out.push_str(&format!("F{n}")),
        KeyCode::Enter => out.push_str("Enter"),
        KeyCode::Esc => out.push_str("Esc"),
        KeyCode::Tab => out.push_str("Tab"),
        KeyCode::BackTab => out.push_str("Shift+Tab"),
        KeyCode::Backspace => out.push_str("Backspace"),
        KeyCode::Delete => out.push_str("Delete"),
        KeyCode::Insert => out.push_str("Insert"),
        KeyCode::Home => out.push_str("Home"),
        KeyCode::End => out.push_str("End"),
        KeyCode::PageUp => out.push_str("PgUp"),
        KeyCode::PageDown => out.push_str("PgDn"),
        KeyCode::Up => out.push('↑'),
        KeyCode::Down => out.push('↓'),
        KeyCode::Left => out.push('←'),
        KeyCode::Right => out.push('→'),
        other => out.push_str(&format!("{other:?}")),
    }
    out
}

/// Labels joined the way help writes them: keys with the same modifiers share them
/// (`Ctrl+N/P`), three or more digits in a row become a range (`Alt+1…9`), groups with
/// different modifiers are joined with `/` too (`PgUp/PgDn`, `?/F1`).
pub fn compact(labels: &[String]) -> String {
    // (prefix, keys) in order of first appearance.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for label in labels {
        let (prefix, key) = split_prefix(label);
        // "Ctrl+_//" would read badly: a slash key keeps its own group.
        let shareable = !prefix.is_empty() && key != "/";
        match groups
            .iter_mut()
            .find(|(p, keys)| shareable && *p == prefix && !keys.iter().any(|k| k == "/"))
        {
            Some((_, keys)) if !keys.contains(&key) => keys.push(key),
            Some(_) => {}
            None => groups.push((prefix, vec![key])),
        }
    }
    groups
        .into_iter()
        .map(|(prefix, keys)| format!("{prefix}{}", digit_ranges(&keys)))
        .collect::<Vec<_>>()
        .join("/")
}

/// `"Ctrl+Alt+X"` → `("Ctrl+Alt+", "X")`; `"+"` and `"Ctrl++"` keep their plus key.
fn split_prefix(label: &str) -> (String, String) {
    let mut prefix_len = 0;
    for modifier in ["Ctrl+", "Alt+", "Shift+"] {
        if label[prefix_len..].starts_with(modifier) && label.len() > prefix_len + modifier.len() {
            prefix_len += modifier.len();
        }
    }
    (
        label[..prefix_len].to_string(),
        label[prefix_len..].to_string(),
    )
}

fn digit_ranges(keys: &[String]) -> String {
    let digit = |k: &String| {
        let mut chars = k.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_digit() => c.to_digit(10),
            _ => None,
        }
    };
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i;
        while let (Some(a), Some(b)) = (digit(&keys[j]), keys.get(j + 1).and_then(digit)) {
            if b != a + 1 {
                break;
            }
            j += 1;
        }
        if j - i >= 2 {
            out.push(format!("{}…{}", keys[i], keys[j]));
        } else {
            out.extend(keys[i..=j].iter().cloned());
        }
        i = j + 1;
    }
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CTRL: KeyModifiers = KeyModifiers::CONTROL;
    const ALT: KeyModifiers = KeyModifiers::ALT;
    const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
    const NONE: KeyModifiers = KeyModifiers::NONE;

    #[test]
    fn the_issues_key_strings_parse() {
        let cases = [
            ("ctrl+g", (KeyCode::Char('g'), CTRL)),
            ("Ctrl+G", (KeyCode::Char('g'), CTRL)),
            ("alt+r", (KeyCode::Char('r'), ALT)),
            ("f9", (KeyCode::F(9), NONE)),
            ("F12", (KeyCode::F(12), NONE)),
            ("shift+enter", (KeyCode::Enter, SHIFT)),
            ("alt+enter", (KeyCode::Enter, ALT)),
            ("shift+tab", (KeyCode::BackTab, SHIFT)),
            ("tab", (KeyCode::Tab, NONE)),
            ("esc", (KeyCode::Esc, NONE)),
            ("up", (KeyCode::Up, NONE)),
            ("pgup", (KeyCode::PageUp, NONE)),
            ("pgdn", (KeyCode::PageDown, NONE)),
            ("pagedown", (KeyCode::PageDown, NONE)),
            ("ctrl+home", (KeyCode::Home, CTRL)),
            ("space", (KeyCode::Char(' '), NONE)),
            ("x", (KeyCode::Char('x'), NONE)),
            ("X", (KeyCode::Char('x'), SHIFT)),
            ("?", (KeyCode::Char('?'), NONE)),
            ("+", (KeyCode::Char('+'), NONE)),
            ("ctrl++", (KeyCode::Char('+'), CTRL)),
            ("ctrl+-", (KeyCode::Char('-'), CTRL)),
            ("ctrl+alt+x", (KeyCode::Char('x'), CTRL | ALT)),
            ("ctrl+_", (KeyCode::Char('_'), CTRL)),
            ("é", (KeyCode::Char('é'), NONE)),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn bad_key_strings_say_what_is_expected() {
        for bad in [
            "",
            "ctrl+",
            "ctlr+g",
            "f99x",
            "a-b",
            "ctrl+pgupp",
            "shift+/",
        ] {
            let error = parse(bad).unwrap_err();
            assert!(
                error.contains("expected") || error.contains("shift+ goes with"),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn labels_read_like_the_help() {
        assert_eq!(label(KeyCode::Char('g'), CTRL), "Ctrl+G");
        assert_eq!(label(KeyCode::Char('x'), SHIFT), "X");
        assert_eq!(label(KeyCode::Enter, SHIFT), "Shift+Enter");
        assert_eq!(label(KeyCode::BackTab, SHIFT), "Shift+Tab");
        assert_eq!(label(KeyCode::PageUp, NONE), "PgUp");
        assert_eq!(label(KeyCode::Up, CTRL), "Ctrl+↑");
        for text in [
            "ctrl+g",
            "alt+enter",
            "f9",
            "pgdn",
            "shift+tab",
            "X",
            "?",
            "space",
        ] {
            let (code, mods) = parse(text).unwrap();
            let shown = label(code, mods);
            assert_eq!(
                parse(&shown.replace('↑', "up")),
                Ok((code, mods)),
                "{text} → {shown}"
            );
        }
    }

    #[test]
    fn compact_shares_modifiers_and_ranges_digits() {
        let labels = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(compact(&labels(&["Ctrl+N", "Ctrl+P"])), "Ctrl+N/P");
        assert_eq!(compact(&labels(&["PgUp", "PgDn"])), "PgUp/PgDn");
        assert_eq!(compact(&labels(&["?", "F1"])), "?/F1");
        let digits: Vec<String> = (1..=9).map(|n| format!("Alt+{n}")).collect();
        assert_eq!(compact(&digits), "Alt+1…9");
        assert_eq!(compact(&labels(&["Ctrl++", "+"])), "Ctrl++/+");
        assert_eq!(compact(&labels(&["Ctrl+_", "Ctrl+/"])), "Ctrl+_/Ctrl+/");
        assert_eq!(
            compact(&labels(&["Ctrl+↑", "Alt+↑", "Ctrl+↓", "Alt+↓"])),
            "Ctrl+↑/↓/Alt+↑/↓"
        );
    }
}
