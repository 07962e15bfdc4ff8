//! Tests for the HCL front end, on modules built from inline text.

use super::parse_module;
use crate::model::resource::{Configuration, Resource};
use crate::model::value::{Reference, TextPart, Value, ValueKind};
use crate::source::{FileId, SourceDb, SourceFile, Span};

fn db_of(files: &[(&str, &str)]) -> (SourceDb, Vec<FileId>) {
    let mut db = SourceDb::default();
    let ids = files
        .iter()
        .map(|(p, t)| db.add(SourceFile::new((*p).into(), (*p).into(), (*t).into())))
        .collect();
    (db, ids)
}

fn module(files: &[(&str, &str)]) -> (SourceDb, Configuration) {
    let (db, ids) = db_of(files);
    let config = parse_module(&db, &ids, &[]);
    (db, config)
}

/// Start line/column and end line/column of a span.
fn lc(db: &SourceDb, span: Span) -> (u32, u32, u32, u32) {
    let (a, b) = db.range(span);
    (a.line, a.column, b.line, b.column)
}

fn resource<'c>(config: &'c Configuration, address: &str) -> &'c Resource {
    config
        .resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("no {address}"))
}

fn reference(target: &str, attr: &[&str]) -> Reference {
    Reference {
        target: target.into(),
        attr: attr.iter().map(|s| s.to_string()).collect(),
    }
}

fn statement_resource(policy: &Value) -> &Value {
    policy
        .path(&["Statement"])
        .and_then(|s| s.items().first())
        .and_then(|s| s.get("Resource"))
        .expect("Resource")
}

#[test]
fn attribute_and_nested_block_spans() {
    let src = r#"resource "aws_s3_bucket_replication_configuration" "r" {
  bucket = "src"
  rule {
    id     = "one"
    status = "Enabled"
  }
  rule {
    id = "two"
  }
}
"#;
    let (db, config) = module(&[("main.tf", src)]);
    assert!(config.errors.is_empty());
    let r = resource(&config, "aws_s3_bucket_replication_configuration.r");
    assert_eq!(r.type_name, "aws_s3_bucket_replication_configuration");
    assert!(!r.is_data);
    assert_eq!(lc(&db, r.header), (1, 1, 1, 55));
    assert_eq!(lc(&db, r.span), (1, 1, 10, 2));
    let bucket = r.body.entry("bucket").unwrap();
    assert_eq!(lc(&db, bucket.key_span), (2, 3, 2, 9));
    assert_eq!(lc(&db, bucket.span), (2, 3, 2, 17));
    assert_eq!(bucket.value.as_str(), Some("src"));
    assert_eq!(lc(&db, bucket.value.span), (2, 12, 2, 17));

    let rules = r.body.entry("rule").unwrap();
    assert_eq!(lc(&db, rules.key_span), (3, 3, 3, 7));
    let items = rules.value.items();
    assert_eq!(items.len(), 2);
    assert_eq!(lc(&db, items[0].span), (3, 3, 6, 4));
    assert_eq!(lc(&db, items[1].span), (7, 3, 9, 4));
    assert_eq!(items[1].get("id").and_then(Value::as_str), Some("two"));
    let status = items[0].entry("status").unwrap();
    assert_eq!(lc(&db, status.value.span), (5, 14, 5, 23));
}

#[test]
fn jsonencode_keeps_literal_spans() {
    let src = r#"resource "aws_s3_bucket_policy" "p" {
  bucket = "b"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Resource = "arn:aws:s3:::b/*", "Effect" = "Allow" }]
  })
}
"#;
    let (db, config) = module(&[("main.tf", src)]);
    let policy = resource(&config, "aws_s3_bucket_policy.p")
        .body
        .get("policy")
        .unwrap();
    assert_eq!(
        policy.get("Version").and_then(Value::as_str),
        Some("2012-10-17")
    );
    let statement = &policy.get("Statement").unwrap().items()[0];
    let res = statement.entry("Resource").unwrap();
    assert_eq!(res.value.as_str(), Some("arn:aws:s3:::b/*"));
    assert_eq!(lc(&db, res.value.span), (5, 31, 5, 49));
    assert_eq!(lc(&db, res.key_span), (5, 20, 5, 28));
    assert_eq!(lc(&db, res.span), (5, 20, 5, 49));
    let effect = statement.entry("Effect").unwrap();
    assert_eq!(lc(&db, effect.key_span), (5, 51, 5, 59));
}

#[test]
fn heredoc_json_has_exact_spans() {
    let src = r#"resource "aws_iam_policy" "a" {
  policy = <<EOF
{
  "Statement": [{"Resource": "arn:aws:s3:::b/*"}]
}
EOF
}
resource "aws_iam_policy" "b" {
  policy = <<-EOF
    {
      "Statement": [
        {"Resource": "arn:aws:s3:::c/*"}
      ]
    }
  EOF
}
"#;
    let (db, config) = module(&[("main.tf", src)]);
    assert!(config.errors.is_empty(), "{:?}", config.errors);
    let a = resource(&config, "aws_iam_policy.a")
        .body
        .get("policy")
        .unwrap();
    let res = statement_resource(a);
    assert_eq!(res.as_str(), Some("arn:aws:s3:::b/*"));
    assert_eq!(lc(&db, res.span), (4, 30, 4, 48));
    let b = resource(&config, "aws_iam_policy.b")
        .body
        .get("policy")
        .unwrap();
    let res = statement_resource(b);
    assert_eq!(res.as_str(), Some("arn:aws:s3:::c/*"));
    assert_eq!(lc(&db, res.span), (12, 22, 12, 40));
    assert_eq!(
        lc(&db, b.entry("Statement").unwrap().key_span),
        (11, 7, 11, 18)
    );
}

#[test]
fn heredoc_json_interpolation_becomes_template() {
    let src = r#"resource "aws_iam_policy" "a" {
  policy = <<EOF
{"Statement": [{"Resource": "${aws_s3_bucket.x.arn}/*", "Principal": "${aws_iam_role.r.arn}"}]}
EOF
}
"#;
    let (db, config) = module(&[("main.tf", src)]);
    let policy = resource(&config, "aws_iam_policy.a")
        .body
        .get("policy")
        .unwrap();
    let res = statement_resource(policy);
    assert_eq!(
        res.kind,
        ValueKind::Template(vec![
            TextPart::Ref(reference("aws_s3_bucket.x", &["arn"])),
            TextPart::Lit("/*".into())
        ])
    );
    assert_eq!(lc(&db, res.span), (3, 29, 3, 55));
    let principal = policy.path(&["Statement"]).unwrap().items()[0]
        .get("Principal")
        .unwrap();
    assert_eq!(
        principal.kind,
        ValueKind::Ref(reference("aws_iam_role.r", &["arn"]))
    );
    assert_eq!(lc(&db, principal.span), (3, 70, 3, 93));
}

#[test]
fn escaped_json_string_gets_whole_string_span() {
    let src = r#"resource "aws_iam_policy" "a" {
  policy = "{\"Statement\": [{\"Resource\": \"arn:aws:s3:::b/*\"}]}"
}
resource "aws_iam_policy" "b" {
  policy = "{\"Resource\": \"${aws_s3_bucket.x.arn}/*\"}"
}
resource "aws_iam_policy" "c" {
  policy = "{not json"
}
"#;
    let (db, config) = module(&[("main.tf", src)]);
    let a = resource(&config, "aws_iam_policy.a")
        .body
        .get("policy")
        .unwrap();
    let res = statement_resource(a);
    assert_eq!(res.as_str(), Some("arn:aws:s3:::b/*"));
    assert_eq!(lc(&db, res.span), (2, 12, 2, 69));
    let b = resource(&config, "aws_iam_policy.b")
        .body
        .get("policy")
        .unwrap();
    assert_eq!(
        b.get("Resource").unwrap().kind,
        ValueKind::Template(vec![
            TextPart::Ref(reference("aws_s3_bucket.x", &["arn"])),
            TextPart::Lit("/*".into())
        ])
    );
    let c = resource(&config, "aws_iam_policy.c")
        .body
        .get("policy")
        .unwrap();
    assert_eq!(c.as_str(), Some("{not json"));
}

#[test]
fn templates_and_references() {
    let src = r#"resource "x" "y" {
  arn      = "arn:aws:s3:::${aws_s3_bucket.x.bucket}/*"
  whole    = "${aws_iam_role.r.arn}"
  lit      = "a${"b"}c${1}"
  data_ref = data.aws_iam_policy_document.p.json
  mod      = module.m.out
  indexed  = aws_s3_bucket.b[0].arn
  each     = each.value
  call     = lookup(var.m, "k")
  cond     = var.a ? 1 : 2
  list     = tolist(["a", 1, true, null])
  directive = "%{ if true }x%{ endif }"
}
"#;
    let (db, config) = module(&[("main.tf", src)]);
    let body = &resource(&config, "x.y").body;
    assert_eq!(
        body.get("arn").unwrap().kind,
        ValueKind::Template(vec![
            TextPart::Lit("arn:aws:s3:::".into()),
            TextPart::Ref(reference("aws_s3_bucket.x", &["bucket"])),
            TextPart::Lit("/*".into()),
        ])
    );
    let whole = body.get("whole").unwrap();
    assert_eq!(
        whole.kind,
        ValueKind::Ref(reference("aws_iam_role.r", &["arn"]))
    );
    assert_eq!(lc(&db, whole.span), (3, 14, 3, 37));
    assert_eq!(body.get("lit").unwrap().as_str(), Some("abc1"));
    assert_eq!(
        body.get("data_ref").unwrap().kind,
        ValueKind::Ref(reference("data.aws_iam_policy_document.p", &["json"]))
    );
    assert_eq!(
        body.get("mod").unwrap().kind,
        ValueKind::Ref(reference("module.m", &["out"]))
    );
    assert_eq!(
        body.get("indexed").unwrap().kind,
        ValueKind::Ref(reference("aws_s3_bucket.b", &["arn"]))
    );
    assert_eq!(
        body.get("each").unwrap().kind,
        ValueKind::Unknown("each.value".into())
    );
    assert_eq!(
        body.get("call").unwrap().kind,
        ValueKind::Unknown("lookup()".into())
    );
    assert!(body.get("cond").unwrap().is_unknown());
    assert_eq!(body.get("list").unwrap().items().len(), 4);
    assert!(body.get("directive").unwrap().is_unknown());
}

#[test]
fn variables_defaults_and_tfvars() {
    let vars = r#"variable "bucket" {
  default = "from-default"
}
variable "region" {
  default = "us-east-1"
}
variable "role" {}
variable "cfg" {
  default = { name = "n" }
}
"#;
    let main = r#"resource "aws_s3_bucket" "b" {
  bucket = var.bucket
  region = var.region
  arn    = "arn:aws:iam::1:role/${var.role}"
  name   = var.cfg.name
}
"#;
    let (db, ids) = db_of(&[
        ("variables.tf", vars),
        ("main.tf", main),
        (
            "terraform.tfvars",
            "bucket = \"from-tfvars\"\nregion = \"eu-west-1\"\n",
        ),
        ("a.auto.tfvars", "bucket = \"from-auto\"\n"),
    ]);
    let config = parse_module(&db, &ids[..2], &ids[2..]);
    assert!(config.errors.is_empty());
    let body = &resource(&config, "aws_s3_bucket.b").body;
    let bucket = body.get("bucket").unwrap();
    assert_eq!(bucket.as_str(), Some("from-auto"));
    assert_eq!(lc(&db, bucket.span), (2, 12, 2, 22));
    assert_eq!(bucket.span.file, ids[1]);
    assert_eq!(body.get("region").unwrap().as_str(), Some("eu-west-1"));
    assert_eq!(
        body.get("arn").unwrap().kind,
        ValueKind::Template(vec![
            TextPart::Lit("arn:aws:iam::1:role/".into()),
            TextPart::Ref(reference("var.role", &[]))
        ])
    );
    let name = body.get("name").unwrap();
    assert_eq!(name.as_str(), Some("n"));
    assert_eq!(lc(&db, name.span), (5, 12, 5, 24));

    // Without tfvars the default applies, and its span is still the use site.
    let config = parse_module(&db, &ids[..2], &[]);
    let bucket = resource(&config, "aws_s3_bucket.b")
        .body
        .get("bucket")
        .unwrap()
        .clone();
    assert_eq!(bucket.as_str(), Some("from-default"));
    assert_eq!(lc(&db, bucket.span), (2, 12, 2, 22));
}

#[test]
fn substituted_map_keeps_nested_spans() {
    let src = r#"locals {
  policy = { Resource = "arn:aws:s3:::b/*" }
}
resource "x" "y" {
  p = local.policy
}
"#;
    let (db, config) = module(&[("main.tf", src)]);
    let p = resource(&config, "x.y").body.get("p").unwrap();
    assert_eq!(lc(&db, p.span), (5, 7, 5, 19));
    assert_eq!(lc(&db, p.get("Resource").unwrap().span), (2, 25, 2, 43));
}

#[test]
fn locals_chain_and_cycle() {
    let src = r#"locals {
  a = "${local.b}-a"
  b = local.c
  c = "base"
  x = local.y
  y = local.z
  z = local.x
  self_ref = "${local.self_ref}!"
}
resource "x" "y" {
  chain = local.a
  cycle = local.x
  selfy = local.self_ref
  undef = local.nope
}
"#;
    let (_db, config) = module(&[("main.tf", src)]);
    let body = &resource(&config, "x.y").body;
    assert_eq!(body.get("chain").unwrap().as_str(), Some("base-a"));
    assert!(body.get("cycle").unwrap().is_unknown());
    assert!(
        matches!(&body.get("selfy").unwrap().kind, ValueKind::Template(p) if matches!(p[0], TextPart::Unknown(_)))
    );
    assert!(body.get("undef").unwrap().is_unknown());
}

#[test]
fn meta_arguments() {
    let src = r#"resource "aws_s3_bucket_replication_configuration" "r" {
  provider   = aws.replica
  count      = 1
  for_each   = {}
  depends_on = [aws_s3_bucket_versioning.x, aws_iam_role_policy.p.id, module.m, data.aws_iam_role.r]
  lifecycle {
    prevent_destroy = true
  }
  bucket = "b"
  dynamic "rule" {
    for_each = [1]
    content {}
  }
}
data "aws_caller_identity" "me" {}
"#;
    let (db, config) = module(&[("main.tf", src)]);
    let r = resource(&config, "aws_s3_bucket_replication_configuration.r");
    let deps: Vec<&str> = r.depends_on.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        deps,
        [
            "aws_s3_bucket_versioning.x",
            "aws_iam_role_policy.p",
            "module.m",
            "data.aws_iam_role.r"
        ]
    );
    assert_eq!(lc(&db, r.depends_on[1].1), (5, 45, 5, 69));
    assert_eq!(r.provider.as_deref(), Some("aws.replica"));
    let keys: Vec<&str> = r.body.entries().iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["bucket", "rule"]);
    // `count` and `for_each` together are not expanded; the dynamic block over `[1]` gives one block.
    let rules = r.body.get("rule").unwrap().items();
    assert_eq!(rules.len(), 1);
    assert!(rules[0].entries().is_empty());
    let d = resource(&config, "data.aws_caller_identity.me");
    assert!(d.is_data);
    assert_eq!(d.type_name, "aws_caller_identity");
    assert_eq!(lc(&db, d.header), (15, 1, 15, 32));
}

#[test]
fn providers() {
    let src = r#"provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "replica"
  region = "eu-west-1"
}
provider "google" {}
"#;
    let (db, config) = module(&[("providers.tf", src)]);
    let keys: Vec<&str> = config.providers.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["aws", "aws.replica", "google"]);
    let replica = &config.providers[1];
    assert_eq!(
        replica.body.get("region").and_then(Value::as_str),
        Some("eu-west-1")
    );
    assert_eq!(lc(&db, replica.header), (4, 1, 4, 15));
}

#[test]
fn policy_document_blocks_in_order() {
    let src = r#"data "aws_iam_policy_document" "p" {
  statement {
    sid       = "one"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::1:root"]
    }
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
  statement {
    sid = "two"
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["1"]
    }
  }
}
"#;
    let (db, config) = module(&[("main.tf", src)]);
    let d = resource(&config, "data.aws_iam_policy_document.p");
    let statements = d.body.get("statement").unwrap().items();
    assert_eq!(statements.len(), 2);
    assert_eq!(
        statements[0].get("sid").and_then(Value::as_str),
        Some("one")
    );
    assert_eq!(
        statements[1].get("sid").and_then(Value::as_str),
        Some("two")
    );
    let principals = statements[0].get("principals").unwrap().items();
    let types: Vec<&str> = principals
        .iter()
        .filter_map(|p| p.get("type").and_then(Value::as_str))
        .collect();
    assert_eq!(types, ["AWS", "Service"]);
    assert_eq!(lc(&db, principals[1].span), (10, 5, 13, 6));
    let condition = statements[1].path(&["condition", "variable"]).unwrap();
    assert_eq!(condition.as_str(), Some("aws:SourceAccount"));
    let resources = statements[0].get("resources").unwrap();
    assert_eq!(lc(&db, resources.items()[0].span), (5, 18, 5, 36));
}

#[test]
fn parse_error_position_and_other_files_survive() {
    let bad = "resource \"a\" \"b\" {\n  x = = 1\n}\n";
    let good = "resource \"aws_s3_bucket\" \"ok\" {}\n";
    let (db, config) = module(&[("bad.tf", bad), ("good.tf", good)]);
    assert_eq!(config.errors.len(), 1);
    let e = &config.errors[0];
    assert_eq!(lc(&db, e.span), (2, 7, 2, 8));
    assert!(e.message.contains("HCL"), "{}", e.message);
    assert_eq!(config.resources.len(), 1);
    assert_eq!(config.resources[0].address, "aws_s3_bucket.ok");
}

#[test]
fn parse_error_at_end_of_file() {
    // hcl-edit reports the final newline here; a one-byte span there.
    let (db, config) = module(&[("bad.tf", "resource \"a\" \"b\" {\n")]);
    assert_eq!(lc(&db, config.errors[0].span), (1, 19, 2, 1));
    // An offset at the very end of the text gets a zero-width span; a multi-byte character a
    // span over the whole character.
    let id = FileId(0);
    assert_eq!(super::byte_span("ab", id, 2), Span::new(id, 2, 2));
    assert_eq!(super::byte_span("ab", id, 99), Span::new(id, 2, 2));
    assert_eq!(super::byte_span("aé", id, 1), Span::new(id, 1, 3));
}

#[test]
fn deep_nesting_is_rejected_without_panic() {
    let deep = format!("a = {}", "[".repeat(10_000));
    let (db, config) = module(&[("deep.tf", &deep)]);
    assert_eq!(config.errors.len(), 1);
    assert_eq!(lc(&db, config.errors[0].span), (1, 261, 1, 262));

    // A 10,000-deep JSON heredoc is not JSON to us (too deep): it stays a plain string.
    let heredoc = format!(
        "resource \"x\" \"y\" {{\n  p = <<EOF\n{}\nEOF\n}}\n",
        "[".repeat(10_000)
    );
    let (_db, config) = module(&[("deep.tf", &heredoc)]);
    assert!(config.errors.is_empty());
    assert!(
        resource(&config, "x.y")
            .body
            .get("p")
            .unwrap()
            .as_str()
            .is_some()
    );

    let closed = format!(
        "resource \"x\" \"y\" {{\n  p = <<EOF\n{}{}\nEOF\n}}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (_db, config) = module(&[("deep.tf", &closed)]);
    assert!(
        resource(&config, "x.y")
            .body
            .get("p")
            .unwrap()
            .as_str()
            .is_some()
    );

    // Nesting that hcl-edit rejects itself but our pre-scan lets through.
    let mid = format!("a = {}1{}", "[".repeat(200), "]".repeat(200));
    let (_db, config) = module(&[("mid.tf", &mid)]);
    assert_eq!(config.errors.len(), 1);
}

#[test]
fn json_tfvars() {
    let (db, ids) = db_of(&[
        (
            "main.tf",
            "variable \"b\" {}\nresource \"x\" \"y\" {\n  b = var.b\n}\n",
        ),
        ("x.tfvars.json", "{\"b\": \"from-json\"}"),
    ]);
    let config = parse_module(&db, &ids[..1], &ids[1..]);
    assert_eq!(
        resource(&config, "x.y")
            .body
            .get("b")
            .and_then(Value::as_str),
        Some("from-json")
    );
}

#[test]
fn exponential_locals_are_bounded() {
    let mut src = String::from("locals {\n");
    for i in 0..40 {
        src.push_str(&format!(
            "  l{i} = [local.l{n}, local.l{n}, local.l{n}]\n",
            n = i + 1
        ));
    }
    src.push_str(
        "  l40 = \"leaf\"\n}\nresource \"x\" \"y\" {\n  a = local.l0\n  b = local.l0\n}\n",
    );
    let (_db, config) = module(&[("main.tf", &src)]);
    // Finishes, and the expansion stops somewhere: following the first element never reaches
    // the literal leaf.
    let mut v = resource(&config, "x.y").body.get("b").unwrap();
    while let ValueKind::List(items) = &v.kind {
        v = &items[0];
    }
    assert!(v.is_unknown(), "{v:?}");
}

#[test]
fn placeholders_in_templates() {
    let src = r#"variable "name" {
  default = "logs"
}
variable "count" {
  default = 3
}
variable "cfg" {
  default = { prefix = "p", list = ["a", "b"] }
}
variable "unset" {}
locals {
  arn    = "arn:aws:s3:::${var.name}"
  nested = "${local.arn}/${var.unset}"
}
resource "x" "y" {
  whole  = "${local.arn}/*"
  num    = "n-${var.count}-${true}"
  spliced = "${local.nested}!"
  map    = "m-${var.cfg}"
  attr   = "${var.cfg.prefix}-${var.cfg.list[1]}"
  only   = "${var.cfg}"
  undef  = "u-${local.nope}"
  symbolic = "arn:aws:s3:::${var.unset.id}/*"
}
"#;
    let (db, config) = module(&[("main.tf", src)]);
    let body = &resource(&config, "x.y").body;
    assert_eq!(
        body.get("whole").unwrap().as_str(),
        Some("arn:aws:s3:::logs/*")
    );
    assert_eq!(body.get("num").unwrap().as_str(), Some("n-3-true"));
    assert_eq!(
        body.get("spliced").unwrap().kind,
        ValueKind::Template(vec![
            TextPart::Lit("arn:aws:s3:::logs/".into()),
            TextPart::Ref(reference("var.unset", &[])),
            TextPart::Lit("!".into()),
        ])
    );
    assert_eq!(
        body.get("map").unwrap().kind,
        ValueKind::Template(vec![
            TextPart::Lit("m-".into()),
            TextPart::Unknown("${var.cfg}".into()),
        ])
    );
    assert_eq!(body.get("attr").unwrap().as_str(), Some("p-b"));
    let only = body.get("only").unwrap();
    assert_eq!(only.get("prefix").and_then(Value::as_str), Some("p"));
    assert_eq!(lc(&db, only.span), (21, 12, 21, 24));
    assert_eq!(
        body.get("undef").unwrap().kind,
        ValueKind::Template(vec![
            TextPart::Lit("u-".into()),
            TextPart::Unknown("undefined local.nope".into()),
        ])
    );
    assert_eq!(
        body.get("symbolic").unwrap().kind,
        ValueKind::Template(vec![
            TextPart::Lit("arn:aws:s3:::".into()),
            TextPart::Ref(reference("var.unset", &["id"])),
            TextPart::Lit("/*".into()),
        ])
    );
}

#[test]
fn placeholder_index_steps() {
    let src = r#"variable "list" {
  default = ["a", "b", { k = "v" }]
}
variable "map" {
  default = { "a-b" = ["x", "y"] }
}
variable "unset" {}
locals {
  ref = aws_s3_bucket.b
}
resource "x" "y" {
  first   = var.list[0]
  legacy  = var.list.1
  deep    = var.list[2].k
  key     = var.map["a-b"][1]
  paren   = (var.map)["a-b"][0]
  call    = jsonencode(var.list)[1]
  missing = var.list[7]
  wrong   = var.map[0]
  splat   = var.list[*]
  unset   = var.unset[0].name[*].x
  ref     = local.ref.arn[0]
}
"#;
    let (db, config) = module(&[("main.tf", src)]);
    let body = &resource(&config, "x.y").body;
    let get = |k: &str| body.get(k).unwrap();
    assert_eq!(get("first").as_str(), Some("a"));
    assert_eq!(lc(&db, get("first").span), (12, 13, 12, 24));
    assert_eq!(get("legacy").as_str(), Some("b"));
    assert_eq!(get("deep").as_str(), Some("v"));
    assert_eq!(get("key").as_str(), Some("y"));
    assert_eq!(get("paren").as_str(), Some("x"));
    assert_eq!(get("call").as_str(), Some("b"));
    assert_eq!(
        get("missing").kind,
        ValueKind::Unknown("var.list[7]".into())
    );
    assert_eq!(get("wrong").kind, ValueKind::Unknown("var.map[0]".into()));
    assert_eq!(get("splat").kind, ValueKind::Unknown("var.list[*]".into()));
    assert_eq!(
        get("unset").kind,
        ValueKind::Ref(reference("var.unset", &["name", "x"]))
    );
    assert_eq!(
        get("ref").kind,
        ValueKind::Ref(reference("aws_s3_bucket.b", &["arn"]))
    );
}

#[test]
fn variable_object_keys() {
    let src = r#"variable "k" {
  default = "team"
}
variable "unset" {}
resource "x" "y" {
  tags = {
    (var.k)        = "a"
    "${var.k}-2"   = var.k
    (var.unset)    = "c"
  }
}
"#;
    let (_db, config) = module(&[("main.tf", src)]);
    let tags = resource(&config, "x.y").body.get("tags").unwrap();
    let keys: Vec<&str> = tags.entries().iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["team", "team-2", "(var.unset)"]);
    assert_eq!(tags.get("team-2").and_then(Value::as_str), Some("team"));
    assert_eq!(tags.get("(var.unset)").and_then(Value::as_str), Some("c"));
}

#[test]
fn cycles_and_reference_depth() {
    let mut src =
        String::from("locals {\n  a = local.b\n  b = [local.a, \"x\"]\n  t = \"${local.t}-t\"\n");
    for i in 0..40 {
        src.push_str(&format!("  d{i} = local.d{}\n", i + 1));
    }
    src.push_str("  d40 = \"end\"\n}\nresource \"x\" \"y\" {\n  a = local.a\n  b = local.b\n  t = local.t\n  d = local.d0\n  d5 = local.d5\n}\n");
    let (_db, config) = module(&[("main.tf", &src)]);
    let body = &resource(&config, "x.y").body;
    // local.a is resolved first: its use of itself (through local.b) is the cycle.
    let a = body.get("a").unwrap();
    assert_eq!(
        a.items().first().map(|v| &v.kind),
        Some(&ValueKind::Unknown("cycle through local.a".into()))
    );
    assert_eq!(
        body.get("b").unwrap(),
        &Value {
            span: body.get("b").unwrap().span,
            ..a.clone()
        }
    );
    assert_eq!(
        body.get("t").unwrap().kind,
        ValueKind::Template(vec![
            TextPart::Unknown("cycle through local.t".into()),
            TextPart::Lit("-t".into()),
        ])
    );
    assert_eq!(
        body.get("d").unwrap().kind,
        ValueKind::Unknown("local.d32: references nested too deeply".into())
    );
    assert_eq!(
        body.get("d5").unwrap().kind,
        ValueKind::Unknown("local.d32: references nested too deeply".into())
    );
}

#[test]
fn substitution_budget_gives_unknown() {
    let mut src = String::from("locals {\n");
    for i in 0..30 {
        src.push_str(&format!("  l{i} = [local.l{n}, local.l{n}]\n", n = i + 1));
    }
    src.push_str("  l30 = \"leaf\"\n}\nresource \"x\" \"y\" {\n  a = local.l0\n}\n");
    let (_db, config) = module(&[("main.tf", &src)]);
    let a = resource(&config, "x.y").body.get("a").unwrap();
    assert_eq!(
        a.kind,
        ValueKind::Unknown("local.l0: value too large to substitute".into())
    );
}

// ---- Terraform JSON syntax (`*.tf.json`) ----

/// The replication setup of [`TWIN_JSON`], in native syntax.
const TWIN_HCL: &str = r#"variable "prefix" {
  default = "data/"
}
locals {
  replica_name = "replica-bucket"
}
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "replica"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deploy"
  }
}
resource "aws_s3_bucket" "source" {
  bucket = "source-bucket"
  tags = {
    rule = "a map, not a block"
  }
}
resource "aws_s3_bucket" "replica" {
  provider = aws.replica
  bucket   = local.replica_name
}
resource "aws_s3_bucket_versioning" "source" {
  bucket = aws_s3_bucket.source.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_versioning" "replica" {
  provider = aws.replica
  bucket   = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Suspended"
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
  role   = aws_iam_role.replication.id
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:GetReplicationConfiguration\", \"s3:ListBucket\"], \"Resource\": \"${aws_s3_bucket.source.arn}\"}, {\"Effect\": \"Allow\", \"Action\": [\"s3:GetObjectVersionForReplication\", \"s3:GetObjectVersionAcl\"], \"Resource\": \"${aws_s3_bucket.source.arn}/*\"}, {\"Effect\": \"Allow\", \"Action\": [\"s3:ReplicateObject\", \"s3:ReplicateDelete\"], \"Resource\": \"${aws_s3_bucket.replica.arn}/*\"}]}"
}
resource "aws_s3_bucket_replication_configuration" "r" {
  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]
  count      = 1
  lifecycle {
    prevent_destroy = true
  }
  role   = aws_iam_role.replication.arn
  bucket = aws_s3_bucket.source.id
  rule {
    id       = "one"
    status   = "Enabled"
    priority = 1
    filter {
      prefix = var.prefix
    }
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket        = aws_s3_bucket.replica.arn
      storage_class = "STANDARD"
    }
  }
  rule {
    id       = "two"
    status   = "Enabled"
    priority = 2
    filter {
      prefix = "${var.prefix}logs/"
    }
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket = "arn:aws:s3:::${local.replica_name}"
    }
  }
}
data "aws_iam_policy_document" "d" {
  statement {
    actions = ["s3:*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
"#;

/// The replication setup of [`TWIN_HCL`], in JSON syntax.
const TWIN_JSON: &str = r#"{
  "//": "generated",
  "variable": {"prefix": {"default": "data/", "type": "string"}},
  "locals": {"replica_name": "replica-bucket"},
  "provider": {
    "aws": [
      {"region": "us-east-1"},
      {"alias": "replica", "region": "eu-west-1",
       "assume_role": {"role_arn": "arn:aws:iam::111122223333:role/deploy"}}
    ]
  },
  "terraform": {"required_version": ">= 1.5"},
  "output": {"arn": {"value": "${aws_s3_bucket.source.arn}"}},
  "resource": {
    "aws_s3_bucket": {
      "source": {"bucket": "source-bucket", "tags": {"rule": "a map, not a block"}},
      "replica": {"provider": "aws.replica", "bucket": "${local.replica_name}"}
    },
    "aws_s3_bucket_versioning": {
      "source": {
        "bucket": "${aws_s3_bucket.source.id}",
        "versioning_configuration": {"status": "Enabled"}
      },
      "replica": {
        "provider": "aws.replica",
        "bucket": "${aws_s3_bucket.replica.id}",
        "versioning_configuration": [{"status": "Suspended"}]
      }
    },
    "aws_iam_role": {
      "replication": {
        "name": "replication",
        "assume_role_policy": "${jsonencode({Version = \"2012-10-17\", Statement = [{Effect = \"Allow\", Principal = { Service = \"s3.amazonaws.com\" }, Action = \"sts:AssumeRole\"}]})}"
      }
    },
    "aws_iam_role_policy": {
      "replication": {
        "role": "${aws_iam_role.replication.id}",
        "policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:GetReplicationConfiguration\", \"s3:ListBucket\"], \"Resource\": \"${aws_s3_bucket.source.arn}\"}, {\"Effect\": \"Allow\", \"Action\": [\"s3:GetObjectVersionForReplication\", \"s3:GetObjectVersionAcl\"], \"Resource\": \"${aws_s3_bucket.source.arn}/*\"}, {\"Effect\": \"Allow\", \"Action\": [\"s3:ReplicateObject\", \"s3:ReplicateDelete\"], \"Resource\": \"${aws_s3_bucket.replica.arn}/*\"}]}"
      }
    },
    "aws_s3_bucket_replication_configuration": {
      "r": {
        "//": "replicate data/",
        "depends_on": ["aws_s3_bucket_versioning.source", "aws_s3_bucket_versioning.replica"],
        "count": 1,
        "lifecycle": {"prevent_destroy": true},
        "role": "${aws_iam_role.replication.arn}",
        "bucket": "${aws_s3_bucket.source.id}",
        "rule": [
          {
            "id": "one",
            "status": "Enabled",
            "priority": 1,
            "filter": {"prefix": "${var.prefix}"},
            "delete_marker_replication": {"status": "Enabled"},
            "destination": {"bucket": "${aws_s3_bucket.replica.arn}", "storage_class": "STANDARD"}
          },
          {
            "id": "two",
            "status": "Enabled",
            "priority": 2,
            "filter": {"prefix": "${var.prefix}logs/"},
            "delete_marker_replication": {"status": "Disabled"},
            "destination": {"bucket": "arn:aws:s3:::${local.replica_name}"}
          }
        ]
      }
    }
  },
  "data": {
    "aws_iam_policy_document": {
      "d": {
        "statement": [
          {"actions": ["s3:*"], "principals": {"type": "AWS", "identifiers": ["*"]}}
        ]
      }
    }
  }
}
"#;

/// A copy of a value with every span replaced by one fixed span.
fn without_spans(value: &Value) -> Value {
    let none = Span::new(FileId(u32::MAX), 0, 0);
    let kind = match &value.kind {
        ValueKind::List(items) => ValueKind::List(items.iter().map(without_spans).collect()),
        ValueKind::Map(entries) => ValueKind::Map(
            entries
                .iter()
                .map(|e| crate::model::value::Entry {
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
        ValueKind::Ref(reference("aws_s3_bucket.source", &["arn"]))
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
        ValueKind::Ref(reference("aws_s3_bucket.src", &["id"]))
    );
    assert_eq!(lc(&db, bucket.key_span), (5, 9, 5, 17));
    assert_eq!(lc(&db, bucket.value.span), (5, 19, 5, 44));
    // Inside an escape-free string, template parts get exact sub-spans.
    let role = r.body.get("role").unwrap();
    assert_eq!(lc(&db, role.span), (6, 17, 6, 82));
    let res = statement_resource(role);
    assert_eq!(
        res.kind,
        ValueKind::Ref(reference("aws_s3_bucket.x", &["arn"]))
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
        ValueKind::Unknown("dynamic block".into())
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
    use crate::discover::{FileKind, classify};
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

#[test]
fn tf_json_end_to_end_matches_hcl() {
    let run = |name: &str, text: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        let outcome = crate::lint(&crate::Options {
            paths: vec![dir.path().to_path_buf()],
            ..crate::Options::default()
        })
        .unwrap();
        assert_eq!(outcome.summary.parse_errors, 0);
        let mut found: Vec<(&'static str, Option<String>, String)> = outcome
            .diagnostics
            .iter()
            .map(|d| (d.rule, d.resource.clone(), d.message.clone()))
            .collect();
        found.sort();
        found
    };
    let hcl = run("main.tf", TWIN_HCL);
    let json = run("main.tf.json", TWIN_JSON);
    assert!(hcl.iter().any(|(rule, _, _)| *rule == "RL202"), "{hcl:?}");
    assert_eq!(hcl, json);
}

// ---- Module calls ----

/// Reads the `.tf` files of `dir` into `db` (what the driver does for module directories).
fn read_tf_dir(db: &mut SourceDb, dir: &std::path::Path) -> Vec<FileId> {
    crate::discover::terraform_files(dir)
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            let display = path.to_string_lossy().into_owned();
            db.add(SourceFile::new(path, display, text))
        })
        .collect()
}

/// Writes `files` (paths relative to a temp dir whose `repo/` is the repository root) and
/// parses `dirs` as the directories discovery found.
fn module_tree(
    files: &[(&str, &str)],
    dirs: &[&str],
) -> (tempfile::TempDir, SourceDb, super::Parsed) {
    let tmp = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = tmp.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let mut db = SourceDb::default();
    let found: Vec<super::TerraformDir> = dirs
        .iter()
        .map(|d| {
            let dir = tmp.path().join(d);
            super::TerraformDir {
                files: read_tf_dir(&mut db, &dir),
                dir,
                tfvars: Vec::new(),
            }
        })
        .collect();
    let roots = [tmp.path().join("repo")];
    let parsed = super::parse_modules(&mut db, &found, &roots, &mut |db, dir| read_tf_dir(db, dir));
    (tmp, db, parsed)
}

fn addresses(config: &Configuration) -> Vec<&str> {
    config
        .resources
        .iter()
        .map(|r| r.address.as_str())
        .collect()
}

fn call_prefixes(config: &Configuration) -> Vec<&str> {
    config
        .module_calls
        .iter()
        .map(|c| c.prefix.as_str())
        .collect()
}

fn file_name(db: &SourceDb, span: Span) -> String {
    db.file(span.file).display.replace('\\', "/")
}

#[test]
fn module_argument_binds_child_variable() {
    let root = r#"module "logs" {
  source = "./modules/bucket"
  name   = "logs-bucket"
  count  = 2
}
"#;
    let child = r#"variable "name" {
  default = "fallback"
}
variable "tags" {
  default = { team = "x" }
}
resource "aws_s3_bucket" "this" {
  bucket = var.name
  tags   = var.tags
}
"#;
    let (_tmp, db, parsed) = module_tree(
        &[
            ("repo/main.tf", root),
            ("repo/modules/bucket/main.tf", child),
        ],
        &["repo", "repo/modules/bucket"],
    );
    assert!(parsed.errors.is_empty());
    // The called directory is not a root of its own.
    assert_eq!(parsed.units.len(), 1);
    let config = &parsed.units[0];
    // `count = 2` makes two instances, each with its own prefix.
    assert_eq!(
        addresses(config),
        [
            "module.logs[0].aws_s3_bucket.this",
            "module.logs[1].aws_s3_bucket.this"
        ]
    );
    let bucket = resource(config, "module.logs[1].aws_s3_bucket.this");
    assert!(file_name(&db, bucket.span).ends_with("repo/modules/bucket/main.tf"));
    assert_eq!(
        bucket.body.get("bucket").unwrap().as_str(),
        Some("logs-bucket")
    );
    // An argument not given keeps the child's default.
    assert_eq!(
        bucket.body.path(&["tags", "team"]).unwrap().as_str(),
        Some("x")
    );
    assert_eq!(
        call_prefixes(config),
        ["module.logs[0].", "module.logs[1]."]
    );
    let call = &config.module_calls[0];
    assert!(file_name(&db, call.header).ends_with("repo/main.tf"));
    assert_eq!(lc(&db, call.header), (1, 1, 1, 14));
}

#[test]
fn module_outputs_resolve_in_the_caller() {
    let root = r#"module "iam" {
  source = "./iam"
  prefix = "app"
}
resource "aws_s3_bucket_replication_configuration" "r" {
  bucket = "src"
  role   = module.iam.role_arn
  note   = "role ${module.iam.role_name} in ${module.iam.names[0]}"
  first  = module.iam.names[0]
  other  = module.iam.missing
  nested = module.iam.info.kind
}
"#;
    let child = r#"variable "prefix" {}
resource "aws_iam_role" "this" {
  name = "${var.prefix}-replication"
}
output "role_arn" {
  value = aws_iam_role.this.arn
}
output "role_name" {
  value = "${var.prefix}-replication"
}
output "names" {
  value = ["a", "b"]
}
output "info" {
  value = { kind = "role" }
}
"#;
    let (_tmp, db, parsed) = module_tree(
        &[("repo/main.tf", root), ("repo/iam/main.tf", child)],
        &["repo", "repo/iam"],
    );
    let config = &parsed.units[0];
    let r = resource(config, "aws_s3_bucket_replication_configuration.r");
    let role = r.body.get("role").unwrap();
    assert_eq!(
        role.kind,
        ValueKind::Ref(reference("module.iam.aws_iam_role.this", &["arn"]))
    );
    // The use keeps its span in the caller.
    assert!(file_name(&db, role.span).ends_with("repo/main.tf"));
    assert_eq!(lc(&db, role.span), (7, 12, 7, 31));
    // In a template: a string output becomes text; an indexed output stays symbolic.
    let note = r.body.get("note").unwrap();
    let ValueKind::Template(parts) = &note.kind else {
        panic!("template: {note:?}");
    };
    assert_eq!(parts[0], TextPart::Lit("role app-replication in ".into()));
    assert_eq!(parts[1], TextPart::Ref(reference("module.iam", &["names"])));
    // An index step is not applied to a whole list: the reference stays symbolic.
    assert_eq!(
        r.body.get("first").unwrap().kind,
        ValueKind::Ref(reference("module.iam", &["names"]))
    );
    // An output the module does not have stays symbolic.
    assert_eq!(
        r.body.get("other").unwrap().kind,
        ValueKind::Ref(reference("module.iam", &["missing"]))
    );
    assert_eq!(r.body.get("nested").unwrap().as_str(), Some("role"));
    let role_resource = resource(config, "module.iam.aws_iam_role.this");
    assert_eq!(
        role_resource.body.get("name").unwrap().as_str(),
        Some("app-replication")
    );
}

#[test]
fn nested_modules_get_qualified_addresses() {
    let root = r#"module "a" {
  source = "./a"
  name   = "deep"
}
"#;
    let a = r#"variable "name" {}
module "b" {
  source = "../b"
  bucket = "${var.name}-bucket"
}
output "arn" {
  value = module.b.arn
}
"#;
    let b = r#"variable "bucket" {}
resource "aws_s3_bucket" "x" {
  bucket = var.bucket
}
resource "aws_s3_bucket_versioning" "x" {
  bucket     = aws_s3_bucket.x.id
  depends_on = [aws_s3_bucket.x]
}
output "arn" {
  value = aws_s3_bucket.x.arn
}
"#;
    let root_use = "resource \"aws_s3_bucket_policy\" \"p\" {\n  bucket = module.a.arn\n}\n";
    let (_tmp, _db, parsed) = module_tree(
        &[
            ("repo/main.tf", root),
            ("repo/use.tf", root_use),
            ("repo/a/main.tf", a),
            ("repo/b/main.tf", b),
        ],
        &["repo", "repo/a", "repo/b"],
    );
    assert_eq!(parsed.units.len(), 1);
    let config = &parsed.units[0];
    assert_eq!(
        addresses(config),
        [
            "module.a.module.b.aws_s3_bucket.x",
            "module.a.module.b.aws_s3_bucket_versioning.x",
            "aws_s3_bucket_policy.p",
        ]
    );
    assert_eq!(call_prefixes(config), ["module.a.", "module.a.module.b."]);
    let bucket = resource(config, "module.a.module.b.aws_s3_bucket.x");
    assert_eq!(
        bucket.body.get("bucket").unwrap().as_str(),
        Some("deep-bucket")
    );
    let versioning = resource(config, "module.a.module.b.aws_s3_bucket_versioning.x");
    assert_eq!(
        versioning.body.get("bucket").unwrap().kind,
        ValueKind::Ref(reference("module.a.module.b.aws_s3_bucket.x", &["id"]))
    );
    assert_eq!(
        versioning.depends_on[0].0,
        "module.a.module.b.aws_s3_bucket.x"
    );
    // Outputs pass through two levels.
    assert_eq!(
        resource(config, "aws_s3_bucket_policy.p")
            .body
            .get("bucket")
            .unwrap()
            .kind,
        ValueKind::Ref(reference("module.a.module.b.aws_s3_bucket.x", &["arn"]))
    );
}

#[test]
fn module_cycle_stops() {
    let root = "module \"a\" {\n  source = \"./a\"\n}\n";
    let a = "module \"b\" {\n  source = \"../b\"\n}\nresource \"aws_s3_bucket\" \"a\" {}\n";
    let b = "module \"a\" {\n  source = \"../a\"\n}\nresource \"aws_s3_bucket\" \"b\" {}\n";
    let (_tmp, _db, parsed) = module_tree(
        &[
            ("repo/main.tf", root),
            ("repo/a/main.tf", a),
            ("repo/b/main.tf", b),
        ],
        &["repo", "repo/a", "repo/b"],
    );
    assert_eq!(parsed.units.len(), 1);
    let config = &parsed.units[0];
    assert_eq!(
        addresses(config),
        [
            "module.a.module.b.aws_s3_bucket.b",
            "module.a.aws_s3_bucket.a"
        ]
    );
    assert_eq!(call_prefixes(config), ["module.a.", "module.a.module.b."]);
}

#[test]
fn module_call_to_itself_stops() {
    let root = "module \"me\" {\n  source = \"./\"\n}\nresource \"aws_s3_bucket\" \"b\" {}\n";
    let (_tmp, _db, parsed) = module_tree(&[("repo/main.tf", root)], &["repo"]);
    assert_eq!(parsed.units.len(), 1);
    assert_eq!(addresses(&parsed.units[0]), ["aws_s3_bucket.b"]);
    assert!(parsed.units[0].module_calls.is_empty());
}

#[test]
fn module_source_outside_the_repository_is_refused() {
    let root = r#"module "o" {
  source = "../../outside"
}
resource "aws_s3_bucket_policy" "p" {
  bucket = module.o.name
}
"#;
    let outside =
        "resource \"aws_s3_bucket\" \"secret\" {}\noutput \"name\" {\n  value = \"x\"\n}\n";
    let (_tmp, _db, parsed) = module_tree(
        &[("repo/env/main.tf", root), ("outside/main.tf", outside)],
        &["repo/env"],
    );
    let config = &parsed.units[0];
    assert_eq!(addresses(config), ["aws_s3_bucket_policy.p"]);
    assert!(config.module_calls.is_empty());
    assert_eq!(
        resource(config, "aws_s3_bucket_policy.p")
            .body
            .get("bucket")
            .unwrap()
            .kind,
        ValueKind::Ref(reference("module.o", &["name"]))
    );
}

#[test]
fn downloaded_modules_come_from_modules_json() {
    let root = r#"module "logs" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "~> 4.0"
  bucket  = "logs"
}
module "missing" {
  source = "git::https://example.com/not-installed.git"
}
"#;
    let logs = r#"variable "bucket" {}
module "inner" {
  source = "git::https://example.com/inner.git?ref=v1"
  name   = var.bucket
}
"#;
    let inner =
        "variable \"name\" {}\nresource \"aws_s3_bucket\" \"this\" {\n  bucket = var.name\n}\n";
    let manifest = r#"{"Modules":[
  {"Key":"","Source":"","Dir":"."},
  {"Key":"logs","Source":"registry.terraform.io/terraform-aws-modules/s3-bucket/aws","Version":"4.1.0","Dir":".terraform/modules/logs"},
  {"Key":"logs.inner","Source":"git::https://example.com/inner.git?ref=v1","Dir":".terraform/modules/logs.inner"},
  {"Key":"missing","Source":"git::https://example.com/x.git","Dir":"../../escape"}
]}"#;
    let (_tmp, db, parsed) = module_tree(
        &[
            ("repo/main.tf", root),
            ("repo/.terraform/modules/modules.json", manifest),
            ("repo/.terraform/modules/logs/main.tf", logs),
            ("repo/.terraform/modules/logs.inner/main.tf", inner),
            ("escape/main.tf", "resource \"aws_s3_bucket\" \"no\" {}\n"),
        ],
        &["repo"],
    );
    let config = &parsed.units[0];
    assert_eq!(
        addresses(config),
        ["module.logs.module.inner.aws_s3_bucket.this"]
    );
    assert_eq!(
        call_prefixes(config),
        ["module.logs.", "module.logs.module.inner."]
    );
    let bucket = resource(config, "module.logs.module.inner.aws_s3_bucket.this");
    assert_eq!(bucket.body.get("bucket").unwrap().as_str(), Some("logs"));
    assert!(file_name(&db, bucket.span).ends_with("repo/.terraform/modules/logs.inner/main.tf"));
}

/// A value as compact text: strings quoted, templates as `${...}`, unknowns as `?`.
fn show(value: &Value) -> String {
    match &value.kind {
        ValueKind::Null => "null".into(),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Number(n) => crate::model::value::number_text(*n),
        ValueKind::Str(s) => format!("{s:?}"),
        ValueKind::Template(parts) => {
            let text: String = parts
                .iter()
                .map(|p| match p {
                    TextPart::Lit(s) => s.clone(),
                    TextPart::Ref(r) => format!("${{{}}}", r.display()),
                    TextPart::Unknown(_) => "${?}".into(),
                })
                .collect();
            format!("t{text:?}")
        }
        ValueKind::Ref(r) => r.display(),
        ValueKind::List(items) => {
            let items: Vec<String> = items.iter().map(show).collect();
            format!("[{}]", items.join(","))
        }
        ValueKind::Map(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|e| format!("{}={}", e.key, show(&e.value)))
                .collect();
            format!("{{{}}}", entries.join(","))
        }
        ValueKind::Unknown(_) => "?".into(),
    }
}

/// The attributes of `resource "x" "y"` in a module made of `prelude` and the resource with
/// `attrs` as its body, shown with [`show`].
fn evaluated(prelude: &str, attrs: &str) -> Vec<(String, String)> {
    let src = format!("{prelude}\nresource \"x\" \"y\" {{\n{attrs}\n}}\n");
    let (_, config) = module(&[("main.tf", &src)]);
    assert!(config.errors.is_empty(), "{:?}", config.errors);
    resource(&config, "x.y")
        .body
        .entries()
        .iter()
        .map(|e| (e.key.clone(), show(&e.value)))
        .collect()
}

fn check(prelude: &str, cases: &[(&str, &str)]) {
    let attrs: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(i, (expr, _))| format!("a{i} = {expr}"))
        .collect();
    let got = evaluated(prelude, &attrs.join("\n"));
    for (i, (expr, want)) in cases.iter().enumerate() {
        assert_eq!(got[i].1, *want, "{expr}");
    }
}

#[test]
fn functions_on_known_values() {
    let prelude = r#"variable "unknown" {}
variable "names" {
  default = ["b", "a", "b"]
}
locals {
  tags = { env = "prod", team = "s3" }
}"#;
    check(
        prelude,
        &[
            (r#"lookup(local.tags, "env")"#, r#""prod""#),
            (r#"lookup(local.tags, "x", "dflt")"#, r#""dflt""#),
            (r#"lookup(local.tags, "x")"#, "?"),
            (
                r#"try(lookup(local.tags, "x"), "fallback")"#,
                r#""fallback""#,
            ),
            (r#"lookup(var.unknown, "x", "d")"#, "?"),
            (
                r#"merge(local.tags, { env = "dev" }, null)"#,
                r#"{env="dev",team="s3"}"#,
            ),
            (r#"concat(["a"], ["b", "c"], [])"#, r#"["a","b","c"]"#),
            (r#"flatten([["a"], [["b"]]])"#, r#"["a","b"]"#),
            (r#"coalesce("", null, "x", "y")"#, r#""x""#),
            (r#"coalesce("", var.unknown, "y")"#, "?"),
            (
                r#"format("arn:aws:s3:::%s/%d-%q%%", "b", 7, "q")"#,
                r#""arn:aws:s3:::b/7-\"q\"%""#,
            ),
            (
                r#"format("arn:aws:s3:::%s/*", var.unknown)"#,
                r#"t"arn:aws:s3:::${var.unknown}/*""#,
            ),
            (r#"format("%5s", "b")"#, "?"),
            (r#"format("%s")"#, "?"),
            (r#"replace("a-b-c", "-", "_")"#, r#""a_b_c""#),
            (r#"replace("a-b", "/-/", "_")"#, "?"),
            (r#"length(["a", "b"])"#, "2"),
            (r#"tostring(12)"#, r#""12""#),
            (r#"toset(var.names)"#, r#"["a","b"]"#),
            (r#"length(toset(var.names))"#, "2"),
            (r#"keys(local.tags)"#, r#"["env","team"]"#),
            (r#"values({ b = 2, a = 1 })"#, "[1,2]"),
            (r#"element(["a", "b"], 3)"#, r#""b""#),
            (r#"jsondecode("{\"k\": [1, true]}")"#, "{k=[1,true]}"),
            (r#"upper("ab")"#, r#""AB""#),
            (r#"lower("AB")"#, r#""ab""#),
            (r#"join("-", ["a", "b"], ["c"])"#, r#""a-b-c""#),
            (r#"join("/", ["a", var.unknown])"#, r#"t"a/${var.unknown}""#),
            (r#"split(",", "a,b")"#, r#"["a","b"]"#),
            (r#"contains(["a", "b"], "b")"#, "true"),
            (r#"contains(["a"], "c")"#, "false"),
            (r#"contains([var.unknown], "c")"#, "?"),
            (r#"1 + 2 * 3 - 4 / 2"#, "5"),
            (r#"7 % 3"#, "1"),
            (r#"1 / 0"#, "?"),
            (r#"3 > 2 ? "yes" : "no""#, r#""yes""#),
            (r#"var.unknown ? "yes" : "no""#, "?"),
            (r#"regex("a", "b")"#, "?"),
        ],
    );
}

#[test]
fn for_expressions() {
    let prelude = r#"variable "unknown" {}
variable "names" {
  default = ["src", "dst"]
}
locals {
  buckets = { src = "a-src", dst = "a-dst" }
  arns    = [for b in var.names : "arn:aws:s3:::${b}"]
}"#;
    check(
        prelude,
        &[
            ("local.arns", r#"["arn:aws:s3:::src","arn:aws:s3:::dst"]"#),
            (
                r#"[for i, n in var.names : "${i}:${n}" if n != "dst"]"#,
                r#"["0:src"]"#,
            ),
            (
                "{for k, v in local.buckets : v => k}",
                r#"{a-dst="dst",a-src="src"}"#,
            ),
            (
                r#"{for n in ["a", "b", "a"] : n => n...}"#,
                r#"{a=["a","a"],b=["b"]}"#,
            ),
            (r#"{for n in ["a", "a"] : n => n}"#, "?"),
            ("[for n in var.unknown : n]", "?"),
            (
                "[for n in var.names : var.unknown]",
                "[var.unknown,var.unknown]",
            ),
            (
                r#"[for n in var.names : [for n in ["x"] : "${n}"]]"#,
                r#"[["x"],["x"]]"#,
            ),
            (
                r#"flatten([for a in ["1", "2"] : [for b in ["x"] : "${a}${b}"]])"#,
                r#"["1x","2x"]"#,
            ),
            (r#"[for n in var.names : upper(n)]"#, r#"["SRC","DST"]"#),
            (r#"[for n in var.names : n if var.unknown]"#, "?"),
        ],
    );
}

#[test]
fn function_results_keep_literal_spans() {
    let src = r#"locals {
  m = { a = "one" }
}
resource "x" "y" {
  l = lookup(local.m, "a")
  u = upper("b")
  f = [for s in ["q"] : s]
}
"#;
    let (db, config) = module(&[("main.tf", src)]);
    let body = &resource(&config, "x.y").body;
    // A selected element keeps the span of its literal; a computed value gets the call's.
    assert_eq!(lc(&db, body.get("l").unwrap().span), (2, 13, 2, 18));
    assert_eq!(lc(&db, body.get("u").unwrap().span), (6, 7, 6, 17));
    let f = body.get("f").unwrap();
    // A loop variable, like any variable, is reported where it is used.
    assert_eq!(lc(&db, f.items()[0].span), (7, 25, 7, 26));
}

#[test]
fn module_for_each_binds_each_and_unknown_keeps_one_instance() {
    let root = r#"variable "unknown" {}
module "m" {
  source   = "./modules/bucket"
  for_each = { one = "b-1" }
  name     = each.value
}
module "u" {
  source   = "./modules/bucket"
  for_each = var.unknown
  name     = each.value
}
"#;
    let child = r#"variable "name" {}
resource "aws_s3_bucket" "this" {
  for_each = toset(["x"])
  bucket   = "${var.name}-${each.key}"
}
"#;
    let (_tmp, _db, parsed) = module_tree(
        &[
            ("repo/main.tf", root),
            ("repo/modules/bucket/main.tf", child),
        ],
        &["repo"],
    );
    let config = &parsed.units[0];
    assert_eq!(
        addresses(config),
        [
            "module.m[\"one\"].aws_s3_bucket.this[\"x\"]",
            "module.u.aws_s3_bucket.this[\"x\"]"
        ]
    );
    let bucket = |address: &str| {
        resource(config, address)
            .body
            .get("bucket")
            .unwrap()
            .clone()
    };
    assert_eq!(
        bucket("module.m[\"one\"].aws_s3_bucket.this[\"x\"]").as_str(),
        Some("b-1-x")
    );
    // The caller's `each.value` is unknown: it is not taken for the child's own `each`.
    let unknown = bucket("module.u.aws_s3_bucket.this[\"x\"]");
    assert!(matches!(
        unknown.kind,
        ValueKind::Template(ref parts) if matches!(parts[0], TextPart::Unknown(_))
    ));
}

#[test]
fn file_and_templatefile_read_inside_the_repository_only() {
    let main = r#"variable "b" {
  default = "my-b"
}
resource "x" "y" {
  a = file("${path.module}/policy.json")
  b = templatefile("${path.module}/p.tpl", { bucket = var.b })
  c = file("${path.module}/../outside.txt")
  d = file("${path.module}/missing.json")
  e = file("notes.txt")
  f = templatefile("p.tpl", {})
  g = file(var.b)
}
"#;
    let (_tmp, db, parsed) = module_tree(
        &[
            ("repo/.git/HEAD", "ref: refs/heads/main\n"),
            ("repo/main.tf", main),
            (
                "repo/policy.json",
                "{\"Statement\": [{\"Resource\": \"arn:aws:s3:::x\"}]}",
            ),
            ("repo/p.tpl", "{\"Resource\": \"arn:aws:s3:::${bucket}/*\"}"),
            ("repo/notes.txt", "hello"),
            ("outside.txt", "secret"),
        ],
        &["repo"],
    );
    let body = &resource(&parsed.units[0], "x.y").body;
    let get = |k: &str| show(body.get(k).unwrap());
    assert_eq!(get("a"), r#"{Statement=[{Resource="arn:aws:s3:::x"}]}"#);
    assert_eq!(get("b"), r#"{Resource="arn:aws:s3:::my-b/*"}"#);
    // Outside the repository root, missing, or named by a variable: unknown, never read.
    assert_eq!(get("c"), "?");
    assert_eq!(get("d"), "?");
    assert_eq!(get("e"), r#""hello""#);
    // A template variable without a value fails in Terraform: unknown.
    assert_eq!(get("f"), "?");
    assert_eq!(get("g"), "?");
    // The file is not in the run: its values get the call's span.
    let a = body.get("a").unwrap();
    assert_eq!(lc(&db, a.span), (5, 7, 5, 41));
}
