//! RL506 cross-account-delete-markers: delete markers replicate into another account only when
//! both the role and the destination bucket policy allow s3:ReplicateDelete.

use super::cross_account_rules;
use crate::prelude::*;

declare_rule! {
    id: RL506,
    name: "cross-account-delete-markers",
    severity: Info,
    default_enabled: true,
    summary: "Cross-account: delete markers replicate only with delete marker replication Enabled and s3:ReplicateDelete in both role and bucket policy.",
    check: Some(check),
}

/// Notes each cross-account rule that replicates delete markers into a bucket outside the files
/// (whose bucket policy, which must allow s3:ReplicateDelete, cannot be checked here; RL501 checks
/// it when the bucket is in the files).
pub fn check(model: &Context, sink: &mut Sink) {
    for cross in cross_account_rules(model) {
        let Some(status) = cross
            .rule
            .delete_marker_replication
            .as_ref()
            .filter(|d| d.enabled == Some(true))
        else {
            continue;
        };
        if cross.destination.is_some() {
            continue;
        }
        sink.report(
            &META,
            status.span,
            "delete markers replicate into another account only if the destination bucket policy, which is not in the files, also allows the replication role `s3:ReplicateDelete`".to_string(),
        )
        .resource(&cross.replication.address)
        .related(cross.rule.destination.bucket_span, "the destination bucket, in another account")
        .help("make sure the destination account's bucket policy grants s3:ReplicateDelete on its objects to the replication role");
    }
}
