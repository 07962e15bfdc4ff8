//! repl-lint: finds broken Amazon S3 replication in Terraform and CloudFormation before deployment.
//!
//! The pipeline ([`pipeline`]): [`discover`] files → read → parse ([`syntax`]) → [`lower`] into
//! the [`model`] (linked while lowering; [`resolve`] answers reference queries) → check
//! ([`rules`]) → [`report`].

pub mod args;
pub mod cli;
pub mod config;
pub mod config_schema;
pub mod fix;
pub mod focus;
pub mod graph;
pub mod lsp;
pub mod pipeline;

// The library's public paths, one per stage, re-exported from the crates that own them.
pub use repl_lint_iam as iam;
pub use repl_lint_model as model;
pub use repl_lint_model::{lower, placement, plan_map, resolve};
pub use repl_lint_report as report;
pub use repl_lint_report::{baseline, suppress};
pub use repl_lint_rules as rules;
pub use repl_lint_source as source;
pub use repl_lint_source::{diagnostic, discover, fsread};
pub use repl_lint_syntax as syntax;

use diagnostic::Diagnostic;
use report::Summary;
use rules::RuleMeta;
use source::SourceDb;
use std::path::PathBuf;

/// What to lint and which rules to run.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Files or directories.
    pub paths: Vec<PathBuf>,
    /// Extra Terraform variable files (highest precedence, in order).
    pub var_files: Vec<PathBuf>,
    /// Terraform plans (`terraform show -json` output) to lint with the paths; findings on
    /// them are located in the paths' Terraform source (see [`plan_map`]).
    pub plans: Vec<PathBuf>,
    /// Rule IDs, names or ID prefixes to run instead of the defaults.
    pub select: Vec<String>,
    /// Rule IDs, names or ID prefixes not to run.
    pub ignore: Vec<String>,
    /// Also run the rules that are off by default (`--explain-gaps`).
    pub explain_gaps: bool,
    /// Per-rule severity overrides (`[severity]` in `.repl-lint.toml`).
    pub severity: Vec<(&'static str, diagnostic::Severity)>,
    /// Files not to lint (`exclude` in `.repl-lint.toml`).
    pub exclude: Option<config::Exclude>,
    /// Report suppressions that matched nothing as RL004 (`--report-unused-suppressions`).
    pub report_unused_suppressions: bool,
    /// Texts read instead of the files on disk (the language server's open buffers, a fix
    /// being verified).
    pub overlay: source::Overlay,
    /// The largest file read (`max-file-size`); a larger one is reported (RL001), not read.
    pub max_file_size: fsread::MaxFileSize,
    /// Files found before the run but not read (a refused `.repl-lint.toml`), with the reason:
    /// reported as RL001.
    pub not_read: Vec<(PathBuf, String)>,
    /// What earlier runs made and this one may reuse (the language server's, shared by its
    /// runs): files not parsed again while their text is the same.
    pub cache: Option<std::sync::Arc<pipeline::Cache>>,
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
    /// How many of the linted files failed to parse (`summary.parse_errors` also counts
    /// `--var-file` files and the files of called modules outside the linted paths).
    linted_failed: usize,
}

impl Outcome {
    /// True when there were lintable files and every one of them failed to parse.
    pub fn all_failed_to_parse(&self) -> bool {
        self.summary.files_linted > 0 && self.linted_failed == self.summary.files_linted
    }
}

/// Lints the given paths. Errors are usage problems (a path that does not exist or cannot be read).
pub fn lint(options: &Options) -> Result<Outcome, String> {
    pipeline::run(options, false).map(|(outcome, _)| outcome)
}

/// Lints the given paths and also returns the linked models the rules read (for
/// `repl-lint graph`): the model of the run first, then one per assignment of the conditions of
/// each CloudFormation template that has conditions.
pub fn lint_with_models(options: &Options) -> Result<(Outcome, Vec<model::Model>), String> {
    pipeline::run(options, true)
}

/// Whether a rule runs: selected (or, when nothing is selected, on by default or turned on by
/// `explain_gaps`) and not ignored. Selectors are rule IDs, names, or ID prefixes such as `RL3`.
pub fn rule_enabled(
    meta: &RuleMeta,
    select: &[String],
    ignore: &[String],
    explain_gaps: bool,
) -> bool {
    let matches = |selector: &String| selector_matches(meta, selector);
    let selected = if select.is_empty() {
        meta.default_enabled || explain_gaps
    } else {
        select.iter().any(matches)
    };
    selected && !ignore.iter().any(matches)
}

/// Whether a selector (rule ID, name, or ID prefix such as `RL3`) names `meta`.
pub fn selector_matches(meta: &RuleMeta, selector: &str) -> bool {
    let s = selector.trim();
    !s.is_empty()
        && (meta.id.eq_ignore_ascii_case(s)
            || meta.name == s
            || meta.id.starts_with(&s.to_ascii_uppercase()))
}

/// Whether a selector names at least one rule.
pub fn is_known_selector(selector: &str) -> bool {
    rules::RULES
        .iter()
        .any(|r| selector_matches(r.meta, selector))
}
