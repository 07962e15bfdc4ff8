//! RL307 role-resource-scope: the role's object grants cover only part of a rule's objects, or
//! the objects of some rules but not of all.

use crate::grants::{is_object_level, partial_scope};
use crate::needs::{Need, described};
use crate::prelude::*;
use crate::resource_arns::display_resource;
use repl_lint_iam::policy::PolicyString;
use repl_lint_iam::{Decision, Tri, Verdict, glob_match};

declare_rule! {
    id: RL307,
    name: "role-resource-scope",
    severity: Warning,
    default_enabled: true,
    summary: "The role's resource globs cover some of a rule's objects but not all of them.",
    check: Some(check),
}

/// Points at each resource string that grants a needed object action on part of a rule's objects
/// only, or on the objects of some rules of a configuration but not of another (the other
/// objects fail to replicate).
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        let (replication, role) = (role_use.replication, role_use.role);
        let mut reported = Vec::new();
        let all = model.needs(replication);
        let verdicts = model.need_verdicts(replication);
        for (need, (_, decision)) in all.iter().zip(verdicts) {
            let (resource, scope) = match decision {
                Decision::Unknown => (partial_scope(role, need), "only part of"),
                Decision::NotAllowed if is_object_level(need.action) => (
                    other_rule_scope(need, all, verdicts),
                    "other rules' objects, but not on",
                ),
                _ => (None, ""),
            };
            let Some(resource) = resource else {
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
                    "`{}` grants `{}` on {scope} {}: objects outside it are not replicated",
                    resource.text,
                    need.action,
                    described(need.what, &wanted)
                ),
            )
            .resource(&role.address)
            .related(
                replication.role_span,
                &format!("`{}` uses this role", replication.address),
            )
            .help(&format!("grant the replication actions on `{wanted}`"));
        }
    }
}

/// For an object need that nothing grants while the same action is granted on the objects of
/// another rule of the configuration (`SRC/logs/*` for a `logs/` rule, none for a `data/` rule):
/// the resource string of that grant, which covers some of the rules' prefixes but not all.
/// `verdicts` are the role's verdicts on `all`, in order.
fn other_rule_scope<'m>(
    need: &Need,
    all: &[Need],
    verdicts: &[(Verdict<'m>, Decision)],
) -> Option<&'m PolicyString> {
    all.iter()
        .zip(verdicts)
        .filter(|(other, _)| {
            other.action == need.action
                && other.bucket_arn == need.bucket_arn
                && other.resource != need.resource
        })
        .find_map(|(other, (verdict, decision))| {
            if *decision != Decision::Allowed {
                return None;
            }
            verdict.statement?.resources.iter().flatten().find(|r| {
                glob_match(&r.text, &other.resource, false) == Tri::Yes
                    && glob_match(&r.text, &need.resource, false) == Tri::No
            })
        })
}
