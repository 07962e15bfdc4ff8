//! YAML and JSON documents in a run: Terraform plans (`terraform show -json`) are lowered as
//! Terraform; CloudFormation templates are kept and lowered once per assignment of their
//! conditions; anything else is skipped.

use crate::model::resource::{Configuration, Dialect, ParseError};
use crate::scenarios::{self, Assignment};
use crate::source::{FileId, SourceDb};
use crate::suppress::{self, Suppressions};
use crate::syntax::{cfn, json, plan, yaml};
use rayon::prelude::*;

/// What a candidate file turned out to be.
pub enum Candidate {
    /// Neither a plan nor a template (a workflow, a package.json ...): skipped.
    NotTemplate,
    /// A Terraform plan, lowered into one Terraform configuration.
    Plan(Configuration),
    /// Looks like a template but does not parse.
    Broken(ParseError),
    /// A template, lowered once per condition assignment, with duplicate-key warnings.
    Template {
        /// (assignment, lowered configuration) pairs; one pair when the template has no condition.
        units: Vec<(Assignment, Configuration)>,
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
            // Scenarios range over the independent conditions; derived ones follow from them.
            let base = cfn::base_conditions(&root, &cfn::conditions_used(&root));
            let units = scenarios::assignments(&base)
                .into_iter()
                .map(|assignment| {
                    let complete = cfn::complete_assignment(&root, &assignment);
                    let mut config = cfn::lower_template(&root, text, &complete);
                    config.dialect = Dialect::CloudFormation;
                    (assignment, config)
                })
                .collect();
            Candidate::Template {
                units,
                duplicate_keys,
                suppressions: suppress::from_template(&root),
            }
        }
        Err(error) if looks_like_template(text) => Candidate::Broken(error),
        _ => Candidate::NotTemplate,
    }
}

/// A file that does not parse is reported only when it is recognisably a template.
fn looks_like_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && text.contains("AWS::"))
}
