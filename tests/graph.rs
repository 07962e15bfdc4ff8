//! `repl-lint graph`: the topology of the bundled broken example and of a chain / two-way
//! fixture, as Mermaid and dot snapshots, plus the extraction itself through the library.

use assert_cmd::Command;
use repl_lint::graph::{NodeKind, Topology};
use std::path::Path;

fn graph(args: &[&str]) -> String {
    let out = Command::cargo_bin("repl-lint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("graph")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn topology(path: &Path) -> Topology {
    let options = repl_lint::Options {
        paths: vec![path.to_path_buf()],
        ..repl_lint::Options::default()
    };
    let (outcome, models) = repl_lint::lint_with_models(&options).unwrap();
    Topology::build(&outcome.db, &models, &outcome.diagnostics)
}

/// Every edge of a Mermaid or dot text connects declared nodes.
fn assert_edges_use_declared_nodes(text: &str, arrow: &str) {
    let declared: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains(arrow))
        .filter_map(|l| l.trim().split(['[', '(', '{', ' ']).next())
        .map(|id| id.trim_matches('"'))
        .filter(|id| id.starts_with('n'))
        .collect();
    let edges: Vec<&str> = text.lines().filter(|l| l.contains(arrow)).collect();
    assert!(!edges.is_empty());
    for edge in edges {
        let from = edge.split_whitespace().next().unwrap().trim_matches('"');
        let to = edge
            .rsplit_once(if arrow == "->" { "-> " } else { "| " })
            .unwrap()
            .1
            .split([' ', ';'])
            .next()
            .unwrap()
            .trim_matches('"');
        assert!(declared.contains(&from) && declared.contains(&to), "{edge}");
    }
}

#[test]
fn broken_example_mermaid_snapshot() {
    let text = graph(&["examples/broken"]);
    assert!(text.starts_with("flowchart LR\n"));
    assert_edges_use_declared_nodes(&text, "-->|");
    insta::assert_snapshot!("broken_mermaid", text);
}

#[test]
fn broken_example_dot_snapshot() {
    let text = graph(&["examples/broken", "--format", "dot"]);
    assert!(text.starts_with("digraph replication {\n") && text.ends_with("}\n"));
    assert_edges_use_declared_nodes(&text, "->");
    insta::assert_snapshot!("broken_dot", text);
}

#[test]
fn chain_and_two_way_fixture_snapshots() {
    let mermaid = graph(&["tests/fixtures/graph"]);
    assert_edges_use_declared_nodes(&mermaid, "->|");
    insta::assert_snapshot!("fixture_mermaid", mermaid);
    let dot = graph(&["tests/fixtures/graph", "--format", "dot"]);
    assert_edges_use_declared_nodes(&dot, "->");
    insta::assert_snapshot!("fixture_dot", dot);
    // Sorted output: the same text on every run.
    assert_eq!(graph(&["tests/fixtures/graph"]), mermaid);
}

#[test]
fn fixture_topology_edges_and_findings() {
    let t = topology(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/graph"));
    let name = |i: usize| t.nodes[i].lines[0].as_str();
    let edges: Vec<(&str, &str, bool, Vec<&str>)> = t
        .edges
        .iter()
        .map(|e| (name(e.from), name(e.to), e.disabled, e.findings.clone()))
        .collect();
    assert_eq!(
        edges,
        [
            (
                "aws_s3_bucket.primary",
                "aws_s3_bucket.secondary",
                false,
                vec![]
            ),
            (
                "aws_s3_bucket.secondary",
                "aws_s3_bucket.archive",
                false,
                vec!["RL202", "RL603"]
            ),
            (
                "aws_s3_bucket.secondary",
                "outside the files",
                true,
                vec!["RL003"]
            ),
            ("aws_s3_bucket.east", "aws_s3_bucket.west", false, vec![]),
            ("aws_s3_bucket.west", "aws_s3_bucket.east", false, vec![]),
        ]
    );
    let archive = &t.edges[1];
    assert_eq!(
        archive.lines,
        [
            "rule logs \"old\" <2020>: prefix logs/",
            "role: aws_iam_role.replication",
            "replica KMS key: aws_kms_key.archive",
        ]
    );
    assert_eq!(t.edges[2].lines[0], "rule tagged: tag (disabled)");
    // The archive bucket's versioning is Suspended: the node is marked too.
    let marked: Vec<&str> = t
        .nodes
        .iter()
        .filter(|n| !n.findings.is_empty())
        .map(|n| n.lines[0].as_str())
        .collect();
    assert_eq!(marked, ["aws_s3_bucket.archive"]);
    let external = t.nodes.iter().find(|n| n.kind == NodeKind::External);
    assert_eq!(
        external.map(|n| n.lines.clone()),
        Some(vec![
            "outside the files".to_string(),
            "arn:aws:s3:::partner-bucket".to_string()
        ])
    );
}

#[test]
fn template_with_conditions_draws_each_configuration_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("stack.yaml"),
        r#"Parameters:
  Env:
    Type: String
    Default: prod
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Source:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:
        Role: arn:aws:iam::123456789012:role/replication
        Rules:
          - Id: all
            Status: !If [IsProd, Enabled, Disabled]
            Prefix: ""
            Destination:
              Bucket: !GetAtt Replica.Arn
  Replica:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
"#,
    )
    .unwrap();
    let t = topology(dir.path());
    let pairs: Vec<(&str, &str, bool)> = t
        .edges
        .iter()
        .map(|e| {
            (
                t.nodes[e.from].lines[0].as_str(),
                t.nodes[e.to].lines[0].as_str(),
                e.disabled,
            )
        })
        .collect();
    // One edge per distinct label: the rule as enabled (IsProd) and as disabled (not IsProd).
    assert_eq!(
        pairs,
        [("Source", "Replica", false), ("Source", "Replica", true)]
    );
    assert_eq!(t.nodes.len(), 2);
    // The role is outside the files (RL003, in the configuration inline in `Source`), and when
    // IsProd is false the only rule is Disabled (RL123, at its status): findings mark the edges
    // drawn from that rule, not the bucket that holds the configuration.
    assert!(t.nodes.iter().all(|n| n.findings.is_empty()));
    assert!(
        t.edges.iter().all(|e| e.findings == ["RL003", "RL123"]),
        "{t:?}"
    );
}

#[test]
fn graph_writes_to_output_and_rejects_missing_paths() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("graph.dot");
    let stdout = graph(&[
        "examples/broken",
        "--format",
        "dot",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(stdout, "");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        graph(&["examples/broken", "--format", "dot"])
    );
    Command::cargo_bin("repl-lint")
        .unwrap()
        .args(["graph", "no/such/dir"])
        .assert()
        .code(2);
}
