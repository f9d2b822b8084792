//! The teacher's kit (issue 24, items 4 and 5): `assets/teach.json`, read with
//! the same types the page uses, has two or three questions for every
//! scenario and every exercise, each with exactly one right answer and an
//! explanation, a ten-question quiz and two lesson plans whose steps add up
//! and link to guides that exist; and the progress code round-trips, is
//! flagged when altered, and garbage is refused with a sentence.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::base64url;
use jwt_playground::sim::exercise::EXERCISES;
use jwt_playground::sim::scenario::{Scenario, SCENARIOS};
use jwt_playground::sim::teach::{
    make_code, read_class, read_code, ClassLine, CodeError, Progress, TeachBook, MAX_CODES,
    TEACH_FILE,
};
use jwt_playground::sim::Weakness;
use std::collections::BTreeSet;

fn book() -> TeachBook {
    let path = format!("{}/assets/{TEACH_FILE}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    TeachBook::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_scenario_and_exercise_has_two_or_three_questions() {
    let book = book();
    assert_eq!(book.version, 1);
    let mut keys: Vec<String> = SCENARIOS
        .iter()
        .map(|s| format!("scenario-{}", s.id))
        .collect();
    assert!(keys.contains(&"scenario-jwt-httponly-cookie".to_string()));
    keys.extend(
        Weakness::ALL
            .iter()
            .map(|w| format!("attack-{}", w.as_str())),
    );
    assert_eq!(EXERCISES.len(), 17);
    for e in EXERCISES.iter() {
        assert!(keys.contains(&format!("attack-{}", e.id())));
    }
    for key in &keys {
        let g = book
            .guide(key)
            .unwrap_or_else(|| panic!("no questions for {key}"));
        assert!(
            (2..=3).contains(&g.questions.len()),
            "{key}: {} questions",
            g.questions.len()
        );
    }
    // Nothing in the file names a guide that is not there (or coming).
    for g in &book.guides {
        assert!(keys.contains(&g.guide), "{} is no guide", g.guide);
    }
    let names: Vec<&str> = book.guides.iter().map(|g| g.guide.as_str()).collect();
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "a guide twice");
}

#[test]
fn every_question_has_one_right_answer_and_an_explanation() {
    let book = book();
    assert_eq!(book.quiz.len(), 10, "the final quiz has ten questions");
    let mut ids = BTreeSet::new();
    for q in book.all_questions() {
        assert!(ids.insert(q.id.as_str()), "question id {} twice", q.id);
        assert!(!q.prompt.trim().is_empty(), "{}: no prompt", q.id);
        assert!(q.choices.len() >= 2, "{}: fewer than two choices", q.id);
        let right = q.choices.iter().filter(|c| c.correct).count();
        assert_eq!(right, 1, "{}: {right} right answers", q.id);
        assert!(q.explanation.trim().len() > 20, "{}: no explanation", q.id);
        assert!(q.choices.iter().all(|c| !c.text.trim().is_empty()));
        // Ids fit in a progress code.
        assert!(q.id.len() <= 64);
    }
}

#[test]
fn the_plans_add_up_and_link_to_real_guides() {
    let book = book();
    let ids: Vec<&str> = book.plans.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["45", "90"]);
    for plan in &book.plans {
        let total: u32 = plan.steps.iter().map(|s| s.minutes).sum();
        assert_eq!(total, plan.minutes, "plan {}", plan.id);
        for s in &plan.steps {
            let targets = [
                s.scenario.is_some(),
                s.exercise.is_some(),
                s.place.is_some(),
            ];
            assert_eq!(targets.iter().filter(|t| **t).count(), 1, "{}", s.title);
            if let Some(id) = &s.scenario {
                assert!(Scenario::of(id).is_some(), "no scenario {id}");
            }
            if let Some(name) = &s.exercise {
                assert!(Weakness::from_name(name).is_some(), "no exercise {name}");
            }
            for text in [&s.show, &s.ask, &s.answer] {
                assert!(!text.trim().is_empty(), "{}: an empty text", s.title);
            }
        }
    }
    let ninety = &book.plans[1];
    assert!(ninety.steps.iter().any(|s| s.exercise.is_some()));
    assert!(ninety.steps.iter().any(|s| s.place.is_some()));
    assert_eq!(
        book.comparison.first().map(|r| r[1].as_str()),
        Some("Cookie session")
    );
}

fn progress() -> Progress {
    Progress::new(
        "Ada Lovelace",
        1_765_000_000,
        vec!["session-login".into(), "tamper".into()],
        vec!["alg-none".into()],
        vec!["quiz-1".into(), "s-tamper-1".into()],
    )
    .unwrap()
}

#[test]
fn a_progress_code_round_trips() {
    let code = make_code(&progress()).unwrap();
    assert_eq!(code.split('.').count(), 3);
    let read = read_code(&code, 1_765_000_100).unwrap();
    assert!(read.verified, "{:?}", read.why);
    assert_eq!(read.progress, progress());
    // Pasted with others, blank lines and spaces around it.
    let report = read_class(&format!("\n  {code}  \n\n{code}\n"), 1_765_000_100);
    assert_eq!(report.lines.len(), 2);
    assert!(matches!(&report.lines[0], ClassLine::Code { line: 2, code } if code.verified));
}

#[test]
fn a_changed_code_is_read_and_flagged() {
    let code = make_code(&progress()).unwrap();
    let parts: Vec<&str> = code.split('.').collect();
    let mut more = progress();
    more.scenarios.push("key-pair".into());
    let payload = base64url::encode(serde_json::to_string(&more).unwrap().as_bytes());
    let forged = format!("{}.{payload}.{}", parts[0], parts[2]);
    let read = read_code(&forged, 1_765_000_100).unwrap();
    assert!(!read.verified);
    assert_eq!(
        read.progress.scenarios.len(),
        3,
        "decoding is not verifying"
    );
    assert!(read.why.unwrap().contains("signature"));
    // Signed with another key: flagged too.
    let other = jwt_playground::jwt::sign(
        jwt_playground::jwt::Algorithm::HS256,
        r#"{"alg":"HS256"}"#,
        &serde_json::to_string(&more).unwrap(),
        &jwt_playground::jwt::Key::from_text(
            "another key, 32 bytes or longer!!",
            Default::default(),
        )
        .unwrap(),
    )
    .unwrap();
    assert!(!read_code(&other.token, 0).unwrap().verified);
}

#[test]
fn garbage_is_refused_with_a_sentence() {
    let now = 1_765_000_100;
    let big = "a".repeat(10_000);
    let plain_jwt = jwt_playground::jwt::sign(
        jwt_playground::jwt::Algorithm::HS256,
        r#"{"alg":"HS256"}"#,
        r#"{"sub":"x"}"#,
        &jwt_playground::jwt::Key::from_text(
            "another key, 32 bytes or longer!!",
            Default::default(),
        )
        .unwrap(),
    )
    .unwrap()
    .token;
    for (line, want) in [
        ("hello", CodeError::NotAJwt),
        ("a.b", CodeError::NotAJwt),
        ("a.b.c.d", CodeError::NotAJwt),
        ("<script>alert(1)</script>.x.y", CodeError::NotAJwt),
        ("e30.e30.e30", CodeError::NotProgress),
        (plain_jwt.as_str(), CodeError::NotProgress),
        (big.as_str(), CodeError::TooLong),
    ] {
        assert_eq!(read_code(line, now).err(), Some(want.clone()), "{line:.40}");
        assert!(!want.to_string().is_empty());
    }
    // Too many ids in a list, or an empty name: not a code the page makes.
    let mut p = progress();
    p.questions = (0..300).map(|i| format!("q{i}")).collect();
    let payload = base64url::encode(serde_json::to_string(&p).unwrap().as_bytes());
    assert_eq!(
        read_code(&format!("e30.{payload}.e30"), now).err(),
        Some(CodeError::TooManyIds)
    );
    // A class paste: sentences for lines, a cap on how many are read.
    let report = read_class("nonsense\n\u{0}\u{ffff}\n", now);
    assert_eq!(report.lines.len(), 2);
    assert!(
        matches!(&report.lines[0], ClassLine::NotACode { line: 1, why } if why.contains("not a progress code"))
    );
    let many = "x\n".repeat(MAX_CODES + 5);
    let report = read_class(&many, now);
    assert_eq!((report.lines.len(), report.skipped), (MAX_CODES, 5));
    let huge = "x".repeat(2_000_000);
    let report = read_class(&huge, now);
    assert!(report.refused.is_some() && report.lines.is_empty());
}
