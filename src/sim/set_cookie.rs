//! A `Set-Cookie` header (RFC 6265 section 4.1, with `SameSite` from
//! RFC 6265bis): written by the servers, read by the browser's jar.

use std::fmt;

/// The `SameSite` cookie attribute (RFC 6265bis section 4.1.2.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SameSite {
    /// Sent only with requests that start on the same site.
    Strict,
    /// Also sent on top-level cross-site navigations with a safe method.
    /// What browsers assume when the attribute is missing.
    #[default]
    Lax,
    /// Sent with every request, cross-site too (needs `Secure`).
    None,
}

impl SameSite {
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
        }
    }

    /// Case-insensitive, as RFC 6265bis section 5.6.7 reads it.
    pub fn parse(value: &str) -> Option<SameSite> {
        let v = value.trim();
        if v.eq_ignore_ascii_case("strict") {
            Some(SameSite::Strict)
        } else if v.eq_ignore_ascii_case("lax") {
            Some(SameSite::Lax)
        } else if v.eq_ignore_ascii_case("none") {
            Some(SameSite::None)
        } else {
            None
        }
    }
}

/// One `Set-Cookie` header (RFC 6265 section 4.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetCookie {
    pub name: String,
    pub value: String,
    /// Page script (`document.cookie`) cannot read it.
    pub http_only: bool,
    /// Only sent over HTTPS.
    pub secure: bool,
    pub same_site: Option<SameSite>,
    pub path: Option<String>,
    /// Seconds to live; zero or less deletes the cookie (RFC 6265 section 5.2.2).
    /// `None` makes a "session cookie" that lives until the browser closes.
    pub max_age: Option<i64>,
}

impl SetCookie {
    /// A cookie with no attributes.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> SetCookie {
        SetCookie {
            name: name.into(),
            value: value.into(),
            http_only: false,
            secure: false,
            same_site: None,
            path: None,
            max_age: None,
        }
    }

    /// The header value: `sid=...; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=1800`.
    pub fn to_header_value(&self) -> String {
        let mut out = format!("{}={}", self.name, self.value);
        if self.http_only {
            out.push_str("; HttpOnly");
        }
        if self.secure {
            out.push_str("; Secure");
        }
        if let Some(same_site) = self.same_site {
            out.push_str("; SameSite=");
            out.push_str(same_site.as_str());
        }
        if let Some(path) = &self.path {
            out.push_str("; Path=");
            out.push_str(path);
        }
        if let Some(max_age) = self.max_age {
            out.push_str(&format!("; Max-Age={max_age}"));
        }
        out
    }

    /// Parse a `Set-Cookie` value the way a browser does (RFC 6265 section 5.2):
    /// `None` when there is no `=` in the first piece or the name is empty;
    /// unknown attributes and unparsable values are ignored.
    pub fn parse(text: &str) -> Option<SetCookie> {
        let mut pieces = text.split(';');
        let (name, value) = pieces.next()?.split_once('=')?;
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        let mut cookie = SetCookie::new(name, value.trim());
        for attribute in pieces {
            let (key, val) = match attribute.split_once('=') {
                Some((k, v)) => (k.trim(), v.trim()),
                None => (attribute.trim(), ""),
            };
            if key.eq_ignore_ascii_case("httponly") {
                cookie.http_only = true;
            } else if key.eq_ignore_ascii_case("secure") {
                cookie.secure = true;
            } else if key.eq_ignore_ascii_case("samesite") {
                cookie.same_site = SameSite::parse(val).or(cookie.same_site);
            } else if key.eq_ignore_ascii_case("path") {
                // RFC 6265 section 5.2.4: a path not starting with '/' means "default".
                cookie.path = val.starts_with('/').then(|| val.to_string());
            } else if key.eq_ignore_ascii_case("max-age") {
                // RFC 6265 section 5.2.2: digits with an optional leading '-'.
                let digits = val.strip_prefix('-').unwrap_or(val);
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    cookie.max_age = Some(val.parse::<i64>().unwrap_or(if val.starts_with('-') {
                        i64::MIN
                    } else {
                        i64::MAX
                    }));
                }
            }
        }
        Some(cookie)
    }
}

impl fmt::Display for SetCookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_header_value())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn set_cookie_round_trips() {
        let text = "sid=abc; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=1800";
        let cookie = SetCookie::parse(text).unwrap();
        assert!(cookie.http_only && cookie.secure);
        assert_eq!(cookie.same_site, Some(SameSite::Lax));
        assert_eq!(cookie.max_age, Some(1800));
        assert_eq!(cookie.to_header_value(), text);
    }

    #[test]
    fn set_cookie_parsing_is_forgiving_like_a_browser() {
        assert_eq!(SetCookie::parse("novalue"), None);
        assert_eq!(SetCookie::parse("=x"), None);
        let c = SetCookie::parse("a=b; max-age=12x; path=relative; SAMESITE=strict").unwrap();
        assert_eq!(c.max_age, None);
        assert_eq!(c.path, None);
        assert_eq!(c.same_site, Some(SameSite::Strict));
        let c = SetCookie::parse("a=; Max-Age=-5").unwrap();
        assert_eq!(c.max_age, Some(-5));
        let c = SetCookie::parse("a=b; Max-Age=99999999999999999999999").unwrap();
        assert_eq!(c.max_age, Some(i64::MAX));
    }
}
