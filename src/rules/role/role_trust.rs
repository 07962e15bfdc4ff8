//! RL301 role-trust: the replication role does not trust `s3.amazonaws.com`.

use std::collections::HashSet;

use crate::diagnostic::Severity;
use crate::iam::policy::{Effect, PrincipalEntry};
use crate::iam::{self, Decision, Principal, Request};
use crate::link::RoleLink;
use crate::model::{Model, Replication};
use crate::rules::access::role_uses;
use crate::rules::role::service_principal;
use crate::rules::{Context, RuleMeta, Sink, input::unverifiable};

/// RL301.
pub static META: RuleMeta = RuleMeta {
    id: "RL301",
    name: "role-trust",
    severity: Severity::Error,
    summary: "The role's trust policy does not allow s3.amazonaws.com to sts:AssumeRole.",
    default_enabled: true,
};

const SERVICE: &str = "s3.amazonaws.com";

/// Evaluates each replication role's trust policy for `sts:AssumeRole` by the S3 service.
pub fn check(model: &Context, sink: &mut Sink) {
    note_external_roles(model, sink);
    let mut checked = HashSet::new();
    for role_use in role_uses(model) {
        if !checked.insert(role_use.role_index) {
            continue;
        }
        let (replication, role) = (role_use.replication, role_use.role);
        let Some(trust) = &role.trust else {
            note_at_role(
                sink,
                replication,
                &format!("role `{}` has no trust policy in the files", role.address),
            );
            continue;
        };
        let request = Request {
            action: "sts:AssumeRole",
            resource: None,
            principal: Some(Principal::Service(SERVICE)),
        };
        let verdict = iam::evaluate(&[trust], &request);
        let message = match verdict.decision {
            // A condition (aws:SourceAccount, aws:SourceArn) is the recommended guard, not a defect.
            Decision::Allowed | Decision::ConditionallyAllowed => continue,
            Decision::Unknown => {
                note_at_role(
                    sink,
                    replication,
                    &format!(
                        "the trust policy of role `{}` is not fully known",
                        role.address
                    ),
                );
                continue;
            }
            Decision::Denied => format!(
                "the trust policy of role `{}` denies `sts:AssumeRole` to `{SERVICE}`",
                role.address
            ),
            Decision::NotAllowed => format!(
                "the trust policy of role `{}` does not let `{SERVICE}` assume it: replication fails with AssumeRoleNotPermitted",
                role.address
            ),
        };
        let span = match verdict.decision {
            Decision::Denied => verdict.statement.map_or(role.trust_span, |s| s.span),
            _ => service_principal(trust)
                .or_else(|| action_granted_to_s3(trust))
                .unwrap_or(role.trust_span),
        };
        sink.report(&META, span, message)
            .resource(&role.address)
            .related(replication.role_span, &format!("`{}` uses this role", replication.address))
            .help("allow `sts:AssumeRole` for the service principal `s3.amazonaws.com` in the role's trust policy");
    }
}

/// The actions of an allow for the S3 service principal that does not grant `sts:AssumeRole`
/// (the principal is right, the action wrong): every action it lists, as one span.
fn action_granted_to_s3(trust: &crate::iam::policy::Policy) -> Option<crate::source::Span> {
    let names_s3 = |s: &&crate::iam::policy::Statement| {
        s.principals.iter().flatten().any(|p| {
            matches!(p, PrincipalEntry::Typed { kind, value }
                if kind == "Service" && value.text.as_literal() == Some(SERVICE))
        })
    };
    let statement = trust
        .statements
        .iter()
        .filter(|s| s.effect == Some(Effect::Allow))
        .find(names_s3)?;
    let actions = statement
        .actions
        .as_ref()
        .or(statement.not_actions.as_ref())?;
    let first = actions.first()?.span;
    Some(actions.iter().fold(first, |span, a| span.cover(a.span)))
}

/// An RL003 note, at the configuration's role, that a role check could not run and why.
fn note_at_role(sink: &mut Sink, replication: &Replication, why: &str) {
    unverifiable::note(
        sink,
        replication.role_span,
        &replication.address,
        &META,
        why,
    );
}

/// One note per configuration whose role is outside the files: no role check can run.
fn note_external_roles(model: &Model, sink: &mut Sink) {
    for replication in &model.replications {
        let Some(value) = &replication.role else {
            continue;
        };
        if let RoleLink::External(name) = model.resolve_role(replication.unit, value) {
            note_at_role(
                sink,
                replication,
                &format!(
                    "role `{name}` is not defined in the linted files, so its trust and permission policies (RL301-RL310) could not be checked"
                ),
            );
        }
    }
}
