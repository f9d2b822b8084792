//! Key text as a JWK (RFC 7517 section 4) or a JWK Set (section 5): RSA, EC,
//! OKP (Ed25519) or oct, public or private.

use super::*;

pub(super) fn parse_jwks(json: &Json) -> Result<KeySet, KeyError> {
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

pub(super) fn member_bytes(jwk: &Json, name: &str) -> Result<Vec<u8>, KeyError> {
    let text = jwk
        .get(name)
        .and_then(Json::as_str)
        .ok_or_else(|| jwk_error(format!("the member \"{name}\" is missing or not a string")))?;
    base64url::decode(text.trim_end_matches('='))
        .map_err(|e| jwk_error(format!("the member \"{name}\" is not base64url: {e}")))
}

pub(super) fn jwk_error(why: String) -> KeyError {
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
pub(super) fn parse_jwk(jwk: &Json) -> Result<KeyEntry, KeyError> {
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
