//! RL004 unused-suppression: a suppression that matched no diagnostic, or that cannot match any
//! (a name that is no rule). The suppression stage (`crate::suppress`) emits it.

use crate::diagnostic::Diagnostic;
use crate::rules::prelude::*;
use crate::source::Span;

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

/// The note for a suppression that cannot match anything as written (reported without the flag),
/// at the offending word or comment, saying what is wrong.
pub fn malformed(span: Span, message: &str) -> Diagnostic {
    Diagnostic {
        help: Some(
            "name rules by ID (RL202) or name (destination-versioning), separated by spaces or commas"
                .to_string(),
        ),
        ..META.diagnostic(span, message.to_string())
    }
}
