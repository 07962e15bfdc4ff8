//! RL103 destination-is-source: a rule replicates a bucket into itself.

use crate::prelude::*;
use repl_lint_model::BucketLink;

declare_rule! {
    id: RL103,
    name: "destination-is-source",
    severity: Error,
    default_enabled: true,
    summary: "The destination ARN names the source bucket.",
    check: Some(check),
}

/// Flags rules whose destination resolves to the source bucket.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        let BucketLink::Found(source) = replication.source else {
            continue;
        };
        for rule in rules(replication) {
            let Some(bucket) = &rule.destination.bucket else {
                continue;
            };
            if model.resolve_bucket(replication.unit, bucket) == BucketLink::Found(source) {
                let name = model.buckets.get(source).map_or("", |b| b.address.as_str());
                let mut report = sink
                    .report(
                        &META,
                        rule.destination.bucket_span,
                        format!("the destination is the source bucket `{name}` itself"),
                    )
                    .resource(&replication.address)
                    .help("replicate into another bucket");
                if let Some(b) = model.buckets.get(source) {
                    report = report.related(b.header, "source bucket defined here");
                }
                let _ = report;
            }
        }
    }
}
