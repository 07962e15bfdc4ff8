//! A run with a cache checks the model component by component (the language server's runs);
//! a run without one checks the whole model at once. On every rule case, every test input and
//! the examples, both give exactly the same findings — the first cached run (every component
//! checked) and the next (every component reused) alike.

use clap::Parser;
use repl_lint::args::{Cli, load_config, options};
use repl_lint::pipeline::Cache;
use repl_lint::{Options, lint};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The options of a rule case's `args` (paths made absolute from the case directory); `None`
/// for a case that runs a subcommand, reads standard input or has arguments the command line
/// refuses (those cases test the refusal).
fn case_options(dir: &Path) -> Option<Options> {
    let args = std::fs::read_to_string(dir.join("args")).unwrap_or_default();
    let words: Vec<&str> = args
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect();
    if words.iter().any(|w| *w == "-" || w.starts_with("--stdin")) {
        return None;
    }
    let mut cli = Cli::try_parse_from(std::iter::once("repl-lint").chain(words)).ok()?;
    if cli.command.is_some() {
        return None;
    }
    for path in cli
        .paths
        .iter_mut()
        .chain(&mut cli.plans)
        .chain(&mut cli.var_files)
    {
        *path = dir.join(&*path);
    }
    let config = load_config(&cli).ok()?;
    Some(options(&mut cli, config))
}

/// Every finding in full (rule, severity, spans, message, related locations, fix).
fn findings(options: &Options) -> String {
    match lint(options) {
        Ok(outcome) => format!("{:#?}", outcome.diagnostics),
        Err(message) => format!("error: {message}"),
    }
}

fn same_with_components(dir: &Path) -> Result<(), String> {
    let Some(options) = case_options(dir) else {
        return Ok(());
    };
    let whole = findings(&options);
    let cached = Options {
        cache: Some(Arc::new(Cache::default())),
        ..options
    };
    for run in ["first", "second"] {
        let by_component = findings(&cached);
        if by_component != whole {
            return Err(format!(
                "{}: the {run} run by components differs:\n--- whole\n{whole}\n--- by components\n{by_component}",
                dir.display()
            ));
        }
    }
    Ok(())
}

fn directories(parent: &Path, depth: usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(parent).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if depth == 0 {
                out.push(path);
            } else {
                out.extend(directories(&path, depth - 1));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_input_gives_the_same_findings_by_components() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = directories(&root.join("tests/cases"), 1);
    dirs.extend(directories(&root.join("testdata"), 0));
    dirs.extend(directories(&root.join("examples"), 0));
    assert!(dirs.len() > 1000, "only {} inputs found", dirs.len());
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|dir| same_with_components(dir).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} inputs differ:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}
