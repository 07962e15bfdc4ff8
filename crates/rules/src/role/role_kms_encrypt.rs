//! RL312 role-kms-encrypt: the role cannot encrypt replicas with the replica key.

use crate::access::{require, role_uses};
use crate::{Context, RuleMeta, Sink};
use repl_lint_source::diagnostic::Severity;

/// RL312.
pub static META: RuleMeta = RuleMeta {
    id: "RL312",
    name: "role-kms-encrypt",
    severity: Severity::Error,
    summary: "A replica key is set and the role lacks kms:Encrypt on it (without a replica key: kms:GenerateDataKey on the destination default KMS key, info).",
    default_enabled: true,
};

/// Reports the permissions this rule owns in [`crate::access::needs`] that the role lacks.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require(model, sink, &META, &role_use);
    }
}
