//! Evaluating a set of policies for one request, as IAM does: an explicit `Deny` wins, otherwise
//! some `Allow` must apply, otherwise the request is implicitly denied. Uncertainty (symbols,
//! conditions, incomplete documents, unresolved effects) is carried through to the [`Decision`].

use super::Tri;
use super::condition::{ContextValue, conditions_hold};
use super::glob::{glob_match, glob_match_str};
use super::policy::{ConditionEntry, Effect, Policy, PolicyString, Statement, SymStr};
use super::principal::{Principal, principal_matches};

/// A request to evaluate: an action, optionally on a resource, optionally by a principal.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The action, e.g. `s3:ReplicateObject`.
    pub action: &'a str,
    /// The resource ARN; `None` ignores the statements' `Resource` / `NotResource` (trust policies).
    pub resource: Option<&'a SymStr>,
    /// Who asks; `None` ignores `Principal` / `NotPrincipal` (identity policies).
    pub principal: Option<Principal<'a>>,
}

/// The outcome of [`evaluate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// An unconditional, fully resolved `Allow` applies and no unconditional, fully resolved
    /// `Deny` does (a conditional or symbolic `Deny` may still apply: see
    /// [`Verdict::possible_deny`]).
    Allowed,
    /// The best `Allow` carries a `Condition` (it may not apply).
    ConditionallyAllowed,
    /// An unconditional, fully resolved `Deny` applies.
    Denied,
    /// No `Allow` can apply (implicit deny) and every policy is complete.
    NotAllowed,
    /// The answer hinges on unresolved symbols, an incomplete policy or an unresolved effect.
    Unknown,
}

/// A [`Decision`] with the policy and statement that decided it.
#[derive(Debug, Clone, Copy)]
pub struct Verdict<'p> {
    /// The decision.
    pub decision: Decision,
    /// The policy holding the deciding statement; for `Unknown` because of an incomplete
    /// document, that document.
    pub policy: Option<&'p Policy>,
    /// The deciding statement: the `Deny` for `Denied`, the `Allow` for `Allowed` and
    /// `ConditionallyAllowed`, the uncertain statement for `Unknown` (when there is one).
    /// `None` for `NotAllowed`.
    pub statement: Option<&'p Statement>,
    /// A `Deny` (or a statement of unresolved effect) that may apply but is conditional or
    /// symbolic. Reported for every decision but `Denied`.
    pub possible_deny: Option<&'p Statement>,
    /// The first `Allow` that certainly applies but whose condition certainly fails for the
    /// request's known context ([`evaluate_in`]), with that condition: a grant that never
    /// applies.
    pub excluded: Option<(&'p Statement, &'p ConditionEntry)>,
}

/// Whether the statement's `Action` / `NotAction` covers `action`. Patterns are
/// `service:Action` globs (`*`, `?`) compared ASCII case-insensitively. A statement with
/// neither element (invalid) matches no action; with both, both must hold.
pub fn action_matches(stmt: &Statement, action: &str) -> Tri {
    if stmt.actions.is_none() && stmt.not_actions.is_none() {
        return Tri::No;
    }
    let any = |list: &[PolicyString]| {
        Tri::any(list.iter().map(|p| glob_match_str(&p.text, action, true)))
    };
    let mut result = Tri::Yes;
    if let Some(list) = &stmt.actions {
        result = result.and(any(list));
    }
    if let Some(list) = &stmt.not_actions {
        result = result.and(any(list).not());
    }
    result
}

/// Whether the statement's `Resource` / `NotResource` covers `resource` (case-sensitive ARN
/// globs). A statement with neither element (trust policies) matches every resource; with both,
/// both must hold.
pub fn resource_matches(stmt: &Statement, resource: &SymStr) -> Tri {
    let any =
        |list: &[PolicyString]| Tri::any(list.iter().map(|p| glob_match(&p.text, resource, false)));
    let mut result = Tri::Yes;
    if let Some(list) = &stmt.resources {
        result = result.and(any(list));
    }
    if let Some(list) = &stmt.not_resources {
        result = result.and(any(list).not());
    }
    result
}

/// Whether a statement applies to the request, ignoring its effect and conditions: action,
/// resource and principal must all match. A statement with unresolved parts (`has_unknowns`)
/// is at best `Maybe`; parts known not to match still exclude it.
pub fn statement_applies(stmt: &Statement, request: &Request<'_>) -> Tri {
    let mut result = action_matches(stmt, request.action);
    if result != Tri::No
        && let Some(resource) = request.resource
    {
        result = result.and(resource_matches(stmt, resource));
    }
    if result != Tri::No
        && let Some(principal) = &request.principal
    {
        result = result.and(principal_matches(stmt, principal));
    }
    if stmt.has_unknowns {
        result.cap_maybe()
    } else {
        result
    }
}

/// Evaluates `policies` together for `request`, as IAM combines statements, with every
/// condition unknown: [`evaluate_in`] with an empty context.
pub fn evaluate<'p>(policies: &[&'p Policy], request: &Request<'_>) -> Verdict<'p> {
    evaluate_in(policies, request, &[])
}

/// Evaluates `policies` together for `request`, whose context is known for the keys of
/// `context` (see [`conditions_hold`]), as IAM combines statements:
///
/// 1. an unconditional, certainly applying `Deny` → `Denied` (the first one is named);
/// 2. else an unconditional, certainly applying `Allow` → `Allowed`;
/// 3. else an `Allow` that may apply because of symbols or unresolved parts, or a statement of
///    unresolved effect that may apply → `Unknown`;
/// 4. else an `Allow` that applies but carries a `Condition` → `ConditionallyAllowed`;
/// 5. else, when some policy is incomplete → `Unknown`; otherwise → `NotAllowed`.
///
/// A statement whose conditions certainly hold for the context counts as unconditional; one
/// whose conditions certainly fail does not apply (an `Allow` that would certainly apply
/// otherwise is reported in [`Verdict::excluded`]). A `Deny` with an undecided condition or
/// uncertain applicability never decides; the first one is reported in
/// [`Verdict::possible_deny`]. A statement whose effect is unresolved counts as a possible
/// allow and a possible deny. An incomplete policy does not stop a certain `Allow`.
pub fn evaluate_in<'p>(
    policies: &[&'p Policy],
    request: &Request<'_>,
    context: &[ContextValue<'_>],
) -> Verdict<'p> {
    type Found<'p> = Option<(&'p Policy, &'p Statement)>;
    let mut sure_allow: Found<'p> = None;
    let mut conditional_allow: Found<'p> = None;
    let mut uncertain: Found<'p> = None;
    let mut possible_deny: Option<&'p Statement> = None;
    let mut excluded: Option<(&'p Statement, &'p ConditionEntry)> = None;

    for &policy in policies {
        for stmt in &policy.statements {
            let applies = statement_applies(stmt, request);
            if applies == Tri::No {
                continue;
            }
            let certain = applies == Tri::Yes;
            let (holds, failing) = conditions_hold(stmt, context);
            if holds == Tri::No {
                if let (true, Some(Effect::Allow), Some(condition)) =
                    (certain, stmt.effect, failing)
                {
                    excluded.get_or_insert((stmt, condition));
                }
                continue;
            }
            let unconditional = holds == Tri::Yes;
            match stmt.effect {
                Some(Effect::Deny) if certain && unconditional => {
                    return Verdict {
                        decision: Decision::Denied,
                        policy: Some(policy),
                        statement: Some(stmt),
                        possible_deny: None,
                        excluded: None,
                    };
                }
                Some(Effect::Deny) => {
                    possible_deny.get_or_insert(stmt);
                }
                Some(Effect::Allow) if !certain => {
                    uncertain.get_or_insert((policy, stmt));
                }
                Some(Effect::Allow) if unconditional => {
                    sure_allow.get_or_insert((policy, stmt));
                }
                Some(Effect::Allow) => {
                    conditional_allow.get_or_insert((policy, stmt));
                }
                None => {
                    uncertain.get_or_insert((policy, stmt));
                    possible_deny.get_or_insert(stmt);
                }
            }
        }
    }

    let verdict = |decision, found: Found<'p>| Verdict {
        decision,
        policy: found.map(|(p, _)| p),
        statement: found.map(|(_, s)| s),
        possible_deny,
        excluded,
    };
    if sure_allow.is_some() {
        return verdict(Decision::Allowed, sure_allow);
    }
    if uncertain.is_some() {
        return verdict(Decision::Unknown, uncertain);
    }
    if conditional_allow.is_some() {
        return verdict(Decision::ConditionallyAllowed, conditional_allow);
    }
    if let Some(&incomplete) = policies.iter().find(|p| !p.complete) {
        return Verdict {
            decision: Decision::Unknown,
            policy: Some(incomplete),
            statement: None,
            possible_deny,
            excluded,
        };
    }
    verdict(Decision::NotAllowed, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{allow_nothing, s, span, string, typed};
    use crate::policy::{ConditionEntry, PrincipalEntry};
    use Tri::{Maybe, No, Yes};

    fn strings(items: &[&str]) -> Option<Vec<PolicyString>> {
        Some(items.iter().map(|t| string(t)).collect())
    }

    fn stmt(effect: Option<Effect>, sid: &str, actions: &[&str], resources: &[&str]) -> Statement {
        Statement {
            sid: Some(sid.to_string()),
            effect,
            actions: strings(actions),
            resources: if resources.is_empty() {
                None
            } else {
                strings(resources)
            },
            ..allow_nothing()
        }
    }

    fn allow(sid: &str, actions: &[&str], resources: &[&str]) -> Statement {
        stmt(Some(Effect::Allow), sid, actions, resources)
    }

    fn deny(sid: &str, actions: &[&str], resources: &[&str]) -> Statement {
        stmt(Some(Effect::Deny), sid, actions, resources)
    }

    fn with_condition(mut st: Statement) -> Statement {
        st.conditions.push(ConditionEntry {
            operator: "StringEquals".to_string(),
            key: "aws:SourceAccount".to_string(),
            values: strings(&["111122223333"]).unwrap_or_default(),
            span: span(),
        });
        st
    }

    fn with_unknowns(mut st: Statement) -> Statement {
        st.has_unknowns = true;
        st
    }

    fn service(sid: &str, services: &[&str]) -> Statement {
        let mut st = allow(sid, &["sts:AssumeRole"], &[]);
        st.principals = Some(services.iter().map(|v| typed("Service", v)).collect());
        st
    }

    fn policy(statements: Vec<Statement>) -> Policy {
        Policy {
            statements,
            complete: true,
            span: span(),
            origin: "aws_iam_role_policy.test".to_string(),
        }
    }

    fn sid(st: Option<&Statement>) -> Option<&str> {
        st.and_then(|s| s.sid.as_deref())
    }

    /// Evaluates an identity-policy request and returns (decision, deciding sid, possible deny sid).
    fn run<'a>(
        policies: &'a [Policy],
        action: &str,
        resource: &str,
    ) -> (Decision, Option<&'a str>, Option<&'a str>) {
        let refs: Vec<&Policy> = policies.iter().collect();
        let res = s(resource);
        let v = evaluate(
            &refs,
            &Request {
                action,
                resource: Some(&res),
                principal: None,
            },
        );
        (v.decision, sid(v.statement), sid(v.possible_deny))
    }

    const SRC_OBJ: &str = "arn:aws:s3:::src/*";
    const SRC: &str = "arn:aws:s3:::src";

    // ---- actions ----

    #[test]
    fn action_wildcards() {
        let st = allow("a", &["s3:Get*"], &[]);
        assert_eq!(
            action_matches(&st, "s3:GetObjectVersionForReplication"),
            Yes
        );
        assert_eq!(action_matches(&st, "s3:ReplicateObject"), No);
        let st = allow("a", &["s3:*Replicat*"], &[]);
        assert_eq!(
            action_matches(&st, "s3:GetObjectVersionForReplication"),
            Yes
        );
        assert_eq!(action_matches(&st, "s3:ReplicateDelete"), Yes);
        assert_eq!(action_matches(&st, "s3:GetObjectVersionAcl"), No);
        let st = allow("a", &["*"], &[]);
        assert_eq!(action_matches(&st, "kms:Decrypt"), Yes);
        let st = allow("a", &["s3:*"], &[]);
        assert_eq!(action_matches(&st, "kms:Decrypt"), No);
    }

    #[test]
    fn action_case_insensitive() {
        let st = allow("a", &["S3:getobjectversionforreplication"], &[]);
        assert_eq!(
            action_matches(&st, "s3:GetObjectVersionForReplication"),
            Yes
        );
        let st = allow("a", &["S3:GET*"], &[]);
        assert_eq!(action_matches(&st, "s3:GetObjectVersionAcl"), Yes);
    }

    #[test]
    fn action_question_mark() {
        let st = allow("a", &["s3:GetObjectVersion???"], &[]);
        assert_eq!(action_matches(&st, "s3:GetObjectVersionAcl"), Yes);
        assert_eq!(action_matches(&st, "s3:GetObjectVersion"), No);
        assert_eq!(action_matches(&st, "s3:GetObjectVersionTagging"), No);
    }

    #[test]
    fn get_object_version_is_no_substitute() {
        let st = allow("a", &["s3:GetObjectVersion"], &[]);
        assert_eq!(action_matches(&st, "s3:GetObjectVersionForReplication"), No);
    }

    #[test]
    fn not_action() {
        let mut st = allow("a", &[], &[]);
        st.actions = None;
        st.not_actions = strings(&["s3:Delete*", "iam:*"]);
        assert_eq!(action_matches(&st, "s3:ReplicateObject"), Yes);
        assert_eq!(action_matches(&st, "s3:DeleteObject"), No);
        assert_eq!(action_matches(&st, "IAM:PassRole"), No);
        st.not_actions = strings(&["s3:${var.a}"]);
        assert_eq!(action_matches(&st, "s3:ReplicateObject"), Maybe);
        assert_eq!(action_matches(&st, "kms:Decrypt"), Yes);
    }

    #[test]
    fn missing_action_elements_match_nothing() {
        let mut st = allow("a", &[], &[]);
        st.actions = None;
        assert_eq!(action_matches(&st, "s3:ReplicateObject"), No);
        let st = allow("a", &[], &[]);
        assert_eq!(action_matches(&st, "s3:ReplicateObject"), No);
    }

    #[test]
    fn symbolic_action() {
        let st = allow("a", &["s3:${var.action}"], &[]);
        assert_eq!(action_matches(&st, "s3:ReplicateObject"), Maybe);
        assert_eq!(action_matches(&st, "kms:Decrypt"), No);
    }

    // ---- resources ----

    #[test]
    fn bucket_vs_object_resources() {
        let bucket = allow("a", &["s3:*"], &[SRC]);
        let objects = allow("a", &["s3:*"], &[SRC_OBJ]);
        assert_eq!(resource_matches(&bucket, &s(SRC_OBJ)), No);
        assert_eq!(resource_matches(&objects, &s(SRC)), No);
        assert_eq!(resource_matches(&bucket, &s(SRC)), Yes);
        assert_eq!(resource_matches(&objects, &s(SRC_OBJ)), Yes);
        let slash = allow("a", &["s3:*"], &["arn:aws:s3:::src/"]);
        assert_eq!(resource_matches(&slash, &s(SRC_OBJ)), No);
    }

    #[test]
    fn resource_star_and_question() {
        assert_eq!(
            resource_matches(&allow("a", &["s3:*"], &["*"]), &s(SRC_OBJ)),
            Yes
        );
        assert_eq!(
            resource_matches(&allow("a", &["s3:*"], &["arn:aws:s3:::sr?/*"]), &s(SRC_OBJ)),
            Yes
        );
        assert_eq!(
            resource_matches(&allow("a", &["s3:*"], &["arn:aws:s3:::s?/*"]), &s(SRC_OBJ)),
            No
        );
        assert_eq!(
            resource_matches(&allow("a", &["s3:*"], &["arn:aws:s3:::*"]), &s(SRC_OBJ)),
            Yes
        );
        assert_eq!(
            resource_matches(&allow("a", &["s3:*"], &["arn:aws:s3:::SRC/*"]), &s(SRC_OBJ)),
            No
        );
    }

    #[test]
    fn resource_list() {
        let st = allow("a", &["s3:*"], &["arn:aws:s3:::other/*", SRC, SRC_OBJ]);
        assert_eq!(resource_matches(&st, &s(SRC_OBJ)), Yes);
        let st = allow(
            "a",
            &["s3:*"],
            &["arn:aws:s3:::other/*", "arn:aws:s3:::${var.b}/*"],
        );
        assert_eq!(resource_matches(&st, &s(SRC_OBJ)), Maybe);
    }

    #[test]
    fn absent_resource_matches() {
        assert_eq!(
            resource_matches(&allow("a", &["s3:*"], &[]), &s(SRC_OBJ)),
            Yes
        );
    }

    #[test]
    fn not_resource() {
        let mut st = allow("a", &["s3:*"], &[]);
        st.not_resources = strings(&["arn:aws:s3:::secret/*"]);
        assert_eq!(resource_matches(&st, &s(SRC_OBJ)), Yes);
        assert_eq!(resource_matches(&st, &s("arn:aws:s3:::secret/k")), No);
        st.not_resources = strings(&["arn:aws:s3:::${var.b}/*"]);
        assert_eq!(resource_matches(&st, &s(SRC_OBJ)), Maybe);
        assert_eq!(
            resource_matches(&st, &s("arn:aws:kms:us-east-1:1:key/k")),
            Yes
        );
    }

    #[test]
    fn symbolic_resources() {
        let st = allow("a", &["s3:*"], &["arn:aws:s3:::${var.b}/*"]);
        assert_eq!(resource_matches(&st, &s("arn:aws:s3:::${var.b}/*")), Yes);
        assert_eq!(resource_matches(&st, &s(SRC_OBJ)), Maybe);
        assert_eq!(
            resource_matches(&st, &s("arn:aws:kms:us-east-1:1:key/k")),
            No
        );
        let st = allow("a", &["s3:*"], &["${aws_s3_bucket.src.arn}/*"]);
        assert_eq!(resource_matches(&st, &s("${aws_s3_bucket.src.arn}/*")), Yes);
        assert_eq!(resource_matches(&st, &s("${aws_s3_bucket.src.arn}")), No);
        assert_eq!(
            resource_matches(&st, &s("${aws_s3_bucket.dst.arn}/*")),
            Maybe
        );
    }

    // ---- evaluation ----

    #[test]
    fn plain_allow() {
        let ps = [policy(vec![allow(
            "Get",
            &["s3:GetObjectVersionForReplication"],
            &[SRC_OBJ],
        )])];
        assert_eq!(
            run(&ps, "s3:GetObjectVersionForReplication", SRC_OBJ),
            (Decision::Allowed, Some("Get"), None)
        );
    }

    #[test]
    fn nothing_matches_is_not_allowed() {
        let ps = [policy(vec![allow(
            "Get",
            &["s3:GetObjectVersion"],
            &[SRC_OBJ],
        )])];
        assert_eq!(
            run(&ps, "s3:GetObjectVersionForReplication", SRC_OBJ),
            (Decision::NotAllowed, None, None)
        );
        assert_eq!(
            run(&[], "s3:ReplicateObject", SRC_OBJ),
            (Decision::NotAllowed, None, None)
        );
    }

    #[test]
    fn bucket_resource_does_not_grant_objects() {
        let ps = [policy(vec![allow(
            "Obj",
            &["s3:GetObjectVersionForReplication"],
            &[SRC],
        )])];
        assert_eq!(
            run(&ps, "s3:GetObjectVersionForReplication", SRC_OBJ),
            (Decision::NotAllowed, None, None)
        );
        let ps = [policy(vec![allow("Bkt", &["s3:ListBucket"], &[SRC_OBJ])])];
        assert_eq!(
            run(&ps, "s3:ListBucket", SRC),
            (Decision::NotAllowed, None, None)
        );
    }

    #[test]
    fn explicit_deny_wins_and_is_named() {
        let ps = [
            policy(vec![allow("All", &["s3:*"], &["*"])]),
            policy(vec![
                allow("Other", &["kms:*"], &["*"]),
                deny("NoRepl", &["s3:Replicate*"], &["*"]),
            ]),
        ];
        let refs: Vec<&Policy> = ps.iter().collect();
        let res = s("arn:aws:s3:::dst/*");
        let v = evaluate(
            &refs,
            &Request {
                action: "s3:ReplicateObject",
                resource: Some(&res),
                principal: None,
            },
        );
        assert_eq!(v.decision, Decision::Denied);
        assert_eq!(sid(v.statement), Some("NoRepl"));
        assert!(v.policy.is_some_and(|p| std::ptr::eq(p, &ps[1])));
        assert_eq!(
            run(&ps, "s3:GetObject", SRC_OBJ),
            (Decision::Allowed, Some("All"), None)
        );
    }

    #[test]
    fn deny_before_allow_in_order_still_wins() {
        let ps = [policy(vec![
            deny("D", &["s3:*"], &[SRC_OBJ]),
            allow("A", &["s3:*"], &[SRC_OBJ]),
        ])];
        assert_eq!(
            run(&ps, "s3:GetObjectVersionAcl", SRC_OBJ),
            (Decision::Denied, Some("D"), None)
        );
    }

    #[test]
    fn conditional_deny_is_only_possible() {
        let ps = [policy(vec![
            allow("A", &["s3:*"], &["*"]),
            with_condition(deny("D", &["s3:*"], &["*"])),
        ])];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::Allowed, Some("A"), Some("D"))
        );
    }

    #[test]
    fn symbolic_deny_is_only_possible() {
        let ps = [policy(vec![
            allow("A", &["s3:*"], &["*"]),
            deny("D", &["s3:*"], &["arn:aws:s3:::${var.b}/*"]),
        ])];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::Allowed, Some("A"), Some("D"))
        );
        // Resolved to the same symbol: a certain deny.
        assert_eq!(
            run(&ps, "s3:ReplicateObject", "arn:aws:s3:::${var.b}/k"),
            (Decision::Denied, Some("D"), None)
        );
    }

    #[test]
    fn deny_with_unknowns_is_only_possible() {
        let ps = [policy(vec![
            allow("A", &["s3:*"], &["*"]),
            with_unknowns(deny("D", &["s3:*"], &["*"])),
        ])];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::Allowed, Some("A"), Some("D"))
        );
    }

    #[test]
    fn non_matching_deny_is_ignored() {
        let ps = [policy(vec![
            allow("A", &["s3:*"], &["*"]),
            deny("D", &["s3:Delete*"], &["*"]),
        ])];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::Allowed, Some("A"), None)
        );
    }

    #[test]
    fn conditional_allow_only() {
        let ps = [policy(vec![with_condition(allow(
            "C",
            &["s3:ReplicateObject"],
            &["*"],
        ))])];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::ConditionallyAllowed, Some("C"), None)
        );
    }

    #[test]
    fn certain_allow_beats_conditional_allow_elsewhere() {
        let ps = [
            policy(vec![with_condition(allow(
                "C",
                &["s3:ReplicateObject"],
                &["*"],
            ))]),
            policy(vec![allow("A", &["s3:Replicate*"], &["*"])]),
        ];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::Allowed, Some("A"), None)
        );
    }

    #[test]
    fn symbolic_allow_is_unknown() {
        let ps = [policy(vec![allow(
            "S",
            &["s3:*"],
            &["arn:aws:s3:::${var.b}/*"],
        )])];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::Unknown, Some("S"), None)
        );
        assert_eq!(
            run(&ps, "s3:ReplicateObject", "arn:aws:s3:::${var.b}/*"),
            (Decision::Allowed, Some("S"), None)
        );
        assert_eq!(
            run(&ps, "kms:Decrypt", SRC_OBJ),
            (Decision::NotAllowed, None, None)
        );
    }

    #[test]
    fn symbolic_allow_beats_conditional_allow() {
        let ps = [policy(vec![
            with_condition(allow("C", &["s3:*"], &["*"])),
            allow("S", &["s3:*"], &["arn:aws:s3:::${var.b}/*"]),
        ])];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::Unknown, Some("S"), None)
        );
    }

    #[test]
    fn allow_with_unknowns_is_unknown() {
        let ps = [policy(vec![with_unknowns(allow("U", &["s3:*"], &["*"]))])];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::Unknown, Some("U"), None)
        );
        // Parts known not to match still exclude it.
        assert_eq!(
            run(&ps, "kms:Decrypt", SRC_OBJ),
            (Decision::NotAllowed, None, None)
        );
    }

    #[test]
    fn unresolved_effect() {
        let ps = [policy(vec![stmt(None, "E", &["s3:*"], &["*"])])];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::Unknown, Some("E"), Some("E"))
        );
        let ps = [policy(vec![
            allow("A", &["s3:*"], &["*"]),
            stmt(None, "E", &["s3:*"], &["*"]),
        ])];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::Allowed, Some("A"), Some("E"))
        );
    }

    #[test]
    fn incomplete_policy_is_unknown_instead_of_not_allowed() {
        let mut p = policy(vec![allow("Other", &["kms:*"], &["*"])]);
        p.complete = false;
        let ps = [p];
        let refs: Vec<&Policy> = ps.iter().collect();
        let res = s(SRC_OBJ);
        let v = evaluate(
            &refs,
            &Request {
                action: "s3:ReplicateObject",
                resource: Some(&res),
                principal: None,
            },
        );
        assert_eq!(v.decision, Decision::Unknown);
        assert!(v.statement.is_none());
        assert!(v.policy.is_some_and(|p| !p.complete));
        // A certain allow elsewhere still decides.
        let mut ps = ps.to_vec();
        ps.push(policy(vec![allow("A", &["s3:*"], &["*"])]));
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::Allowed, Some("A"), None)
        );
    }

    #[test]
    fn incomplete_policy_does_not_hide_conditional_allow() {
        let mut p = policy(vec![with_condition(allow("C", &["s3:*"], &["*"]))]);
        p.complete = false;
        assert_eq!(
            run(&[p], "s3:ReplicateObject", SRC_OBJ),
            (Decision::ConditionallyAllowed, Some("C"), None)
        );
    }

    #[test]
    fn not_resource_in_evaluation() {
        let mut st = allow("NR", &["s3:*"], &[]);
        st.not_resources = strings(&["arn:aws:s3:::secret/*"]);
        let ps = [policy(vec![st])];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::Allowed, Some("NR"), None)
        );
        assert_eq!(
            run(&ps, "s3:ReplicateObject", "arn:aws:s3:::secret/x"),
            (Decision::NotAllowed, None, None)
        );
    }

    #[test]
    fn not_action_deny() {
        let mut d = deny("OnlyS3", &[], &["*"]);
        d.actions = None;
        d.not_actions = strings(&["s3:*"]);
        let ps = [policy(vec![allow("A", &["*"], &["*"]), d])];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::Allowed, Some("A"), None)
        );
        assert_eq!(
            run(&ps, "kms:Decrypt", SRC_OBJ),
            (Decision::Denied, Some("OnlyS3"), None)
        );
    }

    #[test]
    fn resource_ignored_without_requested_resource() {
        let ps = [policy(vec![allow(
            "A",
            &["s3:*"],
            &["arn:aws:s3:::elsewhere"],
        )])];
        let refs: Vec<&Policy> = ps.iter().collect();
        let v = evaluate(
            &refs,
            &Request {
                action: "s3:ListBucket",
                resource: None,
                principal: None,
            },
        );
        assert_eq!(v.decision, Decision::Allowed);
    }

    // ---- trust and resource policies ----

    fn trust(policies: &[Policy], principal: Principal<'_>) -> (Decision, Option<String>) {
        let refs: Vec<&Policy> = policies.iter().collect();
        let v = evaluate(
            &refs,
            &Request {
                action: "sts:AssumeRole",
                resource: None,
                principal: Some(principal),
            },
        );
        (v.decision, v.statement.and_then(|s| s.sid.clone()))
    }

    const S3: Principal<'static> = Principal::Service("s3.amazonaws.com");

    #[test]
    fn trust_policy_services() {
        let ps = [policy(vec![service("T", &["s3.amazonaws.com"])])];
        assert_eq!(trust(&ps, S3), (Decision::Allowed, Some("T".into())));
        let ps = [policy(vec![service("T", &["ec2.amazonaws.com"])])];
        assert_eq!(trust(&ps, S3), (Decision::NotAllowed, None));
        let ps = [policy(vec![service(
            "T",
            &["ec2.amazonaws.com", "s3.amazonaws.com"],
        )])];
        assert_eq!(trust(&ps, S3), (Decision::Allowed, Some("T".into())));
        let ps = [policy(vec![service("T", &["${var.service}"])])];
        assert_eq!(trust(&ps, S3), (Decision::Unknown, Some("T".into())));
        let ps = [policy(vec![service("T", &["s3.amazonaws.com"])])];
        assert_eq!(
            trust(&ps, Principal::Service("batchoperations.s3.amazonaws.com")),
            (Decision::NotAllowed, None)
        );
    }

    #[test]
    fn trust_policy_wrong_action() {
        let mut st = service("T", &["s3.amazonaws.com"]);
        st.actions = strings(&["sts:AssumeRoleWithWebIdentity"]);
        assert_eq!(trust(&[policy(vec![st])], S3), (Decision::NotAllowed, None));
        let mut st = service("T", &["s3.amazonaws.com"]);
        st.actions = strings(&["sts:*"]);
        assert_eq!(
            trust(&[policy(vec![st])], S3),
            (Decision::Allowed, Some("T".into()))
        );
    }

    #[test]
    fn trust_policy_conditional() {
        let ps = [policy(vec![with_condition(service(
            "T",
            &["s3.amazonaws.com"],
        ))])];
        assert_eq!(
            trust(&ps, S3),
            (Decision::ConditionallyAllowed, Some("T".into()))
        );
    }

    #[test]
    fn conditions_are_decided_against_a_known_context() {
        // `with_condition` requires aws:SourceAccount = 111122223333.
        let ps = [policy(vec![with_condition(service(
            "T",
            &["s3.amazonaws.com"],
        ))])];
        let refs: Vec<&Policy> = ps.iter().collect();
        let request = Request {
            action: "sts:AssumeRole",
            resource: None,
            principal: Some(S3),
        };
        let run = |account: &str| {
            let sent = [s(account)];
            let v = evaluate_in(&refs, &request, &[("aws:SourceAccount", &sent[..])]);
            (
                v.decision,
                v.excluded.map(|(st, c)| (st.sid.clone(), c.key.clone())),
            )
        };
        assert_eq!(run("111122223333"), (Decision::Allowed, None));
        assert_eq!(
            run("444455556666"),
            (
                Decision::NotAllowed,
                Some((Some("T".into()), "aws:SourceAccount".into()))
            )
        );
        assert_eq!(run("${acct}"), (Decision::ConditionallyAllowed, None));
        // A Deny whose condition holds is certain; one whose condition fails does not apply.
        let mut d = with_condition(deny("D", &["sts:AssumeRole"], &[]));
        d.principals = Some(vec![typed("Service", "s3.amazonaws.com")]);
        let ps = [policy(vec![service("T", &["s3.amazonaws.com"]), d])];
        let refs: Vec<&Policy> = ps.iter().collect();
        let sent = [s("111122223333")];
        let v = evaluate_in(&refs, &request, &[("aws:SourceAccount", &sent[..])]);
        assert_eq!(
            (v.decision, sid(v.statement)),
            (Decision::Denied, Some("D"))
        );
        let other = [s("444455556666")];
        let v = evaluate_in(&refs, &request, &[("aws:SourceAccount", &other[..])]);
        assert_eq!(
            (v.decision, sid(v.possible_deny)),
            (Decision::Allowed, None)
        );
    }

    #[test]
    fn trust_policy_everyone() {
        let mut st = allow("Any", &["sts:AssumeRole"], &[]);
        st.principals = Some(vec![PrincipalEntry::Everyone(span())]);
        assert_eq!(
            trust(&[policy(vec![st])], S3),
            (Decision::Allowed, Some("Any".into()))
        );
    }

    #[test]
    fn trust_policy_not_principal_deny() {
        let mut d = deny("NotS3", &["sts:AssumeRole"], &[]);
        d.not_principals = Some(vec![typed("Service", "s3.amazonaws.com")]);
        let ps = [policy(vec![
            service("T", &["s3.amazonaws.com", "ec2.amazonaws.com"]),
            d,
        ])];
        assert_eq!(trust(&ps, S3), (Decision::Allowed, Some("T".into())));
        assert_eq!(
            trust(&ps, Principal::Service("ec2.amazonaws.com")),
            (Decision::Denied, Some("NotS3".into()))
        );
    }

    fn aws_allow(sid: &str, value: &str) -> Statement {
        let mut st = allow(
            sid,
            &["s3:ReplicateObject", "s3:ReplicateDelete"],
            &["arn:aws:s3:::dst/*"],
        );
        st.principals = Some(vec![typed("AWS", value)]);
        st
    }

    fn bucket_policy(
        policies: &[Policy],
        arn: &SymStr,
        account: Option<&SymStr>,
    ) -> (Decision, Option<String>) {
        let refs: Vec<&Policy> = policies.iter().collect();
        let res = s("arn:aws:s3:::dst/*");
        let principal = Principal::Aws { arn, account };
        let v = evaluate(
            &refs,
            &Request {
                action: "s3:ReplicateObject",
                resource: Some(&res),
                principal: Some(principal),
            },
        );
        (v.decision, v.statement.and_then(|s| s.sid.clone()))
    }

    #[test]
    fn bucket_policy_aws_principals() {
        let role = s("arn:aws:iam::111122223333:role/repl");
        let acct = s("111122223333");
        let by_arn = [policy(vec![aws_allow(
            "Arn",
            "arn:aws:iam::111122223333:role/repl",
        )])];
        assert_eq!(
            bucket_policy(&by_arn, &role, Some(&acct)),
            (Decision::Allowed, Some("Arn".into()))
        );
        let by_id = [policy(vec![aws_allow("Id", "111122223333")])];
        assert_eq!(
            bucket_policy(&by_id, &role, Some(&acct)),
            (Decision::Allowed, Some("Id".into()))
        );
        let by_root = [policy(vec![aws_allow(
            "Root",
            "arn:aws:iam::111122223333:root",
        )])];
        assert_eq!(
            bucket_policy(&by_root, &role, Some(&acct)),
            (Decision::Allowed, Some("Root".into()))
        );
        let other = [policy(vec![aws_allow(
            "Other",
            "arn:aws:iam::444455556666:root",
        )])];
        assert_eq!(
            bucket_policy(&other, &role, Some(&acct)),
            (Decision::NotAllowed, None)
        );
        let star = [policy(vec![aws_allow("Star", "*")])];
        assert_eq!(
            bucket_policy(&star, &role, Some(&acct)),
            (Decision::Allowed, Some("Star".into()))
        );
        let sym = [policy(vec![aws_allow("Sym", "${aws_iam_role.repl.arn}")])];
        assert_eq!(
            bucket_policy(&sym, &role, Some(&acct)),
            (Decision::Unknown, Some("Sym".into()))
        );
        let sym_role = s("${aws_iam_role.repl.arn}");
        assert_eq!(
            bucket_policy(&sym, &sym_role, None),
            (Decision::Allowed, Some("Sym".into()))
        );
    }

    #[test]
    fn principal_ignored_for_identity_policies() {
        let ps = [policy(vec![aws_allow(
            "X",
            "arn:aws:iam::444455556666:root",
        )])];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", "arn:aws:s3:::dst/*"),
            (Decision::Allowed, Some("X"), None)
        );
    }

    #[test]
    fn first_of_several_allows_is_named() {
        let ps = [policy(vec![
            allow("One", &["s3:*"], &["*"]),
            allow("Two", &["s3:*"], &["*"]),
        ])];
        assert_eq!(
            run(&ps, "s3:ReplicateObject", SRC_OBJ),
            (Decision::Allowed, Some("One"), None)
        );
    }

    #[test]
    fn long_patterns_finish() {
        let pattern = "*a".repeat(5_000);
        let ps = [policy(vec![allow("Long", &["s3:*"], &[pattern.as_str()])])];
        let target = "a".repeat(5_000);
        assert_eq!(
            run(&ps, "s3:GetObject", &target),
            (Decision::Allowed, Some("Long"), None)
        );
        let target = "b".repeat(5_000);
        assert_eq!(
            run(&ps, "s3:GetObject", &target),
            (Decision::NotAllowed, None, None)
        );
    }
}
