//! reviewdog's Diagnostic Format (`-f=rdjson`): one `DiagnosticResult` object.
//!
//! Columns count UTF-8 bytes, as the format defines (`reviewdog.proto`, `Position.column`);
//! ranges end exclusively.

use std::io::Write;

use serde::Serialize;

use super::{Range, write_json};
use repl_lint_rules::docs::rule_url;
use repl_lint_source::diagnostic::{Diagnostic, Severity};
use repl_lint_source::{SourceDb, Span};

/// `DiagnosticResult`.
#[derive(Serialize)]
struct Result<'a> {
    source: Source,
    severity: &'static str,
    diagnostics: Vec<RdDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    url: &'static str,
}

#[derive(Serialize)]
struct RdDiagnostic<'a> {
    message: &'a str,
    location: Location<'a>,
    severity: &'static str,
    code: Code,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct Code {
    value: &'static str,
    url: String,
}

#[derive(Serialize)]
struct RelatedLocation<'a> {
    message: &'a str,
    location: Location<'a>,
}

/// The format's severity names.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

fn location(db: &SourceDb, span: Span) -> Location<'_> {
    let file = db.file(span.file);
    Location {
        path: &file.display,
        range: Range {
            start: file.byte_position(span.start),
            end: file.byte_position(span.end),
        },
    }
}

/// Writes the result; its overall severity is the highest of its diagnostics
/// (`UNKNOWN_SEVERITY` when there are none).
pub(super) fn write(
    out: &mut dyn Write,
    db: &SourceDb,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let result = Result {
        source: Source {
            name: "repl-lint",
            url: "https://github.com/repl-lint/repl-lint",
        },
        severity: diagnostics
            .iter()
            .map(|d| d.severity)
            .max()
            .map_or("UNKNOWN_SEVERITY", severity),
        diagnostics: diagnostics
            .iter()
            .map(|d| RdDiagnostic {
                message: &d.message,
                location: location(db, d.primary),
                severity: severity(d.severity),
                code: Code {
                    value: d.rule,
                    url: rule_url(d.rule),
                },
                related_locations: d
                    .related
                    .iter()
                    .map(|r| RelatedLocation {
                        message: &r.message,
                        location: location(db, r.span),
                    })
                    .collect(),
            })
            .collect(),
    };
    write_json(out, &result)
}

#[cfg(test)]
#[path = "rdjson_tests.rs"]
mod tests;
