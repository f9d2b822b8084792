//! What a user can do: the [`Action`]s a story is made of, and the public
//! action methods of [`World`], each recorded in the story, then performed.

use super::*;

/// Something the user did. The story of a session is a list of these, so it
/// can be played again in the other mode ([`World::replay_in_mode`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Action {
    Login {
        email: String,
        password: String,
    },
    PageRequest {
        method: Method,
        path: String,
        body: Option<String>,
    },
    Logout,
    /// A raw request (not from the page).
    Send(Request),
    AdvanceClock(i64),
    AddServer,
    RemoveServer,
    Crash(usize),
    Restart(usize),
    SetLbPolicy(LbPolicy),
    SetSharedStore(bool),
    SetTokenStorage(TokenStorage),
    SetTokenText(String),
    EditCookie {
        name: String,
        value: String,
    },
    ReloadPage,
    SetKeyMode(KeyMode),
    /// The issuer adds a new key and signs with it from now on.
    RotateKey,
    /// The issuer stops publishing every key but the newest.
    RemoveOldKey,
    SetTokenScheme(TokenScheme),
    /// Seconds a server may use its copy of the deny-list.
    SetDenyDelay(i64),
    /// The page spends its refresh token for a new pair.
    RefreshNow,
    /// A thief copies the refresh cookie (malware on the laptop, a synced backup).
    StealRefresh,
    /// The thief spends the stolen refresh token from another machine.
    ReplayRefresh,
    /// The page asks the server to deny-list its current access token.
    RevokeToken,
    /// The page asks the server to end every credential of the user.
    LogoutEverywhere,
    /// The attack lab: switch one server weakness on or off.
    SetWeakness(Weakness, bool),
    /// The user opens the page with a visitor's comment in it; with `xss`
    /// on, the script hidden in the comment runs and sends what it reads
    /// to `evil.example`.
    OpenCommentsPage,
    /// The user visits `evil.example`, whose page posts to
    /// `/api/profile/name` on the app (CSRF).
    VisitAttackerSite,
    /// The user clicks a link on the app's page that leads to
    /// `evil.example`: the browser sends the page's address as `Referer`.
    FollowLink,
    /// The user signs in to `reports.example`, another service of the same
    /// issuer: it receives an ID token made for it (the `no-aud` exercise).
    SignInToReports,
    /// The attacker sends `GET path` from its own machine with the newest
    /// credential it stole (or none).
    AttackerSend(String),
}

/// Something that changed the world: an action, or a new start.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Event {
    Act(Action),
    /// "Start the story again".
    Reset,
    /// Switch mode and start over.
    SetMode(Mode),
    /// Switch mode and play the story so far again.
    ReplayInMode(Mode),
}

/// Whether `new` replaces `last` in a story: a run of edits of the token
/// or of one cookie is kept as its last one.
pub(super) fn coalesces(last: &Action, new: &Action) -> bool {
    match (last, new) {
        (Action::SetTokenText(_), Action::SetTokenText(_)) => true,
        (Action::EditCookie { name: a, .. }, Action::EditCookie { name: b, .. }) => a == b,
        _ => false,
    }
}

impl World {
    // ----- actions -------------------------------------------------------
    // Each public action is recorded in the story (so it can be replayed in
    // the other mode), then performed.

    /// The page posts `{"email", "password"}` to `/user/login`; on success in
    /// JWT mode the page keeps the token where its storage setting says.
    pub fn login(&mut self, email: &str, password: &str) -> Exchange {
        self.record(Action::Login {
            email: email.to_string(),
            password: password.to_string(),
        });
        self.do_login(email, password)
    }

    /// The page sends `GET path` with whatever the browser holds.
    pub fn get(&mut self, path: &str) -> Exchange {
        self.page_request(Method::Get, path, None)
    }

    /// The page logs out: it posts to `/user/logout` and drops its token.
    pub fn logout(&mut self) -> Exchange {
        self.record(Action::Logout);
        self.do_logout()
    }

    /// Any request from the page (`fetch(path, {method, body})`).
    pub fn page_request(&mut self, method: Method, path: &str, body: Option<String>) -> Exchange {
        self.record(Action::PageRequest {
            method: method.clone(),
            path: path.to_string(),
            body: body.clone(),
        });
        self.do_page_request(method, path, body)
    }

    /// A raw request, sent exactly as written; the browser is neither used nor changed.
    pub fn send(&mut self, request: Request) -> Exchange {
        self.record(Action::Send(request.clone()));
        self.dispatch(request, Sender::Raw)
    }

    /// Move the clock; cookies past their `Max-Age` leave the jar.
    pub fn advance_clock(&mut self, secs: i64) {
        self.perform(Action::AdvanceClock(secs));
    }

    /// Add a server (up to 5). Returns its id.
    pub fn add_server(&mut self) -> Option<usize> {
        self.record(Action::AddServer);
        self.cluster.add_server()
    }

    /// Remove the last server (at least one stays). Returns its id.
    pub fn remove_server(&mut self) -> Option<usize> {
        self.record(Action::RemoveServer);
        self.cluster.remove_server()
    }

    /// Crash a server: it stops answering and its memory is lost.
    pub fn crash(&mut self, id: usize) -> bool {
        self.record(Action::Crash(id));
        self.cluster.crash(id)
    }

    /// Restart a server: it answers again, with empty memory.
    pub fn restart(&mut self, id: usize) -> bool {
        self.record(Action::Restart(id));
        self.cluster.restart(id)
    }

    pub fn set_lb_policy(&mut self, policy: LbPolicy) {
        self.perform(Action::SetLbPolicy(policy));
    }

    pub fn set_shared_store(&mut self, on: bool) {
        self.perform(Action::SetSharedStore(on));
    }

    /// Where the page keeps its JWT; a held token moves along.
    pub fn set_token_storage(&mut self, storage: TokenStorage) {
        self.perform(Action::SetTokenStorage(storage));
    }

    /// The user edits the token the page holds (exact text; empty = none).
    /// A text over [`crate::sim::browser::MAX_PAGE_TOKEN_BYTES`] is refused: the
    /// page keeps its token, [`World::last_refusal`] says why, and nothing
    /// is journaled (nothing changed).
    pub fn set_token_text(&mut self, text: impl Into<String>) {
        let text = text.into();
        if text.len() > crate::sim::browser::MAX_PAGE_TOKEN_BYTES {
            self.browser
                .refuse(CookieError::PageTokenTooLarge { bytes: text.len() });
            return;
        }
        self.perform(Action::SetTokenText(text));
    }

    /// The user edits a cookie's value in the jar. False if there is no such
    /// cookie, or if the value would make the cookie larger than a browser
    /// keeps (`browser::MAX_COOKIE_BYTES`, 4096 bytes of name and value): the
    /// cookie then keeps its value and [`World::last_refusal`] says why.
    pub fn edit_cookie(&mut self, name: &str, value: impl Into<String>) -> bool {
        let value = value.into();
        self.record(Action::EditCookie {
            name: name.to_string(),
            value: value.clone(),
        });
        self.browser.edit_cookie(name, value)
    }

    /// Reload the page: a token kept in memory is lost.
    pub fn reload_page(&mut self) {
        self.perform(Action::ReloadPage);
    }

    /// Shared secret or key pair. Tokens issued under the other one are
    /// refused from now on (the algorithm is pinned: HS256 or ES256).
    pub fn set_key_mode(&mut self, mode: KeyMode) {
        self.perform(Action::SetKeyMode(mode));
    }

    /// The issuer adds a new key (next kid) and signs new tokens with it;
    /// both keys stay published, so earlier tokens keep working.
    pub fn rotate_key(&mut self) {
        self.perform(Action::RotateKey);
    }

    /// The issuer stops publishing its old keys. Servers whose copy of the
    /// key set still has them accept old tokens until the copy expires
    /// ([`crate::sim::keys::JWKS_MAX_AGE`]) and they fetch again.
    pub fn remove_old_key(&mut self) {
        self.perform(Action::RemoveOldKey);
    }

    /// Access token only, or access + refresh token (from the next login on).
    pub fn set_token_scheme(&mut self, scheme: TokenScheme) {
        self.perform(Action::SetTokenScheme(scheme));
    }

    /// Seconds a server may use its copy of the deny-list (0: look it up on every request).
    pub fn set_deny_delay(&mut self, secs: i64) {
        self.perform(Action::SetDenyDelay(secs));
    }

    /// The page spends its refresh token: `POST /auth/refresh`.
    pub fn refresh_now(&mut self) -> Exchange {
        self.record(Action::RefreshNow);
        self.do_refresh()
    }

    /// A thief copies the browser's refresh cookie. False when there is none.
    pub fn steal_refresh(&mut self) -> bool {
        self.perform(Action::StealRefresh);
        self.loot.refresh.is_some()
    }

    /// The thief spends the stolen refresh token from its own machine.
    pub fn replay_refresh(&mut self) -> Option<Exchange> {
        self.perform(Action::ReplayRefresh)
    }

    /// The page asks the server to deny-list its access token: `POST /auth/revoke`.
    pub fn revoke_token(&mut self) -> Exchange {
        self.record(Action::RevokeToken);
        self.do_page_request(Method::Post, REVOKE_PATH, None)
    }

    /// `POST /user/logout-everywhere`, then the page forgets its token.
    pub fn logout_everywhere(&mut self) -> Exchange {
        self.record(Action::LogoutEverywhere);
        self.do_logout_everywhere()
    }

    /// The attack lab: switch one of the servers' weaknesses on or off.
    pub fn set_weakness(&mut self, weakness: Weakness, on: bool) {
        self.perform(Action::SetWeakness(weakness, on));
    }

    /// The weaknesses switched on.
    /// The user opens the comments page. With `xss` on, the comment's script
    /// runs and posts what it reads to `evil.example` (that exchange is
    /// returned); with it off the comment shows as text and nothing is sent.
    pub fn open_comments_page(&mut self) -> Option<Exchange> {
        self.perform(Action::OpenCommentsPage)
    }

    /// The user visits `evil.example`, whose page posts to the app (CSRF).
    pub fn visit_attacker_site(&mut self) -> Exchange {
        self.record(Action::VisitAttackerSite);
        self.do_cross_site()
    }

    /// The user clicks a link on the app's page to `evil.example`; with
    /// `token-in-url` on, the `Referer` it sends holds the token.
    pub fn follow_link_to_attacker(&mut self) -> Exchange {
        self.record(Action::FollowLink);
        self.do_follow_link()
    }

    /// The user signs in to `reports.example` with the same issuer, which
    /// signs an ID token for it (`aud` reports.example) with the API's key.
    pub fn sign_in_to_reports(&mut self) -> Exchange {
        self.record(Action::SignInToReports);
        self.do_sign_in_to_reports()
    }

    /// The attacker sends `GET path` from its own machine with what it stole.
    pub fn attacker_send(&mut self, path: &str) -> Option<Exchange> {
        self.perform(Action::AttackerSend(path.to_string()))
    }

    pub fn weaknesses(&self) -> Vec<Weakness> {
        self.cluster.weaknesses().iter().copied().collect()
    }

    /// What the thief holds.
    pub fn loot(&self) -> &Loot {
        &self.loot
    }

    /// The token lifecycle state (refresh families, deny-list, versions, what was seen).
    pub fn lifecycle(&self) -> &Lifecycle {
        self.cluster.lifecycle()
    }

    /// Record and perform any action; requests return their exchange.
    pub fn apply(&mut self, action: Action) -> Option<Exchange> {
        self.perform(action)
    }
}
