//! RL303 role-source-object-permissions: the role cannot read source object versions.

use crate::prelude::*;

declare_rule! {
    id: RL303,
    name: "role-source-object-permissions",
    severity: Error,
    default_enabled: true,
    summary: "The role lacks s3:GetObjectVersionForReplication or s3:GetObjectVersionAcl on source objects.",
    check: owned_needs,
}
