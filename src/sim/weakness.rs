//! The attack lab's switches (issue 12): each turns on one mistake real
//! servers and pages have made. All are off by default; the strict verifier
//! of `crate::jwt` and the server's cookie defaults are what they weaken.

use super::mode::Mode;
use crate::jwt::claims::human_span;
use crate::jwt::{Json, StepResult, VerifyReport, VerifyStep};
use std::collections::BTreeSet;
use std::fmt;

/// The secret a server with the `weak-secret` weakness signs with: a common
/// word and a common suffix, on the page's list of weak secrets.
pub const WEAK_SECRET: &str = "secret123";

/// One mistake a server can be switched to make.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Weakness {
    /// Accepts `"alg": "none"`.
    AlgNone,
    /// Lets the header choose the algorithm: HS256 checked with the public key as the secret.
    AlgConfusion,
    /// Signs with a short common word.
    WeakSecret,
    /// Trusts the key a token carries in its `jwk` header.
    TrustJwk,
    /// Fetches the key set from the URL in the token's `jku` header.
    TrustJku,
    /// Reads the key from the file the `kid` names.
    KidPath,
    /// Does not check `exp`.
    NoExp,
    /// The page shows a comment without escaping it: a script in it runs.
    Xss,
    /// The session cookie is set without `HttpOnly`: page script can read it.
    NoHttpOnly,
    /// The session cookie is set with `SameSite=None`: cross-site requests carry it.
    SameSiteNone,
    /// The page keeps the token in its address and sends it in the query
    /// string; a link to another site leaks it through `Referer`.
    TokenInUrl,
    /// Decodes the token and never checks its signature.
    NoVerify,
    /// An ECDSA verifier that accepts r = s = 0 (CVE-2022-21449).
    PsychicEcdsa,
    /// Looks the HMAC key up with SQL built from the token's `kid`.
    KidSql,
    /// Skips an `exp` written as a string instead of refusing it.
    ExpString,
    /// Revocation keyed on the token's text instead of its `jti`.
    DenylistByString,
    /// Never compares the token's `aud` nor its `typ`: a token the same
    /// issuer made for another service (an ID token) is taken as an access token.
    NoAud,
}

impl Weakness {
    pub const ALL: [Weakness; 17] = [
        Weakness::AlgNone,
        Weakness::AlgConfusion,
        Weakness::WeakSecret,
        Weakness::TrustJwk,
        Weakness::TrustJku,
        Weakness::KidPath,
        Weakness::NoExp,
        Weakness::Xss,
        Weakness::NoHttpOnly,
        Weakness::SameSiteNone,
        Weakness::TokenInUrl,
        Weakness::NoVerify,
        Weakness::PsychicEcdsa,
        Weakness::KidSql,
        Weakness::ExpString,
        Weakness::DenylistByString,
        Weakness::NoAud,
    ];

    /// The switch's weakness from its stable name.
    pub fn from_name(name: &str) -> Option<Weakness> {
        Weakness::ALL.into_iter().find(|w| w.as_str() == name)
    }

    /// Does this weakness act in `mode`? Token checks only matter with JWTs,
    /// the session cookie's HttpOnly only with sessions; SameSite on any
    /// cookie the server sets, and an injected script runs on the page,
    /// whichever way it logs in.
    pub fn applies(self, mode: Mode) -> bool {
        match self {
            Weakness::Xss => true,
            // Its cookies: the session id, or a JWT the login delivers in
            // an HttpOnly cookie (`httponly-cookie` storage).
            Weakness::SameSiteNone => true,
            Weakness::NoHttpOnly => mode == Mode::Session,
            _ => mode == Mode::Jwt,
        }
    }

    /// The stable name (`weakness-<name>` in the UI).
    pub fn as_str(self) -> &'static str {
        match self {
            Weakness::AlgNone => "alg-none",
            Weakness::AlgConfusion => "alg-confusion",
            Weakness::WeakSecret => "weak-secret",
            Weakness::TrustJwk => "trust-jwk",
            Weakness::TrustJku => "trust-jku",
            Weakness::KidPath => "kid-path",
            Weakness::NoExp => "no-exp",
            Weakness::Xss => "xss",
            Weakness::NoHttpOnly => "no-httponly",
            Weakness::SameSiteNone => "samesite-none",
            Weakness::TokenInUrl => "token-in-url",
            Weakness::NoVerify => "no-verify",
            Weakness::PsychicEcdsa => "psychic-ecdsa",
            Weakness::KidSql => "kid-sql",
            Weakness::ExpString => "exp-string",
            Weakness::DenylistByString => "denylist-by-string",
            Weakness::NoAud => "no-aud",
        }
    }

    /// What the mistake is, in a sentence.
    pub fn describe(self) -> &'static str {
        match self {
            Weakness::AlgNone => "accepts tokens whose header says \"alg\": \"none\" (unsigned)",
            Weakness::AlgConfusion => "lets the token's header choose the algorithm; in key-pair mode an HS256 token is checked with the public key as the HMAC secret",
            // The secret itself is not named: in the guess-the-secret
            // exercise it is what the student has to find.
            Weakness::WeakSecret => "signs with a short common word as its secret, which any word list guesses",
            Weakness::TrustJwk => "checks the signature with the key the token carries in its \"jwk\" header",
            Weakness::TrustJku => "fetches the key set from the URL in the token's \"jku\" header, wherever it points",
            Weakness::KidPath => "reads the HMAC key from the file the \"kid\" names (a path such as ../../dev/null is an empty file)",
            Weakness::NoExp => "does not check \"exp\", so tokens never expire",
            Weakness::Xss => "shows a visitor's comment on the page without escaping it, so the script hidden in it runs with the page's rights",
            Weakness::NoHttpOnly => "sets the session cookie without HttpOnly, so page script (an injected one too) can read it",
            Weakness::SameSiteNone => "sets its cookies (the session id, or a JWT it delivers in an HttpOnly cookie) with SameSite=None, so a request another site's page makes still carries them",
            Weakness::TokenInUrl => "keeps the token in the page's address (?access_token=...) and accepts it from the query string, so a link to another site hands it over in the Referer header",
            Weakness::NoVerify => "decodes the token and reads its claims without ever checking the signature (a library's decode taken for verify)",
            Weakness::PsychicEcdsa => "checks ECDSA signatures without first checking that r and s lie between 1 and n-1, so a signature of all zero bytes passes for anything (key-pair mode; Java 15 to 18, CVE-2022-21449)",
            Weakness::KidSql => "looks its HMAC key up with SQL built by pasting the token's \"kid\" into the query, so a kid can rewrite the query and pick the key",
            Weakness::ExpString => "skips an \"exp\" written as a string instead of refusing it, so such a token never expires",
            Weakness::DenylistByString => "keeps revoked tokens on the deny-list by their text, not their \"jti\", so the same token written differently (an ECDSA signature's twin) is not on the list",
            Weakness::NoAud => "never compares a token's \"aud\" nor its \"typ\", so a token the same issuer made for another service (reports.example's ID token) is taken as an access token for this API",
        }
    }

    /// The part of RFC 8725 that says what to do instead.
    pub fn rfc(self) -> &'static str {
        match self {
            Weakness::AlgNone | Weakness::AlgConfusion => "RFC 8725 sections 2.1 and 3.1",
            Weakness::WeakSecret => "RFC 8725 section 3.5",
            Weakness::TrustJwk => "RFC 8725 section 3.10 (and RFC 7515 section 4.1.3)",
            Weakness::TrustJku => "RFC 8725 section 3.10 (and RFC 7515 section 4.1.2)",
            Weakness::KidPath => "RFC 8725 section 3.10",
            Weakness::NoExp => "RFC 7519 section 4.1.4",
            Weakness::Xss => "RFC 6750 section 5.3 (safeguard bearer tokens) and OWASP's Cross Site Scripting Prevention Cheat Sheet (escape output, a Content-Security-Policy)",
            Weakness::NoHttpOnly => "RFC 6265 sections 4.1.2.6 and 5.2.6 (HttpOnly: the browser keeps the cookie from page script)",
            Weakness::SameSiteNone => "RFC 6265bis section 8.8 (SameSite) and OWASP's CSRF Prevention Cheat Sheet",
            Weakness::TokenInUrl => "RFC 6750 sections 2.3 and 5.3 (no bearer tokens in page URLs) and RFC 9700 section 4.2 (credential leakage via Referer headers)",
            Weakness::NoVerify => "RFC 7519 section 7.2 (validating a JWT) and RFC 8725 section 3.1",
            Weakness::PsychicEcdsa => "FIPS 186-5 section 6.4.2 (reject r or s outside [1, n-1]) and CVE-2022-21449",
            Weakness::KidSql => "RFC 8725 section 3.10 (kid is untrusted input) and OWASP's SQL Injection Prevention Cheat Sheet (parameterised queries)",
            Weakness::ExpString => "RFC 7519 sections 2 (a NumericDate is a JSON number) and 4.1.4 (exp is a NumericDate)",
            Weakness::DenylistByString => "RFC 7519 section 4.1.7 (jti, a unique identifier, is what names a token) and FIPS 186-5 section 6.4.2 (ECDSA verification accepts s and n - s alike: one token, two valid signatures)",
            Weakness::NoAud => "RFC 8725 sections 3.9 (check aud), 3.10 and 3.11 (explicit typing), and RFC 9068 section 4 (an access token's typ is at+jwt)",
        }
    }
}

impl fmt::Display for Weakness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A check the verifier's checklist lists, but that a weak server did not
/// really run: the weakness let it jump over that check. Shown as "skipped
/// (weakness on)", never as passed.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedCheck {
    pub step: VerifyStep,
    pub by: Weakness,
    /// What was skipped and what it means, in a sentence a student understands.
    pub detail: String,
}

/// The checks of `report` the server did not run because of a weakness in
/// `on`, worked out from what the verifier did (`report`), at time `now`:
///
/// - `alg-none` accepted the token at the `alg` step and went straight to the
///   claims: no `crit` check, no signature check (nothing was signed);
/// - `alg-confusion` let the token choose HMAC and went straight to the
///   signature: no `crit` check;
/// - `no-exp`: the server never looks at `exp`, whatever it says.
pub fn skipped_checks(
    report: &VerifyReport,
    on: &BTreeSet<Weakness>,
    now: i64,
) -> Vec<SkippedCheck> {
    let reached = |step: VerifyStep| report.steps.iter().any(|s| s.step == step);
    let mut skipped = Vec::new();
    let alg_let_through = report
        .steps
        .iter()
        .any(|s| s.step == VerifyStep::Alg && s.result == StepResult::Warn);
    if alg_let_through {
        let said_none = report
            .header
            .as_ref()
            .and_then(|h| h.get("alg"))
            .and_then(Json::as_str)
            .is_some_and(|alg| alg.eq_ignore_ascii_case("none"));
        let by = if said_none {
            Weakness::AlgNone
        } else {
            Weakness::AlgConfusion
        };
        if reached(VerifyStep::Crit) {
            let detail = if said_none {
                "Skipped (weakness alg-none on): the server took \"alg\": \"none\" at its word and jumped to the claims, without reading \"crit\"."
            } else {
                "Skipped (weakness alg-confusion on): once the token chose its algorithm, the server jumped to the signature without reading \"crit\"."
            };
            skipped.push(SkippedCheck {
                step: VerifyStep::Crit,
                by,
                detail: detail.to_string(),
            });
        }
        if said_none && reached(VerifyStep::Signature) {
            skipped.push(SkippedCheck {
                step: VerifyStep::Signature,
                by,
                detail: "Skipped (weakness alg-none on): the token says it is unsigned, so the server checked no signature at all. Nothing was signed: anyone can write these claims.".to_string(),
            });
        }
    }
    if on.contains(&Weakness::NoExp) && reached(VerifyStep::Exp) {
        let exp = report
            .claims
            .as_ref()
            .and_then(|c| c.get("exp"))
            .and_then(Json::as_f64);
        let detail = match exp {
            None => "Skipped (weakness no-exp on): this server never reads \"exp\" (this token has none anyway).".to_string(),
            Some(exp) if now as f64 >= exp => format!(
                "UNSAFE (weakness no-exp): skipped. The token expired {} ago; a strict server refuses it here, this one never reads \"exp\".",
                human_span(now as f64 - exp)
            ),
            Some(exp) => format!(
                "Skipped (weakness no-exp on): this server never reads \"exp\" (the token still had {} left, so a strict server would let it through too).",
                human_span(exp - now as f64)
            ),
        };
        skipped.push(SkippedCheck {
            step: VerifyStep::Exp,
            by: Weakness::NoExp,
            detail,
        });
    }
    // The verifier lists every step an unsafe option let through; one it
    // jumped over (no-verify's signature, exp-string's exp) shows as
    // skipped by that weakness.
    for (step, name) in &report.let_through {
        let jumped = report
            .steps
            .iter()
            .find(|s| s.step == *step && s.result == StepResult::Skip);
        if let (Some(outcome), Some(by)) = (jumped, Weakness::from_name(name)) {
            if !skipped.iter().any(|k| k.step == *step) {
                skipped.push(SkippedCheck {
                    step: *step,
                    by,
                    detail: outcome.detail.to_string(),
                });
            }
        }
    }
    skipped
}

/// The weakness a verifier's line names (`UNSAFE (weakness trust-jwk): ...`).
pub fn named_in(detail: &str) -> Option<Weakness> {
    let (_, rest) = detail.split_once("(weakness ")?;
    let (name, _) = rest.split_once(')')?;
    Weakness::from_name(name)
}
