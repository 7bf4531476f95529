//! Where the desk looks for its files: the XDG layout on every platform (as helix and gitui
//! do), so a config written on Linux works unchanged on macOS and Windows.
//!
//! - `$XDG_CONFIG_HOME/agentdesk/config.toml` (default `~/.config/agentdesk/config.toml`)
//! - `$XDG_CONFIG_HOME/agentdesk/themes/NAME.toml` (user themes, over the shipped ones)
//!
//! A relative `XDG_CONFIG_HOME` is ignored, as the XDG spec says (the `etcetera` crate).

use std::path::PathBuf;

use etcetera::BaseStrategy as _;

/// `$XDG_CONFIG_HOME/agentdesk`, or `None` when no home directory is known.
pub fn config_dir() -> Option<PathBuf> {
    etcetera::base_strategy::Xdg::new()
        .ok()
        .map(|xdg| xdg.config_dir().join("agentdesk"))
}

/// The default configuration file, `$XDG_CONFIG_HOME/agentdesk/config.toml`.
pub fn default_config_file() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("config.toml"))
}

/// The user's theme directory, `$XDG_CONFIG_HOME/agentdesk/themes`.
pub fn themes_dir() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("themes"))
}
