//! TEMPORARY (issue 11): records every lint call of a test as a fixture directory for
//! `tests/cases.rs`. With `RECORD_CASES=DIR` set, each call writes
//! `DIR/cases/<test file>/<test fn>[_2, _3 …]/` (the exact input files, and an `args` file with
//! the `Options` as command-line arguments) and `DIR/side/<test file>/<case>.json` (what the
//! library returned, for the fidelity check). Identical calls within one test record once.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Per test: the keys of the calls recorded so far (their order gives the `_N` suffix).
static SEEN: Mutex<Option<HashMap<String, Vec<String>>>> = Mutex::new(None);

fn base() -> Option<PathBuf> {
    std::env::var_os("RECORD_CASES").map(PathBuf::from)
}

fn test_name() -> String {
    let thread = std::thread::current();
    let name = thread.name().expect("a test thread has the test's name");
    assert!(
        name != "main",
        "run the tests without --test-threads=1: the thread name is the test name"
    );
    name.replace("::", "__")
}

/// Every file below `root` (relative path with `/`, bytes), sorted.
fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// `path` relative to `root` (`.` for the root itself); panics when it lies outside.
fn relative(root: &Path, path: &Path) -> String {
    let root = root.canonicalize().unwrap();
    let path = path.canonicalize().unwrap();
    let rel = path
        .strip_prefix(&root)
        .unwrap_or_else(|_| panic!("{} is outside the test's directory", path.display()));
    let rel = rel.to_string_lossy().replace('\\', "/");
    if rel.is_empty() { ".".to_string() } else { rel }
}

/// The case directory name for this call, or `None` when the same call was recorded already.
fn claim(key: String) -> Option<(String, usize)> {
    let test = test_name();
    let mut seen = SEEN.lock().unwrap();
    let calls = seen
        .get_or_insert_with(HashMap::new)
        .entry(test.clone())
        .or_default();
    if calls.contains(&key) {
        return None;
    }
    calls.push(key);
    let n = calls.len();
    Some((if n == 1 { test } else { format!("{test}_{n}") }, n))
}

fn write_case(
    stem: &str,
    case: &str,
    inputs: &[(String, Vec<u8>)],
    args: &str,
    side: &serde_json::Value,
) {
    let base = base().unwrap();
    let dir = base.join("cases").join(stem).join(case);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    for (name, bytes) in inputs {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    assert!(
        !inputs
            .iter()
            .any(|(n, _)| n == "args" || n == "expected.snap"),
        "a test wrote a file the harness owns"
    );
    std::fs::write(dir.join("args"), format!("{args}\n")).unwrap();
    let side_dir = base.join("side").join(stem);
    std::fs::create_dir_all(&side_dir).unwrap();
    std::fs::write(
        side_dir.join(format!("{case}.json")),
        serde_json::to_string_pretty(side).unwrap(),
    )
    .unwrap();
}

/// Records one `repl_lint::lint` call whose files the test wrote below `root`.
pub fn lint(root: &Path, options: &repl_lint::Options, outcome: &repl_lint::Outcome) {
    if base().is_none() {
        return;
    }
    let mut args: Vec<String> = options.paths.iter().map(|p| relative(root, p)).collect();
    if !options.select.is_empty() {
        args.push(format!("--select {}", options.select.join(",")));
    }
    if !options.ignore.is_empty() {
        args.push(format!("--ignore {}", options.ignore.join(",")));
    }
    for plan in &options.plans {
        args.push(format!("--plan {}", relative(root, plan)));
    }
    for var_file in &options.var_files {
        args.push(format!("--var-file {}", relative(root, var_file)));
    }
    if options.explain_gaps {
        args.push("--explain-gaps".to_string());
    }
    if options.report_unused_suppressions {
        args.push("--report-unused-suppressions".to_string());
    }
    let mut inputs = files(root);
    if !options.severity.is_empty() {
        let mut toml = String::from("[severity]\n");
        for (rule, severity) in &options.severity {
            toml.push_str(&format!("{rule} = \"{}\"\n", severity.as_str()));
        }
        assert!(
            !inputs.iter().any(|(n, _)| n == ".repl-lint.toml"),
            "severity overrides and a configuration file of the test's own"
        );
        inputs.push((".repl-lint.toml".to_string(), toml.into_bytes()));
    }
    assert!(
        options.exclude.is_none(),
        "exclude cannot be recorded: write its patterns into the case's .repl-lint.toml"
    );
    assert!(
        options.overlay.paths().next().is_none(),
        "an overlay cannot be recorded"
    );
    let args = args.join(" ");
    let key = format!("{inputs:?}\n{args}");
    let Some((case, n)) = claim(key) else {
        return;
    };
    let croot = root.canonicalize().unwrap();
    let diagnostics: Vec<serde_json::Value> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let file = outcome.db.file(d.primary.file);
            let path = file.path.canonicalize().unwrap_or(file.path.clone());
            let name = path
                .strip_prefix(&croot)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_else(|_| format!("OUTSIDE:{}", file.display));
            let (start, _) = outcome.db.range(d.primary);
            serde_json::json!({
                "rule": d.rule,
                "severity": d.severity.as_str(),
                "file": name,
                "line": start.line,
                "column": start.column,
                "message": d.message,
            })
        })
        .collect();
    let side = serde_json::json!({
        "kind": "lint",
        "call": n,
        "args": args,
        "diagnostics": diagnostics,
    });
    write_case(env!("CARGO_CRATE_NAME"), &case, &inputs, &args, &side);
}

/// Records one run of the binary (`repl-lint ARGS` in `cwd`): the files of `cwd` and the
/// arguments without `--format json`. Runs with another format, or with absolute paths, are
/// listed in `DIR/unrecorded.txt` instead.
pub fn cli(cwd: &Path, args: &[&str], code: i32, stdout: &str, stderr: &str) {
    let Some(base) = base() else {
        return;
    };
    let mut kept: Vec<&str> = Vec::new();
    let mut json = false;
    let mut problem = None;
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--format" {
            if args.get(i + 1) == Some(&"json") {
                json = true;
            } else {
                problem = Some(format!("--format {:?}", args.get(i + 1)));
            }
            i += 2;
            continue;
        }
        if Path::new(args[i]).is_absolute() {
            problem = Some(format!("absolute path {}", args[i]));
        }
        kept.push(args[i]);
        i += 1;
    }
    let test = test_name();
    if let Some(problem) = problem {
        let line = format!(
            "{} {test}: {args:?} in {}: {problem}\n",
            env!("CARGO_CRATE_NAME"),
            cwd.display()
        );
        let mut log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(base.join("unrecorded.txt"))
            .unwrap();
        std::io::Write::write_all(&mut log, line.as_bytes()).unwrap();
        return;
    }
    let inputs = files(cwd);
    let args_line = kept.join(" ");
    let key = format!("{inputs:?}\n{args_line}");
    let Some((case, n)) = claim(key) else {
        return;
    };
    let report: serde_json::Value = if json {
        serde_json::from_str(stdout).unwrap_or(serde_json::Value::Null)
    } else {
        serde_json::Value::Null
    };
    let side = serde_json::json!({
        "kind": "cli",
        "call": n,
        "args": args_line,
        "json": json,
        "code": code,
        "stderr": stderr,
        "report": report,
    });
    write_case(env!("CARGO_CRATE_NAME"), &case, &inputs, &args_line, &side);
}
