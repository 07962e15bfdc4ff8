//! Unit tests of `json.rs`.

use super::super::{Format, HumanOptions, fixtures, sort_diagnostics, write_report};
use super::*;

fn render(db: &SourceDb, diagnostics: &[Diagnostic], summary: &Summary) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    write_report(
        &mut out,
        Format::Json,
        db,
        diagnostics,
        summary,
        &HumanOptions::default(),
        &crate::fixes::ReportedFixes::default(),
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

fn sorted() -> (SourceDb, Vec<Diagnostic>) {
    let (db, mut diagnostics) = fixtures::build();
    sort_diagnostics(&db, &mut diagnostics);
    (db, diagnostics)
}

const SUMMARY: Summary = Summary {
    files_linted: 2,
    files_skipped: 1,
    parse_errors: 0,
};

#[test]
fn snapshot() {
    let (db, diagnostics) = sorted();
    insta::assert_snapshot!(render(&db, &diagnostics, &SUMMARY));
}

#[test]
fn snapshot_empty() {
    let (db, _) = sorted();
    insta::assert_snapshot!(render(&db, &[], &SUMMARY));
}

fn keys(v: &serde_json::Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn pos(v: &serde_json::Value) -> (u64, u64) {
    (v["line"].as_u64().unwrap(), v["column"].as_u64().unwrap())
}

#[test]
fn exact_shape_positions_and_key_order() {
    let (db, diagnostics) = sorted();
    let text = render(&db, &diagnostics, &SUMMARY);
    assert!(text.ends_with("}\n"));
    assert!(text.starts_with("{\n  \"version\": 1,\n  \"tool\": {\n    \"name\": \"repl-lint\""));
    // The parsed map may reorder keys, so key order is checked on the raw text.
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let order = ["\"version\"", "\"tool\"", "\"diagnostics\"", "\"summary\""];
    let at: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "top-level key order: {at:?}"
    );
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "repl-lint");
    assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));

    let ds = v["diagnostics"].as_array().unwrap();
    assert_eq!(ds.len(), 4);
    let rules: Vec<&str> = ds.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["RL301", "RL201", "RL105", "RL202"]);

    // End of a file without trailing newline: zero-width, line 3 column 2.
    assert_eq!(ds[0]["file"], "infra/buckets.tf");
    assert_eq!(pos(&ds[0]["range"]["start"]), (3, 2));
    assert_eq!(pos(&ds[0]["range"]["end"]), (3, 2));
    assert_eq!(ds[0]["severity"], "info");

    // `"src"` follows `é`, `→` and `ü`: 34 bytes but 29 characters into the line.
    assert_eq!(ds[1]["file"], "infra/main.tf");
    assert_eq!(pos(&ds[1]["range"]["start"]), (3, 30));
    assert_eq!(pos(&ds[1]["range"]["end"]), (3, 35));
    assert_eq!(ds[1]["help"], serde_json::Value::Null);
    assert_eq!(pos(&ds[1]["related"][0]["range"]["start"]), (2, 10));

    // Zero-width span.
    assert_eq!(pos(&ds[2]["range"]["start"]), (4, 8));
    assert_eq!(pos(&ds[2]["range"]["end"]), (4, 8));
    assert_eq!(ds[2]["resource"], serde_json::Value::Null);
    assert_eq!(ds[2]["severity"], "warning");
    assert_eq!(ds[2]["related"], serde_json::json!([]));

    let d = &ds[3];
    assert_eq!(d["rule"], "RL202");
    assert_eq!(d["name"], "destination-versioning");
    assert_eq!(d["severity"], "error");
    assert_eq!(
        d["resource"],
        "aws_s3_bucket_replication_configuration.main"
    );
    assert_eq!(
        d["url"],
        "https://github.com/repl-lint/repl-lint/blob/main/rules/RL202.md"
    );
    // No verified fix: no `fix` key (the key order below lists every key).
    assert_eq!(d.get("fix"), None);
    assert_eq!(pos(&d["range"]["start"]), (6, 16));
    assert_eq!(pos(&d["range"]["end"]), (6, 41));
    let related = d["related"].as_array().unwrap();
    assert_eq!(related[0]["file"], "infra/buckets.tf");
    assert_eq!(related[0]["message"], "destination bucket defined here");
    assert_eq!(pos(&related[0]["range"]["start"]), (1, 1));
    assert_eq!(pos(&related[0]["range"]["end"]), (3, 2));
    assert_eq!(related[1]["file"], "infra/main.tf");
    assert_eq!(pos(&related[1]["range"]["start"]), (3, 30));

    // Key order inside a diagnostic, a related location, a range and the summary.
    let expected = [
        "rule", "name", "severity", "message", "file", "range", "resource", "related", "help",
        "url",
    ];
    let block = &text[text.find("\"rule\": \"RL202\"").unwrap()..];
    let at: Vec<usize> = expected
        .iter()
        .map(|k| block.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "diagnostic key order: {at:?}"
    );
    let mut sorted_keys = keys(d);
    sorted_keys.sort_unstable();
    let mut expected_sorted = expected.to_vec();
    expected_sorted.sort_unstable();
    assert_eq!(sorted_keys, expected_sorted);

    let summary = &text[text.find("\"summary\"").unwrap()..];
    let sk = [
        "files_linted",
        "files_skipped",
        "parse_errors",
        "errors",
        "warnings",
        "infos",
    ];
    let at: Vec<usize> = sk
        .iter()
        .map(|k| summary.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "summary key order: {at:?}"
    );
    assert_eq!(
        v["summary"],
        serde_json::json!({"files_linted": 2, "files_skipped": 1, "parse_errors": 0,
                           "errors": 2, "warnings": 1, "infos": 1})
    );
    let range_text = &block[block.find("\"range\"").unwrap()..];
    assert!(range_text.find("\"start\"").unwrap() < range_text.find("\"end\"").unwrap());
    assert!(range_text.find("\"line\"").unwrap() < range_text.find("\"column\"").unwrap());
}
