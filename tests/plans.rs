//! Terraform plan JSON end to end: findings located inside the plan file, values known only after
//! apply resolved through the plan's configuration references, and the same defect reported with
//! the same rule whether the source or the plan is linted.

use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/plan")
        .join(name)
}

/// `RLxxx line:col resource` for each diagnostic of linting `path`.
fn lint(path: &Path) -> Vec<String> {
    let options = repl_lint::Options {
        paths: vec![path.to_path_buf()],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let (start, _) = outcome.db.range(d.primary);
            format!(
                "{} {}:{} {}",
                d.rule,
                start.line,
                start.column,
                d.resource.clone().unwrap_or_default()
            )
        })
        .collect()
}

/// 1-based column of the first occurrence of `needle` in a one-line text.
fn column(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].chars().count() + 1
}

#[test]
fn a_plan_is_linted_inside_the_plan_file() {
    let plan = fixture("replication.plan.json");
    let text = std::fs::read_to_string(&plan).unwrap();
    // The Suspended versioning status of the replica, located at its entry in planned_values.
    let status = column(&text, r#""status": "Suspended""#);
    assert_eq!(
        lint(&plan),
        vec![format!(
            "RL202 1:{status} aws_s3_bucket_replication_configuration.this"
        )]
    );
}

#[test]
fn the_same_defect_gets_the_same_rule_in_source_and_plan() {
    let rules = |findings: Vec<String>| {
        findings
            .iter()
            .map(|f| f[..5].to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(rules(lint(&fixture("source"))), vec!["RL202"]);
    assert_eq!(
        rules(lint(&fixture("replication.plan.json"))),
        vec!["RL202"]
    );
}

#[test]
fn a_role_known_only_after_apply_is_followed_through_the_configuration() {
    // Without ReplicateObject in the role's policy (a JSON string in the plan), RL305 fires: the
    // role ARN is unknown in planned_values, so the role can only be found through
    // configuration.expressions.role.references.
    let text = std::fs::read_to_string(fixture("replication.plan.json")).unwrap();
    let broken = text.replace(r#"\"s3:ReplicateObject\", "#, "");
    assert_ne!(broken, text);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, &broken).unwrap();
    let found = lint(&plan);
    let policy = column(&broken, r#""policy": "{"#) + r#""policy": "#.len();
    assert!(
        found.contains(&format!(
            "RL305 1:{policy} aws_s3_bucket_replication_configuration.this"
        )),
        "{found:?}"
    );
    assert!(!found.iter().any(|f| f.starts_with("RL003")), "{found:?}");
}

#[test]
fn a_broken_plan_is_one_located_parse_error() {
    let text = std::fs::read_to_string(fixture("replication.plan.json")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, &text[..text.len() / 2]).unwrap();
    let found = lint(&plan);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("RL001 1:"), "{found:?}");
}
