//! RL313 role-trust-batch: a role that Batch Operations seems to use does not trust
//! `batchoperations.s3.amazonaws.com`.

use crate::prelude::*;
use crate::role::service_principal;
use repl_lint_iam::policy::Effect;
use repl_lint_iam::{self as iam, Decision, Principal, Request};
use repl_lint_model::{Node, Role};
use repl_lint_source::Span;
use std::collections::HashSet;

declare_rule! {
    id: RL313,
    name: "role-trust-batch",
    severity: Info,
    default_enabled: true,
    summary: "The replication role seems to be used by S3 Batch Operations but does not trust batchoperations.s3.amazonaws.com.",
    check: Some(check),
}

const SERVICE: &str = "batchoperations.s3.amazonaws.com";

/// Notes, once per replication role, a trust policy that certainly does not let Batch Operations
/// assume the role when something says Batch Operations uses it: a job-like resource that refers
/// to it, a grant of `s3:InitiateReplication` (the Batch Replication action), or "batch" in its
/// name.
pub fn check(model: &Context, sink: &mut Sink) {
    // Job-like resources are rare: find them once, not once per role.
    let jobs: Vec<&Node> = model
        .nodes
        .iter()
        .flat_map(|nodes| nodes.values())
        .filter(|n| is_job_type(&n.type_name))
        .collect();
    let mut checked: HashSet<usize> = HashSet::new();
    for role_use in role_uses(model) {
        if !checked.insert(role_use.role_index) {
            continue;
        }
        let role = role_use.role;
        let Some(trust) = &role.trust else {
            continue;
        };
        let Some((hint, evidence)) = batch_hint(&jobs, role) else {
            continue;
        };
        let request = Request {
            action: "sts:AssumeRole",
            resource: None,
            principal: Some(Principal::Service(SERVICE)),
        };
        if iam::evaluate(&[trust], &request).decision != Decision::NotAllowed {
            continue;
        }
        let report = sink.report(
            &META,
            service_principal(trust).unwrap_or(role.trust_span),
            format!("role `{}` {hint}, but its trust policy does not let `{SERVICE}` assume it: a Batch Replication job with this role fails", role.address),
        )
        .resource(&role.address)
        .related(role_use.replication.role_span, &format!("`{}` uses this role", role_use.replication.address))
        .help("add `batchoperations.s3.amazonaws.com` to the Service principals of the trust policy, or give Batch Operations its own role");
        if let Some((span, message)) = evidence {
            report.related(span, message);
        }
    }
}

/// Whether a resource type looks like an S3 Batch Operations job (`aws_s3control_job`-like).
fn is_job_type(type_name: &str) -> bool {
    let t = type_name.to_ascii_lowercase();
    t.contains("s3control_job") || t.contains("batchoperations") || t.contains("batch_operations")
}

/// Why the role looks used by S3 Batch Operations (`jobs`: the job-like resources), if it does,
/// with what says so as a related location (the job, the grant of `s3:InitiateReplication`).
fn batch_hint(jobs: &[&Node], role: &Role) -> Option<(&'static str, Option<(Span, &'static str)>)> {
    let job = jobs
        .iter()
        .find(|n| n.unit == role.unit && n.refers_to(&role.address));
    if let Some(job) = job {
        return Some((
            "is used by an S3 Batch Operations job",
            Some((job.header, "the Batch Operations job that uses the role")),
        ));
    }
    // A wildcard proves nothing: the action must be written out.
    let initiates = role
        .policies
        .iter()
        .flat_map(|p| &p.statements)
        .filter(|s| s.effect == Some(Effect::Allow))
        .flat_map(|s| s.actions.iter().flatten())
        .find(|a| {
            a.text
                .as_literal()
                .is_some_and(|t| t.eq_ignore_ascii_case("s3:InitiateReplication"))
        });
    if let Some(action) = initiates {
        return Some((
            "is granted `s3:InitiateReplication` (Batch Replication)",
            Some((action.span, "`s3:InitiateReplication` is granted here")),
        ));
    }
    let named = |text: &str| text.to_ascii_lowercase().contains("batch");
    let name = role.name.as_ref().and_then(|n| n.as_str());
    (name.is_some_and(named) || named(&role.address)).then_some(("is named for batch jobs", None))
}
