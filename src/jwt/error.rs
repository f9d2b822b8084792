//! Every way a token can be refused, as a typed error with a sentence a
//! student understands and a one-word kind for machines and tests.

use super::base64url::Base64Error;
use super::json::JsonError;
use super::key::KeyError;
use std::fmt;

/// The three dot-separated parts of a compact JWS (RFC 7515 section 7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Header,
    Payload,
    Signature,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Header, Part::Payload, Part::Signature];

    /// Lower-case label, also used as a CSS class for the part's colour.
    pub fn label(self) -> &'static str {
        match self {
            Part::Header => "header",
            Part::Payload => "payload",
            Part::Signature => "signature",
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The kind of a failure: one stable lower-case word each (`as_str`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    Malformed,
    Base64,
    Json,
    Alg,
    Crit,
    Key,
    Kid,
    Signature,
    ClaimType,
    Expired,
    NotYetValid,
    Issuer,
    Audience,
    TokenType,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Malformed => "malformed",
            ErrorKind::Base64 => "base64",
            ErrorKind::Json => "json",
            ErrorKind::Alg => "alg",
            ErrorKind::Crit => "crit",
            ErrorKind::Key => "key",
            ErrorKind::Kid => "kid",
            ErrorKind::Signature => "signature",
            ErrorKind::ClaimType => "claim-type",
            ErrorKind::Expired => "expired",
            ErrorKind::NotYetValid => "not-yet-valid",
            ErrorKind::Issuer => "issuer",
            ErrorKind::Audience => "audience",
            ErrorKind::TokenType => "typ",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum JwtError {
    /// Not three dot-separated parts.
    SegmentCount {
        found: usize,
    },
    /// The token is empty or has an empty header or payload part.
    EmptyPart {
        part: Part,
    },
    Base64 {
        part: Part,
        error: Base64Error,
    },
    NotUtf8 {
        part: Part,
    },
    Json {
        part: Part,
        error: JsonError,
    },
    NotAnObject {
        part: Part,
        found: &'static str,
    },
    AlgMissing,
    AlgNotString {
        found: &'static str,
    },
    AlgNone {
        written: String,
    },
    AlgNotAllowed {
        found: String,
        allowed: &'static str,
    },
    CritUnknown {
        names: Vec<String>,
    },
    CritInvalid,
    Key(KeyError),
    /// The token's `kid` is not among the verifier's keys.
    KidUnknown {
        kid: String,
        known: Vec<String>,
    },
    /// The key lookup the `kid-sql` weakness builds from the `kid` found no
    /// key: no row, or a query the database refused.
    KidQuery {
        /// The query as run.
        query: String,
        /// What happened, in words ("found no row").
        why: String,
    },
    /// No `kid`, and several keys could fit.
    KidMissing {
        count: usize,
        alg: crate::jwt::Algorithm,
    },
    SignatureMismatch,
    /// A public-key signature that does not verify.
    SignatureInvalid {
        alg: crate::jwt::Algorithm,
        key: String,
    },
    /// A signature of the wrong length for the key.
    SignatureLength {
        expected: usize,
        found: usize,
    },
    /// An ECDSA signature in DER (`SEQUENCE { r, s }`) instead of the raw
    /// `r || s` of RFC 7518 section 3.4.
    SignatureDer {
        alg: crate::jwt::Algorithm,
        expected: usize,
        found: usize,
        /// Read as DER, it verifies with the key: only the encoding is wrong.
        verifies_as_der: bool,
    },
    ClaimType {
        claim: &'static str,
        expected: &'static str,
        found: &'static str,
    },
    Expired {
        exp: f64,
        now: i64,
        leeway: u64,
    },
    NotYetValid {
        nbf: f64,
        now: i64,
        leeway: u64,
    },
    Issuer {
        expected: String,
        found: Option<String>,
    },
    Audience {
        expected: String,
        /// What the token's `aud` holds (empty: no `aud`).
        found: Vec<String>,
    },
    /// The header's `typ` is not the type this server takes.
    TokenType {
        expected: String,
        /// The header's `typ` (`None`: absent, or not a string).
        found: Option<String>,
    },
}

impl JwtError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            JwtError::SegmentCount { .. } | JwtError::EmptyPart { .. } => ErrorKind::Malformed,
            JwtError::Base64 { .. } => ErrorKind::Base64,
            JwtError::NotUtf8 { .. } | JwtError::Json { .. } | JwtError::NotAnObject { .. } => {
                ErrorKind::Json
            }
            JwtError::AlgMissing
            | JwtError::AlgNotString { .. }
            | JwtError::AlgNone { .. }
            | JwtError::AlgNotAllowed { .. } => ErrorKind::Alg,
            JwtError::CritUnknown { .. } | JwtError::CritInvalid => ErrorKind::Crit,
            JwtError::Key(_) => ErrorKind::Key,
            JwtError::KidUnknown { .. }
            | JwtError::KidMissing { .. }
            | JwtError::KidQuery { .. } => ErrorKind::Kid,
            JwtError::SignatureMismatch
            | JwtError::SignatureInvalid { .. }
            | JwtError::SignatureLength { .. }
            | JwtError::SignatureDer { .. } => ErrorKind::Signature,
            JwtError::ClaimType { .. } => ErrorKind::ClaimType,
            JwtError::Expired { .. } => ErrorKind::Expired,
            JwtError::NotYetValid { .. } => ErrorKind::NotYetValid,
            JwtError::Issuer { .. } => ErrorKind::Issuer,
            JwtError::Audience { .. } => ErrorKind::Audience,
            JwtError::TokenType { .. } => ErrorKind::TokenType,
        }
    }
}

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwtError::SegmentCount { found } => write!(
                f,
                "A signed JWT has exactly three parts separated by dots (header.payload.signature); this text has {}.",
                super::display::count(*found, "part", "parts")
            ),
            JwtError::EmptyPart { part } => {
                write!(f, "The {part} part is empty, so there is nothing to check.")
            }
            JwtError::Base64 { part, error } => {
                write!(f, "The {part} part is not valid base64url: {error}.")
            }
            JwtError::NotUtf8 { part } => {
                write!(f, "The {part} decodes to bytes that are not UTF-8 text, so it cannot be JSON.")
            }
            JwtError::Json { part, error } => {
                write!(f, "The {part} is not valid JSON ({error}).")
            }
            JwtError::NotAnObject { part, found } => write!(
                f,
                "The {part} must be a JSON object {{...}}, but it is {found}."
            ),
            JwtError::AlgMissing => f.write_str(
                "The header has no \"alg\", so the server cannot know how the token was signed.",
            ),
            JwtError::AlgNotString { found } => {
                write!(f, "The header's \"alg\" must be a string, but it is {found}.")
            }
            JwtError::AlgNone { written } => write!(
                f,
                "The header says \"alg\": \"{written}\", meaning \"not signed at all\". Accepting it would let anyone write any claims, so it is refused (RFC 8725 section 3.2)."
            ),
            JwtError::AlgNotAllowed { found, allowed } => write!(
                f,
                "The header asks for \"{found}\", but this server only accepts {allowed}. The server decides the algorithm, never the token (RFC 8725 section 3.1)."
            ),
            JwtError::CritUnknown { names } => write!(
                f,
                "The header marks {} as critical (\"crit\") and this server does not understand it, so it must refuse the token (RFC 7515 section 4.1.11).",
                names.join(", ")
            ),
            JwtError::CritInvalid => f.write_str(
                "The header's \"crit\" must be a non-empty array of names (RFC 7515 section 4.1.11).",
            ),
            JwtError::Key(e) => write!(f, "The key cannot be used: {e}."),
            JwtError::KidUnknown { kid, known } => {
                if known.is_empty() {
                    write!(f, "The token names the key \"{kid}\" (kid), and the verifier's keys have no kid at all, so none can be chosen.")
                } else {
                    write!(
                        f,
                        "The token names the key \"{kid}\" (kid), and the verifier only has {}. A kid that is not in the set is refused; if the issuer rotated its keys, fetch its key set again.",
                        known.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ")
                    )
                }
            }
            JwtError::KidQuery { query, why } => write!(
                f,
                "The server looked its key up with the SQL query {query}, built by pasting the token's kid into it, and the query {why}, so there is no key to check the signature with."
            ),
            JwtError::KidMissing { count, alg } => write!(
                f,
                "The token has no kid, and {count} keys could check {alg}: a verifier must not guess which key the token meant."
            ),
            JwtError::SignatureInvalid { alg, key } => write!(
                f,
                "The {alg} signature does not verify with {key}: the header or payload was changed after signing, or another private key signed it."
            ),
            JwtError::SignatureLength { expected, found } => write!(
                f,
                "The signature is {found} bytes, but this key makes signatures of {expected} bytes, so it cannot be one of its signatures."
            ),
            JwtError::SignatureDer { alg, expected, found, verifies_as_der } => {
                let bits = alg.name().get(2..).unwrap_or("256");
                write!(
                    f,
                    "The signature is {found} bytes and is DER-encoded (an ASN.1 SEQUENCE holding the two numbers r and s), but a JWS carries an {alg} signature as r and s side by side: {expected} bytes (RFC 7518 section 3.4). {} The usual cause: Node's crypto.sign() returns DER unless given {{ dsaEncoding: 'ieee-p1363' }}; Java's Signature \"SHA{bits}withECDSA\" and openssl dgst -sign return DER too (Java 9+ has \"SHA{bits}withECDSAinP1363Format\"). Convert the signature to r||s before writing the token.",
                    if *verifies_as_der {
                        "Read as DER it does verify with this key: the key and the signed bytes are right, only the encoding is wrong."
                    } else {
                        "Even read as DER it does not verify with this key."
                    }
                )
            }
            JwtError::SignatureMismatch => f.write_str(
                "The signature does not match: the server recomputed the MAC over the header and payload it received with its secret and got different bytes. Something was changed after signing, or another secret was used.",
            ),
            JwtError::ClaimType { claim, expected, found } => write!(
                f,
                "The claim \"{claim}\" must be {expected}, but it is {found} (RFC 7519 section 4.1)."
            ),
            JwtError::Expired { exp, now, leeway } => write!(
                f,
                "The token {}: \"exp\" is {}, and the clock says {now}{}. The time must be before \"exp\" (RFC 7519 section 4.1.4).",
                super::display::relative(exp - *now as f64, "expires in", "expired", "expired just now"),
                crate::jwt::claims::number_text(*exp),
                leeway_text(*leeway)
            ),
            JwtError::NotYetValid { nbf, now, leeway } => write!(
                f,
                "The token is not valid yet, {}: \"nbf\" is {}, and the clock says {now}{}. The time must be at or after \"nbf\" (RFC 7519 section 4.1.5).",
                super::display::relative(nbf - *now as f64, "it becomes valid in", "it became valid", "it becomes valid now"),
                crate::jwt::claims::number_text(*nbf),
                leeway_text(*leeway)
            ),
            JwtError::Issuer { expected, found } => match found {
                Some(found) => write!(
                    f,
                    "The token was issued by \"{found}\", but this server only trusts \"{expected}\"."
                ),
                None => write!(
                    f,
                    "The token has no \"iss\", but this server only trusts tokens issued by \"{expected}\"."
                ),
            },
            JwtError::Audience { expected, found } => match found.as_slice() {
                [] => write!(
                    f,
                    "The token has no \"aud\", so nothing says it was made for this server (\"{expected}\"). A server must refuse a token that does not name it as its audience, or a token made for another service would work here too (RFC 8725 section 3.9)."
                ),
                found => write!(
                    f,
                    "The token's \"aud\" is {}, not \"{expected}\": it was made for another service. A server must refuse a token that does not name it as its audience, or any service that receives a token could replay it here (RFC 8725 section 3.9).",
                    found
                        .iter()
                        .map(|a| format!("\"{}\"", super::display::shorten(a, 60)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
            JwtError::TokenType { expected, found } => match found {
                Some(found) => write!(
                    f,
                    "The header's \"typ\" is \"{}\", but this server takes only \"{expected}\" tokens. Explicit typing keeps a token of another kind, such as an OpenID Connect ID token signed by the same issuer, from being taken for an access token (RFC 8725 section 3.11, RFC 9068 section 4).",
                    super::display::shorten(found, 40)
                ),
                None => write!(
                    f,
                    "The header has no \"typ\", but this server takes only \"{expected}\" tokens. Explicit typing keeps a token of another kind, such as an OpenID Connect ID token signed by the same issuer, from being taken for an access token (RFC 8725 section 3.11, RFC 9068 section 4)."
                ),
            },
        }
    }
}

impl std::error::Error for JwtError {}

fn leeway_text(leeway: u64) -> String {
    if leeway == 0 {
        String::new()
    } else {
        format!(" (with {leeway} s of leeway)")
    }
}
