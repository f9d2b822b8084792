//! Share links: a [`Saved`] story as base64url in the URL fragment, and the
//! bounds on what a link may carry and ask of the page when it is opened.

use super::{LoadError, PlayRng, Saved};
use crate::sim::world::World;
use std::fmt;

/// The longest story a share link carries: characters of base64url after
/// `#/story/`. Browsers open far longer addresses (Chrome about 2 MB), but
/// chat apps, mail and QR codes do not, and a story this long is better
/// started again. No longer link is offered, and a longer one is refused.
pub const MAX_LINK_CHARS: usize = 64 * 1024;

/// Why a share link's story could not be read, or a story has no link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// More than [`MAX_LINK_CHARS`] characters.
    TooLong { chars: usize },
    /// Not base64url (cut short, or not a link of this page).
    NotBase64,
    /// Not UTF-8 text once decoded.
    NotText,
    /// Decoded, but not a story of this version.
    Load(LoadError),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::TooLong { chars } => write!(
                f,
                "its story is {}, more than the {} a story link may carry",
                crate::jwt::display::kilobytes(*chars),
                crate::jwt::display::kilobytes(MAX_LINK_CHARS)
            ),
            LinkError::NotBase64 => {
                f.write_str("the link's story is not base64url (was it cut short?)")
            }
            LinkError::NotText => f.write_str("the link's story is not text"),
            LinkError::Load(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for LinkError {}

/// The most signatures a share link's replay may make and check with key
/// pairs (ES256 in key-pair mode, the attacker's keys): a few milliseconds
/// each in the page (650 logins in key-pair mode froze it for 1.5 s), so 200
/// keep a replay under half a second.
pub const MAX_LINK_KEY_PAIR_OPERATIONS: u64 = 200;

/// The most slow password hashes a share link's replay may need that
/// cannot be reused from an earlier check (see
/// [`crate::sim::password::with_replay_memo`]): each costs about 20 ms
/// in the page, so a link of hundreds of logins with different passwords
/// would freeze it. A story of the page's own keeps no such bound.
pub const MAX_LINK_HASHES: u64 = 10;

impl Saved {
    /// The story as a share link carries it: base64url of its JSON, at most
    /// [`MAX_LINK_CHARS`] characters.
    pub fn to_link(&self) -> Result<String, LinkError> {
        let payload = crate::jwt::base64url::encode(self.to_json().as_bytes());
        if payload.len() > MAX_LINK_CHARS {
            return Err(LinkError::TooLong {
                chars: payload.len(),
            });
        }
        Ok(payload)
    }

    /// Read what [`Saved::to_link`] wrote. The length is checked first, so
    /// a huge link is refused before any of it is decoded.
    pub fn from_link(payload: &str) -> Result<Saved, LinkError> {
        if payload.len() > MAX_LINK_CHARS {
            return Err(LinkError::TooLong {
                chars: payload.len(),
            });
        }
        let bytes = crate::jwt::base64url::decode(payload).map_err(|_| LinkError::NotBase64)?;
        let text = String::from_utf8(bytes).map_err(|_| LinkError::NotText)?;
        Saved::from_json(&text).map_err(LinkError::Load)
    }

    /// [`Saved::rebuild`] for a story from a share link: stopped, and
    /// refused, once its replay needs more than [`MAX_LINK_HASHES`] slow
    /// password hashes or [`MAX_LINK_KEY_PAIR_OPERATIONS`] key-pair
    /// signatures and checks.
    pub fn rebuild_link<R: PlayRng>(self, source: R) -> Result<World, LoadError> {
        self.replay(source, true)?.finish()
    }
}
