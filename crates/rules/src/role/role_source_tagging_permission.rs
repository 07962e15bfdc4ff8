//! RL304 role-source-tagging-permission: objects replicate without their tags.

use crate::prelude::*;

declare_rule! {
    id: RL304,
    name: "role-source-tagging-permission",
    severity: Warning,
    default_enabled: true,
    summary: "The role lacks s3:GetObjectVersionTagging on source objects: replicas lose their tags.",
    check: owned_needs,
}
