//! Report writers: turn sorted diagnostics into the outputs of the output contract (human, JSON,
//! SARIF, GitHub workflow commands, reviewdog's rdjson).

pub mod baseline;
pub mod fingerprint;
pub mod fixes;
mod github;
mod human;

pub use human::HumanOptions;
mod json;
mod rdjson;
pub mod root;
mod sarif;
pub mod suppress;

use std::cmp::Ordering;
use std::io::Write;

use repl_lint_source::diagnostic::{Diagnostic, Severity};
use repl_lint_source::{Position, SourceDb};

/// Counts for the summary block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files that were recognised and linted.
    pub files_linted: usize,
    /// Files that were not recognised as lintable and were skipped.
    pub files_skipped: usize,
    /// Files that could not be parsed.
    pub parse_errors: usize,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Code frames for people, with a summary line.
    Human,
    /// One stable JSON object for machines.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// reviewdog's Diagnostic Format, one `DiagnosticResult` object.
    Rdjson,
}

/// Writes `diagnostics` (already sorted by the caller) in `format`.
///
/// `human` only affects the human format, `fixes` only the JSON format.
pub fn write_report(
    out: &mut dyn Write,
    format: Format,
    db: &SourceDb,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    human: &HumanOptions,
    fixes: &crate::fixes::ReportedFixes,
) -> std::io::Result<()> {
    match format {
        Format::Human => human::write(out, db, diagnostics, summary, human),
        Format::Json => json::write(out, db, diagnostics, summary, fixes),
        Format::Sarif => sarif::write(out, db, diagnostics),
        Format::Github => github::write(out, db, diagnostics),
        Format::Rdjson => rdjson::write(out, db, diagnostics),
    }
}

/// Where a span starts and ends, as the JSON and rdjson formats write it (`{"start": {"line",
/// "column"}, "end": ...}`); each format decides how columns count.
#[derive(serde::Serialize)]
struct Range {
    start: Position,
    end: Position,
}

/// Writes a JSON document pretty-printed with two-space indentation and a trailing newline.
fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Sorts diagnostics for stable output: by file display path, line, column, rule ID, then message.
pub fn sort_diagnostics(db: &SourceDb, diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| compare(db, a, b));
}

fn compare(db: &SourceDb, a: &Diagnostic, b: &Diagnostic) -> Ordering {
    sort_key(db, a).cmp(&sort_key(db, b))
}

fn sort_key<'a>(db: &'a SourceDb, d: &'a Diagnostic) -> (&'a str, u32, u32, &'a str, &'a str) {
    let (start, _) = db.range(d.primary);
    (
        db.file(d.primary.file).display.as_str(),
        start.line,
        start.column,
        d.rule,
        d.message.as_str(),
    )
}

/// Errors, warnings and infos among `diagnostics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    errors: usize,
    warnings: usize,
    infos: usize,
}

impl Counts {
    fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut counts = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! A small two-file database and diagnostics shared by the writer tests.

    use repl_lint_source::diagnostic::{Diagnostic, Related, Severity};
    use repl_lint_source::{FileId, SourceDb, SourceFile, Span};

    /// `infra/main.tf`: non-ASCII text before the `"src"` span on line 3.
    pub const MAIN: &str = "resource \"aws_s3_bucket_replication_configuration\" \"main\" {\n  role = aws_iam_role.replication.arn\n  /* réplica → ü */ bucket = \"src\"\n  rule {\n    destination {\n      bucket = aws_s3_bucket.replica.arn\n    }\n  }\n}\n";

    /// `infra/buckets.tf`: no trailing newline, so its end is on the last line.
    pub const BUCKETS: &str =
        "resource \"aws_s3_bucket\" \"replica\" {\n  bucket = \"replica-ü\"\n}";

    fn span_of(db: &SourceDb, file: FileId, needle: &str) -> Span {
        let start = db.file(file).text.find(needle).unwrap_or(0);
        Span::new(file, start, start + needle.len())
    }

    /// The database and diagnostics, in a deliberately unsorted order.
    pub fn build() -> (SourceDb, Vec<Diagnostic>) {
        let mut db = SourceDb::default();
        let main = db.add(SourceFile::new(
            "/repo/infra/main.tf".into(),
            "infra/main.tf".into(),
            MAIN.into(),
        ));
        let buckets = db.add(SourceFile::new(
            "/repo/infra/buckets.tf".into(),
            "infra/buckets.tf".into(),
            BUCKETS.into(),
        ));
        let dest = span_of(&db, main, "aws_s3_bucket.replica.arn");
        let src_bucket = span_of(&db, main, "\"src\"");
        let role = span_of(&db, main, "aws_iam_role.replication.arn");
        let replica_block = Span::new(buckets, 0, BUCKETS.len());
        let eof = Span::new(buckets, BUCKETS.len(), BUCKETS.len());
        let rule_header = span_of(&db, main, "rule {");
        let diagnostics = vec![
            Diagnostic {
                rule: "RL202",
                name: "destination-versioning",
                severity: Severity::Error,
                message: "destination bucket `aws_s3_bucket.replica` does not have versioning enabled"
                    .into(),
                primary: dest,
                resource: Some("aws_s3_bucket_replication_configuration.main".into()),
                related: vec![
                    Related { span: replica_block, message: "destination bucket defined here".into() },
                    Related { span: src_bucket, message: "source bucket".into() },
                ],
                help: Some(
                    "add an aws_s3_bucket_versioning resource with status = \"Enabled\" for the destination bucket"
                        .into(),
                ),
                fix: None,
            },
            Diagnostic {
                rule: "RL105",
                name: "missing-filter",
                severity: Severity::Warning,
                message: "replication rule has no `filter` block".into(),
                // Zero-width span just before `{` of the rule header.
                primary: rule_header.sub(5, 0),
                resource: None,
                related: vec![],
                help: None,
                fix: None,
            },
            Diagnostic {
                rule: "RL301",
                name: "lifecycle-missing",
                severity: Severity::Info,
                message: "bucket ends without a lifecycle configuration".into(),
                primary: eof,
                resource: Some("aws_s3_bucket.replica".into()),
                related: vec![],
                help: Some("add an aws_s3_bucket_lifecycle_configuration".into()),
                fix: None,
            },
            Diagnostic {
                rule: "RL201",
                name: "source-versioning",
                severity: Severity::Error,
                message: "source bucket `src` does not have versioning enabled".into(),
                primary: src_bucket,
                resource: Some("aws_s3_bucket_replication_configuration.main".into()),
                related: vec![Related { span: role, message: "role used for replication".into() }],
                help: None,
                fix: None,
            },
        ];
        (db, diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_path_line_column_rule_message() {
        let (db, mut diagnostics) = fixtures::build();
        // Add a twin of RL201 at the same place with another rule and message to test tie-breaks.
        let mut twin = diagnostics[3].clone();
        twin.rule = "RL200";
        diagnostics.push(twin);
        let mut twin = diagnostics[3].clone();
        twin.message = "a message that sorts first".into();
        diagnostics.push(twin);
        sort_diagnostics(&db, &mut diagnostics);
        let got: Vec<(String, u32, u32, &str, &str)> = diagnostics
            .iter()
            .map(|d| {
                let (start, _) = db.range(d.primary);
                (
                    db.file(d.primary.file).display.clone(),
                    start.line,
                    start.column,
                    d.rule,
                    d.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "infra/buckets.tf".into(),
                    3,
                    2,
                    "RL301",
                    "bucket ends without a lifecycle configuration"
                ),
                (
                    "infra/main.tf".into(),
                    3,
                    30,
                    "RL200",
                    "source bucket `src` does not have versioning enabled"
                ),
                (
                    "infra/main.tf".into(),
                    3,
                    30,
                    "RL201",
                    "a message that sorts first"
                ),
                (
                    "infra/main.tf".into(),
                    3,
                    30,
                    "RL201",
                    "source bucket `src` does not have versioning enabled"
                ),
                (
                    "infra/main.tf".into(),
                    4,
                    8,
                    "RL105",
                    "replication rule has no `filter` block"
                ),
                (
                    "infra/main.tf".into(),
                    6,
                    16,
                    "RL202",
                    "destination bucket `aws_s3_bucket.replica` does not have versioning enabled"
                ),
            ]
        );
    }

    #[test]
    fn counts_by_severity() {
        let (_, diagnostics) = fixtures::build();
        assert_eq!(
            Counts::of(&diagnostics),
            Counts {
                errors: 2,
                warnings: 1,
                infos: 1
            }
        );
    }
}
