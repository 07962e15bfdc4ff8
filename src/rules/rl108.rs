//! RL108 filter-needs-priority: a CloudFormation `Filter` rule without `Priority`.

use super::access::{replications_in, rules};
use super::{Context, RuleMeta, Sink};
use crate::diagnostic::Severity;
use crate::model::resource::Dialect;

/// RL108.
pub static META: RuleMeta = RuleMeta {
    id: "RL108",
    name: "filter-needs-priority",
    severity: Severity::Error,
    summary: "CloudFormation: a rule with Filter has no Priority.",
    default_enabled: true,
};

/// Flags CloudFormation V2 rules without `Priority` (Terraform always sends one).
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in replications_in(model, Dialect::CloudFormation) {
        for rule in rules(replication) {
            if rule.has_filter && rule.priority.is_none() && !rule.has_unknown_parts {
                sink.report(
                    &META,
                    rule.span,
                    "the rule uses a Filter but has no Priority: S3 requires a priority for every rule of the V2 schema".to_string(),
                )
                .resource(&replication.address)
                .help("add a Priority that is unique among the rules");
            }
        }
    }
}
