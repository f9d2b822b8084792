//! Server-side session state: the table a cookie-session server keeps in its
//! memory, keyed by session id (the value of the `sid` cookie).
//!
//! This is the "information about the user is stored on the server" of the
//! notes: every logged-in user costs an entry here, and a server that does not
//! hold the entry (another server, or this one after a crash) cannot tell who
//! the user is.

use std::collections::BTreeMap;

/// What the server remembers about one logged-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub email: String,
    pub name: String,
    pub role: String,
    pub created_at: i64,
    /// Absolute expiry (seconds since the epoch); the entry is dead from then on.
    pub expires_at: i64,
}

impl Session {
    pub fn is_expired(&self, now: i64) -> bool {
        now >= self.expires_at
    }

    /// A rough size: the strings plus two 8-byte timestamps.
    pub fn approx_bytes(&self) -> usize {
        self.email.len() + self.name.len() + self.role.len() + 16
    }
}

/// What a lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// No entry under this id.
    Missing,
    /// An entry, but past its expiry (the store deletes it on the spot).
    Expired(Session),
    Found(Session),
}

/// Session id -> session. Ordered by id so views are stable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionStore {
    entries: BTreeMap<String, Session>,
}

impl SessionStore {
    pub fn new() -> SessionStore {
        SessionStore::default()
    }

    pub fn insert(&mut self, sid: String, session: Session) {
        self.entries.insert(sid, session);
    }

    /// Find the session for `sid` at time `now`. An expired entry is removed,
    /// as stores such as express-session's do when they meet one.
    pub fn lookup(&mut self, sid: &str, now: i64) -> Lookup {
        match self.entries.get(sid) {
            None => Lookup::Missing,
            Some(s) if s.is_expired(now) => match self.entries.remove(sid) {
                Some(s) => Lookup::Expired(s),
                None => Lookup::Missing,
            },
            Some(s) => Lookup::Found(s.clone()),
        }
    }

    /// Read without side effects (no expiry handling).
    pub fn get(&self, sid: &str) -> Option<&Session> {
        self.entries.get(sid)
    }

    pub fn remove(&mut self, sid: &str) -> Option<Session> {
        self.entries.remove(sid)
    }

    /// Delete every session of `email`. Returns how many.
    pub fn remove_user(&mut self, email: &str) -> usize {
        let before = self.len();
        self.entries.retain(|_, s| s.email != email);
        before - self.len()
    }

    /// Every session row of this user shows the new display name.
    pub fn rename_user(&mut self, email: &str, name: &str) {
        for session in self.entries.values_mut().filter(|s| s.email == email) {
            session.name = name.to_string();
        }
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Approximate memory held: ids plus session contents.
    pub fn approx_bytes(&self) -> usize {
        self.entries
            .iter()
            .map(|(sid, s)| sid.len() + s.approx_bytes())
            .sum()
    }

    /// Every `(sid, session)`, ordered by id (for the session table view).
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Session)> {
        self.entries.iter()
    }
}
