//! Every public-key algorithm, checked both ways against the `jsonwebtoken`
//! crate (which uses `ring`): tokens we sign, it verifies; tokens it signs,
//! we verify. ES512 is left out because `jsonwebtoken` 9 has no ES512.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use jwt_playground::jwt::{
    sign_with, verify, Algorithm, KeyEncoding, Policy, PrivateKey, SigningKey,
};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::Value;

mod common;
use common::rsa_key;

fn theirs(alg: Algorithm) -> jsonwebtoken::Algorithm {
    common::jsonwebtoken_alg(alg).unwrap_or_else(|| panic!("{alg} is not compared"))
}

fn keys(alg: Algorithm, private: &PrivateKey) -> (EncodingKey, DecodingKey) {
    let private_pem = private.to_pem();
    let public_pem = private.public().to_pem();
    match alg.family() {
        jwt_playground::jwt::Family::Ecdsa => (
            EncodingKey::from_ec_pem(private_pem.as_bytes()).unwrap(),
            DecodingKey::from_ec_pem(public_pem.as_bytes()).unwrap(),
        ),
        jwt_playground::jwt::Family::EdDsa => (
            EncodingKey::from_ed_pem(private_pem.as_bytes()).unwrap(),
            DecodingKey::from_ed_pem(public_pem.as_bytes()).unwrap(),
        ),
        _ => (
            EncodingKey::from_rsa_pem(private_pem.as_bytes()).unwrap(),
            DecodingKey::from_rsa_pem(public_pem.as_bytes()).unwrap(),
        ),
    }
}

const NOW: i64 = 1_700_000_000;

#[test]
fn both_ways_for_every_public_key_algorithm() {
    let claims = serde_json::json!({"sub": "alice", "exp": 4_102_444_800_i64});
    let claims_text = claims.to_string();
    let algs = [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::EdDSA,
    ];
    let rsa = rsa_key();
    for alg in algs {
        let private = match alg.family() {
            jwt_playground::jwt::Family::RsaPkcs1 | jwt_playground::jwt::Family::RsaPss => {
                rsa.clone()
            }
            _ => PrivateKey::generate(alg, &mut ChaCha20Rng::seed_from_u64(1)).unwrap(),
        };
        let (encoding, decoding) = keys(alg, &private);
        let validation = Validation::new(theirs(alg));

        // Ours -> theirs.
        let header = format!(r#"{{"alg":"{}","typ":"JWT"}}"#, alg.name());
        let signer = SigningKey::Private {
            key: Box::new(private.clone()),
            kid: None,
        };
        let ours = sign_with(
            alg,
            &header,
            &claims_text,
            &signer,
            &mut ChaCha20Rng::seed_from_u64(2),
        )
        .unwrap();
        let decoded = jsonwebtoken::decode::<Value>(&ours.token, &decoding, &validation);
        assert!(
            decoded.is_ok(),
            "{alg}: jsonwebtoken refused ours: {decoded:?}"
        );

        // Theirs -> ours.
        let token = jsonwebtoken::encode(&Header::new(theirs(alg)), &claims, &encoding).unwrap();
        let policy = Policy::with_key_text(alg, &private.public().to_pem(), KeyEncoding::Utf8, NOW);
        let report = verify(&token, &policy);
        assert!(report.is_valid(), "{alg}: we refused theirs: {report}");

        // And a JWK of ours is the key jsonwebtoken reads as well.
        let jwk: jsonwebtoken::jwk::Jwk =
            serde_json::from_str(&private.public().to_jwk(Some("k"), Some(alg)).to_compact())
                .unwrap();
        let from_jwk = DecodingKey::from_jwk(&jwk).unwrap();
        assert!(
            jsonwebtoken::decode::<Value>(&ours.token, &from_jwk, &validation).is_ok(),
            "{alg} JWK"
        );
    }
}
