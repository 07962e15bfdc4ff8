//! Suppressions: `repl-lint: ignore` comments in Terraform and CloudFormation YAML, `ignore-file`,
//! CloudFormation `Metadata`, and RL004 for unused or malformed ones. Each test asserts the exact
//! `RLxxx file:line:col` list.

#[path = "support/lint.rs"]
mod lint;

use lint::{at, findings, insert_before, write};

const BUCKETS: &str = include_str!("../examples/broken/buckets.tf");
const IAM: &str = include_str!("../examples/broken/iam.tf");
const REPLICATION: &str = include_str!("../examples/broken/replication.tf");
const PROVIDERS: &str = include_str!("../examples/broken/providers.tf");
const VARIABLES: &str = include_str!("../examples/broken/variables.tf");

/// The broken example with some files replaced, linted; `unused` turns on
/// `report_unused_suppressions`.
fn broken(replace: &[(&str, &str)], unused: bool) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![
        ("buckets.tf", BUCKETS),
        ("iam.tf", IAM),
        ("replication.tf", REPLICATION),
        ("providers.tf", PROVIDERS),
        ("variables.tf", VARIABLES),
    ];
    for (name, text) in replace {
        files.retain(|(n, _)| n != name);
        files.push((name, text));
    }
    write(dir.path(), &files);
    let options = repl_lint::Options {
        report_unused_suppressions: unused,
        ..Default::default()
    };
    findings(dir.path(), options)
}

/// The findings of the broken example, except the rules named, as `RLxxx file:line:col`.
fn unsuppressed(except: &[&str]) -> Vec<String> {
    [
        "RL202 buckets.tf:38:5",
        "RL301 iam.tf:11:22",
        "RL303 iam.tf:43:11",
        "RL306 iam.tf:75:19",
        "RL203 replication.tf:3:1",
    ]
    .into_iter()
    .filter(|f| !except.iter().any(|e| f.starts_with(e)))
    .map(String::from)
    .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn the_unsuppressed_example_reports_every_planted_defect() {
    assert_eq!(broken(&[], true), sorted(unsuppressed(&[])));
}

#[test]
fn a_comment_above_an_attribute_hides_its_rule_there_and_nothing_else() {
    let buckets = insert_before(
        BUCKETS,
        "status = \"Suspended\"",
        "    # repl-lint: ignore RL202 suspended until the migration ends",
    );
    assert_eq!(
        broken(&[("buckets.tf", &buckets)], true),
        sorted(unsuppressed(&["RL202"]))
    );

    // Naming another rule hides nothing: RL202 still fires (one line lower), and the unused
    // name is reported at the comment.
    let buckets = insert_before(
        BUCKETS,
        "status = \"Suspended\"",
        "    # repl-lint: ignore RL301",
    );
    let mut expected = unsuppressed(&["RL202"]);
    expected.push(format!(
        "RL202 buckets.tf:{}",
        at(&buckets, "status = \"Suspended\"")
    ));
    expected.push(format!("RL004 buckets.tf:{}", at(&buckets, "RL301")));
    assert_eq!(
        broken(&[("buckets.tf", &buckets)], true),
        sorted(expected.clone())
    );
    // Without the flag the unused suppression is not reported.
    expected.retain(|f| !f.starts_with("RL004"));
    assert_eq!(broken(&[("buckets.tf", &buckets)], false), sorted(expected));
}

#[test]
fn a_comment_above_a_block_covers_the_block_only() {
    // RL303 is reported in iam.tf, outside the suppressed block: it stays, and its name in the
    // comment is unused.
    let replication = insert_before(
        REPLICATION,
        "resource \"aws_s3_bucket_replication_configuration\"",
        "// repl-lint: ignore RL203, RL303 ordering is handled by the pipeline",
    );
    let mut expected = unsuppressed(&["RL203"]);
    expected.push(format!(
        "RL004 replication.tf:{}",
        at(&replication, "RL303")
    ));
    assert_eq!(
        broken(&[("replication.tf", &replication)], true),
        sorted(expected)
    );
}

#[test]
fn block_comments_and_rule_names_work_too() {
    let buckets = insert_before(
        BUCKETS,
        "status = \"Suspended\"",
        "    /* repl-lint: ignore destination-versioning */",
    );
    assert_eq!(
        broken(&[("buckets.tf", &buckets)], true),
        sorted(unsuppressed(&["RL202"]))
    );
}

#[test]
fn ignore_file_hides_the_rule_in_that_file_only() {
    let iam = format!("# repl-lint: ignore-file RL306 RL202\n{IAM}");
    // RL202 is in buckets.tf: the file-wide suppression of iam.tf does not reach it.
    let expected = vec![
        "RL202 buckets.tf:38:5".to_string(),
        "RL301 iam.tf:12:22".to_string(),
        "RL303 iam.tf:44:11".to_string(),
        format!("RL004 iam.tf:{}", at(&iam, "RL202")),
        "RL203 replication.tf:3:1".to_string(),
    ];
    assert_eq!(broken(&[("iam.tf", &iam)], true), sorted(expected));
}

#[test]
fn malformed_suppressions_are_warned_about_without_the_flag() {
    let buckets = insert_before(
        BUCKETS,
        "status = \"Suspended\"",
        "    # repl-lint: ignore RL2020",
    );
    let iam = format!("{IAM}\n# repl-lint: ignore-file RL306\n");
    let mut expected = unsuppressed(&["RL202"]);
    expected.push(format!(
        "RL202 buckets.tf:{}",
        at(&buckets, "status = \"Suspended\"")
    ));
    expected.push(format!("RL004 buckets.tf:{}", at(&buckets, "RL2020")));
    expected.push(format!(
        "RL004 iam.tf:{}",
        at(&iam, "# repl-lint: ignore-file")
    ));
    assert_eq!(
        broken(&[("buckets.tf", &buckets), ("iam.tf", &iam)], false),
        sorted(expected)
    );
}

#[test]
fn a_hash_inside_a_heredoc_is_no_suppression() {
    let buckets =
        format!("{BUCKETS}\nlocals {{\n  note = <<EOT\n# repl-lint: ignore RL202\nEOT\n}}\n");
    assert_eq!(
        broken(&[("buckets.tf", &buckets)], true),
        sorted(unsuppressed(&[]))
    );
}

// ---------------------------------------------------------------------------------------------
// CloudFormation
// ---------------------------------------------------------------------------------------------

/// One bucket replicating to another: source versioning Suspended (RL201 at `Status`), an outside
/// role (RL003 at `Role`), a rule with no DeleteMarkerReplication (RL107 at the rule) and an
/// unversioned destination (RL202 at `Bucket`), all in resource `Source`.
const TEMPLATE: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Replica:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-orders-replica
  Source:
    Type: AWS::S3::Bucket
    DependsOn: Replica
    Properties:
      VersioningConfiguration:
        Status: Suspended
      ReplicationConfiguration:
        Role: arn:aws:iam::123456789012:role/replication
        Rules:
          - Id: everything
            Status: Enabled
            Priority: 1
            Filter:
              Prefix: ""
            Destination:
              Bucket: !GetAtt Replica.Arn
"#;

fn template(name: &str, text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[(name, text)]);
    let options = repl_lint::Options {
        report_unused_suppressions: true,
        ..Default::default()
    };
    findings(dir.path(), options)
}

/// The findings of `text` (a variant of [`TEMPLATE`]) for the given rules, located in `text`.
fn expected(text: &str, rules: &[&str]) -> Vec<String> {
    let all = [
        ("RL201", "Status: Suspended"),
        ("RL003", "Role:"),
        ("RL107", "Id: everything"),
        ("RL202", "Bucket: !GetAtt"),
    ];
    sorted(
        all.iter()
            .filter(|(rule, _)| rules.contains(rule))
            .map(|(rule, needle)| format!("{rule} template.yaml:{}", at(text, needle)))
            .collect(),
    )
}

#[test]
fn yaml_comment_above_a_property_key_hides_its_rule_there() {
    assert_eq!(
        template("template.yaml", TEMPLATE),
        expected(TEMPLATE, &["RL201", "RL003", "RL107", "RL202"])
    );
    let text = insert_before(
        TEMPLATE,
        "VersioningConfiguration:",
        "      # repl-lint: ignore RL201 versioning is switched on by a later stack update",
    );
    assert_eq!(
        template("template.yaml", &text),
        expected(&text, &["RL003", "RL107", "RL202"])
    );
}

#[test]
fn yaml_comment_above_a_resource_covers_that_resource() {
    let text = insert_before(TEMPLATE, "  Source:", "  # repl-lint: ignore RL107 RL202");
    assert_eq!(
        template("template.yaml", &text),
        expected(&text, &["RL201", "RL003"])
    );
    // Above the destination resource, RL202 (reported in Source) is not covered.
    let text = insert_before(TEMPLATE, "  Replica:", "  # repl-lint: ignore RL202");
    let mut want = expected(&text, &["RL201", "RL003", "RL107", "RL202"]);
    want.push(format!("RL004 template.yaml:{}", at(&text, "RL202")));
    assert_eq!(template("template.yaml", &text), sorted(want));
}

#[test]
fn resource_metadata_suppresses_in_that_resource_and_reports_unused_entries() {
    let text = insert_before(
        TEMPLATE,
        "    DependsOn: Replica",
        "    Metadata:\n      repl-lint:\n        ignore: [RL202, RL305]",
    );
    let mut want = expected(&text, &["RL201", "RL003", "RL107"]);
    want.push(format!("RL004 template.yaml:{}", at(&text, "RL305")));
    assert_eq!(template("template.yaml", &text), sorted(want));
}

#[test]
fn resource_metadata_works_in_json_templates() {
    let text = r#"{
  "Resources": {
    "Replica": {"Type": "AWS::S3::Bucket"},
    "Source": {
      "Type": "AWS::S3::Bucket",
      "DependsOn": "Replica",
      "Metadata": {"repl-lint": {"ignore": ["RL202", "RL9999"]}},
      "Properties": {
        "VersioningConfiguration": {"Status": "Enabled"},
        "ReplicationConfiguration": {
          "Role": "arn:aws:iam::123456789012:role/replication",
          "Rules": [{
            "Status": "Enabled", "Priority": 1, "Filter": {"Prefix": ""},
            "DeleteMarkerReplication": {"Status": "Enabled"},
            "Destination": {"Bucket": {"Fn::GetAtt": ["Replica", "Arn"]}}
          }]
        }
      }
    }
  }
}
"#;
    assert_eq!(
        template("template.json", text),
        [
            format!("RL003 template.json:{}", at(text, "\"Role\"")),
            format!("RL004 template.json:{}", at(text, "\"RL9999\"")),
        ]
    );
}
