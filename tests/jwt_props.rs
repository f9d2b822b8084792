//! Property tests of the JWT engine. The case count follows `PROPTEST_CASES`
//! (proptest's own variable): the default run is quick; a long run such as
//! `PROPTEST_CASES=200000 cargo test --release --test jwt_props` stands in for
//! a fuzzer over decode and verify. Regressions found that way are pinned in
//! `regressions` below.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::base64url;
use jwt_playground::jwt::{decode, prepare};
use jwt_playground::jwt::{
    inspect, sign, verify, Algorithm, InspectOptions, Key, KeyEncoding, Policy,
};
use jwt_playground::jwt::{write_string, Json};
use proptest::prelude::*;

fn alg() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        Just(Algorithm::HS256),
        Just(Algorithm::HS384),
        Just(Algorithm::HS512)
    ]
}

/// Claims as compact JSON text: string and integer members with unique names.
fn claims() -> impl Strategy<Value = String> {
    prop::collection::btree_map(
        "[a-z]{1,8}",
        prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            "\\PC{0,20}".prop_map(|s| {
                let mut out = String::new();
                write_string(&mut out, &s);
                out
            }),
            Just("true".to_string()),
            Just("12345678901234567890123".to_string()),
        ],
        0..8,
    )
    .prop_map(|members| {
        let body: Vec<String> = members
            .into_iter()
            .filter(|(k, _)| {
                !["exp", "nbf", "iat", "iss", "sub", "aud", "jti"].contains(&k.as_str())
            })
            .map(|(k, v)| format!("\"{k}\":{v}"))
            .collect();
        format!("{{{}}}", body.join(","))
    })
}

fn header(alg: Algorithm) -> String {
    format!("{{\"alg\":\"{}\",\"typ\":\"JWT\"}}", alg.name())
}

proptest! {
    #[test]
    fn sign_then_verify_is_valid(alg in alg(), claims in claims(), key in prop::collection::vec(any::<u8>(), 1..100)) {
        let key = Key::from_bytes(key).unwrap();
        let signed = sign(alg, &header(alg), &claims, &key).unwrap();
        let report = verify(&signed.token, &Policy::new(alg, key, 0));
        prop_assert!(report.is_valid(), "{}", report);
        // Decoding for display gives the claims back, byte for byte.
        let decoded = decode(&signed.token);
        prop_assert_eq!(decoded.payload.text.as_deref(), Some(claims.as_str()));
    }

    #[test]
    fn flipping_any_single_character_never_stays_valid(
        alg in alg(),
        claims in claims(),
        position in any::<prop::sample::Index>(),
        replacement in prop::sample::select("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ".chars().collect::<Vec<_>>()),
    ) {
        let key = Key::from_bytes(b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".to_vec()).unwrap();
        let signed = sign(alg, &header(alg), &claims, &key).unwrap();
        let mut chars: Vec<char> = signed.token.chars().collect();
        let i = position.index(chars.len());
        // Never "replace" a character by itself: take the next one of the set instead
        // (rejecting such cases would abort long runs on proptest's reject limit).
        let replacement = if chars[i] == replacement {
            if replacement == 'A' { 'B' } else { 'A' }
        } else {
            replacement
        };
        chars[i] = replacement;
        let tampered: String = chars.into_iter().collect();
        let report = verify(&tampered, &Policy::new(alg, key, 0));
        prop_assert!(!report.is_valid(), "tampered token verified: {}", tampered);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}", secret in "\\PC{0,40}", now in any::<i64>()) {
        let options = InspectOptions { alg: Algorithm::HS256, secret, encoding: KeyEncoding::Utf8, now, leeway: 0 };
        let inspection = inspect(&text, &options);
        prop_assert!(!inspection.verdict.sentence.is_empty());
        let _ = inspect(&text, &InspectOptions { encoding: KeyEncoding::Base64Url, ..options });
    }

    #[test]
    fn token_shaped_text_never_panics(
        a in "[A-Za-z0-9_=+/ -]{0,60}",
        b in "[A-Za-z0-9_=+/ -]{0,60}",
        c in "[A-Za-z0-9_=+/ -]{0,60}",
        leeway in any::<u64>(),
    ) {
        let text = format!("{a}.{b}.{c}");
        let mut policy = Policy::new(Algorithm::HS256, Key::from_bytes(vec![7; 32]).unwrap(), i64::MAX);
        policy.leeway = leeway;
        let report = verify(&text, &policy);
        prop_assert!(!report.is_valid());
        let _ = decode(&prepare(&text).token);
    }

    #[test]
    fn arbitrary_bytes_as_parts_never_panic(h in prop::collection::vec(any::<u8>(), 0..200), p in prop::collection::vec(any::<u8>(), 0..200), now in any::<i64>()) {
        let key = Key::from_bytes(vec![1; 32]).unwrap();
        let input = format!("{}.{}", base64url::encode(&h), base64url::encode(&p));
        let mac = Algorithm::HS256.mac(key.bytes(), input.as_bytes());
        let token = format!("{input}.{}", base64url::encode(&mac));
        let _ = verify(&token, &Policy::new(Algorithm::HS256, key, now));
        let _ = decode(&token);
    }

    /// The strict decoder accepts exactly the canonical unpadded spellings:
    /// whatever it accepts, encoding the bytes gives back the same text. The
    /// text mixes the alphabet with the characters it must refuse.
    #[test]
    fn strict_base64url_accepts_exactly_one_spelling(text in "[A-Za-z0-9_=+/ -]{0,64}") {
        if let Ok(bytes) = base64url::decode(&text) {
            prop_assert_eq!(base64url::encode(&bytes), text);
        }
    }

    /// Every canonical spelling is accepted: any bytes, encoded, decode back;
    /// the lenient decoder reads the padded standard form as the same bytes.
    #[test]
    fn canonical_spellings_are_all_accepted(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let text = base64url::encode(&bytes);
        prop_assert!(!text.contains(['=', '+', '/']));
        prop_assert_eq!(base64url::decode(&text).unwrap(), bytes.clone());
        let (lenient, _) = base64url::decode_lenient(&base64url::encode_standard(&bytes)).unwrap();
        prop_assert_eq!(lenient, bytes);
    }

    #[test]
    fn base64url_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        prop_assert_eq!(base64url::decode(&base64url::encode(&bytes)).unwrap(), bytes);
    }

    #[test]
    fn json_parse_never_panics_and_compact_is_stable(text in "\\PC{0,200}") {
        if let Ok(value) = Json::parse(&text) {
            let compact = value.to_compact();
            prop_assert_eq!(Json::parse(&compact).unwrap().to_compact(), compact.clone());
            prop_assert_eq!(Json::parse(&value.to_pretty()).unwrap().to_compact(), compact);
        }
    }

    #[test]
    fn json_shaped_text_never_panics(parts in prop::collection::vec(prop::sample::select(vec!["{", "}", "[", "]", ",", ":", "\"a\"", "\"\\u00e9\"", "\"\\ud800\"", "1", "-0.5e3", "true", "null", " ", "\"\\", "01"]), 0..40)) {
        let text: String = parts.concat();
        let _ = Json::parse(&text);
    }
}

/// Inputs that once broke (or nearly broke) something, kept forever.
mod regressions {
    use super::*;

    #[test]
    fn huge_and_hostile_inputs() {
        let key = Key::from_bytes(vec![1; 32]).unwrap();
        let policy = Policy::new(Algorithm::HS256, key, 0);
        let megabyte = "a".repeat(1 << 20);
        assert!(!verify(&megabyte, &policy).is_valid());
        let deep = format!(
            "{}.e30.sig",
            base64url::encode("[".repeat(100_000).as_bytes())
        );
        assert!(!verify(&deep, &policy).is_valid());
        let script = "<script>alert(1)</script>";
        assert!(!verify(script, &policy).is_valid());
        // Multi-byte characters where a base64 position is reported.
        assert!(!verify("é.é.é", &policy).is_valid());
        let _ = decode("é.é.é");
        // "Bearer" alone, and a prefix cut inside a multi-byte character.
        assert_eq!(prepare("Bearer").token, "Bearer");
        assert_eq!(prepare("Bearer\u{e9}x").token, "Bearer\u{e9}x");
    }
}
