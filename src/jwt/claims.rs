//! The registered claims of RFC 7519 section 4.1 in plain words, and
//! NumericDate values (seconds since 1970-01-01T00:00:00Z, RFC 7519 section 2)
//! rendered as UTC dates and as time relative to the clock.

use std::borrow::Cow;

use super::display::{bidi_controls, reveal_controls};
use super::json::Json;

/// What a registered claim means, in a sentence; `None` for private claims.
pub fn meaning(name: &str) -> Option<&'static str> {
    Some(match name {
        "iss" => "Issuer: who made and signed this token.",
        "sub" => "Subject: who the token is about, usually a user id.",
        "aud" => "Audience: which services should accept it; others must refuse it.",
        "exp" => "Expiration time: refuse the token from this moment on.",
        "nbf" => "Not before: refuse the token until this moment.",
        "iat" => "Issued at: when the token was made.",
        "jti" => "JWT ID: a unique id, so one token can be told apart or blocked.",
        "name" => "Display name (a private claim, not registered by RFC 7519).",
        "role" => "Role used for authorization (a private claim): the server trusts it only because the signature is valid.",
        _ => return None,
    })
}

/// One claim ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimView {
    /// The name, with invisible characters shown as `⟨U+202E⟩` markers.
    pub name: String,
    /// The value as compact JSON, numbers exactly as written, invisible
    /// characters shown as markers.
    pub value: String,
    /// How many bidirectional control characters the name and value hold
    /// (a warning sign: they can make text read differently than it is).
    pub bidi: usize,
    pub meaning: Option<&'static str>,
    /// For time claims: the UTC date and how far from now.
    pub time: Option<String>,
}

/// Every top-level claim, in token order, explained.
pub fn claim_views(claims: &Json, now: i64) -> Vec<ClaimView> {
    let Json::Object(members) = claims else {
        return Vec::new();
    };
    members
        .iter()
        .map(|(name, value)| {
            let compact = value.to_compact();
            let bidi = bidi_controls(name) + bidi_controls(&compact);
            // Only a value with something to reveal is copied.
            let shown = match reveal_controls(&compact) {
                Cow::Owned(revealed) => revealed,
                Cow::Borrowed(_) => compact,
            };
            ClaimView {
                name: reveal_controls(name).into_owned(),
                bidi,
                value: shown,
                meaning: meaning(name),
                time: match name.as_str() {
                    "exp" | "nbf" | "iat" => value.as_f64().map(|t| describe_time(name, t, now)),
                    _ => None,
                },
            }
        })
        .collect()
}

fn describe_time(claim: &str, t: f64, now: i64) -> String {
    use super::display::relative;
    let date = format_utc(t);
    let delta = t - now as f64;
    let relative = match claim {
        "exp" => relative(delta, "expires in", "expired", "expires now"),
        "nbf" => relative(
            delta,
            "becomes valid in",
            "valid since",
            "becomes valid now",
        ),
        _ => relative(delta, "in", "", "now"),
    };
    format!("{date} ({})", relative.trim_start())
}

/// A length of time in words (see [`super::display::duration`]): "3 min",
/// "2 h 5 min", "1 day", "12 days", "73 years".
pub fn human_span(seconds: f64) -> String {
    super::display::duration(seconds)
}

/// A JSON number for messages, without the float-printing machinery of
/// `f64`'s `Display` (about 10 KB of wasm): whole numbers exactly (up to
/// 10^38), others rounded to three decimals; beyond that, a description.
pub fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return "not a finite number".to_string();
    }
    if n.fract() == 0.0 && n.abs() < 1.0e38 {
        // Exact: every f64 of this size is a whole number that fits an i128.
        return (n as i128).to_string();
    }
    if n.abs() < 1.0e15 {
        let millis = (n * 1000.0).round() as i64;
        let m = millis.unsigned_abs();
        let sign = if millis < 0 { "-" } else { "" };
        let text = format!("{sign}{}.{:03}", m / 1000, m % 1000);
        return text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if n < 0.0 {
        "a number of -10^38 or less".to_string()
    } else {
        "a number of 10^38 or more".to_string()
    }
}

/// `2011-03-22 18:43:00 UTC` for NumericDate `t`. Fractions of a second are
/// dropped; dates beyond year ±100000 are reported as out of range.
pub fn format_utc(t: f64) -> String {
    if !t.is_finite() || t.abs() > 3.0e15 {
        return "out of the calendar's range".to_string();
    }
    let secs = t.floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn number_text_without_float_display() {
        assert_eq!(number_text(1_700_000_000.0), "1700000000");
        assert_eq!(number_text(-5.0), "-5");
        assert_eq!(number_text(1.5), "1.5");
        assert_eq!(number_text(-0.25), "-0.25");
        assert_eq!(number_text(2.0004), "2");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(number_text(1e300), "a number of 10^38 or more");
        // The sign is kept: exp = -1e308 is far in the past, not the future.
        assert_eq!(number_text(-1e308), "a number of -10^38 or less");
        assert_eq!(number_text(f64::NAN), "not a finite number");
        assert_eq!(human_span(3.0 * 3600.0 + 120.0), "3 h 2 min");
        assert_eq!(human_span(59.9), "59 s");
        assert_eq!(human_span(1.0), "1 s");
        assert_eq!(human_span(60.0), "1 min");
        assert_eq!(human_span(3600.0), "1 h");
        assert_eq!(human_span(86_400.0), "1 day");
        assert_eq!(human_span(2.0 * 86_400.0), "2 days");
        // 730 days is not yet two years of 365.25 days.
        assert_eq!(human_span(730.0 * 86_400.0), "1 year");
        assert_eq!(human_span(1e300), "more than a trillion years");
        assert_eq!(human_span(f64::INFINITY), "more than a trillion years");
        assert_eq!(number_text(f64::INFINITY), "not a finite number");
        assert_eq!(number_text(f64::NEG_INFINITY), "not a finite number");
    }

    #[test]
    fn known_dates() {
        // RFC 7519 section 3.1's exp, and the epoch.
        assert_eq!(format_utc(1_300_819_380.0), "2011-03-22 18:43:00 UTC");
        assert_eq!(format_utc(0.0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_utc(-1.0), "1969-12-31 23:59:59 UTC");
        assert_eq!(format_utc(951_782_400.0), "2000-02-29 00:00:00 UTC");
        assert_eq!(format_utc(f64::INFINITY), "out of the calendar's range");
    }

    #[test]
    fn relative_times() {
        assert_eq!(
            describe_time("exp", 1000.0, 820),
            "1970-01-01 00:16:40 UTC (expires in 3 min)"
        );
        assert!(describe_time("exp", 1000.0, 1180).ends_with("(expired 3 min ago)"));
        assert!(describe_time("iat", 1000.0, 1180).ends_with("(3 min ago)"));
        assert!(describe_time("iat", 1180.0, 1000).ends_with("(in 3 min)"));
        assert!(describe_time("nbf", 1000.0, 1000).ends_with("(becomes valid now)"));
        assert!(describe_time("exp", 2_305_865_886.0 + 1e9, 1_000_000_000)
            .ends_with("(expires in 73 years)"));
        assert!(describe_time("exp", -1e308, i64::MAX)
            .ends_with("(expired more than a trillion years ago)"));
        assert_eq!(human_span(7500.0), "2 h 5 min");
    }

    #[test]
    fn bidi_controls_are_counted_and_shown() {
        let Ok(claims) = Json::parse(r#"{"ro\u200ble":"user\u202e\u2066nimda","sub":"x"}"#) else {
            panic!("parse")
        };
        let views = claim_views(&claims, 0);
        assert_eq!(views[0].name, "ro⟨U+200B⟩le");
        assert_eq!(views[0].value, "\"user⟨U+202E⟩⟨U+2066⟩nimda\"");
        assert_eq!(views[0].bidi, 2);
        assert_eq!(views[1].bidi, 0);
        assert_eq!(views[1].value, "\"x\"");
    }

    #[test]
    fn big_integers_are_kept_exactly() {
        let Ok(claims) = Json::parse(r#"{"sub":"x","id":12345678901234567890}"#) else {
            panic!("parse")
        };
        let views = claim_views(&claims, 0);
        assert_eq!(
            views.get(1).map(|v| v.value.as_str()),
            Some("12345678901234567890")
        );
    }
}
