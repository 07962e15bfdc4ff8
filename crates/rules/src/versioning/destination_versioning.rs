//! RL202 destination-versioning: a destination bucket in the files has versioning not Enabled.

use crate::access::rules;
use crate::{Context, RuleMeta, Sink, versioning};
use repl_lint_model::BucketLink;
use repl_lint_source::diagnostic::Severity;

/// RL202.
pub static META: RuleMeta = RuleMeta {
    id: "RL202",
    name: "destination-versioning",
    severity: Severity::Error,
    summary: "The destination bucket has versioning not Enabled.",
    default_enabled: true,
};

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
