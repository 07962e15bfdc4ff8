//! RL111 v2-only-element: a rule of the V1 schema uses an element that needs the V2 schema.

use crate::prelude::*;
use repl_lint_model::Schema;
use repl_lint_syntax::resource::Dialect;

declare_rule! {
    id: RL111,
    name: "v2-only-element",
    severity: Error,
    default_enabled: true,
    summary: "DeleteMarkerReplication, ReplicaModifications or ReplicationTime on a V1 (Prefix) rule.",
    check: Some(check),
}

/// Flags each V2-only element of a V1 rule. The legacy inline Terraform block is not flagged for
/// `delete_marker_replication_status`: provider v3 sends it only with a `filter`.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        let legacy_terraform = replication.dialect == Dialect::Terraform && replication.inline;
        for rule in rules(replication)
            .iter()
            .filter(|r| r.schema == Some(Schema::V1))
        {
            let delete_markers = rule
                .delete_marker_replication
                .as_ref()
                .filter(|_| !legacy_terraform)
                .map(|s| ("DeleteMarkerReplication", s.span));
            let modifications = rule
                .replica_modifications
                .as_ref()
                .map(|s| ("ReplicaModifications", s.span));
            let time = rule
                .destination
                .replication_time
                .as_ref()
                .filter(|c| c.known)
                .map(|c| ("ReplicationTime", c.span));
            for (element, span) in [delete_markers, modifications, time].into_iter().flatten() {
                sink.report(
                    &META,
                    span,
                    format!("{element} needs the V2 schema, but the rule has no Filter (schema V1): S3 rejects the configuration"),
                )
                .resource(&replication.address)
                .related(rule.span, "rule of the V1 schema")
                .help(if rule.prefix.is_some() {
                    "replace the top-level prefix with a Filter (with the prefix inside it) and add a Priority"
                } else {
                    "add a Filter (an empty one selects every object) and a Priority"
                });
            }
        }
    }
}
