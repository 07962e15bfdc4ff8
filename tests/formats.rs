//! One setup, four languages, one verdict: each directory of `testdata/formats/` writes the same
//! replication setup (with the defects of one rule family) in Terraform (`main.tf`),
//! CloudFormation YAML and JSON (`template.yaml`, `template.json`) and a Terraform plan
//! (`plan.json`). Every file is linted alone, and each must give exactly the family's expected
//! rule IDs: a rule that sees the linked model gives the same verdict whatever the language.
//!
//! Not compared: the RL0xx notes (what could not be verified depends on what a format states),
//! and the rules that exist in one language only, listed in [`ONE_LANGUAGE`].

use std::collections::BTreeMap;
use std::path::Path;

/// The four writings of a setup.
const FORMATS: [&str; 4] = ["main.tf", "template.yaml", "template.json", "plan.json"];

/// Rules about something only one language has, with the reason.
const ONE_LANGUAGE: [(&str, &str); 4] = [
    (
        "RL108",
        "CloudFormation only: Terraform sends priority 0 when it is omitted",
    ),
    (
        "RL117",
        "Terraform only: two resources (or one and an inline block) for one bucket",
    ),
    (
        "RL203",
        "Terraform only: the order in which Terraform creates resources (depends_on)",
    ),
    (
        "RL204",
        "CloudFormation only: the order in which a stack creates resources (DependsOn)",
    ),
];

/// Each setup and the rule IDs every writing of it must give.
const SETUPS: [(&str, &[&str]); 6] = [
    (
        "shape",
        &[
            "RL102", "RL107", "RL109", "RL112", "RL114", "RL118", "RL121", "RL122", "RL703",
        ],
    ),
    ("versioning", &["RL123", "RL201", "RL202"]),
    (
        "role",
        &[
            "RL301", "RL302", "RL304", "RL305", "RL306", "RL308", "RL314", "RL315", "RL402",
            "RL504",
        ],
    ),
    (
        "kms",
        &[
            "RL302", "RL303", "RL304", "RL305", "RL401", "RL402", "RL404", "RL408",
        ],
    ),
    ("cross_account", &["RL402", "RL404", "RL405", "RL507"]),
    ("object_lock", &["RL309", "RL601", "RL602"]),
];

/// The compared rule IDs of linting `file` alone, each with how many findings it gave.
fn verdict(file: &Path) -> BTreeMap<String, usize> {
    let options = repl_lint::Options {
        paths: vec![file.to_path_buf()],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    let mut counts = BTreeMap::new();
    for d in &outcome.diagnostics {
        if !d.rule.starts_with("RL0") && ONE_LANGUAGE.iter().all(|(one, _)| *one != d.rule) {
            *counts.entry(d.rule.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

#[test]
fn every_language_gives_the_same_verdict_on_the_same_setup() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/formats");
    let mut mismatches = Vec::new();
    for (setup, expected) in SETUPS {
        let verdicts: Vec<(&str, BTreeMap<String, usize>)> = FORMATS
            .iter()
            .map(|format| (*format, verdict(&root.join(setup).join(format))))
            .collect();
        for (format, found) in &verdicts {
            let ids: Vec<&str> = found.keys().map(String::as_str).collect();
            if ids != expected {
                mismatches.push(format!("{setup}/{format}: {ids:?}, expected {expected:?}"));
            }
            // The same number of findings of each rule, too.
            let (first, counts) = &verdicts[0];
            if found != counts {
                mismatches.push(format!(
                    "{setup}/{format}: {found:?}, but {first} gives {counts:?}"
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn every_setup_directory_is_compared() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/formats");
    let mut on_disk: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = SETUPS.iter().map(|(s, _)| s.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    for (setup, _) in SETUPS {
        for format in FORMATS {
            assert!(root.join(setup).join(format).is_file(), "{setup}/{format}");
        }
    }
}
