use super::address::{resource_ref, steps, words};
use super::*;
use repl_lint_source::{SourceDb, SourceFile};

/// A plan in the shape Terraform 1.x writes: a replication configuration whose role ARN is known
/// only after apply, in the root module and in a child module with a counted role.
const PLAN: &str = r#"{
  "format_version": "1.2",
  "terraform_version": "1.7.5",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "aws_s3_bucket.src",
          "mode": "managed",
          "type": "aws_s3_bucket",
          "name": "src",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": {
            "bucket": "my-src",
            "force_destroy": false,
            "tags": null,
            "timeouts": null,
            "lifecycle_rule": [],
            "tags_all": {}
          },
          "sensitive_values": {"lifecycle_rule": [], "tags_all": {}}
        },
        {
          "address": "aws_iam_role.replication",
          "mode": "managed",
          "type": "aws_iam_role",
          "name": "replication",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": {
            "name": "repl",
            "assume_role_policy": "{\"Version\":\"2012-10-17\"}"
          },
          "sensitive_values": {}
        },
        {
          "address": "aws_s3_bucket_replication_configuration.this",
          "mode": "managed",
          "type": "aws_s3_bucket_replication_configuration",
          "name": "this",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": {
            "bucket": "my-src",
            "token": null,
            "rule": [
              {
                "id": "all",
                "status": "Enabled",
                "prefix": null,
                "filter": [{"prefix": "", "and": [], "tag": []}],
                "delete_marker_replication": [{"status": "Enabled"}],
                "destination": [
                  {
                    "bucket": "arn:aws:s3:::my-dst",
                    "account": null,
                    "encryption_configuration": [],
                    "storage_class": "STANDARD"
                  }
                ],
                "source_selection_criteria": []
              }
            ]
          },
          "sensitive_values": {"rule": [{"destination": [{}], "filter": [{}]}]}
        },
        {
          "address": "aws_instance.web",
          "mode": "managed",
          "type": "aws_instance",
          "name": "web",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 1,
          "values": {"ami": "ami-123", "tags": {"a": "b"}},
          "sensitive_values": {}
        },
        {
          "address": "data.aws_iam_policy_document.trust",
          "mode": "data",
          "type": "aws_iam_policy_document",
          "name": "trust",
          "provider_name": "registry.terraform.io/hashicorp/aws",
          "schema_version": 0,
          "values": {"json": "{}", "statement": [{"effect": "Allow", "actions": ["sts:AssumeRole"]}]},
          "sensitive_values": {}
        }
      ],
      "child_modules": [
        {
          "address": "module.logs",
          "resources": [
            {
              "address": "module.logs.aws_iam_role.replication[0]",
              "mode": "managed",
              "type": "aws_iam_role",
              "name": "replication",
              "index": 0,
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "schema_version": 0,
              "values": {"name": "logs-repl"},
              "sensitive_values": {}
            },
            {
              "address": "module.logs.aws_s3_bucket_replication_configuration.this",
              "mode": "managed",
              "type": "aws_s3_bucket_replication_configuration",
              "name": "this",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "schema_version": 0,
              "values": {
                "bucket": "logs-src",
                "rule": [{"id": "r", "status": "Enabled", "destination": [{"storage_class": "STANDARD"}]}]
              },
              "sensitive_values": {"rule": [{"destination": [{}]}]}
            },
            {
              "address": "module.logs.aws_kms_key.k[\"a\"]",
              "mode": "managed",
              "type": "aws_kms_key",
              "name": "k",
              "index": "a",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "schema_version": 0,
              "values": {"description": "a"},
              "sensitive_values": {}
            },
            {
              "address": "module.logs.aws_kms_key.k[\"b\"]",
              "mode": "managed",
              "type": "aws_kms_key",
              "name": "k",
              "index": "b",
              "provider_name": "registry.terraform.io/hashicorp/aws",
              "schema_version": 0,
              "values": {"description": "b"},
              "sensitive_values": {}
            }
          ]
        }
      ]
    }
  },
  "resource_changes": [
    {
      "address": "aws_s3_bucket_replication_configuration.this",
      "mode": "managed",
      "type": "aws_s3_bucket_replication_configuration",
      "name": "this",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {"bucket": "my-src"},
        "after_unknown": {
          "id": true,
          "role": true,
          "rule": [{"destination": [{"access_control_translation": [], "metrics": []}], "filter": [{}]}]
        },
        "before_sensitive": false,
        "after_sensitive": {"rule": [{"destination": [{}]}]}
      }
    },
    {
      "address": "aws_s3_bucket.src",
      "mode": "managed",
      "type": "aws_s3_bucket",
      "name": "src",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {"bucket": "my-src"},
        "after_unknown": {"arn": true, "id": true, "replication_configuration": true, "versioning": true, "region": true},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    },
    {
      "address": "module.logs.aws_s3_bucket_replication_configuration.this",
      "module_address": "module.logs",
      "mode": "managed",
      "type": "aws_s3_bucket_replication_configuration",
      "name": "this",
      "provider_name": "registry.terraform.io/hashicorp/aws",
      "change": {
        "actions": ["create"],
        "before": null,
        "after": {},
        "after_unknown": {"id": true, "role": true, "rule": [{"destination": [{"bucket": true}]}]},
        "before_sensitive": false,
        "after_sensitive": {}
      }
    }
  ],
  "configuration": {
    "provider_config": {"aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "expressions": {"region": {"constant_value": "eu-west-1"}}}},
    "root_module": {
      "resources": [
        {
          "address": "aws_s3_bucket_replication_configuration.this",
          "mode": "managed",
          "type": "aws_s3_bucket_replication_configuration",
          "name": "this",
          "provider_config_key": "aws",
          "expressions": {
            "bucket": {"references": ["aws_s3_bucket.src.id", "aws_s3_bucket.src"]},
            "role": {"references": ["var.role", "aws_iam_role.replication.arn", "aws_iam_role.replication"]},
            "rule": [
              {
                "id": {"constant_value": "all"},
                "status": {"constant_value": "Enabled"},
                "destination": [{"bucket": {"constant_value": "arn:aws:s3:::my-dst"}}]
              }
            ]
          },
          "schema_version": 0,
          "depends_on": ["aws_s3_bucket_versioning.src"]
        }
      ],
      "module_calls": {
        "logs": {
          "source": "./modules/logs",
          "module": {
            "resources": [
              {
                "address": "aws_s3_bucket_replication_configuration.this",
                "mode": "managed",
                "type": "aws_s3_bucket_replication_configuration",
                "name": "this",
                "provider_config_key": "logs:aws",
                "expressions": {
                  "role": {"references": ["aws_iam_role.replication[0].arn", "aws_iam_role.replication[0]", "aws_iam_role.replication"]},
                  "rule": [{"destination": [{"bucket": {"references": ["aws_s3_bucket.dst.arn", "aws_s3_bucket.dst"]}}]}]
                },
                "schema_version": 0
              }
            ]
          }
        }
      }
    }
  }
}"#;

fn lower(text: &str) -> Configuration {
    lower_plan(text, FileId(0)).expect("plan should lower")
}

fn resource<'a>(c: &'a Configuration, address: &str) -> &'a Resource {
    c.resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("no {address} in {:?}", addresses(c)))
}

fn addresses(c: &Configuration) -> Vec<&str> {
    c.resources.iter().map(|r| r.address.as_str()).collect()
}

fn reference(v: &Value) -> (&str, Vec<&str>) {
    match &v.kind {
        ValueKind::Ref(r) => (
            r.target.as_str(),
            r.attr.iter().map(String::as_str).collect(),
        ),
        other => panic!("expected a reference, got {other:?}"),
    }
}

#[test]
fn every_resource_with_its_address() {
    let c = lower(PLAN);
    assert_eq!(c.dialect, Dialect::Terraform);
    assert_eq!(
        addresses(&c),
        [
            "aws_s3_bucket.src",
            "aws_iam_role.replication",
            "aws_s3_bucket_replication_configuration.this",
            "aws_instance.web",
            "data.aws_iam_policy_document.trust",
            // A single `count` instance loses its key; two `for_each` instances keep theirs.
            "module.logs.aws_iam_role.replication",
            "module.logs.aws_s3_bucket_replication_configuration.this",
            "module.logs.aws_kms_key.k[\"a\"]",
            "module.logs.aws_kms_key.k[\"b\"]",
        ]
    );
    let doc = resource(&c, "data.aws_iam_policy_document.trust");
    assert!(doc.is_data);
    assert_eq!(doc.type_name, "aws_iam_policy_document");
    assert!(!resource(&c, "aws_s3_bucket.src").is_data);
    // Irrelevant types are listed with an empty body.
    assert!(resource(&c, "aws_instance.web").body.entries().is_empty());
    assert_eq!(
        resource(&c, "module.logs.aws_kms_key.k[\"b\"]")
            .body
            .get("description")
            .and_then(Value::as_str),
        Some("b")
    );
}

#[test]
fn known_values_blocks_and_dropped_nulls() {
    let c = lower(PLAN);
    let r = resource(&c, "aws_s3_bucket_replication_configuration.this");
    assert_eq!(r.body.get("bucket").and_then(Value::as_str), Some("my-src"));
    assert!(r.body.get("token").is_none());
    let rule = r.body.get("rule").unwrap();
    assert_eq!(rule.items().len(), 1);
    let rule = rule.single();
    assert!(rule.get("prefix").is_none());
    assert!(rule.get("source_selection_criteria").is_none());
    assert_eq!(
        rule.path(&["delete_marker_replication", "status"])
            .and_then(Value::as_str),
        Some("Enabled")
    );
    assert_eq!(
        rule.path(&["destination", "bucket"])
            .and_then(Value::as_str),
        Some("arn:aws:s3:::my-dst")
    );
    let dest = rule.get("destination").unwrap().single();
    assert!(dest.get("account").is_none());
    assert!(dest.get("encryption_configuration").is_none());
    // The filter block stays (a one-element list of a map), without its empty lists.
    let filter = rule.get("filter").unwrap();
    assert!(matches!(&filter.kind, ValueKind::List(items) if items.len() == 1));
    assert_eq!(
        filter.single().get("prefix").and_then(Value::as_str),
        Some("")
    );
    assert!(filter.single().get("and").is_none());
    let bucket = resource(&c, "aws_s3_bucket.src");
    for absent in ["tags", "timeouts", "lifecycle_rule", "tags_all"] {
        assert!(bucket.body.get(absent).is_none(), "{absent}");
    }
}

#[test]
fn unknown_role_resolved_through_configuration() {
    let c = lower(PLAN);
    let r = resource(&c, "aws_s3_bucket_replication_configuration.this");
    let role = r.body.get("role").unwrap();
    assert_eq!(reference(role), ("aws_iam_role.replication", vec!["arn"]));
    // The reference is located at its string in `configuration`.
    let at = PLAN.find("\"aws_iam_role.replication.arn\"").unwrap();
    assert_eq!(role.span.start as usize, at);
    // `id` is unknown but not configured: computed, so absent.
    assert!(r.body.get("id").is_none());
    // Nested marks for empty blocks add nothing.
    let dest = r.body.path(&["rule", "destination"]).unwrap();
    assert!(dest.get("metrics").is_none());
}

#[test]
fn unknown_without_configuration_is_unknown() {
    let c = lower(PLAN);
    let b = resource(&c, "aws_s3_bucket.src");
    // No configuration entry for the bucket: unknown attributes become `Unknown`, except the
    // inline blocks the provider computes.
    let arn = b.body.get("arn").unwrap();
    assert_eq!(arn.kind, ValueKind::Unknown(UNKNOWN_AFTER_APPLY.into()));
    assert_eq!(
        &PLAN[arn.span.start as usize..arn.span.end as usize],
        "true"
    );
    assert!(b.body.get("replication_configuration").is_none());
    assert!(b.body.get("versioning").is_none());
}

#[test]
fn child_module_references_are_prefixed() {
    let c = lower(PLAN);
    let r = resource(
        &c,
        "module.logs.aws_s3_bucket_replication_configuration.this",
    );
    assert_eq!(
        reference(r.body.get("role").unwrap()),
        ("module.logs.aws_iam_role.replication", vec!["arn"])
    );
    let dest = r.body.path(&["rule", "destination", "bucket"]).unwrap();
    assert_eq!(
        reference(dest),
        ("module.logs.aws_s3_bucket.dst", vec!["arn"])
    );
    assert_eq!(
        r.body
            .path(&["rule", "destination", "storage_class"])
            .and_then(Value::as_str),
        Some("STANDARD")
    );
}

#[test]
fn exact_spans_inside_the_plan() {
    let c = lower(PLAN);
    let mut db = SourceDb::default();
    let file = db.add(SourceFile::new(
        "plan.json".into(),
        "plan.json".into(),
        PLAN.to_string(),
    ));
    assert_eq!(file, FileId(0));
    let r = resource(&c, "aws_s3_bucket_replication_configuration.this");
    let dest = r.body.path(&["rule", "destination", "bucket"]).unwrap();
    let (start, end) = db.range(dest.span);
    let line = PLAN
        .lines()
        .position(|l| l.contains("\"bucket\": \"arn:aws:s3:::my-dst\""))
        .unwrap() as u32
        + 1;
    assert_eq!((start.line, start.column), (line, 31));
    assert_eq!((end.line, end.column), (line, 52));
    // The header is the address string; the span the whole resource object.
    assert_eq!(
        db.file(file).slice(r.header),
        "\"aws_s3_bucket_replication_configuration.this\""
    );
    let whole = db.file(file).slice(r.span);
    assert!(whole.starts_with('{') && whole.ends_with('}'));
    assert!(whole.contains("\"rule\""));
}

#[test]
fn instance_references_pick_the_same_index() {
    let plan = r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[
      {"address":"aws_iam_role.r[0]","mode":"managed","type":"aws_iam_role","name":"r","index":0,"values":{"name":"a"}},
      {"address":"aws_iam_role.r[1]","mode":"managed","type":"aws_iam_role","name":"r","index":1,"values":{"name":"b"}},
      {"address":"aws_s3_bucket_replication_configuration.c[1]","mode":"managed","type":"aws_s3_bucket_replication_configuration","name":"c","index":1,"values":{"bucket":"x"}},
      {"address":"aws_s3_bucket_replication_configuration.c[0]","mode":"managed","type":"aws_s3_bucket_replication_configuration","name":"c","index":0,"values":{"bucket":"x"}}
    ]}},
    "resource_changes":[
      {"address":"aws_s3_bucket_replication_configuration.c[1]","type":"aws_s3_bucket_replication_configuration","change":{"after_unknown":{"role":true}}},
      {"address":"aws_s3_bucket_replication_configuration.c[0]","type":"aws_s3_bucket_replication_configuration","change":{"after_unknown":{"role":true}}}
    ],
    "configuration":{"root_module":{"resources":[
      {"address":"aws_s3_bucket_replication_configuration.c","type":"aws_s3_bucket_replication_configuration","expressions":{"role":{"references":["aws_iam_role.r.arn","aws_iam_role.r"]}}}
    ]}}}"#;
    let c = lower(plan);
    let role = |a: &str| {
        reference(resource(&c, a).body.get("role").unwrap())
            .0
            .to_string()
    };
    assert_eq!(
        role("aws_s3_bucket_replication_configuration.c[1]"),
        "aws_iam_role.r[1]"
    );
    assert_eq!(
        role("aws_s3_bucket_replication_configuration.c[0]"),
        "aws_iam_role.r[0]"
    );
}

#[test]
fn sensitive_values_absent_become_unknown() {
    let plan = r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[
      {"address":"aws_iam_role_policy.p","mode":"managed","type":"aws_iam_role_policy","name":"p",
       "values":{"name":"p"},"sensitive_values":{"policy":true,"name":true}}]}}}"#;
    let c = lower(plan);
    let p = resource(&c, "aws_iam_role_policy.p");
    assert_eq!(
        p.body.get("policy").unwrap().kind,
        ValueKind::Unknown(UNKNOWN_SENSITIVE.into())
    );
    assert_eq!(p.body.get("name").and_then(Value::as_str), Some("p"));
}

#[test]
fn prior_state_when_no_planned_values() {
    let plan = r#"{"format_version":"1.0","resource_changes":[],"prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[
      {"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","values":{"bucket":"old"}}]}}}}"#;
    assert!(is_plan(plan));
    let c = lower(plan);
    assert_eq!(
        resource(&c, "aws_s3_bucket.b")
            .body
            .get("bucket")
            .and_then(Value::as_str),
        Some("old")
    );
}

#[test]
fn recognises_plans() {
    assert!(is_plan(PLAN));
    assert!(is_plan(r#"{"format_version":"0.1","resource_changes":[]}"#));
    assert!(is_plan(r#" {"planned_values":{},"format_version":"1.2"}"#));
    // Plans are recognised before the end of a broken file; lowering then reports the error.
    assert!(is_plan(r#"{"format_version":"1.2","planned_values":{"#));
    assert!(!is_plan(
        r#"{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"B":{"Type":"AWS::S3::Bucket"}}}"#
    ));
    assert!(!is_plan(
        r#"{"name":"pkg","version":"1.0.0","dependencies":{}}"#
    ));
    // A state file (`terraform show -json` without a plan).
    assert!(!is_plan(
        r#"{"format_version":"1.0","values":{"root_module":{}}}"#
    ));
    assert!(!is_plan(
        r#"[{"format_version":"1.2","planned_values":{}}]"#
    ));
    assert!(!is_plan(""));
    assert!(!is_plan("{"));
}

#[test]
fn invalid_json_reports_the_offending_byte() {
    let e = lower_plan(
        r#"{"format_version":"1.2","planned_values":{"root_module":[1,]}}"#,
        FileId(2),
    )
    .unwrap_err();
    assert_eq!(e.span, Span::new(FileId(2), 59, 60));
    assert!(e.message.contains("invalid JSON"), "{}", e.message);
    let e = lower_plan(r#"{"format_version":"1.2"} x"#, FileId(0)).unwrap_err();
    assert_eq!(e.span.start, 25);
    let e = lower_plan(r#"{"format_version":"1.2","x":"a"#, FileId(0)).unwrap_err();
    assert_eq!((e.span.start, e.span.end), (30, 30));
    let e = lower_plan("{\"a\":\"\\q\"}", FileId(0)).unwrap_err();
    assert_eq!(e.span.start, 7);
    let e = lower_plan("{\"a\":01}", FileId(0)).unwrap_err();
    assert_eq!(e.span.start, 6);
}

#[test]
fn unknown_format_version_is_linted_anyway() {
    let plan = r#"{"format_version":"7.0","planned_values":{"root_module":{"resources":[
      {"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","values":{"bucket":"x"}}]}}}"#;
    assert_eq!(lower(plan).resources.len(), 1);
}

#[test]
fn hostile_plans_do_not_panic() {
    let deep = format!(
        r#"{{"format_version":"1.2","planned_values":{{"root_module":{{"resources":[{{"address":"aws_s3_bucket.b","type":"aws_s3_bucket","values":{{"x":{}1{}}}}}]}}}}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(lower_plan(&deep, FileId(0)).is_err());
    let deep_modules = format!(
        r#"{{"format_version":"1.2","planned_values":{{"root_module":{}{}}}}}"#,
        r#"{"child_modules":["#.repeat(50_000),
        "]}".repeat(50_000)
    );
    assert!(lower_plan(&deep_modules, FileId(0)).is_err());
    let deep_config = format!(
        r#"{{"format_version":"1.2","configuration":{{"root_module":{}{}}}}}"#,
        r#"{"module_calls":{"m":{"module":"#.repeat(30_000),
        "}}}".repeat(30_000)
    );
    assert!(lower_plan(&deep_config, FileId(0)).is_err());
    // Odd shapes: wrong types everywhere, missing fields, odd addresses.
    for text in [
        r#"{"format_version":1,"planned_values":[],"resource_changes":{},"configuration":"x"}"#,
        r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[1,"a",null,{"address":5,"type":[]},{"address":"x","type":"aws_s3_bucket","values":[1]}]}}}"#,
        r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"module.[.]..[\"","type":"aws_iam_role","values":{"a":1},"sensitive_values":{"a":[true],"b":{"c":true}}}]}},"resource_changes":[{"address":"module.[.]..[\"","type":"aws_iam_role","change":{"after_unknown":{"a":[true,{"x":true}],"b":true}}}]}"#,
        r#"{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"","type":"aws_kms_key","values":{}}]}},"resource_changes":[{"address":"","type":"aws_kms_key","change":{"after_unknown":true}}]}"#,
        "{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{\"resources\":[{\"address\":\"a\\u00e9.b\",\"type\":\"aws_s3_bucket\",\"values\":{\"bucket\":\"\\u00e9\"}}]}}}",
    ] {
        let _ = lower_plan(text, FileId(0));
    }
}

#[test]
fn addresses_and_references() {
    let w = words(r#"module.a["x.y"].aws_s3_bucket.b[0]"#);
    assert_eq!(w.len(), 4);
    assert_eq!(w[1].key, Some(r#"["x.y"]"#));
    assert_eq!(w[3].key, Some("[0]"));
    let s = steps(r#"module.a["x.y"].module.b.data.aws_x.y[2]"#);
    let names: Vec<&str> = s.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["module.a", "module.b", "data.aws_x.y"]);
    assert_eq!(s[2].key.as_deref(), Some("[2]"));
    let r = resource_ref("data.aws_iam_policy_document.p.json").unwrap();
    assert_eq!(
        (r.base.as_str(), r.attr),
        ("data.aws_iam_policy_document.p", vec!["json".to_string()])
    );
    let r = resource_ref(r#"aws_kms_key.k["a"].arn"#).unwrap();
    assert_eq!(r.key.as_deref(), Some(r#"["a"]"#));
    for not_a_resource in [
        "var.role",
        "local.x.y",
        "module.m.arn",
        "each.value",
        "aws_iam_role.r",
        "count.index",
    ] {
        assert!(resource_ref(not_a_resource).is_none(), "{not_a_resource}");
    }
}

/// A large one-line plan: `n` resources of many types (one in eight S3 or IAM), each in
/// `planned_values`, `resource_changes` and `configuration`, a third of them in child modules.
fn generate_plan(n: usize) -> String {
    use std::fmt::Write;
    const TYPES: &[&str] = &[
        "aws_instance",
        "aws_security_group",
        "aws_route53_record",
        "aws_lambda_function",
        "aws_s3_bucket",
        "aws_cloudwatch_log_group",
        "aws_iam_role",
        "aws_sns_topic",
    ];
    let mut s = String::with_capacity(n * 900);
    let address = |i: usize| {
        let t = TYPES[i % TYPES.len()];
        let module = if i.is_multiple_of(3) {
            format!("module.m{}.", i % 50)
        } else {
            String::new()
        };
        (format!("{module}{t}.r{i}[0]"), t)
    };
    s.push_str(r#"{"format_version":"1.2","terraform_version":"1.7.5","planned_values":{"root_module":{"resources":["#);
    let values = |i: usize| {
        format!(
            r#"{{"name":"resource-{i}","arn":"arn:aws:service:eu-west-1:123456789012:thing/resource-{i}","tags":{{"env":"prod","team":"platform","id":"{i}"}},"tags_all":{{}},"count":{i},"enabled":true,"nothing":null,"rule":[{{"id":"r{i}","status":"Enabled","destination":[{{"bucket":"arn:aws:s3:::dst-{i}","storage_class":"STANDARD"}}]}}]}}"#
        )
    };
    for i in 0..n {
        let (a, t) = address(i);
        if i > 0 {
            s.push(',');
        }
        write!(
            s,
            r#"{{"address":"{a}","mode":"managed","type":"{t}","name":"r{i}","index":0,"provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":{},"sensitive_values":{{"tags":{{}},"rule":[{{"destination":[{{}}]}}]}}}}"#,
            values(i)
        )
        .unwrap();
    }
    s.push_str(r#"]}},"resource_changes":["#);
    for i in 0..n {
        let (a, t) = address(i);
        if i > 0 {
            s.push(',');
        }
        write!(
            s,
            r#"{{"address":"{a}","mode":"managed","type":"{t}","name":"r{i}","index":0,"provider_name":"registry.terraform.io/hashicorp/aws","change":{{"actions":["create"],"before":null,"after":{},"after_unknown":{{"id":true,"role":true}},"before_sensitive":false,"after_sensitive":{{}}}}}}"#,
            values(i)
        )
        .unwrap();
    }
    s.push_str(r#"],"configuration":{"root_module":{"resources":["#);
    for i in (0..n).filter(|i| i % 3 != 0) {
        let t = TYPES[i % TYPES.len()];
        if s.ends_with('}') {
            s.push(',');
        }
        write!(
            s,
            r#"{{"address":"{t}.r{i}","mode":"managed","type":"{t}","name":"r{i}","expressions":{{"role":{{"references":["aws_iam_role.r{}.arn","aws_iam_role.r{}"]}}}},"count_expression":{{"constant_value":1}}}}"#,
            i + 1,
            i + 1
        )
        .unwrap();
    }
    s.push_str("]}}}");
    s
}

#[test]
fn generated_plan_lowers() {
    let text = generate_plan(200);
    assert!(is_plan(&text));
    let c = lower(&text);
    assert_eq!(c.resources.len(), 200);
    let role = resource(&c, "aws_s3_bucket.r4");
    assert_eq!(
        reference(role.body.get("role").unwrap()),
        ("aws_iam_role.r5", vec!["arn"])
    );
    assert!(role.body.get("nothing").is_none());
    let module_role = resource(&c, "module.m6.aws_iam_role.r6");
    assert_eq!(
        module_role.body.get("role").unwrap().kind,
        ValueKind::Unknown(UNKNOWN_AFTER_APPLY.into())
    );
}

#[test]
fn ordering_edges_from_references_and_depends_on() {
    let c = lower(PLAN);
    let targets = |address| {
        resource(&c, address)
            .depends_on
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
    };
    // Each target once; `var.role` of the root module orders nothing.
    assert_eq!(
        targets("aws_s3_bucket_replication_configuration.this"),
        [
            "aws_s3_bucket.src",
            "aws_iam_role.replication",
            "aws_s3_bucket_versioning.src"
        ]
    );
    // Inside a module: the module prefix, and the single instance without its key.
    assert_eq!(
        targets("module.logs.aws_s3_bucket_replication_configuration.this"),
        [
            "module.logs.aws_iam_role.replication",
            "module.logs.aws_s3_bucket.dst"
        ]
    );
    let r = resource(&c, "aws_s3_bucket_replication_configuration.this");
    let span = r.depends_on[2].1;
    assert_eq!(
        &PLAN[span.start as usize..span.end as usize],
        "\"aws_s3_bucket_versioning.src\""
    );
}

#[test]
fn locals_module_outputs_and_child_inputs_may_order_anything() {
    let plan = PLAN.replace("\"var.role\", ", "\"local.role\", ").replace(
        "\"aws_iam_role.replication[0].arn\", ",
        "\"var.role\", \"aws_iam_role.replication[0].arn\", ",
    );
    let c = lower(&plan);
    for address in [
        "aws_s3_bucket_replication_configuration.this",
        "module.logs.aws_s3_bucket_replication_configuration.this",
    ] {
        let edges = &resource(&c, address).depends_on;
        assert!(
            edges
                .iter()
                .any(|(t, _)| t == crate::resource::ANY_RESOURCE),
            "{address}: {edges:?}"
        );
    }
}

#[test]
fn resources_the_plan_does_not_create_exist_before_apply() {
    let c = lower(PLAN);
    assert!(!resource(&c, "aws_s3_bucket_replication_configuration.this").exists_before_apply);
    // No change listed: nothing says it is new.
    assert!(resource(&c, "aws_iam_role.replication").exists_before_apply);
    let noop = PLAN.replacen("\"actions\": [\"create\"]", "\"actions\": [\"no-op\"]", 1);
    let c = lower(&noop);
    assert!(resource(&c, "aws_s3_bucket_replication_configuration.this").exists_before_apply);
    let replaced = PLAN.replacen(
        "\"actions\": [\"create\"]",
        "\"actions\": [\"delete\", \"create\"]",
        1,
    );
    let c = lower(&replaced);
    assert!(!resource(&c, "aws_s3_bucket_replication_configuration.this").exists_before_apply);
}

#[test]
fn unknown_values_are_located_in_the_configuration() {
    let c = lower(PLAN);
    let r = resource(&c, "aws_s3_bucket_replication_configuration.this");
    let role = r.body.entry("role").unwrap();
    // The entry is the configuration's `"role": {...}`, the value its reference string.
    assert!(PLAN[role.span.start as usize..].starts_with("\"role\": {\"references\""));
    assert_eq!(
        &PLAN[role.value.span.start as usize..role.value.span.end as usize],
        "\"aws_iam_role.replication.arn\""
    );
}
