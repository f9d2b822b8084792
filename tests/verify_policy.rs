//! One test per rule of the verification policy (RFC 7515, 7519, 8725), each
//! on a token built by hand so only that rule is broken.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::base64url::encode;
use jwt_playground::jwt::{verify, Algorithm, ErrorKind, Key, Policy, VerifyStep};

const SECRET: &[u8] = b"a-string-secret-at-least-256-bits-long";
const NOW: i64 = 1_700_000_000;

/// A token over exactly these header and claims bytes, correctly MACed.
fn token(header: &str, claims: &str) -> String {
    let input = format!(
        "{}.{}",
        encode(header.as_bytes()),
        encode(claims.as_bytes())
    );
    let mac = Algorithm::HS256.mac(SECRET, input.as_bytes());
    format!("{input}.{}", encode(&mac))
}

/// Re-MAC an already encoded signing input (for hand-made segments).
fn mac_raw(signing_input: &str) -> String {
    let mac = Algorithm::HS256.mac(SECRET, signing_input.as_bytes());
    format!("{signing_input}.{}", encode(&mac))
}

fn policy() -> Policy {
    Policy::new(
        Algorithm::HS256,
        Key::from_bytes(SECRET.to_vec()).unwrap(),
        NOW,
    )
}

fn kind(token: &str) -> Option<ErrorKind> {
    verify(token, &policy()).error.map(|e| e.kind())
}

const H: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
const C: &str = r#"{"sub":"alice"}"#;

#[test]
fn a_correct_token_is_valid_and_every_step_passes_or_is_not_configured() {
    let report = verify(&token(H, C), &policy());
    assert!(report.is_valid(), "{report}");
    assert_eq!(report.steps.len(), VerifyStep::ALL.len());
}

#[test]
fn alg_none_is_refused_in_any_casing() {
    for none in ["none", "None", "NONE", "nOnE"] {
        let t = token(&format!(r#"{{"alg":"{none}"}}"#), C);
        assert_eq!(kind(&t), Some(ErrorKind::Alg), "{none}");
        // Also with the signature stripped, as attackers send it.
        let stripped = format!("{}.", t.rsplit_once('.').unwrap().0);
        assert_eq!(kind(&stripped), Some(ErrorKind::Alg), "{none} stripped");
    }
}

#[test]
fn missing_or_non_string_alg_is_refused() {
    assert_eq!(kind(&token(r#"{"typ":"JWT"}"#, C)), Some(ErrorKind::Alg));
    assert_eq!(kind(&token(r#"{"alg":256}"#, C)), Some(ErrorKind::Alg));
    assert_eq!(
        kind(&token(r#"{"alg":["HS256"]}"#, C)),
        Some(ErrorKind::Alg)
    );
    assert_eq!(kind(&token(r#"{"alg":null}"#, C)), Some(ErrorKind::Alg));
}

#[test]
fn only_the_configured_algorithm_is_accepted() {
    assert_eq!(kind(&token(r#"{"alg":"HS512"}"#, C)), Some(ErrorKind::Alg));
    assert_eq!(kind(&token(r#"{"alg":"hs256"}"#, C)), Some(ErrorKind::Alg));
    assert_eq!(kind(&token(r#"{"alg":"RS256"}"#, C)), Some(ErrorKind::Alg));
}

#[test]
fn wrong_segment_counts_are_malformed() {
    let t = token(H, C);
    let (a, rest) = t.split_once('.').unwrap();
    for bad in [
        "",
        "abc",
        a,
        &format!("{a}.{rest}.extra"),
        &format!("{t}."),
        "..",
        "...",
    ] {
        let k = kind(bad);
        assert_eq!(k, Some(ErrorKind::Malformed), "{bad:?}");
    }
}

#[test]
fn non_canonical_base64url_is_refused() {
    let t = token(H, C);
    let parts: Vec<&str> = t.split('.').collect();
    let (h, p, s) = (parts[0], parts[1], parts[2]);
    // Padding on the signature (32 bytes -> 43 chars + '=').
    assert_eq!(kind(&format!("{h}.{p}.{s}=")), Some(ErrorKind::Base64));
    // Standard-alphabet characters and whitespace in the header.
    assert_eq!(
        kind(&format!("+{}.{p}.{s}", &h[1..])),
        Some(ErrorKind::Base64)
    );
    assert_eq!(
        kind(&format!("/{}.{p}.{s}", &h[1..])),
        Some(ErrorKind::Base64)
    );
    assert_eq!(kind(&format!("{h} .{p}.{s}")), Some(ErrorKind::Base64));
    assert_eq!(kind(&format!("{h}.{p}.{s}\n")), Some(ErrorKind::Base64));
    // Non-canonical trailing bits: 43-char signature, last char carries 2 spare bits.
    let last = s.chars().last().unwrap();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let index = alphabet.find(last).unwrap();
    let sibling = alphabet.chars().nth(index ^ 1).unwrap();
    let tweaked = format!("{h}.{p}.{}{sibling}", &s[..s.len() - 1]);
    assert_eq!(kind(&tweaked), Some(ErrorKind::Base64), "{tweaked}");
}

#[test]
fn padding_in_a_payload_segment_is_refused_even_when_maced() {
    // The MAC covers the padded text, so only the base64 rule catches it.
    let h = encode(H.as_bytes());
    let p = format!("{}=", encode(b"{\"a\":1}"));
    assert_eq!(kind(&mac_raw(&format!("{h}.{p}"))), Some(ErrorKind::Base64));
}

#[test]
fn headers_and_claims_must_be_utf8_json_objects() {
    assert_eq!(kind(&token("[1,2]", C)), Some(ErrorKind::Json));
    assert_eq!(kind(&token("not json", C)), Some(ErrorKind::Json));
    assert_eq!(kind(&token(H, "\"just a string\"")), Some(ErrorKind::Json));
    assert_eq!(kind(&token(H, "")), Some(ErrorKind::Malformed));
    // Not UTF-8: raw 0xff bytes in the header.
    let h = encode(&[0x7b, 0xff, 0x7d]);
    let t = mac_raw(&format!("{h}.{}", encode(C.as_bytes())));
    assert_eq!(kind(&t), Some(ErrorKind::Json));
}

#[test]
fn duplicate_member_names_are_refused() {
    let dup_header = r#"{"alg":"HS256","alg":"none"}"#;
    assert_eq!(kind(&token(dup_header, C)), Some(ErrorKind::Json));
    assert_eq!(
        kind(&token(H, r#"{"role":"user","role":"admin"}"#)),
        Some(ErrorKind::Json)
    );
}

#[test]
fn unknown_crit_is_refused() {
    let t = token(r#"{"alg":"HS256","crit":["exp"],"exp":1}"#, C);
    assert_eq!(kind(&t), Some(ErrorKind::Crit));
    assert_eq!(
        kind(&token(r#"{"alg":"HS256","crit":[]}"#, C)),
        Some(ErrorKind::Crit)
    );
    assert_eq!(
        kind(&token(r#"{"alg":"HS256","crit":"b64"}"#, C)),
        Some(ErrorKind::Crit)
    );
}

#[test]
fn the_mac_covers_the_exact_bytes_received() {
    // Same JSON meaning, different bytes: re-serialising would wrongly accept it.
    let original = token(H, C);
    let sig = original.rsplit_once('.').unwrap().1;
    let spaced = format!(
        "{}.{}.{sig}",
        encode(br#"{"alg": "HS256", "typ": "JWT"}"#),
        encode(C.as_bytes())
    );
    assert_eq!(kind(&spaced), Some(ErrorKind::Signature));
}

#[test]
fn a_wrong_key_or_tampered_claims_fail_at_the_signature_step() {
    let t = token(H, C);
    let other = Policy::new(
        Algorithm::HS256,
        Key::from_bytes(b"other".to_vec()).unwrap(),
        NOW,
    );
    let report = verify(&t, &other);
    assert_eq!(report.failed_step(), Some(VerifyStep::Signature));
    let (expected, received) = report.signature_mismatch().unwrap();
    assert_eq!(received, t.rsplit_once('.').unwrap().1);
    assert_ne!(expected, received);
    assert_eq!(verify(&t, &policy()).signature_mismatch(), None);
    let parts: Vec<&str> = t.split('.').collect();
    let forged = format!("{}.{}.{}", parts[0], encode(br#"{"sub":"bob"}"#), parts[2]);
    assert_eq!(kind(&forged), Some(ErrorKind::Signature));
}

#[test]
fn exp_is_exclusive_and_nbf_inclusive_with_leeway() {
    let at = |claims: &str, now: i64, leeway: u64| {
        let mut p = policy();
        p.now = now;
        p.leeway = leeway;
        verify(&token(H, claims), &p).error.map(|e| e.kind())
    };
    let exp = r#"{"exp":1000}"#;
    assert_eq!(at(exp, 999, 0), None);
    assert_eq!(at(exp, 1000, 0), Some(ErrorKind::Expired));
    assert_eq!(at(exp, 1005, 10), None);
    assert_eq!(at(exp, 1010, 10), Some(ErrorKind::Expired));
    let nbf = r#"{"nbf":1000}"#;
    assert_eq!(at(nbf, 999, 0), Some(ErrorKind::NotYetValid));
    assert_eq!(at(nbf, 1000, 0), None);
    assert_eq!(at(nbf, 995, 5), None);
    // Fractional NumericDates are allowed (RFC 7519 section 2).
    assert_eq!(at(r#"{"exp":1000.5}"#, 1000, 0), None);
    // Any JSON spelling of a number counts: 1.0005e3 is 1000.5, 0e400 is 0.
    assert_eq!(at(r#"{"exp":1.0005e3}"#, 1000, 0), None);
    assert_eq!(at(r#"{"exp":0e400}"#, 5, 0), Some(ErrorKind::Expired));
}

#[test]
fn time_claims_must_be_numbers() {
    for claims in [
        r#"{"exp":"1000"}"#,
        r#"{"nbf":true}"#,
        r#"{"iat":null}"#,
        r#"{"exp":1e400}"#,
        r#"{"iss":5}"#,
        r#"{"aud":[1]}"#,
    ] {
        assert_eq!(
            kind(&token(H, claims)),
            Some(ErrorKind::ClaimType),
            "{claims}"
        );
    }
}

#[test]
fn an_empty_key_is_refused_with_kind_key() {
    let mut p = policy();
    p.keys = Key::from_bytes(Vec::new()).map(jwt_playground::jwt::KeySet::secret);
    let report = verify(&token(H, C), &p);
    assert_eq!(report.error.map(|e| e.kind()), Some(ErrorKind::Key));
}

#[test]
fn issuer_and_audience_when_configured() {
    let mut p = policy();
    p.issuer = Some("https://app.example".into());
    p.audience = Some("api".into());
    let good = token(H, r#"{"iss":"https://app.example","aud":["web","api"]}"#);
    assert!(verify(&good, &p).is_valid());
    let bad_iss = token(H, r#"{"iss":"evil","aud":"api"}"#);
    assert_eq!(
        verify(&bad_iss, &p).error.map(|e| e.kind()),
        Some(ErrorKind::Issuer)
    );
    let bad_aud = token(H, r#"{"iss":"https://app.example","aud":"web"}"#);
    assert_eq!(
        verify(&bad_aud, &p).error.map(|e| e.kind()),
        Some(ErrorKind::Audience)
    );
}

#[test]
fn an_explicit_typ_when_configured() {
    use jwt_playground::jwt::{JwtError, StepResult};
    let mut p = policy();
    p.token_type = Some("at+jwt".into());
    // RFC 7515 section 4.1.9: a media type, case ignored, "application/" optional.
    for typ in [
        "at+jwt",
        "AT+JWT",
        "application/at+jwt",
        "Application/At+Jwt",
    ] {
        let t = token(&format!(r#"{{"alg":"HS256","typ":"{typ}"}}"#), C);
        let report = verify(&t, &p);
        assert!(report.is_valid(), "{typ}: {report}");
        let line = report
            .steps
            .iter()
            .find(|s| s.step == VerifyStep::Typ)
            .unwrap();
        assert_eq!(line.result, StepResult::Pass);
    }
    for header in [
        H,
        r#"{"alg":"HS256"}"#,
        r#"{"alg":"HS256","typ":1}"#,
        r#"{"alg":"HS256","typ":"application/jwt"}"#,
    ] {
        let report = verify(&token(header, C), &p);
        assert_eq!(report.failed_step(), Some(VerifyStep::Typ), "{header}");
        let error = report.error.unwrap();
        assert_eq!(error.kind(), ErrorKind::TokenType);
        assert!(
            error.to_string().contains("RFC 8725 section 3.11"),
            "{error}"
        );
        assert!(matches!(error, JwtError::TokenType { .. }));
    }
    // Not configured: skipped, and the token is valid.
    let report = verify(&token(H, C), &policy());
    let line = report
        .steps
        .iter()
        .find(|s| s.step == VerifyStep::Typ)
        .unwrap();
    assert_eq!(line.result, StepResult::Skip);
    assert!(report.is_valid());
}

#[test]
fn no_aud_lets_another_audience_and_type_through_and_says_so() {
    use jwt_playground::jwt::StepResult;
    let mut p = policy();
    p.audience = Some("https://app.example/api".into());
    p.token_type = Some("at+jwt".into());
    let id_token = token(H, r#"{"sub":"bob","aud":"https://reports.example"}"#);
    let strict = verify(&id_token, &p);
    assert_eq!(strict.failed_step(), Some(VerifyStep::Aud));
    let error = strict.error.unwrap().to_string();
    assert!(error.contains("\"https://reports.example\""), "{error}");
    assert!(error.contains("RFC 8725 section 3.9"), "{error}");
    // No aud at all is refused too.
    let none = verify(&token(H, C), &p);
    assert_eq!(none.failed_step(), Some(VerifyStep::Aud));

    p.unsafe_options.no_aud = true;
    let weak = verify(&id_token, &p);
    assert!(weak.is_valid(), "{weak}");
    for step in [VerifyStep::Aud, VerifyStep::Typ] {
        let line = weak.steps.iter().find(|s| s.step == step).unwrap();
        assert_eq!(line.result, StepResult::Skip, "{step:?}");
        let detail = line.detail.to_string();
        assert!(detail.starts_with("UNSAFE (weakness no-aud)"), "{detail}");
        assert!(detail.contains("a strict server refuses"), "{detail}");
        assert_eq!(weak.let_through_by(step), Some("no-aud"));
    }
    // A token that would pass anyway says so.
    let own = token(
        r#"{"alg":"HS256","typ":"at+jwt"}"#,
        r#"{"aud":"https://app.example/api"}"#,
    );
    let line = verify(&own, &p)
        .steps
        .into_iter()
        .find(|s| s.step == VerifyStep::Aud)
        .unwrap();
    assert!(line.detail.to_string().contains("would let it through too"));
}

#[test]
fn every_error_explains_itself_in_a_sentence() {
    for t in [
        "x".to_string(),
        token(r#"{"alg":"none"}"#, C),
        token(H, r#"{"exp":1}"#),
        token("{", C),
    ] {
        let report = verify(&t, &policy());
        let sentence = report.error.map(|e| e.to_string()).unwrap_or_default();
        assert!(sentence.len() > 30 && sentence.ends_with('.'), "{sentence}");
    }
}
