//! RL119 rtc-minutes: a Replication Time Control or metrics threshold other than 15 minutes.

use crate::prelude::*;

declare_rule! {
    id: RL119,
    name: "rtc-minutes",
    severity: Error,
    default_enabled: true,
    summary: "ReplicationTime.Time.Minutes or Metrics.EventThreshold.Minutes is not 15.",
    check: Some(check),
}

/// The only value S3 accepts for both times.
const MINUTES: f64 = 15.0;

/// Flags a known number of minutes other than 15.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        let destination = &rule.destination;
        let controls = [
            (
                "ReplicationTime.Time.Minutes",
                &destination.replication_time,
            ),
            ("Metrics.EventThreshold.Minutes", &destination.metrics),
        ];
        for (name, control) in controls {
            let Some(minutes) = control.as_ref().and_then(|c| c.minutes.as_ref()) else {
                continue;
            };
            let Some(n) = minutes.as_number().filter(|n| *n != MINUTES) else {
                continue;
            };
            sink.report(
                &META,
                minutes.span,
                format!("{name} is {n}: S3 accepts only 15"),
            )
            .resource(&replication.address)
            .help("set the minutes to 15");
        }
    }
}
