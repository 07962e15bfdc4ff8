//! RL201 source-versioning: the source bucket's versioning is not Enabled.

use crate::{Context, RuleMeta, Sink, versioning};
use repl_lint_source::diagnostic::Severity;

/// RL201.
pub static META: RuleMeta = RuleMeta {
    id: "RL201",
    name: "source-versioning",
    severity: Severity::Error,
    summary: "The source bucket's versioning is not Enabled.",
    default_enabled: true,
};

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
