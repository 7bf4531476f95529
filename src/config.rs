//! The configuration: `$XDG_CONFIG_HOME/agentdesk/config.toml` on every platform (usually
//! `~/.config/agentdesk/config.toml`), or the file named by `--config PATH` /
//! `AGENTDESK_CONFIG`. Everything in it is optional; a missing default file means defaults.
//!
//! Precedence, highest first: command-line flag > `AGENTDESK_<KEY>` environment variable >
//! the selected profile > the file's top level > defaults ([`resolve`]). A profile is chosen
//! by `--profile NAME`, else `AGENTDESK_PROFILE`, else `default_profile` in the file.
//!
//! ```toml
//! default_profile = "work"
//! theme = "default"                 # a shipped or user theme name, or a path
//! remember = false                  # store the password in the OS keyring after login
//!
//! [profiles.work]
//! server = "https://cx.example.com/agent-manager"
//! username = "sana"
//! remember = true
//! theme = "light"
//! wrapup = [["Outcome", "Resolved"], ["Outcome", "Escalated"]]
//! wrapup_form = "62d07f4f0980a50a91210bef"   # wrap-up categories from the server's form
//! keys = { "f9" = "accept", "ctrl+g" = "ready", "f8" = "none" }
//! notify = { message = ["title", "desktop"] }
//! confirm = false                   # F8 and quitting do not ask first
//!
//! [profiles.lab]
//! server = "https://lab.example.com/agent-manager"
//! username = "agent1"
//! password_command = "pass show cx/agent1"
//! [profiles.lab.services]
//! unified_admin = "https://admin.lab.example.com/unified-admin"
//! ```
//!
//! Every key of [`Settings`] may be written at the top level and in any profile; tables
//! (`services`, `notify`, `keys`, `canned`) merge key by key across layers, other values
//! replace.
//! Mistakes stop the desk with the file, the line, the key and the valid choices
//! (`config.toml:4: unknown key "usernme" in [profiles.work]; expected one of server, …`).
//! Nothing secret belongs here: passwords come from the login form, the OS keyring
//! (`remember`), `password_command` or `AGENTDESK_PASSWORD` ([`crate::credentials`]).
//!
//! Adding a key: one line in the `settings!` block below (doc comment, name, type,
//! default). It is then accepted at the top level and in profiles, listed in error
//! messages, shown by `agentdesk config`, and settable as `AGENTDESK_<KEY>`.

mod error;
mod file;
mod layers;
pub mod locate;
pub mod paths;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::app::notify::NotifyConfig;
use crate::client::Endpoints;

pub use error::ConfigError;
pub use file::ConfigFile;
pub use layers::{resolve, Effective, Flag, Request, Source};

/// Key bindings: a key string (`"ctrl+g"`, `"alt+r"`, `"f9"`, `"pgup"`, `"x"`) mapped to an
/// action name (a slash command without `/`: `"ready"`, `"accept"`, …; `"none"` unbinds).
///
/// Stored as written, merged key by key across the layers (a profile's `"f9"` replaces the
/// top level's). [`resolve`] checks them ([`crate::ui::keymap::Keymap::configured`]: a bad key
/// string or an unknown action is an error with its file and line, from
/// [`Effective::key_binding_source`]); the desk makes them its live key map.
pub type KeyBindings = BTreeMap<String, String>;

/// Declares [`Settings`] once and derives from the list: the struct with its defaults,
/// [`Settings::KEYS`], and the check of the file's top level (the settings plus
/// `default_profile` and `profiles`).
macro_rules! settings {
    ($( $(#[doc = $doc:literal])* $name:ident : $ty:ty = $default:expr; )*) => {
        /// Every setting, with its default. Written at the top level of the file and in any
        /// `[profiles.NAME]`; see the module docs for precedence.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct Settings {
            $( $(#[doc = $doc])* pub $name: $ty, )*
        }

        impl Default for Settings {
            fn default() -> Self {
                Settings { $( $name: $default, )* }
            }
        }

        impl Settings {
            /// The keys, in declaration order.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($name)),*];
        }

        /// The file's top level, deserialized only to check it (serde errors carry the
        /// span of the offending key or value).
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)] // read by serde only
        struct TopLevelCheck {
            /// Profile used when neither `--profile` nor `AGENTDESK_PROFILE` names one.
            #[serde(default)]
            default_profile: Option<String>,
            #[serde(default)]
            profiles: BTreeMap<String, Settings>,
            $( #[serde(default)] $name: Option<$ty>, )*
        }
    };
}

settings! {
    /// Agent Manager base URL, e.g. `https://cx.example.com/agent-manager` (`--server`).
    server: Option<Url> = None;
    /// Agent username (`--username`).
    username: Option<String> = None;
    /// Theme: a name (`default`, `light`, `high-contrast`, `solarized-dark`, or
    /// `$XDG_CONFIG_HOME/agentdesk/themes/NAME.toml`) or a path to a `.toml` file
    /// (`--theme`). See [`crate::ui::theme`].
    theme: String = "default".into();
    /// Sibling service base URLs, when they are not beside the Agent Manager.
    services: Services = Services::default();
    /// Wrap-up choices offered after a chat, as `[categoryName, value]` pairs.
    wrapup: Vec<(String, String)> = default_wrapup();
    /// The unified-admin form whose categories are the wrap-up choices when the server has
    /// it (`GET /unified-admin/forms/{id}`, PROTOCOL.md §5, §7); `wrapup` is the fallback.
    /// `""` reads no form. Default: the form ExpertFlow's own desk reads.
    wrapup_form: String = crate::protocol::forms::DEFAULT_WRAPUP_FORM_ID.into();
    /// Key bindings, key string → action name ([`KeyBindings`], applied by
    /// [`crate::ui::keymap::Keymap::configured`]).
    keys: KeyBindings = KeyBindings::new();
    /// Notification channels per kind ([`NotifyConfig`]).
    notify: NotifyConfig = NotifyConfig::default();
    /// After a successful login, store the password in the OS keyring and use it on the
    /// next start (`--remember`).
    remember: bool = false;
    /// A command whose first line of output is the password (`pass show cx/agent1`), run
    /// with `sh -c` (`cmd /C` on Windows).
    password_command: Option<String> = None;
    /// Lines of each conversation kept in memory (the scrollback window; older lines are
    /// archived and come back when the agent scrolls up). Default 5,000, at least 100.
    scrollback: Option<usize> = None;
    /// Canned responses, name → text with placeholders ([`crate::app::canned`]); merged
    /// name by name across the top level and the profile. An unknown placeholder is an
    /// error with its line.
    canned: BTreeMap<String, String> = BTreeMap::new();
    /// A PEM file of CA certificates to trust besides the built-in and OS roots (a private
    /// CA), for REST and the socket alike (`--ca-cert`, which wins).
    ca_cert: Option<String> = None;
    /// Largest socket.io message the desk reads, in MB (default 16; a bigger one ends the
    /// connection with a message saying so).
    socket_message_limit_mb: Option<u64> = None;
    /// Ask before F8 leaves an active chat and before quitting with open chats or unsent
    /// text (`/quit!` never asks).
    confirm: bool = true;
    /// Mouse: a click focuses a chat or a picker row, the wheel scrolls (off by default:
    /// with it on, selecting text needs Shift in most terminals).
    mouse: bool = false;
}

impl Settings {
    /// The wrap-up form to read after login, `None` when `wrapup_form` is `""`.
    pub fn wrapup_form_id(&self) -> Option<String> {
        Some(self.wrapup_form.trim().to_string()).filter(|id| !id.is_empty())
    }
}

fn default_wrapup() -> Vec<(String, String)> {
    crate::app::wrapup::DEFAULT_CATEGORIES
        .iter()
        .map(|(c, v)| (c.to_string(), v.to_string()))
        .collect()
}

/// Service base URLs that override the ones derived from `server` (PROTOCOL.md §1, §5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Services {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unified_admin: Option<Url>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_engine: Option<Url>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_manager: Option<Url>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routing_engine: Option<Url>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub realtime_reports: Option<Url>,
}

impl Services {
    /// `endpoints` with the configured overrides applied (a trailing `/` is dropped).
    pub fn apply(&self, mut endpoints: Endpoints) -> Endpoints {
        let trim = |url: &Url| {
            let mut url = url.clone();
            let path = url.path().trim_end_matches('/').to_string();
            url.set_path(&path);
            url
        };
        if let Some(url) = &self.unified_admin {
            endpoints.unified_admin = trim(url);
        }
        if let Some(url) = &self.file_engine {
            endpoints.file_engine = trim(url);
        }
        if let Some(url) = &self.conversation_manager {
            endpoints.conversation_manager = trim(url);
        }
        if let Some(url) = &self.routing_engine {
            endpoints.routing_engine = trim(url);
        }
        if let Some(url) = &self.realtime_reports {
            endpoints.realtime_reports = trim(url);
        }
        endpoints
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_override_the_derived_endpoints() {
        let services = Services {
            unified_admin: Some("https://admin.example.com/unified-admin/".parse().unwrap()),
            ..Services::default()
        };
        let endpoints =
            services.apply(Endpoints::from_server("https://cx.example.com/agent-manager").unwrap());
        assert_eq!(
            endpoints.reasons(),
            "https://admin.example.com/unified-admin/reasons"
        );
        assert_eq!(
            endpoints.file_engine.as_str(),
            "https://cx.example.com/file-engine"
        );
    }

    #[test]
    fn keys_are_listed_in_order() {
        assert_eq!(Settings::KEYS[0], "server");
        assert!(Settings::KEYS.contains(&"password_command"));
        assert!(Settings::KEYS.contains(&"keys"));
    }
}
