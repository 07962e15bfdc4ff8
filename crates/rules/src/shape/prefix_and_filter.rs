//! RL105 prefix-and-filter: a rule uses both the V1 `Prefix` and the V2 `Filter`.

use crate::prelude::*;
use repl_lint_syntax::resource::Dialect;
use repl_lint_syntax::value::ValueKind;

declare_rule! {
    id: RL105,
    name: "prefix-and-filter",
    severity: Error,
    default_enabled: true,
    summary: "A rule has both Prefix (schema V1) and Filter (V2).",
    check: Some(check),
}

/// Flags rules with both `Prefix` and `Filter`. A rule with neither is a V1 rule for every
/// object ([`repl_lint_model::ReplicationRule::schema`]), which S3 accepts.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        if !rule.has_filter {
            continue;
        }
        // Only a known prefix counts (unknown or null proves nothing), and the Terraform
        // provider does not send an empty one (plans show it as "").
        let Some(prefix) = rule.prefix.as_ref().filter(|p| {
            !p.is_unknown()
                && p.kind != ValueKind::Null
                && (replication.dialect != Dialect::Terraform || p.as_str() != Some(""))
        }) else {
            continue;
        };
        sink.report(
            &META,
            prefix.span,
            "the rule has both a top-level Prefix (schema V1) and a Filter (V2): AWS rejects the configuration (MalformedXML)".to_string(),
        )
        .resource(&replication.address)
        .help("use `Filter` (with `Prefix` inside it when needed), a `Priority` and `DeleteMarkerReplication`");
    }
}
