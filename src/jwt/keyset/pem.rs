//! Key text in PEM: every block of a field (SPKI, PKCS#1, PKCS#8, SEC1), forgiving
//! `\n` escapes and indentation and saying so; and telling text shaped like a
//! key (PEM, a JWK, base64 DER) from a secret.

use super::*;

pub(super) fn looks_like_pem(text: &str) -> bool {
    text.contains("-----BEGIN")
}

/// The key types of OpenSSH public keys (RFC 4253 section 6.6, RFC 5656,
/// RFC 8709, and OpenSSH's security-key types), without the `@openssh.com`
/// or `-cert-v01@openssh.com` suffix of its own and certificate forms.
const SSH_KEY_TYPES: [&str; 9] = [
    "ssh-rsa",
    "ssh-dss",
    "ssh-ed25519",
    "ssh-ed448",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519",
    "sk-ecdsa-sha2-nistp256",
];

/// The key type of an OpenSSH public key line (`ssh-ed25519 AAAA... comment`,
/// as in `authorized_keys` or a `.pub` file, with options or comment lines
/// around it): a type name followed by base64 that starts with `AAAA` (the
/// blob's first field is the type name's length, a 32-bit number under
/// 2^24). Like PyJWT's fix for CVE-2022-29217, the shape is enough: a key
/// cut short is refused too.
fn ssh_key_type(text: &str) -> Option<&str> {
    let words = text.split_whitespace();
    words.clone().zip(words.skip(1)).find_map(|(name, blob)| {
        let base = name
            .strip_suffix("-cert-v01@openssh.com")
            .or_else(|| name.strip_suffix("@openssh.com"))
            .unwrap_or(name);
        (SSH_KEY_TYPES.contains(&base) && blob.starts_with("AAAA")).then_some(name)
    })
}

/// What text shaped like a key is, in words (`an OpenSSH public key
/// (ssh-ed25519)`, `an X.509 certificate (PEM)`, ...), when it is: such text
/// is never an HMAC secret, readable as a key here or not. `None` for text that
/// is only a secret. JWK-shaped JSON is not judged here: an `oct` JWK is a
/// secret, so `KeySet::for_alg` reads it first.
pub(super) struct KeyShape {
    pub(super) what: String,
    /// The words say all there is to say (a certificate, an SSH key): why
    /// the text could not be read as a key would only distract.
    pub(super) complete: bool,
}

pub(super) fn key_shape(text: &str) -> Option<KeyShape> {
    let shape = |what: String, complete: bool| Some(KeyShape { what, complete });
    if let Some(name) = ssh_key_type(text) {
        return shape(format!("an OpenSSH public key ({name} ...), the form of a .pub file or an authorized_keys line"), true);
    }
    if text.contains("---- BEGIN SSH2 PUBLIC KEY ----") {
        return shape(
            "an SSH public key (---- BEGIN SSH2 PUBLIC KEY ----, RFC 4716)".to_string(),
            true,
        );
    }
    if looks_like_pem(text) {
        let label = text
            .split("-----BEGIN ")
            .nth(1)
            .and_then(|rest| rest.split_once("-----"))
            .map(|(label, _)| label.trim())
            .unwrap_or_default();
        return match label {
            "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => shape(
                "an X.509 certificate (PEM), which carries its owner's public key".to_string(),
                true,
            ),
            "" => shape("a PEM block (-----BEGIN ...)".to_string(), false),
            label => shape(
                format!(
                    "a PEM \"{}\" block",
                    super::super::display::shorten(label, 40)
                ),
                label.contains("OPENSSH"),
            ),
        };
    }
    if looks_like_der(text) {
        return shape(
            "base64 DER of a key (a PEM block without its BEGIN/END lines)".to_string(),
            false,
        );
    }
    None
}

/// A JSON object mentioning `kty` or `keys` (a BOM in front forgiven).
pub(super) fn looks_like_jwk(text: &str) -> bool {
    let t = text.trim().trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{') && (t.contains("\"kty\"") || t.contains("\"keys\""))
}

/// base64 or base64url of a DER key structure (SPKI, PKCS#8, PKCS#1), of
/// any key type, readable here or not.
pub(super) fn looks_like_der(text: &str) -> bool {
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
pub(super) fn parse_pem(text: &str) -> Result<KeySet, KeyError> {
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

pub(super) fn read_pem_block(pem: &str) -> Result<Material, String> {
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
