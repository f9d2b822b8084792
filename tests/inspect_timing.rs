//! How long `inspect` takes on big and odd tokens. These print their timings
//! (`cargo test --release --test inspect_timing -- --nocapture`) and assert
//! only what must hold whatever the machine: the inspection completes and is
//! sensible. No timed assertion: shared CI machines vary too much.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::base64url;
use jwt_playground::jwt::{inspect, Algorithm, InspectOptions, KeyEncoding};
use std::time::Instant;

fn options() -> InspectOptions {
    InspectOptions {
        alg: Algorithm::HS256,
        secret: "secret".into(),
        encoding: KeyEncoding::Utf8,
        now: 1_767_258_000,
        leeway: 0,
    }
}

fn timed(label: &str, token: &str) -> jwt_playground::jwt::Inspection {
    let start = Instant::now();
    let inspection = inspect(token, &options());
    println!(
        "inspect {label}: {} bytes in {:.1} ms",
        token.len(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    inspection
}

fn token_of(claims: &str) -> String {
    let header = base64url::encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    format!("{header}.{}.sig", base64url::encode(claims.as_bytes()))
}

#[test]
fn a_megabyte_of_one_character() {
    let inspection = timed("1 MB of 'a'", &"a".repeat(1 << 20));
    assert!(!inspection.verdict.valid);
}

#[test]
fn a_megabyte_of_random_text() {
    // A fixed xorshift stream of printable characters, dots included.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let text: String = (0..1 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(b' ' + (x % 95) as u8)
        })
        .collect();
    let inspection = timed("1 MB of random text", &text);
    assert!(!inspection.verdict.valid);
}

#[test]
fn a_megabyte_of_base64url_binary() {
    let bytes: Vec<u8> = (0..786_432u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let b = base64url::encode(&bytes);
    let inspection = timed("1 MB base64url of binary", &format!("{b}.{b}.{b}"));
    assert!(!inspection.verdict.valid);
}

#[test]
fn a_megabyte_claim_value() {
    let claims = format!(r#"{{"sub":"{}"}}"#, "x".repeat(1 << 20));
    let inspection = timed("one 1 MB claim", &token_of(&claims));
    assert_eq!(inspection.claims.len(), 1);
}

#[test]
fn a_hundred_thousand_claims() {
    let members: Vec<String> = (0..100_000).map(|i| format!("\"c{i}\":{i}")).collect();
    let claims = format!("{{{}}}", members.join(","));
    let inspection = timed("100,000 claims", &token_of(&claims));
    assert_eq!(inspection.claims.len(), 100_000);
}
