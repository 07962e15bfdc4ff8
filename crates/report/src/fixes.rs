//! The quick fixes a report shows: text edits, and each finding's fix with whether linting
//! again verified it (made by the binary's `fix` module, written by the JSON report).

use repl_lint_source::Span;
use repl_lint_source::diagnostic::Diagnostic;
use std::collections::HashMap;

/// One text edit: the bytes of `span` become `text` (an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced.
    pub span: Span,
    /// Their replacement.
    pub text: String,
}

/// One quick fix: a title for people and the edits that make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, e.g. "Use `aws_s3_bucket.replica.arn`".
    pub title: String,
    /// The edits, none overlapping another.
    pub edits: Vec<Edit>,
}

/// The fixes of one run's findings as reports show them, each with whether linting again
/// verified it.
#[derive(Debug, Default)]
pub struct ReportedFixes {
    fixes: HashMap<(&'static str, Span, String), (Fix, bool)>,
}

impl ReportedFixes {
    /// The fix of `diagnostic`, if it has one, and whether it was verified.
    pub fn get(&self, diagnostic: &Diagnostic) -> Option<(&Fix, bool)> {
        self.fixes
            .get(&(
                diagnostic.rule,
                diagnostic.primary,
                diagnostic.message.clone(),
            ))
            .map(|(fix, verified)| (fix, *verified))
    }

    /// Records the fix of `diagnostic` and whether it was verified.
    pub fn insert(&mut self, diagnostic: &Diagnostic, fix: Fix, verified: bool) {
        let key = (
            diagnostic.rule,
            diagnostic.primary,
            diagnostic.message.clone(),
        );
        self.fixes.insert(key, (fix, verified));
    }
}
