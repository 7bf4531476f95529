//! Reading and checking one configuration file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::error::{describe, ConfigError};
use super::locate::Located;
use super::TopLevelCheck;

/// A configuration file that passed every check, split into its layers.
#[derive(Debug)]
pub struct ConfigFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// `default_profile`, when set.
    pub default_profile: Option<String>,
    /// The settings written at the top level.
    pub(crate) top: toml::Table,
    /// `[profiles.NAME]` tables, by name.
    pub(crate) profiles: BTreeMap<String, toml::Table>,
    pub(crate) located: Located,
}

impl ConfigFile {
    /// Reads and checks `path`.
    ///
    /// Errors: [`ConfigError::Read`], or [`ConfigError::Invalid`] with the line of the
    /// first mistake (TOML syntax, unknown key, wrong type, bad URL).
    pub fn read(path: &Path) -> Result<ConfigFile, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        ConfigFile::parse(path, &text)
    }

    /// Checks `text` as the contents of `path` (which is only used in messages).
    pub fn parse(path: &Path, text: &str) -> Result<ConfigFile, ConfigError> {
        let located = Located::new(text);
        let invalid = |error: toml::de::Error| {
            let offset = error.span().map(|s| s.start);
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line: offset.map(|o| located.line_of(o)),
                message: describe(error.message(), offset, &located),
            }
        };
        TopLevelCheck::deserialize(toml::de::Deserializer::new(text)).map_err(invalid)?;
        let mut top: toml::Table = toml::from_str(text).map_err(invalid)?;
        let default_profile = match top.remove("default_profile") {
            Some(toml::Value::String(name)) => Some(name),
            _ => None,
        };
        let profiles = match top.remove("profiles") {
            Some(toml::Value::Table(profiles)) => profiles
                .into_iter()
                .filter_map(|(name, value)| match value {
                    toml::Value::Table(table) => Some((name, table)),
                    _ => None,
                })
                .collect(),
            _ => BTreeMap::new(),
        };
        Ok(ConfigFile {
            path: path.to_path_buf(),
            default_profile,
            top,
            profiles,
            located,
        })
    }

    /// Profile names, sorted.
    pub fn profile_names(&self) -> Vec<String> {
        self.profiles.keys().cloned().collect()
    }

    /// 1-based line of the key at `path` (`["profiles", "work", "server"]`), if written.
    pub fn line_of(&self, path: &[&str]) -> Option<usize> {
        self.located.line_of_key(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        ConfigFile::parse(Path::new("/home/me/.config/agentdesk/config.toml"), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn unknown_key_in_a_profile_names_file_line_table_and_choices() {
        let text = "theme = \"light\"\n\n[profiles.work]\nusernme = \"sana\"\n";
        let message = error(text);
        assert!(
            message.starts_with(
                "/home/me/.config/agentdesk/config.toml:4: unknown key \"usernme\" in [profiles.work]; expected one of server, username, theme,"
            ),
            "{message}"
        );
        assert!(message.contains("password_command"), "{message}");
    }

    #[test]
    fn unknown_key_at_the_top_and_in_nested_tables() {
        let message = error("servr = \"x\"");
        assert!(
            message.contains(":1: unknown key \"servr\" in the top level; expected one of default_profile, profiles, server"),
            "{message}"
        );
        let message = error("[services]\n\nunified_admn = \"https://x\"\n");
        assert!(
            message.contains(":3: unknown key \"unified_admn\" in [services]; expected one of unified_admin, file_engine, conversation_manager"),
            "{message}"
        );
        let message = error("[profiles.work.notify]\noffer = true\nwhispr = false\n");
        assert!(
            message.contains(":3: unknown key \"whispr\" in [profiles.work.notify]; expected one of offer, message, whisper, forced_logout, connection_lost, sla_expired, hand_raised, announcement"),
            "{message}"
        );
        let message = error("[profiles.a]\npassword = \"hunter2\"\n");
        assert!(
            message.contains("passwords never go in this file"),
            "{message}"
        );
        assert!(!message.contains("hunter2"), "{message}");
    }

    #[test]
    fn wrong_values_name_their_key_and_line() {
        let message = error("\n[profiles.work]\nserver = \"not a url\"\n");
        assert!(message.contains(":3: profiles.work.server: "), "{message}");
        let message = error("remember = \"yes\"\n");
        assert!(message.contains(":1: remember: invalid type"), "{message}");
        let message = error("[notify]\noffer = [\"beep\"]\n");
        assert!(
            message.contains(":2:") && message.contains("beep") && message.contains("bell"),
            "{message}"
        );
        let message = error("a = = 1");
        assert!(message.contains("config.toml:1:"), "{message}");
    }

    #[test]
    fn layers_are_split() {
        let file = ConfigFile::parse(
            Path::new("c.toml"),
            "default_profile = \"work\"\ntheme = \"light\"\n[profiles.work]\nusername = \"sana\"\n[profiles.home]\n",
        )
        .unwrap();
        assert_eq!(file.default_profile.as_deref(), Some("work"));
        assert_eq!(file.profile_names(), ["home", "work"]);
        assert_eq!(
            file.top.get("theme").and_then(|v| v.as_str()),
            Some("light")
        );
        assert_eq!(file.line_of(&["profiles", "work", "username"]), Some(4));
    }
}
