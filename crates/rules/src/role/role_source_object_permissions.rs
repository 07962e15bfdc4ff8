//! RL303 role-source-object-permissions: the role cannot read source object versions.

use crate::access::{require, role_uses};
use crate::{Context, RuleMeta, Sink};
use repl_lint_source::diagnostic::Severity;

/// RL303.
pub static META: RuleMeta = RuleMeta {
    id: "RL303",
    name: "role-source-object-permissions",
    severity: Severity::Error,
    summary: "The role lacks s3:GetObjectVersionForReplication or s3:GetObjectVersionAcl on source objects.",
    default_enabled: true,
};

/// Reports the permissions this rule owns in [`crate::access::needs`] that the role lacks.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require(model, sink, &META, &role_use);
    }
}
