//! End to end: module calls followed into the modules they call, local modules and registry
//! modules installed the way `terraform init` leaves them (`.terraform/modules/<key>/` and
//! `.terraform/modules/modules.json`). The registry modules are pinned copies under
//! `testdata/modules/` (terraform-aws-modules/s3-bucket, cloudposse/s3-bucket), each called by
//! the root configurations beside them; every finding is asserted with its rule, severity and
//! position.

use std::path::{Path, PathBuf};

/// The registry module fixtures.
fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/modules")
}

/// Copies every `.tf` file of `from` into `to`.
fn copy_tf(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "tf") {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// A path relative to `root`, with `/` separators.
fn relative(path: &Path, root: &Path) -> String {
    let path = path.canonicalize().unwrap_or(path.to_path_buf());
    path.strip_prefix(root)
        .unwrap_or(&path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// One module installed by `terraform init`: its call path, registry source and fixture.
struct Installed<'a> {
    key: &'a str,
    source: &'a str,
    fixture: &'a str,
}

/// Lints the root configuration `testdata/modules/<caller>` copied to `examples/<name>` of a
/// temporary directory (so that a `../../` source lies outside the linted directory), with the
/// modules installed under its `.terraform/modules/`; returns `RULE severity file:line:col` per
/// finding, files relative to the root configuration.
fn lint_installed(caller: &str, installed: &[Installed]) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("examples/root");
    copy_tf(&testdata().join(caller), &root);
    let mut entries = vec![r#"{"Key":"","Source":"","Dir":"."}"#.to_string()];
    for module in installed {
        let dir = format!(".terraform/modules/{}", module.key);
        copy_tf(&testdata().join(module.fixture), &root.join(&dir));
        entries.push(format!(
            r#"{{"Key":"{}","Source":"registry.terraform.io/{}","Dir":"{dir}"}}"#,
            module.key, module.source
        ));
    }
    let manifest = format!(r#"{{"Modules":[{}]}}"#, entries.join(","));
    std::fs::write(root.join(".terraform/modules/modules.json"), manifest).unwrap();
    let options = repl_lint::Options {
        paths: vec![root.clone()],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    assert_eq!(outcome.summary.parse_errors, 0);
    let root = root.canonicalize().unwrap();
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let file = outcome.db.file(d.primary.file);
            let (start, _) = outcome.db.range(d.primary);
            let path = relative(&file.path, &root);
            format!(
                "{} {} {path}:{}:{}",
                d.rule,
                d.severity.as_str(),
                start.line,
                start.column
            )
        })
        .collect()
}

/// terraform-aws-modules/s3-bucket installed for each call key.
fn aws_modules(keys: &[&'static str]) -> Vec<Installed<'static>> {
    keys.iter()
        .map(|key| Installed {
            key,
            source: "terraform-aws-modules/s3-bucket/aws",
            fixture: "terraform-aws-s3-bucket",
        })
        .collect()
}

/// The installed copy of terraform-aws-modules/s3-bucket's `main.tf` for a call key.
fn module_main(key: &str) -> String {
    format!(".terraform/modules/{key}/main.tf")
}

#[test]
fn aws_modules_correct_replication_has_no_error_or_warning() {
    // Statuses from `true`/"Enabled", RTC with metrics, a prefix filter and a prefix + tag
    // filter (`and`), and the combined bucket policy (the module's deny-insecure-transport
    // statement merged with the caller's document, placeholders replaced) all read as the
    // module deploys them: only the note on tag filters remains.
    let found = lint_installed(
        "terraform-aws-s3-bucket-callers/correct_replication",
        &aws_modules(&["replica_bucket", "s3_bucket"]),
    );
    assert_eq!(found, ["RL703 info main.tf:139:13"]);
}

#[test]
fn aws_modules_outputs_skip_resources_that_do_not_exist() {
    // `s3_bucket_id` tries the bucket policy first; without a policy (`count` 0) the reference
    // fails and `try` takes the bucket's id: the caller's own replication resource is linked to
    // the module's bucket and its versioning, and everything checks out.
    let found = lint_installed(
        "terraform-aws-s3-bucket-callers/own_replication_resource",
        &aws_modules(&["replica", "source"]),
    );
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn aws_modules_rtc_without_metrics() {
    // No `metrics` given: no block (RL118); `metrics = { status = false }`: a Disabled block.
    let found = lint_installed(
        "terraform-aws-s3-bucket-callers/rtc_without_metrics",
        &aws_modules(&["replica", "source"]),
    );
    let main = module_main("source");
    assert_eq!(
        found,
        [
            format!("RL118 error {main}:504:92"),
            format!("RL118 error {main}:522:71"),
        ]
    );
}

#[test]
fn aws_modules_existing_object_replication() {
    // Only the rule that enables it gets the block Enabled.
    let found = lint_installed(
        "terraform-aws-s3-bucket-callers/existing_object_replication",
        &aws_modules(&["replica", "source"]),
    );
    assert_eq!(
        found,
        [format!("RL115 error {}:466:7", module_main("source"))]
    );
}

#[test]
fn aws_modules_cross_account_owner_override_missing_from_the_destination_policy() {
    // The destination's bucket policy is the module's combined document of the caller's
    // `policy` with `_S3_BUCKET_ID_`/`_S3_BUCKET_ARN_` replaced: it grants the replication
    // actions on the bucket but not the owner override. The RL501 check cannot compare the
    // principal (the role's ARN, account not written) and says so.
    let found = lint_installed(
        "terraform-aws-s3-bucket-callers/cross_account_owner_override",
        &aws_modules(&["backup", "source"]),
    );
    assert_eq!(
        found,
        [
            format!("RL502 error {}:621:1", module_main("backup")),
            format!("RL003 info {}:479:11", module_main("source")),
        ]
    );
}

#[test]
fn aws_modules_filters_and_delete_markers() {
    // `filter = {}` makes the module emit no filter (V1) while delete markers are stated
    // (RL111); delete markers Enabled with an `and` tag filter (RL112); a prefix filter without
    // `delete_marker_replication` (RL107); a rule without `filter` gets `filter {}` and passes.
    let found = lint_installed(
        "terraform-aws-s3-bucket-callers/filters_and_delete_markers",
        &aws_modules(&["replica_a", "replica_b", "replica_c", "source"]),
    );
    let main = module_main("source");
    assert_eq!(
        found,
        [
            format!("RL107 error {main}:448:5"),
            format!("RL111 error {main}:458:66"),
            format!("RL112 error {main}:458:90"),
            "RL703 info main.tf:104:22".to_string(),
        ]
    );
}

#[test]
fn aws_modules_own_replication_example() {
    // The module's own example, through both calls. `module.replica_bucket` creates no
    // replication (its `count` is 0); the rules of `module.s3_bucket` (`dynamic "rule"`) are
    // checked against the example's role policy in iam.tf, which lacks the replication
    // permissions (RL303, RL304, RL305, RL308) and kms:Decrypt for the SSE-KMS rule (RL311). The
    // other findings are true too: no ordering on the replica's versioning (RL203), owner
    // override within one account (RL504), replica modification sync one way only (RL602),
    // overlapping rules to one destination (RL113), tag filters (RL703).
    let found = lint_installed(
        "terraform-aws-s3-bucket-callers/upstream_s3_replication_example",
        &aws_modules(&["replica_bucket", "s3_bucket"]),
    );
    let main = module_main("s3_bucket");
    assert_eq!(
        found,
        [
            format!("RL203 error {main}:437:1"),
            format!("RL311 error {main}:443:3"),
            format!("RL504 warning {main}:483:11"),
            format!("RL602 warning {main}:545:90"),
            // The catch-all rule (priority 30) overlaps the `one` and `two` rules, which are
            // enabled (the module's status defaults to Enabled): reported at each side.
            format!("RL113 warning {main}:561:7"),
            format!("RL113 warning {main}:587:7"),
            format!("RL113 warning {main}:587:7"),
            "RL303 error iam.tf:40:9".to_string(),
            "RL304 warning iam.tf:40:9".to_string(),
            "RL308 error iam.tf:50:9".to_string(),
            "RL703 info main.tf:87:13".to_string(),
            "RL703 info main.tf:122:13".to_string(),
        ]
    );
}

#[test]
fn aws_modules_v2_legacy_inline_replication_example() {
    // v2.15.0 builds the legacy inline `replication_configuration` of `aws_s3_bucket` with
    // `lookup()` over the caller's maps: the same example gives the same true findings on the
    // example's IAM, plus the replica key (RL312) the legacy form makes the caller's value.
    let installed: Vec<Installed> = ["replica_bucket", "s3_bucket"]
        .into_iter()
        .map(|key| Installed {
            key,
            source: "terraform-aws-modules/s3-bucket/aws",
            fixture: "terraform-aws-s3-bucket-v2.15.0",
        })
        .collect();
    let found = lint_installed(
        "terraform-aws-s3-bucket-callers/upstream_s3_replication_example_v2.15.0",
        &installed,
    );
    let main = module_main("s3_bucket");
    assert_eq!(
        found,
        [
            // The copy's `var.putin_khuylo` has no declaration, so `count` is unknown: one note.
            format!("RL003 info {main}:8:11"),
            format!("RL311 error {main}:131:7"),
            format!("RL504 warning {main}:152:15"),
            // `prefix = lookup(rule, "prefix", null)` and `tags = null` are not set: the
            // catch-all rule overlaps the tagged ones (RL113 at each side).
            format!("RL113 warning {main}:197:11"),
            format!("RL113 warning {main}:204:11"),
            format!("RL113 warning {main}:204:11"),
            "RL303 error iam.tf:40:9".to_string(),
            "RL304 warning iam.tf:40:9".to_string(),
            "RL308 error iam.tf:50:9".to_string(),
            "RL703 info main.tf:88:13".to_string(),
            "RL312 error main.tf:95:32".to_string(),
            "RL703 info main.tf:118:13".to_string(),
        ]
    );
}

/// cloudposse/s3-bucket installed for each call key, with the null-label module it calls.
fn cloudposse(keys: &[&'static str]) -> Vec<Installed<'static>> {
    let mut out = Vec::new();
    for key in keys {
        out.push(Installed {
            key,
            source: "cloudposse/s3-bucket/aws",
            fixture: "cloudposse-s3-bucket",
        });
        out.push(Installed {
            key: if *key == "replica" {
                "replica.this"
            } else {
                "source.this"
            },
            source: "cloudposse/label/null",
            fixture: "cloudposse-label",
        });
    }
    out
}

#[test]
fn cloudposse_correct_replication_has_no_error_or_warning() {
    // The module's own role and policy: the policy's destination resources are built from
    // `length()` of values known only after apply, so the role checks note what they could
    // not verify.
    let found = lint_installed(
        "cloudposse-s3-bucket-callers/correct_replication",
        &cloudposse(&["replica", "source"]),
    );
    let main = ".terraform/modules/source/main.tf";
    assert_eq!(found, [format!("RL003 info {main}:210:3")]);
}

#[test]
fn cloudposse_cross_account_without_source_roles() {
    // The replica's module call runs with the provider of account 222222222222 (its
    // `providers` map), the source's with the default one (111111111111): without
    // `s3_replication_source_roles` the replica has no bucket policy (RL501); the RTC
    // threshold of 10 minutes is passed on (RL119).
    let found = lint_installed(
        "cloudposse-s3-bucket-callers/cross_account_without_source_roles",
        &cloudposse(&["replica", "source"]),
    );
    let main = |key: &str| format!(".terraform/modules/{key}/main.tf");
    assert_eq!(
        found,
        [
            format!("RL501 error {}:34:1", main("replica")),
            format!("RL003 info {}:210:3", main("source")),
            format!("RL119 error {}:279:38", main("source")),
        ]
    );
}

/// Every diagnostic of a run over `files` (written under a temp dir, which is linted) as
/// `RULE severity file:line:col [resource] related...`.
fn lint_tree(files: &[(&str, &str)]) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = tmp.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let options = repl_lint::Options {
        paths: vec![tmp.path().to_path_buf()],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    let root = tmp.path().canonicalize().unwrap();
    let located = |span: repl_lint::source::Span| {
        let file = outcome.db.file(span.file);
        let (start, _) = outcome.db.range(span);
        format!(
            "{}:{}:{}",
            relative(&file.path, &root),
            start.line,
            start.column
        )
    };
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let related: Vec<String> = d
                .related
                .iter()
                .map(|r| format!("{} @ {}", r.message, located(r.span)))
                .collect();
            format!(
                "{} {} {} [{}] {}",
                d.rule,
                d.severity.as_str(),
                located(d.primary),
                d.resource.as_deref().unwrap_or("-"),
                related.join("; ")
            )
        })
        .collect()
}

const CALLER: &str = r#"module "dst" {
  source = "./modules/bucket"
  name   = "my-dst"
  status = "Suspended"
}

module "repl" {
  source          = "./modules/replication"
  source_bucket   = "my-src"
  destination_arn = module.dst.arn
  role_arn        = "arn:aws:iam::123456789012:role/replication"

  depends_on = [module.dst]
}
"#;

const BUCKET_MODULE: &str = r#"variable "name" {}
variable "status" {
  default = "Enabled"
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.status
  }
}

output "arn" {
  value = aws_s3_bucket.this.arn
}

output "id" {
  value = aws_s3_bucket.this.id
}
"#;

const REPLICATION_MODULE: &str = r#"variable "source_bucket" {}
variable "destination_arn" {}
variable "role_arn" {}

module "source" {
  source = "../bucket"
  name   = var.source_bucket
}

resource "aws_s3_bucket_replication_configuration" "this" {
  depends_on = [module.source]

  role   = var.role_arn
  bucket = module.source.id

  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = var.destination_arn
    }
  }
}
"#;

#[test]
fn local_modules_findings_name_their_callers() {
    let found = lint_tree(&[
        ("main.tf", CALLER),
        ("modules/bucket/main.tf", BUCKET_MODULE),
        ("modules/replication/main.tf", REPLICATION_MODULE),
    ]);
    let rl202 = "RL202 error modules/bucket/main.tf:13:5 \
        [module.repl.aws_s3_bucket_replication_configuration.this] \
        the replication configuration names this destination bucket @ modules/replication/main.tf:24:7; \
        destination bucket defined here @ modules/bucket/main.tf:6:1; \
        called from `module.repl` here @ main.tf:7:1";
    let rl003 = "RL003 info modules/replication/main.tf:13:3 \
        [module.repl.aws_s3_bucket_replication_configuration.this] \
        called from `module.repl` here @ main.tf:7:1";
    // The destination's versioning is `Suspended` by the caller's argument (RL202, located at
    // the module's `status`); the role is outside the files (RL003). The called directories
    // are not linted as roots of their own, so nothing is reported twice.
    assert_eq!(found, [rl202, rl003]);

    // Without `depends_on = [module.dst]`, nothing orders the replication after the
    // destination's versioning (the `arn` output names the bucket only): RL203.
    let caller = CALLER.replace("  depends_on = [module.dst]\n", "");
    let found = lint_tree(&[
        ("main.tf", &caller),
        ("modules/bucket/main.tf", BUCKET_MODULE),
        ("modules/replication/main.tf", REPLICATION_MODULE),
    ]);
    let rl203 = "RL203 error modules/replication/main.tf:10:1 \
        [module.repl.aws_s3_bucket_replication_configuration.this] \
        destination bucket versioning defined here @ modules/bucket/main.tf:10:1; \
        called from `module.repl` here @ main.tf:7:1";
    assert_eq!(found, [rl202, rl203, rl003]);
}

#[test]
fn module_count_and_for_each_make_one_instance_per_key() {
    let caller = r#"module "dst" {
  source   = "./modules/bucket"
  for_each = toset(["b", "a"])
  name     = "my-dst-${each.key}"
  status   = each.value == "b" ? "Suspended" : "Enabled"
}

module "repl" {
  source          = "./modules/replication"
  count           = 1
  source_bucket   = "my-src-${count.index}"
  destination_arn = "arn:aws:s3:::my-dst-b"
  role_arn        = "arn:aws:iam::123456789012:role/replication"

  depends_on = [module.dst]
}

module "off" {
  source          = "./modules/replication"
  count           = 0
  source_bucket   = "unused"
  destination_arn = "arn:aws:s3:::my-dst-b"
  role_arn        = "arn:aws:iam::123456789012:role/replication"
}
"#;
    let found = lint_tree(&[
        ("main.tf", caller),
        ("modules/bucket/main.tf", BUCKET_MODULE),
        ("modules/replication/main.tf", REPLICATION_MODULE),
    ]);
    // Only the `b` instance of `module.dst` has versioning suspended; `module.off` has no
    // instance; `module.repl[0]` reaches `module.dst["b"]` by its literal ARN.
    let rl202 = "RL202 error modules/bucket/main.tf:13:5 \
        [module.repl[0].aws_s3_bucket_replication_configuration.this] \
        the replication configuration names this destination bucket @ modules/replication/main.tf:24:7; \
        destination bucket defined here @ modules/bucket/main.tf:6:1; \
        called from `module.repl[0]` here @ main.tf:8:1";
    let rl003 = "RL003 info modules/replication/main.tf:13:3 \
        [module.repl[0].aws_s3_bucket_replication_configuration.this] \
        called from `module.repl[0]` here @ main.tf:8:1";
    assert_eq!(found, [rl202, rl003]);
}

#[test]
fn a_module_called_from_two_roots_reports_once_naming_both_callers() {
    let call = "module \"m\" {\n  source = \"../modules/replication\"\n  source_bucket   = \"my-src\"\n  destination_arn = \"arn:aws:s3:::my-dst\"\n  role_arn        = \"arn:aws:iam::123456789012:role/replication\"\n}\n";
    let found = lint_tree(&[
        ("a/main.tf", call),
        ("b/main.tf", &format!("\n{call}")),
        ("modules/bucket/main.tf", BUCKET_MODULE),
        ("modules/replication/main.tf", REPLICATION_MODULE),
    ]);
    // The role and the destination bucket are outside the files (RL003); each finding is the
    // same in both roots and is reported once.
    let callers = "[module.m.aws_s3_bucket_replication_configuration.this] \
        called from `module.m` here @ a/main.tf:1:1; \
        called from `module.m` here @ b/main.tf:2:1";
    assert_eq!(
        found,
        [
            format!("RL003 info modules/replication/main.tf:13:3 {callers}"),
            format!("RL003 info modules/replication/main.tf:24:7 {callers}"),
        ]
    );
}
