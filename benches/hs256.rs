//! HS256 sign and verify of jwt.io's sample token, ours against the
//! `jsonwebtoken` crate in the same run. Prints the ratio at the end.
//! Run: `cargo bench --bench hs256` (also part of `scripts/bench.sh`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use criterion::{black_box, Criterion};
use jwt_playground::jwt::{sign, sign_claims, verify, Algorithm, Json, Key, Policy};
use std::time::{Duration, Instant};

const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWUsImlhdCI6MTUxNjIzOTAyMn0.KMUFsIDTnFmyG3nMiGM6H9FNFUROf3wh7SmqJp-QV30";
const SECRET: &[u8] = b"a-string-secret-at-least-256-bits-long";
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
const CLAIMS: &str = r#"{"sub":"1234567890","name":"John Doe","admin":true,"iat":1516239022}"#;

#[derive(serde::Serialize, serde::Deserialize)]
struct Claims {
    sub: String,
    name: String,
    admin: bool,
    iat: u64,
}

fn ours_verify(policy: &Policy) -> bool {
    verify(black_box(TOKEN), policy).is_valid()
}

fn ours_sign(key: &Key) -> String {
    sign(Algorithm::HS256, black_box(HEADER), black_box(CLAIMS), key)
        .map(|s| s.token)
        .unwrap_or_default()
}

/// Signing a claims value (serialise, encode, MAC): the same work as `jsonwebtoken::encode`.
fn ours_sign_value(claims: &Json, key: &Key) -> String {
    sign_claims(Algorithm::HS256, black_box(claims), key).token
}

fn theirs_verify(key: &jsonwebtoken::DecodingKey, validation: &jsonwebtoken::Validation) -> bool {
    jsonwebtoken::decode::<serde_json::Value>(black_box(TOKEN), key, validation).is_ok()
}

fn theirs_sign(key: &jsonwebtoken::EncodingKey, claims: &Claims) -> String {
    jsonwebtoken::encode(&jsonwebtoken::Header::default(), black_box(claims), key)
        .unwrap_or_default()
}

/// Median nanoseconds per call over several timed batches.
fn median_ns(mut f: impl FnMut() -> bool) -> f64 {
    let mut samples = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        for _ in 0..2000 {
            black_box(f());
        }
        samples.push(start.elapsed().as_nanos() as f64 / 2000.0);
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    samples[samples.len() / 2]
}

fn main() {
    let policy = Policy::new(
        Algorithm::HS256,
        Key::from_bytes(SECRET.to_vec()).unwrap(),
        1_516_239_022,
    );
    let key = Key::from_bytes(SECRET.to_vec()).unwrap();
    let dkey = jsonwebtoken::DecodingKey::from_secret(SECRET);
    let ekey = jsonwebtoken::EncodingKey::from_secret(SECRET);
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    let claims = Claims {
        sub: "1234567890".into(),
        name: "John Doe".into(),
        admin: true,
        iat: 1_516_239_022,
    };
    assert!(
        ours_verify(&policy) && theirs_verify(&dkey, &validation),
        "both verify the sample"
    );
    assert_eq!(ours_sign(&key), TOKEN, "ours reproduces jwt.io's token");
    let claims_value = Json::parse(CLAIMS).unwrap();
    assert_eq!(
        ours_sign_value(&claims_value, &key),
        TOKEN,
        "same token from a claims value"
    );

    let mut c = Criterion::default()
        .configure_from_args()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    let mut group = c.benchmark_group("hs256");
    group.bench_function("verify/ours", |b| b.iter(|| ours_verify(&policy)));
    group.bench_function("verify/jsonwebtoken", |b| {
        b.iter(|| theirs_verify(&dkey, &validation))
    });
    group.bench_function("sign/ours", |b| b.iter(|| ours_sign(&key)));
    group.bench_function("sign-value/ours", |b| {
        b.iter(|| ours_sign_value(&claims_value, &key))
    });
    group.bench_function("sign/jsonwebtoken", |b| {
        b.iter(|| theirs_sign(&ekey, &claims))
    });
    group.finish();

    let v_ours = median_ns(|| ours_verify(&policy));
    let v_theirs = median_ns(|| theirs_verify(&dkey, &validation));
    let s_ours = median_ns(|| !ours_sign(&key).is_empty());
    let s_theirs = median_ns(|| !theirs_sign(&ekey, &claims).is_empty());
    let sv_ours = median_ns(|| !ours_sign_value(&claims_value, &key).is_empty());
    let signing_input = TOKEN.rsplit_once('.').map(|(a, _)| a).unwrap_or_default();
    let mac_only = median_ns(|| {
        !Algorithm::HS256
            .mac(SECRET, black_box(signing_input.as_bytes()))
            .is_empty()
    });
    let ring_only = median_ns(|| {
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, black_box(SECRET));
        !ring::hmac::sign(&key, black_box(signing_input.as_bytes()))
            .as_ref()
            .is_empty()
    });
    println!("HMAC-SHA256 alone: ours (RustCrypto hmac + sha2) {mac_only:.0} ns, ring (jsonwebtoken's) {ring_only:.0} ns");
    println!(
        "verify: ours {v_ours:.0} ns, jsonwebtoken {v_theirs:.0} ns, ratio ours/theirs {:.2}",
        v_ours / v_theirs
    );
    println!(
        "sign from a claims value: ours {sv_ours:.0} ns, jsonwebtoken {s_theirs:.0} ns, ratio ours/theirs {:.2}",
        sv_ours / s_theirs
    );
    println!(
        "sign from typed text (parsed and checked first): ours {s_ours:.0} ns, ratio to jsonwebtoken {:.2}",
        s_ours / s_theirs
    );
}
