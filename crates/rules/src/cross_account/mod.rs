//! Cross-account and ownership (RL5xx); also, shared by these rules: the rules of a configuration that certainly replicate into another account, and what the destination bucket's policy grants the replication role there.

// The family's rules, one module per rule file, listed by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/rule_modules/cross_account.rs"));

use crate::grants::{PRINCIPAL_ACCOUNT, SECURE_TRANSPORT, condition_values, written_condition};
use crate::resource_arns::{destination_arn, display_resource, object_arn};
use crate::{RuleMeta, Sink, input::unverifiable};
use repl_lint_iam::policy::{ConditionEntry, Piece, Policy, SymStr};
use repl_lint_iam::{self as iam, ContextValue, Decision, Principal, Request};
use repl_lint_model::placement;
use repl_lint_model::resolve::RoleLink;
use repl_lint_model::{Bucket, BucketLink, Model, Replication, ReplicationRule};
use std::collections::HashSet;

/// An enabled rule that certainly replicates into another account.
pub struct CrossRule<'m> {
    /// Its configuration.
    pub replication: &'m Replication,
    /// The rule.
    pub rule: &'m ReplicationRule,
    /// The destination bucket's index, when it is in the files.
    pub destination: Option<usize>,
}

/// Every enabled rule of the run that certainly replicates into another account.
pub fn cross_account_rules(model: &Model) -> impl Iterator<Item = CrossRule<'_>> {
    model.replications.iter().flat_map(move |replication| {
        crate::prelude::rules(replication)
            .iter()
            .filter(|rule| rule.enabled != Some(false))
            .filter(move |rule| {
                placement::rule_cross_account(model, replication, rule) == Some(true)
            })
            .map(move |rule| CrossRule {
                replication,
                rule,
                destination: placement::destination_bucket(model, replication, rule),
            })
    })
}

/// A destination grant already checked: (unit, configuration address, actions, resource).
pub type Checked = (repl_lint_model::UnitId, String, String, SymStr);

/// True when a rule replicates delete markers (Enabled, or a V1 rule, which always does).
pub fn replicates_delete_markers(rule: &ReplicationRule) -> bool {
    rule.is_v1()
        || rule
            .delete_marker_replication
            .as_ref()
            .is_some_and(|d| d.enabled == Some(true))
}

/// The replication role's ARN as a bucket or key policy sees it, with the source account filled
/// in when known, and that account.
pub fn role_principal(
    model: &Model,
    replication: &Replication,
) -> Option<(SymStr, Option<SymStr>)> {
    let value = replication.role.as_ref()?;
    let account = placement::source_account(model, replication).literal;
    let arn = match model.resolve_role(replication.unit, value) {
        RoleLink::Found(i, _) => model.role_arn_sym(i),
        _ => model.sym(replication.unit, value),
    };
    let arn = match &account {
        Some(id) => {
            let mut out = SymStr::default();
            for piece in &arn.pieces {
                match piece {
                    Piece::Symbol(k) if k.key == "aws:account" => out.push_lit(id),
                    other => out.push_piece(other),
                }
            }
            out
        }
        None => arn,
    };
    Some((arn, account.map(|a| SymStr::lit(&a))))
}

/// Requires the destination bucket policy to allow the replication role `actions` on the
/// rule's destination objects, reporting under `meta` the ones it does not grant (no bucket
/// policy counts) in one finding at the policy document or, without one, at the bucket's
/// header; what cannot be decided as one RL003 note. A Deny is left to RL310. `seen` keeps one
/// check per configuration and destination objects.
pub fn require_destination_grant(
    model: &Model,
    sink: &mut Sink,
    meta: &'static RuleMeta,
    cross: &CrossRule<'_>,
    actions: &[&str],
    seen: &mut HashSet<Checked>,
) {
    let CrossRule {
        replication, rule, ..
    } = cross;
    let (Some(index), Some(bucket_arn)) =
        (cross.destination, destination_arn(model, replication, rule))
    else {
        return;
    };
    let Some(bucket) = model.buckets.get(index) else {
        return;
    };
    let resource = object_arn(model, replication, &bucket_arn, rule);
    let key = (
        replication.unit,
        replication.address.clone(),
        actions.join(","),
        resource.clone(),
    );
    if !seen.insert(key) {
        return;
    }
    let Some((arn, account)) = role_principal(model, replication) else {
        return;
    };
    let policies = policies_of(model, index);
    // A bucket policy whose bucket cannot be resolved may be this bucket's (a bucket has one).
    let unattached = model
        .bucket_policies
        .iter()
        .find(|bp| !matches!(bp.bucket, BucketLink::Found(_)));
    // The check could not run: a note at the rule's destination.
    let unverified = |sink: &mut Sink, why: &str| {
        unverifiable::note(
            sink,
            rule.destination.bucket_span,
            &replication.address,
            meta,
            why,
        );
    };
    if let Some(other) = unattached.filter(|_| policies.is_empty()) {
        unverified(
            sink,
            &format!(
                "bucket policy `{}` names a bucket the linter cannot resolve; it may be the policy of destination bucket `{}`",
                other.address, bucket.address
            ),
        );
        return;
    }
    let principal = Principal::Aws {
        arn: &arn,
        account: account.as_ref(),
    };
    // What the role's request carries: its account (when written) and TLS.
    let tls = [SymStr::lit("true")];
    let mut context: Vec<ContextValue<'_>> = vec![(SECURE_TRANSPORT, &tls[..])];
    if let Some(account) = &account {
        context.push((PRINCIPAL_ACCOUNT, std::slice::from_ref(account)));
    }
    let (mut missing, mut unknown) = (Vec::new(), Vec::new());
    // Actions granted only under a condition that never holds, by condition.
    let mut never: Vec<(&ConditionEntry, Vec<String>)> = Vec::new();
    for &action in actions {
        let request = Request {
            action,
            resource: Some(&resource),
            principal: Some(principal),
        };
        let verdict = iam::evaluate_in(&policies, &request, &context);
        match (verdict.decision, verdict.excluded) {
            (Decision::NotAllowed, Some((_, condition))) => {
                match never.iter_mut().find(|(c, _)| std::ptr::eq(*c, condition)) {
                    Some((_, actions)) => actions.push(format!("`{action}`")),
                    None => never.push((condition, vec![format!("`{action}`")])),
                }
            }
            (Decision::NotAllowed, None) => missing.push(format!("`{action}`")),
            (Decision::Unknown, _) => unknown.push(format!("`{action}`")),
            (Decision::Allowed | Decision::ConditionallyAllowed | Decision::Denied, _) => {}
        }
    }
    for (condition, actions) in never {
        let grant = actions.join(" and ");
        report_never_holds(sink, meta, cross, bucket, &grant, condition, &context);
    }
    let shown = display_resource(&resource);
    if !missing.is_empty() {
        let grant = format!("{} on `{shown}`", missing.join(" and "));
        report_missing(sink, meta, cross, bucket, &policies, &grant);
    }
    if !unknown.is_empty() {
        unverified(
            sink,
            &format!(
                "could not tell whether the policy of destination bucket `{}` allows the replication role {} on `{shown}`",
                bucket.address,
                unknown.join(" and ")
            ),
        );
    }
}

/// The destination bucket policy grants `grant` (the actions) to the role only under a
/// condition its requests never meet: an error at the condition's values.
fn report_never_holds(
    sink: &mut Sink,
    meta: &'static RuleMeta,
    cross: &CrossRule<'_>,
    bucket: &Bucket,
    grant: &str,
    condition: &ConditionEntry,
    context: &[ContextValue<'_>],
) {
    let replication = cross.replication;
    let sent = context
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(&condition.key))
        .and_then(|(_, values)| values.first())
        .map_or(String::new(), ToString::to_string);
    sink.report(
        meta,
        condition_values(condition),
        format!(
            "the policy of destination bucket `{}` allows the replication role {grant} only under {}, which never holds: the role's requests carry `{sent}`",
            bucket.address,
            written_condition(condition)
        ),
    )
    .resource(&replication.address)
    .related(
        cross.rule.destination.bucket_span,
        &format!("`{}` replicates into this bucket", replication.address),
    )
    .related(replication.role_span, "the replication role")
    .help(&format!("let the condition on `{}` match `{sent}`", condition.key));
}

fn report_missing(
    sink: &mut Sink,
    meta: &'static RuleMeta,
    cross: &CrossRule<'_>,
    bucket: &Bucket,
    policies: &[&Policy],
    grant: &str,
) {
    let replication = cross.replication;
    let (primary, what) = match policies.first() {
        Some(policy) => (policy.span, "its bucket policy does not allow"),
        None => (bucket.header, "it has no bucket policy that allows"),
    };
    let report = sink
        .report(
            meta,
            primary,
            format!(
                "destination bucket `{}` is in another account and {what} the replication role {grant}",
                bucket.address
            ),
        )
        .resource(&replication.address)
        .related(
            cross.rule.destination.bucket_span,
            &format!("`{}` replicates into this bucket", replication.address),
        )
        .related(replication.role_span, "the replication role")
        .help(&format!(
            "add a statement to the destination bucket policy that allows the replication role (or the source account) {grant}"
        ));
    if !policies.is_empty() {
        report.related(bucket.header, "destination bucket defined here");
    }
}

/// The bucket policies that apply to a bucket of the model.
fn policies_of(model: &Model, bucket: usize) -> Vec<&Policy> {
    model
        .bucket_policies
        .iter()
        .filter(|bp| bp.bucket == BucketLink::Found(bucket))
        .map(|bp| &bp.policy)
        .collect()
}
