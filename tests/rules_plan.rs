//! The core rules (RL101-RL107, RL201-RL203, RL301-RL306, RL310) on Terraform plan JSON in the
//! shape `terraform show -json` writes. Each test starts from the plan builder's valid set-up
//! (which lints clean), plants one defect, and asserts every finding as `RLxxx:severity line:col`
//! inside the plan file, so a false alarm next to the expected finding fails the test too.
//!
//! Positions are computed from the rendered plan with [`find`], which walks a path of needles
//! (`"planned_values"`, then a resource address, then the value), so each expectation names what
//! the finding points at. The builder renders keys sorted: `configuration` comes before
//! `planned_values`, which comes before `resource_changes`.

#[path = "support/record.rs"]
mod record;

#[path = "support/plan.rs"]
mod plan;

use plan::PlanResource;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// One diagnostic: `RLxxx:severity line:col`, and the resource address it names.
struct Finding {
    text: String,
    resource: Option<String>,
}

/// Every diagnostic of linting `text` as the plan file `plan.json`, sorted.
fn lint(text: &str) -> Vec<Finding> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    std::fs::write(&path, text).unwrap();
    let options = repl_lint::Options {
        paths: vec![path],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    record::lint(dir.path(), &options, &outcome);
    let mut out: Vec<Finding> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let (start, _) = outcome.db.range(d.primary);
            Finding {
                text: format!(
                    "{}:{} {}:{}",
                    d.rule,
                    d.severity.as_str(),
                    start.line,
                    start.column
                ),
                resource: d.resource.clone(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.text.cmp(&b.text));
    out
}

/// Every diagnostic as `RLxxx:severity line:col`, sorted.
fn findings(text: &str) -> Vec<String> {
    lint(text).into_iter().map(|f| f.text).collect()
}

/// The diagnostics of one rule only, as `RLxxx:severity line:col`, sorted.
fn of_rule(text: &str, rule: &str) -> Vec<String> {
    findings(text)
        .into_iter()
        .filter(|f| f.starts_with(rule))
        .collect()
}

/// `label line:col` for an expected finding (`label` is `RLxxx:severity`).
fn at(label: &str, position: String) -> String {
    format!("{label} {position}")
}

/// `line:col` of the last needle of `path`, each needle searched after the previous one
/// (`["\"planned_values\"", "\"aws_iam_role.replication\"", "\"{\\"]`).
fn find(text: &str, path: &[&str]) -> String {
    let mut offset = 0;
    for needle in path {
        offset += text[offset..]
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not found after {path:?}"));
    }
    let needle = path.last().expect("a non-empty path");
    let nth = text[..offset].matches(needle).count();
    plan::locate(text, needle, nth)
}

/// `line:col` of `needle` in the planned values of the resource at `address`.
fn planned(text: &str, address: &str, needle: &str) -> String {
    find(
        text,
        &[
            "\"planned_values\"",
            &format!("\"address\": \"{address}\""),
            needle,
        ],
    )
}

/// `line:col` of `needle` in the configuration section of the resource at `address` (the
/// configuration address, without module path).
fn configured(text: &str, address: &str, needle: &str) -> String {
    find(
        text,
        &[
            "\"configuration\"",
            &format!("\"address\": \"{address}\""),
            needle,
        ],
    )
}

/// The start of a policy document string (`"{\"Statement\"...`) in the planned values of the
/// resource at `address`.
fn policy_string(text: &str, address: &str) -> String {
    planned(text, address, "\"{\\\"")
}

// ---------------------------------------------------------------------------------------------
// Plan builders (the valid set-up of `support/plan.rs`, with one resource replaced)
// ---------------------------------------------------------------------------------------------

const SOURCE_BUCKET: usize = 0;
const SOURCE_VERSIONING: usize = 2;
const REPLICA_VERSIONING: usize = 3;
const ROLE: usize = 4;
const ROLE_POLICY: usize = 5;
const REPLICATION: usize = 6;

const CONFIG: &str = "aws_s3_bucket_replication_configuration.this";
const POLICY: &str = "aws_iam_role_policy.replication";
const SRC: &str = "arn:aws:s3:::orders-src";
const DST: &str = "arn:aws:s3:::orders-dst";
const VERSIONING: [&str; 2] = [
    "aws_s3_bucket_versioning.source",
    "aws_s3_bucket_versioning.replica",
];

/// The valid set-up with the resource at `index` replaced.
fn with(index: usize, resource: PlanResource) -> Vec<PlanResource> {
    let mut setup = plan::valid_setup();
    setup[index] = resource;
    setup
}

/// The rendered plan of the valid set-up with the resource at `index` replaced.
fn render_with(index: usize, resource: PlanResource) -> String {
    plan::render(&with(index, resource))
}

/// A policy document as Terraform's plan holds it: a JSON string.
fn document(statements: &[Value]) -> String {
    json!({ "Version": "2012-10-17", "Statement": statements }).to_string()
}

/// An `Allow` statement.
fn allow(actions: &[&str], resource: &str) -> Value {
    json!({ "Effect": "Allow", "Action": actions, "Resource": resource })
}

/// The three statements of the valid set-up's role policy.
fn permissions() -> Vec<Value> {
    vec![
        allow(&["s3:GetReplicationConfiguration", "s3:ListBucket"], SRC),
        allow(
            &[
                "s3:GetObjectVersionForReplication",
                "s3:GetObjectVersionAcl",
                "s3:GetObjectVersionTagging",
            ],
            &format!("{SRC}/*"),
        ),
        allow(
            &[
                "s3:ReplicateObject",
                "s3:ReplicateDelete",
                "s3:ReplicateTags",
            ],
            &format!("{DST}/*"),
        ),
    ]
}

/// The role policy of the valid set-up holding `statements`.
fn role_policy(statements: &[Value]) -> PlanResource {
    plan::resource(
        "aws_iam_role_policy.replication",
        json!({ "name": "replication", "role": "orders-replication", "policy": document(statements) }),
    )
    .references(
        "role",
        &["aws_iam_role.replication.name", "aws_iam_role.replication"],
    )
}

/// The plan with the role policy holding `statements`.
fn with_permissions(statements: &[Value]) -> String {
    render_with(ROLE_POLICY, role_policy(statements))
}

/// The role of the valid set-up with the trust policy holding `statements`.
fn role(trust: &[Value]) -> PlanResource {
    plan::resource(
        "aws_iam_role.replication",
        json!({ "name": "orders-replication", "assume_role_policy": document(trust) }),
    )
    .unknown("arn")
}

/// The valid set-up's trust statement: S3 may assume the role.
fn trust_s3() -> Value {
    json!({ "Effect": "Allow", "Principal": { "Service": "s3.amazonaws.com" }, "Action": "sts:AssumeRole" })
}

/// The valid set-up's rule, as Terraform plans it.
fn rule() -> Value {
    json!({
        "id": "all",
        "status": "Enabled",
        "priority": 0,
        "prefix": "",
        "filter": [{ "prefix": "", "tag": [], "and": [] }],
        "delete_marker_replication": [{ "status": "Enabled" }],
        "destination": [{
            "bucket": DST,
            "account": "",
            "storage_class": "STANDARD",
            "access_control_translation": [],
            "encryption_configuration": [],
            "metrics": [],
            "replication_time": [],
        }],
        "existing_object_replication": [],
        "source_selection_criteria": [],
    })
}

/// A replication configuration for `orders-src` holding `rules`, without `depends_on`, its
/// role known only after apply and written as an expression with `role_references`.
fn replication(role_references: &[&str], rules: Vec<Value>) -> PlanResource {
    plan::resource(
        CONFIG,
        json!({ "bucket": "orders-src", "token": null, "rule": rules }),
    )
    .unknown("role")
    .references("role", role_references)
    .references(
        "bucket",
        &["aws_s3_bucket.source.id", "aws_s3_bucket.source"],
    )
}

/// The role reference of the valid set-up.
const ROLE_ARN: [&str; 2] = ["aws_iam_role.replication.arn", "aws_iam_role.replication"];

/// [`replication`] with the valid set-up's role reference.
fn unordered(rules: Vec<Value>) -> PlanResource {
    replication(&ROLE_ARN, rules)
}

/// [`unordered`], depending on both versioning resources as the valid set-up does.
fn configuration(rules: Vec<Value>) -> PlanResource {
    unordered(rules).depends_on(&VERSIONING)
}

/// The plan with the configuration holding the one rule `rule`.
fn with_rule(rule: Value) -> String {
    render_with(REPLICATION, configuration(vec![rule]))
}

/// A versioning resource for `bucket` with `status`.
fn versioning(address: &str, bucket: &str, status: &str) -> PlanResource {
    plan::resource(
        address,
        json!({ "bucket": bucket, "versioning_configuration": [{ "status": status, "mfa_delete": null }] }),
    )
}

const NONE: Vec<String> = Vec::new();

#[test]
fn the_valid_setup_rebuilt_by_the_local_builders_lints_clean() {
    // Every test below differs from this clean plan by its one planted defect only.
    let text = plan::render(&[
        plan::valid_setup().remove(SOURCE_BUCKET),
        plan::valid_setup().remove(1),
        versioning(VERSIONING[0], "orders-src", "Enabled"),
        versioning(VERSIONING[1], "orders-dst", "Enabled"),
        role(&[trust_s3()]),
        role_policy(&permissions()),
        configuration(vec![rule()]),
    ]);
    assert_eq!(findings(&text), NONE, "{text}");
}

/// The plan with the configuration's role known at plan time as the literal `role`.
fn with_literal_role(role: &str) -> String {
    let config = plan::resource(
        CONFIG,
        json!({ "bucket": "orders-src", "role": role, "token": null, "rule": [rule()] }),
    )
    .references(
        "bucket",
        &["aws_s3_bucket.source.id", "aws_s3_bucket.source"],
    )
    .depends_on(&VERSIONING);
    render_with(REPLICATION, config)
}

/// `text` with the nested attribute at `path` (keys and list indices below the values of the
/// root-module resource `address`) known only after apply, as Terraform writes it: dropped from
/// the planned values, marked in `after_unknown`, and its expression's `references` recorded in
/// the configuration section.
fn unknown_nested(text: &str, address: &str, path: &[&str], references: &[&str]) -> String {
    let mut plan: Value = serde_json::from_str(text).unwrap();
    let (leaf, parents) = path.split_last().expect("a non-empty path");
    let by_address = |list: &mut Value| -> usize {
        list.as_array()
            .unwrap()
            .iter()
            .position(|r| r["address"] == address)
            .unwrap_or_else(|| panic!("no resource {address}"))
    };
    let pointer = parents.iter().map(|p| format!("/{p}")).collect::<String>();
    let resources = &mut plan["planned_values"]["root_module"]["resources"];
    let i = by_address(resources);
    remove(&mut resources[i]["values"], &pointer, leaf);
    let changes = &mut plan["resource_changes"];
    let i = by_address(changes);
    remove(&mut changes[i]["change"]["after"], &pointer, leaf);
    put(
        &mut changes[i]["change"]["after_unknown"],
        path,
        json!(true),
    );
    let configured = &mut plan["configuration"]["root_module"]["resources"];
    let i = by_address(configured);
    put(
        &mut configured[i]["expressions"],
        path,
        json!({ "references": references }),
    );
    serde_json::to_string_pretty(&plan).unwrap()
}

/// Removes `key` from the object at `pointer` below `value`.
fn remove(value: &mut Value, pointer: &str, key: &str) {
    value
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {pointer}"))
        .remove(key);
}

/// Sets `leaf` at `path` below `target`, creating objects for keys and lists (of objects) for
/// numeric indices, as `after_unknown` and configuration block expressions nest.
fn put(target: &mut Value, path: &[&str], leaf: Value) {
    let Some((first, rest)) = path.split_first() else {
        *target = leaf;
        return;
    };
    let slot = match first.parse::<usize>() {
        Ok(index) => {
            if !target.is_array() {
                *target = json!([]);
            }
            let list = target.as_array_mut().unwrap();
            while list.len() <= index {
                list.push(json!({}));
            }
            &mut list[index]
        }
        Err(_) => {
            if !target.is_object() {
                *target = json!({});
            }
            target
                .as_object_mut()
                .unwrap()
                .entry(first.to_string())
                .or_insert(Value::Null)
        }
    };
    put(slot, rest, leaf);
}

/// The destination bucket of the configuration's first rule, known only after apply.
const DESTINATION: [&str; 5] = ["rule", "0", "destination", "0", "bucket"];

// ---------------------------------------------------------------------------------------------
// RL101 role-not-arn
// ---------------------------------------------------------------------------------------------

#[test]
fn rl101_a_literal_role_name_is_reported_at_the_value() {
    let text = with_literal_role("orders-replication");
    assert_eq!(
        of_rule(&text, "RL101"),
        vec![at(
            "RL101:error",
            planned(&text, CONFIG, "\"orders-replication\"")
        )]
    );
}

#[test]
fn rl101_a_reference_to_the_role_name_is_reported_at_the_reference() {
    let refs = ["aws_iam_role.replication.name", "aws_iam_role.replication"];
    let text = render_with(
        REPLICATION,
        replication(&refs, vec![rule()]).depends_on(&VERSIONING),
    );
    assert_eq!(
        of_rule(&text, "RL101"),
        vec![at(
            "RL101:error",
            configured(&text, CONFIG, "\"aws_iam_role.replication.name\"")
        )]
    );
}

#[test]
fn rl101_a_literal_role_arn_passes() {
    let text = with_literal_role("arn:aws:iam::123456789012:role/orders-replication");
    assert_eq!(findings(&text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL102 destination-not-arn
// ---------------------------------------------------------------------------------------------

/// The valid rule with the destination bucket `bucket`.
fn to(bucket: &str) -> Value {
    let mut r = rule();
    r["destination"][0]["bucket"] = json!(bucket);
    r
}

#[test]
fn rl102_a_bucket_name_is_reported_at_the_value() {
    let text = with_rule(to("orders-dst"));
    assert_eq!(
        findings(&text),
        vec![at("RL102:error", planned(&text, CONFIG, "\"orders-dst\""))]
    );
}

#[test]
fn rl102_a_reference_to_the_bucket_id_is_reported_at_the_reference() {
    let text = unknown_nested(
        &plan::render(&plan::valid_setup()),
        CONFIG,
        &DESTINATION,
        &["aws_s3_bucket.replica.id", "aws_s3_bucket.replica"],
    );
    assert_eq!(
        findings(&text),
        vec![at(
            "RL102:error",
            configured(&text, CONFIG, "\"aws_s3_bucket.replica.id\"")
        )]
    );
}

#[test]
fn rl102_a_reference_to_the_bucket_arn_passes() {
    let text = unknown_nested(
        &plan::render(&plan::valid_setup()),
        CONFIG,
        &DESTINATION,
        &["aws_s3_bucket.replica.arn", "aws_s3_bucket.replica"],
    );
    assert_eq!(findings(&text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL103 destination-is-source
// ---------------------------------------------------------------------------------------------

#[test]
fn rl103_the_source_arn_as_destination_is_reported_at_the_destination_bucket() {
    // The role's destination grants then name the wrong bucket too (RL305): only RL103 is
    // asserted here.
    let text = with_rule(to(SRC));
    assert_eq!(
        of_rule(&text, "RL103"),
        vec![at(
            "RL103:error",
            planned(&text, CONFIG, &format!("\"bucket\": \"{SRC}\""))
        )]
    );
}

#[test]
fn rl103_a_reference_to_the_source_arn_is_reported_at_the_destination_expression() {
    let text = unknown_nested(
        &plan::render(&plan::valid_setup()),
        CONFIG,
        &DESTINATION,
        &["aws_s3_bucket.source.arn", "aws_s3_bucket.source"],
    );
    assert_eq!(
        of_rule(&text, "RL103"),
        vec![at(
            "RL103:error",
            find(
                &text,
                &[
                    "\"configuration\"",
                    &format!("\"address\": \"{CONFIG}\""),
                    "\"destination\"",
                    "\"bucket\": {"
                ]
            )
        )]
    );
}

#[test]
fn rl103_another_destination_passes() {
    let text = with_rule(to(DST));
    assert_eq!(of_rule(&text, "RL103"), NONE);
    assert_eq!(findings(&text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL105 prefix-and-filter
// ---------------------------------------------------------------------------------------------

/// A V1 rule as Terraform plans a rule without a `filter` block: the top-level `prefix`, an
/// empty `filter` list and (V1 takes none) no `delete_marker_replication`.
fn v1(prefix: &str) -> Value {
    let mut r = rule();
    r["prefix"] = json!(prefix);
    r["filter"] = json!([]);
    r["delete_marker_replication"] = json!([]);
    r
}

#[test]
fn rl105_a_prefix_beside_a_filter_is_reported_at_the_prefix() {
    let mut r = rule();
    r["prefix"] = json!("logs/");
    let text = with_rule(r);
    assert_eq!(
        findings(&text),
        vec![at("RL105:error", planned(&text, CONFIG, "\"logs/\""))]
    );
}

#[test]
fn rl105_a_v1_prefix_without_filter_passes() {
    let text = with_rule(v1("logs/"));
    assert_eq!(findings(&text), NONE);
}

#[test]
fn rl105_a_rule_without_prefix_or_filter_is_a_valid_v1_rule_in_a_plan() {
    // The provider sends a rule without a `filter` block as schema V1 with `Prefix` set to the
    // (empty) `prefix` attribute: every object, accepted by S3.
    let text = with_rule(v1(""));
    assert_eq!(findings(&text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL106 filter-shape
// ---------------------------------------------------------------------------------------------

/// The valid rule with `filter` as its filter block and delete marker replication Disabled
/// (not supported with tag filters).
fn filtered(filter: Value) -> Value {
    let mut r = rule();
    r["filter"] = json!([filter]);
    r["delete_marker_replication"] = json!([{ "status": "Disabled" }]);
    r
}

#[test]
fn rl106_a_prefix_and_a_tag_are_reported_at_the_second_element() {
    let text = with_rule(filtered(json!({
        "prefix": "logs/",
        "tag": [{ "key": "team", "value": "orders" }],
        "and": []
    })));
    assert_eq!(
        of_rule(&text, "RL106"),
        vec![at("RL106:error", planned(&text, CONFIG, "\"tag\": ["))]
    );
}

#[test]
fn rl106_a_prefix_and_tags_inside_and_pass() {
    let text = with_rule(filtered(json!({
        "prefix": "",
        "tag": [],
        "and": [{ "prefix": "logs/", "tags": { "team": "orders" } }]
    })));
    assert_eq!(of_rule(&text, "RL106"), NONE);
    // Only the tag-filter note remains.
    assert!(
        findings(&text).iter().all(|f| f.starts_with("RL703:info")),
        "{:?}",
        findings(&text)
    );
}

// ---------------------------------------------------------------------------------------------
// RL107 filter-needs-delete-marker-replication
// ---------------------------------------------------------------------------------------------

#[test]
fn rl107_a_filter_without_delete_marker_replication_is_reported_at_the_rule() {
    let mut r = rule();
    r["delete_marker_replication"] = json!([]);
    let text = with_rule(r);
    let rule_start = find(
        &text,
        &[
            "\"planned_values\"",
            &format!("\"address\": \"{CONFIG}\""),
            "\"rule\": [",
            "{",
        ],
    );
    assert_eq!(findings(&text), vec![at("RL107:error", rule_start)]);
}

#[test]
fn rl107_disabled_delete_marker_replication_and_v1_rules_pass() {
    let mut r = rule();
    r["delete_marker_replication"] = json!([{ "status": "Disabled" }]);
    assert_eq!(findings(&with_rule(r)), NONE);
    assert_eq!(of_rule(&with_rule(v1("")), "RL107"), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL201 source-versioning / RL202 destination-versioning
// ---------------------------------------------------------------------------------------------

#[test]
fn rl201_suspended_source_versioning_is_reported_at_the_status() {
    let text = render_with(
        SOURCE_VERSIONING,
        versioning(VERSIONING[0], "orders-src", "Suspended"),
    );
    assert_eq!(
        findings(&text),
        vec![at(
            "RL201:error",
            planned(&text, VERSIONING[0], "\"status\": \"Suspended\"")
        )]
    );
}

#[test]
fn rl201_a_source_without_versioning_is_reported_at_the_configuration_bucket_attribute() {
    let mut setup = plan::valid_setup();
    setup[REPLICATION] = unordered(vec![rule()]).depends_on(&VERSIONING[1..]);
    setup.remove(SOURCE_VERSIONING);
    let text = plan::render(&setup);
    assert_eq!(
        findings(&text),
        vec![at(
            "RL201:error",
            planned(&text, CONFIG, "\"bucket\": \"orders-src\"")
        )]
    );
}

#[test]
fn rl201_a_status_known_only_after_apply_is_only_a_note() {
    let text = unknown_nested(
        &plan::render(&plan::valid_setup()),
        VERSIONING[0],
        &["versioning_configuration", "0", "status"],
        &["var.source_versioning"],
    );
    let found = findings(&text);
    assert!(!found.is_empty(), "the unverifiable check is named");
    assert!(
        found.iter().all(|f| f.starts_with("RL003:info")),
        "{found:?}"
    );
}

#[test]
fn rl202_suspended_destination_versioning_is_reported_at_the_status() {
    let text = render_with(
        REPLICA_VERSIONING,
        versioning(VERSIONING[1], "orders-dst", "Suspended"),
    );
    assert_eq!(
        findings(&text),
        vec![at(
            "RL202:error",
            planned(&text, VERSIONING[1], "\"status\": \"Suspended\"")
        )]
    );
}

#[test]
fn rl202_a_destination_without_versioning_is_reported_at_the_destination_attribute() {
    let mut setup = plan::valid_setup();
    setup[REPLICATION] = unordered(vec![rule()]).depends_on(&VERSIONING[..1]);
    setup.remove(REPLICA_VERSIONING);
    let text = plan::render(&setup);
    assert_eq!(
        findings(&text),
        vec![at(
            "RL202:error",
            planned(&text, CONFIG, &format!("\"bucket\": \"{DST}\""))
        )]
    );
}

#[test]
fn rl201_rl202_enabled_versioning_passes() {
    let text = plan::render(&plan::valid_setup());
    assert_eq!(of_rule(&text, "RL201"), NONE);
    assert_eq!(of_rule(&text, "RL202"), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL203 versioning-ordering: the configuration section's `depends_on` and references decide
// ---------------------------------------------------------------------------------------------

/// `line:col` of the configuration resource's address in the planned values (its header).
fn config_header(text: &str) -> String {
    find(text, &["\"planned_values\"", &format!("\"{CONFIG}\"")])
}

#[test]
fn rl203_no_ordering_to_either_versioning_resource_is_reported_twice_at_the_header() {
    let text = render_with(REPLICATION, unordered(vec![rule()]));
    let header = config_header(&text);
    assert_eq!(
        findings(&text),
        vec![at("RL203:error", header.clone()), at("RL203:error", header)]
    );
}

#[test]
fn rl203_depending_on_the_source_versioning_only_is_reported_once() {
    let text = render_with(
        REPLICATION,
        unordered(vec![rule()]).depends_on(&VERSIONING[..1]),
    );
    assert_eq!(
        findings(&text),
        vec![at("RL203:error", config_header(&text))]
    );
}

#[test]
fn rl203_depends_on_both_versioning_resources_passes() {
    let text = render_with(REPLICATION, configuration(vec![rule()]));
    assert_eq!(of_rule(&text, "RL203"), NONE);
}

#[test]
fn rl203_a_reference_to_the_versioning_resource_orders_too() {
    // `bucket = aws_s3_bucket_versioning.source.bucket` orders the configuration after the
    // source versioning; `depends_on` covers the destination's.
    let config = plan::resource(
        CONFIG,
        json!({ "bucket": "orders-src", "token": null, "rule": [rule()] }),
    )
    .unknown("role")
    .references("role", &ROLE_ARN)
    .references(
        "bucket",
        &[
            "aws_s3_bucket_versioning.source.bucket",
            "aws_s3_bucket_versioning.source",
        ],
    )
    .depends_on(&VERSIONING[1..]);
    let text = render_with(REPLICATION, config);
    assert_eq!(findings(&text), NONE);
}

/// `text` with the `actions` of the resource change at `address` replaced (the plan builder
/// writes `["create"]` for every resource).
fn with_actions(text: &str, address: &str, actions: &[&str]) -> String {
    let mut plan: Value = serde_json::from_str(text).unwrap();
    let change = plan["resource_changes"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["address"] == address)
        .unwrap_or_else(|| panic!("no change for {address}"));
    change["change"]["actions"] = json!(actions);
    serde_json::to_string_pretty(&plan).unwrap()
}

#[test]
fn rl203_a_replication_the_plan_does_not_create_is_not_reported() {
    // The replication exists already (no-op, or updated in place): nothing races.
    let text = render_with(REPLICATION, unordered(vec![rule()]));
    for actions in [&["no-op"][..], &["update"]] {
        assert_eq!(findings(&with_actions(&text, CONFIG, actions)), NONE);
    }
}

#[test]
fn rl203_a_replacement_creates_the_replication_again() {
    let text = render_with(REPLICATION, unordered(vec![rule()]));
    let text = with_actions(&text, CONFIG, &["delete", "create"]);
    let header = config_header(&text);
    assert_eq!(
        findings(&text),
        vec![at("RL203:error", header.clone()), at("RL203:error", header)]
    );
}

#[test]
fn rl203_versioning_that_already_exists_is_not_reported() {
    // The source versioning exists (no-op): only the destination's, created now, races.
    let text = render_with(REPLICATION, unordered(vec![rule()]));
    let text = with_actions(&text, VERSIONING[0], &["no-op"]);
    assert_eq!(
        findings(&text),
        vec![at("RL203:error", config_header(&text))]
    );
}

#[test]
fn rl203_an_ordering_through_another_resource_counts() {
    // The configuration depends on the role policy, which depends on both versioning resources:
    // Terraform creates the versioning first.
    let mut setup = with(REPLICATION, unordered(vec![rule()]).depends_on(&[POLICY]));
    setup[ROLE_POLICY] = role_policy(&permissions()).depends_on(&VERSIONING);
    assert_eq!(findings(&plan::render(&setup)), NONE);
    // Without the policy's own depends_on, both races are back.
    let text = render_with(REPLICATION, unordered(vec![rule()]).depends_on(&[POLICY]));
    assert_eq!(of_rule(&text, "RL203").len(), 2);
}

#[test]
fn rl203_a_pause_after_versioning_orders_the_replication() {
    // `time_sleep` is a type the linter reads no values of: its ordering still counts.
    let mut setup = with(
        REPLICATION,
        unordered(vec![rule()]).depends_on(&["time_sleep.versioning"]),
    );
    let pause = plan::resource("time_sleep.versioning", json!({ "create_duration": "15s" }));
    setup.push(pause.depends_on(&VERSIONING));
    assert_eq!(findings(&plan::render(&setup)), NONE);
}

#[test]
fn rl203_a_reference_through_a_local_may_order_anything() {
    // `bucket = local.source` may name a versioning resource: the plan does not say.
    let config = unordered(vec![rule()]).references("bucket", &["local.source"]);
    let text = render_with(REPLICATION, config);
    assert_eq!(of_rule(&text, "RL203"), NONE);
}

#[test]
fn rl203_inside_a_module_depends_on_names_the_module_s_versioning() {
    let ordered = in_module(&render_with(REPLICATION, configuration(vec![rule()])), "r");
    assert_eq!(findings(&ordered), NONE);
    let text = in_module(
        &render_with(
            REPLICATION,
            unordered(vec![rule()]).depends_on(&VERSIONING[..1]),
        ),
        "r",
    );
    let found = lint(&text);
    assert_eq!(
        found.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(),
        vec![at(
            "RL203:error",
            find(
                &text,
                &["\"planned_values\"", &format!("\"module.r.{CONFIG}\"")]
            )
        )]
    );
    assert_eq!(
        found[0].resource.as_deref(),
        Some(format!("module.r.{CONFIG}").as_str())
    );
}

// ---------------------------------------------------------------------------------------------
// RL301 role-trust
// ---------------------------------------------------------------------------------------------

#[test]
fn rl301_a_trust_policy_for_another_service_is_reported_at_the_trust_policy() {
    let trust = json!({ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" });
    let text = render_with(ROLE, role(&[trust]));
    assert_eq!(
        findings(&text),
        vec![at(
            "RL301:error",
            policy_string(&text, "aws_iam_role.replication")
        )]
    );
}

#[test]
fn rl301_a_trust_policy_without_assume_role_is_reported_at_the_policy_string() {
    // The document is a JSON string in the plan: its action has no span of its own.
    let trust = json!({ "Effect": "Allow", "Principal": { "Service": "s3.amazonaws.com" }, "Action": "sts:TagSession" });
    let text = render_with(ROLE, role(&[trust]));
    assert_eq!(
        findings(&text),
        vec![at(
            "RL301:error",
            policy_string(&text, "aws_iam_role.replication")
        )]
    );
}

#[test]
fn rl301_a_source_account_condition_passes() {
    let mut trust = trust_s3();
    trust["Condition"] = json!({ "StringEquals": { "aws:SourceAccount": "123456789012" } });
    let text = render_with(ROLE, role(&[trust]));
    assert_eq!(findings(&text), NONE);
}

// ---------------------------------------------------------------------------------------------
// RL302-RL305 the role's permissions, RL306 object actions on a bucket ARN
// ---------------------------------------------------------------------------------------------

/// The position of the role policy document string.
fn role_policy_at(text: &str) -> String {
    policy_string(text, "aws_iam_role_policy.replication")
}

/// The position of the configuration's `role` expression: the attribute, whose value is known
/// only after apply.
fn role_expression_at(text: &str) -> String {
    configured(text, CONFIG, "\"role\": {")
}

#[test]
fn a_role_from_a_variable_is_noted_at_its_configuration_expression() {
    // Known only after apply and named by no resource: the checks of the role are RL003 notes,
    // located where the role is written, not at its `after_unknown` mark.
    let config = replication(&["var.role_arn"], vec![rule()]).depends_on(&VERSIONING);
    let text = render_with(REPLICATION, config);
    assert_eq!(
        findings(&text),
        vec![at("RL003:info", role_expression_at(&text))]
    );
}

#[test]
fn rl302_missing_list_bucket_is_reported_at_the_policy() {
    let mut statements = permissions();
    statements[0] = allow(&["s3:GetReplicationConfiguration"], SRC);
    let text = with_permissions(&statements);
    assert_eq!(
        findings(&text),
        vec![at("RL302:error", role_policy_at(&text))]
    );
}

#[test]
fn rl302_no_grant_on_the_source_bucket_is_reported_at_the_role() {
    let statements = &permissions()[1..];
    let text = with_permissions(statements);
    let role = role_expression_at(&text);
    assert_eq!(
        findings(&text),
        vec![at("RL302:error", role.clone()), at("RL302:error", role)]
    );
}

#[test]
fn rl302_a_condition_on_the_only_grant_is_a_warning() {
    let mut statements = permissions();
    statements[0]["Condition"] = json!({ "StringEquals": { "aws:SourceAccount": "123456789012" } });
    let text = with_permissions(&statements);
    let policy = role_policy_at(&text);
    assert_eq!(
        findings(&text),
        vec![
            at("RL302:warning", policy.clone()),
            at("RL302:warning", policy)
        ]
    );
}

/// `s3:GetObjectVersion` replicates unencrypted and SSE-S3 objects (S3 User Guide): a note when no
/// rule selects SSE-KMS objects.
#[test]
fn rl303_get_object_version_is_a_note_without_kms() {
    let mut statements = permissions();
    statements[1] = allow(
        &[
            "s3:GetObjectVersion",
            "s3:GetObjectVersionAcl",
            "s3:GetObjectVersionTagging",
        ],
        &format!("{SRC}/*"),
    );
    let text = with_permissions(&statements);
    assert_eq!(
        findings(&text),
        vec![at("RL303:info", role_policy_at(&text))]
    );
}

#[test]
fn rl303_wildcard_actions_pass() {
    let statements = [
        allow(&["s3:Get*", "s3:List*"], SRC),
        allow(&["s3:GetObjectVersion*"], &format!("{SRC}/*")),
        allow(&["s3:Replicate*"], &format!("{DST}/*")),
    ];
    assert_eq!(findings(&with_permissions(&statements)), NONE);
}

#[test]
fn rl304_missing_tagging_is_a_warning() {
    let mut statements = permissions();
    statements[1] = allow(
        &[
            "s3:GetObjectVersionForReplication",
            "s3:GetObjectVersionAcl",
        ],
        &format!("{SRC}/*"),
    );
    let text = with_permissions(&statements);
    assert_eq!(
        findings(&text),
        vec![at("RL304:warning", role_policy_at(&text))]
    );
}

#[test]
fn rl305_missing_replicate_delete_with_delete_markers_enabled() {
    let mut statements = permissions();
    statements[2] = allow(
        &["s3:ReplicateObject", "s3:ReplicateTags"],
        &format!("{DST}/*"),
    );
    let text = with_permissions(&statements);
    assert_eq!(
        findings(&text),
        vec![at("RL305:error", role_policy_at(&text))]
    );
}

#[test]
fn rl305_replicate_delete_is_not_needed_with_delete_markers_disabled() {
    let mut statements = permissions();
    statements[2] = allow(
        &["s3:ReplicateObject", "s3:ReplicateTags"],
        &format!("{DST}/*"),
    );
    let mut r = rule();
    r["delete_marker_replication"] = json!([{ "status": "Disabled" }]);
    let mut setup = with(ROLE_POLICY, role_policy(&statements));
    setup[REPLICATION] = configuration(vec![r]);
    assert_eq!(findings(&plan::render(&setup)), NONE);
}

#[test]
fn rl305_a_v1_rule_needs_replicate_delete() {
    let mut statements = permissions();
    statements[2] = allow(
        &["s3:ReplicateObject", "s3:ReplicateTags"],
        &format!("{DST}/*"),
    );
    let mut setup = with(ROLE_POLICY, role_policy(&statements));
    setup[REPLICATION] = configuration(vec![v1("logs/")]);
    let text = plan::render(&setup);
    assert_eq!(
        findings(&text),
        vec![at("RL305:error", role_policy_at(&text))]
    );
}

#[test]
fn rl305_missing_replicate_tags_is_an_info() {
    let mut statements = permissions();
    statements[2] = allow(
        &["s3:ReplicateObject", "s3:ReplicateDelete"],
        &format!("{DST}/*"),
    );
    let text = with_permissions(&statements);
    assert_eq!(
        findings(&text),
        vec![at("RL305:info", role_policy_at(&text))]
    );
}

#[test]
fn rl305_no_grant_on_destination_objects_is_reported_at_the_role() {
    let text = with_permissions(&permissions()[..2]);
    let role = role_expression_at(&text);
    assert_eq!(
        findings(&text),
        vec![
            at("RL305:error", role.clone()),
            at("RL305:error", role.clone()),
            at("RL305:info", role)
        ]
    );
}

#[test]
fn rl306_source_object_actions_on_the_bucket_arn() {
    let mut statements = permissions();
    statements[1]["Resource"] = json!(SRC);
    let text = with_permissions(&statements);
    assert_eq!(
        findings(&text),
        vec![at("RL306:error", role_policy_at(&text))]
    );
}

#[test]
fn rl306_destination_object_actions_on_the_bucket_arn_with_a_trailing_slash() {
    let mut statements = permissions();
    statements[2]["Resource"] = json!(format!("{DST}/"));
    let text = with_permissions(&statements);
    assert_eq!(
        findings(&text),
        vec![at("RL306:error", role_policy_at(&text))]
    );
}

// ---------------------------------------------------------------------------------------------
// RL310 explicit-deny
// ---------------------------------------------------------------------------------------------

/// A `Deny` statement of `actions` on every resource.
fn deny(actions: &[&str]) -> Value {
    json!({ "Effect": "Deny", "Action": actions, "Resource": "*" })
}

#[test]
fn rl310_a_deny_in_the_role_policy_is_a_warning() {
    let mut statements = permissions();
    statements.push(deny(&["s3:ReplicateDelete"]));
    let text = with_permissions(&statements);
    assert_eq!(
        findings(&text),
        vec![at("RL310:warning", role_policy_at(&text))]
    );
}

#[test]
fn rl310_unrelated_and_conditional_denies_pass() {
    let mut statements = permissions();
    statements.push(deny(&["s3:DeleteBucket", "s3:PutObject"]));
    let mut conditional = deny(&["s3:*"]);
    conditional["Condition"] = json!({ "Bool": { "aws:SecureTransport": "false" } });
    statements.push(conditional);
    assert_eq!(findings(&with_permissions(&statements)), NONE);
}

#[test]
fn rl310_a_deny_in_the_destination_bucket_policy_is_a_warning() {
    let statement = json!({
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:ReplicateDelete",
        "Resource": format!("{DST}/*")
    });
    let mut setup = plan::valid_setup();
    setup.push(
        plan::resource(
            "aws_s3_bucket_policy.replica",
            json!({ "bucket": "orders-dst", "policy": document(&[statement]) }),
        )
        .references(
            "bucket",
            &["aws_s3_bucket.replica.id", "aws_s3_bucket.replica"],
        ),
    );
    let text = plan::render(&setup);
    assert_eq!(
        findings(&text),
        vec![at(
            "RL310:warning",
            policy_string(&text, "aws_s3_bucket_policy.replica")
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Values known only after apply
// ---------------------------------------------------------------------------------------------

#[test]
fn an_unknown_role_arn_is_followed_through_its_references_and_checked() {
    // The valid set-up's role ARN is known only after apply; its trust and permission policies
    // are still found through `configuration.expressions.role.references`.
    let mut statements = permissions();
    statements[2] = allow(
        &["s3:ReplicateDelete", "s3:ReplicateTags"],
        &format!("{DST}/*"),
    );
    let text = with_permissions(&statements);
    let found = lint(&text);
    assert_eq!(
        found.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(),
        vec![at("RL305:error", role_policy_at(&text))]
    );
    assert_eq!(found[0].resource.as_deref(), Some(CONFIG));
}

#[test]
fn an_unknown_role_arn_without_references_is_at_most_a_note() {
    // A role from a variable (`var.role_arn`), and a role expression with no reference at all:
    // the role is not in the plan, so nothing about it can be an error or a warning.
    for references in [&["var.role_arn"][..], &[]] {
        let text = render_with(
            REPLICATION,
            replication(references, vec![rule()]).depends_on(&VERSIONING),
        );
        let found = findings(&text);
        assert!(
            found.iter().all(|f| f.starts_with("RL003:info")),
            "{references:?}: {found:?}"
        );
    }
}

#[test]
fn an_unknown_source_bucket_name_is_followed_through_its_references() {
    // `bucket = aws_s3_bucket.source.id`, unknown in a first plan: the source bucket (and its
    // Suspended versioning) is still found.
    let mut setup = with(
        SOURCE_VERSIONING,
        versioning(VERSIONING[0], "orders-src", "Suspended"),
    );
    setup[REPLICATION] = configuration(vec![rule()]).unknown("bucket");
    let text = plan::render(&setup);
    assert_eq!(
        findings(&text),
        vec![at(
            "RL201:error",
            planned(&text, VERSIONING[0], "\"status\": \"Suspended\"")
        )]
    );
}

#[test]
fn an_unknown_destination_arn_is_followed_to_its_bucket() {
    let text = unknown_nested(
        &render_with(
            REPLICA_VERSIONING,
            versioning(VERSIONING[1], "orders-dst", "Suspended"),
        ),
        CONFIG,
        &DESTINATION,
        &["aws_s3_bucket.replica.arn", "aws_s3_bucket.replica"],
    );
    assert_eq!(
        findings(&text),
        vec![at(
            "RL202:error",
            planned(&text, VERSIONING[1], "\"status\": \"Suspended\"")
        )]
    );
}

/// A plan as `terraform plan` shows a set-up created from scratch: bucket IDs and ARNs, the
/// role's ARN and ID, and a role policy built from bucket ARNs are all known only after apply;
/// the source versioning has `source_status`.
fn first_apply_plan(source_status: &str) -> String {
    let mut setup = plan::valid_setup();
    for (index, name, status) in [
        (SOURCE_VERSIONING, "source", source_status),
        (REPLICA_VERSIONING, "replica", "Enabled"),
    ] {
        setup[index] = plan::resource(
            VERSIONING[index - SOURCE_VERSIONING],
            json!({ "versioning_configuration": [{ "status": status, "mfa_delete": null }] }),
        )
        .unknown("bucket")
        .references(
            "bucket",
            &[
                &format!("aws_s3_bucket.{name}.id"),
                &format!("aws_s3_bucket.{name}"),
            ],
        );
    }
    setup[ROLE_POLICY] = plan::resource(
        "aws_iam_role_policy.replication",
        json!({ "name": "replication" }),
    )
    .unknown("role")
    .unknown("policy")
    .references(
        "role",
        &["aws_iam_role.replication.id", "aws_iam_role.replication"],
    )
    .references(
        "policy",
        &[
            "aws_s3_bucket.source.arn",
            "aws_s3_bucket.source",
            "aws_s3_bucket.replica.arn",
            "aws_s3_bucket.replica",
        ],
    );
    setup[REPLICATION] = configuration(vec![rule()]).unknown("bucket");
    unknown_nested(
        &plan::render(&setup),
        CONFIG,
        &DESTINATION,
        &["aws_s3_bucket.replica.arn", "aws_s3_bucket.replica"],
    )
}

#[test]
fn a_first_apply_plan_with_every_link_unknown_has_no_error_or_warning() {
    // Every link is followed through the configuration; the policy text itself cannot be
    // checked, which is at most a note.
    let found = findings(&first_apply_plan("Enabled"));
    assert!(
        found.iter().all(|f| f.starts_with("RL003:info")),
        "{found:?}"
    );
    // The same plan with the source versioning Suspended: found through the unknown links.
    let text = first_apply_plan("Suspended");
    let suspended = at(
        "RL201:error",
        planned(&text, VERSIONING[0], "\"status\": \"Suspended\""),
    );
    let found = findings(&text);
    assert!(found.contains(&suspended), "{found:?}");
    assert!(
        found
            .iter()
            .all(|f| *f == suspended || f.starts_with("RL003:info")),
        "{found:?}"
    );
}

/// The valid set-up with its inline role policy replaced by a managed policy holding
/// `statements`, attached through an ARN known only after apply.
fn with_managed_policy(statements: &[Value]) -> String {
    let mut setup = plan::valid_setup();
    setup[ROLE_POLICY] = plan::resource(
        "aws_iam_policy.replication",
        json!({ "name": "orders-replication", "policy": document(statements) }),
    )
    .unknown("arn");
    setup.push(
        plan::resource(
            "aws_iam_role_policy_attachment.replication",
            json!({ "role": "orders-replication" }),
        )
        .unknown("policy_arn")
        .references(
            "policy_arn",
            &[
                "aws_iam_policy.replication.arn",
                "aws_iam_policy.replication",
            ],
        )
        .references(
            "role",
            &["aws_iam_role.replication.name", "aws_iam_role.replication"],
        ),
    );
    plan::render(&setup)
}

#[test]
fn a_managed_policy_attached_by_an_unknown_arn_is_followed() {
    assert_eq!(findings(&with_managed_policy(&permissions())), NONE);
    let mut statements = permissions();
    statements[0] = allow(&["s3:GetReplicationConfiguration"], SRC);
    let text = with_managed_policy(&statements);
    assert_eq!(
        findings(&text),
        vec![at(
            "RL302:error",
            policy_string(&text, "aws_iam_policy.replication")
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// A set-up inside a module
// ---------------------------------------------------------------------------------------------

/// `text` with every root resource moved into the module call `name`: `module.NAME.` addresses
/// in `planned_values.child_modules` and `resource_changes`, `module_calls.NAME` in the
/// configuration (whose addresses and references stay relative to the module).
fn in_module(text: &str, name: &str) -> String {
    let mut plan: Value = serde_json::from_str(text).unwrap();
    let prefix = format!("module.{name}");
    let planned = &mut plan["planned_values"]["root_module"];
    let mut resources = planned["resources"].take();
    for r in resources.as_array_mut().unwrap() {
        r["address"] = json!(format!("{prefix}.{}", r["address"].as_str().unwrap()));
    }
    *planned = json!({ "child_modules": [{ "address": prefix, "resources": resources }] });
    for change in plan["resource_changes"].as_array_mut().unwrap() {
        change["address"] = json!(format!("{prefix}.{}", change["address"].as_str().unwrap()));
        change["module_address"] = json!(prefix);
    }
    let root = &mut plan["configuration"]["root_module"];
    let module = root.take();
    *root = json!({ "module_calls": { name: { "source": "./replication", "module": module } } });
    serde_json::to_string_pretty(&plan).unwrap()
}

#[test]
fn a_setup_inside_a_module_is_linked_and_lints_clean() {
    let text = in_module(&plan::render(&plan::valid_setup()), "replication");
    assert!(text.contains("\"module.replication.aws_iam_role.replication\""));
    assert_eq!(findings(&text), NONE);
}

#[test]
fn a_defect_inside_a_module_is_found_with_the_module_address() {
    let mut statements = permissions();
    statements[0] = allow(&["s3:GetReplicationConfiguration"], SRC);
    let text = in_module(&with_permissions(&statements), "replication");
    let found = lint(&text);
    assert_eq!(
        found.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(),
        vec![at(
            "RL302:error",
            policy_string(&text, "module.replication.aws_iam_role_policy.replication")
        )]
    );
    assert_eq!(
        found[0].resource.as_deref(),
        Some("module.replication.aws_s3_bucket_replication_configuration.this")
    );
}

#[test]
fn versioning_inside_a_module_is_linked_to_its_bucket() {
    let text = in_module(
        &render_with(
            REPLICA_VERSIONING,
            versioning(VERSIONING[1], "orders-dst", "Suspended"),
        ),
        "replication",
    );
    assert_eq!(
        findings(&text),
        vec![at(
            "RL202:error",
            planned(
                &text,
                "module.replication.aws_s3_bucket_versioning.replica",
                "\"status\": \"Suspended\""
            )
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// RL307, RL308, RL404 on plans
// ---------------------------------------------------------------------------------------------

/// The valid set-up's rule with `prefix` as its filter and `id`.
fn prefixed(id: &str, prefix: &str, priority: i64) -> Value {
    let mut r = rule();
    r["id"] = json!(id);
    r["priority"] = json!(priority);
    r["filter"] = json!([{ "prefix": prefix, "tag": [], "and": [] }]);
    r
}

/// The plan with `rules` in the configuration and `statements` in the role policy.
fn with_rules_and_permissions(rules: Vec<Value>, statements: &[Value]) -> String {
    let mut setup = with(REPLICATION, configuration(rules));
    setup[ROLE_POLICY] = role_policy(statements);
    plan::render(&setup)
}

#[test]
fn rl307_a_grant_on_one_rule_prefix_of_two_is_a_warning_at_the_policy() {
    let mut statements = permissions();
    statements[1] = allow(
        &[
            "s3:GetObjectVersionForReplication",
            "s3:GetObjectVersionAcl",
            "s3:GetObjectVersionTagging",
        ],
        &format!("{SRC}/logs/*"),
    );
    let rules = vec![prefixed("logs", "logs/", 1), prefixed("data", "data/", 2)];
    let text = with_rules_and_permissions(rules.clone(), &statements);
    assert_eq!(
        of_rule(&text, "RL307"),
        vec![at("RL307:warning", policy_string(&text, POLICY))]
    );
    let text = with_rules_and_permissions(rules, &permissions());
    assert_eq!(of_rule(&text, "RL307"), NONE);
}

#[test]
fn rl308_owner_override_without_its_permission_is_an_error_at_the_policy() {
    let mut r = rule();
    r["destination"][0]["account"] = json!("222222222222");
    r["destination"][0]["access_control_translation"] = json!([{ "owner": "Destination" }]);
    let text = with_rules_and_permissions(vec![r.clone()], &permissions());
    assert_eq!(
        of_rule(&text, "RL308"),
        vec![at("RL308:error", policy_string(&text, POLICY))]
    );
    let mut statements = permissions();
    statements[2] = allow(
        &[
            "s3:ReplicateObject",
            "s3:ReplicateDelete",
            "s3:ReplicateTags",
            "s3:ObjectOwnerOverrideToBucketOwner",
        ],
        &format!("{DST}/*"),
    );
    let text = with_rules_and_permissions(vec![r], &statements);
    assert_eq!(of_rule(&text, "RL308"), NONE);
}

#[test]
fn rl404_an_alias_as_replica_key_is_a_warning_at_the_key() {
    let with_key = |key: &str| {
        let mut r = rule();
        r["source_selection_criteria"] = json!([{ "sse_kms_encrypted_objects": [{ "status": "Enabled" }], "replica_modifications": [] }]);
        r["destination"][0]["encryption_configuration"] = json!([{ "replica_kms_key_id": key }]);
        with_rule(r)
    };
    let text = with_key("alias/orders-replica");
    assert_eq!(
        of_rule(&text, "RL404"),
        vec![at(
            "RL404:warning",
            planned(&text, CONFIG, "\"alias/orders-replica\"")
        )]
    );
    let text =
        with_key("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    assert_eq!(of_rule(&text, "RL404"), NONE);
}

#[test]
fn rl313_a_role_named_for_batch_jobs_that_batch_operations_cannot_assume_is_a_note() {
    let named = |name: &str, trust: &[Value]| {
        let resource = plan::resource(
            "aws_iam_role.replication",
            json!({ "name": name, "assume_role_policy": document(trust) }),
        )
        .unknown("arn");
        let mut setup = with(ROLE, resource);
        setup[ROLE_POLICY] = role_policy(&permissions());
        plan::render(&setup)
    };
    let text = named("orders-batch-replication", &[trust_s3()]);
    assert_eq!(
        of_rule(&text, "RL313"),
        vec![at(
            "RL313:info",
            planned(&text, "aws_iam_role.replication", "\"assume_role_policy\"")
        )]
    );
    let both = json!({
        "Effect": "Allow",
        "Principal": { "Service": ["s3.amazonaws.com", "batchoperations.s3.amazonaws.com"] },
        "Action": "sts:AssumeRole"
    });
    let text = named("orders-batch-replication", &[both]);
    assert_eq!(of_rule(&text, "RL313"), NONE);
}
