//! Terraform's value semantics: type conversion, `null` as "not set", `count`/`for_each` that
//! remove a resource, short-circuiting logic over unknown values, `optional()` attributes.

use super::modules_tests::{addresses, module_tree};
use super::*;

/// The addresses of a one-file module's resources.
fn addresses_of(src: &str) -> Vec<String> {
    let (_db, config) = module(&[("main.tf", src)]);
    assert!(config.errors.is_empty(), "{:?}", config.errors);
    config.resources.iter().map(|r| r.address.clone()).collect()
}

/// The value of `a` in the resource `x.y` of a one-file module.
fn value_of_a(src: &str) -> ValueKind {
    let (_db, config) = module(&[("main.tf", src)]);
    resource(&config, "x.y").body.get("a").unwrap().kind.clone()
}

// ---- Conversion ----

#[test]
fn strings_convert_to_numbers_and_booleans_as_terraform_converts_them() {
    let cases = [
        (r#""15" + 1"#, ValueKind::Number(16.0)),
        (r#"-"2""#, ValueKind::Number(-2.0)),
        (r#""3" < 10"#, ValueKind::Bool(true)),
        (r#"!"false""#, ValueKind::Bool(true)),
        (r#""true" && true"#, ValueKind::Bool(true)),
        (r#""1" ? "yes" : "no""#, ValueKind::Str("yes".into())),
        (r#""0" ? "yes" : "no""#, ValueKind::Str("no".into())),
        // `==` does not convert: a string is never equal to a number.
        (r#""1" == 1"#, ValueKind::Bool(false)),
    ];
    for (expr, expected) in cases {
        let src = format!("resource \"x\" \"y\" {{\n  a = {expr}\n}}\n");
        assert_eq!(value_of_a(&src), expected, "{expr}");
    }
}

#[test]
fn a_string_that_is_no_number_or_boolean_does_not_convert() {
    for expr in [
        r#"" 15" + 1"#,
        r#""inf" + 1"#,
        r#""yes" ? 1 : 0"#,
        r#"!"on""#,
    ] {
        let src = format!("resource \"x\" \"y\" {{\n  a = {expr}\n}}\n");
        assert!(matches!(value_of_a(&src), ValueKind::Unknown(_)), "{expr}");
    }
}

#[test]
fn model_accessors_convert_strings() {
    let v = |kind: ValueKind| Value::new(kind, Span::new(FileId(0), 0, 0));
    assert_eq!(v(ValueKind::Str("true".into())).as_bool(), Some(true));
    assert_eq!(v(ValueKind::Str("0".into())).as_bool(), Some(false));
    assert_eq!(v(ValueKind::Str("maybe".into())).as_bool(), None);
    assert_eq!(v(ValueKind::Str("15".into())).as_number(), Some(15.0));
    assert_eq!(v(ValueKind::Str("1.5e1".into())).as_number(), Some(15.0));
    assert_eq!(v(ValueKind::Str("NaN".into())).as_number(), None);
    assert_eq!(v(ValueKind::Unknown("var.x".into())).as_bool(), None);
}

#[test]
fn a_count_written_as_a_string_is_a_number() {
    let src = "resource \"x\" \"y\" {\n  count = \"2\"\n}\n";
    assert_eq!(addresses_of(src), ["x.y[0]", "x.y[1]"]);
}

#[test]
fn variable_values_convert_to_their_declared_type() {
    let src = r#"variable "flag" {
  type    = bool
  default = "true"
}
variable "size" {
  type    = number
  default = "15"
}
variable "name" {
  type    = string
  default = 42
}
variable "list" {
  type    = list(bool)
  default = ["false", true]
}
resource "x" "y" {
  flag = var.flag
  size = var.size
  name = var.name
  list = var.list
}
"#;
    let (_db, config) = module(&[("main.tf", src)]);
    let body = &resource(&config, "x.y").body;
    assert_eq!(body.get("flag").unwrap().kind, ValueKind::Bool(true));
    assert_eq!(body.get("size").unwrap().kind, ValueKind::Number(15.0));
    assert_eq!(body.get("name").unwrap().kind, ValueKind::Str("42".into()));
    let list: Vec<_> = body
        .get("list")
        .unwrap()
        .items()
        .iter()
        .map(|v| v.kind.clone())
        .collect();
    assert_eq!(list, [ValueKind::Bool(false), ValueKind::Bool(true)]);
}

// ---- Logic over unknown values ----

#[test]
fn and_or_decide_when_one_known_operand_decides() {
    let cases = [
        ("module.m.enabled && false", Some(false)),
        ("false && module.m.enabled", Some(false)),
        ("module.m.enabled || true", Some(true)),
        ("true || module.m.enabled", Some(true)),
        ("module.m.enabled && true", None),
        ("module.m.enabled || false", None),
        ("var.unset && false", Some(false)),
        ("var.unset || var.unset", None),
    ];
    for (expr, expected) in cases {
        let src = format!("variable \"unset\" {{}}\nresource \"x\" \"y\" {{\n  a = {expr}\n}}\n");
        match (value_of_a(&src), expected) {
            (ValueKind::Bool(b), Some(e)) => assert_eq!(b, e, "{expr}"),
            (ValueKind::Unknown(_), None) => {}
            (other, _) => panic!("{expr}: {other:?}"),
        }
    }
}

#[test]
fn null_comparisons_decide_on_known_values_only() {
    let src = r#"variable "unset" {}
variable "null" {
  default = null
}
variable "obj" {
  default = { a = 1 }
}
resource "x" "y" {
  null_is_null  = var.null == null
  obj_not_null  = var.obj != null
  list_not_null = [] == null
  text_not_null = "${var.unset}-x" == null
  unset         = var.unset == null
  ref           = aws_s3_bucket.b.arn == null
}
"#;
    let (_db, config) = module(&[("main.tf", src)]);
    let body = &resource(&config, "x.y").body;
    let kind = |k: &str| body.get(k).unwrap().kind.clone();
    assert_eq!(kind("null_is_null"), ValueKind::Bool(true));
    assert_eq!(kind("obj_not_null"), ValueKind::Bool(true));
    assert_eq!(kind("list_not_null"), ValueKind::Bool(false));
    assert_eq!(kind("text_not_null"), ValueKind::Bool(false));
    assert!(matches!(kind("unset"), ValueKind::Unknown(_)));
    assert!(matches!(kind("ref"), ValueKind::Unknown(_)));
}

// ---- count and for_each ----

#[test]
fn count_and_for_each_that_are_zero_or_empty_remove_the_resource() {
    let removed = [
        "count = (module.this.enabled && var.off) ? 1 : 0",
        "count = var.off ? 1 : 0",
        "count = length([])",
        "count = length(var.none == null ? [] : [1])",
        "for_each = {}",
        "for_each = toset([])",
        "for_each = var.none == null ? {} : { a = 1 }",
        "for_each = { for k, v in { a = 1 } : k => v if false }",
    ];
    for meta in removed {
        let src = format!(
            "variable \"off\" {{\n  default = false\n}}\nvariable \"none\" {{\n  default = null\n}}\n\
             resource \"x\" \"y\" {{\n  {meta}\n}}\nresource \"x\" \"kept\" {{}}\n"
        );
        assert_eq!(addresses_of(&src), ["x.kept"], "{meta}");
    }
}

#[test]
fn count_and_for_each_that_are_known_give_their_instances() {
    let kept = [
        (
            "count = (module.this.enabled || var.on) ? 1 : 0",
            vec!["x.y[0]"],
        ),
        ("count = var.on ? 1 : 0", vec!["x.y[0]"]),
        ("count = length([1, 2])", vec!["x.y[0]", "x.y[1]"]),
        (
            "for_each = var.none == null ? { a = 1 } : {}",
            vec!["x.y[\"a\"]"],
        ),
        ("for_each = toset([\"b\"])", vec!["x.y[\"b\"]"]),
    ];
    for (meta, expected) in kept {
        let src = format!(
            "variable \"on\" {{\n  default = true\n}}\nvariable \"none\" {{\n  default = null\n}}\n\
             resource \"x\" \"y\" {{\n  {meta}\n}}\n"
        );
        assert_eq!(addresses_of(&src), expected, "{meta}");
    }
}

#[test]
fn count_and_for_each_over_unknown_values_keep_one_symbolic_instance() {
    for meta in [
        "count = module.this.enabled ? 1 : 0",
        "count = (module.this.enabled && var.unset) ? 1 : 0",
        "for_each = var.unset",
        "for_each = var.unset == null ? {} : { a = 1 }",
    ] {
        let src = format!("variable \"unset\" {{}}\nresource \"x\" \"y\" {{\n  {meta}\n}}\n");
        assert_eq!(addresses_of(&src), ["x.y"], "{meta}");
    }
}

// ---- null is "not set" ----

#[test]
fn an_argument_set_to_null_is_absent() {
    let src = r#"variable "none" {
  default = null
}
resource "x" "y" {
  a = null
  b = var.none
  c = true ? null : "x"
  block {
    d = null
    e = "kept"
  }
  tags = { f = null }
}
"#;
    let (_db, config) = module(&[("main.tf", src)]);
    let body = &resource(&config, "x.y").body;
    for key in ["a", "b", "c"] {
        assert!(body.get(key).is_none(), "{key}");
    }
    let block = body.get("block").unwrap().single();
    assert!(block.get("d").is_none());
    assert_eq!(block.get("e").and_then(Value::as_str), Some("kept"));
    // Inside an argument's own value, a null attribute is a value.
    assert_eq!(
        body.path(&["tags", "f"]).map(|v| v.kind.clone()),
        Some(ValueKind::Null)
    );
}

#[test]
fn a_dynamic_block_over_null_or_an_empty_collection_gives_no_block() {
    for for_each in [
        "null",
        "[]",
        "{}",
        "[for x in [1, 2] : x if false]",
        "var.none == null ? [] : [var.none]",
        "var.none",
        "[for x in var.unset : x if false]",
        "{ for k, v in var.unset : k => v if false }",
    ] {
        let src = format!(
            "variable \"none\" {{\n  default = null\n}}\nvariable \"unset\" {{}}\nresource \"x\" \"y\" {{\n  \
             dynamic \"block\" {{\n    for_each = {for_each}\n    content {{\n      a = 1\n    }}\n  }}\n}}\n"
        );
        let (_db, config) = module(&[("main.tf", &src)]);
        let body = &resource(&config, "x.y").body;
        assert!(body.get("block").is_none(), "{for_each}");
    }
}

#[test]
fn a_dynamic_block_over_an_unknown_collection_stays_unknown() {
    for for_each in ["var.unset", "var.unset == null ? [] : [var.unset]"] {
        let src = format!(
            "variable \"unset\" {{}}\nresource \"x\" \"y\" {{\n  \
             dynamic \"block\" {{\n    for_each = {for_each}\n    content {{\n      a = 1\n    }}\n  }}\n}}\n"
        );
        let (_db, config) = module(&[("main.tf", &src)]);
        let body = &resource(&config, "x.y").body;
        assert!(
            body.get("block").is_some_and(Value::is_unknown),
            "{for_each}"
        );
    }
}

// ---- optional() attributes ----

#[test]
fn omitted_optional_attributes_are_null_or_their_default() {
    let src = r#"variable "v" {
  type = object({
    a = string
    b = optional(string)
    c = optional(number, 5)
    d = optional(object({ e = optional(bool, true) }), {})
  })
  default = { a = "x", extra = "dropped" }
}
resource "x" "y" {
  b = var.v.b == null ? "null" : "set"
  c = var.v.c
  e = var.v.d.e
  extra = try(var.v.extra, "gone")
}
"#;
    let (_db, config) = module(&[("main.tf", src)]);
    let body = &resource(&config, "x.y").body;
    assert_eq!(body.get("b").and_then(Value::as_str), Some("null"));
    assert_eq!(body.get("c").and_then(Value::as_number), Some(5.0));
    assert_eq!(
        body.get("e").map(|v| v.kind.clone()),
        Some(ValueKind::Bool(true))
    );
    assert_eq!(body.get("extra").and_then(Value::as_str), Some("gone"));
}

#[test]
fn an_optional_attribute_set_to_null_takes_its_default() {
    let src = r#"variable "v" {
  type    = object({ status = optional(string, "Enabled") })
  default = { status = null }
}
resource "x" "y" {
  a = var.v.status
}
"#;
    assert_eq!(value_of_a(src), ValueKind::Str("Enabled".into()));
}

#[test]
fn an_unknown_variable_stays_unknown_whatever_its_type() {
    let src = r#"variable "v" {
  type = object({ a = optional(string, "default") })
}
resource "x" "y" {
  a = var.v.a
}
"#;
    assert_eq!(
        value_of_a(src),
        ValueKind::reference(reference("var.v", &["a"]))
    );
}

#[test]
fn a_module_argument_without_an_optional_attribute_gives_no_dynamic_block() {
    let root = r#"module "with" {
  source = "./modules/s3"
  rules  = [{ id = "a", translation = { owner = "Destination" } }]
}
module "without" {
  source = "./modules/s3"
  rules  = [{ id = "b" }]
}
"#;
    let child = r#"variable "rules" {
  type = list(object({
    id          = string
    translation = optional(object({ owner = string }))
  }))
}
resource "aws_s3_bucket_replication_configuration" "r" {
  dynamic "rule" {
    for_each = var.rules
    content {
      id = rule.value.id
      dynamic "access_control_translation" {
        for_each = rule.value.translation == null ? [] : [rule.value.translation]
        content {
          owner = access_control_translation.value.owner
        }
      }
    }
  }
}
"#;
    let (_tmp, _db, parsed) = module_tree(
        &[("repo/main.tf", root), ("repo/modules/s3/main.tf", child)],
        &["repo"],
    );
    let config = &parsed.units[0];
    assert_eq!(
        addresses(config),
        [
            "module.with.aws_s3_bucket_replication_configuration.r",
            "module.without.aws_s3_bucket_replication_configuration.r"
        ]
    );
    let rule = |address: &str| {
        resource(config, address)
            .body
            .get("rule")
            .unwrap()
            .single()
            .clone()
    };
    let with = rule("module.with.aws_s3_bucket_replication_configuration.r");
    assert_eq!(
        with.path(&["access_control_translation", "owner"])
            .and_then(Value::as_str),
        Some("Destination")
    );
    let without = rule("module.without.aws_s3_bucket_replication_configuration.r");
    assert!(without.get("access_control_translation").is_none());
}

#[test]
fn a_json_syntax_variable_type_is_read_from_its_string() {
    let src = r#"{
  "variable": {
    "v": {
      "type": "object({ a = optional(string, \"from-type\"), flag = optional(bool) })",
      "default": { "flag": "true", "extra": 1 }
    }
  },
  "resource": {
    "x": { "y": { "a": "${var.v.a}", "flag": "${var.v.flag}", "extra": "${try(var.v.extra, \"dropped\")}" } }
  }
}"#;
    let (_db, config) = module(&[("main.tf.json", src)]);
    let body = &resource(&config, "x.y").body;
    assert_eq!(body.get("a").and_then(Value::as_str), Some("from-type"));
    assert_eq!(
        body.get("flag").map(|v| v.kind.clone()),
        Some(ValueKind::Bool(true))
    );
    assert_eq!(body.get("extra").and_then(Value::as_str), Some("dropped"));
}

#[test]
fn a_null_argument_leaves_the_default_of_a_non_nullable_variable_only() {
    let root = r#"module "m" {
  source   = "./modules/m"
  strict   = null
  lenient  = null
}
"#;
    let child = r#"variable "strict" {
  default  = "kept"
  nullable = false
}
variable "lenient" {
  default = "replaced"
}
resource "x" "y" {
  strict  = var.strict
  lenient = var.lenient == null ? "null" : var.lenient
}
"#;
    let (_tmp, _db, parsed) = module_tree(
        &[("repo/main.tf", root), ("repo/modules/m/main.tf", child)],
        &["repo"],
    );
    let body = &resource(&parsed.units[0], "module.m.x.y").body;
    assert_eq!(body.get("strict").and_then(Value::as_str), Some("kept"));
    assert_eq!(body.get("lenient").and_then(Value::as_str), Some("null"));
}
