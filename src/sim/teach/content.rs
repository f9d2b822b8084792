//! The texts of the teacher's page: not compiled into the page, but
//! `assets/teach.json`, fetched from the site's own origin the first time
//! they are needed ([`TEACH_FILE`]) and read with these types (the tests
//! read the same file with the same types).

use serde::Deserialize;

/// Where the file is, relative to the page (the site's own origin).
pub const TEACH_FILE: &str = "teach.json";

/// The whole file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeachBook {
    /// The file's format; 1 for this one.
    pub version: u32,
    pub plans: Vec<Plan>,
    /// The final quiz, ten questions.
    pub quiz: Vec<Question>,
    /// Two or three questions per scenario and per exercise.
    pub guides: Vec<GuideQuestions>,
    /// The comparison table of the handout: the first row is the heading.
    pub comparison: Vec<[String; 3]>,
}

/// One lesson order (45 or 90 minutes).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// `45` or `90`: its test id suffix.
    pub id: String,
    pub title: String,
    pub minutes: u32,
    pub steps: Vec<PlanStep>,
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanStep {
    pub minutes: u32,
    pub title: String,
    /// A scenario's id (`#/scenario/<id>`), when the step is one.
    #[serde(default)]
    pub scenario: Option<String>,
    /// An exercise's weakness name (`attack-<name>`), when the step is one.
    #[serde(default)]
    pub exercise: Option<String>,
    /// Another part of the page, e.g. the token lifecycle: where to click.
    #[serde(default)]
    pub place: Option<String>,
    /// What to show.
    pub show: String,
    /// The question to ask the class before the click.
    pub ask: String,
    /// The answer to expect.
    pub answer: String,
}

/// One question with its choices.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique in the file: what a progress code lists.
    pub id: String,
    pub prompt: String,
    pub choices: Vec<Choice>,
    /// Why the right answer is right (and the others are not).
    pub explanation: String,
}

/// One choice of a question.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: String,
    #[serde(default)]
    pub correct: bool,
}

/// The questions at the end of one guide.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideQuestions {
    /// `scenario-<id>` or `attack-<name>`: the key the solved marks use.
    pub guide: String,
    pub questions: Vec<Question>,
}

impl TeachBook {
    /// Reads the file's text.
    pub fn parse(text: &str) -> Result<TeachBook, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The questions of the guide keyed `guide` (`scenario-<id>`, `attack-<name>`).
    pub fn guide(&self, guide: &str) -> Option<&GuideQuestions> {
        self.guides.iter().find(|g| g.guide == guide)
    }

    /// Every question of the file: the guides' then the quiz's.
    pub fn all_questions(&self) -> impl Iterator<Item = &Question> {
        self.guides
            .iter()
            .flat_map(|g| g.questions.iter())
            .chain(self.quiz.iter())
    }
}

impl Question {
    /// The index of the right choice (the first marked correct).
    pub fn answer(&self) -> Option<usize> {
        self.choices.iter().position(|c| c.correct)
    }

    /// Is `choice` the right one?
    pub fn is_right(&self, choice: usize) -> bool {
        self.choices.get(choice).is_some_and(|c| c.correct)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_question_knows_its_answer() {
        let book = TeachBook::parse(
            r#"{"version": 1, "plans": [], "comparison": [["a", "b", "c"]],
                "quiz": [{"id": "q", "prompt": "p", "explanation": "e",
                    "choices": [{"text": "x"}, {"text": "y", "correct": true}]}],
                "guides": [{"guide": "scenario-tamper", "questions": []}]}"#,
        )
        .unwrap();
        let q = book.quiz.first().unwrap();
        assert_eq!(q.answer(), Some(1));
        assert!(q.is_right(1) && !q.is_right(0) && !q.is_right(9));
        assert!(book.guide("scenario-tamper").is_some());
        assert_eq!(book.all_questions().count(), 1);
    }

    #[test]
    fn an_unknown_field_is_refused() {
        assert!(TeachBook::parse(
            r#"{"version": 1, "plans": [], "quiz": [], "guides": [], "comparison": [], "x": 1}"#
        )
        .is_err());
    }
}
