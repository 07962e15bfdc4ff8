//! Runs the examples of every rule document (`rules/RLxxx.md`): the failing example must yield
//! exactly the diagnostics its `expected` block lists (rule, line, column), the passing example
//! none of that rule. Also checks that every rule has a document and every document a rule.

use repl_lint::rules::RULES;
use std::path::{Path, PathBuf};

/// One example: the file name it is written to (by its fence language) and its text.
struct Example {
    file: &'static str,
    text: String,
}

/// The examples of one rule document: each failing example with the diagnostics it must yield,
/// and the passing examples.
struct RuleDoc {
    id: String,
    bad: Vec<(Example, Vec<String>)>,
    good: Vec<Example>,
}

/// The file an example block is linted as: `hcl` → main.tf, `yaml` → template.yaml,
/// `json` → template.json.
fn example_file(info: &str) -> Option<&'static str> {
    match info {
        "hcl" => Some("main.tf"),
        "yaml" => Some("template.yaml"),
        "json" => Some("template.json"),
        _ => None,
    }
}

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

/// Fenced blocks of a section, as (info string, content).
fn blocks(section: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in section.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.trim().to_string(), String::new())),
            (Some(_), Some(_)) => out.extend(current.take()),
            (Some((_, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let Some(start) = text.find(heading) else {
        return "";
    };
    let rest = &text[start + heading.len()..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    &rest[..end]
}

/// Reads a document. `## Example` holds one or more examples (Terraform, CloudFormation), each
/// followed by an `expected` block of `RLxxx line:col` lines; `## Use instead` holds one or more
/// passing examples.
fn read_doc(path: &Path) -> RuleDoc {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let id = path.file_stem().unwrap().to_string_lossy().to_string();
    let mut bad: Vec<(Example, Vec<String>)> = Vec::new();
    for (info, body) in blocks(section(&text, "## Example")) {
        if let Some(file) = example_file(&info) {
            bad.push((Example { file, text: body }, Vec::new()));
        } else if info == "expected" {
            let (_, expected) = bad
                .last_mut()
                .unwrap_or_else(|| panic!("{id}: ```expected block before any example"));
            expected.extend(
                body.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(String::from),
            );
        }
    }
    let good: Vec<Example> = blocks(section(&text, "## Use instead"))
        .into_iter()
        .filter_map(|(info, body)| example_file(&info).map(|file| Example { file, text: body }))
        .collect();
    assert!(
        !bad.is_empty(),
        "{id}: no hcl, yaml or json block in the example"
    );
    assert!(
        !good.is_empty(),
        "{id}: no hcl, yaml or json block in the passing example"
    );
    for (example, expected) in &bad {
        assert!(
            !expected.is_empty(),
            "{id}: the {} example has no ```expected block",
            example.file
        );
    }
    RuleDoc { id, bad, good }
}

/// Lints one example and returns `RLxxx line:col` for rule `id`.
fn findings(id: &str, example: &Example) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(example.file), &example.text).unwrap();
    // The documented rule is selected explicitly, so rules that are off by default run too.
    let options = repl_lint::Options {
        paths: vec![dir.path().to_path_buf()],
        select: vec![id.to_string()],
        report_unused_suppressions: true,
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    let mut out: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.rule == id)
        .map(|d| {
            let (start, _) = outcome.db.range(d.primary);
            format!("{} {}:{}", d.rule, start.line, start.column)
        })
        .collect();
    out.sort();
    out
}

fn doc_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(docs_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn every_rule_has_a_document_and_every_document_a_rule() {
    let docs: Vec<String> = doc_paths()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    for rule in RULES {
        assert!(
            docs.iter().any(|d| d == rule.meta.id),
            "rule {} has no rules/{}.md",
            rule.meta.id,
            rule.meta.id
        );
        assert!(
            repl_lint::rules::docs::doc(rule.meta.id).is_some(),
            "rule {} is missing from the rule_docs! list of crates/rules/src/docs.rs",
            rule.meta.id
        );
    }
    for doc in &docs {
        assert!(
            RULES.iter().any(|r| r.meta.id == doc),
            "rules/{doc}.md names no known rule"
        );
    }
}

#[test]
fn rule_document_examples_produce_exactly_the_expected_diagnostics() {
    let mut failures = Vec::new();
    for path in doc_paths() {
        let doc = read_doc(&path);
        for (example, expected) in &doc.bad {
            let mut expected = expected.clone();
            expected.sort();
            let got = findings(&doc.id, example);
            if got != expected {
                failures.push(format!(
                    "{}: failing {} example: expected {expected:?}, got {got:?}",
                    doc.id, example.file
                ));
            }
        }
        for example in &doc.good {
            let got = findings(&doc.id, example);
            if !got.is_empty() {
                failures.push(format!(
                    "{}: passing {} example still reports {got:?}",
                    doc.id, example.file
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
