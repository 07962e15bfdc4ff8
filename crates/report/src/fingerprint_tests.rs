//! Unit tests of `fingerprint.rs`.

use super::*;
use repl_lint_source::diagnostic::Severity;
use repl_lint_source::{SourceFile, Span};

fn diagnostic(db: &SourceDb, file: repl_lint_source::FileId, needle: &str) -> Diagnostic {
    let start = db.file(file).text.find(needle).unwrap();
    Diagnostic {
        rule: "RL202",
        name: "destination-versioning",
        severity: Severity::Error,
        message: "m".into(),
        primary: Span::new(file, start, start + needle.len()),
        resource: Some("aws_s3_bucket.b".into()),
        related: Vec::new(),
        help: None,
        fix: None,
    }
}

fn print(text: &str, needle: &str) -> String {
    let mut db = SourceDb::default();
    let file = db.add(SourceFile::new("m.tf".into(), "m.tf".into(), text.into()));
    fingerprints(&db, &[diagnostic(&db, file, needle)]).remove(0)
}

#[test]
fn survives_moved_lines_and_reindentation() {
    let before = print("a\nstatus = \"Suspended\"\n", "status = \"Suspended\"");
    let after = print(
        "x\ny\n\n    status  =  \"Suspended\"\n",
        "status  =  \"Suspended\"",
    );
    assert_eq!(before, after);
    assert_eq!(before.len(), 16);
}

#[test]
fn differs_for_different_text_and_repeated_findings() {
    let a = print("status = \"Suspended\"", "status = \"Suspended\"");
    let b = print("status = \"Disabled\"", "status = \"Disabled\"");
    assert_ne!(a, b);
    let mut db = SourceDb::default();
    let file = db.add(SourceFile::new("m.tf".into(), "m.tf".into(), "x x".into()));
    let d = diagnostic(&db, file, "x");
    let prints = fingerprints(&db, &[d.clone(), d]);
    assert_ne!(prints[0], prints[1]);
}
