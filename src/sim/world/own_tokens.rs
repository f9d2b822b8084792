//! Which tokens are the playground's own: those its servers issued, and edits
//! of them that still read as its own; what is kept or shared depends on it.

use super::*;

/// What is written instead of a token from outside the playground; after a
/// reload the browser holds this text, which no server accepts.
pub const NOT_KEPT: &str = "(not kept: a token from outside this playground was here)";

/// What is written instead of a token edited from one of the playground's
/// until it no longer reads as its own (see [`TokenOrigin::Edited`]).
pub const NOT_KEPT_EDITED: &str =
    "(not kept: a token edited from one of this playground's was here)";

/// Where the browser's token came from: what decides whether it may be
/// written to the browser's storage or a link (only the playground's own
/// tokens are), and what the page says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenOrigin {
    /// Issued here, or made from one that was and still reads as its own
    /// (see [`World::made_here`]): kept.
    Own,
    /// Edited from one of the playground's tokens until its claims no longer
    /// name its accounts or tokens (one character typed in the payload can
    /// do that): not kept, like a pasted one, but not called "from outside".
    Edited,
    /// Pasted or typed in, not made from any of the playground's tokens.
    Outside,
    /// The placeholder a reload or a link put where an outside token was.
    Dropped,
    /// The placeholder where an edited one was.
    DroppedEdited,
}

impl TokenOrigin {
    /// The stable name (`data-outside` in the view).
    pub fn as_str(self) -> &'static str {
        match self {
            TokenOrigin::Own => "no",
            TokenOrigin::Edited => "edited",
            TokenOrigin::Outside => "pasted",
            TokenOrigin::Dropped => "dropped",
            TokenOrigin::DroppedEdited => "dropped-edited",
        }
    }

    /// What is written to storage and links in its place, if anything.
    pub fn placeholder(self) -> Option<&'static str> {
        match self {
            TokenOrigin::Own => None,
            TokenOrigin::Edited | TokenOrigin::DroppedEdited => Some(NOT_KEPT_EDITED),
            TokenOrigin::Outside | TokenOrigin::Dropped => Some(NOT_KEPT),
        }
    }

    /// What the page says about it; empty for the playground's own.
    pub fn sentence(self) -> &'static str {
        match self {
            TokenOrigin::Own => "",
            TokenOrigin::Edited => "Edited from a token this playground issued. The edit changed its claims so they no longer name one of the playground's accounts or tokens, so, like a token pasted from outside, it stays in this tab's memory only: the copy kept for a reload, and a share link, hold a placeholder instead.",
            TokenOrigin::Outside => "Pasted from outside: this token did not come from this playground, so it stays in this tab's memory only: the copy kept for a reload, and a share link, hold a placeholder instead. For a real token, the token debugger is the place.",
            TokenOrigin::Dropped => "A token from outside this playground was here. It was not kept across the reload or in the link: only the playground's own tokens are.",
            TokenOrigin::DroppedEdited => "A token edited from one of this playground's, until its claims no longer named its accounts, was here. It was not kept across the reload or in the link: only tokens that still read as the playground's own are.",
        }
    }
}

impl World {
    /// Remember the `jti` of a token a server gave the page.
    pub(super) fn note_issued(&mut self, token: &str) {
        if let Some(jti) = claim_text(token, "jti") {
            if !self.issued_jtis.contains(&jti) {
                self.issued_jtis.push(jti);
            }
        }
        self.note_own_token(token);
    }

    /// Whether `text` is a token of this playground: one its servers issued
    /// or one made from it (its `jti` is one they issued, or its `sub` is one
    /// of the demo accounts), as the claims editor, the attacker's workbench
    /// and a hand edit make. Anything else (a real token pasted in, garbage)
    /// is not the playground's own state: it stays in memory and is never
    /// written to the browser's storage or a share link ([`super::Saved::of`]).
    /// An empty text is no token, and counts as made here.
    pub fn made_here(&self, text: &str) -> bool {
        if text.is_empty() {
            return true;
        }
        // Decoded once for both claims: a pasted megabyte is read once per edit.
        let Some(claims) = token_claims(text) else {
            return false;
        };
        let claim = |name: &str| claims.get(name).and_then(Json::as_str);
        claim("jti").is_some_and(|jti| self.issued_jtis.iter().any(|j| j == jti))
            || claim("sub").is_some_and(|sub| self.users().iter().any(|u| u.email == sub))
    }

    /// Where `text`, the browser's token, came from (see
    /// [`TokenOrigin`]): the playground's own, edited from
    /// one of its tokens until it no longer reads as its own, or from outside.
    pub fn token_origin(&self, text: &str) -> TokenOrigin {
        if text == NOT_KEPT {
            TokenOrigin::Dropped
        } else if text == NOT_KEPT_EDITED {
            TokenOrigin::DroppedEdited
        } else if self.made_here(text) {
            TokenOrigin::Own
        } else if self.own_tokens.iter().any(|own| edited_from(text, own)) {
            TokenOrigin::Edited
        } else {
            TokenOrigin::Outside
        }
    }

    /// Remember a token of the playground's own, to tell an edit of it from
    /// a token pasted in ([`World::token_origin`]).
    pub(super) fn note_own_token(&mut self, token: &str) {
        if token.is_empty()
            || token.len() > MAX_OWN_TOKEN_BYTES
            || self.own_tokens.iter().any(|t| t == token)
        {
            return;
        }
        if self.own_tokens.len() >= MAX_OWN_TOKENS {
            self.own_tokens.remove(0);
        }
        self.own_tokens.push(token.to_string());
    }

    /// A value (a cookie's, say) that reads as a JWT, with a JSON payload,
    /// that was not made here: see [`World::made_here`].
    pub fn foreign_token(&self, value: &str) -> bool {
        let payload = value.split('.').nth(1).unwrap_or_default();
        let is_json = crate::jwt::base64url::decode(payload)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .is_some_and(|text| Json::parse(&text).is_ok());
        is_json && !self.made_here(value)
    }
}

/// How many of its own tokens the playground remembers, and how long one
/// may be, to recognise an edit of one.
pub(super) const MAX_OWN_TOKENS: usize = 16;
pub(super) const MAX_OWN_TOKEN_BYTES: usize = 8 * 1024;

/// Is `text` an edit of `own`: it keeps `own`'s payload or signature part, or
/// differs from it only in the middle (what is the same at its start and at
/// its end covers three quarters of it)? A token pasted from elsewhere
/// shares at most a common header with the playground's.
pub(super) fn edited_from(text: &str, own: &str) -> bool {
    let (a, b) = (text.trim(), own.trim());
    let parts_a: Vec<&str> = a.split('.').collect();
    let parts_b: Vec<&str> = b.split('.').collect();
    let shared = |i: usize| match (parts_a.get(i), parts_b.get(i)) {
        (Some(x), Some(y)) => !x.is_empty() && x == y,
        _ => false,
    };
    if parts_a.len() == 3 && (shared(1) || shared(2)) {
        return true;
    }
    let prefix = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let suffix = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let same = (prefix + suffix).min(a.len().min(b.len()));
    let longer = a.len().max(b.len());
    longer > 0 && same.saturating_mul(4) >= longer.saturating_mul(3)
}

/// A string claim of a token, if its payload decodes to a JSON object with it.
pub(super) fn claim_text(token: &str, name: &str) -> Option<String> {
    token_claims(token)?.get(name)?.as_str().map(str::to_string)
}

/// A token's payload, if it decodes to JSON.
pub(super) fn token_claims(token: &str) -> Option<Json> {
    let payload = token.trim().split('.').nth(1)?;
    let bytes = crate::jwt::base64url::decode(payload).ok()?;
    Json::parse(std::str::from_utf8(&bytes).ok()?).ok()
}
