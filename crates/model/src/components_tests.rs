//! Components of Terraform units written for each way resources link: by reference, by a name a
//! string spells, by how a configuration writes a bucket or role outside the files, and the
//! units that cannot be split.

use super::components;
use repl_lint_source::{SourceDb, SourceFile};
use repl_lint_syntax::resource::Configuration;

/// The units of Terraform files, one unit per text.
fn units(texts: &[&str]) -> Vec<Configuration> {
    let mut db = SourceDb::default();
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let name = format!("unit{i}/main.tf");
            let id = db.add(SourceFile::new(name.clone().into(), name, text.to_string()));
            let config = repl_lint_syntax::hcl::parse_module(&db, &[id], &[]);
            assert!(config.errors.is_empty(), "{:?}", config.errors);
            config
        })
        .collect()
}

/// The components as lists of addresses (prefixed with the unit number when there are several).
fn grouped(texts: &[&str]) -> Vec<Vec<String>> {
    let units = units(texts);
    components(&units)
        .into_iter()
        .map(|members| {
            members
                .into_iter()
                .map(|(unit, i)| {
                    let address = &units[unit].resources[i].address;
                    if texts.len() > 1 {
                        format!("{unit}:{address}")
                    } else {
                        address.clone()
                    }
                })
                .collect()
        })
        .collect()
}

#[test]
fn resources_that_refer_to_each_other_are_one_component_and_others_are_apart() {
    let text = r#"
resource "aws_s3_bucket" "a" { bucket = "alpha" }
resource "aws_s3_bucket_versioning" "a" {
  bucket = aws_s3_bucket.a.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_s3_bucket" "b" { bucket = "beta" }
resource "aws_iam_role" "r" {
  name       = "copier"
  depends_on = [aws_s3_bucket.b]
}
resource "aws_s3_bucket" "c" { bucket = "gamma" }
"#;
    assert_eq!(
        grouped(&[text]),
        [
            vec!["aws_s3_bucket.a", "aws_s3_bucket_versioning.a"],
            vec!["aws_s3_bucket.b", "aws_iam_role.r"],
            vec!["aws_s3_bucket.c"],
        ]
    );
}

#[test]
fn a_string_that_spells_a_bucket_role_or_alias_name_joins_its_resource() {
    let text = r#"
resource "aws_s3_bucket" "a" { bucket = "alpha" }
resource "aws_iam_policy" "reads_a" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::alpha/*" }] })
}
resource "aws_iam_role" "r" { name = "copier" }
resource "aws_iam_role_policy_attachment" "by_name" {
  role       = "copier"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
resource "aws_s3_bucket_replication_configuration" "by_arn" {
  role   = "arn:aws:iam::111122223333:role/service/copier"
  bucket = "elsewhere"
  rule {
    status = "Enabled"
    destination { bucket = "arn:aws:s3:::other" }
  }
}
resource "aws_kms_key" "k" {}
resource "aws_kms_alias" "k" {
  name          = "alias/team/key"
  target_key_id = aws_kms_key.k.key_id
}
resource "aws_s3_bucket_server_side_encryption_configuration" "by_alias_arn" {
  bucket = "unrelated"
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:us-east-1:111122223333:alias/team/key"
    }
  }
}
resource "aws_s3_bucket" "lone" { bucket = "alphabet" }
"#;
    assert_eq!(
        grouped(&[text]),
        [
            vec!["aws_s3_bucket.a", "aws_iam_policy.reads_a"],
            vec![
                "aws_iam_role.r",
                "aws_iam_role_policy_attachment.by_name",
                "aws_s3_bucket_replication_configuration.by_arn",
            ],
            vec![
                "aws_kms_key.k",
                "aws_kms_alias.k",
                "aws_s3_bucket_server_side_encryption_configuration.by_alias_arn",
            ],
            vec!["aws_s3_bucket.lone"],
        ]
    );
}

#[test]
fn configurations_that_write_the_same_outside_bucket_or_role_are_one_component() {
    let config = |name: &str, source: &str, role: &str| {
        format!(
            r#"
resource "aws_s3_bucket_replication_configuration" "{name}" {{
  role   = "{role}"
  bucket = "{source}"
  rule {{
    status = "Enabled"
    destination {{ bucket = "arn:aws:s3:::dst-{name}" }}
  }}
}}
"#
        )
    };
    let role_a = "arn:aws:iam::111122223333:role/a";
    let text = [
        config("one", "shared", role_a),
        config(
            "two",
            "arn:aws:s3:::shared",
            "arn:aws:iam::111122223333:role/b",
        ),
        config("three", "own", role_a),
        config("four", "alone", "arn:aws:iam::111122223333:role/c"),
    ]
    .concat();
    assert_eq!(
        grouped(&[&text]),
        [
            vec![
                "aws_s3_bucket_replication_configuration.one",
                "aws_s3_bucket_replication_configuration.two",
                "aws_s3_bucket_replication_configuration.three",
            ],
            vec!["aws_s3_bucket_replication_configuration.four"],
        ]
    );
}

#[test]
fn instances_of_one_resource_are_one_component() {
    let text = r#"
resource "aws_s3_bucket" "many" {
  count  = 2
  bucket = "many-${count.index}"
}
resource "aws_s3_bucket" "other" { bucket = "other" }
"#;
    assert_eq!(
        grouped(&[text]),
        [
            vec!["aws_s3_bucket.many[0]", "aws_s3_bucket.many[1]"],
            vec!["aws_s3_bucket.other"],
        ]
    );
}

#[test]
fn units_with_unknown_values_are_one_component_together() {
    let unknown = r#"
variable "name" {}
resource "aws_s3_bucket" "a" { bucket = var.name }
resource "aws_s3_bucket" "b" { bucket = "beta" }
"#;
    let unresolved_setting = r#"
variable "bucket" {}
resource "aws_s3_bucket" "c" { bucket = "gamma" }
resource "aws_s3_bucket_versioning" "v" {
  bucket = var.bucket
  versioning_configuration { status = "Enabled" }
}
"#;
    let closed = r#"
resource "aws_s3_bucket" "d" { bucket = "delta" }
resource "aws_s3_bucket" "e" { bucket = "epsilon" }
"#;
    assert_eq!(
        grouped(&[unknown, unresolved_setting, closed]),
        [
            vec![
                "0:aws_s3_bucket.a",
                "0:aws_s3_bucket.b",
                "1:aws_s3_bucket.c",
                "1:aws_s3_bucket_versioning.v",
            ],
            vec!["2:aws_s3_bucket.d"],
            vec!["2:aws_s3_bucket.e"],
        ]
    );
}

#[test]
fn a_name_spelled_across_units_joins_them() {
    let defines = r#"resource "aws_s3_bucket" "a" { bucket = "alpha" }
resource "aws_s3_bucket" "b" { bucket = "beta" }"#;
    let spells = r#"resource "aws_s3_bucket_policy" "p" {
  bucket = "alpha"
  policy = "{}"
}"#;
    assert_eq!(
        grouped(&[defines, spells]),
        [
            vec!["0:aws_s3_bucket.a", "1:aws_s3_bucket_policy.p"],
            vec!["0:aws_s3_bucket.b"],
        ]
    );
}

#[test]
fn a_reference_joined_to_more_text_leaves_nothing_split() {
    let text = r#"
resource "aws_s3_bucket" "a" { bucket = "alpha" }
resource "aws_s3_bucket" "b" { bucket = "beta" }
resource "aws_s3_bucket_policy" "p" {
  bucket = "beta"
  policy = "arn:aws:s3:::${aws_s3_bucket.a.id}-logs"
}
"#;
    let other = r#"resource "aws_s3_bucket" "c" { bucket = "gamma" }"#;
    assert_eq!(
        grouped(&[text, other]),
        [vec![
            "0:aws_s3_bucket.a",
            "0:aws_s3_bucket.b",
            "0:aws_s3_bucket_policy.p",
            "1:aws_s3_bucket.c",
        ]]
    );
}

#[test]
fn cloudformation_buckets_whose_configurations_write_one_outside_role_are_one_component() {
    let bucket = |role: &str| {
        format!(
            r#"{{"Type": "AWS::S3::Bucket", "Properties": {{
                "VersioningConfiguration": {{"Status": "Enabled"}},
                "ReplicationConfiguration": {{"Role": "{role}", "Rules": [{{
                    "Status": "Enabled",
                    "Destination": {{"Bucket": "arn:aws:s3:::elsewhere"}}}}]}}}}}}"#
        )
    };
    let shared = "arn:aws:iam::111122223333:role/outside";
    let text = format!(
        r#"{{"Resources": {{"One": {}, "Two": {}, "Three": {}}}}}"#,
        bucket(shared),
        bucket("arn:aws:iam::111122223333:role/other"),
        bucket(shared)
    );
    let units = [crate::lower::tests::template_unit(&text)];
    let grouped: Vec<Vec<&str>> = components(&units)
        .into_iter()
        .map(|members| {
            let addresses = members.into_iter();
            addresses
                .map(|(u, i)| units[u].resources[i].address.as_str())
                .collect()
        })
        .collect();
    assert_eq!(grouped, [vec!["One", "Three"], vec!["Two"]]);
}
