//! Unit tests of `depends.rs`.

use super::super::tests::{db, fixed, span};
use super::*;
use repl_lint_source::FileId;

fn add(text: &str, listed: &[&str]) -> Option<String> {
    let db = db("a.tf", text);
    let depends = DependsOn {
        resource: Span::new(FileId(0), 0, text.trim_end().len()),
        listed: listed.iter().map(|n| span(&db, n)).collect(),
        address: "aws_s3_bucket_versioning.b".to_string(),
    };
    let fix = add_depends_on(db.file(FileId(0)), &depends)?;
    Some(fixed(&db, Some(fix)))
}

#[test]
fn appends_to_a_list_on_one_line() {
    assert_eq!(
        add(
            "resource \"t\" \"r\" {\n  depends_on = [x.a]\n}\n",
            &["x.a"]
        )
        .unwrap(),
        "resource \"t\" \"r\" {\n  depends_on = [x.a, aws_s3_bucket_versioning.b]\n}\n"
    );
}

#[test]
fn appends_a_line_to_a_list_of_lines_with_or_without_a_trailing_comma() {
    assert_eq!(
        add(
            "resource \"t\" \"r\" {\n  depends_on = [\n    x.a\n  ]\n}\n",
            &["x.a"]
        )
        .unwrap(),
        "resource \"t\" \"r\" {\n  depends_on = [\n    x.a,\n    aws_s3_bucket_versioning.b\n  ]\n}\n"
    );
    assert_eq!(
        add(
            "resource \"t\" \"r\" {\n  depends_on = [\n    x.a,\n  ]\n}\n",
            &["x.a"]
        )
        .unwrap(),
        "resource \"t\" \"r\" {\n  depends_on = [\n    x.a,\n    aws_s3_bucket_versioning.b,\n  ]\n}\n"
    );
}

#[test]
fn creates_the_attribute_at_the_top_of_the_body() {
    assert_eq!(
        add("resource \"t\" \"r\" {\n    bucket = \"b\"\n}\n", &[]).unwrap(),
        "resource \"t\" \"r\" {\n    depends_on = [aws_s3_bucket_versioning.b]\n\n    bucket = \"b\"\n}\n"
    );
}

#[test]
fn an_empty_list_or_a_one_line_body_is_left_alone() {
    assert_eq!(
        add("resource \"t\" \"r\" {\n  depends_on = []\n}\n", &[]),
        None
    );
    assert_eq!(add("resource \"t\" \"r\" { bucket = \"b\" }\n", &[]), None);
}
