//! What an HTTP server refuses before any handler runs, and which handler a
//! request goes to.
//!
//! Limits as common servers set them: the request target (414, RFC 9110
//! section 15.5.15), the header section (431, RFC 6585 section 5) and the body
//! (413, RFC 9110 section 15.5.14); syntax of methods and header names
//! (tokens, RFC 9110 sections 5.1, 5.6.2 and 9), the origin-form target
//! (RFC 9112 section 3.2.1); then routing: 404 for an unknown path, 405 with
//! `Allow` for a wrong method (RFC 9110 sections 15.5.5 and 15.5.6).

use super::{shorten, Route, MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_TARGET_BYTES};
use crate::sim::http::{Method, Request};
use crate::sim::trace::StepId;
use std::fmt;

/// Why a request was refused before routing or at routing. User text in it
/// is already cut to a readable length.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestError {
    /// The method is not an RFC 9110 token (400).
    BadMethod { method: String },
    /// The request target is longer than [`MAX_TARGET_BYTES`] (414).
    TargetTooLong { bytes: usize },
    /// The target is not origin-form: it does not start with `/` (400).
    TargetNotOriginForm { target: String },
    /// Spaces, controls or non-ASCII in the target (400).
    TargetNotEncoded,
    /// The header section is larger than [`MAX_HEADER_BYTES`] (431).
    HeadersTooLarge { bytes: usize },
    /// A header name that is not a token (400).
    BadHeaderName { name: String },
    /// A header value with CR, LF or NUL (400).
    BadHeaderValue { name: String },
    /// The body is larger than [`MAX_BODY_BYTES`] (413).
    BodyTooLarge { bytes: usize },
    /// No route at this path (404).
    UnknownPath { path: String },
    /// The route exists but answers another method (405).
    MethodNotAllowed {
        path: String,
        allowed: Method,
        found: Method,
    },
}

impl RequestError {
    /// The status code the server answers with.
    pub fn status(&self) -> u16 {
        match self {
            RequestError::TargetTooLong { .. } => 414,
            RequestError::HeadersTooLarge { .. } => 431,
            RequestError::BodyTooLarge { .. } => 413,
            RequestError::UnknownPath { .. } => 404,
            RequestError::MethodNotAllowed { .. } => 405,
            _ => 400,
        }
    }

    /// The checklist line it fails: `request`, `route` or `method`.
    pub fn step(&self) -> (StepId, &'static str) {
        match self {
            RequestError::UnknownPath { .. } => {
                (StepId::Route, "The path is one this server knows")
            }
            RequestError::MethodNotAllowed { .. } => {
                (StepId::Method, "The method is allowed on this path")
            }
            _ => (StepId::Request, "The request is well-formed"),
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::BadMethod { method } => write!(
                f,
                "\"{}\" is not a valid HTTP method (RFC 9110 section 9: letters and a few symbols, no spaces).",
                method
            ),
            RequestError::TargetTooLong { bytes } => write!(
                f,
                "The path is {bytes} bytes long; this server accepts at most {MAX_TARGET_BYTES}."
            ),
            RequestError::TargetNotOriginForm { target } => write!(
                f,
                "The path \"{}\" must start with '/' (RFC 9112 section 3.2.1).",
                target
            ),
            RequestError::TargetNotEncoded => f.write_str(
                "The path contains spaces, control characters or non-ASCII characters; those must be percent-encoded (RFC 3986 section 2.1).",
            ),
            RequestError::HeadersTooLarge { bytes } => write!(
                f,
                "The headers take {bytes} bytes; this server accepts at most {MAX_HEADER_BYTES}."
            ),
            RequestError::BadHeaderName { name } => write!(
                f,
                "\"{}\" is not a valid header name (RFC 9110 section 5.1: no spaces, colons or control characters).",
                name
            ),
            RequestError::BadHeaderValue { name } => write!(
                f,
                "The value of the {} header contains a line break or NUL, which HTTP forbids (RFC 9110 section 5.5).",
                name
            ),
            RequestError::BodyTooLarge { bytes } => write!(
                f,
                "The body is {bytes} bytes; this server accepts at most {MAX_BODY_BYTES}."
            ),
            RequestError::UnknownPath { path } => write!(
                f,
                "Nothing here at {}. This server knows POST /user/login, POST /user/logout, GET /api/profile and GET /api/admin.",
                path
            ),
            RequestError::MethodNotAllowed {
                path,
                allowed,
                found,
            } => write!(
                f,
                "{path} only answers {allowed}, not {}.",
                shorten(found.as_str())
            ),
        }
    }
}

impl std::error::Error for RequestError {}

/// tchar of RFC 9110 section 5.6.2.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Refuse what an HTTP server would refuse before routing, then find the route.
pub(super) fn route(request: &Request) -> Result<Route, RequestError> {
    check_framing(request)?;
    let path = request.route_path();
    let route = Route::find(path).ok_or_else(|| RequestError::UnknownPath {
        path: shorten(path),
    })?;
    let allowed = route.method();
    if request.method != allowed {
        return Err(RequestError::MethodNotAllowed {
            path: path.to_string(),
            allowed,
            found: request.method.clone(),
        });
    }
    Ok(route)
}

fn check_framing(request: &Request) -> Result<(), RequestError> {
    let method = request.method.as_str();
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(RequestError::BadMethod {
            method: shorten(method),
        });
    }
    let target = &request.path;
    if target.len() > MAX_TARGET_BYTES {
        return Err(RequestError::TargetTooLong {
            bytes: target.len(),
        });
    }
    if !target.starts_with('/') {
        return Err(RequestError::TargetNotOriginForm {
            target: shorten(target),
        });
    }
    if target.bytes().any(|b| b <= b' ' || b >= 0x7f) {
        return Err(RequestError::TargetNotEncoded);
    }
    let header_bytes: usize = request
        .headers
        .iter()
        .map(|(n, v)| n.len().saturating_add(v.len()).saturating_add(4))
        .fold(0, usize::saturating_add);
    if header_bytes > MAX_HEADER_BYTES {
        return Err(RequestError::HeadersTooLarge {
            bytes: header_bytes,
        });
    }
    for (name, value) in &request.headers {
        if name.is_empty() || !name.bytes().all(is_tchar) {
            return Err(RequestError::BadHeaderName {
                name: shorten(name),
            });
        }
        if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
            return Err(RequestError::BadHeaderValue {
                name: shorten(name),
            });
        }
    }
    let body_bytes = request.body.as_ref().map_or(0, String::len);
    if body_bytes > MAX_BODY_BYTES {
        return Err(RequestError::BodyTooLarge { bytes: body_bytes });
    }
    Ok(())
}
