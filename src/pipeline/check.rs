//! The lower and check stages: the linked model, then the rules' findings on it (with a
//! [`Cache`](super::Cache), component by component: see [`super::components`]).

use super::cfn_conditions;
use super::parse::Parsed;
use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::rules::{self, RuleMeta};
use crate::syntax::resource::Configuration;
use crate::{Options, lower as lowering, plan_map, rule_enabled};
use rayon::prelude::*;

/// Lowers the unconditional units into the typed model and links it (references, placement,
/// policies): the model the rules read.
pub fn lower(parsed: &Parsed) -> Model {
    lowering::build_model(&parsed.units)
}

/// Every finding of a run, before suppressions, severities and sorting.
pub struct Findings {
    /// The findings.
    pub diagnostics: Vec<Diagnostic>,
    /// The linked models, when kept: the run's model first, then one per scenario of each
    /// conditional template.
    pub models: Vec<Model>,
}

/// Lowers the units ([`lower`]), frees their resources ([`free_resources`]) and runs the
/// enabled rules on the model — or, when `options` carry a cache and the models are not kept,
/// does both component by component, reusing unchanged components' findings — and on each
/// scenario of every conditional template (lowered here, one
/// model per scenario, the scenarios' findings merged), moves plan findings onto the Terraform
/// source, and adds the input findings: RL003 notes and evaluation limits, RL001 parse errors,
/// duplicate keys and unread files. The models are kept when `keep_models` is set, else freed
/// off the caller's path.
pub fn check(parsed: &mut Parsed, options: &Options, keep_models: bool) -> Findings {
    let enabled = |meta: &RuleMeta| enabled(meta, options);
    let (mut diagnostics, model) = match options.cache.as_deref() {
        Some(cache) if !keep_models => (cache.components.check(&parsed.units, &enabled), None),
        _ => {
            let model = lower(parsed);
            free_resources(&mut parsed.units);
            (rules::run(&model, &enabled), Some(model))
        }
    };
    let per_template: Vec<(Vec<Diagnostic>, Vec<Model>)> = parsed
        .conditional
        .par_iter()
        .map(|template| {
            let mut models = Vec::new();
            let runs = template
                .scenarios
                .iter()
                .map(|(assignment, config)| {
                    let model = lowering::build_model(std::slice::from_ref(config));
                    let found = rules::run(&model, &enabled);
                    if keep_models {
                        models.push(model);
                    }
                    (assignment.clone(), found)
                })
                .collect();
            (cfn_conditions::merge(runs, &template.uses), models)
        })
        .collect();
    plan_map::map_to_source(&parsed.units, &mut diagnostics);
    let mut models = Vec::new();
    if keep_models {
        models.extend(model);
    } else if let Some(model) = model {
        // Freeing a large model is many small deallocations: do it off the caller's path.
        rayon::spawn(move || drop(model));
    }
    for (found, scenario_models) in per_template {
        diagnostics.extend(found);
        models.extend(scenario_models);
    }
    if enabled(&rules::input::unverifiable::META) {
        diagnostics.extend(parsed.notes.iter().cloned());
        diagnostics.extend(
            parsed
                .units
                .iter()
                .flat_map(|u| &u.limits)
                .map(|(span, what)| rules::input::unverifiable::evaluation_limit(*span, what)),
        );
    }
    if enabled(&rules::input::parse_error::META) {
        use rules::input::parse_error;
        diagnostics.extend(parsed.errors.iter().map(parse_error::diagnostic));
        diagnostics.extend(parsed.duplicate_keys.iter().map(parse_error::duplicate_key));
        diagnostics.extend(parsed.unread.iter().map(parse_error::not_read));
    }
    Findings {
        diagnostics,
        models,
    }
}

/// Frees the units' resources once the model holds what the rules read, so that the rules'
/// allocations reuse their memory. A run with a plan keeps them: its findings are moved onto
/// the Terraform source by comparing resources.
fn free_resources(units: &mut [Configuration]) {
    if units.iter().any(|u| u.from_plan) {
        return;
    }
    for unit in units {
        unit.resources = Vec::new();
    }
}

/// Whether `options` run the rule.
pub(super) fn enabled(meta: &RuleMeta, options: &Options) -> bool {
    rule_enabled(meta, &options.select, &options.ignore, options.explain_gaps)
}
