//! Terraform JSON syntax (`*.tf.json`).

use super::*;

/// The replication setup of [`TWIN_JSON`], in native syntax.
const TWIN_HCL: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/tf_json/main.tf"
));
/// The replication setup of [`TWIN_HCL`], in JSON syntax.
const TWIN_JSON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../testdata/tf_json/main.tf.json"
));

// ---- Terraform JSON syntax (`*.tf.json`) ----

/// A copy of a value with every span replaced by one fixed span.
fn without_spans(value: &Value) -> Value {
    let none = Span::new(FileId(u32::MAX), 0, 0);
    let kind = match &value.kind {
        ValueKind::List(items) => ValueKind::List(items.iter().map(without_spans).collect()),
        ValueKind::Map(entries) => ValueKind::Map(
            entries
                .iter()
                .map(|e| crate::value::Entry {
                    key: e.key.clone(),
                    key_span: none,
                    span: none,
                    value: without_spans(&e.value),
                })
                .collect(),
        ),
        other => other.clone(),
    };
    Value::new(kind, none)
}

/// What a resource lowers to, spans left out.
type ResourceShape = (String, String, bool, Value, Vec<String>, Option<String>);

fn resource_shapes(config: &Configuration) -> Vec<ResourceShape> {
    config
        .resources
        .iter()
        .map(|r| {
            (
                r.address.clone(),
                r.type_name.clone(),
                r.is_data,
                without_spans(&r.body),
                r.depends_on.iter().map(|(a, _)| a.clone()).collect(),
                r.provider.clone(),
            )
        })
        .collect()
}

fn provider_shapes(config: &Configuration) -> Vec<(String, Value)> {
    config
        .providers
        .iter()
        .map(|p| (p.key.clone(), without_spans(&p.body)))
        .collect()
}

/// Sorts resources by address (the JSON object order differs from the HCL block order).
fn sorted(mut shapes: Vec<ResourceShape>) -> Vec<ResourceShape> {
    shapes.sort_by(|a, b| a.0.cmp(&b.0));
    shapes
}

#[test]
fn tf_json_lowers_like_hcl() {
    let (_db, hcl) = module(&[("main.tf", TWIN_HCL)]);
    let (_db, json) = module(&[("main.tf.json", TWIN_JSON)]);
    assert!(hcl.errors.is_empty(), "{:?}", hcl.errors);
    assert!(json.errors.is_empty(), "{:?}", json.errors);
    let (hcl_resources, json_resources) = (
        sorted(resource_shapes(&hcl)),
        sorted(resource_shapes(&json)),
    );
    assert_eq!(hcl_resources.len(), 8);
    for (h, j) in hcl_resources.iter().zip(&json_resources) {
        assert_eq!(h, j, "{}", h.0);
    }
    assert_eq!(hcl_resources, json_resources);
    assert_eq!(provider_shapes(&hcl), provider_shapes(&json));

    // Spot checks that the comparison is not vacuous.
    let r = resource(&json, "aws_s3_bucket_replication_configuration.r[0]");
    let rules = r.body.get("rule").unwrap().items();
    assert_eq!(rules.len(), 2);
    assert_eq!(
        rules[0].path(&["filter", "prefix"]).and_then(Value::as_str),
        Some("data/")
    );
    assert_eq!(
        rules[1].path(&["filter", "prefix"]).and_then(Value::as_str),
        Some("data/logs/")
    );
    assert_eq!(
        rules[1]
            .path(&["destination", "bucket"])
            .and_then(Value::as_str),
        Some("arn:aws:s3:::replica-bucket")
    );
    let trust = resource(&json, "aws_iam_role.replication")
        .body
        .get("assume_role_policy")
        .unwrap();
    assert_eq!(
        trust.get("Statement").unwrap().items()[0]
            .path(&["Principal", "Service"])
            .and_then(Value::as_str),
        Some("s3.amazonaws.com")
    );
    let policy = resource(&json, "aws_iam_role_policy.replication")
        .body
        .get("policy")
        .unwrap();
    assert_eq!(
        statement_resource(policy).kind,
        ValueKind::reference(reference("aws_s3_bucket.source", &["arn"]))
    );
    let keys: Vec<&str> = r.body.entries().iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["role", "bucket", "rule"]);
}

#[test]
fn tf_json_spans() {
    let src = r#"{
  "resource": {
    "aws_s3_bucket_replication_configuration": {
      "r": {
        "bucket": "${aws_s3_bucket.src.id}",
        "role": "${jsonencode({Statement = [{Resource = aws_s3_bucket.x.arn}]})}",
        "rule": {
          "status": "Enabled",
          "priority": 10
        },
        "depends_on": ["aws_s3_bucket_versioning.v"],
        "token": "a\u0020${var.v}"
      }
    }
  },
  "provider": {"aws": {"alias": "replica"}}
}"#;
    let (db, config) = module(&[
        ("main.tf.json", src),
        ("vars.tf", "variable \"v\" {\n  default = \"x\"\n}\n"),
    ]);
    assert!(config.errors.is_empty(), "{:?}", config.errors);
    let r = resource(&config, "aws_s3_bucket_replication_configuration.r");
    // The header is the NAME key; the resource spans the NAME property.
    assert_eq!(lc(&db, r.header), (4, 7, 4, 10));
    assert_eq!(lc(&db, r.span), (4, 7, 13, 8));
    let bucket = r.body.entry("bucket").unwrap();
    assert_eq!(
        bucket.value.kind,
        ValueKind::reference(reference("aws_s3_bucket.src", &["id"]))
    );
    assert_eq!(lc(&db, bucket.key_span), (5, 9, 5, 17));
    assert_eq!(lc(&db, bucket.value.span), (5, 19, 5, 44));
    // Inside an escape-free string, template parts get exact sub-spans.
    let role = r.body.get("role").unwrap();
    assert_eq!(lc(&db, role.span), (6, 17, 6, 82));
    let res = statement_resource(role);
    assert_eq!(
        res.kind,
        ValueKind::reference(reference("aws_s3_bucket.x", &["arn"]))
    );
    assert_eq!(lc(&db, res.span), (6, 57, 6, 76));
    let rule = r.body.entry("rule").unwrap();
    assert_eq!(lc(&db, rule.key_span), (7, 9, 7, 15));
    let priority = rule.value.items()[0].entry("priority").unwrap();
    assert_eq!(priority.value.kind, ValueKind::Number(10.0));
    assert_eq!(lc(&db, priority.value.span), (9, 23, 9, 25));
    assert_eq!(r.depends_on[0].0, "aws_s3_bucket_versioning.v");
    assert_eq!(lc(&db, r.depends_on[0].1), (11, 24, 11, 52));
    // With an escape, the parts get the whole string's span.
    let token = r.body.get("token").unwrap();
    assert_eq!(token.as_str(), Some("a x"));
    assert_eq!(lc(&db, token.span), (12, 18, 12, 35));
    assert_eq!(config.providers[0].key, "aws.replica");
    assert_eq!(lc(&db, config.providers[0].header), (16, 16, 16, 21));
}

#[test]
fn tf_json_dynamic_comments_and_literal_defaults() {
    let src = r#"{
  "variable": {"v": {"default": "${not.a.template}"}},
  "locals": [{"a": "${var.v}"}, {"b": 1}],
  "resource": {
    "aws_s3_bucket_replication_configuration": {
      "r": {
        "//": "ignored",
        "dynamic": {"rule": {"for_each": "${local.b}", "content": {}}},
        "a": "${local.a}",
        "bad": "${unclosed",
        "empty": "",
        "rules": [],
        "mixed": [{"x": 1}, 2]
      }
    }
  }
}"#;
    let (_db, config) = module(&[("main.tf.json", src)]);
    assert!(config.errors.is_empty(), "{:?}", config.errors);
    let body = &resource(&config, "aws_s3_bucket_replication_configuration.r").body;
    let keys: Vec<&str> = body.entries().iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["rule", "a", "bad", "empty", "mixed"]);
    assert_eq!(
        body.get("rule").unwrap().kind,
        ValueKind::Unknown(r#"dynamic "rule""#.into())
    );
    assert_eq!(
        body.get("a").and_then(Value::as_str),
        Some("${not.a.template}")
    );
    assert!(body.get("bad").unwrap().is_unknown());
    assert_eq!(body.get("empty").and_then(Value::as_str), Some(""));
    assert_eq!(body.get("mixed").unwrap().items().len(), 2);
}

#[test]
fn tf_json_parse_errors() {
    // Malformed JSON: the error is at the offending byte; other files still contribute.
    let bad = "{\n  \"resource\": {\n    \"a\" 1\n  }\n}\n";
    let good = "resource \"aws_s3_bucket\" \"ok\" {}\n";
    let (db, config) = module(&[("bad.tf.json", bad), ("good.tf", good)]);
    assert_eq!(config.errors.len(), 1);
    assert_eq!(lc(&db, config.errors[0].span), (3, 9, 3, 10));
    assert!(config.errors[0].message.contains("JSON"));
    assert_eq!(config.resources.len(), 1);

    // Valid JSON that is not a Terraform configuration.
    for text in ["[1, 2]", "\"x\"", "null", "  42"] {
        let (db, config) = module(&[("main.tf.json", text)]);
        assert_eq!(config.errors.len(), 1, "{text}");
        let start = text.len() - text.trim_start().len();
        assert_eq!(config.errors[0].span.start as usize, start);
        assert!(db.file(FileId(0)).slice(config.errors[0].span).len() <= 1);
    }

    // Wrong shapes are skipped without a panic.
    let odd = r#"{"resource": {"t": "x", "u": [1, {"n": 2}], "v": {"w": [3, {"k": "v"}]}},
      "provider": "aws", "variable": [1], "locals": 3, "data": {"t": {"n": null}}}"#;
    let (_db, config) = module(&[("main.tf.json", odd)]);
    assert!(config.errors.is_empty());
    let addresses: Vec<&str> = config
        .resources
        .iter()
        .map(|r| r.address.as_str())
        .collect();
    assert_eq!(addresses, ["v.w"]);

    // Hostile nesting: in the JSON, and inside a template string.
    let deep = "[".repeat(10_000);
    let (_db, config) = module(&[("main.tf.json", &deep)]);
    assert_eq!(config.errors.len(), 1);
    let template = format!(
        "{{\"resource\": {{\"t\": {{\"n\": {{\"a\": \"${{{}1{}}}\", \"d\": [\"{}\"]}}}}}}}}",
        "[".repeat(5_000),
        "]".repeat(5_000),
        "(".repeat(5_000)
    );
    let (_db, config) = module(&[("main.tf.json", &template)]);
    assert!(config.errors.is_empty(), "{:?}", config.errors);
    let r = resource(&config, "t.n");
    assert!(r.body.get("a").unwrap().is_unknown());
    assert!(r.depends_on.is_empty());
}

#[test]
fn tf_json_file_kinds() {
    use repl_lint_source::discover::{FileKind, classify};
    use std::path::Path;
    assert_eq!(classify(Path::new("m/main.tf.json")), FileKind::Terraform);
    assert_eq!(classify(Path::new("main.tf")), FileKind::Terraform);
    assert_eq!(
        classify(Path::new("terraform.tfvars.json")),
        FileKind::TfVars
    );
    assert_eq!(classify(Path::new("a.auto.tfvars.json")), FileKind::TfVars);
    assert_eq!(
        classify(Path::new("template.json")),
        FileKind::MaybeTemplate
    );
}
