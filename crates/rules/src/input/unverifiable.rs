//! RL003 unverifiable: a check could not run because something it needs is outside the files.

use crate::prelude::*;
use repl_lint_source::Span;
use repl_lint_source::diagnostic::Diagnostic;

declare_rule! {
    id: RL003,
    name: "unverifiable",
    severity: Info,
    default_enabled: true,
    summary: "A linked artefact is outside the repository or unknown, so a named check could not run.",
    check: None,
}

/// Notes that the check of rule `check` could not run for `resource`, and why.
pub fn note(sink: &mut Sink, span: Span, resource: &str, check: &RuleMeta, why: &str) {
    sink.report(
        &META,
        span,
        format!("{} ({}) not verified: {why}", check.id, check.name),
    )
    .resource(resource);
}

/// The note for an evaluation limit the parser reached: `what` became unknown, so the checks
/// that read it could not decide.
pub fn evaluation_limit(span: Span, what: &str) -> Diagnostic {
    Diagnostic {
        help: Some(
            "simplify the expression; the checks that read the value treat it as unknown"
                .to_string(),
        ),
        ..META.diagnostic(span, format!("not evaluated: {what}"))
    }
}
