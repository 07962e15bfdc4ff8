//! RL302 role-source-bucket-permissions: the role cannot read the source bucket's configuration.

use super::access::{Need, require, role_uses, source_arn};
use super::{RuleMeta, Sink};
use crate::diagnostic::Severity;
use crate::model::Model;

/// RL302.
pub static META: RuleMeta = RuleMeta {
    id: "RL302",
    name: "role-source-bucket-permissions",
    severity: Severity::Error,
    summary: "The role lacks s3:GetReplicationConfiguration or s3:ListBucket on the source bucket ARN.",
    default_enabled: true,
};

/// Checks the bucket-level source permissions.
pub fn check(model: &Model, sink: &mut Sink) {
    for role_use in role_uses(model) {
        let Some(bucket) = source_arn(model, role_use.replication) else {
            continue;
        };
        let needs: Vec<Need> = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
            .into_iter()
            .map(|action| Need {
                action,
                resource: bucket.clone(),
                what: "the source bucket",
                severity: Severity::Error,
            })
            .collect();
        require(sink, &META, &role_use, &needs);
    }
}
