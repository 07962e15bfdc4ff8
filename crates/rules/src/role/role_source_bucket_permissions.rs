//! RL302 role-source-bucket-permissions: the role cannot read the source bucket's configuration.

use crate::prelude::*;
use crate::require::require;

declare_rule! {
    id: RL302,
    name: "role-source-bucket-permissions",
    severity: Error,
    default_enabled: true,
    summary: "The role lacks s3:GetReplicationConfiguration or s3:ListBucket on the source bucket ARN.",
    check: Some(check),
}

/// Reports the permissions this rule owns in [`crate::needs::needs`] that the role lacks.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require(model, sink, &META, &role_use);
    }
}
