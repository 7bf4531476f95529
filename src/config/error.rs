//! Configuration errors. Each names where the mistake is (file and line, environment
//! variable, or flag) and, for unknown keys, the valid choices.

use std::fmt;
use std::path::PathBuf;

use super::locate::Located;

/// A configuration that cannot be used. `Display` is the whole message for the person.
#[derive(Debug)]
pub enum ConfigError {
    /// The file cannot be read (a missing default file is not an error).
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not valid: `path:line: message`.
    Invalid {
        path: PathBuf,
        /// 1-based, when known.
        line: Option<usize>,
        message: String,
    },
    /// An `AGENTDESK_<KEY>` environment variable has a value the key does not take.
    Env { var: String, message: String },
    /// A command-line flag has a value the key does not take.
    Flag { flag: String, message: String },
    /// The selected profile is not in the file.
    NoProfile {
        name: String,
        /// Who chose it: `--profile`, `AGENTDESK_PROFILE` or `default_profile` (with line).
        chosen_by: String,
        /// The file read, if any.
        path: Option<PathBuf>,
        known: Vec<String>,
    },
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            ConfigError::Invalid {
                path,
                line: Some(line),
                message,
            } => write!(f, "{}:{line}: {message}", path.display()),
            ConfigError::Invalid {
                path,
                line: None,
                message,
            } => write!(f, "{}: {message}", path.display()),
            ConfigError::Env { var, message } => write!(f, "{var}: {message}"),
            ConfigError::Flag { flag, message } => write!(f, "{flag}: {message}"),
            ConfigError::NoProfile {
                name,
                chosen_by,
                path,
                known,
            } => {
                match path {
                    Some(path) => {
                        write!(f, "{chosen_by}: no profile {name:?} in {}", path.display())?
                    }
                    None => write!(
                        f,
                        "{chosen_by}: no profile {name:?}: there is no configuration file"
                    )?,
                }
                if known.is_empty() {
                    write!(f, " (it has no [profiles.NAME] tables)")
                } else {
                    write!(f, "; profiles: {}", known.join(", "))
                }
            }
        }
    }
}

/// The person-facing text of a serde/TOML error at `offset` in `located`: unknown keys as
/// `unknown key "x" in [table]; expected one of a, b`, other mistakes prefixed with their
/// key path (`profiles.work.server: invalid URL …`).
pub(crate) fn describe(message: &str, offset: Option<usize>, located: &Located) -> String {
    let path = offset.and_then(|o| located.key_at(o)).unwrap_or_default();
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let parents = if path.last().map(String::as_str) == Some(name) {
            &path[..path.len() - 1]
        } else {
            &path[..]
        };
        let table = if parents.is_empty() {
            "the top level".to_string()
        } else {
            format!("[{}]", parents.join("."))
        };
        let expected = tail.trim_start_matches(',').trim().replace('`', "");
        let mut text = format!("unknown key {name:?} in {table}; {expected}");
        if name.contains("password") && name != "password_command" {
            text.push_str(
                " (passwords never go in this file: use remember, password_command or AGENTDESK_PASSWORD)",
            );
        }
        return text;
    }
    let message = message.replace('`', "\"");
    if path.is_empty() {
        message
    } else {
        format!("{}: {message}", path.join("."))
    }
}
