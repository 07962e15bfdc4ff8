//! Unit tests of `arn.rs`.

use super::super::tests::{db, fixed, span};
use super::*;

fn terraform(text: &str, needle: &str, target: &str, attr: &str) -> Option<String> {
    let db = db("main.tf", text);
    let fix = use_arn(
        db.file(repl_lint_source::FileId(0)),
        span(&db, needle),
        target,
        attr,
    )?;
    Some(fixed(&db, Some(fix)))
}

#[test]
fn terraform_reference_gets_arn_in_place() {
    let text = "role = aws_iam_role.r.name # the role\n";
    assert_eq!(
        terraform(text, "aws_iam_role.r.name", "aws_iam_role.r", "name").as_deref(),
        Some("role = aws_iam_role.r.arn # the role\n")
    );
    let text = "bucket = \"${aws_s3_bucket.b[0].id}\"\n";
    assert_eq!(
        terraform(
            text,
            "\"${aws_s3_bucket.b[0].id}\"",
            "aws_s3_bucket.b[0]",
            "id"
        )
        .as_deref(),
        Some("bucket = \"${aws_s3_bucket.b[0].arn}\"\n")
    );
    // Inside a module the address has the module's prefix; the text does not.
    let text = "role = aws_iam_role.r.id\n";
    assert_eq!(
        terraform(
            text,
            "aws_iam_role.r.id",
            "module.m[\"a.b\"].aws_iam_role.r",
            "id"
        )
        .as_deref(),
        Some("role = aws_iam_role.r.arn\n")
    );
}

#[test]
fn a_variable_or_local_that_holds_the_name_is_not_rewritten() {
    let text = "role = local.name\n";
    assert_eq!(
        terraform(text, "local.name", "aws_iam_role.r", "name"),
        None
    );
    let text = "role = aws_iam_role.other.name\n";
    assert_eq!(
        terraform(text, "aws_iam_role.other.name", "aws_iam_role.r", "name"),
        None
    );
    let db = db("main.tf.json", "{\"role\": \"${aws_iam_role.r.name}\"}");
    let file = db.file(repl_lint_source::FileId(0));
    assert_eq!(
        use_arn(
            file,
            span(&db, "aws_iam_role.r.name"),
            "aws_iam_role.r",
            "name"
        ),
        None
    );
}

#[test]
fn cloudformation_ref_becomes_get_att() {
    let cases = [
        ("Role: !Ref Role\n", "!Ref Role", "Role: !GetAtt Role.Arn\n"),
        (
            "\"Role\": { \"Ref\" : \"Role\" }",
            "{ \"Ref\" : \"Role\" }",
            "\"Role\": {\"Fn::GetAtt\": [\"Role\", \"Arn\"]}",
        ),
    ];
    for (text, needle, expected) in cases {
        let db = db("template.yaml", text);
        let fix = use_arn(
            db.file(repl_lint_source::FileId(0)),
            span(&db, needle),
            "Role",
            "",
        );
        assert_eq!(fixed(&db, fix), expected);
    }
    let db = db("template.yaml", "Role: !Ref Other\n");
    let file = db.file(repl_lint_source::FileId(0));
    assert_eq!(use_arn(file, span(&db, "!Ref Other"), "Role", ""), None);
}
