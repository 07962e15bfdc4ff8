//! Unit tests of `rdjson.rs`.

use super::super::{Format, HumanOptions, Summary, fixtures, sort_diagnostics, write_report};
use super::*;

fn render(diagnostics: &[Diagnostic], db: &SourceDb) -> serde_json::Value {
    let mut out = Vec::new();
    write_report(
        &mut out,
        Format::Rdjson,
        db,
        diagnostics,
        &Summary::default(),
        &HumanOptions::default(),
        &crate::fixes::ReportedFixes::default(),
    )
    .unwrap();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn columns_count_utf8_bytes_and_severity_is_the_highest() {
    let (db, mut diagnostics) = fixtures::build();
    sort_diagnostics(&db, &mut diagnostics);
    let v = render(&diagnostics, &db);
    assert_eq!(v["severity"], "ERROR");
    assert_eq!(v["source"]["name"], "repl-lint");
    let d = &v["diagnostics"][1];
    assert_eq!(d["code"]["value"], "RL201");
    assert_eq!(d["severity"], "ERROR");
    assert_eq!(d["location"]["path"], "infra/main.tf");
    // `"src"` follows `é`, `→` and `ü` (4 bytes more than characters): character column
    // 30, byte column 34.
    assert_eq!(
        d["location"]["range"],
        serde_json::json!({"start": {"line": 3, "column": 34}, "end": {"line": 3, "column": 39}})
    );
    assert_eq!(
        d["related_locations"][0]["message"],
        "role used for replication"
    );
    assert_eq!(v["diagnostics"][0]["severity"], "INFO");
    assert_eq!(v["diagnostics"][2]["severity"], "WARNING");
    // No related locations: the key is left out.
    assert!(v["diagnostics"][2].get("related_locations").is_none());
    assert_eq!(
        render(&[], &db)["severity"],
        serde_json::json!("UNKNOWN_SEVERITY")
    );
}
