//! The shared secret of an HMAC algorithm. It can be typed as text (its UTF-8
//! bytes are the key) or given as base64url bytes, like a JWK's `k` member
//! (RFC 7517 section 6.4.1). jwt.io users often cannot tell which one a tool
//! means, so the encoding is always explicit here.

use super::alg::Algorithm;
use super::asym::Mismatch;
use super::base64url;
use std::fmt;

/// How the secret's text turns into key bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "lowercase")]
pub enum KeyEncoding {
    /// The UTF-8 bytes of the text are the key.
    #[default]
    Utf8,
    /// The text is base64url and its decoded bytes are the key.
    Base64Url,
}

impl KeyEncoding {
    /// The value used in the UI's `<select>`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn from_str_value(value: &str) -> Option<KeyEncoding> {
        value.parse().ok()
    }
}

/// Why a secret cannot be used as a key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    Empty,
    NotBase64Url(base64url::Base64Error),
    /// A public key (or any key, or a certificate, in PEM, JWK, OpenSSH or
    /// base64 DER form) given as an HMAC secret.
    PublicKeyAsSecret {
        alg: Algorithm,
        found: String,
    },
    /// An asymmetric algorithm given text that is not a key.
    NotAKey {
        alg: Algorithm,
    },
    /// PEM, JWK or JWK Set that could not be read.
    Unreadable {
        format: &'static str,
        why: String,
    },
    /// A set with keys, none of the algorithm's type.
    NoFittingKey {
        alg: Algorithm,
        count: usize,
    },
    /// A JWK marked `"use": "enc"`.
    NotForSignatures {
        kid: Option<String>,
    },
    /// A JWK whose `alg` is another algorithm.
    PinnedToOtherAlg {
        kid: Option<String>,
        pinned: String,
        alg: Algorithm,
    },
    /// The key's type, curve or size does not fit the algorithm.
    Mismatch(Mismatch),
    /// Signing needs the private key.
    NoPrivateKey {
        alg: Algorithm,
        found: String,
    },
}

fn kid_text(kid: &Option<String>) -> String {
    match kid {
        Some(kid) => format!("the key with kid \"{kid}\""),
        None => "the key".to_string(),
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::Empty => f.write_str(
                "the secret is empty: an HMAC with an empty key proves nothing, so it is refused",
            ),
            KeyError::NotBase64Url(e) => write!(f, "the secret is not valid base64url: {e}"),
            KeyError::PublicKeyAsSecret { alg, found } => write!(
                f,
                "this is {found}, but {alg} needs a shared secret. Using a public key as an HMAC secret is the algorithm confusion attack: the public key is public, so anyone could sign with it (CVE-2015-9235, CVE-2016-10555; with a key in OpenSSH form, CVE-2022-29217). It is refused"
            ),
            KeyError::NotAKey { alg } => write!(
                f,
                "{alg} verifies with a public key given as PEM, a JWK or a JWK Set, and this text is none of these (a shared secret only works with HS256, HS384 and HS512)"
            ),
            KeyError::Unreadable { format, why } => write!(f, "the {format} cannot be read: {why}"),
            KeyError::NoFittingKey { alg, count } => write!(
                f,
                "none of the {count} keys is {}, which {alg} needs",
                super::asym::needs(*alg)
            ),
            KeyError::NotForSignatures { kid } => write!(
                f,
                "{} is marked \"use\": \"enc\", for encryption, not for checking signatures",
                kid_text(kid)
            ),
            KeyError::PinnedToOtherAlg { kid, pinned, alg } => write!(
                f,
                "{} is marked for {pinned}, so it is not used for {alg} (RFC 7517 section 4.4)",
                kid_text(kid)
            ),
            KeyError::Mismatch(m) => m.fmt(f),
            KeyError::NoPrivateKey { alg, found } => write!(
                f,
                "signing with {alg} needs the private key, and this is {found}. Only the issuer holds the private key; everyone else can only verify"
            ),
        }
    }
}

impl std::error::Error for KeyError {}

/// Key bytes for HS256/384/512.
#[derive(Clone, PartialEq, Eq)]
pub struct Key {
    bytes: Vec<u8>,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({} bytes)", self.bytes.len())
    }
}

impl Key {
    /// Turn the secret as typed into key bytes. Padding is forgiven for
    /// base64url keys, since people paste them from many tools.
    pub fn from_text(text: &str, encoding: KeyEncoding) -> Result<Key, KeyError> {
        let bytes = match encoding {
            KeyEncoding::Utf8 => text.as_bytes().to_vec(),
            KeyEncoding::Base64Url => base64url::decode(text.trim().trim_end_matches('='))
                .map_err(KeyError::NotBase64Url)?,
        };
        Key::from_bytes(bytes)
    }

    pub fn from_bytes(bytes: Vec<u8>) -> Result<Key, KeyError> {
        if bytes.is_empty() {
            return Err(KeyError::Empty);
        }
        Ok(Key { bytes })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// A secret on the list of common and published example secrets
    /// (`weak.rs`) is weak however long it is. Otherwise RFC 7518 section
    /// 3.2: a key MUST be at least as long as the hash output. Shorter keys
    /// still work (tools accept them), so this warns, not refuses.
    pub fn weakness(&self, alg: Algorithm) -> Option<String> {
        if let Ok(text) = std::str::from_utf8(&self.bytes) {
            if super::weak::is_known_weak(text) {
                return Some(format!(
                    "Weak key: \"{}\" is on lists of common and published example secrets (jwt.io's samples among them). Anyone holding one token can try such a list offline in a second, however long the secret is; a real secret is random (RFC 8725 section 3.5).",
                    super::display::shorten(text, 80)
                ));
            }
        }
        let need = alg.output_len();
        (self.bytes.len() < need).then(|| {
            format!(
                "Weak key: {} bytes, but {alg} needs at least {need} bytes ({} bits) per RFC 7518 section 3.2. Short secrets can be guessed offline from any token.",
                self.bytes.len(),
                need * 8
            )
        })
    }
}
