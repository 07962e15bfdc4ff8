//! RL302 role-source-bucket-permissions: the role cannot read the source bucket's configuration.

use crate::prelude::*;

declare_rule! {
    id: RL302,
    name: "role-source-bucket-permissions",
    severity: Error,
    default_enabled: true,
    summary: "The role lacks s3:GetReplicationConfiguration or s3:ListBucket on the source bucket ARN.",
    check: owned_needs,
}
