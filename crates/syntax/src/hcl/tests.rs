//! Tests for the HCL front end, on modules built from inline text.

use super::parse_module;
use crate::resource::{Configuration, Resource};
use crate::value::{Reference, TextPart, Value, ValueKind};
use repl_lint_source::{FileId, SourceDb, SourceFile, Span};

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
            TextPart::reference(reference("aws_s3_bucket.x", &["arn"])),
            TextPart::Lit("/*".into())
        ])
    );
    assert_eq!(lc(&db, res.span), (3, 29, 3, 55));
    let principal = policy.path(&["Statement"]).unwrap().items()[0]
        .get("Principal")
        .unwrap();
    assert_eq!(
        principal.kind,
        ValueKind::reference(reference("aws_iam_role.r", &["arn"]))
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
            TextPart::reference(reference("aws_s3_bucket.x", &["arn"])),
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
            TextPart::reference(reference("aws_s3_bucket.x", &["bucket"])),
            TextPart::Lit("/*".into()),
        ])
    );
    let whole = body.get("whole").unwrap();
    assert_eq!(
        whole.kind,
        ValueKind::reference(reference("aws_iam_role.r", &["arn"]))
    );
    assert_eq!(lc(&db, whole.span), (3, 14, 3, 37));
    assert_eq!(body.get("lit").unwrap().as_str(), Some("abc1"));
    assert_eq!(
        body.get("data_ref").unwrap().kind,
        ValueKind::reference(reference("data.aws_iam_policy_document.p", &["json"]))
    );
    assert_eq!(
        body.get("mod").unwrap().kind,
        ValueKind::reference(reference("module.m", &["out"]))
    );
    assert_eq!(
        body.get("indexed").unwrap().kind,
        ValueKind::reference(reference("aws_s3_bucket.b", &["arn"]))
    );
    assert_eq!(
        body.get("each").unwrap().kind,
        ValueKind::Unknown("each.value".into())
    );
    assert_eq!(
        body.get("call").unwrap().kind,
        ValueKind::Unknown("lookup(var.m, \"k\")".into())
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
            TextPart::reference(reference("var.role", &[]))
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
            TextPart::reference(reference("var.unset", &[])),
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
            TextPart::Unknown("local.nope".into()),
        ])
    );
    assert_eq!(
        body.get("symbolic").unwrap().kind,
        ValueKind::Template(vec![
            TextPart::Lit("arn:aws:s3:::".into()),
            TextPart::reference(reference("var.unset", &["id"])),
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
    // An element of a variable without value is that element; a splat is not one element.
    assert_eq!(
        get("unset").kind,
        ValueKind::reference(reference("var.unset", &["[0]", "name", "x"]))
    );
    assert_eq!(
        get("ref").kind,
        ValueKind::reference(reference("aws_s3_bucket.b", &["arn"]))
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
fn values_past_the_size_limit_are_unknown() {
    let mut src = String::from("locals {\n");
    for i in 0..30 {
        src.push_str(&format!("  l{i} = [local.l{n}, local.l{n}]\n", n = i + 1));
    }
    src.push_str("  l30 = \"leaf\"\n}\nresource \"x\" \"y\" {\n  a = local.l0\n}\n");
    let (_db, config) = module(&[("main.tf", &src)]);
    // The lists that would pass the node limit are unknown; the ones built from them stay
    // bounded, and one note says which value reached the limit first.
    let mut a = resource(&config, "x.y").body.get("a").unwrap();
    while let [first, _] = a.items() {
        a = first;
    }
    assert!(
        matches!(&a.kind, ValueKind::Unknown(r) if r.ends_with("value too large")),
        "{a:?}"
    );
    assert_eq!(config.limits.len(), 1);
}

mod functions_tests;
mod json_syntax_tests;
mod limits_tests;
mod modules_tests;
mod parse_tests;
mod semantics_tests;

/// A file with every kind of top-level structure, heredocs, comments and braces in strings.
const PARTS_TEXT: &str = r#"variable "name" {
  default = "b"
}
locals {
  tags = { Name = "x{" }
}
# resource "aws_s3_bucket" "commented" {
/* resource "aws_s3_bucket" "in_block_comment" {
}
*/
resource "aws_s3_bucket" "a" {
  bucket = "${var.name}-a"
  tags   = local.tags
}
resource "aws_iam_role_policy" "p" {
  policy = <<EOT
{
"Version": "2012-10-17",
resource "not" "a_block" {
}
"Statement": []
}
EOT
}
provider "aws" {
  region = "us-east-1"
}
output "arn" {
  value = aws_s3_bucket.a.arn
}
module "m" {
  source = "./m"
}
"#;

fn lowered_parts(text: &str, part_bytes: usize) -> Result<super::ModuleFile, String> {
    let (db, ids) = db_of(&[("/nowhere/main.tf", text)]);
    match super::lower_file_in_parts(&db, ids[0], false, part_bytes) {
        Ok(super::Lowered::Module(file)) => Ok(std::sync::Arc::unwrap_or_clone(file)),
        Ok(_) => Err("not a module file".into()),
        Err(e) => Err(format!("{:?}", e.span)),
    }
}

#[test]
fn a_file_lowered_in_parts_equals_the_file_lowered_whole() {
    let whole = lowered_parts(PARTS_TEXT, usize::MAX).expect("parses");
    // Parts of at least one byte: every top-level structure is a part of its own.
    let parts = lowered_parts(PARTS_TEXT, 1).expect("parses");
    assert_eq!(whole.resources.len(), 2);
    assert_eq!(
        format!("{:?}", parts.resources),
        format!("{:?}", whole.resources)
    );
    assert_eq!(
        format!("{:?}", parts.providers),
        format!("{:?}", whole.providers)
    );
    assert_eq!(
        format!("{:?} {:?}", parts.defaults, parts.locals),
        format!("{:?} {:?}", whole.defaults, whole.locals)
    );
    assert_eq!(
        format!("{:?}", parts.outputs),
        format!("{:?}", whole.outputs)
    );
    assert_eq!((parts.calls.len(), whole.calls.len()), (1, 1));
}

#[test]
fn a_syntax_error_in_a_part_is_reported_as_in_the_whole_file() {
    let broken = format!("{PARTS_TEXT}resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \n}}\n");
    let whole = lowered_parts(&broken, usize::MAX).err().expect("an error");
    assert_eq!(lowered_parts(&broken, 1).err(), Some(whole));
}

/// The resources of one lowered file, before substitution and expansion, each held once.
fn lowered_resources(text: &str) -> Vec<std::sync::Arc<Resource>> {
    let (db, ids) = db_of(&[("main.tf", text)]);
    match super::lower_file(&db, ids[0], false) {
        Ok(super::Lowered::Module(file)) => std::sync::Arc::unwrap_or_clone(file).resources,
        _ => panic!("not lowered as a module file"),
    }
}

#[test]
fn expansion_changes_the_last_instance_in_place() {
    use std::sync::Arc;
    let text = r#"
resource "aws_s3_bucket" "one" {
  bucket = "one"
}
resource "aws_s3_bucket" "two" {
  count  = 2
  bucket = "two-${count.index}"
}
"#;
    let mut resources = lowered_resources(text).into_iter();
    let one = resources.next().expect("first resource");
    let at = Arc::as_ptr(&one);
    let expanded = super::expand::expand_resource(one);
    assert_eq!(expanded.len(), 1);
    assert_eq!(
        Arc::as_ptr(&expanded[0]),
        at,
        "a single instance is not moved"
    );
    assert_eq!(expanded[0].address, "aws_s3_bucket.one");

    let two = resources.next().expect("second resource");
    let at = Arc::as_ptr(&two);
    let expanded = super::expand::expand_resource(two);
    let addresses: Vec<&str> = expanded.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(addresses, ["aws_s3_bucket.two[0]", "aws_s3_bucket.two[1]"]);
    let names: Vec<Option<&str>> = expanded
        .iter()
        .map(|r| r.body.get("bucket").and_then(Value::as_str))
        .collect();
    assert_eq!(names, [Some("two-0"), Some("two-1")]);
    assert_eq!(
        Arc::as_ptr(&expanded[1]),
        at,
        "the last instance is the resource"
    );
}

#[test]
fn expansion_leaves_a_resource_held_elsewhere_unchanged() {
    use std::sync::Arc;
    let text = "resource \"aws_s3_bucket\" \"two\" {\n  count  = 2\n  bucket = \"two\"\n}\n";
    let shared = lowered_resources(text).remove(0);
    let kept = Arc::clone(&shared);
    let expanded = super::expand::expand_resource(shared);
    assert_eq!(expanded.len(), 2);
    assert!(expanded.iter().all(|r| !Arc::ptr_eq(r, &kept)));
    assert_eq!(kept.address, "aws_s3_bucket.two");
    assert!(kept.body.get(super::expand::COUNT_KEY).is_some());
}
