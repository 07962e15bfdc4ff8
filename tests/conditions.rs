//! End to end: CloudFormation templates generated with many conditions lint in bounded work
//! (each condition evaluated once, a bounded number of scenarios) with the right findings.
//! `bench/conditions.py` measures how the time grows; these tests only have to finish.

/// Every diagnostic of a run over one template as `RULE line message`.
fn lint(template: &str) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("template.yaml"), template).unwrap();
    let options = repl_lint::Options {
        paths: vec![tmp.path().to_path_buf()],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    assert_eq!(outcome.summary.parse_errors, 0);
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let (start, _) = outcome.db.range(d.primary);
            format!("{} {} {}", d.rule, start.line, d.message)
        })
        .collect()
}

/// A source bucket that replicates to the replica's name (an RL102 error) and exists only
/// under `condition`.
fn source_under(condition: &str) -> String {
    format!(
        "  Replica:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
  Source:
    Type: AWS::S3::Bucket
    Condition: {condition}
    Properties:
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:
        Role: !Sub arn:aws:iam::${{AWS::AccountId}}:role/replication
        Rules:
          - Status: Enabled
            Prefix: ''
            Destination:
              Bucket: !Ref Replica
"
    )
}

#[test]
fn conditions_referenced_many_times_are_evaluated_once() {
    // 200 conditions, each `Fn::Or` / `Fn::And` of eight references to the one before: as
    // trees, 8^199 evaluations.
    for function in ["Or", "And"] {
        let mut text =
            "Parameters:\n  Env:\n    Type: String\n    Default: dev\nConditions:\n".to_string();
        text.push_str("  C0: !Equals [!Ref Env, prod]\n");
        for i in 1..200 {
            let refs = vec![format!("!Condition C{}", i - 1); 8].join(", ");
            text.push_str(&format!("  C{i}: !{function} [{refs}]\n"));
        }
        text.push_str("Resources:\n");
        text.push_str(&source_under("C199"));
        let found = lint(&text);
        let rl102: Vec<&String> = found.iter().filter(|d| d.starts_with("RL102")).collect();
        assert_eq!(rl102.len(), 1, "{found:#?}");
        assert!(
            rl102[0].ends_with("(only when condition `C199` is true)"),
            "{}",
            rl102[0]
        );
        assert!(
            !found.iter().any(|d| d.contains("not explored")),
            "{found:#?}"
        );
    }
}

#[test]
fn many_independent_conditions_are_bounded_and_noted_once() {
    // 300 conditions on 300 parameters: the first decides whether the source exists, each
    // other one a tag of the replica. 2^300 combinations: a few are explored, the rest stay
    // undecided with one note, and the source is still linted.
    let count = 300;
    let mut text = "Parameters:\n".to_string();
    for i in 0..count {
        text.push_str(&format!("  P{i}:\n    Type: String\n    Default: ''\n"));
    }
    text.push_str("Conditions:\n");
    for i in 0..count {
        text.push_str(&format!("  C{i}: !Not [!Equals [!Ref P{i}, '']]\n"));
    }
    text.push_str("Resources:\n");
    let tags: String = (1..count)
        .map(|i| format!("        - !If [C{i}, {{Key: t{i}, Value: v}}, !Ref AWS::NoValue]\n"))
        .collect();
    let replica_tags = format!("      Tags:\n{tags}      VersioningConfiguration:");
    text.push_str(&source_under("C0").replacen("      VersioningConfiguration:", &replica_tags, 1));
    let found = lint(&text);
    let notes: Vec<&String> = found
        .iter()
        .filter(|d| d.contains("were not explored"))
        .collect();
    assert_eq!(notes.len(), 1, "{found:#?}");
    assert!(notes[0].starts_with("RL003 "), "{}", notes[0]);
    let rl102: Vec<&String> = found.iter().filter(|d| d.starts_with("RL102")).collect();
    assert_eq!(rl102.len(), 1, "{found:#?}");
    assert!(
        rl102[0].ends_with("(only when condition `C0` is true)"),
        "{}",
        rl102[0]
    );
}
