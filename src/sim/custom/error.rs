//! Why a teacher's scenario could not be opened, in a sentence a student
//! (or the teacher who wrote it) can act on.

use std::fmt;

/// The longest part of a refused value a sentence repeats, in characters.
const SHOWN_CHARS: usize = 40;

/// `value` as a sentence may repeat it: no control characters, cut short.
fn shown(value: &str) -> String {
    let visible = || value.chars().filter(|c| !c.is_control());
    let mut out: String = visible().take(SHOWN_CHARS).collect();
    if visible().nth(SHOWN_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// Why a teacher's scenario (a `#/custom/` link or a JSON file) was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomError {
    /// The link's payload or the file is longer than its bound.
    TooLong { bytes: usize, max: usize },
    /// Not base64url (cut short, or not a link of this page).
    NotBase64,
    /// Not UTF-8 text once decoded.
    NotText,
    /// Not JSON of a scenario's shape (serde's reason, shortened).
    Unreadable(String),
    /// Written for another version of the format.
    Version(u32),
    /// A text that must be there is empty.
    Empty(&'static str),
    /// A text is longer than its bound, in characters.
    TextTooLong { field: &'static str, max: usize },
    /// More hints than allowed.
    TooManyHints { max: usize },
    /// More weaknesses named than there are.
    TooManyWeaknesses { max: usize },
    /// A number of servers outside 1 to 5.
    Servers(u64),
    /// A server a check names outside 1 to 5.
    CheckServer(usize),
    /// A status code outside 100 to 599.
    Status(u16),
    /// A start time outside the years 1970 to 9999.
    Clock(i64),
    /// A field the check's kind needs is not there.
    Missing {
        field: &'static str,
        kind: &'static str,
    },
    /// A name this version does not know (a mode, a weakness, a path...).
    Unknown { what: &'static str, value: String },
}

impl CustomError {
    pub(super) fn unknown(what: &'static str, value: &str) -> CustomError {
        CustomError::Unknown {
            what,
            value: shown(value),
        }
    }
}

impl fmt::Display for CustomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CustomError::TooLong { bytes, max } => write!(
                f,
                "it is {}, more than the {} a teacher's scenario may take",
                crate::jwt::display::kilobytes(*bytes),
                crate::jwt::display::kilobytes(*max)
            ),
            CustomError::NotBase64 => {
                f.write_str("the link's scenario is not base64url (was the link cut short?)")
            }
            CustomError::NotText => f.write_str("the link's scenario is not text"),
            CustomError::Unreadable(why) => {
                write!(f, "it is not a scenario this page can read ({why})")
            }
            CustomError::Version(v) => write!(
                f,
                "it is written in format {v}, and this page reads format {}",
                super::FORMAT
            ),
            CustomError::Empty(field) => write!(f, "its {field} is empty"),
            CustomError::TextTooLong { field, max } => {
                write!(f, "its {field} is longer than {max} characters")
            }
            CustomError::TooManyHints { max } => write!(f, "it has more than {max} hints"),
            CustomError::TooManyWeaknesses { max } => write!(
                f,
                "it names more weaknesses than the {max} the attack lab has"
            ),
            CustomError::Servers(n) => write!(
                f,
                "it asks for {n} servers, and the playground runs 1 to {}",
                crate::sim::MAX_SERVERS
            ),
            CustomError::CheckServer(n) => write!(
                f,
                "its check names {n} servers (or server {n}), and the playground runs 1 to {}",
                crate::sim::MAX_SERVERS
            ),
            CustomError::Status(s) => {
                write!(
                    f,
                    "its check asks for status {s}, which is not an HTTP status (100 to 599)"
                )
            }
            CustomError::Clock(t) => write!(
                f,
                "its clock starts at {t} seconds, outside the years 1970 to 9999"
            ),
            CustomError::Missing { field, kind } => {
                write!(f, "its check of kind {kind} has no {field}")
            }
            CustomError::Unknown { what, value } => {
                write!(
                    f,
                    "it names the {what} “{value}”, which this page does not have"
                )
            }
        }
    }
}

impl std::error::Error for CustomError {}

/// serde's reason, as a sentence may repeat it.
pub(super) fn unreadable(e: &serde_json::Error) -> CustomError {
    CustomError::Unreadable(shown_long(&e.to_string()))
}

/// Longer than a name, still bounded: serde's reasons quote the input.
fn shown_long(text: &str) -> String {
    let mut out: String = text.chars().filter(|c| !c.is_control()).take(160).collect();
    if text.chars().nth(160).is_some() {
        out.push('…');
    }
    out
}
