//! RL304 role-source-tagging-permission: objects replicate without their tags.

use crate::access::{require, role_uses};
use crate::{Context, RuleMeta, Sink};
use repl_lint_source::diagnostic::Severity;

/// RL304.
pub static META: RuleMeta = RuleMeta {
    id: "RL304",
    name: "role-source-tagging-permission",
    severity: Severity::Warning,
    summary: "The role lacks s3:GetObjectVersionTagging on source objects: replicas lose their tags.",
    default_enabled: true,
};

/// Reports the permissions this rule owns in [`crate::access::needs`] that the role lacks.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require(model, sink, &META, &role_use);
    }
}
