//! Versioning and ordering (RL2xx): the source and destination buckets' versioning and creation order; also bucket versioning as replication needs it, shared by the source and destination rules.

pub mod destination_created_first;
pub mod destination_versioning;
pub mod source_versioning;
pub mod versioning_ordering;

use crate::model::{BucketLink, Model, Replication, VersioningStatus};
use crate::rules::{RuleMeta, Sink, input::unverifiable};
use crate::source::Span;

/// Reports a bucket whose versioning is not `Enabled`. `span` is the attribute of the
/// configuration that names the bucket; `role` is "source" or "destination".
pub fn check_bucket(
    model: &Model,
    sink: &mut Sink,
    meta: &'static RuleMeta,
    replication: &Replication,
    link: &BucketLink,
    span: Span,
    role: &str,
) {
    let bucket = match link {
        BucketLink::Found(i) => match model.buckets.get(*i) {
            Some(b) => b,
            None => return,
        },
        BucketLink::External(name) => {
            unverifiable::note(
                sink,
                span,
                &replication.address,
                meta,
                &format!("the {role} bucket `{name}` is not defined in the linted files"),
            );
            return;
        }
        BucketLink::Dangling(_) => return,
    };
    let help = format!(
        "add an aws_s3_bucket_versioning resource with status = \"Enabled\" for the {role} bucket"
    );
    if bucket
        .versioning
        .iter()
        .any(|v| v.status == VersioningStatus::Enabled)
    {
        return;
    }
    if let Some(v) = bucket
        .versioning
        .iter()
        .find(|v| v.status != VersioningStatus::Unknown)
    {
        let status = match v.status {
            VersioningStatus::Suspended => "Suspended",
            _ => "not enabled",
        };
        sink.report(
            meta,
            v.status_span,
            format!("{role} bucket `{}` has versioning {status}: replication requires versioning Enabled on both buckets", bucket.address),
        )
        .resource(&replication.address)
        .related(span, &format!("the replication configuration names this {role} bucket"))
        .related(bucket.header, &format!("{role} bucket defined here"))
        .help(&help);
        return;
    }
    // Versioning set by an unresolved value, or a versioning resource whose bucket cannot be
    // resolved (it may be this bucket's): say so instead of guessing.
    if !bucket.versioning.is_empty()
        || model
            .units_with_unattached_versioning
            .contains(&bucket.unit)
    {
        unverifiable::note(
            sink,
            span,
            &replication.address,
            meta,
            &format!(
                "the versioning status of {role} bucket `{}` depends on a value that is not in the files",
                bucket.address
            ),
        );
        return;
    }
    sink.report(
        meta,
        span,
        format!(
            "{role} bucket `{}` does not have versioning enabled",
            bucket.address
        ),
    )
    .resource(&replication.address)
    .related(bucket.header, &format!("{role} bucket defined here"))
    .help(&help);
}
