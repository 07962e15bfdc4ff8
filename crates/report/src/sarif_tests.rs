//! Unit tests of `sarif.rs`.

use super::super::{Format, HumanOptions, Summary, fixtures, sort_diagnostics, write_report};

#[test]
fn rules_carry_their_documentation_tags_and_precision() {
    let (db, diagnostics) = fixtures::build();
    let mut out = Vec::new();
    write_report(
        &mut out,
        Format::Sarif,
        &db,
        &diagnostics,
        &Summary::default(),
        &HumanOptions::default(),
        &crate::fixes::ReportedFixes::default(),
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let rl301 = rules.iter().find(|r| r["id"] == "RL301").unwrap();
    let markdown = rl301["help"]["markdown"].as_str().unwrap();
    assert!(markdown.starts_with("# RL301 role-trust"), "{markdown}");
    assert!(!markdown.contains("```expected"), "{markdown}");
    assert_eq!(
        rl301["properties"],
        serde_json::json!({"tags": ["replication-role", "reliability"], "precision": "high"})
    );
    let rl003 = rules.iter().find(|r| r["id"] == "RL003").unwrap();
    assert_eq!(rl003["properties"]["tags"][0], "input");
    assert_eq!(rl003["properties"]["precision"], "low");
}
use super::*;

#[test]
fn paths_become_uris() {
    assert_eq!(encode_path("infra/main.tf"), "infra/main.tf");
    assert_eq!(encode_path("a b/ü:%#.tf"), "a%20b/%C3%BC%3A%25%23.tf");
    assert_eq!(file_uri("/tmp/a b.tf"), "file:///tmp/a%20b.tf");
    assert_eq!(file_uri("C:/x/y.tf"), "file:///C:/x/y.tf");
}

#[test]
fn descriptions_are_cut_on_a_character_boundary() {
    let long = "é".repeat(600);
    let cut = truncate(long);
    assert!(cut.len() <= DESCRIPTION_LIMIT && cut.ends_with('…'));
    assert_eq!(truncate("short".into()), "short");
    assert_eq!(
        what_it_does("# X\n\n## What it does\nReports a\n  thing.\n\n## Why\nno").as_deref(),
        Some("Reports a thing.")
    );
}

#[test]
fn results_regions_related_locations_and_rules() {
    let (db, mut diagnostics) = fixtures::build();
    sort_diagnostics(&db, &mut diagnostics);
    let mut out = Vec::new();
    write_at(&mut out, &db, &diagnostics, Some("/repo".into())).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        v["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        "file:///repo/"
    );
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), RULES.len());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    for r in results {
        let index = usize::try_from(r["ruleIndex"].as_u64().unwrap()).unwrap();
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
    let r = &results[1];
    assert_eq!(r["ruleId"], "RL201");
    assert_eq!(r["level"], "error");
    let physical = &r["locations"][0]["physicalLocation"];
    assert_eq!(
        physical["artifactLocation"],
        serde_json::json!({"uri": "infra/main.tf", "uriBaseId": "%SRCROOT%"})
    );
    assert_eq!(
        physical["region"],
        serde_json::json!({"startLine": 3, "startColumn": 30, "endLine": 3, "endColumn": 35})
    );
    assert_eq!(r["relatedLocations"][0]["id"], 1);
    assert_eq!(
        r["relatedLocations"][0]["message"]["text"],
        "role used for replication"
    );
    assert_eq!(results[0]["level"], "note");
    assert_eq!(results[2]["level"], "warning");
    assert!(results[2].get("relatedLocations").is_none());
    // Related locations are linked from the message text, as GitHub wants them.
    assert_eq!(
        r["message"]["text"],
        "source bucket `src` does not have versioning enabled\n\nSee: [role used for replication](1)"
    );
    assert_eq!(
        results[0]["message"]["text"],
        "bucket ends without a lifecycle configuration\n\nHelp: add an aws_s3_bucket_lifecycle_configuration"
    );
    let print = r["partialFingerprints"]["replLint/v1"].as_str().unwrap();
    assert_eq!(print, fingerprint::fingerprints(&db, &diagnostics)[1]);
}
