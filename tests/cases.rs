//! The rule cases: every directory `tests/cases/<family>/<case>/` is one test that runs the real
//! binary in that directory and compares what it gave with the case's `expected.snap` (insta).
//! See `tests/cases/README.md` for how to add a case.
//!
//! A case holds its input files, optionally an `args` file (`#` lines describe the case, the
//! other lines' words are the command-line arguments; none means `.`) and optionally its own
//! `.repl-lint.toml`. The binary runs as `repl-lint ARGS --format json` with `NO_COLOR=1`; the
//! snapshot is the exit code, standard error when there is any, and the JSON report
//! pretty-printed in the order the binary wrote it, with `tool.version` redacted.
//!
//! A case asserts what it is about: outside `general/` (the output contract, whole reports), the
//! snapshot keeps only the diagnostics of the rules its family folder covers (`role/` → RL3xx)
//! and of the rules its `args` file names (a full ID such as `RL003` among the arguments, e.g.
//! `--select RL501,RL003`, or on a `# rules: RL003 RL201` line), the RL003 notes on checks of
//! those rules, plus the exit code and the summary. A fix to another family's rule then changes no snapshot here but the summary.

use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let arguments = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("cases");
    let cases = match discover(&root) {
        Ok(cases) => cases,
        Err(message) => {
            eprintln!("tests/cases: {message}");
            std::process::exit(101);
        }
    };
    let trials = cases
        .into_iter()
        .map(|(name, dir)| Trial::test(name, move || run_case(&dir)))
        .collect();
    libtest_mimic::run(&arguments, trials).exit();
}

/// Every `<family>/<case>` directory below `root`, sorted by name. Fails when a configuration
/// file outside the cases (in `root`, a family folder, or any directory above `root`) would be
/// found by the binary's upward search and change every result.
fn discover(root: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut cases = Vec::new();
    for family in subdirectories(root)? {
        for case in subdirectories(&family)? {
            let name = format!("{}/{}", file_name(&family), file_name(&case));
            cases.push((name, case));
        }
        check_no_config(&family)?;
    }
    for dir in root.ancestors() {
        check_no_config(dir)?;
    }
    // Without it the linter would count `args` and `expected.snap` as skipped files (and a
    // case's first recording would differ from its next run, before `expected.snap` existed).
    if !root.join(".ignore").is_file() {
        return Err(format!(
            "{} is missing: it keeps the harness files out of the linted inputs",
            root.join(".ignore").display()
        ));
    }
    cases.sort();
    Ok(cases)
}

fn subdirectories(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut out = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The cases must not depend on a configuration file outside them: the binary looks for
/// `.repl-lint.toml` from the linted path upwards.
fn check_no_config(dir: &Path) -> Result<(), String> {
    let config = dir.join(".repl-lint.toml");
    if config.exists() {
        return Err(format!(
            "{} would apply to every case below it (the binary searches upwards for it); \
             put a `.repl-lint.toml` in a case directory instead",
            config.display()
        ));
    }
    Ok(())
}

/// The arguments of a case: the words of its `args` file outside `#` comment lines, else `.`.
fn case_args(dir: &Path) -> Result<Vec<String>, String> {
    let path = dir.join("args");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut words: Vec<String> = text
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        words.push(".".to_string());
    }
    Ok(words)
}

/// Runs one case and compares it with its snapshot.
fn run_case(dir: &Path) -> Result<(), Failed> {
    let args = case_args(dir)?;
    let out = Command::new(env!("CARGO_BIN_EXE_repl-lint"))
        .args(&args)
        .args(["--format", "json"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .map_err(|e| format!("cannot run repl-lint: {e}"))?;
    let code = out
        .status
        .code()
        .map_or_else(|| "killed by a signal".to_string(), |c| c.to_string());
    let mut text = format!("exit: {code}\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !stderr.is_empty() {
        text.push_str("stderr:\n");
        text.push_str(&stderr);
        if !stderr.ends_with('\n') {
            text.push('\n');
        }
    }
    let family = dir
        .parent()
        .map(file_name)
        .ok_or_else(|| format!("{}: not inside a family folder", dir.display()))?;
    let shown = shown_rules(&family, &args, dir)?;
    text.push_str(&report(&out.stdout, shown.as_ref())?);

    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut description = format!("repl-lint {} --format json", args.join(" "));
    if let Some(shown) = &shown {
        description.push_str(&format!(" (diagnostics of {} only)", shown.describe()));
    }
    settings.set_description(description);
    // A mismatch makes insta panic; libtest-mimic catches the panic and reports it as this
    // trial's failure, and the other trials still run.
    settings.bind(|| insta::assert_snapshot!("expected", text));
    Ok(())
}

/// The rules whose diagnostics a case's snapshot shows: `None` (all) in `general/`, else the
/// family's hundreds plus every full rule ID its `args` file names.
fn shown_rules(family: &str, args: &[String], dir: &Path) -> Result<Option<ShownRules>, String> {
    let hundreds = match family {
        "general" => return Ok(None),
        "shape" => "RL1",
        "versioning" => "RL2",
        "role" => "RL3",
        "kms" => "RL4",
        "cross_account" => "RL5",
        "object_lock" => "RL6",
        "gaps" => "RL7",
        other => {
            return Err(format!(
                "unknown case family `{other}`: add it to shown_rules"
            ));
        }
    };
    let text = std::fs::read_to_string(dir.join("args")).unwrap_or_default();
    let listed = text
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("# rules:"))
        .flat_map(str::split_whitespace)
        .map(str::to_string);
    let mut named: Vec<String> = args
        .iter()
        .flat_map(|arg| arg.split(','))
        .map(str::to_string)
        .chain(listed)
        .filter(|word| is_rule_id(word) && !word.starts_with(hundreds))
        .collect();
    named.sort();
    named.dedup();
    Ok(Some(ShownRules { hundreds, named }))
}

/// A full rule ID: `RL` and three digits.
fn is_rule_id(word: &str) -> bool {
    word.len() == 5 && word.starts_with("RL") && word[2..].bytes().all(|b| b.is_ascii_digit())
}

/// The rules a snapshot shows outside `general/`.
struct ShownRules {
    /// The family's IDs start with this (`RL3`).
    hundreds: &'static str,
    /// Other rules the case names.
    named: Vec<String>,
}

impl ShownRules {
    fn shows(&self, rule: &str) -> bool {
        rule.starts_with(self.hundreds) || self.named.iter().any(|n| n == rule)
    }

    fn describe(&self) -> String {
        let mut parts = vec![format!("{}xx", self.hundreds)];
        parts.extend(self.named.iter().cloned());
        parts.join(", ")
    }
}

/// The pretty-printed report without the diagnostics of rules the case does not show. The
/// binary writes each diagnostic as an object opened by a line of exactly four spaces and `{`
/// and closed by four spaces and `}`; its `"rule"` is on the object's first line.
fn keep_shown(text: &str, shown: &ShownRules) -> String {
    let mut kept: Vec<Vec<&str>> = Vec::new();
    let mut out: Vec<&str> = Vec::new();
    let mut current: Option<(Vec<&str>, bool)> = None;
    let mut inside = false;
    for line in text.lines() {
        if !inside {
            out.push(line);
            if line == "  \"diagnostics\": [" {
                inside = true;
            }
            continue;
        }
        if line == "    {" {
            current = Some((vec![line], false));
        } else if let Some((lines, show)) = current.as_mut() {
            let field = line.trim();
            if let Some(rule) = field.strip_prefix("\"rule\": \"") {
                *show = shown.shows(rule.trim_end_matches(['"', ',']));
            } else if let Some(message) = field.strip_prefix("\"message\": \"") {
                // An RL003 note names the check it could not run first: `RL301 (role-trust) ...`.
                *show |=
                    lines[1].contains("\"RL003\"") && shown.shows(message.get(..5).unwrap_or(""));
            }
            lines.push(line);
            if line == "    }" || line == "    }," {
                let (lines, show) = current.take().unwrap_or_default();
                if show {
                    kept.push(lines);
                }
            }
        } else {
            // The end of the array (`  ]` or `  ],`) and what follows.
            let n = kept.len();
            for (i, mut lines) in kept.drain(..).enumerate() {
                let last = if i + 1 == n { "    }" } else { "    }," };
                lines.pop();
                out.extend(lines);
                out.push(last);
            }
            if n == 0 && out.last() == Some(&"  \"diagnostics\": [") {
                out.pop();
                out.push(if line.ends_with(',') {
                    "  \"diagnostics\": [],"
                } else {
                    "  \"diagnostics\": []"
                });
            } else {
                out.push(line);
            }
            inside = false;
        }
    }
    let mut joined = out.join("\n");
    joined.push('\n');
    joined
}

/// Standard output as the snapshot shows it: the JSON report exactly as the binary wrote it
/// (pretty-printed, its own key order) with `tool.version` as `"[version]"` and only the shown
/// rules' diagnostics; anything that is not JSON after `stdout:`.
fn report(stdout: &[u8], shown: Option<&ShownRules>) -> Result<String, String> {
    if stdout.is_empty() {
        return Ok(String::new());
    }
    let text = String::from_utf8_lossy(stdout);
    if serde_json::from_str::<serde_json::Value>(&text).is_err() {
        return Ok(format!("stdout:\n{text}"));
    }
    // The only string-valued `version` key is the tool's (the report's own `version` is a
    // number, and quotes inside strings are escaped).
    let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    let mut out = text.replacen(&version, "\"version\": \"[version]\"", 1);
    if let Some(shown) = shown {
        out = keep_shown(&out, shown);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}
