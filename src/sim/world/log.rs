//! What the network log keeps of a request or response: long values cut to
//! their first and last parts around a marker with the full size.

use super::*;

/// `text` as the network log keeps it: whole up to [`MAX_LOGGED_BYTES`], else
/// the first and last halves of that around a marker with the full size,
/// e.g. `aaaa…[1,048,576 bytes; the log keeps the first and last 8,192]…aaaa`.
/// Never splits a character. `None` when it is kept whole.
pub fn shorten_for_log(text: &str) -> Option<String> {
    if text.len() <= MAX_LOGGED_BYTES {
        return None;
    }
    let half = MAX_LOGGED_BYTES / 2;
    let mut head_end = half;
    while !text.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let mut tail_start = text.len() - half;
    while !text.is_char_boundary(tail_start) {
        tail_start += 1;
    }
    Some(format!(
        "{}…[{} bytes; the log keeps the first and last {}]…{}",
        text.get(..head_end).unwrap_or_default(),
        thousands(text.len()),
        thousands(half),
        text.get(tail_start..).unwrap_or_default()
    ))
}

/// The copy of a request the log keeps.
pub(super) fn request_for_log(request: &Request) -> Request {
    let keep = |text: &str| shorten_for_log(text).unwrap_or_else(|| text.to_string());
    Request {
        method: request.method.clone(),
        path: keep(&request.path),
        headers: request
            .headers
            .iter()
            .map(|(name, value)| (name.clone(), keep(value)))
            .collect(),
        body: request.body.as_deref().map(keep),
    }
}

/// The copy of a response the log keeps.
pub(super) fn response_for_log(response: &Response) -> Response {
    let keep = |text: &str| shorten_for_log(text).unwrap_or_else(|| text.to_string());
    Response {
        status: response.status,
        headers: response
            .headers
            .iter()
            .map(|(name, value)| (name.clone(), keep(value)))
            .collect(),
        body: keep(&response.body),
    }
}
