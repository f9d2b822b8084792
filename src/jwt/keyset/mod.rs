//! The verifier's keys, from the one key field: an HMAC secret, PEM blocks
//! (SPKI, PKCS#1, PKCS#8, SEC1), a JWK (RFC 7517 section 4) or a JWK Set
//! (RFC 7517 section 5), and how one key is chosen for a token.
//!
//! The choice is the verifier's: the token's `kid` may point into the set,
//! but the algorithm is pinned by the verifier and the key's type must fit
//! it. Header members that carry or locate a key (`jwk`, `jku`, `x5u`,
//! `x5c`) are never used to pick one (RFC 8725 section 3.10).

use super::alg::{Algorithm, Curve};
use super::asym::{KeyReadError, PrivateKey, PublicKey};
use super::base64url;
use super::error::JwtError;
use super::json::Json;
use super::key::{Key, KeyEncoding, KeyError};
use std::fmt;

mod jwk;
mod pem;
mod signing;

use jwk::{parse_jwk, parse_jwks};
use pem::{key_shape, looks_like_jwk, looks_like_pem, parse_pem};
pub use signing::SigningKey;

/// The most keys read from one field. A verifier holds a few keys (an
/// issuer's JWK Set has two or three during a rotation); reading thousands
/// of pasted keys would stall the page, so the rest are left unread, saying so.
pub const MAX_KEYS: usize = 32;

/// The note when a field holds more keys than are read.
fn unread_note(count: usize, what: &str) -> String {
    format!(
        "The field holds {} {what}; this page reads the first {MAX_KEYS} and left the rest unread (a verifier needs only a few).",
        super::display::thousands(count)
    )
}

/// What one key is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Material {
    /// HMAC bytes (typed, or a JWK of `kty` `oct`).
    Secret(Key),
    Public(PublicKey),
    /// A private key also verifies, through its public half.
    Private(Box<PrivateKey>),
}

impl PartialEq for PrivateKey {
    fn eq(&self, other: &Self) -> bool {
        self.public() == other.public()
    }
}

impl Eq for PrivateKey {}

impl Material {
    /// The key that verifies signatures, for a key pair.
    pub fn public(&self) -> Option<PublicKey> {
        match self {
            Material::Secret(_) => None,
            Material::Public(key) => Some(key.clone()),
            Material::Private(key) => Some(key.public()),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Material::Secret(key) => format!("a shared secret of {} bytes", key.bytes().len()),
            Material::Public(key) => key.describe(),
            Material::Private(key) => key.describe(),
        }
    }

    /// Does this key fit `alg`'s family and curve (ignoring size)?
    fn same_type(&self, alg: Algorithm) -> bool {
        match (self, alg.is_symmetric()) {
            (Material::Secret(_), true) => true,
            (Material::Secret(_), false) | (_, true) => false,
            (other, false) => other.public().is_some_and(|k| {
                k.kty() == alg.kty() && (alg.curve().is_none() || k.curve() == alg.curve())
            }),
        }
    }
}

/// One key with what its JWK said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyEntry {
    pub kid: Option<String>,
    /// The JWK's `alg`, when it pins one.
    pub alg: Option<String>,
    /// The JWK's `use` (`sig` or `enc`).
    pub usage: Option<String>,
    pub material: Material,
}

impl KeyEntry {
    pub fn new(material: Material) -> KeyEntry {
        KeyEntry {
            kid: None,
            alg: None,
            usage: None,
            material,
        }
    }

    /// A public key with a `kid`, as an issuer publishes it.
    pub fn public(key: PublicKey, kid: &str, alg: Algorithm) -> KeyEntry {
        KeyEntry {
            kid: Some(kid.to_string()),
            alg: Some(alg.name().to_string()),
            usage: Some("sig".to_string()),
            material: Material::Public(key),
        }
    }
}

/// How the key text was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormat {
    /// Plain text or base64url: an HMAC secret.
    Secret,
    Pem,
    Jwk,
    Jwks,
}

/// The keys a verifier holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySet {
    pub format: KeyFormat,
    pub entries: Vec<KeyEntry>,
    /// What was skipped while reading, in plain words.
    pub notes: Vec<String>,
}

/// The key chosen for one token, and why that one.
#[derive(Debug, Clone, PartialEq)]
pub struct Selected<'a> {
    pub entry: &'a KeyEntry,
    pub why: String,
}

impl Selected<'_> {
    /// "an RSA public key, 2048 bits, kid "k2": the token's kid matched".
    pub fn describe(&self) -> String {
        let kid = match &self.entry.kid {
            Some(kid) => format!(", kid \"{kid}\""),
            None => String::new(),
        };
        format!("{}{kid}: {}", self.entry.material.describe(), self.why)
    }
}

fn format_name(format: KeyFormat) -> &'static str {
    match format {
        KeyFormat::Secret => "secret",
        KeyFormat::Pem => "PEM",
        KeyFormat::Jwk => "JWK",
        KeyFormat::Jwks => "JWK Set",
    }
}

impl fmt::Display for KeySet {
    /// "JWK Set with 3 keys (kid k1, k2, k3)", "PEM: an RSA public key, 2048 bits".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.format, self.entries.as_slice()) {
            (_, []) => f.write_str("no key"),
            (KeyFormat::Secret, [one]) => f.write_str(&one.material.describe()),
            (KeyFormat::Jwks, entries) => {
                write!(
                    f,
                    "JWK Set with {}",
                    super::display::count(entries.len(), "key", "keys")
                )?;
                let kids = self.kids();
                if !kids.is_empty() {
                    write!(f, " (kid {})", kids.join(", "))?;
                }
                Ok(())
            }
            (format, [one]) => write!(f, "{}: {}", format_name(format), one.material.describe()),
            (format, many) => write!(
                f,
                "{} with {}",
                format_name(format),
                super::display::count(many.len(), "key", "keys")
            ),
        }
    }
}

impl KeySet {
    pub fn empty() -> KeySet {
        KeySet {
            format: KeyFormat::Jwks,
            entries: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn secret(key: Key) -> KeySet {
        KeySet {
            format: KeyFormat::Secret,
            entries: vec![KeyEntry::new(Material::Secret(key))],
            notes: Vec::new(),
        }
    }

    /// A JWK Set of these entries.
    pub fn of(entries: Vec<KeyEntry>) -> KeySet {
        KeySet {
            format: KeyFormat::Jwks,
            entries,
            notes: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn kids(&self) -> Vec<&str> {
        self.entries
            .iter()
            .filter_map(|e| e.kid.as_deref())
            .collect()
    }

    /// Read the key field for `alg`. An asymmetric algorithm needs PEM, a
    /// JWK or a JWK Set, and an empty field means "no key" (the token can
    /// still be read, not verified). An HMAC algorithm takes the text as the
    /// secret, except that a public key in any form is refused: that is the
    /// algorithm confusion attack.
    pub fn for_alg(alg: Algorithm, text: &str, encoding: KeyEncoding) -> Result<KeySet, KeyError> {
        if alg.is_symmetric() {
            return KeySet::hmac_secret(alg, text, encoding);
        }
        if text.trim().is_empty() {
            return Ok(KeySet::empty());
        }
        match KeySet::parse_structured(text) {
            Some(parsed) => parsed,
            None => Err(KeyError::NotAKey { alg }),
        }
    }

    /// The key field read for an HMAC algorithm: the text is the secret,
    /// except that text shaped like a key in any form (PEM of any kind, an
    /// X.509 certificate, an OpenSSH public key, a JWK of a key pair, base64
    /// DER) is refused, even when it cannot be read as a key: using a key
    /// the world can read as the HMAC secret is the algorithm confusion attack
    /// (CVE-2015-9235, CVE-2016-10555; with an OpenSSH key, PyJWT's
    /// CVE-2022-29217). An `oct` JWK or JWK Set is a secret and is read.
    fn hmac_secret(alg: Algorithm, text: &str, encoding: KeyEncoding) -> Result<KeySet, KeyError> {
        let shape = key_shape(text);
        let refused = |found: String| KeyError::PublicKeyAsSecret { alg, found };
        // SSH keys and certificates are named as such, before any reading.
        if let Some(shape) = shape.as_ref().filter(|s| s.complete) {
            return Err(refused(shape.what.clone()));
        }
        let parsed = match KeySet::parse_structured(text) {
            None => {
                return match shape {
                    Some(shape) => Err(refused(shape.what)),
                    None if looks_like_jwk(text) => Err(refused(
                        "text shaped like a key (a JWK or JWK Set)".to_string(),
                    )),
                    None => Key::from_text(text, encoding).map(KeySet::secret),
                };
            }
            Some(parsed) => parsed,
        };
        let set = match parsed {
            Ok(set) => set,
            Err(e) => {
                return match shape {
                    Some(shape) => Err(refused(format!(
                        "{}, though not one this page can read ({e})",
                        shape.what
                    ))),
                    None if looks_like_jwk(text) => Err(refused(format!(
                        "text shaped like a key, though not one this page can read ({e})"
                    ))),
                    // JSON that is not a key: it is only a strange secret.
                    None => Key::from_text(text, encoding).map(KeySet::secret),
                };
            }
        };
        match set
            .entries
            .iter()
            .find(|e| !matches!(e.material, Material::Secret(_)))
        {
            Some(asym) => Err(refused(format!(
                "{} ({})",
                asym.material.describe(),
                format_name(set.format)
            ))),
            None => Ok(set),
        }
    }

    /// PEM, JWK or JWK Set; `None` when the text is none of these (a secret),
    /// including base64 of a DER public key, which is detected as a key.
    pub fn parse_structured(text: &str) -> Option<Result<KeySet, KeyError>> {
        let trimmed = text.trim();
        if looks_like_pem(trimmed) {
            return Some(parse_pem(trimmed));
        }
        if trimmed.starts_with('{') {
            let json = Json::parse(trimmed).ok()?;
            if json.get("keys").is_some() {
                return Some(parse_jwks(&json));
            }
            if json.get("kty").is_some() {
                return Some(parse_jwk(&json).map(|entry| KeySet {
                    format: KeyFormat::Jwk,
                    entries: vec![entry],
                    notes: Vec::new(),
                }));
            }
            return None;
        }
        // The body of a PEM public key without its lines, as some tools print it.
        if trimmed.len() >= 60 {
            let compact: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
            if let Some(der) = base64url::decode_standard(&compact) {
                if let Ok(key) = PublicKey::from_spki_der(&der) {
                    return Some(Ok(KeySet {
                        format: KeyFormat::Pem,
                        entries: vec![KeyEntry::new(Material::Public(key))],
                        notes: vec![
                            "Read as base64 DER: a PEM public key without its BEGIN/END lines."
                                .to_string(),
                        ],
                    }));
                }
            }
        }
        None
    }

    /// Choose the key for a token signed with `alg` whose header names `kid`.
    pub fn select(&self, alg: Algorithm, kid: Option<&str>) -> Result<Selected<'_>, JwtError> {
        let chosen = match kid {
            Some(kid) => match self.entries.iter().find(|e| e.kid.as_deref() == Some(kid)) {
                Some(entry) => Selected {
                    entry,
                    why: "the token's kid matched".to_string(),
                },
                None => match (self.format, self.entries.as_slice()) {
                    // A PEM key or a typed secret has no kid: it is the key.
                    (KeyFormat::Pem | KeyFormat::Secret, [only]) => Selected {
                        entry: only,
                        why: format!(
                            "the only key given (a {} key has no kid, so the token's kid \"{kid}\" is not compared)",
                            format_name(self.format)
                        ),
                    },
                    _ => {
                        return Err(JwtError::KidUnknown {
                            kid: kid.to_string(),
                            known: self.kids().iter().map(|k| k.to_string()).collect(),
                        })
                    }
                },
            },
            None => {
                let fitting: Vec<&KeyEntry> = self
                    .entries
                    .iter()
                    .filter(|e| e.material.same_type(alg))
                    .collect();
                match fitting.as_slice() {
                    [] => match self.entries.as_slice() {
                        // One key of the wrong type: say what is wrong with it below.
                        [only] => Selected {
                            entry: only,
                            why: "the only key given".to_string(),
                        },
                        _ => {
                            return Err(JwtError::Key(KeyError::NoFittingKey {
                                alg,
                                count: self.entries.len(),
                            }))
                        }
                    },
                    [only] if self.entries.len() == 1 => Selected {
                        entry: only,
                        why: "the only key given".to_string(),
                    },
                    [only] => Selected {
                        entry: only,
                        why: format!("the token has no kid, and it is the only {} key in the set", alg.kty()),
                    },
                    many => {
                        return Err(JwtError::KidMissing {
                            count: many.len(),
                            alg,
                        })
                    }
                }
            }
        };
        let entry = chosen.entry;
        if entry.usage.as_deref() == Some("enc") {
            return Err(JwtError::Key(KeyError::NotForSignatures {
                kid: entry.kid.clone(),
            }));
        }
        if let Some(pinned) = entry.alg.as_deref() {
            if pinned != alg.name() {
                return Err(JwtError::Key(KeyError::PinnedToOtherAlg {
                    kid: entry.kid.clone(),
                    pinned: pinned.to_string(),
                    alg,
                }));
            }
        }
        match (&entry.material, alg.is_symmetric()) {
            (Material::Secret(_), true) => {}
            (Material::Secret(_), false) => return Err(JwtError::Key(KeyError::NotAKey { alg })),
            (other, true) => {
                return Err(JwtError::Key(KeyError::PublicKeyAsSecret {
                    alg,
                    found: other.describe(),
                }))
            }
            (other, false) => {
                if let Some(public) = other.public() {
                    public
                        .fits(alg)
                        .map_err(|m| JwtError::Key(KeyError::Mismatch(m)))?;
                }
            }
        }
        Ok(chosen)
    }

    /// The public keys as a JWK Set document (what `/.well-known/jwks.json` serves).
    pub fn to_public_json(&self) -> Json {
        let keys = self
            .entries
            .iter()
            .filter_map(|entry| {
                let key = entry.material.public()?;
                let alg = entry.alg.as_deref().and_then(Algorithm::from_name);
                Some(key.to_jwk(entry.kid.as_deref(), alg))
            })
            .collect();
        Json::object([("keys", Json::Array(keys))])
    }

    /// Add a key; one with the same kid is replaced.
    pub fn push(&mut self, entry: KeyEntry) {
        self.entries
            .retain(|e| e.kid.is_none() || e.kid != entry.kid);
        self.entries.push(entry);
    }

    /// Remove the key with this kid; says whether there was one.
    pub fn remove(&mut self, kid: &str) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| e.kid.as_deref() != Some(kid));
        self.entries.len() != before
    }
}
