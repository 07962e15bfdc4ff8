//! RL004 unused-suppression: a suppression that matched no diagnostic, or that cannot match any
//! (a name that is no rule). The suppression stage (`repl_lint_report::suppress`, which collects the
//! [`Malformed`] ones) emits it.

use crate::prelude::*;
use repl_lint_source::Span;
use repl_lint_source::diagnostic::Diagnostic;

/// A suppression that cannot match anything as written (an unknown rule, no rule at all).
#[derive(Debug, Clone)]
pub struct Malformed {
    /// The offending word or comment.
    pub span: Span,
    /// What is wrong.
    pub message: String,
}

declare_rule! {
    id: RL004,
    name: "unused-suppression",
    severity: Info,
    default_enabled: true,
    summary: "A suppression comment or metadata entry matched no diagnostic (unused ones only with --report-unused-suppressions).",
    check: None,
}

/// The note for a rule of a suppression that suppressed nothing, at the rule's name; `ran`
/// says whether the rule was enabled in this run.
pub fn unused(rule: &RuleMeta, span: Span, ran: bool) -> Diagnostic {
    let why = if ran {
        "matched no finding"
    } else {
        "matched nothing: the rule did not run (see --select, --ignore and the configuration file)"
    };
    Diagnostic {
        help: Some(format!(
            "remove {} from the suppression when nothing here is reported under it any more",
            rule.id
        )),
        ..META.diagnostic(
            span,
            format!("this suppression of {} ({}) {why}", rule.id, rule.name),
        )
    }
}

/// The note for a suppression that cannot match anything as written (reported without the flag).
pub fn malformed(error: &Malformed) -> Diagnostic {
    Diagnostic {
        help: Some(
            "name rules by ID (RL202) or name (destination-versioning), separated by spaces or commas"
                .to_string(),
        ),
        ..META.diagnostic(error.span, error.message.clone())
    }
}
