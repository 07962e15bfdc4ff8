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

/// Copies the files of `from` (one level) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// The example directory `name` of the repository (`broken`, `fixed`).
pub fn example(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// What one run of the binary gave: exit code, `RLxxx:severity file:line:col` of each finding
/// (from `--format json`, in report order), and standard error.
pub struct Cli {
    pub code: i32,
    pub findings: Vec<String>,
    pub stderr: String,
}

/// Runs `repl-lint ARGS --format json` in `cwd`.
pub fn cli(cwd: &Path, args: &[&str]) -> Cli {
    let out = assert_cmd::Command::cargo_bin("repl-lint")
        .unwrap()
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let findings = report["diagnostics"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|d| {
                    let start = &d["range"]["start"];
                    format!(
                        "{}:{} {}:{}:{}",
                        d["rule"].as_str().unwrap(),
                        d["severity"].as_str().unwrap(),
                        d["file"].as_str().unwrap(),
                        start["line"],
                        start["column"]
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Cli {
        code: out.status.code().unwrap(),
        findings,
        stderr,
    }
}
