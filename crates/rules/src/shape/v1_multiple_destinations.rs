//! RL110 v1-multiple-destinations: rules of the V1 schema name more than one destination bucket.

use crate::prelude::*;
use repl_lint_iam::Tri;
use repl_lint_model::Schema;
use repl_lint_source::Span;
use repl_lint_syntax::value::Value;

declare_rule! {
    id: RL110,
    name: "v1-multiple-destinations",
    severity: Error,
    default_enabled: true,
    summary: "V1 rules (a Prefix or neither Prefix nor Filter) name more than one destination bucket.",
    check: Some(check),
}

/// Flags a V1 rule whose destination certainly differs from an earlier V1 rule's.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        let mut first: Option<(&Value, Span)> = None;
        for rule in rules(replication)
            .iter()
            .filter(|r| r.schema == Some(Schema::V1))
        {
            let Some(bucket) = &rule.destination.bucket else {
                continue;
            };
            let span = rule.destination.bucket_span;
            let Some((first_bucket, first_span)) = first else {
                first = Some((bucket, span));
                continue;
            };
            if model.same_bucket(replication.unit, first_bucket, bucket) == Tri::No {
                sink.report(
                    &META,
                    span,
                    "rules of the V1 schema (without a Filter) send objects to more than one destination bucket: S3 rejects the configuration (Number of distinct destination bucket ARNs cannot exceed 1)".to_string(),
                )
                .resource(&replication.address)
                .related(first_span, "first destination")
                .help("use `Filter` with a unique `Priority` in every rule (schema V2) to replicate to several buckets");
            }
        }
    }
}
