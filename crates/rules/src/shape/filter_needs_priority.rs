//! RL108 filter-needs-priority: a CloudFormation `Filter` rule without `Priority`.

use crate::prelude::*;
use crate::shape::filter_needs_delete_marker_replication::add_to_rule;
use repl_lint_model::ReplicationRule;
use repl_lint_source::diagnostic::RuleElement;
use repl_lint_syntax::resource::Dialect;

declare_rule! {
    id: RL108,
    name: "filter-needs-priority",
    severity: Error,
    default_enabled: true,
    summary: "CloudFormation: a rule with Filter has no Priority.",
    check: Some(check),
}

/// Flags CloudFormation V2 rules without `Priority` (Terraform always sends one).
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in replications_in(model, Dialect::CloudFormation) {
        let mut free = first_free_priority(rules(replication));
        for rule in rules(replication) {
            if rule.has_filter && rule.priority.is_none() && !rule.has_unknown_parts {
                let fix =
                    free.and_then(|n| add_to_rule(replication, rule, RuleElement::Priority(n)));
                free = free.map(|n| n + 1);
                sink.report(
                    &META,
                    rule.span,
                    "the rule uses a Filter but has no Priority: S3 requires a priority for every rule of the V2 schema".to_string(),
                )
                .resource(&replication.address)
                .help("add a Priority that is unique among the rules")
                .fix(fix);
            }
        }
    }
}

/// One more than the highest priority of `rules` (1 when none has one): the first of the
/// priorities given to the rules that lack one, in order. `None` when a priority is not a known
/// whole number, so no new one is certainly unique.
fn first_free_priority(rules: &[ReplicationRule]) -> Option<u32> {
    let mut highest = 0u32;
    for priority in rules.iter().filter_map(|r| r.priority.as_ref()) {
        let n = priority
            .as_number()
            .filter(|n| n.fract() == 0.0 && *n >= 0.0)?;
        highest = highest.max(u32::try_from(n as u64).ok()?);
    }
    highest.checked_add(1)
}
