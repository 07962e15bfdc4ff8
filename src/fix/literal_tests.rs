//! Unit tests of `literal.rs`.

use super::super::tests::{db, fixed, span};
use super::*;
use repl_lint_source::FileId;

#[test]
fn a_quoted_or_bare_literal_changes_inside_its_quotes() {
    let db = db("a.tf", "status = \"Suspended\"\n");
    let fix = replace_literal(
        db.file(FileId(0)),
        span(&db, "\"Suspended\""),
        "Suspended",
        "Enabled",
    );
    assert_eq!(fixed(&db, fix), "status = \"Enabled\"\n");
    let db = super::super::tests::db("t.yaml", "Status: Suspended\n");
    let fix = replace_literal(
        db.file(FileId(0)),
        span(&db, "Suspended"),
        "Suspended",
        "Enabled",
    );
    assert_eq!(fixed(&db, fix), "Status: Enabled\n");
}

#[test]
fn anything_but_the_literal_is_left_alone() {
    let db = db("a.tf", "status = var.status\n");
    let fix = replace_literal(
        db.file(FileId(0)),
        span(&db, "var.status"),
        "Suspended",
        "Enabled",
    );
    assert_eq!(fix, None);
}
