//! RL123 all-rules-disabled: every rule of a configuration is Disabled, so nothing replicates.

use crate::prelude::*;
use repl_lint_syntax::value::Value;

declare_rule! {
    id: RL123,
    name: "all-rules-disabled",
    severity: Info,
    default_enabled: true,
    summary: "Every rule of the replication configuration is Disabled: it is accepted and replicates nothing.",
    check: Some(check),
}

/// Flags a configuration with at least one rule whose every rule has the status `Disabled`
/// (an unknown or other status decides nothing), at the first rule's status.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        let Some(rules) = replication.rules.as_deref().filter(|r| !r.is_empty()) else {
            continue;
        };
        let statuses: Option<Vec<&Value>> = rules.iter().map(|r| r.status.as_ref()).collect();
        let Some(statuses) = statuses.filter(|s| s.iter().all(|v| v.as_str() == Some("Disabled")))
        else {
            continue;
        };
        let count = statuses.len();
        let what = match count {
            1 => "its only rule is".to_string(),
            _ => format!("all {count} rules are"),
        };
        let mut report = sink
            .report(
                &META,
                statuses[0].span,
                format!("the replication configuration is accepted but replicates nothing: {what} Disabled"),
            )
            .resource(&replication.address)
            .help("set a rule's Status to Enabled, or remove the configuration if the pause is not deliberate");
        for status in &statuses[1..] {
            report = report.related(status.span, "also Disabled");
        }
        let _ = report;
    }
}
