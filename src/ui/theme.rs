//! Colours by role. Widgets never name a colour: they ask the [`Theme`] for a role
//! (`theme.customer`, `theme.offer_urgent`, …). Themes are TOML (`themes/default.toml`):
//!
//! ```toml
//! [palette]            # optional names for colours, usable in [roles]
//! accent = "#5fafff"
//!
//! [roles]
//! status_bar = { fg = "white", bg = "#262a33" }
//! offer_urgent = "bold red"          # shorthand: modifiers, a colour, "on <bg>"
//! me = { fg = "accent", modifiers = ["bold"] }
//! ```
//!
//! A colour is a name (`red`, `light_blue`, `dark_gray`, `reset`), `#rrggbb`, an index
//! `0`–`255`, or a palette name. Modifiers: `bold`, `dim`, `italic`, `underlined`,
//! `reversed`, `crossed_out`, `slow_blink`, `rapid_blink`, `hidden`.
//!
//! Themes are chosen by name or path and may inherit: see [`catalog`] (shipped themes,
//! `$XDG_CONFIG_HOME/agentdesk/themes/NAME.toml`, `inherits`, checks with line numbers).

use std::collections::HashMap;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

pub mod catalog;

pub use catalog::{load, ThemeError, SHIPPED};

macro_rules! roles {
    ($( $(#[doc = $doc:literal])* $name:ident = $default:expr; )*) => {
        /// Styles for every role the UI draws. Build with [`Theme::default_theme`] or
        /// [`catalog::load`].
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Theme {
            $( $(#[doc = $doc])* pub $name: Style, )*
        }

        impl Theme {
            /// The built-in fallback, used for roles a theme file leaves out.
            pub fn builtin() -> Theme {
                Theme { $( $name: $default, )* }
            }

            /// Names of all roles, in declaration order.
            pub const ROLES: &'static [&'static str] = &[$(stringify!($name)),*];

            pub(crate) fn role_mut(&mut self, name: &str) -> Option<&mut Style> {
                match name {
                    $( stringify!($name) => Some(&mut self.$name), )*
                    _ => None,
                }
            }
        }
    };
}

const fn fg(color: Color) -> Style {
    Style::new().fg(color)
}

roles! {
    /// Ordinary text.
    text = Style::new();
    /// Secondary text: hints, separators, timestamps.
    dim = Style::new().add_modifier(Modifier::DIM);
    /// Titles of panes and popups.
    title = Style::new().add_modifier(Modifier::BOLD);
    /// The top status line (its background fills the line).
    status_bar = Style::new().fg(Color::White).bg(Color::DarkGray);
    /// Connection: online.
    conn_online = fg(Color::LightGreen);
    /// Connection: connecting / reconnecting.
    conn_connecting = fg(Color::LightYellow);
    /// Connection: offline / logged out.
    conn_offline = fg(Color::LightRed);
    /// Agent or MRD state READY.
    state_ready = fg(Color::LightGreen).add_modifier(Modifier::BOLD);
    /// Agent or MRD state NOT_READY (and PENDING_NOT_READY).
    state_not_ready = fg(Color::LightRed).add_modifier(Modifier::BOLD);
    /// MRD state ACTIVE (working, room for more).
    state_active = fg(Color::LightCyan).add_modifier(Modifier::BOLD);
    /// MRD state BUSY (at its task limit).
    state_busy = fg(Color::LightMagenta).add_modifier(Modifier::BOLD);
    /// Agent or MRD state PENDING_NOT_READY (NOT_READY once the work is done).
    state_pending = fg(Color::Yellow).add_modifier(Modifier::BOLD);
    /// Any other agent or MRD state (LOGIN, INTERRUPTED, unknown ones, …).
    state_other = fg(Color::LightYellow).add_modifier(Modifier::BOLD);
    /// The name part of an MRD chip.
    mrd_chip = Style::new();
    /// An offer line.
    offer = fg(Color::LightCyan);
    /// The RONA countdown under 10 seconds.
    offer_urgent = fg(Color::LightRed).add_modifier(Modifier::BOLD);
    /// "accepting…".
    offer_accepting = fg(Color::LightYellow).add_modifier(Modifier::ITALIC);
    /// Key hints (`F4 /accept`).
    hint = fg(Color::Cyan);
    /// Customer sender names.
    customer = fg(Color::LightCyan).add_modifier(Modifier::BOLD);
    /// Own sender name.
    me = fg(Color::LightGreen).add_modifier(Modifier::BOLD);
    /// Other agents.
    agent = fg(Color::LightMagenta).add_modifier(Modifier::BOLD);
    /// Bots.
    bot = fg(Color::LightBlue).add_modifier(Modifier::BOLD);
    /// System lines in a conversation.
    system = Style::new().add_modifier(Modifier::DIM).add_modifier(Modifier::ITALIC);
    /// Message times.
    time = Style::new().add_modifier(Modifier::DIM);
    /// Own message waiting for the server's echo.
    pending = fg(Color::Yellow);
    /// Own message confirmed.
    sent = fg(Color::Green);
    /// Own message not delivered.
    failed = fg(Color::LightRed).add_modifier(Modifier::BOLD);
    /// Own message read by the customer (`✓✓`).
    read = fg(Color::LightBlue).add_modifier(Modifier::BOLD);
    /// The quote above a reply (`↳ Maria: …`) and the reply target in the composer.
    quote = Style::new().add_modifier(Modifier::DIM).add_modifier(Modifier::ITALIC);
    /// Attachment lines under a message (`[1] invoice.pdf (…)`).
    attachment = fg(Color::LightCyan);
    /// URLs.
    link = fg(Color::Cyan).add_modifier(Modifier::UNDERLINED);
    /// A whisper line (agents only): its `whisper` mark and text.
    whisper = fg(Color::LightYellow).add_modifier(Modifier::ITALIC);
    /// The supervisor's mark in the chat header ("monitoring", "barged in") and the
    /// composer's "whisper to agents" prompt.
    supervision = fg(Color::Black).bg(Color::LightYellow).add_modifier(Modifier::BOLD);
    /// "Maria is typing…".
    typing = fg(Color::Gray).add_modifier(Modifier::ITALIC);
    /// "ON HOLD" in the chat header and the list.
    hold = fg(Color::LightMagenta).add_modifier(Modifier::BOLD);
    /// The RONA banner line.
    banner = fg(Color::Black).bg(Color::LightYellow).add_modifier(Modifier::BOLD);
    /// The team announcement banner line.
    announcement = fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD);
    /// The status bar's count of chats waiting on my pull-mode lists.
    waiting = fg(Color::LightCyan).add_modifier(Modifier::BOLD);
    /// Laid over the screen under a picker (it takes no keys meanwhile).
    backdrop = Style::new().add_modifier(Modifier::DIM);
    /// Picker popup border and title.
    picker = fg(Color::LightCyan);
    /// Wrap-up form border and title (also the list's wrap-up mark).
    wrapup = fg(Color::LightYellow);
    /// The wrap-up countdown under 30 seconds.
    wrapup_urgent = fg(Color::LightRed).add_modifier(Modifier::BOLD);
    /// A ticked wrap-up category.
    ticked = fg(Color::LightGreen).add_modifier(Modifier::BOLD);
    /// Headings in the customer panel.
    section = fg(Color::LightCyan).add_modifier(Modifier::BOLD);
    /// Info notices.
    notice_info = fg(Color::Gray);
    /// Warning notices.
    notice_warning = fg(Color::LightYellow);
    /// Error notices.
    notice_error = fg(Color::LightRed).add_modifier(Modifier::BOLD);
    /// Status bar: traffic crosses the network unencrypted (plain http).
    security_warning = fg(Color::Black).bg(Color::LightYellow).add_modifier(Modifier::BOLD);
    /// Status bar: certificates are not verified (`--insecure`).
    security_danger = fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD);
    /// Pane borders.
    border = fg(Color::DarkGray);
    /// Border of the pane that has the keyboard (composer, login field, popup).
    border_focused = fg(Color::Cyan);
    /// The focused conversation in the list, the selected chat line, the picker's choice and
    /// the wrap-up cursor.
    selected = Style::new().add_modifier(Modifier::REVERSED);
    /// Unread badges.
    unread = fg(Color::Black).bg(Color::LightYellow).add_modifier(Modifier::BOLD);
    /// Ended conversations (list and chat header).
    ended = Style::new().add_modifier(Modifier::DIM);
    /// Keys in the help overlay.
    help_key = fg(Color::LightYellow).add_modifier(Modifier::BOLD);
    /// Placeholder text of empty inputs.
    placeholder = Style::new().add_modifier(Modifier::DIM).add_modifier(Modifier::ITALIC);
    /// Text typed in inputs.
    input = Style::new();
    /// Labels in the login form.
    label = Style::new().add_modifier(Modifier::BOLD);
    /// A login field.
    field = Style::new().add_modifier(Modifier::UNDERLINED);
    /// The login field that has the keyboard.
    field_focused = fg(Color::Cyan).add_modifier(Modifier::UNDERLINED);
    /// Bot suggestions under the customer message they answer (issue 12).
    suggestion = fg(Color::LightBlue);
    /// A response SLA counting down (list and chat header).
    sla = Style::new();
    /// A response SLA in its last stretch ("soon": words as well as colour).
    sla_close = fg(Color::LightYellow).add_modifier(Modifier::BOLD);
    /// A response SLA that ran out ("overdue").
    sla_expired = fg(Color::LightRed).add_modifier(Modifier::BOLD);
    /// A raised hand (chat header, list, team board).
    hand = fg(Color::Black).bg(Color::LightMagenta).add_modifier(Modifier::BOLD);
}

impl Default for Theme {
    fn default() -> Self {
        Theme::default_theme()
    }
}

impl Theme {
    /// The shipped `default` theme (compiled in), over the built-in fallback.
    pub fn default_theme() -> Theme {
        // Every shipped theme is tested to load; the fallback only guards a broken edit.
        catalog::load("default", None).unwrap_or_else(|_| Theme::builtin())
    }
}

/// A colour: a palette name, a name ratatui knows, `#rrggbb`, or an index `0`–`255`.
pub(crate) fn parse_color(spec: &str, palette: &HashMap<String, Color>) -> Result<Color, String> {
    let spec = spec.trim();
    if let Some(color) = palette.get(&spec.to_ascii_lowercase()) {
        return Ok(*color);
    }
    Color::from_str(spec).map_err(|_| {
        format!("unknown colour {spec:?} (a palette name, a colour name such as light_blue, \"#rrggbb\", or 0-255)")
    })
}

/// Modifier names a style may use.
pub const MODIFIERS: &[&str] = &[
    "bold",
    "dim",
    "italic",
    "underlined",
    "reversed",
    "crossed_out",
    "slow_blink",
    "rapid_blink",
    "hidden",
];

fn parse_modifier(word: &str) -> Option<Modifier> {
    Some(match word.to_ascii_lowercase().replace('-', "_").as_str() {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" | "underline" => Modifier::UNDERLINED,
        "reversed" | "reverse" => Modifier::REVERSED,
        "crossed_out" | "strikethrough" => Modifier::CROSSED_OUT,
        "slow_blink" => Modifier::SLOW_BLINK,
        "rapid_blink" => Modifier::RAPID_BLINK,
        "hidden" => Modifier::HIDDEN,
        _ => return None,
    })
}

/// A style from `"bold yellow on blue"` or `{ fg, bg, modifiers = [..] }`.
pub(crate) fn parse_style(
    value: &toml::Value,
    palette: &HashMap<String, Color>,
) -> Result<Style, String> {
    let mut style = Style::new();
    match value {
        toml::Value::String(spec) => {
            let mut words = spec.split_whitespace();
            while let Some(word) = words.next() {
                if word.eq_ignore_ascii_case("on") {
                    let bg = words.next().ok_or("\"on\" needs a colour after it")?;
                    style = style.bg(parse_color(bg, palette)?);
                } else if let Some(modifier) = parse_modifier(word) {
                    style = style.add_modifier(modifier);
                } else {
                    style = style.fg(parse_color(word, palette)?);
                }
            }
        }
        toml::Value::Table(table) => {
            for (key, value) in table {
                match key.as_str() {
                    "fg" | "bg" => {
                        let spec = value.as_str().ok_or("colours are strings")?;
                        let color = parse_color(spec, palette)?;
                        style = if key == "fg" {
                            style.fg(color)
                        } else {
                            style.bg(color)
                        };
                    }
                    "modifiers" => {
                        let list = value.as_array().ok_or("modifiers is a list of strings")?;
                        for item in list {
                            let word = item.as_str().ok_or("modifiers are strings")?;
                            let modifier = parse_modifier(word).ok_or_else(|| {
                                format!(
                                    "unknown modifier {word:?}; expected one of {}",
                                    MODIFIERS.join(", ")
                                )
                            })?;
                            style = style.add_modifier(modifier);
                        }
                    }
                    other => {
                        return Err(format!(
                            "unknown key {other:?} in a style; expected one of fg, bg, modifiers"
                        ))
                    }
                }
            }
        }
        _ => {
            return Err(
                "expected a string (\"bold red on black\") or a table { fg, bg, modifiers }".into(),
            )
        }
    }
    Ok(style)
}
