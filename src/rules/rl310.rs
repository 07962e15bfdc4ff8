//! RL310 explicit-deny: a Deny blocks an action replication needs.

use super::access::{
    any_object_arn, destination_arn, display_resource, identity_verdict, role_uses, rules,
    source_arn,
};
use super::{RuleMeta, Sink};
use crate::diagnostic::Severity;
use crate::iam::policy::SymStr;
use crate::iam::{self, Decision, Principal, Request};
use crate::model::{BucketLink, Model};

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
pub fn check(model: &Model, sink: &mut Sink) {
    for role_use in role_uses(model) {
        let replication = role_use.replication;
        let role_arn = model.role_arn_sym(role_use.role_index);
        let mut needs: Vec<(&str, SymStr, Option<BucketLink>)> = Vec::new();
        if let Some(src) = source_arn(model, replication) {
            let link = Some(replication.source.clone());
            needs.push(("s3:GetReplicationConfiguration", src.clone(), link.clone()));
            needs.push(("s3:ListBucket", src.clone(), link.clone()));
            for action in [
                "s3:GetObjectVersionForReplication",
                "s3:GetObjectVersionAcl",
                "s3:GetObjectVersionTagging",
            ] {
                needs.push((action, any_object_arn(&src), link.clone()));
            }
        }
        for rule in rules(replication) {
            let Some(dst) = destination_arn(model, replication, rule) else {
                continue;
            };
            let link = rule
                .destination
                .bucket
                .as_ref()
                .map(|v| model.resolve_bucket(replication.unit, v));
            for action in [
                "s3:ReplicateObject",
                "s3:ReplicateDelete",
                "s3:ReplicateTags",
            ] {
                needs.push((action, any_object_arn(&dst), link.clone()));
            }
        }
        let mut reported = Vec::new();
        for (action, resource, bucket) in &needs {
            let mut denies = Vec::new();
            let verdict = identity_verdict(role_use.role, action, resource);
            if verdict.decision == Decision::Denied {
                denies.extend(verdict.statement.map(|s| (s.span, "role policy")));
            }
            if let Some(BucketLink::Found(i)) = bucket {
                let principal = Principal::Aws {
                    arn: &role_arn,
                    account: None,
                };
                let request = Request {
                    action,
                    resource: Some(resource),
                    principal: Some(principal),
                };
                for bp in model
                    .bucket_policies
                    .iter()
                    .filter(|bp| bp.bucket == BucketLink::Found(*i))
                {
                    let verdict = iam::evaluate(&[&bp.policy], &request);
                    if verdict.decision == Decision::Denied {
                        denies.extend(verdict.statement.map(|s| (s.span, "bucket policy")));
                    }
                }
            }
            for (span, source) in denies {
                if reported.contains(&span) {
                    continue;
                }
                reported.push(span);
                sink.report(&META, span, format!(
                    "this {source} Deny matches `{action}` on `{}` for role `{}`",
                    display_resource(resource),
                    role_use.role.address
                ))
                    .resource(&replication.address)
                    .related(replication.role_span, &format!("`{}` uses this role", replication.address))
                    .help("exclude the replication role from the Deny (e.g. a condition on aws:PrincipalArn) or narrow its actions");
            }
        }
    }
}
