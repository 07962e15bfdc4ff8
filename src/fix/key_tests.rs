//! Unit tests of `key.rs`.

use super::super::tests::{db, fixed, span};
use super::*;
use repl_lint_source::FileId;

#[test]
fn an_alias_becomes_the_key_arn_in_each_format() {
    let arn = KeyArn::Terraform("aws_kms_alias.r.target_key_arn".to_string());
    let db = db("a.tf", "k = \"alias/r\"\n");
    let fix = use_key_arn(
        db.file(FileId(0)),
        span(&db, "\"alias/r\""),
        "alias/r",
        &arn,
    );
    assert_eq!(fixed(&db, fix), "k = aws_kms_alias.r.target_key_arn\n");
    let arn = KeyArn::CloudFormation("Key".to_string());
    let db = super::super::tests::db("t.yaml", "K: alias/r\n");
    let fix = use_key_arn(db.file(FileId(0)), span(&db, "alias/r"), "alias/r", &arn);
    assert_eq!(fixed(&db, fix), "K: !GetAtt Key.Arn\n");
    let db = super::super::tests::db("t.json", "{\"K\": \"alias/r\"}\n");
    let fix = use_key_arn(
        db.file(FileId(0)),
        span(&db, "\"alias/r\""),
        "alias/r",
        &arn,
    );
    assert_eq!(
        fixed(&db, fix),
        "{\"K\": {\"Fn::GetAtt\": [\"Key\", \"Arn\"]}}\n"
    );
}

#[test]
fn a_value_that_reads_otherwise_is_left_alone() {
    let arn = KeyArn::Terraform("aws_kms_alias.r.target_key_arn".to_string());
    let db = db("a.tf", "k = var.key\n");
    let fix = use_key_arn(db.file(FileId(0)), span(&db, "var.key"), "alias/r", &arn);
    assert_eq!(fix, None);
}
