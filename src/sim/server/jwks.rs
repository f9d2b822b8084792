//! `GET /.well-known/jwks.json`: the issuer's public keys, for anyone.
//!
//! Publishing them is safe: a public key only checks signatures. In
//! shared-secret mode there is nothing to publish, since the one secret
//! both signs and checks.

use super::{Ctx, Trust};
use crate::sim::http::Response;
use crate::sim::keys::{ISSUER_ID, JWKS_MAX_AGE, JWKS_PATH};
use crate::sim::trace::{CheckStep, StepId, Trace};

const TITLE: &str = "Publish the issuer's public keys";

impl Ctx<'_> {
    pub(super) fn jwks(self) -> (Response, Trace) {
        match self.trust {
            Trust::Issuer(issuer) => {
                let kids = issuer.kids();
                let detail = format!(
                    "{} public {} (kid {}); the private {} never leave{} this server",
                    kids.len(),
                    if kids.len() == 1 { "key" } else { "keys" },
                    kids.join(", "),
                    if kids.len() == 1 { "key" } else { "keys" },
                    if kids.len() == 1 { "s" } else { "" },
                );
                (
                    Response::json(200, &issuer.published().to_public_json())
                        .with_header("Cache-Control", format!("public, max-age={JWKS_MAX_AGE}")),
                    Trace::Jwks(vec![CheckStep::pass(StepId::Publish, TITLE, detail)]),
                )
            }
            Trust::Verifier(_) => {
                let message = format!(
                    "Server {} does not publish keys: only the issuer (server {ISSUER_ID}) serves {JWKS_PATH}.",
                    self.id
                );
                (
                    Response::error(404, message.clone()),
                    Trace::Jwks(vec![CheckStep::fail(StepId::Publish, TITLE, message)]),
                )
            }
            Trust::Secret => {
                let message = format!(
                    "No key set here: with a shared secret there is no public key to publish. The one secret both signs and checks, so it must never leave the servers. Switch to key-pair mode to see {JWKS_PATH}."
                );
                (
                    Response::error(404, message.clone()),
                    Trace::Jwks(vec![CheckStep::fail(StepId::Publish, TITLE, message)]),
                )
            }
        }
    }
}
