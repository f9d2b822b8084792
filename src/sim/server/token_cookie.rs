//! The access token delivered in an `HttpOnly` cookie (RFC 6265 section
//! 4.1.2.6), as a backend for a browser app often does instead of putting it
//! in the JSON body: the page asks with `Token-Delivery: cookie`, the login
//! (or a refresh) answers with `Set-Cookie: token=...; HttpOnly; Secure;
//! SameSite=Lax; Path=/`, and the browser sends it back by itself. Page
//! script never sees it, so an injected script cannot steal it; but a
//! request another site makes carries it as `SameSite` allows (CSRF),
//! RFC 6265bis section 8.8.

use super::Ctx;
use crate::sim::http::{Request, SameSite, SetCookie, TOKEN_COOKIE, TOKEN_DELIVERY_HEADER};
use crate::sim::weakness::Weakness;

/// Does the request ask for the token in a cookie?
pub(super) fn wants_cookie(request: &Request) -> bool {
    request
        .header(TOKEN_DELIVERY_HEADER)
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("cookie"))
}

impl Ctx<'_> {
    /// The `Set-Cookie` carrying `token`, or clearing it (`None`, `Max-Age=0`).
    /// No `Max-Age` otherwise: the browser keeps it until it closes, and the
    /// token's own `exp` limits it, so an expired token still arrives and is
    /// refused as expired (and the page can renew it).
    pub(super) fn token_cookie(&self, token: Option<&str>) -> SetCookie {
        SetCookie {
            name: TOKEN_COOKIE.to_string(),
            value: token.unwrap_or_default().to_string(),
            http_only: true,
            secure: true,
            same_site: Some(self.cookie_same_site()),
            path: Some("/".to_string()),
            max_age: token.is_none().then_some(0),
        }
    }

    /// The `SameSite` of the cookies a login sets (the session's and the
    /// token's): Lax, or None with the attack lab's `samesite-none` on.
    pub(super) fn cookie_same_site(&self) -> SameSite {
        if self.weak(Weakness::SameSiteNone) {
            SameSite::None
        } else {
            SameSite::Lax
        }
    }

    /// What the issue step adds when the token went into the cookie.
    pub(super) fn token_cookie_note(&self) -> &'static str {
        if self.weak(Weakness::SameSiteNone) {
            " The token goes out in an HttpOnly cookie (asked for with Token-Delivery: cookie), not in the body: page script cannot read it. Its cookie says SameSite=None (weakness samesite-none on): requests other sites' pages make carry it."
        } else {
            " The token goes out in an HttpOnly cookie (asked for with Token-Delivery: cookie), not in the body: page script cannot read it, and SameSite=Lax keeps it off other sites' POSTs."
        }
    }
}
