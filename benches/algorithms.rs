//! Sign and verify with every public-key algorithm, ours against the
//! `jsonwebtoken` crate (ring underneath) in the same run, with the same
//! keys and claims. Prints one line per algorithm with both medians and the
//! ratio, and a last line saying whether every ratio is within 1.5x.
//! Run: `cargo bench --bench algorithms` (also part of `scripts/bench.sh`).
//! ES512 is timed alone: jsonwebtoken 9 does not have it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use criterion::black_box;
use jwt_playground::jwt::{
    sign_with, verify, Algorithm, Family, KeyEncoding, Policy, PrivateKey, SigningKey,
};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::Value;
use std::time::Instant;

#[path = "../tests/common/mod.rs"]
mod common;
use common::rsa_key;

const CLAIMS: &str = r#"{"sub":"1234567890","name":"John Doe","admin":true,"iat":1516239022}"#;

/// Median microseconds per call: batches of calls sized to ~20 ms each.
fn median_us(mut f: impl FnMut() -> bool) -> f64 {
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed().as_millis() < 20 {
        black_box(f());
        calls += 1;
    }
    let batch = calls.max(1);
    let mut samples = Vec::new();
    for _ in 0..11 {
        let t = Instant::now();
        for _ in 0..batch {
            black_box(f());
        }
        samples.push(t.elapsed().as_secs_f64() * 1e6 / f64::from(batch));
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    samples[samples.len() / 2]
}

fn main() {
    let rsa = rsa_key();
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let claims: Value = serde_json::from_str(CLAIMS).unwrap();
    println!(
        "{:<7} {:>14} {:>14} {:>7}   {:>14} {:>14} {:>7}",
        "alg", "verify ours", "jsonwebtoken", "ratio", "sign ours", "jsonwebtoken", "ratio"
    );
    let mut worst: f64 = 0.0;
    for alg in Algorithm::ALL.into_iter().filter(|a| !a.is_symmetric()) {
        let private = match alg.family() {
            Family::RsaPkcs1 | Family::RsaPss => rsa.clone(),
            _ => PrivateKey::generate(alg, &mut rng).unwrap(),
        };
        let public_pem = private.public().to_pem();
        let private_pem = private.to_pem();
        let header = format!(r#"{{"alg":"{}","typ":"JWT"}}"#, alg.name());
        let signer = SigningKey::Private {
            key: Box::new(private.clone()),
            kid: None,
        };
        let token = sign_with(alg, &header, CLAIMS, &signer, &mut rng)
            .unwrap()
            .token;
        let policy = Policy::with_key_text(alg, &public_pem, KeyEncoding::Utf8, 1_516_239_022);
        assert!(verify(&token, &policy).is_valid(), "{alg}");
        let ours_verify = median_us(|| verify(black_box(&token), &policy).is_valid());
        let mut sign_rng = ChaCha20Rng::seed_from_u64(2);
        let ours_sign = median_us(|| {
            sign_with(
                alg,
                black_box(&header),
                black_box(CLAIMS),
                &signer,
                &mut sign_rng,
            )
            .is_ok()
        });
        let Some(j) = common::jsonwebtoken_alg(alg) else {
            println!(
                "{:<7} {:>11.1} µs {:>14} {:>7}   {:>11.1} µs {:>14} {:>7}",
                alg.name(),
                ours_verify,
                "(none)",
                "-",
                ours_sign,
                "(none)",
                "-"
            );
            continue;
        };
        let (ekey, dkey) = match alg.family() {
            Family::Ecdsa => (
                jsonwebtoken::EncodingKey::from_ec_pem(private_pem.as_bytes()).unwrap(),
                jsonwebtoken::DecodingKey::from_ec_pem(public_pem.as_bytes()).unwrap(),
            ),
            Family::EdDsa => (
                jsonwebtoken::EncodingKey::from_ed_pem(private_pem.as_bytes()).unwrap(),
                jsonwebtoken::DecodingKey::from_ed_pem(public_pem.as_bytes()).unwrap(),
            ),
            _ => (
                jsonwebtoken::EncodingKey::from_rsa_pem(private_pem.as_bytes()).unwrap(),
                jsonwebtoken::DecodingKey::from_rsa_pem(public_pem.as_bytes()).unwrap(),
            ),
        };
        let mut validation = jsonwebtoken::Validation::new(j);
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        let their_header = jsonwebtoken::Header::new(j);
        assert!(jsonwebtoken::decode::<Value>(&token, &dkey, &validation).is_ok());
        let theirs_verify = median_us(|| {
            jsonwebtoken::decode::<Value>(black_box(&token), &dkey, &validation).is_ok()
        });
        let theirs_sign =
            median_us(|| jsonwebtoken::encode(&their_header, black_box(&claims), &ekey).is_ok());
        let rv = ours_verify / theirs_verify;
        let rs = ours_sign / theirs_sign;
        worst = worst.max(rv).max(rs);
        println!(
            "{:<7} {:>11.1} µs {:>11.1} µs {:>6.2}x   {:>11.1} µs {:>11.1} µs {:>6.2}x",
            alg.name(),
            ours_verify,
            theirs_verify,
            rv,
            ours_sign,
            theirs_sign,
            rs
        );
    }
    println!(
        "worst ratio {worst:.2}x (budget 1.5x): {}",
        if worst <= 1.5 {
            "within budget"
        } else {
            "OVER BUDGET"
        }
    );
}
