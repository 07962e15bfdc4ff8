//! Unit tests of `versioning.rs`.

use super::super::tests::{db, fixed, span};
use super::*;

#[test]
fn terraform_resource_follows_the_bucket_block() {
    let db = db(
        "a.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n",
    );
    let bucket = span(
        &db,
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}",
    );
    let fix = add_versioning(
        &db,
        bucket,
        "aws_s3_bucket.b",
        Some("aws_s3_bucket_versioning.b"),
        None,
    );
    assert_eq!(
        fixed(&db, fix),
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n\nresource \"aws_s3_bucket_versioning\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n"
    );
}

#[test]
fn yaml_properties_in_flow_style_are_left_alone() {
    let text = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: x}\n";
    let db = db("t.yaml", text);
    let bucket = span(
        &db,
        "B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: x}",
    );
    assert_eq!(add_versioning(&db, bucket, "B", None, None), None);
}

#[test]
fn yaml_properties_keep_the_file_indentation() {
    let text = "Resources:\n    B:\n        Type: AWS::S3::Bucket\n        Properties:\n            BucketName: x\n";
    let db = db("t.yaml", text);
    let bucket = span(
        &db,
        "B:\n        Type: AWS::S3::Bucket\n        Properties:\n            BucketName: x",
    );
    assert_eq!(
        fixed(&db, add_versioning(&db, bucket, "B", None, None)),
        "Resources:\n    B:\n        Type: AWS::S3::Bucket\n        Properties:\n            VersioningConfiguration:\n                Status: Enabled\n            BucketName: x\n"
    );
}
