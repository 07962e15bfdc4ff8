//! Terraform's JSON syntax (`.tf.json`) gives the same findings as the same setup in native
//! syntax (`testdata/tf_json/`).

/// A file of the twin setup.
fn twin(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/testdata/tf_json/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn tf_json_end_to_end_matches_hcl() {
    let run = |name: &str, text: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        let outcome = repl_lint::lint(&repl_lint::Options {
            paths: vec![dir.path().to_path_buf()],
            ..repl_lint::Options::default()
        })
        .unwrap();
        assert_eq!(outcome.summary.parse_errors, 0);
        let mut found: Vec<(&'static str, Option<String>, String)> = outcome
            .diagnostics
            .iter()
            .map(|d| (d.rule, d.resource.clone(), d.message.clone()))
            .collect();
        found.sort();
        found
    };
    let hcl = run("main.tf", &twin("main.tf"));
    let json = run("main.tf.json", &twin("main.tf.json"));
    assert!(hcl.iter().any(|(rule, _, _)| *rule == "RL202"), "{hcl:?}");
    assert_eq!(hcl, json);
}
