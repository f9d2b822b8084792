//! The facts the student has seen happen, for the comparison table (JWT
//! against cookie session). They are all read here, in one place, from each
//! exchange as it is logged (its route, status, checklist and the token it
//! carried) and from the state the servers share afterwards: the servers
//! themselves never note what a student saw.

use super::*;
use crate::jwt::StepResult;
use crate::sim::lifecycle::{FamilyState, RevokeReason};
use crate::sim::trace::StepId;

impl World {
    /// Note what this exchange showed.
    pub(super) fn note_seen(&mut self, exchange: &Exchange) {
        for fact in self.facts_shown_by(exchange) {
            self.seen.insert(fact);
        }
    }

    /// What the student has seen so far (kept across resets and mode
    /// switches: it fills the comparison table).
    pub fn seen(&self) -> &BTreeSet<Seen> {
        &self.seen
    }

    pub fn has_seen(&self, fact: Seen) -> bool {
        self.seen.contains(&fact)
    }

    fn facts_shown_by(&self, exchange: &Exchange) -> Vec<Seen> {
        let path = exchange.request.route_path();
        let protected = path.starts_with("/api/");
        let status = exchange.status();
        let failed = exchange.trace.failed_step().map(|s| s.id);
        let life = self.cluster.lifecycle();
        let logged_out = self
            .story
            .iter()
            .any(|a| matches!(a, Action::Logout | Action::LogoutEverywhere));
        let crashed = self.story.iter().any(|a| matches!(a, Action::Crash(_)));
        let mut facts = Vec::new();
        match (self.mode, exchange.sender) {
            (Mode::Jwt, Sender::Raw) if protected && status == 200 && logged_out => {
                facts.push(Seen::JwtCopyWorked);
            }
            (Mode::Session, Sender::Raw) if protected && status == 401 && logged_out => {
                facts.push(Seen::SessionCopyStopped);
            }
            (Mode::Session, Sender::Page)
                if protected && status == 401 && crashed && failed == Some(StepId::Lookup) =>
            {
                facts.push(Seen::CrashLostSessions);
            }
            _ => {}
        }
        if exchange.sender == Sender::CrossSite {
            facts.extend(self.cross_site_fact(exchange));
        }
        if path == REFRESH_PATH && status == 200 {
            facts.push(Seen::Renewed);
        }
        if path == REFRESH_PATH && failed == Some(StepId::Spend) {
            let revoked_for_reuse = exchange
                .request
                .cookie(REFRESH_COOKIE)
                .and_then(|token| life.family_of(&token))
                .is_some_and(|f| f.state == FamilyState::Revoked(RevokeReason::Reuse));
            if revoked_for_reuse {
                facts.push(Seen::ReuseCaught);
            }
        }
        if path == LOGOUT_EVERYWHERE_PATH && status == 200 {
            facts.push(Seen::LoggedOutEverywhere);
        }
        if let Trace::Jwt(t) = &exchange.trace {
            facts.extend(deny_list_fact(t, life));
        }
        facts
    }
}

impl World {
    /// What a request from another site's page showed: whether the browser
    /// added the credential by itself, and whether it was accepted.
    fn cross_site_fact(&self, exchange: &Exchange) -> Option<Seen> {
        let status = exchange.status();
        match self.mode {
            Mode::Session => (status == 200 && exchange.request.cookie(SESSION_COOKIE).is_some())
                .then_some(Seen::CrossSiteCarriedSession),
            Mode::Jwt => {
                let carried = exchange.request.cookie(TOKEN_COOKIE).is_some();
                let storage = self.browser.storage();
                let held = self.browser.jar.get(TOKEN_COOKIE).is_some();
                if carried && status == 200 {
                    Some(Seen::CrossSiteCarriedToken)
                } else if !carried && status == 401 && storage.in_cookie() && held {
                    Some(Seen::SameSiteKeptToken)
                } else if !carried && status == 401 && !storage.in_cookie() {
                    self.browser
                        .token()
                        .is_some()
                        .then_some(Seen::CrossSiteNoBearer)
                } else {
                    None
                }
            }
        }
    }

    /// What the injected script's visit showed (the comments page with
    /// `xss` on): a token it carried off, or none while the JWT sat in an
    /// HttpOnly cookie.
    pub(super) fn note_script_read(&mut self) {
        if self.mode != Mode::Jwt {
            return;
        }
        let stole = self
            .loot
            .stolen
            .iter()
            .any(|s| matches!(s.credential(), Some(Credential::Token(_))));
        let cookie_token = self.browser.storage() == TokenStorage::HttpOnlyCookie
            && self
                .browser
                .jar
                .get(TOKEN_COOKIE)
                .is_some_and(|c| c.http_only);
        let read_now = read_by_script(
            &self.browser.script_view(self.clock.now).document_cookie,
            self.browser.local_storage(),
        );
        let token_read = read_now
            .iter()
            .any(|s| matches!(s.credential(), Some(Credential::Token(_))));
        if stole && token_read {
            self.seen.insert(Seen::ScriptStoleToken);
        } else if cookie_token && !token_read {
            self.seen.insert(Seen::ScriptMissedCookieToken);
        }
    }
}

/// A token whose `jti` is on the shared deny-list: refused by a server whose
/// copy has it, or accepted by one whose copy is older than the revocation.
fn deny_list_fact(trace: &JwtTrace, life: &Lifecycle) -> Option<Seen> {
    let revocation = trace.revocation.as_ref()?;
    let claims = trace.report.as_ref()?.claims.as_ref()?;
    let jti = claims.get("jti").and_then(Json::as_str)?;
    if !life.deny_entries().iter().any(|d| d.jti == jti) {
        return None;
    }
    // A token of an old version is refused for "log out everywhere", before
    // the deny-list is read.
    let sub = claims.get("sub").and_then(Json::as_str).unwrap_or_default();
    let version = claims.get("ver").and_then(Json::as_f64).unwrap_or(0.0);
    if version < f64::from(life.version(sub)) {
        return None;
    }
    match revocation.result {
        StepResult::Fail => Some(Seen::DenyRefused),
        StepResult::Pass => Some(Seen::DenyStale),
        StepResult::Skip | StepResult::Warn => None,
    }
}
