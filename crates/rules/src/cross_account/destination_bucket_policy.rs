//! RL501 destination-bucket-policy: a destination bucket in another account does not let the
//! replication role write replicas.

use super::{cross_account_rules, replicates_delete_markers, require_destination_grant};
use crate::prelude::*;
use std::collections::HashSet;

declare_rule! {
    id: RL501,
    name: "destination-bucket-policy",
    severity: Error,
    default_enabled: true,
    summary: "Cross-account: the destination bucket policy does not allow the role s3:ReplicateObject (and s3:ReplicateDelete when delete markers replicate).",
    check: Some(check),
}

/// Evaluates the destination bucket's policies for each cross-account rule whose destination
/// bucket is in the files.
pub fn check(model: &Context, sink: &mut Sink) {
    let mut seen = HashSet::new();
    for cross in cross_account_rules(model) {
        let actions: &[&str] = if replicates_delete_markers(cross.rule) {
            &["s3:ReplicateObject", "s3:ReplicateDelete"]
        } else {
            &["s3:ReplicateObject"]
        };
        require_destination_grant(model, sink, &META, &cross, actions, &mut seen);
    }
}
