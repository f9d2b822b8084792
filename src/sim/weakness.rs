//! The attack lab's switches (issue 12, in part): each turns on one mistake
//! real servers have made. All are off by default, and the strict verifier
//! of `crate::jwt` is what they weaken.

use std::fmt;

/// The secret a server with the `weak-secret` weakness signs with: a common
/// word and a common suffix, on the page's list of weak secrets.
pub const WEAK_SECRET: &str = "secret123";

/// One mistake a server can be switched to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weakness {
    /// Accepts `"alg": "none"`.
    AlgNone,
    /// Lets the header choose the algorithm: HS256 checked with the public key as the secret.
    AlgConfusion,
    /// Signs with a short common word.
    WeakSecret,
    /// Trusts the key a token carries in its `jwk` header.
    TrustJwk,
    /// Reads the key from the file the `kid` names.
    KidPath,
    /// Does not check `exp`.
    NoExp,
}

impl Weakness {
    pub const ALL: [Weakness; 6] = [
        Weakness::AlgNone,
        Weakness::AlgConfusion,
        Weakness::WeakSecret,
        Weakness::TrustJwk,
        Weakness::KidPath,
        Weakness::NoExp,
    ];

    /// The stable name (`weakness-<name>` in the UI).
    pub fn as_str(self) -> &'static str {
        match self {
            Weakness::AlgNone => "alg-none",
            Weakness::AlgConfusion => "alg-confusion",
            Weakness::WeakSecret => "weak-secret",
            Weakness::TrustJwk => "trust-jwk",
            Weakness::KidPath => "kid-path",
            Weakness::NoExp => "no-exp",
        }
    }

    /// What the mistake is, in a sentence.
    pub fn describe(self) -> &'static str {
        match self {
            Weakness::AlgNone => "accepts tokens whose header says \"alg\": \"none\" (unsigned)",
            Weakness::AlgConfusion => "lets the token's header choose the algorithm; in key-pair mode an HS256 token is checked with the public key as the HMAC secret",
            Weakness::WeakSecret => "signs with the secret \"secret123\", which any word list guesses",
            Weakness::TrustJwk => "checks the signature with the key the token carries in its \"jwk\" header",
            Weakness::KidPath => "reads the HMAC key from the file the \"kid\" names (a path such as ../../dev/null is an empty file)",
            Weakness::NoExp => "does not check \"exp\", so tokens never expire",
        }
    }

    /// The part of RFC 8725 that says what to do instead.
    pub fn rfc(self) -> &'static str {
        match self {
            Weakness::AlgNone | Weakness::AlgConfusion => "RFC 8725 sections 2.1 and 3.1",
            Weakness::WeakSecret => "RFC 8725 section 3.5",
            Weakness::TrustJwk => "RFC 8725 section 3.10 (and RFC 7515 section 4.1.3)",
            Weakness::KidPath => "RFC 8725 section 3.10",
            Weakness::NoExp => "RFC 7519 section 4.1.4",
        }
    }
}

impl fmt::Display for Weakness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
