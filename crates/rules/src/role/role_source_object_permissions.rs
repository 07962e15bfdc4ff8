//! RL303 role-source-object-permissions: the role cannot read source object versions.

use crate::prelude::*;
use crate::require::require;

declare_rule! {
    id: RL303,
    name: "role-source-object-permissions",
    severity: Error,
    default_enabled: true,
    summary: "The role lacks s3:GetObjectVersionForReplication or s3:GetObjectVersionAcl on source objects.",
    check: Some(check),
}

/// Reports the permissions this rule owns in [`crate::needs::needs`] that the role lacks.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require(model, sink, &META, &role_use);
    }
}
