//! Where the password comes from, and the OS keyring.
//!
//! Order, first that gives one wins: `AGENTDESK_PASSWORD` (visible to the same user's
//! processes: prefer the others), `password_command` (its first line of output, as aerc's
//! `source-cred-cmd`), the OS keyring when a password was remembered, else the login form.
//!
//! With `remember` (`--remember`, or `remember = true`), a password typed in the form (or
//! given in `AGENTDESK_PASSWORD`) is stored in the OS keyring after the login succeeds
//! (`keyring` crate: Keychain on macOS, Credential Manager on Windows, the Secret Service on
//! Linux/BSD). Where no keyring exists (headless Linux without a secret service) the desk
//! says so once (on the login form, where the password is typed) and goes on without it:
//! the password is asked again next time. It is never written to a file. `agentdesk forget` deletes the stored password.
//!
//! Entries: service `agentdesk`, account `USERNAME@SERVER` ([`account`]), so one keyring
//! serves several profiles and servers.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use crate::app::Level;
use crate::client::Secret;

/// The keyring service name of every entry.
pub const SERVICE: &str = "agentdesk";

/// How long a keyring call may take before it counts as "no keyring" (a D-Bus activation of
/// a missing secret service can otherwise hang for 25 s).
pub const KEYRING_TIMEOUT: Duration = Duration::from_secs(5);

/// The keyring account for `username` on `server`: `username@server` (the URL as given,
/// without a trailing `/`).
pub fn account(server: &str, username: &str) -> String {
    format!("{username}@{}", server.trim_end_matches('/'))
}

/// Why the keyring could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyringError {
    /// There is no usable keyring here (no secret service, locked and not unlockable, no
    /// answer in time). The desk goes on without it.
    #[error("no OS keyring available ({0})")]
    Unavailable(String),
    /// The keyring answered with an error.
    #[error("the OS keyring failed: {0}")]
    Failed(String),
}

/// A password store. [`OsKeyring`] in the desk; tests use their own.
pub trait Keyring: Send + Sync {
    /// The stored password for `account`, `None` when there is none.
    fn get(&self, account: &str) -> Result<Option<Secret>, KeyringError>;
    /// Stores (or replaces) the password for `account`.
    fn set(&self, account: &str, password: &Secret) -> Result<(), KeyringError>;
    /// Deletes it; `false` when there was none.
    fn delete(&self, account: &str) -> Result<bool, KeyringError>;
}

/// The platform keyring (`keyring` crate), every call bounded by [`KEYRING_TIMEOUT`].
pub struct OsKeyring;

impl OsKeyring {
    fn call<T: Send + 'static>(
        account: &str,
        op: impl FnOnce(&keyring::Entry) -> keyring::Result<T> + Send + 'static,
    ) -> Result<T, KeyringError> {
        let account = account.to_string();
        let (tx, rx) = mpsc::channel();
        // A thread, not the caller: a keyring that never answers must not hang the desk.
        std::thread::Builder::new()
            .name("keyring".into())
            .spawn(move || {
                let result = keyring::Entry::new(SERVICE, &account).and_then(|e| op(&e));
                let _ = tx.send(result);
            })
            .map_err(|e| KeyringError::Failed(e.to_string()))?;
        match rx.recv_timeout(KEYRING_TIMEOUT) {
            Ok(result) => result.map_err(map_error),
            Err(_) => Err(KeyringError::Unavailable(format!(
                "no answer within {} s",
                KEYRING_TIMEOUT.as_secs()
            ))),
        }
    }
}

fn map_error(error: keyring::Error) -> KeyringError {
    match error {
        keyring::Error::NoDefaultStore => {
            KeyringError::Unavailable(match keyring::Entry::store_status() {
                Err(cause) => plain_cause(&cause.to_string()),
                Ok(()) => "no credential store".into(),
            })
        }
        keyring::Error::NoStorageAccess(cause) | keyring::Error::PlatformFailure(cause) => {
            KeyringError::Unavailable(plain_cause(&cause.to_string()))
        }
        other => KeyringError::Failed(plain_cause(&other.to_string())),
    }
}

/// A short cause for a person: the common "no keyring" situations by name, else the
/// error's first line without the layers' prefixes.
pub(crate) fn plain_cause(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    if lower.contains("failed to connect to address") || lower.contains("dbus_session_bus_address")
    {
        return "no D-Bus session bus".into();
    }
    if lower.contains("org.freedesktop.secrets") || lower.contains("serviceunknown") {
        return "no Secret Service on the session bus".into();
    }
    let line = text.lines().next().unwrap_or("").trim();
    let line = line.strip_prefix("Platform failure: ").unwrap_or(line);
    line.strip_prefix("zbus error: ")
        .unwrap_or(line)
        .to_string()
}

impl Keyring for OsKeyring {
    fn get(&self, account: &str) -> Result<Option<Secret>, KeyringError> {
        OsKeyring::call(account, |entry| match entry.get_password() {
            Ok(password) => Ok(Some(Secret::new(password))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e),
        })
    }

    fn set(&self, account: &str, password: &Secret) -> Result<(), KeyringError> {
        let password = password.clone();
        OsKeyring::call(account, move |entry| entry.set_password(password.expose()))
    }

    fn delete(&self, account: &str) -> Result<bool, KeyringError> {
        OsKeyring::call(account, |entry| match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(e),
        })
    }
}

/// Where a password came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordSource {
    /// `AGENTDESK_PASSWORD`.
    Env,
    /// `password_command`.
    Command,
    /// The OS keyring (remembered earlier).
    Keyring,
}

impl std::fmt::Display for PasswordSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PasswordSource::Env => "AGENTDESK_PASSWORD",
            PasswordSource::Command => "password_command",
            PasswordSource::Keyring => "the OS keyring",
        })
    }
}

/// A message for the desk's notice line.
pub type Notice = (Level, String);

/// The keyring and the memory that its absence was already reported.
pub struct Credentials {
    keyring: Box<dyn Keyring>,
    told_unavailable: AtomicBool,
}

impl Credentials {
    /// The platform keyring.
    pub fn os() -> Credentials {
        Credentials::with(Box::new(OsKeyring))
    }

    /// Another store (tests).
    pub fn with(keyring: Box<dyn Keyring>) -> Credentials {
        Credentials {
            keyring,
            told_unavailable: AtomicBool::new(false),
        }
    }

    /// The message about a keyring error; `None` for "no keyring" once it was said.
    fn report(&self, error: &KeyringError, doing: &str) -> Option<Notice> {
        match error {
            KeyringError::Unavailable(_) => {
                if self.told_unavailable.swap(true, Ordering::SeqCst) {
                    return None;
                }
                Some((
                    Level::Warning,
                    format!("{error}: the password cannot be remembered (never to a file); type it, or set password_command"),
                ))
            }
            KeyringError::Failed(_) => Some((Level::Error, format!("{doing}: {error}"))),
        }
    }

    /// The password for the login: `env_password` (`AGENTDESK_PASSWORD`), else
    /// `password_command`'s output, else the keyring's entry for `account` when `remember`
    /// is on. `None` with the login form as the fallback. Notices say what went wrong (a
    /// failing command, no keyring) and are shown in the desk and on the login form.
    pub fn obtain(
        &self,
        env_password: Option<String>,
        password_command: Option<&str>,
        remember: bool,
        account: &str,
    ) -> (Option<(Secret, PasswordSource)>, Vec<Notice>) {
        let mut notices = Vec::new();
        if let Some(password) = env_password.filter(|p| !p.is_empty()) {
            return (Some((Secret::new(password), PasswordSource::Env)), notices);
        }
        if let Some(command) = password_command {
            match run_password_command(command) {
                Ok(password) => return (Some((password, PasswordSource::Command)), notices),
                Err(error) => notices.push((Level::Error, error)),
            }
        }
        if remember {
            match self.keyring.get(account) {
                Ok(Some(password)) => {
                    return (Some((password, PasswordSource::Keyring)), notices);
                }
                Ok(None) => {}
                Err(error) => notices.extend(self.report(&error, "Reading the password")),
            }
        }
        (None, notices)
    }

    /// Stores `password` for `account` after a successful login. The notice says it was
    /// stored, or why not ("no keyring" only the first time).
    pub fn remember(&self, account: &str, password: &Secret) -> Option<Notice> {
        match self.keyring.set(account, password) {
            Ok(()) => Some((
                Level::Info,
                "Password stored in the OS keyring (agentdesk forget deletes it)".into(),
            )),
            Err(error) => self.report(&error, "Storing the password"),
        }
    }

    /// Deletes the stored password for `account`: `Ok(true)` deleted, `Ok(false)` there was
    /// none.
    pub fn forget(&self, account: &str) -> Result<bool, KeyringError> {
        self.keyring.delete(account)
    }

    /// Whether a keyring answers here (for `agentdesk doctor`): `Ok` with a short note.
    pub fn probe(&self) -> Result<(), KeyringError> {
        self.keyring.get("agentdesk-doctor@probe").map(|_| ())
    }
}

/// Runs `command` with the platform shell and returns the first line of its output.
///
/// Errors (shown in the desk): it cannot start, exits non-zero (with the first line of its
/// stderr), or prints nothing. The password never appears in a message.
pub fn run_password_command(command: &str) -> Result<Secret, String> {
    let mut shell = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.arg("/C");
        c
    } else {
        let mut c = std::process::Command::new("sh");
        c.arg("-c");
        c
    };
    let output = shell
        .arg(command)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("password_command {command:?} could not start: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let why = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(format!(
            "password_command {command:?} failed ({}){}",
            output.status,
            if why.is_empty() {
                String::new()
            } else {
                format!(": {}", crate::app::sanitize::one_line(why))
            }
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().next().unwrap_or("").trim_end_matches('\r');
    if line.is_empty() {
        return Err(format!(
            "password_command {command:?} printed no password (its first line is empty)"
        ));
    }
    Ok(Secret::new(line))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Mutex;

    use super::*;

    /// A keyring that is not there (headless Linux without a secret service).
    struct NoKeyring;
    impl Keyring for NoKeyring {
        fn get(&self, _: &str) -> Result<Option<Secret>, KeyringError> {
            Err(KeyringError::Unavailable("no secret service".into()))
        }
        fn set(&self, _: &str, _: &Secret) -> Result<(), KeyringError> {
            Err(KeyringError::Unavailable("no secret service".into()))
        }
        fn delete(&self, _: &str) -> Result<bool, KeyringError> {
            Err(KeyringError::Unavailable("no secret service".into()))
        }
    }

    #[derive(Default)]
    struct MemoryKeyring(Mutex<HashMap<String, String>>);
    impl Keyring for MemoryKeyring {
        fn get(&self, account: &str) -> Result<Option<Secret>, KeyringError> {
            Ok(self
                .0
                .lock()
                .unwrap()
                .get(account)
                .map(|p| Secret::new(p.as_str())))
        }
        fn set(&self, account: &str, password: &Secret) -> Result<(), KeyringError> {
            self.0
                .lock()
                .unwrap()
                .insert(account.into(), password.expose().into());
            Ok(())
        }
        fn delete(&self, account: &str) -> Result<bool, KeyringError> {
            Ok(self.0.lock().unwrap().remove(account).is_some())
        }
    }

    #[test]
    fn without_a_keyring_the_desk_says_so_once_and_falls_back_to_the_form() {
        let credentials = Credentials::with(Box::new(NoKeyring));
        let account = account("https://cx.example.com/agent-manager/", "sana");
        assert_eq!(account, "sana@https://cx.example.com/agent-manager");
        let (password, notices) = credentials.obtain(None, None, true, &account);
        assert!(password.is_none(), "no password: the login form asks");
        assert_eq!(notices.len(), 1, "said at once (the login form shows it)");
        let (level, text) = &notices[0];
        assert_eq!(*level, Level::Warning);
        assert!(
            text.starts_with("no OS keyring available (no secret service)"),
            "{text}"
        );
        assert!(text.contains("never to a file"), "{text}");
        // After the login, storing fails the same way: not said a second time.
        assert_eq!(
            credentials.remember(&account, &Secret::new("pw")),
            None,
            "once"
        );
        // A desk that did not look first (no remembered password asked) hears it then.
        let fresh = Credentials::with(Box::new(NoKeyring));
        assert_eq!(
            fresh.remember(&account, &Secret::new("pw")).unwrap().0,
            Level::Warning
        );
        assert!(credentials.forget(&account).is_err());
    }

    #[test]
    fn remembered_password_is_used_next_time_and_forgotten() {
        let credentials = Credentials::with(Box::new(MemoryKeyring::default()));
        let notice = credentials.remember("a@s", &Secret::new("pw")).unwrap();
        assert_eq!(notice.0, Level::Info);
        let (password, notices) = credentials.obtain(None, None, true, "a@s");
        let (password, source) = password.unwrap();
        assert_eq!((password.expose(), source), ("pw", PasswordSource::Keyring));
        assert!(notices.is_empty());
        let (password, _) = credentials.obtain(None, None, false, "a@s");
        assert!(password.is_none(), "the keyring is read only with remember");
        assert_eq!(credentials.forget("a@s"), Ok(true));
        assert_eq!(credentials.forget("a@s"), Ok(false));
    }

    #[test]
    fn env_then_command_then_keyring() {
        let credentials = Credentials::with(Box::new(MemoryKeyring::default()));
        credentials.remember("a@s", &Secret::new("stored")).unwrap();
        let (got, _) = credentials.obtain(Some("env".into()), Some("echo cmd"), true, "a@s");
        assert_eq!(got.unwrap().1, PasswordSource::Env);
        let (got, _) = credentials.obtain(Some(String::new()), Some("echo cmd"), true, "a@s");
        let (password, source) = got.unwrap();
        assert_eq!(
            (password.expose(), source),
            ("cmd", PasswordSource::Command)
        );
        let (got, notices) = credentials.obtain(None, Some("exit 3"), true, "a@s");
        assert_eq!(
            got.unwrap().1,
            PasswordSource::Keyring,
            "a failing command falls back"
        );
        assert_eq!(notices.len(), 1);
        assert!(
            notices[0].1.contains("password_command \"exit 3\" failed"),
            "{:?}",
            notices
        );
    }

    #[cfg(unix)]
    #[test]
    fn password_command_first_line_and_failures() {
        assert_eq!(
            run_password_command("printf 'hunter2\\nsecond line\\n'")
                .unwrap()
                .expose(),
            "hunter2"
        );
        let error = run_password_command("echo 'vault locked' >&2; exit 1").unwrap_err();
        assert!(
            error.contains("failed") && error.contains("vault locked"),
            "{error}"
        );
        let error = run_password_command("true").unwrap_err();
        assert!(error.contains("printed no password"), "{error}");
        let error = run_password_command("printf 'hunter2' >&2; exit 2").unwrap_err();
        assert!(error.contains("exit status: 2"), "{error}");
    }
}
