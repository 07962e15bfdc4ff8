//! How a role's policies answer a permission a configuration needs: the verdict of its identity
//! policies and boundary, grants that hold only under conditions, grants on the bucket where its
//! objects were meant, grants on part of a rule's objects, and where a statement names an action.

use super::needs::Need;
use super::resource_arns::OBJECT_KEY;
use repl_lint_iam::policy::{
    ConditionEntry, Effect, Piece, Policy, PolicyString, Statement, SymStr,
};
use repl_lint_iam::{self as iam, ContextValue, Decision, Request, Tri, Verdict};
use repl_lint_model::{Model, Replication, Role};
use repl_lint_source::Span;

/// The identity policies (and the boundary, when present) that decide what the role may do.
pub fn identity_verdict<'m>(role: &'m Role, action: &str, resource: &SymStr) -> Verdict<'m> {
    let policies: Vec<&Policy> = role.policies.iter().collect();
    let request = Request {
        action,
        resource: Some(resource),
        principal: None,
    };
    let verdict = iam::evaluate(&policies, &request);
    let Some(boundary) = &role.boundary else {
        return verdict;
    };
    let bounded = iam::evaluate(&[boundary], &request);
    match (&verdict.decision, &bounded.decision) {
        (
            Decision::Allowed | Decision::ConditionallyAllowed,
            Decision::Denied | Decision::NotAllowed | Decision::Unknown,
        ) => bounded,
        _ => verdict,
    }
}

/// The verdict for a need, and its decision. An object key is never empty, so for object-level
/// actions a resource naming the bucket itself (`bucket` or `bucket/`) matches no object: when
/// the symbolic comparison left the answer unknown, it is decided again without such resources.
pub fn need_verdict<'m>(role: &'m Role, need: &Need) -> (Verdict<'m>, Decision) {
    let verdict = identity_verdict(role, need.action, &need.resource);
    if verdict.decision != Decision::Unknown || !is_object_level(need.action) {
        let decision = verdict.decision;
        return (verdict, decision);
    }
    let mut pruned = role.clone();
    let mut with_slash = need.bucket_arn.clone();
    with_slash.push_lit("/");
    for statement in pruned.policies.iter_mut().flat_map(|p| &mut p.statements) {
        if let Some(resources) = &mut statement.resources {
            resources.retain(|r| r.text != need.bucket_arn && r.text != with_slash);
        }
    }
    let decision = identity_verdict(&pruned, need.action, &need.resource).decision;
    (verdict, decision)
}

/// A resource string of an Allow statement for `action` that names the bucket itself
/// (`arn:aws:s3:::b` or `arn:aws:s3:::b/`) where objects (`b/*`) were meant.
pub fn bucket_instead_of_objects<'m>(
    role: &'m Role,
    action: &str,
    bucket_arn: &SymStr,
) -> Option<&'m PolicyString> {
    let mut with_slash = bucket_arn.clone();
    with_slash.push_lit("/");
    role.policies
        .iter()
        .flat_map(|p| &p.statements)
        .filter(|s| s.effect == Some(Effect::Allow) && iam::action_matches(s, action) == Tri::Yes)
        .flat_map(|s| s.resources.iter().flatten())
        .find(|r| r.text == *bucket_arn || r.text == with_slash)
}

/// Where `statement` names `action` (where a fix goes, or what a deny matches): the first
/// `Action` pattern that covers it, else the whole `Action` list, else the `NotAction` list (which
/// leaves the action out), else the statement.
pub fn action_span(statement: &Statement, action: &str) -> Span {
    statement
        .actions
        .iter()
        .flatten()
        .find(|a| iam::glob::glob_match_str(&a.text, action, true) == Tri::Yes)
        .map(|a| a.span)
        .or_else(|| actions_span(statement.actions.as_deref()?))
        .or_else(|| actions_span(statement.not_actions.as_deref()?))
        .unwrap_or(statement.span)
}

/// The span of a whole action list.
fn actions_span(actions: &[PolicyString]) -> Option<Span> {
    actions.iter().map(|a| a.span).reduce(Span::cover)
}

/// For a need whose request context is known: whether some Allow of `policies` grants it (to
/// `principal`, for resource policies) under conditions that hold for that context (`Yes`),
/// whether every Allow that would grant it has a condition that certainly fails (`No`, with the
/// first failing condition), or neither can be told (`Maybe`).
pub fn conditional_grant<'p>(
    policies: &[&'p Policy],
    need: &Need,
    principal: Option<iam::Principal<'_>>,
) -> (Tri, Option<&'p ConditionEntry>) {
    let request = Request {
        action: need.action,
        resource: Some(&need.resource),
        principal,
    };
    let verdict = iam::evaluate_in(policies, &request, &known(&need.context));
    match (verdict.decision, verdict.excluded) {
        (Decision::Allowed, _) => (Tri::Yes, None),
        (Decision::NotAllowed, Some((_, condition))) => (Tri::No, Some(condition)),
        _ => (Tri::Maybe, None),
    }
}

/// For an object-level need that the role's policies grant on some but not all of the rule's
/// objects (`SRC/logs/*` where the rule replicates every key): the resource string that covers
/// part of them. Only when nothing else is unknown: complete policies, literal resources, no
/// unresolved statements, a literal bucket and prefix.
pub fn partial_scope<'m>(role: &'m Role, need: &Need) -> Option<&'m PolicyString> {
    let literal_prefix = matches!(
        need.resource.pieces.as_slice(),
        [Piece::Lit(_), Piece::Symbol(k)] if k.key == OBJECT_KEY
    );
    let settled = role.policies.iter().all(|p| p.complete)
        && role.boundary.as_ref().is_none_or(|b| b.complete);
    if !literal_prefix || !settled || !is_object_level(need.action) {
        return None;
    }
    let mut relevant = role
        .policies
        .iter()
        .flat_map(|p| &p.statements)
        .filter(|s| iam::action_matches(s, need.action) != Tri::No);
    let literal = |list: &Option<Vec<PolicyString>>| {
        list.iter().flatten().all(|r| r.text.as_literal().is_some())
    };
    if !relevant.clone().all(|s| {
        !s.has_unknowns && s.effect.is_some() && literal(&s.resources) && literal(&s.not_resources)
    }) {
        return None;
    }
    relevant.find_map(|s| {
        let grants = s.effect == Some(Effect::Allow)
            && s.conditions.is_empty()
            && iam::action_matches(s, need.action) == Tri::Yes
            && s.not_resources.is_none();
        grants
            .then(|| {
                s.resources
                    .iter()
                    .flatten()
                    .find(|r| iam::glob_match(&r.text, &need.resource, false) == Tri::Maybe)
            })
            .flatten()
    })
}

/// The unconditional Allow statements that grant actions of the same service as `action` on
/// resources that certainly cover `resource`, with the span of their action lists.
pub(super) fn statements_for_resource<'m>(
    role: &'m Role,
    action: &str,
    resource: &SymStr,
) -> Vec<(&'m Statement, Span)> {
    let service = action.split(':').next().unwrap_or(action);
    let same_service = |a: &PolicyString| {
        a.text
            .as_literal()
            .and_then(|t| t.split(':').next())
            .is_some_and(|s| s.eq_ignore_ascii_case(service))
    };
    role.policies
        .iter()
        .flat_map(|p| &p.statements)
        .filter_map(|s| {
            let actions = s.actions.as_ref()?;
            let span = actions_span(actions)?;
            let covers = s.effect == Some(Effect::Allow)
                && actions.iter().any(same_service)
                && s.conditions.is_empty()
                && s.resources.is_some()
                && iam::resource_matches(s, resource) == Tri::Yes;
            covers.then_some((s, span))
        })
        .collect()
}

/// The condition key that says whether a request came over TLS.
pub const SECURE_TRANSPORT: &str = "aws:SecureTransport";

/// The condition key holding the account of the principal that makes the request.
pub const PRINCIPAL_ACCOUNT: &str = "aws:PrincipalAccount";

/// A request context with one known value per key, as the IAM evaluator reads it.
pub fn known<'c>(context: &'c [(&'static str, SymStr)]) -> Vec<ContextValue<'c>> {
    context
        .iter()
        .map(|(key, value)| (*key, std::slice::from_ref(value)))
        .collect()
}

/// The account that owns the source bucket (and so the role S3 uses): its literal when the files
/// say it, else the symbol of the account the configuration's credentials reach.
pub fn source_account(model: &Model, replication: &Replication) -> SymStr {
    match repl_lint_model::placement::source_account(model, replication).literal {
        Some(id) => SymStr::lit(&id),
        None => model.credentials_account(replication.unit),
    }
}

/// The context of the request S3 makes with the role for `need`: the need's own (KMS: the service
/// and encryption context), `aws:PrincipalAccount`, the role's account (the source bucket
/// owner's), and for S3 actions `aws:SecureTransport` = `true` (S3 replicates over TLS).
pub(super) fn request_context(
    model: &Model,
    replication: &Replication,
    need: &Need,
) -> Vec<(&'static str, SymStr)> {
    let mut context = need.context.clone();
    context.push((PRINCIPAL_ACCOUNT, source_account(model, replication)));
    if need.action.starts_with("s3:") {
        context.push((SECURE_TRANSPORT, SymStr::lit("true")));
    }
    context
}

/// True when every condition of a statement holds for the request, or is an `...IfExists` test
/// that is not decided: AWS's documented policy for replicating SSE-KMS objects grants
/// `s3:ReplicateObject` under `StringLikeIfExists` on `s3:x-amz-server-side-encryption`, a key
/// the request carries for some objects only.
pub(super) fn only_if_exists_undecided(statement: &Statement, request: &Need) -> bool {
    let context = known(&request.context);
    statement
        .conditions
        .iter()
        .all(|c| match iam::condition_holds(c, &context) {
            Tri::Yes => true,
            Tri::Maybe => c.operator.ends_with("IfExists"),
            Tri::No => false,
        })
}

/// A condition as written, for messages: `` `StringEquals` on `aws:SourceAccount` (`1` or `2`) ``.
pub fn written_condition(condition: &ConditionEntry) -> String {
    let values = condition
        .values
        .iter()
        .map(|v| format!("`{}`", v.text))
        .collect::<Vec<_>>()
        .join(" or ");
    format!("`{}` on `{}` ({values})", condition.operator, condition.key)
}

/// Where a condition's values are written (the whole condition when it has none).
pub fn condition_values(condition: &ConditionEntry) -> Span {
    condition
        .values
        .iter()
        .map(|v| v.span)
        .reduce(Span::cover)
        .unwrap_or(condition.span)
}

/// True for object-level S3 actions (granted on `bucket/*`).
pub fn is_object_level(action: &str) -> bool {
    action.starts_with("s3:")
        && !matches!(action, "s3:GetReplicationConfiguration" | "s3:ListBucket")
}

/// True when the role grants the need's action on its bucket itself where the objects were meant.
pub(super) fn object_grant_on_bucket(role: &Role, need: &Need) -> bool {
    bucket_instead_of_objects(role, need.action, &need.bucket_arn).is_some()
}
