//! Text helpers for showing untrusted token content to a person.
//!
//! A pasted token can hold anything: megabytes, or characters that change how
//! text is drawn. Bidirectional controls (Unicode UAX #9, the "Trojan Source"
//! attack, CVE-2021-42574) can make `"role":"user"` look like something else,
//! and zero-width characters hide differences between names. Code-review
//! tools show such characters as visible markers; so does this module. Long
//! values are cut to what a person can read, with their full length said.
//! Lengths of time are written for people ("2 h 5 min", "73 years"), never
//! as a raw count of seconds.

use std::borrow::Cow;

/// The bidirectional formatting characters of UAX #9: embeddings and
/// overrides (U+202A..U+202E), isolates (U+2066..U+2069), and the implicit
/// marks LRM, RLM and ALM.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Characters that draw as nothing (or move other text) and so are made
/// visible: the bidi controls, zero-width space and joiners, word joiner and
/// invisible operators, the byte-order mark, soft hyphen, and C0/C1 control
/// characters except line feed and tab.
pub fn is_invisible(c: char) -> bool {
    is_bidi_control(c)
        || matches!(
            c,
            '\u{200B}'..='\u{200D}'
                | '\u{2060}'..='\u{2064}'
                | '\u{FEFF}'
                | '\u{00AD}'
                | '\u{0000}'..='\u{0008}'
                | '\u{000B}'..='\u{001F}'
                | '\u{007F}'..='\u{009F}'
        )
}

/// How many bidirectional control characters `s` holds.
pub fn bidi_controls(s: &str) -> usize {
    s.chars().filter(|&c| is_bidi_control(c)).count()
}

/// `s` with every invisible character (see [`is_invisible`]) replaced by a
/// visible marker such as `⟨U+202E⟩`; borrowed when there is none.
pub fn reveal_controls(s: &str) -> Cow<'_, str> {
    let Some(first) = s.find(is_invisible) else {
        return Cow::Borrowed(s);
    };
    let (clean, rest) = s.split_at(first);
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(clean);
    for c in rest.chars() {
        if is_invisible(c) {
            out.push_str(&format!("⟨U+{:04X}⟩", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` unchanged when it has at most `max_chars` characters; otherwise its
/// first and last parts around ` … `, with the total, e.g.
/// `abc … xyz (12,345 characters)`. Never splits a character.
pub fn shorten(s: &str, max_chars: usize) -> Cow<'_, str> {
    // Cheap exit: a string of at most `max_chars` bytes has at most as many chars.
    if s.len() <= max_chars {
        return Cow::Borrowed(s);
    }
    let total = s.chars().count();
    if total <= max_chars {
        return Cow::Borrowed(s);
    }
    let head_chars = max_chars.div_ceil(2);
    let tail_chars = max_chars - head_chars;
    let head_end = s.char_indices().nth(head_chars).map_or(s.len(), |(i, _)| i);
    let tail_start = if tail_chars == 0 {
        s.len()
    } else {
        s.char_indices()
            .rev()
            .nth(tail_chars - 1)
            .map_or(head_end, |(i, _)| i)
    };
    let head = s.get(..head_end).unwrap_or_default();
    let tail = s.get(tail_start.max(head_end)..).unwrap_or_default();
    Cow::Owned(format!(
        "{head} … {tail} ({})",
        count(total, "character", "characters")
    ))
}

/// `n` with thousands separators: `12,345`.
pub fn thousands(n: usize) -> String {
    group_digits(&n.to_string())
}

/// A run of ASCII digits with a comma every three from the right.
fn group_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A size in whole kilobytes (1,024 bytes), rounded up: "1 KB", "6,423 KB".
pub fn kilobytes(bytes: usize) -> String {
    format!("{} KB", thousands(bytes.div_ceil(1024)))
}

/// "1 character", "0 characters", "12,345 characters".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `text` as a sentence: its first letter a capital, one full stop at the
/// end. ASCII only: `char::to_uppercase` would ship Unicode's case tables
/// (about 10 KB of wasm), and the page's own messages start with ASCII.
pub fn sentence(text: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_ascii_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// Lines with repeats counted rather than dropped: the first place of each
/// line is kept and a repeated one says how often, "Skipped a PEM block: … (3 times)".
/// A list shown by its text (one item per distinct line) would otherwise
/// hide that a warning came up more than once.
pub fn tally(lines: &[String]) -> Vec<String> {
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for line in lines {
        match seen.iter_mut().find(|(text, _)| *text == line.as_str()) {
            Some((_, n)) => *n += 1,
            None => seen.push((line, 1)),
        }
    }
    seen.into_iter()
        .map(|(text, n)| match n {
            1 => text.to_string(),
            n => format!("{text} ({} times)", thousands(n)),
        })
        .collect()
}

const MINUTE: f64 = 60.0;
const HOUR: f64 = 3600.0;
const DAY: f64 = 86_400.0;
/// A Julian year (365.25 days), the year astronomers count long spans in.
const YEAR: f64 = 31_557_600.0;
/// Beyond this many years a count means nothing to a reader (the universe
/// is about 1.4e10 years old), and an `f64` stops holding whole numbers.
const MAX_YEARS: f64 = 1.0e12;

/// A length of time for a person, from a number of seconds (its sign is
/// ignored): "0 s", "59 s", "3 min", "2 h 5 min", "1 day 4 h", "12 days",
/// "73 years", "1,000,000 years", and "more than a trillion years" beyond
/// that (also for an infinite or not-a-number value). Fractions of a second
/// are dropped. Never panics, whatever the input.
pub fn duration(seconds: f64) -> String {
    let s = seconds.abs();
    if s.is_nan() || s >= MAX_YEARS * YEAR {
        return "more than a trillion years".to_string();
    }
    if s >= 730.0 * DAY {
        // Below 1e12, so the u64 conversion is exact.
        return plural((s / YEAR).floor() as u64, "year", "years");
    }
    // Whole seconds below two years: the u64 conversion is exact.
    let s = s.floor() as u64;
    let (minute, hour, day) = (MINUTE as u64, HOUR as u64, DAY as u64);
    if s < minute {
        format!("{s} s")
    } else if s < hour {
        format!("{} min", s / minute)
    } else if s < day {
        match (s / hour, (s % hour) / minute) {
            (h, 0) => format!("{h} h"),
            (h, m) => format!("{h} h {m} min"),
        }
    } else if s < 7 * day {
        let days = plural(s / day, "day", "days");
        match (s % day) / hour {
            0 => days,
            h => format!("{days} {h} h"),
        }
    } else {
        plural(s / day, "day", "days")
    }
}

/// "1 day", "2 days", "1,000 years".
fn plural(n: u64, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        group_digits(&n.to_string()),
        if n == 1 { one } else { many }
    )
}

/// Where a moment lies from the clock's "now", in words: `future` or
/// `past` around the [`duration`], e.g. `relative(180.0, "expires in",
/// "expired", "ago")` is "expires in 3 min" and with -180.0 "expired 3 min
/// ago". Less than a second away counts as now: `at_now` is returned.
pub fn relative(delta_seconds: f64, future: &str, past: &str, at_now: &str) -> String {
    if delta_seconds.abs() < 1.0 {
        at_now.to_string()
    } else if delta_seconds > 0.0 {
        format!("{future} {}", duration(delta_seconds))
    } else {
        format!("{past} {} ago", duration(delta_seconds))
    }
}

/// The time a token has left before its `exp`: "2 h 5 min left"; when
/// `exp` is already past (accepted only thanks to leeway) "expired 3 s ago,
/// within the leeway".
pub fn time_left(seconds: f64) -> String {
    if seconds >= 1.0 {
        format!("{} left", duration(seconds))
    } else if seconds > -1.0 {
        "expires now, within the leeway".to_string()
    } else {
        format!("expired {} ago, within the leeway", duration(seconds))
    }
}

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    #[test]
    fn sentence_capitalises_and_ends_with_one_full_stop() {
        assert_eq!(
            sentence("the JWK cannot be read: bad."),
            "The JWK cannot be read: bad."
        );
        assert_eq!(sentence("ok"), "Ok.");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn tally_counts_repeated_lines_in_first_order() {
        let lines: Vec<String> = ["b", "a", "b", "b", "c"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(tally(&lines), ["b (3 times)", "a", "c"]);
        assert!(tally(&[]).is_empty());
    }

    use super::*;

    #[test]
    fn counts_bidi_controls() {
        assert_eq!(bidi_controls("plain"), 0);
        assert_eq!(bidi_controls("a\u{202E}b\u{2066}c\u{200F}\u{061C}"), 4);
        // Zero-width space is invisible but not a bidi control.
        assert_eq!(bidi_controls("a\u{200B}b"), 0);
    }

    #[test]
    fn reveals_invisible_characters() {
        assert!(matches!(reveal_controls("user"), Cow::Borrowed("user")));
        assert_eq!(reveal_controls("ad\u{202E}nim"), "ad⟨U+202E⟩nim");
        assert_eq!(
            reveal_controls("\u{FEFF}a\u{200B}\u{1}\u{7f}\u{85}"),
            "⟨U+FEFF⟩a⟨U+200B⟩⟨U+0001⟩⟨U+007F⟩⟨U+0085⟩"
        );
        // Line feed and tab stay as they are; carriage return is shown.
        assert_eq!(reveal_controls("a\nb\tc\rd"), "a\nb\tc⟨U+000D⟩d");
        assert_eq!(reveal_controls("é😀"), "é😀");
    }

    #[test]
    fn shortens_long_text_around_an_ellipsis() {
        assert!(matches!(shorten("short", 10), Cow::Borrowed("short")));
        // Ten characters, twenty bytes: not shortened at ten.
        assert!(matches!(shorten("éééééééééé", 10), Cow::Borrowed(_)));
        let long: String = "abc"
            .chars()
            .chain("x".repeat(12_339).chars())
            .chain("xyz".chars())
            .collect();
        assert_eq!(long.chars().count(), 12_345);
        assert_eq!(shorten(&long, 6), "abc … xyz (12,345 characters)");
        // Multi-byte characters are never split.
        let wide = "é".repeat(100);
        assert_eq!(shorten(&wide, 4), "éé … éé (100 characters)");
        assert_eq!(shorten(&wide, 1), "é …  (100 characters)");
        assert_eq!(shorten(&wide, 0), " …  (100 characters)");
    }

    #[test]
    fn durations_read_like_a_person_would_say_them() {
        assert_eq!(duration(0.0), "0 s");
        assert_eq!(duration(-0.0), "0 s");
        assert_eq!(duration(0.999), "0 s");
        assert_eq!(duration(59.9), "59 s");
        assert_eq!(duration(60.0), "1 min");
        assert_eq!(duration(180.0), "3 min");
        assert_eq!(duration(-180.0), "3 min");
        assert_eq!(duration(3600.0), "1 h");
        assert_eq!(duration(7500.0), "2 h 5 min");
        assert_eq!(duration(86_400.0), "1 day");
        assert_eq!(duration(86_400.0 + 4.0 * 3600.0), "1 day 4 h");
        assert_eq!(duration(3.0 * 86_400.0 + 59.0), "3 days");
        assert_eq!(duration(12.0 * 86_400.0 + 5.0 * 3600.0), "12 days");
        // 730 days is not yet two years of 365.25 days.
        assert_eq!(duration(730.0 * 86_400.0), "1 year");
        // The number the debugger used to print as "2305865886 s left".
        assert_eq!(duration(2_305_865_886.0), "73 years");
        assert_eq!(duration(1.0e6 * YEAR), "1,000,000 years");
        assert_eq!(duration(999_999_999_999.0 * YEAR), "999,999,999,999 years");
    }

    #[test]
    fn durations_never_panic_at_the_edges() {
        let huge = "more than a trillion years";
        for s in [
            1e308,
            -1e308,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ] {
            assert_eq!(duration(s), huge, "{s}");
        }
        // i64 extremes, as a clock minus a time claim would give them.
        assert_eq!(duration(i64::MAX as f64), "292,271,023,045 years");
        assert_eq!(duration(i64::MIN as f64), "292,271,023,045 years");
        assert_eq!(duration(f64::MIN_POSITIVE), "0 s");
        assert_eq!(
            relative(f64::NAN, "in", "was", "now"),
            "was more than a trillion years ago"
        );
        assert_eq!(
            time_left(-1e308),
            "expired more than a trillion years ago, within the leeway"
        );
        assert_eq!(time_left(f64::INFINITY), "more than a trillion years left");
    }

    #[test]
    fn times_relative_to_now() {
        assert_eq!(
            relative(180.0, "expires in", "expired", "expires now"),
            "expires in 3 min"
        );
        assert_eq!(
            relative(-180.0, "expires in", "expired", "expires now"),
            "expired 3 min ago"
        );
        assert_eq!(
            relative(0.5, "expires in", "expired", "expires now"),
            "expires now"
        );
        assert_eq!(
            relative(2_305_865_886.0, "expires in", "expired", "now"),
            "expires in 73 years"
        );
        assert_eq!(time_left(7500.0), "2 h 5 min left");
        assert_eq!(time_left(0.0), "expires now, within the leeway");
        assert_eq!(time_left(-5.0), "expired 5 s ago, within the leeway");
    }

    #[test]
    fn counts_read_right() {
        assert_eq!(count(1, "character", "characters"), "1 character");
        assert_eq!(count(0, "character", "characters"), "0 characters");
        assert_eq!(
            count(12_345, "character", "characters"),
            "12,345 characters"
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_048_576), "1,048,576");
    }
}
