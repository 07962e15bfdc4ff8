//! RL115 existing-object-replication: the `existing_object_replication` element is enabled.

use crate::prelude::*;

declare_rule! {
    id: RL115,
    name: "existing-object-replication",
    severity: Error,
    default_enabled: true,
    summary: "existing_object_replication is rejected (MalformedXML) unless AWS enabled it for the account; use S3 Batch Replication.",
    check: Some(check),
}

/// Flags an `existing_object_replication` element whose status is Enabled.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        let Some(element) = rule
            .existing_object_replication
            .as_ref()
            .filter(|e| e.enabled() == Some(true))
        else {
            continue;
        };
        sink.report(
            &META,
            element.span,
            "existing object replication is only available to accounts AWS Support enabled it for: elsewhere S3 rejects the configuration (MalformedXML)".to_string(),
        )
        .resource(&replication.address)
        .help("remove the block and copy existing objects with S3 Batch Replication");
    }
}
