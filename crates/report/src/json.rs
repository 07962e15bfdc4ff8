//! The JSON report: one object with a stable key order (see `output.md`).

use std::io::Write;

use serde::Serialize;

use super::{Counts, Range, Summary, write_json};
use crate::fixes::{Fix, ReportedFixes};
use repl_lint_rules::docs::rule_url;
use repl_lint_source::diagnostic::Diagnostic;
use repl_lint_source::{SourceDb, Span};

/// Top level. Field order is the output key order.
#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    name: &'a str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    range: Range,
    resource: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
    help: Option<&'a str>,
    url: String,
    /// Only when the finding has a fix (findings without one keep their shape).
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

/// A quick fix: the edits that make it, on the texts as linted, and whether linting again with
/// them verified it (`--verify-fixes`).
#[derive(Serialize)]
struct JsonFix<'a> {
    verified: bool,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    file: &'a str,
    range: Range,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    message: &'a str,
    file: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct JsonSummary {
    files_linted: usize,
    files_skipped: usize,
    parse_errors: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

fn range(db: &SourceDb, span: Span) -> Range {
    let (start, end) = db.range(span);
    Range { start, end }
}

fn diagnostic<'a>(
    db: &'a SourceDb,
    d: &'a Diagnostic,
    fix: Option<(&'a Fix, bool)>,
) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        rule: d.rule,
        name: d.name,
        severity: d.severity.as_str(),
        message: &d.message,
        file: &db.file(d.primary.file).display,
        range: range(db, d.primary),
        resource: d.resource.as_deref(),
        related: d
            .related
            .iter()
            .map(|r| JsonRelated {
                message: &r.message,
                file: &db.file(r.span.file).display,
                range: range(db, r.span),
            })
            .collect(),
        help: d.help.as_deref(),
        url: rule_url(d.rule),
        fix: fix.map(|(fix, verified)| JsonFix {
            verified,
            edits: fix
                .edits
                .iter()
                .map(|e| JsonEdit {
                    file: &db.file(e.span.file).display,
                    range: range(db, e.span),
                    replacement: &e.text,
                })
                .collect(),
        }),
    }
}

/// Writes the JSON report, pretty-printed with two-space indentation and a trailing newline.
pub(super) fn write(
    out: &mut dyn Write,
    db: &SourceDb,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    fixes: &ReportedFixes,
) -> std::io::Result<()> {
    let counts = Counts::of(diagnostics);
    let report = Report {
        version: 1,
        tool: Tool {
            name: "repl-lint",
            version: env!("CARGO_PKG_VERSION"),
        },
        diagnostics: diagnostics
            .iter()
            .map(|d| diagnostic(db, d, fixes.get(d)))
            .collect(),
        summary: JsonSummary {
            files_linted: summary.files_linted,
            files_skipped: summary.files_skipped,
            parse_errors: summary.parse_errors,
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
        },
    };
    write_json(out, &report)
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
