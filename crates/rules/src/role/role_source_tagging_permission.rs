//! RL304 role-source-tagging-permission: objects replicate without their tags.

use crate::prelude::*;
use crate::require::require;

declare_rule! {
    id: RL304,
    name: "role-source-tagging-permission",
    severity: Warning,
    default_enabled: true,
    summary: "The role lacks s3:GetObjectVersionTagging on source objects: replicas lose their tags.",
    check: Some(check),
}

/// Reports the permissions this rule owns in [`crate::needs::needs`] that the role lacks.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        require(model, sink, &META, &role_use);
    }
}
