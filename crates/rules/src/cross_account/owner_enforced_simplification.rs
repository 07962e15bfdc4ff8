//! RL503 owner-enforced-simplification: replica ownership translation is unnecessary when the
//! destination bucket enforces bucket-owner ownership.

use super::destination_policy_owner_override::owner_enforced;
use crate::prelude::*;
use repl_lint_model::placement::destination_bucket;

declare_rule! {
    id: RL503,
    name: "owner-enforced-simplification",
    severity: Info,
    default_enabled: true,
    summary: "The destination enforces bucket-owner ownership: AccessControlTranslation and its permission are unnecessary.",
    check: Some(check),
}

/// Reports each `AccessControlTranslation` whose destination bucket (in the files) has Object
/// Ownership `BucketOwnerEnforced`.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule, translation) in translations(model) {
        let bucket =
            destination_bucket(model, replication, rule).and_then(|i| model.buckets.get(i));
        let Some((bucket, ownership)) = bucket.and_then(|b| Some((b, owner_enforced(b)?))) else {
            continue;
        };
        sink.report(
                &META,
                translation,
                format!(
                    "destination bucket `{}` enforces bucket-owner Object Ownership: replicas already belong to its owner, so AccessControlTranslation and s3:ObjectOwnerOverrideToBucketOwner are unnecessary",
                    bucket.address
                ),
            )
            .resource(&replication.address)
            .related(ownership.span, "Object Ownership is BucketOwnerEnforced here")
            .help("remove AccessControlTranslation (and the owner-override permission), or keep it knowingly");
    }
}
