//! RL120 metrics-threshold-without-rtc: a metrics event threshold without Replication Time Control.

use crate::prelude::*;

declare_rule! {
    id: RL120,
    name: "metrics-threshold-without-rtc",
    severity: Error,
    default_enabled: true,
    summary: "Metrics.EventThreshold is present while ReplicationTime is absent or Disabled.",
    check: Some(check),
}

/// Flags an `EventThreshold` when `ReplicationTime` is absent or known Disabled.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        let destination = &rule.destination;
        let Some(threshold) = destination.metrics.as_ref().and_then(|m| m.threshold) else {
            continue;
        };
        let state = match &destination.replication_time {
            None => "not specified",
            Some(rtc) if rtc.enabled() == Some(false) => "Disabled",
            Some(_) => continue,
        };
        let mut report = sink
            .report(
                &META,
                threshold,
                format!("Metrics has an EventThreshold but ReplicationTime is {state}: S3 rejects the configuration (InvalidArgument: Metrics cannot contain an event threshold when ReplicationTime is not specified or Disabled)"),
            )
            .resource(&replication.address)
            .help("remove the event threshold, or enable ReplicationTime with 15 minutes");
        if let Some(rtc) = &destination.replication_time {
            report = report.related(rtc.span, "replication time");
        }
        let _ = report;
    }
}
