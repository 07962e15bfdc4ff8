//! The hand-made plan builder (`support/plan.rs`): a valid set-up lints clean, and one
//! planted defect is found at its exact line and column inside the plan file.

#[path = "support/plan.rs"]
mod plan;

fn lint(text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    std::fs::write(&path, text).unwrap();
    let options = repl_lint::Options {
        paths: vec![path],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let (start, _) = outcome.db.range(d.primary);
            format!("{} {}:{}", d.rule, start.line, start.column)
        })
        .collect()
}

#[test]
fn the_valid_setup_lints_clean() {
    let text = plan::render(&plan::valid_setup());
    assert_eq!(lint(&text), Vec::<String>::new(), "{text}");
}

#[test]
fn a_planted_defect_is_located_in_the_plan() {
    let mut setup = plan::valid_setup();
    setup[3] = plan::resource(
        "aws_s3_bucket_versioning.replica",
        serde_json::json!({ "bucket": "orders-dst", "versioning_configuration": [{ "status": "Suspended" }] }),
    );
    let text = plan::render(&setup);
    let at = plan::locate(&text, "\"status\": \"Suspended\"", 0);
    assert_eq!(lint(&text), vec![format!("RL202 {at}")], "{text}");
}
