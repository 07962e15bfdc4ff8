//! RL305 role-destination-permissions: the role cannot write replicas into the destination.

use crate::prelude::*;
use crate::require::require;

declare_rule! {
    id: RL305,
    name: "role-destination-permissions",
    severity: Error,
    default_enabled: true,
    summary: "The role lacks s3:ReplicateObject (or s3:ReplicateDelete when delete markers replicate) on destination objects.",
    check: Some(check),
}

/// Reports the permissions this rule owns in [`crate::needs::needs`] that the role lacks.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require(model, sink, &META, &role_use);
    }
}
