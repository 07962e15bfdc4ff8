//! Baselines: `--write-baseline` records the findings and exits 0; `--baseline` hides them,
//! survives edits that move lines, and still reports new findings; a missing or malformed
//! baseline is a usage error (exit 2).

#[path = "support/lint.rs"]
mod lint;

use lint::{cli, copy_dir, example, insert_before, write};
use std::path::Path;

/// A temporary directory holding the broken example in `infra/`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example("broken"), &dir.path().join("infra"));
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn a_written_baseline_hides_its_findings_after_lines_move_and_reports_new_ones() {
    let dir = repository();
    let root = dir.path();
    let written = cli(root, &["infra", "--write-baseline", "baseline.json"]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert_eq!(written.findings.len(), 5, "the report is still printed");
    let baseline: serde_json::Value = serde_json::from_str(&read(root, "baseline.json")).unwrap();
    assert_eq!(baseline["version"], 1);
    let first = &baseline["findings"][0];
    assert_eq!(first["rule"], "RL202");
    assert_eq!(first["file"], "infra/buckets.tf");
    assert_eq!(first["fingerprint"].as_str().unwrap().len(), 16);
    assert!(first["message"].as_str().unwrap().contains("versioning"));
    assert_eq!(baseline["findings"].as_array().unwrap().len(), 5);

    let run = cli(root, &["infra", "--baseline", "baseline.json"]);
    assert_eq!((run.code, run.findings.len()), (0, 0));
    assert!(
        run.stderr.contains("5 finding(s) recorded in the baseline"),
        "{}",
        run.stderr
    );

    // Unrelated edits above every finding move their lines: still nothing new.
    for name in ["infra/buckets.tf", "infra/iam.tf", "infra/replication.tf"] {
        let text = read(root, name);
        write(
            root,
            &[(
                name,
                &format!("# moved\n\nlocals {{\n  owner = \"storage\"\n}}\n\n{text}"),
            )],
        );
    }
    let run = cli(root, &["infra", "--baseline", "baseline.json"]);
    assert_eq!((run.code, run.findings.len()), (0, 0), "{:?}", run.findings);

    // A new defect is reported, and only it: the source's versioning suspended too.
    let buckets = read(root, "infra/buckets.tf");
    let planted = insert_before(
        &buckets,
        "    status = \"Enabled\"",
        "    status = \"Suspended\"",
    )
    .replacen("    status = \"Enabled\"\n", "", 1);
    write(root, &[("infra/buckets.tf", &planted)]);
    let run = cli(root, &["infra", "--baseline", "baseline.json"]);
    assert_eq!(run.findings, ["RL201:error infra/buckets.tf:21:5"]);
    assert_eq!(run.code, 1);
}

#[test]
fn a_missing_or_malformed_baseline_is_a_usage_error() {
    let dir = repository();
    let root = dir.path();
    let run = cli(root, &["infra", "--baseline", "missing.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("repl-lint: missing.json: cannot read the baseline"),
        "{}",
        run.stderr
    );
    assert!(run.findings.is_empty());

    write(root, &[("bad.json", "{\"version\": 1,\n \"findings\": 3}")]);
    let run = cli(root, &["infra", "--baseline", "bad.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("repl-lint: bad.json:2:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("not a repl-lint baseline"),
        "{}",
        run.stderr
    );

    write(
        root,
        &[("future.json", "{\"version\": 2, \"findings\": []}")],
    );
    let run = cli(root, &["infra", "--baseline", "future.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("baseline version 2 is not supported"),
        "{}",
        run.stderr
    );

    let run = cli(
        root,
        &[
            "infra",
            "--baseline",
            "a.json",
            "--write-baseline",
            "b.json",
        ],
    );
    assert_eq!(run.code, 2);
}

#[test]
fn a_baseline_written_at_the_repository_root_works_from_a_subdirectory() {
    let dir = repository();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    let written = cli(root, &["infra", "--write-baseline", "baseline.json"]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    // From `infra/` the files display as `buckets.tf`, but fingerprints key on the path from
    // the repository root, so the baseline still hides every finding.
    let run = cli(
        &root.join("infra"),
        &[".", "--baseline", "../baseline.json"],
    );
    assert_eq!((run.code, run.findings.len()), (0, 0), "{}", run.stderr);
}
