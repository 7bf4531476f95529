//! Carries out notifications decided by [`crate::app::notify`]: the terminal bell, the
//! terminal title, and desktop notifications (`notify-rust`, with the `desktop-notify`
//! cargo feature).
//!
//! The bell and the title are escape sequences written between frames (BEL; OSC 0 with
//! text the desk built, never customer text). The title the terminal had is saved on start
//! (XTWINOPS push, `CSI 22 t`) and given back on exit (`CSI 23 t`); terminals without a
//! title stack ignore both. Desktop notifications are shown from their own thread, so a
//! slow or missing notification daemon never holds up the screen; the first failure is
//! logged, later ones are dropped quietly.

use std::io::Write;

use crate::app::notify::{Alert, NotifyConfig};

/// How many desktop notifications may wait for the notification thread.
const DESKTOP_QUEUE: usize = 16;

/// The runtime's notification side.
pub struct Notifier {
    owns_title: bool,
    title: Option<String>,
    desktop: Option<std::sync::mpsc::SyncSender<(String, String)>>,
}

impl Notifier {
    /// A notifier for `config`. Saves the terminal title when some kind uses it, and starts
    /// the desktop notification thread when some kind uses it (and the feature is built).
    pub fn new(config: &NotifyConfig) -> Notifier {
        let owns_title = config.uses_title();
        if owns_title {
            write_terminal("\x1b[22;0t");
        }
        let wants_desktop = config.each().iter().any(|c| c.desktop);
        Notifier {
            owns_title,
            title: None,
            desktop: wants_desktop.then(desktop_thread).flatten(),
        }
    }

    /// Raises `alert` on its bell and desktop channels.
    pub fn alert(&mut self, alert: &Alert) {
        if alert.channels.bell {
            write_terminal("\x07");
        }
        if alert.channels.desktop {
            if let Some(tx) = &self.desktop {
                if tx
                    .try_send((alert.summary.clone(), alert.body.clone()))
                    .is_err()
                {
                    tracing::debug!("desktop notification dropped (queue full or thread gone)");
                }
            }
        }
    }

    /// Sets the terminal title to `title` when it changed (only when the desk owns it).
    pub fn set_title(&mut self, title: String) {
        if !self.owns_title || self.title.as_deref() == Some(title.as_str()) {
            return;
        }
        // The title is built by the desk from counts and fixed words; strip control
        // characters anyway so it can never end the escape sequence early.
        let clean: String = title.chars().filter(|c| !c.is_control()).collect();
        write_terminal(&format!("\x1b]0;{clean}\x07"));
        self.title = Some(title);
    }

    /// Gives the terminal its saved title back.
    pub fn finish(&mut self) {
        if self.owns_title {
            write_terminal("\x1b[23;0t");
            self.owns_title = false;
        }
    }
}

impl Drop for Notifier {
    fn drop(&mut self) {
        self.finish();
    }
}

fn write_terminal(sequence: &str) {
    let mut out = std::io::stdout();
    let _ = out.write_all(sequence.as_bytes());
    let _ = out.flush();
}

#[cfg(feature = "desktop-notify")]
fn desktop_thread() -> Option<std::sync::mpsc::SyncSender<(String, String)>> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<(String, String)>(DESKTOP_QUEUE);
    let spawned = std::thread::Builder::new()
        .name("desktop-notify".into())
        .spawn(move || {
            let mut failed = false;
            for (summary, body) in rx {
                let shown = notify_rust::Notification::new()
                    .appname("agentdesk")
                    .summary(&summary)
                    .body(&body)
                    .show();
                if let Err(error) = shown {
                    if !failed {
                        tracing::warn!(%error, "desktop notifications unavailable (no notification daemon?); bell and title still work");
                    }
                    failed = true;
                }
            }
        });
    spawned.ok().map(|_| tx)
}

#[cfg(not(feature = "desktop-notify"))]
fn desktop_thread() -> Option<std::sync::mpsc::SyncSender<(String, String)>> {
    let _ = DESKTOP_QUEUE;
    tracing::info!("desktop notifications are not built in (cargo feature desktop-notify)");
    None
}

/// True when this build can show desktop notifications (the `desktop-notify` feature).
pub const DESKTOP_BUILT_IN: bool = cfg!(feature = "desktop-notify");
