//! RL311 role-kms-decrypt: the role cannot decrypt the KMS-encrypted source objects.

use crate::prelude::*;
use crate::require::require;

declare_rule! {
    id: RL311,
    name: "role-kms-decrypt",
    severity: Error,
    default_enabled: true,
    summary: "SSE-KMS objects are selected and the role lacks kms:Decrypt on the source key (or its conditions never hold for S3).",
    check: Some(check),
}

/// Reports the permissions this rule owns in [`crate::needs::needs`] that the role lacks.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require(model, sink, &META, &role_use);
    }
}
