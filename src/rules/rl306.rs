//! RL306 object-resource-without-wildcard: object actions granted on the bucket ARN itself.

use super::access::{
    bucket_instead_of_objects, destination_arn, identity_verdict, object_arn, role_uses, rules,
    source_arn,
};
use super::{RuleMeta, Sink};
use crate::diagnostic::Severity;
use crate::iam::Decision;
use crate::model::Model;

/// RL306.
pub static META: RuleMeta = RuleMeta {
    id: "RL306",
    name: "object-resource-without-wildcard",
    severity: Severity::Error,
    summary: "An object-level action is granted only on a resource that matches no object (bucket ARN without /*).",
    default_enabled: true,
};

const SOURCE_ACTIONS: [&str; 3] = [
    "s3:GetObjectVersionForReplication",
    "s3:GetObjectVersionAcl",
    "s3:GetObjectVersionTagging",
];
const DESTINATION_ACTIONS: [&str; 3] = [
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
    "s3:ReplicateTags",
];

/// Points at each resource string that names a bucket where its objects were meant, when that
/// leaves a needed object action ungranted.
pub fn check(model: &Model, sink: &mut Sink) {
    for role_use in role_uses(model) {
        let replication = role_use.replication;
        let mut targets = Vec::new();
        for rule in rules(replication) {
            if let Some(src) = source_arn(model, replication) {
                targets.extend(
                    SOURCE_ACTIONS
                        .iter()
                        .map(|a| (*a, src.clone(), object_arn(model, replication, &src, rule))),
                );
            }
            if let Some(dst) = destination_arn(model, replication, rule) {
                targets.extend(
                    DESTINATION_ACTIONS
                        .iter()
                        .map(|a| (*a, dst.clone(), object_arn(model, replication, &dst, rule))),
                );
            }
        }
        let mut reported = Vec::new();
        for (action, bucket, objects) in targets {
            if identity_verdict(role_use.role, action, &objects).decision != Decision::NotAllowed {
                continue;
            }
            let Some(resource) = bucket_instead_of_objects(role_use.role, action, &bucket) else {
                continue;
            };
            if reported.contains(&resource.span) {
                continue;
            }
            reported.push(resource.span);
            sink.report(
                &META,
                resource.span,
                format!("`{}` matches the bucket, not its objects: `{action}` is never granted on any object", resource.text),
            )
            .resource(&role_use.role.address)
            .related(replication.role_span, &format!("`{}` uses this role", replication.address))
            .help(&format!("use `{}/*` for object-level actions", resource.text));
        }
    }
}
