//! The browser's cookie jar for the single site `app.example`.
//!
//! It follows RFC 6265: `Max-Age` (section 5.2.2) on the simulated clock,
//! default and matching paths (section 5.1.4), `Secure` and `HttpOnly`
//! (sections 5.2.5, 5.2.6 and 5.3), and `SameSite` from RFC 6265bis. The page
//! lives at `https://app.example`, so its own requests are same-site and
//! secure; the SameSite data is kept for lessons about cross-site requests.

use super::CookieError;
use crate::sim::http::{Method, Response, SameSite, SetCookie};

/// Most cookies kept at once (browsers keep at least 50 per domain, RFC 6265 section 6.1).
pub const MAX_COOKIES: usize = 50;

/// Largest cookie kept, name and value together. RFC 6265 section 6.1 asks
/// browsers to keep at least 4096 bytes per cookie, and that is what they keep:
/// a larger one is dropped without a word (Chrome, Firefox and Safari alike).
pub const MAX_COOKIE_BYTES: usize = 4096;

/// Bytes a cookie counts against [`MAX_COOKIE_BYTES`].
fn cookie_bytes(name: &str, value: &str) -> usize {
    name.len().saturating_add(value.len())
}

/// Who wrote a cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieSource {
    /// A `Set-Cookie` response header.
    Server,
    /// Page script, through `document.cookie`.
    PageScript,
}

/// One cookie in the jar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cookie {
    pub name: String,
    pub value: String,
    /// Hidden from page script.
    pub http_only: bool,
    /// Only sent over HTTPS.
    pub secure: bool,
    pub same_site: SameSite,
    pub path: String,
    /// `None`: a session cookie, kept until the browser closes.
    pub expires_at: Option<i64>,
    pub created_at: i64,
    pub source: CookieSource,
}

impl Cookie {
    pub fn is_expired(&self, now: i64) -> bool {
        self.expires_at.is_some_and(|t| now >= t)
    }

    /// Is it sent with a request from `initiator` for `method`? (RFC 6265bis section 5.8.3)
    pub fn sent_on(&self, initiator: Initiator, method: &Method) -> bool {
        match (initiator, self.same_site) {
            (Initiator::Page, _) => true,
            (_, SameSite::None) => true,
            (Initiator::CrossSiteNavigation, SameSite::Lax) => method.is_safe(),
            _ => false,
        }
    }
}

/// Where a request starts, for `SameSite`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Initiator {
    /// The playground page itself (same site).
    Page,
    /// A link on another site the user clicks (top-level navigation).
    CrossSiteNavigation,
    /// An image, form post or fetch from another site.
    CrossSiteSubresource,
}

/// RFC 6265 section 5.1.4: the directory of the request path.
pub fn default_path(request_path: &str) -> String {
    let path = request_path.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return "/".to_string();
    }
    match path.rfind('/') {
        Some(0) | None => "/".to_string(),
        Some(i) => path.get(..i).unwrap_or("/").to_string(),
    }
}

/// RFC 6265 section 5.1.4: does a cookie with `cookie_path` go to `request_path`?
pub fn path_matches(request_path: &str, cookie_path: &str) -> bool {
    let path = request_path.split(['?', '#']).next().unwrap_or_default();
    if path == cookie_path {
        return true;
    }
    match path.strip_prefix(cookie_path) {
        Some(rest) => cookie_path.ends_with('/') || rest.starts_with('/'),
        None => false,
    }
}

/// The browser's cookie store for the single site `app.example`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CookieJar {
    cookies: Vec<Cookie>,
}

impl CookieJar {
    pub fn new() -> CookieJar {
        CookieJar::default()
    }

    /// Every cookie, expired ones included until [`CookieJar::purge_expired`].
    pub fn cookies(&self) -> &[Cookie] {
        &self.cookies
    }

    pub fn get(&self, name: &str) -> Option<&Cookie> {
        self.cookies.iter().find(|c| c.name == name)
    }

    /// Store a cookie from a `Set-Cookie` header or from page script
    /// (RFC 6265 section 5.3). Returns whether the jar changed as asked.
    /// Page script can neither create an `HttpOnly` cookie nor overwrite one;
    /// a cookie over [`MAX_COOKIE_BYTES`] is not kept.
    pub fn store(
        &mut self,
        set: &SetCookie,
        request_path: &str,
        now: i64,
        source: CookieSource,
    ) -> bool {
        self.try_store(set, request_path, now, source).is_ok()
    }

    /// [`CookieJar::store`], saying why a cookie was not kept.
    pub fn try_store(
        &mut self,
        set: &SetCookie,
        request_path: &str,
        now: i64,
        source: CookieSource,
    ) -> Result<(), CookieError> {
        let refused_script = || CookieError::HttpOnly {
            name: set.name.clone(),
        };
        if source == CookieSource::PageScript && set.http_only {
            return Err(refused_script());
        }
        let bytes = cookie_bytes(&set.name, &set.value);
        if bytes > MAX_COOKIE_BYTES {
            return Err(CookieError::TooLarge {
                name: set.name.clone(),
                bytes,
            });
        }
        let path = match &set.path {
            Some(p) if p.starts_with('/') => p.clone(),
            _ => default_path(request_path),
        };
        let existing = self
            .cookies
            .iter()
            .position(|c| c.name == set.name && c.path == path);
        if let Some(i) = existing {
            if source == CookieSource::PageScript
                && self.cookies.get(i).is_some_and(|c| c.http_only)
            {
                return Err(refused_script());
            }
        }
        // Max-Age <= 0 deletes (RFC 6265 section 5.2.2 and 5.3 step 3).
        let expires_at = match set.max_age {
            Some(age) if age <= 0 => {
                if let Some(i) = existing {
                    self.cookies.remove(i);
                }
                return Ok(());
            }
            Some(age) => Some(now.saturating_add(age)),
            None => None,
        };
        let created_at = existing
            .and_then(|i| self.cookies.get(i))
            .map_or(now, |c| c.created_at);
        let cookie = Cookie {
            name: set.name.clone(),
            value: set.value.clone(),
            http_only: set.http_only,
            secure: set.secure,
            same_site: set.same_site.unwrap_or_default(),
            path,
            expires_at,
            created_at,
            source,
        };
        match existing.and_then(|i| self.cookies.get_mut(i)) {
            Some(slot) => *slot = cookie,
            None => {
                if self.cookies.len() >= MAX_COOKIES {
                    // Evict the oldest, as browsers do when a domain is full.
                    self.cookies.remove(0);
                }
                self.cookies.push(cookie);
            }
        }
        Ok(())
    }

    /// Apply every `Set-Cookie` of a response to a request for `request_path`.
    pub fn apply_response(&mut self, response: &Response, request_path: &str, now: i64) {
        for set in response.set_cookies() {
            self.store(&set, request_path, now, CookieSource::Server);
        }
    }

    /// Drop cookies whose time is up.
    pub fn purge_expired(&mut self, now: i64) {
        self.cookies.retain(|c| !c.is_expired(now));
    }

    /// Cookies that go with a request, longest path first, then oldest first
    /// (RFC 6265 section 5.4). The site is HTTPS, so `Secure` ones go too.
    pub fn matching(
        &self,
        request_path: &str,
        now: i64,
        initiator: Initiator,
        method: &Method,
    ) -> Vec<&Cookie> {
        let list: Vec<&Cookie> = self
            .cookies
            .iter()
            .filter(|c| !c.is_expired(now))
            .filter(|c| path_matches(request_path, &c.path))
            .filter(|c| c.sent_on(initiator, method))
            .collect();
        // RFC 6265 section 5.4 step 2: longer paths first, then older first.
        // An insertion sort: a jar holds a handful of cookies, and the
        // standard library's sort would add kilobytes to the wasm.
        let order = |a: &Cookie, b: &Cookie| {
            b.path
                .len()
                .cmp(&a.path.len())
                .then(a.created_at.cmp(&b.created_at))
        };
        let mut sorted: Vec<&Cookie> = Vec::with_capacity(list.len());
        for cookie in list {
            let at = sorted
                .iter()
                .position(|s| order(cookie, s) == std::cmp::Ordering::Less)
                .unwrap_or(sorted.len());
            sorted.insert(at, cookie);
        }
        sorted
    }

    /// The `Cookie:` header value for a request, if any cookie goes along.
    pub fn cookie_header(
        &self,
        request_path: &str,
        now: i64,
        initiator: Initiator,
        method: &Method,
    ) -> Option<String> {
        let list = self.matching(request_path, now, initiator, method);
        if list.is_empty() {
            return None;
        }
        Some(
            list.iter()
                .map(|c| format!("{}={}", c.name, c.value))
                .collect::<Vec<_>>()
                .join("; "),
        )
    }

    /// What `document.cookie` returns: no `HttpOnly` cookies.
    pub fn script_visible(&self, now: i64) -> String {
        self.cookies
            .iter()
            .filter(|c| !c.http_only && !c.is_expired(now))
            .map(|c| format!("{}={}", c.name, c.value))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Change a cookie's value by hand, as in DevTools (which can edit
    /// `HttpOnly` cookies too). Returns false when there is no such cookie or
    /// the new value would make it too large (see [`CookieJar::try_edit_value`]).
    pub fn edit_value(&mut self, name: &str, value: impl Into<String>) -> bool {
        self.try_edit_value(name, value).is_ok()
    }

    /// [`CookieJar::edit_value`], saying why not. A refused edit leaves the
    /// cookie as it was.
    pub fn try_edit_value(
        &mut self,
        name: &str,
        value: impl Into<String>,
    ) -> Result<(), CookieError> {
        let value = value.into();
        let Some(cookie) = self.cookies.iter_mut().find(|c| c.name == name) else {
            return Err(CookieError::NoSuchCookie {
                name: name.to_string(),
            });
        };
        let bytes = cookie_bytes(name, &value);
        if bytes > MAX_COOKIE_BYTES {
            return Err(CookieError::TooLarge {
                name: name.to_string(),
                bytes,
            });
        }
        cookie.value = value;
        Ok(())
    }

    /// Remove every cookie called `name`. Returns whether any was removed.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.cookies.len();
        self.cookies.retain(|c| c.name != name);
        self.cookies.len() != before
    }

    pub fn clear(&mut self) {
        self.cookies.clear();
    }

    /// What closing the browser does to the jar: session cookies (no
    /// `Max-Age`) go, the others stay until they expire.
    pub fn drop_session_cookies(&mut self) {
        self.cookies.retain(|c| c.expires_at.is_some());
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn paths_follow_rfc6265() {
        assert_eq!(default_path("/user/login"), "/user");
        assert_eq!(default_path("/x"), "/");
        assert_eq!(default_path("odd"), "/");
        assert!(path_matches("/api/profile", "/"));
        assert!(path_matches("/api/profile", "/api"));
        assert!(!path_matches("/apiary", "/api"));
        assert!(path_matches("/api/", "/api/"));
    }

    #[test]
    fn script_cannot_touch_http_only_cookies() {
        let mut jar = CookieJar::new();
        let mut sid = SetCookie::new("sid", "secret");
        sid.http_only = true;
        sid.path = Some("/".into());
        assert!(jar.store(&sid, "/", 0, CookieSource::Server));
        let forged = SetCookie {
            http_only: false,
            value: "evil".into(),
            ..sid.clone()
        };
        assert!(!jar.store(&forged, "/", 0, CookieSource::PageScript));
        assert!(!jar.store(&sid, "/", 0, CookieSource::PageScript));
        assert_eq!(jar.get("sid").unwrap().value, "secret");
        assert_eq!(jar.script_visible(0), "");
    }

    #[test]
    fn max_age_expires_on_the_clock_and_zero_deletes() {
        let mut jar = CookieJar::new();
        let mut c = SetCookie::new("a", "1");
        c.max_age = Some(10);
        jar.store(&c, "/", 100, CookieSource::Server);
        assert!(jar
            .cookie_header("/", 109, Initiator::Page, &Method::Get)
            .is_some());
        assert!(jar
            .cookie_header("/", 110, Initiator::Page, &Method::Get)
            .is_none());
        c.max_age = Some(0);
        jar.store(&c, "/", 100, CookieSource::Server);
        assert!(jar.cookies().is_empty());
    }

    #[test]
    fn same_site_rules_for_cross_site_requests() {
        let mut jar = CookieJar::new();
        for (name, s) in [
            ("s", SameSite::Strict),
            ("l", SameSite::Lax),
            ("n", SameSite::None),
        ] {
            let mut c = SetCookie::new(name, "v");
            c.same_site = Some(s);
            c.secure = true;
            jar.store(&c, "/", 0, CookieSource::Server);
        }
        let names = |init, m: Method| {
            jar.matching("/", 0, init, &m)
                .iter()
                .map(|c| c.name.clone())
                .collect::<Vec<_>>()
                .join(",")
        };
        assert_eq!(names(Initiator::Page, Method::Post), "s,l,n");
        assert_eq!(names(Initiator::CrossSiteNavigation, Method::Get), "l,n");
        assert_eq!(names(Initiator::CrossSiteNavigation, Method::Post), "n");
        assert_eq!(names(Initiator::CrossSiteSubresource, Method::Get), "n");
    }
}
