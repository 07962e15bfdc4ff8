//! End-to-end tests of the binary: exit codes, rule selection, output files and whole-output
//! snapshots of the bundled examples.

use assert_cmd::Command;
use std::path::Path;

fn repl_lint() -> Command {
    let mut cmd = Command::cargo_bin("repl-lint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    cmd
}

fn json(args: &[&str]) -> (i32, serde_json::Value) {
    json_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// `repl-lint ARGS --format json` run in `cwd`.
fn json_in(cwd: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let out = repl_lint()
        .current_dir(cwd)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), value)
}

/// `RLxxx file:line:col` for every diagnostic.
fn locations(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            format!(
                "{} {}:{}:{}",
                d["rule"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                start["line"],
                start["column"]
            )
        })
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn broken_example_reports_the_planted_defects_and_exits_1() {
    let (code, report) = json(&["examples/broken"]);
    assert_eq!(code, 1);
    assert_eq!(
        locations(&report),
        vec![
            "RL202 examples/broken/buckets.tf:38:5",
            "RL301 examples/broken/iam.tf:11:22",
            "RL303 examples/broken/iam.tf:43:11",
            "RL306 examples/broken/iam.tf:75:19",
            "RL203 examples/broken/replication.tf:3:1",
        ]
    );
}

#[test]
fn broken_example_json_snapshot() {
    let (_, report) = json(&["examples/broken"]);
    insta::assert_json_snapshot!("broken_json", report);
}

#[test]
fn broken_example_human_snapshot() {
    let out = repl_lint().arg("examples/broken").output().unwrap();
    insta::assert_snapshot!("broken_human", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn fixed_example_is_clean_and_exits_0() {
    let (code, report) = json(&["examples/fixed"]);
    assert_eq!(locations(&report), Vec::<String>::new());
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["files_linted"], 5);
}

#[test]
fn fail_on_sets_the_threshold() {
    repl_lint()
        .args(["examples/broken", "--fail-on", "never"])
        .assert()
        .code(0);
    repl_lint()
        .args(["examples/fixed", "--fail-on", "info"])
        .assert()
        .code(0);
}

#[test]
fn select_and_ignore_choose_rules_by_id_name_and_prefix() {
    let (_, report) = json(&["examples/broken", "--select", "RL2"]);
    let rules: Vec<String> = locations(&report)
        .iter()
        .map(|l| l[..5].to_string())
        .collect();
    assert_eq!(rules, vec!["RL202", "RL203"]);
    let (_, report) = json(&["examples/broken", "--ignore", "RL3,versioning-ordering"]);
    let rules: Vec<String> = locations(&report)
        .iter()
        .map(|l| l[..5].to_string())
        .collect();
    assert_eq!(rules, vec!["RL202"]);
    repl_lint()
        .args(["examples/broken", "--select", "RL999"])
        .assert()
        .code(2);
}

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    repl_lint()
        .args(["examples/broken", "--format", "json", "--output"])
        .arg(&file)
        .assert()
        .code(1)
        .stdout("");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(report["version"], 1);
}

#[test]
fn missing_path_is_a_usage_error() {
    repl_lint().arg("does/not/exist").assert().code(2);
    repl_lint().arg("--format=xml").assert().code(2);
}

#[test]
fn directory_without_lintable_files_exits_0_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.txt", "hello");
    let out = repl_lint().arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no lintable files"));
}

#[test]
fn a_file_that_does_not_parse_gives_rl001_and_the_others_are_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.tf",
        "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \n}\n",
    );
    write(
        dir.path(),
        "good.tf",
        "resource \"aws_s3_bucket_replication_configuration\" \"r\" {\n  role   = \"replication\"\n  bucket = \"src\"\n  rule {\n    status = \"Enabled\"\n    destination { bucket = \"arn:aws:s3:::dst\" }\n  }\n}\n",
    );
    let out = repl_lint()
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<String> = locations(&report)
        .iter()
        .map(|l| format!("{} {}", &l[..5], l.rsplit('/').next().unwrap()))
        .collect();
    assert!(
        rules.contains(&"RL001 bad.tf:2:12".to_string()),
        "{rules:?}"
    );
    assert!(
        rules.contains(&"RL101 good.tf:2:12".to_string()),
        "{rules:?}"
    );
    assert_eq!(report["summary"]["parse_errors"], 1);
}

#[test]
fn every_file_failing_to_parse_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.tf", "resource {{{\n");
    let (code, report) = json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(report["diagnostics"][0]["rule"], "RL001");
}

#[test]
fn hostile_files_never_crash_and_the_others_are_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "deep.tf",
        &format!(
            "locals {{\n  x = {}{}\n}}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    );
    std::fs::write(
        dir.path().join("bytes.tf"),
        b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"\xff\xfe\"\n}\n",
    )
    .unwrap();
    write(dir.path(), "empty.tf", "");
    write(
        dir.path(),
        "crlf.tf",
        "\u{feff}resource \"aws_s3_bucket_replication_configuration\" \"r\" {\r\n  role   = \"replication\"\r\n  bucket = \"src\"\r\n}\r\n",
    );
    let out = repl_lint()
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<String> = locations(&report)
        .iter()
        .map(|l| l.rsplit('/').next().unwrap().to_string())
        .collect();
    // The nesting bomb is one located parse error; the CRLF file with a BOM is linted with exact columns.
    assert!(
        found.iter().any(|l| l.starts_with("deep.tf:2:")),
        "{found:?}"
    );
    assert!(found.contains(&"crlf.tf:2:12".to_string()), "{found:?}");
    assert_eq!(report["summary"]["parse_errors"], 1);
}

#[test]
fn var_file_values_take_part_in_linking() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "variable \"role\" {}\nresource \"aws_s3_bucket_replication_configuration\" \"r\" {\n  role   = var.role\n  bucket = \"src\"\n}\n",
    );
    let vars = dir.path().join("prod.tfvars");
    write(dir.path(), "prod.tfvars", "role = \"not-an-arn\"\n");
    // Without a value the role is unknown: no RL101.
    let (_, report) = json(&[dir.path().to_str().unwrap(), "--select", "RL101"]);
    assert_eq!(locations(&report), Vec::<String>::new());
    let (code, report) = json(&[
        dir.path().to_str().unwrap(),
        "--select",
        "RL101",
        "--var-file",
        vars.to_str().unwrap(),
    ]);
    let found: Vec<String> = locations(&report)
        .iter()
        .map(|l| l.rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(found, vec!["main.tf:3:12"]);
    assert_eq!(code, 1);
}

#[test]
fn rules_lists_every_rule_and_explain_prints_its_document() {
    let out = repl_lint()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), repl_lint::rules::RULES.len());
    assert_eq!(rules[0]["id"], "RL001");
    assert_eq!(rules[0]["name"], "parse-error");
    assert_eq!(rules[0]["severity"], "error");
    assert_eq!(rules[0]["default_enabled"], true);
    let text = String::from_utf8(out.stdout).unwrap();
    let order: Vec<usize> = [
        "\"id\"",
        "\"name\"",
        "\"severity\"",
        "\"summary\"",
        "\"default_enabled\"",
    ]
    .iter()
    .map(|k| text.find(k).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "key order {order:?}");

    let out = repl_lint()
        .args(["explain", "destination-versioning"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("RL202 destination-versioning\n"), "{text}");
    assert!(text.contains("\nWHY IT BREAKS REPLICATION\n"), "{text}");
    assert!(
        text.contains("\n    resource \"aws_s3_bucket_versioning\""),
        "{text}"
    );
    assert!(!text.contains("```"), "{text}");
    assert!(!text.contains("RL202 80:7"), "{text}");
    repl_lint().args(["explain", "RL999"]).assert().code(2);
}

/// A replication set-up with an RL602 warning (replica modification sync one way only) whose
/// related location is in the same file.
const MIXED: &str = include_str!("fixtures/mixed/main.tf");

#[test]
fn json_file_paths_outside_the_working_directory_are_absolute() {
    let cwd = tempfile::tempdir().unwrap();
    let lint_dir = tempfile::tempdir().unwrap();
    write(lint_dir.path(), "main.tf", MIXED);
    let target = lint_dir.path().canonicalize().unwrap();
    let (_, report) = json_in(cwd.path(), &[target.to_str().unwrap(), "--select", "RL602"]);
    let file = report["diagnostics"][0]["file"].as_str().unwrap();
    assert_eq!(file, format!("{}/main.tf", target.display()));
    // Also when the path is given relative to the working directory (`../b`).
    let parent = tempfile::tempdir().unwrap();
    std::fs::create_dir(parent.path().join("a")).unwrap();
    std::fs::create_dir(parent.path().join("b")).unwrap();
    write(&parent.path().join("b"), "main.tf", MIXED);
    let (_, report) = json_in(&parent.path().join("a"), &["../b", "--select", "RL602"]);
    let expected = format!(
        "{}/b/main.tf",
        parent.path().canonicalize().unwrap().display()
    );
    assert_eq!(report["diagnostics"][0]["file"], expected.as_str());
    assert_eq!(
        report["diagnostics"][0]["related"][0]["file"],
        expected.as_str()
    );
    // And `.` components under it are resolved.
    let (_, report) = json_in(parent.path(), &["./b/../b", "--select", "RL602"]);
    assert_eq!(report["diagnostics"][0]["file"], "b/main.tf");
}

#[test]
fn a_broken_variable_file_next_to_a_good_configuration_is_not_every_file_failing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "vars.tf", "variable \"region\" {}\n");
    write(dir.path(), "terraform.tfvars", "region = \n");
    write(
        dir.path(),
        "main.tf.json",
        "{\"resource\": {\"aws_s3_bucket\": {\"a\": {\"bucket\": \"x\",}}}}\n",
    );
    let (code, report) = json_in(dir.path(), &["."]);
    assert_eq!(code, 1, "vars.tf parsed: {report}");
    assert_eq!(report["summary"]["parse_errors"], 2);
    assert_eq!(report["summary"]["files_linted"], 3);
    let rules: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}",
                d["rule"].as_str().unwrap(),
                d["severity"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(rules, ["RL001:error", "RL001:error"]);
    // A broken --var-file next to a good configuration: 1 as well.
    let extra = tempfile::tempdir().unwrap();
    write(extra.path(), "extra.tfvars", "region = \n");
    let var_file = extra.path().join("extra.tfvars");
    let good = tempfile::tempdir().unwrap();
    write(good.path(), "vars.tf", "variable \"region\" {}\n");
    let (code, report) = json_in(
        good.path(),
        &[".", "--var-file", var_file.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{report}");
    // Without the good file, every file failed: 2.
    write(dir.path(), "vars.tf", "variable \"region\" {\n");
    assert_eq!(json_in(dir.path(), &["."]).0, 2);
}

/// `repl-lint examples/broken ARGS` (human format) with `env` set and NO_COLOR unset.
fn human(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = repl_lint();
    cmd.env_remove("NO_COLOR").env_remove("FORCE_COLOR");
    for (name, value) in env {
        cmd.env(name, value);
    }
    let out = cmd.arg("examples/broken").args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn colour_follows_the_flag_then_no_color_then_force_color() {
    let coloured = |text: &str| text.contains("\x1b[");
    // Not a terminal: no colour unless asked.
    assert!(!coloured(&human(&[], &[])));
    assert!(coloured(&human(&["--color", "always"], &[])));
    assert!(coloured(&human(&[], &[("FORCE_COLOR", "1")])));
    assert!(!coloured(&human(
        &[],
        &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]
    )));
    assert!(!coloured(&human(
        &["--color", "never"],
        &[("FORCE_COLOR", "1")]
    )));
    assert!(coloured(&human(
        &["--color", "always"],
        &[("NO_COLOR", "1")]
    )));
}

#[test]
fn quiet_and_statistics_shorten_the_human_output() {
    let quiet = human(&["--quiet"], &[]);
    assert!(quiet.starts_with("error[RL202]"), "{quiet}");
    assert!(!quiet.contains(" in 5 files"), "{quiet}");
    let statistics = human(&["--statistics"], &[]);
    assert_eq!(statistics.lines().count(), 6, "{statistics}");
    assert!(
        statistics.contains("     1  RL301  role-trust [error]\n"),
        "{statistics}"
    );
    assert!(
        statistics
            .ends_with("5 errors, 0 warnings, 0 infos in 5 files (1 skipped, 0 parse errors)\n")
    );
}

#[test]
fn a_clean_repository_prints_one_line() {
    let out = repl_lint().arg("examples/fixed").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("No problems found in "), "{text}");
}

#[test]
fn a_mistyped_subcommand_is_a_usage_error_with_a_suggestion() {
    let out = repl_lint().arg("explian").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean `explain`?"), "{stderr}");
    let out = repl_lint().arg("rulse").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `rules`?"));
    // A missing path unlike any subcommand stays a missing path.
    let out = repl_lint().arg("infrastructure").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("did you mean"));
}

#[test]
fn completions_and_the_manual_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = repl_lint().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains("repl-lint"), "{shell}");
        assert!(script.contains("fail-on"), "{shell}: {script}");
    }
    let out = repl_lint().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.starts_with(".ie"), "{page}");
    assert!(page.contains(".TH repl-lint 1"), "{page}");
    assert!(page.contains("fail\\-on"), "{page}");
}

#[test]
fn a_terraform_file_is_linted_with_its_module_directory() {
    let (code, report) = json(&["examples/broken/iam.tf"]);
    assert_eq!(code, 1);
    // Only the findings located in the named file, found with its neighbours' help.
    assert_eq!(
        locations(&report),
        vec![
            "RL301 examples/broken/iam.tf:11:22",
            "RL303 examples/broken/iam.tf:43:11",
            "RL306 examples/broken/iam.tf:75:19",
        ]
    );
}

#[test]
fn standard_input_stands_in_for_the_named_file() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken/replication.tf"),
    )
    .unwrap();
    let out = repl_lint()
        .args(["-", "--stdin-filename", "examples/broken/replication.tf"])
        .args(["--format", "json"])
        .write_stdin(text.replace(
            "aws_s3_bucket_versioning.replica",
            "aws_s3_bucket_versioning.replica, aws_s3_bucket_versioning.source",
        ))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        locations(&report),
        vec!["RL203 examples/broken/replication.tf:3:1"]
    );
    // A buffer that is not on disk yet lints with the directory too.
    let out = repl_lint()
        .args([
            "-",
            "--stdin-filename",
            "examples/fixed/extra.tf",
            "--format",
            "json",
        ])
        .write_stdin("resource \"aws_s3_bucket\" \"x\" {\n  bucket = \n")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        locations(&report),
        vec!["RL001 examples/fixed/extra.tf:2:12"]
    );
    // `-` needs the name.
    let out = repl_lint().arg("-").write_stdin("").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn rules_lists_the_rules_added_by_the_2026_12_07_catalog() {
    let out = repl_lint()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed: Vec<(&str, &str, &str)> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["name"].as_str().unwrap(),
                r["severity"].as_str().unwrap(),
            )
        })
        .collect();
    for expected in [
        ("RL122", "prefix-leading-slash", "warning"),
        ("RL123", "all-rules-disabled", "info"),
        ("RL314", "kms-grant-on-alias", "error"),
        ("RL315", "batch-replication-role-permissions", "info"),
        ("RL408", "bucket-key-replica-decrypt", "warning"),
        ("RL507", "source-object-ownership", "warning"),
    ] {
        assert!(listed.contains(&expected), "{expected:?} not listed");
    }
}
