//! RL301 role-trust: the replication role does not trust `s3.amazonaws.com`.

use std::collections::HashSet;

use crate::grants::{condition_values, known, source_account, written_condition};
use crate::needs::sent_value;
use crate::prelude::*;
use crate::resource_arns::source_arn;
use crate::role::service_principal;
use crate::{edit_distance, input::unverifiable};
use repl_lint_iam::policy::{ConditionEntry, Effect, Policy, PolicyString, PrincipalEntry, SymStr};
use repl_lint_iam::{self as iam, Decision, Principal, Request};
use repl_lint_model::resolve::RoleLink;
use repl_lint_model::{Model, Replication};

declare_rule! {
    id: RL301,
    name: "role-trust",
    severity: Error,
    default_enabled: true,
    summary: "The role's trust policy does not allow s3.amazonaws.com to sts:AssumeRole.",
    check: Some(check),
}

const SERVICE: &str = "s3.amazonaws.com";

/// Evaluates each replication role's trust policy for `sts:AssumeRole` by the S3 service, with
/// the context S3 sends when it assumes the role for the configuration's source bucket.
pub fn check(model: &Context, sink: &mut Sink) {
    note_external_roles(model, sink);
    let mut roles = HashSet::new();
    let mut contexts = HashSet::new();
    for role_use in role_uses(model) {
        let (replication, role) = (role_use.replication, role_use.role);
        let context = assume_context(model, replication);
        // A role serves each source bucket with its own context: its guard is checked once per
        // context, the rest once per role.
        let first_use = roles.insert(role_use.role_index);
        if !contexts.insert((role_use.role_index, context.clone())) {
            continue;
        }
        let Some(trust) = &role.trust else {
            if first_use {
                note_at_role(
                    sink,
                    replication,
                    &format!("role `{}` has no trust policy in the files", role.address),
                );
            }
            continue;
        };
        let request = Request {
            action: "sts:AssumeRole",
            resource: None,
            principal: Some(Principal::Service(SERVICE)),
        };
        let verdict = iam::evaluate_in(&[trust], &request, &known(&context));
        let message = match verdict.decision {
            // A condition on keys whose values are not known (or not all known) may well hold:
            // the recommended guard (aws:SourceAccount, aws:SourceArn) is not a defect.
            Decision::Allowed | Decision::ConditionallyAllowed => continue,
            Decision::Unknown => {
                if !first_use {
                    continue;
                }
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
            Decision::NotAllowed if let Some((_, condition)) = verdict.excluded => {
                report_failing_guard(model, sink, &role_use, condition, &context);
                continue;
            }
            _ if !first_use => continue,
            Decision::Denied => format!(
                "the trust policy of role `{}` denies `sts:AssumeRole` to `{SERVICE}`",
                role.address
            ),
            Decision::NotAllowed => format!(
                "the trust policy of role `{}` does not let `{SERVICE}` assume it: replication fails with AssumeRoleNotPermitted",
                role.address
            ),
        };
        let fix = match verdict.decision {
            Decision::NotAllowed => near_miss(trust),
            _ => None,
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
            .help("allow `sts:AssumeRole` for the service principal `s3.amazonaws.com` in the role's trust policy")
            .fix(fix);
    }
}

/// The context keys S3 sends, as far as the files tell, when it assumes the replication role
/// for a configuration: `aws:SourceAccount`, the account of the source bucket (the role's own:
/// S3 only uses a role of the bucket owner's account), and `aws:SourceArn`, the source bucket's
/// ARN (IAM User Guide, "AWS global condition context keys": the ARN and account of the
/// resource on whose behalf a service makes the call; "The confused deputy problem"). Not for
/// S3 Batch Operations (`batchoperations.s3.amazonaws.com`), whose source is the job.
fn assume_context(model: &Model, replication: &Replication) -> Vec<(&'static str, SymStr)> {
    let mut context = vec![(SOURCE_ACCOUNT, source_account(model, replication))];
    if let Some(arn) = source_arn(model, replication) {
        context.push((SOURCE_ARN, arn));
    }
    context
}

/// The trust statement for S3 holds a condition that never matches what S3 sends for this
/// configuration: an error at the condition's values, the source bucket related.
fn report_failing_guard(
    model: &Model,
    sink: &mut Sink,
    role_use: &RoleUse<'_>,
    condition: &ConditionEntry,
    context: &[(&'static str, SymStr)],
) {
    let (replication, role) = (role_use.replication, role_use.role);
    let sent = sent_value(context, &condition.key);
    let at = condition_values(condition);
    let source = source_bucket(model, replication).map_or(replication.source_span, |b| b.header);
    sink.report(
        &META,
        at,
        format!(
            "the trust policy of role `{}` lets `{SERVICE}` assume it only under {}, which never holds for the source bucket of `{}`: S3 sends `{sent}`, and replication fails with AssumeRoleNotPermitted",
            role.address,
            written_condition(condition),
            replication.address
        ),
    )
    .resource(&role.address)
    .related(source, "the source bucket S3 replicates from")
    .related(replication.role_span, &format!("`{}` uses this role", replication.address))
    .help(&format!("let `{}` match `{sent}`, the value S3 sends for this configuration's source bucket", condition.key));
}

/// The condition key naming the account of the resource a service acts for.
const SOURCE_ACCOUNT: &str = "aws:SourceAccount";
/// The condition key naming the ARN of the resource a service acts for.
const SOURCE_ARN: &str = "aws:SourceArn";

/// The fix of a trust policy that misses by one misspelling: the one literal in its allows that is
/// a misspelt `s3.amazonaws.com` (or, beside a right or misspelt `s3.amazonaws.com`, a misspelt
/// `sts:AssumeRole`) becomes the right text. Two near misses, or none, and there is no fix.
fn near_miss(trust: &Policy) -> Option<FixIntent> {
    let mut misses: Vec<(&PolicyString, &str)> = Vec::new();
    for statement in trust
        .statements
        .iter()
        .filter(|s| s.effect == Some(Effect::Allow) && s.not_principals.is_none())
    {
        let services: Vec<&PolicyString> = statement
            .principals
            .iter()
            .flatten()
            .filter_map(|p| match p {
                PrincipalEntry::Typed { kind, value } if kind == "Service" => Some(value),
                _ => None,
            })
            .collect();
        misses.extend(
            services
                .iter()
                .filter(|v| v.text.as_literal().is_some_and(misspelt_service))
                .map(|v| (*v, SERVICE)),
        );
        let names_s3 = |v: &&PolicyString| {
            v.text
                .as_literal()
                .is_some_and(|t| t == SERVICE || misspelt_service(t))
        };
        if services.iter().any(names_s3) {
            misses.extend(
                statement
                    .actions
                    .iter()
                    .flatten()
                    .filter(|a| a.text.as_literal().is_some_and(misspelt_assume_role))
                    .map(|a| (a, "sts:AssumeRole")),
            );
        }
    }
    let [(value, right)] = misses.as_slice() else {
        return None;
    };
    Some(FixIntent::ReplaceLiteral {
        value: value.span,
        from: value.text.as_literal()?.to_string(),
        to: right.to_string(),
    })
}

/// `s3.amazonaws.com` misspelt: an `s3.` name within three edits of it, not another partition's
/// form (`.cn`), e.g. `s3.amazon.com`, `s3.amazonaws.co`. Another service (`ec2.amazonaws.com`)
/// is not a misspelling.
fn misspelt_service(text: &str) -> bool {
    text != SERVICE
        && text.split('.').next() == Some("s3")
        && !text.ends_with(".cn")
        && edit_distance(text, SERVICE) <= 3
}

/// `sts:AssumeRole` misspelt (actions compare case-insensitively, so case is no misspelling):
/// within two edits, no wildcard, and not another STS action (`sts:AssumeRoot`).
fn misspelt_assume_role(text: &str) -> bool {
    const RIGHT: &str = "sts:assumerole";
    let lower = text.to_ascii_lowercase();
    lower != RIGHT
        && lower.starts_with("sts:")
        && !lower.contains(['*', '?'])
        && !matches!(lower.as_str(), "sts:assumeroot" | "sts:tagsession")
        && edit_distance(&lower, RIGHT) <= 2
}

/// The actions of an allow for the S3 service principal that does not grant `sts:AssumeRole`
/// (the principal is right, the action wrong): every action it lists, as one span.
fn action_granted_to_s3(trust: &repl_lint_iam::policy::Policy) -> Option<repl_lint_source::Span> {
    let names_s3 = |s: &&repl_lint_iam::policy::Statement| {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspellings_of_the_service_are_near_misses_other_services_are_not() {
        for near in [
            "s3.amazon.com",
            "s3.amazonaws.co",
            "s3.amazonws.com",
            "s3.amazonaws.com ",
        ] {
            assert!(misspelt_service(near), "{near}");
        }
        for other in [
            "s3.amazonaws.com",
            "ec2.amazonaws.com",
            "s3.amazonaws.com.cn",
            "batchoperations.s3.amazonaws.com",
            "sqs.amazonaws.com",
        ] {
            assert!(!misspelt_service(other), "{other}");
        }
    }

    #[test]
    fn misspellings_of_assume_role_are_near_misses_case_and_other_actions_are_not() {
        for near in ["sts:AssumeRol", "sts:AsumeRole", "sts:AssumeRloe"] {
            assert!(misspelt_assume_role(near), "{near}");
        }
        for other in [
            "sts:assumerole",
            "sts:AssumeRole",
            "sts:AssumeRoot",
            "sts:AssumeRole*",
            "sts:TagSession",
        ] {
            assert!(!misspelt_assume_role(other), "{other}");
        }
    }
}
