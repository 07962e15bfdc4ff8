//! RL403 replica-key-region: the replica KMS key is in another region than the destination bucket.

use crate::prelude::*;
use repl_lint_model::KeyLink;
use repl_lint_model::placement::{destination_bucket, key_placement, region_of_bucket};

declare_rule! {
    id: RL403,
    name: "replica-key-region",
    severity: Error,
    default_enabled: true,
    summary: "The replica KMS key is in a different region than the destination bucket.",
    check: Some(check),
}

/// Compares each replica key's region (from its ARN, or its key resource's provider region) with
/// the destination bucket's region; stays silent when either is unknown.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        let Some(key) = &rule.destination.replica_kms_key else {
            continue;
        };
        let Some(index) = destination_bucket(model, replication, rule) else {
            continue;
        };
        let Some(bucket) = model.buckets.get(index) else {
            continue;
        };
        let key_region = key_placement(model, replication.unit, key).region;
        let bucket_region = region_of_bucket(model, index);
        if key_region.same(&bucket_region) != Some(false) {
            continue;
        }
        let report = sink.report(
            &META,
            key.span,
            format!(
                "replica key is in region {} but destination bucket `{}` is in {}: replication fails with DstKmsKeyNotFound",
                key_region.describe(),
                bucket.address,
                bucket_region.describe()
            ),
        )
        .resource(&replication.address)
        .related(bucket.header, "destination bucket defined here")
        .help("use a KMS key in the destination bucket's region (a multi-Region replica key works too)");
        if let KeyLink::Found(i) = model.resolve_key(replication.unit, key)
            && let Some(defined) = model.keys.get(i)
        {
            report.related(defined.header, "replica key defined here");
        }
    }
}
