//! The [`Sink`] a rule reports into, and the [`Report`] builder that adds a finding's resource,
//! related locations, help, severity and fix intent.

use super::RuleMeta;
use repl_lint_source::Span;
use repl_lint_source::diagnostic::{Diagnostic, FixIntent, Related, Severity};

/// Collects the diagnostics of one rule run.
#[derive(Debug, Default)]
pub struct Sink {
    /// Everything reported so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl Sink {
    /// Reports a finding of `meta` at `primary`, at the rule's default severity; the returned
    /// builder adds the resource, related locations, help or another severity.
    pub fn report(
        &mut self,
        meta: &'static RuleMeta,
        primary: Span,
        message: String,
    ) -> Report<'_> {
        self.diagnostics.push(meta.diagnostic(primary, message));
        let last = self.diagnostics.len() - 1;
        Report {
            diagnostic: &mut self.diagnostics[last],
        }
    }
}

/// Builder for the diagnostic just reported.
pub struct Report<'a> {
    diagnostic: &'a mut Diagnostic,
}

impl Report<'_> {
    /// The resource the finding is about.
    pub fn resource(self, address: &str) -> Self {
        self.diagnostic.resource = Some(address.to_string());
        self
    }

    /// Adds a related location.
    pub fn related(self, span: Span, message: &str) -> Self {
        self.diagnostic.related.push(Related {
            span,
            message: message.to_string(),
        });
        self
    }

    /// Sets the fix suggestion.
    pub fn help(self, help: &str) -> Self {
        self.diagnostic.help = Some(help.to_string());
        self
    }

    /// Overrides the severity.
    pub fn severity(self, severity: Severity) -> Self {
        self.diagnostic.severity = severity;
        self
    }

    /// Attaches the mechanical fix the rule knows (`None`: there is none).
    pub fn fix(self, intent: impl Into<Option<FixIntent>>) -> Self {
        self.diagnostic.fix = intent.into();
        self
    }
}
