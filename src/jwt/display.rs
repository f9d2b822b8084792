//! Text helpers for showing untrusted token content to a person.
//!
//! A pasted token can hold anything: megabytes, or characters that change how
//! text is drawn. Bidirectional controls (Unicode UAX #9, the "Trojan Source"
//! attack, CVE-2021-42574) can make `"role":"user"` look like something else,
//! and zero-width characters hide differences between names. Code-review
//! tools show such characters as visible markers; so does this module. Long
//! values are cut to what a person can read, with their full length said.

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
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// "1 character", "0 characters", "12,345 characters".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
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
