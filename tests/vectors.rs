//! Known-answer tests from `tests/data/public-vectors.json` (a copy of the
//! project's shared vectors: RFC 7515 A.1, RFC 7519 3.1 and 6.1, RFC 7520 4.4,
//! RFC 7797 4.1/4.2, and jwt.io's default tokens). One test per vector, named
//! after its id; every assertion message names the vector.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::base64url;
use jwt_playground::jwt::{
    inspect, sign, verify, Algorithm, ErrorKind, InspectOptions, Key, KeyEncoding, Policy,
    StepResult, VerifyStep,
};
use serde_json::Value;

const VECTORS: &str = include_str!("data/public-vectors.json");

/// The vector with this id, or a panic naming it.
fn vector(id: &str) -> Value {
    let all: Value = serde_json::from_str(VECTORS).expect("vectors file is JSON");
    all["vectors"]
        .as_array()
        .expect("vectors array")
        .iter()
        .find(|v| v["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("vector {id} missing"))
}

fn alg_of(v: &Value) -> Algorithm {
    Algorithm::from_name(v["alg"].as_str().unwrap()).unwrap()
}

fn key_of(v: &Value) -> Key {
    let encoding = match v["key"]["encoding"].as_str().unwrap() {
        "utf8" => KeyEncoding::Utf8,
        _ => KeyEncoding::Base64Url,
    };
    let key = Key::from_text(v["key"]["value"].as_str().unwrap(), encoding).unwrap();
    assert_eq!(
        base64url::hex(key.bytes()),
        v["key"]["hex"].as_str().unwrap(),
        "{}: key bytes",
        v["id"]
    );
    key
}

fn token_of(v: &Value) -> &str {
    v["token"].as_str().unwrap()
}

/// The parts encode to the vector's base64url, and the MAC over the signing
/// input reproduces the signature exactly.
fn check_encoding_and_mac(v: &Value) {
    let id = v["id"].as_str().unwrap();
    let header = v["header_bytes"]["utf8"].as_str().unwrap();
    let payload = v["payload_bytes"]["utf8"].as_str().unwrap();
    assert_eq!(
        base64url::encode(header.as_bytes()),
        v["header_bytes"]["b64u"].as_str().unwrap(),
        "{id}: header base64url"
    );
    assert_eq!(
        base64url::encode(payload.as_bytes()),
        v["payload_bytes"]["b64u"].as_str().unwrap(),
        "{id}: payload base64url"
    );
    let token = token_of(v);
    let (signing_input, signature) = token.rsplit_once('.').unwrap();
    let mac = alg_of(v).mac(key_of(v).bytes(), signing_input.as_bytes());
    assert_eq!(base64url::encode(&mac), signature, "{id}: signature");
    if let Some(octets) = v["signature_octets"].as_array() {
        let octets: Vec<u8> = octets.iter().map(|o| o.as_u64().unwrap() as u8).collect();
        assert_eq!(mac, octets, "{id}: signature octets");
    }
}

fn policy(v: &Value, now: i64) -> Policy {
    Policy::new(alg_of(v), key_of(v), now)
}

fn assert_rejected(v: &Value, now: i64, kind: ErrorKind, step: VerifyStep) {
    let id = v["id"].as_str().unwrap();
    let report = verify(token_of(v), &policy(v, now));
    let error = report
        .error
        .as_ref()
        .unwrap_or_else(|| panic!("{id}: should be rejected"));
    assert_eq!(error.kind(), kind, "{id}: kind ({error})");
    assert_eq!(report.failed_step(), Some(step), "{id}: failing step");
}

fn assert_accepted(v: &Value, now: i64) {
    let id = v["id"].as_str().unwrap();
    let report = verify(token_of(v), &policy(v, now));
    assert!(report.is_valid(), "{id}: should verify:\n{report}");
}

/// RFC 7515 A.1: valid the second before `exp`, expired at `exp` exactly.
fn rfc7515_a1_like(id: &str) {
    let v = vector(id);
    check_encoding_and_mac(&v);
    let header = v["header_bytes"]["utf8"].as_str().unwrap();
    let payload = v["payload_bytes"]["utf8"].as_str().unwrap();
    let signed = sign(alg_of(&v), header, payload, &key_of(&v)).unwrap();
    assert_eq!(
        signed.token,
        token_of(&v),
        "{id}: sign reproduces the token"
    );
    assert_accepted(&v, 1_300_819_379);
    assert_rejected(&v, 1_300_819_380, ErrorKind::Expired, VerifyStep::Exp);
    let mut lenient = policy(&v, 1_300_819_380);
    lenient.leeway = 1;
    assert!(verify(token_of(&v), &lenient).is_valid(), "{id}: leeway");
}

#[test]
fn rfc7515_a_1() {
    rfc7515_a1_like("RFC7515-A.1");
}

#[test]
fn rfc7519_3_1() {
    rfc7515_a1_like("RFC7519-3.1");
}

#[test]
fn rfc7519_6_1_alg_none_is_refused() {
    let v = vector("RFC7519-6.1");
    let policy = Policy::new(Algorithm::HS256, Key::from_bytes(vec![1; 32]).unwrap(), 0);
    let report = verify(token_of(&v), &policy);
    assert_eq!(
        report.error.map(|e| e.kind()),
        Some(ErrorKind::Alg),
        "RFC7519-6.1"
    );
}

/// A valid JWS whose payload is not a JSON object: the MAC passes, the JWT fails.
fn valid_jws_but_not_jwt(id: &str) {
    let v = vector(id);
    check_encoding_and_mac(&v);
    let report = verify(token_of(&v), &policy(&v, 0));
    let signature = report
        .steps
        .iter()
        .find(|s| s.step == VerifyStep::Signature)
        .unwrap();
    assert_eq!(signature.result, StepResult::Pass, "{id}: MAC is valid");
    assert_rejected(&v, 0, ErrorKind::Json, VerifyStep::Claims);
}

#[test]
fn rfc7520_4_4() {
    valid_jws_but_not_jwt("RFC7520-4.4");
}

#[test]
fn rfc7797_4_1() {
    valid_jws_but_not_jwt("RFC7797-4.1");
}

#[test]
fn rfc7797_4_2_unknown_crit_is_refused() {
    let v = vector("RFC7797-4.2");
    assert_rejected(&v, 0, ErrorKind::Crit, VerifyStep::Crit);
    // The attached form `<hdr>.$.02.<sig>` has four dots' worth of parts.
    let token = token_of(&v).replacen("..", ".$.02.", 1);
    let report = verify(&token, &policy(&v, 0));
    assert_eq!(report.error.map(|e| e.kind()), Some(ErrorKind::Malformed));
}

fn jwt_io(id: &str, weak: bool) {
    let v = vector(id);
    check_encoding_and_mac(&v);
    assert_accepted(&v, 1_516_239_022);
    let options = InspectOptions {
        alg: alg_of(&v),
        secret: v["key"]["value"].as_str().unwrap().to_string(),
        encoding: KeyEncoding::Utf8,
        now: 1_516_239_022,
        leeway: 0,
    };
    let inspection = inspect(token_of(&v), &options);
    assert!(inspection.verdict.valid, "{id}: inspect verdict");
    assert_eq!(
        inspection.key_warning.is_some(),
        weak,
        "{id}: weak-key warning"
    );
    // Verifying with another algorithm than the header's is refused.
    for other in Algorithm::ALL.into_iter().filter(|a| *a != alg_of(&v)) {
        let p = Policy::new(other, key_of(&v), 0);
        let r = verify(token_of(&v), &p);
        assert_eq!(
            r.error.map(|e| e.kind()),
            Some(ErrorKind::Alg),
            "{id}: {other}"
        );
    }
}

#[test]
fn jwtio_hs256_current() {
    // jwt.io's samples are published secrets: weak however long (src/jwt/weak.rs).
    jwt_io("JWTIO-HS256-current", true);
}

#[test]
fn jwtio_hs384_current() {
    jwt_io("JWTIO-HS384-current", true);
}

#[test]
fn jwtio_hs512_current() {
    jwt_io("JWTIO-HS512-current", true);
}

#[test]
fn jwtio_hs256_classic_weak_key() {
    jwt_io("JWTIO-HS256-classic", true);
}

#[test]
fn jwtio_hs384_classic_weak_key() {
    jwt_io("JWTIO-HS384-classic", true);
}

#[test]
fn jwtio_hs512_classic_weak_key() {
    jwt_io("JWTIO-HS512-classic", true);
}

#[test]
fn jwtio_none() {
    let v = vector("JWTIO-none");
    let policy = Policy::new(Algorithm::HS256, Key::from_bytes(vec![1; 32]).unwrap(), 0);
    let report = verify(token_of(&v), &policy);
    assert_eq!(
        report.error.map(|e| e.kind()),
        Some(ErrorKind::Alg),
        "JWTIO-none"
    );
}

#[test]
fn every_vector_in_the_file_has_a_test() {
    let all: Value = serde_json::from_str(VECTORS).unwrap();
    let ids: Vec<&str> = all["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    let covered = [
        "RFC7515-A.1",
        "RFC7519-3.1",
        "RFC7519-6.1",
        "RFC7520-4.4",
        "RFC7797-4.1",
        "RFC7797-4.2",
        "JWTIO-HS256-current",
        "JWTIO-HS384-current",
        "JWTIO-HS512-current",
        "JWTIO-HS256-classic",
        "JWTIO-HS384-classic",
        "JWTIO-HS512-classic",
        "JWTIO-none",
    ];
    for id in ids {
        assert!(covered.contains(&id), "vector {id} has no test");
    }
}
