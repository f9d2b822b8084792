//! The browser: a cookie jar, the places a page can keep a token, and what a
//! script running in the page can read.
//!
//! The jar follows RFC 6265: `Max-Age` (section 5.2.2) on the simulated clock,
//! default and matching paths (section 5.1.4), `Secure` and `HttpOnly`
//! (sections 5.2.5, 5.2.6 and 5.3), and `SameSite` from RFC 6265bis. The page
//! lives at `https://app.example`, so its own requests are same-site and
//! secure; the SameSite data is kept for lessons about cross-site requests.

use super::http::TOKEN_COOKIE;
use super::http::{Method, Request, Response, SameSite, SetCookie, HOST};
use crate::jwt::display::thousands;
use std::fmt;

/// Most cookies kept at once (browsers keep at least 50 per domain, RFC 6265 section 6.1).
pub const MAX_COOKIES: usize = 50;

/// Largest cookie kept, name and value together. RFC 6265 section 6.1 asks
/// browsers to keep at least 4096 bytes per cookie, and that is what they keep:
/// a larger one is dropped without a word (Chrome, Firefox and Safari alike).
pub const MAX_COOKIE_BYTES: usize = 4096;

/// The largest token the page keeps, in bytes. Far above anything a server
/// reads (a request's headers over 16 KB are answered 431, see
/// [`super::server::MAX_HEADER_BYTES`]), so a megabyte token can still be
/// sent and refused; beyond it, the browser's own editing of the text field
/// takes seconds per keystroke, and the debugger is the place for it.
pub const MAX_PAGE_TOKEN_BYTES: usize = 1536 * 1024;

/// Why the browser did not keep or change a cookie (or the page its token).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CookieError {
    /// There is no cookie with this name to edit.
    NoSuchCookie { name: String },
    /// Name and value together would be over [`MAX_COOKIE_BYTES`].
    TooLarge { name: String, bytes: usize },
    /// Page script may neither create nor overwrite an `HttpOnly` cookie
    /// (RFC 6265 section 5.3 step 10).
    HttpOnly { name: String },
    /// A token over [`MAX_PAGE_TOKEN_BYTES`] typed or pasted into the page.
    PageTokenTooLarge { bytes: usize },
}

impl fmt::Display for CookieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CookieError::NoSuchCookie { name } => {
                write!(f, "There is no cookie called \"{name}\" in the jar.")
            }
            CookieError::TooLarge { name, bytes } => write!(
                f,
                "The browser refused to keep a {}-byte cookie \"{name}\": browsers keep at most {} bytes of name and value per cookie (RFC 6265 section 6.1), and silently drop a larger one. The cookie keeps its previous value, if it had one.",
                thousands(*bytes),
                thousands(MAX_COOKIE_BYTES)
            ),
            CookieError::HttpOnly { name } => write!(
                f,
                "Page script cannot write the HttpOnly cookie \"{name}\"."
            ),
            CookieError::PageTokenTooLarge { bytes } => write!(
                f,
                "Not taken: that text is {} bytes, and this playground's page holds a token of at most {} bytes (1.5 MB). No server reads one that large anyway: request headers over 16 KB are refused (431). The page keeps the token it had; for a huge token, the token debugger is the place.",
                thousands(*bytes),
                thousands(MAX_PAGE_TOKEN_BYTES)
            ),
        }
    }
}

impl std::error::Error for CookieError {}

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
}

/// Where the page keeps its JWT.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "kebab-case")]
pub enum TokenStorage {
    /// A JavaScript variable: gone when the page reloads.
    #[default]
    Memory,
    /// `localStorage`: survives reloads, readable by any script on the page.
    LocalStorage,
    /// A cookie the page script sets (so not `HttpOnly`); the browser sends it
    /// by itself with every request.
    Cookie,
}

impl TokenStorage {
    pub const ALL: [TokenStorage; 3] = [
        TokenStorage::Memory,
        TokenStorage::LocalStorage,
        TokenStorage::Cookie,
    ];

    /// `memory` / `local-storage` / `cookie` (stable values for the UI).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn from_str_value(value: &str) -> Option<TokenStorage> {
        value.parse().ok()
    }

    /// How the token travels: a header the page adds, or a cookie the browser adds.
    pub fn sent_as(self) -> &'static str {
        match self {
            TokenStorage::Memory | TokenStorage::LocalStorage => "Authorization: Bearer header",
            TokenStorage::Cookie => "Cookie header",
        }
    }
}

/// What a script running in the page (including an injected one) can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptView {
    /// `document.cookie`: every cookie except `HttpOnly` ones.
    pub document_cookie: String,
    /// Every `localStorage` entry.
    pub local_storage: Vec<(String, String)>,
    /// A token in a page variable. An injected script cannot always reach the
    /// variable, but it can send requests from the page, with the token attached.
    pub memory_token: Option<String>,
}

/// The key the page uses in `localStorage`.
pub const LOCAL_STORAGE_KEY: &str = "token";

/// The browser tab with the playground page open at `https://app.example`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Browser {
    pub jar: CookieJar,
    storage: TokenStorage,
    memory_token: Option<String>,
    local_storage: Vec<(String, String)>,
    /// The last cookie this browser refused to keep or change, until
    /// [`Browser::clear_refusal`].
    refusal: Option<CookieError>,
}

impl Browser {
    pub fn new(storage: TokenStorage) -> Browser {
        Browser {
            storage,
            ..Browser::default()
        }
    }

    pub fn storage(&self) -> TokenStorage {
        self.storage
    }

    /// The token the page holds, wherever it keeps it.
    pub fn token(&self) -> Option<String> {
        match self.storage {
            TokenStorage::Memory => self.memory_token.clone(),
            TokenStorage::LocalStorage => self
                .local_storage
                .iter()
                .find(|(k, _)| k == LOCAL_STORAGE_KEY)
                .map(|(_, v)| v.clone()),
            TokenStorage::Cookie => self.jar.get(TOKEN_COOKIE).map(|c| c.value.clone()),
        }
    }

    /// Set the token to exactly this text (the user edits it). An empty text
    /// means "no token". Returns whether the browser kept it (see
    /// [`Browser::store_token`]).
    pub fn set_token_text(&mut self, text: impl Into<String>, now: i64) -> bool {
        let text = text.into();
        if text.is_empty() {
            self.forget_token();
            true
        } else {
            self.store_token(text, now)
        }
    }

    /// The last cookie the browser refused to keep or change: the view says
    /// so ("the browser refused to keep a 5,000-byte cookie"), since a real
    /// browser drops it silently.
    pub fn last_refusal(&self) -> Option<&CookieError> {
        self.refusal.as_ref()
    }

    /// Refuse something the page was asked to keep, saying why.
    pub fn refuse(&mut self, why: CookieError) {
        self.refusal = Some(why);
    }

    /// Forget the last refusal (the world does so before each action).
    pub fn clear_refusal(&mut self) {
        self.refusal = None;
    }

    /// The page keeps a token where its storage setting says. `now` is used
    /// for the cookie's creation time. Returns whether it was kept: in a
    /// cookie, a token over [`MAX_COOKIE_BYTES`] is not (the old cookie, if
    /// any, stays), and [`Browser::last_refusal`] says why.
    pub fn store_token(&mut self, token: String, now: i64) -> bool {
        match self.storage {
            TokenStorage::Memory => self.memory_token = Some(token),
            TokenStorage::LocalStorage => {
                match self
                    .local_storage
                    .iter_mut()
                    .find(|(k, _)| k == LOCAL_STORAGE_KEY)
                {
                    Some(slot) => slot.1 = token,
                    None => self
                        .local_storage
                        .push((LOCAL_STORAGE_KEY.to_string(), token)),
                }
            }
            TokenStorage::Cookie => {
                // document.cookie = "token=...; Secure; SameSite=Lax; Path=/"
                let set = SetCookie {
                    name: TOKEN_COOKIE.to_string(),
                    value: token,
                    http_only: false,
                    secure: true,
                    same_site: Some(SameSite::Lax),
                    path: Some("/".to_string()),
                    max_age: None,
                };
                if let Err(refused) = self.jar.try_store(&set, "/", now, CookieSource::PageScript) {
                    self.refusal = Some(refused);
                    return false;
                }
            }
        }
        true
    }

    /// The page drops its token (logout, or the user clears it).
    pub fn forget_token(&mut self) {
        self.memory_token = None;
        self.local_storage.retain(|(k, _)| k != LOCAL_STORAGE_KEY);
        if self
            .jar
            .get(TOKEN_COOKIE)
            .is_some_and(|c| c.source == CookieSource::PageScript)
        {
            self.jar.remove(TOKEN_COOKIE);
        }
    }

    /// Move the token to another storage.
    pub fn set_storage(&mut self, storage: TokenStorage, now: i64) {
        if storage == self.storage {
            return;
        }
        let token = self.token();
        self.forget_token();
        self.storage = storage;
        if let Some(token) = token {
            // A token too large for a cookie is lost on the move, as it would
            // be in a page that copied it into document.cookie.
            self.store_token(token, now);
        }
    }

    /// Edit a cookie's value by hand. Returns false when there is no such
    /// cookie, or when the value would make it larger than
    /// [`MAX_COOKIE_BYTES`]: then the cookie keeps its value and
    /// [`Browser::last_refusal`] says why.
    pub fn edit_cookie(&mut self, name: &str, value: impl Into<String>) -> bool {
        match self.jar.try_edit_value(name, value) {
            Ok(()) => true,
            Err(refused) => {
                self.refusal = Some(refused);
                false
            }
        }
    }

    /// Reload the page: page variables are lost; localStorage and cookies stay.
    pub fn reload(&mut self) {
        self.memory_token = None;
    }

    /// Close the browser: session cookies (no `Max-Age`) and page variables go.
    pub fn close(&mut self) {
        self.memory_token = None;
        self.jar.cookies.retain(|c| c.expires_at.is_some());
    }

    /// Forget everything (start of a story), keeping the storage setting.
    pub fn clear(&mut self) {
        self.jar.clear();
        self.memory_token = None;
        self.local_storage.clear();
    }

    /// `localStorage` as page script sees it.
    pub fn local_storage(&self) -> &[(String, String)] {
        &self.local_storage
    }

    /// What any script running in the page can read.
    pub fn script_view(&self, now: i64) -> ScriptView {
        ScriptView {
            document_cookie: self.jar.script_visible(now),
            local_storage: self.local_storage.clone(),
            memory_token: self.memory_token.clone(),
        }
    }

    /// The request `fetch()` from the page sends: `Host`, a JSON body's headers,
    /// `Authorization: Bearer` when the token is kept in memory or
    /// localStorage, and the matching cookies.
    pub fn build_request(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        now: i64,
    ) -> Request {
        self.build_request_with(method, path, body, now, true)
    }

    /// [`Browser::build_request`], with the page script choosing whether to
    /// add its token as `Authorization: Bearer` (`bearer`). The browser adds
    /// matching cookies either way: script cannot stop that.
    pub fn build_request_with(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        now: i64,
        bearer: bool,
    ) -> Request {
        let mut request = Request::new(method, path).with_header("Host", HOST);
        if let Some(body) = body {
            request = request.with_json_body(body);
        }
        if bearer && self.storage != TokenStorage::Cookie {
            if let Some(token) = self.token() {
                // fetch() trims surrounding whitespace from header values.
                request = request.with_header("Authorization", format!("Bearer {}", token.trim()));
            }
        }
        if let Some(cookies) = self
            .jar
            .cookie_header(path, now, Initiator::Page, &request.method)
        {
            request = request.with_header("Cookie", cookies);
        }
        request
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
