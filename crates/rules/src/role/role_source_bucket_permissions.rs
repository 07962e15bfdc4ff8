//! RL302 role-source-bucket-permissions: the role cannot read the source bucket's configuration.

use crate::access::{require, role_uses};
use crate::{Context, RuleMeta, Sink};
use repl_lint_source::diagnostic::Severity;

/// RL302.
pub static META: RuleMeta = RuleMeta {
    id: "RL302",
    name: "role-source-bucket-permissions",
    severity: Severity::Error,
    summary: "The role lacks s3:GetReplicationConfiguration or s3:ListBucket on the source bucket ARN.",
    default_enabled: true,
};

/// Reports the permissions this rule owns in [`crate::access::needs`] that the role lacks.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require(model, sink, &META, &role_use);
    }
}
