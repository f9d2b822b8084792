//! The claims checks of the walk (RFC 7519 section 4.1): the types of the
//! registered claims, then `exp`, `nbf`, `iss` and `aud` against the policy,
//! and last the header's `typ` (what kind of token it is).

use super::*;

/// Steps 6 to 12: the claims, after the signature step, and the header's `typ`.
pub(super) fn check_claims(
    payload_b64: &str,
    policy: &Policy,
    walk: &mut Walk,
    report: &mut VerifyReport,
) -> Result<(), StepError> {
    use VerifyStep as S;
    // 6. Claims: base64url, UTF-8, JSON object.
    if payload_b64.is_empty() {
        return Err((
            S::Claims,
            JwtError::EmptyPart {
                part: Part::Payload,
            },
        ));
    }
    let claims = report
        .claims
        .insert(decode_object(payload_b64, Part::Payload).map_err(|e| (S::Claims, e))?);
    walk.pass(S::Claims, "a JSON object");

    // 7. Types of registered claims (RFC 7519 section 4.1).
    // Unsafe: a string `exp` is passed over (the CVE-2026-25537 class).
    let exp_string = match claims.get("exp") {
        Some(Json::String(text)) if policy.unsafe_options.exp_string => Some(text.as_str()),
        _ => None,
    };
    check_claim_types(claims, exp_string.is_some()).map_err(|e| (S::ClaimTypes, e))?;
    if let Some(text) = exp_string {
        walk.weakened(S::ClaimTypes, StepResult::Warn, "exp-string", format!("\"exp\" is the string \"{}\", not a number. A strict server refuses the token here; this one's library passed over the claim instead", crate::jwt::display::shorten(text, 40)));
    } else {
        walk.pass(
            S::ClaimTypes,
            "exp, nbf, iat are numbers; iss, sub, jti strings",
        );
    }

    // 8. exp: valid while now < exp (+ leeway).
    let now = policy.now;
    let leeway = policy.leeway;
    match claims.get("exp").and_then(Json::as_f64) {
        None if exp_string.is_some() => walk.weakened(S::Exp, StepResult::Skip, "exp-string", "\"exp\" is a string, so it was never compared with the clock: this token never expires"),
        None => walk.warn(
            S::Exp,
            "no \"exp\": this token never expires, so a stolen copy works forever",
        ),
        Some(exp) => {
            if (now as f64) >= exp + leeway as f64 {
                if !policy.unsafe_options.skip_exp {
                    return Err((S::Exp, JwtError::Expired { exp, now, leeway }));
                }
                walk.weakened(S::Exp, StepResult::Warn, "no-exp", format!(
                        "expired {} ago, accepted anyway",
                        crate::jwt::display::duration(now as f64 - exp)
                    ),
                );
            } else {
                walk.pass(S::Exp, StepDetail::SecondsLeft(exp - now as f64));
            }
        }
    }

    // 9. nbf: valid once now >= nbf (- leeway).
    match claims.get("nbf").and_then(Json::as_f64) {
        None => walk.pass(S::Nbf, "no \"nbf\""),
        Some(nbf) => {
            if (now as f64) < nbf - leeway as f64 {
                return Err((S::Nbf, JwtError::NotYetValid { nbf, now, leeway }));
            }
            walk.pass(S::Nbf, "already valid");
        }
    }

    // 10. iss, when the server asks for it.
    match &policy.issuer {
        None => walk.skip(S::Iss, "this server does not check the issuer"),
        Some(expected) => {
            let found = claims.get("iss").and_then(Json::as_str);
            if found != Some(expected.as_str()) {
                return Err((
                    S::Iss,
                    JwtError::Issuer {
                        expected: expected.clone(),
                        found: found.map(str::to_string),
                    },
                ));
            }
            walk.pass(S::Iss, format!("issued by \"{expected}\""));
        }
    }
    // 11. aud: the token names this server among its audiences (RFC 8725
    // section 3.9). Unsafe: `no-aud` never compares it.
    let lax = policy.unsafe_options.no_aud;
    match &policy.audience {
        None => walk.skip(S::Aud, "this server does not check the audience"),
        Some(expected) => {
            let found: Vec<String> = match claims.get("aud") {
                Some(Json::String(s)) => vec![s.clone()],
                Some(Json::Array(items)) => items
                    .iter()
                    .filter_map(Json::as_str)
                    .map(str::to_string)
                    .collect(),
                _ => Vec::new(),
            };
            let ok = found.iter().any(|a| a == expected);
            match (ok, lax) {
                (true, false) => walk.pass(S::Aud, format!("meant for \"{expected}\"")),
                (false, false) => {
                    return Err((
                        S::Aud,
                        JwtError::Audience {
                            expected: expected.clone(),
                            found,
                        },
                    ))
                }
                (true, true) => walk.weakened(S::Aud, StepResult::Skip, "no-aud", format!("\"aud\" was never compared with \"{expected}\" (this token names it anyway, so a strict server would let it through too)")),
                (false, true) => {
                    let error = JwtError::Audience {
                        expected: expected.clone(),
                        found,
                    };
                    walk.weakened(S::Aud, StepResult::Skip, "no-aud", format!("skipped, and a strict server refuses the token here: {error}"));
                }
            }
        }
    }

    // 12. typ: the header says what kind of token this is (RFC 8725 section
    // 3.11). Unsafe: `no-aud` never looks at it either.
    match &policy.token_type {
        None => walk.skip(S::Typ, "this server does not check the token type"),
        Some(expected) => {
            let found = report
                .header
                .as_ref()
                .and_then(|h| h.get("typ"))
                .and_then(Json::as_str)
                .map(str::to_string);
            let ok = found
                .as_deref()
                .is_some_and(|t| same_media_type(t, expected));
            match (ok, lax) {
                (true, false) => walk.pass(S::Typ, format!("\"typ\" is \"{expected}\"")),
                (false, false) => {
                    return Err((
                        S::Typ,
                        JwtError::TokenType {
                            expected: expected.clone(),
                            found,
                        },
                    ))
                }
                (true, true) => walk.weakened(S::Typ, StepResult::Skip, "no-aud", format!("\"typ\" was never read (it is \"{expected}\" anyway, so a strict server would let it through too)")),
                (false, true) => {
                    let error = JwtError::TokenType {
                        expected: expected.clone(),
                        found,
                    };
                    walk.weakened(S::Typ, StepResult::Skip, "no-aud", format!("skipped, and a strict server refuses the token here: {error}"));
                }
            }
        }
    }
    Ok(())
}

/// Two `typ` values name the same media type: ASCII case ignored, and
/// `application/` optional in front (RFC 7515 section 4.1.9).
pub(super) fn same_media_type(a: &str, b: &str) -> bool {
    fn short(t: &str) -> &str {
        match t.get(..12) {
            Some(prefix) if prefix.eq_ignore_ascii_case("application/") => t.get(12..).unwrap_or(t),
            _ => t,
        }
    }
    short(a).eq_ignore_ascii_case(short(b))
}

/// The registered claims' types; with `pass_string_exp`, a string `exp`
/// is let through (the `exp-string` weakness).
pub(super) fn check_claim_types(claims: &Json, pass_string_exp: bool) -> Result<(), JwtError> {
    for claim in ["exp", "nbf", "iat"] {
        if let Some(v) = claims.get(claim) {
            if pass_string_exp && claim == "exp" && matches!(v, Json::String(_)) {
                continue;
            }
            // RFC 7519 section 2: NumericDate is a JSON number. A number so
            // large it is not finite as f64 cannot be compared, so it is refused too.
            if !v.as_f64().is_some_and(f64::is_finite) {
                return Err(JwtError::ClaimType {
                    claim,
                    expected: "a number of seconds (NumericDate)",
                    found: v.type_name(),
                });
            }
        }
    }
    for claim in ["iss", "sub", "jti"] {
        if let Some(v) = claims.get(claim) {
            if v.as_str().is_none() {
                return Err(JwtError::ClaimType {
                    claim,
                    expected: "a string",
                    found: v.type_name(),
                });
            }
        }
    }
    if let Some(aud) = claims.get("aud") {
        let ok = match aud {
            Json::String(_) => true,
            Json::Array(items) => items.iter().all(|i| i.as_str().is_some()),
            _ => false,
        };
        if !ok {
            return Err(JwtError::ClaimType {
                claim: "aud",
                expected: "a string or an array of strings",
                found: aud.type_name(),
            });
        }
    }
    Ok(())
}
