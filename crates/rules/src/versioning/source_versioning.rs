//! RL201 source-versioning: the source bucket's versioning is not Enabled.

use crate::prelude::*;
use crate::versioning;

declare_rule! {
    id: RL201,
    name: "source-versioning",
    severity: Error,
    default_enabled: true,
    summary: "The source bucket's versioning is not Enabled.",
    check: Some(check),
}

/// Checks every configuration's source bucket (even when all rules are Disabled).
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        versioning::check_bucket(
            model,
            sink,
            &META,
            replication,
            &replication.source,
            replication.source_span,
            "source",
        );
    }
}
