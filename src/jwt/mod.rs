//! JSON Web Tokens signed with HMAC, RSA, ECDSA or Ed25519, in pure Rust (no
//! browser APIs), so the same code is tested natively and runs in the page.
//!
//! Layered like `jose`, from the bytes up: `base64url` and `json` (a strict
//! reader), `compact` (the three dot-separated parts), the JWS itself
//! (`sign`, and `verify`'s walk of RFC 7515 section 5.2), then the claims
//! (`verify`'s claim checks, RFC 7519 section 7.2 and RFC 8725) and, on top,
//! `inspect`, which the debugger calls. Keys: `key` (a secret), `asym` (the
//! public-key computations), `keyset` (PEM, JWK, JWK Set, and the choice of
//! one by `kid`).
//!
//! Like `jsonwebtoken`, the modules are private behind this façade: the rest
//! of the app (and the tests) name what is re-exported here. Five stay
//! public as namespaces of helpers whose names would read badly on their own:
//! - [`base64url`]: `base64url::encode` / `decode` (RFC 4648 section 5);
//! - [`claims`]: registered claims in plain words, times in human form;
//! - [`display`]: untrusted text made safe to read (invisible characters
//!   shown, long values shortened, counts with the right plural);
//! - [`guess`]: the secret guesser's word list and its sliced search;
//! - [`samples`]: the sample tokens and keys (jwt.io's, RFC 7515's).

mod alg;
mod asym;
pub mod base64url;
pub mod claims;
mod compact;
mod decode;
mod der_signature;
pub mod display;
mod error;
pub mod guess;
mod inspect;
mod json;
mod key;
mod keyset;
pub mod samples;
mod sign;
mod verify;
mod weak;

pub use alg::{Algorithm, Curve, Family};
pub use asym::{
    ecdsa_twin, key_pair_operations, KeyReadError, PrivateKey, PublicKey, MAX_MADE_RSA_BITS,
    MAX_RSA_BITS, MIN_MADE_RSA_BITS,
};
pub use compact::parse_object;
pub use decode::{decode, prepare, PartView, Segment, JWE_PARTS};
pub use error::{ErrorKind, JwtError, Part};
pub use inspect::{
    inspect, inspect_with, read_keys, Expected, InspectOptions, Inspection, Verdict, VerdictStatus,
};
pub use json::{write_string, Json, JsonError, JsonErrorKind, MAX_DEPTH};
pub use key::{Key, KeyEncoding, KeyError};
pub use keyset::{KeyEntry, KeyFormat, KeySet, Material, SigningKey, MAX_KEYS};
pub use sign::{
    build_trace, build_trace_with, replace_part, set_header_members, sign, sign_claims, sign_with,
    standard_header, typed_header, BuildStep, BuildStepId, Signed,
};
pub use verify::{
    verify, Policy, StepDetail, StepOutcome, StepResult, UnsafeOptions, VerifyReport, VerifyStep,
};
pub use weak::{is_known_weak, Candidates};
