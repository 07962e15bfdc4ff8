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

/// The unit of one CloudFormation JSON template.
pub(crate) fn template_unit(text: &str) -> repl_lint_syntax::resource::Configuration {
    let mut db = SourceDb::default();
    let id = db.add(SourceFile::new(
        "t.json".into(),
        "t.json".into(),
        text.to_string(),
    ));
    let root = repl_lint_syntax::json::parse_json(text, id, 0).expect("valid JSON");
    let mut config = repl_lint_syntax::cfn::lower_template(&root, text, &Default::default());
    config.dialect = repl_lint_syntax::resource::Dialect::CloudFormation;
    config
}

/// The model of one CloudFormation JSON template.
fn template_model_of(text: &str) -> Model {
    build_model(&[template_unit(text)])
}

/// What the typed views say, as text: equal for the same setup in every format.
fn views(model: &Model) -> Vec<String> {
    let text = |v: Option<&repl_lint_syntax::value::Value>| match v {
        Some(v) => v
            .as_str()
            .map(str::to_string)
            .or_else(|| v.as_number().map(|n| n.to_string()))
            .or_else(|| v.as_bool().map(|b| b.to_string()))
            .unwrap_or_else(|| "?".to_string()),
        None => "-".to_string(),
    };
    let switch = |s: Option<&crate::Switch>| format!("{:?}", s.and_then(|s| s.enabled));
    let mut out = Vec::new();
    for b in &model.buckets {
        out.push(format!("bucket {}", text(b.name.as_ref())));
        for v in &b.versioning {
            out.push(format!(
                "  versioning {:?} {}",
                v.status,
                text(v.value.as_ref())
            ));
        }
        for e in &b.encryption {
            let key = e.kms_key.as_ref().map(|k| model.resolve_key(0, k));
            let (algorithm, bucket_key) = (text(e.algorithm.as_ref()), text(e.bucket_key.as_ref()));
            out.push(format!("  encryption {algorithm} {key:?} {bucket_key}"));
        }
        for o in &b.ownership {
            out.push(format!("  ownership {}", text(Some(&o.object_ownership))));
        }
        for l in &b.object_lock {
            out.push(format!("  object lock {:?}", l.enabled));
        }
    }
    for r in &model.replications {
        let role = r.role.as_ref().map(|v| model.resolve_role(0, v));
        out.push(format!("replication {:?} role {role:?}", r.source));
        for rule in r.rules.iter().flatten() {
            let tags: Vec<String> = rule
                .filter_tags
                .iter()
                .map(|t| format!("{}={}", text(Some(&t.key)), text(t.value.as_ref())))
                .collect();
            out.push(format!(
                "  rule {} {:?} priority {} prefix {} tags {tags:?} {:?} elements {}",
                text(rule.id.as_ref()),
                rule.enabled,
                text(rule.priority.as_ref()),
                text(rule.key_prefix()),
                rule.schema,
                rule.filter_elements.len(),
            ));
            out.push(format!(
                "  delete markers {} sse-kms {} replica modifications {}",
                switch(rule.delete_marker_replication.as_ref()),
                switch(rule.sse_kms_encrypted_objects.as_ref()),
                switch(rule.replica_modifications.as_ref()),
            ));
            let d = &rule.destination;
            let key = d.replica_kms_key.as_ref().map(|k| model.resolve_key(0, k));
            let controls = [&d.replication_time, &d.metrics].map(|c| {
                c.as_ref().map(|c| {
                    let status = c.status.as_ref().and_then(|s| s.enabled);
                    (status, text(c.minutes.as_ref()), c.threshold.is_some())
                })
            });
            out.push(format!(
                "  destination {} account {} class {} owner {} key {key:?} controls {controls:?}",
                text(d.bucket.as_ref()),
                text(d.account.as_ref()),
                text(d.storage_class.as_ref()),
                text(d.access_control_owner.as_ref()),
            ));
        }
    }
    for r in &model.roles {
        let statements = |p: &repl_lint_iam::policy::Policy| p.statements.len();
        let policies: Vec<usize> = r.policies.iter().map(statements).collect();
        let trust = r.trust.as_ref().map(statements);
        out.push(format!(
            "role {} trust {trust:?} policies {policies:?}",
            text(r.name.as_ref())
        ));
    }
    for k in &model.keys {
        let aliases: Vec<String> = k.aliases.iter().map(|a| text(Some(a))).collect();
        let policy = k.policy.as_ref().map(|p| p.statements.len());
        out.push(format!(
            "key enabled {} spec {} aliases {aliases:?} policy {policy:?}",
            text(k.enabled.as_ref()),
            text(k.key_spec.as_ref()),
        ));
    }
    for p in &model.bucket_policies {
        out.push(format!(
            "bucket policy {:?} {}",
            p.bucket,
            p.policy.statements.len()
        ));
    }
    out
}

/// One setup in Terraform, and in CloudFormation below: every typed view reads the same.
const SAME_SETUP_TF: &str = r#"
resource "aws_kms_key" "k" {
  is_enabled               = true
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:*", Resource = "*" }] })
}
resource "aws_kms_alias" "k" {
  name          = "alias/k"
  target_key_id = aws_kms_key.k.key_id
}
resource "aws_s3_bucket" "src" {
  bucket              = "src"
  object_lock_enabled = true
}
resource "aws_s3_bucket_versioning" "src" {
  bucket = aws_s3_bucket.src.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "src" {
  bucket = aws_s3_bucket.src.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.k.arn
    }
    bucket_key_enabled = true
  }
}
resource "aws_s3_bucket_ownership_controls" "src" {
  bucket = aws_s3_bucket.src.id
  rule { object_ownership = "BucketOwnerEnforced" }
}
resource "aws_iam_role" "r" {
  name = "replication"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "s3.amazonaws.com" } }] })
  inline_policy {
    name   = "p"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }, { Effect = "Allow", Action = "kms:*", Resource = "*" }] })
  }
}
resource "aws_s3_bucket_policy" "src" {
  bucket = aws_s3_bucket.src.id
  policy = jsonencode({ Statement = [{ Effect = "Deny", Action = "s3:*", Resource = "*", Principal = "*" }] })
}
resource "aws_s3_bucket_replication_configuration" "r" {
  bucket = aws_s3_bucket.src.id
  role   = aws_iam_role.r.arn
  rule {
    id       = "all"
    priority = 1
    status   = "Enabled"
    filter {
      and {
        prefix = "logs/"
        tags   = { team = "a" }
      }
    }
    delete_marker_replication { status = "Disabled" }
    source_selection_criteria {
      sse_kms_encrypted_objects { status = "Enabled" }
      replica_modifications { status = "Enabled" }
    }
    destination {
      bucket        = "arn:aws:s3:::dst"
      account       = "111122223333"
      storage_class = "STANDARD_IA"
      access_control_translation { owner = "Destination" }
      encryption_configuration { replica_kms_key_id = aws_kms_key.k.arn }
      replication_time {
        status = "Enabled"
        time { minutes = 15 }
      }
      metrics {
        status = "Enabled"
        event_threshold { minutes = 15 }
      }
    }
  }
}
"#;

const SAME_SETUP_CFN: &str = r#"{
  "Resources": {
    "K": {
      "Type": "AWS::KMS::Key",
      "Properties": {
        "Enabled": true,
        "KeySpec": "SYMMETRIC_DEFAULT",
        "KeyPolicy": { "Statement": [{ "Effect": "Allow", "Action": "kms:*", "Resource": "*" }] }
      }
    },
    "Alias": {
      "Type": "AWS::KMS::Alias",
      "Properties": { "AliasName": "alias/k", "TargetKeyId": { "Ref": "K" } }
    },
    "Src": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "BucketName": "src",
        "ObjectLockEnabled": true,
        "VersioningConfiguration": { "Status": "Enabled" },
        "BucketEncryption": {
          "ServerSideEncryptionConfiguration": [{
            "ServerSideEncryptionByDefault": {
              "SSEAlgorithm": "aws:kms",
              "KMSMasterKeyID": { "Fn::GetAtt": ["K", "Arn"] }
            },
            "BucketKeyEnabled": true
          }]
        },
        "OwnershipControls": { "Rules": [{ "ObjectOwnership": "BucketOwnerEnforced" }] },
        "ReplicationConfiguration": {
          "Role": { "Fn::GetAtt": ["R", "Arn"] },
          "Rules": [{
            "Id": "all",
            "Priority": 1,
            "Status": "Enabled",
            "Filter": {
              "And": { "Prefix": "logs/", "TagFilters": [{ "Key": "team", "Value": "a" }] }
            },
            "DeleteMarkerReplication": { "Status": "Disabled" },
            "SourceSelectionCriteria": {
              "SseKmsEncryptedObjects": { "Status": "Enabled" },
              "ReplicaModifications": { "Status": "Enabled" }
            },
            "Destination": {
              "Bucket": "arn:aws:s3:::dst",
              "Account": "111122223333",
              "StorageClass": "STANDARD_IA",
              "AccessControlTranslation": { "Owner": "Destination" },
              "EncryptionConfiguration": { "ReplicaKmsKeyID": { "Fn::GetAtt": ["K", "Arn"] } },
              "ReplicationTime": { "Status": "Enabled", "Time": { "Minutes": 15 } },
              "Metrics": { "Status": "Enabled", "EventThreshold": { "Minutes": 15 } }
            }
          }]
        }
      }
    },
    "R": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "RoleName": "replication",
        "AssumeRolePolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": { "Service": "s3.amazonaws.com" } }] },
        "Policies": [{
          "PolicyName": "p",
          "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "s3:*", "Resource": "*" }, { "Effect": "Allow", "Action": "kms:*", "Resource": "*" }] }
        }]
      }
    },
    "Policy": {
      "Type": "AWS::S3::BucketPolicy",
      "Properties": {
        "Bucket": { "Ref": "Src" },
        "PolicyDocument": { "Statement": [{ "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Principal": "*" }] }
      }
    }
  }
}"#;

#[test]
fn the_same_setup_reads_the_same_in_terraform_and_cloudformation() {
    let terraform = views(&model_of(SAME_SETUP_TF));
    let cloudformation = views(&template_model_of(SAME_SETUP_CFN));
    assert_eq!(terraform, cloudformation);
    // Every view is read: nothing left empty by a key missing from a table.
    let all = terraform.join("\n");
    for expected in [
        "bucket src",
        "versioning Enabled Enabled",
        "encryption aws:kms Some(Found(0)) true",
        "ownership BucketOwnerEnforced",
        "object lock Some(true)",
        "rule all Some(true) priority 1 prefix logs/ tags [\"team=a\"] Some(V2) elements 1",
        "delete markers Some(false) sse-kms Some(true) replica modifications Some(true)",
        "destination arn:aws:s3:::dst account 111122223333 class STANDARD_IA owner Destination key Some(Found(0))",
        "(Some(true), \"15\", true)",
        "role replication trust Some(1) policies [2]",
        "key enabled true spec SYMMETRIC_DEFAULT aliases [\"alias/k\"] policy Some(1)",
        "bucket policy Found(0) 1",
    ] {
        assert!(all.contains(expected), "{expected:?} not in\n{all}");
    }
}

#[test]
fn the_legacy_inline_replication_block_reads_as_the_same_rule() {
    let terraform = model_of(
        r#"
resource "aws_kms_key" "k" {}
resource "aws_iam_role" "r" {}
resource "aws_s3_bucket" "src" {
  bucket = "src"
  replication_configuration {
    role = aws_iam_role.r.arn
    rules {
      id       = "all"
      priority = 1
      status   = "Enabled"
      filter {
        prefix = "logs/"
        tags   = { team = "a" }
      }
      delete_marker_replication_status = "Disabled"
      source_selection_criteria {
        sse_kms_encrypted_objects { enabled = true }
      }
      destination {
        bucket             = "arn:aws:s3:::dst"
        account_id         = "111122223333"
        storage_class      = "STANDARD_IA"
        replica_kms_key_id = aws_kms_key.k.arn
        access_control_translation { owner = "Destination" }
        replication_time {
          status  = "Enabled"
          minutes = 15
        }
        metrics {
          status  = "Enabled"
          minutes = 15
        }
      }
    }
  }
}
"#,
    );
    let template = SAME_SETUP_CFN.replace(
        r#",
              "ReplicaModifications": { "Status": "Enabled" }"#,
        "",
    );
    let rules = |views: Vec<String>| -> Vec<String> {
        let start = views.iter().position(|l| l.starts_with("replication"));
        let replication = views.into_iter().skip(start.unwrap_or(usize::MAX));
        replication.take_while(|l| !l.starts_with("role")).collect()
    };
    let cloudformation = rules(views(&template_model_of(&template)));
    assert_eq!(rules(views(&terraform)), cloudformation);
    assert!(cloudformation.len() == 4, "{cloudformation:?}");
}

#[test]
fn a_filter_tag_or_conjunction_that_cannot_be_read_leaves_the_tags_unknown_in_every_format() {
    let filter = |filter: &str| {
        let template = format!(
            r#"{{"Resources": {{"Src": {{"Type": "AWS::S3::Bucket", "Properties": {{
              "ReplicationConfiguration": {{"Role": "arn:aws:iam::111122223333:role/r",
                "Rules": [{{"Status": "Enabled", "Filter": {filter},
                  "Destination": {{"Bucket": "arn:aws:s3:::dst"}}}}]}}}}}}}}}}"#
        );
        let model = template_model_of(&template);
        let rule = &model.replications[0].rules.as_ref().unwrap()[0];
        (rule.filter_tags.len(), rule.filter_tags_unknown)
    };
    let unknown = r#"{"Fn::ImportValue": "shared"}"#;
    assert_eq!(filter(&format!(r#"{{"TagFilter": {unknown}}}"#)), (0, true));
    assert_eq!(filter(&format!(r#"{{"And": {unknown}}}"#)), (0, true));
    assert_eq!(
        filter(&format!(
            r#"{{"And": {{"Prefix": "a", "TagFilters": {unknown}}}}}"#
        )),
        (0, true)
    );
    let known = r#"{"And": {"Prefix": "a", "TagFilters": [{"Key": "k", "Value": "v"}]}}"#;
    assert_eq!(filter(known), (1, false));

    let model = model_of(
        r#"
resource "aws_s3_bucket_replication_configuration" "r" {
  bucket = "src"
  role   = "arn:aws:iam::111122223333:role/r"
  rule {
    status = "Enabled"
    filter {
      and {
        prefix = "a"
        tags   = var.tags
      }
    }
    destination { bucket = "arn:aws:s3:::dst" }
  }
}
variable "tags" {}
"#,
    );
    let rule = &model.replications[0].rules.as_ref().unwrap()[0];
    assert_eq!(
        (rule.filter_tags.len(), rule.filter_tags_unknown),
        (0, true)
    );
}
