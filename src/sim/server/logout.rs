//! `POST /user/logout`, where the two stories differ most. A session is
//! deleted from the store and its cookie cleared with `Max-Age=0` (RFC 6265
//! section 5.2.2), so the id is worthless at once. A JWT has nothing on the
//! server to delete: any copy stays valid until its `exp` (RFC 7519 section
//! 4.1.4) unless the server keeps state again, a deny-list of `jti` values
//! (RFC 7519 section 4.1.7; RFC 8725 section 3.10 on replay).

use super::protected::find_token;
use super::{Ctx, Mode, SESSION_COOKIE, TOKEN_COOKIE};
use crate::jwt::claims::format_utc;
use crate::jwt::{verify, Json};
use crate::sim::http::{Request, Response, SameSite, SetCookie};
use crate::sim::trace::{CheckStep, LogoutTrace, StepId, Trace};

/// `Set-Cookie` that deletes the session id (`Max-Age=0`, RFC 6265 section 5.2.2).
pub(super) fn clear_session_cookie() -> SetCookie {
    SetCookie {
        name: SESSION_COOKIE.to_string(),
        value: String::new(),
        http_only: true,
        secure: true,
        same_site: Some(SameSite::Lax),
        path: Some("/".to_string()),
        max_age: Some(0),
    }
}

impl Ctx<'_> {
    /// `POST /user/logout` in session mode: delete the entry, clear the cookie.
    pub(super) fn logout_session(self, request: &Request) -> (Response, Trace) {
        const TITLE: &str = "Delete the session from memory";
        let mut trace = LogoutTrace {
            mode: Mode::Session,
            steps: Vec::new(),
            deleted: None,
            store: Some(self.store_kind),
        };
        let sid = request.cookie(SESSION_COOKIE);
        let message = match &sid {
            None => {
                trace.steps.push(CheckStep::skip(
                    StepId::Delete,
                    TITLE,
                    "no sid cookie came with the request, so there is nothing to delete",
                ));
                "No session to end.".to_string()
            }
            Some(sid) => match self.store.remove(sid) {
                Some(session) => {
                    trace.steps.push(CheckStep::pass(
                        StepId::Delete,
                        TITLE,
                        format!(
                            "deleted the session of {} from {}: the id is worthless from now on, even if someone copied it",
                            session.email,
                            self.store_kind.label()
                        ),
                    ));
                    trace.deleted = Some(session);
                    "Logged out: the session was deleted on the server.".to_string()
                }
                None => {
                    trace.steps.push(CheckStep::skip(
                        StepId::Delete,
                        TITLE,
                        format!(
                            "{} has no session with this id, so there is nothing to delete here (another server may still hold it)",
                            self.store_kind.label()
                        ),
                    ));
                    "No session with this id here; the cookie is cleared anyway.".to_string()
                }
            },
        };
        let clear = clear_session_cookie();
        (
            Response::json(200, &Json::object([("message", Json::string(message))]))
                .with_header("Set-Cookie", clear.to_header_value()),
            Trace::Logout(trace),
        )
    }

    /// `POST /user/logout` in JWT mode: the server has nothing to delete.
    pub(super) fn logout_jwt(self, request: &Request) -> (Response, Trace) {
        let until = find_token(request).ok().and_then(|(_, token)| {
            let report = verify(&token, &self.policy());
            if !report.is_valid() {
                return None;
            }
            report.claims?.get("exp")?.as_f64()
        });
        let until_text = match until {
            Some(exp) => format!("until {}", format_utc(exp)),
            None => "until its exp".to_string(),
        };
        let in_cookie = request.cookie(TOKEN_COOKIE).is_some();
        let forgets = if in_cookie {
            "The server clears the token cookie with Max-Age=0 (page script cannot delete an HttpOnly cookie)"
        } else {
            "The page forgets its copy"
        };
        let detail = format!(
            "Nothing to delete: the server stored nothing when it issued the token. {forgets}, but any copy of the token is still accepted {until_text}. Revoking it would need server state again (a deny-list of jti values)."
        );
        let trace = LogoutTrace {
            mode: Mode::Jwt,
            steps: vec![CheckStep::skip(
                StepId::Forget,
                "Forget the user on the server",
                detail.clone(),
            )],
            deleted: None,
            store: None,
        };
        let mut response = Response::json(200, &Json::object([("message", Json::string(detail))]));
        // A token the browser sends in a cookie is cleared by the server:
        // page script cannot delete an HttpOnly cookie (RFC 6265 section 5.2.2).
        if in_cookie {
            response =
                response.with_header("Set-Cookie", self.token_cookie(None).to_header_value());
        }
        (response, Trace::Logout(trace))
    }
}
