//! The walk itself: the checks a server makes on a compact JWS, in order,
//! each step recorded with its outcome; the first failure decides.

use super::*;

pub(super) fn run(
    token: &str,
    policy: &Policy,
    walk: &mut Walk,
    report: &mut VerifyReport,
) -> Result<(), StepError> {
    use VerifyStep as S;

    // 1. Segments (RFC 7515 section 7.1: exactly two dots).
    let parts: Vec<&str> = token.split('.').collect();
    let [header_b64, payload_b64, signature_b64] = parts.as_slice() else {
        return Err((S::Segments, JwtError::SegmentCount { found: parts.len() }));
    };
    if header_b64.is_empty() {
        return Err((S::Segments, JwtError::EmptyPart { part: Part::Header }));
    }
    report.received_signature = Some(signature_b64.to_string());
    walk.pass(
        S::Segments,
        StepDetail::Parts(header_b64.len(), payload_b64.len(), signature_b64.len()),
    );

    // 2. Header: base64url, UTF-8, JSON object without duplicate names.
    let header = report
        .header
        .insert(decode_object(header_b64, Part::Header).map_err(|e| (S::Header, e))?);
    walk.pass(S::Header, "a JSON object");

    // 3. Algorithm: the server's choice, checked against the header.
    let alg_value = header.get("alg").ok_or((S::Alg, JwtError::AlgMissing))?;
    let alg_text = alg_value.as_str().ok_or((
        S::Alg,
        JwtError::AlgNotString {
            found: alg_value.type_name(),
        },
    ))?;
    let lax = &policy.unsafe_options;
    if alg_text.eq_ignore_ascii_case("none") {
        if !lax.accept_none {
            return Err((
                S::Alg,
                JwtError::AlgNone {
                    written: alg_text.to_string(),
                },
            ));
        }
        walk.weakened(
            S::Alg,
            StepResult::Warn,
            "alg-none",
            "an unsigned token was accepted because it says it is unsigned",
        );
        walk.pass(S::Crit, "not checked");
        walk.weakened(
            S::Signature,
            StepResult::Warn,
            "alg-none",
            "no signature checked at all: anyone can write these claims",
        );
        return check_claims(payload_b64, policy, walk, report);
    }
    // Unsafe: the header picks HMAC and the server's public key text is the secret.
    if let (Some(key_text), Some(header_alg)) =
        (&lax.alg_from_header, Algorithm::from_name(alg_text))
    {
        if header_alg.is_symmetric() && !policy.alg.is_symmetric() {
            walk.weakened(
                S::Alg,
                StepResult::Warn,
                "alg-confusion",
                format!("the token chose {header_alg}, and this server let it"),
            );
            walk.pass(S::Crit, "not checked");
            let input = token
                .get(..header_b64.len() + 1 + payload_b64.len())
                .unwrap_or_default();
            let received = base64url::decode(signature_b64).unwrap_or_default();
            if !header_alg.verify_mac(key_text.as_bytes(), input.as_bytes(), &received) {
                return Err((S::Signature, JwtError::SignatureMismatch));
            }
            walk.weakened(S::Signature, StepResult::Warn, "alg-confusion", format!("{header_alg} with the server's PUBLIC key as the secret matched. Anyone can read a public key, so anyone could sign this"));
            return check_claims(payload_b64, policy, walk, report);
        }
    }
    if alg_text != policy.alg.name() {
        return Err((
            S::Alg,
            JwtError::AlgNotAllowed {
                found: alg_text.to_string(),
                allowed: policy.alg.name(),
            },
        ));
    }
    walk.pass(S::Alg, StepDetail::AlgAccepted(policy.alg));

    // 4. crit (RFC 7515 section 4.1.11).
    match header.get("crit") {
        None => walk.pass(S::Crit, "no \"crit\" header"),
        Some(Json::Array(names)) if !names.is_empty() => {
            let mut unknown = Vec::new();
            for name in names {
                match name.as_str() {
                    Some(n) if UNDERSTOOD_CRIT.contains(&n) => {}
                    Some(n) => unknown.push(n.to_string()),
                    None => return Err((S::Crit, JwtError::CritInvalid)),
                }
            }
            if !unknown.is_empty() {
                return Err((S::Crit, JwtError::CritUnknown { names: unknown }));
            }
            walk.pass(S::Crit, "all critical names understood");
        }
        Some(_) => return Err((S::Crit, JwtError::CritInvalid)),
    }

    for (name, what) in KEY_HEADERS {
        let used = (name == "jwk" && lax.trust_jwk) || (name == "jku" && lax.trust_jku.is_some());
        if header.get(name).is_some() && !used {
            report.warnings.push(format!(
                "The header has \"{name}\", which {what}. It was not used: this verifier trusts only its own keys. Taking the key, or where to fetch it, from the token would let whoever wrote the token choose the key that checks it (RFC 8725 section 3.10)."
            ));
        }
    }

    // Unsafe: the token is only decoded; its signature is never looked at.
    if lax.no_verify {
        walk.weakened(S::Signature, StepResult::Skip, "no-verify", "the signature was never checked. The server only decoded the token (a library's decode() taken for verify()), so anyone can change the claims, and any signature, or none, is let through");
        return check_claims(payload_b64, policy, walk, report);
    }

    // 5. Signature: decode it strictly, check it over the bytes received.
    let received = base64url::decode(signature_b64).map_err(|error| {
        (
            S::Signature,
            JwtError::Base64 {
                part: Part::Signature,
                error,
            },
        )
    })?;
    let signing_input_len = header_b64.len() + 1 + payload_b64.len();
    let signing_input = token.get(..signing_input_len).unwrap_or_default();
    let keys = policy
        .keys
        .as_ref()
        .map_err(|e| (S::Signature, JwtError::Key(e.clone())))?;
    let kid = header.get("kid").and_then(Json::as_str);
    if lax.trust_jwk {
        if let Some(embedded) = header.get("jwk") {
            let set =
                KeySet::from_jwk_json(embedded).map_err(|e| (S::Signature, JwtError::Key(e)))?;
            let public = set.entries.first().and_then(|e| e.material.public());
            let ok = public.as_ref().is_some_and(|k| {
                k.fits(policy.alg).is_ok()
                    && k.verify(policy.alg, signing_input.as_bytes(), &received)
            });
            if !ok {
                return Err((
                    S::Signature,
                    JwtError::SignatureInvalid {
                        alg: policy.alg,
                        key: "the key the token brought".to_string(),
                    },
                ));
            }
            walk.weakened(S::Signature, StepResult::Warn, "trust-jwk", "checked with the key the token itself carries in \"jwk\". Whoever made the token made that key");
            return check_claims(payload_b64, policy, walk, report);
        }
    }
    if let (Some(reachable), Some(url)) = (&lax.trust_jku, header.get("jku")) {
        let url = url.as_str().unwrap_or_default();
        let Some((_, set)) = reachable.iter().find(|(u, _)| u == url) else {
            return Err((
                S::Signature,
                JwtError::Key(KeyError::Unreadable {
                    format: "JWK Set",
                    why: format!("the server tried to fetch the key set the token names in \"jku\" ({url}), and nothing there answered"),
                }),
            ));
        };
        let selected = set.select(policy.alg, kid).map_err(|e| (S::Signature, e))?;
        let ok = selected.entry.material.public().is_some_and(|k| {
            k.fits(policy.alg).is_ok() && k.verify(policy.alg, signing_input.as_bytes(), &received)
        });
        if !ok {
            return Err((
                S::Signature,
                JwtError::SignatureInvalid {
                    alg: policy.alg,
                    key: format!("the key fetched from {url}"),
                },
            ));
        }
        walk.weakened(S::Signature, StepResult::Warn, "trust-jku", format!("checked with a key fetched from {url}, the address the token itself gave. Whoever made the token chose where its key comes from"));
        return check_claims(payload_b64, policy, walk, report);
    }
    if lax.kid_path && policy.alg.is_symmetric() {
        if let Some(path) = kid.filter(|k| k.contains('/')) {
            // The "file" the kid names is empty: the key is the empty string.
            if !policy
                .alg
                .verify_mac(b"", signing_input.as_bytes(), &received)
            {
                return Err((S::Signature, JwtError::SignatureMismatch));
            }
            walk.weakened(S::Signature, StepResult::Warn, "kid-path", format!("the key was read from the file \"{path}\", which is empty, so the HMAC key was the empty string"));
            return check_claims(payload_b64, policy, walk, report);
        }
    }
    if let (Some(table), true, Some(kid)) = (&lax.kid_sql, policy.alg.is_symmetric(), kid) {
        let query = kid_sql::run(table, kid);
        report.key_query = Some(query.text.clone());
        let key = match &query.rows {
            Ok(rows) => rows.first().ok_or_else(|| "found no row".to_string()),
            Err(why) => Err(format!("could not run ({why})")),
        };
        let key = key.map_err(|why| {
            (
                S::Signature,
                JwtError::KidQuery {
                    query: query.text.clone(),
                    why,
                },
            )
        })?;
        report.key_used = Some(format!(
            "the first row of {} (a key of {} bytes)",
            query.text,
            key.len()
        ));
        if !policy
            .alg
            .verify_mac(key.as_bytes(), signing_input.as_bytes(), &received)
        {
            return Err((S::Signature, JwtError::SignatureMismatch));
        }
        if query.injected {
            walk.weakened(S::Signature, StepResult::Warn, "kid-sql", format!("the server ran {}. The kid closed the query's string and rewrote it, so the token chose the row, and the key \"{}\" that came back matched", query.text, crate::jwt::display::shorten(key, 80)));
        } else {
            walk.pass(
                S::Signature,
                format!(
                    "{} over the {signing_input_len} bytes received matches the key found by {}",
                    policy.alg, query.text
                ),
            );
        }
        return check_claims(payload_b64, policy, walk, report);
    }
    if keys.is_empty() {
        report.unverified = true;
        walk.warn(
            S::Signature,
            format!("not checked: no key for {} was given", policy.alg),
        );
    } else {
        let kid = header.get("kid").and_then(Json::as_str);
        let selected = keys
            .select(policy.alg, kid)
            .map_err(|e| (S::Signature, e))?;
        report.key_used = Some(selected.describe());
        match &selected.entry.material {
            Material::Secret(key) => {
                // Compare with `verify_slice` (constant time). The expected
                // signature is only computed for display when the comparison
                // fails, so a valid token costs one HMAC.
                if !policy
                    .alg
                    .verify_mac(key.bytes(), signing_input.as_bytes(), &received)
                {
                    let expected = policy.alg.mac(key.bytes(), signing_input.as_bytes());
                    report.expected_signature = Some(base64url::encode(&expected));
                    return Err((S::Signature, JwtError::SignatureMismatch));
                }
                walk.pass(
                    S::Signature,
                    StepDetail::MacMatched(policy.alg, signing_input_len),
                );
            }
            other => {
                let Some(public) = other.public() else {
                    return Err((
                        S::Signature,
                        JwtError::Key(KeyError::NotAKey { alg: policy.alg }),
                    ));
                };
                let expected = public.signature_len(policy.alg);
                // Unsafe: r = 0 and s = 0 (CVE-2022-21449) pass.
                let all_zero = received.len() == expected && received.iter().all(|b| *b == 0);
                if lax.psychic_ecdsa && policy.alg.family() == Family::Ecdsa && all_zero {
                    walk.weakened(S::Signature, StepResult::Warn, "psychic-ecdsa", format!("the signature is {expected} zero bytes: r = 0 and s = 0. This verifier (like Java 15 to 18's, CVE-2022-21449) never checks that r and s are at least 1, so its equation became 0 = 0 and it was fooled: this \"psychic signature\" passes for any claims, with no key at all"));
                    return check_claims(payload_b64, policy, walk, report);
                }
                if received.len() != expected {
                    // A DER-encoded ECDSA signature: name the usual cause.
                    let der = (policy.alg.family() == Family::Ecdsa)
                        .then(|| der_to_raw(&received, expected / 2))
                        .flatten();
                    if let Some(raw) = der {
                        return Err((
                            S::Signature,
                            JwtError::SignatureDer {
                                alg: policy.alg,
                                expected,
                                found: received.len(),
                                verifies_as_der: public.verify(
                                    policy.alg,
                                    signing_input.as_bytes(),
                                    &raw,
                                ),
                            },
                        ));
                    }
                    return Err((
                        S::Signature,
                        JwtError::SignatureLength {
                            expected,
                            found: received.len(),
                        },
                    ));
                }
                if !public.verify(policy.alg, signing_input.as_bytes(), &received) {
                    return Err((
                        S::Signature,
                        JwtError::SignatureInvalid {
                            alg: policy.alg,
                            key: public.describe(),
                        },
                    ));
                }
                walk.pass(
                    S::Signature,
                    StepDetail::SignatureVerified(policy.alg, public.describe()),
                );
            }
        }
    }

    check_claims(payload_b64, policy, walk, report)
}
