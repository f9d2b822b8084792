//! JSON Web Tokens signed with HMAC, RSA, ECDSA or Ed25519, in pure Rust (no browser APIs), so the
//! same code is tested natively and runs in the page.
//!
//! - [`sign`]: make a token (RFC 7515 section 5.1) and the step-by-step build trace.
//! - [`verify`]: the strict server-side checklist (RFC 7515 section 5.2,
//!   RFC 7519 section 7.2, RFC 8725).
//! - [`keyset`]: the verifier's keys (secret, PEM, JWK, JWK Set) and the
//!   choice of one by `kid`; [`asym`]: the public-key computations.
//! - [`decode`]: lenient decoding for display; decoding is not verifying.
//! - [`claims`]: registered claims in plain words, times in human form.
//! - [`display`]: untrusted text made safe to read (invisible characters shown,
//!   long values shortened, counts with the right plural).

pub mod alg;
pub mod asym;
pub mod base64url;
pub mod claims;
pub mod compact;
pub mod decode;
pub mod der_signature;
pub mod display;
pub mod error;
pub mod guess;
pub mod inspect;
pub mod json;
pub mod key;
pub mod keyset;
pub mod samples;
pub mod sign;
pub mod verify;
pub mod weak;

pub use alg::{Algorithm, Curve, Family};
pub use asym::{PrivateKey, PublicKey};
pub use error::{ErrorKind, JwtError, Part};
pub use inspect::{
    inspect, inspect_with, read_keys, Expected, InspectOptions, Inspection, Verdict, VerdictStatus,
};
pub use json::Json;
pub use key::{Key, KeyEncoding, KeyError};
pub use keyset::{KeyEntry, KeyFormat, KeySet, Material, SigningKey};
pub use sign::{
    build_trace, build_trace_with, sign, sign_claims, sign_with, BuildStep, BuildStepId, Signed,
};
pub use verify::{verify, Policy, StepDetail, StepOutcome, StepResult, VerifyReport, VerifyStep};
