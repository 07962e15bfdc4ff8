//! RL305 role-destination-permissions: the role cannot write replicas into the destination.

use crate::prelude::*;

declare_rule! {
    id: RL305,
    name: "role-destination-permissions",
    severity: Error,
    default_enabled: true,
    summary: "The role lacks s3:ReplicateObject (or s3:ReplicateDelete when delete markers replicate) on destination objects.",
    check: owned_needs,
}
