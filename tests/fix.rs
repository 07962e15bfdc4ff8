//! Quick fixes (`repl_lint::fix`, `--fix`, `--diff`): every fix in every format it supports is
//! applied through the API the language server uses (candidate, verify, apply) and the files are
//! linted again, asserting the exact rules that remain; the snapshots are the unified diffs of
//! the fixed texts, so that the untouched bytes around each edit show. Then the binary's
//! `--diff` and `--fix`, fixes that are not offered, and a fix that verification rejects.

use repl_lint::diagnostic::Diagnostic;
use repl_lint::fix::{self, FixedFile};
use std::path::Path;
use std::sync::Arc;

/// A Terraform configuration without findings: versioned buckets, a role that S3 may assume with
/// every permission in a `jsonencode` policy, one rule with a filter.
const TF: &str = r#"resource "aws_s3_bucket" "source" {
  bucket = "src-bucket"
}

resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "replica" {
  bucket = "dst-bucket"
}

resource "aws_s3_bucket_versioning" "replica" {
  bucket = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_iam_role" "replication" {
  name = "replication"
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
        Effect = "Allow"
        Action = [
          "s3:GetObjectVersionForReplication",
          "s3:GetObjectVersionAcl",
          "s3:GetObjectVersionTagging",
        ]
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

  bucket = aws_s3_bucket.source.id
  role   = aws_iam_role.replication.arn

  rule {
    id     = "logs"
    status = "Enabled"

    filter {
      prefix = "logs/"
    }

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

/// The same in a CloudFormation YAML template (the role policy in its own `AWS::IAM::Policy`).
const YAML: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Source:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: src-bucket
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:
        Role: !GetAtt ReplicationRole.Arn
        Rules:
          - Id: logs
            Status: Enabled
            Priority: 1
            Filter:
              Prefix: logs/
            DeleteMarkerReplication:
              Status: Enabled
            Destination:
              Bucket: !GetAtt Replica.Arn
  Replica:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: dst-bucket
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
  ReplicationPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: replication
      Roles:
        - !Ref ReplicationRole
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action:
              - s3:GetReplicationConfiguration
              - s3:ListBucket
            Resource: arn:aws:s3:::src-bucket
          - Effect: Allow
            Action:
              - s3:GetObjectVersionForReplication
              - s3:GetObjectVersionAcl
              - s3:GetObjectVersionTagging
            Resource: arn:aws:s3:::src-bucket/*
          - Effect: Allow
            Action: [s3:ReplicateObject, s3:ReplicateDelete, s3:ReplicateTags]
            Resource: !Sub "${Replica.Arn}/*"
"#;

/// The same in a CloudFormation JSON template.
const JSON: &str = r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Source": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "BucketName": "src-bucket",
        "VersioningConfiguration": {"Status": "Enabled"},
        "ReplicationConfiguration": {
          "Role": {"Fn::GetAtt": ["ReplicationRole", "Arn"]},
          "Rules": [
            {
              "Id": "logs",
              "Status": "Enabled",
              "Priority": 1,
              "Filter": {"Prefix": "logs/"},
              "DeleteMarkerReplication": {"Status": "Enabled"},
              "Destination": {"Bucket": {"Fn::GetAtt": ["Replica", "Arn"]}}
            }
          ]
        }
      }
    },
    "Replica": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "BucketName": "dst-bucket",
        "VersioningConfiguration": {"Status": "Enabled"}
      }
    },
    "ReplicationRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": {"Service": "s3.amazonaws.com"},
              "Action": "sts:AssumeRole"
            }
          ]
        }
      }
    },
    "ReplicationPolicy": {
      "Type": "AWS::IAM::Policy",
      "Properties": {
        "PolicyName": "replication",
        "Roles": [{"Ref": "ReplicationRole"}],
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
              "Resource": "arn:aws:s3:::src-bucket"
            },
            {
              "Effect": "Allow",
              "Action": [
                "s3:GetObjectVersionForReplication",
                "s3:GetObjectVersionAcl",
                "s3:GetObjectVersionTagging"
              ],
              "Resource": "arn:aws:s3:::src-bucket/*"
            },
            {
              "Effect": "Allow",
              "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
              "Resource": {"Fn::Sub": "${Replica.Arn}/*"}
            }
          ]
        }
      }
    }
  }
}
"#;

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// `text` with the first `from` replaced by `to` (which must be there).
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` not in the fixture");
    text.replacen(from, to, 1)
}

/// `text` with each (from, to) replacement of `edits`.
fn edits(text: &str, edits: &[(&str, &str)]) -> String {
    edits
        .iter()
        .fold(text.to_string(), |t, (from, to)| edit(&t, from, to))
}

fn options(dir: &Path) -> repl_lint::Options {
    repl_lint::Options {
        paths: vec![dir.to_path_buf()],
        ..Default::default()
    }
}

/// The sorted rule IDs of a run.
fn rule_ids(outcome: &repl_lint::Outcome) -> Vec<&'static str> {
    let mut ids: Vec<&str> = outcome.diagnostics.iter().map(|d| d.rule).collect();
    ids.sort();
    ids
}

/// What fixing the findings of one rule gave.
struct Fixed {
    /// The title of each fix applied.
    titles: Vec<String>,
    /// The unified diff of the fixed file against the fixture.
    diff: String,
    /// The rule IDs linting the fixed file reports.
    remaining: Vec<&'static str>,
}

/// Writes `text` as `name` into a temporary directory and fixes every finding of `rule` the
/// way the language server does: one at a time, the candidate of the first finding that has
/// one, verified, then applied in the overlay, and the files linted again.
fn fix_rule(name: &str, text: &str, rule: &str) -> Fixed {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let mut options = options(dir.path());
    let mut outcome = repl_lint::lint(&options).unwrap();
    assert!(
        outcome.diagnostics.iter().any(|d| d.rule == rule),
        "no {rule} before the fix: {:?}",
        rule_ids(&outcome)
    );
    let mut titles = Vec::new();
    while let Some((diagnostic, candidate)) = outcome
        .diagnostics
        .iter()
        .filter(|d| d.rule == rule)
        .find_map(|d| Some((d, fix::candidate(&outcome.db, d)?)))
    {
        assert!(titles.len() < 8, "fixing {rule} does not end");
        assert!(
            fix::verify(&options, &outcome, diagnostic, &candidate),
            "{candidate:?} does not verify"
        );
        let texts = fix::apply(&outcome.db, &candidate.edits);
        assert_eq!(texts.len(), 1);
        for (path, text) in texts {
            options.overlay.set(path, Arc::from(text));
        }
        titles.push(candidate.title);
        outcome = repl_lint::lint(&options).unwrap();
    }
    let (_, after) = outcome
        .db
        .iter()
        .find(|(_, f)| f.path.ends_with(name))
        .unwrap();
    let diff = fix::unified_diff(&[FixedFile {
        path: name.into(),
        display: name.to_string(),
        before: text.to_string(),
        after: after.text.clone(),
    }]);
    Fixed {
        titles,
        diff,
        remaining: rule_ids(&outcome),
    }
}

/// Fixes the findings of `rule` in `text` (written as `name`), asserts that exactly `remaining`
/// is left and snapshots the diff under `snapshot`.
fn check(snapshot: &str, name: &str, text: &str, rule: &str, remaining: &[&str]) -> Vec<String> {
    let fixed = fix_rule(name, text, rule);
    assert_eq!(fixed.remaining, remaining, "{snapshot}: {}", fixed.diff);
    insta::assert_snapshot!(snapshot, fixed.diff);
    fixed.titles
}

/// Lints `files` and returns the first diagnostic of `rule` with its candidate fix, and the
/// outcome and options of the run (the temporary directory lives as long as the result).
fn first(
    files: &[(&str, &str)],
    rule: &str,
) -> (
    tempfile::TempDir,
    repl_lint::Options,
    repl_lint::Outcome,
    Diagnostic,
) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let options = options(dir.path());
    let outcome = repl_lint::lint(&options).unwrap();
    let diagnostic = outcome
        .diagnostics
        .iter()
        .find(|d| d.rule == rule)
        .unwrap_or_else(|| panic!("no {rule}: {:?}", rule_ids(&outcome)))
        .clone();
    (dir, options, outcome, diagnostic)
}

#[test]
fn the_fixtures_have_no_findings() {
    for (name, text) in [
        ("main.tf", TF),
        ("template.yaml", YAML),
        ("template.json", JSON),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        let outcome = repl_lint::lint(&options(dir.path())).unwrap();
        assert_eq!(rule_ids(&outcome), Vec::<&str>::new(), "{name}");
        assert_eq!(outcome.summary.files_linted, 1, "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// RL101 / RL102: the ARN instead of the name
// ---------------------------------------------------------------------------------------------

#[test]
fn rl101_terraform_role_name_and_id_become_arn() {
    for attr in ["name", "id"] {
        let text = edit(
            TF,
            "aws_iam_role.replication.arn",
            &format!("aws_iam_role.replication.{attr}"),
        );
        let titles = check(
            &format!("rl101_terraform_{attr}"),
            "main.tf",
            &text,
            "RL101",
            &[],
        );
        assert_eq!(titles, ["Use `aws_iam_role.replication.arn`"]);
    }
}

#[test]
fn rl101_cloudformation_ref_becomes_get_att() {
    let yaml = edit(
        YAML,
        "Role: !GetAtt ReplicationRole.Arn",
        "Role: !Ref ReplicationRole",
    );
    let titles = check("rl101_yaml", "template.yaml", &yaml, "RL101", &[]);
    assert_eq!(titles, ["Use `!GetAtt ReplicationRole.Arn`"]);
    let json = edit(
        JSON,
        r#""Role": {"Fn::GetAtt": ["ReplicationRole", "Arn"]}"#,
        r#""Role": {"Ref": "ReplicationRole"}"#,
    );
    check("rl101_json", "template.json", &json, "RL101", &[]);
}

#[test]
fn rl102_terraform_bucket_id_and_bucket_become_arn() {
    for attr in ["id", "bucket"] {
        let text = edit(
            TF,
            "bucket        = aws_s3_bucket.replica.arn",
            &format!("bucket        = aws_s3_bucket.replica.{attr}"),
        );
        let titles = check(
            &format!("rl102_terraform_{attr}"),
            "main.tf",
            &text,
            "RL102",
            &[],
        );
        assert_eq!(titles, ["Use `aws_s3_bucket.replica.arn`"]);
    }
}

#[test]
fn rl102_cloudformation_ref_becomes_get_att() {
    let yaml = edit(YAML, "Bucket: !GetAtt Replica.Arn", "Bucket: !Ref Replica");
    check("rl102_yaml", "template.yaml", &yaml, "RL102", &[]);
    let json = edit(
        JSON,
        r#"{"Bucket": {"Fn::GetAtt": ["Replica", "Arn"]}}"#,
        r#"{"Bucket": {"Ref": "Replica"}}"#,
    );
    check("rl102_json", "template.json", &json, "RL102", &[]);
}

// ---------------------------------------------------------------------------------------------
// RL107 / RL108: DeleteMarkerReplication and Priority
// ---------------------------------------------------------------------------------------------

#[test]
fn rl107_terraform_block_after_the_filter() {
    let text = edit(
        TF,
        "    delete_marker_replication {\n      status = \"Enabled\"\n    }\n\n",
        "",
    );
    let titles = check("rl107_terraform", "main.tf", &text, "RL107", &[]);
    assert_eq!(
        titles,
        ["Add `delete_marker_replication { status = \"Disabled\" }`"]
    );
}

#[test]
fn rl107_cloudformation_entry_after_the_filter() {
    let yaml = edit(
        YAML,
        "            DeleteMarkerReplication:\n              Status: Enabled\n",
        "",
    );
    let titles = check("rl107_yaml", "template.yaml", &yaml, "RL107", &[]);
    assert_eq!(
        titles,
        ["Add `DeleteMarkerReplication: {Status: Disabled}`"]
    );
    let json = edit(
        JSON,
        "              \"DeleteMarkerReplication\": {\"Status\": \"Enabled\"},\n",
        "",
    );
    check("rl107_json", "template.json", &json, "RL107", &[]);
}

#[test]
fn rl108_priority_after_the_filter() {
    let yaml = edit(YAML, "            Priority: 1\n", "");
    let titles = check("rl108_yaml", "template.yaml", &yaml, "RL108", &[]);
    assert_eq!(titles, ["Add `Priority: 1`"]);
    let json = edit(JSON, "              \"Priority\": 1,\n", "");
    check("rl108_json", "template.json", &json, "RL108", &[]);
}

/// Two rules of a YAML flow mapping without priority next to one with priority 5.
fn three_rules() -> String {
    let rule = |id: &str, prefix: &str| {
        format!(
            "          - {{Id: {id}, Status: Enabled, Filter: {{Prefix: {prefix}}}, DeleteMarkerReplication: {{Status: Enabled}}, Destination: {{Bucket: !GetAtt Replica.Arn}}}}\n"
        )
    };
    let rules = format!(
        "{}{}{}",
        rule("a", "a/"),
        edit(
            &rule("b", "b/"),
            "Status: Enabled,",
            "Status: Enabled, Priority: 5,"
        ),
        rule("c", "c/")
    );
    let at = YAML.find("          - Id: logs").unwrap();
    let end = YAML.find("  Replica:").unwrap();
    format!("{}{rules}{}", &YAML[..at], &YAML[end..])
}

#[test]
fn rl108_priorities_are_unique_among_the_rules_in_a_flow_mapping() {
    let titles = check(
        "rl108_yaml_flow",
        "template.yaml",
        &three_rules(),
        "RL108",
        &[],
    );
    assert_eq!(titles, ["Add `Priority: 6`", "Add `Priority: 7`"]);
}

#[test]
fn rl107_yaml_flow_mapping() {
    let text = edit(
        &three_rules(),
        "Prefix: a/}, DeleteMarkerReplication: {Status: Enabled},",
        "Prefix: a/},",
    );
    check(
        "rl107_yaml_flow",
        "template.yaml",
        &text,
        "RL107",
        &["RL108", "RL108"],
    );
}

// ---------------------------------------------------------------------------------------------
// RL302-RL305, RL308, RL309: the missing action in the statement that grants the others
// ---------------------------------------------------------------------------------------------

#[test]
fn rl302_terraform_flow_list_and_single_string() {
    let text = edit(
        TF,
        "[\"s3:GetReplicationConfiguration\", \"s3:ListBucket\"]",
        "[\"s3:ListBucket\"]",
    );
    let titles = check("rl302_terraform_list", "main.tf", &text, "RL302", &[]);
    assert_eq!(
        titles,
        ["Add `s3:GetReplicationConfiguration` to the statement's actions"]
    );
    let text = edit(
        TF,
        "[\"s3:GetReplicationConfiguration\", \"s3:ListBucket\"]",
        "\"s3:ListBucket\"",
    );
    check("rl302_terraform_string", "main.tf", &text, "RL302", &[]);
}

#[test]
fn rl302_cloudformation_single_string() {
    let yaml = edit(
        YAML,
        "Action:\n              - s3:GetReplicationConfiguration\n              - s3:ListBucket\n",
        "Action: s3:ListBucket\n",
    );
    check("rl302_yaml_string", "template.yaml", &yaml, "RL302", &[]);
    let json = edit(
        JSON,
        r#""Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"]"#,
        r#""Action": "s3:ListBucket""#,
    );
    check("rl302_json_string", "template.json", &json, "RL302", &[]);
}

#[test]
fn rl303_the_narrower_action_beside_its_substitute() {
    // `s3:GetObjectVersion` does the job for unencrypted objects (a note): the fix adds
    // `s3:GetObjectVersionForReplication` to the statement that grants it.
    let text = edit(
        TF,
        "\"s3:GetObjectVersionForReplication\",",
        "\"s3:GetObjectVersion\",",
    );
    check("rl303_substitute", "main.tf", &text, "RL303", &[]);
}

#[test]
fn rl303_multi_line_lists() {
    let text = edit(TF, "          \"s3:GetObjectVersionAcl\",\n", "");
    check("rl303_terraform", "main.tf", &text, "RL303", &[]);
    let yaml = edit(YAML, "              - s3:GetObjectVersionAcl\n", "");
    check("rl303_yaml", "template.yaml", &yaml, "RL303", &[]);
    let json = edit(JSON, "                \"s3:GetObjectVersionAcl\",\n", "");
    check("rl303_json", "template.json", &json, "RL303", &[]);
}

/// The Terraform fixture with the role policy in a heredoc: `source_objects` are the actions on
/// the source objects, `destination` the destination resource.
fn heredoc(source_objects: &str, destination: &str) -> String {
    let start = TF.find("  policy = jsonencode(").unwrap();
    let end = TF[start..].find("  })\n").unwrap() + start + "  })\n".len();
    let policy = format!(
        r#"  policy = <<EOF
{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Effect": "Allow",
      "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
      "Resource": "${{aws_s3_bucket.source.arn}}"
    }},
    {{
      "Effect": "Allow",
      "Action": [{source_objects}],
      "Resource": "${{aws_s3_bucket.source.arn}}/*"
    }},
    {{
      "Effect": "Allow",
      "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      "Resource": "{destination}"
    }}
  ]
}}
EOF
"#
    );
    format!("{}{policy}{}", &TF[..start], &TF[end..])
}

/// The Terraform fixture with the role policy from an `aws_iam_policy_document`, the destination
/// actions being `destination`.
fn policy_document(destination: &str) -> String {
    let start = TF.find("resource \"aws_iam_role_policy\"").unwrap();
    let end = TF
        .find("resource \"aws_s3_bucket_replication_configuration\"")
        .unwrap();
    let policy = format!(
        r#"data "aws_iam_policy_document" "replication" {{
  statement {{
    actions   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
    resources = [aws_s3_bucket.source.arn]
  }}

  statement {{
    actions = [
      "s3:GetObjectVersionForReplication",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionTagging",
    ]
    resources = ["${{aws_s3_bucket.source.arn}}/*"]
  }}

  statement {{
    actions   = [{destination}]
    resources = ["${{aws_s3_bucket.replica.arn}}/*"]
  }}
}}

resource "aws_iam_role_policy" "replication" {{
  role   = aws_iam_role.replication.id
  policy = data.aws_iam_policy_document.replication.json
}}

"#
    );
    format!("{}{policy}{}", &TF[..start], &TF[end..])
}

const SOURCE_OBJECT_ACTIONS: &str = r#""s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging""#;

#[test]
fn the_heredoc_and_policy_document_fixtures_have_no_findings() {
    let heredoc = heredoc(SOURCE_OBJECT_ACTIONS, "${aws_s3_bucket.replica.arn}/*");
    let document =
        policy_document(r#""s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags""#);
    for text in [heredoc, document] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), &text).unwrap();
        let outcome = repl_lint::lint(&options(dir.path())).unwrap();
        assert_eq!(rule_ids(&outcome), Vec::<&str>::new(), "{text}");
    }
}

#[test]
fn rl304_heredoc_and_cloudformation() {
    let text = heredoc(
        r#""s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl""#,
        "${aws_s3_bucket.replica.arn}/*",
    );
    check("rl304_heredoc", "main.tf", &text, "RL304", &[]);
    let yaml = edit(YAML, "              - s3:GetObjectVersionTagging\n", "");
    check("rl304_yaml", "template.yaml", &yaml, "RL304", &[]);
    let json = edit(
        JSON,
        ",\n                \"s3:GetObjectVersionTagging\"",
        "",
    );
    check("rl304_json", "template.json", &json, "RL304", &[]);
}

#[test]
fn rl305_policy_document_and_cloudformation_flow_lists() {
    let text = policy_document(r#""s3:ReplicateDelete", "s3:ReplicateTags""#);
    check("rl305_policy_document", "main.tf", &text, "RL305", &[]);
    let yaml = edit(
        YAML,
        "[s3:ReplicateObject, s3:ReplicateDelete",
        "[s3:ReplicateDelete",
    );
    check("rl305_yaml_flow", "template.yaml", &yaml, "RL305", &[]);
    let json = edit(
        JSON,
        r#"["s3:ReplicateObject", "s3:ReplicateDelete""#,
        r#"["s3:ReplicateDelete""#,
    );
    check("rl305_json", "template.json", &json, "RL305", &[]);
}

/// Both buckets are in one account as far as the files say: RL504 (the override is not needed)
/// stays, as it was before the fix.
#[test]
fn rl308_owner_override_in_every_format() {
    let text = edit(
        TF,
        "      storage_class = \"STANDARD\"\n",
        "      storage_class = \"STANDARD\"\n      account       = \"111122223333\"\n\n      access_control_translation {\n        owner = \"Destination\"\n      }\n",
    );
    check("rl308_terraform", "main.tf", &text, "RL308", &["RL504"]);
    let yaml = edit(
        YAML,
        "              Bucket: !GetAtt Replica.Arn\n",
        "              Bucket: !GetAtt Replica.Arn\n              Account: \"111122223333\"\n              AccessControlTranslation:\n                Owner: Destination\n",
    );
    check("rl308_yaml", "template.yaml", &yaml, "RL308", &["RL504"]);
    let json = edit(
        JSON,
        r#"{"Bucket": {"Fn::GetAtt": ["Replica", "Arn"]}}"#,
        r#"{"Bucket": {"Fn::GetAtt": ["Replica", "Arn"]}, "Account": "111122223333", "AccessControlTranslation": {"Owner": "Destination"}}"#,
    );
    check("rl308_json", "template.json", &json, "RL308", &["RL504"]);
}

#[test]
fn rl309_object_lock_permissions_in_every_format() {
    let text = edits(
        TF,
        &[
            (
                "  bucket = \"src-bucket\"\n",
                "  bucket = \"src-bucket\"\n\n  object_lock_enabled = true\n",
            ),
            (
                "  bucket = \"dst-bucket\"\n",
                "  bucket = \"dst-bucket\"\n\n  object_lock_enabled = true\n",
            ),
        ],
    );
    // One finding names both missing actions; its fix adds them together.
    let titles = check("rl309_terraform", "main.tf", &text, "RL309", &[]);
    assert_eq!(
        titles,
        ["Add `s3:GetObjectRetention` and `s3:GetObjectLegalHold` to the statement's actions"]
    );
    let yaml = edits(
        YAML,
        &[
            (
                "      BucketName: src-bucket\n",
                "      BucketName: src-bucket\n      ObjectLockEnabled: true\n",
            ),
            (
                "      BucketName: dst-bucket\n",
                "      BucketName: dst-bucket\n      ObjectLockEnabled: true\n",
            ),
        ],
    );
    check("rl309_yaml", "template.yaml", &yaml, "RL309", &[]);
    let json = edits(
        JSON,
        &[
            (
                r#""BucketName": "src-bucket","#,
                r#""BucketName": "src-bucket", "ObjectLockEnabled": true,"#,
            ),
            (
                r#""BucketName": "dst-bucket","#,
                r#""BucketName": "dst-bucket", "ObjectLockEnabled": true,"#,
            ),
        ],
    );
    check("rl309_json", "template.json", &json, "RL309", &[]);
}

// ---------------------------------------------------------------------------------------------
// RL306: `/*` on a resource that names the bucket
// ---------------------------------------------------------------------------------------------

#[test]
fn rl306_terraform_literal_reference_and_heredoc() {
    let literal = edit(
        TF,
        "\"${aws_s3_bucket.replica.arn}/*\"",
        "\"arn:aws:s3:::dst-bucket/\"",
    );
    let titles = check("rl306_terraform_literal", "main.tf", &literal, "RL306", &[]);
    assert_eq!(
        titles,
        ["Grant on the objects: `\"arn:aws:s3:::dst-bucket/*\"`"]
    );
    let reference = edit(
        TF,
        "\"${aws_s3_bucket.replica.arn}/*\"",
        "aws_s3_bucket.replica.arn",
    );
    check(
        "rl306_terraform_reference",
        "main.tf",
        &reference,
        "RL306",
        &[],
    );
    let text = heredoc(SOURCE_OBJECT_ACTIONS, "${aws_s3_bucket.replica.arn}");
    check("rl306_heredoc", "main.tf", &text, "RL306", &[]);
}

#[test]
fn rl306_cloudformation_get_att_and_literal() {
    let yaml = edit(
        YAML,
        "Resource: !Sub \"${Replica.Arn}/*\"",
        "Resource: !GetAtt Replica.Arn",
    );
    let titles = check("rl306_yaml_get_att", "template.yaml", &yaml, "RL306", &[]);
    assert_eq!(
        titles,
        ["Grant on the objects: `!Sub \"${Replica.Arn}/*\"`"]
    );
    let yaml = edit(
        YAML,
        "Resource: arn:aws:s3:::src-bucket/*",
        "Resource: arn:aws:s3:::src-bucket",
    );
    check("rl306_yaml_plain", "template.yaml", &yaml, "RL306", &[]);
    let json = edit(
        JSON,
        r#"{"Fn::Sub": "${Replica.Arn}/*"}"#,
        r#"{"Fn::GetAtt": ["Replica", "Arn"]}"#,
    );
    check("rl306_json_get_att", "template.json", &json, "RL306", &[]);
    let json = edit(
        JSON,
        r#""arn:aws:s3:::src-bucket/*""#,
        r#""arn:aws:s3:::src-bucket""#,
    );
    check("rl306_json_literal", "template.json", &json, "RL306", &[]);
}

// ---------------------------------------------------------------------------------------------
// No fix offered, and a fix that verification rejects
// ---------------------------------------------------------------------------------------------

#[test]
fn no_fix_when_two_statements_could_take_the_action() {
    // Two statements grant actions on the source objects, neither grants GetObjectVersionAcl.
    let text = edit(
        TF,
        "          \"s3:GetObjectVersionAcl\",\n          \"s3:GetObjectVersionTagging\",\n        ]\n        Resource = \"${aws_s3_bucket.source.arn}/*\"\n      },\n",
        "        ]\n        Resource = \"${aws_s3_bucket.source.arn}/*\"\n      },\n      {\n        Effect   = \"Allow\"\n        Action   = [\"s3:GetObjectVersionTagging\"]\n        Resource = \"${aws_s3_bucket.source.arn}/*\"\n      },\n",
    );
    let (_dir, _, outcome, diagnostic) = first(&[("main.tf", &text)], "RL303");
    assert_eq!(rule_ids(&outcome), ["RL303"]);
    assert_eq!(diagnostic.fix, None);
    assert_eq!(fix::candidate(&outcome.db, &diagnostic), None);
}

#[test]
fn no_fix_when_a_priority_is_unknown() {
    let text = edit(&three_rules(), "Priority: 5", "Priority: !Ref RulePriority");
    let text = edit(
        &text,
        "Resources:\n",
        "Parameters:\n  RulePriority:\n    Type: Number\nResources:\n",
    );
    let (_dir, _, outcome, _) = first(&[("template.yaml", &text)], "RL108");
    let rl108: Vec<&Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.rule == "RL108")
        .collect();
    assert_eq!(rl108.len(), 2);
    assert!(
        rl108
            .iter()
            .all(|d| fix::candidate(&outcome.db, d).is_none())
    );
}

#[test]
fn no_fix_when_the_name_comes_through_a_local() {
    let text = edits(
        TF,
        &[
            (
                "role   = aws_iam_role.replication.arn",
                "role   = local.role",
            ),
            (
                "resource \"aws_s3_bucket\" \"source\"",
                "locals {\n  role = aws_iam_role.replication.name\n}\n\nresource \"aws_s3_bucket\" \"source\"",
            ),
        ],
    );
    let (_dir, _, outcome, diagnostic) = first(&[("main.tf", &text)], "RL101");
    assert_eq!(rule_ids(&outcome), ["RL101"]);
    // The rule knows the reference, but the text at its span is `local.role`.
    assert!(diagnostic.fix.is_some());
    assert_eq!(fix::candidate(&outcome.db, &diagnostic), None);
}

/// The source bucket statement also grants the source object actions, on the bucket ARN: `/*`
/// would take `s3:ListBucket` and `s3:GetReplicationConfiguration` away.
fn object_actions_on_the_bucket() -> String {
    edit(
        TF,
        "Action   = [\"s3:GetReplicationConfiguration\", \"s3:ListBucket\"]",
        "Action   = [\"s3:GetReplicationConfiguration\", \"s3:ListBucket\", \"s3:GetObjectVersionAcl\"]",
    )
    .replacen("          \"s3:GetObjectVersionAcl\",\n", "", 1)
}

#[test]
fn verification_rejects_a_fix_that_adds_findings() {
    let text = object_actions_on_the_bucket();
    let (_dir, options, outcome, diagnostic) = first(&[("main.tf", &text)], "RL306");
    assert_eq!(rule_ids(&outcome), ["RL306"]);
    let candidate = fix::candidate(&outcome.db, &diagnostic).unwrap();
    assert_eq!(
        candidate.title,
        "Grant on the objects: `\"${aws_s3_bucket.source.arn}/*\"`"
    );
    assert!(!fix::verify(&options, &outcome, &diagnostic, &candidate));
    let fixed = fix::fix_all(&options).unwrap();
    assert_eq!((fixed.applied, fixed.files.len()), (0, 0));
}

#[test]
fn fix_all_applies_fixes_that_insert_at_one_place_together() {
    // The rule lacks both DeleteMarkerReplication and Priority; the role lacks two actions.
    let yaml = edits(
        YAML,
        &[
            ("            Priority: 1\n", ""),
            (
                "            DeleteMarkerReplication:\n              Status: Enabled\n",
                "",
            ),
            (
                "              - s3:GetObjectVersionAcl\n              - s3:GetObjectVersionTagging\n",
                "",
            ),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("template.yaml"), &yaml).unwrap();
    let options = options(dir.path());
    assert_eq!(
        rule_ids(&repl_lint::lint(&options).unwrap()),
        ["RL107", "RL108", "RL303", "RL304"]
    );
    let fixed = fix::fix_all(&options).unwrap();
    assert_eq!(fixed.applied, 4);
    let mut overlay = options.clone();
    overlay.overlay.set(
        fixed.files[0].path.clone(),
        Arc::from(fixed.files[0].after.as_str()),
    );
    assert_eq!(
        rule_ids(&repl_lint::lint(&overlay).unwrap()),
        Vec::<&str>::new()
    );
    // Nothing is written.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("template.yaml")).unwrap(),
        yaml
    );
    let mut file = fixed.files[0].clone();
    file.display = "template.yaml".into();
    insta::assert_snapshot!("fix_all_yaml", fix::unified_diff(&[file]));
}

#[test]
fn fix_all_falls_back_to_one_fix_at_a_time_when_the_batch_fails() {
    // The RL306 fix fails verification; the RL101 fix beside it still applies.
    let text = edit(
        &object_actions_on_the_bucket(),
        "aws_iam_role.replication.arn",
        "aws_iam_role.replication.name",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), &text).unwrap();
    let options = options(dir.path());
    assert_eq!(
        rule_ids(&repl_lint::lint(&options).unwrap()),
        ["RL101", "RL306"]
    );
    let fixed = fix::fix_all(&options).unwrap();
    assert_eq!(fixed.applied, 1);
    assert_eq!(
        fixed.files[0].after,
        edit(
            &text,
            "aws_iam_role.replication.name",
            "aws_iam_role.replication.arn"
        )
    );
}

// ---------------------------------------------------------------------------------------------
// The binary: --diff and --fix
// ---------------------------------------------------------------------------------------------

/// Runs `repl-lint ARGS` in `cwd`: exit code, standard output, standard error.
fn repl_lint(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("repl-lint")
        .unwrap()
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A directory with a Terraform file where RL101 and RL107 can be fixed and RL306 cannot.
fn fixable_dir() -> (tempfile::TempDir, String) {
    let text = edits(
        &object_actions_on_the_bucket(),
        &[
            (
                "aws_iam_role.replication.arn",
                "aws_iam_role.replication.id",
            ),
            (
                "    delete_marker_replication {\n      status = \"Enabled\"\n    }\n\n",
                "",
            ),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), &text).unwrap();
    (dir, text)
}

#[test]
fn diff_prints_the_verified_fixes_and_writes_nothing() {
    let (dir, text) = fixable_dir();
    let (code, stdout, stderr) = repl_lint(dir.path(), &["--diff", "."]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr,
        "repl-lint: 2 fix(es) in 1 file(s) would be applied (run with --fix)\n"
    );
    insta::assert_snapshot!("cli_diff", stdout);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        text
    );
}

#[test]
fn diff_exits_0_when_there_is_nothing_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), object_actions_on_the_bucket()).unwrap();
    let (code, stdout, stderr) = repl_lint(dir.path(), &["--diff"]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "", "repl-lint: nothing to fix\n")
    );
}

#[test]
fn fix_writes_the_files_and_reports_what_remains() {
    let (dir, _) = fixable_dir();
    let (code, stdout, stderr) = repl_lint(dir.path(), &["--fix", "--format", "json", "."]);
    // RL306 remains (an error): exit code 1.
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr, "repl-lint: applied 2 fix(es) to 1 file(s)\n");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["RL306"]);
    let fixed = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    insta::assert_snapshot!("cli_fix_main_tf", fixed);
    // Fixing again finds nothing more to do.
    let (code, _, stderr) = repl_lint(dir.path(), &["--fix", "--format", "json"]);
    assert_eq!(
        (code, stderr.as_str()),
        (1, "repl-lint: applied 0 fix(es) to 0 file(s)\n")
    );
}

#[test]
fn fix_exits_0_when_every_finding_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let text = edit(
        TF,
        "aws_s3_bucket.replica.arn\n      storage_class",
        "aws_s3_bucket.replica.id\n      storage_class",
    );
    std::fs::write(dir.path().join("main.tf"), &text).unwrap();
    let (code, stdout, stderr) = repl_lint(dir.path(), &["--fix"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stderr, "repl-lint: applied 1 fix(es) to 1 file(s)\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        TF
    );
}

#[test]
fn fix_keeps_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let text = edit(
        TF,
        "aws_s3_bucket.replica.arn\n      storage_class",
        "aws_s3_bucket.replica.id\n      storage_class",
    );
    std::fs::write(dir.path().join("main.tf"), format!("\u{feff}{text}")).unwrap();
    let (code, stdout, stderr) = repl_lint(dir.path(), &["--fix"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        format!("\u{feff}{TF}")
    );
}

#[test]
fn fix_and_diff_exclude_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = repl_lint(dir.path(), &["--fix", "--diff"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// RL201 / RL202: versioning Enabled; RL203: depends_on
// ---------------------------------------------------------------------------------------------

/// The standalone versioning resource of the replica bucket, as written in [`TF`].
const TF_REPLICA_VERSIONING: &str = "resource \"aws_s3_bucket_versioning\" \"replica\" {\n  bucket = aws_s3_bucket.replica.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n\n";

#[test]
fn rl202_terraform_suspended_or_disabled_becomes_enabled() {
    for status in ["Suspended", "Disabled"] {
        let text = edit(
            TF,
            "bucket = aws_s3_bucket.replica.id\n  versioning_configuration {\n    status = \"Enabled\"",
            &format!(
                "bucket = aws_s3_bucket.replica.id\n  versioning_configuration {{\n    status = \"{status}\""
            ),
        );
        let titles = check(
            &format!("rl202_terraform_{}", status.to_lowercase()),
            "main.tf",
            &text,
            "RL202",
            &[],
        );
        assert_eq!(titles, [format!("Change `{status}` to `Enabled`")]);
    }
}

#[test]
fn rl201_terraform_inline_versioning_false_becomes_true() {
    let text = edits(
        TF,
        &[
            (
                "resource \"aws_s3_bucket_versioning\" \"source\" {\n  bucket = aws_s3_bucket.source.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n\n",
                "",
            ),
            (
                "bucket = \"src-bucket\"\n",
                "bucket = \"src-bucket\"\n  versioning {\n    enabled = false\n  }\n",
            ),
            (
                "depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]",
                "depends_on = [aws_s3_bucket_versioning.replica]",
            ),
        ],
    );
    let titles = check("rl201_terraform_inline", "main.tf", &text, "RL201", &[]);
    assert_eq!(titles, ["Change `false` to `true`"]);
}

#[test]
fn rl202_terraform_missing_versioning_is_added_with_its_dependency() {
    let text = edits(
        TF,
        &[
            (TF_REPLICA_VERSIONING, ""),
            (
                "depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]",
                "depends_on = [aws_s3_bucket_versioning.source]",
            ),
        ],
    );
    let titles = check("rl202_terraform_added", "main.tf", &text, "RL202", &[]);
    assert_eq!(
        titles,
        ["Add `aws_s3_bucket_versioning.replica` with status Enabled"]
    );
}

#[test]
fn rl201_terraform_missing_versioning_creates_depends_on() {
    let text = edits(
        TF,
        &[
            (
                "resource \"aws_s3_bucket_versioning\" \"source\" {\n  bucket = aws_s3_bucket.source.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n\n",
                "",
            ),
            (
                "  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]\n\n",
                "",
            ),
        ],
    );
    // RL203 for the replica's versioning stays: that is another finding with its own fix.
    let titles = check(
        "rl201_terraform_added",
        "main.tf",
        &text,
        "RL201",
        &["RL203"],
    );
    assert_eq!(
        titles,
        ["Add `aws_s3_bucket_versioning.source` with status Enabled"]
    );
}

#[test]
fn rl203_depends_on_is_created_then_appended_to() {
    let text = edit(
        TF,
        "  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]\n\n",
        "",
    );
    let titles = check("rl203_created", "main.tf", &text, "RL203", &[]);
    assert_eq!(
        titles,
        [
            "Add `aws_s3_bucket_versioning.replica` to depends_on",
            "Add `aws_s3_bucket_versioning.source` to depends_on"
        ]
    );
    let text = edit(
        TF,
        "depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]",
        "depends_on = [\n    aws_s3_bucket_versioning.source,\n  ]",
    );
    let titles = check("rl203_appended", "main.tf", &text, "RL203", &[]);
    assert_eq!(
        titles,
        ["Add `aws_s3_bucket_versioning.replica` to depends_on"]
    );
}

#[test]
fn rl202_cloudformation_suspended_becomes_enabled() {
    let yaml = edit(
        YAML,
        "BucketName: dst-bucket\n      VersioningConfiguration:\n        Status: Enabled",
        "BucketName: dst-bucket\n      VersioningConfiguration:\n        Status: Suspended",
    );
    check("rl202_yaml_suspended", "template.yaml", &yaml, "RL202", &[]);
    let json = edit(
        JSON,
        "\"BucketName\": \"dst-bucket\",\n        \"VersioningConfiguration\": {\"Status\": \"Enabled\"}",
        "\"BucketName\": \"dst-bucket\",\n        \"VersioningConfiguration\": {\"Status\": \"Suspended\"}",
    );
    let titles = check("rl202_json_suspended", "template.json", &json, "RL202", &[]);
    assert_eq!(titles, ["Change `Suspended` to `Enabled`"]);
}

#[test]
fn rl202_cloudformation_missing_versioning_is_added_under_properties() {
    let yaml = edit(
        YAML,
        "BucketName: dst-bucket\n      VersioningConfiguration:\n        Status: Enabled\n",
        "BucketName: dst-bucket\n",
    );
    let titles = check("rl202_yaml_added", "template.yaml", &yaml, "RL202", &[]);
    assert_eq!(titles, ["Add `VersioningConfiguration: {Status: Enabled}`"]);
    let json = edit(
        JSON,
        "\"BucketName\": \"dst-bucket\",\n        \"VersioningConfiguration\": {\"Status\": \"Enabled\"}",
        "\"BucketName\": \"dst-bucket\"",
    );
    check("rl202_json_added", "template.json", &json, "RL202", &[]);
}

#[test]
fn rl202_cloudformation_properties_are_created_when_absent() {
    let yaml = edit(
        YAML,
        "    Properties:\n      BucketName: dst-bucket\n      VersioningConfiguration:\n        Status: Enabled\n",
        "",
    );
    check(
        "rl202_yaml_properties",
        "template.yaml",
        &yaml,
        "RL202",
        &[],
    );
    let json = edit(
        JSON,
        ",\n      \"Properties\": {\n        \"BucketName\": \"dst-bucket\",\n        \"VersioningConfiguration\": {\"Status\": \"Enabled\"}\n      }",
        "",
    );
    check(
        "rl202_json_properties",
        "template.json",
        &json,
        "RL202",
        &[],
    );
    let json = edit(
        JSON,
        "\"BucketName\": \"dst-bucket\",\n        \"VersioningConfiguration\": {\"Status\": \"Enabled\"}\n      }",
        "}",
    );
    check(
        "rl202_json_empty_properties",
        "template.json",
        &json,
        "RL202",
        &[],
    );
}

#[test]
fn no_versioning_fix_when_the_status_comes_from_a_variable() {
    let text = edit(
        TF,
        "bucket = aws_s3_bucket.replica.id\n  versioning_configuration {\n    status = \"Enabled\"",
        "bucket = aws_s3_bucket.replica.id\n  versioning_configuration {\n    status = var.status",
    ) + "variable \"status\" {\n  default = \"Suspended\"\n}\n";
    let (_dir, _, outcome, diagnostic) = first(&[("main.tf", &text)], "RL202");
    assert_eq!(fix::candidate(&outcome.db, &diagnostic), None);
}

#[test]
fn json_output_holds_each_fix_verified_on_request_and_no_key_elsewhere() {
    let (dir, text) = fixable_dir();
    // By default each fix is the candidate, not verified (no lint again); `--verify-fixes`
    // lints again with them and keeps only the fixes that verify.
    let (code, unverified, _) = repl_lint(dir.path(), &["--format", "json", "."]);
    assert_eq!(code, 1);
    let unverified: serde_json::Value = serde_json::from_str(&unverified).unwrap();
    let candidates: Vec<&serde_json::Value> = unverified["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d.get("fix"))
        .collect();
    assert!(!candidates.is_empty());
    assert!(
        candidates.iter().all(|f| f["verified"] == false),
        "{candidates:?}"
    );
    let (code, out, _) = repl_lint(dir.path(), &["--format", "json", "--verify-fixes", "."]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let of = |rule: &str| {
        diagnostics
            .iter()
            .find(|d| d["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule}: {out}"))
    };
    // The key comes last, after every key of the contract.
    let lines: Vec<&str> = out.lines().collect();
    for (i, _) in lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains("\"fix\":"))
    {
        assert!(lines[i - 1].contains("\"url\":"), "{out}");
    }
    let line = text
        .lines()
        .position(|l| l.contains("role   = aws_iam_role.replication.id"))
        .unwrap()
        + 1;
    let column = text.lines().nth(line - 1).unwrap().find(".id").unwrap() + 2;
    assert_eq!(
        of("RL101")["fix"],
        serde_json::json!({
            "verified": true,
            "edits": [{
                "file": "main.tf",
                "range": {
                    "start": {"line": line, "column": column},
                    "end": {"line": line, "column": column + 2}
                },
                "replacement": "arn"
            }]
        })
    );
    assert_eq!(of("RL107")["fix"]["verified"], true);
    assert_eq!(of("RL306").get("fix"), None);
    // Other formats do not verify fixes, and the files are not written.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        text
    );
}

// ---------------------------------------------------------------------------------------------
// RL404: the replica key's ARN instead of its alias
// ---------------------------------------------------------------------------------------------

/// [`TF`] with a replica key in the files, named in the rule by `replica_key`.
fn tf_replica_key(replica_key: &str) -> String {
    let key = "resource \"aws_kms_key\" \"replica\" {\n  description = \"replicas\"\n}\n\nresource \"aws_kms_alias\" \"replica\" {\n  name          = \"alias/replica\"\n  target_key_id = aws_kms_key.replica.key_id\n}\n";
    edits(
        TF,
        &[
            (
                "      storage_class = \"STANDARD\"\n",
                &format!(
                    "      storage_class = \"STANDARD\"\n\n      encryption_configuration {{\n        replica_kms_key_id = {replica_key}\n      }}\n"
                ),
            ),
            (
                "    delete_marker_replication {",
                "    source_selection_criteria {\n      sse_kms_encrypted_objects {\n        status = \"Enabled\"\n      }\n    }\n\n    delete_marker_replication {",
            ),
        ],
    ) + "\n"
        + key
}

#[test]
fn rl404_terraform_alias_becomes_its_target_key_arn() {
    // The role lacks the KMS permissions either way: those findings stay, nothing is added.
    let text = tf_replica_key("\"alias/replica\"");
    let titles = check(
        "rl404_terraform_literal",
        "main.tf",
        &text,
        "RL404",
        &["RL311", "RL312"],
    );
    assert_eq!(titles, ["Use `aws_kms_alias.replica.target_key_arn`"]);
    for attr in ["name", "arn"] {
        let text = tf_replica_key(&format!("aws_kms_alias.replica.{attr}"));
        let fixed = fix_rule("main.tf", &text, "RL404");
        assert_eq!(fixed.remaining, ["RL311", "RL312"], "{}", fixed.diff);
        assert_eq!(fixed.titles, ["Use `aws_kms_alias.replica.target_key_arn`"]);
    }
}

#[test]
fn rl404_cloudformation_alias_becomes_get_att_of_its_key() {
    let key = "  ReplicaKey:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: replicas\n  ReplicaKeyAlias:\n    Type: AWS::KMS::Alias\n    Properties:\n      AliasName: alias/replica\n      TargetKeyId: !Ref ReplicaKey\n";
    let yaml = edits(
        YAML,
        &[
            (
                "              Bucket: !GetAtt Replica.Arn\n",
                "              Bucket: !GetAtt Replica.Arn\n              EncryptionConfiguration:\n                ReplicaKmsKeyID: alias/replica\n            SourceSelectionCriteria:\n              SseKmsEncryptedObjects:\n                Status: Enabled\n",
            ),
            (
                "  ReplicationRole:\n",
                &format!("{key}  ReplicationRole:\n"),
            ),
        ],
    );
    let titles = check(
        "rl404_yaml",
        "template.yaml",
        &yaml,
        "RL404",
        &["RL311", "RL312"],
    );
    assert_eq!(titles, ["Use `!GetAtt ReplicaKey.Arn`"]);
    let key = "\"ReplicaKey\": {\"Type\": \"AWS::KMS::Key\", \"Properties\": {\"Description\": \"replicas\"}},\n    \"ReplicaKeyAlias\": {\"Type\": \"AWS::KMS::Alias\", \"Properties\": {\"AliasName\": \"alias/replica\", \"TargetKeyId\": {\"Ref\": \"ReplicaKey\"}}},\n    ";
    let json = edits(
        JSON,
        &[
            (
                "\"Destination\": {\"Bucket\": {\"Fn::GetAtt\": [\"Replica\", \"Arn\"]}}",
                "\"SourceSelectionCriteria\": {\"SseKmsEncryptedObjects\": {\"Status\": \"Enabled\"}},\n              \"Destination\": {\"Bucket\": {\"Fn::GetAtt\": [\"Replica\", \"Arn\"]}, \"EncryptionConfiguration\": {\"ReplicaKmsKeyID\": \"alias/replica\"}}",
            ),
            (
                "\"ReplicationRole\": {",
                &format!("{key}\"ReplicationRole\": {{"),
            ),
        ],
    );
    let titles = check(
        "rl404_json",
        "template.json",
        &json,
        "RL404",
        &["RL311", "RL312"],
    );
    assert_eq!(
        titles,
        ["Use `{\"Fn::GetAtt\": [\"ReplicaKey\", \"Arn\"]}`"]
    );
}

// ---------------------------------------------------------------------------------------------
// RL301: a misspelt S3 principal or AssumeRole action
// ---------------------------------------------------------------------------------------------

#[test]
fn rl301_terraform_misspelt_principal_or_action() {
    let text = edit(
        TF,
        "Service = \"s3.amazonaws.com\"",
        "Service = \"s3.amazon.com\"",
    );
    let titles = check("rl301_terraform_principal", "main.tf", &text, "RL301", &[]);
    assert_eq!(titles, ["Change `s3.amazon.com` to `s3.amazonaws.com`"]);
    let text = edit(
        TF,
        "Action    = \"sts:AssumeRole\"",
        "Action    = \"sts:AssumeRol\"",
    );
    let titles = check("rl301_terraform_action", "main.tf", &text, "RL301", &[]);
    assert_eq!(titles, ["Change `sts:AssumeRol` to `sts:AssumeRole`"]);
}

#[test]
fn rl301_cloudformation_misspelt_principal() {
    let yaml = edit(
        YAML,
        "Service: s3.amazonaws.com",
        "Service: s3.amazonaws.co",
    );
    check("rl301_yaml", "template.yaml", &yaml, "RL301", &[]);
    let json = edit(
        JSON,
        "{\"Service\": \"s3.amazonaws.com\"}",
        "{\"Service\": \"s3.amazonws.com\"}",
    );
    check("rl301_json", "template.json", &json, "RL301", &[]);
}

#[test]
fn no_rl301_fix_for_another_service_or_two_misspellings() {
    for text in [
        edit(
            TF,
            "Service = \"s3.amazonaws.com\"",
            "Service = \"ec2.amazonaws.com\"",
        ),
        edits(
            TF,
            &[
                (
                    "Service = \"s3.amazonaws.com\"",
                    "Service = \"s3.amazon.com\"",
                ),
                (
                    "Action    = \"sts:AssumeRole\"",
                    "Action    = \"sts:AssumeRol\"",
                ),
            ],
        ),
    ] {
        let (_dir, _, outcome, diagnostic) = first(&[("main.tf", &text)], "RL301");
        assert_eq!(fix::candidate(&outcome.db, &diagnostic), None, "{text}");
    }
}

#[test]
fn no_rl404_fix_when_the_alias_is_not_in_the_files() {
    let text = tf_replica_key("\"alias/elsewhere\"");
    let (_dir, _, outcome, diagnostic) = first(&[("main.tf", &text)], "RL404");
    assert_eq!(fix::candidate(&outcome.db, &diagnostic), None);
}

#[test]
fn verified_fixes_keeps_each_fix_that_verifies_alone_and_none_that_does_not() {
    // Two RL203 fixes each create `depends_on` at one place (together they would not parse),
    // and the RL306 fix of the second file adds findings: both RL203 fixes are verified, the
    // RL306 one is not.
    let tf = edit(
        TF,
        "  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]\n\n",
        "",
    );
    let dir = tempfile::tempdir().unwrap();
    for (sub, text) in [("a", tf), ("b", object_actions_on_the_bucket())] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("main.tf"), text).unwrap();
    }
    let options = options(dir.path());
    let outcome = repl_lint::lint(&options).unwrap();
    assert_eq!(rule_ids(&outcome), ["RL203", "RL203", "RL306"]);
    let verified = fix::verified_fixes(&options, &outcome);
    let fixed: Vec<(&str, bool)> = outcome
        .diagnostics
        .iter()
        .map(|d| (d.rule, verified.get(d).is_some()))
        .collect();
    assert_eq!(fixed, [("RL203", true), ("RL203", true), ("RL306", false)]);
}

#[test]
fn no_versioning_resource_added_for_a_legacy_inline_replication() {
    // The inline replication is created with its bucket, before any new versioning resource.
    let text = r#"resource "aws_s3_bucket" "source" {
  bucket = "src-bucket"

  replication_configuration {
    role = "arn:aws:iam::123456789012:role/replication"
    rules {
      id     = "all"
      status = "Enabled"
      destination {
        bucket = "arn:aws:s3:::dst-bucket"
      }
    }
  }
}
"#;
    let (_dir, _, outcome, diagnostic) = first(&[("main.tf", text)], "RL201");
    assert_eq!(fix::candidate(&outcome.db, &diagnostic), None);
}

// ---------------------------------------------------------------------------------------------
// RL122: the leading slash of a rule prefix
// ---------------------------------------------------------------------------------------------

#[test]
fn rl122_terraform_filter_prefix_loses_its_leading_slash() {
    let text = edit(TF, "prefix = \"logs/\"", "prefix = \"/logs/\"");
    let titles = check("rl122_terraform", "main.tf", &text, "RL122", &[]);
    assert_eq!(titles, ["Change `/logs/` to `logs/`"]);
}

#[test]
fn rl122_cloudformation_prefix_loses_its_leading_slashes() {
    let yaml = edit(YAML, "Prefix: logs/", "Prefix: //logs/");
    let titles = check("rl122_yaml", "template.yaml", &yaml, "RL122", &[]);
    assert_eq!(titles, ["Change `//logs/` to `logs/`"]);
    let json = edit(JSON, "{\"Prefix\": \"logs/\"}", "{\"Prefix\": \"/logs/\"}");
    check("rl122_json", "template.json", &json, "RL122", &[]);
}

#[test]
fn no_rl122_fix_for_a_lone_slash_or_a_prefix_with_unknown_parts() {
    // An empty prefix would select every object: no mechanical fix.
    let text = edit(TF, "prefix = \"logs/\"", "prefix = \"/\"");
    let (_dir, _, outcome, diagnostic) = first(&[("main.tf", &text)], "RL122");
    assert!(fix::candidate(&outcome.db, &diagnostic).is_none());
    let text = edit(TF, "prefix = \"logs/\"", "prefix = \"/${var.area}/\"");
    let text = format!("{text}\nvariable \"area\" {{}}\n");
    let (_dir, _, outcome, diagnostic) = first(&[("main.tf", &text)], "RL122");
    assert!(fix::candidate(&outcome.db, &diagnostic).is_none());
}

#[test]
fn rl122_fix_in_the_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let text = edit(TF, "prefix = \"logs/\"", "prefix = \"/logs/\"");
    std::fs::write(dir.path().join("main.tf"), &text).unwrap();
    let (code, out, _) = repl_lint(dir.path(), &["--format", "json", "--verify-fixes", "."]);
    assert_eq!(code, 0, "a warning does not fail the run: {out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let finding = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "RL122")
        .unwrap_or_else(|| panic!("no RL122: {out}"));
    let line = text.lines().position(|l| l.contains("\"/logs/\"")).unwrap() + 1;
    let column = text.lines().nth(line - 1).unwrap().find("/logs/").unwrap() + 1;
    assert_eq!(
        finding["fix"],
        serde_json::json!({
            "verified": true,
            "edits": [{
                "file": "main.tf",
                "range": {
                    "start": {"line": line, "column": column},
                    "end": {"line": line, "column": column + 6}
                },
                "replacement": "logs/"
            }]
        })
    );
}

#[test]
fn rl122_diff_then_fix_with_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = edit(YAML, "Prefix: logs/", "Prefix: /logs/");
    std::fs::write(dir.path().join("template.yaml"), &yaml).unwrap();
    let (code, stdout, stderr) = repl_lint(dir.path(), &["--diff", "."]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("-              Prefix: /logs/\n+              Prefix: logs/\n"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("template.yaml")).unwrap(),
        yaml
    );
    let (code, stdout, stderr) = repl_lint(dir.path(), &["--fix", "."]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stderr, "repl-lint: applied 1 fix(es) to 1 file(s)\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("template.yaml")).unwrap(),
        YAML
    );
}
