//! End to end: the `s3-replication` example of terraform-aws-modules/terraform-aws-s3-bucket,
//! linted through its two module calls, with the module installed the way `terraform init` leaves
//! it (`.terraform/modules/<key>` and `.terraform/modules/modules.json`).

use std::path::Path;

const CORPUS: &str = "/work/shared/corpus/terraform-aws-modules__terraform-aws-s3-bucket";

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

#[test]
fn s3_replication_example_through_its_modules() {
    let corpus = Path::new(CORPUS);
    if !corpus.is_dir() {
        eprintln!("skipped: {CORPUS} not present");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let example = tmp.path().join("examples/s3-replication");
    copy_tf(&corpus.join("examples/s3-replication"), &example);
    // The module is called twice with `source = "../../"`, which lies outside the linted
    // directory (the repository root here, as there is no `.git`): it is found through the
    // manifest, one installed copy per call as `terraform init` makes them.
    let modules = example.join(".terraform/modules");
    for key in ["replica_bucket", "s3_bucket"] {
        copy_tf(corpus, &modules.join(key));
    }
    std::fs::write(
        modules.join("modules.json"),
        r#"{"Modules":[
  {"Key":"","Source":"","Dir":"."},
  {"Key":"replica_bucket","Source":"../../","Dir":".terraform/modules/replica_bucket"},
  {"Key":"s3_bucket","Source":"../../","Dir":".terraform/modules/s3_bucket"}
]}"#,
    )
    .unwrap();

    let options = repl_lint::Options {
        paths: vec![example.clone()],
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
    let found: Vec<String> = outcome
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
        .collect();
    let module_main =
        |key: &str| format!("examples/s3-replication/.terraform/modules/{key}/main.tf");
    // Since count/for_each/dynamic are expanded: `module.replica_bucket` creates no replication
    // (its `count` is 0), and the rules of `module.s3_bucket` (built with `dynamic "rule"`) are
    // checked against the example's own role policy in iam.tf.
    let caller = "called from `module.s3_bucket` here @ examples/s3-replication/main.tf:55:1";
    let uses_role = format!(
        "the replication configuration uses this role @ {}:443:3",
        module_main("s3_bucket")
    );
    let config = "[module.s3_bucket.aws_s3_bucket_replication_configuration.this[0]]";
    assert_eq!(
        found,
        [
            // No ordering edge to the replica module's versioning (the destination is a literal ARN).
            format!(
                "RL203 error {}:437:1 {config} destination bucket versioning defined here @ {}:206:1; {caller}",
                module_main("s3_bucket"),
                module_main("replica_bucket")
            ),
            // The policy grants s3:GetObjectVersion, not s3:GetObjectVersionForReplication.
            format!(
                "RL303 error examples/s3-replication/iam.tf:40:9 {config} {uses_role}; {caller}"
            ),
            // ... and no s3:GetObjectVersionTagging.
            format!(
                "RL304 warning examples/s3-replication/iam.tf:40:9 {config} {uses_role}; {caller}"
            ),
            // The rule sets `access_control_translation` (owner Destination), and the role lacks
            // s3:ObjectOwnerOverrideToBucketOwner.
            format!(
                "RL308 error examples/s3-replication/iam.tf:50:9 {config} {uses_role}; {caller}"
            ),
        ]
    );
    // The role of `module.s3_bucket` is the caller's `aws_iam_role.replication` (passed in
    // `replication_configuration.role`): the findings above name its policy, and the trust
    // check passed.
    let messages: Vec<&str> = outcome
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages[1].contains("`s3:GetObjectVersionForReplication`"),
        "{}",
        messages[1]
    );
    // Only the example directory is linted as a root; the module copies are read for it.
    assert_eq!(outcome.summary.files_linted, 5);
    assert_eq!(outcome.summary.parse_errors, 0);
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
