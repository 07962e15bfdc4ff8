//! RL312 role-kms-encrypt: the role cannot encrypt replicas with the replica key.

use crate::prelude::*;
use crate::require::require;

declare_rule! {
    id: RL312,
    name: "role-kms-encrypt",
    severity: Error,
    default_enabled: true,
    summary: "A replica key is set and the role lacks kms:Encrypt on it (without a replica key: kms:GenerateDataKey on the destination default KMS key, info).",
    check: Some(check),
}

/// Reports the permissions this rule owns in [`crate::needs::needs`] that the role lacks.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require(model, sink, &META, &role_use);
    }
}
