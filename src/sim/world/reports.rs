//! A second service, `reports.example`, that signs its users in with the
//! app's issuer (OpenID Connect single sign-on). The issuer hands it an ID
//! token signed with the same key as the API's access tokens, but made for
//! reports.example (`aud`) and typed as a plain `JWT`, not `at+jwt`: the
//! `no-aud` weakness lets the API take it all the same.

use super::*;
use crate::jwt::{sign, sign_with, typed_header, Key, KeyEncoding, SigningKey};
use crate::sim::http::{ISSUER_URL, REPORTS_AUDIENCE, REPORTS_HOST};

/// The path on reports.example that receives the issuer's answer.
pub const REPORTS_SIGN_IN_PATH: &str = "/signin/callback";
/// The member of reports.example's answer that holds the ID token.
pub const ID_TOKEN_FIELD: &str = "id_token";
/// The title of its exchanges' checklist.
const TITLE: &str = "reports.example: another service of the same issuer";
/// The one step of that checklist.
const STEP: &str = "The issuer signs an ID token for reports.example";

impl World {
    /// The user signs in to reports.example with the app's issuer: the
    /// issuer signs an OpenID Connect ID token for reports.example (the
    /// user's identity, `aud` reports.example), with the same key as the
    /// API's access tokens. Who signs in is whoever last logged in to the
    /// app (the issuer's single sign-on remembers them); nobody yet, and
    /// reports.example gets a 401.
    pub(super) fn do_sign_in_to_reports(&mut self) -> Exchange {
        let request = Request::new(Method::Get, REPORTS_SIGN_IN_PATH)
            .with_header("Host", REPORTS_HOST)
            .with_header("Referer", format!("https://{HOST}/"));
        let (response, step, note) = match self.sign_id_token() {
            Ok((token, email)) => {
                let body = Json::object([
                    (ID_TOKEN_FIELD, Json::string(token)),
                    ("token_type", Json::string("ID token (OpenID Connect)")),
                ]);
                let signer = match self.cluster.key_mode() {
                    KeyMode::SharedSecret => "the servers' shared secret",
                    KeyMode::KeyPair => "the issuer's private key",
                };
                (
                    Response::json(200, &body).with_header("Cache-Control", "no-store"),
                    CheckStep::pass(
                        StepId::Issue,
                        STEP,
                        format!(
                            "{email} signed in to reports.example with the app's issuer. The issuer signed an ID token with {signer}, the same key as the API's access tokens, but it says \"aud\": \"{REPORTS_AUDIENCE}\" and \"typ\": \"JWT\": it tells reports.example who signed in, and is no access token for the API."
                        ),
                    ),
                    format!("{email} signs in to reports.example with the same issuer; reports.example receives an ID token made for it."),
                )
            }
            Err(why) => (
                Response::error(401, why.clone()),
                CheckStep::fail(StepId::Issue, STEP, why),
                "Sign in to reports.example with the same issuer: refused.".to_string(),
            ),
        };
        self.log_elsewhere_titled(Sender::Page, request, response, note, step, TITLE)
    }

    /// The ID token the issuer made for reports.example most recently, if
    /// the log still holds it.
    pub fn reports_id_token(&self) -> Option<String> {
        self.log.iter().rev().find_map(|e| {
            (e.request.header("Host") == Some(REPORTS_HOST) && e.status() == 200)
                .then(|| e.response.body_string(ID_TOKEN_FIELD))
                .flatten()
        })
    }

    /// The ID token for the user who last logged in, and their email.
    fn sign_id_token(&self) -> Result<(String, String), String> {
        let email = self
            .log
            .iter()
            .rev()
            .find_map(|e| match &e.trace {
                Trace::Login(t) if e.status() == 200 => t.email.clone(),
                _ => None,
            })
            .map(|email| email.trim().to_ascii_lowercase())
            .ok_or_else(|| "Nobody has signed in with the issuer yet: log in to the app first, then reports.example can sign you in with the same account.".to_string())?;
        let user = self
            .users()
            .iter()
            .find(|u| u.email == email)
            .ok_or_else(|| format!("The issuer has no account for {email}."))?;
        let now = self.clock.now;
        let ttl = self.cluster.template().settings.token_ttl;
        // An OpenID Connect ID token's claims (OpenID Connect Core 1.0
        // section 2), with the role reports.example shows.
        let claims = Json::Object(vec![
            ("iss".to_string(), Json::String(ISSUER_URL.to_string())),
            ("sub".to_string(), Json::String(user.email.clone())),
            (
                "aud".to_string(),
                Json::String(REPORTS_AUDIENCE.to_string()),
            ),
            ("name".to_string(), Json::String(user.name.clone())),
            ("role".to_string(), Json::String(user.role.clone())),
            ("iat".to_string(), Json::Number(now.to_string())),
            (
                "exp".to_string(),
                Json::Number(now.saturating_add(ttl).to_string()),
            ),
            ("auth_time".to_string(), Json::Number(now.to_string())),
        ])
        .to_compact();
        let alg = self.alg();
        let cannot = |e: &dyn fmt::Display| format!("The issuer could not sign an ID token: {e}");
        let token = match self.cluster.key_mode() {
            KeyMode::SharedSecret => {
                let key =
                    Key::from_text(self.secret(), KeyEncoding::Utf8).map_err(|e| cannot(&e))?;
                sign(alg, &typed_header(alg, "JWT", None), &claims, &key)
                    .map_err(|e| cannot(&e))?
                    .token
            }
            KeyMode::KeyPair => {
                let current = self
                    .issuer()
                    .current()
                    .ok_or_else(|| "The issuer has no key to sign with.".to_string())?;
                let key = SigningKey::Private {
                    key: Box::new(current.private.clone()),
                    kid: Some(current.kid.clone()),
                };
                let header = typed_header(alg, "JWT", Some(&current.kid));
                // ES256 is deterministic (RFC 6979): the rng is never drawn from.
                let mut rng = rand_core::OsRng;
                sign_with(alg, &header, &claims, &key, &mut rng)
                    .map_err(|e| cannot(&e))?
                    .token
            }
        };
        Ok((token, user.email.clone()))
    }
}
