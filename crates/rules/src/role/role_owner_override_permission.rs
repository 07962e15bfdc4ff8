//! RL308 role-owner-override-permission: the role cannot make the destination bucket owner the replicas' owner.

use crate::prelude::*;
use crate::require::require;

declare_rule! {
    id: RL308,
    name: "role-owner-override-permission",
    severity: Error,
    default_enabled: true,
    summary: "AccessControlTranslation is set but the role lacks s3:ObjectOwnerOverrideToBucketOwner on the destination objects.",
    check: Some(check),
}

/// Reports the permissions this rule owns in [`crate::needs::needs`] that the role lacks.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require(model, sink, &META, &role_use);
    }
}
