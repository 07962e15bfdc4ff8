//! RL402 kms-selection-needs-replica-key: SSE-KMS objects selected without a replica key, or a
//! replica key without the selection.

use crate::prelude::*;

declare_rule! {
    id: RL402,
    name: "kms-selection-needs-replica-key",
    severity: Error,
    default_enabled: true,
    summary: "SseKmsEncryptedObjects is Enabled without a ReplicaKmsKeyID (error), or a replica key is set without it (warning).",
    check: Some(check),
}

/// Compares each rule's `SseKmsEncryptedObjects` switch with its destination's replica key.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        let selected = rule.sse_kms_encrypted_objects.as_ref();
        let destination = &rule.destination;
        match (selected.map(|s| s.enabled), &destination.replica_kms_key) {
            (Some(Some(true)), None) if destination.bucket.is_some() => {
                let mut report = sink
                    .report(
                        &META,
                        destination.span,
                        "the rule replicates SSE-KMS objects but its destination sets no replica KMS key: PutBucketReplication rejects it".to_string(),
                    )
                    .resource(&replication.address)
                    .help("add encryption_configuration { replica_kms_key_id = <key ARN> } (EncryptionConfiguration.ReplicaKmsKeyID) to the destination");
                if let Some(s) = selected {
                    report = report.related(s.span, "SSE-KMS objects are selected here");
                }
            }
            // An unknown key (a `dynamic` block or a value that may be null) may be absent:
            // no warning on a replica key that may not be set.
            (None | Some(Some(false)), Some(key)) if !key.is_unknown() => {
                sink.report(
                    &META,
                    key.span,
                    "a replica KMS key is set but the rule does not select SSE-KMS objects: SSE-KMS objects are still not replicated".to_string(),
                )
                .severity(Severity::Warning)
                .resource(&replication.address)
                .help("enable source_selection_criteria.sse_kms_encrypted_objects (SseKmsEncryptedObjects), or remove the replica key");
            }
            _ => {}
        }
    }
}
