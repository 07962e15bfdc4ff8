//! The configuration-shape rules (RL104, RL109-RL121, RL703) on Terraform source (standalone and
//! legacy inline), Terraform plan JSON and CloudFormation. Each test asserts the exact list of
//! `line:col` (primary span start, 1-based) that one rule reports, computed from the text with
//! small locators so that each expectation says what the finding points at.

#[path = "support/record.rs"]
mod record;

#[path = "support/plan.rs"]
mod plan;

use repl_lint::diagnostic::Severity;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// (rule, severity, `line:col`) of every diagnostic of linting `text` written as `name`.
fn lint(name: &str, text: &str) -> Vec<(String, Severity, String)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let options = repl_lint::Options {
        paths: vec![dir.path().to_path_buf()],
        select: vec!["RL".to_string()],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    record::lint(dir.path(), &options, &outcome);
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let (start, _) = outcome.db.range(d.primary);
            let at = format!("{}:{}", start.line, start.column);
            (d.rule.to_string(), d.severity, at)
        })
        .collect()
}

/// Sorted `line:col` of the findings of `rule`.
fn found(rule: &str, name: &str, text: &str) -> Vec<String> {
    let mut out: Vec<String> = lint(name, text)
        .into_iter()
        .filter(|(r, _, _)| r == rule)
        .map(|(_, _, at)| at)
        .collect();
    out.sort();
    out
}

/// Findings of `rule` in Terraform source.
fn tf_found(rule: &str, text: &str) -> Vec<String> {
    found(rule, "main.tf", text)
}

/// Findings of `rule` in a CloudFormation YAML template.
fn cfn_found(rule: &str, text: &str) -> Vec<String> {
    found(rule, "template.yaml", text)
}

/// Findings of `rule` in a plan.
fn plan_found(rule: &str, text: &str) -> Vec<String> {
    found(rule, "plan.json", text)
}

/// `line:col` of the `nth` (0-based) occurrence of `needle`.
fn at(text: &str, needle: &str, nth: usize) -> String {
    plan::locate(text, needle, nth)
}

/// `line:col` of the first `needle` after the `nth` occurrence of `anchor`.
fn after(text: &str, anchor: &str, nth: usize, needle: &str) -> String {
    let start = text
        .match_indices(anchor)
        .nth(nth)
        .unwrap_or_else(|| panic!("{anchor:?} occurs fewer than {} times", nth + 1))
        .0;
    let offset = start + text[start..].find(needle).expect("needle after anchor");
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    format!("{line}:{column}")
}

const NONE: Vec<String> = Vec::new();

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

// ---------------------------------------------------------------------------------------------
// Terraform source builders
// ---------------------------------------------------------------------------------------------

/// A standalone replication configuration for `example-src` holding `rules`.
fn tf(rules: &str) -> String {
    format!(
        r#"resource "aws_s3_bucket_replication_configuration" "this" {{
  role   = "arn:aws:iam::123456789012:role/replication"
  bucket = "example-src"
{rules}}}
"#
    )
}

/// A V2 rule (`filter {{ prefix }}`, delete markers Enabled) with `extra` lines in the rule and
/// `dest` lines in its destination (bucket `example-dst`).
fn v2(id: &str, prefix: &str, extra: &str, dest: &str) -> String {
    format!(
        r#"
  rule {{
    id     = "{id}"
    status = "Enabled"
{extra}
    filter {{
      prefix = "{prefix}"
    }}

    delete_marker_replication {{
      status = "Enabled"
    }}

    destination {{
      bucket = "arn:aws:s3:::example-dst"
{dest}    }}
  }}
"#
    )
}

/// A V1 rule (top-level prefix, no filter) to `dst` with `extra` lines in the rule.
fn v1(id: &str, prefix: &str, dst: &str, extra: &str) -> String {
    format!(
        r#"
  rule {{
    id     = "{id}"
    status = "Enabled"
    prefix = "{prefix}"
{extra}
    destination {{
      bucket = "arn:aws:s3:::{dst}"
    }}
  }}
"#
    )
}

/// A legacy (provider v3) bucket with an inline replication configuration holding `rules`.
fn tf_inline(rules: &str) -> String {
    format!(
        r#"resource "aws_s3_bucket" "src" {{
  bucket = "example-src"

  versioning {{
    enabled = true
  }}

  replication_configuration {{
    role = "arn:aws:iam::123456789012:role/replication"
{rules}  }}
}}
"#
    )
}

// ---------------------------------------------------------------------------------------------
// CloudFormation builders
// ---------------------------------------------------------------------------------------------

/// A template whose bucket `Source` replicates with `rules` (YAML list items at 10 spaces),
/// after `before` (other resources at 2 spaces).
fn cfn_with(before: &str, rules: &str) -> String {
    format!(
        r#"Resources:
{before}  Source:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-src
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:
        Role: arn:aws:iam::123456789012:role/replication
        Rules:
{rules}"#
    )
}

fn cfn(rules: &str) -> String {
    cfn_with("", rules)
}

/// A V2 rule with `Priority` `priority`, `Filter` `filter` (YAML at 14 spaces), delete markers
/// Enabled, and `dest` lines (at 14 spaces) after the destination bucket `example-dst`.
fn cfn_v2(id: &str, priority: u32, filter: &str, dest: &str) -> String {
    format!(
        r#"          - Id: {id}
            Status: Enabled
            Priority: {priority}
            Filter:
{filter}            DeleteMarkerReplication:
              Status: Enabled
            Destination:
              Bucket: arn:aws:s3:::example-dst
{dest}"#
    )
}

/// A filter on a prefix, for [`cfn_v2`].
fn cfn_prefix(prefix: &str) -> String {
    format!("              Prefix: \"{prefix}\"\n")
}

// ---------------------------------------------------------------------------------------------
// Plan builders
// ---------------------------------------------------------------------------------------------

/// The valid set-up's rule with `changes` merged in (a `null` removes an attribute).
fn plan_rule(changes: Value) -> Value {
    let setup = plan::render(&plan::valid_setup());
    let parsed: Value = serde_json::from_str(&setup).unwrap();
    let resources = parsed["planned_values"]["root_module"]["resources"]
        .as_array()
        .unwrap()
        .clone();
    let config = resources
        .iter()
        .find(|r| r["type"] == "aws_s3_bucket_replication_configuration")
        .unwrap();
    let mut rule = config["values"]["rule"][0].clone();
    merge(&mut rule, changes);
    rule
}

/// Merges `changes` into `target` recursively (objects only; arrays and scalars replace).
fn merge(target: &mut Value, changes: Value) {
    match (target, changes) {
        (Value::Object(t), Value::Object(c)) => {
            for (k, v) in c {
                match v {
                    Value::Null => {
                        t.remove(&k);
                    }
                    v => merge(t.entry(k).or_insert(Value::Null), v),
                }
            }
        }
        (t, c) => *t = c,
    }
}

/// A replication configuration resource at `address` for `orders-src` with `rules`, wired as
/// in the valid set-up.
fn plan_replication(address: &str, rules: Vec<Value>) -> plan::PlanResource {
    plan::resource(
        address,
        json!({ "bucket": "orders-src", "token": null, "rule": rules }),
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
    ])
}

/// The valid set-up with its replication configuration's rules replaced by `rules`.
fn plan_with(rules: Vec<Value>) -> String {
    let mut setup = plan::valid_setup();
    let last = setup.len() - 1;
    setup[last] = plan_replication("aws_s3_bucket_replication_configuration.this", rules);
    plan::render(&setup)
}

#[test]
fn the_valid_plan_has_no_shape_finding() {
    let text = plan_with(vec![plan_rule(json!({}))]);
    let shape: Vec<_> = lint("plan.json", &text)
        .into_iter()
        .filter(|(r, _, _)| r.starts_with("RL1") || r == "RL703")
        .collect();
    assert!(shape.is_empty(), "{shape:?}");
}

// ---------------------------------------------------------------------------------------------
// RL104 rule-limits
// ---------------------------------------------------------------------------------------------

#[test]
fn rl104_duplicate_ids_are_a_warning_at_the_second_id() {
    let text =
        tf(&(v2("logs", "a/", "    priority = 1\n", "")
            + &v2("logs", "b/", "    priority = 2\n", "")));
    let second = at(&text, "\"logs\"", 1);
    let all = lint("main.tf", &text);
    let rl104: Vec<_> = all.iter().filter(|(r, _, _)| r == "RL104").collect();
    assert_eq!(rl104.len(), 1, "{all:?}");
    assert_eq!(rl104[0].1, Severity::Warning);
    assert_eq!(rl104[0].2, second);
}

#[test]
fn rl104_long_id_and_prefixes_are_errors_at_their_values() {
    let id = "i".repeat(256);
    let prefix = "p".repeat(1025);
    let text = tf(&(v2(&id, &prefix, "", "") + &v1("old", &prefix, "example-dst", "")));
    assert_eq!(
        tf_found("RL104", &text),
        sorted(vec![
            at(&text, &format!("\"{id}\""), 0),
            at(&text, &format!("\"{prefix}\""), 0),
            at(&text, &format!("\"{prefix}\""), 1)
        ])
    );
}

#[test]
fn rl104_limits_themselves_pass() {
    let text = tf(&v2(&"i".repeat(255), &"p".repeat(1024), "", ""));
    assert_eq!(tf_found("RL104", &text), NONE);
    // Multi-byte characters count once each.
    let text = tf(&v2(&"é".repeat(255), "", "", ""));
    assert_eq!(tf_found("RL104", &text), NONE);
}

#[test]
fn rl104_cloudformation_without_rules_points_at_the_configuration() {
    let text = cfn("          []\n").replace("Rules:\n          []", "Rules: []");
    assert_eq!(
        cfn_found("RL104", &text),
        vec![at(&text, "ReplicationConfiguration:", 0)]
    );
}

#[test]
fn rl104_cloudformation_over_a_thousand_rules_points_at_rule_1001() {
    let rules: String = (0..1001)
        .map(|i| cfn_v2(&format!("r{i}"), i, &cfn_prefix(&format!("p{i}/")), ""))
        .collect();
    let text = cfn(&rules);
    assert_eq!(cfn_found("RL104", &text), vec![at(&text, "Id: r1000", 0)]);
    let rules: String = (0..1000)
        .map(|i| cfn_v2(&format!("r{i}"), i, &cfn_prefix(&format!("p{i}/")), ""))
        .collect();
    assert_eq!(cfn_found("RL104", &cfn(&rules)), NONE);
}

#[test]
fn rl104_plan_duplicate_ids() {
    let text = plan_with(vec![
        plan_rule(json!({ "priority": 1 })),
        plan_rule(json!({ "priority": 2, "filter": [{ "prefix": "b/" }] })),
    ]);
    assert_eq!(
        plan_found("RL104", &text),
        vec![after(&text, "\"id\": \"all\"", 1, "\"all\"")]
    );
}

#[test]
fn rl104_unknown_ids_are_not_compared() {
    let text = format!(
        "variable \"id\" {{}}\n{}",
        tf(
            &(v2("x", "a/", "    priority = 1\n", "").replace("\"x\"", "var.id")
                + &v2("x", "b/", "    priority = 2\n", "").replace("\"x\"", "var.id"))
        )
    );
    assert_eq!(tf_found("RL104", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL109 duplicate-priority
// ---------------------------------------------------------------------------------------------

#[test]
fn rl109_two_terraform_rules_without_priority_collide_at_0() {
    let text = tf(&(v2("a", "a/", "", "") + &v2("b", "b/", "", "")));
    assert_eq!(tf_found("RL109", &text), vec![at(&text, "rule {", 1)]);
}

#[test]
fn rl109_explicit_duplicate_points_at_the_second_priority() {
    let text =
        tf(&(v2("a", "a/", "    priority = 3\n", "") + &v2("b", "b/", "    priority = 3\n", "")));
    assert_eq!(tf_found("RL109", &text), vec![at(&text, "3\n", 1)]);
    // An explicit 0 collides with an omitted priority.
    let text = tf(&(v2("a", "a/", "    priority = 0\n", "") + &v2("b", "b/", "", "")));
    assert_eq!(tf_found("RL109", &text), vec![at(&text, "rule {", 1)]);
}

#[test]
fn rl109_passes_for_one_rule_unique_priorities_v1_rules_and_unknowns() {
    assert_eq!(tf_found("RL109", &tf(&v2("a", "a/", "", ""))), NONE);
    let unique =
        tf(&(v2("a", "a/", "    priority = 1\n", "") + &v2("b", "b/", "    priority = 2\n", "")));
    assert_eq!(tf_found("RL109", &unique), NONE);
    let v1_rules = tf(&(v1("a", "a/", "example-dst", "") + &v1("b", "b/", "example-dst", "")));
    assert_eq!(tf_found("RL109", &v1_rules), NONE);
    let unknown = format!(
        "variable \"p\" {{}}\n{}",
        tf(&(v2("a", "a/", "    priority = var.p\n", "")
            + &v2("b", "b/", "    priority = var.p\n", "")))
    );
    assert_eq!(tf_found("RL109", &unknown), NONE);
}

#[test]
fn rl109_inline_filter_rules_without_priority_collide() {
    let rule = |id: &str| {
        format!(
            "    rules {{\n      id     = \"{id}\"\n      status = \"Enabled\"\n      filter {{\n        prefix = \"{id}/\"\n      }}\n      destination {{\n        bucket = \"arn:aws:s3:::example-dst\"\n      }}\n    }}\n"
        )
    };
    let text = tf_inline(&(rule("a") + &rule("b")));
    assert_eq!(tf_found("RL109", &text), vec![at(&text, "rules {", 1)]);
}

#[test]
fn rl109_plan_rules_share_priority_0_only_in_the_v2_schema() {
    let text = plan_with(vec![
        plan_rule(json!({ "id": "a" })),
        plan_rule(json!({ "id": "b", "filter": [{ "prefix": "b/" }] })),
    ]);
    assert_eq!(
        plan_found("RL109", &text),
        vec![after(&text, "\"priority\": 0", 1, "0")]
    );
    // V1 rules in a plan: no filter block (an empty list), priority 0 from the schema default.
    let v1 = |id: &str, prefix: &str| {
        plan_rule(
            json!({ "id": id, "prefix": prefix, "filter": [], "delete_marker_replication": [] }),
        )
    };
    let text = plan_with(vec![v1("a", "a/"), v1("b", "b/")]);
    assert_eq!(plan_found("RL109", &text), NONE);
}

#[test]
fn rl109_cloudformation_duplicate() {
    let text =
        cfn(&(cfn_v2("a", 4, &cfn_prefix("a/"), "") + &cfn_v2("b", 4, &cfn_prefix("b/"), "")));
    assert_eq!(
        cfn_found("RL109", &text),
        vec![after(&text, "- Id: b", 0, "4")]
    );
    let text =
        cfn(&(cfn_v2("a", 4, &cfn_prefix("a/"), "") + &cfn_v2("b", 5, &cfn_prefix("b/"), "")));
    assert_eq!(cfn_found("RL109", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL110 v1-multiple-destinations
// ---------------------------------------------------------------------------------------------

#[test]
fn rl110_v1_rules_to_two_buckets() {
    let text = tf(&(v1("a", "a/", "example-dst", "") + &v1("b", "b/", "example-other", "")));
    assert_eq!(
        tf_found("RL110", &text),
        vec![after(&text, "\"b/\"", 0, "bucket =")]
    );
}

#[test]
fn rl110_a_terraform_rule_without_filter_or_prefix_is_v1() {
    let plain = v1("b", "", "example-other", "").replace("    prefix = \"\"\n", "");
    let text = tf(&(v1("a", "a/", "example-dst", "") + &plain));
    assert_eq!(
        tf_found("RL110", &text),
        vec![after(&text, "\"b\"", 0, "bucket =")]
    );
}

#[test]
fn rl110_passes_for_one_bucket_v2_rules_and_unknown_buckets() {
    let same = tf(&(v1("a", "a/", "example-dst", "") + &v1("b", "b/", "example-dst", "")));
    assert_eq!(tf_found("RL110", &same), NONE);
    let v2_rules = tf(&(v2("a", "a/", "    priority = 1\n", "")
        + &v2("b", "b/", "    priority = 2\n", "").replace("example-dst", "example-other")));
    assert_eq!(tf_found("RL110", &v2_rules), NONE);
    let unknown = format!(
        "variable \"dst\" {{}}\n{}",
        tf(&(v1("a", "a/", "example-dst", "") + &v1("b", "b/", "${var.dst}", "")))
    );
    assert_eq!(tf_found("RL110", &unknown), NONE);
}

#[test]
fn rl110_plan_v1_rules() {
    let v1 = |id: &str, prefix: &str, dst: &str| {
        plan_rule(json!({
            "id": id, "prefix": prefix, "filter": [], "delete_marker_replication": [],
            "destination": [{ "bucket": format!("arn:aws:s3:::{dst}") }]
        }))
    };
    let text = plan_with(vec![
        v1("a", "a/", "orders-dst"),
        v1("b", "b/", "orders-archive"),
    ]);
    assert_eq!(
        plan_found("RL110", &text),
        vec![at(&text, "\"bucket\": \"arn:aws:s3:::orders-archive\"", 0)]
    );
    let text = plan_with(vec![
        v1("a", "a/", "orders-dst"),
        v1("b", "b/", "orders-dst"),
    ]);
    assert_eq!(plan_found("RL110", &text), NONE);
}

#[test]
fn rl110_cloudformation_v1_rules() {
    let rule = |id: &str, dst: &str| {
        format!(
            "          - Id: {id}\n            Status: Enabled\n            Prefix: {id}/\n            Destination:\n              Bucket: arn:aws:s3:::{dst}\n"
        )
    };
    let text = cfn(&(rule("a", "example-dst") + &rule("b", "example-other")));
    assert_eq!(
        cfn_found("RL110", &text),
        vec![at(&text, "Bucket: arn:aws:s3:::example-other", 0)]
    );
    let text = cfn(&(rule("a", "example-dst") + &rule("b", "example-dst")));
    assert_eq!(cfn_found("RL110", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL111 v2-only-element
// ---------------------------------------------------------------------------------------------

const DMR: &str = "    delete_marker_replication {\n      status = \"Enabled\"\n    }\n";

#[test]
fn rl111_v1_rule_with_delete_markers_replica_modifications_and_rtc() {
    let modifications = "    source_selection_criteria {\n      replica_modifications {\n        status = \"Enabled\"\n      }\n    }\n";
    let text =
        tf(&(v1("a", "a/", "example-dst", DMR) + &v1("b", "b/", "example-dst", modifications)));
    assert_eq!(
        tf_found("RL111", &text),
        sorted(vec![
            after(&text, "delete_marker_replication {", 0, "\"Enabled\""),
            after(&text, "replica_modifications {", 0, "\"Enabled\""),
        ])
    );
    let rtc = v1("a", "a/", "example-dst", "").replace(
        "      bucket = \"arn:aws:s3:::example-dst\"\n",
        "      bucket = \"arn:aws:s3:::example-dst\"\n      replication_time {\n        status = \"Enabled\"\n        time {\n          minutes = 15\n        }\n      }\n",
    );
    let text = tf(&rtc);
    assert_eq!(
        tf_found("RL111", &text),
        vec![at(&text, "replication_time {", 0)]
    );
}

#[test]
fn rl111_passes_for_v2_rules_and_the_legacy_inline_status() {
    assert_eq!(tf_found("RL111", &tf(&v2("a", "a/", "", ""))), NONE);
    // Provider v3 sends delete_marker_replication_status only with a filter.
    let inline = tf_inline(
        "    rules {\n      id     = \"a\"\n      status = \"Enabled\"\n      prefix = \"a/\"\n      delete_marker_replication_status = \"Enabled\"\n      destination {\n        bucket = \"arn:aws:s3:::example-dst\"\n      }\n    }\n",
    );
    assert_eq!(tf_found("RL111", &inline), NONE);
}

#[test]
fn rl111_an_unknown_dynamic_block_proves_nothing() {
    let text = format!(
        "variable \"rtc\" {{}}\n{}",
        tf(&v1("a", "a/", "example-dst", "").replace(
            "      bucket = \"arn:aws:s3:::example-dst\"\n",
            "      bucket = \"arn:aws:s3:::example-dst\"\n      dynamic \"replication_time\" {\n        for_each = var.rtc\n        content {\n          status = \"Enabled\"\n        }\n      }\n",
        ))
    );
    assert_eq!(tf_found("RL111", &text), NONE);
}

#[test]
fn rl111_plan_v1_rule_with_replica_modifications() {
    let text = plan_with(vec![plan_rule(json!({
        "prefix": "a/", "filter": [], "delete_marker_replication": [],
        "source_selection_criteria": [{ "replica_modifications": [{ "status": "Enabled" }], "sse_kms_encrypted_objects": [] }]
    }))]);
    assert_eq!(
        plan_found("RL111", &text),
        vec![after(&text, "\"replica_modifications\"", 0, "\"Enabled\"")]
    );
}

#[test]
fn rl111_cloudformation_prefix_rule_with_delete_marker_replication() {
    let rule = "          - Id: a\n            Status: Enabled\n            Prefix: a/\n            DeleteMarkerReplication:\n              Status: Disabled\n            Destination:\n              Bucket: arn:aws:s3:::example-dst\n";
    let text = cfn(rule);
    assert_eq!(cfn_found("RL111", &text), vec![at(&text, "Disabled", 0)]);
    let text = cfn(&cfn_v2("a", 1, &cfn_prefix("a/"), ""));
    assert_eq!(cfn_found("RL111", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL112 delete-markers-with-tag-filter
// ---------------------------------------------------------------------------------------------

/// A V2 rule whose filter is `filter` (HCL lines) and delete marker status `status`.
fn tagged(filter: &str, status: &str) -> String {
    format!(
        "\n  rule {{\n    id     = \"t\"\n    status = \"Enabled\"\n\n    filter {{\n{filter}    }}\n\n    delete_marker_replication {{\n      status = \"{status}\"\n    }}\n\n    destination {{\n      bucket = \"arn:aws:s3:::example-dst\"\n    }}\n  }}\n"
    )
}

const TAG: &str = "      tag {\n        key   = \"replicate\"\n        value = \"yes\"\n      }\n";
const AND_TAGS: &str = "      and {\n        prefix = \"logs/\"\n        tags = {\n          replicate = \"yes\"\n          team      = \"data\"\n        }\n      }\n";

#[test]
fn rl112_tag_filters_with_delete_markers_enabled() {
    for filter in [TAG, AND_TAGS] {
        let text = tf(&tagged(filter, "Enabled"));
        assert_eq!(
            tf_found("RL112", &text),
            vec![after(
                &text,
                "delete_marker_replication {",
                0,
                "\"Enabled\""
            )],
            "{text}"
        );
        assert_eq!(tf_found("RL112", &tf(&tagged(filter, "Disabled"))), NONE);
    }
    let prefix_only = tf(&tagged("      prefix = \"logs/\"\n", "Enabled"));
    assert_eq!(tf_found("RL112", &prefix_only), NONE);
}

#[test]
fn rl112_legacy_inline_filter_tags() {
    let rule = |status: &str| {
        format!(
            "    rules {{\n      id     = \"t\"\n      status = \"Enabled\"\n      priority = 1\n      delete_marker_replication_status = \"{status}\"\n      filter {{\n        prefix = \"logs/\"\n        tags = {{\n          replicate = \"yes\"\n        }}\n      }}\n      destination {{\n        bucket = \"arn:aws:s3:::example-dst\"\n      }}\n    }}\n"
        )
    };
    let text = tf_inline(&rule("Enabled"));
    assert_eq!(
        tf_found("RL112", &text),
        vec![after(
            &text,
            "delete_marker_replication_status",
            0,
            "\"Enabled\""
        )]
    );
    // prefix + tags is how provider v3 writes And: not a malformed filter.
    assert_eq!(tf_found("RL106", &text), NONE);
}

#[test]
fn rl112_plan_tag_filter() {
    let text = plan_with(vec![plan_rule(json!({
        "filter": [{ "prefix": "", "tag": [{ "key": "replicate", "value": "yes" }], "and": [] }]
    }))]);
    assert_eq!(
        plan_found("RL112", &text),
        vec![after(
            &text,
            "\"delete_marker_replication\"",
            0,
            "\"Enabled\""
        )]
    );
    // The plan's empty prefix next to the tag is a default, not a second filter element.
    assert_eq!(plan_found("RL106", &text), NONE);
}

#[test]
fn rl112_cloudformation_and_tag_filters() {
    let filter = "              And:\n                Prefix: logs/\n                TagFilters:\n                  - Key: replicate\n                    Value: \"yes\"\n";
    let text = cfn(&cfn_v2("t", 1, filter, ""));
    assert_eq!(
        cfn_found("RL112", &text),
        vec![after(&text, "DeleteMarkerReplication:", 0, "Enabled")]
    );
    let text = cfn(&cfn_v2("t", 1, filter, "").replace(
        "Status: Enabled\n            Destination",
        "Status: Disabled\n            Destination",
    ));
    assert_eq!(cfn_found("RL112", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL113 overlapping-rules
// ---------------------------------------------------------------------------------------------

#[test]
fn rl113_nested_prefixes_to_one_destination_flag_the_lower_priority() {
    let text =
        tf(&(v2("all", "", "    priority = 2\n", "")
            + &v2("logs", "logs/", "    priority = 1\n", "")));
    assert_eq!(tf_found("RL113", &text), vec![at(&text, "filter {", 1)]);
    let text =
        tf(&(v2("all", "", "    priority = 1\n", "")
            + &v2("logs", "logs/", "    priority = 2\n", "")));
    assert_eq!(tf_found("RL113", &text), vec![at(&text, "filter {", 0)]);
}

#[test]
fn rl113_passes_for_disjoint_disabled_other_destination_and_equal_priority() {
    let disjoint =
        tf(&(v2("a", "a/", "    priority = 2\n", "") + &v2("b", "b/", "    priority = 1\n", "")));
    assert_eq!(tf_found("RL113", &disjoint), NONE);
    let disabled = tf(&(v2("a", "", "    priority = 2\n", "")
        + &v2("b", "b/", "    priority = 1\n", "").replacen(
            "status = \"Enabled\"",
            "status = \"Disabled\"",
            1,
        )));
    assert!(disabled.contains("\"Disabled\""));
    assert_eq!(tf_found("RL113", &disabled), NONE);
    let other = tf(&(v2("a", "", "    priority = 2\n", "")
        + &v2("b", "b/", "    priority = 1\n", "").replace("example-dst", "example-other")));
    assert_eq!(tf_found("RL113", &other), NONE);
    let equal =
        tf(&(v2("a", "", "    priority = 1\n", "") + &v2("b", "b/", "    priority = 1\n", "")));
    assert_eq!(tf_found("RL113", &equal), NONE);
    assert_eq!(tf_found("RL109", &equal).len(), 1);
}

#[test]
fn rl113_tag_sets_overlap_when_one_includes_the_other() {
    let rule = |id: &str, priority: u32, filter: &str| {
        tagged(filter, "Disabled").replace("\"t\"", &format!("\"{id}\"\n    priority = {priority}"))
    };
    let one_tag = "      tag {\n        key   = \"replicate\"\n        value = \"yes\"\n      }\n";
    let two_tags = AND_TAGS.replace("\"logs/\"", "\"\"");
    let text = tf(&(rule("one", 2, one_tag) + &rule("two", 1, &two_tags)));
    assert_eq!(tf_found("RL113", &text), vec![at(&text, "filter {", 1)]);
    let other_value = one_tag.replace("\"yes\"", "\"no\"");
    let text = tf(&(rule("one", 2, &other_value) + &rule("two", 1, &two_tags)));
    assert_eq!(tf_found("RL113", &text), NONE);
    let other_key = one_tag.replace("\"replicate\"", "\"owner\"");
    let text = tf(&(rule("one", 2, &other_key) + &rule("two", 1, &two_tags)));
    assert_eq!(tf_found("RL113", &text), NONE);
}

#[test]
fn rl113_unknown_prefix_is_not_compared() {
    let text = format!(
        "variable \"p\" {{}}\n{}",
        tf(&(v2("all", "", "    priority = 2\n", "")
            + &v2("x", "x", "    priority = 1\n", "").replace("\"x\"\n    }", "var.p\n    }")))
    );
    assert!(text.contains("prefix = var.p"));
    assert_eq!(tf_found("RL113", &text), NONE);
}

#[test]
fn rl113_plan_and_cloudformation() {
    let text = plan_with(vec![
        plan_rule(json!({ "id": "all", "priority": 2 })),
        plan_rule(json!({ "id": "logs", "priority": 1, "filter": [{ "prefix": "logs/" }] })),
    ]);
    assert_eq!(
        plan_found("RL113", &text),
        vec![at(&text, "\"filter\": [", 1)]
    );
    let text = cfn(&(cfn_v2("logs", 1, &cfn_prefix("logs/"), "")
        + &cfn_v2("app", 2, &cfn_prefix("logs/app/"), "")));
    assert_eq!(cfn_found("RL113", &text), vec![at(&text, "Filter:", 0)]);
}

// ---------------------------------------------------------------------------------------------
// RL114 invalid-storage-class
// ---------------------------------------------------------------------------------------------

#[test]
fn rl114_storage_classes_are_case_sensitive() {
    let text = tf(&v2("a", "", "", "      storage_class = \"standard_ia\"\n"));
    assert_eq!(
        tf_found("RL114", &text),
        vec![at(&text, "\"standard_ia\"", 0)]
    );
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
        let text = tf(&v2(
            "a",
            "",
            "",
            &format!("      storage_class = \"{class}\"\n"),
        ));
        assert_eq!(tf_found("RL114", &text), NONE, "{class}");
    }
}

#[test]
fn rl114_plan_empty_is_unset_but_a_wrong_class_is_found() {
    let text = plan_with(vec![plan_rule(
        json!({ "destination": [{ "bucket": "arn:aws:s3:::orders-dst", "storage_class": "" }] }),
    )]);
    assert_eq!(plan_found("RL114", &text), NONE);
    let text = plan_with(vec![plan_rule(
        json!({ "destination": [{ "bucket": "arn:aws:s3:::orders-dst", "storage_class": "EXPRESS_ONEZONE" }] }),
    )]);
    assert_eq!(
        plan_found("RL114", &text),
        vec![after(&text, "\"storage_class\"", 0, "\"EXPRESS_ONEZONE\"")]
    );
}

#[test]
fn rl114_cloudformation() {
    let text = cfn(&cfn_v2(
        "a",
        1,
        &cfn_prefix(""),
        "              StorageClass: Glacier\n",
    ));
    assert_eq!(cfn_found("RL114", &text), vec![at(&text, "Glacier", 0)]);
    let text = cfn(&cfn_v2(
        "a",
        1,
        &cfn_prefix(""),
        "              StorageClass: GLACIER_IR\n",
    ));
    assert_eq!(cfn_found("RL114", &text), NONE);
}

#[test]
fn rl114_unknown_class_is_silent() {
    let text = format!(
        "variable \"class\" {{}}\n{}",
        tf(&v2("a", "", "", "      storage_class = var.class\n"))
    );
    assert_eq!(tf_found("RL114", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL115 existing-object-replication
// ---------------------------------------------------------------------------------------------

fn existing(status: &str) -> String {
    format!("    existing_object_replication {{\n      status = \"{status}\"\n    }}\n")
}

#[test]
fn rl115_enabled_block_in_source_and_plan() {
    let text = tf(&v2("a", "", &existing("Enabled"), ""));
    assert_eq!(
        tf_found("RL115", &text),
        vec![at(&text, "existing_object_replication {", 0)]
    );
    assert_eq!(
        tf_found("RL115", &tf(&v2("a", "", &existing("Disabled"), ""))),
        NONE
    );
    let text = plan_with(vec![plan_rule(
        json!({ "existing_object_replication": [{ "status": "Enabled" }] }),
    )]);
    assert_eq!(
        plan_found("RL115", &text),
        vec![at(&text, "\"existing_object_replication\"", 0)]
    );
    let text = plan_with(vec![plan_rule(
        json!({ "existing_object_replication": [{ "status": "Disabled" }] }),
    )]);
    assert_eq!(plan_found("RL115", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL116 directory-bucket
// ---------------------------------------------------------------------------------------------

const DIRECTORY: &str = "resource \"aws_s3_directory_bucket\" \"fast\" {\n  bucket = \"example-fast--usw2-az1--x-s3\"\n\n  location {\n    name = \"usw2-az1\"\n  }\n}\n\n";

#[test]
fn rl116_directory_bucket_destination_by_reference_and_by_name() {
    let text = DIRECTORY.to_string()
        + &tf(&v2("a", "", "", "").replace(
            "\"arn:aws:s3:::example-dst\"",
            "aws_s3_directory_bucket.fast.arn",
        ));
    assert_eq!(
        tf_found("RL116", &text),
        vec![at(&text, "aws_s3_directory_bucket.fast.arn", 0)]
    );
    let arn = "arn:aws:s3express:us-west-2:123456789012:bucket/example-fast--usw2-az1--x-s3";
    let text = tf(&v2("a", "", "", "").replace("arn:aws:s3:::example-dst", arn));
    assert_eq!(
        tf_found("RL116", &text),
        vec![at(&text, &format!("\"{arn}\""), 0)]
    );
}

#[test]
fn rl116_directory_bucket_source() {
    let text =
        tf(&v2("a", "", "", "")).replace("\"example-src\"", "\"example-src--usw2-az1--x-s3\"");
    assert_eq!(
        tf_found("RL116", &text),
        vec![at(&text, "bucket = \"example-src--", 0)]
    );
    let text = DIRECTORY.to_string()
        + &tf(&v2("a", "", "", ""))
            .replace("\"example-src\"", "aws_s3_directory_bucket.fast.bucket");
    assert_eq!(
        tf_found("RL116", &text),
        vec![at(&text, "bucket = aws_s3_directory_bucket", 0)]
    );
}

#[test]
fn rl116_general_purpose_and_unknown_buckets_pass() {
    assert_eq!(tf_found("RL116", &tf(&v2("a", "", "", ""))), NONE);
    let text = format!(
        "variable \"dst\" {{}}\n{}",
        tf(&v2("a", "", "", "").replace("\"arn:aws:s3:::example-dst\"", "var.dst"))
    );
    assert_eq!(tf_found("RL116", &text), NONE);
    // The suffix must end the name.
    let text = tf(&v2("a", "", "", "").replace("example-dst", "example--x-s3-copy"));
    assert_eq!(tf_found("RL116", &text), NONE);
}

#[test]
fn rl116_plan_and_cloudformation() {
    let text = plan_with(vec![plan_rule(
        json!({ "destination": [{ "bucket": "arn:aws:s3:::fast--use1-az4--x-s3" }] }),
    )]);
    assert_eq!(
        plan_found("RL116", &text),
        vec![at(&text, "\"arn:aws:s3:::fast--use1-az4--x-s3\"", 0)]
    );
    let directory = "  Fast:\n    Type: AWS::S3Express::DirectoryBucket\n    Properties:\n      DataRedundancy: SingleAvailabilityZone\n      LocationName: usw2-az1\n";
    let text = cfn_with(directory, &cfn_v2("a", 1, &cfn_prefix(""), "")).replace(
        "Bucket: arn:aws:s3:::example-dst",
        "Bucket: !GetAtt Fast.Arn",
    );
    assert_eq!(
        cfn_found("RL116", &text),
        vec![at(&text, "!GetAtt Fast.Arn", 0)]
    );
    assert_eq!(
        cfn_found("RL116", &cfn(&cfn_v2("a", 1, &cfn_prefix(""), ""))),
        NONE
    );
}

// ---------------------------------------------------------------------------------------------
// RL117 duplicate-replication-config
// ---------------------------------------------------------------------------------------------

#[test]
fn rl117_two_standalone_configurations_for_one_bucket() {
    let second = tf(&v2("b", "b/", "", "")).replace("\"this\"", "\"second\"");
    let text = tf(&v2("a", "a/", "", "")) + "\n" + &second;
    assert_eq!(
        tf_found("RL117", &text),
        vec![at(&text, "bucket = \"example-src\"", 1)]
    );
    let other = second.replace("example-src", "example-other");
    assert_eq!(
        tf_found("RL117", &(tf(&v2("a", "a/", "", "")) + "\n" + &other)),
        NONE
    );
}

#[test]
fn rl117_standalone_next_to_an_inline_block_through_a_reference() {
    let inline = tf_inline(
        "    rules {\n      id     = \"a\"\n      status = \"Enabled\"\n      prefix = \"\"\n      destination {\n        bucket = \"arn:aws:s3:::example-dst\"\n      }\n    }\n",
    );
    let standalone = tf(&v2("b", "b/", "", "")).replace("\"example-src\"", "aws_s3_bucket.src.id");
    let text = inline + "\n" + &standalone;
    assert_eq!(
        tf_found("RL117", &text),
        vec![at(&text, "bucket = aws_s3_bucket.src.id", 0)]
    );
}

#[test]
fn rl117_plan_two_configurations() {
    let mut setup = plan::valid_setup();
    setup.push(plan_replication(
        "aws_s3_bucket_replication_configuration.second",
        vec![plan_rule(json!({ "id": "second" }))],
    ));
    let text = plan::render(&setup);
    assert_eq!(
        plan_found("RL117", &text),
        vec![after(
            &text,
            "\"address\": \"aws_s3_bucket_replication_configuration.second\"",
            1,
            "\"bucket\""
        )]
    );
    assert_eq!(
        plan_found("RL117", &plan::render(&plan::valid_setup())),
        NONE
    );
}

#[test]
fn rl117_unknown_buckets_are_not_compared() {
    let text = format!(
        "variable \"a\" {{}}\nvariable \"b\" {{}}\n{}\n{}",
        tf(&v2("a", "a/", "", "")).replace("\"example-src\"", "var.a"),
        tf(&v2("b", "b/", "", ""))
            .replace("\"this\"", "\"second\"")
            .replace("\"example-src\"", "var.b")
    );
    assert_eq!(tf_found("RL117", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL118 rtc-needs-metrics, RL119 rtc-minutes, RL120 metrics-threshold-without-rtc
// ---------------------------------------------------------------------------------------------

fn rtc(status: &str, minutes: u32) -> String {
    format!(
        "      replication_time {{\n        status = \"{status}\"\n        time {{\n          minutes = {minutes}\n        }}\n      }}\n"
    )
}

fn metrics(status: &str, minutes: Option<u32>) -> String {
    let threshold = minutes.map_or(String::new(), |m| {
        format!("        event_threshold {{\n          minutes = {m}\n        }}\n")
    });
    format!("      metrics {{\n        status = \"{status}\"\n{threshold}      }}\n")
}

#[test]
fn rl118_rtc_without_metrics_or_with_metrics_disabled() {
    let text = tf(&v2("a", "", "", &rtc("Enabled", 15)));
    assert_eq!(
        tf_found("RL118", &text),
        vec![after(&text, "replication_time {", 0, "\"Enabled\"")]
    );
    let text = tf(&v2(
        "a",
        "",
        "",
        &(rtc("Enabled", 15) + &metrics("Disabled", None)),
    ));
    assert_eq!(tf_found("RL118", &text), vec![at(&text, "\"Disabled\"", 0)]);
    let good = tf(&v2(
        "a",
        "",
        "",
        &(rtc("Enabled", 15) + &metrics("Enabled", Some(15))),
    ));
    assert_eq!(tf_found("RL118", &good), NONE);
    assert_eq!(
        tf_found("RL118", &tf(&v2("a", "", "", &rtc("Disabled", 15)))),
        NONE
    );
}

#[test]
fn rl119_minutes_other_than_15() {
    let text = tf(&v2(
        "a",
        "",
        "",
        &(rtc("Enabled", 10) + &metrics("Enabled", Some(20))),
    ));
    assert_eq!(
        tf_found("RL119", &text),
        vec![at(&text, "10", 0), at(&text, "20", 0)]
    );
    let good = tf(&v2(
        "a",
        "",
        "",
        &(rtc("Enabled", 15) + &metrics("Enabled", Some(15))),
    ));
    assert_eq!(tf_found("RL119", &good), NONE);
}

#[test]
fn rl120_threshold_without_rtc() {
    let text = tf(&v2("a", "", "", &metrics("Enabled", Some(15))));
    assert_eq!(
        tf_found("RL120", &text),
        vec![at(&text, "event_threshold {", 0)]
    );
    let text = tf(&v2(
        "a",
        "",
        "",
        &(rtc("Disabled", 15) + &metrics("Enabled", Some(15))),
    ));
    assert_eq!(
        tf_found("RL120", &text),
        vec![at(&text, "event_threshold {", 0)]
    );
    assert_eq!(
        tf_found("RL120", &tf(&v2("a", "", "", &metrics("Enabled", None)))),
        NONE
    );
    let good = tf(&v2(
        "a",
        "",
        "",
        &(rtc("Enabled", 15) + &metrics("Enabled", Some(15))),
    ));
    assert_eq!(tf_found("RL120", &good), NONE);
}

#[test]
fn rtc_rules_on_the_legacy_inline_block() {
    let rule = |destination_extra: &str| {
        tf_inline(&format!(
            "    rules {{\n      id     = \"a\"\n      status = \"Enabled\"\n      priority = 1\n      filter {{}}\n      delete_marker_replication_status = \"Enabled\"\n      destination {{\n        bucket = \"arn:aws:s3:::example-dst\"\n{destination_extra}      }}\n    }}\n"
        ))
    };
    let text = rule(
        "        replication_time {\n          status  = \"Enabled\"\n          minutes = 15\n        }\n",
    );
    assert_eq!(
        tf_found("RL118", &text),
        vec![after(&text, "replication_time {", 0, "\"Enabled\"")]
    );
    let text = rule(
        "        replication_time {\n          status  = \"Enabled\"\n          minutes = 15\n        }\n        metrics {\n          status  = \"Enabled\"\n          minutes = 10\n        }\n",
    );
    assert_eq!(tf_found("RL118", &text), NONE);
    assert_eq!(tf_found("RL119", &text), vec![at(&text, "10", 0)]);
    // Provider v3 sends legacy `metrics.minutes` as `EventThreshold.Minutes`: without RTC, RL120.
    let text = rule(
        "        metrics {\n          status  = \"Enabled\"\n          minutes = 15\n        }\n",
    );
    assert_eq!(
        tf_found("RL120", &text),
        vec![after(&text, "metrics {", 0, "minutes")]
    );
}

#[test]
fn rtc_rules_in_a_plan() {
    let destination = |extra: Value| {
        let mut d = json!({ "bucket": "arn:aws:s3:::orders-dst", "storage_class": "STANDARD" });
        merge(&mut d, extra);
        plan_rule(json!({ "destination": [d] }))
    };
    let text = plan_with(vec![destination(json!({
        "replication_time": [{ "status": "Enabled", "time": [{ "minutes": 15 }] }],
        "metrics": []
    }))]);
    assert_eq!(
        plan_found("RL118", &text),
        vec![after(&text, "\"replication_time\"", 0, "\"Enabled\"")]
    );
    let text = plan_with(vec![destination(json!({
        "replication_time": [],
        "metrics": [{ "status": "Enabled", "event_threshold": [{ "minutes": 30 }] }]
    }))]);
    assert_eq!(
        plan_found("RL120", &text),
        vec![at(&text, "\"event_threshold\"", 0)]
    );
    assert_eq!(
        plan_found("RL119", &text),
        vec![after(&text, "\"event_threshold\"", 0, "30")]
    );
    // Metrics without a threshold (the plan shows the absent block as []) are fine.
    let text = plan_with(vec![destination(json!({
        "replication_time": [],
        "metrics": [{ "status": "Enabled", "event_threshold": [] }]
    }))]);
    assert_eq!(plan_found("RL120", &text), NONE);
}

#[test]
fn rtc_rules_in_cloudformation() {
    let dest = |rtc: &str, metrics: &str| format!("{rtc}{metrics}");
    let rtc_on = "              ReplicationTime:\n                Status: Enabled\n                Time:\n                  Minutes: 15\n";
    let metrics_on = |m: u32| {
        format!(
            "              Metrics:\n                Status: Enabled\n                EventThreshold:\n                  Minutes: {m}\n"
        )
    };
    let text = cfn(&cfn_v2("a", 1, &cfn_prefix(""), &dest(rtc_on, "")));
    assert_eq!(
        cfn_found("RL118", &text),
        vec![after(&text, "ReplicationTime:", 0, "Enabled")]
    );
    let text = cfn(&cfn_v2("a", 1, &cfn_prefix(""), &dest("", &metrics_on(15))));
    assert_eq!(
        cfn_found("RL120", &text),
        vec![at(&text, "EventThreshold:", 0)]
    );
    let text = cfn(&cfn_v2(
        "a",
        1,
        &cfn_prefix(""),
        &dest(rtc_on, &metrics_on(16)),
    ));
    assert_eq!(cfn_found("RL119", &text), vec![at(&text, "16", 0)]);
    assert_eq!(cfn_found("RL118", &text), NONE);
    assert_eq!(cfn_found("RL120", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL121 access-control-translation-needs-account
// ---------------------------------------------------------------------------------------------

fn translation(owner: &str) -> String {
    format!("      access_control_translation {{\n        owner = \"{owner}\"\n      }}\n")
}

#[test]
fn rl121_missing_or_malformed_account_and_wrong_owner() {
    let text = tf(&v2("a", "", "", &translation("Destination")));
    assert_eq!(
        tf_found("RL121", &text),
        vec![at(&text, "access_control_translation {", 0)]
    );
    let text = tf(&v2(
        "a",
        "",
        "",
        &(String::from("      account = \"1234\"\n") + &translation("Source")),
    ));
    assert_eq!(
        tf_found("RL121", &text),
        vec![at(&text, "\"1234\"", 0), at(&text, "\"Source\"", 0)]
    );
    let good = tf(&v2(
        "a",
        "",
        "",
        &(String::from("      account = \"123456789012\"\n") + &translation("Destination")),
    ));
    assert_eq!(tf_found("RL121", &good), NONE);
}

#[test]
fn rl121_unknown_account_and_dynamic_block_are_silent() {
    let text = format!(
        "variable \"account\" {{}}\n{}",
        tf(&v2(
            "a",
            "",
            "",
            &(String::from("      account = var.account\n") + &translation("Destination"))
        ))
    );
    assert_eq!(tf_found("RL121", &text), NONE);
    let text = format!(
        "variable \"owners\" {{}}\n{}",
        tf(&v2(
            "a",
            "",
            "",
            "      dynamic \"access_control_translation\" {\n        for_each = var.owners\n        content {\n          owner = \"Destination\"\n        }\n      }\n"
        ))
    );
    assert_eq!(tf_found("RL121", &text), NONE);
}

#[test]
fn rl121_plan_empty_account_is_missing() {
    let text = plan_with(vec![plan_rule(json!({ "destination": [{
        "bucket": "arn:aws:s3:::orders-dst", "account": "",
        "access_control_translation": [{ "owner": "Destination" }]
    }] }))]);
    assert_eq!(
        plan_found("RL121", &text),
        vec![at(&text, "\"access_control_translation\"", 0)]
    );
    let text = plan_with(vec![plan_rule(json!({ "destination": [{
        "bucket": "arn:aws:s3:::orders-dst", "account": "123456789012",
        "access_control_translation": [{ "owner": "Destination" }]
    }] }))]);
    assert_eq!(plan_found("RL121", &text), NONE);
}

#[test]
fn rl121_cloudformation() {
    let dest = "              Account: \"12345678901a\"\n              AccessControlTranslation:\n                Owner: Destination\n";
    let text = cfn(&cfn_v2("a", 1, &cfn_prefix(""), dest));
    assert_eq!(
        cfn_found("RL121", &text),
        vec![at(&text, "\"12345678901a\"", 0)]
    );
    let text = cfn(&cfn_v2(
        "a",
        1,
        &cfn_prefix(""),
        "              AccessControlTranslation:\n                Owner: Destination\n",
    ));
    assert_eq!(
        cfn_found("RL121", &text),
        vec![at(&text, "AccessControlTranslation:", 0)]
    );
    let text = cfn(&cfn_v2(
        "a",
        1,
        &cfn_prefix(""),
        &dest.replace("12345678901a", "123456789012"),
    ));
    assert_eq!(cfn_found("RL121", &text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL703 tag-filter-at-creation
// ---------------------------------------------------------------------------------------------

#[test]
fn rl703_notes_tag_filtered_rules_once_at_the_first_tag() {
    let text = tf(&tagged(AND_TAGS, "Disabled"));
    let all = lint("main.tf", &text);
    let notes: Vec<_> = all.iter().filter(|(r, _, _)| r == "RL703").collect();
    assert_eq!(notes.len(), 1, "{all:?}");
    assert_eq!(notes[0].1, Severity::Info);
    assert_eq!(notes[0].2, at(&text, "replicate = \"yes\"", 0));
    let text = tf(&tagged(TAG, "Disabled"));
    assert_eq!(tf_found("RL703", &text), vec![at(&text, "tag {", 0)]);
}

#[test]
fn rl703_prefix_only_and_disabled_rules_are_quiet() {
    assert_eq!(tf_found("RL703", &tf(&v2("a", "logs/", "", ""))), NONE);
    let disabled =
        tf(&tagged(TAG, "Disabled")).replacen("status = \"Enabled\"", "status = \"Disabled\"", 1);
    assert_eq!(tf_found("RL703", &disabled), NONE);
}

#[test]
fn rl703_plan_and_cloudformation() {
    let text = plan_with(vec![plan_rule(json!({
        "filter": [{ "prefix": "", "tag": [], "and": [{ "prefix": "logs/", "tags": { "replicate": "yes" } }] }],
        "delete_marker_replication": [{ "status": "Disabled" }]
    }))]);
    assert_eq!(
        plan_found("RL703", &text),
        vec![at(&text, "\"replicate\": \"yes\"", 0)]
    );
    let filter = "              TagFilter:\n                Key: replicate\n                Value: \"yes\"\n";
    let text = cfn(&cfn_v2("t", 1, filter, ""));
    assert_eq!(
        cfn_found("RL703", &text),
        vec![at(&text, "Key: replicate", 0)]
    );
}

#[test]
fn rl104_terraform_without_rules_is_left_to_terraform() {
    let text = format!(
        "variable \"rules\" {{\n  default = []\n}}\n{}",
        tf(
            "  dynamic \"rule\" {\n    for_each = var.rules\n    content {\n      status = \"Enabled\"\n      destination {\n        bucket = \"arn:aws:s3:::example-dst\"\n      }\n    }\n  }\n"
        )
    );
    assert_eq!(tf_found("RL104", &text), NONE);
}
