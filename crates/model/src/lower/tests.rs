//! Lowering tests: Terraform text → typed model, through the real parser.

use super::build_model;
use crate::{BucketLink, KeyLink, Model};
use repl_lint_source::{SourceDb, SourceFile};

/// The model of one Terraform file.
pub(crate) fn model_of(text: &str) -> Model {
    let mut db = SourceDb::default();
    let id = db.add(SourceFile::new(
        "main.tf".into(),
        "main.tf".into(),
        text.to_string(),
    ));
    let config = repl_lint_syntax::hcl::parse_module(&db, &[id], &[]);
    assert!(config.errors.is_empty(), "{:?}", config.errors);
    build_model(&[config])
}

const STANDALONE: &str = r#"
resource "aws_kms_key" "src" {
  is_enabled = false
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:*", Resource = "*" }] })
}
resource "aws_kms_alias" "src" {
  name          = "alias/src"
  target_key_id = aws_kms_key.src.key_id
}
resource "aws_kms_key" "dst" {}
resource "aws_kms_key_policy" "dst" {
  key_id = aws_kms_key.dst.id
  policy = jsonencode({ Statement = [{ Effect = "Deny", Action = "kms:*", Resource = "*" }] })
}
resource "aws_s3_bucket" "src" {
  bucket              = "src"
  object_lock_enabled = true
}
resource "aws_s3_bucket_server_side_encryption_configuration" "src" {
  bucket = aws_s3_bucket.src.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_alias.src.arn
    }
    bucket_key_enabled = true
  }
}
resource "aws_s3_bucket_ownership_controls" "src" {
  bucket = aws_s3_bucket.src.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
resource "aws_s3_bucket_replication_configuration" "r" {
  role   = "arn:aws:iam::123456789012:role/r"
  bucket = aws_s3_bucket.src.id
  rule {
    priority = 2
    status   = "Enabled"
    filter {}
    source_selection_criteria {
      sse_kms_encrypted_objects { status = "Enabled" }
      replica_modifications { status = "Disabled" }
    }
    destination {
      bucket = "arn:aws:s3:::dst"
      encryption_configuration { replica_kms_key_id = aws_kms_key.dst.arn }
    }
  }
}
"#;

#[test]
fn standalone_bucket_settings_keys_and_rule_fields_are_linked() {
    let model = model_of(STANDALONE);
    let bucket = &model.buckets[0];
    let encryption = &bucket.encryption[0];
    assert_eq!(
        encryption.algorithm.as_ref().and_then(|v| v.as_str()),
        Some("aws:kms")
    );
    assert_eq!(
        encryption.bucket_key.as_ref().and_then(|v| v.as_bool()),
        Some(true)
    );
    let kms_key = encryption.kms_key.as_ref().unwrap();
    assert_eq!(model.resolve_key(0, kms_key), KeyLink::Found(0));
    assert_eq!(
        bucket.ownership[0].object_ownership.as_str(),
        Some("BucketOwnerEnforced")
    );
    assert_eq!(bucket.object_lock[0].enabled, Some(true));

    let (src_key, dst_key) = (&model.keys[0], &model.keys[1]);
    assert_eq!(
        src_key.enabled.as_ref().and_then(|v| v.as_bool()),
        Some(false)
    );
    assert_eq!(src_key.aliases[0].as_str(), Some("alias/src"));
    assert_eq!(src_key.policy.as_ref().unwrap().statements.len(), 1);
    let dst_policy = dst_key.policy.as_ref().unwrap();
    assert_eq!(dst_policy.origin, "aws_kms_key_policy.dst");

    let replication = &model.replications[0];
    assert_eq!(replication.source, BucketLink::Found(0));
    let rule = &replication.rules.as_ref().unwrap()[0];
    assert_eq!(
        rule.priority.as_ref().and_then(|v| v.as_number()),
        Some(2.0)
    );
    assert_eq!(
        rule.sse_kms_encrypted_objects.as_ref().unwrap().enabled,
        Some(true)
    );
    assert_eq!(
        rule.replica_modifications.as_ref().unwrap().enabled,
        Some(false)
    );
    let replica_key = rule.destination.replica_kms_key.as_ref().unwrap();
    assert_eq!(model.resolve_key(0, replica_key), KeyLink::Found(1));
}

#[test]
fn legacy_inline_bucket_settings_and_rule_fields_are_linked() {
    let model = model_of(
        r#"
resource "aws_s3_bucket" "src" {
  bucket = "src"
  object_lock_configuration {
    object_lock_enabled = "Enabled"
  }
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }
  replication_configuration {
    role = "arn:aws:iam::123456789012:role/r"
    rules {
      status = "Enabled"
      source_selection_criteria {
        sse_kms_encrypted_objects { enabled = true }
      }
      destination {
        bucket             = "arn:aws:s3:::dst"
        replica_kms_key_id = "alias/unknown"
      }
    }
  }
}
"#,
    );
    let bucket = &model.buckets[0];
    assert_eq!(
        bucket.encryption[0]
            .algorithm
            .as_ref()
            .and_then(|v| v.as_str()),
        Some("AES256")
    );
    assert_eq!(bucket.object_lock[0].enabled, Some(true));
    let rule = &model.replications[0].rules.as_ref().unwrap()[0];
    assert_eq!(
        rule.sse_kms_encrypted_objects.as_ref().unwrap().enabled,
        Some(true)
    );
    let replica_key = rule.destination.replica_kms_key.as_ref().unwrap();
    assert_eq!(
        model.resolve_key(0, replica_key),
        KeyLink::External("alias/unknown".into())
    );
}

#[test]
fn replacements_apply_to_a_policy_document_and_the_documents_it_includes() {
    let model = model_of(
        r#"
resource "aws_s3_bucket" "b" {
  bucket = "logs"
}
data "aws_iam_policy_document" "caller" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["_ARN_/*"]
  }
}
data "aws_iam_policy_document" "combined" {
  source_policy_documents = [data.aws_iam_policy_document.caller.json]
  statement {
    sid       = "List"
    actions   = ["s3:ListBucket"]
    resources = ["_ARN_"]
  }
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = replace(replace(data.aws_iam_policy_document.combined.json, "_ID_", aws_s3_bucket.b.id), "_ARN_", aws_s3_bucket.b.arn)
}
"#,
    );
    let [policy] = model.bucket_policies.as_slice() else {
        panic!("one bucket policy: {:?}", model.bucket_policies);
    };
    assert!(policy.policy.complete);
    let resources: Vec<String> = policy
        .policy
        .statements
        .iter()
        .flat_map(|s| s.resources.iter().flatten())
        .map(|r| r.text.to_string())
        .collect();
    assert_eq!(resources, ["arn:aws:s3:::logs/*", "arn:aws:s3:::logs"]);
}
