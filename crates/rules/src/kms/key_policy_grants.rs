//! RL406 key-policy-grants: a key policy in the files does not let the replication role use the key.

use crate::cross_account::role_principal;
use crate::grants::{
    PRINCIPAL_ACCOUNT, action_span, condition_values, conditional_grant, written_condition,
};
use crate::needs::{Need, sent_value};
use crate::prelude::*;
use repl_lint_iam::policy::{Effect, Policy, SymStr};
use repl_lint_iam::{self as iam, Decision, Principal, Request, Tri};
use repl_lint_model::{KmsKey, Model};
use repl_lint_source::Span;

declare_rule! {
    id: RL406,
    name: "key-policy-grants",
    severity: Error,
    default_enabled: true,
    summary: "A key policy in the files does not let the replication role use the key (names neither the role nor the account root).",
    check: Some(check),
}

/// Condition keys that never hold when S3 calls KMS for replication: S3 calls from its own
/// network, not from the caller's address or VPC.
const NETWORK_KEYS: [&str; 4] = [
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpcSourceIp",
];

/// Condition keys holding the account of the principal that calls KMS (the role's account).
const ACCOUNT_KEYS: [&str; 2] = ["kms:CallerAccount", PRINCIPAL_ACCOUNT];

/// Evaluates the key policy of each key in the files that a KMS need uses, for the role as the
/// principal. A statement naming the role's account (`:root` or the account ID) delegates to
/// IAM, whose side RL311/RL312 check.
pub fn check(model: &Context, sink: &mut Sink) {
    let unknown_account = {
        let mut s = SymStr::default();
        s.push_symbol("aws:account");
        s
    };
    for role_use in role_uses(model) {
        let replication = role_use.replication;
        // The source account, when the files name it, decides whether a key policy's account
        // root or principal is the role's.
        let Some((role_arn, account)) = role_principal(model, replication) else {
            continue;
        };
        let principal = Principal::Aws {
            arn: &role_arn,
            account: Some(account.as_ref().unwrap_or(&unknown_account)),
        };
        let mut reported: Vec<Span> = Vec::new();
        for need in model.needs(replication) {
            let Some(key) = need.key.and_then(|k| model.keys.get(k)) else {
                continue;
            };
            let Some(policy) = key.policy.as_ref().filter(|_| !has_grant(model, key)) else {
                continue;
            };
            let Some((span, message, severity)) =
                finding(key, policy, need, principal, account.as_ref())
            else {
                continue;
            };
            if reported.contains(&span) {
                continue;
            }
            reported.push(span);
            let report = sink.report(&META, span, message)
                .severity(severity)
                .resource(&key.address)
                .related(replication.role_span, &format!("`{}` uses role `{}`", replication.address, role_use.role.address))
                .related(role_use.role.header, "replication role defined here")
                .help(&format!("allow the replication role (or its account root, delegating to IAM) `{}` in the key policy", need.action));
            if let Some(used) = need.cause {
                report.related(
                    used,
                    &format!("`{}` uses the key here", replication.address),
                );
            }
        }
    }
}

/// True when a KMS grant in the files refers to the key: grants give permissions the key policy
/// does not show.
fn has_grant(model: &Model, key: &KmsKey) -> bool {
    model.nodes.get(key.unit).is_some_and(|nodes| {
        nodes
            .values()
            .any(|n| n.type_name == "aws_kms_grant" && n.refers_to(&key.address))
    })
}

/// What is wrong with `policy` for `need`, when something certainly is. `account` is the role's
/// account when the files name it: a grant limited to another account's principals
/// (`kms:CallerAccount`, `aws:PrincipalAccount`) grants the role nothing.
fn finding(
    key: &KmsKey,
    policy: &Policy,
    need: &Need,
    principal: Principal<'_>,
    account: Option<&SymStr>,
) -> Option<(Span, String, Severity)> {
    let request = Request {
        action: need.action,
        resource: Some(&need.resource),
        principal: Some(principal),
    };
    let verdict = iam::evaluate(&[policy], &request);
    let subject = format!("the key policy of `{}`", key.address);
    // A statement that applies to the role under a condition on the caller's network, which S3's
    // calls never meet: an Allow that requires a match never applies (unless `...IfExists`, which
    // holds without the key), a Deny that requires a mismatch (`NotIpAddress`,
    // `StringNotEquals`, ...) always does.
    let network = |effects: &[Effect]| {
        policy
            .statements
            .iter()
            .filter(|s| {
                s.effect.is_some_and(|e| effects.contains(&e))
                    && iam::statement_applies(s, &request) == Tri::Yes
            })
            .flat_map(|s| s.conditions.iter().map(move |c| (s, c)))
            .find(|(s, c)| {
                let negated = c.operator.contains("Not");
                let blocks = if s.effect == Some(Effect::Deny) {
                    negated
                } else {
                    !negated && !c.operator.ends_with("IfExists")
                };
                blocks && NETWORK_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&c.key))
            })
            .map(|(statement, condition)| {
                let (effect, outcome) = if statement.effect == Some(Effect::Deny) {
                    ("denies", "the Deny applies to replication")
                } else {
                    ("grants", "the grant does not apply to replication")
                };
                (
                    condition_values(condition),
                    format!(
                        "{subject} {effect} `{}` only under `{}`: S3 calls KMS from its own network, so {outcome}",
                        need.action, condition.key
                    ),
                    Severity::Warning,
                )
            })
    };
    match verdict.decision {
        Decision::Unknown => None,
        Decision::Allowed => network(&[Effect::Deny]),
        Decision::Denied => Some((
            verdict
                .statement
                .map_or(policy.span, |s| action_span(s, need.action)),
            format!("{subject} denies `{}` to the replication role", need.action),
            need.severity,
        )),
        Decision::NotAllowed => Some((
            policy.span,
            format!(
                "{subject} neither names the replication role nor delegates to IAM through the account root: the role cannot use `{}` on {}",
                need.action, need.what
            ),
            need.severity,
        )),
        Decision::ConditionallyAllowed => {
            if let Some(found) = network(&[Effect::Allow, Effect::Deny]) {
                return Some(found);
            }
            // The role's account is part of what the request carries.
            let mut with_account = need.clone();
            if let Some(account) = account {
                with_account
                    .context
                    .extend(ACCOUNT_KEYS.map(|k| (k, account.clone())));
            }
            match conditional_grant(&[policy], &with_account, Some(principal)) {
                (Tri::No, Some(condition))
                    if ACCOUNT_KEYS
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(&condition.key)) =>
                {
                    Some((
                        condition_values(condition),
                        format!(
                            "{subject} grants `{}` only under {}, but the replication role is in account `{}`: the grant does not apply",
                            need.action,
                            written_condition(condition),
                            sent_value(&with_account.context, &condition.key)
                        ),
                        need.severity,
                    ))
                }
                (Tri::No, Some(condition)) => Some((
                    condition_values(condition),
                    format!(
                        "{subject} grants `{}` only under {}, which never holds: S3 sends `{}`",
                        need.action,
                        written_condition(condition),
                        sent_value(&need.context, &condition.key)
                    ),
                    need.severity,
                )),
                _ => None,
            }
        }
    }
}
