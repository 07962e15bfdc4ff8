//! RL001 parse-error: a file that looks like Terraform, a plan or a template cannot be parsed.

use crate::prelude::*;
use repl_lint_source::diagnostic::Diagnostic;
use repl_lint_syntax::resource::ParseError;

declare_rule! {
    id: RL001,
    name: "parse-error",
    severity: Error,
    default_enabled: true,
    summary: "A file that looks like Terraform, a plan, or a template cannot be parsed.",
    check: None,
}

/// The warning for a key given twice in one mapping of a template (the later value wins).
pub fn duplicate_key(error: &ParseError) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        help: Some(
            "remove one of the two keys: CloudFormation keeps only the later value".to_string(),
        ),
        ..diagnostic(error)
    }
}

/// The diagnostic for a file that could not be parsed.
pub fn diagnostic(error: &ParseError) -> Diagnostic {
    Diagnostic {
        help: Some("fix the syntax error; the other files were still linted".to_string()),
        ..META.diagnostic(error.span, error.message.clone())
    }
}

/// The diagnostic for a file or directory that was not read (it cannot be read, is not a
/// regular file, is larger than `max-file-size`, or resolves outside the repository root).
pub fn not_read(error: &ParseError) -> Diagnostic {
    Diagnostic {
        help: Some(
            "make it a regular, readable file inside the repository (raise `max-file-size` for a large one) or exclude it; the other files were still linted"
                .to_string(),
        ),
        ..META.diagnostic(error.span, error.message.clone())
    }
}
