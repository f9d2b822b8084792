//! The strict JSON reader (`jwt::json`) against `serde_json`, on random JSON
//! texts: values generated and written by `serde_json` (compact and pretty),
//! then randomly mutated so that many are no longer JSON.
//!
//! They must accept the same texts and, when both accept, read the same
//! value. The documented differences, where only ours refuses:
//! - duplicate member names (RFC 7515 section 5.2, RFC 7519 section 4);
//! - nesting deeper than `json::MAX_DEPTH` (64; serde_json stops at 128);
//!
//! and where only serde_json refuses: a number outside the range of an f64
//! (`1e400`). Ours keeps number text exactly, so it has no range to overflow.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jwt_playground::jwt::{Json, JsonErrorKind, MAX_DEPTH};
use proptest::prelude::*;
use serde_json::Value;

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        "[\\x00-\\x1f\"\\\\\u{7f}\u{2028}\u{d7ff}\u{e000}\u{1f600}a]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-c\u{e9}\"\\\\]{0,3}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A change to a text: delete, insert or replace at a position.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(prop::sample::Index),
    Insert(prop::sample::Index, &'static str),
    Replace(prop::sample::Index, &'static str),
}

const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    " ",
    "\n",
    "0",
    "1",
    "-",
    "+",
    ".",
    "e",
    "E",
    "00",
    "1e400",
    "-0",
    "true",
    "fals",
    "null",
    "\\u",
    "\\ud800",
    "\\udc00",
    "\\u0041",
    "\u{1}",
    "\u{7f}",
    "x",
    "\"a\":1,\"a\":2",
    "\t",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    let piece = prop::sample::select(PIECES);
    prop_oneof![
        any::<prop::sample::Index>().prop_map(Mutation::Delete),
        (any::<prop::sample::Index>(), piece.clone()).prop_map(|(i, p)| Mutation::Insert(i, p)),
        (any::<prop::sample::Index>(), piece).prop_map(|(i, p)| Mutation::Replace(i, p)),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for m in mutations {
        match m {
            Mutation::Delete(i) if !chars.is_empty() => {
                chars.remove(i.index(chars.len()));
            }
            Mutation::Insert(i, p) => {
                let at = i.index(chars.len() + 1);
                chars.splice(at..at, p.chars());
            }
            Mutation::Replace(i, p) if !chars.is_empty() => {
                let at = i.index(chars.len());
                chars.splice(at..=at, p.chars());
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// The comparison itself, with the documented exceptions.
fn agree(text: &str) -> Result<(), TestCaseError> {
    let ours = Json::parse(text);
    let theirs = serde_json::from_str::<Value>(text);
    match (&ours, &theirs) {
        (Ok(json), Ok(value)) => {
            // Our value, written by serde_json and read back by it, is theirs.
            let written = json.to_compact();
            let back: Value = serde_json::from_str(&written)
                .map_err(|e| TestCaseError::fail(format!("{written:?} unreadable: {e}")))?;
            prop_assert_eq!(&back, value, "text {:?}", text);
        }
        (Err(e), Ok(_)) => {
            let documented = matches!(
                e.kind,
                JsonErrorKind::DuplicateMember(_) | JsonErrorKind::TooDeep
            );
            prop_assert!(
                documented,
                "ours refuses, serde_json accepts: {:?} ({})",
                text,
                e
            );
        }
        (Ok(_), Err(e)) => {
            let out_of_range = e.to_string().contains("number out of range");
            prop_assert!(
                out_of_range,
                "ours accepts, serde_json refuses: {:?} ({})",
                text,
                e
            );
        }
        (Err(_), Err(_)) => {}
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(512)
    ))]

    #[test]
    fn generated_json_reads_the_same(value in value(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        prop_assert!(Json::parse(&text).is_ok(), "refused {:?}", text);
        agree(&text)?;
    }

    #[test]
    fn mutated_json_is_accepted_by_both_or_neither(
        value in value(),
        pretty in any::<bool>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        agree(&mutate(&text, &mutations))?;
    }

    /// Our writer's output is read by serde_json as the same value it reads
    /// from the original text. (Compared with the text's reading, not the
    /// generated value: serde_json's default float parser does not round-trip
    /// every f64 it writes, e.g. `9.934329731882681e-269`.)
    #[test]
    fn our_writer_is_read_back_by_serde_json(value in value()) {
        let text = serde_json::to_string(&value).unwrap();
        let ours = Json::parse(&text).unwrap();
        let expected: Value = serde_json::from_str(&text).unwrap();
        let pretty: Value = serde_json::from_str(&ours.to_pretty()).unwrap();
        let compact: Value = serde_json::from_str(&ours.to_compact()).unwrap();
        prop_assert_eq!(&pretty, &expected);
        prop_assert_eq!(&compact, &expected);
    }
}

/// The documented differences, each pinned.
#[test]
fn documented_differences() {
    let dup = r#"{"a":1,"a":2}"#;
    assert!(serde_json::from_str::<Value>(dup).is_ok());
    assert!(Json::parse(dup).is_err());

    let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert!(serde_json::from_str::<Value>(&deep).is_ok());
    assert!(Json::parse(&deep).is_err());
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(Json::parse(&ok).is_ok());

    assert!(serde_json::from_str::<Value>("1e400").is_err());
    assert_eq!(Json::parse("1e400").unwrap().to_compact(), "1e400");
}

/// Texts at the edges of the grammar both parsers must treat alike.
#[test]
fn edge_cases_agree() {
    for text in [
        "",
        " ",
        "0",
        "-0",
        "01",
        "1.",
        ".1",
        "1e",
        "1e+",
        "1E-2",
        "-",
        "--1",
        "+1",
        "1.5e308",
        "\"\\ud83d\\ude00\"",
        "\"\\ud83d\"",
        "\"\\ude00\"",
        "\"\\ud83d\\u0041\"",
        "\"\\u00\"",
        "\"\\x\"",
        "\"\u{7f}\"",
        "\"\u{1f}\"",
        "[1,]",
        "{\"a\":1,}",
        "[1 2]",
        "{\"a\" 1}",
        "{1:2}",
        "nul",
        "truee",
        "[] ",
        " []",
        "[]\u{a0}",
        "\u{feff}[]",
        "[\u{c}]",
        "\"\\/\"",
        "{}{}",
        "123456789012345678901234567890",
        "[-1e-400]",
    ] {
        agree(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
}
