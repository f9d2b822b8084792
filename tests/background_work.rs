//! What the page's background worker does with each job (issue 23), run
//! natively: `work::run` is the whole of the worker's logic, and the
//! messages are the JSON the page and the worker exchange.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::guess::CrackStatus;
use jwt_playground::jwt::{Algorithm, Candidates, KeyEncoding, SigningKey, MIN_MADE_RSA_BITS};
use jwt_playground::work::{run, Envelope, Job, Report, PROGRESS_EVERY_MS};
use proptest::prelude::*;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

/// Runs `job` with a seeded source and a clock that moves `step` ms at each
/// look, and returns every report in order.
fn reports_of(job: &Job, step: f64) -> Vec<Report> {
    let mut rng = ChaCha20Rng::seed_from_u64(23);
    let mut t = 0.0;
    let mut out = Vec::new();
    run(
        job,
        &mut rng,
        || {
            t += step;
            t
        },
        |r| out.push(r),
    );
    out
}

/// An HS256 token signed by jsonwebtoken (not by this crate) with `secret`.
fn hs256_token(secret: &str) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &serde_json::json!({ "sub": "alice", "admin": false }),
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

#[test]
fn the_worker_makes_a_2048_bit_rsa_key_that_signs_a_token_the_page_verifies() {
    let reports = reports_of(
        &Job::RsaKey {
            bits: MIN_MADE_RSA_BITS,
        },
        1.0,
    );
    assert_eq!(reports.len(), 1, "one report: the key");
    let Report::RsaKey { pem } = &reports[0] else {
        panic!("expected a key, got {:?}", reports[0]);
    };
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "{pem}");
    // The page reads it as it reads a pasted key, and signs with it.
    let key = SigningKey::from_text(Algorithm::RS256, pem, KeyEncoding::Utf8).unwrap();
    assert_eq!(key.describe(), "an RSA private key, 2048 bits");
    let SigningKey::Private { key, .. } = key else {
        panic!("a private key");
    };
    let public = key.public();
    let signed = jwt_playground::jwt::sign_with(
        Algorithm::PS256,
        r#"{"alg":"PS256"}"#,
        r#"{"sub":"alice"}"#,
        &SigningKey::Private {
            key: key.clone(),
            kid: None,
        },
        &mut ChaCha20Rng::seed_from_u64(1),
    )
    .unwrap();
    let (input, signature) = signed.token.rsplit_once('.').unwrap();
    let signature = jwt_playground::jwt::base64url::decode(signature).unwrap();
    assert!(public.verify(Algorithm::PS256, input.as_bytes(), &signature));
    assert!(!public.verify(Algorithm::PS256, b"another input", &signature));
}

#[test]
fn a_key_size_the_page_does_not_make_is_refused_with_a_sentence() {
    for bits in [0, 1024, 2047, 2049, 8192, usize::MAX] {
        let reports = reports_of(&Job::RsaKey { bits }, 1.0);
        match &reports[..] {
            [Report::Refused { why }] => assert!(why.contains("2048 to 4096 bits"), "{why}"),
            other => panic!("{bits} bits: {other:?}"),
        }
    }
}

#[test]
fn the_guesser_finds_a_listed_secret_and_says_how_many_it_tried() {
    let reports = reports_of(
        &Job::Guess {
            token: hs256_token("secret"),
        },
        1.0,
    );
    assert_eq!(
        reports.last(),
        Some(&Report::Guessing {
            status: CrackStatus::Found {
                secret: "secret".to_string(),
                tried: 1
            },
            // Two looks at the clock, a millisecond apart.
            ms: 1
        })
    );
}

#[test]
fn a_long_run_reports_its_progress_at_the_pace_of_its_clock_then_its_end() {
    // A secret on no list: every candidate is tried.
    let token = hs256_token("k8Q2-vTn4x-Lr7p-Zw1c-Yh6s-Jd3m-Ub5e");
    // The clock moves 30 ms at each look, so a report goes out every fourth look.
    let reports = reports_of(&Job::Guess { token }, 30.0);
    let total = Candidates::total();
    let (last, progress) = reports.split_last().unwrap();
    let Report::Guessing { status, ms: end } = last else {
        panic!("the end, got {last:?}");
    };
    assert_eq!(status, &CrackStatus::Exhausted { total });
    assert!(!progress.is_empty(), "progress was reported");
    let (mut before, mut before_ms) = (0, 0);
    for r in progress {
        let Report::Guessing {
            status: CrackStatus::Running { tried, total: t },
            ms,
        } = r
        else {
            panic!("progress, got {r:?}");
        };
        assert_eq!(*t, total);
        assert!(*tried > before && *tried < total, "{tried} after {before}");
        // The time it has been guessing, by its clock: at least the report interval more each time.
        assert!(
            *ms >= before_ms + PROGRESS_EVERY_MS as u64,
            "{ms} ms after {before_ms}"
        );
        (before, before_ms) = (*tried, *ms);
    }
    assert!(*end >= before_ms);
    // About one report per PROGRESS_EVERY_MS of clock: bounded by the looks.
    let looks = total.div_ceil(256);
    let most = (looks as f64 * 30.0 / PROGRESS_EVERY_MS).ceil() as usize + 1;
    assert!(
        progress.len() <= most,
        "{} reports, at most {most}",
        progress.len()
    );
}

#[test]
fn a_token_the_guesser_cannot_attack_gets_one_report_saying_why() {
    let rs256 = "eyJhbGciOiJSUzI1NiJ9.e30.c2ln";
    assert_eq!(
        reports_of(
            &Job::Guess {
                token: rs256.to_string()
            },
            1.0
        ),
        vec![Report::Guessing {
            status: CrackStatus::NotHmac,
            ms: 1
        }]
    );
    let huge = format!(
        "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
        "e".repeat(jwt_playground::jwt::guess::MAX_CRACK_INPUT)
    );
    assert!(matches!(
        reports_of(&Job::Guess { token: huge }, 1.0)[..],
        [Report::Guessing {
            status: CrackStatus::TooLarge { .. },
            ..
        }]
    ));
}

#[test]
fn the_messages_are_json_both_ways_and_the_start_scripts_failure_is_read() {
    let job = Envelope {
        job: 7,
        body: Job::RsaKey { bits: 2048 },
    };
    assert_eq!(
        job.to_json(),
        r#"{"job":7,"body":{"RsaKey":{"bits":2048}}}"#
    );
    assert_eq!(Envelope::<Job>::from_json(&job.to_json()), Some(job));
    // Exactly what assets/jwt-worker-start.js posts when the worker's code cannot be fetched.
    assert_eq!(
        Envelope::<Report>::from_json(r#"{"job":0,"body":{"Failed":{"why":"NetworkError"}}}"#),
        Some(Envelope {
            job: 0,
            body: Report::Failed {
                why: "NetworkError".to_string()
            }
        })
    );
    assert_eq!(
        Envelope::<Report>::from_json(r#"{"job":0,"body":"Ready"}"#).map(|e| e.body),
        Some(Report::Ready)
    );
    assert_eq!(Envelope::<Job>::from_json("not a job"), None);
}

proptest! {
    /// Whatever text reaches either side, reading it never panics.
    #[test]
    fn reading_any_message_never_panics(text in ".{0,200}") {
        let _ = Envelope::<Job>::from_json(&text);
        let _ = Envelope::<Report>::from_json(&text);
    }
}
