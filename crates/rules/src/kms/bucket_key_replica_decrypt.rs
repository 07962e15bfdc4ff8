//! RL408 bucket-key-replica-decrypt: with an S3 Bucket Key, the role also needs `kms:Decrypt` on
//! the replica key.

use crate::cross_account::role_principal;
use crate::grants::need_verdict;
use crate::needs::Need;
use crate::prelude::*;
use repl_lint_iam::policy::SymStr;
use repl_lint_iam::{self as iam, Decision, Principal, Request};
use repl_lint_model::{Bucket, BucketLink, Model, Replication, ReplicationRule};
use repl_lint_source::Span;
use repl_lint_syntax::value::Value;

declare_rule! {
    id: RL408,
    name: "bucket-key-replica-decrypt",
    severity: Warning,
    default_enabled: true,
    summary: "A replica key is set, a bucket uses an S3 Bucket Key, and the role (or the key policy) lacks kms:Decrypt on the replica key.",
    check: Some(check),
}

/// Reports each rule whose replica key the role certainly cannot `kms:Decrypt` (by its IAM
/// policies, or by the key policy when the key is in the files) while the source or the
/// destination bucket enables an S3 Bucket Key.
pub fn check(model: &Context, sink: &mut Sink) {
    for role_use in role_uses(model) {
        let (replication, role) = (role_use.replication, role_use.role);
        for rule in crate::prelude::rules(replication) {
            let Some(key) = rule.destination.replica_kms_key.as_ref() else {
                continue;
            };
            let Some(bucket_key) = bucket_key_setting(model, replication, rule) else {
                continue;
            };
            // The replica key's `kms:Encrypt` need names the key and the context S3 sends.
            let Some(encrypt) = model.needs(replication).iter().find(|n| {
                n.owner == "RL312" && n.action == "kms:Encrypt" && n.cause == Some(key.span)
            }) else {
                continue;
            };
            let need = Need {
                action: "kms:Decrypt",
                ..encrypt.clone()
            };
            let denied_by = if need_verdict(role, &need).1 == Decision::NotAllowed {
                format!("role `{}` does not allow it", role.address)
            } else if key_policy_refuses(model, replication, &need) {
                "the replica key's policy does not allow it to the role".to_string()
            } else {
                continue;
            };
            sink.report(
                &META,
                key.span,
                format!("an S3 Bucket Key is enabled, so replication also needs `kms:Decrypt` on the replica KMS key, and {denied_by}: objects encrypted with the Bucket Key fail to replicate"),
            )
            .resource(&replication.address)
            .related(bucket_key, "S3 Bucket Key enabled here")
            .related(replication.role_span, "the replication configuration uses this role")
            .help("grant the replication role `kms:Decrypt` on the replica key (in its IAM policy and, when the key policy names principals, in the key policy)");
        }
    }
}

/// The `BucketKeyEnabled` setting that is true on the source bucket or the rule's destination
/// bucket, when one is in the files.
fn bucket_key_setting(
    model: &Model,
    replication: &Replication,
    rule: &ReplicationRule,
) -> Option<Span> {
    let destination = rule.destination.bucket.as_ref().and_then(|v| {
        match model.resolve_bucket(replication.unit, v) {
            BucketLink::Found(i) => model.buckets.get(i),
            _ => None,
        }
    });
    [source_bucket(model, replication), destination]
        .into_iter()
        .flatten()
        .find_map(enabled_bucket_key)
}

/// The span of a bucket's `BucketKeyEnabled: true` in a KMS default encryption (a Bucket Key
/// applies to SSE-KMS objects only).
fn enabled_bucket_key(bucket: &Bucket) -> Option<Span> {
    bucket
        .encryption
        .iter()
        .filter(|e| {
            e.algorithm
                .as_ref()
                .and_then(Value::as_str)
                .is_some_and(|a| a.starts_with("aws:kms"))
        })
        .filter_map(|e| e.bucket_key.as_ref())
        .find(|v| v.as_bool() == Some(true))
        .map(|v| v.span)
}

/// True when the replica key is in the files with a key policy that certainly does not let the
/// role `kms:Decrypt` (neither naming it nor delegating to IAM through the account root).
fn key_policy_refuses(model: &Model, replication: &Replication, need: &Need) -> bool {
    let Some(policy) = need
        .key
        .and_then(|k| model.keys.get(k))
        .and_then(|k| k.policy.as_ref())
    else {
        return false;
    };
    let Some((role_arn, account)) = role_principal(model, replication) else {
        return false;
    };
    let mut unknown_account = SymStr::default();
    unknown_account.push_symbol("aws:account");
    let request = Request {
        action: need.action,
        resource: Some(&need.resource),
        principal: Some(Principal::Aws {
            arn: &role_arn,
            account: Some(account.as_ref().unwrap_or(&unknown_account)),
        }),
    };
    iam::evaluate(&[policy], &request).decision == Decision::NotAllowed
}
