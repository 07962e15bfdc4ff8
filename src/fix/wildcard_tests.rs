//! Unit tests of `wildcard.rs`.

use super::super::tests::{db, fixed, span};
use super::*;
use repl_lint_source::FileId;

fn wildcard(path: &str, text: &str, needle: &str) -> Option<String> {
    let db = db(path, text);
    let fix = object_wildcard(db.file(FileId(0)), span(&db, needle))?;
    Some(fixed(&db, Some(fix)))
}

/// Asserts each (path, text, resource, fixed text) case.
fn assert_wildcards(cases: &[(&str, &str, &str, &str)]) {
    for (path, text, needle, expected) in cases {
        assert_eq!(
            wildcard(path, text, needle).as_deref(),
            Some(*expected),
            "{text}"
        );
    }
}

#[test]
fn strings_get_the_wildcard_before_their_quote() {
    assert_wildcards(&[
        (
            "main.tf",
            "r = \"arn:aws:s3:::b\"",
            "\"arn:aws:s3:::b\"",
            "r = \"arn:aws:s3:::b/*\"",
        ),
        (
            "main.tf",
            "r = \"arn:aws:s3:::b/\"",
            "\"arn:aws:s3:::b/\"",
            "r = \"arn:aws:s3:::b/*\"",
        ),
        (
            "t.yaml",
            "R: 'arn:aws:s3:::b'",
            "'arn:aws:s3:::b'",
            "R: 'arn:aws:s3:::b/*'",
        ),
        (
            "t.yaml",
            "R: !Sub \"${B.Arn}\"",
            "!Sub \"${B.Arn}\"",
            "R: !Sub \"${B.Arn}/*\"",
        ),
        (
            "t.yaml",
            "R: arn:aws:s3:::b # c",
            "arn:aws:s3:::b",
            "R: arn:aws:s3:::b/* # c",
        ),
    ]);
}

#[test]
fn references_become_templates() {
    assert_wildcards(&[
        (
            "main.tf",
            "r = aws_s3_bucket.b.arn",
            "aws_s3_bucket.b.arn",
            "r = \"${aws_s3_bucket.b.arn}/*\"",
        ),
        (
            "t.yaml",
            "R: !GetAtt B.Arn",
            "!GetAtt B.Arn",
            "R: !Sub \"${B.Arn}/*\"",
        ),
        (
            "t.json",
            "\"R\": {\"Fn::GetAtt\": [\"B\", \"Arn\"]}",
            "{\"Fn::GetAtt\": [\"B\", \"Arn\"]}",
            "\"R\": {\"Fn::Sub\": \"${B.Arn}/*\"}",
        ),
    ]);
}

#[test]
fn other_expressions_are_left_alone() {
    assert_eq!(wildcard("main.tf", "r = var.arn", "var"), None);
    assert_eq!(
        wildcard("main.tf", "r = format(\"%s\", x)", "format(\"%s\", x)"),
        None
    );
    assert_eq!(
        wildcard("t.yaml", "R: !GetAtt B.Name", "!GetAtt B.Name"),
        None
    );
    assert_eq!(
        wildcard(
            "t.json",
            "{\"Fn::Join\": [\"\", []]}",
            "{\"Fn::Join\": [\"\", []]}"
        ),
        None
    );
}
