//! Doing an action: the page's requests (login, logout, refresh, `fetch()`),
//! and dispatching every request through the balancer to a server, into the log.

use super::*;

impl World {
    pub(super) fn perform(&mut self, action: Action) -> Option<Exchange> {
        self.record(action.clone());
        match action {
            Action::Login { email, password } => return Some(self.do_login(&email, &password)),
            Action::PageRequest { method, path, body } => {
                return Some(self.do_page_request(method, &path, body))
            }
            Action::Logout => return Some(self.do_logout()),
            Action::Send(request) => return Some(self.dispatch(request, Sender::Raw)),
            Action::AdvanceClock(secs) => {
                self.clock.advance(secs);
                self.browser.jar.purge_expired(self.clock.now);
            }
            Action::AddServer => {
                self.cluster.add_server();
            }
            Action::RemoveServer => {
                self.cluster.remove_server();
            }
            Action::Crash(id) => {
                self.cluster.crash(id);
            }
            Action::Restart(id) => {
                self.cluster.restart(id);
            }
            Action::SetLbPolicy(policy) => self.cluster.set_policy(policy),
            Action::SetSharedStore(on) => self.cluster.set_shared_store(on),
            Action::SetTokenStorage(storage) => self.browser.set_storage(storage, self.clock.now),
            // In session mode the page keeps no token: there is nothing to edit.
            Action::SetTokenText(text) => {
                if self.mode == Mode::Jwt {
                    if self.made_here(&text) {
                        self.note_own_token(&text);
                    }
                    self.browser.set_token_text(text, self.clock.now);
                }
            }
            Action::EditCookie { name, value } => {
                self.browser.edit_cookie(&name, value);
            }
            Action::ReloadPage => self.browser.reload(),
            Action::SetKeyMode(mode) => self.cluster.set_key_mode(mode),
            Action::RotateKey => {
                // Without randomness there is no new key; the old one keeps signing.
                let _ = self.cluster.rotate_key(&mut self.entropy);
            }
            Action::RemoveOldKey => {
                self.cluster.remove_old_keys();
            }
            Action::SetTokenScheme(scheme) => self.cluster.lifecycle_mut().scheme = scheme,
            Action::SetDenyDelay(secs) => {
                self.cluster.lifecycle_mut().deny_delay = secs.clamp(0, 3600);
            }
            Action::RefreshNow => return Some(self.do_refresh()),
            Action::StealRefresh => {
                if let Some(cookie) = self.browser.jar.get(REFRESH_COOKIE) {
                    self.loot.refresh = Some(cookie.value.clone());
                }
            }
            Action::ReplayRefresh => {
                let stolen = self.loot.refresh.clone()?;
                let request = Request::new(Method::Post, REFRESH_PATH)
                    .with_header("Host", HOST)
                    .with_header("Cookie", format!("{REFRESH_COOKIE}={stolen}"));
                let exchange = self.dispatch(request, Sender::Raw);
                if exchange.status() == 200 {
                    self.loot.access = exchange.response.body_string("token");
                    self.loot.refresh = exchange
                        .response
                        .set_cookies()
                        .into_iter()
                        .find(|c| c.name == REFRESH_COOKIE)
                        .map(|c| c.value);
                }
                return Some(exchange);
            }
            Action::RevokeToken => {
                return Some(self.do_page_request(Method::Post, REVOKE_PATH, None))
            }
            Action::LogoutEverywhere => return Some(self.do_logout_everywhere()),
            Action::SetWeakness(weakness, on) => self.cluster.set_weakness(weakness, on),
            Action::OpenCommentsPage => return self.do_comments_page(),
            Action::VisitAttackerSite => return Some(self.do_cross_site()),
            Action::FollowLink => return Some(self.do_follow_link()),
            Action::SignInToReports => return Some(self.do_sign_in_to_reports()),
            Action::AttackerSend(path) => {
                let request = match self.loot.credential() {
                    Some(credential) => credential.request(&path),
                    None => {
                        Request::get(path).with_header("User-Agent", "curl/8.5.0 (evil.example)")
                    }
                };
                return Some(self.dispatch(request, Sender::Attacker));
            }
        }
        None
    }

    pub(super) fn do_login(&mut self, email: &str, password: &str) -> Exchange {
        let body = Json::object([
            ("email", Json::string(email)),
            ("password", Json::string(password)),
        ])
        .to_compact();
        let exchange = self.do_page_request(Method::Post, LOGIN_PATH, Some(body));
        if exchange.status() == 200 {
            let token = self.delivered_token(&exchange);
            if let Some(token) = token {
                self.note_issued(&token);
                self.browser.store_token(token, self.clock.now);
            }
        }
        exchange
    }

    pub(super) fn do_logout(&mut self) -> Exchange {
        let mut exchange = self.do_page_request(Method::Post, "/user/logout", None);
        // With refresh tokens, the page also revokes its refresh family (the
        // cookie is only sent under /auth/refresh).
        if self.browser.jar.get(REFRESH_COOKIE).is_some() {
            exchange = self.do_page_request(Method::Post, REFRESH_REVOKE_PATH, None);
        }
        self.browser.forget_token();
        exchange
    }

    pub(super) fn do_logout_everywhere(&mut self) -> Exchange {
        let exchange = self.do_page_request(Method::Post, LOGOUT_EVERYWHERE_PATH, None);
        if exchange.status() == 200 {
            self.browser.forget_token();
        }
        exchange
    }

    /// `POST /auth/refresh` from the page; a new access token is kept.
    pub(super) fn do_refresh(&mut self) -> Exchange {
        let exchange = self.do_page_request(Method::Post, REFRESH_PATH, None);
        if exchange.status() == 200 {
            if let Some(token) = self.delivered_token(&exchange) {
                self.note_issued(&token);
                self.browser.store_token(token, self.clock.now);
            }
        }
        exchange
    }

    /// The token a login or refresh delivered: in the JSON body, or (asked
    /// for with `Token-Delivery: cookie`) in the `HttpOnly` cookie the
    /// browser has just stored, which the page itself never reads. The
    /// world notes it as one of its own tokens either way.
    fn delivered_token(&self, exchange: &Exchange) -> Option<String> {
        if self.browser.storage().server_delivers() && self.mode == Mode::Jwt {
            let cookie = self.browser.jar.get(TOKEN_COOKIE)?;
            return Some(cookie.value.clone());
        }
        exchange.response.body_string("token")
    }

    /// The page's `fetch()`. Its script adds `Authorization: Bearer` only in
    /// JWT mode and never to the login itself: a login carries credentials,
    /// not the old token (which may be garbage the user pasted, or too large
    /// for the server to read at all). In session mode the page holds no token.
    pub(super) fn do_page_request(
        &mut self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Exchange {
        self.send_page(method, path, body, true)
    }

    pub(super) fn send_page(
        &mut self,
        method: Method,
        path: &str,
        body: Option<String>,
        renew: bool,
    ) -> Exchange {
        let route = path.split(['?', '#']).next().unwrap_or_default();
        let is_login = route == LOGIN_PATH;
        let is_refresh = route.starts_with(REFRESH_PATH);
        let bearer = self.mode == Mode::Jwt && !is_login && !is_refresh;
        // With `token-in-url` the page's script puts the token in the URL
        // instead of the Authorization header.
        let in_url = bearer && self.cluster.weaknesses().contains(&Weakness::TokenInUrl);
        let mut request = self.browser.build_request_with(
            method.clone(),
            path,
            body.clone(),
            self.clock.now,
            bearer && !in_url,
        );
        // With the token in an HttpOnly cookie, the login and a refresh ask
        // the server to deliver it there (the body then carries none).
        if self.mode == Mode::Jwt
            && (is_login || is_refresh)
            && self.browser.storage().server_delivers()
        {
            request = request.with_header(TOKEN_DELIVERY_HEADER, "cookie");
        }
        if in_url {
            if let Some(token) = self.browser.script_token() {
                request = request.with_query_param(QUERY_TOKEN, token.trim());
            }
        }
        let exchange = self.dispatch(request, Sender::Page);
        self.browser.jar.apply_response(
            &exchange.response,
            exchange.request.route_path(),
            self.clock.now,
        );
        // With refresh tokens the page renews by itself: an access token
        // refused as expired is traded for a new one, and the request sent
        // again (once).
        let expired = exchange
            .trace
            .verify_report()
            .and_then(|r| r.error.as_ref())
            .is_some_and(|e| e.kind() == crate::jwt::ErrorKind::Expired);
        let renewable = renew
            && self.mode == Mode::Jwt
            && !is_refresh
            && !is_login
            && exchange.status() == 401
            && expired
            && self.browser.jar.get(REFRESH_COOKIE).is_some();
        if renewable {
            let refreshed = self.do_refresh();
            if refreshed.status() == 200 {
                return self.send_page(method, path, body, false);
            }
        }
        exchange
    }

    pub(super) fn dispatch(&mut self, request: Request, sender: Sender) -> Exchange {
        let now = self.clock.now;
        // Whatever the server fetches while it handles this request is logged
        // (and numbered) from here, before the request's own exchange.
        let first_fetch = self.next_seq;
        let (response, trace, routing, fetch) =
            self.cluster
                .handle(&request, self.mode, now, &mut self.entropy);
        if let Some(fetch) = fetch {
            // What the issuer just served (read from it, not parsed back from the body).
            let kids = self.cluster.issuer().kids();
            let step = if fetch.answered {
                CheckStep::pass(
                    StepId::Publish,
                    "Publish the issuer's public keys",
                    format!(
                        "server {} now trusts kid {}",
                        fetch.server_id,
                        if kids.is_empty() {
                            "none".to_string()
                        } else {
                            kids.join(", ")
                        }
                    ),
                )
            } else {
                CheckStep::fail(
                    StepId::Publish,
                    "Publish the issuer's public keys",
                    fetch.response.error_message().unwrap_or_default(),
                )
            };
            let exchange = Exchange {
                seq: self.next_seq,
                at: now,
                sender: Sender::Server(fetch.server_id),
                request: fetch.request,
                response: fetch.response,
                server_id: fetch.answered.then_some(ISSUER_ID),
                routing: Routing {
                    server_id: fetch.answered.then_some(ISSUER_ID),
                    note: format!(
                        "Server {} asks the issuer for its public keys: {}.",
                        fetch.server_id, fetch.reason
                    ),
                },
                trace: Trace::Jwks(vec![step]),
                fetched: Vec::new(),
            };
            self.next_seq = self.next_seq.saturating_add(1);
            if self.log.len() >= MAX_LOG {
                self.log.remove(0);
            }
            self.log.push(exchange);
        }
        if let Some(server_id) = routing.server_id {
            let checks_token = self.mode == Mode::Jwt
                && request.route_path().starts_with("/api/")
                && self.cluster.weaknesses().contains(&Weakness::TrustJku);
            if checks_token {
                if let Ok((_, token)) = find_token(&request) {
                    self.log_jku_fetch(server_id, &token);
                }
            }
        }
        let seq = self.next_seq;
        let fetched = self.fetched_since(first_fetch, seq);
        // The server answered the full request; the log (and the caller)
        // get the copy with very long values shortened.
        let exchange = Exchange {
            seq,
            at: now,
            sender,
            request: request_for_log(&request),
            response: response_for_log(&response),
            server_id: routing.server_id,
            routing,
            trace,
            fetched,
        };
        self.next_seq = self.next_seq.saturating_add(1);
        if self.log.len() >= MAX_LOG {
            self.log.remove(0);
        }
        self.note_seen(&exchange);
        self.log.push(exchange.clone());
        exchange
    }

    /// The exchanges a server logged, from `first` on, while it handled
    /// request `seq`; each says so in its routing note.
    fn fetched_since(&mut self, first: u64, seq: u64) -> Vec<Fetched> {
        let mut fetched = Vec::new();
        for e in self
            .log
            .iter_mut()
            .filter(|e| e.seq >= first && e.seq < seq)
        {
            let Sender::Server(by) = e.sender else {
                continue;
            };
            e.routing.note = format!(
                "{} This happens while it answers request #{seq}, before it checks that request's token.",
                e.routing.note
            );
            fetched.push(Fetched {
                seq: e.seq,
                by,
                answered_by: e.server_id,
                line: format!("{} {}", e.request.method.as_str(), e.request.route_path()),
                host: if e.server_id.is_some() {
                    String::new()
                } else {
                    e.request.header("Host").unwrap_or_default().to_string()
                },
                status: e.status(),
                reason: e.response.reason(),
            });
        }
        fetched
    }
}
