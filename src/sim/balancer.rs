//! The load balancer in front of the servers: round-robin, or "sticky", where
//! it pins a browser to one server with a cookie of its own (like HAProxy's
//! `cookie SERVERID insert` or AWS ALB's `AWSALB`) and moves it when that
//! server is down. It only picks a server; the cluster sends the request.

use super::http::Request;
use super::server::Server;

/// Name of the balancer's sticky cookie.
pub const LB_COOKIE: &str = "lb";

/// How the balancer picks a server.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[strum(serialize_all = "kebab-case")]
pub enum LbPolicy {
    /// Each request goes to the next server that is up, in turn.
    #[default]
    RoundRobin,
    /// A browser stays on the server it first reached (an `lb` cookie says which).
    Sticky,
}

impl LbPolicy {
    /// `round-robin` / `sticky` (the UI's `<select>` values).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn from_str_value(value: &str) -> Option<LbPolicy> {
        value.parse().ok()
    }

    /// Both policies, in the order the page offers them.
    pub const ALL: [LbPolicy; 2] = [LbPolicy::RoundRobin, LbPolicy::Sticky];

    /// The policy in words, for a choice on screen.
    pub fn words(self) -> &'static str {
        match self {
            LbPolicy::RoundRobin => "Round-robin (in turn)",
            LbPolicy::Sticky => "Sticky (same server)",
        }
    }
}

/// Where the balancer sent a request, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routing {
    pub server_id: Option<usize>,
    /// One sentence, e.g. "Round-robin: server 2's turn."
    pub note: String,
}

/// The load balancer in front of the servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoadBalancer {
    pub policy: LbPolicy,
    /// Index of the server whose turn is next (round-robin).
    next: usize,
}

/// The server the balancer picked (an index into the servers), and why.
pub(super) struct Choice {
    pub(super) index: Option<usize>,
    pub(super) note: String,
    /// Set the sticky cookie to this server id.
    pub(super) pin: Option<usize>,
}

impl LoadBalancer {
    pub fn new(policy: LbPolicy) -> LoadBalancer {
        LoadBalancer { policy, next: 0 }
    }

    /// Round-robin starts again from the first server.
    pub(super) fn start_over(&mut self) {
        self.next = 0;
    }

    /// The next server up, in turn, and the ids of the down ones skipped.
    fn next_up(&mut self, servers: &[Server]) -> (Option<usize>, Vec<usize>) {
        let n = servers.len();
        let mut skipped = Vec::new();
        if n == 0 {
            return (None, skipped);
        }
        let start = self.next % n;
        for k in 0..n {
            let i = (start + k) % n;
            match servers.get(i) {
                Some(s) if s.is_up() => {
                    self.next = (i + 1) % n;
                    return (Some(i), skipped);
                }
                Some(s) => skipped.push(s.id()),
                None => {}
            }
        }
        (None, skipped)
    }

    pub(super) fn choose(&mut self, servers: &[Server], request: &Request) -> Choice {
        let id_at = |i: Option<usize>| i.and_then(|i| servers.get(i)).map(Server::id);
        let skipped_text = |skipped: &[usize]| {
            if skipped.is_empty() {
                String::new()
            } else {
                let list: Vec<String> = skipped.iter().map(|id| format!("server {id}")).collect();
                format!(" ({} down, skipped)", list.join(", "))
            }
        };
        match self.policy {
            LbPolicy::RoundRobin => {
                let (index, skipped) = self.next_up(servers);
                let note = match id_at(index) {
                    Some(id) => {
                        format!("Round-robin: server {id}'s turn{}.", skipped_text(&skipped))
                    }
                    None => "Round-robin: every server is down.".to_string(),
                };
                Choice {
                    index,
                    note,
                    pin: None,
                }
            }
            LbPolicy::Sticky => {
                let pinned = request.cookie(LB_COOKIE).and_then(|v| parse_lb_cookie(&v));
                if let Some(id) = pinned {
                    let found = servers.iter().position(|s| s.id() == id);
                    if let Some(i) = found.filter(|&i| servers.get(i).is_some_and(Server::is_up)) {
                        return Choice {
                            index: Some(i),
                            note: format!(
                                "Sticky: the lb cookie pins this browser to server {id}."
                            ),
                            pin: None,
                        };
                    }
                }
                let (index, skipped) = self.next_up(servers);
                let Some(new_id) = id_at(index) else {
                    return Choice {
                        index: None,
                        note: "Sticky: every server is down.".to_string(),
                        pin: None,
                    };
                };
                let why = match pinned {
                    None => "no lb cookie yet".to_string(),
                    Some(old) if servers.iter().any(|s| s.id() == old) => {
                        format!("pinned server {old} is down")
                    }
                    Some(old) => format!("pinned server {old} no longer exists"),
                };
                Choice {
                    index,
                    note: format!(
                        "Sticky: {why}, so server {new_id} was picked{} and the browser is pinned to it now.",
                        skipped_text(&skipped)
                    ),
                    pin: Some(new_id),
                }
            }
        }
    }
}

/// `server-3` -> 3.
fn parse_lb_cookie(value: &str) -> Option<usize> {
    value.strip_prefix("server-")?.parse().ok()
}
