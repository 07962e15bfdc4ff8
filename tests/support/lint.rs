//! Lints files written into a temporary directory and lists the findings as
//! `RLxxx file:line:col`, for the configuration, suppression and baseline tests.
//! Include with `#[path = "support/lint.rs"] mod lint;`.
#![allow(dead_code)]

use std::path::Path;

/// Writes `files` (name, text) under `dir`, creating directories.
pub fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Lints `dir` with `options` (its paths replaced by `dir`) and returns the sorted findings as
/// `RLxxx file:line:col`, the file relative to `dir`.
pub fn findings(dir: &Path, options: repl_lint::Options) -> Vec<String> {
    let options = repl_lint::Options {
        paths: vec![dir.to_path_buf()],
        ..options
    };
    let outcome = repl_lint::lint(&options).unwrap();
    let root = dir.canonicalize().unwrap();
    let mut out: Vec<String> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let file = outcome.db.file(d.primary.file);
            let path = file.path.canonicalize().unwrap();
            let name = path.strip_prefix(&root).unwrap().to_string_lossy();
            let (start, _) = outcome.db.range(d.primary);
            format!("{} {name}:{}:{}", d.rule, start.line, start.column)
        })
        .collect();
    out.sort();
    out
}

/// The 1-based `line:col` of the first occurrence of `needle` in `text` (ASCII text).
pub fn at(text: &str, needle: &str) -> String {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in the text"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = offset - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("{line}:{column}")
}

/// `text` with `insert` added as whole lines before the first line that contains `anchor`.
pub fn insert_before(text: &str, anchor: &str, insert: &str) -> String {
    let offset = text
        .find(anchor)
        .unwrap_or_else(|| panic!("`{anchor}` not in the text"));
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    format!("{}{insert}\n{}", &text[..line_start], &text[line_start..])
}
