//! Many servers behind a load balancer, which is where the notes' drawbacks
//! of sessions and advantages of JWTs become visible.
//!
//! - All servers share one JWT secret, so any of them verifies any token.
//! - Each server keeps sessions in its own memory, unless the cluster uses a
//!   shared session store (think Redis), which outlives any one server.
//! - The balancer sends requests round-robin, or "sticky": it pins a browser
//!   to one server with a cookie of its own (like HAProxy's `cookie SERVERID
//!   insert` or AWS ALB's `AWSALB`) and moves it when that server is down.
//! - A crashed server loses its memory; a restarted one starts empty.
//! - In key-pair mode logins go to the issuer (server 1), and a server
//!   fetches the issuer's key set before checking a token when it must.

use super::balancer::{Choice, LoadBalancer};
pub use super::balancer::{LbPolicy, Routing, LB_COOKIE};
use super::http::{Request, Response, SameSite, SetCookie};
use super::keys::{
    fetch_reason, FetchReason, Issuer, JwksCopy, KeyMode, ISSUER_ID, JWKS_MAX_AGE, JWKS_PATH,
};
use super::lifecycle::{Lifecycle, LOGOUT_EVERYWHERE_PATH, REFRESH_PATH};
use super::mode::Mode;
use super::rng::EntropyError;
use super::server::protected::find_token;
use super::server::{Server, ServerTemplate, Shared, LOGIN_PATH, RENAME_PATH};
use super::session::SessionStore;
use super::trace::Trace;
use super::trace::{CheckStep, StepId};
use super::weakness::{Weakness, WEAK_SECRET};
use crate::jwt::decode;
use rand_core::RngCore;
use std::collections::BTreeSet;

/// At most this many servers.
pub const MAX_SERVERS: usize = 5;
/// A server fetching the issuer's key set before it answers a request
/// (key-pair mode): its own request and the issuer's answer, for the log.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetch {
    /// The server that asked.
    pub server_id: usize,
    pub reason: FetchReason,
    pub request: Request,
    pub response: Response,
    /// The issuer answered (`false`: it is down, 503).
    pub answered: bool,
}

/// The balancer, the servers, the optional shared session store, and the
/// issuer's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    template: ServerTemplate,
    servers: Vec<Server>,
    balancer: LoadBalancer,
    use_shared_store: bool,
    shared_store: SessionStore,
    key_mode: KeyMode,
    issuer: Issuer,
    /// Refresh families, the deny-list, token versions (shared by all servers).
    life: Lifecycle,
    /// The attack lab's switches that are on.
    weaknesses: BTreeSet<Weakness>,
}

impl Cluster {
    /// `count` servers (clamped to 1..=5) built from one template.
    pub fn new(
        template: ServerTemplate,
        count: usize,
        policy: LbPolicy,
        shared: bool,
        keys: (KeyMode, Issuer),
    ) -> Cluster {
        let count = count.clamp(1, MAX_SERVERS);
        let servers = (1..=count).map(|id| Server::new(id, &template)).collect();
        Cluster {
            template,
            servers,
            balancer: LoadBalancer::new(policy),
            use_shared_store: shared,
            shared_store: SessionStore::new(),
            key_mode: keys.0,
            issuer: keys.1,
            life: Lifecycle::default(),
            weaknesses: BTreeSet::new(),
        }
    }

    pub fn weaknesses(&self) -> &BTreeSet<Weakness> {
        &self.weaknesses
    }

    /// Switch one weakness on or off. `weak-secret` changes the secret
    /// every server signs and checks with (tokens made before are refused).
    pub fn set_weakness(&mut self, weakness: Weakness, on: bool) {
        if on {
            self.weaknesses.insert(weakness);
        } else {
            self.weaknesses.remove(&weakness);
        }
        if weakness == Weakness::WeakSecret {
            let secret = if on {
                WEAK_SECRET.to_string()
            } else {
                self.template.secret.clone()
            };
            for s in &mut self.servers {
                s.set_secret(&secret);
            }
        }
    }

    /// The secret the servers use now (the weak one when switched on).
    pub fn current_secret(&self) -> &str {
        if self.weaknesses.contains(&Weakness::WeakSecret) {
            WEAK_SECRET
        } else {
            &self.template.secret
        }
    }

    /// The token lifecycle state (refresh families, deny-list, versions).
    pub fn lifecycle(&self) -> &Lifecycle {
        &self.life
    }

    pub fn lifecycle_mut(&mut self) -> &mut Lifecycle {
        &mut self.life
    }

    pub fn key_mode(&self) -> KeyMode {
        self.key_mode
    }

    /// Shared secret or key pair. Servers forget their copies of the key set.
    pub fn set_key_mode(&mut self, mode: KeyMode) {
        self.key_mode = mode;
        for server in &mut self.servers {
            server.forget_jwks();
        }
    }

    /// The issuer's keys (key-pair mode).
    pub fn issuer(&self) -> &Issuer {
        &self.issuer
    }

    /// The issuer adds a new key that signs from now on. Returns its kid.
    pub fn rotate_key(&mut self, entropy: &mut dyn RngCore) -> Result<String, EntropyError> {
        self.issuer.rotate(entropy)
    }

    /// The issuer stops publishing all keys but the newest. Returns the kids removed.
    pub fn remove_old_keys(&mut self) -> Vec<String> {
        self.issuer.remove_old()
    }

    pub fn servers(&self) -> &[Server] {
        &self.servers
    }

    pub fn server(&self, id: usize) -> Option<&Server> {
        self.servers.iter().find(|s| s.id() == id)
    }

    /// The one secret every server signs and verifies with (the attack
    /// lab's weak one while `weak-secret` is on).
    pub fn secret(&self) -> &str {
        self.current_secret()
    }

    pub fn template(&self) -> &ServerTemplate {
        &self.template
    }

    pub fn policy(&self) -> LbPolicy {
        self.balancer.policy
    }

    pub fn set_policy(&mut self, policy: LbPolicy) {
        self.balancer.policy = policy;
    }

    pub fn uses_shared_store(&self) -> bool {
        self.use_shared_store
    }

    /// Switch the shared store on or off. Nothing moves: sessions made under
    /// the other setting stay where they are (and are not found).
    pub fn set_shared_store(&mut self, on: bool) {
        self.use_shared_store = on;
    }

    pub fn shared_store(&self) -> &SessionStore {
        &self.shared_store
    }

    /// Add a server with empty memory. Returns its id, or `None` at the maximum.
    pub fn add_server(&mut self) -> Option<usize> {
        if self.servers.len() >= MAX_SERVERS {
            return None;
        }
        let id = self.servers.iter().map(Server::id).max().unwrap_or(0) + 1;
        let mut server = Server::new(id, &self.template);
        server.set_secret(self.current_secret());
        self.servers.push(server);
        Some(id)
    }

    /// Remove the last server (and its memory). Keeps at least one.
    pub fn remove_server(&mut self) -> Option<usize> {
        if self.servers.len() <= 1 {
            return None;
        }
        self.servers.pop().map(|s| s.id())
    }

    /// Crash server `id`: down, memory lost. False if there is no such server.
    pub fn crash(&mut self, id: usize) -> bool {
        match self.servers.iter_mut().find(|s| s.id() == id) {
            Some(s) => {
                s.crash();
                true
            }
            None => false,
        }
    }

    /// Restart server `id`: up again, empty memory. False if there is no such server.
    pub fn restart(&mut self, id: usize) -> bool {
        match self.servers.iter_mut().find(|s| s.id() == id) {
            Some(s) => {
                s.restart();
                true
            }
            None => false,
        }
    }

    /// Back to the start: every server up with empty memory, the shared store
    /// empty, round-robin from the first server. Settings are kept.
    pub fn reset(&mut self) {
        for s in &mut self.servers {
            s.restart();
        }
        self.shared_store.clear();
        self.balancer.start_over();
    }

    /// Key-pair mode sends logins and key-set requests to the issuer, the
    /// only server that can sign and that publishes the keys.
    fn choose(&mut self, request: &Request) -> Choice {
        let path = request.route_path();
        // The refresh endpoint signs too, so it is the issuer's as well.
        if self.key_mode == KeyMode::KeyPair
            && (path == LOGIN_PATH || path == JWKS_PATH || path == REFRESH_PATH)
        {
            let index = self
                .servers
                .iter()
                .position(|s| s.id() == ISSUER_ID && s.is_up());
            let what = if path == JWKS_PATH {
                "Key-set requests go to the issuer, server 1, which publishes the keys."
            } else {
                "Logins go to the issuer, server 1: only it holds the private key that signs tokens."
            };
            let note = match index {
                Some(_) => what.to_string(),
                None => format!("{what} It is down."),
            };
            return Choice {
                index,
                note,
                pin: None,
            };
        }
        self.balancer.choose(&self.servers, request)
    }

    /// Key-pair mode: before server `index` checks a token, it fetches the
    /// issuer's key set if it has none, if its copy expired, or if the token
    /// names a kid it does not know. The issuer uses its own keys.
    fn refresh_keys(&mut self, index: usize, request: &Request, now: i64) -> Option<Fetch> {
        let path = request.route_path();
        if self.key_mode != KeyMode::KeyPair || path == LOGIN_PATH || path == JWKS_PATH {
            return None;
        }
        let server = self.servers.get(index)?;
        if server.id() == ISSUER_ID || !server.is_up() {
            return None;
        }
        let kid = find_token(request).ok().and_then(|(_, token)| {
            decode(&token)
                .header
                .json
                .as_ref()
                .and_then(|h| h.get("kid").and_then(|k| k.as_str().map(str::to_string)))
        });
        let reason = fetch_reason(server.jwks(), kid.as_deref(), now)?;
        let server_id = server.id();
        let fetch_request = Request::get(JWKS_PATH)
            .with_header("Host", "issuer.internal")
            .with_header("Accept", "application/jwk-set+json, application/json");
        let issuer_up = self
            .servers
            .iter()
            .any(|s| s.id() == ISSUER_ID && s.is_up());
        let response = if issuer_up {
            if let Some(server) = self.servers.get_mut(index) {
                server.store_jwks(JwksCopy {
                    set: self.issuer.published(),
                    fetched_at: now,
                    for_unknown_kid: matches!(reason, FetchReason::UnknownKid { .. }),
                });
            }
            Response::json(200, &self.issuer.published().to_public_json())
                .with_header("Cache-Control", format!("public, max-age={JWKS_MAX_AGE}"))
        } else {
            Response::error(
                503,
                format!("The issuer (server {ISSUER_ID}) is down: server {server_id} keeps the copy it had, if any."),
            )
        };
        Some(Fetch {
            server_id,
            reason,
            request: fetch_request,
            response,
            answered: issuer_up,
        })
    }

    /// Route one request through the balancer to a server. In key-pair mode
    /// the server may first fetch the issuer's key set (returned for the log).
    pub fn handle(
        &mut self,
        request: &Request,
        mode: Mode,
        now: i64,
        entropy: &mut dyn RngCore,
    ) -> (Response, Trace, Routing, Option<Fetch>) {
        let choice = self.choose(request);
        let fetch = choice
            .index
            .and_then(|i| self.refresh_keys(i, request, now));
        let Some(server) = choice.index.and_then(|i| self.servers.get_mut(i)) else {
            return (
                Response::error(
                    503,
                    "No server is up: the load balancer has nowhere to send the request. Restart a server.",
                ),
                Trace::Unavailable,
                Routing {
                    server_id: None,
                    note: choice.note,
                },
                None,
            );
        };
        let shared = self.use_shared_store.then_some(&mut self.shared_store);
        let (mut response, mut trace) = server.handle(
            request,
            mode,
            now,
            shared,
            entropy,
            Shared {
                key_mode: self.key_mode,
                issuer: &self.issuer,
                life: &mut self.life,
                weaknesses: &self.weaknesses,
            },
        );
        let server_id = server.id();
        // Log out everywhere, sessions: every server's memory (and the
        // shared store) is searched for the user's rows.
        if request.route_path() == LOGOUT_EVERYWHERE_PATH
            && mode == Mode::Session
            && response.status == 200
        {
            if let Trace::Lifecycle { steps, .. } = &mut trace {
                let email = steps.first().map(|s| s.detail.clone()).unwrap_or_default();
                let mut ended = 0;
                for s in &mut self.servers {
                    ended += s.end_sessions_of(&email);
                }
                ended += self.shared_store.remove_user(&email);
                steps.push(CheckStep::pass(
                    StepId::Everywhere,
                    "Search every server's memory and the shared store",
                    format!("{ended} more sessions of {email} deleted across the cluster"),
                ));
            }
        }
        // A new display name is written to the user database every server reads.
        if request.route_path() == RENAME_PATH && response.status == 200 {
            if let (Some(email), Some(name)) =
                (response.body_string("email"), response.body_string("name"))
            {
                for s in &mut self.servers {
                    s.rename_user(&email, &name);
                }
                self.shared_store.rename_user(&email, &name);
                for user in self.template.users.iter_mut().filter(|u| u.email == email) {
                    user.name = name.clone();
                }
            }
        }
        if let Some(id) = choice.pin {
            let cookie = SetCookie {
                name: LB_COOKIE.to_string(),
                value: format!("server-{id}"),
                http_only: true,
                secure: true,
                same_site: Some(SameSite::Lax),
                path: Some("/".to_string()),
                max_age: None,
            };
            response
                .headers
                .push(("Set-Cookie".to_string(), cookie.to_header_value()));
        }
        (
            response,
            trace,
            Routing {
                server_id: Some(server_id),
                note: choice.note,
            },
            fetch,
        )
    }
}
