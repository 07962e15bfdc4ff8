//! RL308 role-owner-override-permission: the role cannot make the destination bucket owner the replicas' owner.

use crate::access::{require, role_uses};
use crate::{Context, RuleMeta, Sink};
use repl_lint_source::diagnostic::Severity;

/// RL308.
pub static META: RuleMeta = RuleMeta {
    id: "RL308",
    name: "role-owner-override-permission",
    severity: Severity::Error,
    summary: "AccessControlTranslation is set but the role lacks s3:ObjectOwnerOverrideToBucketOwner on the destination objects.",
    default_enabled: true,
};

/// Reports the permissions this rule owns in [`crate::access::needs`] that the role lacks.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require(model, sink, &META, &role_use);
    }
}
