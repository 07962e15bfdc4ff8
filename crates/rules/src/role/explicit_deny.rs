//! RL310 explicit-deny: a Deny blocks an action replication needs.

use crate::grants::action_span;
use crate::needs::{Need, REPLICATE_OBJECT, REPLICATE_TAGS, described_or};
use crate::prelude::*;
use crate::resource_arns::display_resource;
use repl_lint_iam::policy::{Statement, SymStr};
use repl_lint_iam::{self as iam, Decision, Principal, Request};
use repl_lint_model::{BucketLink, BucketPolicy};
use std::collections::HashMap;

declare_rule! {
    id: RL310,
    name: "explicit-deny",
    severity: Warning,
    default_enabled: true,
    summary: "A Deny in a role policy, permissions boundary or bucket policy matches an action replication needs.",
    check: Some(check),
}

/// Evaluates every needed action against the role's policies and boundary and against the source
/// and destination bucket policies (as the role), reporting each unconditional Deny that applies.
/// A conditional Deny is not counted: its condition may not hold for replication (a Deny of
/// requests without TLS, `aws:SecureTransport = false`, never does: replication uses TLS).
/// `s3:ReplicateTags` is no need (`s3:ReplicateObject` replicates tags), but a destination bucket
/// policy that denies it stops tags from replicating, the User Guide's way to keep them back: a
/// note.
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
        let bucket_denies = |bucket: &Option<BucketLink>, action: &str, resource: &SymStr| {
            let Some(BucketLink::Found(i)) = bucket else {
                return Vec::new();
            };
            let request = Request {
                action,
                resource: Some(resource),
                principal: Some(Principal::Aws {
                    arn: &role_arn,
                    account: None,
                }),
            };
            policies_of
                .get(i)
                .into_iter()
                .flatten()
                .filter_map(|bp| {
                    let verdict = iam::evaluate(&[&bp.policy], &request);
                    (verdict.decision == Decision::Denied)
                        .then_some(verdict.statement)
                        .flatten()
                })
                .collect()
        };
        // (deny, where it is, action, the need it blocks, severity) in the order found.
        let mut found: Vec<(&Statement, &str, &str, &Need, Severity)> = Vec::new();
        let needs = model.needs(replication);
        for (need, (verdict, _)) in needs.iter().zip(model.need_verdicts(replication)) {
            let (action, resource) = (need.action, &need.resource);
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
                if let Some(statement) = verdict.statement {
                    found.push((statement, source, action, need, Severity::Warning));
                }
            }
            for statement in bucket_denies(&need.bucket, action, resource) {
                found.push((statement, "bucket policy", action, need, Severity::Warning));
            }
        }
        for need in needs.iter().filter(|n| n.action == REPLICATE_OBJECT) {
            for statement in bucket_denies(&need.bucket, REPLICATE_TAGS, &need.resource) {
                found.push((
                    statement,
                    "bucket policy",
                    REPLICATE_TAGS,
                    need,
                    Severity::Info,
                ));
            }
        }
        let mut reported = Vec::new();
        for (statement, source, action, need, severity) in found {
            if reported.contains(&statement.span) {
                continue;
            }
            reported.push(statement.span);
            let (effect, help) = if action == REPLICATE_TAGS {
                (
                    ": replicas arrive without their object tags",
                    "remove the Deny if the tags should replicate",
                )
            } else {
                (
                    "",
                    "exclude the replication role from the Deny (e.g. a condition on aws:PrincipalArn) or narrow its actions",
                )
            };
            sink.report(
                &META,
                action_span(statement, action),
                format!(
                    "this {source} Deny matches `{action}` on {} for role `{}`{effect}",
                    described_or(&display_resource(&need.resource), need.what),
                    role_use.role.address
                ),
            )
            .severity(severity)
            .resource(&replication.address)
            .related(
                replication.role_span,
                &format!("`{}` uses this role", replication.address),
            )
            .help(help);
        }
    }
}
