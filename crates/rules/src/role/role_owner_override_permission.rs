//! RL308 role-owner-override-permission: the role cannot make the destination bucket owner the replicas' owner.

use crate::prelude::*;

declare_rule! {
    id: RL308,
    name: "role-owner-override-permission",
    severity: Error,
    default_enabled: true,
    summary: "AccessControlTranslation is set but the role lacks s3:ObjectOwnerOverrideToBucketOwner on the destination objects.",
    check: owned_needs,
}
