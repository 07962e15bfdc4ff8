//! RL601 object-lock-destination: the source bucket has Object Lock and the destination does not.

use std::collections::HashSet;

use crate::prelude::*;
use repl_lint_model::placement::destination_bucket;
use repl_lint_model::{Bucket, BucketLink, Model};

declare_rule! {
    id: RL601,
    name: "object-lock-destination",
    severity: Error,
    default_enabled: true,
    summary: "The source bucket has Object Lock enabled and the destination bucket does not.",
    check: Some(check),
}

/// Whether a bucket has Object Lock: `Some(true)` when some setting enables it, `Some(false)`
/// when every setting is known and none does (or there is none), `None` when unresolved.
fn lock_state(bucket: &Bucket) -> Option<bool> {
    if bucket.object_lock.iter().any(|l| l.enabled == Some(true)) {
        return Some(true);
    }
    if bucket.object_lock.iter().any(|l| l.enabled.is_none()) {
        return None;
    }
    Some(false)
}

/// True when a bucket has no Object Lock setting while its unit holds an Object Lock
/// configuration resource whose bucket cannot be resolved: it may be this one.
fn may_be_locked_elsewhere(model: &Model, bucket: &Bucket) -> bool {
    let unresolved = |address: &String| {
        model
            .bucket_attributes
            .get(&(bucket.unit, address.clone()))
            .is_none_or(|v| !matches!(model.resolve_bucket(bucket.unit, v), BucketLink::Found(_)))
    };
    bucket.object_lock.is_empty()
        && model.nodes.get(bucket.unit).is_some_and(|nodes| {
            nodes.values().any(|n| {
                n.type_name == "aws_s3_bucket_object_lock_configuration" && unresolved(&n.address)
            })
        })
}

/// Reports each destination bucket (in the files) without Object Lock for a locked source,
/// once per configuration and bucket.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        let BucketLink::Found(source) = replication.source else {
            continue;
        };
        let Some(source) = model.buckets.get(source) else {
            continue;
        };
        let Some(lock) = source.object_lock.iter().find(|l| l.enabled == Some(true)) else {
            continue;
        };
        let mut reported = HashSet::new();
        for rule in rules(replication)
            .iter()
            .filter(|r| r.enabled != Some(false))
        {
            let Some(index) = destination_bucket(model, replication, rule) else {
                continue;
            };
            let Some(destination) = model.buckets.get(index) else {
                continue;
            };
            if lock_state(destination) != Some(false)
                || may_be_locked_elsewhere(model, destination)
                || !reported.insert(index)
            {
                continue;
            }
            let primary = destination
                .object_lock
                .first()
                .map_or(destination.header, |l| l.span);
            sink.report(
                &META,
                primary,
                format!(
                    "destination bucket `{}` does not have Object Lock enabled, but source bucket `{}` does: replication fails with DstBucketObjectLockConfigMissing",
                    destination.address, source.address
                ),
            )
            .resource(&replication.address)
            .related(lock.span, "Object Lock is enabled on the source bucket here")
            .related(rule.destination.bucket_span, &format!("`{}` replicates into this bucket", replication.address))
            .help("enable Object Lock on the destination bucket (object_lock_enabled = true / ObjectLockEnabled: true)");
        }
    }
}
