//! The code behind each weakness (issue 25, item 2): for every switch of the
//! attack lab, the line that lets the attack through and the line that
//! refuses it, in three real libraries (Rust `jsonwebtoken`, JavaScript `jose`
//! or Node's `jsonwebtoken`, Python `PyJWT`; for the cookie and page
//! weaknesses, the cookie-setting and HTML-escaping code of those
//! ecosystems), and a question that asks the student to find the faulty line
//! first.
//!
//! The text is not compiled into the page: it is `assets/weakness-code.json`,
//! which the page fetches from its own origin the first time a card's code
//! panel is opened ([`CODE_FILE`]) and reads with these types. Entries are
//! keyed by the weakness's stable name (`alg-none`, `kid-sql`, ...), not by
//! [`super::Weakness`], so the file may name switches this build does not
//! have yet: a card shows the entry whose name matches its own.

use serde::Deserialize;

/// Where the file is, relative to the page (the site's own origin).
pub const CODE_FILE: &str = "weakness-code.json";

/// The whole file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeBook {
    /// The file's format; 1 for this one.
    pub version: u32,
    pub entries: Vec<CodeEntry>,
}

/// One weakness's code.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeEntry {
    /// The weakness's stable name (`weakness-<name>` in the UI).
    pub weakness: String,
    /// What the code below gets wrong, in a sentence or two.
    pub summary: String,
    /// Rust, JavaScript and Python, once each, and any other (Java for
    /// `psychic-ecdsa`).
    pub libraries: Vec<LibraryCode>,
    pub question: Question,
    pub references: Vec<Reference>,
}

/// The language of a library's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Rust,
    Javascript,
    Python,
    Java,
}

impl Language {
    /// The three every entry covers.
    pub const REQUIRED: [Language; 3] = [Language::Rust, Language::Javascript, Language::Python];

    /// Its name, for people.
    pub fn label(self) -> &'static str {
        match self {
            Language::Rust => "Rust",
            Language::Javascript => "JavaScript",
            Language::Python => "Python",
            Language::Java => "Java",
        }
    }
}

/// One library's lines for one weakness.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryCode {
    pub language: Language,
    /// The library (and, for code around it, the framework), e.g.
    /// "jsonwebtoken (crate) 9".
    pub library: String,
    /// The line that lets the attack through.
    #[serde(default)]
    pub vulnerable: Option<String>,
    /// The line that refuses it.
    #[serde(default)]
    pub fixed: Option<String>,
    /// Why this library cannot make the mistake at all, when it cannot.
    #[serde(default)]
    pub not_possible: Option<String>,
    /// The version that changed the default, when one did.
    #[serde(default)]
    pub changed_in: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl LibraryCode {
    /// Both lines are there: the mistake can be written in this library.
    pub fn has_lines(&self) -> bool {
        self.vulnerable
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty())
            && self.fixed.as_deref().is_some_and(|s| !s.trim().is_empty())
    }
}

/// "Which line lets it through?", asked about one library's snippet.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub prompt: String,
    /// Whose snippet the options come from; its fixed line is the answer's fix.
    pub language: Language,
    pub options: Vec<AnswerOption>,
}

/// One line a student may pick.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    pub code: String,
    #[serde(default)]
    pub correct: bool,
    /// Why it is (or is not) the line that lets the attack through.
    pub why: String,
}

/// Where the entry's facts come from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
}

impl CodeBook {
    /// Reads the file's text.
    pub fn parse(text: &str) -> Result<CodeBook, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The entry for the weakness named `weakness` (its stable name).
    pub fn entry(&self, weakness: &str) -> Option<&CodeEntry> {
        self.entries.iter().find(|e| e.weakness == weakness)
    }
}

impl CodeEntry {
    /// This entry's lines in `language`.
    pub fn library(&self, language: Language) -> Option<&LibraryCode> {
        self.libraries.iter().find(|l| l.language == language)
    }

    /// The question's right answer (the first option marked correct).
    pub fn answer(&self) -> Option<&AnswerOption> {
        self.question.options.iter().find(|o| o.correct)
    }

    /// The library the question's snippet is written with.
    pub fn question_library(&self) -> Option<&LibraryCode> {
        self.library(self.question.language)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_entry_is_found_by_its_stable_name_only() {
        let book = CodeBook::parse(
            r#"{"version": 1, "entries": [{"weakness": "kid-sql", "summary": "s",
                "libraries": [{"language": "rust", "library": "sqlx", "vulnerable": "a", "fixed": "b"}],
                "question": {"prompt": "p", "language": "rust",
                    "options": [{"code": "a", "correct": true, "why": "w"}, {"code": "c", "why": "x"}]},
                "references": [{"title": "RFC 8725"}]}]}"#,
        )
        .unwrap();
        let entry = book.entry("kid-sql").unwrap();
        assert_eq!(entry.answer().unwrap().code, "a");
        assert_eq!(
            entry.question_library().unwrap().fixed.as_deref(),
            Some("b")
        );
        assert!(book.entry("kid-path").is_none());
    }

    #[test]
    fn an_unknown_field_is_refused() {
        assert!(CodeBook::parse(r#"{"version": 1, "entries": [], "extra": 1}"#).is_err());
    }
}
