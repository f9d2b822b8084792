//! The simulated clock. Tokens (`exp`, RFC 7519 section 4.1.4), sessions and
//! cookies (`Max-Age`, RFC 6265 section 5.2.2) all expire against it, and a
//! teacher moves it forward with a button instead of waiting five minutes.

/// 9999-12-31 23:59:59 UTC, the latest time the clock can be moved to.
pub const LATEST: i64 = 253_402_300_799;

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

    /// Move the clock by `secs` (negative moves it back, e.g. to show `nbf`),
    /// staying within 1970 to the end of year 9999: far enough for any
    /// lesson, and a token issued then still has a future to expire in.
    pub fn advance(&mut self, secs: i64) {
        self.now = self.now.saturating_add(secs).clamp(0, LATEST);
    }

    /// The time as `2026-11-22 16:00:00 UTC`.
    pub fn to_utc_string(&self) -> String {
        crate::jwt::claims::format_utc(self.now as f64)
    }
}
