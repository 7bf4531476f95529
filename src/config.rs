//! The optional configuration file: `$XDG_CONFIG_HOME/agentdesk/config.toml` (usually
//! `~/.config/agentdesk/config.toml`), or the file named by `--config`.
//!
//! Everything in it is optional; a missing default file means defaults. Shape:
//! ```toml
//! # Sibling services, when they are not beside the Agent Manager (PROTOCOL.md §1).
//! [services]
//! unified_admin = "https://admin.example.com/unified-admin"
//! file_engine = "https://files.example.com/file-engine"
//! conversation_manager = "https://cx.example.com/conversation-manager"
//! routing_engine = "https://cx.example.com/routing-engine"
//! realtime_reports = "https://cx.example.com/realtime-reports"
//!
//! # A theme file (roles and colours as in themes/default.toml).
//! theme = "/home/me/.config/agentdesk/dark.toml"
//!
//! # Wrap-up choices offered after a chat, as [categoryName, value] pairs.
//! wrapup = [["Outcome", "Resolved"], ["Outcome", "Escalated"], ["Topic", "Billing"]]
//!
//! # The unified-admin form whose categories are the wrap-up choices when the server has it
//! # (GET /unified-admin/forms/{id}); "" reads none. Default: the real desk's form.
//! wrapup_form = "62d07f4f0980a50a91210bef"
//!
//! # Lines per conversation kept in memory; older ones are reloaded when scrolling up.
//! scrollback = 5000
//! ```
//! Nothing secret belongs here: passwords come from the login form or `AGENTDESK_PASSWORD`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use url::Url;

use crate::client::Endpoints;

/// The parsed file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub services: Services,
    /// Path of a theme TOML file.
    #[serde(default)]
    pub theme: Option<PathBuf>,
    /// Wrap-up choices `[categoryName, value]`; empty keeps the desk's defaults.
    #[serde(default)]
    pub wrapup: Vec<(String, String)>,
    /// The unified-admin form whose categories replace `wrapup` when the server has it
    /// (`GET /unified-admin/forms/{id}`, PROTOCOL.md §5, §7); `""` reads none. Default
    /// [`crate::protocol::forms::DEFAULT_WRAPUP_FORM_ID`], the form the real desk reads.
    #[serde(default)]
    pub wrapup_form: Option<String>,
    /// Lines of each conversation kept in memory (the scrollback window; older lines are
    /// archived and come back when the agent scrolls up). Default 5,000, at least 100.
    #[serde(default)]
    pub scrollback: Option<usize>,
}

impl Config {
    /// The wrap-up form to read: the configured id, the default when none is configured,
    /// `None` when configured as `""`.
    pub fn wrapup_form_id(&self) -> Option<String> {
        match self.wrapup_form.as_deref().map(str::trim) {
            None => Some(crate::protocol::forms::DEFAULT_WRAPUP_FORM_ID.to_string()),
            Some("") => None,
            Some(id) => Some(id.to_string()),
        }
    }
}

/// Service base URLs that override the ones derived from `--server`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Services {
    pub unified_admin: Option<Url>,
    pub file_engine: Option<Url>,
    pub conversation_manager: Option<Url>,
    pub routing_engine: Option<Url>,
    pub realtime_reports: Option<Url>,
}

/// Errors reading the configuration; the message names the file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// The default file's path, when the platform has a config directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "agentdesk").map(|d| d.config_dir().join("config.toml"))
}

impl Config {
    /// Reads `explicit` (which must exist), else the default file when it exists, else
    /// defaults.
    ///
    /// Errors: the file cannot be read, is not TOML, or has unknown keys or bad URLs.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None => match default_path().filter(|p| p.is_file()) {
                Some(path) => path,
                None => return Ok(Config::default()),
            },
        };
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
            path: path.clone(),
            source,
        })?;
        Config::parse(&text).map_err(|message| ConfigError::Invalid { path, message })
    }

    /// Parses the file's text.
    pub fn parse(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// `endpoints` with the configured overrides applied.
    pub fn apply(&self, mut endpoints: Endpoints) -> Endpoints {
        let trim = |url: &Url| {
            let mut url = url.clone();
            let path = url.path().trim_end_matches('/').to_string();
            url.set_path(&path);
            url
        };
        if let Some(url) = &self.services.unified_admin {
            endpoints.unified_admin = trim(url);
        }
        if let Some(url) = &self.services.file_engine {
            endpoints.file_engine = trim(url);
        }
        if let Some(url) = &self.services.conversation_manager {
            endpoints.conversation_manager = trim(url);
        }
        if let Some(url) = &self.services.routing_engine {
            endpoints.routing_engine = trim(url);
        }
        if let Some(url) = &self.services.realtime_reports {
            endpoints.realtime_reports = trim(url);
        }
        endpoints
    }

    /// The configured theme, or the built-in default.
    ///
    /// Errors: the theme file cannot be read or parsed.
    pub fn theme(&self) -> Result<crate::ui::theme::Theme, ConfigError> {
        let Some(path) = &self.theme else {
            return Ok(crate::ui::theme::Theme::default_theme());
        };
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.clone(),
            source,
        })?;
        crate::ui::theme::Theme::from_toml(&text).map_err(|message| ConfigError::Invalid {
            path: path.clone(),
            message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_services_theme_and_wrapup() {
        let config = Config::parse(
            r#"
            wrapup = [["Outcome", "Resolved"]]
            [services]
            unified_admin = "https://admin.example.com/unified-admin/"
            "#,
        )
        .unwrap();
        let endpoints =
            config.apply(Endpoints::from_server("https://cx.example.com/agent-manager").unwrap());
        assert_eq!(
            endpoints.reasons(),
            "https://admin.example.com/unified-admin/reasons"
        );
        assert_eq!(
            endpoints.file_engine.as_str(),
            "https://cx.example.com/file-engine"
        );
        assert_eq!(
            config.wrapup,
            [("Outcome".to_string(), "Resolved".to_string())]
        );
        assert_eq!(
            config.wrapup_form_id().as_deref(),
            Some(crate::protocol::forms::DEFAULT_WRAPUP_FORM_ID)
        );
        assert_eq!(
            Config::parse("wrapup_form = \"\"")
                .unwrap()
                .wrapup_form_id(),
            None
        );
        assert_eq!(
            Config::parse("wrapup_form = \"abc\"")
                .unwrap()
                .wrapup_form_id()
                .as_deref(),
            Some("abc")
        );
        assert!(config.theme().is_ok(), "no theme file: the default");
    }

    #[test]
    fn mistakes_are_reported_not_ignored() {
        assert!(Config::parse("[services]\nunified_admn = \"https://x\"")
            .unwrap_err()
            .contains("unified_admn"));
        assert!(Config::parse("[services]\nfile_engine = \"not a url\"").is_err());
        let missing = Config::load(Some(Path::new("/nonexistent/agentdesk.toml"))).unwrap_err();
        assert!(missing.to_string().contains("/nonexistent/agentdesk.toml"));
        let config = Config {
            theme: Some("/nonexistent/theme.toml".into()),
            ..Config::default()
        };
        assert!(config.theme().is_err());
    }
}
