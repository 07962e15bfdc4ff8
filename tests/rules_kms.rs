//! Rule tests for the role's KMS, owner-override, Object Lock and scope permissions (RL307-RL313)
//! and for KMS keys (RL401, RL402, RL404, RL406, RL407), on Terraform, CloudFormation and
//! Terraform plan JSON. A correct SSE-KMS set-up is written once per format; each test plants one
//! defect by replacing text and asserts the exact `RLxxx line:col` list of the rule concerned.

#[path = "support/record.rs"]
mod record;

#[path = "support/plan.rs"]
mod plan;

use plan::locate;
use serde_json::json;

/// `RLxxx line:col` of every diagnostic of `rule` (all rules when `None`) for one file, sorted.
fn lint(file: &str, text: &str, rule: Option<&str>) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file), text).unwrap();
    let options = repl_lint::Options {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    record::lint(dir.path(), &options, &outcome);
    let mut out: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| rule.is_none_or(|r| d.rule == r))
        .map(|d| {
            let (start, _) = outcome.db.range(d.primary);
            format!(
                "{} {} {}:{}",
                d.rule,
                d.severity.as_str(),
                start.line,
                start.column
            )
        })
        .collect();
    out.sort();
    out
}

/// The text with each `(old, new)` replaced once; `old` must occur.
fn edit(base: &str, edits: &[(&str, &str)]) -> String {
    let mut text = base.to_string();
    for (old, new) in edits {
        assert!(text.contains(old), "{old:?} not in the fixture");
        text = text.replacen(old, new, 1);
    }
    text
}

/// `RULE severity line:col` for the `nth` occurrence of `needle` in `text`.
fn at(rule: &str, severity: &str, text: &str, needle: &str, nth: usize) -> String {
    format!("{rule} {severity} {}", locate(text, needle, nth))
}

/// `RULE severity line:col` just after the `nth` occurrence of `prefix` in `text`.
fn after(rule: &str, severity: &str, text: &str, prefix: &str, nth: usize) -> String {
    let at = text
        .match_indices(prefix)
        .nth(nth)
        .expect("prefix not found")
        .0
        + prefix.len();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    format!("{rule} {severity} {line}:{column}")
}

/// Where a plan's `nth` policy document written as a string starts (its string value).
const PLAN_POLICY: &str = "\"{\\\"Statement";

/// A Terraform set-up with one defect planted; its findings for `rule`.
fn tf(edits: &[(&str, &str)], rule: &str) -> (String, Vec<String>) {
    let text = edit(TF, edits);
    let found = lint("main.tf", &text, Some(rule));
    (text, found)
}

/// A CloudFormation set-up with one defect planted; its findings for `rule`.
fn cfn(edits: &[(&str, &str)], rule: &str) -> (String, Vec<String>) {
    let text = edit(CFN, edits);
    let found = lint("template.yaml", &text, Some(rule));
    (text, found)
}

/// A plan set-up with one defect planted (edits apply to the rendered JSON); its findings.
fn tfplan(edits: &[(&str, &str)], rule: &str) -> (String, Vec<String>) {
    let text = edit(&plan_text(), edits);
    let found = lint("plan.json", &text, Some(rule));
    (text, found)
}

/// How a test builds a set-up with defects planted: [`tf`], [`cfn`] or [`tfplan`].
type Setup = fn(&[(&str, &str)], &str) -> (String, Vec<String>);

/// Plants `edits` with `setup` and asserts that its only finding is `finding` (`RULE severity`)
/// at the first `needle` of the edited text.
#[track_caller]
fn assert_finding(setup: Setup, edits: &[(&str, &str)], finding: &str, needle: &str) {
    let rule = finding.split_once(' ').map_or(finding, |(rule, _)| rule);
    let (text, found) = setup(edits, rule);
    assert_eq!(
        found,
        vec![format!("{finding} {}", locate(&text, needle, 0))]
    );
}

/// Plants `edits` with `setup` and asserts that exactly `finding` (`RULE severity`) is reported,
/// just after the first `prefix` (at the value of an attribute).
#[track_caller]
fn assert_finding_after(setup: Setup, edits: &[(&str, &str)], finding: &str, prefix: &str) {
    let (rule, severity) = finding.split_once(' ').unwrap_or((finding, ""));
    let (text, found) = setup(edits, rule);
    assert_eq!(found, vec![after(rule, severity, &text, prefix, 0)]);
}

/// Plants `edits` with `setup` and asserts that `rule` reports nothing.
#[track_caller]
fn assert_clean(setup: Setup, edits: &[(&str, &str)], rule: &str) {
    let (_, found) = setup(edits, rule);
    assert_eq!(found, Vec::<String>::new());
}

/// Correct SSE-KMS replication in Terraform: source key as default encryption, KMS objects
/// selected, a replica key, and a role allowed to decrypt (under the documented conditions) and
/// to encrypt.
const TF: &str = r#"resource "aws_s3_bucket" "source" {
  bucket = "kms-src"
}

resource "aws_s3_bucket" "replica" {
  bucket = "kms-dst"
}

resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_versioning" "replica" {
  bucket = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_kms_key" "source" {
  description = "source objects"
}

resource "aws_kms_key" "replica" {
  description = "replicas"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "source" {
  bucket = aws_s3_bucket.source.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.source.arn
    }
  }
}

resource "aws_iam_role" "replication" {
  name = "kms-replication"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "replication" {
  role = aws_iam_role.replication.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = aws_s3_bucket.source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "${aws_s3_bucket.source.arn}/*"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
        Resource = "${aws_s3_bucket.replica.arn}/*"
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = aws_kms_key.source.arn
        Condition = {
          StringLike = {
            "kms:ViaService"                   = "s3.*.amazonaws.com"
            "kms:EncryptionContext:aws:s3:arn" = "${aws_s3_bucket.source.arn}/*"
          }
        }
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Encrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.replica.arn
      },
    ]
  })
}

resource "aws_s3_bucket_replication_configuration" "this" {
  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]
  bucket     = aws_s3_bucket.source.id
  role       = aws_iam_role.replication.arn

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }
    destination {
      bucket = aws_s3_bucket.replica.arn
      encryption_configuration {
        replica_kms_key_id = aws_kms_key.replica.arn
      }
    }
  }
}
"#;

/// The same set-up as a CloudFormation template, with key policies that delegate to IAM.
const CFN: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  SourceKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"
            Action: "kms:*"
            Resource: "*"
  ReplicaKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"
            Action: "kms:*"
            Resource: "*"
  Source:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: kms-src
      VersioningConfiguration:
        Status: Enabled
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt SourceKey.Arn
      ReplicationConfiguration:
        Role: !GetAtt ReplicationRole.Arn
        Rules:
          - Id: all
            Priority: 1
            Status: Enabled
            Filter:
              Prefix: ""
            DeleteMarkerReplication:
              Status: Enabled
            SourceSelectionCriteria:
              SseKmsEncryptedObjects:
                Status: Enabled
            Destination:
              Bucket: !GetAtt Replica.Arn
              EncryptionConfiguration:
                ReplicaKmsKeyID: !GetAtt ReplicaKey.Arn
  Replica:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: kms-dst
      VersioningConfiguration:
        Status: Enabled
  ReplicationRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: kms-replication
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: s3.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: replication
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [s3:GetReplicationConfiguration, s3:ListBucket]
                Resource: arn:aws:s3:::kms-src
              - Effect: Allow
                Action: [s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl, s3:GetObjectVersionTagging]
                Resource: arn:aws:s3:::kms-src/*
              - Effect: Allow
                Action: [s3:ReplicateObject, s3:ReplicateDelete, s3:ReplicateTags]
                Resource: arn:aws:s3:::kms-dst/*
              - Effect: Allow
                Action: kms:Decrypt
                Resource: !GetAtt SourceKey.Arn
                Condition:
                  StringLike:
                    kms:ViaService: s3.*.amazonaws.com
                    kms:EncryptionContext:aws:s3:arn: arn:aws:s3:::kms-src/*
              - Effect: Allow
                Action: [kms:Encrypt, kms:GenerateDataKey]
                Resource: !GetAtt ReplicaKey.Arn
"#;

const SOURCE_KEY: &str =
    "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555";
const REPLICA_KEY: &str =
    "arn:aws:kms:eu-west-1:111122223333:key/66666666-7777-8888-9999-000000000000";

/// The plan builder's valid set-up with SSE-KMS: two keys whose ARNs the plan knows, the source
/// bucket's default encryption, KMS objects selected with a replica key, and KMS grants with the
/// documented conditions for the keys' region.
fn plan_text() -> String {
    let mut setup = plan::valid_setup();
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"], "Resource": "arn:aws:s3:::orders-src"},
            {"Effect": "Allow", "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], "Resource": "arn:aws:s3:::orders-src/*"},
            {"Effect": "Allow", "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], "Resource": "arn:aws:s3:::orders-dst/*"},
            {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": SOURCE_KEY,
             "Condition": {"StringLike": {"kms:ViaService": "s3.eu-west-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::orders-src/*"}}},
            {"Effect": "Allow", "Action": ["kms:Encrypt", "kms:GenerateDataKey"], "Resource": REPLICA_KEY,
             "Condition": {"StringLike": {"kms:ViaService": "s3.eu-west-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::orders-dst/*"}}}
        ]
    });
    setup[5] = plan::resource(
        "aws_iam_role_policy.replication",
        json!({ "name": "replication", "role": "orders-replication", "policy": policy.to_string() }),
    )
    .references("role", &["aws_iam_role.replication.name", "aws_iam_role.replication"]);
    setup[6] = plan::resource(
        "aws_s3_bucket_replication_configuration.this",
        json!({
            "bucket": "orders-src",
            "token": null,
            "rule": [{
                "id": "all",
                "status": "Enabled",
                "priority": 0,
                "prefix": "",
                "filter": [{ "prefix": "", "tag": [], "and": [] }],
                "delete_marker_replication": [{ "status": "Enabled" }],
                "destination": [{
                    "bucket": "arn:aws:s3:::orders-dst",
                    "account": "",
                    "storage_class": "STANDARD",
                    "access_control_translation": [],
                    "encryption_configuration": [{ "replica_kms_key_id": REPLICA_KEY }],
                    "metrics": [],
                    "replication_time": []
                }],
                "existing_object_replication": [],
                "source_selection_criteria": [{
                    "replica_modifications": [],
                    "sse_kms_encrypted_objects": [{ "status": "Enabled" }]
                }]
            }]
        }),
    )
    .unknown("role")
    .references(
        "role",
        &["aws_iam_role.replication.arn", "aws_iam_role.replication"],
    )
    .references(
        "bucket",
        &["aws_s3_bucket.source.id", "aws_s3_bucket.source"],
    )
    .depends_on(&[
        "aws_s3_bucket_versioning.source",
        "aws_s3_bucket_versioning.replica",
    ]);
    for (name, arn) in [("source", SOURCE_KEY), ("replica", REPLICA_KEY)] {
        setup.push(plan::resource(
            &format!("aws_kms_key.{name}"),
            json!({
                "arn": arn,
                "description": name,
                "is_enabled": true,
                "customer_master_key_spec": "SYMMETRIC_DEFAULT",
                "deletion_window_in_days": 7
            }),
        ));
    }
    setup.push(plan::resource(
        "aws_s3_bucket_server_side_encryption_configuration.source",
        json!({
            "bucket": "orders-src",
            "rule": [{
                "apply_server_side_encryption_by_default": [{ "sse_algorithm": "aws:kms", "kms_master_key_id": SOURCE_KEY }],
                "bucket_key_enabled": false
            }]
        }),
    ));
    plan::render(&setup)
}

#[test]
fn the_correct_setups_lint_clean() {
    assert_eq!(lint("main.tf", TF, None), Vec::<String>::new());
    assert_eq!(lint("template.yaml", CFN, None), Vec::<String>::new());
    let text = plan_text();
    assert_eq!(
        lint("plan.json", &text, None),
        Vec::<String>::new(),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// RL307 role-resource-scope
// ---------------------------------------------------------------------------------------------

#[test]
fn rl307_object_grants_on_part_of_the_rule_objects() {
    let part = r#"Resource = "${aws_s3_bucket.source.arn}/logs/*""#;
    let (text, found) = tf(
        &[(r#"Resource = "${aws_s3_bucket.source.arn}/*""#, part)],
        "RL307",
    );
    let needle = r#""${aws_s3_bucket.source.arn}/logs/*""#;
    assert_eq!(found, vec![at("RL307", "warning", &text, needle, 0)]);
    // The grant covers the rule's own prefix: nothing to report.
    assert_clean(
        tf,
        &[
            (r#"Resource = "${aws_s3_bucket.source.arn}/*""#, part),
            (
                "    filter {}",
                "    filter {\n      prefix = \"logs/\"\n    }",
            ),
        ],
        "RL307",
    );

    assert_finding(
        cfn,
        &[(
            "Resource: arn:aws:s3:::kms-src/*",
            "Resource: arn:aws:s3:::kms-src/logs/*",
        )],
        "RL307 warning",
        "arn:aws:s3:::kms-src/logs/*",
    );

    assert_finding(
        tfplan,
        &[("orders-src/*\\\"},", "orders-src/logs/*\\\"},")],
        "RL307 warning",
        PLAN_POLICY,
    );
}

// ---------------------------------------------------------------------------------------------
// RL308 role-owner-override-permission
// ---------------------------------------------------------------------------------------------

const TF_OWNER: &str = "      bucket = aws_s3_bucket.replica.arn\n      account = \"111122223333\"\n      access_control_translation {\n        owner = \"Destination\"\n      }";

#[test]
fn rl308_owner_override_needs_its_permission() {
    let replicate =
        r#"Action   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]"#;
    let (text, found) = tf(
        &[("      bucket = aws_s3_bucket.replica.arn", TF_OWNER)],
        "RL308",
    );
    let needle = r#""s3:ReplicateObject""#;
    assert_eq!(found, vec![at("RL308", "error", &text, needle, 0)]);
    let granted = r#"Action   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"]"#;
    assert_clean(
        tf,
        &[
            ("      bucket = aws_s3_bucket.replica.arn", TF_OWNER),
            (replicate, granted),
        ],
        "RL308",
    );

    let owner = "              Bucket: !GetAtt Replica.Arn\n              Account: \"111122223333\"\n              AccessControlTranslation:\n                Owner: Destination";
    assert_finding(
        cfn,
        &[("              Bucket: !GetAtt Replica.Arn", owner)],
        "RL308 error",
        "s3:ReplicateObject",
    );

    assert_finding(
        tfplan,
        &[(
            "\"access_control_translation\": [],",
            "\"access_control_translation\": [{ \"owner\": \"Destination\" }],",
        )],
        "RL308 error",
        PLAN_POLICY,
    );
}

// ---------------------------------------------------------------------------------------------
// RL309 role-object-lock-permissions
// ---------------------------------------------------------------------------------------------

#[test]
fn rl309_object_lock_needs_retention_and_legal_hold() {
    let locked = "  bucket = \"kms-src\"\n  object_lock_enabled = true";
    let (text, found) = tf(&[("  bucket = \"kms-src\"", locked)], "RL309");
    let needle = r#""s3:GetObjectVersionForReplication""#;
    let expected = at("RL309", "error", &text, needle, 0);
    assert_eq!(found, vec![expected.clone(), expected]);
    let granted =
        r#"["s3:GetObjectRetention", "s3:GetObjectLegalHold", "s3:GetObjectVersionForReplication""#;
    assert_clean(
        tf,
        &[
            (r#"["s3:GetObjectVersionForReplication""#, granted),
            ("  bucket = \"kms-src\"", locked),
        ],
        "RL309",
    );

    let (text, found) = cfn(
        &[(
            "      BucketName: kms-src",
            "      BucketName: kms-src\n      ObjectLockEnabled: true",
        )],
        "RL309",
    );
    let expected = at(
        "RL309",
        "error",
        &text,
        "s3:GetObjectVersionForReplication",
        0,
    );
    assert_eq!(found, vec![expected.clone(), expected]);

    let (text, found) = tfplan(
        &[(
            "\"bucket\": \"orders-src\",\n",
            "\"bucket\": \"orders-src\",\n\"object_lock_enabled\": true,\n",
        )],
        "RL309",
    );
    let expected = at("RL309", "error", &text, PLAN_POLICY, 0);
    assert_eq!(found, vec![expected.clone(), expected]);
}

// ---------------------------------------------------------------------------------------------
// RL311 role-kms-decrypt
// ---------------------------------------------------------------------------------------------

#[test]
fn rl311_decrypt_is_needed_on_the_source_key() {
    // The source key the bucket encrypts with explains the need.
    assert_finding_after(
        tf,
        &[(r#"["kms:Decrypt"]"#, r#"["kms:DescribeKey"]"#)],
        "RL311 error",
        "kms_master_key_id = ",
    );

    assert_finding_after(
        cfn,
        &[("Action: kms:Decrypt", "Action: kms:DescribeKey")],
        "RL311 error",
        "KMSMasterKeyID: ",
    );

    let (text, found) = tfplan(
        &[("[\\\"kms:Decrypt\\\"]", "[\\\"kms:DescribeKey\\\"]")],
        "RL311",
    );
    // The source key in the planned values explains the need.
    let expected = after("RL311", "error", &text, "\"kms_master_key_id\": ", 0);
    assert_eq!(found, vec![expected]);
}

#[test]
fn rl311_conditions_must_match_what_s3_sends() {
    // `kms:ViaService` names the regional S3 endpoint, never the global service name.
    assert_finding(
        tf,
        &[(r#""s3.*.amazonaws.com""#, r#""s3.amazonaws.com""#)],
        "RL311 error",
        r#""kms:ViaService""#,
    );
    // The encryption context names the source objects.
    let other = r#""kms:EncryptionContext:aws:s3:arn" = "arn:aws:s3:::other/*""#;
    assert_finding(
        tf,
        &[(
            r#""kms:EncryptionContext:aws:s3:arn" = "${aws_s3_bucket.source.arn}/*""#,
            other,
        )],
        "RL311 error",
        r#""kms:EncryptionContext"#,
    );
    // With an S3 Bucket Key the context is the bucket ARN.
    let bucket_key = "    }\n    bucket_key_enabled = true\n  }\n}\n\nresource \"aws_iam_role\"";
    assert_finding(
        tf,
        &[("    }\n  }\n}\n\nresource \"aws_iam_role\"", bucket_key)],
        "RL311 error",
        r#""kms:EncryptionContext"#,
    );
    assert_clean(
        tf,
        &[
            ("    }\n  }\n}\n\nresource \"aws_iam_role\"", bucket_key),
            (
                r#"arn" = "${aws_s3_bucket.source.arn}/*""#,
                r#"arn" = aws_s3_bucket.source.arn"#,
            ),
        ],
        "RL311",
    );

    assert_finding(
        cfn,
        &[(
            "kms:ViaService: s3.*.amazonaws.com",
            "kms:ViaService: s3.amazonaws.com",
        )],
        "RL311 error",
        "kms:ViaService: s3.amazonaws.com",
    );

    // The key's ARN says eu-west-1: another region's endpoint never calls.
    assert_finding(
        tfplan,
        &[("s3.eu-west-1.amazonaws.com", "s3.us-east-1.amazonaws.com")],
        "RL311 error",
        PLAN_POLICY,
    );
}

#[test]
fn rl311_unknown_condition_values_are_not_errors() {
    assert_clean(
        tf,
        &[
            (
                r#""s3.*.amazonaws.com""#,
                r#""s3.${var.region}.amazonaws.com""#,
            ),
            (
                "resource \"aws_s3_bucket\" \"source\"",
                "variable \"region\" {}\n\nresource \"aws_s3_bucket\" \"source\"",
            ),
        ],
        "RL311",
    );
    let text = edit(
        TF,
        &[(
            r#""s3.*.amazonaws.com""#,
            r#""s3.${var.region}.amazonaws.com""#,
        )],
    );
    let all = lint("main.tf", &text, None);
    assert!(all.iter().all(|d| d.starts_with("RL003 info")), "{all:?}");
}

// ---------------------------------------------------------------------------------------------
// RL312 role-kms-encrypt
// ---------------------------------------------------------------------------------------------

#[test]
fn rl312_encrypt_and_generate_data_key_on_the_replica_key() {
    // The replica key explains the need; the statement granting the other actions is related.
    assert_finding_after(
        tf,
        &[(
            r#"["kms:Encrypt", "kms:GenerateDataKey"]"#,
            r#"["kms:GenerateDataKey"]"#,
        )],
        "RL312 error",
        "replica_kms_key_id = ",
    );
    assert_finding_after(
        tf,
        &[(
            r#"["kms:Encrypt", "kms:GenerateDataKey"]"#,
            r#"["kms:Encrypt"]"#,
        )],
        "RL312 info",
        "replica_kms_key_id = ",
    );

    assert_finding_after(
        cfn,
        &[(
            "[kms:Encrypt, kms:GenerateDataKey]",
            "[kms:GenerateDataKey]",
        )],
        "RL312 error",
        "ReplicaKmsKeyID: ",
    );

    let (text, found) = tfplan(
        &[(
            "orders-dst/*\\\",\\\"kms:ViaService",
            "orders-src/*\\\",\\\"kms:ViaService",
        )],
        "RL312",
    );
    let expected = at("RL312", "error", &text, PLAN_POLICY, 0);
    let note = expected.replace("error", "info");
    assert_eq!(found, vec![expected, note]);
}

// ---------------------------------------------------------------------------------------------
// RL313 role-trust-batch
// ---------------------------------------------------------------------------------------------

#[test]
fn rl313_batch_roles_must_trust_batch_operations() {
    let batch = r#"name = "kms-batch-replication""#;
    assert_finding(
        tf,
        &[(r#"name = "kms-replication""#, batch)],
        "RL313 info",
        "assume_role_policy",
    );
    let trusted = r#"Service = ["s3.amazonaws.com", "batchoperations.s3.amazonaws.com"]"#;
    assert_clean(
        tf,
        &[
            (r#"name = "kms-replication""#, batch),
            (r#"Service = "s3.amazonaws.com""#, trusted),
        ],
        "RL313",
    );

    // A job-like resource that runs with the role.
    let job = format!(
        "{TF}\nresource \"aws_s3control_job\" \"backfill\" {{\n  role_arn = aws_iam_role.replication.arn\n}}\n"
    );
    let found = lint("main.tf", &job, Some("RL313"));
    assert_eq!(
        found,
        vec![at("RL313", "info", &job, "assume_role_policy", 0)]
    );

    assert_finding(
        cfn,
        &[(
            "[s3:GetObjectVersionForReplication,",
            "[s3:InitiateReplication, s3:GetObjectVersionForReplication,",
        )],
        "RL313 info",
        "AssumeRolePolicyDocument",
    );

    assert_finding(
        tfplan,
        &[(
            "\"name\": \"orders-replication\"",
            "\"name\": \"orders-batch\"",
        )],
        "RL313 info",
        "\"assume_role_policy\"",
    );
}

// ---------------------------------------------------------------------------------------------
// RL401 kms-objects-not-selected and RL402 kms-selection-needs-replica-key
// ---------------------------------------------------------------------------------------------

const TF_CRITERIA: &str = "    source_selection_criteria {\n      sse_kms_encrypted_objects {\n        status = \"Enabled\"\n      }\n    }\n";
const TF_REPLICA_KEY: &str = "      encryption_configuration {\n        replica_kms_key_id = aws_kms_key.replica.arn\n      }\n";
const CFN_CRITERIA: &str = "            SourceSelectionCriteria:\n              SseKmsEncryptedObjects:\n                Status: Enabled\n";
const CFN_REPLICA_KEY: &str = "              EncryptionConfiguration:\n                ReplicaKmsKeyID: !GetAtt ReplicaKey.Arn\n";

#[test]
fn rl401_kms_default_encryption_without_selection() {
    assert_finding(
        tf,
        &[(TF_CRITERIA, ""), (TF_REPLICA_KEY, "")],
        "RL401 warning",
        r#""aws:kms""#,
    );
    let aes = r#"sse_algorithm     = "AES256""#;
    assert_clean(
        tf,
        &[
            (TF_CRITERIA, ""),
            (TF_REPLICA_KEY, ""),
            (r#"sse_algorithm     = "aws:kms""#, aes),
        ],
        "RL401",
    );

    assert_finding(
        cfn,
        &[(CFN_CRITERIA, ""), (CFN_REPLICA_KEY, "")],
        "RL401 warning",
        "aws:kms",
    );

    let (text, found) = tfplan(
        &[(
            "\"sse_kms_encrypted_objects\"",
            "\"sse_kms_encrypted_objects_\"",
        )],
        "RL401",
    );
    assert_eq!(
        found,
        vec![at("RL401", "warning", &text, "\"aws:kms\"", 0)],
        "{text}"
    );
}

#[test]
fn rl402_selection_and_replica_key_go_together() {
    assert_finding(tf, &[(TF_REPLICA_KEY, "")], "RL402 error", "destination {");
    let (text, found) = tf(&[(TF_CRITERIA, "")], "RL402");
    assert_eq!(
        found,
        vec![after("RL402", "warning", &text, "replica_kms_key_id = ", 0)]
    );

    assert_finding(cfn, &[(CFN_REPLICA_KEY, "")], "RL402 error", "Destination:");
    assert_finding(
        cfn,
        &[(CFN_CRITERIA, "")],
        "RL402 warning",
        "!GetAtt ReplicaKey.Arn",
    );

    let (text, found) = tfplan(
        &[(
            "\"encryption_configuration\": [\n",
            "\"encryption_configuration_\": [\n",
        )],
        "RL402",
    );
    let block = "\"destination\": [\n                  ";
    assert_eq!(
        found,
        vec![after("RL402", "error", &text, block, 0)],
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// RL404 replica-key-form
// ---------------------------------------------------------------------------------------------

#[test]
fn rl404_replica_key_is_named_by_its_arn_and_symmetric() {
    let alias = "resource \"aws_kms_alias\" \"replica\" {\n  name          = \"alias/replica\"\n  target_key_id = aws_kms_key.replica.key_id\n}\n\nresource \"aws_kms_key\" \"replica\" {";
    for value in [
        "aws_kms_alias.replica.name",
        "\"alias/replica\"",
        "aws_kms_key.replica.key_id",
        "\"1234abcd-12ab-34cd-56ef-1234567890ab\"",
    ] {
        let (text, found) = tf(
            &[
                ("resource \"aws_kms_key\" \"replica\" {", alias),
                (
                    "replica_kms_key_id = aws_kms_key.replica.arn",
                    &format!("replica_kms_key_id = {value}"),
                ),
            ],
            "RL404",
        );
        let expected = after("RL404", "warning", &text, "replica_kms_key_id = ", 0);
        assert_eq!(found, vec![expected], "{value}");
    }
    assert_finding(
        tf,
        &[(
            r#"  description = "replicas""#,
            "  description = \"replicas\"\n  customer_master_key_spec = \"RSA_2048\"",
        )],
        "RL404 warning",
        "\"RSA_2048\"",
    );

    assert_finding(
        cfn,
        &[(
            "ReplicaKmsKeyID: !GetAtt ReplicaKey.Arn",
            "ReplicaKmsKeyID: !Ref ReplicaKey",
        )],
        "RL404 warning",
        "!Ref ReplicaKey",
    );

    assert_finding(
        tfplan,
        &[(
            &format!("\"replica_kms_key_id\": \"{REPLICA_KEY}\""),
            "\"replica_kms_key_id\": \"alias/replica\"",
        )],
        "RL404 warning",
        "\"alias/replica\"",
    );
}

// ---------------------------------------------------------------------------------------------
// RL406 key-policy-grants
// ---------------------------------------------------------------------------------------------

#[test]
fn rl406_key_policies_must_let_the_role_use_the_key() {
    let policy = "  description = \"replicas\"\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { AWS = PRINCIPAL }\n      Action    = \"kms:*\"\n      Resource  = \"*\"\n    }]\n  })";
    let other = policy.replace(
        "PRINCIPAL",
        "\"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/admin\"",
    );
    let (text, found) = tf(&[(r#"  description = "replicas""#, &other)], "RL406");
    assert_eq!(
        found,
        vec![after("RL406", "error", &text, "jsonencode(", 0)]
    );
    let root = policy.replace(
        "PRINCIPAL",
        "\"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root\"",
    );
    assert_clean(tf, &[(r#"  description = "replicas""#, &root)], "RL406");
    let role = policy.replace("PRINCIPAL", "aws_iam_role.replication.arn");
    assert_clean(tf, &[(r#"  description = "replicas""#, &role)], "RL406");
    // A grant can give what the key policy does not show.
    let grant = format!(
        "{other}\n}}\n\nresource \"aws_kms_grant\" \"replication\" {{\n  key_id            = aws_kms_key.replica.key_id\n  grantee_principal = aws_iam_role.replication.arn\n  operations        = [\"Encrypt\"]"
    );
    assert_clean(tf, &[(r#"  description = "replicas""#, &grant)], "RL406");
    // A policy naming an account the linter cannot tell apart is not a finding.
    let literal = policy.replace("PRINCIPAL", "\"arn:aws:iam::111122223333:root\"");
    assert_clean(tf, &[(r#"  description = "replicas""#, &literal)], "RL406");

    assert_finding(
        cfn,
        &[(
            ":root\"\n            Action: \"kms:*\"\n            Resource: \"*\"\n  Replica",
            ":root\"\n            Action: \"kms:*\"\n            Resource: \"*\"\n            Condition:\n              IpAddress:\n                aws:SourceIp: 203.0.113.0/24\n  Replica",
        )],
        "RL406 warning",
        "aws:SourceIp",
    );
    assert_finding(
        cfn,
        &[("${AWS::AccountId}:root", "${AWS::AccountId}:role/admin")],
        "RL406 error",
        "Version: \"2012-10-17\"",
    );

    let key_policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*"}]}).to_string();
    let escaped = serde_json::to_string(&key_policy).unwrap();
    let (text, found) = tfplan(
        &[(
            "\"description\": \"replica\",",
            &format!("\"description\": \"replica\",\n\"policy\": {escaped},"),
        )],
        "RL406",
    );
    assert_eq!(
        found,
        vec![at("RL406", "error", &text, PLAN_POLICY, 1)],
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// RL407 key-disabled
// ---------------------------------------------------------------------------------------------

#[test]
fn rl407_disabled_or_deleted_keys() {
    assert_finding(
        tf,
        &[(
            r#"  description = "replicas""#,
            "  description = \"replicas\"\n  is_enabled  = false",
        )],
        "RL407 warning",
        "false",
    );
    // A deletion window is not a pending deletion.
    assert_clean(
        tf,
        &[(
            r#"  description = "replicas""#,
            "  description = \"replicas\"\n  deletion_window_in_days = 7",
        )],
        "RL407",
    );

    assert_finding(
        cfn,
        &[(
            "  SourceKey:\n    Type: AWS::KMS::Key\n    Properties:\n",
            "  SourceKey:\n    Type: AWS::KMS::Key\n    Properties:\n      Enabled: false\n",
        )],
        "RL407 warning",
        "false",
    );

    let (text, found) = tfplan(
        &[("\"is_enabled\": true", "\"is_enabled\": false")],
        "RL407",
    );
    let expected = after("RL407", "warning", &text, "\"is_enabled\": ", 0);
    assert_eq!(found, vec![expected], "{text}");
    let (text, found) = tfplan(
        &[(
            "\"is_enabled\": true",
            "\"is_enabled\": true,\n\"key_state\": \"PendingDeletion\"",
        )],
        "RL407",
    );
    assert_eq!(
        found,
        vec![at("RL407", "warning", &text, "\"PendingDeletion\"", 0)],
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// Aliases and unknown values
// ---------------------------------------------------------------------------------------------

const TF_SOURCE_ALIAS: &str = "resource \"aws_kms_alias\" \"source\" {\n  name          = \"alias/source\"\n  target_key_id = aws_kms_key.source.key_id\n}\n\nresource \"aws_kms_key\" \"replica\" {";

#[test]
fn the_source_key_resolves_through_its_alias() {
    let by_alias = [
        ("resource \"aws_kms_key\" \"replica\" {", TF_SOURCE_ALIAS),
        (
            "kms_master_key_id = aws_kms_key.source.arn",
            "kms_master_key_id = \"alias/source\"",
        ),
    ];
    assert_eq!(
        lint("main.tf", &edit(TF, &by_alias), None),
        Vec::<String>::new()
    );
    let disabled = [
        by_alias[0],
        by_alias[1],
        (
            r#"  description = "source objects""#,
            "  description = \"source objects\"\n  is_enabled  = false",
        ),
    ];
    let (text, found) = tf(&disabled, "RL407");
    assert_eq!(found, vec![at("RL407", "warning", &text, "false", 0)]);
    let undecryptable = [
        by_alias[0],
        by_alias[1],
        (r#"["kms:Decrypt"]"#, r#"["kms:DescribeKey"]"#),
    ];
    let (text, found) = tf(&undecryptable, "RL311");
    assert_eq!(
        found,
        vec![after("RL311", "error", &text, "kms_master_key_id = ", 0)]
    );
}

#[test]
fn keys_outside_the_files_are_never_errors() {
    let imported = "ReplicaKmsKeyID: !ImportValue replica-key-arn";
    let text = edit(
        CFN,
        &[("ReplicaKmsKeyID: !GetAtt ReplicaKey.Arn", imported)],
    );
    let found = lint("template.yaml", &text, None);
    assert!(
        found.iter().all(|d| d.starts_with("RL003 info")),
        "{found:?}"
    );
    let text = edit(
        TF,
        &[(
            "replica_kms_key_id = aws_kms_key.replica.arn",
            "replica_kms_key_id = var.replica_key",
        )],
    );
    let found = lint("main.tf", &text, None);
    assert!(
        found.iter().all(|d| d.starts_with("RL003 info")),
        "{found:?}"
    );
}

#[test]
fn kms_grants_under_conditions_for_a_source_without_kms_default() {
    // The source objects' key is unknown (SSE-S3 default, KMS chosen per upload): conditions on
    // the documented keys are no finding, only a note that they could not be checked.
    let text = edit(
        TF,
        &[
            (
                r#"sse_algorithm     = "aws:kms""#,
                r#"sse_algorithm     = "AES256""#,
            ),
            ("      kms_master_key_id = aws_kms_key.source.arn\n", ""),
            ("Resource = aws_kms_key.source.arn", "Resource = \"*\""),
        ],
    );
    let found = lint("main.tf", &text, None);
    assert_eq!(
        found,
        vec![at("RL003", "info", &text, "role       = aws_iam_role", 0)]
    );
    // Without any kms:Decrypt grant, the error stands.
    let text = edit(&text, &[(r#"["kms:Decrypt"]"#, r#"["kms:DescribeKey"]"#)]);
    let found = lint("main.tf", &text, Some("RL311"));
    assert_eq!(
        found,
        vec![at("RL311", "error", &text, "role       = aws_iam_role", 0)]
    );
}

#[test]
fn rl310_covers_kms_lock_and_owner_override_actions() {
    let deny = "      {\n        Effect   = \"Deny\"\n        Action   = [\"kms:Decrypt\", \"s3:GetObjectRetention\"]\n        Resource = \"*\"\n      },\n    ]\n  })\n}";
    let text = edit(
        TF,
        &[
            ("    ]\n  })\n}", deny),
            (
                "  bucket = \"kms-src\"",
                "  bucket = \"kms-src\"\n  object_lock_enabled = true",
            ),
        ],
    );
    let found = lint("main.tf", &text, Some("RL310"));
    assert_eq!(
        found,
        vec![at(
            "RL310",
            "warning",
            &text,
            "{\n        Effect   = \"Deny\"",
            0
        )]
    );
    // RL311 leaves the explicit deny to RL310.
    assert_eq!(lint("main.tf", &text, Some("RL311")), Vec::<String>::new());
}

#[test]
fn rl311_via_service_names_the_bucket_region_from_its_provider() {
    let provider = "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n\nresource \"aws_s3_bucket\" \"source\" {";
    let at_region = |via: &str| {
        edit(
            TF,
            &[
                ("resource \"aws_s3_bucket\" \"source\" {", provider),
                (r#""s3.*.amazonaws.com""#, via),
            ],
        )
    };
    let text = at_region(r#""s3.us-east-1.amazonaws.com""#);
    let found = lint("main.tf", &text, Some("RL311"));
    assert_eq!(
        found,
        vec![at("RL311", "error", &text, r#""kms:ViaService""#, 0)]
    );
    let text = at_region(r#""s3.eu-west-1.amazonaws.com""#);
    assert_eq!(lint("main.tf", &text, None), Vec::<String>::new());
}

#[test]
fn a_null_replica_key_is_no_replica_key() {
    // Modules pass `null` for an optional key: the rule has none.
    assert_clean(
        tf,
        &[
            (TF_CRITERIA, ""),
            (
                "replica_kms_key_id = aws_kms_key.replica.arn",
                "replica_kms_key_id = null",
            ),
        ],
        "RL402",
    );
    assert_finding(
        tf,
        &[(
            "replica_kms_key_id = aws_kms_key.replica.arn",
            "replica_kms_key_id = null",
        )],
        "RL402 error",
        "destination {",
    );
}
