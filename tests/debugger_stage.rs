//! The token debugger's verdicts for people (issue 21): times in words, an
//! expected issuer and audience, the token's own algorithm offered but never
//! obeyed, a DER-encoded ECDSA signature named as such, and an empty secret
//! met with what to do next.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::{
    self, base64url, inspect, inspect_with, read_keys, Algorithm, ErrorKind, Expected,
    InspectOptions, JwtError, KeyEncoding, PrivateKey, SigningKey, StepResult, VerdictStatus,
    VerifyStep,
};

const SECRET: &str = "a-long-random-secret-for-these-tests-0123456789";

fn options(alg: Algorithm, secret: &str, now: i64) -> InspectOptions {
    InspectOptions {
        alg,
        secret: secret.to_string(),
        encoding: KeyEncoding::Utf8,
        now,
        leeway: 0,
    }
}

fn hs256(claims: &str) -> String {
    let key = SigningKey::from_text(Algorithm::HS256, SECRET, KeyEncoding::Utf8).unwrap();
    jwt::sign_with(
        Algorithm::HS256,
        r#"{"alg":"HS256","typ":"JWT"}"#,
        claims,
        &key,
        &mut rand_core::OsRng,
    )
    .unwrap()
    .token
}

fn check(inspection: &jwt::Inspection, step: VerifyStep) -> (StepResult, String) {
    let s = inspection
        .report
        .steps
        .iter()
        .find(|s| s.step == step)
        .unwrap();
    (s.result, s.detail.to_string())
}

fn with(token: &str, opts: &InspectOptions, expected: &Expected) -> jwt::Inspection {
    inspect_with(
        token,
        opts,
        expected,
        read_keys(opts.alg, &opts.secret, opts.encoding),
    )
}

#[test]
fn time_left_is_written_in_words() {
    let token = hs256(r#"{"sub":"a","exp":2305865886}"#);
    let i = inspect(&token, &options(Algorithm::HS256, SECRET, 0));
    assert_eq!(i.verdict.status, VerdictStatus::Valid);
    assert_eq!(check(&i, VerifyStep::Exp).1, "73 years left");
    let i = inspect(
        &token,
        &options(Algorithm::HS256, SECRET, 2305865886 - 7500),
    );
    assert_eq!(check(&i, VerifyStep::Exp).1, "2 h 5 min left");
    let exp = i.claims.iter().find(|c| c.name == "exp").unwrap();
    assert!(exp
        .time
        .as_deref()
        .unwrap()
        .ends_with("(expires in 2 h 5 min)"));
}

#[test]
fn an_expired_token_says_how_long_ago() {
    let token = hs256(r#"{"sub":"a","exp":1000}"#);
    let i = inspect(&token, &options(Algorithm::HS256, SECRET, 1180));
    assert_eq!(i.kind(), Some(ErrorKind::Expired));
    assert!(
        i.verdict
            .sentence
            .starts_with("The token expired 3 min ago:"),
        "{}",
        i.verdict.sentence
    );
    let i = inspect(&token, &options(Algorithm::HS256, SECRET, 1000));
    assert!(i
        .verdict
        .sentence
        .starts_with("The token expired just now:"));
    let nbf = hs256(r#"{"sub":"a","nbf":4600}"#);
    let i = inspect(&nbf, &options(Algorithm::HS256, SECRET, 1000));
    assert_eq!(i.kind(), Some(ErrorKind::NotYetValid));
    assert!(i.verdict.sentence.contains("it becomes valid in 1 h"));
}

#[test]
fn extreme_times_never_panic() {
    for claims in [
        r#"{"exp":-1e308}"#,
        r#"{"exp":1e308}"#,
        r#"{"exp":9223372036854775807}"#,
        r#"{"exp":-9223372036854775808,"nbf":-1e308,"iat":1e308}"#,
        r#"{"exp":0}"#,
    ] {
        let token = hs256(claims);
        for now in [i64::MIN, -1, 0, 1, i64::MAX] {
            let i = inspect(&token, &options(Algorithm::HS256, SECRET, now));
            assert!(!i.verdict.sentence.is_empty());
            for step in &i.report.steps {
                let _ = step.detail.to_string();
            }
        }
    }
}

#[test]
fn issuer_and_audience_are_checked_only_when_given() {
    let token = hs256(r#"{"sub":"a","iss":"https://issuer.example","aud":["api","web"]}"#);
    let opts = options(Algorithm::HS256, SECRET, 0);

    let none = with(&token, &opts, &Expected::from_fields("  ", ""));
    assert_eq!(none.verdict.status, VerdictStatus::Valid);
    assert_eq!(
        check(&none, VerifyStep::Iss),
        (StepResult::Skip, "no expected issuer given".to_string())
    );
    assert_eq!(
        check(&none, VerifyStep::Aud),
        (StepResult::Skip, "no expected audience given".to_string())
    );
    assert_eq!(
        check(&none, VerifyStep::Typ),
        (StepResult::Skip, "no expected token type given".to_string())
    );
    assert_eq!(
        none.not_checked,
        vec![VerifyStep::Iss, VerifyStep::Aud, VerifyStep::Typ]
    );

    let good = with(
        &token,
        &opts,
        &Expected::from_fields("https://issuer.example", "web"),
    );
    assert_eq!(good.verdict.status, VerdictStatus::Valid);
    assert_eq!(check(&good, VerifyStep::Iss).0, StepResult::Pass);
    assert_eq!(check(&good, VerifyStep::Aud).0, StepResult::Pass);
    // The debugger asks for no token type: typ stays "not checked".
    assert_eq!(good.not_checked, vec![VerifyStep::Typ]);

    let wrong_iss = with(
        &token,
        &opts,
        &Expected::from_fields("https://evil.example", ""),
    );
    assert_eq!(wrong_iss.kind(), Some(ErrorKind::Issuer));
    assert_eq!(wrong_iss.verdict.reason, Some("issuer"));
    assert!(wrong_iss
        .verdict
        .sentence
        .contains("\"https://issuer.example\""));
    assert_eq!(
        wrong_iss.not_checked,
        vec![VerifyStep::Aud, VerifyStep::Typ]
    );

    let wrong_aud = with(&token, &opts, &Expected::from_fields("", "admin"));
    assert_eq!(wrong_aud.kind(), Some(ErrorKind::Audience));
    assert!(wrong_aud.verdict.sentence.contains("\"admin\""));

    // A string aud, and a token with no iss or aud at all.
    let single = hs256(r#"{"aud":"api"}"#);
    assert!(
        with(&single, &opts, &Expected::from_fields("", "api"))
            .verdict
            .valid
    );
    assert_eq!(
        with(&single, &opts, &Expected::from_fields("", "ap")).kind(),
        Some(ErrorKind::Audience)
    );
    let bare = hs256(r#"{"sub":"a"}"#);
    let i = with(&bare, &opts, &Expected::from_fields("me", ""));
    assert_eq!(i.kind(), Some(ErrorKind::Issuer));
    assert!(i.verdict.sentence.contains("has no \"iss\""));
}

#[test]
fn the_tokens_own_algorithm_is_offered_not_obeyed() {
    let token = hs256(r#"{"sub":"a"}"#);
    let i = inspect(&token, &options(Algorithm::ES256, "", 0));
    assert_eq!(i.kind(), Some(ErrorKind::Alg));
    assert_eq!(i.token_alg, Some(Algorithm::HS256));
    let i = inspect(&token, &options(Algorithm::HS256, SECRET, 0));
    assert_eq!(i.token_alg, None);
    // "none", odd casing and unknown names are never offered.
    for alg in ["none", "None", "hs256", "XS256", ""] {
        let header = base64url::encode(format!(r#"{{"alg":"{alg}"}}"#).as_bytes());
        let t = format!("{header}.e30.");
        let i = inspect(&t, &options(Algorithm::HS256, SECRET, 0));
        assert_eq!(i.token_alg, None, "{alg}");
    }
    let t = format!("{}.e30.", base64url::encode(br#"{"alg":7}"#));
    assert_eq!(
        inspect(&t, &options(Algorithm::HS256, SECRET, 0)).token_alg,
        None
    );
}

#[test]
fn an_empty_secret_says_what_to_do() {
    let token = hs256(r#"{"sub":"a"}"#);
    let i = inspect(&token, &options(Algorithm::HS256, "", 0));
    assert_eq!(i.verdict.reason, Some("key"));
    assert!(i.verdict.sentence.starts_with("No secret given"));
    assert!(i.verdict.sentence.contains("guesser"));
    assert!(check(&i, VerifyStep::Signature)
        .1
        .starts_with("No secret given"));
}

/// `r || s` as DER: SEQUENCE { INTEGER r, INTEGER s }.
fn to_der(raw: &[u8]) -> Vec<u8> {
    let half = raw.len() / 2;
    let int = |n: &[u8]| {
        let mut n: Vec<u8> = n.iter().copied().skip_while(|b| *b == 0).collect();
        if n.first().is_none_or(|b| b & 0x80 != 0) {
            n.insert(0, 0);
        }
        let mut out = vec![0x02, n.len() as u8];
        out.extend(n);
        out
    };
    let mut body = int(&raw[..half]);
    body.extend(int(&raw[half..]));
    let mut out = vec![0x30];
    if body.len() > 127 {
        out.push(0x81);
    }
    out.push(body.len() as u8);
    out.extend(body);
    out
}

#[test]
fn a_der_ecdsa_signature_is_named_with_its_usual_cause() {
    for alg in [Algorithm::ES256, Algorithm::ES384, Algorithm::ES512] {
        let private = PrivateKey::generate(alg, &mut rand_core::OsRng).unwrap();
        let public_pem = private.public().to_pem();
        let signed = jwt::sign_with(
            alg,
            &format!(r#"{{"alg":"{}"}}"#, alg.name()),
            r#"{"sub":"a"}"#,
            &SigningKey::Private {
                key: Box::new(private),
                kid: None,
            },
            &mut rand_core::OsRng,
        )
        .unwrap();
        let (input, sig) = signed.token.rsplit_once('.').unwrap();
        let der = to_der(&base64url::decode(sig).unwrap());
        let token = format!("{input}.{}", base64url::encode(&der));
        let i = inspect(&token, &options(alg, &public_pem, 0));
        assert_eq!(i.kind(), Some(ErrorKind::Signature), "{alg}");
        match &i.report.error {
            Some(JwtError::SignatureDer {
                verifies_as_der, ..
            }) => assert!(verifies_as_der),
            other => panic!("{alg}: {other:?}"),
        }
        assert!(i.verdict.sentence.contains("DER"));
        assert!(i.verdict.sentence.contains("dsaEncoding: 'ieee-p1363'"));
        assert!(i.verdict.sentence.contains("does verify with this key"));
        // The raw form still verifies: the strict verdict is unchanged.
        assert!(
            inspect(&signed.token, &options(alg, &public_pem, 0))
                .verdict
                .valid
        );
    }
}

/// The debugger's "make a key pair" names the new key in the header it signs
/// (`set_header_members`, shared with the attacker's forge panel): `alg` set
/// and first, `kid` set where it was (or last), the other members kept in order.
#[test]
fn signing_with_a_new_key_pair_names_it_in_the_header() {
    use jwt_playground::jwt::set_header_members;
    use jwt_playground::jwt::{Algorithm, Json};
    let kid = [("kid", Json::string("k2"))];
    assert_eq!(
        set_header_members(
            r#"{"typ":"JWT","kid":"old","alg":"HS256","x":1}"#,
            Some(Algorithm::ES256),
            &kid
        )
        .unwrap(),
        r#"{"alg":"ES256","typ":"JWT","kid":"k2","x":1}"#
    );
    assert_eq!(
        set_header_members(r#"{"typ":"JWT"}"#, Some(Algorithm::EdDSA), &kid).unwrap(),
        r#"{"alg":"EdDSA","typ":"JWT","kid":"k2"}"#
    );
    // Not a JSON object: refused, and the debugger falls back to a plain header.
    assert!(set_header_members("not json", Some(Algorithm::EdDSA), &kid).is_err());
}

/// A valid verdict names the time its claims were checked at: the clock the
/// person set, or the real time when the field was empty or unreadable (the
/// review of 2026-12-07: "the chosen time" was said even when the typed
/// clock had been replaced by the real one).
#[test]
fn a_valid_verdict_names_the_time_used() {
    let token = hs256(r#"{"sub":"a","exp":2305865886}"#);
    let i = inspect(&token, &options(Algorithm::HS256, SECRET, 1_700_000_000));
    assert_eq!(i.verdict.status, VerdictStatus::Valid);
    assert!(
        i.verdict
            .sentence
            .contains(&jwt::claims::format_utc(1_700_000_000.0)),
        "{}",
        i.verdict.sentence
    );
    assert!(i.verdict.sentence.contains("the time used"));
    assert!(!i.verdict.sentence.contains("chosen"));
}
