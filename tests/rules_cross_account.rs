//! Rule tests for accounts, regions and the bucket graph (RL403, RL405, RL501-RL506,
//! RL601-RL603, RL701, RL702) over Terraform source, Terraform plan JSON and CloudFormation.
//! Each test asserts the exact `RLxxx file:line:col` list (primary span start, 1-based) of the
//! rule it selects; positions come from locators over the fixture text.

#[path = "support/record.rs"]
mod record;

#[path = "support/plan.rs"]
mod plan;

use plan::locate;
use repl_lint::diagnostic::Severity;
use serde_json::json;

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// Every diagnostic of the `select`ed rules as (rule, severity, "file:line:col"), sorted.
fn lint(files: &[(&str, &str)], select: &[&str]) -> Vec<(String, Severity, String)> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let options = repl_lint::Options {
        paths: vec![dir.path().to_path_buf()],
        select: select.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    record::lint(dir.path(), &options, &outcome);
    let mut out: Vec<_> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let file = outcome.db.file(d.primary.file);
            let name = file.path.file_name().unwrap().to_string_lossy().to_string();
            let (start, _) = outcome.db.range(d.primary);
            (
                d.rule.to_string(),
                d.severity,
                format!("{name}:{}:{}", start.line, start.column),
            )
        })
        .collect();
    out.sort_by(|a, b| a.2.cmp(&b.2).then(a.0.cmp(&b.0)));
    out
}

/// `RLxxx file:line:col` of every finding of `rule` (selected alone).
fn of_rule(files: &[(&str, &str)], rule: &str) -> Vec<String> {
    lint(files, &[rule])
        .into_iter()
        .filter(|(r, _, _)| r == rule)
        .map(|(r, _, l)| format!("{r} {l}"))
        .collect()
}

/// `RLxxx file:line:col` expected for `needle` (its `nth` occurrence) in `text`.
fn at(rule: &str, file: &str, text: &str, needle: &str, nth: usize) -> String {
    format!("{rule} {file}:{}", locate(text, needle, nth))
}

/// Asserts that `rule` reports exactly once in `main.tf` holding `text`, at the first `needle`.
#[track_caller]
fn assert_tf_finding(rule: &str, text: &str, needle: &str) {
    let expected = at(rule, "main.tf", text, needle, 0);
    assert_eq!(of_rule(&[("main.tf", text)], rule), vec![expected]);
}

/// Asserts that `rule` reports nothing in `main.tf` holding `text`.
#[track_caller]
fn assert_tf_clean(rule: &str, text: &str) {
    assert_eq!(of_rule(&[("main.tf", text)], rule), Vec::<String>::new());
}

/// Every rule of this file.
const OWN_RULES: &[&str] = &[
    "RL403", "RL405", "RL501", "RL502", "RL503", "RL504", "RL505", "RL506", "RL601", "RL602",
    "RL603", "RL701", "RL702",
];

// ---------------------------------------------------------------------------------------------
// Terraform fixtures
// ---------------------------------------------------------------------------------------------

/// Source account 111111111111 in us-east-1; `aws.replica` assumes a role of 222222222222 in
/// eu-west-1.
const CROSS_PROVIDERS: &str = r#"provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias  = "replica"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/deploy"
  }
}
"#;

/// Two providers of the environment's account, in two regions.
const SAME_ACCOUNT_PROVIDERS: &str = r#"provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "replica"
  region = "eu-west-1"
}
"#;

/// Providers, the two buckets (the replica through `aws.replica`) with `source_extra` and
/// `replica_extra` in their bodies, a configuration with one rule holding `rule_extra` and a
/// destination holding `destination_extra`, then `extra` resources.
fn tf(
    providers: &str,
    replica_extra: &str,
    rule_extra: &str,
    destination_extra: &str,
    extra: &str,
) -> String {
    format!(
        r#"{providers}
resource "aws_s3_bucket" "source" {{
  bucket = "example-src"
}}

resource "aws_s3_bucket" "replica" {{
  provider = aws.replica
  bucket   = "example-dst"{replica_extra}
}}

resource "aws_s3_bucket_replication_configuration" "this" {{
  bucket = aws_s3_bucket.source.id
  role   = "arn:aws:iam::111111111111:role/replication"

  rule {{
    id     = "all"
    status = "Enabled"
    filter {{}}
    delete_marker_replication {{
      status = "Enabled"
    }}{rule_extra}
    destination {{
      bucket = aws_s3_bucket.replica.arn{destination_extra}
    }}
  }}
}}
{extra}"#
    )
}

/// [`tf`] with [`SAME_ACCOUNT_PROVIDERS`], `destination_extra` and `extra`, and the replication
/// role defined in the files (so its account is the providers' one).
fn one_account(destination_extra: &str, extra: &str) -> String {
    tf(SAME_ACCOUNT_PROVIDERS, "", "", destination_extra, extra).replace(
        "\"arn:aws:iam::111111111111:role/replication\"",
        "aws_iam_role.r.arn",
    ) + "\nresource \"aws_iam_role\" \"r\" {\n  name = \"replication\"\n}\n"
}

/// A bucket policy on the replica granting `actions` to `principal`.
fn replica_policy(principal: &str, actions: &str) -> String {
    format!(
        r#"
resource "aws_s3_bucket_policy" "replica" {{
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ AWS = "{principal}" }}
      Action    = [{actions}]
      Resource  = "${{aws_s3_bucket.replica.arn}}/*"
    }}]
  }})
}}
"#
    )
}

const ACT: &str = r#"
      account = "222222222222"
      access_control_translation {
        owner = "Destination"
      }"#;

// ---------------------------------------------------------------------------------------------
// Placement and unknown accounts
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_accounts_give_no_error_or_warning() {
    let providers = r#"variable "replica_role" {}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias = "replica"
  assume_role {
    role_arn = var.replica_role
  }
}
"#;
    let text = tf(
        providers,
        "\n  object_lock_enabled = false",
        "",
        r#"
      account = var.replica_account
      access_control_translation {
        owner = "Destination"
      }
      encryption_configuration {
        replica_kms_key_id = "alias/aws/s3"
      }"#,
        "",
    )
    .replace(
        "role   = \"arn:aws:iam::111111111111:role/replication\"",
        "role   = var.role_arn",
    );
    let found = lint(&[("main.tf", &text)], OWN_RULES);
    assert!(
        found.iter().all(|(_, s, _)| *s < Severity::Warning),
        "{found:?}"
    );
}

#[test]
fn a_role_of_another_account_makes_the_setup_cross_account() {
    // Both buckets through the default provider, whose account the files do not name: the role
    // ARN names the source account, `account` the destination's.
    let text = tf(
        SAME_ACCOUNT_PROVIDERS,
        "",
        "",
        "\n      account = \"222222222222\"",
        "",
    )
    .replace("provider = aws.replica\n", "");
    assert_tf_finding("RL501", &text, "resource \"aws_s3_bucket\" \"replica\"");
}

#[test]
fn providers_of_the_same_credentials_are_one_account() {
    let text = one_account("", "");
    assert_tf_clean("RL501", &text);
    let with_act = text.replace(
        "bucket = aws_s3_bucket.replica.arn\n",
        "bucket = aws_s3_bucket.replica.arn\n      access_control_translation {\n        owner = \"Destination\"\n      }\n",
    );
    assert_tf_finding("RL504", &with_act, "access_control_translation {");
}

// ---------------------------------------------------------------------------------------------
// RL501 destination-bucket-policy
// ---------------------------------------------------------------------------------------------

#[test]
fn rl501_no_destination_bucket_policy() {
    let text = tf(CROSS_PROVIDERS, "", "", "", "");
    assert_tf_finding("RL501", &text, "resource \"aws_s3_bucket\" \"replica\"");
}

#[test]
fn rl501_policy_without_replicate_delete() {
    let policy = replica_policy("arn:aws:iam::111111111111:root", "\"s3:ReplicateObject\"");
    let text = tf(CROSS_PROVIDERS, "", "", "", &policy);
    assert_tf_finding("RL501", &text, "{\n    Version");
}

#[test]
fn rl501_policy_granting_the_source_account_or_the_role_passes() {
    for principal in [
        "arn:aws:iam::111111111111:root",
        "arn:aws:iam::111111111111:role/replication",
    ] {
        let policy = replica_policy(principal, "\"s3:ReplicateObject\", \"s3:ReplicateDelete\"");
        let text = tf(CROSS_PROVIDERS, "", "", "", &policy);
        assert_tf_clean("RL501", &text);
    }
}

#[test]
fn rl501_policy_granting_another_account_fails() {
    let policy = replica_policy(
        "arn:aws:iam::333333333333:root",
        "\"s3:ReplicateObject\", \"s3:ReplicateDelete\"",
    );
    let text = tf(CROSS_PROVIDERS, "", "", "", &policy);
    assert_tf_finding("RL501", &text, "{\n    Version");
}

// ---------------------------------------------------------------------------------------------
// RL502-RL506
// ---------------------------------------------------------------------------------------------

#[test]
fn rl502_owner_override_not_granted() {
    let policy = replica_policy(
        "arn:aws:iam::111111111111:root",
        "\"s3:ReplicateObject\", \"s3:ReplicateDelete\"",
    );
    let text = tf(CROSS_PROVIDERS, "", "", ACT, &policy);
    assert_tf_finding("RL502", &text, "{\n    Version");
    let granted = replica_policy(
        "arn:aws:iam::111111111111:root",
        "\"s3:ReplicateObject\", \"s3:ReplicateDelete\", \"s3:ObjectOwnerOverrideToBucketOwner\"",
    );
    let text = tf(CROSS_PROVIDERS, "", "", ACT, &granted);
    assert_tf_clean("RL502", &text);
}

const ENFORCED: &str = r#"
resource "aws_s3_bucket_ownership_controls" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
"#;

#[test]
fn rl503_owner_enforced_destination() {
    let text = tf(CROSS_PROVIDERS, "", "", ACT, ENFORCED);
    assert_tf_finding("RL503", &text, "access_control_translation {");
    // RL503 replaces RL502 there.
    assert_tf_clean("RL502", &text);
    let text = tf(CROSS_PROVIDERS, "", "", ACT, "");
    assert_tf_clean("RL503", &text);
}

#[test]
fn rl504_is_silent_across_accounts() {
    let text = tf(CROSS_PROVIDERS, "", "", ACT, "");
    assert_tf_clean("RL504", &text);
}

const REQUESTER_PAYS: &str = r#"
resource "aws_s3_bucket_request_payment_configuration" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  payer    = "Requester"
}
"#;

#[test]
fn rl505_requester_pays_destination() {
    let text = tf(CROSS_PROVIDERS, "", "", "", REQUESTER_PAYS);
    assert_tf_finding("RL505", &text, "\"Requester\"");
    // The legacy inline argument.
    let text = tf(
        CROSS_PROVIDERS,
        "\n  request_payer = \"Requester\"",
        "",
        "",
        "",
    );
    assert_tf_finding("RL505", &text, "\"Requester\"");
    // One account: no finding.
    let text = one_account("", REQUESTER_PAYS);
    assert_tf_clean("RL505", &text);
}

#[test]
fn rl506_delete_markers_into_an_external_account() {
    let text = tf(CROSS_PROVIDERS, "", "", "", "").replace(
        "bucket = aws_s3_bucket.replica.arn",
        "bucket  = \"arn:aws:s3:::partner-bucket\"\n      account = \"222222222222\"",
    );
    assert_tf_finding("RL506", &text, "\"Enabled\"\n    }");
    let disabled = text.replace(
        "status = \"Enabled\"\n    }",
        "status = \"Disabled\"\n    }",
    );
    assert_tf_clean("RL506", &disabled);
}

// ---------------------------------------------------------------------------------------------
// RL403, RL405
// ---------------------------------------------------------------------------------------------

#[test]
fn rl403_replica_key_in_another_region() {
    let key = r#"
      encryption_configuration {
        replica_kms_key_id = "arn:aws:kms:us-east-1:222222222222:key/1234abcd"
      }"#;
    let text = tf(CROSS_PROVIDERS, "", "", key, "");
    assert_tf_finding("RL403", &text, "\"arn:aws:kms");
    let good = text.replace("kms:us-east-1", "kms:eu-west-1");
    assert_tf_clean("RL403", &good);
}

#[test]
fn rl403_key_resource_through_another_provider() {
    let key = "\n      encryption_configuration {\n        replica_kms_key_id = aws_kms_key.replica.arn\n      }";
    let key_resource = "\nresource \"aws_kms_key\" \"replica\" {\n  description = \"replica\"\n}\n";
    let text = tf(CROSS_PROVIDERS, "", "", key, key_resource);
    assert_tf_finding("RL403", &text, "aws_kms_key.replica.arn");
    let good = text.replace(
        "resource \"aws_kms_key\" \"replica\" {\n",
        "resource \"aws_kms_key\" \"replica\" {\n  provider    = aws.replica\n",
    );
    assert_tf_clean("RL403", &good);
}

#[test]
fn rl405_aws_managed_replica_key_across_accounts() {
    let key = "\n      encryption_configuration {\n        replica_kms_key_id = \"alias/aws/s3\"\n      }";
    let text = tf(CROSS_PROVIDERS, "", "", key, "");
    assert_tf_finding("RL405", &text, "\"alias/aws/s3\"");
    let same = one_account(key, "");
    assert_tf_clean("RL405", &same);
}

#[test]
fn rl405_source_encrypted_with_aws_managed_key() {
    let selection = "\n    source_selection_criteria {\n      sse_kms_encrypted_objects {\n        status = \"Enabled\"\n      }\n    }";
    let sse = r#"
resource "aws_s3_bucket_server_side_encryption_configuration" "source" {
  bucket = aws_s3_bucket.source.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
"#;
    let key = "\n      encryption_configuration {\n        replica_kms_key_id = \"arn:aws:kms:eu-west-1:222222222222:key/1234abcd\"\n      }";
    let text = tf(CROSS_PROVIDERS, "", selection, key, sse);
    assert_tf_finding("RL405", &text, "\"aws:kms\"");
    let own_key = text.replace(
        "sse_algorithm = \"aws:kms\"",
        "sse_algorithm     = \"aws:kms\"\n      kms_master_key_id = \"arn:aws:kms:us-east-1:111111111111:key/5678\"",
    );
    assert_tf_clean("RL405", &own_key);
}

// ---------------------------------------------------------------------------------------------
// RL601-RL603
// ---------------------------------------------------------------------------------------------

#[test]
fn rl601_object_lock_on_the_source_only() {
    let text = tf(SAME_ACCOUNT_PROVIDERS, "", "", "", "").replace(
        "bucket = \"example-src\"",
        "bucket              = \"example-src\"\n  object_lock_enabled = true",
    );
    assert_tf_finding("RL601", &text, "resource \"aws_s3_bucket\" \"replica\"");
    let explicit = text.replace(
        "bucket   = \"example-dst\"",
        "bucket   = \"example-dst\"\n  object_lock_enabled = false",
    );
    assert_tf_finding("RL601", &explicit, "object_lock_enabled = false");
    let good = text.replace(
        "bucket   = \"example-dst\"",
        "bucket   = \"example-dst\"\n  object_lock_enabled = true",
    );
    assert_tf_clean("RL601", &good);
    let unknown = text.replace(
        "bucket   = \"example-dst\"",
        "bucket   = \"example-dst\"\n  object_lock_enabled = var.lock",
    );
    assert_tf_clean("RL601", &unknown);
}

/// A configuration replicating `from` into `to` (bucket resource names), with `extra` in its rule.
fn tf_replication(name: &str, from: &str, to: &str, extra: &str) -> String {
    format!(
        r#"
resource "aws_s3_bucket_replication_configuration" "{name}" {{
  bucket = aws_s3_bucket.{from}.id
  role   = "arn:aws:iam::111111111111:role/replication"
  rule {{
    status = "Enabled"
    filter {{}}
    delete_marker_replication {{
      status = "Enabled"
    }}{extra}
    destination {{
      bucket = aws_s3_bucket.{to}.arn
    }}
  }}
}}
"#
    )
}

const THREE_BUCKETS: &str = r#"resource "aws_s3_bucket" "a" {
  bucket = "example-a"
}

resource "aws_s3_bucket" "b" {
  bucket = "example-b"
}

resource "aws_s3_bucket" "c" {
  bucket = "example-c"
}
"#;

const SYNC: &str = "\n    source_selection_criteria {\n      replica_modifications {\n        status = \"Enabled\"\n      }\n    }";

#[test]
fn rl602_replica_modifications_one_way() {
    let text = format!("{THREE_BUCKETS}{}", tf_replication("ab", "a", "b", SYNC));
    assert_tf_finding("RL602", &text, "\"Enabled\"\n      }\n    }");
}

#[test]
fn rl602_reverse_rule_without_sync() {
    let text = format!(
        "{THREE_BUCKETS}{}{}",
        tf_replication("ab", "a", "b", SYNC),
        tf_replication("ba", "b", "a", "")
    );
    let expected = at("RL602", "main.tf", &text, "rule {", 1);
    assert_eq!(of_rule(&[("main.tf", &text)], "RL602"), vec![expected]);
    let both = format!(
        "{THREE_BUCKETS}{}{}",
        tf_replication("ab", "a", "b", SYNC),
        tf_replication("ba", "b", "a", SYNC)
    );
    assert_tf_clean("RL602", &both);
}

#[test]
fn rl603_chain_reported_once() {
    let text = format!(
        "{THREE_BUCKETS}{}{}",
        tf_replication("ab", "a", "b", ""),
        tf_replication("bc", "b", "c", "")
    );
    assert_tf_finding("RL603", &text, "bucket = aws_s3_bucket.c.arn");
    // Two-way replication is no chain.
    let two_way = format!(
        "{THREE_BUCKETS}{}{}",
        tf_replication("ab", "a", "b", ""),
        tf_replication("ba", "b", "a", "")
    );
    assert_tf_clean("RL603", &two_way);
}

// ---------------------------------------------------------------------------------------------
// RL701, RL702 (off by default)
// ---------------------------------------------------------------------------------------------

#[test]
fn rl701_and_rl702_only_when_selected() {
    let text = format!(
        "{THREE_BUCKETS}{}{}",
        tf_replication("ab", "a", "b", ""),
        tf_replication("ac", "a", "c", "")
    );
    let files = [("main.tf", text.as_str())];
    assert_eq!(
        of_rule(&files, "RL701"),
        vec![at(
            "RL701",
            "main.tf",
            &text,
            "bucket = aws_s3_bucket.a.id",
            0
        )]
    );
    assert_eq!(
        of_rule(&files, "RL702"),
        vec![at("RL702", "main.tf", &text, "role   =", 0)]
    );
    let defaults = lint(&files, &[]);
    assert!(
        defaults
            .iter()
            .all(|(r, _, _)| r != "RL701" && r != "RL702"),
        "{defaults:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// CloudFormation
// ---------------------------------------------------------------------------------------------

/// A source template: the role of account 111111111111, one rule into `example-dst` with
/// `destination_extra` lines (8 spaces of indent).
fn cfn_source(destination_extra: &str) -> String {
    format!(
        r#"Resources:
  Source:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-src
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:
        Role: arn:aws:iam::111111111111:role/replication
        Rules:
          - Status: Enabled
            Priority: 1
            Filter:
              Prefix: ""
            DeleteMarkerReplication:
              Status: Enabled
            Destination:
              Bucket: arn:aws:s3:::example-dst
              Account: "222222222222"{destination_extra}
"#
    )
}

/// The destination template, with `extra` resources.
fn cfn_destination(properties: &str, extra: &str) -> String {
    format!(
        r#"Resources:
  Replica:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-dst
      VersioningConfiguration:
        Status: Enabled{properties}
{extra}"#
    )
}

const CFN_POLICY: &str = r#"  ReplicaPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Replica
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::111111111111:root
            Action:
              - s3:ReplicateObject
              - s3:ReplicateDelete
            Resource: !Sub "arn:aws:s3:::${Replica}/*"
"#;

#[test]
fn cfn_rl501_destination_template_without_policy() {
    let source = cfn_source("");
    let destination = cfn_destination("", "");
    let files = [
        ("source.yaml", source.as_str()),
        ("replica.yaml", destination.as_str()),
    ];
    let expected = at("RL501", "replica.yaml", &destination, "Replica:", 0);
    assert_eq!(of_rule(&files, "RL501"), vec![expected]);
    let destination = cfn_destination("", CFN_POLICY);
    let files = [
        ("source.yaml", source.as_str()),
        ("replica.yaml", destination.as_str()),
    ];
    assert_eq!(of_rule(&files, "RL501"), Vec::<String>::new());
}

#[test]
fn cfn_rl502_rl503_owner_override() {
    let act = "\n              AccessControlTranslation:\n                Owner: Destination";
    let source = cfn_source(act);
    let destination = cfn_destination("", CFN_POLICY);
    let files = [
        ("source.yaml", source.as_str()),
        ("replica.yaml", destination.as_str()),
    ];
    let expected = at("RL502", "replica.yaml", &destination, "Statement:", 0);
    assert_eq!(of_rule(&files, "RL502"), vec![expected]);
    let enforced = cfn_destination(
        "\n      OwnershipControls:\n        Rules:\n          - ObjectOwnership: BucketOwnerEnforced",
        CFN_POLICY,
    );
    let files = [
        ("source.yaml", source.as_str()),
        ("replica.yaml", enforced.as_str()),
    ];
    assert_eq!(of_rule(&files, "RL502"), Vec::<String>::new());
    let expected = at(
        "RL503",
        "source.yaml",
        &source,
        "AccessControlTranslation:",
        0,
    );
    assert_eq!(of_rule(&files, "RL503"), vec![expected]);
}

#[test]
fn cfn_rl504_same_stack_account() {
    let template = cfn_source(
        "\n              AccessControlTranslation:\n                Owner: Destination",
    )
    .replace("Account: \"222222222222\"", "Account: !Ref AWS::AccountId")
    .replace(
        "Role: arn:aws:iam::111111111111:role/replication",
        "Role: !GetAtt Role.Arn",
    ) + "  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n";
    let files = [("template.yaml", template.as_str())];
    let expected = at(
        "RL504",
        "template.yaml",
        &template,
        "AccessControlTranslation:",
        0,
    );
    assert_eq!(of_rule(&files, "RL504"), vec![expected]);
}

#[test]
fn cfn_rl405_and_rl506_external_destination() {
    let key =
        "\n              EncryptionConfiguration:\n                ReplicaKmsKeyID: alias/aws/s3";
    let source = cfn_source(key);
    let files = [("source.yaml", source.as_str())];
    assert_eq!(
        of_rule(&files, "RL405"),
        vec![at("RL405", "source.yaml", &source, "alias/aws/s3", 0)]
    );
    assert_eq!(
        of_rule(&files, "RL506"),
        vec![at(
            "RL506",
            "source.yaml",
            &source,
            "Enabled\n            Destination",
            0
        )]
    );
}

#[test]
fn cfn_rl601_rl603_in_one_stack() {
    let template = r#"Resources:
  A:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-a
      ObjectLockEnabled: true
      ReplicationConfiguration:
        Role: arn:aws:iam::111111111111:role/replication
        Rules:
          - Status: Enabled
            Prefix: ""
            Destination:
              Bucket: arn:aws:s3:::example-b
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-b
      ReplicationConfiguration:
        Role: arn:aws:iam::111111111111:role/replication
        Rules:
          - Status: Enabled
            Prefix: ""
            Destination:
              Bucket: arn:aws:s3:::example-c
  C:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-c
"#;
    let files = [("template.yaml", template)];
    assert_eq!(
        of_rule(&files, "RL601"),
        vec![at("RL601", "template.yaml", template, "B:\n", 0)]
    );
    assert_eq!(
        of_rule(&files, "RL603"),
        vec![at(
            "RL603",
            "template.yaml",
            template,
            "Bucket: arn:aws:s3:::example-c",
            0
        )]
    );
    // One stack, one account and region: no cross-account finding, no region mismatch.
    for rule in ["RL501", "RL403", "RL504"] {
        assert_eq!(of_rule(&files, rule), Vec::<String>::new(), "{rule}");
    }
}

// ---------------------------------------------------------------------------------------------
// Terraform plan JSON
// ---------------------------------------------------------------------------------------------

/// Renders `resources` as a plan whose `provider_config` holds `providers` (key → expressions).
fn plan_with_providers(resources: &[plan::PlanResource], providers: serde_json::Value) -> String {
    let text = plan::render(resources);
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let config = value["configuration"]["provider_config"]
        .as_object_mut()
        .unwrap();
    for (key, expressions) in providers.as_object().unwrap() {
        config.insert(
            key.clone(),
            json!({ "name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "expressions": expressions }),
        );
    }
    serde_json::to_string_pretty(&value).unwrap()
}

/// The plan builder's valid set-up with the replica bucket (and its versioning) through
/// `aws.replica`.
fn cross_plan_setup() -> Vec<plan::PlanResource> {
    let mut setup = plan::valid_setup();
    setup[1] = plan::resource(
        "aws_s3_bucket.replica",
        json!({ "bucket": "orders-dst", "force_destroy": false }),
    )
    .provider("aws.replica");
    setup
}

fn cross_providers() -> serde_json::Value {
    json!({
        "aws": {
            "region": { "constant_value": "us-east-1" },
            "allowed_account_ids": { "constant_value": ["111111111111"] }
        },
        "aws.replica": {
            "region": { "constant_value": "eu-west-1" },
            "assume_role": [{ "role_arn": { "constant_value": "arn:aws:iam::222222222222:role/deploy" } }]
        }
    })
}

/// `line:col` of the first `needle` after the first `anchor` inside `planned_values` (what the
/// linter reads and points at).
fn planned(text: &str, anchor: &str, needle: &str) -> String {
    let start = text.find("\"planned_values\"").unwrap();
    let anchor = start + text[start..].find(anchor).unwrap();
    let at = anchor + text[anchor..].find(needle).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    format!("{line}:{column}")
}

fn lint_plan(text: &str, rule: &str) -> Vec<String> {
    of_rule(&[("plan.json", text)], rule)
}

#[test]
fn plan_rl501_destination_in_another_account() {
    let text = plan_with_providers(&cross_plan_setup(), cross_providers());
    // Keys render sorted: `configuration` first, then `planned_values`, whose address string
    // is the resource's header.
    let expected = format!(
        "RL501 plan.json:{}",
        locate(&text, "\"aws_s3_bucket.replica\"", 1)
    );
    assert_eq!(lint_plan(&text, "RL501"), vec![expected]);
    // Without account facts the plan is silent.
    let unknown = plan_with_providers(
        &cross_plan_setup(),
        json!({ "aws.replica": { "assume_role": [{ "role_arn": { "references": ["var.role"] } }] } }),
    );
    let found = lint(&[("plan.json", unknown.as_str())], OWN_RULES);
    assert!(
        found.iter().all(|(_, s, _)| *s < Severity::Warning),
        "{found:?}"
    );
}

#[test]
fn plan_rl403_key_region_from_provider_config() {
    let mut setup = cross_plan_setup();
    setup.pop();
    let config = plan::resource(
        "aws_s3_bucket_replication_configuration.this",
        json!({
            "bucket": "orders-src",
            "role": "arn:aws:iam::111111111111:role/orders-replication",
            "rule": [{
                "id": "all",
                "status": "Enabled",
                "filter": [{ "prefix": "" }],
                "delete_marker_replication": [{ "status": "Enabled" }],
                "destination": [{
                    "bucket": "arn:aws:s3:::orders-dst",
                    "encryption_configuration": [{ "replica_kms_key_id": "arn:aws:kms:us-east-1:222222222222:key/abcd" }]
                }]
            }]
        }),
    );
    setup.push(config);
    let text = plan_with_providers(&setup, cross_providers());
    let expected = format!(
        "RL403 plan.json:{}",
        locate(&text, "\"arn:aws:kms:us-east-1", 0)
    );
    assert_eq!(lint_plan(&text, "RL403"), vec![expected]);
    let good = text.replace("kms:us-east-1", "kms:eu-west-1");
    assert_eq!(lint_plan(&good, "RL403"), Vec::<String>::new());
}

#[test]
fn plan_rl505_requester_pays() {
    let mut setup = cross_plan_setup();
    setup.push(
        plan::resource(
            "aws_s3_bucket_request_payment_configuration.replica",
            json!({ "bucket": "orders-dst", "payer": "Requester" }),
        )
        .provider("aws.replica"),
    );
    let text = plan_with_providers(&setup, cross_providers());
    let expected = format!("RL505 plan.json:{}", locate(&text, "\"Requester\"", 0));
    assert_eq!(lint_plan(&text, "RL505"), vec![expected]);
}

/// The cross-account plan set-up with its configuration replaced by one holding `rule` (a plan
/// rule object; `destination` defaults to the replica bucket).
fn plan_with_rule(rule: serde_json::Value, extra: Vec<plan::PlanResource>) -> String {
    let mut setup = cross_plan_setup();
    setup.pop();
    setup.push(plan_replication("this", "orders-src", rule));
    setup.extend(extra);
    plan_with_providers(&setup, cross_providers())
}

/// A replication configuration of the plan for source bucket `bucket`, role of account
/// 111111111111.
fn plan_replication(name: &str, bucket: &str, mut rule: serde_json::Value) -> plan::PlanResource {
    let defaults = json!({
        "id": "all",
        "status": "Enabled",
        "filter": [{ "prefix": "" }],
        "delete_marker_replication": [{ "status": "Enabled" }],
        "destination": [{ "bucket": "arn:aws:s3:::orders-dst" }]
    });
    for (key, value) in defaults.as_object().unwrap() {
        if rule.get(key).is_none() {
            rule[key] = value.clone();
        }
    }
    plan::resource(
        &format!("aws_s3_bucket_replication_configuration.{name}"),
        json!({
            "bucket": bucket,
            "role": "arn:aws:iam::111111111111:role/orders-replication",
            "rule": [rule]
        }),
    )
}

/// A bucket policy of the plan on `orders-dst` (through `aws.replica`) granting `actions` to the
/// source account.
fn plan_replica_policy(actions: &[&str]) -> plan::PlanResource {
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "AWS": "arn:aws:iam::111111111111:root" },
            "Action": actions,
            "Resource": "arn:aws:s3:::orders-dst/*"
        }]
    });
    plan::resource(
        "aws_s3_bucket_policy.replica",
        json!({ "bucket": "orders-dst", "policy": policy.to_string() }),
    )
    .provider("aws.replica")
}

#[test]
fn plan_rl501_rl502_bucket_policy_grants() {
    let all = ["s3:ReplicateObject", "s3:ReplicateDelete"];
    let text = plan_with_rule(json!({}), vec![plan_replica_policy(&all)]);
    assert_eq!(lint_plan(&text, "RL501"), Vec::<String>::new());
    let act = json!({ "destination": [{
        "bucket": "arn:aws:s3:::orders-dst",
        "account": "222222222222",
        "access_control_translation": [{ "owner": "Destination" }]
    }] });
    let text = plan_with_rule(act.clone(), vec![plan_replica_policy(&all)]);
    let expected = format!(
        "RL502 plan.json:{}",
        planned(&text, "aws_s3_bucket_policy.replica", "\"{\\\"Statement")
    );
    assert_eq!(lint_plan(&text, "RL502"), vec![expected]);
    let granted = plan_replica_policy(&[
        "s3:ReplicateObject",
        "s3:ReplicateDelete",
        "s3:ObjectOwnerOverrideToBucketOwner",
    ]);
    let text = plan_with_rule(act, vec![granted]);
    assert_eq!(lint_plan(&text, "RL502"), Vec::<String>::new());
}

#[test]
fn plan_rl503_rl504_owner_override() {
    let act = json!({ "destination": [{
        "bucket": "arn:aws:s3:::orders-dst",
        "access_control_translation": [{ "owner": "Destination" }]
    }] });
    let enforced = plan::resource(
        "aws_s3_bucket_ownership_controls.replica",
        json!({ "bucket": "orders-dst", "rule": [{ "object_ownership": "BucketOwnerEnforced" }] }),
    )
    .provider("aws.replica");
    let text = plan_with_rule(act.clone(), vec![enforced]);
    let expected = format!(
        "RL503 plan.json:{}",
        planned(&text, "\"destination\"", "\"access_control_translation\"")
    );
    assert_eq!(lint_plan(&text, "RL503"), vec![expected]);
    assert_eq!(lint_plan(&text, "RL504"), Vec::<String>::new());
    // Both buckets through the default provider: one account.
    let mut setup = plan::valid_setup();
    setup.pop();
    setup.push(plan_replication("this", "orders-src", act));
    let text = plan_with_providers(
        &setup,
        json!({ "aws": { "allowed_account_ids": { "constant_value": ["111111111111"] } } }),
    );
    let expected = format!(
        "RL504 plan.json:{}",
        planned(&text, "\"destination\"", "\"access_control_translation\"")
    );
    assert_eq!(lint_plan(&text, "RL504"), vec![expected]);
}

#[test]
fn plan_rl405_rl506_external_destination() {
    let rule = json!({ "destination": [{
        "bucket": "arn:aws:s3:::partner-dst",
        "account": "222222222222",
        "encryption_configuration": [{ "replica_kms_key_id": "alias/aws/s3" }]
    }] });
    let text = plan_with_rule(rule, vec![]);
    let key = format!("RL405 plan.json:{}", locate(&text, "\"alias/aws/s3\"", 0));
    assert_eq!(lint_plan(&text, "RL405"), vec![key]);
    let status = planned(&text, "\"delete_marker_replication\"", "\"Enabled\"");
    assert_eq!(
        lint_plan(&text, "RL506"),
        vec![format!("RL506 plan.json:{status}")]
    );
    let same_key = text.replace(
        "\"alias/aws/s3\"",
        "\"arn:aws:kms:eu-west-1:222222222222:key/k\"",
    );
    assert_eq!(lint_plan(&same_key, "RL405"), Vec::<String>::new());
}

#[test]
fn plan_rl505_bucket_owner_pays() {
    let mut setup = cross_plan_setup();
    setup.push(
        plan::resource(
            "aws_s3_bucket_request_payment_configuration.replica",
            json!({ "bucket": "orders-dst", "payer": "BucketOwner" }),
        )
        .provider("aws.replica"),
    );
    let text = plan_with_providers(&setup, cross_providers());
    assert_eq!(lint_plan(&text, "RL505"), Vec::<String>::new());
}

#[test]
fn plan_rl601_object_lock() {
    let mut setup = plan::valid_setup();
    setup[0] = plan::resource(
        "aws_s3_bucket.source",
        json!({ "bucket": "orders-src", "object_lock_enabled": true }),
    );
    setup[1] = plan::resource(
        "aws_s3_bucket.replica",
        json!({ "bucket": "orders-dst", "object_lock_enabled": false }),
    );
    let text = plan::render(&setup);
    let expected = format!(
        "RL601 plan.json:{}",
        locate(&text, "\"object_lock_enabled\": false", 0)
    );
    assert_eq!(lint_plan(&text, "RL601"), vec![expected]);
    let good = text.replace(
        "\"object_lock_enabled\": false",
        "\"object_lock_enabled\": true",
    );
    assert_eq!(lint_plan(&good, "RL601"), Vec::<String>::new());
}

#[test]
fn plan_rl602_rl603_rl701_rl702_graph() {
    let sync = json!({ "source_selection_criteria": [{ "replica_modifications": [{ "status": "Enabled" }] }] });
    let mut setup = plan::valid_setup();
    setup.pop();
    setup.push(plan_replication("this", "orders-src", sync.clone()));
    let text = plan::render(&setup);
    let expected = format!(
        "RL602 plan.json:{}",
        planned(&text, "\"replica_modifications\"", "\"Enabled\"")
    );
    assert_eq!(lint_plan(&text, "RL602"), vec![expected]);
    let mut back = json!({ "destination": [{ "bucket": "arn:aws:s3:::orders-src" }] });
    back["source_selection_criteria"] = sync["source_selection_criteria"].clone();
    setup.push(plan_replication("back", "orders-dst", back));
    assert_eq!(
        lint_plan(&plan::render(&setup), "RL602"),
        Vec::<String>::new()
    );
    assert_eq!(
        lint_plan(&plan::render(&setup), "RL603"),
        Vec::<String>::new()
    );
    // A third bucket fed from the replica: a chain.
    setup.pop();
    setup.push(plan::resource(
        "aws_s3_bucket.archive",
        json!({ "bucket": "orders-archive" }),
    ));
    setup.push(plan_replication(
        "onward",
        "orders-dst",
        json!({ "destination": [{ "bucket": "arn:aws:s3:::orders-archive" }] }),
    ));
    let text = plan::render(&setup);
    let expected = format!(
        "RL603 plan.json:{}",
        locate(&text, "\"bucket\": \"arn:aws:s3:::orders-archive\"", 0)
    );
    assert_eq!(lint_plan(&text, "RL603"), vec![expected]);
    // Two configurations, two source buckets, one role (in file order).
    let sources = [
        format!(
            "RL701 plan.json:{}",
            planned(
                &text,
                "replication_configuration.this",
                "\"bucket\": \"orders-src\""
            )
        ),
        format!(
            "RL701 plan.json:{}",
            planned(
                &text,
                "replication_configuration.onward",
                "\"bucket\": \"orders-dst\""
            )
        ),
    ];
    assert_eq!(lint_plan(&text, "RL701"), sources);
    let role = format!(
        "RL702 plan.json:{}",
        locate(
            &text,
            "\"role\": \"arn:aws:iam::111111111111:role/orders-replication\"",
            0
        )
    );
    assert_eq!(lint_plan(&text, "RL702"), vec![role]);
}

#[test]
fn cfn_rl602_rl701_rl702() {
    let template = r#"Resources:
  A:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-a
      ReplicationConfiguration:
        Role: arn:aws:iam::111111111111:role/replication
        Rules:
          - Status: Enabled
            Priority: 1
            Filter:
              Prefix: ""
            DeleteMarkerReplication:
              Status: Disabled
            SourceSelectionCriteria:
              ReplicaModifications:
                Status: Enabled
            Destination:
              Bucket: !GetAtt B.Arn
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-b
"#;
    let files = [("template.yaml", template)];
    assert_eq!(
        of_rule(&files, "RL602"),
        vec![at(
            "RL602",
            "template.yaml",
            template,
            "Enabled\n            Destination",
            0
        )]
    );
    assert_eq!(
        of_rule(&files, "RL701"),
        vec![at(
            "RL701",
            "template.yaml",
            template,
            "ReplicationConfiguration:",
            0
        )]
    );
    assert_eq!(
        of_rule(&files, "RL702"),
        vec![at("RL702", "template.yaml", template, "Role: arn", 0)]
    );
    let two_way = format!(
        "{template}      ReplicationConfiguration:
        Role: arn:aws:iam::111111111111:role/replication
        Rules:
          - Status: Enabled
            Priority: 1
            Filter:
              Prefix: \"\"
            DeleteMarkerReplication:
              Status: Disabled
            SourceSelectionCriteria:
              ReplicaModifications:
                Status: Enabled
            Destination:
              Bucket: !GetAtt A.Arn
"
    );
    assert_eq!(
        of_rule(&[("template.yaml", &two_way)], "RL602"),
        Vec::<String>::new()
    );
}

#[test]
fn unresolved_bucket_settings_give_no_error() {
    // A bucket policy of an unresolvable bucket may be the destination's: RL003, not RL501.
    let policy = replica_policy("arn:aws:iam::111111111111:root", "\"s3:ReplicateObject\"")
        .replace(
            "bucket   = aws_s3_bucket.replica.id",
            "bucket   = var.policy_bucket",
        );
    let text = tf(CROSS_PROVIDERS, "", "", "", &policy);
    let found = lint(&[("main.tf", &text)], &["RL501", "RL003"]);
    let note = at(
        "RL003",
        "main.tf",
        &text,
        "bucket = aws_s3_bucket.replica.arn",
        0,
    );
    let found: Vec<String> = found.iter().map(|(r, _, l)| format!("{r} {l}")).collect();
    // (Other rules file their own RL003 notes at other places, e.g. the external role.)
    assert!(found.contains(&note), "{found:?}");
    assert!(found.iter().all(|f| !f.starts_with("RL501")), "{found:?}");
    // An Object Lock configuration of an unresolvable bucket may be the destination's.
    let lock = "\nresource \"aws_s3_bucket_object_lock_configuration\" \"x\" {\n  bucket = var.locked\n}\n";
    let text = tf(SAME_ACCOUNT_PROVIDERS, "", "", "", lock).replace(
        "bucket = \"example-src\"",
        "bucket              = \"example-src\"\n  object_lock_enabled = true",
    );
    assert_tf_clean("RL601", &text);
}

#[test]
fn substituted_account_ids_are_read() {
    let template = cfn_source(
        "\n              AccessControlTranslation:\n                Owner: Destination",
    )
    .replace(
        "Account: \"222222222222\"",
        "Account: !Sub \"${AWS::AccountId}\"",
    )
    .replace(
        "Role: arn:aws:iam::111111111111:role/replication",
        "Role: !GetAtt Role.Arn",
    ) + "  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n";
    let files = [("template.yaml", template.as_str())];
    let expected = at(
        "RL504",
        "template.yaml",
        &template,
        "AccessControlTranslation:",
        0,
    );
    assert_eq!(of_rule(&files, "RL504"), vec![expected]);
}
