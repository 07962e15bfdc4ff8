//! RL310 explicit-deny: a Deny blocks an action replication needs.

use crate::diagnostic::Severity;
use crate::iam::{self, Decision, Principal, Request};
use crate::model::{BucketLink, BucketPolicy};
use crate::rules::access::{action_span, described_or, display_resource, role_uses};
use crate::rules::{Context, RuleMeta, Sink};
use std::collections::HashMap;

/// RL310.
pub static META: RuleMeta = RuleMeta {
    id: "RL310",
    name: "explicit-deny",
    severity: Severity::Warning,
    summary: "A Deny in a role policy, permissions boundary or bucket policy matches an action replication needs.",
    default_enabled: true,
};

/// Evaluates every needed action against the role's policies and boundary and against the source
/// and destination bucket policies (as the role), reporting each unconditional Deny that applies.
pub fn check(model: &Context, sink: &mut Sink) {
    let mut policies_of: HashMap<usize, Vec<&BucketPolicy>> = HashMap::new();
    for bp in &model.bucket_policies {
        if let BucketLink::Found(i) = bp.bucket {
            policies_of.entry(i).or_default().push(bp);
        }
    }
    for role_use in role_uses(model) {
        let replication = role_use.replication;
        let role_arn = model.role_arn_sym(role_use.role_index);
        let mut reported = Vec::new();
        for (need, (verdict, _)) in model
            .needs(replication)
            .iter()
            .zip(model.need_verdicts(replication))
        {
            let (action, resource) = (need.action, &need.resource);
            let mut denies = Vec::new();
            if verdict.decision == Decision::Denied {
                let in_boundary = verdict
                    .policy
                    .zip(role_use.role.boundary.as_ref())
                    .is_some_and(|(p, b)| std::ptr::eq(p, b));
                let source = if in_boundary {
                    "permissions boundary"
                } else {
                    "role policy"
                };
                denies.extend(verdict.statement.map(|s| (s, source)));
            }
            if let Some(BucketLink::Found(i)) = need.bucket {
                let principal = Principal::Aws {
                    arn: &role_arn,
                    account: None,
                };
                let request = Request {
                    action,
                    resource: Some(resource),
                    principal: Some(principal),
                };
                for bp in policies_of.get(&i).into_iter().flatten() {
                    let verdict = iam::evaluate(&[&bp.policy], &request);
                    if verdict.decision == Decision::Denied {
                        denies.extend(verdict.statement.map(|s| (s, "bucket policy")));
                    }
                }
            }
            for (statement, source) in denies {
                if reported.contains(&statement.span) {
                    continue;
                }
                reported.push(statement.span);
                sink.report(&META, action_span(statement, action), format!(
                    "this {source} Deny matches `{action}` on {} for role `{}`",
                    described_or(&display_resource(resource), need.what),
                    role_use.role.address
                ))
                    .resource(&replication.address)
                    .related(replication.role_span, &format!("`{}` uses this role", replication.address))
                    .help("exclude the replication role from the Deny (e.g. a condition on aws:PrincipalArn) or narrow its actions");
            }
        }
    }
}
