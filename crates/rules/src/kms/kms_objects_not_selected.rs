//! RL401 kms-objects-not-selected: the source encrypts with KMS but no rule selects KMS objects.

use crate::kms_needs::kms_default_encryption;
use crate::prelude::*;

declare_rule! {
    id: RL401,
    name: "kms-objects-not-selected",
    severity: Warning,
    default_enabled: true,
    summary: "The source bucket's default encryption is SSE-KMS but no rule enables SseKmsEncryptedObjects.",
    check: Some(check),
}

/// Reports a source bucket whose default encryption is `aws:kms` / `aws:kms:dsse` when every
/// rule of its configuration leaves `SseKmsEncryptedObjects` off (unknown switches stay silent).
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        let Some(bucket) = source_bucket(model, replication) else {
            continue;
        };
        let Some(algorithm) = kms_default_encryption(bucket).and_then(|e| e.algorithm.as_ref())
        else {
            continue;
        };
        let rules = rules(replication);
        let selected_or_unknown = rules.iter().any(|r| {
            r.sse_kms_encrypted_objects
                .as_ref()
                .is_some_and(|s| s.enabled != Some(false))
        });
        if replication.rules.is_none() || rules.is_empty() || selected_or_unknown {
            continue;
        }
        let mut report = sink
            .report(
                &META,
                algorithm.span,
                format!(
                    "bucket `{}` encrypts new objects with SSE-KMS by default, but no replication rule of `{}` selects KMS-encrypted objects: they are silently not replicated",
                    bucket.address, replication.address
                ),
            )
            .resource(&bucket.address)
            .help("enable source_selection_criteria.sse_kms_encrypted_objects (SseKmsEncryptedObjects) and set a replica KMS key in the rule's destination");
        for rule in rules {
            report = report.related(rule.span, "this rule does not select SSE-KMS objects");
        }
    }
}
