//! RL311 role-kms-decrypt: the role cannot decrypt the KMS-encrypted source objects.

use crate::access::{require, role_uses};
use crate::{Context, RuleMeta, Sink};
use repl_lint_source::diagnostic::Severity;

/// RL311.
pub static META: RuleMeta = RuleMeta {
    id: "RL311",
    name: "role-kms-decrypt",
    severity: Severity::Error,
    summary: "SSE-KMS objects are selected and the role lacks kms:Decrypt on the source key (or its conditions never hold for S3).",
    default_enabled: true,
};

/// Reports the permissions this rule owns in [`crate::access::needs`] that the role lacks.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require(model, sink, &META, &role_use);
    }
}
