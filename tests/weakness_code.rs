//! The code behind each weakness (issue 25, item 2): `assets/weakness-code.json`,
//! read with the same types the page uses, covers every weakness of the attack
//! lab, each in the three libraries (or says why a library cannot make the
//! mistake), and its question's right answer is the line that lets the attack
//! through.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::sim::weakness_code::{CodeBook, Language, CODE_FILE};
use jwt_playground::sim::Weakness;
use std::collections::BTreeSet;

/// Every weakness name the lab has or is getting (issue 25).
const NAMES: [&str; 17] = [
    "alg-none",
    "alg-confusion",
    "weak-secret",
    "trust-jwk",
    "trust-jku",
    "kid-path",
    "no-exp",
    "xss",
    "no-httponly",
    "samesite-none",
    "no-verify",
    "psychic-ecdsa",
    "kid-sql",
    "exp-string",
    "no-aud",
    "denylist-by-string",
    "token-in-url",
];

fn book() -> CodeBook {
    let path = format!("{}/assets/{CODE_FILE}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    CodeBook::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_weakness_has_exactly_one_entry() {
    let book = book();
    assert_eq!(book.version, 1);
    let names: Vec<&str> = book.entries.iter().map(|e| e.weakness.as_str()).collect();
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "a name twice: {names:?}");
    for name in NAMES {
        assert!(book.entry(name).is_some(), "no entry for {name}");
    }
    // The switches this build has are all among them.
    for w in Weakness::ALL {
        assert!(NAMES.contains(&w.as_str()), "{w} is not in the list");
    }
    assert_eq!(
        names.len(),
        NAMES.len(),
        "an entry for an unknown name: {names:?}"
    );
}

#[test]
fn each_entry_covers_the_three_libraries_with_both_lines_or_a_note() {
    let book = book();
    for e in &book.entries {
        let name = &e.weakness;
        assert!(!e.summary.trim().is_empty(), "{name}: no summary");
        for lang in Language::REQUIRED {
            let count = e.libraries.iter().filter(|l| l.language == lang).count();
            assert_eq!(count, 1, "{name}: {} appears {count} times", lang.label());
        }
        for l in &e.libraries {
            assert!(
                !l.library.trim().is_empty(),
                "{name}: a library with no name"
            );
            let note = l
                .not_possible
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty());
            assert!(
                l.has_lines() || note,
                "{name} / {}: neither a vulnerable and a fixed line nor a note saying it is not possible",
                l.library
            );
            if l.has_lines() {
                assert_ne!(
                    l.vulnerable, l.fixed,
                    "{name} / {}: the fix changes nothing",
                    l.library
                );
            }
        }
        assert!(!e.references.is_empty(), "{name}: no reference");
        for r in &e.references {
            assert!(
                !r.title.trim().is_empty(),
                "{name}: a reference with no title"
            );
            if let Some(url) = &r.url {
                assert!(url.starts_with("https://"), "{name}: {url}");
            }
        }
    }
}

#[test]
fn each_question_has_one_right_answer_and_it_is_the_vulnerable_line() {
    let book = book();
    for e in &book.entries {
        let name = &e.weakness;
        let q = &e.question;
        assert!(!q.prompt.trim().is_empty(), "{name}: no prompt");
        assert!(
            (3..=4).contains(&q.options.len()),
            "{name}: {} options (3 or 4 wanted)",
            q.options.len()
        );
        let right: Vec<_> = q.options.iter().filter(|o| o.correct).collect();
        assert_eq!(right.len(), 1, "{name}: {} right answers", right.len());
        let codes: BTreeSet<&str> = q.options.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes.len(), q.options.len(), "{name}: two options alike");
        for o in &q.options {
            assert!(
                !o.why.trim().is_empty(),
                "{name}: an option without its explanation"
            );
        }
        // The snippet's library has both lines, and the right answer is its vulnerable one.
        let lib = e
            .question_library()
            .unwrap_or_else(|| panic!("{name}: the question names a library the entry lacks"));
        assert!(
            lib.has_lines(),
            "{name}: the question's library has no lines"
        );
        assert_eq!(
            Some(right[0].code.as_str()),
            lib.vulnerable.as_deref(),
            "{name}: the right answer is not the vulnerable line"
        );
        assert_eq!(
            e.answer().map(|o| o.code.as_str()),
            Some(right[0].code.as_str())
        );
        // No wrong option is the fix itself, so the answer reveals something new.
        for o in q.options.iter().filter(|o| !o.correct) {
            assert_ne!(
                Some(o.code.as_str()),
                lib.fixed.as_deref(),
                "{name}: a wrong option is the fix"
            );
        }
        // The page prints each explanation after only a mark (✓ or ✗): the
        // text itself says whether it is the one.
        for o in &q.options {
            let opening = if o.correct {
                "This is the one"
            } else {
                "Not this one"
            };
            assert!(o.why.starts_with(opening), "{name}: {}", o.why);
        }
    }
}

#[test]
fn the_page_only_needs_its_own_origin_for_the_file() {
    // Fetched relative to the page, from the same origin the CSP allows (connect-src 'self').
    assert!(!CODE_FILE.contains(':') && !CODE_FILE.starts_with('/'));
    let html =
        std::fs::read_to_string(format!("{}/index.html", env!("CARGO_MANIFEST_DIR"))).unwrap();
    assert!(
        html.contains(&format!("rel=\"copy-file\" href=\"assets/{CODE_FILE}\"")),
        "index.html does not copy assets/{CODE_FILE} into the site"
    );
}
