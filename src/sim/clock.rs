//! The simulated clock. Tokens (`exp`, RFC 7519 section 4.1.4), sessions and
//! cookies (`Max-Age`, RFC 6265 section 5.2.2) all expire against it, and a
//! teacher moves it forward with a button instead of waiting five minutes.

/// 9999-12-31 23:59:59 UTC, the latest time the clock can be moved to.
pub const LATEST: i64 = 253_402_300_799;
/// 1970-01-01 00:00:00 UTC, the earliest.
pub const EARLIEST: i64 = 0;

/// `time` brought into the clock's range (1970 to the end of year 9999).
/// A start time from a link or from storage may be anything an `i64` holds;
/// outside this range every token would be born expired (or never expire)
/// and the dates could not be written.
pub fn clamp_time(time: i64) -> i64 {
    time.clamp(EARLIEST, LATEST)
}

/// Seconds since the Unix epoch, moved only on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub now: i64,
}

impl Clock {
    /// A clock at `start`, brought into range ([`clamp_time`]).
    pub fn new(start: i64) -> Clock {
        Clock {
            now: clamp_time(start),
        }
    }

    pub fn now(&self) -> i64 {
        self.now
    }

    /// Move the clock by `secs` (negative moves it back, e.g. to show `nbf`),
    /// staying within 1970 to the end of year 9999: far enough for any
    /// lesson, and a token issued then still has a future to expire in.
    pub fn advance(&mut self, secs: i64) {
        self.now = clamp_time(self.now.saturating_add(secs));
    }

    /// The time as `2026-11-22 16:00:00 UTC`.
    pub fn to_utc_string(&self) -> String {
        crate::jwt::claims::format_utc(self.now as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_starts_and_stays_in_range() {
        assert_eq!(Clock::new(i64::MAX).now(), LATEST);
        assert_eq!(Clock::new(i64::MIN).now(), EARLIEST);
        assert_eq!(Clock::new(1_767_258_000).now(), 1_767_258_000);
        let mut clock = Clock::new(1_767_258_000);
        clock.advance(i64::MAX);
        assert_eq!(clock.now(), LATEST);
        clock.advance(i64::MAX);
        assert_eq!(clock.now(), LATEST);
        clock.advance(i64::MIN);
        assert_eq!(clock.now(), EARLIEST);
        clock.advance(i64::MIN);
        assert_eq!(clock.now(), EARLIEST);
        // The latest time can still be written as a date.
        assert!(Clock::new(i64::MAX)
            .to_utc_string()
            .starts_with("9999-12-31"));
    }
}
