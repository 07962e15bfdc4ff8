//! RL202 destination-versioning: a destination bucket in the files has versioning not Enabled.

use crate::prelude::*;
use crate::versioning;
use repl_lint_model::BucketLink;

declare_rule! {
    id: RL202,
    name: "destination-versioning",
    severity: Error,
    default_enabled: true,
    summary: "The destination bucket has versioning not Enabled.",
    check: Some(check),
}

/// Checks each distinct destination bucket of every configuration once.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        let mut seen: Vec<BucketLink> = Vec::new();
        for rule in rules(replication) {
            let Some(value) = &rule.destination.bucket else {
                continue;
            };
            let link = model.resolve_bucket(replication.unit, value);
            if seen.contains(&link) {
                continue;
            }
            seen.push(link.clone());
            versioning::check_bucket(
                model,
                sink,
                &META,
                replication,
                &link,
                rule.destination.bucket_span,
                "destination",
            );
        }
    }
}
