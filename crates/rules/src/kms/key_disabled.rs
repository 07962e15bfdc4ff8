//! RL407 key-disabled: a KMS key that replication uses is disabled or pending deletion.

use std::collections::HashSet;

use crate::kms_needs::kms_default_encryption;
use crate::prelude::*;
use repl_lint_model::KeyLink;
use repl_lint_syntax::value::Value;

declare_rule! {
    id: RL407,
    name: "key-disabled",
    severity: Warning,
    default_enabled: true,
    summary: "A KMS key that replication uses is disabled or pending deletion.",
    check: Some(check),
}

/// Reports, once per key, a source or replica key whose `is_enabled` / `Enabled` is false or
/// whose state (read by a plan) is `Disabled` or `PendingDeletion`.
pub fn check(model: &Context, sink: &mut Sink) {
    let mut reported = HashSet::new();
    for replication in &model.replications {
        let source_key = source_bucket(model, replication)
            .and_then(kms_default_encryption)
            .and_then(|e| e.kms_key.as_ref())
            .map(|v| (v, "the source bucket's default encryption key"));
        let replica_keys = rules(replication).iter().filter_map(|r| {
            r.destination
                .replica_kms_key
                .as_ref()
                .map(|v| (v, "the replica key"))
        });
        for (value, role) in source_key.into_iter().chain(replica_keys) {
            let KeyLink::Found(i) = model.resolve_key(replication.unit, value) else {
                continue;
            };
            let Some(key) = model.keys.get(i) else {
                continue;
            };
            let Some((span, why)) = unusable(key.enabled.as_ref(), key.state.as_ref()) else {
                continue;
            };
            if !reported.insert(i) {
                continue;
            }
            sink.report(
                &META,
                span,
                format!(
                    "key `{}` is {why}, but it is {role} of `{}`: S3 cannot use it, so replication of the objects it protects fails",
                    key.address, replication.address
                ),
            )
            .resource(&key.address)
            .related(value.span, "the key is used here")
            .help("enable the key (and cancel its deletion), or replicate with another key");
        }
    }
}

/// Where a key is said to be unusable, and why: `enabled = false`, or a `Disabled` /
/// `PendingDeletion` / `PendingReplicaDeletion` state.
fn unusable(
    enabled: Option<&Value>,
    state: Option<&Value>,
) -> Option<(repl_lint_source::Span, &'static str)> {
    if let Some(v) = enabled.filter(|v| v.as_bool() == Some(false)) {
        return Some((v.span, "disabled"));
    }
    let state = state?;
    match state.as_str()? {
        "Disabled" => Some((state.span, "disabled")),
        "PendingDeletion" | "PendingReplicaDeletion" => Some((state.span, "pending deletion")),
        _ => None,
    }
}
