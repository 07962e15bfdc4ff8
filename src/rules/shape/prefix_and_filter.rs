//! RL105 prefix-and-filter: a rule uses both the V1 `Prefix` and the V2 `Filter`, or neither.

use crate::diagnostic::Severity;
use crate::model::resource::Dialect;
use crate::model::value::ValueKind;
use crate::rules::access::every_rule;
use crate::rules::{Context, RuleMeta, Sink};

/// RL105.
pub static META: RuleMeta = RuleMeta {
    id: "RL105",
    name: "prefix-and-filter",
    severity: Severity::Error,
    summary: "A rule has both Prefix (schema V1) and Filter (V2), or (CloudFormation) neither.",
    default_enabled: true,
};

/// Flags rules with both `Prefix` and `Filter`; in CloudFormation also rules with neither.
/// Terraform (source and plan) cannot send neither: the provider sends a rule without a filter
/// as a V1 rule with its (possibly empty) prefix, which S3 accepts.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        // Only a known prefix counts (unknown or null proves nothing), and the Terraform
        // provider does not send an empty one (plans show it as "").
        let prefix = rule.prefix.as_ref().filter(|p| {
            !p.is_unknown()
                && p.kind != ValueKind::Null
                && (replication.dialect != Dialect::Terraform || p.as_str() != Some(""))
        });
        let (span, message) = match (prefix, rule.has_filter) {
            (Some(prefix), true) => (
                prefix.span,
                "the rule has both a top-level Prefix (schema V1) and a Filter (V2)",
            ),
            (None, false)
                if !rule.has_unknown_parts && replication.dialect == Dialect::CloudFormation =>
            {
                (rule.span, "the rule has neither a Prefix nor a Filter")
            }
            _ => continue,
        };
        sink.report(&META, span, format!("{message}: AWS rejects the configuration (MalformedXML)"))
            .resource(&replication.address)
            .help("use `Filter` (with `Prefix` inside it when needed), a `Priority` and `DeleteMarkerReplication`");
    }
}
