//! RL304 role-source-tagging-permission: objects replicate without their tags.

use super::access::{Need, object_arn, require, role_uses, rules, source_arn};
use super::{RuleMeta, Sink};
use crate::diagnostic::Severity;
use crate::model::Model;

/// RL304.
pub static META: RuleMeta = RuleMeta {
    id: "RL304",
    name: "role-source-tagging-permission",
    severity: Severity::Warning,
    summary: "The role lacks s3:GetObjectVersionTagging on source objects: replicas lose their tags.",
    default_enabled: true,
};

/// Checks `s3:GetObjectVersionTagging` on the objects each rule selects.
pub fn check(model: &Model, sink: &mut Sink) {
    for role_use in role_uses(model) {
        let Some(bucket) = source_arn(model, role_use.replication) else {
            continue;
        };
        let needs = rules(role_use.replication)
            .iter()
            .map(|rule| Need {
                action: "s3:GetObjectVersionTagging",
                resource: object_arn(model, role_use.replication, &bucket, rule),
                what: "source objects",
                severity: Severity::Warning,
            })
            .collect();
        require(sink, &META, &role_use, &super::rl303::dedup(needs));
    }
}
