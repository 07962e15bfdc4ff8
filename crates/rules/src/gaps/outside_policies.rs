//! RL702 outside-policies: policies outside the files can still deny what replication needs.

use crate::prelude::*;
use repl_lint_model::resolve::RoleLink;

declare_rule! {
    id: RL702,
    name: "outside-policies",
    severity: Info,
    default_enabled: false,
    summary: "SCPs, RCPs, boundaries or policies outside the files can still deny replication.",
    check: Some(check),
}

/// Notes each replication role once (by its resolved role or its written value), at the first
/// configuration that uses it.
pub fn check(model: &Context, sink: &mut Sink) {
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for replication in &model.replications {
        let Some(role) = &replication.role else {
            continue;
        };
        let key = match model.resolve_role(replication.unit, role) {
            RoleLink::Found(i, _) => format!("#{i}"),
            RoleLink::Dangling(text) | RoleLink::External(text) => text,
        };
        if !seen.insert(key) {
            continue;
        }
        sink.report(
            &META,
            replication.role_span,
            "organization SCPs and RCPs, permissions boundaries and policies not in these files can still deny what this role needs".to_string(),
        )
        .resource(&replication.address)
        .help("subscribe to the s3:Replication:OperationFailedReplication event to learn of failures");
    }
}
