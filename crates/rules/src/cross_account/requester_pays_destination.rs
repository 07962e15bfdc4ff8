//! RL505 requester-pays-destination: a destination bucket in another account has Requester
//! Pays enabled.

use super::cross_account_rules;
use crate::prelude::*;

declare_rule! {
    id: RL505,
    name: "requester-pays-destination",
    severity: Error,
    default_enabled: true,
    summary: "Cross-account destination bucket with Requester Pays enabled.",
    check: Some(check),
}

/// Reports each cross-account destination bucket (in the files) whose payer is `Requester`,
/// once per bucket. CloudFormation has no Requester Pays property, so only Terraform sets it.
pub fn check(model: &Context, sink: &mut Sink) {
    let mut reported = Vec::new();
    for cross in cross_account_rules(model) {
        let Some(index) = cross.destination.filter(|i| !reported.contains(i)) else {
            continue;
        };
        let Some(bucket) = model.buckets.get(index) else {
            continue;
        };
        let Some(payer) = bucket
            .request_payer
            .as_ref()
            .filter(|p| p.as_str() == Some("Requester"))
        else {
            continue;
        };
        reported.push(index);
        sink.report(
            &META,
            payer.span,
            format!(
                "destination bucket `{}` is in another account and has Requester Pays enabled: replication into it fails",
                bucket.address
            ),
        )
        .resource(&cross.replication.address)
        .related(
            cross.rule.destination.bucket_span,
            &format!("`{}` replicates into this bucket", cross.replication.address),
        )
        .help("set payer = \"BucketOwner\" on the destination bucket");
    }
}
