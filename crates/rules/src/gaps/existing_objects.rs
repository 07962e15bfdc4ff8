//! RL701 existing-objects: live replication copies only objects written after it is set up.

use crate::prelude::*;
use repl_lint_model::BucketLink;
use std::collections::HashSet;

declare_rule! {
    id: RL701,
    name: "existing-objects",
    severity: Info,
    default_enabled: false,
    summary: "Live replication copies only new objects; existing ones need S3 Batch Replication.",
    check: Some(check),
}

/// Notes each source bucket once, at the first configuration that replicates it.
pub fn check(model: &Context, sink: &mut Sink) {
    // Source buckets of the files already noted (one outside the files is noted each time).
    let mut seen: HashSet<usize> = HashSet::new();
    for replication in &model.replications {
        if let BucketLink::Found(index) = replication.source
            && !seen.insert(index)
        {
            continue;
        }
        sink.report(
            &META,
            replication.source_span,
            "replication applies only to objects written after it is configured: objects already in the source bucket are not replicated".to_string(),
        )
        .resource(&replication.address)
        .help("copy existing objects with S3 Batch Replication (its role must trust batchoperations.s3.amazonaws.com)");
    }
}
