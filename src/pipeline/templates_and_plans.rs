//! YAML and JSON documents in a run: Terraform plans (`terraform show -json`) are lowered as
//! Terraform; CloudFormation templates are kept and lowered once per scenario of their
//! conditions; anything else is skipped.

use super::cfn_conditions::{self, Assignment};
use rayon::prelude::*;
use repl_lint_report::suppress::{self, Suppressions};
use repl_lint_rules::input::unverifiable;
use repl_lint_source::diagnostic::Diagnostic;
use repl_lint_source::{FileId, SourceDb, Span};
use repl_lint_syntax::resource::{Configuration, Dialect, ParseError};
use repl_lint_syntax::value::Value;
use repl_lint_syntax::{cfn, json, plan, yaml};

/// What a candidate file turned out to be.
pub enum Candidate {
    /// Neither a plan nor a template (a workflow, a package.json ...): skipped.
    NotTemplate,
    /// A Terraform plan, lowered into one Terraform configuration.
    Plan(Configuration),
    /// Looks like a template but does not parse.
    Broken(ParseError),
    /// A template, lowered once per scenario of its conditions, with duplicate-key warnings.
    Template {
        /// (assignment, lowered configuration) pairs; one pair when the template has no condition.
        units: Vec<(Assignment, Configuration)>,
        /// Where each condition decides something (for naming the conditions of a finding).
        uses: Vec<(String, Span)>,
        /// The RL003 note when some conditions were not explored (at most one).
        notes: Vec<Diagnostic>,
        /// Duplicate keys (YAML), located at the later key.
        duplicate_keys: Vec<ParseError>,
        /// Suppressions declared in resources' `Metadata`.
        suppressions: Suppressions,
    },
}

/// Parses and lowers the candidate files in parallel.
pub fn read(db: &SourceDb, files: &[FileId]) -> Vec<Candidate> {
    files.par_iter().map(|&id| read_one(db, id)).collect()
}

fn read_one(db: &SourceDb, id: FileId) -> Candidate {
    let file = db.file(id);
    let text = file.text.as_str();
    let is_json = file.path.extension().is_some_and(|e| e == "json")
        || (file.path.extension().is_some_and(|e| e == "template")
            && text.trim_start().starts_with('{'));
    // A plan is recognised from its first keys, before any full parse (plans can be huge).
    if is_json && plan::is_plan(text) {
        return match plan::lower_plan(text, id) {
            Ok(config) => Candidate::Plan(config),
            Err(error) => Candidate::Broken(error),
        };
    }
    let (root, duplicate_keys) = if is_json {
        (json::parse_json(text, id, 0), Vec::new())
    } else {
        let document = yaml::parse_yaml(text, id);
        (document.root, document.duplicate_keys)
    };
    match root {
        Ok(root) if cfn::is_template(&root) => {
            let uses = cfn::condition_uses(&root);
            let plan = cfn::plan(&root, &uses, cfn_conditions::max_scenarios(text.len()));
            let notes = unexplored_note(&root, &plan, &uses).into_iter().collect();
            let units = plan
                .scenarios
                .into_iter()
                .map(|scenario| {
                    let mut config = cfn::lower_template(&root, text, &scenario);
                    config.dialect = Dialect::CloudFormation;
                    (scenario.conditions, config)
                })
                .collect();
            Candidate::Template {
                units,
                uses: uses.into_iter().map(|u| (u.name, u.span)).collect(),
                notes,
                duplicate_keys,
                suppressions: suppress::from_template(&root),
            }
        }
        Err(error) if looks_like_template(text) => Candidate::Broken(error),
        _ => Candidate::NotTemplate,
    }
}

/// The most condition names the note lists.
const NOTE_NAMES: usize = 5;

/// The one RL003 note of a template whose conditions were not all explored, located at the
/// definition of the first condition left undecided (or at `Conditions`).
fn unexplored_note(
    root: &Value,
    plan: &cfn::Plan,
    uses: &[cfn::ConditionUse],
) -> Option<Diagnostic> {
    let definitions = root.entry("Conditions");
    let why = if plan.exhausted {
        "the template's conditions could not all be evaluated within repl-lint's budget"
    } else {
        "the template has more combinations of conditions than repl-lint lints"
    };
    let message = match plan.unexplored.as_slice() {
        [] if plan.exhausted => format!("{why}, so some values they decide are treated as unknown"),
        [] => return None,
        names => {
            let shown: Vec<String> = names
                .iter()
                .take(NOTE_NAMES)
                .map(|n| format!("`{n}`"))
                .collect();
            let mut listed = shown.join(", ");
            if names.len() > NOTE_NAMES {
                listed.push_str(&format!(" and {} more", names.len() - NOTE_NAMES));
            }
            let (what, verb, subject) = match names {
                [_] => ("condition", "was", "it decides"),
                _ => ("conditions", "were", "they decide"),
            };
            format!(
                "{what} {listed} {verb} not explored: {why}, so what {subject} is treated as unknown"
            )
        }
    };
    let first = plan.unexplored.first();
    let span = first
        .and_then(|name| definitions.and_then(|d| d.value.entry(name)))
        .map(|e| e.key_span)
        .or_else(|| {
            first
                .and_then(|name| uses.iter().find(|u| u.name == *name))
                .map(|u| u.span)
        })
        .or(definitions.map(|d| d.key_span))?;
    Some(unverifiable::META.diagnostic(span, message))
}

/// A file that does not parse is reported only when it is recognisably a template.
fn looks_like_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && text.contains("AWS::"))
}
