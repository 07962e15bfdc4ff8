//! RL306 object-resource-without-wildcard: object actions granted on the bucket ARN itself.

use crate::grants::{bucket_instead_of_objects, is_object_level};
use crate::prelude::*;
use repl_lint_iam::Decision;

declare_rule! {
    id: RL306,
    name: "object-resource-without-wildcard",
    severity: Error,
    default_enabled: true,
    summary: "An object-level action is granted only on a resource that matches no object (bucket ARN without /*).",
    check: Some(check),
}

/// Points at each resource string that names a bucket where its objects were meant, when that
/// leaves a needed object action ungranted.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        let replication = role_use.replication;
        let mut reported = Vec::new();
        for (need, (_, decision)) in model
            .needs(replication)
            .iter()
            .zip(model.need_verdicts(replication))
        {
            if !is_object_level(need.action) || *decision != Decision::NotAllowed {
                continue;
            }
            let Some(resource) =
                bucket_instead_of_objects(role_use.role, need.action, &need.bucket_arn)
            else {
                continue;
            };
            if reported.contains(&resource.span) {
                continue;
            }
            reported.push(resource.span);
            sink.report(
                &META,
                resource.span,
                format!(
                    "`{}` matches the bucket, not its objects: `{}` is never granted on any object",
                    resource.text, need.action
                ),
            )
            .resource(&role_use.role.address)
            .related(
                replication.role_span,
                &format!("`{}` uses this role", replication.address),
            )
            .help(&format!(
                "use `{}/*` for object-level actions",
                resource.text
            ))
            .fix(FixIntent::ObjectWildcard {
                resource: resource.span,
            });
        }
    }
}
