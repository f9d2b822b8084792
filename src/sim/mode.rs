//! Which story the simulation tells: the same clicks answered with signed
//! tokens (RFC 7519) or with server-side sessions behind a cookie (RFC 6265).
//!
//! Its own module so the server, which acts on it, and the traces, which
//! record it, both depend on this and not on each other.

use std::fmt;

/// Which story is being told.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "kebab-case")]
pub enum Mode {
    /// The server signs a token and remembers nothing.
    #[default]
    Jwt,
    /// The server remembers a session and hands out its id in a cookie.
    Session,
}

impl Mode {
    /// `jwt` / `session` (stable values for the UI).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn from_str_value(value: &str) -> Option<Mode> {
        value.parse().ok()
    }

    /// Both modes, in the order the page offers them.
    pub const ALL: [Mode; 2] = [Mode::Jwt, Mode::Session];

    /// The mode in words, for a choice on screen.
    pub fn words(self) -> &'static str {
        match self {
            Mode::Jwt => "JWT (a signed token)",
            Mode::Session => "Cookie session",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mode::Jwt => "JWT",
            Mode::Session => "cookie session",
        })
    }
}
