//! `.repl-lint.toml`: every key applies, command-line flags override it, it is found from the
//! first path upwards, and a malformed file is rejected with its location and exit code 2.
//! `--explain-gaps` turns on the rules that are off by default.

#[path = "support/lint.rs"]
mod lint;

use lint::{cli, copy_dir, example, write};
use repl_lint::diagnostic::Severity;
use repl_lint::rules::RuleMeta;

/// The findings of the broken example as `RLxxx:severity file:line:col`, under `dir`.
fn broken(dir: &str) -> Vec<String> {
    [
        "RL202:error buckets.tf:38:5",
        "RL301:error iam.tf:11:22",
        "RL303:error iam.tf:43:11",
        "RL306:error iam.tf:75:19",
        "RL203:error replication.tf:3:1",
    ]
    .iter()
    .map(|f| f.replace(' ', &format!(" {dir}/")))
    .collect()
}

/// A temporary directory holding the broken example in `broken/` and `config` as
/// `.repl-lint.toml`.
fn repository(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&example("broken"), &dir.path().join("broken"));
    write(dir.path(), &[(".repl-lint.toml", config)]);
    dir
}

fn without(findings: Vec<String>, rules: &[&str]) -> Vec<String> {
    findings
        .into_iter()
        .filter(|f| !rules.iter().any(|r| f.starts_with(r)))
        .collect()
}

#[test]
fn without_a_configuration_file_the_defaults_apply() {
    let dir = repository("");
    let run = cli(dir.path(), &["broken"]);
    assert_eq!((run.code, run.findings), (1, broken("broken")));
}

#[test]
fn select_and_ignore_apply_and_flags_override_them() {
    let dir = repository("ignore = [\"RL3\"]\n");
    let run = cli(dir.path(), &["broken"]);
    assert_eq!(run.findings, without(broken("broken"), &["RL3"]));
    // `--ignore` replaces the file's list.
    let run = cli(dir.path(), &["broken", "--ignore", "RL2"]);
    assert_eq!(run.findings, without(broken("broken"), &["RL2"]));

    let dir = repository("select = [\"versioning-ordering\", \"RL30\"]\n");
    let run = cli(dir.path(), &["broken"]);
    assert_eq!(run.findings, without(broken("broken"), &["RL202"]));
    let run = cli(dir.path(), &["broken", "--select", "RL202"]);
    assert_eq!(run.findings, ["RL202:error broken/buckets.tf:38:5"]);
}

#[test]
fn severity_overrides_change_a_rule_or_turn_it_off() {
    let dir = repository("[severity]\nRL306 = \"warning\"\nrole-trust = \"off\"\n");
    let run = cli(dir.path(), &["broken"]);
    let want: Vec<String> = without(broken("broken"), &["RL301"])
        .into_iter()
        .map(|f| f.replace("RL306:error", "RL306:warning"))
        .collect();
    assert_eq!(run.findings, want);
}

#[test]
fn fail_on_from_the_file_and_the_flag_that_overrides_it() {
    let dir = repository("fail-on = \"never\"\n");
    assert_eq!(cli(dir.path(), &["broken"]).code, 0);
    assert_eq!(cli(dir.path(), &["broken", "--fail-on", "error"]).code, 1);
    let dir = repository("[severity]\nRL2 = \"warning\"\n");
    assert_eq!(
        cli(dir.path(), &["broken"]).code,
        2,
        "RL2 is a prefix, no rule"
    );
}

#[test]
fn the_nearest_file_from_the_first_path_upwards_is_used_and_excludes_files() {
    let dir = repository("exclude = [\"broken/iam.tf\", \"old\"]\n");
    copy_dir(&example("broken"), &dir.path().join("old/stack"));
    // Linting from elsewhere: the file is found above `broken/`, and its patterns are relative
    // to its own directory.
    let elsewhere = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken");
    let run = cli(elsewhere.path(), &[path.to_str().unwrap()]);
    let names: Vec<String> = run
        .findings
        .iter()
        .map(|f| {
            let (rule, location) = f.split_once(' ').unwrap();
            format!("{rule} {}", location.rsplit('/').next().unwrap())
        })
        .collect();
    // iam.tf is not linted: its findings are gone, and the role it defined is unknown (RL002).
    assert_eq!(
        names,
        [
            "RL202:error buckets.tf:38:5",
            "RL203:error replication.tf:3:1",
            "RL002:info replication.tf:8:12",
        ]
    );
    // A directory pattern excludes everything below it.
    let run = cli(dir.path(), &["old"]);
    assert_eq!((run.code, run.findings.len()), (0, 0));
    assert!(run.stderr.contains("no lintable files"), "{}", run.stderr);
}

#[test]
fn an_explicit_config_file_replaces_the_nearest_one() {
    let dir = repository("ignore = [\"RL3\"]\n");
    write(dir.path(), &[("other.toml", "select = [\"RL203\"]\n")]);
    let run = cli(dir.path(), &["broken", "--config", "other.toml"]);
    assert_eq!(run.findings, ["RL203:error broken/replication.tf:3:1"]);
    let run = cli(dir.path(), &["broken", "--config", "missing.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("missing.toml: cannot read"),
        "{}",
        run.stderr
    );
}

#[test]
fn report_unused_suppressions_from_the_file() {
    let dir = repository("report-unused-suppressions = true\n");
    let replication = std::fs::read_to_string(dir.path().join("broken/replication.tf")).unwrap();
    write(
        dir.path(),
        &[(
            "broken/replication.tf",
            &format!("# repl-lint: ignore RL101\n{replication}"),
        )],
    );
    let run = cli(dir.path(), &["broken"]);
    assert!(
        run.findings
            .contains(&"RL004:info broken/replication.tf:1:21".to_string()),
        "{:?}",
        run.findings
    );
}

/// Runs with `config` and returns (exit code, first line of standard error).
fn rejected(config: &str) -> (i32, String) {
    let dir = repository(config);
    let run = cli(dir.path(), &["broken"]);
    assert!(run.findings.is_empty(), "no report for a bad configuration");
    (
        run.code,
        run.stderr.lines().next().unwrap_or("").to_string(),
    )
}

#[test]
fn a_malformed_file_is_rejected_with_its_location() {
    assert_eq!(
        rejected("# rules\nselect = [\"RL2\"]\nselct = [\"RL3\"]\n"),
        (
            2,
            "repl-lint: .repl-lint.toml:3:1: unknown key `selct`, expected one of `select`, \
             `ignore`, `severity`, `exclude`, `fail-on`, `explain-gaps`, `report-unused-suppressions`, \
             `max-file-size`"
                .to_string()
        )
    );
    let (code, message) = rejected("fail-on = \"sometimes\"\n");
    assert_eq!(code, 2);
    assert!(
        message.starts_with("repl-lint: .repl-lint.toml:1:11: `fail-on` must be"),
        "{message}"
    );
    let (code, message) = rejected("ignore = [\"RL2\", \"RL99x\"]\n");
    assert_eq!(code, 2);
    assert!(
        message.starts_with("repl-lint: .repl-lint.toml:1:18: unknown rule selector `RL99x`"),
        "{message}"
    );
    let (code, message) = rejected("[severity]\nRL304 = \"loud\"\n");
    assert_eq!(code, 2);
    assert!(
        message.starts_with("repl-lint: .repl-lint.toml:2:9: the severity of `RL304`"),
        "{message}"
    );
    let (code, message) = rejected("exclude = \"legacy\"\n");
    assert_eq!(code, 2);
    assert!(
        message.starts_with("repl-lint: .repl-lint.toml:1:11: `exclude` must be a list"),
        "{message}"
    );
    let (code, message) = rejected("select = [\n");
    assert_eq!(code, 2);
    assert_eq!(
        message,
        "repl-lint: .repl-lint.toml:1:11: unclosed array, expected `]`"
    );
}

#[test]
fn explain_gaps_turns_on_the_rules_that_are_off_by_default() {
    static GAP: RuleMeta = RuleMeta {
        id: "RL799",
        name: "a-gap",
        severity: Severity::Info,
        summary: "A rule that is off by default.",
        default_enabled: false,
    };
    let none: &[String] = &[];
    assert!(!repl_lint::rule_enabled(&GAP, none, none, false));
    assert!(repl_lint::rule_enabled(&GAP, none, none, true));
    // An explicit selection decides on its own; ignore still wins.
    let select = ["RL2".to_string()];
    assert!(!repl_lint::rule_enabled(&GAP, &select, none, true));
    let ignore = ["RL7".to_string()];
    assert!(!repl_lint::rule_enabled(&GAP, none, &ignore, true));
    // End to end: the key and the flag add the gap notes (RL701 once per source bucket, RL702
    // once per role) to the usual findings.
    let gaps = |findings: Vec<String>| {
        let mut gaps: Vec<String> = findings
            .into_iter()
            .filter(|f| f.starts_with("RL70"))
            .map(|f| f[..5].to_string())
            .collect();
        gaps.sort();
        gaps
    };
    let plain = repository("");
    assert_eq!(cli(plain.path(), &["broken"]).findings, broken("broken"));
    assert_eq!(
        gaps(cli(plain.path(), &["broken", "--explain-gaps"]).findings),
        ["RL701", "RL702"]
    );
    let dir = repository("explain-gaps = true\n");
    let run = cli(dir.path(), &["broken"]);
    assert_eq!(without(run.findings.clone(), &["RL70"]), broken("broken"));
    assert_eq!(gaps(run.findings), ["RL701", "RL702"]);
}
