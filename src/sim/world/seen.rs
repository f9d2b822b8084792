//! The facts an exchange showed, for the comparison table (JWT against cookie
//! session), noted as each exchange is logged.

use super::*;

impl World {
    /// What this exchange showed, for the comparison table.
    pub(super) fn note_seen(&mut self, exchange: &Exchange) {
        let protected = exchange.request.route_path().starts_with("/api/");
        let logged_out = self
            .story
            .iter()
            .any(|a| matches!(a, Action::Logout | Action::LogoutEverywhere));
        let crashed = self.story.iter().any(|a| matches!(a, Action::Crash(_)));
        let status = exchange.status();
        let fact = match (self.mode, exchange.sender) {
            (Mode::Jwt, Sender::Raw) if protected && status == 200 && logged_out => {
                Some(Seen::JwtCopyWorked)
            }
            (Mode::Session, Sender::Raw) if protected && status == 401 && logged_out => {
                Some(Seen::SessionCopyStopped)
            }
            (Mode::Session, Sender::Page)
                if protected
                    && status == 401
                    && crashed
                    && exchange
                        .trace
                        .failed_step()
                        .is_some_and(|s| s.id == "lookup") =>
            {
                Some(Seen::CrashLostSessions)
            }
            _ => None,
        };
        if let Some(fact) = fact {
            self.cluster.lifecycle_mut().see(fact);
        }
    }
}
