//! RL307 role-resource-scope: the role's object grants cover only part of a rule's objects.

use super::access::{display_resource, partial_scope, role_uses};
use super::{Context, RuleMeta, Sink};
use crate::diagnostic::Severity;
use crate::iam::Decision;

/// RL307.
pub static META: RuleMeta = RuleMeta {
    id: "RL307",
    name: "role-resource-scope",
    severity: Severity::Warning,
    summary: "The role's resource globs cover some of a rule's objects but not all of them.",
    default_enabled: true,
};

/// Points at each resource string that grants a needed object action on part of a rule's objects
/// only (the other objects of the rule fail to replicate).
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        let replication = role_use.replication;
        let mut reported = Vec::new();
        for (need, (_, decision)) in model
            .needs(replication)
            .iter()
            .zip(model.need_verdicts(replication))
        {
            if *decision != Decision::Unknown {
                continue;
            }
            let Some(resource) = partial_scope(role_use.role, need) else {
                continue;
            };
            if reported.contains(&resource.span) {
                continue;
            }
            reported.push(resource.span);
            let wanted = display_resource(&need.resource);
            sink.report(
                &META,
                resource.span,
                format!(
                    "`{}` grants `{}` on only part of {} `{wanted}`: objects outside it are not replicated",
                    resource.text, need.action, need.what
                ),
            )
            .resource(&role_use.role.address)
            .related(
                replication.role_span,
                &format!("`{}` uses this role", replication.address),
            )
            .help(&format!("grant the replication actions on `{wanted}`"));
        }
    }
}
