//! Finding, checking and combining theme files.
//!
//! A theme is chosen by name or by path (`--theme NAME|PATH`, `theme = "…"`): a value with
//! a `/` (or `\`) or ending in `.toml` is a path; otherwise a name, looked up first as
//! `$XDG_CONFIG_HOME/agentdesk/themes/NAME.toml`, then among the themes shipped in the
//! binary ([`SHIPPED`]: `default` (dark), `light`, `high-contrast`, `solarized-dark`), so a
//! user theme overrides a shipped one of the same name and every shipped theme works from
//! any directory.
//!
//! A theme file has three optional parts:
//! ```toml
//! inherits = "default"      # the parent theme (by name); default: "default"
//! [palette]                 # colour names, usable in [roles] (merged over the parent's)
//! accent = "#268bd2"
//! [roles]                   # styles per role (merged over the parent's)
//! status_bar = { fg = "white", bg = "accent" }
//! ```
//! Roles the file leaves out come from its parent; every theme but the shipped `default`
//! has one (`inherits`, else `default`), and `default` names every role. Styles are read
//! after the palettes are merged, so a theme that only changes `[palette]` recolours every
//! role of its parent that uses those names (as helix does). A theme whose `inherits` names
//! its own name inherits the shipped theme of that name.
//!
//! Mistakes are errors with the file, line and key: unknown top-level keys, unknown roles
//! (with the closest role name and the full list), bad colours or modifiers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ratatui::style::Color;

use super::{parse_color, parse_style, Theme};
use crate::config::locate::Located;

/// The themes built into the binary: `(name, TOML text)`, from `themes/` in the repository.
pub const SHIPPED: &[(&str, &str)] = &[
    ("default", include_str!("../../../themes/default.toml")),
    ("light", include_str!("../../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../../themes/high-contrast.toml"),
    ),
    (
        "solarized-dark",
        include_str!("../../../themes/solarized-dark.toml"),
    ),
];

/// At most this many themes in an `inherits` chain.
const MAX_DEPTH: usize = 8;

/// Why a theme could not be loaded. `Display` is the whole message.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// No theme of that name.
    #[error("no theme named {name:?}; available: {}{}", available.join(", "), searched.as_ref().map(|d| format!(" (user themes go in {})", d.display())).unwrap_or_default())]
    NotFound {
        name: String,
        available: Vec<String>,
        searched: Option<PathBuf>,
    },
    /// A theme file cannot be read.
    #[error("cannot read theme {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A theme file is not valid: `file:line: message`.
    #[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid {
        /// The path, or `themes/NAME.toml (shipped)`.
        file: String,
        line: Option<usize>,
        message: String,
    },
    /// `inherits` goes round in a circle or too deep.
    #[error("theme inheritance goes round or too deep: {}", chain.join(" → "))]
    Cycle { chain: Vec<String> },
}

/// Loads the theme `spec` (a name or a path), with user themes from `user_dir` (normally
/// [`crate::config::paths::themes_dir`]; `None`: shipped themes only).
///
/// Errors: see [`ThemeError`].
pub fn load(spec: &str, user_dir: Option<&Path>) -> Result<Theme, ThemeError> {
    let mut chain = Vec::new();
    let mut next = Some(find(spec, user_dir, None)?);
    while let Some(file) = next.take() {
        if chain.len() >= MAX_DEPTH || chain.iter().any(|f: &ThemeFile| f.label == file.label) {
            let mut names: Vec<String> = chain.iter().map(|f| f.label.clone()).collect();
            names.push(file.label);
            return Err(ThemeError::Cycle { chain: names });
        }
        next = match (&file.inherits, file.shipped_default()) {
            (Some((parent, _)), _) => Some(find(parent, user_dir, Some(&file))?),
            (None, true) => None,
            (None, false) => Some(find("default", user_dir, Some(&file))?),
        };
        chain.push(file);
    }
    combine(&chain)
}

/// The theme of `effective` (its `theme` value; a relative path is taken relative to the
/// configuration file that names it), with user themes from
/// `$XDG_CONFIG_HOME/agentdesk/themes`.
///
/// Errors: see [`ThemeError`].
pub fn load_configured(effective: &crate::config::Effective) -> Result<Theme, ThemeError> {
    let spec = &effective.settings.theme;
    let themes = crate::config::paths::themes_dir();
    if is_path(spec) {
        let path = effective.path_value("theme", spec);
        return load(&path.to_string_lossy(), themes.as_deref());
    }
    load(spec, themes.as_deref())
}

/// Names of the themes `load` can find: shipped ones and `user_dir/*.toml`, sorted.
pub fn available(user_dir: Option<&Path>) -> Vec<String> {
    let mut names: Vec<String> = SHIPPED.iter().map(|(n, _)| n.to_string()).collect();
    if let Some(entries) = user_dir.and_then(|d| std::fs::read_dir(d).ok()) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "toml") {
                if let Some(stem) = path.file_stem() {
                    names.push(stem.to_string_lossy().into_owned());
                }
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// A theme file, checked and split into its parts.
struct ThemeFile {
    /// Name or path, for messages and cycle detection.
    label: String,
    /// The theme's own name (file stem or shipped name).
    name: String,
    shipped: bool,
    inherits: Option<(String, Option<usize>)>,
    /// `(name, value, line)`.
    palette: Vec<(String, String, Option<usize>)>,
    /// `(role, value, line)`.
    roles: Vec<(String, toml::Value, Option<usize>)>,
}

impl ThemeFile {
    fn shipped_default(&self) -> bool {
        self.shipped && self.name == "default"
    }
}

/// True when a theme value is a path rather than a name: it has a `/` (or `\`) or ends in
/// `.toml`.
pub fn is_path(spec: &str) -> bool {
    spec.contains('/') || spec.contains('\\') || spec.ends_with(".toml")
}

/// Finds `spec`. `child`: the theme that inherits it (a child named like its parent
/// inherits the shipped theme, not itself).
fn find(
    spec: &str,
    user_dir: Option<&Path>,
    child: Option<&ThemeFile>,
) -> Result<ThemeFile, ThemeError> {
    if is_path(spec) {
        return read_path(Path::new(spec));
    }
    let skip_user = child.is_some_and(|c| c.name == spec);
    if let Some(path) = user_dir
        .map(|d| d.join(format!("{spec}.toml")))
        .filter(|p| !skip_user && p.is_file())
    {
        return read_path(&path);
    }
    match SHIPPED.iter().find(|(name, _)| *name == spec) {
        Some((name, text)) => parse(name, &format!("themes/{name}.toml (shipped)"), text, true),
        None => Err(ThemeError::NotFound {
            name: spec.to_string(),
            available: available(user_dir),
            searched: user_dir.map(Path::to_path_buf),
        }),
    }
}

fn read_path(path: &Path) -> Result<ThemeFile, ThemeError> {
    let text = std::fs::read_to_string(path).map_err(|source| ThemeError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse(&name, &path.display().to_string(), &text, false)
}

/// Checks a theme file's text: keys, roles and value shapes (colours are checked once the
/// palettes are merged, in [`combine`]).
fn parse(name: &str, label: &str, text: &str, shipped: bool) -> Result<ThemeFile, ThemeError> {
    let located = Located::new(text);
    let invalid = |line: Option<usize>, message: String| ThemeError::Invalid {
        file: label.to_string(),
        line,
        message,
    };
    let doc: toml::Table = toml::from_str(text).map_err(|e: toml::de::Error| {
        invalid(
            e.span().map(|s| located.line_of(s.start)),
            e.message().to_string(),
        )
    })?;
    let mut file = ThemeFile {
        label: label.to_string(),
        name: name.to_string(),
        shipped,
        inherits: None,
        palette: Vec::new(),
        roles: Vec::new(),
    };
    for (key, value) in &doc {
        let line = located.line_of_key(&[key]);
        match (key.as_str(), value) {
            ("inherits", toml::Value::String(parent)) => file.inherits = Some((parent.clone(), line)),
            ("inherits", _) => return Err(invalid(line, "inherits: expected a theme name (a string)".into())),
            ("palette", toml::Value::Table(table)) => {
                for (name, value) in table {
                    let line = located.line_of_key(&["palette", name]);
                    let spec = value.as_str().ok_or_else(|| {
                        invalid(line, format!("palette.{name}: expected a colour string"))
                    })?;
                    file.palette.push((name.to_ascii_lowercase(), spec.to_string(), line));
                }
            }
            ("roles", toml::Value::Table(table)) => {
                for (role, value) in table {
                    let line = located.line_of_key(&["roles", role]);
                    if !Theme::ROLES.contains(&role.as_str()) {
                        return Err(invalid(line, unknown_role(role)));
                    }
                    file.roles.push((role.clone(), value.clone(), line));
                }
            }
            ("palette" | "roles", _) => {
                return Err(invalid(line, format!("{key}: expected a table ([{key}])")))
            }
            (other, _) => {
                return Err(invalid(
                    line,
                    format!("unknown key {other:?} in the top level; expected one of inherits, palette, roles"),
                ))
            }
        }
    }
    Ok(file)
}

fn unknown_role(role: &str) -> String {
    let closest = Theme::ROLES
        .iter()
        .map(|r| (strsim::jaro_winkler(role, r), *r))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, r)| format!(" (did you mean {r:?}?)"))
        .unwrap_or_default();
    format!(
        "unknown role {role:?} in [roles]{closest}; expected one of {}",
        Theme::ROLES.join(", ")
    )
}

/// Builds the theme of `chain[0]` over its ancestors (`chain[1..]`, root last).
fn combine(chain: &[ThemeFile]) -> Result<Theme, ThemeError> {
    let mut palette: HashMap<String, Color> = HashMap::new();
    for file in chain.iter().rev() {
        for (name, spec, line) in &file.palette {
            let color = parse_color(spec, &HashMap::new()).map_err(|e| ThemeError::Invalid {
                file: file.label.clone(),
                line: *line,
                message: format!("palette.{name}: {e}"),
            })?;
            palette.insert(name.clone(), color);
        }
    }
    let mut theme = Theme::builtin();
    for file in chain.iter().rev() {
        for (role, value, line) in &file.roles {
            let style = parse_style(value, &palette).map_err(|e| ThemeError::Invalid {
                file: file.label.clone(),
                line: *line,
                message: format!("roles.{role}: {e}"),
            })?;
            if let Some(slot) = theme.role_mut(role) {
                *slot = style;
            }
        }
    }
    Ok(theme)
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Modifier, Style};

    use super::*;

    fn temp_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("agentdesk-themes-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn every_shipped_theme_loads_and_defines_every_role() {
        let (_, default_text) = SHIPPED[0];
        let default = parse("default", "default", default_text, true).unwrap();
        let named: Vec<&str> = default.roles.iter().map(|(r, _, _)| r.as_str()).collect();
        for role in Theme::ROLES {
            assert!(
                named.contains(role),
                "themes/default.toml lacks role {role}"
            );
        }
        for (name, text) in SHIPPED {
            let theme = load(name, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            let file = parse(name, name, text, true).unwrap();
            assert!(
                *name == "default" || !file.roles.is_empty() || !file.palette.is_empty(),
                "{name} adds nothing to its parent"
            );
            if *name != "default" {
                assert_ne!(theme, Theme::default_theme(), "{name} looks like default");
            }
        }
        assert_eq!(Theme::default_theme(), load("default", None).unwrap());
    }

    #[test]
    fn inheritance_merges_palette_and_roles() {
        let dir = temp_dir();
        std::fs::write(
            dir.join("mine.toml"),
            "inherits = \"light\"\n[palette]\nmine = \"#010203\"\n[roles]\nme = \"bold mine\"\n",
        )
        .unwrap();
        let mine = load("mine", Some(&dir)).unwrap();
        let light = load("light", None).unwrap();
        assert_eq!(
            mine.me,
            Style::new()
                .fg(Color::Rgb(1, 2, 3))
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(mine.customer, light.customer, "the rest comes from light");
        // A palette-only child recolours the parent's roles that use the name.
        std::fs::write(dir.join("warm.toml"), "[palette]\naccent = \"#aa5500\"\n").unwrap();
        let warm = load("warm", Some(&dir)).unwrap();
        assert_eq!(warm.hint.fg, Some(Color::Rgb(0xaa, 0x55, 0x00)));
        assert_eq!(warm.customer, Theme::default_theme().customer);
        // By path, too.
        let by_path = load(dir.join("warm.toml").to_str().unwrap(), None).unwrap();
        assert_eq!(by_path, warm);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn user_theme_overrides_shipped_and_may_inherit_it() {
        let dir = temp_dir();
        std::fs::write(
            dir.join("light.toml"),
            "inherits = \"light\"\n[roles]\ntext = \"red\"\n",
        )
        .unwrap();
        let theme = load("light", Some(&dir)).unwrap();
        assert_eq!(theme.text, Style::new().fg(Color::Red));
        assert_eq!(theme.customer, load("light", None).unwrap().customer);
        std::fs::write(dir.join("a.toml"), "inherits = \"b\"\n").unwrap();
        std::fs::write(dir.join("b.toml"), "inherits = \"a\"\n").unwrap();
        let error = load("a", Some(&dir)).unwrap_err().to_string();
        assert!(error.contains("goes round"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn mistakes_name_file_line_and_choices() {
        let dir = temp_dir();
        let path = dir.join("bad.toml");
        std::fs::write(&path, "[roles]\ntext = \"reset\"\nstatusbar = \"red\"\n").unwrap();
        let error = load("bad", Some(&dir)).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("{}:3: unknown role \"statusbar\" in [roles] (did you mean \"status_bar\"?); expected one of text, dim,", path.display())),
            "{error}"
        );
        std::fs::write(&path, "colour_scheme = 1\n").unwrap();
        let error = load("bad", Some(&dir)).unwrap_err().to_string();
        assert!(error.contains("bad.toml:1: unknown key \"colour_scheme\" in the top level; expected one of inherits, palette, roles"), "{error}");
        std::fs::write(&path, "[roles]\n\nme = \"blurple\"\n").unwrap();
        let error = load("bad", Some(&dir)).unwrap_err().to_string();
        assert!(
            error.contains("bad.toml:3: roles.me: unknown colour \"blurple\""),
            "{error}"
        );
        std::fs::write(&path, "[roles]\nme = { fgg = \"red\" }\n").unwrap();
        let error = load("bad", Some(&dir)).unwrap_err().to_string();
        assert!(
            error.contains(":2: roles.me: unknown key \"fgg\""),
            "{error}"
        );
        std::fs::write(&path, "[roles]\nme = { modifiers = [\"blink\"] }\n").unwrap();
        let error = load("bad", Some(&dir)).unwrap_err().to_string();
        assert!(
            error.contains("unknown modifier \"blink\"; expected one of bold"),
            "{error}"
        );
        std::fs::write(&path, "inherits = \"nope\"\n").unwrap();
        let error = load("bad", Some(&dir)).unwrap_err().to_string();
        assert!(error.starts_with("no theme named \"nope\"; available: bad, default, high-contrast, light, solarized-dark"), "{error}");
        let error = load("/nonexistent/theme.toml", None)
            .unwrap_err()
            .to_string();
        assert!(error.contains("/nonexistent/theme.toml"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
