//! RL002 unresolved-reference: a reference a replication check needs points at nothing.

use crate::prelude::*;
use repl_lint_model::{Model, Replication};
use repl_lint_source::Span;
use repl_lint_syntax::value::{Value, ValueKind};

declare_rule! {
    id: RL002,
    name: "unresolved-reference",
    severity: Info,
    default_enabled: true,
    summary: "A reference that a rule needed (role, bucket, key, policy) points at nothing in the linted files.",
    check: Some(check),
}

/// Reports dangling role, source and destination references of every replication configuration.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        let mut values: Vec<(&str, &Value)> = Vec::new();
        if let Some(role) = &replication.role {
            values.push(("role", role));
        }
        if let Some(source) = &replication.source_value {
            values.push(("source bucket", source));
        }
        for rule in rules(replication) {
            if let Some(bucket) = &rule.destination.bucket {
                values.push(("destination bucket", bucket));
            }
        }
        for (what, value) in values {
            report_dangling(model, sink, replication, what, value, value.span);
        }
    }
}

fn report_dangling(
    model: &Model,
    sink: &mut Sink,
    replication: &Replication,
    what: &str,
    value: &Value,
    span: Span,
) {
    let ValueKind::Ref(r) = &value.kind else {
        return;
    };
    if model.is_dangling(replication.unit, r) {
        sink.report(
            &META,
            span,
            format!(
                "{what} `{}` is not defined in the linted files",
                r.display()
            ),
        )
        .resource(&replication.address)
        .help("check the resource address for a typo, or lint the directory that defines it too");
    }
}
