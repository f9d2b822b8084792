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
            // Text shaped like a key is never an HMAC secret, even when it
            // cannot be read as one: that is the algorithm confusion attack
            // in whatever form the key was written.
            let keyish = looks_like_pem(text) || looks_like_jwk(text) || looks_like_der(text);
            return match KeySet::parse_structured(text) {
                None if keyish => Err(KeyError::PublicKeyAsSecret {
                    alg,
                    found: "text shaped like a key (PEM, a JWK or base64 DER)".to_string(),
                }),
                None => Key::from_text(text, encoding).map(KeySet::secret),
                Some(parsed) => {
                    let set = match parsed {
                        Ok(set) => set,
                        Err(e) if keyish => {
                            return Err(KeyError::PublicKeyAsSecret {
                                alg,
                                found: format!(
                                "text shaped like a key, though not one this page can read ({e})"
                            ),
                            })
                        }
                        // JSON that is not a key: it is only a strange secret.
                        Err(_) => return Key::from_text(text, encoding).map(KeySet::secret),
                    };
                    match set
                        .entries
                        .iter()
                        .find(|e| !matches!(e.material, Material::Secret(_)))
                    {
                        Some(asym) => Err(KeyError::PublicKeyAsSecret {
                            alg,
                            found: format!(
                                "{} ({})",
                                asym.material.describe(),
                                format_name(set.format)
                            ),
                        }),
                        None => Ok(set),
                    }
                }
            };
        }
        if text.trim().is_empty() {
            return Ok(KeySet::empty());
        }
        match KeySet::parse_structured(text) {
            Some(parsed) => parsed,
            None => Err(KeyError::NotAKey { alg }),
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

fn looks_like_pem(text: &str) -> bool {
    text.contains("-----BEGIN")
}

/// A JSON object mentioning `kty` or `keys` (a BOM in front forgiven).
fn looks_like_jwk(text: &str) -> bool {
    let t = text.trim().trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{') && (t.contains("\"kty\"") || t.contains("\"keys\""))
}

/// base64 or base64url of a DER key structure (SPKI, PKCS#8, PKCS#1), of
/// any key type, readable here or not.
fn looks_like_der(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() < 60 {
        return false;
    }
    let der = base64url::decode_standard(&compact)
        .or_else(|| base64url::decode(compact.trim_end_matches('=')).ok());
    let Some(der) = der else {
        return false;
    };
    use rsa::pkcs1::der::Decode;
    rsa::pkcs8::spki::SubjectPublicKeyInfoRef::try_from(der.as_slice()).is_ok()
        || rsa::pkcs8::PrivateKeyInfo::try_from(der.as_slice()).is_ok()
        || rsa::pkcs1::RsaPublicKey::from_der(&der).is_ok()
        || rsa::pkcs1::RsaPrivateKey::from_der(&der).is_ok()
}

/// Every PEM block in the text, read as a key. Blocks pasted with `\n`
/// escapes (from a JSON file or an environment variable) or indented lines
/// are forgiven, saying so.
fn parse_pem(text: &str) -> Result<KeySet, KeyError> {
    let mut notes = Vec::new();
    let unescaped;
    let text = if text.contains("\\n") && !text.contains('\n') {
        notes.push("Read \\n as line breaks.".to_string());
        unescaped = text.replace("\\n", "\n");
        unescaped.as_str()
    } else {
        text
    };
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let blocks = text.matches("-----BEGIN").count();
    if blocks > MAX_KEYS {
        notes.push(unread_note(blocks, "PEM blocks"));
    }
    for (i, block) in text.split("-----BEGIN").skip(1).take(MAX_KEYS).enumerate() {
        let Some(end) = block.find("-----END").and_then(|at| {
            let rest = block.get(at + 8..)?;
            rest.find("-----").map(|close| at + 8 + close + 5)
        }) else {
            errors.push(format!("block {} has no END line", i + 1));
            continue;
        };
        let body = block.get(..end).unwrap_or_default();
        let normalised: String = format!("-----BEGIN{body}")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
            + "\n";
        match read_pem_block(&normalised) {
            Ok(material) => entries.push(KeyEntry::new(material)),
            Err(why) => errors.push(why),
        }
    }
    if entries.is_empty() {
        return Err(KeyError::Unreadable {
            format: "PEM",
            why: if errors.is_empty() {
                "no BEGIN/END block found".to_string()
            } else {
                errors.join("; ")
            },
        });
    }
    for why in errors {
        notes.push(format!("Skipped a PEM block: {why}."));
    }
    Ok(KeySet {
        format: KeyFormat::Pem,
        entries,
        notes,
    })
}

fn read_pem_block(pem: &str) -> Result<Material, String> {
    let (label, der) = rsa::pkcs8::der::pem::decode_vec(pem.as_bytes())
        .map_err(|e| format!("the block is not valid PEM ({e})"))?;
    // A size or exponent refused says so; an unreadable block says what it should hold.
    let why = |e: KeyReadError, unknown: &str| match e {
        KeyReadError::NotAKey => unknown.to_string(),
        other => other.to_string(),
    };
    let unknown = KeyReadError::NotAKey.to_string();
    match label {
        "PUBLIC KEY" => PublicKey::from_spki_der(&der)
            .map(Material::Public)
            .map_err(|e| why(e, &unknown)),
        "RSA PUBLIC KEY" => PublicKey::from_pkcs1_der(&der)
            .map(Material::Public)
            .map_err(|e| why(e, "the RSA PUBLIC KEY block does not hold a PKCS#1 key")),
        "PRIVATE KEY" => PrivateKey::from_pkcs8_der(&der)
            .map(|k| Material::Private(Box::new(k)))
            .map_err(|e| why(e, &unknown)),
        "RSA PRIVATE KEY" => PrivateKey::from_pkcs1_der(&der)
            .map(|k| Material::Private(Box::new(k)))
            .map_err(|e| why(e, "the RSA PRIVATE KEY block does not hold a PKCS#1 key")),
        "EC PRIVATE KEY" => PrivateKey::from_sec1_der(&der)
            .map(|k| Material::Private(Box::new(k)))
            .ok_or_else(|| "the EC PRIVATE KEY block is not on P-256, P-384 or P-521".to_string()),
        "CERTIFICATE" => Err(
            "an X.509 certificate is not read here; take its key out with `openssl x509 -pubkey -noout -in cert.pem` and paste the PUBLIC KEY block"
                .to_string(),
        ),
        "ENCRYPTED PRIVATE KEY" => Err(
            "the private key is encrypted with a passphrase; decrypt it first (`openssl pkey -in key.pem`)".to_string(),
        ),
        other => Err(format!("a \"{other}\" block is not a key")),
    }
}

fn parse_jwks(json: &Json) -> Result<KeySet, KeyError> {
    let Some(Json::Array(keys)) = json.get("keys") else {
        return Err(KeyError::Unreadable {
            format: "JWK Set",
            why: "\"keys\" must be an array of JWKs (RFC 7517 section 5.1)".to_string(),
        });
    };
    let mut entries = Vec::new();
    let mut notes = Vec::new();
    if keys.len() > MAX_KEYS {
        notes.push(unread_note(keys.len(), "keys"));
    }
    for (i, key) in keys.iter().take(MAX_KEYS).enumerate() {
        match parse_jwk(key) {
            Ok(entry) => entries.push(entry),
            Err(e) => {
                let name = key
                    .get("kid")
                    .and_then(Json::as_str)
                    .map(|k| format!("kid \"{k}\""))
                    .unwrap_or_else(|| format!("number {}", i + 1));
                notes.push(format!("Skipped key {name}: {e}."));
            }
        }
    }
    if entries.is_empty() {
        return Err(KeyError::Unreadable {
            format: "JWK Set",
            why: if notes.is_empty() {
                "the set has no keys".to_string()
            } else {
                notes.join(" ")
            },
        });
    }
    Ok(KeySet {
        format: KeyFormat::Jwks,
        entries,
        notes,
    })
}

fn member_bytes(jwk: &Json, name: &str) -> Result<Vec<u8>, KeyError> {
    let text = jwk
        .get(name)
        .and_then(Json::as_str)
        .ok_or_else(|| jwk_error(format!("the member \"{name}\" is missing or not a string")))?;
    base64url::decode(text.trim_end_matches('='))
        .map_err(|e| jwk_error(format!("the member \"{name}\" is not base64url: {e}")))
}

fn jwk_error(why: String) -> KeyError {
    KeyError::Unreadable { format: "JWK", why }
}

impl KeySet {
    /// One JWK given as parsed JSON (a token's `jwk` header, read only by
    /// the deliberately unsafe verifier of the attack lab).
    pub fn from_jwk_json(jwk: &Json) -> Result<KeySet, KeyError> {
        parse_jwk(jwk).map(|entry| KeySet {
            format: KeyFormat::Jwk,
            entries: vec![entry],
            notes: Vec::new(),
        })
    }
}

/// One JWK: `kty` `RSA`, `EC`, `OKP` (Ed25519) or `oct`, public or private.
fn parse_jwk(jwk: &Json) -> Result<KeyEntry, KeyError> {
    if !matches!(jwk, Json::Object(_)) {
        return Err(jwk_error("a JWK must be a JSON object".to_string()));
    }
    let text = |name: &str| jwk.get(name).and_then(Json::as_str).map(str::to_string);
    let kty = text("kty").ok_or_else(|| jwk_error("it has no \"kty\" string".to_string()))?;
    let has_d = jwk.get("d").is_some();
    let material = match kty.as_str() {
        "RSA" => {
            let n = member_bytes(jwk, "n")?;
            let e = member_bytes(jwk, "e")?;
            if has_d {
                let d = member_bytes(jwk, "d")?;
                let p = member_bytes(jwk, "p").ok();
                let q = member_bytes(jwk, "q").ok();
                let primes: Vec<&[u8]> = match (&p, &q) {
                    (Some(p), Some(q)) => vec![p, q],
                    _ => Vec::new(),
                };
                PrivateKey::rsa_from_parts(&n, &e, &d, &primes)
                    .map(|k| Material::Private(Box::new(k)))
                    .map_err(|e| match e {
                        KeyReadError::NotAKey => {
                            jwk_error("its private members do not form a valid RSA key".to_string())
                        }
                        other => jwk_error(other.to_string()),
                    })?
            } else {
                PublicKey::rsa_from_parts(&n, &e)
                    .map(Material::Public)
                    .map_err(|e| match e {
                        KeyReadError::NotAKey => jwk_error(
                            "its \"n\" and \"e\" are not a valid RSA public key".to_string(),
                        ),
                        other => jwk_error(other.to_string()),
                    })?
            }
        }
        "EC" | "OKP" => {
            let crv = text("crv").ok_or_else(|| jwk_error("it has no \"crv\"".to_string()))?;
            let curve = match Curve::from_name(&crv) {
                Some(Curve::Ed25519) if kty == "OKP" => Curve::Ed25519,
                Some(c) if kty == "EC" && c != Curve::Ed25519 => c,
                _ if crv == "X25519" || crv == "X448" => {
                    return Err(jwk_error(format!(
                        "{crv} is for key agreement (encryption), not for signatures"
                    )))
                }
                _ => {
                    return Err(jwk_error(format!(
                        "the curve \"{crv}\" is not one this page knows"
                    )))
                }
            };
            let x = member_bytes(jwk, "x")?;
            let y = if curve == Curve::Ed25519 {
                Vec::new()
            } else {
                member_bytes(jwk, "y")?
            };
            let public = PublicKey::from_coordinates(curve, &x, &y).map_err(jwk_error)?;
            if has_d {
                let d = member_bytes(jwk, "d")?;
                let private = PrivateKey::from_scalar(curve, &d)
                    .ok_or_else(|| jwk_error("its \"d\" is not a valid private key".to_string()))?;
                if private.public() != public {
                    return Err(jwk_error(
                        "its \"d\" does not belong to its \"x\" and \"y\"".to_string(),
                    ));
                }
                Material::Private(Box::new(private))
            } else {
                Material::Public(public)
            }
        }
        "oct" => {
            let k = member_bytes(jwk, "k")?;
            Material::Secret(Key::from_bytes(k)?)
        }
        other => {
            return Err(jwk_error(format!(
                "the key type \"{other}\" is not RSA, EC, OKP or oct"
            )))
        }
    };
    Ok(KeyEntry {
        kid: text("kid"),
        alg: text("alg"),
        usage: text("use"),
        material,
    })
}

/// A key to sign with: a shared secret, or a private key (with the `kid`
/// its JWK gave, to write into the header).
#[derive(Debug, Clone)]
pub enum SigningKey {
    Secret(Key),
    Private {
        key: Box<PrivateKey>,
        kid: Option<String>,
    },
}

impl SigningKey {
    /// The key field read for signing with `alg`: HMAC takes the secret, the
    /// others need a private key, and a public key is refused with the reason
    /// (only the issuer holds the private key).
    pub fn from_text(
        alg: Algorithm,
        text: &str,
        encoding: KeyEncoding,
    ) -> Result<SigningKey, KeyError> {
        if alg.is_symmetric() {
            let set = KeySet::for_alg(alg, text, encoding)?;
            return match set.entries.into_iter().next().map(|e| e.material) {
                Some(Material::Secret(key)) => Ok(SigningKey::Secret(key)),
                _ => Err(KeyError::Empty),
            };
        }
        if text.trim().is_empty() {
            return Err(KeyError::NoPrivateKey {
                alg,
                found: "nothing".to_string(),
            });
        }
        let set = KeySet::for_alg(alg, text, encoding)?;
        let mut found = None;
        for entry in set.entries {
            match entry.material {
                Material::Private(key) if entry.alg.as_deref().is_none_or(|a| a == alg.name()) => {
                    key.public().fits(alg).map_err(KeyError::Mismatch)?;
                    return Ok(SigningKey::Private {
                        key,
                        kid: entry.kid,
                    });
                }
                other => {
                    found.get_or_insert_with(|| other.describe());
                }
            }
        }
        Err(KeyError::NoPrivateKey {
            alg,
            found: found.unwrap_or_else(|| "no key".to_string()),
        })
    }

    pub fn describe(&self) -> String {
        match self {
            SigningKey::Secret(key) => format!("a shared secret of {} bytes", key.bytes().len()),
            SigningKey::Private { key, .. } => key.describe(),
        }
    }
}
