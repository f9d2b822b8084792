//! The progress code (issue 24, item 5): what a student finished (scenarios,
//! exercises, questions answered right), under a name they type, as a JWT
//! the page signs with HS256. The teacher pastes the class's codes into
//! `#/teach/class` and reads a table, with no server.
//!
//! The key ships with the page ([`PROGRESS_KEY`]), so a student who reads it
//! can forge a code: the page says so, and trying is itself an exercise. A
//! code whose signature does not verify is still read (its claims are only
//! base64url) and marked "forged or altered".
//!
//! The codes are untrusted input: lines, their length and the lists inside
//! are capped, and every line that is not a code gets a sentence.

use crate::jwt::{self, Algorithm, Key, KeyEncoding, Policy, VerifyStep};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The signing key. Not a secret: it is in the page for anyone to read.
pub const PROGRESS_KEY: &str =
    "jwt-playground progress codes: this key ships with the page, so anyone can forge a code";

/// The issuer every progress code names.
pub const ISSUER: &str = "jwt-playground/progress";

/// The longest name kept, in characters.
pub const MAX_NAME_CHARS: usize = 60;
/// The longest line read as a code, in bytes.
pub const MAX_CODE_CHARS: usize = 8_000;
/// The most codes one paste is read for.
pub const MAX_CODES: usize = 200;
/// The most ids one list of a code may hold.
pub const MAX_IDS: usize = 200;
/// The longest id kept, in bytes.
pub const MAX_ID_CHARS: usize = 64;
/// The longest paste read at all, in bytes.
pub const MAX_PASTE_CHARS: usize = 1_000_000;

/// What a code says: its claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    pub iss: String,
    /// The name the student typed.
    pub name: String,
    /// When the code was made (seconds since the Unix epoch).
    pub iat: i64,
    /// Scenario ids reached.
    pub scenarios: Vec<String>,
    /// Exercise (weakness) names reached.
    pub exercises: Vec<String>,
    /// Ids of the questions answered right.
    pub questions: Vec<String>,
}

/// Why no code could be made, or a line is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    /// The name is empty (after trimming).
    NoName,
    NameTooLong,
    /// The line is longer than any code the page makes.
    TooLong,
    /// Not three base64url parts.
    NotAJwt,
    /// A JWT, but its claims are not a progress code's.
    NotProgress,
    /// A list holds more ids than any code the page makes.
    TooManyIds,
    /// The page could not sign (never expected).
    Sign(String),
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::NoName => {
                f.write_str("Type a name first: the teacher reads it in the table.")
            }
            CodeError::NameTooLong => write!(
                f,
                "The name is longer than {MAX_NAME_CHARS} characters: shorten it."
            ),
            CodeError::TooLong => write!(
                f,
                "longer than {MAX_CODE_CHARS} characters: no progress code is that long"
            ),
            CodeError::NotAJwt => f.write_str(
                "not a progress code: a code is a JWT, three base64url parts joined by dots",
            ),
            CodeError::NotProgress => f.write_str(
                "a JWT, but not a progress code: its claims are not the ones this page writes",
            ),
            CodeError::TooManyIds => write!(
                f,
                "a list in it holds more than {MAX_IDS} ids: no progress code is that long"
            ),
            CodeError::Sign(why) => write!(f, "The page could not sign the code: {why}"),
        }
    }
}

fn key() -> Result<Key, CodeError> {
    Key::from_text(PROGRESS_KEY, KeyEncoding::Utf8).map_err(|e| CodeError::Sign(e.to_string()))
}

/// The name as kept: trimmed, control characters dropped.
fn clean_name(name: &str) -> Result<String, CodeError> {
    let name: String = name.trim().chars().filter(|c| !c.is_control()).collect();
    if name.is_empty() {
        return Err(CodeError::NoName);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(CodeError::NameTooLong);
    }
    Ok(name)
}

impl Progress {
    /// A student's progress, made now.
    pub fn new(
        name: &str,
        iat: i64,
        scenarios: Vec<String>,
        exercises: Vec<String>,
        questions: Vec<String>,
    ) -> Result<Progress, CodeError> {
        Ok(Progress {
            iss: ISSUER.to_string(),
            name: clean_name(name)?,
            iat,
            scenarios,
            exercises,
            questions,
        })
    }

    fn lists(&self) -> [&Vec<String>; 3] {
        [&self.scenarios, &self.exercises, &self.questions]
    }

    /// Within the bounds any code the page makes keeps.
    fn check(&self) -> Result<(), CodeError> {
        if self.iss != ISSUER {
            return Err(CodeError::NotProgress);
        }
        clean_name(&self.name)?;
        for list in self.lists() {
            if list.len() > MAX_IDS || list.iter().any(|id| id.len() > MAX_ID_CHARS) {
                return Err(CodeError::TooManyIds);
            }
        }
        Ok(())
    }
}

/// Sign `progress` as a progress code.
pub fn make_code(progress: &Progress) -> Result<String, CodeError> {
    progress.check()?;
    let claims = serde_json::to_string(progress).map_err(|e| CodeError::Sign(e.to_string()))?;
    let signed = jwt::sign(
        Algorithm::HS256,
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &claims,
        &key()?,
    )
    .map_err(|e| CodeError::Sign(e.to_string()))?;
    Ok(signed.token)
}

/// A code read back: its claims, and whether its signature verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadCode {
    pub progress: Progress,
    /// False: forged or altered (the signature does not verify).
    pub verified: bool,
    /// Why it did not verify, in words, when it did not.
    pub why: Option<String>,
}

/// Read one code: its claims (decoding is not verifying: they are read even
/// when the signature fails) and the verdict of the strict verifier.
pub fn read_code(line: &str, now: i64) -> Result<ReadCode, CodeError> {
    let line = line.trim();
    if line.len() > MAX_CODE_CHARS {
        return Err(CodeError::TooLong);
    }
    let mut parts = line.split('.');
    let (Some(_), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(CodeError::NotAJwt);
    };
    let bytes = jwt::base64url::decode(payload).map_err(|_| CodeError::NotAJwt)?;
    let progress: Progress = serde_json::from_slice(&bytes).map_err(|_| CodeError::NotProgress)?;
    progress.check()?;
    let policy = Policy::with_secret(Algorithm::HS256, PROGRESS_KEY, KeyEncoding::Utf8, now);
    let report = jwt::verify(line, &policy);
    let verified = report.is_valid();
    let why = (!verified).then(|| match (report.failed_step(), &report.error) {
        (Some(VerifyStep::Signature), _) => {
            "the signature does not match the page's key: the code was changed after it was made, or signed with another key".to_string()
        }
        (_, Some(e)) => e.to_string(),
        (_, None) => "the signature was not checked".to_string(),
    });
    Ok(ReadCode {
        progress,
        verified,
        why,
    })
}

/// One line of a pasted class list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClassLine {
    /// A progress code (`line` counts from 1).
    Code { line: usize, code: ReadCode },
    /// A line that is not one, and why.
    NotACode { line: usize, why: String },
}

/// The class table's input, read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClassReport {
    pub lines: Vec<ClassLine>,
    /// Non-empty lines past [`MAX_CODES`], not read.
    pub skipped: usize,
    /// The whole paste refused, and why.
    pub refused: Option<String>,
}

/// Read a paste of codes, one per line (blank lines ignored).
pub fn read_class(text: &str, now: i64) -> ClassReport {
    if text.len() > MAX_PASTE_CHARS {
        return ClassReport {
            refused: Some(format!(
                "This paste is {} characters long, more than the {MAX_PASTE_CHARS} a class's codes take: nothing was read. Paste at most {MAX_CODES} codes, one per line.",
                text.len()
            )),
            ..ClassReport::default()
        };
    }
    let mut report = ClassReport::default();
    let filled = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    for (i, l) in filled {
        if report.lines.len() >= MAX_CODES {
            report.skipped += 1;
            continue;
        }
        let line = i + 1;
        report.lines.push(match read_code(l, now) {
            Ok(code) => ClassLine::Code { line, code },
            Err(e) => ClassLine::NotACode {
                line,
                why: e.to_string(),
            },
        });
    }
    report
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_name_is_needed_and_kept_short() {
        assert_eq!(
            Progress::new("  ", 0, vec![], vec![], vec![]),
            Err(CodeError::NoName)
        );
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(
            Progress::new(&long, 0, vec![], vec![], vec![]),
            Err(CodeError::NameTooLong)
        );
        assert_eq!(
            Progress::new(" Ada\n", 0, vec![], vec![], vec![])
                .unwrap()
                .name,
            "Ada"
        );
    }
}
