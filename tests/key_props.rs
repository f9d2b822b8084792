//! Property tests for the key field and the public-key verifier: whatever is
//! pasted as a key, and whatever token it meets, nothing panics, and the
//! answer is always a verdict with a kind.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::{
    inspect, sign_with, verify, Algorithm, InspectOptions, KeyEncoding, KeySet, Policy, PrivateKey,
    SigningKey,
};
use proptest::prelude::*;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

fn alg() -> impl Strategy<Value = Algorithm> {
    prop::sample::select(Algorithm::ALL.to_vec())
}

/// Text shaped like the key forms: PEM armour, JWK members, base64.
fn key_like() -> impl Strategy<Value = String> {
    let pieces = vec![
        "-----BEGIN PUBLIC KEY-----\n",
        "-----END PUBLIC KEY-----\n",
        "-----BEGIN PRIVATE KEY-----\n",
        "-----END PRIVATE KEY-----",
        "-----BEGIN RSA PUBLIC KEY-----",
        "-----BEGIN EC PRIVATE KEY-----",
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
        "MCowBQYDK2VwAyEA",
        "\\n",
        "{",
        "}",
        "\"keys\":[",
        "]",
        "\"kty\":\"RSA\",",
        "\"kty\":\"EC\",",
        "\"kty\":\"OKP\",",
        "\"kty\":\"oct\",",
        "\"crv\":\"P-256\",",
        "\"crv\":\"Ed25519\",",
        "\"n\":\"AQAB\",",
        "\"e\":\"AQAB\",",
        "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",",
        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",",
        "\"d\":\"AA\",",
        "\"k\":\"\",",
        "\"kid\":\"k1\",",
        "\"use\":\"enc\",",
        "\"alg\":\"RS256\"",
        ",",
        "=",
        " ",
    ];
    prop::collection::vec(prop::sample::select(pieces), 0..30).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_key_text_never_panics(alg in alg(), text in key_like(), base64 in any::<bool>()) {
        let encoding = if base64 { KeyEncoding::Base64Url } else { KeyEncoding::Utf8 };
        let _ = KeySet::for_alg(alg, &text, encoding);
        let _ = SigningKey::from_text(alg, &text, encoding);
    }

    #[test]
    fn arbitrary_key_text_never_panics(alg in alg(), text in "\\PC{0,200}") {
        let _ = KeySet::for_alg(alg, &text, KeyEncoding::Utf8);
        let _ = SigningKey::from_text(alg, &text, KeyEncoding::Utf8);
    }

    #[test]
    fn any_token_under_any_key_gives_a_verdict(alg in alg(), text in key_like(), token in "[A-Za-z0-9_.-]{0,200}", now in any::<i64>()) {
        let options = InspectOptions { alg, secret: text, encoding: KeyEncoding::Utf8, now, leeway: 0 };
        let inspection = inspect(&token, &options);
        prop_assert!(!inspection.verdict.sentence.is_empty());
        if !inspection.verdict.valid {
            prop_assert!(inspection.verdict.reason.is_some());
        }
    }

    /// Random bytes in place of a signature, of any length, are refused.
    #[test]
    fn random_signatures_are_refused(sig in prop::collection::vec(any::<u8>(), 0..140), which in 0usize..4) {
        let alg = [Algorithm::ES256, Algorithm::ES384, Algorithm::ES512, Algorithm::EdDSA][which];
        let key = PrivateKey::generate(alg, &mut ChaCha20Rng::seed_from_u64(3)).unwrap();
        let header = format!(r#"{{"alg":"{}"}}"#, alg.name());
        let signer = SigningKey::Private { key: Box::new(key.clone()), kid: None };
        let signed = sign_with(alg, &header, "{}", &signer, &mut ChaCha20Rng::seed_from_u64(4)).unwrap();
        let forged = format!("{}.{}", signed.signing_input(), jwt_playground::jwt::base64url::encode(&sig));
        let report = verify(&forged, &Policy::with_key_text(alg, &key.public().to_pem(), KeyEncoding::Utf8, 0));
        prop_assert!(!report.is_valid());
    }
}
