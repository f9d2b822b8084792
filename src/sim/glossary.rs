//! Short meanings of the words a student meets on the screen before anything
//! explains them: the checklist's step names (`crit`, `nbf`, `segments`...),
//! the registered claims (RFC 7519 section 4.1) and `kid`, for the lines of
//! glosses under the panels that show them. Words met inside a sentence
//! (PBKDF2, round-robin, sticky, the HMAC key) are glossed in that sentence.
//! Always visible text, never on hover only: a class sees a projected
//! screen, not a mouse pointer.

/// A word and what it means, in a few words.
pub type Gloss = (&'static str, &'static str);

/// Every word with a gloss.
pub const GLOSSES: [Gloss; 11] = [
    ("segments", "the token's three parts, split at its dots"),
    ("alg", "the signing algorithm the header names"),
    (
        "crit",
        "header names the server must understand, or refuse the token",
    ),
    ("exp", "expiry time: refused from then on"),
    ("nbf", "not before: refused until then"),
    ("iss", "issuer: who made the token"),
    ("aud", "audience: who the token is for"),
    ("sub", "subject: who the token is about"),
    ("iat", "issued at"),
    ("jti", "the token's own unique id"),
    ("kid", "key id: which key signed it"),
];

/// What `word` means, if it has a gloss.
pub fn gloss(word: &str) -> Option<&'static str> {
    GLOSSES.iter().find(|(w, _)| *w == word).map(|(_, m)| *m)
}

/// The glosses of those `words` that have one, in their order, each once:
/// the line under a checklist explains its step names.
pub fn glosses_for<'a>(words: impl IntoIterator<Item = &'a str>) -> Vec<Gloss> {
    let mut out: Vec<Gloss> = Vec::new();
    for word in words {
        if let Some(entry) = GLOSSES.iter().find(|(w, _)| *w == word) {
            if !out.contains(entry) {
                out.push(*entry);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jargon_of_the_checklist_is_explained() {
        for word in ["segments", "alg", "crit", "exp", "nbf", "iss", "aud"] {
            assert!(gloss(word).is_some_and(|m| !m.is_empty()), "{word}");
        }
        // Plain step names need none.
        assert_eq!(gloss("signature"), None);
        assert_eq!(gloss("authorize"), None);
    }

    #[test]
    fn glosses_follow_the_checklist_order_once_each() {
        let ids = [
            "token",
            "segments",
            "alg",
            "crit",
            "signature",
            "exp",
            "nbf",
            "exp",
        ];
        let words: Vec<_> = glosses_for(ids).into_iter().map(|(w, _)| w).collect();
        assert_eq!(words, ["segments", "alg", "crit", "exp", "nbf"]);
        assert!(glosses_for(["cookie", "lookup"]).is_empty());
    }
}
