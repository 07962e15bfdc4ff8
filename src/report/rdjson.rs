//! reviewdog's Diagnostic Format (`-f=rdjson`): one `DiagnosticResult` object.
//!
//! Columns count UTF-8 bytes, as the format defines (`reviewdog.proto`, `Position.column`);
//! ranges end exclusively.

use std::io::Write;

use serde::Serialize;

use super::{Range, rule_url, write_json};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceDb, Span};

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
mod tests {
    use super::super::{Format, Summary, fixtures, sort_diagnostics, write_report};
    use super::*;

    fn render(diagnostics: &[Diagnostic], db: &SourceDb) -> serde_json::Value {
        let mut out = Vec::new();
        write_report(
            &mut out,
            Format::Rdjson,
            db,
            diagnostics,
            &Summary::default(),
            false,
        )
        .unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn columns_count_utf8_bytes_and_severity_is_the_highest() {
        let (db, mut diagnostics) = fixtures::build();
        sort_diagnostics(&db, &mut diagnostics);
        let v = render(&diagnostics, &db);
        assert_eq!(v["severity"], "ERROR");
        assert_eq!(v["source"]["name"], "repl-lint");
        let d = &v["diagnostics"][1];
        assert_eq!(d["code"]["value"], "RL201");
        assert_eq!(d["severity"], "ERROR");
        assert_eq!(d["location"]["path"], "infra/main.tf");
        // `"src"` follows `é`, `→` and `ü` (4 bytes more than characters): character column
        // 30, byte column 34.
        assert_eq!(
            d["location"]["range"],
            serde_json::json!({"start": {"line": 3, "column": 34}, "end": {"line": 3, "column": 39}})
        );
        assert_eq!(
            d["related_locations"][0]["message"],
            "role used for replication"
        );
        assert_eq!(v["diagnostics"][0]["severity"], "INFO");
        assert_eq!(v["diagnostics"][2]["severity"], "WARNING");
        // No related locations: the key is left out.
        assert!(v["diagnostics"][2].get("related_locations").is_none());
        assert_eq!(
            render(&[], &db)["severity"],
            serde_json::json!("UNKNOWN_SEVERITY")
        );
    }
}
