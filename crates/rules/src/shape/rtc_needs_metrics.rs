//! RL118 rtc-needs-metrics: Replication Time Control enabled without replication metrics.

use crate::prelude::*;

declare_rule! {
    id: RL118,
    name: "rtc-needs-metrics",
    severity: Error,
    default_enabled: true,
    summary: "ReplicationTime is Enabled without Metrics Enabled.",
    check: Some(check),
}

/// Flags an Enabled `ReplicationTime` whose destination has no `Metrics`, or `Metrics` known to
/// be Disabled.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        let destination = &rule.destination;
        let Some(rtc) = destination
            .replication_time
            .as_ref()
            .filter(|c| c.enabled() == Some(true))
        else {
            continue;
        };
        let rtc_at = rtc.status.as_ref().map_or(rtc.span, |s| s.span);
        // Metrics Disabled: point at that status; no Metrics: at the RTC that needs them.
        let (at, message) = match &destination.metrics {
            None => (rtc_at, "has no Metrics"),
            Some(m) if m.enabled() == Some(false) => (
                m.status.as_ref().map_or(m.span, |s| s.span),
                "has Metrics Disabled",
            ),
            Some(_) => continue,
        };
        let mut report = sink
            .report(
                &META,
                at,
                format!("Replication Time Control is Enabled but the destination {message}: S3 requires metrics with RTC"),
            )
            .resource(&replication.address)
            .help("add Metrics with Status Enabled and an EventThreshold of 15 minutes");
        if at != rtc_at {
            report = report.related(rtc_at, "Replication Time Control enabled here");
        }
        let _ = report;
    }
}
