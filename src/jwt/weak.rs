//! Weak HMAC secrets: the list, and its simple variations (guessing with it is
//! [`super::guess`]).
//!
//! An HS256 token is a known plaintext and its MAC: anyone holding one can
//! try secrets offline, as fast as their machine computes HMACs, and nobody
//! notices (RFC 8725 section 3.5 asks for keys of full entropy for exactly
//! this reason). The list below was written for this page: words people and
//! tutorials really use as secrets, the example secrets of well-known
//! documentation, and simple variations of them (a capital, a digit or a year
//! on the end, an exclamation mark). A secret on it is weak however long it
//! is.

/// The base words. Variations are generated from each (see [`Candidates`]).
pub const WEAK_SECRETS: &[&str] = &[
    "secret",
    "password",
    "passw0rd",
    "123456",
    "12345678",
    "qwerty",
    "letmein",
    "admin",
    "root",
    "test",
    "testing",
    "changeme",
    "change-me",
    "change_this",
    "default",
    "key",
    "jwt",
    "token",
    "private",
    "privatekey",
    "secretkey",
    "secret-key",
    "secret_key",
    "mysecret",
    "my-secret",
    "my_secret",
    "mysecretkey",
    "supersecret",
    "super-secret",
    "topsecret",
    "shhhhh",
    "shhhhhhared-secret",
    "s3cr3t",
    "s3cret",
    "jwtsecret",
    "jwt-secret",
    "jwt_secret",
    "jwtkey",
    "jwt-key",
    "jwt_secret_key",
    "your-secret",
    "your_secret",
    "yoursecret",
    "your-256-bit-secret",
    "your_jwt_secret",
    "your-jwt-secret",
    "your-384-bit-secret",
    "your-512-bit-secret",
    "a-string-secret-at-least-256-bits-long",
    "a-valid-string-secret-that-is-at-least-384-bits-long",
    "a-valid-string-secret-that-is-at-least-512-bits-long-which-is-very-long",
    "keyboard cat",
    "keyboardcat",
    "hello",
    "helloworld",
    "hello-world",
    "welcome",
    "dev",
    "development",
    "local",
    "localhost",
    "production",
    "prod",
    "staging",
    "example",
    "demo",
    "sample",
    "app",
    "api",
    "apikey",
    "api-key",
    "auth",
    "authsecret",
    "auth-secret",
    "session",
    "sessionsecret",
    "cookie",
    "cookiesecret",
    "signing-key",
    "signingkey",
    "hmac",
    "hmacsecret",
    "hs256",
    "node",
    "express",
    "django-insecure",
    "flask",
    "spring",
    "laravel",
    "rails",
    "nextauth",
    "supabase",
    "firebase",
    "master",
    "dragon",
    "monkey",
    "football",
    "iloveyou",
    "trustno1",
    "abc123",
    "111111",
    "000000",
    "1234",
    "12345",
    "123456789",
    "qwertyuiop",
    "asdfgh",
    "zxcvbn",
    "pass",
    "pass123",
    "p@ssw0rd",
    "notasecret",
    "not-a-secret",
    "nosecret",
    "insecure",
    "unsafe",
    "temp",
    "temporary",
    "todo",
    "fixme",
    "replace-me",
    "replaceme",
    "xxx",
    "foo",
    "bar",
    "foobar",
    "baz",
    "qux",
];

/// What may follow a base word: nothing, a digit, `123`, `!`, a recent year.
const SUFFIXES: &[&str] = &[
    "", "1", "2", "3", "7", "9", "0", "12", "123", "1234", "!", "!!", "2023", "2024", "2025",
    "2026",
];

/// How many variations each word gets (case forms times suffixes).
const FORMS: usize = 3;
/// Besides [`SUFFIXES`], every two-digit number `00` to `99`.
const SUFFIX_COUNT: usize = SUFFIXES.len() + 100;

/// Suffix number `i`: one of [`SUFFIXES`], then `00` to `99`.
fn suffix(i: usize) -> Option<String> {
    match SUFFIXES.get(i) {
        Some(s) => Some((*s).to_string()),
        None if i < SUFFIX_COUNT => Some(format!("{:02}", i - SUFFIXES.len())),
        None => None,
    }
}

/// Every candidate secret, in order: each word as written, Capitalised and
/// in UPPER case, each with every suffix.
#[derive(Debug, Clone)]
pub struct Candidates {
    index: usize,
}

impl Candidates {
    pub fn new() -> Candidates {
        Candidates { index: 0 }
    }

    /// How many candidates there are in all.
    pub fn total() -> usize {
        WEAK_SECRETS.len() * FORMS * SUFFIX_COUNT
    }

    /// The candidate at `index`, if any.
    pub fn nth(index: usize) -> Option<String> {
        let per_word = FORMS * SUFFIX_COUNT;
        let word = WEAK_SECRETS.get(index / per_word)?;
        let rest = index % per_word;
        let suffix = suffix(rest % SUFFIX_COUNT)?;
        let base = match rest / SUFFIX_COUNT {
            0 => (*word).to_string(),
            1 => capitalise(word),
            _ => word.to_ascii_uppercase(),
        };
        Some(format!("{base}{suffix}"))
    }
}

impl Default for Candidates {
    fn default() -> Self {
        Candidates::new()
    }
}

impl Iterator for Candidates {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        let item = Candidates::nth(self.index)?;
        self.index += 1;
        Some(item)
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// Is `secret` one of the list's candidates? Then it is weak whatever its
/// length: it is among the first things anyone tries.
pub fn is_known_weak(secret: &str) -> bool {
    // ASCII case only: the list is ASCII, and Unicode case tables would add
    // 20 KB to the page for nothing.
    let lower = secret.to_ascii_lowercase();
    let found = (0..SUFFIX_COUNT).filter_map(suffix).any(|s| {
        lower
            .strip_suffix(s.as_str())
            .is_some_and(|b| WEAK_SECRETS.contains(&b))
    });
    // Only the case forms the list makes: as written, Capitalised, UPPER.
    found
        && (secret == lower
            || secret
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase())
            || secret == secret.to_ascii_uppercase())
}
