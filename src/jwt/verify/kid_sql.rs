//! The `kid-sql` weakness: a server that finds its HMAC key with SQL built
//! by pasting the token's `kid` into the query text,
//! `SELECT key FROM keys WHERE kid = '<kid>'`. No database here: a tiny
//! evaluator over a table of a few rows understands an exact lookup and the
//! two textbook injections, and calls anything else with a quote a syntax
//! error. It is total: any kid gives a query and an answer.

/// What the query did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Query {
    /// The query as the server ran it.
    pub text: String,
    /// The keys of the rows returned, in order; or why the database refused
    /// the query, in words.
    pub rows: Result<Vec<String>, &'static str>,
    /// The kid closed the query's string and rewrote the query.
    pub injected: bool,
}

/// Run `SELECT key FROM keys WHERE kid = '<kid>'` over `table`, rows of
/// (kid, key).
pub(super) fn run(table: &[(String, String)], kid: &str) -> Query {
    let text = format!("SELECT key FROM keys WHERE kid = '{kid}'");
    let matching = |value: &str| -> Vec<String> {
        table
            .iter()
            .filter(|(k, _)| k == value)
            .map(|(_, key)| key.clone())
            .collect()
    };
    // Without a quote the kid stays inside the string literal: a lookup.
    let Some((value, rest)) = kid.split_once('\'') else {
        return Query {
            text,
            rows: Ok(matching(kid)),
            injected: false,
        };
    };
    let rows = match injection(rest) {
        Some(Injection::Union(key)) => {
            let mut rows = matching(value);
            rows.push(key.to_string());
            Ok(rows)
        }
        Some(Injection::Always) => Ok(table.iter().map(|(_, key)| key.clone()).collect()),
        None => Err("a syntax error: the kid's quote ended the string early, and what follows is not SQL this database understands"),
    };
    Query {
        text,
        rows,
        injected: true,
    }
}

/// The two injections understood, after the quote that closes the kid.
enum Injection<'a> {
    /// `UNION SELECT '<text>'`: one more row, whose key is the text.
    Union(&'a str),
    /// `OR '1'='1`: a condition always true, so every row.
    Always,
}

/// What follows the kid's first quote: ` UNION SELECT '<text>' --...`
/// (or without the `'` and comment, which the query's own closing quote
/// completes), or ` OR '1'='1` (or `'1'='1' --...`). Keywords in any case.
fn injection(rest: &str) -> Option<Injection<'_>> {
    let ends_cleanly = |tail: &str| {
        let tail = tail.trim_start();
        tail.is_empty() || tail.starts_with("--")
    };
    if let Some(after) = keywords(rest, &["UNION", "SELECT"]) {
        let quoted = after.trim_start().strip_prefix('\'')?;
        return match quoted.split_once('\'') {
            Some((key, tail)) => ends_cleanly(tail).then_some(Injection::Union(key)),
            // The query's own closing quote ends the text.
            None => Some(Injection::Union(quoted)),
        };
    }
    let condition = keywords(rest, &["OR"])?.trim_start();
    let tail = condition.strip_prefix("'1'='1")?;
    (tail.is_empty() || tail.strip_prefix('\'').is_some_and(ends_cleanly))
        .then_some(Injection::Always)
}

/// `text` after these keywords (any case), each preceded by spaces and
/// followed by a space or a quote; `None` if they are not there.
fn keywords<'a>(text: &'a str, words: &[&str]) -> Option<&'a str> {
    let mut rest = text;
    for word in words {
        let trimmed = rest.trim_start();
        let head = trimmed.get(..word.len())?;
        if !head.eq_ignore_ascii_case(word) {
            return None;
        }
        rest = trimmed.get(word.len()..)?;
        if !rest.starts_with(|c: char| c.is_whitespace() || c == '\'') {
            return None;
        }
    }
    Some(rest)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn table() -> Vec<(String, String)> {
        vec![
            ("key-1".to_string(), "real-secret".to_string()),
            ("key-2".to_string(), "other-secret".to_string()),
        ]
    }

    #[test]
    fn a_plain_kid_is_looked_up() {
        let q = run(&table(), "key-2");
        assert_eq!(q.text, "SELECT key FROM keys WHERE kid = 'key-2'");
        assert_eq!(q.rows, Ok(vec!["other-secret".to_string()]));
        assert!(!q.injected);
        assert_eq!(run(&table(), "nope").rows, Ok(vec![]));
    }

    #[test]
    fn the_two_injections_are_understood() {
        let q = run(&table(), "x' UNION SELECT 'attacker' --");
        assert_eq!(
            q.text,
            "SELECT key FROM keys WHERE kid = 'x' UNION SELECT 'attacker' --'"
        );
        assert_eq!(q.rows, Ok(vec!["attacker".to_string()]));
        assert!(q.injected);
        assert_eq!(
            run(&table(), "x' union select 'a b'").rows,
            Ok(vec!["a b".to_string()])
        );
        assert_eq!(
            run(&table(), "key-1' UNION SELECT '' -- hi").rows,
            Ok(vec!["real-secret".to_string(), String::new()])
        );
        let all = Ok(vec!["real-secret".to_string(), "other-secret".to_string()]);
        assert_eq!(run(&table(), "' OR '1'='1").rows, all);
        assert_eq!(run(&table(), "zz' or '1'='1' --").rows, all);
    }

    #[test]
    fn anything_else_with_a_quote_is_a_syntax_error_and_nothing_panics() {
        for kid in [
            "'",
            "x'",
            "x' UNION",
            "x' UNION SELECT",
            "x' UNION SELECT 'a' b",
            "x' UNIONSELECT 'a'",
            "x' OR 1=1",
            "x' OR '1'='2",
            "x' DROP TABLE keys --",
            "é' ÜNION SELECT 'a'",
            "x'\u{0}",
        ] {
            assert!(run(&table(), kid).rows.is_err(), "{kid}");
        }
    }
}
