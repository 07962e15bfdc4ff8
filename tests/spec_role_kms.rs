//! Black-box tests of the role rules (RL301–RL313) and the KMS rules (RL401–RL407), written
//! from the rule catalog (`spec/rules.md`) and the output contract: each test lints a small,
//! realistic set-up (Terraform standalone and legacy inline, CloudFormation YAML and JSON, plan
//! JSON) with one planted defect and asserts the rule, its severity and the exact line:column of
//! the most specific element. Correct set-ups and unknown values must stay silent.

#[path = "support/record.rs"]
mod record;

#[path = "support/plan.rs"]
mod plan;

use serde_json::json;

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// Every diagnostic as `RLxxx:severity file:line:col`, sorted, for `files` linted together.
fn lint(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let options = repl_lint::Options {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    record::lint(dir.path(), &options, &outcome);
    let mut out: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let file = outcome.db.file(d.primary.file);
            let name = file.path.file_name().unwrap().to_string_lossy();
            let (start, _) = outcome.db.range(d.primary);
            format!(
                "{}:{} {name}:{}:{}",
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

/// The diagnostics of `rule` only.
fn of(files: &[(&str, &str)], rule: &str) -> Vec<String> {
    lint(files)
        .into_iter()
        .filter(|d| d.starts_with(&format!("{rule}:")))
        .collect()
}

/// The diagnostics of this audit's rules (RL3xx, RL4xx) that are warnings or errors.
fn alarms(files: &[(&str, &str)]) -> Vec<String> {
    lint(files)
        .into_iter()
        .filter(|d| d.starts_with("RL3") || d.starts_with("RL4"))
        .filter(|d| !d.contains(":info "))
        .collect()
}

/// `line:col` of the `nth` (0-based) occurrence of `needle` in `text`.
fn at(text: &str, needle: &str, nth: usize) -> String {
    plan::locate(text, needle, nth)
}

/// `text` with the first occurrence of `old` replaced by `new` (which must exist).
fn swap(text: &str, old: &str, new: &str) -> String {
    assert!(text.contains(old), "`{old}` not in the fixture");
    text.replacen(old, new, 1)
}

/// One expected finding in `file`, just after the first `prefix` in its `text` (at a value).
fn after(file: &str, rule: &str, severity: &str, text: &str, prefix: &str) -> String {
    let end = text.find(prefix).expect("prefix in the text") + prefix.len();
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    format!("{rule}:{severity} {file}:{line}:{column}")
}

/// One expected finding in `main.tf`.
fn tf(rule: &str, severity: &str, text: &str, needle: &str, nth: usize) -> String {
    format!("{rule}:{severity} main.tf:{}", at(text, needle, nth))
}

/// One expected finding in `template.yaml`.
fn yaml(rule: &str, severity: &str, text: &str, needle: &str, nth: usize) -> String {
    format!("{rule}:{severity} template.yaml:{}", at(text, needle, nth))
}

/// `text` as the only file, `main.tf`.
fn tf_only(text: &str) -> [(&'static str, &str); 1] {
    [("main.tf", text)]
}

/// `text` as the only file, `template.yaml`.
fn yaml_only(text: &str) -> [(&'static str, &str); 1] {
    [("template.yaml", text)]
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// A correct same-account Terraform set-up (provider v4+ standalone resources).
const TF: &str = r#"provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "source" {
  bucket = "orders-src"
}

resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "replica" {
  bucket = "orders-dst"
}

resource "aws_s3_bucket_versioning" "replica" {
  bucket = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_iam_role" "replication" {
  name = "orders-replication"
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
    destination {
      bucket        = aws_s3_bucket.replica.arn
      storage_class = "STANDARD"
    }
  }
}
"#;

/// [`TF`] with SSE-KMS on the source (its own key), KMS-encrypted objects selected, a replica
/// key, and the role allowed to decrypt and encrypt with them.
fn tf_kms() -> String {
    let text = swap(
        TF,
        "resource \"aws_iam_role\"",
        r#"resource "aws_kms_key" "source" {
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

resource "aws_iam_role""#,
    );
    let text = swap(
        &text,
        "        Resource = \"${aws_s3_bucket.replica.arn}/*\"\n      },\n",
        r#"        Resource = "${aws_s3_bucket.replica.arn}/*"
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = aws_kms_key.source.arn
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Encrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.replica.arn
      },
"#,
    );
    swap(
        &text,
        "    destination {\n      bucket        = aws_s3_bucket.replica.arn\n      storage_class = \"STANDARD\"\n    }",
        r#"    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }
    destination {
      bucket        = aws_s3_bucket.replica.arn
      storage_class = "STANDARD"
      encryption_configuration {
        replica_kms_key_id = aws_kms_key.replica.arn
      }
    }"#,
    )
}

/// A correct legacy (provider v3) set-up: inline versioning and replication configuration with
/// one V1 rule (top-level `prefix`), which replicates delete markers.
const LEGACY: &str = r#"provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "replica" {
  bucket = "orders-dst"
  versioning {
    enabled = true
  }
}

resource "aws_iam_role" "replication" {
  name = "orders-replication"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "s3.amazonaws.com" },
      "Action": "sts:AssumeRole"
    }
  ]
}
EOF
}

resource "aws_iam_policy" "replication" {
  name = "orders-replication"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::orders-src"]
    },
    {
      "Effect": "Allow",
      "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
      "Resource": ["arn:aws:s3:::orders-src/*"]
    },
    {
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "arn:aws:s3:::orders-dst/*"
    }
  ]
}
EOF
}

resource "aws_iam_role_policy_attachment" "replication" {
  role       = aws_iam_role.replication.name
  policy_arn = aws_iam_policy.replication.arn
}

resource "aws_s3_bucket" "source" {
  bucket = "orders-src"
  versioning {
    enabled = true
  }
  replication_configuration {
    role = aws_iam_role.replication.arn
    rules {
      id     = "all"
      status = "Enabled"
      prefix = ""
      destination {
        bucket        = aws_s3_bucket.replica.arn
        storage_class = "STANDARD"
      }
    }
  }
}
"#;

/// A correct CloudFormation template (YAML, short-form tags).
const CFN: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ReplicaBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: orders-dst
      VersioningConfiguration:
        Status: Enabled
  ReplicationRole:
    Type: AWS::IAM::Role
    Properties:
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
                Action:
                  - s3:GetReplicationConfiguration
                  - s3:ListBucket
                Resource: arn:aws:s3:::orders-src
              - Effect: Allow
                Action:
                  - s3:GetObjectVersionForReplication
                  - s3:GetObjectVersionAcl
                  - s3:GetObjectVersionTagging
                Resource: arn:aws:s3:::orders-src/*
              - Effect: Allow
                Action:
                  - s3:ReplicateObject
                  - s3:ReplicateDelete
                  - s3:ReplicateTags
                Resource: arn:aws:s3:::orders-dst/*
  SourceBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: orders-src
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:
        Role: !GetAtt ReplicationRole.Arn
        Rules:
          - Id: all
            Status: Enabled
            Priority: 1
            Filter:
              Prefix: ""
            DeleteMarkerReplication:
              Status: Enabled
            Destination:
              Bucket: !GetAtt ReplicaBucket.Arn
"#;

/// [`CFN`] with KMS: a source key as default encryption, KMS objects selected, a replica key,
/// and the role allowed to use both keys.
fn cfn_kms() -> String {
    let text = swap(
        CFN,
        "  ReplicationRole:\n",
        r#"  SourceKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::${AWS::AccountId}:root
            Action: kms:*
            Resource: "*"
  ReplicaKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub arn:aws:iam::${AWS::AccountId}:root
            Action: kms:*
            Resource: "*"
  ReplicationRole:
"#,
    );
    let text = swap(
        &text,
        "                Resource: arn:aws:s3:::orders-dst/*\n",
        r#"                Resource: arn:aws:s3:::orders-dst/*
              - Effect: Allow
                Action: kms:Decrypt
                Resource: !GetAtt SourceKey.Arn
              - Effect: Allow
                Action:
                  - kms:Encrypt
                  - kms:GenerateDataKey
                Resource: !GetAtt ReplicaKey.Arn
"#,
    );
    let text = swap(
        &text,
        "      VersioningConfiguration:\n        Status: Enabled\n      ReplicationConfiguration:",
        r#"      VersioningConfiguration:
        Status: Enabled
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt SourceKey.Arn
      ReplicationConfiguration:"#,
    );
    swap(
        &text,
        "            Destination:\n              Bucket: !GetAtt ReplicaBucket.Arn\n",
        r#"            SourceSelectionCriteria:
              SseKmsEncryptedObjects:
                Status: Enabled
            Destination:
              Bucket: !GetAtt ReplicaBucket.Arn
              EncryptionConfiguration:
                ReplicaKmsKeyID: !GetAtt ReplicaKey.Arn
"#,
    )
}

/// The shared valid plan with resource `index` replaced.
fn plan_with(index: usize, resource: plan::PlanResource) -> String {
    let mut setup = plan::valid_setup();
    setup[index] = resource;
    plan::render(&setup)
}

/// The diagnostics of `rule` in a plan, as `RLxxx:severity plan.json:line:col`.
fn plan_of(text: &str, rule: &str) -> Vec<String> {
    of(&[("plan.json", text)], rule)
}

/// The valid plan's role policy with `statements` (JSON) as its statement list.
fn plan_policy(statements: serde_json::Value) -> plan::PlanResource {
    let policy = json!({ "Version": "2012-10-17", "Statement": statements }).to_string();
    plan::resource(
        "aws_iam_role_policy.replication",
        json!({ "name": "replication", "role": "orders-replication", "policy": policy }),
    )
    .references(
        "role",
        &["aws_iam_role.replication.name", "aws_iam_role.replication"],
    )
}

// ---------------------------------------------------------------------------------------------
// The correct set-ups are silent
// ---------------------------------------------------------------------------------------------

#[test]
fn correct_setups_raise_no_role_or_kms_alarm() {
    assert_eq!(alarms(&tf_only(TF)), Vec::<String>::new());
    assert_eq!(alarms(&tf_only(&tf_kms())), Vec::<String>::new());
    assert_eq!(alarms(&tf_only(LEGACY)), Vec::<String>::new());
    assert_eq!(alarms(&yaml_only(CFN)), Vec::<String>::new());
    assert_eq!(alarms(&yaml_only(&cfn_kms())), Vec::<String>::new());
    let text = plan::render(&plan::valid_setup());
    assert_eq!(alarms(&[("plan.json", &text)]), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// RL301 role-trust
// ---------------------------------------------------------------------------------------------

#[test]
fn rl301_trust_of_another_service_is_an_error_at_the_principal() {
    let text = swap(
        TF,
        "Service = \"s3.amazonaws.com\"",
        "Service = \"ec2.amazonaws.com\"",
    );
    assert_eq!(
        of(&tf_only(&text), "RL301"),
        [tf("RL301", "error", &text, "\"ec2.amazonaws.com\"", 0)]
    );
    let text = swap(LEGACY, "\"s3.amazonaws.com\"", "\"ec2.amazonaws.com\"");
    assert_eq!(
        of(&tf_only(&text), "RL301"),
        [tf("RL301", "error", &text, "\"ec2.amazonaws.com\"", 0)]
    );
    let text = swap(
        CFN,
        "Service: s3.amazonaws.com",
        "Service: ec2.amazonaws.com",
    );
    assert_eq!(
        of(&yaml_only(&text), "RL301"),
        [yaml("RL301", "error", &text, "ec2.amazonaws.com", 0)]
    );
}

#[test]
fn rl301_a_trust_policy_without_sts_assume_role_is_an_error() {
    let text = swap(
        TF,
        "Action    = \"sts:AssumeRole\"",
        "Action    = \"sts:TagSession\"",
    );
    assert_eq!(
        of(&tf_only(&text), "RL301"),
        [tf("RL301", "error", &text, "\"sts:TagSession\"", 0)]
    );
}

#[test]
fn rl301_a_deny_for_s3_in_the_trust_policy_is_an_error() {
    let text = swap(
        TF,
        "      Action    = \"sts:AssumeRole\"\n    }]",
        "      Action    = \"sts:AssumeRole\"\n    }, {\n      Effect    = \"Deny\"\n      Principal = { Service = \"s3.amazonaws.com\" }\n      Action    = \"sts:*\"\n    }]",
    );
    let found = of(&tf_only(&text), "RL301");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("RL301:error"), "{found:?}");
}

#[test]
fn rl301_service_lists_and_wildcard_actions_are_accepted() {
    let text = swap(
        TF,
        "Principal = { Service = \"s3.amazonaws.com\" }\n      Action    = \"sts:AssumeRole\"",
        "Principal = { Service = [\"batchoperations.s3.amazonaws.com\", \"s3.amazonaws.com\"] }\n      Action    = [\"sts:*\"]",
    );
    assert_eq!(of(&tf_only(&text), "RL301"), Vec::<String>::new());
}

#[test]
fn rl301_cloudformation_json_trust_of_another_service() {
    let text = r#"{
  "Resources": {
    "ReplicaBucket": {
      "Type": "AWS::S3::Bucket",
      "Properties": { "VersioningConfiguration": { "Status": "Enabled" } }
    },
    "Role": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {
          "Statement": [
            { "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }
          ]
        }
      }
    },
    "SourceBucket": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "VersioningConfiguration": { "Status": "Enabled" },
        "ReplicationConfiguration": {
          "Role": { "Fn::GetAtt": ["Role", "Arn"] },
          "Rules": [
            {
              "Status": "Enabled",
              "Prefix": "",
              "Destination": { "Bucket": { "Fn::GetAtt": ["ReplicaBucket", "Arn"] } }
            }
          ]
        }
      }
    }
  }
}
"#;
    let at = at(text, "\"lambda.amazonaws.com\"", 0);
    assert_eq!(
        of(&[("template.json", text)], "RL301"),
        [format!("RL301:error template.json:{at}")]
    );
}

#[test]
fn rl301_plan_trust_of_another_service() {
    let text = plan_with(
        4,
        plan::resource(
            "aws_iam_role.replication",
            json!({
                "name": "orders-replication",
                "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"
            }),
        )
        .unknown("arn"),
    );
    let found = plan_of(&text, "RL301");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("RL301:error plan.json:"), "{found:?}");
}

#[test]
fn rl301_unknown_trust_policies_are_never_alarms() {
    let text = swap(
        TF,
        "  assume_role_policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { Service = \"s3.amazonaws.com\" }\n      Action    = \"sts:AssumeRole\"\n    }]\n  })",
        "  assume_role_policy = var.trust",
    );
    let text = format!("variable \"trust\" {{}}\n\n{text}");
    assert_eq!(alarms(&tf_only(&text)), Vec::<String>::new());
    let text = swap(
        TF,
        "  assume_role_policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { Service = \"s3.amazonaws.com\" }\n      Action    = \"sts:AssumeRole\"\n    }]\n  })",
        "  assume_role_policy = data.aws_iam_policy_document.trust.json",
    );
    let text = format!(
        "data \"aws_iam_policy_document\" \"trust\" {{\n  source_policy_documents = [var.x]\n}}\nvariable \"x\" {{}}\n\n{text}"
    );
    assert_eq!(of(&tf_only(&text), "RL301"), Vec::<String>::new());
    // A role outside the files.
    let text = swap(
        TF,
        "role       = aws_iam_role.replication.arn",
        "role       = \"arn:aws:iam::111122223333:role/external\"",
    );
    assert_eq!(alarms(&tf_only(&text)), Vec::<String>::new());
    let text = swap(
        CFN,
        "Role: !GetAtt ReplicationRole.Arn",
        "Role: !ImportValue shared-replication-role",
    );
    assert_eq!(alarms(&yaml_only(&text)), Vec::<String>::new());
    let mut setup = plan::valid_setup();
    setup[4] = plan::resource(
        "aws_iam_role.replication",
        json!({ "name": "orders-replication" }),
    )
    .unknown("arn")
    .unknown("assume_role_policy");
    let text = plan::render(&setup);
    assert_eq!(alarms(&[("plan.json", &text)]), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// RL302–RL305 the permissions replication needs
// ---------------------------------------------------------------------------------------------

const TF_BUCKET_ACTIONS: &str = "[\"s3:GetReplicationConfiguration\", \"s3:ListBucket\"]";

#[test]
fn rl302_missing_list_bucket_on_the_source_bucket() {
    let text = swap(
        TF,
        TF_BUCKET_ACTIONS,
        "[\"s3:GetReplicationConfiguration\"]",
    );
    assert_eq!(
        of(&tf_only(&text), "RL302"),
        [tf(
            "RL302",
            "error",
            &text,
            "\"s3:GetReplicationConfiguration\"",
            0
        )]
    );
    let text = swap(
        LEGACY,
        "[\"s3:GetReplicationConfiguration\", \"s3:ListBucket\"]",
        "[\"s3:ListBucket\"]",
    );
    assert_eq!(
        of(&tf_only(&text), "RL302"),
        [tf("RL302", "error", &text, "\"s3:ListBucket\"]", 0)]
    );
    let text = swap(CFN, "                  - s3:ListBucket\n", "");
    assert_eq!(
        of(&yaml_only(&text), "RL302"),
        [yaml(
            "RL302",
            "error",
            &text,
            "s3:GetReplicationConfiguration",
            0
        )]
    );
}

#[test]
fn rl302_bucket_actions_granted_only_on_objects_are_missing() {
    // Both bucket actions only on `SRC/*`: nothing covers the bucket ARN itself.
    let text = swap(
        TF,
        "        Resource = aws_s3_bucket.source.arn\n",
        "        Resource = \"${aws_s3_bucket.source.arn}/*\"\n",
    );
    let found = of(&tf_only(&text), "RL302");
    assert!(!found.is_empty(), "{found:?}");
    assert!(
        found.iter().all(|f| f.starts_with("RL302:error")),
        "{found:?}"
    );
}

#[test]
fn rl302_a_conditional_only_grant_is_a_warning() {
    let text = swap(
        TF,
        "        Resource = aws_s3_bucket.source.arn\n",
        "        Resource = aws_s3_bucket.source.arn\n        Condition = { Bool = { \"aws:SecureTransport\" = \"true\" } }\n",
    );
    let found = of(&tf_only(&text), "RL302");
    assert!(!found.is_empty(), "{found:?}");
    assert!(
        found.iter().all(|f| f.starts_with("RL302:warning")),
        "{found:?}"
    );
}

#[test]
fn rl302_plan_missing_get_replication_configuration() {
    let text = plan_with(
        5,
        plan_policy(json!([
            { "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": "arn:aws:s3:::orders-src" },
            { "Effect": "Allow", "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], "Resource": "arn:aws:s3:::orders-src/*" },
            { "Effect": "Allow", "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], "Resource": "arn:aws:s3:::orders-dst/*" }
        ])),
    );
    let found = plan_of(&text, "RL302");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("RL302:error plan.json:"), "{found:?}");
}

/// The rule catalog says `s3:GetObjectVersion` is no substitute; the S3 User Guide ("Setting up
/// permissions") says it replicates unencrypted and SSE-S3 objects but not SSE-KMS ones: a note
/// without SSE-KMS selection (the error case is in `rules_terraform.rs`).
#[test]
fn rl303_get_object_version_is_a_note_without_kms() {
    let text = swap(
        TF,
        "\"s3:GetObjectVersionForReplication\"",
        "\"s3:GetObjectVersion\"",
    );
    assert_eq!(
        of(&tf_only(&text), "RL303"),
        [tf("RL303", "info", &text, "\"s3:GetObjectVersion\"", 0)]
    );
    let text = swap(CFN, "                  - s3:GetObjectVersionAcl\n", "");
    assert_eq!(
        of(&yaml_only(&text), "RL303"),
        [yaml(
            "RL303",
            "error",
            &text,
            "s3:GetObjectVersionForReplication",
            0
        )]
    );
    let text = swap(LEGACY, "\"s3:GetObjectVersionAcl\", ", "");
    assert_eq!(
        of(&tf_only(&text), "RL303"),
        [tf(
            "RL303",
            "error",
            &text,
            "\"s3:GetObjectVersionForReplication\"",
            0
        )]
    );
}

#[test]
fn rl303_globs_covering_every_rule_prefix_are_enough() {
    let text = swap(TF, "filter {}", "filter {\n      prefix = \"data/\"\n    }");
    let text = swap(
        &text,
        "Resource = \"${aws_s3_bucket.source.arn}/*\"",
        "Resource = \"${aws_s3_bucket.source.arn}/data/*\"",
    );
    assert_eq!(alarms(&tf_only(&text)), Vec::<String>::new());
    // Without the grant on every prefix it is missing.
    let text = swap(&text, "/data/*\"", "/logs/*\"");
    let found = of(&tf_only(&text), "RL303");
    assert!(
        found.iter().all(|f| f.starts_with("RL303:error")) && !found.is_empty(),
        "{found:?}"
    );
}

#[test]
fn rl304_missing_tagging_is_a_warning() {
    let text = swap(TF, ", \"s3:GetObjectVersionTagging\"", "");
    assert_eq!(
        of(&tf_only(&text), "RL304"),
        [tf(
            "RL304",
            "warning",
            &text,
            "\"s3:GetObjectVersionForReplication\"",
            0
        )]
    );
    let text = swap(CFN, "                  - s3:GetObjectVersionTagging\n", "");
    assert_eq!(
        of(&yaml_only(&text), "RL304"),
        [yaml(
            "RL304",
            "warning",
            &text,
            "s3:GetObjectVersionForReplication",
            0
        )]
    );
}

#[test]
fn rl305_missing_replicate_object_is_an_error() {
    let text = swap(TF, "\"s3:ReplicateObject\", ", "");
    assert_eq!(
        of(&tf_only(&text), "RL305"),
        [tf("RL305", "error", &text, "\"s3:ReplicateDelete\"", 0)]
    );
    let text = swap(CFN, "                  - s3:ReplicateObject\n", "");
    assert_eq!(
        of(&yaml_only(&text), "RL305"),
        [yaml("RL305", "error", &text, "s3:ReplicateDelete", 0)]
    );
}

#[test]
fn rl305_replicate_delete_needed_only_with_delete_markers_or_v1() {
    // Delete marker replication Enabled: error.
    let text = swap(TF, "\"s3:ReplicateDelete\", ", "");
    assert_eq!(
        of(&tf_only(&text), "RL305"),
        [tf("RL305", "error", &text, "\"s3:ReplicateObject\"", 0)]
    );
    // Disabled: not needed.
    let disabled = swap(
        &text,
        "delete_marker_replication {\n      status = \"Enabled\"",
        "delete_marker_replication {\n      status = \"Disabled\"",
    );
    assert_eq!(of(&tf_only(&disabled), "RL305"), Vec::<String>::new());
    // V1 legacy rule: delete markers replicate, so it is needed.
    let text = swap(LEGACY, "\"s3:ReplicateDelete\", ", "");
    assert_eq!(
        of(&tf_only(&text), "RL305"),
        [tf("RL305", "error", &text, "\"s3:ReplicateObject\"", 0)]
    );
    // CloudFormation V1 rule.
    let text = swap(CFN, "                  - s3:ReplicateDelete\n", "");
    let v1 = swap(
        &text,
        "            Priority: 1\n            Filter:\n              Prefix: \"\"\n            DeleteMarkerReplication:\n              Status: Enabled\n",
        "            Prefix: \"\"\n",
    );
    assert_eq!(
        of(&yaml_only(&v1), "RL305"),
        [yaml("RL305", "error", &v1, "s3:ReplicateObject", 0)]
    );
    let disabled = swap(
        &text,
        "DeleteMarkerReplication:\n              Status: Enabled",
        "DeleteMarkerReplication:\n              Status: Disabled",
    );
    assert_eq!(of(&yaml_only(&disabled), "RL305"), Vec::<String>::new());
}

#[test]
fn rl305_missing_replicate_tags_is_only_info() {
    let text = swap(TF, ", \"s3:ReplicateTags\"", "");
    assert_eq!(
        of(&tf_only(&text), "RL305"),
        [tf("RL305", "info", &text, "\"s3:ReplicateObject\"", 0)]
    );
}

#[test]
fn rl305_plan_missing_replicate_object() {
    let text = plan_with(
        5,
        plan_policy(json!([
            { "Effect": "Allow", "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"], "Resource": "arn:aws:s3:::orders-src" },
            { "Effect": "Allow", "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], "Resource": "arn:aws:s3:::orders-src/*" },
            { "Effect": "Allow", "Action": ["s3:ReplicateDelete", "s3:ReplicateTags"], "Resource": "arn:aws:s3:::orders-dst/*" }
        ])),
    );
    let found = plan_of(&text, "RL305");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("RL305:error plan.json:"), "{found:?}");
}

#[test]
fn rl302_to_rl305_unknown_policies_are_never_alarms() {
    let text = swap(
        TF,
        "resource \"aws_iam_role_policy\" \"replication\" {\n  role = aws_iam_role.replication.id\n  policy = jsonencode({",
        "variable \"extra\" {}\n\nresource \"aws_iam_role_policy\" \"extra\" {\n  role   = aws_iam_role.replication.id\n  policy = var.extra\n}\n\nresource \"aws_iam_role_policy\" \"replication\" {\n  role = aws_iam_role.replication.id\n  policy = jsonencode({",
    );
    let text = swap(&text, "\"s3:ReplicateObject\", ", "");
    let found = alarms(&tf_only(&text));
    assert_eq!(found, Vec::<String>::new());
    // A managed policy attached by an ARN outside the files.
    let text = swap(
        CFN,
        "      Policies:\n",
        "      ManagedPolicyArns:\n        - !ImportValue replication-policy\n      Policies:\n",
    );
    let text = swap(&text, "                  - s3:ReplicateObject\n", "");
    assert_eq!(alarms(&yaml_only(&text)), Vec::<String>::new());
    // A plan policy known only after apply.
    let mut setup = plan::valid_setup();
    setup[5] = plan::resource(
        "aws_iam_role_policy.replication",
        json!({ "name": "replication", "role": "orders-replication" }),
    )
    .unknown("policy")
    .references(
        "policy",
        &["aws_s3_bucket.source.arn", "aws_s3_bucket.source"],
    );
    let text = plan::render(&setup);
    assert_eq!(alarms(&[("plan.json", &text)]), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// RL306–RL310
// ---------------------------------------------------------------------------------------------

#[test]
fn rl306_object_actions_on_the_bucket_arn_point_at_the_resource() {
    let text = swap(
        TF,
        "Resource = \"${aws_s3_bucket.source.arn}/*\"",
        "Resource = aws_s3_bucket.source.arn",
    );
    assert_eq!(
        of(&tf_only(&text), "RL306"),
        [tf(
            "RL306",
            "error",
            &text,
            "aws_s3_bucket.source.arn\n      },\n      {\n        Effect   = \"Allow\"\n        Action   = [\"s3:ReplicateObject\"",
            0
        )]
    );
    let text = swap(
        TF,
        "Resource = \"${aws_s3_bucket.replica.arn}/*\"",
        "Resource = \"${aws_s3_bucket.replica.arn}/\"",
    );
    assert_eq!(
        of(&tf_only(&text), "RL306"),
        [tf(
            "RL306",
            "error",
            &text,
            "\"${aws_s3_bucket.replica.arn}/\"",
            0
        )]
    );
    let text = swap(
        CFN,
        "Resource: arn:aws:s3:::orders-dst/*",
        "Resource: arn:aws:s3:::orders-dst",
    );
    assert_eq!(
        of(&yaml_only(&text), "RL306"),
        [yaml(
            "RL306",
            "error",
            &text,
            "arn:aws:s3:::orders-dst\n",
            0
        )]
    );
    let text = swap(
        LEGACY,
        "\"Resource\": [\"arn:aws:s3:::orders-src/*\"]",
        "\"Resource\": [\"arn:aws:s3:::orders-src\"]",
    );
    assert_eq!(
        of(&tf_only(&text), "RL306"),
        [tf(
            "RL306",
            "error",
            &text,
            "\"arn:aws:s3:::orders-src\"]",
            1
        )]
    );
}

#[test]
fn rl306_is_silent_when_another_statement_grants_the_objects() {
    let text = swap(
        TF,
        "        Resource = aws_s3_bucket.source.arn\n",
        "        Resource = aws_s3_bucket.source.arn\n      },\n      {\n        Effect   = \"Allow\"\n        Action   = [\"s3:GetObjectVersionForReplication\"]\n        Resource = aws_s3_bucket.source.arn\n",
    );
    assert_eq!(of(&tf_only(&text), "RL306"), Vec::<String>::new());
}

#[test]
fn rl307_a_glob_covering_part_of_a_rule_is_a_warning() {
    let text = swap(
        TF,
        "Resource = \"${aws_s3_bucket.source.arn}/*\"",
        "Resource = \"${aws_s3_bucket.source.arn}/logs/*\"",
    );
    assert_eq!(
        of(&tf_only(&text), "RL307"),
        [tf(
            "RL307",
            "warning",
            &text,
            "\"${aws_s3_bucket.source.arn}/logs/*\"",
            0
        )]
    );
    assert_eq!(of(&tf_only(&text), "RL303"), Vec::<String>::new());
    let text = swap(
        CFN,
        "Resource: arn:aws:s3:::orders-dst/*",
        "Resource: arn:aws:s3:::orders-dst/logs/*",
    );
    assert_eq!(
        of(&yaml_only(&text), "RL307"),
        [yaml(
            "RL307",
            "warning",
            &text,
            "arn:aws:s3:::orders-dst/logs/*",
            0
        )]
    );
}

#[test]
fn rl307_globs_covering_some_rule_prefixes_only() {
    let two_rules = swap(
        TF,
        "    id     = \"all\"\n    status = \"Enabled\"\n    filter {}",
        "    id       = \"logs\"\n    priority = 2\n    status   = \"Enabled\"\n    filter {\n      prefix = \"logs/\"\n    }\n    delete_marker_replication {\n      status = \"Enabled\"\n    }\n    destination {\n      bucket = aws_s3_bucket.replica.arn\n    }\n  }\n\n  rule {\n    id       = \"data\"\n    priority = 1\n    status   = \"Enabled\"\n    filter {\n      prefix = \"data/\"\n    }",
    );
    let text = swap(
        &two_rules,
        "Resource = \"${aws_s3_bucket.source.arn}/*\"",
        "Resource = \"${aws_s3_bucket.source.arn}/logs/*\"",
    );
    assert_eq!(
        of(&tf_only(&text), "RL307"),
        [tf(
            "RL307",
            "warning",
            &text,
            "\"${aws_s3_bucket.source.arn}/logs/*\"",
            0
        )]
    );
    // The `data/` rule has no grant at all: RL303 still reports it.
    let found = of(&tf_only(&text), "RL303");
    assert!(
        !found.is_empty() && found.iter().all(|f| f.starts_with("RL303:error")),
        "{found:?}"
    );
    let text = swap(
        &two_rules,
        "Resource = \"${aws_s3_bucket.source.arn}/*\"",
        "Resource = [\"${aws_s3_bucket.source.arn}/logs/*\", \"${aws_s3_bucket.source.arn}/data/*\"]",
    );
    assert_eq!(alarms(&tf_only(&text)), Vec::<String>::new());
}

#[test]
fn rl308_owner_override_needs_its_permission() {
    let text = swap(
        TF,
        "      storage_class = \"STANDARD\"\n",
        "      storage_class = \"STANDARD\"\n      account       = \"444455556666\"\n      access_control_translation {\n        owner = \"Destination\"\n      }\n",
    );
    let found = of(&tf_only(&text), "RL308");
    assert_eq!(
        found,
        [tf("RL308", "error", &text, "\"s3:ReplicateObject\"", 0)]
    );
    let fixed = swap(
        &text,
        "\"s3:ReplicateTags\"]",
        "\"s3:ReplicateTags\", \"s3:ObjectOwnerOverrideToBucketOwner\"]",
    );
    assert_eq!(of(&tf_only(&fixed), "RL308"), Vec::<String>::new());
    let text = swap(
        CFN,
        "              Bucket: !GetAtt ReplicaBucket.Arn\n",
        "              Bucket: !GetAtt ReplicaBucket.Arn\n              Account: \"444455556666\"\n              AccessControlTranslation:\n                Owner: Destination\n",
    );
    assert_eq!(
        of(&yaml_only(&text), "RL308"),
        [yaml("RL308", "error", &text, "s3:ReplicateObject", 0)]
    );
}

#[test]
fn rl309_object_lock_source_needs_retention_and_legal_hold() {
    let text = swap(
        TF,
        "  bucket = \"orders-src\"\n",
        "  bucket = \"orders-src\"\n  object_lock_enabled = true\n",
    );
    let found = of(&tf_only(&text), "RL309");
    let expected = tf(
        "RL309",
        "error",
        &text,
        "\"s3:GetObjectVersionForReplication\"",
        0,
    );
    assert!(
        !found.is_empty() && found.iter().all(|f| *f == expected),
        "{found:?}"
    );
    // One of the two is still missing: still an error.
    let half = swap(
        &text,
        "\"s3:GetObjectVersionTagging\"]",
        "\"s3:GetObjectVersionTagging\", \"s3:GetObjectRetention\"]",
    );
    assert_eq!(of(&tf_only(&half), "RL309"), [expected]);
    let fixed = swap(
        &text,
        "\"s3:GetObjectVersionTagging\"]",
        "\"s3:GetObjectVersionTagging\", \"s3:GetObjectRetention\", \"s3:GetObjectLegalHold\"]",
    );
    assert_eq!(of(&tf_only(&fixed), "RL309"), Vec::<String>::new());
    // Without Object Lock nothing is needed.
    assert_eq!(of(&tf_only(TF), "RL309"), Vec::<String>::new());
    let text = swap(
        CFN,
        "      BucketName: orders-src\n",
        "      BucketName: orders-src\n      ObjectLockEnabled: true\n",
    );
    let found = of(&yaml_only(&text), "RL309");
    let expected = yaml(
        "RL309",
        "error",
        &text,
        "s3:GetObjectVersionForReplication",
        0,
    );
    assert!(
        !found.is_empty() && found.iter().all(|f| *f == expected),
        "{found:?}"
    );
}

#[test]
fn rl310_deny_in_role_policy_or_bucket_policy_is_a_warning() {
    let text = swap(
        TF,
        "    Statement = [\n      {\n        Effect   = \"Allow\"\n        Action   = [\"s3:GetReplicationConfiguration\"",
        "    Statement = [\n      {\n        Effect   = \"Deny\"\n        Action   = \"s3:Replicate*\"\n        Resource = \"*\"\n      },\n      {\n        Effect   = \"Allow\"\n        Action   = [\"s3:GetReplicationConfiguration\"",
    );
    let found = of(&tf_only(&text), "RL310");
    assert!(!found.is_empty(), "{found:?}");
    let deny = at(&text, "{\n        Effect   = \"Deny\"", 0);
    let action = at(&text, "\"s3:Replicate*\"", 0);
    assert!(
        found.iter().all(|f| f.starts_with("RL310:warning")
            && (f.ends_with(&deny) || f.ends_with(&action))),
        "{found:?} (deny statement at {deny})"
    );
    // A bucket policy on the destination that denies the role.
    let text = format!(
        "{TF}\nresource \"aws_s3_bucket_policy\" \"replica\" {{\n  bucket = aws_s3_bucket.replica.id\n  policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [{{\n      Effect    = \"Deny\"\n      Principal = {{ AWS = aws_iam_role.replication.arn }}\n      Action    = \"s3:ReplicateDelete\"\n      Resource  = \"${{aws_s3_bucket.replica.arn}}/*\"\n    }}]\n  }})\n}}\n"
    );
    let found = of(&tf_only(&text), "RL310");
    assert!(
        found.len() == 1 && found[0].starts_with("RL310:warning"),
        "{found:?}"
    );
    // A deny of unrelated actions is no finding.
    let text = swap(
        TF,
        "    Statement = [\n      {\n        Effect   = \"Allow\"\n        Action   = [\"s3:GetReplicationConfiguration\"",
        "    Statement = [\n      {\n        Effect   = \"Deny\"\n        Action   = \"s3:DeleteBucket\"\n        Resource = \"*\"\n      },\n      {\n        Effect   = \"Allow\"\n        Action   = [\"s3:GetReplicationConfiguration\"",
    );
    assert_eq!(alarms(&tf_only(&text)), Vec::<String>::new());
}

#[test]
fn rl310_deny_in_permissions_boundary_and_cloudformation() {
    let text = swap(
        TF,
        "  name = \"orders-replication\"\n",
        "  name = \"orders-replication\"\n  permissions_boundary = aws_iam_policy.boundary.arn\n",
    );
    let text = format!(
        "{text}\nresource \"aws_iam_policy\" \"boundary\" {{\n  policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [\n      {{\n        Effect   = \"Allow\"\n        Action   = \"*\"\n        Resource = \"*\"\n      }},\n      {{\n        Effect   = \"Deny\"\n        Action   = \"s3:ReplicateObject\"\n        Resource = \"*\"\n      }},\n    ]\n  }})\n}}\n"
    );
    let found = of(&tf_only(&text), "RL310");
    assert!(
        found.len() == 1 && found[0].starts_with("RL310:warning"),
        "{found:?}"
    );
    let text = swap(
        CFN,
        "            Statement:\n              - Effect: Allow\n                Action:\n                  - s3:GetReplicationConfiguration",
        "            Statement:\n              - Effect: Deny\n                Action: s3:GetObjectVersion*\n                Resource: \"*\"\n              - Effect: Allow\n                Action:\n                  - s3:GetReplicationConfiguration",
    );
    let found = of(&yaml_only(&text), "RL310");
    assert!(
        !found.is_empty() && found.iter().all(|f| f.starts_with("RL310:warning")),
        "{found:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// RL311–RL313
// ---------------------------------------------------------------------------------------------

const TF_DECRYPT: &str = "      {\n        Effect   = \"Allow\"\n        Action   = [\"kms:Decrypt\"]\n        Resource = aws_kms_key.source.arn\n      },\n";

#[test]
fn rl311_missing_decrypt_on_the_source_key() {
    let text = swap(&tf_kms(), TF_DECRYPT, "");
    assert_eq!(
        of(&tf_only(&text), "RL311"),
        [after(
            "main.tf",
            "RL311",
            "error",
            &text,
            "kms_master_key_id = "
        )]
    );
    // A statement on the key with another action: still the key explains it (the statement is
    // a related location, and the quick fix adds the action to it).
    let text = swap(
        &tf_kms(),
        "Action   = [\"kms:Decrypt\"]",
        "Action   = [\"kms:DescribeKey\"]",
    );
    assert_eq!(
        of(&tf_only(&text), "RL311"),
        [after(
            "main.tf",
            "RL311",
            "error",
            &text,
            "kms_master_key_id = "
        )]
    );
    let text = swap(
        &cfn_kms(),
        "              - Effect: Allow\n                Action: kms:Decrypt\n                Resource: !GetAtt SourceKey.Arn\n",
        "",
    );
    assert_eq!(
        of(&yaml_only(&text), "RL311"),
        [after(
            "template.yaml",
            "RL311",
            "error",
            &text,
            "KMSMasterKeyID: "
        )]
    );
}

#[test]
fn rl311_not_needed_without_kms_objects_selected() {
    let text = swap(&tf_kms(), TF_DECRYPT, "");
    let text = swap(
        &text,
        "sse_kms_encrypted_objects {\n        status = \"Enabled\"",
        "sse_kms_encrypted_objects {\n        status = \"Disabled\"",
    );
    assert_eq!(of(&tf_only(&text), "RL311"), Vec::<String>::new());
}

#[test]
fn rl311_via_service_must_name_the_source_region() {
    let with = |via: &str, context: &str| {
        swap(
            &tf_kms(),
            "        Action   = [\"kms:Decrypt\"]\n        Resource = aws_kms_key.source.arn\n",
            &format!(
                "        Action   = [\"kms:Decrypt\"]\n        Resource = aws_kms_key.source.arn\n        Condition = {{\n          StringLike = {{\n            \"kms:ViaService\" = \"{via}\"\n            \"kms:EncryptionContext:aws:s3:arn\" = \"{context}\"\n          }}\n        }}\n"
            ),
        )
    };
    let good = with(
        "s3.us-east-1.amazonaws.com",
        "${aws_s3_bucket.source.arn}/*",
    );
    assert_eq!(alarms(&tf_only(&good)), Vec::<String>::new());
    let text = with(
        "s3.eu-west-1.amazonaws.com",
        "${aws_s3_bucket.source.arn}/*",
    );
    let found = of(&tf_only(&text), "RL311");
    assert!(
        found.len() == 1 && found[0].starts_with("RL311:error"),
        "{found:?}"
    );
    let text = with(
        "s3.us-east-1.amazonaws.com",
        "${aws_s3_bucket.replica.arn}/*",
    );
    let found = of(&tf_only(&text), "RL311");
    assert!(
        found.len() == 1 && found[0].starts_with("RL311:error"),
        "{found:?}"
    );
    // With an S3 Bucket Key the context is the bucket ARN itself.
    let keyed = swap(
        &good,
        "      kms_master_key_id = aws_kms_key.source.arn\n    }\n",
        "      kms_master_key_id = aws_kms_key.source.arn\n    }\n    bucket_key_enabled = true\n",
    );
    let found = of(&tf_only(&keyed), "RL311");
    assert!(
        found.len() == 1 && found[0].starts_with("RL311:error"),
        "{found:?}"
    );
    let keyed = swap(
        &keyed,
        "= \"${aws_s3_bucket.source.arn}/*\"\n          }",
        "= aws_s3_bucket.source.arn\n          }",
    );
    assert_eq!(of(&tf_only(&keyed), "RL311"), Vec::<String>::new());
}

#[test]
fn rl311_legacy_inline_kms_selection() {
    let text = swap(
        LEGACY,
        "      prefix = \"\"\n      destination {\n        bucket        = aws_s3_bucket.replica.arn\n",
        "      prefix = \"\"\n      source_selection_criteria {\n        sse_kms_encrypted_objects {\n          enabled = true\n        }\n      }\n      destination {\n        bucket        = aws_s3_bucket.replica.arn\n        replica_kms_key_id = \"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\"\n",
    );
    let found = of(&tf_only(&text), "RL311");
    assert!(
        found.len() == 1 && found[0].starts_with("RL311:error"),
        "{found:?}"
    );
}

#[test]
fn rl311_unknown_source_key_is_not_an_alarm() {
    let text = swap(
        &tf_kms(),
        "kms_master_key_id = aws_kms_key.source.arn",
        "kms_master_key_id = var.source_key",
    );
    let text = format!("variable \"source_key\" {{}}\n\n{text}");
    assert_eq!(alarms(&tf_only(&text)), Vec::<String>::new());
    let text = swap(
        &cfn_kms(),
        "KMSMasterKeyID: !GetAtt SourceKey.Arn",
        "KMSMasterKeyID: !ImportValue source-key",
    );
    assert_eq!(alarms(&yaml_only(&text)), Vec::<String>::new());
}

#[test]
fn rl312_missing_encrypt_is_an_error_and_generate_data_key_a_warning() {
    let text = swap(
        &tf_kms(),
        "[\"kms:Encrypt\", \"kms:GenerateDataKey\"]",
        "[\"kms:GenerateDataKey\"]",
    );
    assert_eq!(
        of(&tf_only(&text), "RL312"),
        [after(
            "main.tf",
            "RL312",
            "error",
            &text,
            "replica_kms_key_id = "
        )]
    );
    let text = swap(
        &tf_kms(),
        "[\"kms:Encrypt\", \"kms:GenerateDataKey\"]",
        "[\"kms:Encrypt\"]",
    );
    assert_eq!(
        of(&tf_only(&text), "RL312"),
        // The spec says warning; the User Guide's own policy grants `kms:Encrypt` alone, so the
        // linter notes it as info (see rules/RL312.md).
        [after(
            "main.tf",
            "RL312",
            "info",
            &text,
            "replica_kms_key_id = "
        )]
    );
    let text = swap(&cfn_kms(), "                  - kms:Encrypt\n", "");
    assert_eq!(
        of(&yaml_only(&text), "RL312"),
        [after(
            "template.yaml",
            "RL312",
            "error",
            &text,
            "ReplicaKmsKeyID: "
        )]
    );
}

#[test]
fn rl312_via_service_must_name_the_destination_region() {
    let text = swap(
        &tf_kms(),
        "        Resource = aws_kms_key.replica.arn\n",
        "        Resource = aws_kms_key.replica.arn\n        Condition = {\n          StringEquals = { \"kms:ViaService\" = \"s3.eu-west-1.amazonaws.com\" }\n        }\n",
    );
    let found = of(&tf_only(&text), "RL312");
    assert!(
        !found.is_empty() && found.iter().any(|f| f.starts_with("RL312:error")),
        "{found:?}"
    );
    let fixed = swap(
        &text,
        "s3.eu-west-1.amazonaws.com",
        "s3.us-east-1.amazonaws.com",
    );
    assert_eq!(of(&tf_only(&fixed), "RL312"), Vec::<String>::new());
}

#[test]
fn rl312_unknown_replica_key_is_not_an_alarm() {
    let text = swap(
        &tf_kms(),
        "replica_kms_key_id = aws_kms_key.replica.arn",
        "replica_kms_key_id = data.aws_kms_key.replica.arn",
    );
    let text = format!(
        "data \"aws_kms_key\" \"replica\" {{\n  key_id = var.replica_key\n}}\nvariable \"replica_key\" {{}}\n\n{text}"
    );
    assert_eq!(alarms(&tf_only(&text)), Vec::<String>::new());
}

#[test]
fn rl313_batch_role_without_batch_trust_is_info() {
    let text = swap(
        TF,
        "name = \"orders-replication\"",
        "name = \"orders-batch-replication\"",
    );
    assert_eq!(
        of(&tf_only(&text), "RL313"),
        [tf("RL313", "info", &text, "assume_role_policy", 0)]
    );
    let fixed = swap(
        &text,
        "Service = \"s3.amazonaws.com\"",
        "Service = [\"s3.amazonaws.com\", \"batchoperations.s3.amazonaws.com\"]",
    );
    assert_eq!(of(&tf_only(&fixed), "RL313"), Vec::<String>::new());
    // No hint of batch use: nothing.
    assert_eq!(of(&tf_only(TF), "RL313"), Vec::<String>::new());
    let text = swap(
        CFN,
        "    Type: AWS::IAM::Role\n    Properties:\n",
        "    Type: AWS::IAM::Role\n    Properties:\n      RoleName: batch-replication\n",
    );
    assert_eq!(
        of(&yaml_only(&text), "RL313"),
        [yaml("RL313", "info", &text, "AssumeRolePolicyDocument", 0)]
    );
    let text = swap(
        TF,
        "\"s3:ReplicateTags\"]",
        "\"s3:ReplicateTags\", \"s3:InitiateReplication\"]",
    );
    assert_eq!(
        of(&tf_only(&text), "RL313"),
        [tf("RL313", "info", &text, "assume_role_policy", 0)]
    );
}

// ---------------------------------------------------------------------------------------------
// RL401–RL404
// ---------------------------------------------------------------------------------------------

const TF_SELECTION: &str = "    source_selection_criteria {\n      sse_kms_encrypted_objects {\n        status = \"Enabled\"\n      }\n    }\n";
const TF_REPLICA_KEY: &str = "      encryption_configuration {\n        replica_kms_key_id = aws_kms_key.replica.arn\n      }\n";
const CFN_SELECTION: &str = "            SourceSelectionCriteria:\n              SseKmsEncryptedObjects:\n                Status: Enabled\n";
const CFN_REPLICA_KEY: &str = "              EncryptionConfiguration:\n                ReplicaKmsKeyID: !GetAtt ReplicaKey.Arn\n";

#[test]
fn rl401_kms_default_encryption_without_the_opt_in() {
    let text = swap(&swap(&tf_kms(), TF_SELECTION, ""), TF_REPLICA_KEY, "");
    assert_eq!(
        of(&tf_only(&text), "RL401"),
        [tf("RL401", "warning", &text, "\"aws:kms\"", 0)]
    );
    let dsse = swap(&text, "\"aws:kms\"", "\"aws:kms:dsse\"");
    assert_eq!(
        of(&tf_only(&dsse), "RL401"),
        [tf("RL401", "warning", &dsse, "\"aws:kms:dsse\"", 0)]
    );
    let s3 = swap(&text, "\"aws:kms\"", "\"AES256\"");
    assert_eq!(of(&tf_only(&s3), "RL401"), Vec::<String>::new());
    let text = swap(&swap(&cfn_kms(), CFN_SELECTION, ""), CFN_REPLICA_KEY, "");
    assert_eq!(
        of(&yaml_only(&text), "RL401"),
        [yaml("RL401", "warning", &text, "aws:kms\n", 0)]
    );
}

#[test]
fn rl401_legacy_inline_encryption() {
    let text = swap(
        LEGACY,
        "  bucket = \"orders-src\"\n",
        "  bucket = \"orders-src\"\n  server_side_encryption_configuration {\n    rule {\n      apply_server_side_encryption_by_default {\n        sse_algorithm = \"aws:kms\"\n      }\n    }\n  }\n",
    );
    assert_eq!(
        of(&tf_only(&text), "RL401"),
        [tf("RL401", "warning", &text, "\"aws:kms\"", 0)]
    );
}

#[test]
fn rl401_unknown_algorithm_is_silent() {
    let text = swap(&swap(&tf_kms(), TF_SELECTION, ""), TF_REPLICA_KEY, "");
    let text = swap(
        &text,
        "sse_algorithm     = \"aws:kms\"",
        "sse_algorithm     = var.algorithm",
    );
    let text = format!("variable \"algorithm\" {{}}\n\n{text}");
    assert_eq!(alarms(&tf_only(&text)), Vec::<String>::new());
}

#[test]
fn rl402_kms_objects_selected_without_a_replica_key() {
    let text = swap(&tf_kms(), TF_REPLICA_KEY, "");
    assert_eq!(
        of(&tf_only(&text), "RL402"),
        [tf("RL402", "error", &text, "destination {", 0)]
    );
    let text = swap(&cfn_kms(), CFN_REPLICA_KEY, "");
    assert_eq!(
        of(&yaml_only(&text), "RL402"),
        [yaml("RL402", "error", &text, "Destination:", 0)]
    );
    let text = swap(
        LEGACY,
        "      prefix = \"\"\n",
        "      prefix = \"\"\n      source_selection_criteria {\n        sse_kms_encrypted_objects {\n          enabled = true\n        }\n      }\n",
    );
    assert_eq!(
        of(&tf_only(&text), "RL402"),
        [tf(
            "RL402",
            "error",
            &text,
            "destination {\n        bucket        = aws_s3_bucket.replica.arn",
            0
        )]
    );
}

#[test]
fn rl402_a_replica_key_without_the_opt_in_is_a_warning() {
    let text = swap(&tf_kms(), TF_SELECTION, "");
    let found = of(&tf_only(&text), "RL402");
    assert!(
        found.len() == 1 && found[0].starts_with("RL402:warning"),
        "{found:?}"
    );
    let text = swap(&cfn_kms(), CFN_SELECTION, "");
    let found = of(&yaml_only(&text), "RL402");
    assert!(
        found.len() == 1 && found[0].starts_with("RL402:warning"),
        "{found:?}"
    );
}

#[test]
fn rl402_plan_kms_objects_without_a_replica_key() {
    let mut setup = plan::valid_setup();
    let rule = json!([{
        "id": "all", "status": "Enabled", "priority": 0, "prefix": "",
        "filter": [{ "prefix": "" }],
        "delete_marker_replication": [{ "status": "Enabled" }],
        "source_selection_criteria": [{ "sse_kms_encrypted_objects": [{ "status": "Enabled" }], "replica_modifications": [] }],
        "destination": [{ "bucket": "arn:aws:s3:::orders-dst", "storage_class": "STANDARD", "encryption_configuration": [] }]
    }]);
    setup[6] = plan::resource(
        "aws_s3_bucket_replication_configuration.this",
        json!({ "bucket": "orders-src", "rule": rule }),
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
    let text = plan::render(&setup);
    let found = plan_of(&text, "RL402");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("RL402:error plan.json:"), "{found:?}");
}

#[test]
fn rl403_replica_key_in_another_region() {
    let key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let text = swap(
        &tf_kms(),
        "replica_kms_key_id = aws_kms_key.replica.arn",
        &format!("replica_kms_key_id = \"{key}\""),
    );
    assert_eq!(
        of(&tf_only(&text), "RL403"),
        [tf("RL403", "error", &text, &format!("\"{key}\""), 0)]
    );
    let same = text.replace("eu-west-1", "us-east-1");
    assert_eq!(of(&tf_only(&same), "RL403"), Vec::<String>::new());
    // The key resource's provider is in another region.
    let text = swap(
        &tf_kms(),
        "resource \"aws_kms_key\" \"replica\" {\n",
        "provider \"aws\" {\n  alias  = \"eu\"\n  region = \"eu-west-1\"\n}\n\nresource \"aws_kms_key\" \"replica\" {\n  provider    = aws.eu\n",
    );
    assert_eq!(
        of(&tf_only(&text), "RL403"),
        [tf(
            "RL403",
            "error",
            &text,
            "aws_kms_key.replica.arn\n      }\n",
            0
        )]
    );
    // Unknown destination region: nothing.
    let unknown = swap(
        &tf_kms(),
        "provider \"aws\" {\n  region = \"us-east-1\"\n}",
        "variable \"region\" {}\n\nprovider \"aws\" {\n  region = var.region\n}",
    );
    let unknown = swap(
        &unknown,
        "replica_kms_key_id = aws_kms_key.replica.arn",
        &format!("replica_kms_key_id = \"{key}\""),
    );
    assert_eq!(alarms(&tf_only(&unknown)), Vec::<String>::new());
    let text = swap(
        &cfn_kms(),
        "ReplicaKmsKeyID: !GetAtt ReplicaKey.Arn",
        &format!("ReplicaKmsKeyID: {key}"),
    );
    let found = of(&yaml_only(&text), "RL403");
    // The template's region is not known (no pseudo parameter value): no alarm.
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn rl404_alias_or_bare_key_id_is_a_warning() {
    for value in [
        "\"alias/orders-replica\"",
        "\"1234abcd-12ab-34cd-56ef-1234567890ab\"",
    ] {
        let text = swap(
            &tf_kms(),
            "replica_kms_key_id = aws_kms_key.replica.arn",
            &format!("replica_kms_key_id = {value}"),
        );
        assert_eq!(
            of(&tf_only(&text), "RL404"),
            [tf("RL404", "warning", &text, value, 0)],
            "{value}"
        );
    }
    let text = swap(
        &cfn_kms(),
        "ReplicaKmsKeyID: !GetAtt ReplicaKey.Arn",
        "ReplicaKmsKeyID: alias/orders-replica",
    );
    assert_eq!(
        of(&yaml_only(&text), "RL404"),
        [yaml("RL404", "warning", &text, "alias/orders-replica", 0)]
    );
    // `!Ref` of a key yields its ID, not its ARN.
    let text = swap(
        &cfn_kms(),
        "ReplicaKmsKeyID: !GetAtt ReplicaKey.Arn",
        "ReplicaKmsKeyID: !Ref ReplicaKey",
    );
    assert_eq!(
        of(&yaml_only(&text), "RL404"),
        [yaml("RL404", "warning", &text, "!Ref ReplicaKey", 0)]
    );
    // A key ARN is fine.
    let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let text = swap(
        &tf_kms(),
        "replica_kms_key_id = aws_kms_key.replica.arn",
        &format!("replica_kms_key_id = \"{key}\""),
    );
    assert_eq!(of(&tf_only(&text), "RL404"), Vec::<String>::new());
}

#[test]
fn rl404_asymmetric_replica_key_is_a_warning() {
    let text = swap(
        &tf_kms(),
        "  description = \"replicas\"\n",
        "  description = \"replicas\"\n  customer_master_key_spec = \"RSA_2048\"\n  key_usage = \"ENCRYPT_DECRYPT\"\n",
    );
    let found = of(&tf_only(&text), "RL404");
    assert!(
        found.len() == 1 && found[0].starts_with("RL404:warning"),
        "{found:?}"
    );
    let text = swap(
        &cfn_kms(),
        "  ReplicaKey:\n    Type: AWS::KMS::Key\n    Properties:\n",
        "  ReplicaKey:\n    Type: AWS::KMS::Key\n    Properties:\n      KeySpec: RSA_2048\n",
    );
    let found = of(&yaml_only(&text), "RL404");
    assert!(
        found.len() == 1 && found[0].starts_with("RL404:warning"),
        "{found:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// RL405–RL407
// ---------------------------------------------------------------------------------------------

/// [`tf_kms`] made cross-account: the source provider is pinned to account 111122223333 and the
/// destination is a partner bucket (not in the files) in account 444455556666.
fn tf_cross_account() -> String {
    let text = swap(
        &tf_kms(),
        "provider \"aws\" {\n  region = \"us-east-1\"\n}",
        "provider \"aws\" {\n  region              = \"us-east-1\"\n  allowed_account_ids = [\"111122223333\"]\n}",
    );
    let text = text.replace("aws_s3_bucket.replica.arn", "\"arn:aws:s3:::partner-dst\"");
    let text = swap(
        &text,
        "\"${\"arn:aws:s3:::partner-dst\"}/*\"",
        "\"arn:aws:s3:::partner-dst/*\"",
    );
    let text = swap(
        &text,
        "      storage_class = \"STANDARD\"\n",
        "      storage_class = \"STANDARD\"\n      account       = \"444455556666\"\n      access_control_translation {\n        owner = \"Destination\"\n      }\n",
    );
    let text = swap(
        &text,
        "\"s3:ReplicateTags\"]",
        "\"s3:ReplicateTags\", \"s3:ObjectOwnerOverrideToBucketOwner\"]",
    );
    let key = "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let text = text.replace("aws_kms_key.replica.arn", &format!("\"{key}\""));
    let text = swap(
        &text,
        "resource \"aws_kms_key\" \"replica\" {\n  description = \"replicas\"\n}\n\n",
        "",
    );
    // The destination bucket resources are gone from the source account's files.
    let text = swap(
        &text,
        "resource \"aws_s3_bucket\" \"replica\" {\n  bucket = \"orders-dst\"\n}\n\n",
        "",
    );
    let text = swap(
        &text,
        "resource \"aws_s3_bucket_versioning\" \"replica\" {\n  bucket = aws_s3_bucket.replica.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n\n",
        "",
    );
    swap(
        &text,
        "depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]",
        "depends_on = [aws_s3_bucket_versioning.source]",
    )
}

#[test]
fn rl405_cross_account_fixture_is_clean() {
    assert_eq!(alarms(&tf_only(&tf_cross_account())), Vec::<String>::new());
}

#[test]
fn rl405_aws_managed_key_in_a_cross_account_setup() {
    let key = "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let text = swap(
        &tf_cross_account(),
        &format!("replica_kms_key_id = \"{key}\""),
        "replica_kms_key_id = \"alias/aws/s3\"",
    );
    assert_eq!(
        of(&tf_only(&text), "RL405"),
        [tf("RL405", "error", &text, "\"alias/aws/s3\"", 0)]
    );
    // Source default encryption with the AWS managed key (no kms_master_key_id).
    let text = swap(
        &tf_cross_account(),
        "      kms_master_key_id = aws_kms_key.source.arn\n",
        "",
    );
    assert_eq!(
        of(&tf_only(&text), "RL405"),
        [tf("RL405", "error", &text, "\"aws:kms\"", 0)]
    );
    // Same account: the AWS managed key works.
    let text = swap(
        &tf_kms(),
        "replica_kms_key_id = aws_kms_key.replica.arn",
        "replica_kms_key_id = \"alias/aws/s3\"",
    );
    assert_eq!(of(&tf_only(&text), "RL405"), Vec::<String>::new());
    let text = swap(
        &tf_kms(),
        "      kms_master_key_id = aws_kms_key.source.arn\n",
        "",
    );
    assert_eq!(of(&tf_only(&text), "RL405"), Vec::<String>::new());
}

#[test]
fn rl405_cloudformation_cross_account() {
    let cross = swap(
        &cfn_kms(),
        "              Bucket: !GetAtt ReplicaBucket.Arn\n              EncryptionConfiguration:\n                ReplicaKmsKeyID: !GetAtt ReplicaKey.Arn\n",
        "              Bucket: arn:aws:s3:::partner-dst\n              Account: \"444455556666\"\n              AccessControlTranslation:\n                Owner: Destination\n              EncryptionConfiguration:\n                ReplicaKmsKeyID: alias/aws/s3\n",
    );
    // The source account is unknown (the role's ARN is `!GetAtt`): nothing is certain.
    assert_eq!(of(&yaml_only(&cross), "RL405"), Vec::<String>::new());
    let known = swap(
        &cross,
        "Role: !GetAtt ReplicationRole.Arn",
        "Role: arn:aws:iam::111122223333:role/orders-replication",
    );
    assert_eq!(
        of(&yaml_only(&known), "RL405"),
        [yaml("RL405", "error", &known, "alias/aws/s3", 0)]
    );
    let arn = swap(
        &known,
        "ReplicaKmsKeyID: alias/aws/s3",
        "ReplicaKmsKeyID: arn:aws:kms:us-east-1:444455556666:alias/aws/s3",
    );
    assert_eq!(
        of(&yaml_only(&arn), "RL405"),
        [yaml(
            "RL405",
            "error",
            &arn,
            "arn:aws:kms:us-east-1:444455556666:alias/aws/s3",
            0
        )]
    );
}

#[test]
fn rl406_cross_account_destination_key_policy_must_grant_the_role() {
    let key = "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let policy = |extra: &str| {
        format!(
            "provider \"aws\" {{\n  alias               = \"partner\"\n  region              = \"us-east-1\"\n  allowed_account_ids = [\"444455556666\"]\n}}\n\nresource \"aws_kms_key\" \"replica\" {{\n  provider = aws.partner\n  policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [{{\n      Effect    = \"Allow\"\n      Principal = {{ AWS = \"arn:aws:iam::444455556666:root\" }}\n      Action    = \"kms:*\"\n      Resource  = \"*\"\n    }}{extra}]\n  }})\n}}\n"
        )
    };
    let base = tf_cross_account().replace(&format!("\"{key}\""), "aws_kms_key.replica.arn");
    let text = format!("{base}\n{}", policy(""));
    let found = of(&tf_only(&text), "RL406");
    assert!(
        !found.is_empty() && found.iter().all(|f| f.starts_with("RL406:error")),
        "{found:?}"
    );
    let grant = ", {\n      Effect    = \"Allow\"\n      Principal = { AWS = aws_iam_role.replication.arn }\n      Action    = [\"kms:Encrypt\", \"kms:GenerateDataKey\"]\n      Resource  = \"*\"\n    }";
    let text = format!("{base}\n{}", policy(grant));
    assert_eq!(of(&tf_only(&text), "RL406"), Vec::<String>::new());
}

#[test]
fn rl406_source_key_policy_without_the_role_or_the_root() {
    let pinned = swap(
        &tf_kms(),
        "provider \"aws\" {\n  region = \"us-east-1\"\n}",
        "provider \"aws\" {\n  region              = \"us-east-1\"\n  allowed_account_ids = [\"111122223333\"]\n}",
    );
    let text = swap(
        &pinned,
        "resource \"aws_kms_key\" \"source\" {\n  description = \"source objects\"\n}",
        "resource \"aws_kms_key\" \"source\" {\n  description = \"source objects\"\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect    = \"Allow\"\n      Principal = { AWS = \"arn:aws:iam::111122223333:role/admin\" }\n      Action    = \"kms:*\"\n      Resource  = \"*\"\n    }]\n  })\n}",
    );
    let found = of(&tf_only(&text), "RL406");
    assert!(
        found.len() == 1 && found[0].starts_with("RL406:error"),
        "{found:?}"
    );
    // Delegation to IAM through the account root is enough.
    let fixed = swap(&text, "role/admin", "root");
    assert_eq!(of(&tf_only(&fixed), "RL406"), Vec::<String>::new());
    // A source-IP condition on the delegation: warning.
    let conditional = swap(
        &fixed,
        "      Resource  = \"*\"\n    }]",
        "      Resource  = \"*\"\n      Condition = { IpAddress = { \"aws:SourceIp\" = \"203.0.113.0/24\" } }\n    }]",
    );
    let found = of(&tf_only(&conditional), "RL406");
    assert!(
        found.len() == 1 && found[0].starts_with("RL406:warning"),
        "{found:?}"
    );
    // CloudFormation: a source key policy that names only an admin role (the replication role
    // is named, so it certainly is another role).
    let named = swap(
        &cfn_kms(),
        "    Type: AWS::IAM::Role\n    Properties:\n",
        "    Type: AWS::IAM::Role\n    Properties:\n      RoleName: orders-replication\n",
    );
    let text = swap(
        &named,
        "              AWS: !Sub arn:aws:iam::${AWS::AccountId}:root\n",
        "              AWS: !Sub arn:aws:iam::${AWS::AccountId}:role/admin\n",
    );
    let found = of(&yaml_only(&text), "RL406");
    assert!(
        found.len() == 1 && found[0].starts_with("RL406:error"),
        "{found:?}"
    );
}

#[test]
fn rl406_unknown_key_policy_is_silent() {
    let text = swap(
        &tf_kms(),
        "resource \"aws_kms_key\" \"source\" {\n  description = \"source objects\"\n}",
        "variable \"key_policy\" {}\n\nresource \"aws_kms_key\" \"source\" {\n  description = \"source objects\"\n  policy      = var.key_policy\n}",
    );
    assert_eq!(alarms(&tf_only(&text)), Vec::<String>::new());
}

#[test]
fn rl407_disabled_keys_are_warnings() {
    let text = swap(
        &tf_kms(),
        "  description = \"replicas\"\n",
        "  description = \"replicas\"\n  is_enabled  = false\n",
    );
    let found = of(&tf_only(&text), "RL407");
    let value = tf("RL407", "warning", &text, "false", 0);
    let attribute = tf("RL407", "warning", &text, "is_enabled", 0);
    assert!(
        found.len() == 1 && (found[0] == value || found[0] == attribute),
        "{found:?}"
    );
    let text = swap(
        &tf_kms(),
        "  description = \"source objects\"\n",
        "  description = \"source objects\"\n  is_enabled  = false\n",
    );
    let found = of(&tf_only(&text), "RL407");
    assert!(
        found.len() == 1 && found[0].starts_with("RL407:warning"),
        "{found:?}"
    );
    let text = swap(
        &cfn_kms(),
        "  ReplicaKey:\n    Type: AWS::KMS::Key\n    Properties:\n",
        "  ReplicaKey:\n    Type: AWS::KMS::Key\n    Properties:\n      Enabled: false\n",
    );
    let found = of(&yaml_only(&text), "RL407");
    let value = yaml("RL407", "warning", &text, "false", 0);
    let attribute = yaml("RL407", "warning", &text, "Enabled: false", 0);
    assert!(
        found.len() == 1 && (found[0] == value || found[0] == attribute),
        "{found:?}"
    );
    // Enabled keys, and an unknown state, are silent.
    let text = swap(
        &tf_kms(),
        "  description = \"replicas\"\n",
        "  description = \"replicas\"\n  is_enabled  = var.enabled\n",
    );
    let text = format!("variable \"enabled\" {{}}\n\n{text}");
    assert_eq!(alarms(&tf_only(&text)), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// Unknown keys and the "any key" case
// ---------------------------------------------------------------------------------------------

#[test]
fn rl311_without_a_known_source_key_any_decrypt_grant_is_needed() {
    let sse = "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"source\" {\n  bucket = aws_s3_bucket.source.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = \"aws:kms\"\n      kms_master_key_id = aws_kms_key.source.arn\n    }\n  }\n}\n\n";
    let text = swap(&swap(&tf_kms(), sse, ""), TF_DECRYPT, "");
    let found = of(&tf_only(&text), "RL311");
    assert!(
        found.len() == 1 && found[0].starts_with("RL311:error"),
        "{found:?}"
    );
    let any = swap(
        &swap(&tf_kms(), sse, ""),
        "Action   = [\"kms:Decrypt\"]\n        Resource = aws_kms_key.source.arn",
        "Action   = [\"kms:Decrypt\"]\n        Resource = \"*\"",
    );
    assert_eq!(of(&tf_only(&any), "RL311"), Vec::<String>::new());
}

#[test]
fn unknown_replica_keys_are_never_alarms() {
    let text = swap(
        &cfn_kms(),
        "ReplicaKmsKeyID: !GetAtt ReplicaKey.Arn",
        "ReplicaKmsKeyID: !ImportValue replica-key",
    );
    assert_eq!(alarms(&yaml_only(&text)), Vec::<String>::new());
    let text = swap(
        &tf_kms(),
        "replica_kms_key_id = aws_kms_key.replica.arn",
        "replica_kms_key_id = var.replica_key",
    );
    let text = format!("variable \"replica_key\" {{}}\n\n{text}");
    assert_eq!(alarms(&tf_only(&text)), Vec::<String>::new());
}

#[test]
fn rl401_one_rule_opting_in_is_enough() {
    let text = swap(
        &tf_kms(),
        "  rule {\n    id     = \"all\"",
        "  rule {\n    id       = \"logs\"\n    priority = 2\n    status   = \"Enabled\"\n    filter {\n      prefix = \"logs/\"\n    }\n    delete_marker_replication {\n      status = \"Enabled\"\n    }\n    destination {\n      bucket = aws_s3_bucket.replica.arn\n    }\n  }\n\n  rule {\n    priority = 1\n    id     = \"all\"",
    );
    assert_eq!(of(&tf_only(&text), "RL401"), Vec::<String>::new());
}

#[test]
fn rl313_a_job_resource_using_the_role() {
    let text = format!(
        "{TF}\nresource \"aws_s3control_job\" \"backfill\" {{\n  role_arn = aws_iam_role.replication.arn\n  priority = 10\n}}\n"
    );
    assert_eq!(
        of(&tf_only(&text), "RL313"),
        [tf("RL313", "info", &text, "assume_role_policy", 0)]
    );
}

#[test]
fn rl404_key_id_and_alias_references() {
    for value in ["aws_kms_key.replica.key_id", "aws_kms_key.replica.id"] {
        let text = swap(
            &tf_kms(),
            "replica_kms_key_id = aws_kms_key.replica.arn",
            &format!("replica_kms_key_id = {value}"),
        );
        assert_eq!(
            of(&tf_only(&text), "RL404"),
            [tf("RL404", "warning", &text, value, 0)],
            "{value}"
        );
    }
    let text = swap(
        &tf_kms(),
        "resource \"aws_s3_bucket_server_side_encryption_configuration\"",
        "resource \"aws_kms_alias\" \"replica\" {\n  name          = \"alias/orders-replica\"\n  target_key_id = aws_kms_key.replica.key_id\n}\n\nresource \"aws_s3_bucket_server_side_encryption_configuration\"",
    );
    let text = swap(
        &text,
        "replica_kms_key_id = aws_kms_key.replica.arn",
        "replica_kms_key_id = aws_kms_alias.replica.name",
    );
    assert_eq!(
        of(&tf_only(&text), "RL404"),
        [tf(
            "RL404",
            "warning",
            &text,
            "aws_kms_alias.replica.name",
            0
        )]
    );
}

#[test]
fn kms_rules_on_a_plan() {
    let mut setup = plan::valid_setup();
    setup.push(plan::resource(
        "aws_s3_bucket_server_side_encryption_configuration.source",
        json!({ "bucket": "orders-src", "rule": [{ "apply_server_side_encryption_by_default": [{ "sse_algorithm": "aws:kms", "kms_master_key_id": "" }], "bucket_key_enabled": false }] }),
    ));
    let text = plan::render(&setup);
    let at = plan::locate(&text, "\"aws:kms\"", 0);
    assert_eq!(
        plan_of(&text, "RL401"),
        [format!("RL401:warning plan.json:{at}")]
    );
    // A replica key in another region than the destination (us-east-1 from the provider).
    let key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let rule = json!([{
        "id": "all", "status": "Enabled", "priority": 0, "prefix": "",
        "filter": [{ "prefix": "" }],
        "delete_marker_replication": [{ "status": "Enabled" }],
        "source_selection_criteria": [{ "sse_kms_encrypted_objects": [{ "status": "Enabled" }] }],
        "destination": [{ "bucket": "arn:aws:s3:::orders-dst", "encryption_configuration": [{ "replica_kms_key_id": key }] }]
    }]);
    let mut setup = plan::valid_setup();
    setup[0] = plan::resource(
        "aws_s3_bucket.source",
        json!({ "bucket": "orders-src", "region": "us-east-1" }),
    );
    setup[1] = plan::resource(
        "aws_s3_bucket.replica",
        json!({ "bucket": "orders-dst", "region": "us-east-1" }),
    );
    setup[6] = plan::resource(
        "aws_s3_bucket_replication_configuration.this",
        json!({ "bucket": "orders-src", "rule": rule }),
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
    let text = plan::render(&setup);
    let at = plan::locate(&text, &format!("\"{key}\""), 0);
    assert_eq!(
        plan_of(&text, "RL403"),
        [format!("RL403:error plan.json:{at}")]
    );
    let found = plan_of(&text, "RL311");
    assert!(
        found.len() == 1 && found[0].starts_with("RL311:error"),
        "{found:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Policy forms that grant everything: silent
// ---------------------------------------------------------------------------------------------

/// [`TF`] with the role's inline policy replaced by `policy` (HCL resources).
fn tf_with_policy(policy: &str) -> String {
    let start = TF.find("resource \"aws_iam_role_policy\"").unwrap();
    let end = TF
        .find("resource \"aws_s3_bucket_replication_configuration\"")
        .unwrap();
    format!("{}{policy}\n{}", &TF[..start], &TF[end..])
}

#[test]
fn equivalent_policy_forms_raise_no_alarm() {
    let wildcards = "resource \"aws_iam_role_policy\" \"replication\" {\n  role = aws_iam_role.replication.id\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect   = \"Allow\"\n      Action   = [\"S3:GetReplication*\", \"s3:List*\", \"s3:GetObjectVersion*\", \"s3:Replicate*\"]\n      Resource = \"*\"\n    }]\n  })\n}\n";
    assert_eq!(
        alarms(&tf_only(&tf_with_policy(wildcards))),
        Vec::<String>::new()
    );
    let document = "data \"aws_iam_policy_document\" \"base\" {\n  statement {\n    actions   = [\"s3:GetReplicationConfiguration\", \"s3:ListBucket\"]\n    resources = [aws_s3_bucket.source.arn]\n  }\n}\n\ndata \"aws_iam_policy_document\" \"replication\" {\n  source_policy_documents = [data.aws_iam_policy_document.base.json]\n  statement {\n    actions   = [\"s3:GetObjectVersionForReplication\", \"s3:GetObjectVersionAcl\", \"s3:GetObjectVersionTagging\"]\n    resources = [\"${aws_s3_bucket.source.arn}/*\"]\n  }\n  statement {\n    actions   = [\"s3:ReplicateObject\", \"s3:ReplicateDelete\", \"s3:ReplicateTags\"]\n    resources = [\"${aws_s3_bucket.replica.arn}/*\"]\n  }\n}\n\nresource \"aws_iam_policy\" \"replication\" {\n  policy = data.aws_iam_policy_document.replication.json\n}\n\nresource \"aws_iam_role_policy_attachment\" \"replication\" {\n  role       = aws_iam_role.replication.name\n  policy_arn = aws_iam_policy.replication.arn\n}\n";
    assert_eq!(
        alarms(&tf_only(&tf_with_policy(document))),
        Vec::<String>::new()
    );
    // Without the base document's statements RL302 fires at the configuration's role.
    let partial = document.replace(
        "  source_policy_documents = [data.aws_iam_policy_document.base.json]\n",
        "",
    );
    let text = tf_with_policy(&partial);
    let found = of(&tf_only(&text), "RL302");
    let role = tf(
        "RL302",
        "error",
        &text,
        "role       = aws_iam_role.replication.arn",
        0,
    );
    assert!(
        !found.is_empty() && found.iter().all(|f| *f == role),
        "{found:?}"
    );
    // A managed policy whose content is well known.
    let managed = "resource \"aws_iam_role_policy_attachment\" \"replication\" {\n  role       = aws_iam_role.replication.name\n  policy_arn = \"arn:aws:iam::aws:policy/AmazonS3FullAccess\"\n}\n";
    assert_eq!(
        alarms(&tf_only(&tf_with_policy(managed))),
        Vec::<String>::new()
    );
    // A managed policy outside the files: unknown, never an alarm.
    let external = "resource \"aws_iam_role_policy_attachment\" \"replication\" {\n  role       = aws_iam_role.replication.name\n  policy_arn = \"arn:aws:iam::111122223333:policy/replication\"\n}\n";
    let text = tf_with_policy(external);
    assert_eq!(alarms(&tf_only(&text)), Vec::<String>::new());
    assert!(
        lint(&tf_only(&text))
            .iter()
            .any(|f| f.starts_with("RL003:info"))
    );
}

#[test]
fn cloudformation_policy_resources_attach_to_the_role() {
    let start = CFN.find("      Policies:\n").unwrap();
    let end = CFN.find("  SourceBucket:\n").unwrap();
    let statements = &CFN[start..end];
    let body = statements
        .replace("      Policies:\n        - PolicyName: replication\n          PolicyDocument:\n", "      PolicyName: replication\n      Roles:\n        - !Ref ReplicationRole\n      PolicyDocument:\n")
        .replace("\n            ", "\n        ");
    for kind in ["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"] {
        let body = if kind == "AWS::IAM::ManagedPolicy" {
            body.replace("      PolicyName: replication\n", "")
        } else {
            body.clone()
        };
        let text = format!(
            "{}  ReplicationPolicy:\n    Type: {kind}\n    Properties:\n{body}{}",
            &CFN[..start],
            &CFN[end..]
        );
        assert_eq!(
            alarms(&yaml_only(&text)),
            Vec::<String>::new(),
            "{kind}\n{text}"
        );
        let missing = swap(&text, "\n              - s3:ReplicateObject\n", "\n");
        assert_eq!(
            of(&yaml_only(&missing), "RL305"),
            [yaml("RL305", "error", &missing, "s3:ReplicateDelete", 0)],
            "{kind}"
        );
    }
}

#[test]
fn permissions_of_disabled_and_v1_standalone_rules() {
    // A standalone V1 rule (top-level prefix, no filter) replicates delete markers.
    let v1 = swap(
        TF,
        "    filter {}\n    delete_marker_replication {\n      status = \"Enabled\"\n    }\n",
        "    prefix = \"\"\n",
    );
    let text = swap(&v1, "\"s3:ReplicateDelete\", ", "");
    assert_eq!(
        of(&tf_only(&text), "RL305"),
        [tf("RL305", "error", &text, "\"s3:ReplicateObject\"", 0)]
    );
}
