//! Findings as LSP diagnostics: spans become UTF-16 ranges, rule IDs become codes with a link
//! to the rule's documentation, related locations become `relatedInformation`.

use std::collections::BTreeMap;
use std::str::FromStr;

use lsp_types as lsp;

use super::uri;
use repl_lint_source::diagnostic::{Diagnostic, Severity};
use repl_lint_source::{SourceDb, Span};

/// What the server publishes for one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileDiagnostics {
    /// The file's URI.
    pub uri: lsp::Uri,
    /// Its diagnostics, in the run's order (by position, then rule).
    pub diagnostics: Vec<lsp::Diagnostic>,
}

/// The LSP range of a span (0-based lines, UTF-16 columns).
pub fn range(db: &SourceDb, span: Span) -> lsp::Range {
    let file = db.file(span.file);
    let position = |offset| {
        let (line, character) = file.utf16_position(offset);
        lsp::Position { line, character }
    };
    lsp::Range {
        start: position(span.start),
        end: position(span.end),
    }
}

/// The run's findings grouped by the URI of the file they point at (files whose path cannot be
/// a URI are left out).
pub fn by_file(db: &SourceDb, diagnostics: &[Diagnostic]) -> BTreeMap<String, FileDiagnostics> {
    let mut out: BTreeMap<String, FileDiagnostics> = BTreeMap::new();
    for diagnostic in diagnostics {
        let Some(file_uri) = uri::from_path(&db.file(diagnostic.primary.file).path) else {
            continue;
        };
        out.entry(file_uri.as_str().to_string())
            .or_insert_with(|| FileDiagnostics {
                uri: file_uri,
                diagnostics: Vec::new(),
            })
            .diagnostics
            .push(to_lsp(db, diagnostic));
    }
    out
}

/// One finding as an LSP diagnostic.
pub fn to_lsp(db: &SourceDb, diagnostic: &Diagnostic) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = diagnostic
        .related
        .iter()
        .filter_map(|r| {
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location {
                    uri: uri::from_path(&db.file(r.span.file).path)?,
                    range: range(db, r.span),
                },
                message: r.message.clone(),
            })
        })
        .collect();
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    lsp::Diagnostic {
        range: range(db, diagnostic.primary),
        severity: Some(severity(diagnostic.severity)),
        code: Some(lsp::NumberOrString::String(diagnostic.rule.to_string())),
        code_description: lsp::Uri::from_str(&repl_lint_rules::docs::rule_url(diagnostic.rule))
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some("repl-lint".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    }
}

/// Whether two ranges share a position (a collapsed range touching the other counts).
pub fn overlaps(a: &lsp::Range, b: &lsp::Range) -> bool {
    let key = |p: &lsp::Position| (p.line, p.character);
    key(&a.start) <= key(&b.end) && key(&b.start) <= key(&a.end)
}
