//! Black-box checks written from the rule catalog (`rules.md`) and the output contract
//! (`output.md`) alone: RL501-RL506 (cross-account and ownership), RL601-RL603 (Object Lock,
//! replica modification sync, chains), RL701-RL703 (silent gaps), RL001-RL004 (input and
//! resolution) and the command line (exit codes, JSON fields and order, `--fail-on`,
//! `--select` / `--ignore`, a broken file among good ones).
//!
//! Each test lints a small realistic set-up and asserts the exact `RLxxx:severity file:line:col`
//! of the rules under test; positions are computed from the fixture text with [`at`].

#[path = "support/record.rs"]
mod record;

#[path = "support/plan.rs"]
mod plan;

use serde_json::json;
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// The rules this file audits.
const AUDITED: &[&str] = &[
    "RL001", "RL002", "RL003", "RL004", "RL501", "RL502", "RL503", "RL504", "RL505", "RL506",
    "RL601", "RL602", "RL603", "RL701", "RL702", "RL703",
];

/// Lints `files` written into a temporary directory with `options` and returns the sorted
/// `RLxxx:severity file:line:col` of the findings of `rules`.
fn lint_with(files: &[(&str, &str)], options: repl_lint::Options, rules: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let options = repl_lint::Options {
        paths: vec![dir.path().to_path_buf()],
        ..options
    };
    let outcome = repl_lint::lint(&options).unwrap();
    record::lint(dir.path(), &options, &outcome);
    let root = dir.path().canonicalize().unwrap();
    let mut out: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| rules.contains(&d.rule))
        .map(|d| {
            let file = outcome.db.file(d.primary.file);
            let path = file.path.canonicalize().unwrap();
            let name = path.strip_prefix(&root).unwrap().to_string_lossy();
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

/// [`lint_with`] with the default options.
fn lint(files: &[(&str, &str)], rules: &[&str]) -> Vec<String> {
    lint_with(files, repl_lint::Options::default(), rules)
}

/// The audited findings at warning or error: what an unknown value must never produce.
fn alarms(files: &[(&str, &str)]) -> Vec<String> {
    lint(files, AUDITED)
        .into_iter()
        .filter(|f| !f.contains(":info "))
        .collect()
}

/// The 1-based `line:col` (columns in characters) of the `nth` (0-based) occurrence of `needle`.
fn at_nth(text: &str, needle: &str, nth: usize) -> String {
    plan::locate(text, needle, nth)
}

/// The 1-based `line:col` of the first occurrence of `needle`.
fn at(text: &str, needle: &str) -> String {
    at_nth(text, needle, 0)
}

/// The 1-based `line:col` just after the first occurrence of `needle`.
fn after(text: &str, needle: &str) -> String {
    let offset = text.find(needle).expect("needle in the text") + needle.len();
    at(&format!("{}\u{0}", &text[..offset]), "\u{0}")
}

/// `RULE:severity file:line:col` for an expectation.
fn expect(rule: &str, severity: &str, file: &str, position: String) -> String {
    format!("{rule}:{severity} {file}:{position}")
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// Two providers: the default one in account 111111111111, `aws.replica` in 222222222222.
const PROVIDERS: &str = r#"provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}

provider "aws" {
  alias  = "replica"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/terraform"
  }
}
"#;

/// Source and destination buckets with versioning Enabled; the destination is created through
/// `provider` (`aws` or `aws.replica`) with `replica_extra` in its body.
fn buckets(provider: &str, replica_extra: &str) -> String {
    format!(
        r#"
resource "aws_s3_bucket" "source" {{
  bucket = "audit-src"
}}

resource "aws_s3_bucket_versioning" "source" {{
  bucket = aws_s3_bucket.source.id
  versioning_configuration {{
    status = "Enabled"
  }}
}}

resource "aws_s3_bucket" "replica" {{
  provider = {provider}
  bucket   = "audit-dst"{replica_extra}
}}

resource "aws_s3_bucket_versioning" "replica" {{
  provider = {provider}
  bucket   = aws_s3_bucket.replica.id
  versioning_configuration {{
    status = "Enabled"
  }}
}}
"#
    )
}

/// A standalone replication configuration of `aws_s3_bucket.source` with one V2 rule: delete
/// marker replication `delete_markers`, destination `destination` plus `destination_extra`.
fn replication(delete_markers: &str, destination: &str, destination_extra: &str) -> String {
    format!(
        r#"
resource "aws_s3_bucket_replication_configuration" "this" {{
  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]

  bucket = aws_s3_bucket.source.id
  role   = "arn:aws:iam::111111111111:role/replication"

  rule {{
    id     = "all"
    status = "Enabled"

    filter {{}}

    delete_marker_replication {{
      status = "{delete_markers}"
    }}

    destination {{
      bucket = {destination}{destination_extra}
    }}
  }}
}}
"#
    )
}

/// The destination bucket policy granting `actions` to `principal` on the replica's objects.
fn bucket_policy(principal: &str, actions: &str) -> String {
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

const ROLE_ARN: &str = "arn:aws:iam::111111111111:role/replication";
const BOTH: &str = r#""s3:ReplicateObject", "s3:ReplicateDelete""#;

/// A cross-account Terraform set-up: destination in account 222222222222 (provider and
/// `account`), with `extra` appended.
fn cross_tf(delete_markers: &str, destination_extra: &str, extra: &str) -> String {
    format!(
        "{PROVIDERS}{}{}{extra}",
        buckets("aws.replica", ""),
        replication(
            delete_markers,
            "aws_s3_bucket.replica.arn",
            &format!("\n      account = \"222222222222\"{destination_extra}"),
        )
    )
}

/// A same-account Terraform set-up (one provider), with `extra` appended.
fn same_tf(destination_extra: &str, replica_extra: &str, extra: &str) -> String {
    format!(
        "provider \"aws\" {{\n  region = \"us-east-1\"\n}}\n{}{}{extra}",
        buckets("aws", replica_extra),
        replication("Enabled", "aws_s3_bucket.replica.arn", destination_extra)
    )
}

const ACT: &str = r#"
      access_control_translation {
        owner = "Destination"
      }"#;

/// A CloudFormation source template (account 111111111111 through the role ARN) replicating into
/// `audit-dst` of account `account`, with `destination_extra` lines (indented 14) appended to
/// the destination and `delete_markers` as the delete marker status.
fn cfn_source(account: &str, delete_markers: &str, destination_extra: &str) -> String {
    format!(
        r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Source:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: audit-src
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:
        Role: arn:aws:iam::111111111111:role/replication
        Rules:
          - Id: all
            Status: Enabled
            Priority: 1
            Filter:
              Prefix: ""
            DeleteMarkerReplication:
              Status: {delete_markers}
            Destination:
              Bucket: arn:aws:s3:::audit-dst
              Account: {account}{destination_extra}
"#
    )
}

/// A CloudFormation destination template holding bucket `audit-dst` with `extra` resources.
fn cfn_destination(bucket_extra: &str, extra: &str) -> String {
    format!(
        r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Replica:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: audit-dst
      VersioningConfiguration:
        Status: Enabled{bucket_extra}
{extra}"#
    )
}

/// A destination bucket policy (CloudFormation) granting `actions` (YAML flow list).
fn cfn_policy(actions: &str) -> String {
    format!(
        r#"  ReplicaPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Replica
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS: arn:aws:iam::111111111111:role/replication
            Action: {actions}
            Resource: arn:aws:s3:::audit-dst/*
"#
    )
}

// ---------------------------------------------------------------------------------------------
// RL501 destination-bucket-policy
// ---------------------------------------------------------------------------------------------

#[test]
fn rl501_cross_account_destination_without_bucket_policy_is_reported_at_the_bucket() {
    let text = cross_tf("Enabled", "", "");
    assert_eq!(
        lint(&[("main.tf", &text)], &["RL501"]),
        vec![expect(
            "RL501",
            "error",
            "main.tf",
            at(&text, r#"resource "aws_s3_bucket" "replica""#)
        )]
    );
}

#[test]
fn rl501_policy_without_replicate_delete_while_delete_markers_replicate() {
    let text = cross_tf(
        "Enabled",
        "",
        &bucket_policy(ROLE_ARN, r#""s3:ReplicateObject""#),
    );
    let expected = after(&text, "jsonencode(");
    assert_eq!(
        lint(&[("main.tf", &text)], &["RL501"]),
        vec![expect("RL501", "error", "main.tf", expected)]
    );
}

#[test]
fn rl501_no_replicate_delete_needed_when_delete_markers_are_disabled() {
    let text = cross_tf(
        "Disabled",
        "",
        &bucket_policy(ROLE_ARN, r#""s3:ReplicateObject""#),
    );
    assert_eq!(
        lint(&[("main.tf", &text)], &["RL501"]),
        Vec::<String>::new()
    );
}

#[test]
fn rl501_a_full_grant_to_the_role_or_to_the_source_account_passes() {
    for principal in [ROLE_ARN, "arn:aws:iam::111111111111:root", "111111111111"] {
        let text = cross_tf("Enabled", "", &bucket_policy(principal, BOTH));
        assert_eq!(
            lint(&[("main.tf", &text)], &["RL501", "RL506"]),
            Vec::<String>::new(),
            "{principal}"
        );
    }
}

#[test]
fn rl501_same_account_needs_no_bucket_policy() {
    let text = same_tf("", "", "");
    assert_eq!(
        lint(&[("main.tf", &text)], &["RL501"]),
        Vec::<String>::new()
    );
}

#[test]
fn rl501_grant_to_another_role_is_no_grant() {
    let text = cross_tf(
        "Enabled",
        "",
        &bucket_policy("arn:aws:iam::111111111111:role/other", BOTH),
    );
    assert_eq!(lint(&[("main.tf", &text)], &["RL501"]).len(), 1);
}

#[test]
fn rl501_legacy_inline_v3_configuration() {
    let text = format!(
        r#"{PROVIDERS}
resource "aws_s3_bucket" "replica" {{
  provider = aws.replica
  bucket   = "audit-dst"
  versioning {{
    enabled = true
  }}
}}

resource "aws_s3_bucket" "source" {{
  bucket = "audit-src"
  versioning {{
    enabled = true
  }}
  replication_configuration {{
    role = "arn:aws:iam::111111111111:role/replication"
    rules {{
      id     = "all"
      status = "Enabled"
      prefix = ""
      destination {{
        bucket     = aws_s3_bucket.replica.arn
        account_id = "222222222222"
      }}
    }}
  }}
}}
"#
    );
    assert_eq!(
        lint(&[("main.tf", &text)], &["RL501"]),
        vec![expect(
            "RL501",
            "error",
            "main.tf",
            at(&text, r#"resource "aws_s3_bucket" "replica""#)
        )]
    );
    // A V1 rule replicates delete markers: s3:ReplicateObject alone is not enough.
    let partial = format!(
        "{text}{}",
        bucket_policy(ROLE_ARN, r#""s3:ReplicateObject""#)
    );
    assert_eq!(lint(&[("main.tf", &partial)], &["RL501"]).len(), 1);
    let full = format!("{text}{}", bucket_policy(ROLE_ARN, BOTH));
    assert_eq!(
        lint(&[("main.tf", &full)], &["RL501"]),
        Vec::<String>::new()
    );
}

#[test]
fn rl501_unknown_accounts_never_alarm() {
    // The destination provider assumes a role given by a variable without default.
    let unknown_provider = PROVIDERS.replace(
        r#""arn:aws:iam::222222222222:role/terraform""#,
        "var.replica_role",
    );
    let text = format!(
        "variable \"replica_role\" {{}}\n{unknown_provider}{}{}",
        buckets("aws.replica", ""),
        replication("Enabled", "aws_s3_bucket.replica.arn", "")
    );
    assert_eq!(alarms(&[("main.tf", &text)]), Vec::<String>::new());
    // The destination account is a variable without default, the bucket a data source.
    let text = format!(
        "variable \"account\" {{}}\ndata \"aws_s3_bucket\" \"replica\" {{\n  bucket = \"audit-dst\"\n}}\n{}{}",
        buckets("aws", ""),
        replication(
            "Enabled",
            "data.aws_s3_bucket.replica.arn",
            "\n      account = var.account"
        )
    );
    assert_eq!(alarms(&[("main.tf", &text)]), Vec::<String>::new());
}

#[test]
fn rl501_cloudformation_destination_in_another_template() {
    let source = cfn_source("\"222222222222\"", "Enabled", "");
    let destination = cfn_destination("", "");
    assert_eq!(
        lint(
            &[("src.yaml", &source), ("dst.yaml", &destination)],
            &["RL501", "RL506"]
        ),
        vec![expect(
            "RL501",
            "error",
            "dst.yaml",
            at(&destination, "Replica:")
        )]
    );
    let partial = cfn_destination("", &cfn_policy("[s3:ReplicateObject]"));
    assert_eq!(
        lint(&[("src.yaml", &source), ("dst.yaml", &partial)], &["RL501"]),
        vec![expect(
            "RL501",
            "error",
            "dst.yaml",
            at(&partial, "Version: \"2012-10-17\"\n        Statement")
        )]
    );
    let full = cfn_destination("", &cfn_policy("[s3:ReplicateObject, s3:ReplicateDelete]"));
    assert_eq!(
        lint(&[("src.yaml", &source), ("dst.yaml", &full)], &["RL501"]),
        Vec::<String>::new()
    );
}

#[test]
fn rl501_cloudformation_import_value_account_never_alarms() {
    let source = cfn_source("!ImportValue ReplicaAccount", "Enabled", "");
    let destination = cfn_destination("", "");
    assert_eq!(
        alarms(&[("src.yaml", &source), ("dst.yaml", &destination)]),
        Vec::<String>::new()
    );
    let role = cfn_source("\"222222222222\"", "Enabled", "").replace(
        "Role: arn:aws:iam::111111111111:role/replication",
        "Role: !ImportValue ReplicationRoleArn",
    );
    assert_eq!(
        alarms(&[("src.yaml", &role), ("dst.yaml", &destination)]),
        Vec::<String>::new()
    );
}

/// A cross-account plan: role ARN in 111111111111, destination account 222222222222.
fn cross_plan(rule_destination: serde_json::Value, extra: Vec<plan::PlanResource>) -> String {
    let mut setup = plan::valid_setup();
    setup.pop();
    setup.push(
        plan::resource(
            "aws_s3_bucket_replication_configuration.this",
            json!({
                "bucket": "orders-src",
                "role": ROLE_ARN,
                "token": null,
                "rule": [{
                    "id": "all",
                    "status": "Enabled",
                    "priority": 0,
                    "prefix": "",
                    "filter": [{ "prefix": "", "tag": [], "and": [] }],
                    "delete_marker_replication": [{ "status": "Enabled" }],
                    "destination": [rule_destination],
                    "existing_object_replication": [],
                    "source_selection_criteria": []
                }]
            }),
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
    setup.extend(extra);
    plan::render(&setup)
}

fn plan_destination(account: &str, act: bool) -> serde_json::Value {
    json!({
        "bucket": "arn:aws:s3:::orders-dst",
        "account": account,
        "storage_class": "STANDARD",
        "access_control_translation": if act { json!([{ "owner": "Destination" }]) } else { json!([]) },
        "encryption_configuration": [],
        "metrics": [],
        "replication_time": []
    })
}

#[test]
fn rl501_plan_destination_without_bucket_policy() {
    let text = cross_plan(plan_destination("222222222222", false), vec![]);
    let found = lint(&[("plan.json", &text)], &["RL501", "RL506"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("RL501:error plan.json:"), "{found:?}");
    // Same plan, same account: nothing.
    let text = cross_plan(plan_destination("", false), vec![]);
    assert_eq!(
        lint(&[("plan.json", &text)], &["RL501", "RL506"]),
        Vec::<String>::new()
    );
}

// ---------------------------------------------------------------------------------------------
// RL502 destination-policy-owner-override
// ---------------------------------------------------------------------------------------------

#[test]
fn rl502_owner_override_missing_from_the_destination_bucket_policy() {
    let text = cross_tf("Enabled", ACT, &bucket_policy(ROLE_ARN, BOTH));
    assert_eq!(
        lint(&[("main.tf", &text)], &["RL501", "RL502", "RL503", "RL504"]),
        vec![expect(
            "RL502",
            "error",
            "main.tf",
            after(&text, "jsonencode(")
        )]
    );
    let granted = cross_tf(
        "Enabled",
        ACT,
        &bucket_policy(
            ROLE_ARN,
            r#""s3:ReplicateObject", "s3:ReplicateDelete", "s3:ObjectOwnerOverrideToBucketOwner""#,
        ),
    );
    assert_eq!(
        lint(
            &[("main.tf", &granted)],
            &["RL501", "RL502", "RL503", "RL504"]
        ),
        Vec::<String>::new()
    );
}

#[test]
fn rl502_not_without_access_control_translation_nor_with_bucket_owner_enforced() {
    let text = cross_tf("Enabled", "", &bucket_policy(ROLE_ARN, BOTH));
    assert_eq!(
        lint(&[("main.tf", &text)], &["RL502"]),
        Vec::<String>::new()
    );
    let enforced = cross_tf(
        "Enabled",
        ACT,
        &format!(
            "{}{}",
            bucket_policy(ROLE_ARN, BOTH),
            r#"
resource "aws_s3_bucket_ownership_controls" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
"#
        ),
    );
    assert_eq!(
        lint(&[("main.tf", &enforced)], &["RL502", "RL503", "RL504"]),
        vec![expect(
            "RL503",
            "info",
            "main.tf",
            at(&enforced, "access_control_translation {")
        )]
    );
}

#[test]
fn rl502_cloudformation_and_plan() {
    let source = cfn_source(
        "\"222222222222\"",
        "Enabled",
        "\n              AccessControlTranslation:\n                Owner: Destination",
    );
    let destination = cfn_destination("", &cfn_policy("[s3:ReplicateObject, s3:ReplicateDelete]"));
    assert_eq!(
        lint(
            &[("src.yaml", &source), ("dst.yaml", &destination)],
            &["RL501", "RL502", "RL503", "RL504"]
        ),
        vec![expect(
            "RL502",
            "error",
            "dst.yaml",
            at(&destination, "Version: \"2012-10-17\"\n        Statement")
        )]
    );
    let text = cross_plan(
        plan_destination("222222222222", true),
        vec![plan::resource(
            "aws_s3_bucket_policy.replica",
            json!({
                "bucket": "orders-dst",
                "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:role/replication\"},\"Action\":[\"s3:ReplicateObject\",\"s3:ReplicateDelete\"],\"Resource\":\"arn:aws:s3:::orders-dst/*\"}]}"
            }),
        )],
    );
    let found = lint(
        &[("plan.json", &text)],
        &["RL501", "RL502", "RL503", "RL504"],
    );
    assert_eq!(
        found,
        vec![expect(
            "RL502",
            "error",
            "plan.json",
            after(
                &text,
                "\"bucket\": \"orders-dst\",\n            \"policy\": "
            )
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// RL503 owner-enforced-simplification
// ---------------------------------------------------------------------------------------------

#[test]
fn rl503_cloudformation_bucket_owner_enforced_destination() {
    let text = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Source:
    Type: AWS::S3::Bucket
    Properties:
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
              Status: Disabled
            Destination:
              Bucket: !GetAtt Replica.Arn
              Account: "222222222222"
              AccessControlTranslation:
                Owner: Destination
  Replica:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
      OwnershipControls:
        Rules:
          - ObjectOwnership: BucketOwnerEnforced
"#;
    let found = lint(&[("t.yaml", text)], &["RL503"]);
    assert_eq!(
        found,
        vec![expect(
            "RL503",
            "info",
            "t.yaml",
            at(text, "AccessControlTranslation:")
        )]
    );
    let preferred = text.replace("BucketOwnerEnforced", "BucketOwnerPreferred");
    assert_eq!(
        lint(&[("t.yaml", &preferred)], &["RL503"]),
        Vec::<String>::new()
    );
}

// ---------------------------------------------------------------------------------------------
// RL504 owner-override-same-account
// ---------------------------------------------------------------------------------------------

#[test]
fn rl504_same_account_owner_override() {
    let text = same_tf("\n      account = \"111111111111\"", "", "").replace(
        "account = \"111111111111\"",
        &format!("account = \"111111111111\"{ACT}"),
    );
    assert_eq!(
        lint(&[("main.tf", &text)], &["RL501", "RL502", "RL504"]),
        vec![expect(
            "RL504",
            "warning",
            "main.tf",
            at(&text, "access_control_translation {")
        )]
    );
    // Cross-account: no RL504.
    let cross = cross_tf(
        "Enabled",
        ACT,
        &bucket_policy(
            ROLE_ARN,
            r#""s3:ReplicateObject", "s3:ReplicateDelete", "s3:ObjectOwnerOverrideToBucketOwner""#,
        ),
    );
    assert_eq!(
        lint(&[("main.tf", &cross)], &["RL504"]),
        Vec::<String>::new()
    );
}

#[test]
fn rl504_cloudformation_account_id_of_the_stack() {
    let text = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Source:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:
        Role: !GetAtt Role.Arn
        Rules:
          - Status: Enabled
            Priority: 1
            Filter:
              Prefix: ""
            DeleteMarkerReplication:
              Status: Disabled
            Destination:
              Bucket: !GetAtt Replica.Arn
              Account: !Ref AWS::AccountId
              AccessControlTranslation:
                Owner: Destination
  Replica:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: s3.amazonaws.com
            Action: sts:AssumeRole
"#;
    assert_eq!(
        lint(&[("t.yaml", text)], &["RL502", "RL504"]),
        vec![expect(
            "RL504",
            "warning",
            "t.yaml",
            at(text, "AccessControlTranslation:")
        )]
    );
    // The account is an ImportValue and the bucket outside the files: undecidable, silent.
    let unknown = text
        .replace("Account: !Ref AWS::AccountId", "Account: !ImportValue Acct")
        .replace(
            "Bucket: !GetAtt Replica.Arn",
            "Bucket: arn:aws:s3:::elsewhere",
        );
    assert_eq!(alarms(&[("t.yaml", &unknown)]), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// RL505 requester-pays-destination
// ---------------------------------------------------------------------------------------------

const REQUESTER_PAYS: &str = r#"
resource "aws_s3_bucket_request_payment_configuration" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  payer    = "Requester"
}
"#;

#[test]
fn rl505_cross_account_requester_pays_destination() {
    let extra = format!("{}{REQUESTER_PAYS}", bucket_policy(ROLE_ARN, BOTH));
    let text = cross_tf("Enabled", "", &extra);
    assert_eq!(
        lint(&[("main.tf", &text)], &["RL505"]),
        vec![expect(
            "RL505",
            "error",
            "main.tf",
            at(&text, "\"Requester\"")
        )]
    );
    let owner = text.replace("\"Requester\"", "\"BucketOwner\"");
    assert_eq!(
        lint(&[("main.tf", &owner)], &["RL505"]),
        Vec::<String>::new()
    );
    // Same account: nothing.
    let same = same_tf("", "", &REQUESTER_PAYS.replace("aws.replica", "aws"));
    assert_eq!(
        lint(&[("main.tf", &same)], &["RL505"]),
        Vec::<String>::new()
    );
}

#[test]
fn rl505_legacy_request_payer_argument_and_plan() {
    let text = format!(
        "{PROVIDERS}{}{}{}",
        buckets("aws.replica", "\n  request_payer = \"Requester\""),
        replication(
            "Enabled",
            "aws_s3_bucket.replica.arn",
            "\n      account = \"222222222222\""
        ),
        bucket_policy(ROLE_ARN, BOTH)
    );
    assert_eq!(
        lint(&[("main.tf", &text)], &["RL505"]),
        vec![expect(
            "RL505",
            "error",
            "main.tf",
            at(&text, "\"Requester\"")
        )]
    );
    let plan_text = cross_plan(
        plan_destination("222222222222", false),
        vec![plan::resource(
            "aws_s3_bucket_request_payment_configuration.replica",
            json!({ "bucket": "orders-dst", "payer": "Requester", "expected_bucket_owner": "" }),
        )],
    );
    assert_eq!(
        lint(&[("plan.json", &plan_text)], &["RL505"]),
        vec![expect(
            "RL505",
            "error",
            "plan.json",
            at(&plan_text, "\"Requester\"")
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// RL506 cross-account-delete-markers
// ---------------------------------------------------------------------------------------------

#[test]
fn rl506_cross_account_delete_markers_into_a_bucket_outside_the_files() {
    let text = format!(
        "{}{}",
        buckets("aws", ""),
        replication(
            "Enabled",
            "\"arn:aws:s3:::partner-dst\"",
            "\n      account = \"222222222222\""
        )
    );
    let found = lint(&[("main.tf", &text)], &["RL501", "RL506"]);
    assert_eq!(
        found,
        vec![expect(
            "RL506",
            "info",
            "main.tf",
            at(&text, "status = \"Enabled\"\n    }").replace(":7", ":16")
        )]
    );
    let disabled = text.replace(
        "delete_marker_replication {\n      status = \"Enabled\"",
        "delete_marker_replication {\n      status = \"Disabled\"",
    );
    assert_eq!(
        lint(&[("main.tf", &disabled)], &["RL506"]),
        Vec::<String>::new()
    );
    // Same account (explicit): nothing.
    let same = text.replace("222222222222", "111111111111");
    assert_eq!(
        lint(&[("main.tf", &same)], &["RL506"]),
        Vec::<String>::new()
    );
}

#[test]
fn rl506_cloudformation() {
    let text = cfn_source("\"222222222222\"", "Enabled", "")
        .replace("arn:aws:s3:::audit-dst", "arn:aws:s3:::partner-dst");
    assert_eq!(
        lint(&[("src.yaml", &text)], &["RL501", "RL506"]),
        vec![expect(
            "RL506",
            "info",
            "src.yaml",
            at_nth(&text, "Enabled", 2)
        )]
    );
    let unknown = text.replace("Account: \"222222222222\"", "Account: !ImportValue Acct");
    assert_eq!(
        lint(&[("src.yaml", &unknown)], &["RL506"]),
        Vec::<String>::new()
    );
}

// ---------------------------------------------------------------------------------------------
// RL601 object-lock-destination
// ---------------------------------------------------------------------------------------------

#[test]
fn rl601_locked_source_and_unlocked_destination() {
    let locked = same_tf("", "", "").replace(
        "bucket = \"audit-src\"",
        "bucket = \"audit-src\"\n  object_lock_enabled = true",
    );
    assert_eq!(
        lint(&[("main.tf", &locked)], &["RL601"]),
        vec![expect(
            "RL601",
            "error",
            "main.tf",
            at(&locked, r#"resource "aws_s3_bucket" "replica""#)
        )]
    );
    // An explicit false is the most specific element.
    let explicit = same_tf("", "\n  object_lock_enabled = false", "").replace(
        "bucket = \"audit-src\"",
        "bucket = \"audit-src\"\n  object_lock_enabled = true",
    );
    let found = lint(&[("main.tf", &explicit)], &["RL601"]);
    assert_eq!(found.len(), 1);
    let line = at(&explicit, "object_lock_enabled = false");
    assert!(
        found[0].contains(&format!("main.tf:{}", line.split(':').next().unwrap())),
        "{found:?} vs {line}"
    );
    // Both locked: nothing.
    let both = same_tf("", "\n  object_lock_enabled = true", "").replace(
        "bucket = \"audit-src\"",
        "bucket = \"audit-src\"\n  object_lock_enabled = true",
    );
    assert_eq!(
        lint(&[("main.tf", &both)], &["RL601"]),
        Vec::<String>::new()
    );
    // The destination's lock is a variable without default: silent.
    let unknown = format!(
        "variable \"lock\" {{}}\n{}",
        same_tf("", "\n  object_lock_enabled = var.lock", "").replace(
            "bucket = \"audit-src\"",
            "bucket = \"audit-src\"\n  object_lock_enabled = true",
        )
    );
    assert_eq!(alarms(&[("main.tf", &unknown)]), Vec::<String>::new());
}

#[test]
fn rl601_legacy_inline_object_lock_configuration() {
    let text = r#"resource "aws_s3_bucket" "replica" {
  bucket = "audit-dst"
  versioning {
    enabled = true
  }
}

resource "aws_s3_bucket" "source" {
  bucket = "audit-src"
  versioning {
    enabled = true
  }
  object_lock_configuration {
    object_lock_enabled = "Enabled"
  }
  replication_configuration {
    role = "arn:aws:iam::111111111111:role/replication"
    rules {
      id     = "all"
      status = "Enabled"
      filter {}
      delete_marker_replication_status = "Enabled"
      destination {
        bucket = aws_s3_bucket.replica.arn
      }
    }
  }
}
"#;
    assert_eq!(
        lint(&[("main.tf", text)], &["RL601"]),
        vec![expect(
            "RL601",
            "error",
            "main.tf",
            at(text, r#"resource "aws_s3_bucket" "replica""#)
        )]
    );
}

#[test]
fn rl601_cloudformation_and_plan() {
    let text = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Source:
    Type: AWS::S3::Bucket
    Properties:
      ObjectLockEnabled: true
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
              Status: Disabled
            Destination:
              Bucket: !GetAtt Replica.Arn
  Replica:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
"#;
    assert_eq!(
        lint(&[("t.yaml", text)], &["RL601"]),
        vec![expect("RL601", "error", "t.yaml", at(text, "Replica:"))]
    );
    let fixed = text.replace(
        "  Replica:\n    Type: AWS::S3::Bucket\n    Properties:\n",
        "  Replica:\n    Type: AWS::S3::Bucket\n    Properties:\n      ObjectLockEnabled: true\n",
    );
    assert_eq!(
        lint(&[("t.yaml", &fixed)], &["RL601"]),
        Vec::<String>::new()
    );
    // The destination's setting is an imported value: silent.
    let unknown = text.replace(
        "  Replica:\n    Type: AWS::S3::Bucket\n    Properties:\n",
        "  Replica:\n    Type: AWS::S3::Bucket\n    Properties:\n      ObjectLockEnabled: !ImportValue Lock\n",
    );
    assert_eq!(alarms(&[("t.yaml", &unknown)]), Vec::<String>::new());

    let mut setup = plan::valid_setup();
    setup[0] = plan::resource(
        "aws_s3_bucket.source",
        json!({ "bucket": "orders-src", "force_destroy": false, "object_lock_enabled": true }),
    );
    setup[1] = plan::resource(
        "aws_s3_bucket.replica",
        json!({ "bucket": "orders-dst", "force_destroy": false, "object_lock_enabled": false }),
    );
    let plan_text = plan::render(&setup);
    assert_eq!(
        lint(&[("plan.json", &plan_text)], &["RL601"]),
        vec![expect(
            "RL601",
            "error",
            "plan.json",
            at_nth(&plan_text, "\"object_lock_enabled\": false", 0)
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// RL602 replica-modifications-pair, RL603 replication-chain
// ---------------------------------------------------------------------------------------------

/// Buckets `names` with versioning, and one replication configuration per (from, to, sync).
fn topology(names: &[&str], edges: &[(&str, &str, &str)]) -> String {
    let mut out = String::new();
    for name in names {
        out.push_str(&format!(
            r#"resource "aws_s3_bucket" "{name}" {{
  bucket = "audit-{name}"
}}

resource "aws_s3_bucket_versioning" "{name}" {{
  bucket = aws_s3_bucket.{name}.id
  versioning_configuration {{
    status = "Enabled"
  }}
}}

"#
        ));
    }
    for (from, to, sync) in edges {
        let sync = if sync.is_empty() {
            String::new()
        } else {
            format!(
                "\n    source_selection_criteria {{\n      replica_modifications {{\n        status = \"{sync}\"\n      }}\n    }}\n"
            )
        };
        out.push_str(&format!(
            r#"resource "aws_s3_bucket_replication_configuration" "{from}" {{
  depends_on = [aws_s3_bucket_versioning.{from}, aws_s3_bucket_versioning.{to}]
  bucket     = aws_s3_bucket.{from}.id
  role       = "arn:aws:iam::111111111111:role/replication"

  rule {{
    id     = "to-{to}"
    status = "Enabled"

    filter {{}}

    delete_marker_replication {{
      status = "Enabled"
    }}
{sync}
    destination {{
      bucket = aws_s3_bucket.{to}.arn
    }}
  }}
}}

"#
        ));
    }
    out
}

#[test]
fn rl602_one_way_sync_and_two_way_pairs() {
    let one_way = topology(&["a", "b"], &[("a", "b", "Enabled")]);
    assert_eq!(
        lint(&[("main.tf", &one_way)], &["RL602", "RL603"]),
        vec![expect(
            "RL602",
            "warning",
            "main.tf",
            after(&one_way, "replica_modifications {\n        status = ")
        )]
    );
    let both = topology(&["a", "b"], &[("a", "b", "Enabled"), ("b", "a", "Enabled")]);
    assert_eq!(
        lint(&[("main.tf", &both)], &["RL602", "RL603"]),
        Vec::<String>::new()
    );
    let back_without = topology(&["a", "b"], &[("a", "b", "Enabled"), ("b", "a", "")]);
    let reverse = format!(
        "{}:3",
        at(
            &back_without,
            "resource \"aws_s3_bucket_replication_configuration\" \"b\""
        )
        .split(':')
        .next()
        .unwrap()
        .parse::<usize>()
        .unwrap()
            + 5
    );
    assert_eq!(
        lint(&[("main.tf", &back_without)], &["RL602", "RL603"]),
        vec![expect("RL602", "warning", "main.tf", reverse)]
    );
    // Disabled sync in the reverse direction is the same as none.
    let disabled = topology(
        &["a", "b"],
        &[("a", "b", "Enabled"), ("b", "a", "Disabled")],
    );
    assert_eq!(lint(&[("main.tf", &disabled)], &["RL602"]).len(), 1);
    // Two-way without sync on either side: nothing.
    let plain = topology(&["a", "b"], &[("a", "b", ""), ("b", "a", "")]);
    assert_eq!(
        lint(&[("main.tf", &plain)], &["RL602", "RL603"]),
        Vec::<String>::new()
    );
}

#[test]
fn rl603_chain_is_noted_at_the_second_hop() {
    let chain = topology(&["a", "b", "c"], &[("a", "b", ""), ("b", "c", "")]);
    assert_eq!(
        lint(&[("main.tf", &chain)], &["RL602", "RL603"]),
        vec![expect(
            "RL603",
            "info",
            "main.tf",
            at(&chain, "bucket = aws_s3_bucket.c.arn")
        )]
    );
    let fan_out = topology(&["a", "b", "c"], &[("a", "b", ""), ("a", "c", "")]);
    assert_eq!(
        lint(&[("main.tf", &fan_out)], &["RL603"]),
        Vec::<String>::new()
    );
}

#[test]
fn rl602_rl603_cloudformation() {
    let text = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  A:
    Type: AWS::S3::Bucket
    Properties:
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
              Status: Disabled
            SourceSelectionCriteria:
              ReplicaModifications:
                Status: Enabled
            Destination:
              Bucket: !GetAtt B.Arn
  B:
    Type: AWS::S3::Bucket
    Properties:
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
              Status: Disabled
            Destination:
              Bucket: !GetAtt C.Arn
  C:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
"#;
    assert_eq!(
        lint(&[("t.yaml", text)], &["RL602", "RL603"]),
        vec![
            expect(
                "RL602",
                "warning",
                "t.yaml",
                after(text, "ReplicaModifications:\n                Status: ")
            ),
            expect("RL603", "info", "t.yaml", at(text, "Bucket: !GetAtt C.Arn")),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// RL701 existing-objects, RL702 outside-policies, RL703 tag-filter-at-creation
// ---------------------------------------------------------------------------------------------

#[test]
fn rl701_rl702_are_off_by_default_and_on_with_explain_gaps_or_select() {
    let text = same_tf("", "", "");
    assert_eq!(
        lint(&[("main.tf", &text)], &["RL701", "RL702"]),
        Vec::<String>::new()
    );
    let expected = vec![
        expect(
            "RL701",
            "info",
            "main.tf",
            at(&text, "bucket = aws_s3_bucket.source.id\n  role"),
        ),
        expect("RL702", "info", "main.tf", at(&text, "role   = \"arn")),
    ];
    let gaps = repl_lint::Options {
        explain_gaps: true,
        ..Default::default()
    };
    assert_eq!(
        lint_with(&[("main.tf", &text)], gaps, &["RL701", "RL702"]),
        expected
    );
    let selected = repl_lint::Options {
        select: vec!["RL701".into(), "outside-policies".into()],
        ..Default::default()
    };
    assert_eq!(
        lint_with(&[("main.tf", &text)], selected, AUDITED),
        expected
    );
}

#[test]
fn rl702_once_per_role_and_rl701_once_per_source_bucket() {
    // Two sources share one role: one RL702 note, two RL701 notes.
    let text = topology(&["a", "b", "c"], &[("a", "c", ""), ("b", "c", "")]);
    let gaps = repl_lint::Options {
        explain_gaps: true,
        ..Default::default()
    };
    assert_eq!(
        lint_with(&[("main.tf", &text)], gaps, &["RL701", "RL702"]),
        vec![
            expect(
                "RL701",
                "info",
                "main.tf",
                at(&text, "bucket     = aws_s3_bucket.a.id")
            ),
            expect(
                "RL701",
                "info",
                "main.tf",
                at(&text, "bucket     = aws_s3_bucket.b.id")
            ),
            expect("RL702", "info", "main.tf", at(&text, "role       = \"arn")),
        ]
    );
}

#[test]
fn rl703_tag_filters() {
    let text = format!(
        "{}{}",
        buckets("aws", ""),
        replication("Disabled", "aws_s3_bucket.replica.arn", "")
    )
    .replace(
        "filter {}",
        "filter {\n      tag {\n        key   = \"replicate\"\n        value = \"yes\"\n      }\n    }",
    );
    assert_eq!(
        lint(&[("main.tf", &text)], &["RL703"]),
        vec![expect("RL703", "info", "main.tf", at(&text, "tag {"))]
    );
    let and = format!(
        "{}{}",
        buckets("aws", ""),
        replication("Disabled", "aws_s3_bucket.replica.arn", "")
    )
    .replace(
        "filter {}",
        "filter {\n      and {\n        prefix = \"logs/\"\n        tags = {\n          team = \"data\"\n        }\n      }\n    }",
    );
    assert_eq!(
        lint(&[("main.tf", &and)], &["RL703"]),
        vec![expect("RL703", "info", "main.tf", at(&and, "team"))]
    );
    // A disabled rule and a prefix-only filter: nothing.
    let disabled = text.replace(
        "status = \"Enabled\"\n\n    filter",
        "status = \"Disabled\"\n\n    filter",
    );
    assert_ne!(disabled, text);
    assert_eq!(
        lint(&[("main.tf", &disabled)], &["RL703"]),
        Vec::<String>::new()
    );
    let plain = same_tf("", "", "");
    assert_eq!(
        lint(&[("main.tf", &plain)], &["RL703"]),
        Vec::<String>::new()
    );
}

#[test]
fn rl703_cloudformation_json_with_unicode_columns() {
    // One line, with non-ASCII text before the finding: columns count characters.
    let text = r#"{"Description": "Réplication des données – ünïcode", "Resources": {"Source": {"Type": "AWS::S3::Bucket", "Properties": {"VersioningConfiguration": {"Status": "Enabled"}, "ReplicationConfiguration": {"Role": "arn:aws:iam::111111111111:role/replication", "Rules": [{"Status": "Enabled", "Priority": 1, "Filter": {"TagFilter": {"Key": "replicate", "Value": "yes"}}, "DeleteMarkerReplication": {"Status": "Disabled"}, "Destination": {"Bucket": "arn:aws:s3:::elsewhere"}}]}}}}}"#;
    assert_eq!(
        lint(&[("t.json", text)], &["RL703"]),
        vec![expect("RL703", "info", "t.json", at(text, "{\"Key\""))]
    );
}

// ---------------------------------------------------------------------------------------------
// RL001-RL004
// ---------------------------------------------------------------------------------------------

#[test]
fn rl001_broken_files_are_reported_and_the_others_still_linted() {
    let good = format!(
        "{}{}",
        buckets("aws", ""),
        replication("Enabled", "aws_s3_bucket.replica.arn", "")
    );
    let broken_tf = "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \n}\n";
    let broken_yaml =
        "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: [unclosed\n";
    let found = lint(
        &[
            ("good/main.tf", &good),
            ("bad/main.tf", broken_tf),
            ("stack.yaml", broken_yaml),
        ],
        &["RL001", "RL003"],
    );
    // The good module is still linted: its external role is noted.
    assert_eq!(
        found,
        vec![
            expect(
                "RL001",
                "error",
                "bad/main.tf",
                after(broken_tf, "bucket = ")
            ),
            expect("RL001", "error", "stack.yaml", at(broken_yaml, "[unclosed")),
            expect("RL003", "info", "good/main.tf", at(&good, "role   = ")),
        ]
    );
}

#[test]
fn rl001_not_for_yaml_or_json_that_is_not_a_template() {
    let found = lint(
        &[
            ("compose.yaml", "services:\n  web: [unclosed\n"),
            ("data.json", "{\"a\": [1, 2,\n"),
        ],
        &["RL001"],
    );
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn rl002_undeclared_resource_but_not_variables_or_data_sources() {
    let text = format!(
        "{}{}",
        buckets("aws", ""),
        replication("Enabled", "aws_s3_bucket.replcia.arn", "")
    );
    assert_eq!(
        lint(&[("main.tf", &text)], &["RL002"]),
        vec![expect(
            "RL002",
            "info",
            "main.tf",
            at(&text, "aws_s3_bucket.replcia.arn")
        )]
    );
    let variable = format!(
        "variable \"dst\" {{}}\ndata \"aws_iam_role\" \"r\" {{\n  name = \"x\"\n}}\n{}{}",
        buckets("aws", ""),
        replication("Enabled", "var.dst", "")
    )
    .replace(
        "role   = \"arn:aws:iam::111111111111:role/replication\"",
        "role   = data.aws_iam_role.r.arn",
    );
    assert_eq!(
        lint(&[("main.tf", &variable)], &["RL002"]),
        Vec::<String>::new()
    );
    assert_eq!(alarms(&[("main.tf", &variable)]), Vec::<String>::new());
}

#[test]
fn rl003_external_role_and_import_value() {
    let text = format!(
        "{}{}",
        buckets("aws", ""),
        replication("Enabled", "aws_s3_bucket.replica.arn", "")
    );
    let found = lint(&[("main.tf", &text)], &["RL003"]);
    assert_eq!(
        found,
        vec![expect("RL003", "info", "main.tf", at(&text, "role   = "))]
    );
    let cfn = cfn_source("!Ref AWS::AccountId", "Enabled", "")
        .replace(
            "Role: arn:aws:iam::111111111111:role/replication",
            "Role: !ImportValue ReplicationRoleArn",
        )
        .replace(
            "Bucket: arn:aws:s3:::audit-dst",
            "Bucket: !GetAtt Replica.Arn",
        )
        + "  Replica:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled\n";
    let found = lint(&[("t.yaml", &cfn)], AUDITED);
    assert!(
        found.iter().all(|f| f.contains(":info ")),
        "ImportValue must not alarm: {found:?}"
    );
    assert!(
        found.iter().any(|f| f.starts_with("RL003:info t.yaml:")),
        "{found:?}"
    );
}

#[test]
fn rl004_unused_and_malformed_suppressions() {
    let text = r#"resource "aws_s3_bucket" "replica" {
  bucket = "audit-dst"
}

resource "aws_s3_bucket_versioning" "replica" {
  bucket = aws_s3_bucket.replica.id
  versioning_configuration {
    # repl-lint: ignore RL202 versioning is managed elsewhere
    status = "Enabled"
  }
}
"#;
    assert_eq!(lint(&[("main.tf", text)], &["RL004"]), Vec::<String>::new());
    let report = repl_lint::Options {
        report_unused_suppressions: true,
        ..Default::default()
    };
    assert_eq!(
        lint_with(&[("main.tf", text)], report, &["RL004"]),
        vec![expect("RL004", "info", "main.tf", at(text, "RL202"))]
    );
    let malformed = text.replace("RL202", "RL999");
    assert_eq!(
        lint(&[("main.tf", &malformed)], &["RL004"]),
        vec![expect("RL004", "info", "main.tf", at(&malformed, "RL999"))]
    );
}

// ---------------------------------------------------------------------------------------------
// The command line and the JSON report
// ---------------------------------------------------------------------------------------------

/// What one run of the binary gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `repl-lint ARGS` in `cwd`.
fn run(cwd: &Path, args: &[&str]) -> Run {
    let out = assert_cmd::Command::cargo_bin("repl-lint")
        .unwrap()
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    };
    record::cli(cwd, args, run.code, &run.stdout, &run.stderr);
    run
}

/// A directory with files.
fn directory(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// `RULE:severity` of each diagnostic of a JSON report, in report order.
fn rules_of(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}",
                d["rule"].as_str().unwrap(),
                d["severity"].as_str().unwrap()
            )
        })
        .collect()
}

/// Asserts that the first occurrences of `keys` in `text` come in this order.
fn assert_in_order(text: &str, keys: &[&str]) {
    let positions: Vec<usize> = keys
        .iter()
        .map(|k| text.find(k).unwrap_or_else(|| panic!("{k} missing")))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{keys:?} in {positions:?}"
    );
}

/// A set-up with one error (RL202: destination versioning Suspended), one warning (RL602) and
/// info notes (RL003 for the external role).
fn mixed() -> String {
    topology(&["a", "b"], &[("a", "b", "Enabled")])
}

#[test]
fn exit_codes_follow_fail_on() {
    let warning_only = directory(&[("main.tf", &mixed())]);
    let path = warning_only.path();
    assert_eq!(run(path, &["."]).code, 0);
    assert_eq!(run(path, &[".", "--fail-on", "error"]).code, 0);
    assert_eq!(run(path, &[".", "--fail-on", "warning"]).code, 1);
    assert_eq!(run(path, &[".", "--fail-on", "info"]).code, 1);
    assert_eq!(run(path, &[".", "--fail-on", "never"]).code, 0);
    let error = mixed().replace(
        "bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = \"Enabled\"",
        "bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = \"Suspended\"",
    );
    let error_dir = directory(&[("main.tf", &error)]);
    assert_eq!(run(error_dir.path(), &["."]).code, 1);
    assert_eq!(run(error_dir.path(), &[".", "--fail-on", "never"]).code, 0);
    // Ignoring the only error makes the run pass.
    assert_eq!(run(error_dir.path(), &[".", "--ignore", "RL202"]).code, 0);
    // Usage errors and a missing path: 2.
    assert_eq!(run(path, &["does-not-exist"]).code, 2);
    assert_eq!(run(path, &[".", "--fail-on", "sometimes"]).code, 2);
    assert_eq!(run(path, &[".", "--select", "RL9999"]).code, 2);
}

#[test]
fn an_empty_directory_exits_0_and_says_so() {
    let dir = directory(&[("README.md", "# nothing here\n")]);
    let out = run(dir.path(), &["."]);
    assert_eq!(out.code, 0);
    assert!(!out.stderr.trim().is_empty());
}

#[test]
fn a_broken_file_among_good_ones_and_every_file_broken() {
    let dir = directory(&[
        ("good/main.tf", &mixed()),
        ("bad/main.tf", "resource \"aws_s3_bucket\" \"x\" {\n"),
    ]);
    let out = run(dir.path(), &[".", "--format", "json"]);
    assert_eq!(out.code, 1, "RL001 is an error: {}", out.stdout);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let rules = rules_of(&report);
    assert_eq!(rules[0], "RL001:error");
    assert!(rules.contains(&"RL602:warning".to_string()), "{rules:?}");
    assert_eq!(report["summary"]["parse_errors"], 1);
    assert_eq!(report["summary"]["files_linted"], 2);
    // With RL001 not failing the run the good file's warning still decides.
    let all_bad = directory(&[
        ("a/main.tf", "resource \"aws_s3_bucket\" \"x\" {\n"),
        (
            "b.yaml",
            "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {\n",
        ),
    ]);
    let out = run(all_bad.path(), &[".", "--format", "json"]);
    assert_eq!(out.code, 2, "{}", out.stdout);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        rules_of(&report),
        vec!["RL001:error".to_string(), "RL001:error".to_string()]
    );
}

#[test]
fn json_report_fields_order_and_sorting() {
    let dir = directory(&[("infra/b.tf", &mixed()), ("infra/a/main.tf", &mixed())]);
    let out = run(
        dir.path(),
        &["infra", "--format", "json", "--fail-on", "never"],
    );
    assert_eq!(out.code, 0);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    // Keys in the contract's order (serde_json sorts its maps, so read the text).
    assert_in_order(
        &out.stdout,
        &["\"version\"", "\"tool\"", "\"diagnostics\"", "\"summary\""],
    );
    let first = &out.stdout[out.stdout.find("\"diagnostics\"").unwrap()..];
    assert_in_order(
        first,
        &[
            "\"rule\"",
            "\"name\"",
            "\"severity\"",
            "\"message\"",
            "\"file\"",
            "\"range\"",
            "\"resource\"",
            "\"related\"",
            "\"help\"",
            "\"url\"",
        ],
    );
    assert_in_order(
        &out.stdout,
        &[
            "\"files_linted\"",
            "\"files_skipped\"",
            "\"parse_errors\"",
            "\"errors\"",
            "\"warnings\"",
            "\"infos\"",
        ],
    );
    assert_eq!(report["version"], 1);
    assert_eq!(report["tool"]["name"], "repl-lint");
    assert!(report["tool"]["version"].is_string());
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert!(diagnostics.len() >= 4);
    for d in diagnostics {
        assert_eq!(d.as_object().unwrap().len(), 10, "{d}");
        let file = d["file"].as_str().unwrap();
        assert!(file.starts_with("infra/"), "relative with `/`: {file}");
        assert!(d["range"]["start"]["line"].as_u64().unwrap() >= 1);
        assert!(d["range"]["start"]["column"].as_u64().unwrap() >= 1);
        assert!(d["range"]["end"]["line"].is_u64());
        assert!(
            d["url"]
                .as_str()
                .unwrap()
                .contains(d["rule"].as_str().unwrap())
        );
    }
    // Sorted by file, line, column, rule.
    let key = |d: &serde_json::Value| {
        (
            d["file"].as_str().unwrap().to_string(),
            d["range"]["start"]["line"].as_u64().unwrap(),
            d["range"]["start"]["column"].as_u64().unwrap(),
            d["rule"].as_str().unwrap().to_string(),
        )
    };
    let keys: Vec<_> = diagnostics.iter().map(key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(keys[0].0, "infra/a/main.tf");
    // Counts agree with the diagnostics.
    let count = |s: &str| diagnostics.iter().filter(|d| d["severity"] == s).count();
    assert_eq!(report["summary"]["errors"], count("error"));
    assert_eq!(report["summary"]["warnings"], count("warning"));
    assert_eq!(report["summary"]["infos"], count("info"));
    // The RL602 warning names its configuration as `resource`.
    let rl602 = diagnostics.iter().find(|d| d["rule"] == "RL602").unwrap();
    assert_eq!(
        rl602["resource"],
        "aws_s3_bucket_replication_configuration.a"
    );
    assert_eq!(rl602["name"], "replica-modifications-pair");
}

#[test]
fn select_and_ignore_by_id_name_and_prefix() {
    let dir = directory(&[("main.tf", &mixed())]);
    let rules = |args: &[&str]| {
        let mut all = vec![".", "--format", "json", "--fail-on", "never"];
        all.extend_from_slice(args);
        let out = run(dir.path(), &all);
        let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let mut ids: Vec<String> = rules_of(&report)
            .into_iter()
            .map(|r| r[..5].to_string())
            .collect();
        ids.dedup();
        ids
    };
    assert_eq!(rules(&["--select", "RL602"]), ["RL602"]);
    assert_eq!(
        rules(&["--select", "replica-modifications-pair"]),
        ["RL602"]
    );
    assert_eq!(rules(&["--select", "RL6"]), ["RL602"]);
    assert!(!rules(&["--ignore", "RL6"]).contains(&"RL602".to_string()));
    assert!(!rules(&["--ignore", "replica-modifications-pair"]).contains(&"RL602".to_string()));
    assert_eq!(
        rules(&["--select", "RL0,RL6", "--ignore", "RL003"]),
        ["RL602"]
    );
    // Off-by-default rules run when selected explicitly.
    assert!(rules(&["--select", "RL7"]).contains(&"RL701".to_string()));
}

#[test]
fn plan_resource_is_the_plan_address() {
    let text = cross_plan(plan_destination("222222222222", false), vec![]);
    let dir = directory(&[("plan.json", &text)]);
    let out = run(
        dir.path(),
        &["plan.json", "--format", "json", "--select", "RL501"],
    );
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{}", out.stdout);
    assert_eq!(
        diagnostics[0]["resource"],
        "aws_s3_bucket_replication_configuration.this"
    );
    assert_eq!(diagnostics[0]["file"], "plan.json");
    assert_eq!(out.code, 1);
}

// ---------------------------------------------------------------------------------------------
// Edge cases
// ---------------------------------------------------------------------------------------------

/// A replication role defined in the files, created through the default provider (account
/// 111111111111), replacing the literal role ARN of the set-up.
const ROLE_IN_FILES: &str = r#"
resource "aws_iam_role" "replication" {
  name = "audit-replication"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "s3.amazonaws.com" }
    }]
  })
}
"#;

#[test]
fn rl501_role_in_the_files_granted_by_reference_or_by_literal_arn() {
    let with_role = |policy: String| {
        cross_tf("Enabled", "", &format!("{ROLE_IN_FILES}{policy}")).replace(
            "role   = \"arn:aws:iam::111111111111:role/replication\"",
            "role   = aws_iam_role.replication.arn",
        )
    };
    let by_reference =
        with_role(bucket_policy("ROLE", BOTH).replace("\"ROLE\"", "aws_iam_role.replication.arn"));
    assert_eq!(
        lint(&[("main.tf", &by_reference)], &["RL501"]),
        Vec::<String>::new()
    );
    let by_arn = with_role(bucket_policy(
        "arn:aws:iam::111111111111:role/audit-replication",
        BOTH,
    ));
    assert_eq!(
        lint(&[("main.tf", &by_arn)], &["RL501"]),
        Vec::<String>::new()
    );
    let wrong_account = with_role(bucket_policy(
        "arn:aws:iam::333333333333:role/audit-replication",
        BOTH,
    ));
    assert_eq!(
        lint(&[("main.tf", &wrong_account)], &["RL501"]),
        vec![expect(
            "RL501",
            "error",
            "main.tf",
            after(&wrong_account, "\n  policy = jsonencode(")
        )]
    );
}

#[test]
fn rl501_policy_document_data_source_and_bucket_by_name() {
    let text = cross_tf(
        "Enabled",
        "",
        r#"
data "aws_iam_policy_document" "replica" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111111111111:role/replication"]
    }
    actions   = ["s3:Replicate*"]
    resources = ["${aws_s3_bucket.replica.arn}/*"]
  }
}

resource "aws_s3_bucket_policy" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.bucket
  policy   = data.aws_iam_policy_document.replica.json
}
"#,
    );
    assert_eq!(
        lint(&[("main.tf", &text)], &["RL501", "RL003"])
            .iter()
            .filter(|f| f.starts_with("RL501"))
            .count(),
        0
    );
    let narrow = text.replace("s3:Replicate*", "s3:ReplicateObject");
    let found = lint(&[("main.tf", &narrow)], &["RL501"]);
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn rl504_legacy_inline_same_account() {
    let text = r#"resource "aws_s3_bucket" "replica" {
  bucket = "audit-dst"
  versioning {
    enabled = true
  }
}

resource "aws_s3_bucket" "source" {
  bucket = "audit-src"
  versioning {
    enabled = true
  }
  replication_configuration {
    role = "arn:aws:iam::111111111111:role/replication"
    rules {
      id     = "all"
      status = "Enabled"
      prefix = ""
      destination {
        bucket     = aws_s3_bucket.replica.arn
        account_id = "111111111111"
        access_control_translation {
          owner = "Destination"
        }
      }
    }
  }
}
"#;
    assert_eq!(
        lint(&[("main.tf", text)], &["RL502", "RL504"]),
        vec![expect(
            "RL504",
            "warning",
            "main.tf",
            at(text, "access_control_translation {")
        )]
    );
}

#[test]
fn rl601_object_lock_configuration_resources() {
    let lock = |name: &str, provider: &str| {
        format!(
            r#"
resource "aws_s3_bucket_object_lock_configuration" "{name}" {{
  provider = {provider}
  bucket   = aws_s3_bucket.{name}.id
  rule {{
    default_retention {{
      mode = "GOVERNANCE"
      days = 1
    }}
  }}
}}
"#
        )
    };
    let source_only = same_tf("", "", &lock("source", "aws"));
    assert_eq!(
        lint(&[("main.tf", &source_only)], &["RL601"]),
        vec![expect(
            "RL601",
            "error",
            "main.tf",
            at(&source_only, r#"resource "aws_s3_bucket" "replica""#)
        )]
    );
    let both = same_tf(
        "",
        "",
        &format!("{}{}", lock("source", "aws"), lock("replica", "aws")),
    );
    assert_eq!(
        lint(&[("main.tf", &both)], &["RL601"]),
        Vec::<String>::new()
    );
    // A disabled rule replicates nothing; a destination outside the files is not checked.
    let disabled = source_only.replace(
        "id     = \"all\"\n    status = \"Enabled\"",
        "id     = \"all\"\n    status = \"Disabled\"",
    );
    assert_ne!(disabled, source_only);
    assert_eq!(
        lint(&[("main.tf", &disabled)], &["RL601"]),
        Vec::<String>::new()
    );
    let outside = format!(
        "{}{}{}",
        buckets("aws", ""),
        replication("Enabled", "\"arn:aws:s3:::elsewhere\"", ""),
        lock("source", "aws")
    );
    assert_eq!(
        lint(&[("main.tf", &outside)], &["RL601"]),
        Vec::<String>::new()
    );
}

#[test]
fn rl602_rl703_in_a_plan() {
    let mut setup = plan::valid_setup();
    let last = setup.pop().unwrap();
    let _ = last;
    setup.push(
        plan::resource(
            "aws_s3_bucket_replication_configuration.this",
            json!({
                "bucket": "orders-src",
                "role": ROLE_ARN,
                "token": null,
                "rule": [{
                    "id": "all",
                    "status": "Enabled",
                    "priority": 0,
                    "prefix": "",
                    "filter": [{ "prefix": "", "tag": [{ "key": "replicate", "value": "yes" }], "and": [] }],
                    "delete_marker_replication": [{ "status": "Disabled" }],
                    "destination": [plan_destination("", false)],
                    "existing_object_replication": [],
                    "source_selection_criteria": [{
                        "replica_modifications": [{ "status": "Enabled" }],
                        "sse_kms_encrypted_objects": []
                    }]
                }]
            }),
        )
        .references("bucket", &["aws_s3_bucket.source.id", "aws_s3_bucket.source"])
        .depends_on(&[
            "aws_s3_bucket_versioning.source",
            "aws_s3_bucket_versioning.replica",
        ]),
    );
    let text = plan::render(&setup);
    assert_eq!(
        lint(&[("plan.json", &text)], &["RL602", "RL703"]),
        vec![
            expect(
                "RL602",
                "warning",
                "plan.json",
                after(
                    &text,
                    "\"replica_modifications\": [\n                      {\n                        \"status\": "
                )
            ),
            expect(
                "RL703",
                "info",
                "plan.json",
                after(&text, "\"tag\": [\n                      ")
            ),
        ]
    );
}

#[test]
fn rl703_legacy_inline_and_cloudformation_and_filter() {
    let text = r#"resource "aws_s3_bucket" "source" {
  bucket = "audit-src"
  versioning {
    enabled = true
  }
  replication_configuration {
    role = "arn:aws:iam::111111111111:role/replication"
    rules {
      id     = "tagged"
      status = "Enabled"
      filter {
        prefix = "logs/"
        tags = {
          replicate = "yes"
        }
      }
      destination {
        bucket = "arn:aws:s3:::elsewhere"
      }
    }
  }
}
"#;
    assert_eq!(
        lint(&[("main.tf", text)], &["RL703"]),
        vec![expect("RL703", "info", "main.tf", at(text, "replicate = "))]
    );
    let cfn = r#"Resources:
  Source:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:
        Role: arn:aws:iam::111111111111:role/replication
        Rules:
          - Status: Enabled
            Priority: 1
            Filter:
              And:
                Prefix: logs/
                TagFilters:
                  - Key: replicate
                    Value: "yes"
            DeleteMarkerReplication:
              Status: Disabled
            Destination:
              Bucket: arn:aws:s3:::elsewhere
"#;
    assert_eq!(
        lint(&[("t.yaml", cfn)], &["RL703"]),
        vec![expect("RL703", "info", "t.yaml", at(cfn, "Key: replicate"))]
    );
}

#[test]
fn rl002_cloudformation_getatt_of_a_missing_resource() {
    let text = r#"Resources:
  Source:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:
        Role: !GetAtt ReplicationRole.Arn
        Rules:
          - Status: Enabled
            Priority: 1
            Filter:
              Prefix: ""
            DeleteMarkerReplication:
              Status: Disabled
            Destination:
              Bucket: arn:aws:s3:::elsewhere
"#;
    assert_eq!(
        lint(&[("t.yaml", text)], &["RL002"]),
        vec![expect(
            "RL002",
            "info",
            "t.yaml",
            at(text, "!GetAtt ReplicationRole.Arn")
        )]
    );
}

#[test]
fn broken_plan_and_template_json_are_rl001_but_unrelated_broken_json_is_skipped() {
    let plan_text =
        "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {\n    \"root_module\": {\n";
    let template = "{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\",}}}";
    let found = lint(
        &[
            ("plan.json", plan_text),
            ("template.json", template),
            ("other.json", "{\"a\": "),
        ],
        &["RL001"],
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("RL001:error plan.json:"), "{found:?}");
    assert!(
        found[1].starts_with("RL001:error template.json:1:"),
        "{found:?}"
    );
    let only_unrelated = directory(&[("other.json", "{\"a\": "), ("c.yaml", "a: [\n")]);
    assert_eq!(run(only_unrelated.path(), &["."]).code, 0);
}

#[test]
fn json_file_paths_outside_the_working_directory_are_absolute() {
    let cwd = tempfile::tempdir().unwrap();
    let lint_dir = directory(&[("main.tf", &mixed())]);
    let target = lint_dir.path().canonicalize().unwrap();
    let out = run(
        cwd.path(),
        &[
            target.to_str().unwrap(),
            "--format",
            "json",
            "--select",
            "RL602",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let file = report["diagnostics"][0]["file"].as_str().unwrap();
    assert_eq!(file, format!("{}/main.tf", target.display()));
    // Also when the path is given relative to the working directory (`../b`).
    let parent = directory(&[("b/main.tf", &mixed())]);
    std::fs::create_dir(parent.path().join("a")).unwrap();
    let out = run(
        &parent.path().join("a"),
        &["../b", "--format", "json", "--select", "RL602"],
    );
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let expected = format!(
        "{}/b/main.tf",
        parent.path().canonicalize().unwrap().display()
    );
    assert_eq!(report["diagnostics"][0]["file"], expected.as_str());
    assert_eq!(
        report["diagnostics"][0]["related"][0]["file"],
        expected.as_str()
    );
    // And `.` components under it are resolved.
    let out = run(
        parent.path(),
        &["./b/../b", "--format", "json", "--select", "RL602"],
    );
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["diagnostics"][0]["file"], "b/main.tf");
}

/// `text` (a rendered plan) with the destination `account` of the first rule known only after
/// apply, as Terraform writes it.
fn unknown_destination_account(text: &str) -> String {
    let mut plan: serde_json::Value = serde_json::from_str(text).unwrap();
    for change in plan["resource_changes"].as_array_mut().unwrap() {
        if change["type"] == "aws_s3_bucket_replication_configuration" {
            change["change"]["after"]["rule"][0]["destination"][0]
                .as_object_mut()
                .unwrap()
                .remove("account");
            change["change"]["after_unknown"]["rule"] =
                json!([{ "destination": [{ "account": true }] }]);
        }
    }
    let resources = plan["planned_values"]["root_module"]["resources"]
        .as_array_mut()
        .unwrap();
    for r in resources {
        if r["type"] == "aws_s3_bucket_replication_configuration" {
            r["values"]["rule"][0]["destination"][0]
                .as_object_mut()
                .unwrap()
                .remove("account");
        }
    }
    serde_json::to_string_pretty(&plan).unwrap()
}

#[test]
fn unknown_plan_values_never_alarm() {
    // Owner override into a bucket outside the plan: with the account known it is cross-account
    // (RL506 notes the delete markers), with the account unknown nothing may be claimed.
    let known = cross_plan(plan_destination("222222222222", true), vec![])
        .replace("arn:aws:s3:::orders-dst", "arn:aws:s3:::partner-dst");
    let rules = ["RL501", "RL502", "RL503", "RL504", "RL505", "RL506"];
    assert_eq!(
        lint(&[("plan.json", &known)], &rules),
        vec![expect(
            "RL506",
            "info",
            "plan.json",
            after(
                &known,
                "\"delete_marker_replication\": [\n                  {\n                    \"status\": "
            )
        )]
    );
    let unknown = unknown_destination_account(&known);
    assert_eq!(
        lint(&[("plan.json", &unknown)], &rules),
        Vec::<String>::new()
    );
    assert_eq!(alarms(&[("plan.json", &unknown)]), Vec::<String>::new());
}

#[test]
fn a_broken_file_does_not_hide_the_other_files_of_its_module() {
    let good = topology(&["a", "b"], &[("a", "b", "Enabled")]);
    let broken = "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \"x\"\n  tags = {\n";
    let found = lint(
        &[("m/good.tf", &good), ("m/broken.tf", broken)],
        &["RL001", "RL602"],
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("RL001:error m/broken.tf:"),
        "{found:?}"
    );
    assert_eq!(
        found[1],
        expect(
            "RL602",
            "warning",
            "m/good.tf",
            after(&good, "replica_modifications {\n        status = ")
        )
    );
}

#[test]
fn gap_notes_from_the_command_line_and_the_configuration_file() {
    let dir = directory(&[("main.tf", &same_tf("", "", ""))]);
    let ids = |args: &[&str]| {
        let mut all = vec![".", "--format", "json"];
        all.extend_from_slice(args);
        let out = run(dir.path(), &all);
        let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let mut ids: Vec<String> = rules_of(&report)
            .into_iter()
            .filter(|r| r.starts_with("RL7"))
            .collect();
        ids.sort();
        (out.code, ids)
    };
    assert_eq!(ids(&[]), (0, vec![]));
    let notes = vec!["RL701:info".to_string(), "RL702:info".to_string()];
    assert_eq!(ids(&["--explain-gaps"]), (0, notes.clone()));
    assert_eq!(ids(&["--explain-gaps", "--fail-on", "info"]).0, 1);
    std::fs::write(dir.path().join(".repl-lint.toml"), "explain-gaps = true\n").unwrap();
    assert_eq!(ids(&[]), (0, notes));
}

#[test]
fn rl501_legacy_inline_bucket_policy_argument_counts() {
    let text = |actions: &str| {
        format!(
            r#"{PROVIDERS}
resource "aws_s3_bucket" "replica" {{
  provider = aws.replica
  bucket   = "audit-dst"
  versioning {{
    enabled = true
  }}
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ AWS = "arn:aws:iam::111111111111:role/replication" }}
      Action    = [{actions}]
      Resource  = "arn:aws:s3:::audit-dst/*"
    }}]
  }})
}}

resource "aws_s3_bucket" "source" {{
  bucket = "audit-src"
  versioning {{
    enabled = true
  }}
  replication_configuration {{
    role = "arn:aws:iam::111111111111:role/replication"
    rules {{
      id     = "all"
      status = "Enabled"
      prefix = ""
      destination {{
        bucket     = aws_s3_bucket.replica.arn
        account_id = "222222222222"
      }}
    }}
  }}
}}
"#
        )
    };
    assert_eq!(
        lint(&[("main.tf", &text(BOTH))], &["RL501"]),
        Vec::<String>::new()
    );
    let partial = text(r#""s3:ReplicateObject""#);
    assert_eq!(
        lint(&[("main.tf", &partial)], &["RL501"]),
        vec![expect(
            "RL501",
            "error",
            "main.tf",
            after(&partial, "policy = jsonencode(")
        )]
    );
}

#[test]
fn rl603_chain_onward_to_a_bucket_outside_the_files() {
    let chain = format!(
        "{}{}",
        topology(&["a", "b"], &[("a", "b", "")]),
        topology(&[], &[("b", "c", "")])
            .replace("aws_s3_bucket.c.arn", "\"arn:aws:s3:::partner-c\"")
            .replace(", aws_s3_bucket_versioning.c", "")
    );
    assert_eq!(
        lint(&[("main.tf", &chain)], &["RL603"]),
        vec![expect(
            "RL603",
            "info",
            "main.tf",
            at(&chain, "bucket = \"arn:aws:s3:::partner-c\"")
        )]
    );
    // Onward to a bucket the linter cannot resolve (a variable): it may be A, so nothing.
    let unknown =
        format!("variable \"c\" {{}}\n{chain}").replace("\"arn:aws:s3:::partner-c\"", "var.c");
    assert_eq!(
        lint(&[("main.tf", &unknown)], &["RL603"]),
        Vec::<String>::new()
    );
    // Back to A by its literal ARN: two-way, no chain.
    let back = chain.replace("arn:aws:s3:::partner-c", "arn:aws:s3:::audit-a");
    assert_eq!(
        lint(&[("main.tf", &back)], &["RL603"]),
        Vec::<String>::new()
    );
}

#[test]
fn a_broken_variable_file_next_to_a_good_configuration_is_not_every_file_failing() {
    let dir = directory(&[
        ("vars.tf", "variable \"region\" {}\n"),
        ("terraform.tfvars", "region = \n"),
        (
            "main.tf.json",
            "{\"resource\": {\"aws_s3_bucket\": {\"a\": {\"bucket\": \"x\",}}}}\n",
        ),
    ]);
    let out = run(dir.path(), &[".", "--format", "json"]);
    assert_eq!(out.code, 1, "vars.tf parsed: {}", out.stdout);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["summary"]["parse_errors"], 2);
    assert_eq!(report["summary"]["files_linted"], 3);
    assert_eq!(
        rules_of(&report),
        vec!["RL001:error".to_string(), "RL001:error".to_string()]
    );
    // A broken --var-file next to a good configuration: 1 as well.
    let extra = directory(&[("extra.tfvars", "region = \n")]);
    let var_file = extra.path().join("extra.tfvars");
    let good = directory(&[("vars.tf", "variable \"region\" {}\n")]);
    let out = run(
        good.path(),
        &[".", "--var-file", var_file.to_str().unwrap()],
    );
    assert_eq!(out.code, 1, "{}", out.stdout);
    // Without the good file, every file failed: 2.
    std::fs::remove_file(dir.path().join("vars.tf")).unwrap();
    std::fs::write(dir.path().join("vars.tf"), "variable \"region\" {\n").unwrap();
    assert_eq!(run(dir.path(), &["."]).code, 2);
}

#[test]
fn rl501_destination_in_another_terraform_directory() {
    let source = r#"provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}

resource "aws_s3_bucket" "source" {
  bucket = "audit-src"
}

resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_replication_configuration" "this" {
  depends_on = [aws_s3_bucket_versioning.source]
  bucket     = aws_s3_bucket.source.id
  role       = "arn:aws:iam::111111111111:role/replication"
  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket  = "arn:aws:s3:::audit-dst"
      account = "222222222222"
    }
  }
}
"#;
    let destination = |actions: &str| {
        format!(
            r#"provider "aws" {{
  region              = "eu-west-1"
  allowed_account_ids = ["222222222222"]
}}

resource "aws_s3_bucket" "replica" {{
  bucket = "audit-dst"
}}

resource "aws_s3_bucket_versioning" "replica" {{
  bucket = aws_s3_bucket.replica.id
  versioning_configuration {{
    status = "Enabled"
  }}
}}

resource "aws_s3_bucket_policy" "replica" {{
  bucket = aws_s3_bucket.replica.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ AWS = "arn:aws:iam::111111111111:role/replication" }}
      Action    = [{actions}]
      Resource  = "${{aws_s3_bucket.replica.arn}}/*"
    }}]
  }})
}}
"#
        )
    };
    let rules = ["RL501", "RL506"];
    let full = destination(BOTH);
    assert_eq!(
        lint(&[("src/main.tf", source), ("dst/main.tf", &full)], &rules),
        Vec::<String>::new()
    );
    let partial = destination(r#""s3:ReplicateObject""#);
    assert_eq!(
        lint(
            &[("src/main.tf", source), ("dst/main.tf", &partial)],
            &rules
        ),
        vec![expect(
            "RL501",
            "error",
            "dst/main.tf",
            after(&partial, "policy = jsonencode(")
        )]
    );
    // Linted alone, the destination is outside the files: RL506 notes the delete markers.
    assert_eq!(
        lint(&[("src/main.tf", source)], &rules),
        vec![expect(
            "RL506",
            "info",
            "src/main.tf",
            after(source, "delete_marker_replication {\n      status = ")
        )]
    );
}

#[test]
fn unknown_lock_payer_and_ownership_never_alarm() {
    // A locked source replicating into a data source bucket.
    let data_destination = format!(
        "data \"aws_s3_bucket\" \"replica\" {{\n  bucket = \"audit-dst\"\n}}\n{}{}",
        buckets("aws", ""),
        replication("Enabled", "data.aws_s3_bucket.replica.arn", "")
    )
    .replace(
        "bucket = \"audit-src\"",
        "bucket = \"audit-src\"\n  object_lock_enabled = true",
    );
    assert_eq!(
        alarms(&[("main.tf", &data_destination)]),
        Vec::<String>::new()
    );
    // Requester Pays and Object Ownership set from variables without default.
    let extra = format!(
        "{}{}{}",
        bucket_policy(ROLE_ARN, BOTH),
        REQUESTER_PAYS.replace("\"Requester\"", "var.payer"),
        r#"
variable "payer" {}
variable "ownership" {}

resource "aws_s3_bucket_ownership_controls" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  rule {
    object_ownership = var.ownership
  }
}
"#
    );
    let text = cross_tf("Enabled", "", &extra);
    assert_eq!(alarms(&[("main.tf", &text)]), Vec::<String>::new());
    // The same with the values known: RL505 fires, so the check above can fail.
    let known = text
        .replace("payer    = var.payer", "payer    = \"Requester\"")
        .replace(
            "object_ownership = var.ownership",
            "object_ownership = \"BucketOwnerPreferred\"",
        );
    assert_eq!(
        alarms(&[("main.tf", &known)]),
        vec![expect(
            "RL505",
            "error",
            "main.tf",
            at(&known, "\"Requester\"")
        )]
    );
}
