//! The attack lab's verifier mistakes, as switches on a [`super::Policy`]:
//! each off by default (the strict verifier).

use crate::jwt::keyset::KeySet;

/// The classic verifier mistakes, as switches. Each one that lets a token
/// through marks the checklist step it weakened: the step's detail starts
/// with `UNSAFE (weakness <name>): ` and the report lists the step with the
/// weakness's name in [`VerifyReport::let_through`]. A check the mistake
/// jumped over is `StepResult::Skip`; a check it fooled is
/// `StepResult::Warn`, never `Pass`. The names are the attack lab's
/// (`sim::weakness::Weakness::as_str`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnsafeOptions {
    /// Accept `"alg": "none"`: an unsigned token.
    pub accept_none: bool,
    /// Let the header choose the algorithm: an HS* token is checked by HMAC
    /// with this text (the public key the server holds) as the secret.
    pub alg_from_header: Option<String>,
    /// Check the signature with the key the token embeds in its `jwk` header.
    pub trust_jwk: bool,
    /// Fetch the key set from the URL in the token's `jku` header: the sets
    /// this server can reach, by URL (`None`: `jku` is never used).
    pub trust_jku: Option<Vec<(String, KeySet)>>,
    /// Read the HMAC key from the file the `kid` names (any kid with a `/`
    /// names an empty file here, so the key is empty).
    pub kid_path: bool,
    /// Do not check `exp`.
    pub skip_exp: bool,
    /// Weakness `no-verify`: the token is decoded and its signature never
    /// checked (a library's `decode` taken for `verify`; PortSwigger's first
    /// JWT lab). The header's `alg` and `crit` are still checked as usual;
    /// the signature step is `Skip`, whatever the signature part holds
    /// (even empty or not base64url), and the claims are checked as usual.
    pub no_verify: bool,
    /// Weakness `psychic-ecdsa`: an ECDSA verifier that never checks that r
    /// and s lie in [1, n-1], as Java 15 to 18's did (CVE-2022-21449): an
    /// ES256/ES384/ES512 signature of all zero bytes, of the right length
    /// (64, 96 or 132 bytes), passes (`Warn`) for any header and claims.
    /// Any other signature is checked as usual. Needs a key for the
    /// algorithm, as a real server holds one.
    pub psychic_ecdsa: bool,
    /// Weakness `kid-sql`: for an HMAC algorithm, a token with a `kid` has
    /// its key looked up with SQL built by pasting the kid:
    /// `SELECT key FROM keys WHERE kid = '<kid>'`, over this table of rows
    /// (kid, key as text; the key's UTF-8 bytes are the HMAC key). A tiny
    /// evaluator understands a kid without a quote (an exact lookup), and the
    /// two injections `<x>' UNION SELECT '<text>' --` (the rows for `<x>`,
    /// then `<text>`; the trailing `--` may be left out) and
    /// `<x>' OR '1'='1` (every row); anything else with a quote is a syntax
    /// error. The first row returned is the key. The query is kept in
    /// [`VerifyReport::key_query`] and written in the signature step's
    /// detail; an injected kid turns the step into `Warn`. No rows, or an
    /// error, fails the step with [`JwtError::KidQuery`]. A token without a
    /// `kid` is checked with the policy's keys. `None`: off.
    pub kid_sql: Option<Vec<(String, String)>>,
    /// Weakness `exp-string`: an `exp` given as a JSON string is skipped
    /// instead of refused, as vulnerable libraries did (the class of
    /// CVE-2026-25537, Rust `jsonwebtoken` before 10.3): the claim-types
    /// step is `Warn` and the `exp` step `Skip`. Only `exp`, only a string:
    /// a string `nbf` or `iat`, or an `exp` of another wrong type, is still
    /// refused.
    pub exp_string: bool,
    /// Weakness `no-aud`: the server never compares the token's `aud` nor
    /// its `typ` with what the policy expects, so a token made for another
    /// service (an ID token for another app, signed by the same issuer) is
    /// taken as an access token for this one. Where the policy expects an
    /// audience or a type, the step is `Skip`, whatever the token says; its
    /// detail says whether a strict server would have refused it there.
    pub no_aud: bool,
}

impl UnsafeOptions {
    pub fn any(&self) -> bool {
        *self != UnsafeOptions::default()
    }
}
