//! The lower and check stages one component at a time, for runs that follow each other on the
//! same files (the language server's): each component ([`crate::model::components`]) is lowered
//! into a model of its own and checked, and its findings are kept with its resources (shared
//! with the parse stage, not copied); the next run reuses the findings of every component whose
//! resources and providers are unchanged (spans included, so a resource that moved is checked
//! again).

use crate::diagnostic::Diagnostic;
use crate::model::components::{Member, components};
use crate::rules::{self, RuleMeta};
use crate::syntax::resource::{Configuration, Resource};
use crate::{lower as lowering, source::Span};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Findings of the last run's components, by the header of each component's first resource.
#[derive(Default)]
pub struct ComponentFindings {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Which rules the findings are of (one flag per rule of [`rules::RULES`]).
    enabled: Vec<bool>,
    entries: FxHashMap<Span, Checked>,
}

/// A component checked: its units as lowered (only its resources), and their findings.
struct Checked {
    units: Vec<Configuration>,
    findings: Vec<Diagnostic>,
}

impl ComponentFindings {
    /// The findings of the enabled rules on `units`, component by component: the kept findings
    /// of unchanged components, new ones for the rest. Keeps only this run's components.
    pub fn check(
        &self,
        units: &[Configuration],
        enabled: &(dyn Fn(&RuleMeta) -> bool + Sync),
    ) -> Vec<Diagnostic> {
        let flags: Vec<bool> = rules::RULES.iter().map(|rule| enabled(rule.meta)).collect();
        let mut kept = std::mem::take(&mut *self.lock());
        if kept.enabled != flags {
            kept.entries.clear();
        }
        let checked: Vec<(Span, Checked)> = components(units)
            .into_par_iter()
            .filter_map(|members| {
                let &(unit, index) = members.first()?;
                let key = units.get(unit)?.resources.get(index)?.header;
                let checked = match kept.entries.get(&key) {
                    Some(old) if same(old, units, &members) => Checked {
                        units: Vec::new(),
                        findings: old.findings.clone(),
                    },
                    _ => check_component(units, &members, enabled),
                };
                Some((key, checked))
            })
            .collect();
        let mut findings = Vec::new();
        let mut entries = FxHashMap::default();
        for (key, mut checked) in checked {
            findings.extend(checked.findings.iter().cloned());
            // A reused component keeps its old copy of the resources.
            if checked.units.is_empty()
                && let Some(old) = kept.entries.remove(&key)
            {
                checked.units = old.units;
            }
            entries.insert(key, checked);
        }
        *self.lock() = State {
            enabled: flags,
            entries,
        };
        findings
    }

    /// How many components are kept.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Lowers the units of one component (only its resources, with their units' providers) into a
/// model and checks it.
fn check_component(
    units: &[Configuration],
    members: &[Member],
    enabled: &(dyn Fn(&RuleMeta) -> bool + Sync),
) -> Checked {
    let parts: Vec<Configuration> = by_unit(units, members)
        .into_iter()
        .map(|(config, resources)| Configuration {
            dialect: config.dialect,
            from_plan: config.from_plan,
            providers: config.providers.clone(),
            resources: resources.into_iter().cloned().collect(),
            ..Configuration::default()
        })
        .collect();
    let model = lowering::build_model(&parts);
    let findings = rules::run(&model, enabled);
    Checked {
        units: parts,
        findings,
    }
}

/// Whether a kept component has the same units, resources and providers as `members` now.
fn same(old: &Checked, units: &[Configuration], members: &[Member]) -> bool {
    let now = by_unit(units, members);
    old.units.len() == now.len()
        && old
            .units
            .iter()
            .zip(&now)
            .all(|(part, (config, resources))| {
                part.dialect == config.dialect
                    && part.from_plan == config.from_plan
                    && part.providers == config.providers
                    && part.resources.len() == resources.len()
                    && part.resources.iter().zip(resources).all(|(a, b)| {
                        // A resource the parse stage reused is the same one.
                        Arc::ptr_eq(a, b) || a == *b
                    })
            })
}

/// A component's members grouped by unit, in order: each unit with its resources the component
/// holds.
fn by_unit<'u>(
    units: &'u [Configuration],
    members: &[Member],
) -> Vec<(&'u Configuration, Vec<&'u Arc<Resource>>)> {
    let mut out: Vec<(&Configuration, Vec<&Arc<Resource>>)> = Vec::new();
    for &(unit, index) in members {
        let Some(config) = units.get(unit) else {
            continue;
        };
        let Some(resource) = config.resources.get(index) else {
            continue;
        };
        match out.last_mut() {
            Some((last, resources)) if std::ptr::eq(*last, config) => resources.push(resource),
            _ => out.push((config, vec![resource])),
        }
    }
    out
}
