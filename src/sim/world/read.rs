//! Reading the world: what the view shows (the browser, the servers, the
//! log, memory, the issuer, the key and the clock).

use super::*;

impl World {
    /// Direct access to the browser (edits made here are not part of the
    /// replayable story).
    pub fn browser_mut(&mut self) -> &mut Browser {
        &mut self.browser
    }

    // ----- reading -------------------------------------------------------

    pub fn config(&self) -> &WorldConfig {
        &self.config
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    pub fn now(&self) -> i64 {
        self.clock.now
    }

    pub fn browser(&self) -> &Browser {
        &self.browser
    }

    /// The cookie the browser refused to keep or change during the last
    /// action, if it did: too large (4096 bytes of name and value), or an
    /// `HttpOnly` cookie page script may not write. Real browsers refuse
    /// silently; the view says so.
    pub fn last_refusal(&self) -> Option<&CookieError> {
        self.browser.last_refusal()
    }

    /// The token the page holds, if any.
    pub fn token(&self) -> Option<String> {
        self.browser.token()
    }

    /// What a script in the page can read.
    pub fn script_view(&self) -> ScriptView {
        self.browser.script_view(self.clock.now)
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    pub fn servers(&self) -> &[Server] {
        self.cluster.servers()
    }

    pub fn server(&self, id: usize) -> Option<&Server> {
        self.cluster.server(id)
    }

    pub fn max_servers(&self) -> usize {
        MAX_SERVERS
    }

    pub fn lb_policy(&self) -> LbPolicy {
        self.cluster.policy()
    }

    pub fn uses_shared_store(&self) -> bool {
        self.cluster.uses_shared_store()
    }

    /// What server `id` holds in its own memory for logged-in users.
    pub fn memory(&self, id: usize) -> Option<Memory> {
        self.cluster.server(id).map(|s| Memory::of(s.sessions()))
    }

    /// What the shared session store holds.
    pub fn shared_memory(&self) -> Memory {
        Memory::of(self.cluster.shared_store())
    }

    /// Memory for logged-in users across every server and the shared store.
    pub fn total_memory(&self) -> Memory {
        let mut total = self.shared_memory();
        for s in self.servers() {
            total.entries += s.sessions().len();
            total.bytes += s.sessions().approx_bytes();
        }
        total
    }

    /// The cluster's JWT secret (UTF-8 text; its bytes are the HMAC key).
    /// Shared secret or key pair.
    pub fn key_mode(&self) -> KeyMode {
        self.cluster.key_mode()
    }

    /// The issuer's keys (used in key-pair mode).
    pub fn issuer(&self) -> &Issuer {
        self.cluster.issuer()
    }

    /// The algorithm the servers sign and accept now (JWT mode).
    pub fn alg(&self) -> Algorithm {
        self.cluster.key_mode().alg()
    }

    /// What a verifier needs to check the servers' tokens: the shared
    /// secret, or the issuer's published JWK Set (what the debugger is given).
    pub fn verification_key_text(&self) -> String {
        match self.cluster.key_mode() {
            KeyMode::SharedSecret => self.cluster.secret().to_string(),
            KeyMode::KeyPair => self.cluster.issuer().jwks_text(),
        }
    }

    pub fn secret(&self) -> &str {
        self.cluster.secret()
    }

    pub fn users(&self) -> &[User] {
        &self.cluster.template().users
    }

    /// Every exchange, oldest first.
    pub fn log(&self) -> &[Exchange] {
        &self.log
    }

    /// The newest exchange the app's servers (or balancer) answered, not
    /// another site: what the Server column explains.
    pub fn last_served(&self) -> Option<&Exchange> {
        self.log
            .iter()
            .rev()
            .find(|e| !matches!(e.trace, Trace::Elsewhere { .. }))
    }

    /// The newest exchange the page itself sent (not another machine's, not
    /// a server's key fetch, not evil.example's).
    pub fn last_from_page(&self) -> Option<&Exchange> {
        self.log
            .iter()
            .rev()
            .find(|e| e.sender == Sender::Page && !matches!(e.trace, Trace::Elsewhere { .. }))
    }

    /// The newest raw request ("another machine", as curl would send it).
    pub fn last_raw(&self) -> Option<&Exchange> {
        self.log.iter().rev().find(|e| e.sender == Sender::Raw)
    }

    pub fn last_exchange(&self) -> Option<&Exchange> {
        self.log.last()
    }
}
