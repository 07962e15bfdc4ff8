//! repl-lint: finds broken Amazon S3 replication in Terraform and CloudFormation before deployment.
//!
//! The pipeline: [`discover`] files → parse ([`syntax`]) → [`lower`] into the [`model`] →
//! [`resolve`] references → run [`rules`] → [`report`].

pub mod args;
pub mod cli;
pub mod config;
pub mod config_schema;
pub mod fix;
pub mod focus;
pub mod graph;
pub mod lsp;
pub mod scenarios;
pub mod templates;

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
use rayon::prelude::*;
use report::Summary;
use rules::RuleMeta;
use source::{FileId, SourceDb, SourceFile, display_path};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use syntax::resource::{ModuleCall, ParseError};

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
    run(options, false).map(|(outcome, _)| outcome)
}

/// Lints the given paths and also returns the linked models the rules read (for
/// `repl-lint graph`): the model of the run first, then one per assignment of the conditions of
/// each CloudFormation template that has conditions.
pub fn lint_with_models(options: &Options) -> Result<(Outcome, Vec<model::Model>), String> {
    run(options, true)
}

/// Lints; keeps the models when `keep_models` is set (else they are freed off the caller's path).
fn run(options: &Options, keep_models: bool) -> Result<(Outcome, Vec<model::Model>), String> {
    let mut paths = options.paths.clone();
    paths.extend(options.plans.iter().cloned());
    let mut found = discover::discover(&paths, &options.overlay, options.max_file_size)?;
    if let Some(exclude) = &options.exclude {
        exclude.apply(&mut found);
    }
    for file in &options.var_files {
        if !file.is_file() && options.overlay.get(file).is_none() {
            return Err(format!("{}: variable file not found", file.display()));
        }
    }
    let mut files = read_files(&found, options);
    for plan in &options.plans {
        let is_plan = files
            .ids
            .get(plan)
            .is_some_and(|&id| syntax::plan::is_plan(&files.db.file(id).text));
        if !is_plan {
            return Err(format!(
                "{}: not a Terraform plan in JSON (`terraform show -json`, *.json)",
                plan.display()
            ));
        }
    }

    // Parse: Terraform root modules (with the modules they call), then CloudFormation candidates.
    let extra_vars: Vec<FileId> = options
        .var_files
        .iter()
        .filter_map(|p| files.ids.get(p).copied())
        .collect();
    let dirs: Vec<syntax::hcl::TerraformDir> = found
        .modules
        .iter()
        .map(|(dir, m)| syntax::hcl::TerraformDir {
            dir: dir.clone(),
            files: m
                .terraform
                .iter()
                .filter_map(|p| files.ids.get(p).copied())
                .collect(),
            tfvars: m
                .tfvars
                .iter()
                .filter_map(|p| files.ids.get(p).copied())
                .chain(extra_vars.iter().copied())
                .collect(),
        })
        .collect();
    let mut module_unreadable = Vec::new();
    let reading = Reading {
        roots: &found.roots,
        overlay: &options.overlay,
        limit: options.max_file_size,
    };
    let parsed = syntax::hcl::parse_modules(
        &mut files.db,
        &dirs,
        &found.roots,
        options.max_file_size,
        &mut |db, dir| read_module_dir(db, dir, &reading, &mut module_unreadable),
    );
    // Directories, ignore files, `modules.json` and `file()` targets that were refused.
    let refused: Vec<(PathBuf, String)> = found
        .refused
        .iter()
        .chain(&options.not_read)
        .cloned()
        .chain(files.db.take_refused())
        .collect();
    module_unreadable.extend(refused.into_iter().map(|(path, reason)| {
        let display = display_path(&path, &std::env::current_dir().unwrap_or_default());
        let id = files.db.add(SourceFile::new(path, display, String::new()));
        ParseError {
            span: source::Span::new(id, 0, 0),
            message: reason,
        }
    }));
    let db = &files.db;
    let id_of = |p: &PathBuf| files.ids.get(p).copied();
    let mut units = parsed.units;
    let module_calls: Vec<ModuleCall> = units
        .iter()
        .flat_map(|u| u.module_calls.iter().cloned())
        .collect();
    let candidates: Vec<FileId> = found.maybe_templates.iter().filter_map(id_of).collect();
    let mut parse_errors: Vec<ParseError> = parsed.errors;
    parse_errors.extend(units.iter().flat_map(|c| c.errors.clone()));
    // Files and directories that were not read: RL001 too, with advice of their own.
    let mut unread = files.unreadable;
    unread.extend(module_unreadable);
    let mut duplicate_keys = Vec::new();
    let mut conditional = Vec::new();
    // RL003 notes on templates whose conditions were not all explored.
    let mut notes = Vec::new();
    // The candidates that are templates or plans (broken or not), and how many are neither.
    let (mut templates, mut not_templates) = (Vec::new(), 0);
    let mut suppressions = suppress::Suppressions::default();
    let mut comment_files: Vec<FileId> = db
        .iter()
        .filter(|(_, f)| f.path.extension().is_some_and(|e| e == "tf"))
        .map(|(id, _)| id)
        .collect();
    for (candidate, &file) in templates::read(db, &candidates)
        .into_iter()
        .zip(&candidates)
    {
        match candidate {
            templates::Candidate::NotTemplate => not_templates += 1,
            templates::Candidate::Plan(config) => {
                templates.push(file);
                units.push(config);
            }
            templates::Candidate::Broken(error) => {
                templates.push(file);
                parse_errors.push(error);
            }
            templates::Candidate::Template {
                units: mut scenario_units,
                uses,
                notes: template_notes,
                duplicate_keys: keys,
                suppressions: declared,
            } => {
                templates.push(file);
                duplicate_keys.extend(keys);
                notes.extend(template_notes);
                suppressions.extend(declared);
                comment_files.push(file);
                match (scenario_units.len(), scenario_units.pop()) {
                    (1, Some((_, config))) => units.push(config),
                    (_, Some(last)) => {
                        scenario_units.push(last);
                        conditional.push((scenario_units, uses));
                    }
                    (_, None) => {}
                }
            }
        }
    }

    // Lower, link and run the rules: every unconditional unit in one model, and each
    // conditional template once per assignment of its conditions.
    let enabled = |meta: &RuleMeta| {
        rule_enabled(meta, &options.select, &options.ignore, options.explain_gaps)
    };
    let model = lower::build_model(&units);
    let mut diagnostics = rules::run(&model, &enabled);
    let per_template: Vec<(Vec<Diagnostic>, Vec<model::Model>)> = conditional
        .into_par_iter()
        .map(|(scenario_units, uses)| {
            let mut models = Vec::new();
            let runs = scenario_units
                .into_iter()
                .map(|(assignment, config)| {
                    let model = lower::build_model(std::slice::from_ref(&config));
                    let found = rules::run(&model, &enabled);
                    if keep_models {
                        models.push(model);
                    }
                    (assignment, found)
                })
                .collect();
            (scenarios::merge(runs, &uses), models)
        })
        .collect();
    plan_map::map_to_source(&units, &mut diagnostics);
    let mut models = Vec::new();
    for (found, scenario_models) in per_template {
        diagnostics.extend(found);
        models.extend(scenario_models);
    }
    if enabled(&rules::input::unverifiable::META) {
        diagnostics.extend(notes);
        diagnostics.extend(
            units
                .iter()
                .flat_map(|u| &u.limits)
                .map(|(span, what)| rules::input::unverifiable::evaluation_limit(*span, what)),
        );
    }
    if enabled(&rules::input::parse_error::META) {
        diagnostics.extend(
            parse_errors
                .iter()
                .map(rules::input::parse_error::diagnostic),
        );
        diagnostics.extend(
            duplicate_keys
                .iter()
                .map(rules::input::parse_error::duplicate_key),
        );
        diagnostics.extend(unread.iter().map(rules::input::parse_error::not_read));
    }
    relate_module_calls(&mut diagnostics, &module_calls);
    suppressions.extend(suppress::from_comments(db, &comment_files));
    suppress::apply(
        &mut diagnostics,
        &suppressions,
        options.report_unused_suppressions,
        &enabled,
    );
    config::apply_severity(&mut diagnostics, &options.severity);
    report::sort_diagnostics(db, &mut diagnostics);
    if keep_models {
        models.insert(0, model);
        rayon::spawn(move || drop(units));
    } else {
        // Freeing a large model is many small deallocations: do it off the caller's path.
        rayon::spawn(move || drop((model, units)));
    }

    let mut failed_files: Vec<FileId> = parse_errors
        .iter()
        .chain(&unread)
        .map(|e| e.span.file)
        .collect();
    failed_files.sort();
    failed_files.dedup();
    // Variable files are parsed (and can fail) like the configuration files they go with.
    let mut linted: Vec<FileId> = found
        .modules
        .values()
        .flat_map(|m| m.terraform.iter().chain(&m.tfvars))
        .filter_map(id_of)
        .chain(templates)
        .collect();
    linted.sort();
    linted.dedup();
    let summary = Summary {
        files_linted: linted.len(),
        files_skipped: found.skipped + not_templates,
        parse_errors: failed_files.len(),
    };
    let linted_failed = failed_files
        .iter()
        .filter(|f| linted.binary_search(f).is_ok())
        .count();
    let outcome = Outcome {
        db: files.db,
        diagnostics,
        summary,
        linted_failed,
    };
    Ok((outcome, models))
}

/// Every file of a run, read once.
struct ReadFiles {
    db: SourceDb,
    ids: HashMap<PathBuf, FileId>,
    /// Files that could not be read, as parse errors at their start.
    unreadable: Vec<ParseError>,
}

/// Where and how much a run reads.
struct Reading<'a> {
    /// The canonical repository roots: discovered files are read only inside them.
    roots: &'a [PathBuf],
    /// Texts that stand in for files on disk.
    overlay: &'a source::Overlay,
    limit: fsread::MaxFileSize,
}

impl Reading<'_> {
    /// A file's text, from the overlay when it holds the file, else from disk through
    /// [`fsread`] (`confine`d). The error names the file and the reason.
    fn text(&self, path: &Path, confine: fsread::Confine) -> Result<String, String> {
        if let Some(text) = self.overlay.get(path) {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            return Ok(text.to_string());
        }
        fsread::read_text(path, confine, self.limit)
            .map_err(|refused| format!("cannot read: {refused}"))
    }
}

/// Reads every discovered file (Terraform, variable files, template candidates) in parallel,
/// each from the overlay when it holds the file. Discovered files are read inside the
/// repository roots only; `--var-file` files, named by the user, anywhere.
fn read_files(found: &discover::Discovered, options: &Options) -> ReadFiles {
    let cwd = std::env::current_dir().unwrap_or_default();
    let reading = Reading {
        roots: &found.roots,
        overlay: &options.overlay,
        limit: options.max_file_size,
    };
    let discovered = fsread::Confine::Roots(reading.roots);
    let paths: Vec<(&PathBuf, fsread::Confine)> = found
        .modules
        .values()
        .flat_map(|m| m.terraform.iter().chain(&m.tfvars))
        .chain(&found.maybe_templates)
        .map(|p| (p, discovered))
        .chain(
            options
                .var_files
                .iter()
                .map(|p| (p, fsread::Confine::Anywhere)),
        )
        .collect();
    let texts: Vec<Result<String, String>> = paths
        .par_iter()
        .map(|(p, confine)| reading.text(p, *confine))
        .collect();
    let mut files = ReadFiles {
        db: SourceDb::default(),
        ids: HashMap::new(),
        unreadable: Vec::new(),
    };
    for ((path, _), text) in paths.into_iter().zip(texts) {
        if files.ids.contains_key(path) {
            continue;
        }
        let (text, error) = match text {
            Ok(t) => (t, None),
            Err(e) => (String::new(), Some(e)),
        };
        let id = files.db.add(SourceFile::new(
            path.clone(),
            display_path(path, &cwd),
            text,
        ));
        if let Some(message) = error {
            files.unreadable.push(ParseError {
                span: source::Span::new(id, 0, 0),
                message,
            });
        }
        files.ids.insert(path.clone(), id);
    }
    files
}

/// Reads the Terraform files of a module directory that discovery did not walk into `db`
/// (from the overlay when it holds them); files that cannot be read are added empty and
/// recorded in `unreadable`, and so is the directory when it cannot be listed.
fn read_module_dir(
    db: &mut SourceDb,
    dir: &Path,
    reading: &Reading,
    unreadable: &mut Vec<ParseError>,
) -> Vec<FileId> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let paths = match discover::terraform_files(dir) {
        Ok(paths) => paths,
        Err(e) => {
            db.refuse(dir.to_path_buf(), format!("cannot list the directory: {e}"));
            return Vec::new();
        }
    };
    paths
        .into_iter()
        .map(|path| {
            let (text, error) = match reading.text(&path, fsread::Confine::Roots(reading.roots)) {
                Ok(t) => (t, None),
                Err(e) => (String::new(), Some(e)),
            };
            let display = display_path(&path, &cwd);
            let id = db.add(SourceFile::new(path, display, text));
            if let Some(message) = error {
                unreadable.push(ParseError {
                    span: source::Span::new(id, 0, 0),
                    message,
                });
            }
            id
        })
        .collect()
}

/// Adds to every finding about a resource inside a called module the `module` blocks that call
/// it, innermost first. A module called by the same name from several root modules gives the
/// same finding once per root: it is kept once, naming every caller. A plan resource whose
/// module has instance keys (`module.m[1]`) is matched to a call that has none (the source
/// could not count the instances).
fn relate_module_calls(diagnostics: &mut Vec<Diagnostic>, calls: &[ModuleCall]) {
    if calls.is_empty() {
        return;
    }
    let sites_of = |resource: &str| {
        let base = plan_map::without_keys(resource);
        let mut sites: Vec<&ModuleCall> = calls
            .iter()
            .filter(|c| resource.starts_with(&c.prefix) || base.starts_with(&c.prefix))
            .collect();
        sites.sort_by_key(|c| std::cmp::Reverse(c.prefix.len()));
        sites.dedup_by_key(|c| c.header);
        sites
    };
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| match d.resource.as_deref() {
        Some(resource) if !sites_of(resource).is_empty() => {
            seen.insert((d.rule, d.primary, resource.to_string(), d.message.clone()))
        }
        _ => true,
    });
    for diagnostic in diagnostics {
        let Some(resource) = &diagnostic.resource else {
            continue;
        };
        for site in sites_of(resource) {
            diagnostic.related.push(diagnostic::Related {
                span: site.header,
                message: format!("called from `{}` here", site.prefix.trim_end_matches('.')),
            });
        }
    }
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
