//! RL502 destination-policy-owner-override: a cross-account rule changes the replica owner, but
//! the destination bucket policy does not let the role do so.

use super::{cross_account_rules, require_destination_grant};
use crate::prelude::*;
use std::collections::HashSet;

declare_rule! {
    id: RL502,
    name: "destination-policy-owner-override",
    severity: Error,
    default_enabled: true,
    summary: "Cross-account with AccessControlTranslation: the destination bucket policy lacks s3:ObjectOwnerOverrideToBucketOwner for the role.",
    check: Some(check),
}

/// Checks each cross-account rule with `AccessControlTranslation`, unless the destination
/// enforces bucket-owner ownership (RL503 covers that case).
pub fn check(model: &Context, sink: &mut Sink) {
    let mut seen = HashSet::new();
    for cross in cross_account_rules(model) {
        let enforced = cross
            .destination
            .and_then(|i| model.buckets.get(i))
            .is_some_and(|b| owner_enforced(b).is_some());
        if cross.rule.destination.access_control_translation.is_some() && !enforced {
            require_destination_grant(
                model,
                sink,
                &META,
                &cross,
                &["s3:ObjectOwnerOverrideToBucketOwner"],
                &mut seen,
            );
        }
    }
}

/// The Object Ownership setting of a bucket when it is `BucketOwnerEnforced`.
pub fn owner_enforced(bucket: &repl_lint_model::Bucket) -> Option<&repl_lint_model::Ownership> {
    bucket
        .ownership
        .iter()
        .find(|o| o.object_ownership.as_str() == Some("BucketOwnerEnforced"))
}
