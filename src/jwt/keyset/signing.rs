//! The key field read for signing: a shared secret, or a private key with the
//! `kid` its JWK gave.

use super::*;

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
