//! RL109 duplicate-priority: two rules of the V2 schema share a priority.

use crate::prelude::*;
use repl_lint_model::{Replication, ReplicationRule, Schema};
use repl_lint_source::Span;
use repl_lint_syntax::resource::Dialect;

declare_rule! {
    id: RL109,
    name: "duplicate-priority",
    severity: Error,
    default_enabled: true,
    summary: "Two V2 rules share a priority (in Terraform, two rules that omit priority both get 0).",
    check: Some(check),
}

/// Flags the second and later V2 rules whose priority equals an earlier one's.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        let mut seen: Vec<(f64, Span)> = Vec::new();
        for rule in rules(replication) {
            let Some((priority, at, implicit)) = priority(replication, rule) else {
                continue;
            };
            if let Some((_, first)) = seen.iter().find(|(p, _)| *p == priority) {
                let message = if implicit {
                    "the rule omits `priority`, which Terraform sends as 0, and another rule has priority 0 too".to_string()
                } else {
                    format!("another rule has priority {priority} too")
                };
                sink.report(
                    &META,
                    at,
                    format!("{message}: S3 rejects rules of the V2 schema that share a priority"),
                )
                .resource(&replication.address)
                .related(*first, "rule with the same priority")
                .help("give every rule a unique priority (the higher number wins where rules overlap)");
            } else {
                seen.push((priority, at));
            }
        }
    }
}

/// A V2 rule's priority, where it is written (the rule when implicit), and whether it is the
/// provider's implicit 0. `None` for V1 rules, unknown values and CloudFormation rules without
/// one (RL108).
fn priority(replication: &Replication, rule: &ReplicationRule) -> Option<(f64, Span, bool)> {
    if rule.schema != Some(Schema::V2) {
        return None;
    }
    match &rule.priority {
        Some(p) => Some((p.as_number()?, p.span, false)),
        None if replication.dialect == Dialect::Terraform => Some((0.0, rule.span, true)),
        None => None,
    }
}
