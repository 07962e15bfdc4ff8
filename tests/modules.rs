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
    assert_eq!(
        found,
        [
            format!(
                "RL003 info {}:442:3 [module.replica_bucket.aws_s3_bucket_replication_configuration.this] \
                 called from `module.replica_bucket` here @ examples/s3-replication/main.tf:41:1",
                module_main("replica_bucket")
            ),
            format!(
                "RL003 info {}:443:3 [module.replica_bucket.aws_s3_bucket_replication_configuration.this] \
                 called from `module.replica_bucket` here @ examples/s3-replication/main.tf:41:1",
                module_main("replica_bucket")
            ),
            format!(
                "RL003 info {}:442:3 [module.s3_bucket.aws_s3_bucket_replication_configuration.this] \
                 called from `module.s3_bucket` here @ examples/s3-replication/main.tf:55:1",
                module_main("s3_bucket")
            ),
        ]
    );
    // The role of `module.s3_bucket` is the caller's `aws_iam_role.replication` (passed in
    // `replication_configuration.role`), so its trust and permission checks ran and passed:
    // no RL003 for RL301 there.
    let messages: Vec<&str> = outcome
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(messages[0].starts_with("RL201 (source-versioning) not verified"));
    assert!(messages[1].starts_with("RL301 (role-trust) not verified"));
    assert!(messages[2].starts_with("RL201 (source-versioning) not verified"));
    // Only the example directory is linted as a root; the module copies are read for it.
    assert_eq!(outcome.summary.files_linted, 5);
    assert_eq!(outcome.summary.parse_errors, 0);
}
