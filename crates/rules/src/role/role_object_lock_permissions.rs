//! RL309 role-object-lock-permissions: the role cannot read the retention settings of locked source objects.

use crate::prelude::*;
use crate::require::require_together;

declare_rule! {
    id: RL309,
    name: "role-object-lock-permissions",
    severity: Error,
    default_enabled: true,
    summary: "The source bucket has Object Lock and the role lacks s3:GetObjectRetention or s3:GetObjectLegalHold on source objects.",
    check: Some(check),
}

/// Reports the permissions this rule owns in [`crate::needs::needs`] that the role lacks,
/// one finding naming every action missing on the same objects.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require_together(model, sink, &META, &role_use);
    }
}
