//! Messages show values as the user wrote them: an unknown value reads as its source expression
//! (`var.replica_bucket_arn`, `!ImportValue shared-bucket-arn`, `${ReplicaBucketArn}`), never as
//! an internal placeholder, an empty string or an ARN prefix doubled onto a value that may
//! already be an ARN.

#[path = "support/plan.rs"]
mod plan;

use serde_json::json;

/// The messages and help texts of a run over `files`, in report order.
fn texts(files: &[(&str, &str)]) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = tmp.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let options = repl_lint::Options {
        paths: vec![tmp.path().to_path_buf()],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    assert_eq!(outcome.summary.parse_errors, 0);
    let mut out = Vec::new();
    for d in &outcome.diagnostics {
        out.push(d.message.clone());
        out.extend(d.help.clone());
    }
    out
}

/// Asserts that `expected` is among `texts`, and that no text holds an internal placeholder.
fn assert_shown(texts: &[String], expected: &[&str]) {
    for text in texts {
        for placeholder in [
            "``",
            "${a non-string value}",
            "${dynamic block}",
            "()}",
            "${ARN of",
            "?key:",
            "?source-key?",
            "?region?",
            "${known after apply}",
            "arn:aws:s3:::arn:",
            "Parameter::",
            "aws:account",
            "${Fn::",
        ] {
            assert!(!text.contains(placeholder), "`{placeholder}` in: {text}");
        }
    }
    for wanted in expected {
        assert!(
            texts.iter().any(|t| t == wanted),
            "missing: {wanted}\namong:\n{}",
            texts.join("\n")
        );
    }
}

/// A source bucket with versioning, a role trusted by S3 with the source permissions, and a
/// replication configuration whose rules are `RULES`.
const TERRAFORM: &str = r#"
variable "replica_bucket_arn" {}
variable "names" {}
variable "flag" {}
variable "source_key" {}
data "aws_s3_bucket" "shared" {
  bucket = "shared"
}
locals {
  replica = var.replica_bucket_arn
}
module "replica" {
  source = "terraform-aws-modules/s3-bucket/aws"
}
resource "aws_s3_bucket" "src" {
  bucket = "src-bucket"
}
resource "aws_s3_bucket_versioning" "src" {
  bucket = aws_s3_bucket.src.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_iam_role" "r" {
  name = "replication"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "s3.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}
resource "aws_iam_role_policy" "p" {
  role = aws_iam_role.r.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource = aws_s3_bucket.src.arn },
      { Effect = "Allow", Action = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], Resource = "${aws_s3_bucket.src.arn}/*" },
    ]
  })
}
resource "aws_s3_bucket_replication_configuration" "c" {
  depends_on = [aws_s3_bucket_versioning.src]
  bucket     = aws_s3_bucket.src.id
  role       = aws_iam_role.r.arn
RULES
}
"#;

/// One V2 rule to `destination` (an HCL expression), selecting the prefix `prefix`.
fn rule(prefix: &str, destination: &str) -> String {
    format!(
        r#"  rule {{
    id       = "{prefix}"
    priority = {priority}
    status   = "Enabled"
    filter {{
      prefix = "{prefix}/"
    }}
    delete_marker_replication {{
      status = "Enabled"
    }}
    destination {{
      bucket = {destination}
    }}
  }}
"#,
        priority = prefix.len()
    )
}

fn terraform(rules: &[String]) -> Vec<String> {
    texts(&[("main.tf", &TERRAFORM.replace("RULES", &rules.concat()))])
}

/// RL202's note names the destination as written.
fn destination_note(shown: &str) -> String {
    format!(
        "RL202 (destination-versioning) not verified: the destination bucket `{shown}` is not defined in the linted files"
    )
}

#[test]
fn terraform_unknowns_read_as_their_expressions() {
    // (destination as written, the destination objects as RL305's help shows them)
    let cases = [
        // A value that may already be an ARN gets no second prefix.
        ("var.replica_bucket_arn", "${var.replica_bucket_arn}/p/*"),
        ("local.replica", "${var.replica_bucket_arn}/p/*"),
        (
            "module.replica.s3_bucket_arn",
            "${module.replica.s3_bucket_arn}/p/*",
        ),
        (
            "data.aws_s3_bucket.shared.arn",
            "${data.aws_s3_bucket.shared.arn}/p/*",
        ),
        (
            "lower(var.replica_bucket_arn)",
            "${lower(var.replica_bucket_arn)}/p/*",
        ),
        (
            r#"var.flag ? var.replica_bucket_arn : "arn:aws:s3:::fallback""#,
            r#"${var.flag ? var.replica_bucket_arn : "arn:aws:s3:::fallback"}/p/*"#,
        ),
        (
            r#"[for n in var.names : "arn:aws:s3:::${n}"][0]"#,
            r#"${[for n in var.names : "arn:aws:s3:::${n}"][0]}/p/*"#,
        ),
        (
            "local.missing.bucket_arn",
            "${local.missing.bucket_arn}/p/*",
        ),
        // A name the user wrote inside an ARN keeps its prefix.
        (
            r#""arn:aws:s3:::${var.names[1]}-dst""#,
            "arn:aws:s3:::${var.names[1]}-dst/p/*",
        ),
    ];
    for (destination, objects) in cases {
        let texts = terraform(&[rule("p", destination)]);
        // A string reads as its text; a local as the expression it holds.
        let quoted = destination
            .strip_prefix('"')
            .and_then(|d| d.strip_suffix('"'));
        let shown = match destination {
            "local.replica" => "var.replica_bucket_arn",
            _ => quoted.unwrap_or(destination),
        };
        assert_shown(
            &texts,
            &[
                &destination_note(shown),
                &format!(
                    "role `aws_iam_role.r` does not allow `s3:ReplicateObject` on destination objects `{objects}`"
                ),
                &format!(
                    "grant `s3:ReplicateObject` on `{objects}` in a policy attached to the role"
                ),
            ],
        );
    }
}

#[test]
fn a_template_with_directives_reads_as_written() {
    let destination = r#""arn:aws:s3:::%{ if var.flag }a%{ else }b%{ endif }""#;
    let texts = terraform(&[rule("p", destination)]);
    assert_shown(&texts, &[&destination_note(destination)]);
}

#[test]
fn a_value_from_a_dynamic_block_reads_as_written() {
    let dynamic = r#"  dynamic "rule" {
    for_each = [{ prefix = "logs", dst = var.replica_bucket_arn }]
    content {
      id       = rule.value.prefix
      priority = 1
      status   = "Enabled"
      filter {
        prefix = "${rule.value.prefix}/"
      }
      delete_marker_replication {
        status = "Enabled"
      }
      destination {
        bucket = rule.value.dst
      }
    }
  }
"#;
    let texts = terraform(&[dynamic.to_string()]);
    assert_shown(
        &texts,
        &[
            &destination_note("var.replica_bucket_arn"),
            "grant `s3:ReplicateObject` on `${var.replica_bucket_arn}/logs/*` in a policy attached to the role",
        ],
    );
}

#[test]
fn a_key_given_by_alias_or_variable_reads_as_written() {
    let texts = texts(&[(
        "main.tf",
        &TERRAFORM.replace(
            "RULES",
            r#"  rule {
    id     = "kms"
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
      bucket = "arn:aws:s3:::dst-bucket"
      encryption_configuration {
        replica_kms_key_id = var.source_key
      }
    }
  }
"#,
        ),
    )]);
    assert_shown(
        &texts,
        &[
            // No key is named for the source objects: the message says whose key it is.
            "role `aws_iam_role.r` does not allow `kms:Decrypt` on the source objects' KMS key",
            "grant `kms:Decrypt` on the source objects' KMS key in a policy attached to the role",
            "role `aws_iam_role.r` does not allow `kms:Encrypt` on the replica KMS key `var.source_key`",
        ],
    );
}

#[test]
fn an_empty_destination_is_named_as_such() {
    let texts = terraform(&[rule("a", r#""""#)]);
    assert_shown(
        &texts,
        &[
            "destination is an empty string, not a bucket ARN: AWS rejects the configuration (InvalidArgument: Invalid bucket ARN)",
            &destination_note(r#""""#),
        ],
    );
}

/// A template whose replication rules are `RULES`, with a role that has no permissions.
const TEMPLATE: &str = r#"AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ReplicaBucketArn:
    Type: String
  ReplicaName:
    Type: String
  ReplicaKey:
    Type: String
Resources:
  Source:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:
        Role: !GetAtt Role.Arn
        Rules:
RULES
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: s3.amazonaws.com
            Action: sts:AssumeRole
"#;

/// One V2 rule to `destination` (a YAML value) selecting `prefix`.
fn yaml_rule(prefix: &str, destination: &str) -> String {
    format!(
        "          - Status: Enabled
            Priority: {priority}
            Filter:
              Prefix: {prefix}/
            DeleteMarkerReplication:
              Status: Enabled
            Destination:
              Bucket: {destination}
",
        priority = prefix.len()
    )
}

#[test]
fn cloudformation_unknowns_read_as_written() {
    // (destination as written, as RL202 names it, the destination objects as RL305 shows them)
    let cases = [
        (
            "!Ref ReplicaBucketArn",
            "${ReplicaBucketArn}",
            "${ReplicaBucketArn}/p/*",
        ),
        (
            "!ImportValue shared-bucket-arn",
            "!ImportValue shared-bucket-arn",
            "(!ImportValue shared-bucket-arn)/p/*",
        ),
        (
            "!Sub 'arn:aws:s3:::${ReplicaName}-dst'",
            "arn:aws:s3:::${ReplicaName}-dst",
            "arn:aws:s3:::${ReplicaName}-dst/p/*",
        ),
        (
            "!Sub ['arn:aws:s3:::${Name}', {Name: !ImportValue shared-name}]",
            "arn:aws:s3:::${Name}",
            "arn:aws:s3:::${Name}/p/*",
        ),
    ];
    for (destination, shown, objects) in cases {
        let template = TEMPLATE.replace("RULES", &yaml_rule("p", destination));
        let texts = texts(&[("template.yaml", &template)]);
        assert_shown(
            &texts,
            &[
                &destination_note(shown),
                &format!(
                    "grant `s3:ReplicateObject` on `{objects}` in a policy attached to the role"
                ),
                // A bucket whose name AWS generates reads as `!Ref` gives it.
                "grant `s3:ListBucket` on `arn:aws:s3:::${Source}` in a policy attached to the role",
            ],
        );
    }
}

#[test]
fn cloudformation_json_intrinsics_read_as_written() {
    let template = r#"{
  "Resources": {
    "Source": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "BucketName": "src-bucket",
        "VersioningConfiguration": {"Status": "Enabled"},
        "ReplicationConfiguration": {
          "Role": {"Fn::ImportValue": "shared-role-arn"},
          "Rules": [{"Status": "Enabled", "Prefix": "",
                     "Destination": {"Bucket": {"Fn::ImportValue": "shared-bucket-arn"}}}]
        }
      }
    }
  }
}"#;
    let texts = texts(&[("template.json", template)]);
    assert_shown(
        &texts,
        &[
            &destination_note(r#"{"Fn::ImportValue": "shared-bucket-arn"}"#),
            r#"RL301 (role-trust) not verified: role `{"Fn::ImportValue": "shared-role-arn"}` is not defined in the linted files, so its trust and permission policies (RL301-RL310) could not be checked"#,
        ],
    );
}

#[test]
fn a_plan_value_known_after_apply_reads_as_terraform_shows_it() {
    let mut resources = plan::valid_setup();
    resources.pop();
    resources.push(
        plan::resource(
            "aws_s3_bucket_replication_configuration.this",
            json!({
                "bucket": "orders-src",
                "rule": [{
                    "id": "all",
                    "status": "Enabled",
                    "filter": [{ "prefix": "" }],
                    "delete_marker_replication": [{ "status": "Enabled" }],
                    "destination": [{ "bucket": "arn:aws:s3:::orders-dst" }]
                }]
            }),
        )
        .unknown("role")
        .references("role", &[]),
    );
    let texts = texts(&[("plan.json", &plan::render(&resources))]);
    assert_shown(
        &texts,
        &[
            "RL301 (role-trust) not verified: role `(known after apply)` is not defined in the linted files, so its trust and permission policies (RL301-RL310) could not be checked",
        ],
    );
}
