//! Precedence: defaults < the file's top level < the profile < `AGENTDESK_<KEY>` < flags.
//!
//! Layers are merged as TOML tables (tables key by key, other values replace), recording for
//! every leaf which layer gave it; the merged table is then read as [`Settings`]. Each layer
//! was checked on its own first, so errors point at the layer that is wrong.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use super::error::ConfigError;
use super::file::ConfigFile;
use super::paths;
use super::Settings;

/// A value given on the command line: the key it sets, its value, and the flag's spelling
/// for messages (`--server`).
#[derive(Debug, Clone)]
pub struct Flag {
    pub key: &'static str,
    pub value: toml::Value,
    pub flag: &'static str,
}

/// What to resolve: the command line's part, and how to read the environment.
pub struct Request<'a> {
    /// `--config PATH` (must exist when given).
    pub config_path: Option<PathBuf>,
    /// `--profile NAME`.
    pub profile: Option<String>,
    /// Values from flags.
    pub flags: Vec<Flag>,
    /// Reads an environment variable (`std::env::var` in the binary; a map in tests).
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

/// Where an effective value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The built-in default.
    Default,
    /// The file's top level, at `line`.
    File { path: PathBuf, line: Option<usize> },
    /// A profile of the file, at `line`.
    Profile {
        name: String,
        path: PathBuf,
        line: Option<usize>,
    },
    /// An environment variable.
    Env(String),
    /// A command-line flag.
    Flag(String),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |path: &PathBuf, line: &Option<usize>| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match line {
                Some(line) => format!("{name}:{line}"),
                None => name,
            }
        };
        match self {
            Source::Default => f.write_str("default"),
            Source::File { path, line } => f.write_str(&at(path, line)),
            Source::Profile { name, path, line } => {
                write!(f, "profile {name}, {}", at(path, line))
            }
            Source::Env(var) => f.write_str(var),
            Source::Flag(flag) => f.write_str(flag),
        }
    }
}

/// The configuration in effect, with where each value came from.
#[derive(Debug, Clone)]
pub struct Effective {
    pub settings: Settings,
    /// The file that was read, if any.
    pub file: Option<PathBuf>,
    /// The selected profile and who selected it.
    pub profile: Option<(String, Source)>,
    /// Merged values as TOML (for printing), and the source of each leaf by dotted path.
    merged: toml::Table,
    sources: BTreeMap<String, Source>,
}

/// `AGENTDESK_<KEY>` for a settings key (`password_command` → `AGENTDESK_PASSWORD_COMMAND`).
pub fn env_var(key: &str) -> String {
    format!("AGENTDESK_{}", key.to_ascii_uppercase())
}

/// Builds the effective configuration for `request`.
///
/// Errors: the file ([`ConfigError::Read`], [`ConfigError::Invalid`]), a profile that does
/// not exist ([`ConfigError::NoProfile`]), an environment variable or flag whose value its
/// key does not take.
pub fn resolve(request: &Request) -> Result<Effective, ConfigError> {
    let env = |name: &str| (request.env)(name).filter(|v| !v.is_empty());
    let explicit = request
        .config_path
        .clone()
        .or_else(|| env("AGENTDESK_CONFIG").map(PathBuf::from));
    let file = match explicit {
        Some(path) => Some(ConfigFile::read(&path)?),
        None => match paths::default_config_file().filter(|p| p.is_file()) {
            Some(path) => Some(ConfigFile::read(&path)?),
            None => None,
        },
    };
    let chosen = match (&request.profile, env("AGENTDESK_PROFILE")) {
        (Some(name), _) => Some((name.clone(), Source::Flag("--profile".into()))),
        (None, Some(name)) => Some((name, Source::Env("AGENTDESK_PROFILE".into()))),
        (None, None) => file.as_ref().and_then(|f| {
            let name = f.default_profile.clone()?;
            Some((
                name,
                Source::File {
                    path: f.path.clone(),
                    line: f.line_of(&["default_profile"]),
                },
            ))
        }),
    };
    if let Some((name, by)) = &chosen {
        if !file.as_ref().is_some_and(|f| f.profiles.contains_key(name)) {
            return Err(ConfigError::NoProfile {
                name: name.clone(),
                chosen_by: match by {
                    Source::File { path, line } => {
                        format!("{}:{}: default_profile", path.display(), line.unwrap_or(1))
                    }
                    other => other.to_string(),
                },
                path: file.as_ref().map(|f| f.path.clone()),
                known: file
                    .as_ref()
                    .map(ConfigFile::profile_names)
                    .unwrap_or_default(),
            });
        }
    }

    let mut merged = toml::Table::new();
    let mut sources = BTreeMap::new();
    let defaults = toml::Table::try_from(Settings::default())
        .expect("the default settings serialize to a TOML table");
    merge(
        &mut merged,
        &defaults,
        &mut Vec::new(),
        &mut sources,
        &|_| Source::Default,
    );
    if let Some(file) = &file {
        merge(
            &mut merged,
            &file.top,
            &mut Vec::new(),
            &mut sources,
            &|path| Source::File {
                path: file.path.clone(),
                line: file.line_of(&path.iter().map(String::as_str).collect::<Vec<_>>()),
            },
        );
        if let Some((name, _)) = &chosen {
            let profile = &file.profiles[name];
            merge(
                &mut merged,
                profile,
                &mut Vec::new(),
                &mut sources,
                &|path| {
                    let mut full = vec!["profiles", name.as_str()];
                    full.extend(path.iter().map(String::as_str));
                    Source::Profile {
                        name: name.clone(),
                        path: file.path.clone(),
                        line: file.line_of(&full),
                    }
                },
            );
        }
    }
    for key in Settings::KEYS {
        let var = env_var(key);
        if let Some(raw) = env(&var) {
            let value = typed_value(key, &raw).map_err(|message| ConfigError::Env {
                var: var.clone(),
                message,
            })?;
            let layer = toml::Table::from_iter([(key.to_string(), value)]);
            merge(&mut merged, &layer, &mut Vec::new(), &mut sources, &|_| {
                Source::Env(var.clone())
            });
        }
    }
    for flag in &request.flags {
        let layer = toml::Table::from_iter([(flag.key.to_string(), flag.value.clone())]);
        check_layer(&layer).map_err(|message| ConfigError::Flag {
            flag: flag.flag.to_string(),
            message,
        })?;
        merge(&mut merged, &layer, &mut Vec::new(), &mut sources, &|_| {
            Source::Flag(flag.flag.to_string())
        });
    }
    let settings =
        Settings::deserialize_table(&merged).map_err(|message| ConfigError::Invalid {
            path: file.as_ref().map(|f| f.path.clone()).unwrap_or_default(),
            line: None,
            message,
        })?;
    check_canned(&settings, &sources, file.as_ref())?;
    let effective = Effective {
        settings,
        file: file.map(|f| f.path),
        profile: chosen,
        merged,
        sources,
    };
    // Bad key strings and unknown actions in [keys] are errors here, with their line.
    crate::ui::keymap::Keymap::configured(&effective)?;
    Ok(effective)
}

/// `[canned]`: every entry's placeholders are known ([`crate::app::canned::CannedSet::parse`]);
/// a mistake names the layer and line of the entry (`config.toml:12: canned.greet: unknown
/// placeholder {custmer.name}; use …`).
fn check_canned(
    settings: &Settings,
    sources: &BTreeMap<String, Source>,
    file: Option<&ConfigFile>,
) -> Result<(), ConfigError> {
    let Err(error) = crate::app::canned::CannedSet::parse(&settings.canned) else {
        return Ok(());
    };
    let key = dotted(&["canned".to_string(), error.name.clone()]);
    let message = format!("{key}: {}", error.message);
    let fallback = file.map(|f| f.path.clone()).unwrap_or_default();
    Err(match sources.get(&key) {
        Some(Source::File { path, line }) | Some(Source::Profile { path, line, .. }) => {
            ConfigError::Invalid {
                path: path.clone(),
                line: *line,
                message,
            }
        }
        Some(Source::Env(var)) => ConfigError::Env {
            var: var.clone(),
            message,
        },
        Some(Source::Flag(flag)) => ConfigError::Flag {
            flag: flag.clone(),
            message,
        },
        Some(Source::Default) | None => ConfigError::Invalid {
            path: fallback,
            line: None,
            message,
        },
    })
}

impl Settings {
    fn deserialize_table(table: &toml::Table) -> Result<Settings, String> {
        toml::Value::Table(table.clone())
            .try_into()
            .map_err(|e: toml::de::Error| e.message().replace('`', "\""))
    }
}

fn check_layer(layer: &toml::Table) -> Result<(), String> {
    Settings::deserialize_table(layer).map(|_| ())
}

/// An environment variable's text as the value `key` takes: the text itself when the key
/// takes a string (or URL), else the text read as a TOML value (`true`, `["bell"]`, …).
fn typed_value(key: &str, raw: &str) -> Result<toml::Value, String> {
    let as_string = toml::Value::String(raw.to_string());
    let first = check_layer(&toml::Table::from_iter([(
        key.to_string(),
        as_string.clone(),
    )]));
    if first.is_ok() {
        return Ok(as_string);
    }
    let parsed = format!("v = {raw}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"));
    match parsed {
        Some(value)
            if check_layer(&toml::Table::from_iter([(key.to_string(), value.clone())])).is_ok() =>
        {
            Ok(value)
        }
        _ => Err(first.unwrap_err()),
    }
}

/// Merges `from` into `into`: tables key by key, other values replace. Every leaf written
/// gets `source(path)` (its dotted path from the layer's root).
fn merge(
    into: &mut toml::Table,
    from: &toml::Table,
    path: &mut Vec<String>,
    sources: &mut BTreeMap<String, Source>,
    source: &dyn Fn(&[String]) -> Source,
) {
    for (key, value) in from {
        path.push(key.clone());
        match (into.get_mut(key), value) {
            (Some(toml::Value::Table(existing)), toml::Value::Table(table)) => {
                merge(existing, table, path, sources, source);
            }
            (_, toml::Value::Table(table)) => {
                let dotted = dotted(path);
                sources.retain(|p, _| p != &dotted && !p.starts_with(&format!("{dotted}.")));
                let mut fresh = toml::Table::new();
                merge(&mut fresh, table, path, sources, source);
                into.insert(key.clone(), toml::Value::Table(fresh));
            }
            (_, leaf) => {
                let dotted = dotted(path);
                sources.retain(|p, _| !p.starts_with(&format!("{dotted}.")));
                sources.insert(dotted, source(path));
                into.insert(key.clone(), leaf.clone());
            }
        }
        path.pop();
    }
}

fn dotted(path: &[String]) -> String {
    path.iter()
        .map(|k| {
            if !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                k.clone()
            } else {
                format!("{k:?}")
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

impl Effective {
    /// Where the value at dotted `path` (`server`, `services.file_engine`, `notify.offer`)
    /// came from; [`Source::Default`] for values nobody set.
    pub fn source(&self, path: &str) -> Source {
        self.sources.get(path).cloned().unwrap_or(Source::Default)
    }

    /// Where the binding of key string `key` in `[keys]` came from (file and line, profile,
    /// environment), for errors about bad key strings or unknown actions.
    pub fn key_binding_source(&self, key: &str) -> Source {
        self.source(&dotted(&["keys".to_string(), key.to_string()]))
    }

    /// A path given as the value of `key`: a relative path written in the file is taken
    /// relative to the file's directory (as `~/.config/agentdesk/` users expect); one from
    /// a flag or the environment, relative to the current directory. `~/` is the home
    /// directory.
    pub fn path_value(&self, key: &str, value: &str) -> PathBuf {
        let path = match value.strip_prefix("~/") {
            Some(rest) => match std::env::var_os("HOME") {
                Some(home) => PathBuf::from(home).join(rest),
                None => PathBuf::from(value),
            },
            None => PathBuf::from(value),
        };
        if path.is_absolute() {
            return path;
        }
        match self.source(key) {
            Source::File { path: file, .. } | Source::Profile { path: file, .. } => {
                file.parent().map(|dir| dir.join(&path)).unwrap_or(path)
            }
            _ => path,
        }
    }

    /// The effective configuration as TOML, each value followed by `# <source>`, for
    /// `agentdesk config`. Holds no secret: the settings have none (passwords are never in
    /// the configuration).
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# agentdesk: the configuration in effect (value  # where it came from)\n");
        match &self.file {
            Some(path) => out.push_str(&format!("# file: {}\n", path.display())),
            None => out.push_str(&format!(
                "# file: none ({} does not exist)\n",
                paths::default_config_file()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "no config directory".into())
            )),
        }
        match &self.profile {
            Some((name, by)) => out.push_str(&format!("# profile: {name} ({by})\n")),
            None => out.push_str("# profile: none\n"),
        }
        self.render_table(&self.merged, &mut Vec::new(), &mut out);
        out
    }

    fn render_table(&self, table: &toml::Table, path: &mut Vec<String>, out: &mut String) {
        let (tables, mut leaves): (Vec<_>, Vec<_>) = table
            .iter()
            .partition(|(_, v)| matches!(v, toml::Value::Table(_)));
        if path.is_empty() {
            // The top level in declaration order (server, username, theme, …).
            let rank = |key: &str| Settings::KEYS.iter().position(|k| *k == key);
            leaves.sort_by_key(|(key, _)| rank(key));
        }
        if !path.is_empty() {
            out.push_str(&format!("\n[{}]\n", dotted(path)));
        }
        for (key, value) in leaves {
            path.push(key.clone());
            let key_text = dotted(std::slice::from_ref(key));
            let line = format!("{key_text} = {value}");
            out.push_str(&format!("{line:<48} # {}\n", self.source(&dotted(path))));
            path.pop();
        }
        for (key, value) in tables {
            if let toml::Value::Table(inner) = value {
                path.push(key.clone());
                if inner.is_empty() {
                    out.push_str(&format!("\n[{}]  # empty\n", dotted(path)));
                } else {
                    self.render_table(inner, path, out);
                }
                path.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    const FILE: &str = r#"default_profile = "work"
theme = "light"
remember = false

[profiles.work]
server = "https://cx.example.com/agent-manager"
username = "sana"
remember = true
keys = { "f9" = "accept" }

[profiles.work.notify]
message = ["title"]

[profiles.lab]
server = "https://lab.example.com/agent-manager"
username = "agent1"
theme = "high-contrast"

[keys]
"ctrl+g" = "ready"
"f9" = "none"
"#;

    fn resolve_with(
        file: &str,
        profile: Option<&str>,
        flags: Vec<Flag>,
        env: &[(&str, &str)],
    ) -> Result<Effective, ConfigError> {
        let dir = std::env::temp_dir().join(format!("agentdesk-cfg-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.toml");
        std::fs::write(&path, file).unwrap();
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let lookup = move |name: &str| env.get(name).cloned();
        let result = resolve(&Request {
            config_path: Some(path),
            profile: profile.map(str::to_string),
            flags,
            env: &lookup,
        });
        std::fs::remove_dir_all(&dir).unwrap();
        result
    }

    fn flag(key: &'static str, value: &str, flag: &'static str) -> Flag {
        Flag {
            key,
            value: toml::Value::String(value.into()),
            flag,
        }
    }

    #[test]
    fn default_profile_applies_over_the_top_level() {
        let effective = resolve_with(FILE, None, vec![], &[]).unwrap();
        let s = &effective.settings;
        assert_eq!(
            s.server.as_ref().unwrap().host_str(),
            Some("cx.example.com")
        );
        assert_eq!(s.username.as_deref(), Some("sana"));
        assert_eq!(s.theme, "light", "the top level when the profile is silent");
        assert!(s.remember, "the profile over the top level");
        assert_eq!(s.keys.get("f9").map(String::as_str), Some("accept"));
        assert_eq!(
            s.keys.get("ctrl+g").map(String::as_str),
            Some("ready"),
            "tables merge"
        );
        assert!(s.notify.message.title && !s.notify.message.bell);
        assert!(s.notify.offer.bell, "other kinds keep their default");
        let (name, by) = effective.profile.clone().unwrap();
        assert_eq!(name, "work");
        assert_eq!(by.to_string(), "config.toml:1");
        assert_eq!(
            effective.source("username").to_string(),
            "profile work, config.toml:7"
        );
        assert_eq!(effective.source("theme").to_string(), "config.toml:2");
        assert_eq!(
            effective.source("keys.f9").to_string(),
            "profile work, config.toml:9"
        );
        assert_eq!(effective.source("wrapup"), Source::Default);
        assert_eq!(
            effective.key_binding_source("ctrl+g").to_string(),
            "config.toml:20"
        );
        assert_eq!(effective.source("notify.offer"), Source::Default);
    }

    #[test]
    fn flag_beats_env_beats_profile() {
        let env = [
            ("AGENTDESK_USERNAME", "from-env"),
            ("AGENTDESK_THEME", "solarized-dark"),
            ("AGENTDESK_REMEMBER", "false"),
            ("AGENTDESK_PROFILE", "lab"),
        ];
        let effective = resolve_with(
            FILE,
            None,
            vec![flag("username", "from-flag", "--username")],
            &env,
        )
        .unwrap();
        let s = &effective.settings;
        assert_eq!(
            effective.profile.as_ref().unwrap().0,
            "lab",
            "AGENTDESK_PROFILE over default_profile"
        );
        assert_eq!(s.username.as_deref(), Some("from-flag"));
        assert_eq!(effective.source("username").to_string(), "--username");
        assert_eq!(s.theme, "solarized-dark");
        assert_eq!(effective.source("theme").to_string(), "AGENTDESK_THEME");
        assert!(!s.remember, "AGENTDESK_REMEMBER read as a TOML boolean");
        assert_eq!(
            s.server.as_ref().unwrap().host_str(),
            Some("lab.example.com")
        );
        let effective = resolve_with(FILE, Some("work"), vec![], &env).unwrap();
        assert_eq!(
            effective.profile.as_ref().unwrap().0,
            "work",
            "--profile over the environment"
        );
    }

    #[test]
    fn missing_profiles_and_bad_values_are_errors() {
        let message = resolve_with(FILE, Some("hom"), vec![], &[])
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("--profile: no profile \"hom\" in "),
            "{message}"
        );
        assert!(message.ends_with("; profiles: lab, work"), "{message}");
        let message = resolve_with("default_profile = \"x\"\n", None, vec![], &[])
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("config.toml:1: default_profile: no profile \"x\""),
            "{message}"
        );
        let message = resolve_with("", None, vec![], &[("AGENTDESK_REMEMBER", "maybe")])
            .unwrap_err()
            .to_string();
        assert!(message.starts_with("AGENTDESK_REMEMBER: "), "{message}");
        let message = resolve_with("", None, vec![flag("server", "no url", "--server")], &[])
            .unwrap_err()
            .to_string();
        assert!(message.starts_with("--server: "), "{message}");
    }

    #[test]
    fn relative_paths_are_relative_to_the_file_that_names_them() {
        let dir = std::env::temp_dir().join(format!("agentdesk-cfg-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.toml");
        std::fs::write(&path, "theme = \"themes/mine.toml\"\n").unwrap();
        let lookup = |_: &str| None;
        let request = |flags| Request {
            config_path: Some(path.clone()),
            profile: None,
            flags,
            env: &lookup,
        };
        let effective = resolve(&request(vec![])).unwrap();
        assert_eq!(
            effective.path_value("theme", &effective.settings.theme),
            dir.join("themes/mine.toml")
        );
        let effective = resolve(&request(vec![flag("theme", "x.toml", "--theme")])).unwrap();
        assert_eq!(
            effective.path_value("theme", &effective.settings.theme),
            PathBuf::from("x.toml"),
            "a flag's path is relative to the current directory"
        );
        assert_eq!(
            effective.path_value("theme", "/abs.toml"),
            PathBuf::from("/abs.toml")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn render_shows_each_value_with_its_source() {
        let effective = resolve_with(FILE, None, vec![], &[]).unwrap();
        let text = effective.render();
        assert!(text.contains("# profile: work (config.toml:1)"), "{text}");
        assert!(
            text.lines().any(|l| l.starts_with("username = \"sana\"")
                && l.ends_with("# profile work, config.toml:7")),
            "{text}"
        );
        assert!(text.contains("\n[keys]\n"), "{text}");
        assert!(
            text.lines()
                .any(|l| l.starts_with("ctrl+g = \"ready\"")
                    || l.starts_with("\"ctrl+g\" = \"ready\"")),
            "{text}"
        );
        text.parse::<toml::Table>().expect("the rendering is TOML");
    }
}
