//! RL305 role-destination-permissions: the role cannot write replicas into the destination.

use super::access::{Need, destination_arn, object_arn, require, role_uses, rules};
use super::{RuleMeta, Sink};
use crate::diagnostic::Severity;
use crate::model::Model;

/// RL305.
pub static META: RuleMeta = RuleMeta {
    id: "RL305",
    name: "role-destination-permissions",
    severity: Severity::Error,
    summary: "The role lacks s3:ReplicateObject (or s3:ReplicateDelete when delete markers replicate) on destination objects.",
    default_enabled: true,
};

/// Checks the write permissions on each rule's destination objects.
pub fn check(model: &Model, sink: &mut Sink) {
    for role_use in role_uses(model) {
        let mut needs = Vec::new();
        for rule in rules(role_use.replication) {
            let Some(bucket) = destination_arn(model, role_use.replication, rule) else {
                continue;
            };
            let objects = object_arn(model, role_use.replication, &bucket, rule);
            let need = |action, severity| Need {
                action,
                resource: objects.clone(),
                what: "destination objects",
                severity,
            };
            needs.push(need("s3:ReplicateObject", Severity::Error));
            let deletes = rule.is_v1()
                || rule
                    .delete_marker_replication
                    .as_ref()
                    .is_some_and(|d| d.enabled == Some(true));
            if deletes {
                needs.push(need("s3:ReplicateDelete", Severity::Error));
            }
            needs.push(need("s3:ReplicateTags", Severity::Info));
        }
        require(sink, &META, &role_use, &super::rl303::dedup(needs));
    }
}
