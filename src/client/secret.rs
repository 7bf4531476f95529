//! A password or token that never shows in `Debug`/`Display` output, logs or panics, and whose
//! memory is zeroed when it is dropped (the `secrecy` crate's `SecretString`).

use secrecy::{ExposeSecret, SecretString};

/// A password or token. `Debug` prints `<redacted>`; read it only with [`Secret::expose`]
/// where it goes on the wire. Dropping it overwrites its bytes with zeros (`secrecy`), so a
/// password does not linger in freed memory after logout.
#[derive(Clone, Default)]
pub struct Secret(SecretString);

impl Secret {
    /// Wraps a secret value (the `String` is moved in, not copied).
    pub fn new(value: impl Into<String>) -> Self {
        Secret(SecretString::from(value.into()))
    }

    /// The value, for the request body or header that needs it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

/// Compares the values (for tests of [`crate::client::Command`]; not constant-time, never used
/// to check a password).
impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_never_shows_the_value() {
        let s = super::Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(s.expose(), "hunter2");
        assert_eq!(s.clone(), s);
    }
}
