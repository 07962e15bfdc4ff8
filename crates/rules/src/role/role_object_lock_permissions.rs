//! RL309 role-object-lock-permissions: the role cannot read the retention settings of locked source objects.

use crate::access::{require_together, role_uses};
use crate::{Context, RuleMeta, Sink};
use repl_lint_source::diagnostic::Severity;

/// RL309.
pub static META: RuleMeta = RuleMeta {
    id: "RL309",
    name: "role-object-lock-permissions",
    severity: Severity::Error,
    summary: "The source bucket has Object Lock and the role lacks s3:GetObjectRetention or s3:GetObjectLegalHold on source objects.",
    default_enabled: true,
};

/// Reports the permissions this rule owns in [`crate::access::needs`] that the role lacks,
/// one finding naming every action missing on the same objects.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require_together(model, sink, &META, &role_use);
    }
}
