//! Black-box tests of RL101-RL121 and RL201-RL204 written from the rule catalog
//! (`shared/spec/rules.md`) and the location contract (the attribute or value; for a missing
//! attribute the block or resource header that should hold it). Each test lints a small,
//! otherwise correct set-up with one planted defect and asserts `severity line:col` of one rule.

#[path = "support/record.rs"]
mod record;

#[path = "support/plan.rs"]
mod plan;

use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// Every diagnostic of linting `text` written as `name`: (rule, `severity line:col`).
fn lint(name: &str, text: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let options = repl_lint::Options {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    record::lint(dir.path(), &options, &outcome);
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let (start, _) = outcome.db.range(d.primary);
            let severity = format!("{:?}", d.severity).to_lowercase();
            let at = format!("{severity} {}:{}", start.line, start.column);
            (d.rule.to_string(), at)
        })
        .collect()
}

/// Sorted `severity line:col` of the findings of `rule`.
fn found(rule: &str, name: &str, text: &str) -> Vec<String> {
    let mut out: Vec<String> = lint(name, text)
        .into_iter()
        .filter(|(r, _)| r == rule)
        .map(|(_, at)| at)
        .collect();
    out.sort();
    out
}

fn tf_found(rule: &str, text: &str) -> Vec<String> {
    found(rule, "main.tf", text)
}

fn cfn_found(rule: &str, text: &str) -> Vec<String> {
    found(rule, "template.yaml", text)
}

fn plan_found(rule: &str, text: &str) -> Vec<String> {
    found(rule, "plan.json", text)
}

/// `error line:col` of the `nth` occurrence of `needle`.
fn error(text: &str, needle: &str, nth: usize) -> String {
    format!("error {}", plan::locate(text, needle, nth))
}

/// `warning line:col` of the `nth` occurrence of `needle`.
fn warning(text: &str, needle: &str, nth: usize) -> String {
    format!("warning {}", plan::locate(text, needle, nth))
}

/// `severity line:col` of the first `needle` after the first `anchor`.
fn after(text: &str, severity: &str, anchor: &str, needle: &str) -> String {
    let start = text.find(anchor).expect("anchor in text");
    let offset = start + text[start..].find(needle).expect("needle after anchor");
    let nth = text[..offset].matches(needle).count();
    format!("{severity} {}", plan::locate(text, needle, nth))
}

/// `severity line:col` of the byte `offset` of `text`.
fn at_offset(text: &str, severity: &str, offset: usize) -> String {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    format!("{severity} {line}:{column}")
}

/// Byte offset of the `nth` occurrence of `needle`.
fn offset(text: &str, needle: &str, nth: usize) -> usize {
    text.match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} occurs fewer than {} times", nth + 1))
        .0
}

/// `severity line:col` just after the `nth` occurrence of `needle` (a value after its key).
fn value_of(text: &str, severity: &str, needle: &str, nth: usize) -> String {
    at_offset(text, severity, offset(text, needle, nth) + needle.len())
}

/// `severity line:col` of the JSON object (`{`) that holds the `nth` occurrence of `needle`.
fn object_of(text: &str, severity: &str, needle: &str, nth: usize) -> String {
    let at = offset(text, needle, nth);
    at_offset(text, severity, text[..at].rfind('{').expect("an object"))
}

const NONE: Vec<String> = Vec::new();

/// The rules this file audits.
const AUDITED: &[&str] = &[
    "RL101", "RL102", "RL103", "RL104", "RL105", "RL106", "RL107", "RL108", "RL109", "RL110",
    "RL111", "RL112", "RL113", "RL114", "RL115", "RL116", "RL117", "RL118", "RL119", "RL120",
    "RL121", "RL201", "RL202", "RL203", "RL204",
];

/// Errors and warnings of the audited rules (an unknown value must yield none).
fn alarms(name: &str, text: &str) -> Vec<(String, String)> {
    lint(name, text)
        .into_iter()
        .filter(|(r, at)| AUDITED.contains(&r.as_str()) && !at.starts_with("info"))
        .collect()
}

/// `text` with every line indented by `n` spaces (the leading newline dropped).
fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.strip_prefix('\n')
        .unwrap_or(text)
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}\n")
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Terraform source
// ---------------------------------------------------------------------------------------------

const TF_BUCKETS: &str = r#"variable "unknown" {}

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
"#;

/// The replication role with every permission the base set-ups need.
const TF_IAM: &str = r#"
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
        Resource = "arn:aws:s3:::orders-src"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = "arn:aws:s3:::orders-src/*"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
        Resource = "arn:aws:s3:::orders-dst/*"
      },
    ]
  })
}
"#;

/// One correct V2 rule of the standalone resource.
const TF_RULE: &str = r#"
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
"#;

/// The base set-up with a standalone replication configuration holding `rules`.
fn tf(rules: &str) -> String {
    tf_config("this", "aws_s3_bucket.source.id", rules)
}

/// The base set-up with standalone replication configuration `name` for `bucket`.
fn tf_config(name: &str, bucket: &str, rules: &str) -> String {
    format!(
        "{TF_BUCKETS}{TF_IAM}\n{}",
        tf_resource(name, "aws_iam_role.replication.arn", bucket, rules)
    )
}

/// One standalone replication configuration resource.
fn tf_resource(name: &str, role: &str, bucket: &str, rules: &str) -> String {
    format!(
        r#"resource "aws_s3_bucket_replication_configuration" "{name}" {{
  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]
  role       = {role}
  bucket     = {bucket}

{}}}
"#,
        indent(rules, 2)
    )
}

/// The base set-up with `role` as the standalone configuration's role.
fn tf_role(role: &str) -> String {
    format!(
        "{TF_BUCKETS}{TF_IAM}\n{}",
        tf_resource("this", role, "aws_s3_bucket.source.id", TF_RULE)
    )
}

/// A legacy (provider v3) set-up: inline versioning and `replication_configuration` with `rules`.
fn v3(role: &str, rules: &str) -> String {
    format!(
        r#"resource "aws_s3_bucket" "replica" {{
  bucket = "orders-dst"
  versioning {{
    enabled = true
  }}
}}

resource "aws_s3_bucket" "source" {{
  bucket = "orders-src"
  versioning {{
    enabled = true
  }}

  replication_configuration {{
    role = {role}

{}  }}
}}
{TF_IAM}"#,
        indent(rules, 4)
    )
}

/// One correct V1 rule of the legacy inline block.
const V3_RULE: &str = r#"
rules {
  id     = "all"
  status = "Enabled"
  prefix = ""
  destination {
    bucket        = aws_s3_bucket.replica.arn
    storage_class = "STANDARD"
  }
}
"#;

// ---------------------------------------------------------------------------------------------
// CloudFormation
// ---------------------------------------------------------------------------------------------

/// One correct V2 rule.
const CFN_RULE: &str = r#"
- Id: all
  Status: Enabled
  Priority: 1
  Filter:
    Prefix: ""
  DeleteMarkerReplication:
    Status: Enabled
  Destination:
    Bucket: !GetAtt ReplicaBucket.Arn
    StorageClass: STANDARD
"#;

/// A template whose source bucket replicates with `rules` and role `role`; `extra` is added to
/// the resources.
fn cfn_full(role: &str, rules: &str, extra: &str) -> String {
    format!(
        r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ReplicaBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: orders-dst
      VersioningConfiguration:
        Status: Enabled
  SourceBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: orders-src
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:
        Role: {role}
        Rules:
{}  ReplicationRole:
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
                Action: [s3:GetReplicationConfiguration, s3:ListBucket]
                Resource: arn:aws:s3:::orders-src
              - Effect: Allow
                Action: [s3:GetObjectVersionForReplication, s3:GetObjectVersionAcl, s3:GetObjectVersionTagging]
                Resource: arn:aws:s3:::orders-src/*
              - Effect: Allow
                Action: [s3:ReplicateObject, s3:ReplicateDelete, s3:ReplicateTags]
                Resource: arn:aws:s3:::orders-dst/*
{extra}"#,
        indent(rules, 10)
    )
}

/// The template with `rules` and the role's ARN.
fn cfn(rules: &str) -> String {
    cfn_full("!GetAtt ReplicationRole.Arn", rules, "")
}

// ---------------------------------------------------------------------------------------------
// Plan JSON
// ---------------------------------------------------------------------------------------------

/// The rule of the valid plan set-up.
fn plan_rule() -> Value {
    json!({
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
            "encryption_configuration": [],
            "metrics": [],
            "replication_time": []
        }],
        "existing_object_replication": [],
        "source_selection_criteria": []
    })
}

/// The valid plan set-up with its replication configuration's rules replaced by `rules`.
fn plan_with(rules: Vec<Value>) -> String {
    plan_config(
        json!({ "bucket": "orders-src", "token": null, "rule": rules }),
        true,
    )
}

/// The valid plan set-up with `values` as its replication configuration's values; the role is
/// known only after apply when `unknown_role`.
fn plan_config(values: Value, unknown_role: bool) -> String {
    let mut setup = plan::valid_setup();
    setup.pop();
    let config = plan::resource("aws_s3_bucket_replication_configuration.this", values);
    let config = if unknown_role {
        config.unknown("role")
    } else {
        config
    };
    setup.push(
        config
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
            ]),
    );
    plan::render(&setup)
}

/// The valid plan set-up with its one rule changed by `edit`.
fn plan_edit(edit: impl FnOnce(&mut Value)) -> String {
    let mut rule = plan_rule();
    edit(&mut rule);
    plan_with(vec![rule])
}

// ---------------------------------------------------------------------------------------------
// The bases are clean
// ---------------------------------------------------------------------------------------------

#[test]
fn the_base_setups_lint_clean() {
    for (name, text) in [
        ("main.tf", tf(TF_RULE)),
        ("main.tf", v3("aws_iam_role.replication.arn", V3_RULE)),
        ("template.yaml", cfn(CFN_RULE)),
        ("plan.json", plan_with(vec![plan_rule()])),
    ] {
        let findings: Vec<_> = lint(name, &text)
            .into_iter()
            .filter(|(r, _)| AUDITED.contains(&r.as_str()))
            .collect();
        assert_eq!(findings, vec![], "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// RL101 role-not-arn
// ---------------------------------------------------------------------------------------------

#[test]
fn rl101_terraform_role_name_or_id_is_not_an_arn() {
    for role in [
        "aws_iam_role.replication.name",
        "aws_iam_role.replication.id",
        "\"orders-replication\"",
        "\"arn:aws:iam::123456789012:user/replication\"",
        "\"arn:aws:iam::12345678901:role/replication\"",
    ] {
        let text = tf_role(role);
        let want = after(&text, "error", "role       =", role);
        assert_eq!(tf_found("RL101", &text), vec![want], "{role}");
    }
}

#[test]
fn rl101_terraform_role_arns_and_unknowns_pass() {
    for role in [
        "aws_iam_role.replication.arn",
        "\"arn:aws:iam::123456789012:role/replication\"",
        "\"arn:aws-cn:iam::123456789012:role/service-role/replication\"",
        "var.unknown",
    ] {
        assert_eq!(tf_found("RL101", &tf_role(role)), NONE, "{role}");
    }
}

#[test]
fn rl101_legacy_inline_role_name() {
    let text = v3("aws_iam_role.replication.name", V3_RULE);
    assert_eq!(
        tf_found("RL101", &text),
        vec![error(&text, "aws_iam_role.replication.name", 0)]
    );
}

#[test]
fn rl101_cloudformation_ref_of_a_role_is_its_name() {
    let text = cfn_full("!Ref ReplicationRole", CFN_RULE, "");
    assert_eq!(
        cfn_found("RL101", &text),
        vec![error(&text, "!Ref ReplicationRole", 0)]
    );
    let text = cfn_full("!ImportValue shared-role", CFN_RULE, "");
    assert_eq!(alarms("template.yaml", &text), vec![]);
}

#[test]
fn rl101_cloudformation_json_ref_of_a_role() {
    let text = r#"{
  "Resources": {
    "Replica": {
      "Type": "AWS::S3::Bucket",
      "Properties": { "VersioningConfiguration": { "Status": "Enabled" } }
    },
    "Role": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {
          "Statement": [{ "Effect": "Allow", "Principal": { "Service": "s3.amazonaws.com" }, "Action": "sts:AssumeRole" }]
        }
      }
    },
    "Source": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "VersioningConfiguration": { "Status": "Enabled" },
        "ReplicationConfiguration": {
          "Role": { "Ref": "Role" },
          "Rules": [{
            "Status": "Enabled",
            "Priority": 1,
            "Filter": { "Prefix": "" },
            "DeleteMarkerReplication": { "Status": "Enabled" },
            "Destination": { "Bucket": { "Fn::GetAtt": ["Replica", "Arn"] } }
          }]
        }
      }
    }
  }
}
"#;
    assert_eq!(
        found("RL101", "template.json", text),
        vec![error(text, "{ \"Ref\": \"Role\" }", 0)]
    );
}

#[test]
fn rl101_plan_role_name() {
    // The valid plan's role is unknown until apply: nothing to say.
    assert_eq!(plan_found("RL101", &plan_with(vec![plan_rule()])), NONE);
    let values =
        json!({ "bucket": "orders-src", "role": "orders-replication", "rule": [plan_rule()] });
    let text = plan_config(values, false);
    // The role policy's `role` comes first.
    assert_eq!(
        plan_found("RL101", &text),
        vec![error(&text, "\"orders-replication\"", 2)]
    );
}

// ---------------------------------------------------------------------------------------------
// RL102 destination-not-arn
// ---------------------------------------------------------------------------------------------

#[test]
fn rl102_terraform_bucket_name_is_not_an_arn() {
    for bucket in [
        "aws_s3_bucket.replica.id",
        "aws_s3_bucket.replica.bucket",
        "\"orders-dst\"",
    ] {
        let text = tf(&TF_RULE.replace("aws_s3_bucket.replica.arn", bucket));
        let want = after(&text, "error", "destination {", bucket);
        assert_eq!(tf_found("RL102", &text), vec![want], "{bucket}");
    }
    for bucket in ["\"arn:aws:s3:::orders-dst\"", "var.unknown"] {
        let text = tf(&TF_RULE.replace("aws_s3_bucket.replica.arn", bucket));
        assert_eq!(tf_found("RL102", &text), NONE, "{bucket}");
    }
}

#[test]
fn rl102_legacy_inline_bucket_id() {
    let text = v3(
        "aws_iam_role.replication.arn",
        &V3_RULE.replace("aws_s3_bucket.replica.arn", "aws_s3_bucket.replica.id"),
    );
    assert_eq!(
        tf_found("RL102", &text),
        vec![error(&text, "aws_s3_bucket.replica.id", 0)]
    );
}

#[test]
fn rl102_cloudformation_ref_of_a_bucket_is_its_name() {
    let text = cfn(&CFN_RULE.replace("!GetAtt ReplicaBucket.Arn", "!Ref ReplicaBucket"));
    assert_eq!(
        cfn_found("RL102", &text),
        vec![error(&text, "!Ref ReplicaBucket", 0)]
    );
    let text = cfn(&CFN_RULE.replace("!GetAtt ReplicaBucket.Arn", "!ImportValue dst-arn"));
    assert_eq!(alarms("template.yaml", &text), vec![]);
}

#[test]
fn rl102_plan_bucket_name() {
    let text = plan_edit(|r| r["destination"][0]["bucket"] = json!("orders-dst"));
    // Buckets: replica, replica versioning, then the destination.
    assert_eq!(
        plan_found("RL102", &text),
        vec![error(&text, "\"orders-dst\"", 2)]
    );
}

// ---------------------------------------------------------------------------------------------
// RL103 destination-is-source
// ---------------------------------------------------------------------------------------------

#[test]
fn rl103_destination_names_the_source() {
    let text = tf(&TF_RULE.replace("aws_s3_bucket.replica.arn", "aws_s3_bucket.source.arn"));
    assert_eq!(
        tf_found("RL103", &text),
        vec![after(&text, "error", "destination {", "bucket")]
    );
    let text = tf(&TF_RULE.replace("aws_s3_bucket.replica.arn", "\"arn:aws:s3:::orders-src\""));
    assert_eq!(
        tf_found("RL103", &text),
        vec![after(&text, "error", "destination {", "bucket")]
    );
    let text = cfn(&CFN_RULE.replace("!GetAtt ReplicaBucket.Arn", "!GetAtt SourceBucket.Arn"));
    assert_eq!(
        cfn_found("RL103", &text),
        vec![error(&text, "Bucket: !GetAtt SourceBucket.Arn", 0)]
    );
    let text = plan_edit(|r| r["destination"][0]["bucket"] = json!("arn:aws:s3:::orders-src"));
    assert_eq!(
        plan_found("RL103", &text),
        vec![error(&text, "\"bucket\": \"arn:aws:s3:::orders-src\"", 0)]
    );
}

#[test]
fn rl103_unknown_destination_is_silent() {
    let text = tf(&TF_RULE.replace("aws_s3_bucket.replica.arn", "var.unknown"));
    assert_eq!(alarms("main.tf", &text), vec![]);
}

// ---------------------------------------------------------------------------------------------
// RL104 rule-limits
// ---------------------------------------------------------------------------------------------

#[test]
fn rl104_no_rule_at_all() {
    // Deviation (rules/RL104.md): Terraform refuses to plan a configuration without `rule`.
    assert_eq!(tf_found("RL104", &tf("")), NONE);
    let text = cfn_full("!GetAtt ReplicationRole.Arn", "", "").replace("Rules:\n", "Rules: []\n");
    // Located at the configuration that should hold a rule.
    assert_eq!(
        cfn_found("RL104", &text),
        vec![error(&text, "ReplicationConfiguration:", 0)]
    );
}

#[test]
fn rl104_id_and_prefix_lengths() {
    let long_id = "i".repeat(256);
    let text = tf(&TF_RULE.replace("\"all\"", &format!("\"{long_id}\"")));
    assert_eq!(
        tf_found("RL104", &text),
        vec![error(&text, &format!("\"{long_id}"), 0)]
    );
    let ok_id = "i".repeat(255);
    let text = tf(&TF_RULE.replace("\"all\"", &format!("\"{ok_id}\"")));
    assert_eq!(tf_found("RL104", &text), NONE);

    let long = "p".repeat(1025);
    let text = tf(&TF_RULE.replace(
        "filter {}",
        &format!("filter {{\n    prefix = \"{long}\"\n  }}"),
    ));
    assert_eq!(
        tf_found("RL104", &text),
        vec![error(&text, &format!("\"{long}"), 0)]
    );
    let ok = "p".repeat(1024);
    let text = tf(&TF_RULE.replace(
        "filter {}",
        &format!("filter {{\n    prefix = \"{ok}\"\n  }}"),
    ));
    assert_eq!(tf_found("RL104", &text), NONE);

    let text = cfn(&CFN_RULE.replace("Prefix: \"\"", &format!("Prefix: {long}")));
    assert_eq!(cfn_found("RL104", &text), vec![error(&text, &long, 0)]);
}

#[test]
fn rl104_duplicate_ids_warn() {
    let second = TF_RULE.replace("filter {}", "priority = 2\n  filter {}");
    let text = tf(&format!("{TF_RULE}{second}"));
    assert_eq!(tf_found("RL104", &text), vec![warning(&text, "\"all\"", 1)]);
    let second = CFN_RULE.replace("Priority: 1", "Priority: 2");
    let text = cfn(&format!("{CFN_RULE}{second}"));
    assert_eq!(
        cfn_found("RL104", &text),
        vec![value_of(&text, "warning", "Id: ", 1)]
    );
}

#[test]
fn rl104_more_than_a_thousand_rules() {
    let rule = |i: usize| {
        CFN_RULE
            .replace("Id: all", &format!("Id: r{i}"))
            .replace("Priority: 1", &format!("Priority: {i}"))
    };
    let many: String = (0..1001).map(rule).collect();
    let text = cfn(&many);
    let found = cfn_found("RL104", &text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("error"), "{found:?}");
    let enough: String = (0..1000).map(rule).collect();
    assert_eq!(cfn_found("RL104", &cfn(&enough)), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL105 prefix-and-filter
// ---------------------------------------------------------------------------------------------

#[test]
fn rl105_prefix_and_filter_together() {
    let text = tf(&TF_RULE.replace("filter {}", "prefix = \"logs/\"\n  filter {}"));
    assert_eq!(tf_found("RL105", &text), vec![error(&text, "\"logs/\"", 0)]);
    let text = cfn(&CFN_RULE.replace("  Filter:", "  Prefix: logs/\n  Filter:"));
    assert_eq!(cfn_found("RL105", &text), vec![error(&text, "logs/", 0)]);
    let text = plan_edit(|r| r["prefix"] = json!("logs/"));
    assert_eq!(
        plan_found("RL105", &text),
        vec![error(&text, "\"logs/\"", 0)]
    );
}

#[test]
fn rl105_neither_prefix_nor_filter() {
    let rule = CFN_RULE.replace("  Filter:\n    Prefix: \"\"\n", "");
    let text = cfn(&rule);
    assert_eq!(cfn_found("RL105", &text), vec![error(&text, "Id: all", 0)]);
    // Deviation (src/rules/rl105.rs): the Terraform provider sends a rule without a filter as a
    // V1 rule with its (possibly empty) prefix, so a plan cannot hold a rule with neither.
    let text = plan_edit(|r| r["filter"] = json!([]));
    assert_eq!(plan_found("RL105", &text), NONE);
}

#[test]
fn rl105_terraform_empty_filter_is_valid() {
    assert_eq!(tf_found("RL105", &tf(TF_RULE)), NONE);
    let text = tf(&TF_RULE.replace("filter {}", "prefix = \"\"\n  filter {}"));
    assert_eq!(tf_found("RL105", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL106 filter-shape
// ---------------------------------------------------------------------------------------------

#[test]
fn rl106_filter_with_prefix_and_tag() {
    let filter = "filter {\n    prefix = \"logs/\"\n    tag {\n      key   = \"k\"\n      value = \"v\"\n    }\n  }";
    let text = tf(&TF_RULE
        .replace("filter {}", filter)
        .replace("status = \"Enabled\"\n  }", "status = \"Disabled\"\n  }"));
    assert_eq!(tf_found("RL106", &text), vec![error(&text, "tag {", 0)]);
    let text = cfn(&CFN_RULE.replace(
        "    Prefix: \"\"\n",
        "    Prefix: logs/\n    TagFilter:\n      Key: k\n      Value: v\n",
    ));
    assert_eq!(
        cfn_found("RL106", &text),
        vec![error(&text, "TagFilter:", 0)]
    );
}

#[test]
fn rl106_and_filter_is_valid() {
    let filter =
        "filter {\n    and {\n      prefix = \"logs/\"\n      tags = { k = \"v\" }\n    }\n  }";
    let text = tf(&TF_RULE.replace("filter {}", filter));
    assert_eq!(tf_found("RL106", &text), NONE);
    let text = cfn(&CFN_RULE.replace(
        "    Prefix: \"\"\n",
        "    And:\n      Prefix: logs/\n      TagFilters:\n        - Key: k\n          Value: v\n",
    ));
    assert_eq!(cfn_found("RL106", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL107 filter-needs-delete-marker-replication
// ---------------------------------------------------------------------------------------------

const TF_DMR: &str = "  delete_marker_replication {\n    status = \"Enabled\"\n  }\n";
const CFN_DMR: &str = "  DeleteMarkerReplication:\n    Status: Enabled\n";

#[test]
fn rl107_filter_without_delete_marker_replication() {
    let text = tf(&TF_RULE.replace(TF_DMR, ""));
    assert_eq!(tf_found("RL107", &text), vec![error(&text, "rule {", 0)]);
    let text = cfn(&CFN_RULE.replace(CFN_DMR, ""));
    assert_eq!(cfn_found("RL107", &text), vec![error(&text, "Id: all", 0)]);
    let text = plan_edit(|r| r["delete_marker_replication"] = json!([]));
    assert_eq!(
        plan_found("RL107", &text),
        vec![object_of(
            &text,
            "error",
            "\"delete_marker_replication\"",
            0
        )]
    );
}

#[test]
fn rl107_disabled_status_v1_rule_and_legacy_inline_pass() {
    let text = tf(&TF_RULE.replace(
        "status = \"Enabled\"\n  }\n  destination",
        "status = \"Disabled\"\n  }\n  destination",
    ));
    assert_eq!(tf_found("RL107", &text), NONE);
    let v1 = TF_RULE
        .replace(TF_DMR, "")
        .replace("filter {}", "prefix = \"logs/\"");
    assert_eq!(tf_found("RL107", &tf(&v1)), NONE);
    let inline = V3_RULE.replace("prefix = \"\"", "priority = 1\n  filter {}");
    assert_eq!(
        tf_found("RL107", &v3("aws_iam_role.replication.arn", &inline)),
        NONE
    );
}

// ---------------------------------------------------------------------------------------------
// RL108 filter-needs-priority
// ---------------------------------------------------------------------------------------------

#[test]
fn rl108_cloudformation_filter_without_priority() {
    let text = cfn(&CFN_RULE.replace("  Priority: 1\n", ""));
    assert_eq!(cfn_found("RL108", &text), vec![error(&text, "Id: all", 0)]);
    // Terraform sends 0.
    assert_eq!(tf_found("RL108", &tf(TF_RULE)), NONE);
}

#[test]
fn rl108_cloudformation_json() {
    let text = r#"{
  "Resources": {
    "Source": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "VersioningConfiguration": { "Status": "Enabled" },
        "ReplicationConfiguration": {
          "Role": "arn:aws:iam::123456789012:role/replication",
          "Rules": [{
            "Status": "Enabled",
            "Filter": { "Prefix": "" },
            "DeleteMarkerReplication": { "Status": "Enabled" },
            "Destination": { "Bucket": "arn:aws:s3:::orders-dst" }
          }]
        }
      }
    }
  }
}
"#;
    assert_eq!(
        found("RL108", "template.json", text),
        vec![error(text, "{\n            \"Status\"", 0)]
    );
}

// ---------------------------------------------------------------------------------------------
// RL109 duplicate-priority
// ---------------------------------------------------------------------------------------------

#[test]
fn rl109_terraform_rules_without_priority_both_get_zero() {
    let second = TF_RULE.replace("\"all\"", "\"two\"");
    let text = tf(&format!("{TF_RULE}{second}"));
    assert_eq!(tf_found("RL109", &text), vec![error(&text, "rule {", 1)]);
    let second = second.replace("filter {}", "priority = 1\n  filter {}");
    assert_eq!(tf_found("RL109", &tf(&format!("{TF_RULE}{second}"))), NONE);
}

#[test]
fn rl109_cloudformation_same_priority() {
    let second = CFN_RULE.replace("Id: all", "Id: two");
    let text = cfn(&format!("{CFN_RULE}{second}"));
    assert_eq!(
        cfn_found("RL109", &text),
        vec![value_of(&text, "error", "Priority: ", 1)]
    );
}

#[test]
fn rl109_plan_same_priority() {
    let mut two = plan_rule();
    two["id"] = json!("two");
    let text = plan_with(vec![plan_rule(), two]);
    assert_eq!(
        plan_found("RL109", &text),
        vec![value_of(&text, "error", "\"priority\": ", 1)]
    );
}

// ---------------------------------------------------------------------------------------------
// RL110 v1-multiple-destinations
// ---------------------------------------------------------------------------------------------

#[test]
fn rl110_v1_rules_with_two_destinations() {
    let one = TF_RULE
        .replace(TF_DMR, "")
        .replace("filter {}", "prefix = \"a/\"");
    let two = one
        .replace("\"all\"", "\"two\"")
        .replace("prefix = \"a/\"", "prefix = \"b/\"")
        .replace("aws_s3_bucket.replica.arn", "\"arn:aws:s3:::orders-other\"");
    let text = tf(&format!("{one}{two}"));
    assert_eq!(
        tf_found("RL110", &text),
        vec![error(
            &text,
            "bucket        = \"arn:aws:s3:::orders-other\"",
            0
        )]
    );
    // V2 rules may name several destinations.
    let v2 = TF_RULE
        .replace("\"all\"", "\"two\"")
        .replace("filter {}", "priority = 2\n  filter {}")
        .replace("aws_s3_bucket.replica.arn", "\"arn:aws:s3:::orders-other\"");
    assert_eq!(tf_found("RL110", &tf(&format!("{TF_RULE}{v2}"))), NONE);
}

#[test]
fn rl110_legacy_inline_and_cloudformation() {
    let two = V3_RULE
        .replace("\"all\"", "\"two\"")
        .replace("prefix = \"\"", "prefix = \"b/\"")
        .replace("aws_s3_bucket.replica.arn", "\"arn:aws:s3:::orders-other\"");
    let one = V3_RULE.replace("prefix = \"\"", "prefix = \"a/\"");
    let text = v3("aws_iam_role.replication.arn", &format!("{one}{two}"));
    assert_eq!(
        tf_found("RL110", &text),
        vec![error(
            &text,
            "bucket        = \"arn:aws:s3:::orders-other\"",
            0
        )]
    );
    let v1 = CFN_RULE
        .replace("  Priority: 1\n", "")
        .replace("  Filter:\n    Prefix: \"\"\n", "  Prefix: a/\n")
        .replace(CFN_DMR, "");
    let two = v1
        .replace("Id: all", "Id: two")
        .replace("Prefix: a/", "Prefix: b/")
        .replace("!GetAtt ReplicaBucket.Arn", "arn:aws:s3:::orders-other");
    let text = cfn(&format!("{v1}{two}"));
    assert_eq!(
        cfn_found("RL110", &text),
        vec![error(&text, "Bucket: arn:aws:s3:::orders-other", 0)]
    );
}

// ---------------------------------------------------------------------------------------------
// RL111 v2-only-element
// ---------------------------------------------------------------------------------------------

#[test]
fn rl111_v2_elements_on_a_v1_rule() {
    let v1 = TF_RULE.replace("filter {}", "prefix = \"logs/\"");
    let text = tf(&v1);
    assert_eq!(
        tf_found("RL111", &text),
        vec![after(
            &text,
            "error",
            "delete_marker_replication {",
            "\"Enabled\""
        )]
    );
    let v1 = CFN_RULE
        .replace("  Priority: 1\n", "")
        .replace("  Filter:\n    Prefix: \"\"\n", "  Prefix: logs/\n");
    let text = cfn(&v1);
    assert_eq!(
        cfn_found("RL111", &text),
        vec![after(&text, "error", "DeleteMarkerReplication:", "Enabled")]
    );
    let rtc = v1.replace(CFN_DMR, "").replace(
        "    StorageClass: STANDARD\n",
        "    StorageClass: STANDARD\n    ReplicationTime:\n      Status: Enabled\n      Time:\n        Minutes: 15\n    Metrics:\n      Status: Enabled\n      EventThreshold:\n        Minutes: 15\n",
    );
    let text = cfn(&rtc);
    assert_eq!(
        cfn_found("RL111", &text),
        vec![error(&text, "ReplicationTime:", 0)]
    );
    assert_eq!(tf_found("RL111", &tf(TF_RULE)), NONE);
}

#[test]
fn rl111_replica_modifications_on_a_v1_rule() {
    let v1 = CFN_RULE
        .replace("  Priority: 1\n", "")
        .replace("  Filter:\n    Prefix: \"\"\n", "  Prefix: logs/\n")
        .replace(
            CFN_DMR,
            "  SourceSelectionCriteria:\n    ReplicaModifications:\n      Status: Enabled\n",
        );
    let text = cfn(&v1);
    assert_eq!(
        cfn_found("RL111", &text),
        vec![after(&text, "error", "ReplicaModifications:", "Enabled")]
    );
}

// ---------------------------------------------------------------------------------------------
// RL112 delete-markers-with-tag-filter
// ---------------------------------------------------------------------------------------------

#[test]
fn rl112_delete_markers_with_a_tag_filter() {
    let filter = "filter {\n    tag {\n      key   = \"k\"\n      value = \"v\"\n    }\n  }";
    let text = tf(&TF_RULE.replace("filter {}", filter));
    assert_eq!(
        tf_found("RL112", &text),
        vec![after(
            &text,
            "error",
            "delete_marker_replication {",
            "\"Enabled\""
        )]
    );
    let and =
        "filter {\n    and {\n      prefix = \"logs/\"\n      tags = { k = \"v\" }\n    }\n  }";
    let text = tf(&TF_RULE.replace("filter {}", and));
    assert_eq!(
        tf_found("RL112", &text),
        vec![after(
            &text,
            "error",
            "delete_marker_replication {",
            "\"Enabled\""
        )]
    );
    let text = cfn(&CFN_RULE.replace(
        "    Prefix: \"\"\n",
        "    TagFilter:\n      Key: k\n      Value: v\n",
    ));
    assert_eq!(
        cfn_found("RL112", &text),
        vec![after(&text, "error", "DeleteMarkerReplication:", "Enabled")]
    );
}

#[test]
fn rl112_disabled_or_prefix_only_pass() {
    let filter = "filter {\n    tag {\n      key   = \"k\"\n      value = \"v\"\n    }\n  }";
    let disabled = TF_DMR.replace("Enabled", "Disabled");
    let text = tf(&TF_RULE
        .replace("filter {}", filter)
        .replace(TF_DMR, &disabled));
    assert_eq!(tf_found("RL112", &text), NONE);
    let text = tf(&TF_RULE.replace("filter {}", "filter {\n    prefix = \"logs/\"\n  }"));
    assert_eq!(tf_found("RL112", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL113 overlapping-rules
// ---------------------------------------------------------------------------------------------

/// A V2 rule `id` with `priority` and filter prefix `prefix` to `dst`.
fn tf_prefixed(id: &str, priority: u32, prefix: &str, dst: &str) -> String {
    TF_RULE
        .replace("\"all\"", &format!("\"{id}\""))
        .replace(
            "filter {}",
            &format!("priority = {priority}\n  filter {{\n    prefix = \"{prefix}\"\n  }}"),
        )
        .replace("aws_s3_bucket.replica.arn", dst)
}

#[test]
fn rl113_overlapping_prefixes_to_one_destination() {
    let dst = "aws_s3_bucket.replica.arn";
    let text = tf(&format!(
        "{}{}",
        tf_prefixed("logs", 1, "logs/", dst),
        tf_prefixed("recent", 2, "logs/2024/", dst)
    ));
    // The higher the number, the higher the priority (API ReplicationRule): `logs` loses.
    assert_eq!(
        tf_found("RL113", &text),
        vec![warning(&text, "filter {", 0)]
    );
}

#[test]
fn rl113_each_shadowed_rule_is_reported_once() {
    // Three nested rules: `all` loses to both others, `logs` to `recent`; two findings, not three.
    let dst = "aws_s3_bucket.replica.arn";
    let text = tf(&format!(
        "{}{}{}",
        tf_prefixed("all", 1, "", dst),
        tf_prefixed("logs", 2, "logs/", dst),
        tf_prefixed("recent", 3, "logs/2024/", dst)
    ));
    assert_eq!(
        tf_found("RL113", &text),
        vec![warning(&text, "filter {", 0), warning(&text, "filter {", 1)]
    );
}

#[test]
fn rl113_disjoint_other_destination_or_disabled_pass() {
    let dst = "aws_s3_bucket.replica.arn";
    let disjoint = format!(
        "{}{}",
        tf_prefixed("logs", 1, "logs/", dst),
        tf_prefixed("data", 2, "data/", dst)
    );
    assert_eq!(tf_found("RL113", &tf(&disjoint)), NONE);
    let elsewhere = format!(
        "{}{}",
        tf_prefixed("logs", 1, "logs/", dst),
        tf_prefixed("recent", 2, "logs/2024/", "\"arn:aws:s3:::orders-other\"")
    );
    assert_eq!(tf_found("RL113", &tf(&elsewhere)), NONE);
    let disabled = format!(
        "{}{}",
        tf_prefixed("logs", 1, "logs/", dst),
        tf_prefixed("recent", 2, "logs/2024/", dst).replacen(
            "status = \"Enabled\"",
            "status = \"Disabled\"",
            1
        )
    );
    assert_eq!(tf_found("RL113", &tf(&disabled)), NONE);
}

#[test]
fn rl113_cloudformation_same_prefix() {
    let two = CFN_RULE
        .replace("Id: all", "Id: two")
        .replace("Priority: 1", "Priority: 2");
    let text = cfn(&format!("{CFN_RULE}{two}"));
    let found = cfn_found("RL113", &text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("warning"), "{found:?}");
}

// ---------------------------------------------------------------------------------------------
// RL114 invalid-storage-class
// ---------------------------------------------------------------------------------------------

#[test]
fn rl114_unknown_storage_classes() {
    for class in ["GLACIER_DEEP", "EXPRESS_ONEZONE", "OUTPOSTS"] {
        let text = tf(&TF_RULE.replace("\"STANDARD\"", &format!("\"{class}\"")));
        assert_eq!(
            tf_found("RL114", &text),
            vec![error(&text, &format!("\"{class}\""), 0)],
            "{class}"
        );
    }
    let text = v3(
        "aws_iam_role.replication.arn",
        &V3_RULE.replace("\"STANDARD\"", "\"STANDARD_IAA\""),
    );
    assert_eq!(
        tf_found("RL114", &text),
        vec![error(&text, "\"STANDARD_IAA\"", 0)]
    );
    let text = cfn(&CFN_RULE.replace("StorageClass: STANDARD", "StorageClass: STANDARD_IAA"));
    assert_eq!(
        cfn_found("RL114", &text),
        vec![error(&text, "STANDARD_IAA", 0)]
    );
    let text = plan_edit(|r| r["destination"][0]["storage_class"] = json!("STANDARD_IAA"));
    assert_eq!(
        plan_found("RL114", &text),
        vec![error(&text, "\"STANDARD_IAA\"", 0)]
    );
}

#[test]
fn rl114_every_listed_storage_class_passes() {
    for class in [
        "STANDARD",
        "REDUCED_REDUNDANCY",
        "STANDARD_IA",
        "ONEZONE_IA",
        "INTELLIGENT_TIERING",
        "GLACIER",
        "DEEP_ARCHIVE",
        "GLACIER_IR",
    ] {
        let text = tf(&TF_RULE.replace("\"STANDARD\"", &format!("\"{class}\"")));
        assert_eq!(tf_found("RL114", &text), NONE, "{class}");
    }
    let text = tf(&TF_RULE.replace("\"STANDARD\"", "var.unknown"));
    assert_eq!(alarms("main.tf", &text), vec![]);
}

// ---------------------------------------------------------------------------------------------
// RL115 existing-object-replication
// ---------------------------------------------------------------------------------------------

#[test]
fn rl115_existing_object_replication_block() {
    let block = "  existing_object_replication {\n    status = \"Enabled\"\n  }\n  destination {";
    let text = tf(&TF_RULE.replace("  destination {", block));
    assert_eq!(
        tf_found("RL115", &text),
        vec![error(&text, "existing_object_replication {", 0)]
    );
    let text = plan_edit(|r| r["existing_object_replication"] = json!([{ "status": "Enabled" }]));
    assert_eq!(
        plan_found("RL115", &text),
        vec![error(&text, "\"existing_object_replication\"", 0)]
    );
    assert_eq!(tf_found("RL115", &tf(TF_RULE)), NONE);
    assert_eq!(plan_found("RL115", &plan_with(vec![plan_rule()])), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL116 directory-bucket
// ---------------------------------------------------------------------------------------------

#[test]
fn rl116_directory_bucket_destination_or_source() {
    let dir = "\"arn:aws:s3:::orders--usw2-az1--x-s3\"";
    let text = tf(&TF_RULE.replace("aws_s3_bucket.replica.arn", dir));
    assert_eq!(tf_found("RL116", &text), vec![error(&text, dir, 0)]);
    let text = tf_config("this", "\"orders--use1-az4--x-s3\"", TF_RULE);
    assert_eq!(
        tf_found("RL116", &text),
        vec![error(&text, "bucket     = \"orders--use1-az4--x-s3\"", 0)]
    );
    // `x-s3` elsewhere in a name is a general purpose bucket.
    let text = tf(&TF_RULE.replace(
        "aws_s3_bucket.replica.arn",
        "\"arn:aws:s3:::orders-x-s3-dst\"",
    ));
    assert_eq!(tf_found("RL116", &text), NONE);
}

#[test]
fn rl116_cloudformation_directory_bucket_resource() {
    let extra = "  Directory:\n    Type: AWS::S3Express::DirectoryBucket\n    Properties:\n      DataRedundancy: SingleAvailabilityZone\n      LocationName: use1-az4\n";
    let text = cfn_full(
        "!GetAtt ReplicationRole.Arn",
        &CFN_RULE.replace("!GetAtt ReplicaBucket.Arn", "!GetAtt Directory.Arn"),
        extra,
    );
    assert_eq!(
        cfn_found("RL116", &text),
        vec![error(&text, "!GetAtt Directory.Arn", 0)]
    );
}

// ---------------------------------------------------------------------------------------------
// RL117 duplicate-replication-config
// ---------------------------------------------------------------------------------------------

#[test]
fn rl117_two_standalone_configurations_for_one_bucket() {
    let text = format!(
        "{}\n{}",
        tf(TF_RULE),
        tf_resource(
            "again",
            "aws_iam_role.replication.arn",
            "\"orders-src\"",
            TF_RULE
        )
    );
    assert_eq!(
        tf_found("RL117", &text),
        vec![error(&text, "bucket     = \"orders-src\"", 0)]
    );
}

#[test]
fn rl117_standalone_plus_inline_block() {
    let inline = v3("aws_iam_role.replication.arn", V3_RULE);
    let inline = &inline[..inline.find("\nresource \"aws_iam_role\"").unwrap()];
    let text = format!(
        "{inline}\n{}",
        tf_resource(
            "this",
            "aws_iam_role.replication.arn",
            "aws_s3_bucket.source.id",
            TF_RULE
        )
    );
    let text = format!("{text}{TF_IAM}");
    let found = tf_found("RL117", &text);
    assert_eq!(found.len(), 1, "{found:?}\n{text}");
    assert!(found[0].starts_with("error"), "{found:?}");
}

#[test]
fn rl117_configurations_for_two_buckets_pass() {
    let text = format!(
        "{}\n{}",
        tf(TF_RULE),
        tf_resource(
            "other",
            "aws_iam_role.replication.arn",
            "\"orders-other\"",
            TF_RULE
        )
    );
    assert_eq!(tf_found("RL117", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL118-RL120 Replication Time Control and metrics
// ---------------------------------------------------------------------------------------------

const TF_RTC: &str = "    replication_time {\n      status = \"Enabled\"\n      time {\n        minutes = 15\n      }\n    }\n";
const TF_METRICS: &str = "    metrics {\n      status = \"Enabled\"\n      event_threshold {\n        minutes = 15\n      }\n    }\n";

/// `rule` (`TF_RULE` or `V3_RULE`) with `extra` lines at the end of its destination.
fn with_destination(rule: &str, extra: &str) -> String {
    let class = "    storage_class = \"STANDARD\"\n";
    rule.replace(class, &format!("{class}{extra}"))
}

/// The base set-up whose rule has `extra` in its destination.
fn tf_destination(extra: &str) -> String {
    tf(&with_destination(TF_RULE, extra))
}

/// A legacy inline V2 rule (`filter {}`) with `extra` in its destination.
fn v3_destination(extra: &str) -> String {
    let rule =
        with_destination(V3_RULE, extra).replace("prefix = \"\"", "priority = 1\n  filter {}");
    v3("aws_iam_role.replication.arn", &rule)
}

const CFN_RTC: &str =
    "    ReplicationTime:\n      Status: Enabled\n      Time:\n        Minutes: 15\n";
const CFN_METRICS: &str =
    "    Metrics:\n      Status: Enabled\n      EventThreshold:\n        Minutes: 15\n";

/// The base CloudFormation rule with `extra` in its destination.
fn cfn_destination(extra: &str) -> String {
    cfn(&format!("{CFN_RULE}{extra}"))
}

#[test]
fn rtc_and_metrics_together_pass() {
    let text = tf_destination(&format!("{TF_RTC}{TF_METRICS}"));
    for rule in ["RL118", "RL119", "RL120"] {
        assert_eq!(tf_found(rule, &text), NONE, "{rule}\n{text}");
    }
    let text = cfn_destination(&format!("{CFN_RTC}{CFN_METRICS}"));
    for rule in ["RL118", "RL119", "RL120"] {
        assert_eq!(cfn_found(rule, &text), NONE, "{rule}\n{text}");
    }
}

#[test]
fn rl118_rtc_without_metrics() {
    // Located at the Enabled status of Replication Time Control.
    let text = tf_destination(TF_RTC);
    assert_eq!(
        tf_found("RL118", &text),
        vec![after(&text, "error", "replication_time {", "\"Enabled\"")]
    );
    let disabled = TF_METRICS.replace("status = \"Enabled\"", "status = \"Disabled\"");
    let text = tf_destination(&format!("{TF_RTC}{disabled}"));
    assert_eq!(
        tf_found("RL118", &text),
        vec![error(&text, "\"Disabled\"", 0)]
    );
    let text = cfn_destination(CFN_RTC);
    assert_eq!(
        cfn_found("RL118", &text),
        vec![after(&text, "error", "ReplicationTime:", "Enabled")]
    );
}

#[test]
fn rl119_minutes_other_than_15() {
    let text = tf_destination(&format!("{}{TF_METRICS}", TF_RTC.replace("15", "10")));
    assert_eq!(
        tf_found("RL119", &text),
        vec![after(&text, "error", "time {", "10")]
    );
    let text = tf_destination(&format!("{TF_RTC}{}", TF_METRICS.replace("15", "30")));
    assert_eq!(
        tf_found("RL119", &text),
        vec![after(&text, "error", "event_threshold {", "30")]
    );
    let text = cfn_destination(&format!("{}{CFN_METRICS}", CFN_RTC.replace("15", "20")));
    assert_eq!(
        cfn_found("RL119", &text),
        vec![after(&text, "error", "Time:", "20")]
    );
}

#[test]
fn rl119_legacy_inline_minutes() {
    let extra = "    replication_time {\n      status  = \"Enabled\"\n      minutes = 10\n    }\n    metrics {\n      status  = \"Enabled\"\n      minutes = 15\n    }\n";
    let text = v3_destination(extra);
    assert_eq!(
        tf_found("RL119", &text),
        vec![after(&text, "error", "replication_time {", "10")]
    );
}

#[test]
fn rl120_event_threshold_without_rtc() {
    let text = tf_destination(TF_METRICS);
    assert_eq!(
        tf_found("RL120", &text),
        vec![error(&text, "event_threshold {", 0)]
    );
    let disabled = TF_RTC.replace("\"Enabled\"", "\"Disabled\"");
    let text = tf_destination(&format!("{disabled}{TF_METRICS}"));
    assert_eq!(
        tf_found("RL120", &text),
        vec![error(&text, "event_threshold {", 0)]
    );
    let text = cfn_destination(CFN_METRICS);
    assert_eq!(
        cfn_found("RL120", &text),
        vec![error(&text, "EventThreshold:", 0)]
    );
    // Metrics without a threshold need no RTC.
    let text = tf_destination("    metrics {\n      status = \"Enabled\"\n    }\n");
    assert_eq!(tf_found("RL120", &text), NONE);
}

#[test]
fn rl120_legacy_inline_metrics_always_send_a_threshold() {
    // Provider v3 sends `metrics.minutes` as `EventThreshold.Minutes`, so inline metrics need RTC.
    let metrics = "    metrics {\n      status  = \"Enabled\"\n      minutes = 15\n    }\n";
    let text = v3_destination(metrics);
    assert_eq!(
        tf_found("RL120", &text),
        vec![error(&text, "minutes = 15", 0)]
    );
    let rtc = "    replication_time {\n      status  = \"Enabled\"\n      minutes = 15\n    }\n";
    let text = v3_destination(&format!("{rtc}{metrics}"));
    assert_eq!(tf_found("RL120", &text), NONE);
}

#[test]
fn rtc_rules_on_a_plan() {
    let text = plan_edit(|r| {
        r["destination"][0]["replication_time"] =
            json!([{ "status": "Enabled", "time": [{ "minutes": 15 }] }]);
    });
    let found = plan_found("RL118", &text);
    assert_eq!(found.len(), 1, "{found:?}");
    let text = plan_edit(|r| {
        r["destination"][0]["metrics"] =
            json!([{ "status": "Enabled", "event_threshold": [{ "minutes": 15 }] }]);
    });
    assert_eq!(
        plan_found("RL120", &text),
        vec![error(&text, "\"event_threshold\"", 0)]
    );
}

// ---------------------------------------------------------------------------------------------
// RL121 access-control-translation-needs-account
// ---------------------------------------------------------------------------------------------

const TF_ACT: &str = "    access_control_translation {\n      owner = \"Destination\"\n    }\n";

#[test]
fn rl121_translation_without_account() {
    // Located at the translation that needs the account.
    let text = tf_destination(TF_ACT);
    assert_eq!(
        tf_found("RL121", &text),
        vec![error(&text, "access_control_translation {", 0)]
    );
    let text = tf_destination(&format!("    account = \"12345\"\n{TF_ACT}"));
    assert_eq!(tf_found("RL121", &text), vec![error(&text, "\"12345\"", 0)]);
    let text = tf_destination(&format!("    account = \"123456789012\"\n{TF_ACT}"));
    assert_eq!(tf_found("RL121", &text), NONE);
    let text = tf_destination(&format!("    account = var.unknown\n{TF_ACT}"));
    assert_eq!(tf_found("RL121", &text), NONE);
}

#[test]
fn rl121_cloudformation_owner_and_account() {
    let text = cfn_destination("    AccessControlTranslation:\n      Owner: Destination\n");
    assert_eq!(
        cfn_found("RL121", &text),
        vec![error(&text, "AccessControlTranslation:", 0)]
    );
    let text = cfn_destination(
        "    Account: \"123456789012\"\n    AccessControlTranslation:\n      Owner: Source\n",
    );
    assert_eq!(
        cfn_found("RL121", &text),
        vec![value_of(&text, "error", "Owner: ", 0)]
    );
}

// ---------------------------------------------------------------------------------------------
// RL201 source-versioning, RL202 destination-versioning
// ---------------------------------------------------------------------------------------------

/// The base Terraform set-up with the versioning status of `which` (`source`/`replica`)
/// replaced by `status`.
fn tf_versioning(which: &str, status: &str, rules: &str) -> String {
    let text = tf(rules);
    let anchor = format!("resource \"aws_s3_bucket_versioning\" \"{which}\"");
    let at = text.find(&anchor).unwrap();
    let rest = text[at..].replacen("\"Enabled\"", &format!("\"{status}\""), 1);
    format!("{}{rest}", &text[..at])
}

#[test]
fn rl201_source_versioning_suspended_even_for_a_disabled_rule() {
    let text = tf_versioning("source", "Suspended", TF_RULE);
    // Located at the status attribute.
    assert_eq!(
        tf_found("RL201", &text),
        vec![error(&text, "status = \"Suspended\"", 0)]
    );
    let disabled = TF_RULE.replacen("status = \"Enabled\"", "status = \"Disabled\"", 1);
    let text = tf_versioning("source", "Suspended", &disabled);
    assert_eq!(
        tf_found("RL201", &text),
        vec![error(&text, "status = \"Suspended\"", 0)]
    );
    let text = tf_versioning("source", "Disabled", TF_RULE);
    assert_eq!(
        tf_found("RL201", &text),
        vec![error(&text, "status = \"Disabled\"", 0)]
    );
}

#[test]
fn rl201_source_without_versioning() {
    let text = tf(TF_RULE);
    let start = text
        .find("resource \"aws_s3_bucket_versioning\" \"source\"")
        .unwrap();
    let end = start + text[start..].find("\n}\n").unwrap() + 3;
    let text = format!("{}{}", &text[..start], &text[end..]).replace(
        "depends_on = [aws_s3_bucket_versioning.source, ",
        "depends_on = [",
    );
    // No versioning resource: located at the configuration's source bucket attribute.
    assert_eq!(
        tf_found("RL201", &text),
        vec![error(&text, "bucket     = aws_s3_bucket.source.id", 0)]
    );
}

#[test]
fn rl201_legacy_inline_versioning_disabled() {
    let text = v3("aws_iam_role.replication.arn", V3_RULE);
    let at = text.find("bucket = \"orders-src\"").unwrap();
    let text = format!(
        "{}{}",
        &text[..at],
        text[at..].replacen("enabled = true", "enabled = false", 1)
    );
    assert_eq!(
        tf_found("RL201", &text),
        vec![error(&text, "enabled = false", 0)]
    );
    assert_eq!(tf_found("RL202", &text), NONE);
}

#[test]
fn rl201_rl202_cloudformation() {
    let text = cfn(CFN_RULE);
    let at = text.find("SourceBucket:").unwrap();
    let source = format!(
        "{}{}",
        &text[..at],
        text[at..].replacen("Status: Enabled", "Status: Suspended", 1)
    );
    assert_eq!(
        cfn_found("RL201", &source),
        vec![error(&source, "Status: Suspended", 0)]
    );
    let replica = text.replacen("Status: Enabled", "Status: Suspended", 1);
    assert_eq!(
        cfn_found("RL202", &replica),
        vec![error(&replica, "Status: Suspended", 0)]
    );
    assert_eq!(cfn_found("RL201", &replica), NONE);
    let missing = text.replacen(
        "      VersioningConfiguration:\n        Status: Enabled\n  SourceBucket",
        "  SourceBucket",
        1,
    );
    // No versioning at all: located where the configuration names the bucket (which is related).
    assert_eq!(
        cfn_found("RL202", &missing),
        vec![error(&missing, "Bucket: !GetAtt ReplicaBucket.Arn", 0)]
    );
}

#[test]
fn rl202_destination_versioning() {
    let text = tf_versioning("replica", "Suspended", TF_RULE);
    assert_eq!(
        tf_found("RL202", &text),
        vec![error(&text, "status = \"Suspended\"", 0)]
    );
    assert_eq!(tf_found("RL201", &text), NONE);
    // A destination outside the files is not judged.
    let text = tf(&TF_RULE.replace("aws_s3_bucket.replica.arn", "\"arn:aws:s3:::elsewhere\""));
    assert_eq!(tf_found("RL202", &text), NONE);
}

#[test]
fn rl201_rl202_plan() {
    let mut setup = plan::valid_setup();
    setup[2] = plan::resource(
        "aws_s3_bucket_versioning.source",
        json!({ "bucket": "orders-src", "versioning_configuration": [{ "status": "Suspended" }] }),
    );
    let text = plan::render(&setup);
    assert_eq!(
        plan_found("RL201", &text),
        vec![error(&text, "\"status\": \"Suspended\"", 0)]
    );
    assert_eq!(plan_found("RL202", &text), NONE);
}

#[test]
fn rl201_rl202_unknown_buckets_are_silent() {
    let text = tf_config(
        "this",
        "var.unknown",
        &TF_RULE.replace("aws_s3_bucket.replica.arn", "var.unknown"),
    );
    let text = text.replace("\"Enabled\"\n  }\n}", "\"Suspended\"\n  }\n}");
    assert_eq!(tf_found("RL201", &text), NONE);
    assert_eq!(tf_found("RL202", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL203 versioning-ordering
// ---------------------------------------------------------------------------------------------

const DEPENDS: &str =
    "  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]\n";

#[test]
fn rl203_no_ordering_on_versioning() {
    // One finding per unordered versioning resource, each naming it as related.
    let text = tf(TF_RULE).replace(DEPENDS, "");
    let header = error(
        &text,
        "resource \"aws_s3_bucket_replication_configuration\"",
        0,
    );
    assert_eq!(tf_found("RL203", &text), vec![header.clone(), header]);
    // Only the source's versioning ordered: the destination's is in the same configuration.
    let text = tf(TF_RULE).replace(
        DEPENDS,
        "  depends_on = [aws_s3_bucket_versioning.source]\n",
    );
    assert_eq!(
        tf_found("RL203", &text),
        vec![error(
            &text,
            "resource \"aws_s3_bucket_replication_configuration\"",
            0
        )]
    );
}

#[test]
fn rl203_a_reference_to_versioning_orders_it() {
    let text = tf(TF_RULE)
        .replace(
            DEPENDS,
            "  depends_on = [aws_s3_bucket_versioning.replica]\n",
        )
        .replace(
            "bucket     = aws_s3_bucket.source.id",
            "bucket     = aws_s3_bucket_versioning.source.bucket",
        );
    assert_eq!(tf_found("RL203", &text), NONE);
    // Legacy inline versioning is applied with the bucket itself.
    let text = v3("aws_iam_role.replication.arn", V3_RULE);
    assert_eq!(tf_found("RL203", &text), NONE);
}

#[test]
fn rl203_plan_without_ordering() {
    let mut rule = plan::valid_setup();
    rule.pop();
    rule.push(
        plan::resource(
            "aws_s3_bucket_replication_configuration.this",
            json!({ "bucket": "orders-src", "rule": [plan_rule()] }),
        )
        .unknown("role")
        .references(
            "role",
            &["aws_iam_role.replication.arn", "aws_iam_role.replication"],
        )
        .references(
            "bucket",
            &["aws_s3_bucket.source.id", "aws_s3_bucket.source"],
        ),
    );
    let text = plan::render(&rule);
    let found = plan_found("RL203", &text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|f| f.starts_with("error")), "{found:?}");
    assert_eq!(plan_found("RL203", &plan_with(vec![plan_rule()])), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL204 destination-created-first
// ---------------------------------------------------------------------------------------------

#[test]
fn rl204_destination_not_referenced_nor_depended_on() {
    let rule = CFN_RULE.replace("!GetAtt ReplicaBucket.Arn", "arn:aws:s3:::orders-dst");
    let text = cfn(&rule);
    assert_eq!(
        cfn_found("RL204", &text),
        vec![warning(&text, "Bucket: arn:aws:s3:::orders-dst", 0)]
    );
    let depends = text.replace(
        "  SourceBucket:\n    Type: AWS::S3::Bucket\n",
        "  SourceBucket:\n    Type: AWS::S3::Bucket\n    DependsOn: ReplicaBucket\n",
    );
    assert_eq!(cfn_found("RL204", &depends), NONE);
    assert_eq!(cfn_found("RL204", &cfn(CFN_RULE)), NONE);
}

#[test]
fn rl204_bucket_role_policy_cycle() {
    let text = cfn(CFN_RULE).replace(
        "Resource: arn:aws:s3:::orders-src/*",
        "Resource: !Sub \"${SourceBucket.Arn}/*\"",
    );
    // Located at the role policy's reference to the bucket, which closes the cycle.
    assert_eq!(
        cfn_found("RL204", &text),
        vec![warning(&text, "!Sub \"${SourceBucket.Arn}/*\"", 0)]
    );
    // The fix: the grant in a separate AWS::IAM::Policy.
    let policy = "  SourcePolicy:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: source\n      Roles: [!Ref ReplicationRole]\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: s3:GetReplicationConfiguration\n            Resource: !GetAtt SourceBucket.Arn\n";
    let text = cfn_full("!GetAtt ReplicationRole.Arn", CFN_RULE, policy);
    assert_eq!(cfn_found("RL204", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// Unknown values never raise an error or a warning
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_terraform_values_raise_no_alarm() {
    let rule = TF_RULE
        .replace("\"all\"", "var.unknown")
        .replace("aws_s3_bucket.replica.arn", "data.aws_s3_bucket.dst.arn")
        .replace("\"STANDARD\"", "var.unknown")
        .replace(
            "    storage_class = var.unknown\n",
            "    storage_class = var.unknown\n    account       = var.unknown\n    access_control_translation {\n      owner = var.unknown\n    }\n",
        );
    let text = format!(
        "data \"aws_s3_bucket\" \"dst\" {{\n  bucket = \"elsewhere\"\n}}\n{TF_BUCKETS}{TF_IAM}\n{}",
        tf_resource("this", "var.unknown", "var.unknown", &rule)
    );
    assert_eq!(alarms("main.tf", &text), vec![], "{text}");
}

#[test]
fn unknown_cloudformation_values_raise_no_alarm() {
    let rule = CFN_RULE
        .replace("!GetAtt ReplicaBucket.Arn", "!ImportValue dst-arn")
        .replace("StorageClass: STANDARD", "StorageClass: !ImportValue class")
        .replace("Priority: 1", "Priority: !ImportValue priority");
    let text = cfn_full("!ImportValue role-arn", &rule, "");
    assert_eq!(alarms("template.yaml", &text), vec![], "{text}");
}

#[test]
fn unknown_plan_values_raise_no_alarm() {
    let mut setup = plan::valid_setup();
    setup.pop();
    setup.push(
        plan::resource(
            "aws_s3_bucket_replication_configuration.this",
            json!({ "rule": [plan_rule()] }),
        )
        .unknown("role")
        .unknown("bucket")
        .depends_on(&[
            "aws_s3_bucket_versioning.source",
            "aws_s3_bucket_versioning.replica",
        ]),
    );
    let text = plan::render(&setup);
    assert_eq!(alarms("plan.json", &text), vec![], "{text}");
}

// ---------------------------------------------------------------------------------------------
// More edges found while auditing
// ---------------------------------------------------------------------------------------------

#[test]
fn rl101_rl102_cloudformation_sub_of_a_lone_reference_is_a_ref() {
    // `!Sub "${X}"` is `!Ref X`: a name, not an ARN; `!Sub "${X.Arn}"` is the ARN.
    let text = cfn_full("!Sub ${ReplicationRole}", CFN_RULE, "");
    assert_eq!(
        cfn_found("RL101", &text),
        vec![error(&text, "!Sub ${ReplicationRole}", 0)]
    );
    let text = cfn(&CFN_RULE.replace("!GetAtt ReplicaBucket.Arn", "!Sub ${ReplicaBucket}"));
    assert_eq!(
        cfn_found("RL102", &text),
        vec![error(&text, "!Sub ${ReplicaBucket}", 0)]
    );
    let text = cfn(&CFN_RULE.replace("!GetAtt ReplicaBucket.Arn", "!Sub ${ReplicaBucket.Arn}"));
    assert_eq!(cfn_found("RL102", &text), NONE);
    let text = cfn_full("!Sub ${ReplicationRole.Arn}", CFN_RULE, "");
    assert_eq!(cfn_found("RL101", &text), NONE);
}

#[test]
fn plan_v1_rules() {
    let v1 = |prefix: &str, dst: &str| {
        let mut r = plan_rule();
        r["id"] = json!(prefix);
        r["filter"] = json!([]);
        r["prefix"] = json!(prefix);
        r["delete_marker_replication"] = json!([]);
        r["destination"][0]["bucket"] = json!(dst);
        r
    };
    let one = v1("a/", "arn:aws:s3:::orders-dst");
    let text = plan_with(vec![one.clone()]);
    for rule in ["RL105", "RL107", "RL110", "RL111"] {
        assert_eq!(plan_found(rule, &text), NONE, "{rule}");
    }
    let text = plan_with(vec![one.clone(), v1("b/", "arn:aws:s3:::orders-other")]);
    assert_eq!(
        plan_found("RL110", &text),
        vec![error(&text, "\"bucket\": \"arn:aws:s3:::orders-other\"", 0)]
    );
    let mut dmr = one;
    dmr["delete_marker_replication"] = json!([{ "status": "Enabled" }]);
    let text = plan_with(vec![dmr]);
    assert_eq!(
        plan_found("RL111", &text),
        vec![value_of(&text, "error", "\"status\": ", 2)]
    );
}

#[test]
fn plan_filter_shapes() {
    let tag = json!([{ "key": "k", "value": "v" }]);
    let text = plan_edit(|r| r["filter"] = json!([{ "prefix": "a/", "tag": tag, "and": [] }]));
    assert_eq!(
        plan_found("RL106", &text),
        vec![error(&text, "\"tag\": [", 0)]
    );
    // An empty prefix in a plan is an absent one.
    let text = plan_edit(|r| r["filter"] = json!([{ "prefix": "", "tag": tag, "and": [] }]));
    assert_eq!(plan_found("RL106", &text), NONE);
    // ... and delete markers Enabled with a tag filter are refused.
    assert_eq!(
        plan_found("RL112", &text),
        vec![value_of(&text, "error", "\"status\": ", 2)]
    );
}

#[test]
fn plan_translation_without_account() {
    // The plan writes an absent account as "".
    let text = plan_edit(|r| {
        r["destination"][0]["access_control_translation"] = json!([{ "owner": "Destination" }]);
    });
    assert_eq!(
        plan_found("RL121", &text),
        vec![error(&text, "\"access_control_translation\"", 0)]
    );
    let text = plan_edit(|r| {
        r["destination"][0]["access_control_translation"] = json!([{ "owner": "Destination" }]);
        r["destination"][0]["account"] = json!("123456789012");
    });
    assert_eq!(plan_found("RL121", &text), NONE);
}

#[test]
fn rl117_count_makes_two_configurations_for_one_bucket() {
    let text = tf(TF_RULE).replace(
        "\"aws_s3_bucket_replication_configuration\" \"this\" {\n",
        "\"aws_s3_bucket_replication_configuration\" \"this\" {\n  count      = 2\n",
    );
    assert_eq!(
        tf_found("RL117", &text),
        vec![error(&text, "bucket     = aws_s3_bucket.source.id", 0)]
    );
}

#[test]
fn cloudformation_pseudo_account_and_disabled_rtc() {
    let text = cfn_destination(
        "    Account: !Ref AWS::AccountId\n    AccessControlTranslation:\n      Owner: Destination\n",
    );
    assert_eq!(alarms("template.yaml", &text), vec![]);
    let text = cfn_destination(&format!(
        "{}{CFN_METRICS}",
        CFN_RTC.replace("Enabled", "Disabled")
    ));
    assert_eq!(
        cfn_found("RL120", &text),
        vec![error(&text, "EventThreshold:", 0)]
    );
}
