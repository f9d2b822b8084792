//! Known-answer tests for the public-key algorithms, from the RFCs' own
//! examples (tests/data/asym-vectors.json names each source), and the
//! refusals a strict verifier owes: algorithm confusion, wrong key types,
//! small RSA keys, unknown kids, keys the token tries to bring itself.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::PublicKey;
use jwt_playground::jwt::{
    build_trace_with, inspect, sign_with, verify, Algorithm, ErrorKind, InspectOptions,
    KeyEncoding, KeyError, KeySet, Policy, PrivateKey, SigningKey, VerdictStatus,
};
use jwt_playground::jwt::{StepResult, VerifyStep};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

mod common;
use common::{private_key, rsa_key as rsa_private, vector, vectors};

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(7)
}

/// Before A.2's `exp` (1300819380).
const NOW: i64 = 1_300_000_000;

fn signature_step(report: &jwt_playground::jwt::VerifyReport) -> StepResult {
    report
        .steps
        .iter()
        .find(|s| s.step == VerifyStep::Signature)
        .map(|s| s.result)
        .unwrap()
}

#[test]
fn every_rfc_vector_verifies_with_its_public_jwk() {
    for v in vectors() {
        let policy = Policy::with_key_text(v.alg, &v.public_jwk, KeyEncoding::Utf8, NOW);
        let report = verify(&v.token, &policy);
        assert_eq!(
            signature_step(&report),
            StepResult::Pass,
            "{}: {report}",
            v.id
        );
        if v.json_payload {
            assert!(report.is_valid(), "{}: {report}", v.id);
        } else {
            // The RFC payload is plain text: the signature holds, the claims step refuses it.
            assert_eq!(
                report.error.map(|e| e.kind()),
                Some(ErrorKind::Json),
                "{}",
                v.id
            );
        }
    }
}

#[test]
fn every_rfc_vector_fails_when_one_payload_character_changes() {
    for v in vectors() {
        let parts: Vec<&str> = v.token.split('.').collect();
        let mut payload = parts[1].to_string();
        let last = payload.pop().unwrap();
        payload.push(if last == 'A' { 'B' } else { 'A' });
        let forged = format!("{}.{}.{}", parts[0], payload, parts[2]);
        let policy = Policy::with_key_text(v.alg, &v.public_jwk, KeyEncoding::Utf8, NOW);
        let report = verify(&forged, &policy);
        assert_eq!(
            report.error.map(|e| e.kind()),
            Some(ErrorKind::Signature),
            "{}",
            v.id
        );
    }
}

#[test]
fn deterministic_rfc_vectors_are_reproduced_byte_for_byte() {
    for v in vectors() {
        let (input, signature) = v.token.rsplit_once('.').unwrap();
        let key = private_key(&v);
        let made = key.sign(v.alg, input.as_bytes(), &mut rng()).unwrap();
        if v.deterministic {
            let made_b64 = jwt_playground::jwt::base64url::encode(&made);
            assert_eq!(made_b64, signature, "{}: same bytes as the RFC", v.id);
        } else {
            // PSS salts and ECDSA nonces differ; our signature must still verify.
            assert!(
                key.public().verify(v.alg, input.as_bytes(), &made),
                "{}",
                v.id
            );
        }
    }
}

#[test]
fn rfc_8037_thumbprint_is_the_one_printed() {
    let v = vector("RFC8037-A.4");
    let set = KeySet::for_alg(Algorithm::EdDSA, &v.public_jwk, KeyEncoding::Utf8).unwrap();
    let key = set.entries[0].material.public().unwrap();
    assert_eq!(Some(key.thumbprint()), v.thumbprint);
}

fn private_for(alg: Algorithm) -> PrivateKey {
    match alg.family() {
        jwt_playground::jwt::Family::RsaPkcs1 | jwt_playground::jwt::Family::RsaPss => {
            rsa_private()
        }
        _ => PrivateKey::generate(alg, &mut rng()).unwrap(),
    }
}

const CLAIMS: &str = r#"{"sub":"alice","exp":4102444800}"#;

#[test]
fn pem_forms_round_trip_and_say_what_they_are() {
    for alg in Algorithm::ALL.into_iter().filter(|a| !a.is_symmetric()) {
        let private = private_for(alg);
        let public = private.public();
        let private_pem = private.to_pem();
        let public_pem = public.to_pem();
        assert!(
            private_pem.starts_with("-----BEGIN PRIVATE KEY-----"),
            "{alg}"
        );
        assert!(
            public_pem.starts_with("-----BEGIN PUBLIC KEY-----"),
            "{alg}"
        );
        let set = KeySet::for_alg(alg, &public_pem, KeyEncoding::Utf8).unwrap();
        assert_eq!(set.entries[0].material.public().unwrap(), public, "{alg}");
        let header = format!(r#"{{"alg":"{}"}}"#, alg.name());
        let signer = SigningKey::from_text(alg, &private_pem, KeyEncoding::Utf8).unwrap();
        let signed = sign_with(alg, &header, CLAIMS, &signer, &mut rng()).unwrap();
        let report = verify(
            &signed.token,
            &Policy::with_key_text(alg, &public_pem, KeyEncoding::Utf8, NOW),
        );
        assert!(report.is_valid(), "{alg}: {report}");
        // The public JWK verifies too.
        let jwk = public.to_jwk(Some("k1"), Some(alg)).to_compact();
        let report = verify(
            &signed.token,
            &Policy::with_key_text(alg, &jwk, KeyEncoding::Utf8, NOW),
        );
        assert!(report.is_valid(), "{alg} via JWK: {report}");
    }
    assert_eq!(
        rsa_private().public().describe(),
        "an RSA public key, 2048 bits"
    );
}

/// SEC1 "EC PRIVATE KEY" blocks on each curve, made by `openssl ecparam -name <curve>
/// -genkey -noout` (OpenSSL names the curve inside the key).
const OPENSSL_SEC1: [(Algorithm, &str); 3] = [
    (
        Algorithm::ES256,
        r"-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIIC5Rr5wbDAIbTY/NMTsJcSQi+IIuBbPVkRgC0UeZ4fToAoGCCqGSM49
AwEHoUQDQgAEqjBeuizh9XDyxablYSDpAxR3Sc2Y/I9usbiJTS1Y8/5QFs1YfbFY
v3hofK4pBp0Rs05KkD3Bc/ldvaE5HIfbng==
-----END EC PRIVATE KEY-----
",
    ),
    (
        Algorithm::ES384,
        r"-----BEGIN EC PRIVATE KEY-----
MIGkAgEBBDB05koFDsgEhhyw/8cGt2bSUL3lre2BXE2Twcvxazre/ZWKikygXagh
/owqliF6wW+gBwYFK4EEACKhZANiAASKbZiH/mp5hJpDQ1zR297r7DrwvSJZggK9
QGXipbThdz+pcdGzzcsoZYhrn3WPNNJ+2pY3foOMInEHqdVWT40msMKsL3z7L2GP
W3MDSne54kXV4QNUR1lRkZEWJcCx8Ds=
-----END EC PRIVATE KEY-----
",
    ),
    (
        Algorithm::ES512,
        r"-----BEGIN EC PRIVATE KEY-----
MIHcAgEBBEIAU1RAU+pmNdAje7HCgHrYq+slBjGMWUnoIdXVJTtELs+Eu1U37zrG
bL/Af4ZWh19Wr+2HcLNcEa5c7O7NZVHjbCSgBwYFK4EEACOhgYkDgYYABAE6Xpn4
1AhAI56SXD2Zo8kAd6SedA4jpgQxt216s/AjmLEthwZWDcM2OCtxTlhpiVl06r1j
4pFvMxcqYRASWByQKgBQPYTbuCgdEXw+a0m6vChoIuQDfcyDa4oCCuPxB+WO/VQi
0FyFzPMmhLIEUClHbW862kqU31ycvtVuWBle1e2AJQ==
-----END EC PRIVATE KEY-----
",
    ),
];

/// The other PEM forms a key is found in: SEC1 "EC PRIVATE KEY" on each
/// curve, PKCS#1 "RSA PRIVATE KEY" and "RSA PUBLIC KEY" (these written by the
/// `rsa` crate). Each is read as the key the key crate itself reads.
#[test]
fn sec1_and_pkcs1_pem_forms_are_read() {
    use p256::pkcs8::{EncodePublicKey, LineEnding};
    use rsa::pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
    for (alg, pem) in OPENSSL_SEC1 {
        let expected = match alg {
            Algorithm::ES256 => p256::SecretKey::from_sec1_pem(pem)
                .unwrap()
                .public_key()
                .to_public_key_pem(LineEnding::LF),
            Algorithm::ES384 => p384::SecretKey::from_sec1_pem(pem)
                .unwrap()
                .public_key()
                .to_public_key_pem(LineEnding::LF),
            _ => p521::SecretKey::from_sec1_pem(pem)
                .unwrap()
                .public_key()
                .to_public_key_pem(LineEnding::LF),
        };
        let signer = SigningKey::from_text(alg, pem, KeyEncoding::Utf8)
            .unwrap_or_else(|e| panic!("{alg}: {e}"));
        let SigningKey::Private { key, .. } = signer else {
            panic!("{alg}: not a private key")
        };
        assert_eq!(key.public().to_pem(), expected.unwrap(), "{alg}");
    }
    let PrivateKey::Rsa(rsa) = rsa_private() else {
        panic!("the RFC 7520 key is not an RSA key")
    };
    let private_pem = rsa.to_pkcs1_pem(LineEnding::LF).unwrap();
    let public_pem = rsa.to_public_key().to_pkcs1_pem(LineEnding::LF).unwrap();
    let private = SigningKey::from_text(Algorithm::RS256, &private_pem, KeyEncoding::Utf8).unwrap();
    let SigningKey::Private { key, .. } = private else {
        panic!("RSA PRIVATE KEY: not a private key")
    };
    let set = KeySet::for_alg(Algorithm::RS256, &public_pem, KeyEncoding::Utf8).unwrap();
    assert_eq!(set.entries[0].material.public().unwrap(), key.public());
    assert_eq!(key.public(), rsa_private().public());
}

/// A PKCS#8 key may carry its public half (version 2, RFC 5958): it is read,
/// and refused when that half is not the private key's.
#[test]
fn a_pkcs8_public_half_must_match() {
    use ed25519_dalek::pkcs8::{EncodePrivateKey, KeypairBytes, PublicKeyBytes};
    let mut rng = rng();
    let key = ed25519_dalek::SigningKey::generate(&mut rng);
    let other = ed25519_dalek::SigningKey::generate(&mut rng);
    let pem = |public: &ed25519_dalek::SigningKey| {
        KeypairBytes {
            secret_key: key.to_bytes(),
            public_key: Some(PublicKeyBytes(public.verifying_key().to_bytes())),
        }
        .to_pkcs8_pem(Default::default())
        .unwrap()
        .to_string()
    };
    assert!(SigningKey::from_text(Algorithm::EdDSA, &pem(&key), KeyEncoding::Utf8).is_ok());
    assert!(SigningKey::from_text(Algorithm::EdDSA, &pem(&other), KeyEncoding::Utf8).is_err());
}

#[test]
fn pem_with_escaped_newlines_and_indentation_is_read() {
    let pem = rsa_private().public().to_pem();
    let escaped = pem.trim_end().replace('\n', "\\n");
    let set = KeySet::for_alg(Algorithm::RS256, &escaped, KeyEncoding::Utf8).unwrap();
    assert_eq!(set.entries.len(), 1);
    let indented: String = pem.lines().map(|l| format!("    {l}\n")).collect();
    assert!(KeySet::for_alg(Algorithm::RS256, &indented, KeyEncoding::Utf8).is_ok());
}

#[test]
fn a_certificate_or_encrypted_key_is_explained() {
    let cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    let err = KeySet::for_alg(Algorithm::RS256, cert, KeyEncoding::Utf8).unwrap_err();
    assert!(err.to_string().contains("openssl x509 -pubkey"), "{err}");
}

fn jwks(entries: &[(&str, &PublicKey, Algorithm)]) -> String {
    let keys: Vec<String> = entries
        .iter()
        .map(|(kid, key, alg)| key.to_jwk(Some(kid), Some(*alg)).to_compact())
        .collect();
    format!(r#"{{"keys":[{}]}}"#, keys.join(","))
}

fn token_with(alg: Algorithm, key: &PrivateKey, kid: Option<&str>) -> String {
    let header = match kid {
        Some(kid) => format!(r#"{{"alg":"{}","kid":"{kid}"}}"#, alg.name()),
        None => format!(r#"{{"alg":"{}"}}"#, alg.name()),
    };
    let signer = SigningKey::Private {
        key: Box::new(key.clone()),
        kid: None,
    };
    sign_with(alg, &header, CLAIMS, &signer, &mut rng())
        .unwrap()
        .token
}

#[test]
fn a_jwk_set_is_searched_by_kid_and_says_which_key_it_used() {
    let es = PrivateKey::generate(Algorithm::ES256, &mut rng()).unwrap();
    let es_other =
        PrivateKey::generate(Algorithm::ES256, &mut ChaCha20Rng::seed_from_u64(99)).unwrap();
    let rsa = rsa_private();
    let set = jwks(&[
        ("k1", &es_other.public(), Algorithm::ES256),
        ("k2", &es.public(), Algorithm::ES256),
        ("r1", &rsa.public(), Algorithm::RS256),
    ]);
    let token = token_with(Algorithm::ES256, &es, Some("k2"));
    let options = InspectOptions {
        alg: Algorithm::ES256,
        secret: set.clone(),
        encoding: KeyEncoding::Utf8,
        now: NOW,
        leeway: 0,
    };
    let inspection = inspect(&token, &options);
    assert_eq!(
        inspection.verdict.status,
        VerdictStatus::Valid,
        "{}",
        inspection.verdict.sentence
    );
    let info = inspection.key_info.unwrap();
    assert!(
        info.starts_with("JWK Set with 3 keys (kid k1, k2, r1)"),
        "{info}"
    );
    assert!(
        info.contains("kid \"k2\": the token's kid matched"),
        "{info}"
    );

    // A kid that is not in the set is refused, naming the ones that are.
    let unknown = token_with(Algorithm::ES256, &es, Some("k9"));
    let report = verify(
        &unknown,
        &Policy::with_key_text(Algorithm::ES256, &set, KeyEncoding::Utf8, NOW),
    );
    let error = report.error.unwrap();
    assert_eq!(error.kind(), ErrorKind::Kid);
    assert!(
        error.to_string().contains("\"k1\", \"k2\", \"r1\""),
        "{error}"
    );

    // No kid and two EC keys: the verifier does not guess.
    let no_kid = token_with(Algorithm::ES256, &es, None);
    let report = verify(
        &no_kid,
        &Policy::with_key_text(Algorithm::ES256, &set, KeyEncoding::Utf8, NOW),
    );
    assert_eq!(report.error.map(|e| e.kind()), Some(ErrorKind::Kid));

    // No kid, one RSA key in the set: that one.
    let rs = token_with(Algorithm::RS256, &rsa, None);
    let report = verify(
        &rs,
        &Policy::with_key_text(Algorithm::RS256, &set, KeyEncoding::Utf8, NOW),
    );
    assert!(report.is_valid(), "{report}");
    assert!(report.key_used.unwrap().contains("only RSA key"));
}

#[test]
fn the_kid_pointing_at_a_key_of_the_wrong_type_is_refused() {
    let es = PrivateKey::generate(Algorithm::ES256, &mut rng()).unwrap();
    let rsa = rsa_private();
    let set = jwks(&[("r1", &rsa.public(), Algorithm::RS256)]);
    let token = token_with(Algorithm::ES256, &es, Some("r1"));
    let report = verify(
        &token,
        &Policy::with_key_text(Algorithm::ES256, &set, KeyEncoding::Utf8, NOW),
    );
    let error = report.error.unwrap();
    assert_eq!(error.kind(), ErrorKind::Key);
    assert!(error.to_string().contains("marked for RS256"), "{error}");
}

#[test]
fn a_curve_that_does_not_fit_the_algorithm_is_refused() {
    let p384 = PrivateKey::generate(Algorithm::ES384, &mut rng()).unwrap();
    let p256 = PrivateKey::generate(Algorithm::ES256, &mut rng()).unwrap();
    let token = token_with(Algorithm::ES256, &p256, None);
    let report = verify(
        &token,
        &Policy::with_key_text(
            Algorithm::ES256,
            &p384.public().to_pem(),
            KeyEncoding::Utf8,
            NOW,
        ),
    );
    let error = report.error.unwrap();
    assert_eq!(error.kind(), ErrorKind::Key);
    assert!(error.to_string().contains("P-256"), "{error}");
}

#[test]
fn rsa_keys_under_2048_bits_are_refused() {
    let small = rsa::RsaPrivateKey::new(&mut rng(), 1024).unwrap();
    let public = PublicKey::Rsa(Box::new(small.to_public_key()));
    let private = PrivateKey::Rsa(Box::new(small));
    let header = r#"{"alg":"RS256"}"#;
    // Signing refuses it too.
    let signer = SigningKey::Private {
        key: Box::new(private.clone()),
        kid: None,
    };
    let err = sign_with(Algorithm::RS256, header, CLAIMS, &signer, &mut rng()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Key);
    // Verifying with it: refused before any arithmetic.
    let input = format!(
        "{}.{}",
        jwt_playground::jwt::base64url::encode(header.as_bytes()),
        jwt_playground::jwt::base64url::encode(CLAIMS.as_bytes())
    );
    let sig = private
        .sign(Algorithm::RS256, input.as_bytes(), &mut rng())
        .unwrap();
    let token = format!("{input}.{}", jwt_playground::jwt::base64url::encode(&sig));
    let report = verify(
        &token,
        &Policy::with_key_text(Algorithm::RS256, &public.to_pem(), KeyEncoding::Utf8, NOW),
    );
    let error = report.error.unwrap();
    assert_eq!(error.kind(), ErrorKind::Key);
    assert!(error.to_string().contains("1024 bits"), "{error}");
}

/// Every form of a public key an attacker could hope a verifier takes as an
/// HMAC secret (the 2015-2016 advisories: PEM, PEM without its last newline,
/// JWK, JWK Set, the base64 DER body).
#[test]
fn algorithm_confusion_is_refused_in_every_form() {
    let public = rsa_private().public();
    let pem = public.to_pem();
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .join("");
    let forms = [
        ("PEM", pem.clone()),
        ("PEM without final newline", pem.trim_end().to_string()),
        ("PEM with CRLF", pem.replace('\n', "\r\n")),
        ("JWK", public.to_jwk(None, None).to_compact()),
        ("JWK Set", jwks(&[("k", &public, Algorithm::RS256)])),
        ("base64 DER", body),
    ];
    for (name, text) in forms {
        // The attacker's token: HS256 with the public key's text as the secret.
        let forged = jwt_playground::jwt::sign(
            Algorithm::HS256,
            r#"{"alg":"HS256"}"#,
            CLAIMS,
            &jwt_playground::jwt::Key::from_text(&text, KeyEncoding::Utf8).unwrap(),
        )
        .unwrap();
        // A verifier set to HS256 with that text refuses the key itself.
        let report = verify(
            &forged.token,
            &Policy::with_key_text(Algorithm::HS256, &text, KeyEncoding::Utf8, NOW),
        );
        let error = report.error.unwrap();
        assert_eq!(error.kind(), ErrorKind::Key, "{name}");
        assert!(
            error.to_string().contains("algorithm confusion"),
            "{name}: {error}"
        );
        // A verifier pinned to RS256 refuses the header's algorithm.
        let report = verify(
            &forged.token,
            &Policy::with_key_text(Algorithm::RS256, &pem, KeyEncoding::Utf8, NOW),
        );
        assert_eq!(
            report.error.map(|e| e.kind()),
            Some(ErrorKind::Alg),
            "{name}"
        );
    }
}

#[test]
fn a_shared_secret_is_not_a_public_key() {
    let err = KeySet::for_alg(Algorithm::RS256, "my-secret", KeyEncoding::Utf8).unwrap_err();
    assert!(matches!(err, KeyError::NotAKey { .. }));
    let err = SigningKey::from_text(
        Algorithm::RS256,
        &rsa_private().public().to_pem(),
        KeyEncoding::Utf8,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("Only the issuer holds the private key"),
        "{err}"
    );
}

#[test]
fn keys_in_the_header_are_never_used_and_are_warned_about() {
    let attacker =
        PrivateKey::generate(Algorithm::ES256, &mut ChaCha20Rng::seed_from_u64(5)).unwrap();
    let server = PrivateKey::generate(Algorithm::ES256, &mut rng()).unwrap();
    let jwk = attacker.public().to_jwk(None, None).to_compact();
    let header = format!(r#"{{"alg":"ES256","jwk":{jwk},"jku":"https://evil.example/jwks"}}"#);
    let signer = SigningKey::Private {
        key: Box::new(attacker),
        kid: None,
    };
    let token = sign_with(Algorithm::ES256, &header, CLAIMS, &signer, &mut rng())
        .unwrap()
        .token;
    let report = verify(
        &token,
        &Policy::with_key_text(
            Algorithm::ES256,
            &server.public().to_pem(),
            KeyEncoding::Utf8,
            NOW,
        ),
    );
    assert_eq!(report.error.map(|e| e.kind()), Some(ErrorKind::Signature));
    assert_eq!(report.warnings.len(), 2);
    assert!(report.warnings[0].contains("\"jwk\""));
    assert!(report.warnings[1].contains("\"jku\""));
}

#[test]
fn without_a_key_the_token_is_unverified_but_its_claims_are_checked() {
    let key = PrivateKey::generate(Algorithm::ES256, &mut rng()).unwrap();
    let token = token_with(Algorithm::ES256, &key, None);
    let options = InspectOptions {
        alg: Algorithm::ES256,
        secret: String::new(),
        encoding: KeyEncoding::Utf8,
        now: NOW,
        leeway: 0,
    };
    let inspection = inspect(&token, &options);
    assert_eq!(inspection.verdict.status, VerdictStatus::Unverified);
    assert_eq!(inspection.verdict.reason, Some("no-key"));
    assert!(inspection
        .verdict
        .sentence
        .starts_with("Cannot verify: no key for ES256 given"));
    // Expired is still expired.
    let late = InspectOptions {
        now: 4_102_444_801,
        ..options
    };
    let inspection = inspect(&token, &late);
    assert_eq!(inspection.verdict.status, VerdictStatus::Invalid);
    assert_eq!(inspection.verdict.reason, Some("expired"));
}

#[test]
fn a_token_without_exp_passes_with_a_warning() {
    let key = jwt_playground::jwt::Key::from_text(
        "a-long-enough-secret-for-hs256-ok!",
        KeyEncoding::Utf8,
    )
    .unwrap();
    let signed = jwt_playground::jwt::sign(
        Algorithm::HS256,
        r#"{"alg":"HS256"}"#,
        r#"{"sub":"a"}"#,
        &key,
    )
    .unwrap();
    let report = verify(&signed.token, &Policy::new(Algorithm::HS256, key, NOW));
    assert!(report.is_valid());
    let exp = report
        .steps
        .iter()
        .find(|s| s.step == VerifyStep::Exp)
        .unwrap();
    assert_eq!(exp.result, StepResult::Warn);
    assert!(exp.detail.to_string().contains("never expires"));
}

#[test]
fn a_jwe_is_recognised_and_its_parts_named() {
    // RFC 7516 Appendix A.1's header, with shortened parts.
    let header = jwt_playground::jwt::base64url::encode(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
    let token = format!("{header}.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ");
    let options = InspectOptions {
        alg: Algorithm::RS256,
        secret: String::new(),
        encoding: KeyEncoding::Utf8,
        now: NOW,
        leeway: 0,
    };
    let inspection = inspect(&token, &options);
    assert!(inspection.decoded.is_jwe);
    assert_eq!(inspection.verdict.status, VerdictStatus::Unverified);
    assert_eq!(inspection.verdict.reason, Some("encrypted"));
    assert!(inspection.decoded.header.json.is_some());
    assert!(inspection.claims.is_empty());
    assert_eq!(jwt_playground::jwt::JWE_PARTS[3], "ciphertext");
}

#[test]
fn every_algorithm_has_a_build_trace_with_its_own_steps() {
    for alg in Algorithm::ALL {
        let header = format!(r#"{{"alg":"{}"}}"#, alg.name());
        let key = if alg.is_symmetric() {
            SigningKey::from_text(
                alg,
                "a-secret-that-is-long-enough-for-hs512-a-secret-that-is-long!",
                KeyEncoding::Utf8,
            )
            .unwrap()
        } else {
            SigningKey::Private {
                key: Box::new(private_for(alg)),
                kid: None,
            }
        };
        let steps = build_trace_with(alg, &header, CLAIMS, &key, &mut rng()).unwrap();
        let ids: Vec<&str> = steps.iter().map(|s| s.id.id()).collect();
        let expected: &[&str] = match alg.family() {
            jwt_playground::jwt::Family::Hmac => &["mac"],
            jwt_playground::jwt::Family::RsaPkcs1 | jwt_playground::jwt::Family::RsaPss => {
                &["hash", "rsa-padding", "rsa-signature"]
            }
            jwt_playground::jwt::Family::Ecdsa => &["hash", "ecdsa-r", "ecdsa-s"],
            jwt_playground::jwt::Family::EdDsa => &["eddsa-signature"],
        };
        let middle: Vec<&str> = ids[7..ids.len() - 2].to_vec();
        assert_eq!(middle, expected, "{alg}");
        assert_eq!(ids.last(), Some(&"token"));
        // The token the trace ends with verifies.
        let token = &steps.last().unwrap().output;
        let policy = match &key {
            SigningKey::Secret(k) => Policy::new(alg, k.clone(), NOW),
            SigningKey::Private { key, .. } => {
                Policy::with_key_text(alg, &key.public().to_pem(), KeyEncoding::Utf8, NOW)
            }
        };
        assert!(verify(token, &policy).is_valid(), "{alg}");
    }
}

#[test]
fn a_generated_key_pair_signs_and_its_jwk_set_verifies() {
    for alg in [
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::EdDSA,
    ] {
        let private = PrivateKey::generate(alg, &mut rng()).unwrap();
        let kid = private.public().thumbprint();
        let set = jwks(&[(&kid, &private.public(), alg)]);
        let token = token_with(alg, &private, Some(&kid));
        let report = verify(
            &token,
            &Policy::with_key_text(alg, &set, KeyEncoding::Utf8, NOW),
        );
        assert!(report.is_valid(), "{alg}: {report}");
        // The private JWK signs too.
        let jwk = private.to_jwk(Some(&kid), Some(alg)).unwrap().to_compact();
        assert!(
            SigningKey::from_text(alg, &jwk, KeyEncoding::Utf8).is_ok(),
            "{alg}"
        );
    }
    assert!(PrivateKey::generate(Algorithm::RS256, &mut rng()).is_none());
}

#[test]
fn the_debugger_rs256_sample_verifies_with_its_jwk_set() {
    use jwt_playground::jwt::samples::{SAMPLE_RS256_JWKS, SAMPLE_RS256_TOKEN};
    let options = InspectOptions {
        alg: Algorithm::RS256,
        secret: SAMPLE_RS256_JWKS.to_string(),
        encoding: KeyEncoding::Utf8,
        now: 1_764_633_600,
        leeway: 0,
    };
    let inspection = inspect(SAMPLE_RS256_TOKEN, &options);
    assert_eq!(
        inspection.verdict.status,
        VerdictStatus::Valid,
        "{}",
        inspection.verdict.sentence
    );
    let info = inspection.key_info.unwrap();
    assert!(
        info.contains("an RSA public key, 2048 bits, kid \"bilbo.baggins@hobbiton.example\""),
        "{info}"
    );
    // Under HS256 the same JWK Set is refused as a secret: algorithm confusion.
    let confused = inspect(
        SAMPLE_RS256_TOKEN,
        &InspectOptions {
            alg: Algorithm::HS256,
            ..options
        },
    );
    assert_eq!(confused.verdict.reason, Some("alg"));
}

#[test]
fn known_weak_secrets_are_flagged_however_long_and_guessed_from_the_list() {
    use jwt_playground::jwt::guess::{CrackStatus, Cracker};
    use jwt_playground::jwt::{is_known_weak, Candidates};
    for secret in [
        "secret",
        "Secret123",
        "CHANGEME!",
        "your-256-bit-secret",
        "a-string-secret-at-least-256-bits-long",
        "password42",
    ] {
        assert!(is_known_weak(secret), "{secret}");
    }
    for secret in ["q7Vb2kP9xL4mN8rT1wZ6yC3hF5jD0sGe", "sEcReT", "secretive"] {
        assert!(!is_known_weak(secret), "{secret}");
    }
    assert!(Candidates::total() > 40_000);
    assert_eq!(Candidates::new().count(), Candidates::total());
    // A long but listed secret still gets the warning.
    let key = jwt_playground::jwt::Key::from_text(
        "a-string-secret-at-least-256-bits-long",
        KeyEncoding::Utf8,
    )
    .unwrap();
    assert!(key
        .weakness(Algorithm::HS256)
        .unwrap()
        .contains("published example secrets"));
    // Guessing, a slice at a time.
    let signed = jwt_playground::jwt::sign(
        Algorithm::HS256,
        r#"{"alg":"HS256"}"#,
        r#"{"sub":"a"}"#,
        &jwt_playground::jwt::Key::from_text("Changeme2024", KeyEncoding::Utf8).unwrap(),
    )
    .unwrap();
    let mut cracker = Cracker::new(&signed.token);
    let mut rounds = 0;
    loop {
        rounds += 1;
        match cracker.run(500).clone() {
            CrackStatus::Running { tried, total } => assert!(tried < total),
            CrackStatus::Found { secret, tried } => {
                assert_eq!(secret, "Changeme2024");
                assert!(tried > 0);
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(rounds > 1, "it ran in slices");
    // Not an HMAC token: nothing to guess.
    assert_eq!(Cracker::new("a.b").status(), &CrackStatus::NotHmac);
    let rs = jwt_playground::jwt::samples::SAMPLE_RS256_TOKEN;
    assert_eq!(Cracker::new(rs).status(), &CrackStatus::NotHmac);
}

/// From the review: key-shaped text the page cannot read is still never an
/// HMAC secret (broken JSON, a BOM, unsupported key types, base64url DER).
#[test]
fn unreadable_key_shaped_text_is_never_an_hmac_secret() {
    let public = rsa_private().public();
    let jwk = public.to_jwk(None, None).to_compact();
    let body: String = public
        .to_pem()
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let der = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &body).unwrap();
    let forms = [
        format!("{},", &jwk[..jwk.len() - 1]) + "}",
        format!("\u{feff}{jwk}"),
        r#"{"kty":"OKP","crv":"X25519","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}"#
            .to_string(),
        r#"{"keys":[{"kty":"EC","crv":"secp256k1","x":"AA","y":"AA"}]}"#.to_string(),
        jwt_playground::jwt::base64url::encode(&der),
    ];
    for text in forms {
        let err = KeySet::for_alg(Algorithm::HS256, &text, KeyEncoding::Utf8).unwrap_err();
        assert!(
            matches!(err, KeyError::PublicKeyAsSecret { .. }),
            "{text}: {err}"
        );
    }
    // A plain secret and an oct JWK are still fine.
    assert!(KeySet::for_alg(
        Algorithm::HS256,
        "correct horse battery staple",
        KeyEncoding::Utf8
    )
    .is_ok());
    assert!(KeySet::for_alg(Algorithm::HS256, r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#, KeyEncoding::Utf8).is_ok());
}

#[test]
fn an_unverified_report_is_not_valid_and_hmac_cannot_sign_rs256() {
    let key = PrivateKey::generate(Algorithm::ES256, &mut rng()).unwrap();
    let token = token_with(Algorithm::ES256, &key, None);
    let report = verify(
        &token,
        &Policy::with_key_text(Algorithm::ES256, "", KeyEncoding::Utf8, NOW),
    );
    assert!(report.is_unverified());
    assert!(!report.is_valid());
    let secret = jwt_playground::jwt::Key::from_text("a-secret", KeyEncoding::Utf8).unwrap();
    let err = jwt_playground::jwt::sign(Algorithm::RS256, r#"{"alg":"RS256"}"#, "{}", &secret)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Key);
    let err = sign_with(
        Algorithm::RS256,
        r#"{"alg":"RS256"}"#,
        "{}",
        &SigningKey::Secret(secret),
        &mut rng(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Key);
}
