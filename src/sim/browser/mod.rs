//! The browser: a cookie jar ([`CookieJar`], in `cookies`), the places a page
//! can keep a token, and what a script running in the page can read.
//!
//! The page lives at `https://app.example`, so its own requests are same-site
//! and secure.

use super::http::TOKEN_COOKIE;
use super::http::{Method, Request, SameSite, SetCookie, HOST};
use crate::jwt::display::thousands;
use std::fmt;

mod cookies;
pub use cookies::{
    default_path, path_matches, Cookie, CookieJar, CookieSource, Initiator, MAX_COOKIES,
    MAX_COOKIE_BYTES,
};

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
    /// A cookie the server sets with `Set-Cookie` (`HttpOnly`, `Secure`,
    /// `SameSite`): the browser sends it by itself, and page script can
    /// neither read nor write it (RFC 6265 sections 4.1.2.6 and 5.3).
    #[strum(serialize = "httponly-cookie")]
    HttpOnlyCookie,
}

impl TokenStorage {
    pub const ALL: [TokenStorage; 4] = [
        TokenStorage::Memory,
        TokenStorage::LocalStorage,
        TokenStorage::Cookie,
        TokenStorage::HttpOnlyCookie,
    ];

    /// `memory` / `local-storage` / `cookie` / `httponly-cookie` (stable
    /// values for the UI).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn from_str_value(value: &str) -> Option<TokenStorage> {
        value.parse().ok()
    }

    /// Where the token is, in words, for a choice on screen.
    pub fn words(self) -> &'static str {
        match self {
            TokenStorage::Memory => "a JavaScript variable (memory)",
            TokenStorage::LocalStorage => "localStorage",
            TokenStorage::Cookie => "a cookie set by page script",
            TokenStorage::HttpOnlyCookie => "an HttpOnly cookie the server sets",
        }
    }

    /// How the token travels: a header the page adds, or a cookie the browser adds.
    pub fn sent_as(self) -> &'static str {
        match self {
            TokenStorage::Memory | TokenStorage::LocalStorage => "Authorization: Bearer header",
            TokenStorage::Cookie | TokenStorage::HttpOnlyCookie => "Cookie header",
        }
    }

    /// Is the token in a cookie, which the browser adds by itself (so a
    /// cross-site request may carry it, as `SameSite` allows)?
    pub fn in_cookie(self) -> bool {
        matches!(self, TokenStorage::Cookie | TokenStorage::HttpOnlyCookie)
    }

    /// Does the server deliver the token (`Set-Cookie`), rather than the page
    /// keeping what the login's body returned?
    pub fn server_delivers(self) -> bool {
        self == TokenStorage::HttpOnlyCookie
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
            TokenStorage::Cookie | TokenStorage::HttpOnlyCookie => {
                self.jar.get(TOKEN_COOKIE).map(|c| c.value.clone())
            }
        }
    }

    /// The token as page script can read it: none when it sits in an
    /// `HttpOnly` cookie (only the browser itself, and its developer tools,
    /// see that one).
    pub fn script_token(&self) -> Option<String> {
        match self.storage {
            TokenStorage::HttpOnlyCookie => None,
            _ => self.token(),
        }
    }

    /// Set the token to exactly this text (the user edits it). An empty text
    /// means "no token". Returns whether the browser kept it (see
    /// [`Browser::store_token`]).
    pub fn set_token_text(&mut self, text: impl Into<String>, now: i64) -> bool {
        let text = text.into();
        if text.is_empty() {
            self.forget_token();
            if self.storage == TokenStorage::HttpOnlyCookie {
                // The user deletes the cookie by hand (developer tools).
                self.jar.remove(TOKEN_COOKIE);
            }
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
            // Page script cannot write an HttpOnly cookie: this is the user
            // editing the jar by hand (developer tools), as a student does to
            // tamper with the token. With no cookie yet, it is added with the
            // flags the server would have set.
            TokenStorage::HttpOnlyCookie => {
                if self.jar.get(TOKEN_COOKIE).is_some() {
                    return self.edit_cookie(TOKEN_COOKIE, token);
                }
                let set = SetCookie {
                    name: TOKEN_COOKIE.to_string(),
                    value: token,
                    http_only: true,
                    secure: true,
                    same_site: Some(SameSite::Lax),
                    path: Some("/".to_string()),
                    max_age: None,
                };
                if let Err(refused) = self.jar.try_store(&set, "/", now, CookieSource::Server) {
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

    /// Move the token to another storage. Page script can neither read an
    /// `HttpOnly` cookie nor write one, so a move to or from
    /// [`TokenStorage::HttpOnlyCookie`] carries no token: the user logs in again.
    pub fn set_storage(&mut self, storage: TokenStorage, now: i64) {
        if storage == self.storage {
            return;
        }
        let token = self.script_token();
        self.forget_token();
        if self.jar.get(TOKEN_COOKIE).is_some_and(|c| c.http_only) {
            self.jar.remove(TOKEN_COOKIE);
        }
        self.storage = storage;
        let token = token.filter(|_| !storage.server_delivers());
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
        self.jar.drop_session_cookies();
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
        if bearer && !self.storage.in_cookie() {
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
