//! RL113 overlapping-rules: two enabled rules to one destination select some objects in common.

use crate::prelude::*;
use crate::resource_arns::destination_arn;
use repl_lint_iam::policy::SymStr;
use repl_lint_model::{Model, Replication, ReplicationRule, Schema};
use repl_lint_source::Span;
use repl_lint_syntax::resource::Dialect;

declare_rule! {
    id: RL113,
    name: "overlapping-rules",
    severity: Warning,
    default_enabled: true,
    summary: "Two enabled rules to the same destination have overlapping filters: only the higher priority applies.",
    check: Some(check),
}

/// What an enabled rule selects, when every part of it is known.
struct Selection<'m> {
    rule: &'m ReplicationRule,
    destination: SymStr,
    prefix: &'m str,
    /// Required tags as (key, value).
    tags: Vec<(&'m str, &'m str)>,
    /// The priority (`None` for V1 rules, which have none).
    priority: Option<f64>,
}

/// Flags, once, each enabled rule that loses to another enabled rule to the same destination
/// whose prefixes and tag sets are nested with its own (so some objects match both), naming the
/// first such winner: n rules that all overlap give n - 1 findings, not one per pair. Pairs with
/// equal priorities are RL109's.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        let selections: Vec<Selection<'_>> = rules(replication)
            .iter()
            .filter_map(|rule| selection(model, replication, rule))
            .collect();
        for (i, loser) in selections.iter().enumerate() {
            let winner = selections
                .iter()
                .enumerate()
                .find(|&(j, other)| j != i && beats(other, j < i, loser) && overlap(other, loser));
            let Some((_, winner)) = winner else {
                continue;
            };
            let at = loser
                .rule
                .filter_span
                .or_else(|| loser.rule.prefix.as_ref().map(|p| p.span))
                .unwrap_or(loser.rule.span);
            report(sink, replication, at, loser, winner);
        }
    }
}

/// True when `winner` (listed before `loser` when `earlier`) takes precedence over it: the
/// higher priority number (API ReplicationRule: "the higher the number, the higher the
/// priority"); without priorities (V1 rules), the earlier rule.
fn beats(winner: &Selection<'_>, earlier: bool, loser: &Selection<'_>) -> bool {
    match (winner.priority, loser.priority) {
        (Some(a), Some(b)) => a > b,
        _ => earlier,
    }
}

fn report(
    sink: &mut Sink,
    replication: &Replication,
    at: Span,
    loser: &Selection<'_>,
    winner: &Selection<'_>,
) {
    // Nested prefixes: the objects both select are under the longer one.
    let common = if loser.prefix.len() >= winner.prefix.len() {
        loser.prefix
    } else {
        winner.prefix
    };
    let scope = if common.is_empty() {
        "the objects".to_string()
    } else {
        format!("objects under `{common}`")
    };
    sink.report(
        &META,
        at,
        format!("another enabled rule to the same destination also selects {scope} that this rule selects: S3 applies only the rule with the higher priority to them"),
    )
    .resource(&replication.address)
    .related(winner.rule.span, "overlapping rule")
    .help("make the filters disjoint, or merge the rules");
}

fn selection<'m>(
    model: &Model,
    replication: &'m Replication,
    rule: &'m ReplicationRule,
) -> Option<Selection<'m>> {
    if rule.enabled != Some(true) || rule.has_unknown_parts || rule.filter_tags_unknown {
        return None;
    }
    let (prefix, priority) = match rule.schema? {
        Schema::V1 => (rule.prefix.as_ref(), None),
        Schema::V2 => {
            let priority = match &rule.priority {
                Some(p) => p.as_number()?,
                None if replication.dialect == Dialect::Terraform => 0.0,
                None => return None,
            };
            (rule.filter_prefix.as_ref(), Some(priority))
        }
    };
    let prefix = match prefix {
        Some(p) => p.as_str()?,
        None => "",
    };
    let tags = rule
        .filter_tags
        .iter()
        .map(|t| {
            Some((
                t.key.as_str()?,
                t.value.as_ref().map_or(Some(""), |v| v.as_str())?,
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Selection {
        rule,
        destination: destination_arn(model, replication, rule)?,
        prefix,
        tags,
        priority,
    })
}

/// True when both rules go to the same destination with nested prefixes and nested tag sets.
fn overlap(a: &Selection<'_>, b: &Selection<'_>) -> bool {
    let nested_prefixes = a.prefix.starts_with(b.prefix) || b.prefix.starts_with(a.prefix);
    let subset = |x: &[(&str, &str)], y: &[(&str, &str)]| x.iter().all(|t| y.contains(t));
    let nested_tags = subset(&a.tags, &b.tags) || subset(&b.tags, &a.tags);
    // The same destination for certain: the same characters and symbols (literals are merged, so
    // this is `sym_equals(..) == Yes` without its allocations in this quadratic loop).
    nested_prefixes && nested_tags && a.destination == b.destination
}
