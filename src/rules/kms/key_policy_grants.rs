//! RL406 key-policy-grants: a key policy in the files does not let the replication role use the key.

use crate::diagnostic::Severity;
use crate::iam::policy::{Policy, SymStr};
use crate::iam::{self, Decision, Principal, Request, Tri};
use crate::model::{KmsKey, Model};
use crate::rules::access::{Need, action_span, conditional_grant, role_uses, sent_value};
use crate::rules::cross_account::role_principal;
use crate::rules::{Context, RuleMeta, Sink};
use crate::source::Span;

/// RL406.
pub static META: RuleMeta = RuleMeta {
    id: "RL406",
    name: "key-policy-grants",
    severity: Severity::Error,
    summary: "A key policy in the files does not let the replication role use the key (names neither the role nor the account root).",
    default_enabled: true,
};

/// Condition keys that never hold when S3 calls KMS for replication: S3 calls from its own
/// network, not from the caller's address or VPC.
const NETWORK_KEYS: [&str; 4] = [
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpcSourceIp",
];

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
            let Some((span, message, severity)) = finding(key, policy, need, principal) else {
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

/// What is wrong with `policy` for `need`, when something certainly is.
fn finding(
    key: &KmsKey,
    policy: &Policy,
    need: &Need,
    principal: Principal<'_>,
) -> Option<(Span, String, Severity)> {
    let request = Request {
        action: need.action,
        resource: Some(&need.resource),
        principal: Some(principal),
    };
    let verdict = iam::evaluate(&[policy], &request);
    let subject = format!("the key policy of `{}`", key.address);
    match verdict.decision {
        Decision::Allowed | Decision::Unknown => None,
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
            let network = policy
                .statements
                .iter()
                .filter(|s| iam::statement_applies(s, &request) == Tri::Yes)
                .flat_map(|s| &s.conditions)
                .find(|c| NETWORK_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&c.key)));
            if let Some(condition) = network {
                return Some((
                    condition.span,
                    format!(
                        "{subject} grants `{}` only under `{}`: S3 calls KMS from its own network, so the grant does not apply to replication",
                        need.action, condition.key
                    ),
                    Severity::Warning,
                ));
            }
            match conditional_grant(&[policy], need, Some(principal)) {
                (Tri::No, Some(condition)) => Some((
                    condition.span,
                    format!(
                        "{subject} grants `{}` only when `{}` matches, but S3 sends `{}`",
                        need.action,
                        condition.key,
                        sent_value(need, &condition.key)
                    ),
                    need.severity,
                )),
                _ => None,
            }
        }
    }
}
