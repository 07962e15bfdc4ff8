//! RL107 filter-needs-delete-marker-replication: a `Filter` rule without `DeleteMarkerReplication`.

use crate::prelude::*;
use repl_lint_model::{Replication, ReplicationRule};
use repl_lint_source::diagnostic::RuleElement;
use repl_lint_syntax::resource::Dialect;

declare_rule! {
    id: RL107,
    name: "filter-needs-delete-marker-replication",
    severity: Error,
    default_enabled: true,
    summary: "A rule with Filter has no DeleteMarkerReplication.",
    check: Some(check),
}

/// Flags V2 rules without `DeleteMarkerReplication` (CloudFormation, and the Terraform standalone
/// resource without a `delete_marker_replication` block; the legacy inline form is not flagged).
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        let legacy_terraform = replication.dialect == Dialect::Terraform && replication.inline;
        if legacy_terraform {
            continue;
        }
        for rule in rules(replication) {
            if rule.has_filter
                && rule.delete_marker_replication.is_none()
                && !rule.has_unknown_parts
            {
                sink.report(
                    &META,
                    rule.span,
                    "the rule uses a Filter but sets no DeleteMarkerReplication: AWS rejects it (InvalidRequest: DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema)".to_string(),
                )
                .resource(&replication.address)
                .help("add DeleteMarkerReplication with Status Enabled or Disabled")
                .fix(add_to_rule(replication, rule, RuleElement::DeleteMarkerReplicationDisabled));
            }
        }
    }
}

/// The fix that writes `element` after the rule's filter (not for plan values).
pub(super) fn add_to_rule(
    replication: &Replication,
    rule: &ReplicationRule,
    element: RuleElement,
) -> Option<FixIntent> {
    let filter = rule.filter_span.filter(|_| !replication.from_plan)?;
    Some(FixIntent::AddToRule {
        rule: rule.span,
        filter,
        element,
    })
}
