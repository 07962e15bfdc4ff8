//! repl-lint: finds broken Amazon S3 replication in Terraform and CloudFormation before deployment.
//!
//! The pipeline: [`discover`] files → parse ([`syntax`]) → [`lower`] into the [`model`] →
//! [`link`] references → run [`rules`] → [`report`].

pub mod cli;
pub mod diagnostic;
pub mod discover;
pub mod iam;
pub mod link;
pub mod lower;
pub mod model;
pub mod report;
pub mod rules;
pub mod source;
pub mod syntax;

use diagnostic::Diagnostic;
use rayon::prelude::*;
use report::Summary;
use rules::RuleMeta;
use source::{FileId, SourceDb, SourceFile, display_path};
use std::path::{Path, PathBuf};

/// What to lint and which rules to run.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Files or directories.
    pub paths: Vec<PathBuf>,
    /// Extra Terraform variable files (highest precedence, in order).
    pub var_files: Vec<PathBuf>,
    /// Rule IDs, names or ID prefixes to run instead of the defaults.
    pub select: Vec<String>,
    /// Rule IDs, names or ID prefixes not to run.
    pub ignore: Vec<String>,
}

/// The result of a run.
#[derive(Debug)]
pub struct Outcome {
    /// Every file read.
    pub db: SourceDb,
    /// Diagnostics, sorted by file, line, column, rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Counts for the report.
    pub summary: Summary,
}

impl Outcome {
    /// True when there were lintable files and every one of them failed to parse.
    pub fn all_failed_to_parse(&self) -> bool {
        self.summary.files_linted > 0 && self.summary.parse_errors == self.summary.files_linted
    }
}

/// Lints the given paths. Errors are usage problems (a path that does not exist or cannot be read).
pub fn lint(options: &Options) -> Result<Outcome, String> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let found = discover::discover(&options.paths)?;
    for file in &options.var_files {
        if !file.is_file() {
            return Err(format!("{}: variable file not found", file.display()));
        }
    }
    let all_paths: Vec<&PathBuf> = found
        .modules
        .values()
        .flat_map(|m| m.terraform.iter().chain(&m.tfvars))
        .chain(&options.var_files)
        .collect();
    let texts: Vec<Result<String, String>> = all_paths.par_iter().map(|p| read_text(p)).collect();
    let mut db = SourceDb::default();
    let mut ids = std::collections::HashMap::new();
    let mut unreadable = Vec::new();
    for (path, text) in all_paths.iter().zip(texts) {
        let (text, error) = match text {
            Ok(t) => (t, None),
            Err(e) => (String::new(), Some(e)),
        };
        let id = db.add(SourceFile::new(
            (*path).clone(),
            display_path(path, &cwd),
            text,
        ));
        if let Some(message) = error {
            unreadable.push(model::resource::ParseError {
                span: source::Span::new(id, 0, 0),
                message,
            });
        }
        ids.insert((*path).clone(), id);
    }
    let id_of = |p: &PathBuf| ids.get(p).copied();
    let extra_vars: Vec<FileId> = options.var_files.iter().filter_map(id_of).collect();
    let units: Vec<(Vec<FileId>, Vec<FileId>)> = found
        .modules
        .values()
        .map(|m| {
            let tf = m.terraform.iter().filter_map(id_of).collect();
            let vars = m
                .tfvars
                .iter()
                .filter_map(id_of)
                .chain(extra_vars.iter().copied())
                .collect();
            (tf, vars)
        })
        .collect();
    let configs: Vec<model::resource::Configuration> = units
        .par_iter()
        .map(|(tf, vars)| syntax::hcl::parse_module(&db, tf, vars))
        .collect();

    let model = lower::build_model(&configs);
    let enabled = |meta: &RuleMeta| rule_enabled(meta, &options.select, &options.ignore);
    let mut diagnostics = rules::run(&model, &enabled);
    let parse_errors: Vec<&model::resource::ParseError> = configs
        .iter()
        .flat_map(|c| &c.errors)
        .chain(&unreadable)
        .collect();
    if enabled(&rules::rl001::META) {
        diagnostics.extend(parse_errors.iter().map(|e| rules::rl001::diagnostic(e)));
    }
    let mut failed_files: Vec<FileId> = parse_errors.iter().map(|e| e.span.file).collect();
    failed_files.sort();
    failed_files.dedup();
    report::sort_diagnostics(&db, &mut diagnostics);
    let summary = Summary {
        files_linted: found.modules.values().map(|m| m.terraform.len()).sum(),
        files_skipped: found.skipped,
        parse_errors: failed_files.len(),
    };
    Ok(Outcome {
        db,
        diagnostics,
        summary,
    })
}

/// A file's text: invalid UTF-8 replaced, a leading byte-order mark dropped (editors hide it,
/// so lines and columns stay as the user sees them).
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

/// Whether a rule runs: selected (or on by default when nothing is selected) and not ignored.
/// Selectors are rule IDs, names, or ID prefixes such as `RL3`.
pub fn rule_enabled(meta: &RuleMeta, select: &[String], ignore: &[String]) -> bool {
    let matches = |selector: &String| {
        let s = selector.trim();
        !s.is_empty()
            && (meta.id.eq_ignore_ascii_case(s)
                || meta.name == s
                || meta.id.starts_with(&s.to_ascii_uppercase()))
    };
    let selected = if select.is_empty() {
        meta.default_enabled
    } else {
        select.iter().any(matches)
    };
    selected && !ignore.iter().any(matches)
}
