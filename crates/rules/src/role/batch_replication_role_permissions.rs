//! RL315 batch-replication-role-permissions: a replication role that S3 Batch Operations may
//! assume lacks `s3:InitiateReplication` on the source objects.

use crate::grants::identity_verdict;
use crate::prelude::*;
use crate::resource_arns::{object_arn, source_arn};
use repl_lint_iam::policy::{Policy, PrincipalEntry};
use repl_lint_iam::{self as iam, Decision, Principal, Request};
use repl_lint_source::Span;

declare_rule! {
    id: RL315,
    name: "batch-replication-role-permissions",
    severity: Info,
    default_enabled: true,
    summary: "A replication role trusted by batchoperations.s3.amazonaws.com lacks s3:InitiateReplication on the source objects.",
    check: Some(check),
}

const SERVICE: &str = "batchoperations.s3.amazonaws.com";
const ACTION: &str = "s3:InitiateReplication";

/// Notes, once per configuration, a role whose trust policy certainly lets Batch Operations
/// assume it while its policies certainly do not grant `s3:InitiateReplication` on the objects
/// a rule replicates.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        let (replication, role) = (role_use.replication, role_use.role);
        let Some(trust) = &role.trust else { continue };
        let request = Request {
            action: "sts:AssumeRole",
            resource: None,
            principal: Some(Principal::Service(SERVICE)),
        };
        if iam::evaluate(&[trust], &request).decision != Decision::Allowed {
            continue;
        }
        let Some(src) = source_arn(model, replication) else {
            continue;
        };
        let missing = rules(replication).iter().find_map(|rule| {
            let objects = object_arn(model, replication, &src, rule);
            let verdict = identity_verdict(role, ACTION, &objects);
            (verdict.decision == Decision::NotAllowed).then_some(objects)
        });
        let Some(objects) = missing else { continue };
        sink.report(
            &META,
            batch_principal(trust).unwrap_or(role.trust_span),
            format!(
                "role `{}` trusts `{SERVICE}` but does not allow `{ACTION}` on source objects `{}`: a Batch Replication job with this role fails (InitiateReplicationNotPermitted)",
                role.address,
                crate::resource_arns::display_resource(&objects)
            ),
        )
        .resource(&replication.address)
        .related(replication.role_span, "the replication configuration uses this role")
        .help(&format!("grant `{ACTION}` on the source objects (`{}/*`) in a policy attached to the role", src));
    }
}

/// The `batchoperations.s3.amazonaws.com` service principal in a trust policy.
fn batch_principal(trust: &Policy) -> Option<Span> {
    trust
        .statements
        .iter()
        .flat_map(|s| s.principals.iter().flatten())
        .find_map(|p| match p {
            PrincipalEntry::Typed { kind, value }
                if kind == "Service" && value.text.as_literal() == Some(SERVICE) =>
            {
                Some(value.span)
            }
            _ => None,
        })
}
