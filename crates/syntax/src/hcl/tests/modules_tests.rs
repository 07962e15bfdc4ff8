//! Module calls.

use super::*;

// ---- Module calls ----

/// Reads the `.tf` files of `dir` into `db` (what the driver does for module directories).
pub(super) fn read_tf_dir(db: &mut SourceDb, dir: &std::path::Path) -> Vec<FileId> {
    repl_lint_source::discover::terraform_files(dir)
        .unwrap_or_default()
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
pub(super) fn module_tree(
    files: &[(&str, &str)],
    dirs: &[&str],
) -> (tempfile::TempDir, SourceDb, crate::hcl::Parsed) {
    let tmp = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = tmp.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let mut db = SourceDb::default();
    let found: Vec<crate::hcl::TerraformDir> = dirs
        .iter()
        .map(|d| {
            let dir = tmp.path().join(d);
            crate::hcl::TerraformDir {
                files: read_tf_dir(&mut db, &dir),
                dir,
                tfvars: Vec::new(),
            }
        })
        .collect();
    let roots = [tmp.path().join("repo")];
    let parsed = crate::hcl::parse_modules(
        &mut db,
        &found,
        &roots,
        repl_lint_source::fsread::MaxFileSize::default(),
        &mut |db, dir| read_tf_dir(db, dir),
        None,
    );
    (tmp, db, parsed)
}

pub(super) fn addresses(config: &Configuration) -> Vec<&str> {
    config
        .resources
        .iter()
        .map(|r| r.address.as_str())
        .collect()
}

pub(super) fn call_prefixes(config: &Configuration) -> Vec<&str> {
    config
        .module_calls
        .iter()
        .map(|c| c.prefix.as_str())
        .collect()
}

pub(super) fn file_name(db: &SourceDb, span: Span) -> String {
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
    let note = r.body.get("note").unwrap();
    assert_eq!(
        role.kind,
        ValueKind::reference(reference("module.iam.aws_iam_role.this", &["arn"]))
    );
    // The use keeps its span in the caller.
    assert!(file_name(&db, role.span).ends_with("repo/main.tf"));
    assert_eq!(lc(&db, role.span), (7, 12, 7, 31));
    // In a template: string outputs become text, an index step after an output is applied.
    assert_eq!(note.as_str(), Some("role app-replication in a"));
    assert_eq!(r.body.get("first").unwrap().as_str(), Some("a"));
    assert_eq!(lc(&db, r.body.get("first").unwrap().span), (9, 12, 9, 31));
    // An output the module does not have stays symbolic.
    assert_eq!(
        r.body.get("other").unwrap().kind,
        ValueKind::reference(reference("module.iam", &["missing"]))
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
        ValueKind::reference(reference("module.a.module.b.aws_s3_bucket.x", &["id"]))
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
        ValueKind::reference(reference("module.a.module.b.aws_s3_bucket.x", &["arn"]))
    );
}

#[test]
fn module_cycle_stops() {
    let root = "module \"a\" {\n  source = \"./a\"\n}\n";
    let a = "module \"b\" {\n  source = \"../b\"\n}\nresource \"aws_s3_bucket\" \"a\" {}\n";
    let b = "module \"a\" {\n  source = \"../a\"\n}\nresource \"aws_s3_bucket\" \"b\" {}\n";
    let (_tmp, db, parsed) = module_tree(
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
    // The call that closes the cycle is reported at its `source`.
    let cycles: Vec<&str> = config.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        cycles,
        [
            "module cycle: the source `../a` of `module.a.module.b.module.a` leads back to `module.a`; Terraform cannot load a module that calls itself, so this call is not followed"
        ]
    );
    let span = config.errors[0].span;
    assert_eq!(
        &db.file(span.file).text[span.start as usize..span.end as usize],
        "\"../a\""
    );
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
        ValueKind::reference(reference("module.o", &["name"]))
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

#[test]
fn module_resources_use_the_provider_configurations_their_calls_pass() {
    let root = r#"provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "replica"
  region = "eu-west-1"
}
module "passed" {
  source = "./bucket"
  providers = {
    aws = aws.replica
  }
}
module "inherited" {
  source = "./bucket"
}
"#;
    let bucket = r#"resource "aws_s3_bucket" "this" {}
resource "aws_s3_bucket" "aliased" {
  provider = aws.other
}
module "nested" {
  source = "../leaf"
}
"#;
    let leaf = r#"resource "aws_s3_bucket" "leaf" {}
"#;
    let (_tmp, _db, parsed) = module_tree(
        &[
            ("repo/main.tf", root),
            ("repo/bucket/main.tf", bucket),
            ("repo/leaf/main.tf", leaf),
        ],
        &["repo", "repo/bucket", "repo/leaf"],
    );
    let config = &parsed.units[0];
    let provider = |address: &str| resource(config, address).provider.clone();
    let unknown = Some(super::super::modules::UNKNOWN_PROVIDER.to_string());
    // `providers = { aws = aws.replica }`: the module's `aws` is the caller's `aws.replica`,
    // and a nested module without `providers` inherits it as its default.
    assert_eq!(
        provider("module.passed.aws_s3_bucket.this"),
        Some("aws.replica".into())
    );
    assert_eq!(
        provider("module.passed.module.nested.aws_s3_bucket.leaf"),
        Some("aws.replica".into())
    );
    // Without `providers`: the caller's default configuration.
    assert_eq!(
        provider("module.inherited.aws_s3_bucket.this"),
        Some("aws".into())
    );
    // An alias the call does not pass is no configuration of the root module.
    assert_eq!(provider("module.passed.aws_s3_bucket.aliased"), unknown);
    assert_eq!(provider("module.inherited.aws_s3_bucket.aliased"), unknown);
}
