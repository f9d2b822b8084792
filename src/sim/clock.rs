//! The simulated clock. Tokens (`exp`, RFC 7519 section 4.1.4), sessions and
//! cookies (`Max-Age`, RFC 6265 section 5.2.2) all expire against it, and a
//! teacher moves it forward with a button instead of waiting five minutes.

/// Seconds since the Unix epoch, moved only on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub now: i64,
}

impl Clock {
    pub fn new(start: i64) -> Clock {
        Clock { now: start }
    }

    pub fn now(&self) -> i64 {
        self.now
    }

    /// Move the clock by `secs` (negative moves it back, e.g. to show `nbf`).
    /// Saturates instead of overflowing.
    pub fn advance(&mut self, secs: i64) {
        self.now = self.now.saturating_add(secs);
    }

    /// The time as `2026-11-22 16:00:00 UTC`.
    pub fn to_utc_string(&self) -> String {
        crate::jwt::claims::format_utc(self.now as f64)
    }
}
