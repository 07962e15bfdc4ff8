//! Expression functions, `for` expressions, module instances and file reads.

use super::modules_tests::{addresses, module_tree};
use super::*;

/// A value as compact text: strings quoted, templates as `${...}`, unknowns as `?`.
fn show(value: &Value) -> String {
    match &value.kind {
        ValueKind::Null => "null".into(),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Number(n) => crate::value::number_text(*n),
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
        let key = format!("a{i}");
        let value = got.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str());
        // An argument set to `null` is left out of the resource, as if not written.
        let want = (*want != "null").then_some(*want);
        assert_eq!(value, want, "{expr}");
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
fn errors_fail_the_expression_and_try_catches_them() {
    let prelude = r#"variable "unknown" {}
locals {
  rule = { status = "Enabled", enabled = true, tags = { a = "1" } }
}"#;
    check(
        prelude,
        &[
            // A missing attribute is an error: every operation over it fails, `try` and `can`
            // catch it.
            (r#"try(local.rule.missing, "d")"#, r#""d""#),
            (r#"try(flatten([local.rule.missing]), [])"#, "[]"),
            (r#"try(length(local.rule.missing) > 0, false)"#, "false"),
            (r#"try(upper(local.rule.missing), "x")"#, r#""x""#),
            (r#"try(local.rule.missing ? 1 : 2, 3)"#, "3"),
            (r#"try(true ? local.rule.missing : 1, 4)"#, "4"),
            // The branch not taken does not fail the conditional.
            (r#"try(false ? local.rule.missing : 1, 4)"#, "1"),
            (r#"can(local.rule.status)"#, "true"),
            (r#"can(local.rule.missing)"#, "false"),
            (r#"can(unknown_function())"#, "?"),
            // An unknown (not an error) is not skipped: the result stays unknown.
            (r#"try(unknown_function(), "x")"#, "?"),
            // The module idiom for statuses given as bools or strings.
            (
                r#"try(tobool(local.rule.status) ? "Enabled" : "Disabled", title(lower(local.rule.status)), "Enabled")"#,
                r#""Enabled""#,
            ),
            (
                r#"try(tobool(local.rule.enabled) ? "Enabled" : "Disabled", title(lower(local.rule.enabled)))"#,
                r#""Enabled""#,
            ),
            (
                r#"try(tobool(local.rule.missing) ? "Enabled" : "Disabled", title(lower(local.rule.missing)), "Disabled")"#,
                r#""Disabled""#,
            ),
            (r#"length(null)"#, "?"),
            (r#"try(length(null), 0)"#, "0"),
        ],
    );
}

#[test]
fn try_skips_references_to_resources_that_do_not_exist() {
    let prelude = r#"variable "enabled" {
  default = false
}
resource "aws_s3_bucket_policy" "p" {
  count = var.enabled ? 1 : 0
}
resource "aws_s3_bucket" "b" {
  count = 1
}"#;
    check(
        prelude,
        &[
            (
                r#"try(aws_s3_bucket_policy.p[0].id, aws_s3_bucket.b[0].id, "")"#,
                "aws_s3_bucket.b[0].id",
            ),
            (r#"can(aws_s3_bucket_policy.p[0].id)"#, "false"),
            (r#"can(aws_s3_bucket.b[0].arn)"#, "true"),
            (
                r#"try("${aws_s3_bucket_policy.p[0].id}-x", "none")"#,
                r#""none""#,
            ),
        ],
    );
}

#[test]
fn conversion_and_collection_functions() {
    let prelude = r#"variable "unknown" {}
resource "aws_s3_bucket" "b" {}"#;
    check(
        prelude,
        &[
            (r#"tobool("true")"#, "true"),
            (r#"tobool("0")"#, "false"),
            (r#"tobool(null)"#, "null"),
            (r#"try(tobool("Enabled"), "no")"#, r#""no""#),
            (r#"try(tobool("True"), "no")"#, r#""no""#),
            (r#"tobool(var.unknown)"#, "?"),
            (r#"tonumber("15")"#, "15"),
            (r#"try(tonumber("15 minutes"), -1)"#, "-1"),
            (r#"tomap({ a = 1 })"#, "{a=1}"),
            (
                r#"title("hello world-wide_web")"#,
                r#""Hello World-Wide_web""#,
            ),
            (r#"max(1, 5, 3)"#, "5"),
            (r#"min(4, 2)"#, "2"),
            (r#"max(1, var.unknown)"#, "?"),
            (
                r#"compact(["a", "", null, aws_s3_bucket.b.arn])"#,
                r#"["a",aws_s3_bucket.b.arn]"#,
            ),
            (r#"compact(["a", unknown_function()])"#, "?"),
            (r#"distinct(["b", "a", "b"])"#, r#"["b","a"]"#),
            (r#"distinct([aws_s3_bucket.b.arn, "a"])"#, "?"),
            (r#"coalescelist([], ["a"], ["b"])"#, r#"["a"]"#),
            (r#"try(coalescelist([], []), ["d"])"#, r#"["d"]"#),
            (r#"one([])"#, "null"),
            (r#"one(["a"])"#, r#""a""#),
            (r#"try(one(["a", "b"]), "many")"#, r#""many""#),
            (r#"null == null"#, "true"),
            (r#"["a"] == null"#, "false"),
            (r#"var.unknown == null"#, "?"),
            // A splat over a resource is the list of its instances (here: the one it has).
            (r#"aws_s3_bucket.b[*].arn"#, "[aws_s3_bucket.b.arn]"),
            (r#"join("", aws_s3_bucket.b[*].id)"#, "aws_s3_bucket.b.id"),
            (r#"one(aws_s3_bucket.b.*.arn)"#, "aws_s3_bucket.b.arn"),
        ],
    );
}

#[test]
fn replace_in_documents() {
    let prelude = r#"resource "aws_s3_bucket" "b" {}
data "aws_iam_policy_document" "p" {}"#;
    check(
        prelude,
        &[
            (
                r#"replace("arn:aws:s3:::_B_/*", "_B_", aws_s3_bucket.b.id)"#,
                r#"t"arn:aws:s3:::${aws_s3_bucket.b.id}/*""#,
            ),
            (
                r#"replace(jsonencode({ Resource = ["_B_/*"] }), "_B_", "x")"#,
                r#"{Resource=["x/*"]}"#,
            ),
            // Over a document known by reference, the replacements wait for the document.
            (
                r#"replace(replace(data.aws_iam_policy_document.p.json, "_A_", "a"), "_B_", "b")"#,
                "{\u{0}replaced=[data.aws_iam_policy_document.p.json,[\"_A_\",\"a\"],[\"_B_\",\"b\"]]}",
            ),
            (r#"replace(aws_s3_bucket.b.id, "a", "b")"#, "?"),
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

#[test]
fn list_functions_reject_scalars_and_try_moves_on() {
    let prelude = r#"variable "rules" {
  type = list(object({
    destination = object({
      replica_kms_key_id = optional(string, "")
      encryption_configuration = optional(object({
        replica_kms_key_id = string
      }))
    })
  }))
  default = [{ destination = {} }]
}"#;
    check(
        prelude,
        &[
            // cloudposse's s3-bucket reads the replica key this way: neither form is set.
            (
                "try([var.rules[0].destination.encryption_configuration.replica_kms_key_id], [compact(var.rules[0].destination.replica_kms_key_id)], [])",
                "[]",
            ),
            (r#"try(compact("a"), "scalar")"#, r#""scalar""#),
            (r#"try(distinct(1), "scalar")"#, r#""scalar""#),
            (r#"compact(["a", "", "b"])"#, r#"["a","b"]"#),
        ],
    );
}
