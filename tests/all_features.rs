//! A correct configuration that uses every feature at once — cross-account and cross-region,
//! SSE-KMS on both sides, RTC with metrics, owner override, Object Lock, two-way replication with
//! replica modification sync — lints without any error or warning, in Terraform and in
//! CloudFormation. Infos (what the files cannot prove) are allowed.

use repl_lint::diagnostic::Severity;
use std::path::Path;

fn fixture(dir: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/all-features")
        .join(dir)
}

/// `RLxxx file:line:col message` of every error and warning for `path`, with every rule on.
fn errors_and_warnings(path: &Path) -> Vec<String> {
    let options = repl_lint::Options {
        paths: vec![path.to_path_buf()],
        select: repl_lint::rules::RULES
            .iter()
            .map(|r| r.meta.id.to_string())
            .collect(),
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    assert!(outcome.summary.files_linted > 0);
    assert_eq!(outcome.summary.parse_errors, 0);
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .map(|d| {
            let (start, _) = outcome.db.range(d.primary);
            format!(
                "{} {}:{}:{} {}",
                d.rule,
                outcome.db.file(d.primary.file).display,
                start.line,
                start.column,
                d.message
            )
        })
        .collect()
}

#[test]
fn every_feature_at_once_in_terraform_is_clean() {
    assert_eq!(
        errors_and_warnings(&fixture("terraform")),
        Vec::<String>::new()
    );
}

#[test]
fn every_feature_at_once_in_cloudformation_is_clean() {
    assert_eq!(
        errors_and_warnings(&fixture("cloudformation")),
        Vec::<String>::new()
    );
}

/// The fixtures are really linked: dropping one grant from a copy is found.
#[test]
fn one_missing_grant_in_the_fixtures_is_found() {
    for (dir, file) in [
        ("terraform", "iam.tf"),
        ("cloudformation", "cross-account.yaml"),
    ] {
        let copy = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(fixture(dir)).unwrap() {
            let path = entry.unwrap().path();
            let mut text = std::fs::read_to_string(&path).unwrap();
            if path.ends_with(file) {
                let before = text.len();
                text = text.replacen("s3:ReplicateObject", "s3:ReplicateObjectTypo", 1);
                assert_ne!(text.len(), before);
            }
            std::fs::write(copy.path().join(path.file_name().unwrap()), text).unwrap();
        }
        let found = errors_and_warnings(copy.path());
        assert!(
            found.iter().any(|f| f.starts_with("RL305 ")),
            "{dir}: {found:?}"
        );
    }
}
