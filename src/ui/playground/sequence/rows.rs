//! What the sequence diagram draws, made from the world: the lifelines, the
//! newest exchanges as rows, and where each row's arrows run.

use crate::jwt::display::shorten;
use crate::sim::{
    request_steps, Exchange, Issued, Mode, Sender, Stage, StepId, Trace, World, SESSION_COOKIE,
    TOKEN_COOKIE,
};

/// The newest exchanges drawn; older ones stay in the network log.
const ROWS: usize = 5;
pub(super) const LANE_GAP: i32 = 88;
pub(super) const MARGIN: i32 = 48;
pub(super) const HEAD: i32 = 42;
pub(super) const ROW_H: i32 = 76;

/// Who a lifeline stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum LaneId {
    Browser,
    /// The attacker's own machine, replaying what it copied.
    Machine,
    Balancer,
    Server(usize),
    /// The shared session store.
    Store,
    /// evil.example, the attacker's site.
    Evil,
}

impl std::fmt::Display for LaneId {
    /// The name written as `data-from` / `data-to` / `data-lane`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LaneId::Browser => f.write_str("browser"),
            LaneId::Machine => f.write_str("machine"),
            LaneId::Balancer => f.write_str("balancer"),
            LaneId::Server(id) => write!(f, "server-{id}"),
            LaneId::Store => f.write_str("store"),
            LaneId::Evil => f.write_str("evil"),
        }
    }
}

/// One lifeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Lane {
    pub(super) id: LaneId,
    pub(super) label: String,
}

/// What a request carries, as the arrow shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Credential {
    None,
    Token,
    /// The session cookie (`sid`).
    Cookie,
    /// The JWT in an HttpOnly cookie (`token`).
    TokenCookie,
}

impl Credential {
    /// The cookie the arrow names (" · cookie: sid"), if it carries one.
    pub(super) fn cookie(self) -> Option<&'static str> {
        match self {
            Credential::Cookie => Some(SESSION_COOKIE),
            Credential::TokenCookie => Some(TOKEN_COOKIE),
            Credential::None | Credential::Token => None,
        }
    }
}

/// One exchange, as two arrows and a note.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Row {
    pub(super) seq: u64,
    pub(super) from: LaneId,
    pub(super) to: LaneId,
    pub(super) label: String,
    pub(super) status: u16,
    pub(super) reason: &'static str,
    pub(super) credential: Credential,
    pub(super) note: String,
    pub(super) refused: bool,
    /// The request goes through the load balancer (drawn as two arrows
    /// that meet at its lifeline).
    pub(super) via: bool,
    /// What the server did in the shared store, if it used it.
    pub(super) store: Option<&'static str>,
    /// What the server fetched while it answered (the first one, drawn as
    /// an arrow there and back inside this row): where to, and its number.
    pub(super) fetch: Option<(LaneId, u64)>,
}

pub(super) fn lanes(w: &World) -> Vec<Lane> {
    let lane = |id: LaneId, label: &str| Lane {
        id,
        label: label.to_string(),
    };
    let log = w.log();
    let mut lanes = vec![lane(LaneId::Browser, "Browser")];
    if log.iter().any(|e| e.sender == Sender::Raw) {
        lanes.push(lane(LaneId::Machine, "Other machine"));
    }
    lanes.push(lane(LaneId::Balancer, "Load balancer"));
    for s in w.servers() {
        lanes.push(lane(LaneId::Server(s.id()), &format!("Server {}", s.id())));
    }
    if w.mode() == Mode::Session && w.uses_shared_store() {
        lanes.push(lane(LaneId::Store, "Shared store"));
    }
    let evil = log.iter().any(|e| {
        matches!(
            e.sender,
            Sender::Attacker | Sender::CrossSite | Sender::InjectedScript
        ) || matches!(e.trace, Trace::Elsewhere { .. })
    });
    if evil {
        lanes.push(lane(LaneId::Evil, "evil.example"));
    }
    lanes
}

fn row(e: &Exchange) -> Row {
    let elsewhere = matches!(e.trace, Trace::Elsewhere { .. });
    let from = match e.sender {
        Sender::Page | Sender::CrossSite | Sender::InjectedScript => LaneId::Browser,
        Sender::Raw => LaneId::Machine,
        Sender::Attacker => LaneId::Evil,
        Sender::Server(id) => LaneId::Server(id),
    };
    let to = match (elsewhere, e.server_id) {
        (true, _) => LaneId::Evil,
        (false, Some(id)) => LaneId::Server(id),
        (false, None) => LaneId::Balancer,
    };
    let credential = if e
        .request
        .header("Authorization")
        .is_some_and(|a| a.starts_with("Bearer "))
    {
        Credential::Token
    } else if e.request.cookie(SESSION_COOKIE).is_some() {
        Credential::Cookie
    } else if e.request.cookie(TOKEN_COOKIE).is_some() {
        Credential::TokenCookie
    } else {
        Credential::None
    };
    let failed = e.trace.failed_step();
    let via = !elsewhere && e.server_id.is_some() && !matches!(e.sender, Sender::Server(_));
    let store = request_steps(e)
        .iter()
        .find(|s| s.stage == Stage::Store)
        .map(|s| match s.id {
            StepId::Issue => "writes the session row to",
            StepId::Delete => "deletes the session row from",
            _ => "reads the session row from",
        });
    let fetched = e
        .fetched
        .iter()
        .map(|f| format!("#{}", f.seq))
        .collect::<Vec<_>>()
        .join(", ");
    let note = match (&e.trace, &failed) {
        (_, Some(step)) => format!("refused at step {}", step.id),
        (Trace::Jwt(_), None) if !fetched.is_empty() => {
            format!("keys fetched ({fetched}), then signature checked")
        }
        (Trace::Login(t), None) => match &t.issued {
            Some(Issued::Session(s)) => format!("session row created in {}", s.store.label()),
            Some(Issued::Token(_)) => "token signed: nothing stored".to_string(),
            None => String::new(),
        },
        // Said from what the server did: a weakness may have skipped the check.
        (Trace::Jwt(t), None) => t.signature_check().note(),
        (Trace::Session(_), None) => "session found by lookup".to_string(),
        (Trace::Logout(_), None) if e.request.cookie(SESSION_COOKIE).is_some() => {
            "session row deleted".to_string()
        }
        // A JWT logout: the server stored nothing, so it deletes nothing.
        (Trace::Logout(t), None) if t.mode == Mode::Jwt => {
            "nothing to delete: copies still work".to_string()
        }
        (Trace::Jwks(_), None) => "public keys served".to_string(),
        (Trace::Elsewhere { steps, .. }, None) => match steps.first().map(|s| s.id) {
            Some(StepId::Serve) => "evil.example serves a key set".to_string(),
            Some(StepId::Collect) => "evil.example receives the loot".to_string(),
            Some(StepId::Issue) => "reports.example receives an ID token".to_string(),
            _ => String::new(),
        },
        (t, None) => t
            .checklist()
            .first()
            .map(|s| s.title.clone())
            .unwrap_or_default(),
    };
    Row {
        seq: e.seq,
        from,
        to,
        label: format!(
            "{} {}",
            e.request.method.as_str(),
            shorten(e.request.route_path(), 28)
        ),
        status: e.status(),
        reason: e.response.reason(),
        credential,
        note,
        refused: failed.is_some() || e.status() >= 400,
        via,
        store,
        fetch: e
            .fetched
            .first()
            .map(|f| (f.answered_by.map_or(LaneId::Evil, LaneId::Server), f.seq)),
    }
}

/// The newest exchanges, each a row; a request a server made while it
/// answered another is drawn inside that one's row, not as a row of its own.
pub(super) fn rows(w: &World) -> Vec<Row> {
    let log = w.log();
    let nested: Vec<u64> = log
        .iter()
        .flat_map(|e| e.fetched.iter().map(|f| f.seq))
        .collect();
    let drawn: Vec<&Exchange> = log.iter().filter(|e| !nested.contains(&e.seq)).collect();
    drawn
        .iter()
        .skip(drawn.len().saturating_sub(ROWS))
        .map(|e| row(e))
        .collect()
}

pub(super) fn x_of(i: usize) -> i32 {
    MARGIN + LANE_GAP * i32::try_from(i).unwrap_or(0)
}

fn lane_x(lanes: &[Lane], id: LaneId) -> i32 {
    x_of(lanes.iter().position(|l| l.id == id).unwrap_or(0))
}

/// Where an exchange's arrows run across: sender, balancer, server, store.
/// (How far down is the row's own: see [`SequenceDiagram`].)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Geometry {
    pub(super) x1: i32,
    pub(super) xb: i32,
    pub(super) x2: i32,
    pub(super) xs: Option<i32>,
    /// The lane of what the server fetched, if it fetched anything.
    pub(super) xf: Option<i32>,
    /// The diagram's width: text is kept inside it.
    pub(super) total: i32,
}

impl Geometry {
    pub(super) fn of(row: &Row, lanes: &[Lane]) -> Geometry {
        let total = MARGIN * 2 + LANE_GAP * (i32::try_from(lanes.len()).unwrap_or(1) - 1);
        Geometry {
            x1: lane_x(lanes, row.from),
            xb: lane_x(lanes, LaneId::Balancer),
            x2: lane_x(lanes, row.to),
            xs: lanes
                .iter()
                .any(|l| l.id == LaneId::Store)
                .then(|| lane_x(lanes, LaneId::Store)),
            xf: row
                .fetch
                .filter(|(lane, _)| lanes.iter().any(|l| l.id == *lane))
                .map(|(lane, _)| lane_x(lanes, lane)),
            total,
        }
    }
}
