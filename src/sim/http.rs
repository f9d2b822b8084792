//! HTTP/1.1 messages as plain data: what a student sees in the browser's
//! DevTools network panel, without any real network.
//!
//! - Message syntax: RFC 9112 (request line, status line, header fields).
//! - Header names are case-insensitive (RFC 9110 section 5.1); field values may
//!   not contain CR, LF or NUL (RFC 9110 section 5.5).
//! - Cookies: the `Cookie` request header and the `Set-Cookie` response header
//!   of RFC 6265 (sections 4.1, 4.2 and the parsing rules of 5.2).

use crate::jwt::Json;
use std::fmt;

/// The simulated site. The page is served from `https://app.example`.
pub const HOST: &str = "app.example";
/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "sid";
/// Name of the cookie a page may keep its JWT in.
pub const TOKEN_COOKIE: &str = "token";
/// The request header with which the page asks the login (and a refresh) to
/// deliver the access token as an `HttpOnly` cookie rather than in the JSON
/// body. A custom header only a page of the same origin can send without a
/// CORS preflight; the token never reaches page script.
pub const TOKEN_DELIVERY_HEADER: &str = "Token-Delivery";
/// The query parameter a token is sent in when it travels in the URL
/// (RFC 6750 section 2.3; the `token-in-url` weakness).
pub const QUERY_TOKEN: &str = "access_token";
/// Who issues the app's tokens (`iss` of the ID tokens it signs).
pub const ISSUER_URL: &str = "https://app.example";
/// The API's own audience: the app's access tokens carry it in `aud`, and
/// the strict server refuses any token that does not (RFC 8725 section 3.9).
pub const API_AUDIENCE: &str = "https://app.example/api";
/// The header's `typ` of the app's access tokens (RFC 9068 section 2.1),
/// required by the strict server (RFC 8725 section 3.11).
pub const ACCESS_TOKEN_TYP: &str = "at+jwt";
/// Another service that signs its users in with the same issuer.
pub const REPORTS_HOST: &str = "reports.example";
/// The audience of the ID tokens the issuer makes for it.
pub const REPORTS_AUDIENCE: &str = "https://reports.example";

pub use super::set_cookie::{SameSite, SetCookie};

/// A request method (RFC 9110 section 9). Methods are case-sensitive, so
/// `get` is not `GET`: it is kept as [`Method::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
    Patch,
    Head,
    Options,
    /// Anything else, exactly as written.
    Other(String),
}

impl Method {
    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Other(m) => m,
        }
    }

    /// Parse a method name, case-sensitively (RFC 9110 section 9.1).
    pub fn from_name(name: &str) -> Method {
        match name {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "DELETE" => Method::Delete,
            "PATCH" => Method::Patch,
            "HEAD" => Method::Head,
            "OPTIONS" => Method::Options,
            other => Method::Other(other.to_string()),
        }
    }

    /// Safe methods only read (RFC 9110 section 9.2.1); `SameSite=Lax`
    /// cookies go along on cross-site navigations only for these.
    pub fn is_safe(&self) -> bool {
        matches!(self, Method::Get | Method::Head | Method::Options)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Headers in the order they were written; names keep their spelling.
pub type Headers = Vec<(String, String)>;

/// The first value of header `name`, compared case-insensitively.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Every value of header `name`, in order.
pub fn header_all<'a>(headers: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect()
}

/// Split a `Cookie:` header value into `(name, value)` pairs
/// (RFC 6265 section 4.2.1: `name=value` pairs separated by `; `).
/// Pieces without `=` are skipped, as most servers do.
pub fn parse_cookie_header(value: &str) -> Vec<(String, String)> {
    value
        .split(';')
        .filter_map(|piece| {
            let (name, value) = piece.split_once('=')?;
            let name = name.trim();
            if name.is_empty() {
                return None;
            }
            Some((name.to_string(), value.trim().to_string()))
        })
        .collect()
}

/// The reason phrase that goes with a status code (RFC 9110 section 15).
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// An HTTP request as data.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Request {
    pub method: Method,
    /// The request target, e.g. `/api/profile` or `/api/profile?x=1`.
    pub path: String,
    pub headers: Headers,
    pub body: Option<String>,
}

/// The first value of `name` in the query string of `url` (a path or a
/// whole address), decoded (`application/x-www-form-urlencoded`).
pub fn query_param_of(url: &str, name: &str) -> Option<String> {
    let start = url.find('?')?;
    let query = url.get(start + 1..)?;
    let query = query.split('#').next().unwrap_or_default();
    form_urlencoded::parse(query.as_bytes())
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.into_owned())
}

impl Request {
    /// A bare request: no headers, no body (what `curl` would send, minus `Host`).
    pub fn new(method: Method, path: impl Into<String>) -> Request {
        Request {
            method,
            path: path.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// `GET path` with `Host: app.example`.
    pub fn get(path: impl Into<String>) -> Request {
        Request::new(Method::Get, path).with_header("Host", HOST)
    }

    /// `POST path` with `Host`, a JSON body and its `Content-Type`/`Content-Length`.
    pub fn post_json(path: impl Into<String>, body: impl Into<String>) -> Request {
        Request::new(Method::Post, path)
            .with_header("Host", HOST)
            .with_json_body(body)
    }

    /// Add `name=value` to the query string, encoded
    /// (`application/x-www-form-urlencoded`).
    pub fn with_query_param(mut self, name: &str, value: &str) -> Request {
        let pair = form_urlencoded::Serializer::new(String::new())
            .append_pair(name, value)
            .finish();
        let (before, fragment) = match self.path.find('#') {
            Some(i) => self.path.split_at(i),
            None => (self.path.as_str(), ""),
        };
        let joiner = if before.contains('?') { '&' } else { '?' };
        self.path = format!("{before}{joiner}{pair}{fragment}");
        self
    }

    /// Add a header at the end.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Request {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Set a JSON body and the headers that describe it.
    pub fn with_json_body(mut self, body: impl Into<String>) -> Request {
        let body = body.into();
        self.headers
            .push(("Content-Type".to_string(), "application/json".to_string()));
        self.headers
            .push(("Content-Length".to_string(), body.len().to_string()));
        self.body = Some(body);
        self
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// All cookies sent, from every `Cookie` header, in order.
    pub fn cookies(&self) -> Vec<(String, String)> {
        header_all(&self.headers, "Cookie")
            .into_iter()
            .flat_map(parse_cookie_header)
            .collect()
    }

    /// The value of the first cookie called `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// The path without its query string or fragment: what routes match on.
    pub fn route_path(&self) -> &str {
        let end = self.path.find(['?', '#']).unwrap_or(self.path.len());
        self.path.get(..end).unwrap_or(&self.path)
    }

    /// The first value of `name` in the query string, decoded
    /// (`application/x-www-form-urlencoded`).
    pub fn query_param(&self, name: &str) -> Option<String> {
        query_param_of(&self.path, name)
    }

    /// The request as raw HTTP/1.1 text, as DevTools shows it ("view source").
    /// Lines end with `\n` for display; on the wire they end with CR LF.
    pub fn to_http_text(&self) -> String {
        let mut out = format!("{} {} HTTP/1.1\n", self.method, self.path);
        write_fields(&mut out, &self.headers, self.body.as_deref());
        out
    }
}

/// An HTTP response as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Headers,
    pub body: String,
}

impl Response {
    /// A response with a JSON body and its `Content-Type`/`Content-Length`.
    pub fn json(status: u16, body: &Json) -> Response {
        let body = body.to_compact();
        Response {
            status,
            headers: vec![
                ("Content-Type".to_string(), "application/json".to_string()),
                ("Content-Length".to_string(), body.len().to_string()),
            ],
            body,
        }
    }

    /// A response with an HTML page as its body.
    pub fn html(status: u16, page: &str) -> Response {
        Response {
            status,
            headers: vec![
                (
                    "Content-Type".to_string(),
                    "text/html; charset=utf-8".to_string(),
                ),
                ("Content-Length".to_string(), page.len().to_string()),
            ],
            body: page.to_string(),
        }
    }

    /// `{"error": message}` with the given status.
    pub fn error(status: u16, message: impl Into<String>) -> Response {
        Response::json(status, &Json::object([("error", Json::string(message))]))
    }

    /// Add a header at the end.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// Every `Set-Cookie` header that parses (RFC 6265 section 5.2 ignores the rest).
    pub fn set_cookies(&self) -> Vec<SetCookie> {
        header_all(&self.headers, "Set-Cookie")
            .into_iter()
            .filter_map(SetCookie::parse)
            .collect()
    }

    /// The body parsed as JSON, if it is JSON (a `serde_json` value, for tests
    /// and tools; the simulation itself reads bodies with [`Json`]).
    pub fn json_body(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }

    /// The string member `name` of a JSON object body.
    pub fn body_string(&self, name: &str) -> Option<String> {
        Json::parse(&self.body)
            .ok()?
            .get(name)?
            .as_str()
            .map(str::to_string)
    }

    /// The `"error"` member of a JSON body.
    pub fn error_message(&self) -> Option<String> {
        self.body_string("error")
    }

    pub fn reason(&self) -> &'static str {
        reason_phrase(self.status)
    }

    /// The response as raw HTTP/1.1 text (`HTTP/1.1 401 Unauthorized` ...).
    pub fn to_http_text(&self) -> String {
        let mut out = format!("HTTP/1.1 {}", self.status);
        let reason = self.reason();
        if !reason.is_empty() {
            out.push(' ');
            out.push_str(reason);
        }
        out.push('\n');
        let body = (!self.body.is_empty()).then_some(self.body.as_str());
        write_fields(&mut out, &self.headers, body);
        out
    }
}

fn write_fields(out: &mut String, headers: &[(String, String)], body: Option<&str>) {
    for (name, value) in headers {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push('\n');
    }
    out.push('\n');
    if let Some(body) = body {
        out.push_str(body);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn a_query_parameter_is_written_encoded_and_read_back() {
        let token = "a.b+c/d=e&f";
        let r = Request::get("/api/profile").with_query_param("access_token", token);
        assert_eq!(r.path, "/api/profile?access_token=a.b%2Bc%2Fd%3De%26f");
        assert_eq!(r.route_path(), "/api/profile");
        assert_eq!(r.query_param("access_token").as_deref(), Some(token));
        let r = Request::get("/x?y=1#frag").with_query_param("access_token", "t");
        assert_eq!(r.path, "/x?y=1&access_token=t#frag");
        assert_eq!(r.query_param("access_token").as_deref(), Some("t"));
        assert_eq!(Request::get("/x").query_param("access_token"), None);
    }

    #[test]
    fn cookie_header_and_case_insensitive_headers() {
        let r = Request::get("/api/profile?x=1")
            .with_header("cookie", "sid=abc; lb=server-2;junk; =x")
            .with_header("COOKIE", "more=1");
        assert_eq!(r.route_path(), "/api/profile");
        assert_eq!(r.cookie("lb").as_deref(), Some("server-2"));
        assert_eq!(r.cookies().len(), 3);
        assert_eq!(r.header("host"), Some(HOST));
    }

    #[test]
    fn http_text_has_request_and_status_lines() {
        let r = Request::post_json("/user/login", "{}");
        assert_eq!(
            r.to_http_text(),
            "POST /user/login HTTP/1.1\nHost: app.example\nContent-Type: application/json\nContent-Length: 2\n\n{}"
        );
        let resp = Response::error(401, "no");
        assert!(resp
            .to_http_text()
            .starts_with("HTTP/1.1 401 Unauthorized\nContent-Type: application/json\n"));
        assert!(resp.to_http_text().ends_with("\n\n{\"error\":\"no\"}"));
    }
}
