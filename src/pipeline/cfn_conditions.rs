//! CloudFormation conditions: a template is linted once per scenario (a possible assignment of
//! the conditions that decide its values and resources, see [`repl_lint_syntax::cfn::plan`]), and
//! the findings are merged: a finding that holds only in some scenarios names the conditions
//! that decide it.

use repl_lint_source::Span;
use repl_lint_source::diagnostic::Diagnostic;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An assignment of truth values to condition names.
pub type Assignment = BTreeMap<String, bool>;

/// The most scenarios a template is linted in.
const MAX_SCENARIOS: usize = 64;

/// Bytes of template linted in all its scenarios together, at most: a large template gets fewer
/// scenarios, so the work stays linear in its size.
const SCENARIO_BYTES: usize = 16 << 20;

/// The most conditions a label names (beyond, it gives an example assignment).
const MAX_LABEL_CONDITIONS: usize = 3;

/// The most conditions considered for a label.
const MAX_LABEL_CANDIDATES: usize = 16;

/// How many scenarios a template of `len` bytes may be linted in.
pub fn max_scenarios(len: usize) -> usize {
    (SCENARIO_BYTES / len.max(1)).clamp(1, MAX_SCENARIOS)
}

/// Merges the findings of the same template in several scenarios: identical findings (rule,
/// location, message) are reported once; one that does not hold in every scenario names the
/// conditions whose values decide it. `uses` are the places each condition decides something
/// (an `Fn::If`, a resource with `Condition:`): of the equally short explanations, the one
/// naming conditions on the finding's own path is preferred.
pub fn merge(
    per_assignment: Vec<(Assignment, Vec<Diagnostic>)>,
    uses: &[(String, Span)],
) -> Vec<Diagnostic> {
    let total = per_assignment.len();
    let mut merged: Vec<(Diagnostic, Vec<bool>)> = Vec::new();
    let mut seen: HashMap<(&str, Span, &str), usize> = HashMap::new();
    for (index, (_, diagnostics)) in per_assignment.iter().enumerate() {
        for d in diagnostics {
            let at = *seen
                .entry((d.rule, d.primary, d.message.as_str()))
                .or_insert_with(|| {
                    merged.push((d.clone(), vec![false; total]));
                    merged.len() - 1
                });
            merged[at].1[index] = true;
        }
    }
    let assignments: Vec<&Assignment> = per_assignment.iter().map(|(a, _)| a).collect();
    merged
        .into_iter()
        .map(|(mut d, holds)| {
            if holds.contains(&false) {
                let guarding = guarding(&d, uses);
                let label = describe(&holds, &assignments, &guarding);
                d.message = format!("{} ({label})", d.message);
            }
            d
        })
        .collect()
}

/// The conditions used where the finding is: an `Fn::If` or conditional resource around its
/// location or one of its related locations.
fn guarding<'a>(d: &Diagnostic, uses: &'a [(String, Span)]) -> BTreeSet<&'a str> {
    let inside = |outer: Span, inner: Span| {
        outer.file == inner.file && outer.start <= inner.start && inner.end <= outer.end
    };
    let spans: Vec<Span> = std::iter::once(d.primary)
        .chain(d.related.iter().map(|r| r.span))
        .collect();
    uses.iter()
        .filter(|(_, use_span)| spans.iter().any(|&s| inside(*use_span, s)))
        .map(|(name, _)| name.as_str())
        .collect()
}

/// "only when condition `C` is true", from the fewest conditions whose values decide whether
/// the finding holds (`holds[i]`: in scenario `i`).
fn describe(holds: &[bool], all: &[&Assignment], guarding: &BTreeSet<&str>) -> String {
    // Candidates: conditions known in every scenario and not the same in all of them (the
    // finding holds in some scenarios and not in others, so any other condition is useless).
    let names: BTreeSet<&str> = all
        .iter()
        .flat_map(|a| a.keys().map(String::as_str))
        .collect();
    let mut candidates: Vec<&str> = names
        .into_iter()
        .filter(|name| {
            let values: Option<BTreeSet<bool>> =
                all.iter().map(|a| a.get(*name).copied()).collect();
            values.is_some_and(|v| v.len() == 2)
        })
        .collect();
    // Conditions on the finding's path first, so that they win among equally short labels.
    candidates.sort_by_key(|name| !guarding.contains(name));
    candidates.truncate(MAX_LABEL_CANDIDATES);
    for size in 1..=MAX_LABEL_CONDITIONS.min(candidates.len()) {
        let mut best: Option<(usize, Vec<&str>)> = None;
        for chosen in combinations(&candidates, size) {
            if !decides(&chosen, holds, all) {
                continue;
            }
            let score = chosen.iter().filter(|c| guarding.contains(*c)).count();
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, chosen));
            }
        }
        if let Some((_, chosen)) = best {
            return label(&chosen, holds, all);
        }
    }
    let example = (0..all.len())
        .find(|&i| holds[i])
        .map(|i| {
            all[i]
                .iter()
                .map(|(c, v)| format!("`{c}` {v}"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    format!(
        "only under some combinations of conditions, e.g. {}",
        example.join(", ")
    )
}

/// True when scenarios that agree on the `chosen` conditions agree on whether the finding holds.
fn decides(chosen: &[&str], holds: &[bool], all: &[&Assignment]) -> bool {
    let signature = |i: usize| -> Vec<Option<bool>> {
        chosen.iter().map(|c| all[i].get(*c).copied()).collect()
    };
    let held: BTreeSet<Vec<Option<bool>>> = (0..all.len())
        .filter(|&i| holds[i])
        .map(signature)
        .collect();
    (0..all.len()).all(|i| holds[i] || !held.contains(&signature(i)))
}

/// The label for conditions that decide the finding: the fewest conjunctions of their values
/// that cover the scenarios where it holds and none where it does not (combinations no
/// scenario has may be covered either way).
fn label(chosen: &[&str], holds: &[bool], all: &[&Assignment]) -> String {
    let signature = |i: usize| -> Vec<bool> {
        chosen
            .iter()
            .map(|c| all[i].get(*c).copied().unwrap_or(false))
            .collect()
    };
    let held: BTreeSet<Vec<bool>> = (0..all.len())
        .filter(|&i| holds[i])
        .map(signature)
        .collect();
    let not_held: BTreeSet<Vec<bool>> = (0..all.len())
        .filter(|&i| !holds[i])
        .map(signature)
        .collect();
    let covers = |term: &[Option<bool>], s: &[bool]| {
        term.iter().zip(s).all(|(t, v)| t.is_none_or(|t| t == *v))
    };
    // Every conjunction (a value or "either" per condition) that covers no scenario where the
    // finding does not hold, the broadest first.
    let mut terms: Vec<Vec<Option<bool>>> = vec![Vec::new()];
    for _ in chosen {
        terms = terms
            .into_iter()
            .flat_map(|t| {
                [None, Some(true), Some(false)].map(|v| {
                    let mut t = t.clone();
                    t.push(v);
                    t
                })
            })
            .collect();
    }
    terms.retain(|t| !not_held.iter().any(|s| covers(t, s)));
    terms.sort_by_key(|t| t.iter().filter(|v| v.is_some()).count());
    // Greedily the term covering most of what is still uncovered.
    let mut uncovered = held;
    let mut clauses = Vec::new();
    while !uncovered.is_empty() {
        let Some(best) = terms.iter().max_by_key(|t| {
            (
                uncovered.iter().filter(|s| covers(t, s)).count(),
                std::cmp::Reverse(t.iter().filter(|v| v.is_some()).count()),
            )
        }) else {
            break;
        };
        let before = uncovered.len();
        uncovered.retain(|s| !covers(best, s));
        if uncovered.len() == before {
            break;
        }
        clauses.push(
            chosen
                .iter()
                .zip(best)
                .filter_map(|(c, v)| v.map(|v| format!("condition `{c}` is {v}")))
                .collect::<Vec<_>>()
                .join(" and "),
        );
    }
    format!("only when {}", clauses.join(", or when "))
}

/// Every choice of `size` items of `items`, in order.
fn combinations<'a>(items: &[&'a str], size: usize) -> Vec<Vec<&'a str>> {
    if size == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for (i, &first) in items.iter().enumerate() {
        for mut rest in combinations(&items[i + 1..], size - 1) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

#[cfg(test)]
#[path = "cfn_conditions_tests.rs"]
mod tests;
