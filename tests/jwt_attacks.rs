//! The attack lab's verifier side (issue 25), at the engine's level: for each
//! published weakness, the strict verifier refuses the malicious token with a
//! typed error, and the matching unsafe option (off by default) lets it
//! through, marking the step it weakened. Every malicious token is built
//! here, by hand, the way an attacker builds it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::base64url::encode;
use jwt_playground::jwt::{
    inspect, sign_with, verify, Algorithm, ErrorKind, InspectOptions, JwtError, Key, KeyEncoding,
    KeyEntry, KeyError, KeySet, Policy, PrivateKey, SigningKey, StepResult, UnsafeOptions,
    VerdictStatus, VerifyReport, VerifyStep,
};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

mod common;

const NOW: i64 = 1_700_000_000;
const SECRET: &str = "the-server-secret-of-at-least-32-bytes!";

/// `header.payload` in base64url, and a signature part made from `signature`.
fn token_with_signature(header: &str, claims: &str, signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        encode(header.as_bytes()),
        encode(claims.as_bytes()),
        encode(signature)
    )
}

/// A token HMAC-signed with `secret` over exactly these bytes.
fn hmac_token(alg: Algorithm, header: &str, claims: &str, secret: &[u8]) -> String {
    let input = format!(
        "{}.{}",
        encode(header.as_bytes()),
        encode(claims.as_bytes())
    );
    let mac = alg.mac(secret, input.as_bytes());
    format!("{input}.{}", encode(&mac))
}

fn hs256_policy() -> Policy {
    Policy::with_secret(Algorithm::HS256, SECRET, KeyEncoding::Utf8, NOW)
}

fn step(report: &VerifyReport, step: VerifyStep) -> (StepResult, String) {
    let outcome = report.steps.iter().find(|s| s.step == step).unwrap();
    (outcome.result, outcome.detail.to_string())
}

fn kind(report: &VerifyReport) -> Option<ErrorKind> {
    report.error.as_ref().map(JwtError::kind)
}

// ---------------------------------------------------------------------------
// A. The strict verifier's hardening.

/// An OpenSSH public key line: the type name, then base64 of the wire blob
/// whose first field repeats the type name (RFC 4253 section 6.6).
fn ssh_line(name: &str) -> String {
    let mut blob = Vec::new();
    blob.extend_from_slice(&(name.len() as u32).to_be_bytes());
    blob.extend_from_slice(name.as_bytes());
    blob.extend_from_slice(&32u32.to_be_bytes());
    blob.extend_from_slice(&[7u8; 32]);
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &blob);
    format!("{name} {b64} server@example")
}

/// PyJWT before 2.4.0 (CVE-2022-29217, GHSA-ffqj-6fqr-9h24) refused PEM
/// public keys as HMAC secrets but not OpenSSH ones: a server that let the
/// token choose its algorithm then checked an HS256 token with its SSH
/// public key as the secret, which anyone can read. Here such text is never a
/// secret: in the debugger's key field, nor for a strict server.
#[test]
fn ssh_public_key_as_hmac_secret_is_refused_cve_2022_29217() {
    let lines = [
        ssh_line("ssh-rsa"),
        ssh_line("ssh-ed25519"),
        ssh_line("ssh-dss"),
        ssh_line("ecdsa-sha2-nistp256"),
        ssh_line("ecdsa-sha2-nistp384"),
        ssh_line("ecdsa-sha2-nistp521"),
        ssh_line("sk-ssh-ed25519@openssh.com"),
        ssh_line("ssh-ed25519-cert-v01@openssh.com"),
        // An authorized_keys line with options in front, and a key cut short.
        format!("from=\"10.0.0.1\",no-pty {}", ssh_line("ssh-ed25519")),
        format!("# the deploy key\n{}\n", ssh_line("ssh-rsa")),
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ".to_string(),
        // RFC 4716's form.
        "---- BEGIN SSH2 PUBLIC KEY ----\nAAAAC3NzaC1lZDI1NTE5\n---- END SSH2 PUBLIC KEY ----"
            .to_string(),
    ];
    for line in &lines {
        for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
            let err = KeySet::for_alg(alg, line, KeyEncoding::Utf8).unwrap_err();
            assert!(
                matches!(err, KeyError::PublicKeyAsSecret { .. }),
                "{line}: {err}"
            );
            assert!(err.to_string().contains("SSH"), "{err}");
            assert!(err.to_string().contains("CVE-2022-29217"), "{err}");
        }
        // The attack: the token HMAC-signed with the public key as the secret.
        let token = hmac_token(
            Algorithm::HS256,
            r#"{"alg":"HS256","typ":"JWT"}"#,
            r#"{"sub":"admin"}"#,
            line.as_bytes(),
        );
        // A strict server given that text as its secret refuses to use it.
        let report = verify(
            &token,
            &Policy::with_secret(Algorithm::HS256, line, KeyEncoding::Utf8, NOW),
        );
        assert_eq!(kind(&report), Some(ErrorKind::Key), "{line}: {report}");
        assert!(!report.is_valid());
        // The debugger says beside the key field why it is not a secret.
        let seen = inspect(
            &token,
            &InspectOptions {
                alg: Algorithm::HS256,
                secret: line.clone(),
                encoding: KeyEncoding::Utf8,
                now: NOW,
                leeway: 0,
            },
        );
        assert_eq!(seen.verdict.status, VerdictStatus::Invalid);
        assert_eq!(seen.verdict.reason, Some("key"));
        let said = seen.key_error.unwrap();
        assert!(said.contains("SSH public key"), "{said}");
        assert!(said.contains("HS256 needs a shared secret"), "{said}");
        assert!(said.contains("anyone could sign with it"), "{said}");
    }
    let said = KeySet::for_alg(Algorithm::HS256, &lines[1], KeyEncoding::Utf8)
        .unwrap_err()
        .to_string();
    assert!(
        said.contains("an OpenSSH public key (ssh-ed25519 ...)"),
        "{said}"
    );
}

/// Only the shape of a key is refused: a secret that merely mentions one is a secret.
#[test]
fn a_secret_that_mentions_ssh_is_still_a_secret() {
    for text in [
        "ssh-rsa is not my password",
        "ssh-ed25519 BBBB-looks-a-bit-like-a-key",
        "my secret mentions -----BEGIN but no more",
    ] {
        let text_is_pem = text.contains("-----BEGIN");
        let read = KeySet::for_alg(Algorithm::HS256, text, KeyEncoding::Utf8);
        assert_eq!(read.is_err(), text_is_pem, "{text}: {read:?}");
    }
}

/// The same attack with the certificate that holds the server's public key
/// (CVE-2022-29217's sibling forms, CVE-2015-9235 and CVE-2016-10555): a
/// certificate is named as one, not as "an unreadable PEM".
#[test]
fn x509_certificate_or_pem_key_as_hmac_secret_is_refused_cve_2022_29217() {
    let cert = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUXk\n-----END CERTIFICATE-----\n";
    let err = KeySet::for_alg(Algorithm::HS256, cert, KeyEncoding::Utf8).unwrap_err();
    assert!(matches!(err, KeyError::PublicKeyAsSecret { .. }), "{err}");
    let said = err.to_string();
    assert!(said.contains("an X.509 certificate"), "{said}");
    assert!(!said.contains("openssl x509"), "{said}");
    // Every PEM public key, through the strict server's policy too.
    let public_pem = common::rsa_key().public().to_pem();
    let token = hmac_token(
        Algorithm::HS256,
        r#"{"alg":"HS256"}"#,
        r#"{"sub":"admin"}"#,
        public_pem.as_bytes(),
    );
    for text in [cert.to_string(), public_pem.clone()] {
        let report = verify(
            &token,
            &Policy::with_secret(Algorithm::HS256, &text, KeyEncoding::Utf8, NOW),
        );
        assert_eq!(kind(&report), Some(ErrorKind::Key), "{report}");
        let report = verify(
            &token,
            &Policy::with_key_text(Algorithm::HS256, &text, KeyEncoding::Utf8, NOW),
        );
        assert_eq!(kind(&report), Some(ErrorKind::Key), "{report}");
    }
    // An OpenSSH private key block is a key too.
    let openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    let err = KeySet::for_alg(Algorithm::HS256, openssh, KeyEncoding::Utf8).unwrap_err();
    assert!(err.to_string().contains("OPENSSH PRIVATE KEY"), "{err}");
}

fn es_key(alg: Algorithm) -> PrivateKey {
    PrivateKey::generate(alg, &mut ChaCha20Rng::seed_from_u64(25)).unwrap()
}

fn es_policy(alg: Algorithm, key: &PrivateKey) -> Policy {
    Policy::with_keys(
        alg,
        Ok(KeySet::of(vec![KeyEntry::public(key.public(), "k1", alg)])),
        NOW,
    )
}

fn es_cases() -> [(Algorithm, usize); 3] {
    [
        (Algorithm::ES256, 64),
        (Algorithm::ES384, 96),
        (Algorithm::ES512, 132),
    ]
}

/// CVE-2022-21449 ("psychic signatures", Java 15 to 18): r = 0, s = 0
/// verified for any message. The curve crates refuse zero scalars.
#[test]
fn all_zero_ecdsa_signature_is_refused_cve_2022_21449() {
    for (alg, len) in es_cases() {
        let key = es_key(alg);
        let header = format!(r#"{{"alg":"{}","kid":"k1"}}"#, alg.name());
        let token = token_with_signature(&header, r#"{"sub":"admin"}"#, &vec![0u8; len]);
        let report = verify(&token, &es_policy(alg, &key));
        assert_eq!(kind(&report), Some(ErrorKind::Signature), "{alg}: {report}");
        assert_eq!(report.failed_step(), Some(VerifyStep::Signature));
        let said = report.error.unwrap().to_string();
        assert!(said.contains("does not verify"), "{said}");
    }
}

/// The class of CVE-2026-25537 (Rust `jsonwebtoken` before 10.3): a string
/// `exp` or `nbf` was passed over instead of refused, so the token never
/// expired. The strict verifier refuses every non-number time claim.
#[test]
fn string_time_claims_are_refused_cve_2026_25537_class() {
    for claims in [
        r#"{"sub":"admin","exp":"1"}"#,
        r#"{"sub":"admin","exp":"9999999999"}"#,
        r#"{"sub":"admin","nbf":"0"}"#,
        r#"{"sub":"admin","iat":"now"}"#,
    ] {
        let token = hmac_token(
            Algorithm::HS256,
            r#"{"alg":"HS256"}"#,
            claims,
            SECRET.as_bytes(),
        );
        let report = verify(&token, &hs256_policy());
        assert_eq!(kind(&report), Some(ErrorKind::ClaimType), "{claims}");
        assert_eq!(report.failed_step(), Some(VerifyStep::ClaimTypes));
        assert!(
            report.error.unwrap().to_string().contains("is a string"),
            "{claims}"
        );
    }
}

/// `alg: none` in any casing (CVE-2015-9235 and the libraries that compared
/// it case-sensitively) is refused, signature or not.
#[test]
fn alg_none_in_any_casing_is_refused_cve_2015_9235() {
    for none in ["none", "None", "NONE", "nOnE"] {
        let header = format!(r#"{{"alg":"{none}"}}"#);
        for signature in [&b""[..], b"x"] {
            let token = token_with_signature(&header, r#"{"sub":"admin"}"#, signature);
            let report = verify(&token, &hs256_policy());
            assert_eq!(kind(&report), Some(ErrorKind::Alg), "{none}");
            assert!(matches!(report.error, Some(JwtError::AlgNone { .. })));
        }
    }
}

// ---------------------------------------------------------------------------
// B. The unsafe options, each off by default.

fn with(options: UnsafeOptions, mut policy: Policy) -> Policy {
    policy.unsafe_options = options;
    policy
}

#[test]
fn every_new_option_is_off_by_default_and_counts_as_unsafe() {
    let strict = UnsafeOptions::default();
    assert!(!strict.any());
    assert!(!strict.no_verify && !strict.psychic_ecdsa && !strict.exp_string);
    assert!(strict.kid_sql.is_none());
    for options in [
        UnsafeOptions {
            no_verify: true,
            ..UnsafeOptions::default()
        },
        UnsafeOptions {
            psychic_ecdsa: true,
            ..UnsafeOptions::default()
        },
        UnsafeOptions {
            kid_sql: Some(vec![]),
            ..UnsafeOptions::default()
        },
        UnsafeOptions {
            exp_string: true,
            ..UnsafeOptions::default()
        },
    ] {
        assert!(options.any(), "{options:?}");
    }
}

/// PortSwigger's "JWT authentication bypass via unverified signature": the
/// claims changed, the signature left as it was (or made of anything).
fn forged_without_key() -> Vec<String> {
    let real = hmac_token(
        Algorithm::HS256,
        r#"{"alg":"HS256"}"#,
        r#"{"sub":"alice"}"#,
        SECRET.as_bytes(),
    );
    let signature = real.rsplit_once('.').unwrap().1;
    let header = encode(br#"{"alg":"HS256"}"#);
    let admin = encode(br#"{"sub":"administrator"}"#);
    vec![
        format!("{header}.{admin}.{signature}"),
        format!("{header}.{admin}."),
        format!("{header}.{admin}.not base64!"),
    ]
}

#[test]
fn no_verify_accepted_when_vulnerable() {
    let policy = with(
        UnsafeOptions {
            no_verify: true,
            ..UnsafeOptions::default()
        },
        hs256_policy(),
    );
    for token in forged_without_key() {
        let report = verify(&token, &policy);
        assert!(report.is_valid(), "{token}: {report}");
        let (result, detail) = step(&report, VerifyStep::Signature);
        assert_eq!(result, StepResult::Skip, "never \"passed\"");
        assert!(
            detail.starts_with("UNSAFE (weakness no-verify):"),
            "{detail}"
        );
        assert_eq!(
            report.let_through_by(VerifyStep::Signature),
            Some("no-verify")
        );
        assert_eq!(
            report.let_through,
            vec![(VerifyStep::Signature, "no-verify")]
        );
        // The claims are still checked.
        assert_eq!(step(&report, VerifyStep::Claims).0, StepResult::Pass);
    }
    // The algorithm is still the server's.
    let none = token_with_signature(r#"{"alg":"none"}"#, r#"{"sub":"administrator"}"#, b"");
    assert_eq!(kind(&verify(&none, &policy)), Some(ErrorKind::Alg));
}

#[test]
fn no_verify_refused_when_strict() {
    for token in forged_without_key() {
        let report = verify(&token, &hs256_policy());
        assert_eq!(report.failed_step(), Some(VerifyStep::Signature), "{token}");
        assert!(matches!(
            kind(&report),
            Some(ErrorKind::Signature | ErrorKind::Base64)
        ));
        assert!(report.let_through.is_empty());
    }
}

fn psychic(alg: Algorithm, len: usize) -> String {
    let header = format!(r#"{{"alg":"{}","kid":"k1"}}"#, alg.name());
    token_with_signature(
        &header,
        r#"{"sub":"administrator","exp":1900000000}"#,
        &vec![0u8; len],
    )
}

#[test]
fn psychic_ecdsa_accepted_when_vulnerable() {
    let options = UnsafeOptions {
        psychic_ecdsa: true,
        ..UnsafeOptions::default()
    };
    for (alg, len) in es_cases() {
        let key = es_key(alg);
        let policy = with(options.clone(), es_policy(alg, &key));
        let report = verify(&psychic(alg, len), &policy);
        assert!(report.is_valid(), "{alg}: {report}");
        let (result, detail) = step(&report, VerifyStep::Signature);
        assert_eq!(result, StepResult::Warn, "an unsafe pass, not a plain one");
        assert!(
            detail.starts_with("UNSAFE (weakness psychic-ecdsa):"),
            "{detail}"
        );
        assert!(detail.contains("fooled"), "{detail}");
        assert!(detail.contains("CVE-2022-21449"), "{detail}");
        assert_eq!(
            report.let_through_by(VerifyStep::Signature),
            Some("psychic-ecdsa")
        );
        // Any other signature is checked as usual.
        let mut one = vec![0u8; len];
        one[len - 1] = 1;
        let header = format!(r#"{{"alg":"{}","kid":"k1"}}"#, alg.name());
        let not_zero = token_with_signature(&header, r#"{"sub":"administrator"}"#, &one);
        assert_eq!(
            kind(&verify(&not_zero, &policy)),
            Some(ErrorKind::Signature)
        );
        let short = psychic(alg, len - 2);
        assert_eq!(kind(&verify(&short, &policy)), Some(ErrorKind::Signature));
        let signer = SigningKey::Private {
            key: Box::new(key.clone()),
            kid: None,
        };
        let real = sign_with(
            alg,
            &header,
            r#"{"sub":"alice"}"#,
            &signer,
            &mut ChaCha20Rng::seed_from_u64(1),
        )
        .unwrap();
        let report = verify(&real.token, &policy);
        assert!(report.is_valid(), "{report}");
        assert_eq!(step(&report, VerifyStep::Signature).0, StepResult::Pass);
    }
    // Only ECDSA: an HS256 server is not fooled by zeros.
    let hs = with(options, hs256_policy());
    let zeros = token_with_signature(r#"{"alg":"HS256"}"#, r#"{"sub":"a"}"#, &[0u8; 32]);
    assert_eq!(kind(&verify(&zeros, &hs)), Some(ErrorKind::Signature));
}

#[test]
fn psychic_ecdsa_refused_when_strict() {
    for (alg, len) in es_cases() {
        let report = verify(&psychic(alg, len), &es_policy(alg, &es_key(alg)));
        assert_eq!(kind(&report), Some(ErrorKind::Signature), "{alg}");
        assert!(report.let_through.is_empty());
    }
}

fn kid_sql_options() -> UnsafeOptions {
    UnsafeOptions {
        kid_sql: Some(vec![("key-1".to_string(), SECRET.to_string())]),
        ..UnsafeOptions::default()
    }
}

const INJECTED_KID: &str = "x' UNION SELECT 'attacker-key' --";

/// The attacker's token: the kid makes the query return the attacker's own
/// text as the key, and the token is HMAC-signed with it.
fn sql_injected_token() -> String {
    let header = format!(r#"{{"alg":"HS256","kid":"{INJECTED_KID}"}}"#);
    hmac_token(
        Algorithm::HS256,
        &header,
        r#"{"sub":"administrator"}"#,
        b"attacker-key",
    )
}

#[test]
fn kid_sql_accepted_when_vulnerable() {
    let policy = with(kid_sql_options(), hs256_policy());
    let report = verify(&sql_injected_token(), &policy);
    assert!(report.is_valid(), "{report}");
    let query = format!("SELECT key FROM keys WHERE kid = '{INJECTED_KID}'");
    assert_eq!(report.key_query.as_deref(), Some(query.as_str()));
    let (result, detail) = step(&report, VerifyStep::Signature);
    assert_eq!(result, StepResult::Warn);
    assert!(detail.starts_with("UNSAFE (weakness kid-sql):"), "{detail}");
    assert!(detail.contains(&query), "{detail}");
    assert_eq!(
        report.let_through_by(VerifyStep::Signature),
        Some("kid-sql")
    );

    // The server's own tokens still work, and say which query found the key.
    let own = hmac_token(
        Algorithm::HS256,
        r#"{"alg":"HS256","kid":"key-1"}"#,
        r#"{"sub":"alice"}"#,
        SECRET.as_bytes(),
    );
    let report = verify(&own, &policy);
    assert!(report.is_valid(), "{report}");
    assert_eq!(step(&report, VerifyStep::Signature).0, StepResult::Pass);
    assert!(step(&report, VerifyStep::Signature)
        .1
        .contains("SELECT key FROM keys WHERE kid = 'key-1'"));
    assert!(report.let_through.is_empty());

    // OR '1'='1' returns every row: the first is the server's key, so it
    // is injected (a warning) but forges nothing.
    let header = r#"{"alg":"HS256","kid":"' OR '1'='1"}"#;
    let always = hmac_token(
        Algorithm::HS256,
        header,
        r#"{"sub":"a"}"#,
        SECRET.as_bytes(),
    );
    let report = verify(&always, &policy);
    assert!(report.is_valid(), "{report}");
    assert_eq!(step(&report, VerifyStep::Signature).0, StepResult::Warn);
    let forged = hmac_token(Algorithm::HS256, header, r#"{"sub":"a"}"#, b"attacker-key");
    assert_eq!(kind(&verify(&forged, &policy)), Some(ErrorKind::Signature));

    // A kid the database cannot run, or that finds nothing: a kid error
    // naming the query; never a panic, whatever the kid.
    for kid in ["nobody", "x' DROP TABLE keys --", "'", "\\u0000'--", "é'ü"] {
        let header = format!(r#"{{"alg":"HS256","kid":"{kid}"}}"#);
        let token = hmac_token(Algorithm::HS256, &header, r#"{"sub":"a"}"#, b"k");
        let report = verify(&token, &policy);
        assert_eq!(kind(&report), Some(ErrorKind::Kid), "{kid}: {report}");
        assert!(report
            .error
            .unwrap()
            .to_string()
            .contains("SELECT key FROM keys"));
        assert!(report.key_query.is_some());
    }
}

#[test]
fn kid_sql_refused_when_strict() {
    let report = verify(&sql_injected_token(), &hs256_policy());
    assert_eq!(kind(&report), Some(ErrorKind::Signature), "{report}");
    assert!(report.key_query.is_none());
    // A JWK Set with kids: the strict verifier compares the kid, it does not run it.
    let set = KeySet::of(vec![KeyEntry {
        kid: Some("key-1".to_string()),
        alg: None,
        usage: None,
        material: jwt_playground::jwt::Material::Secret(
            Key::from_text(SECRET, KeyEncoding::Utf8).unwrap(),
        ),
    }]);
    let report = verify(
        &sql_injected_token(),
        &Policy::with_keys(Algorithm::HS256, Ok(set), NOW),
    );
    assert_eq!(kind(&report), Some(ErrorKind::Kid), "{report}");
}

fn string_exp_token(claims: &str) -> String {
    hmac_token(
        Algorithm::HS256,
        r#"{"alg":"HS256"}"#,
        claims,
        SECRET.as_bytes(),
    )
}

#[test]
fn exp_string_accepted_when_vulnerable() {
    let policy = with(
        UnsafeOptions {
            exp_string: true,
            ..UnsafeOptions::default()
        },
        hs256_policy(),
    );
    // Long expired, if it were a number.
    let report = verify(&string_exp_token(r#"{"sub":"a","exp":"1"}"#), &policy);
    assert!(report.is_valid(), "{report}");
    let (types, detail) = step(&report, VerifyStep::ClaimTypes);
    assert_eq!(types, StepResult::Warn);
    assert!(
        detail.starts_with("UNSAFE (weakness exp-string):"),
        "{detail}"
    );
    let (exp, detail) = step(&report, VerifyStep::Exp);
    assert_eq!(exp, StepResult::Skip);
    assert!(
        detail.starts_with("UNSAFE (weakness exp-string):"),
        "{detail}"
    );
    assert_eq!(
        report.let_through,
        vec![
            (VerifyStep::ClaimTypes, "exp-string"),
            (VerifyStep::Exp, "exp-string")
        ]
    );
    // Only exp, only a string.
    for claims in [
        r#"{"sub":"a","exp":"1","nbf":"0"}"#,
        r#"{"sub":"a","iat":"0"}"#,
        r#"{"sub":"a","exp":[1]}"#,
        r#"{"sub":"a","exp":true}"#,
    ] {
        let report = verify(&string_exp_token(claims), &policy);
        assert_eq!(kind(&report), Some(ErrorKind::ClaimType), "{claims}");
    }
    // A number exp is still checked.
    let expired = verify(&string_exp_token(r#"{"sub":"a","exp":1}"#), &policy);
    assert_eq!(kind(&expired), Some(ErrorKind::Expired));
}

#[test]
fn exp_string_refused_when_strict() {
    let report = verify(
        &string_exp_token(r#"{"sub":"a","exp":"1"}"#),
        &hs256_policy(),
    );
    assert_eq!(kind(&report), Some(ErrorKind::ClaimType), "{report}");
    assert_eq!(report.failed_step(), Some(VerifyStep::ClaimTypes));
}

proptest::proptest! {
    /// Whatever the kid, the kid-sql lookup answers (a key, or a kid error
    /// naming the query) and never panics.
    #[test]
    fn kid_sql_is_total(kid in "(\\PC|')*", tail in "( UNION SELECT '| OR '1'='1|'| --|x)*") {
        let kid = format!("{kid}{tail}");
        let header = jwt_playground::jwt::Json::object([
            ("alg", jwt_playground::jwt::Json::String("HS256".to_string())),
            ("kid", jwt_playground::jwt::Json::String(kid.clone())),
        ])
        .to_compact();
        let token = hmac_token(Algorithm::HS256, &header, r#"{"sub":"a"}"#, b"k");
        let report = verify(&token, &with(kid_sql_options(), hs256_policy()));
        proptest::prop_assert!(report.key_query.is_some(), "{}", kid);
        proptest::prop_assert!(matches!(
            kind(&report),
            None | Some(ErrorKind::Kid | ErrorKind::Signature)
        ));
    }
}

/// The older options say what they let through the same way.
#[test]
fn the_older_options_are_listed_in_let_through_too() {
    let policy = with(
        UnsafeOptions {
            accept_none: true,
            skip_exp: true,
            ..UnsafeOptions::default()
        },
        hs256_policy(),
    );
    let token = token_with_signature(r#"{"alg":"none"}"#, r#"{"sub":"a","exp":1}"#, b"");
    let report = verify(&token, &policy);
    assert!(report.is_valid(), "{report}");
    assert_eq!(
        report.let_through,
        vec![
            (VerifyStep::Alg, "alg-none"),
            (VerifyStep::Signature, "alg-none"),
            (VerifyStep::Exp, "no-exp")
        ]
    );
    for (step, name) in &report.let_through {
        let (result, detail) = self::step(&report, *step);
        assert_eq!(result, StepResult::Warn);
        assert!(
            detail.starts_with(&format!("UNSAFE (weakness {name}):")),
            "{detail}"
        );
    }
}
