//! The parse stage: Terraform modules (with the modules they call), plans and CloudFormation
//! templates into format-neutral units.

use super::cfn_conditions::Assignment;
use super::read::{Read, Reading, not_read};
use super::templates_and_plans;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceDb, SourceFile, Span, display_path};
use crate::syntax::resource::{Configuration, ModuleCall, ParseError};
use crate::{Options, suppress, syntax};
use std::path::PathBuf;

/// A CloudFormation template with conditions: lowered once per scenario.
pub struct Conditional {
    /// (assignment of the conditions, lowered template) pairs.
    pub scenarios: Vec<(Assignment, Configuration)>,
    /// Where each condition decides something (for naming the conditions of a finding).
    pub uses: Vec<(String, Span)>,
}

/// Every input parsed: the units to lower and what the parsers found along the way.
pub struct Parsed {
    /// Every file read, the files of called modules included.
    pub db: SourceDb,
    /// Terraform root modules (called modules flattened in), then plans and unconditional
    /// templates: lowered together into one model.
    pub units: Vec<Configuration>,
    /// Templates with conditions, each lowered on its own per scenario.
    pub conditional: Vec<Conditional>,
    /// Syntax errors (RL001).
    pub errors: Vec<ParseError>,
    /// Files and directories that were not read (RL001, with advice of their own).
    pub unread: Vec<ParseError>,
    /// Duplicate YAML keys, at the later key (RL001).
    pub duplicate_keys: Vec<ParseError>,
    /// RL003 notes on templates whose conditions were not all explored.
    pub notes: Vec<Diagnostic>,
    /// Suppressions declared in templates' `Metadata`.
    pub suppressions: suppress::Suppressions,
    /// The files whose comments may hold suppressions.
    pub comment_files: Vec<FileId>,
    /// The `module` blocks of the Terraform units.
    pub module_calls: Vec<ModuleCall>,
    /// The linted files (Terraform, variable files, templates and plans), sorted.
    pub linted: Vec<FileId>,
    /// How many discovered files were not linted (not lintable, or neither plan nor template).
    pub skipped: usize,
}

/// Parses every file read: Terraform root modules (reading the modules they call), then the
/// template candidates (plans, templates, anything else skipped). Refused entries and unread
/// files become [`Parsed::unread`].
pub fn parse(read: Read, options: &Options) -> Parsed {
    let Read {
        found,
        mut db,
        ids,
        unreadable,
    } = read;
    let discovered = &found.discovered;
    let id_of = |p: &PathBuf| ids.get(p).copied();
    let extra_vars: Vec<FileId> = options.var_files.iter().filter_map(id_of).collect();
    let dirs: Vec<syntax::hcl::TerraformDir> = discovered
        .modules
        .iter()
        .map(|(dir, m)| syntax::hcl::TerraformDir {
            dir: dir.clone(),
            files: m.terraform.iter().filter_map(id_of).collect(),
            tfvars: m
                .tfvars
                .iter()
                .filter_map(id_of)
                .chain(extra_vars.iter().copied())
                .collect(),
        })
        .collect();
    let mut module_unreadable = Vec::new();
    let reading = Reading::new(discovered, options);
    let terraform = syntax::hcl::parse_modules(
        &mut db,
        &dirs,
        &discovered.roots,
        options.max_file_size,
        &mut |db, dir| reading.module_dir(db, dir, &mut module_unreadable),
        options.cache.as_deref().map(|cache| &cache.terraform),
    );
    if let Some(cache) = &options.cache {
        cache.terraform.keep_only_used();
    }
    // Directories, ignore files, `modules.json` and `file()` targets that were refused.
    let refused: Vec<(PathBuf, String)> = discovered
        .refused
        .iter()
        .chain(&options.not_read)
        .cloned()
        .chain(db.take_refused())
        .collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    module_unreadable.extend(refused.into_iter().map(|(path, reason)| {
        let display = display_path(&path, &cwd);
        let id = db.add(SourceFile::new(path, display, String::new()));
        not_read(id, reason)
    }));
    let units = terraform.units;
    let module_calls = units
        .iter()
        .flat_map(|u| u.module_calls.iter().cloned())
        .collect();
    let mut errors = terraform.errors;
    errors.extend(units.iter().flat_map(|c| c.errors.clone()));
    let mut unread = unreadable;
    unread.extend(module_unreadable);
    let comment_files = db
        .iter()
        .filter(|(_, f)| f.path.extension().is_some_and(|e| e == "tf"))
        .map(|(id, _)| id)
        .collect();
    let mut linted: Vec<FileId> = discovered
        .modules
        .values()
        .flat_map(|m| m.terraform.iter().chain(&m.tfvars))
        .filter_map(id_of)
        .collect();
    let candidates: Vec<FileId> = discovered
        .maybe_templates
        .iter()
        .filter_map(id_of)
        .collect();
    let mut parsed = Parsed {
        units,
        conditional: Vec::new(),
        errors,
        unread,
        duplicate_keys: Vec::new(),
        notes: Vec::new(),
        suppressions: suppress::Suppressions::default(),
        comment_files,
        module_calls,
        linted: Vec::new(),
        skipped: discovered.skipped,
        db,
    };
    for (candidate, &file) in templates_and_plans::read(&parsed.db, &candidates)
        .into_iter()
        .zip(&candidates)
    {
        if !matches!(candidate, templates_and_plans::Candidate::NotTemplate) {
            linted.push(file);
        }
        parsed.add_candidate(file, candidate);
    }
    linted.sort();
    linted.dedup();
    parsed.linted = linted;
    parsed
}

impl Parsed {
    /// Takes in what a template candidate turned out to be.
    fn add_candidate(&mut self, file: FileId, candidate: templates_and_plans::Candidate) {
        match candidate {
            templates_and_plans::Candidate::NotTemplate => self.skipped += 1,
            templates_and_plans::Candidate::Plan(config) => self.units.push(config),
            templates_and_plans::Candidate::Broken(error) => self.errors.push(error),
            templates_and_plans::Candidate::Template {
                units: mut scenarios,
                uses,
                notes,
                duplicate_keys,
                suppressions,
            } => {
                self.duplicate_keys.extend(duplicate_keys);
                self.notes.extend(notes);
                self.suppressions.extend(suppressions);
                self.comment_files.push(file);
                match (scenarios.len(), scenarios.pop()) {
                    (1, Some((_, config))) => self.units.push(config),
                    (_, Some(last)) => {
                        scenarios.push(last);
                        self.conditional.push(Conditional { scenarios, uses });
                    }
                    (_, None) => {}
                }
            }
        }
    }
}
