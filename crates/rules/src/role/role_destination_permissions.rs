//! RL305 role-destination-permissions: the role cannot write replicas into the destination.

use crate::access::{require, role_uses};
use crate::{Context, RuleMeta, Sink};
use repl_lint_source::diagnostic::Severity;

/// RL305.
pub static META: RuleMeta = RuleMeta {
    id: "RL305",
    name: "role-destination-permissions",
    severity: Severity::Error,
    summary: "The role lacks s3:ReplicateObject (or s3:ReplicateDelete when delete markers replicate) on destination objects.",
    default_enabled: true,
};

/// Reports the permissions this rule owns in [`crate::access::needs`] that the role lacks.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require(model, sink, &META, &role_use);
    }
}
