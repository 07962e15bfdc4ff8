//! The machine formats end to end: SARIF (validated against the official 2.1.0 schema and
//! GitHub's code scanning requirements), GitHub workflow commands and reviewdog's rdjson, as
//! whole-output snapshots of the bundled broken example.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

/// The official SARIF 2.1.0 schema, pinned in the repository (`testdata/SOURCES.tsv`).
const SARIF_SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/testdata/schemas/sarif-2.1.0.json"
);

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("repl-lint")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn broken(format: &str) -> (i32, String) {
    run(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["examples/broken", "--format", format],
    )
}

fn sarif(dir: &Path, args: &[&str]) -> Value {
    let (_, text) = run(dir, &[args, &["--format", "sarif"]].concat());
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn sarif_validates_against_the_official_schema() {
    // The schema's `language` patterns have a stray `]` (`...{2}]?$`), which the validator's
    // check of the schema itself rejects as a regex; we write no `language`, so the intended
    // pattern stands in for them.
    let text = std::fs::read_to_string(SARIF_SCHEMA).unwrap();
    let bad = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert_eq!(text.matches(bad).count(), 2);
    let text = text.replace(bad, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let log = sarif(Path::new(env!("CARGO_MANIFEST_DIR")), &["examples/broken"]);
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    // The validator does reject a log that breaks the schema.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn sarif_meets_github_code_scanning_requirements() {
    let log = sarif(Path::new(env!("CARGO_MANIFEST_DIR")), &["examples/broken"]);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().starts_with("https://"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );

    // Every rule, in registry order, with the texts GitHub requires (at most 1024 characters).
    let (_, listed) = run_rules();
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, listed);
    for rule in rules {
        for text in [
            &rule["shortDescription"]["text"],
            &rule["fullDescription"]["text"],
            &rule["help"]["text"],
        ] {
            let text = text.as_str().unwrap();
            assert!(!text.is_empty() && text.chars().count() <= 1024, "{rule}");
        }
        assert!(rule["helpUri"].as_str().unwrap().ends_with(".md"));
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level));
    }

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for result in results {
        let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert_eq!(result["locations"].as_array().unwrap().len(), 1);
        let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        let uri = artifact["uri"].as_str().unwrap();
        assert!(
            uri.starts_with("examples/broken/") && !uri.contains(':'),
            "{uri}"
        );
        assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
        let print = result["partialFingerprints"]["replLint/v1"]
            .as_str()
            .unwrap();
        assert_eq!(print.len(), 16);
        for (i, related) in result["relatedLocations"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            assert_eq!(related["id"], i + 1);
            assert!(!related["message"]["text"].as_str().unwrap().is_empty());
        }
    }
    // RL303 spans three lines of the policy: columns and lines as in the JSON report.
    let rl303 = &results[2];
    assert_eq!(rl303["ruleId"], "RL303");
    assert_eq!(
        rl303["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 43, "startColumn": 11, "endLine": 45, "endColumn": 39})
    );
}

/// Rule IDs from `repl-lint rules --format json`.
fn run_rules() -> (i32, Vec<String>) {
    let (code, text) = run(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["rules", "--format", "json"],
    );
    let rules: Vec<Value> = serde_json::from_str(&text).unwrap();
    (
        code,
        rules
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect(),
    )
}

#[test]
fn sarif_snapshot() {
    let mut log = sarif(Path::new(env!("CARGO_MANIFEST_DIR")), &["examples/broken"]);
    // Machine-dependent, or listed in full by the test above: kept out of the snapshot so that
    // it changes only when the results do.
    let run = &mut log["runs"][0];
    run["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///[cwd]/".into();
    run["tool"]["driver"]["rules"] = "[every rule, checked above]".into();
    for result in run["results"].as_array_mut().unwrap() {
        result["ruleIndex"] = "[checked above]".into();
    }
    insta::assert_json_snapshot!("broken_sarif", log);
}

#[test]
fn sarif_fingerprints_survive_moved_lines() {
    let dir = tempfile::tempdir().unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken");
    for entry in std::fs::read_dir(&example).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let prints = |dir: &Path| -> Vec<(String, String, u64)> {
        let log = sarif(dir, &["."]);
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["partialFingerprints"]["replLint/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect()
    };
    let before = prints(dir.path());
    // Unrelated lines above every finding in iam.tf.
    let iam = dir.path().join("iam.tf");
    let text = std::fs::read_to_string(&iam).unwrap();
    std::fs::write(&iam, format!("# a\n\n# b\n{text}")).unwrap();
    let after = prints(dir.path());
    assert_eq!(before.len(), 5);
    assert_eq!(after.len(), before.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!((&b.0, &b.1), (&a.0, &a.1));
    }
    let moved: Vec<bool> = before
        .iter()
        .zip(&after)
        .map(|(b, a)| a.2 == b.2 + 3)
        .collect();
    assert_eq!(moved, [false, true, true, true, false]);
}

#[test]
fn github_snapshot() {
    let (code, text) = broken("github");
    assert_eq!(code, 1);
    assert!(
        text.lines()
            .all(|l| l.starts_with("::error file=examples/broken/"))
    );
    insta::assert_snapshot!("broken_github", text);
}

#[test]
fn rdjson_snapshot() {
    let (code, text) = broken("rdjson");
    assert_eq!(code, 1);
    let value: Value = serde_json::from_str(&text).unwrap();
    insta::assert_json_snapshot!("broken_rdjson", value);
}

#[test]
fn output_option_writes_sarif_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.sarif");
    let (code, stdout) = run(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "examples/broken",
            "--format",
            "sarif",
            "--fail-on",
            "never",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!((code, stdout.as_str()), (0, ""));
    let log: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 5);
}

/// Two source buckets' worth of findings in one directory: `tests/fixtures/mixed/main.tf`
/// replicates bucket `a` into `b` with replica modification sync one way only (an RL602
/// warning) through a role outside the files (RL003 notes).
const MIXED: &str = include_str!("fixtures/mixed/main.tf");

/// Asserts that the first occurrences of `keys` in `text` come in this order.
fn assert_in_order(text: &str, keys: &[&str]) {
    let positions: Vec<usize> = keys
        .iter()
        .map(|k| text.find(k).unwrap_or_else(|| panic!("{k} missing")))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{keys:?} in {positions:?}"
    );
}

#[test]
fn json_report_fields_order_and_sorting() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("infra/a")).unwrap();
    std::fs::write(dir.path().join("infra/b.tf"), MIXED).unwrap();
    std::fs::write(dir.path().join("infra/a/main.tf"), MIXED).unwrap();
    let (code, stdout) = run(
        dir.path(),
        &["infra", "--format", "json", "--fail-on", "never"],
    );
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    // Keys in the contract's order (serde_json sorts its maps, so read the text).
    assert_in_order(
        &stdout,
        &["\"version\"", "\"tool\"", "\"diagnostics\"", "\"summary\""],
    );
    let first = &stdout[stdout.find("\"diagnostics\"").unwrap()..];
    assert_in_order(
        first,
        &[
            "\"rule\"",
            "\"name\"",
            "\"severity\"",
            "\"message\"",
            "\"file\"",
            "\"range\"",
            "\"resource\"",
            "\"related\"",
            "\"help\"",
            "\"url\"",
        ],
    );
    assert_in_order(
        &stdout,
        &[
            "\"files_linted\"",
            "\"files_skipped\"",
            "\"parse_errors\"",
            "\"errors\"",
            "\"warnings\"",
            "\"infos\"",
        ],
    );
    assert_eq!(report["version"], 1);
    assert_eq!(report["tool"]["name"], "repl-lint");
    assert!(report["tool"]["version"].is_string());
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert!(diagnostics.len() >= 4);
    for d in diagnostics {
        assert_eq!(d.as_object().unwrap().len(), 10, "{d}");
        let file = d["file"].as_str().unwrap();
        assert!(file.starts_with("infra/"), "relative with `/`: {file}");
        assert!(d["range"]["start"]["line"].as_u64().unwrap() >= 1);
        assert!(d["range"]["start"]["column"].as_u64().unwrap() >= 1);
        assert!(d["range"]["end"]["line"].is_u64());
        assert!(
            d["url"]
                .as_str()
                .unwrap()
                .contains(d["rule"].as_str().unwrap())
        );
    }
    // Sorted by file, line, column, rule.
    let key = |d: &Value| {
        (
            d["file"].as_str().unwrap().to_string(),
            d["range"]["start"]["line"].as_u64().unwrap(),
            d["range"]["start"]["column"].as_u64().unwrap(),
            d["rule"].as_str().unwrap().to_string(),
        )
    };
    let keys: Vec<_> = diagnostics.iter().map(key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(keys[0].0, "infra/a/main.tf");
    // Counts agree with the diagnostics.
    let count = |s: &str| diagnostics.iter().filter(|d| d["severity"] == s).count();
    assert_eq!(report["summary"]["errors"], count("error"));
    assert_eq!(report["summary"]["warnings"], count("warning"));
    assert_eq!(report["summary"]["infos"], count("info"));
    // The RL602 warning names its configuration as `resource`.
    let rl602 = diagnostics.iter().find(|d| d["rule"] == "RL602").unwrap();
    assert_eq!(
        rl602["resource"],
        "aws_s3_bucket_replication_configuration.a"
    );
    assert_eq!(rl602["name"], "replica-modifications-pair");
}

#[test]
fn sarif_uris_and_fingerprints_are_relative_to_the_repository_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    let infra = root.join("infra");
    std::fs::create_dir(&infra).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken");
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, infra.join(path.file_name().unwrap())).unwrap();
    }
    let located = |log: &Value| -> Vec<(String, String, String)> {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let artifact = &r["locations"][0]["physicalLocation"]["artifactLocation"];
                (
                    artifact["uri"].as_str().unwrap().to_string(),
                    artifact["uriBaseId"].as_str().unwrap().to_string(),
                    r["partialFingerprints"]["replLint/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect()
    };
    let from_root = sarif(root, &["infra"]);
    let from_infra = sarif(&infra, &["."]);
    assert!(!located(&from_root).is_empty());
    assert!(
        located(&from_root)
            .iter()
            .all(|(uri, base, _)| uri.starts_with("infra/") && base == "%SRCROOT%")
    );
    assert_eq!(located(&from_root), located(&from_infra));
    let base = |log: &Value| log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].clone();
    assert_eq!(base(&from_root), base(&from_infra));
}
