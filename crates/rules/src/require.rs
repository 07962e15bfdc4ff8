//! Checking a configuration's needs against its role and reporting the missing ones: one finding
//! per missing action ([`require`]) or per resource ([`require_together`]), grants that never
//! apply under their conditions, older substitute actions, and one RL003 note for what cannot be
//! decided.

use super::grants::{
    action_span, condition_values, conditional_grant, identity_verdict, is_object_level,
    object_grant_on_bucket, only_if_exists_undecided, partial_scope, request_context,
    statements_for_resource, written_condition,
};
use super::needs::{Need, described, described_or, sent_value};
use super::prelude::{Context, Report, RoleUse, RuleMeta, Sink};
use super::resource_arns::display_resource;
use repl_lint_iam::policy::{Policy, Statement};
use repl_lint_iam::{Decision, Tri};
use repl_lint_model::Role;
use repl_lint_source::Span;
use repl_lint_source::diagnostic::{FixIntent, Severity};

/// Checks each need against the role's identity policies and reports under `meta`: a missing
/// grant at the configuration's role attribute, a grant that only holds under a condition as a
/// warning at that statement, and what cannot be decided as one RL003 note. Explicit denies are
/// left to RL310 and bucket ARNs without `/*` to RL306.
pub fn require(
    model: &Context<'_>,
    sink: &mut Sink,
    meta: &'static RuleMeta,
    role_use: &RoleUse<'_>,
) {
    require_grouped(model, sink, meta, role_use, false);
}

/// As [`require`], but the actions missing on one resource at one place make one finding that
/// names them all (RL309: the Object Lock reads fail one by one, and are granted together).
pub fn require_together(
    model: &Context<'_>,
    sink: &mut Sink,
    meta: &'static RuleMeta,
    role_use: &RoleUse<'_>,
) {
    require_grouped(model, sink, meta, role_use, true);
}

/// Actions the role lacks on one resource, reported at one place.
struct Gap<'n, 'm> {
    /// The missing actions, in the order of the needs.
    actions: Vec<&'static str>,
    /// The first need concerned (its resource, owner and severity stand for all).
    need: &'n Need,
    /// Where it is reported.
    span: Span,
    /// The unconditional statements that grant other actions on the resource, with their action
    /// lists (the first is where the actions belong).
    places: Vec<(&'m Statement, Span)>,
}

/// [`require`] (each missing action its own finding) or, with `together`, [`require_together`].
fn require_grouped(
    model: &Context<'_>,
    sink: &mut Sink,
    meta: &'static RuleMeta,
    role_use: &RoleUse<'_>,
    together: bool,
) {
    let RoleUse {
        replication, role, ..
    } = role_use;
    let mut unverified: Vec<String> = Vec::new();
    // One missing grant per action and place: rules with several prefixes need the same action
    // on several object globs, and the fix is the same line.
    let mut missing: Vec<(&str, Span)> = Vec::new();
    let mut gaps: Vec<Gap<'_, '_>> = Vec::new();
    for (need, (verdict, decision)) in model
        .needs(replication)
        .iter()
        .zip(model.need_verdicts(replication))
        .filter(|(n, _)| n.owner == meta.id)
    {
        // A KMS grant named only on an alias is RL314's finding.
        if super::role::kms_grant_on_alias::defers(role, need, *decision) {
            continue;
        }
        let shown = display_resource(&need.resource);
        match decision {
            Decision::Allowed | Decision::Denied => {}
            Decision::ConditionallyAllowed => {
                let policies: Vec<&Policy> = role.policies.iter().collect();
                let request = Need {
                    context: request_context(model, replication, need),
                    ..need.clone()
                };
                match conditional_grant(&policies, &request, None) {
                    (Tri::Yes, _) => {}
                    (Tri::No, Some(condition)) => {
                        let sent = sent_value(&request.context, &condition.key);
                        sink.report(
                            meta,
                            condition_values(condition),
                            format!(
                                "role `{}` is granted `{}` on {} only under {}, which never holds: S3 sends `{sent}`, so the grant never applies",
                                role.address, need.action, described(need.what, &shown), written_condition(condition)
                            ),
                        )
                        .severity(need.severity)
                        .resource(&replication.address)
                        .related(replication.role_span, "the replication configuration uses this role")
                        .help(&format!("let the condition on `{}` match `{sent}`", condition.key));
                    }
                    _ if !need.context.is_empty() => note_unverified(&mut unverified, need, &shown),
                    _ if verdict
                        .statement
                        .is_some_and(|s| only_if_exists_undecided(s, &request)) => {}
                    _ => {
                        let span = verdict.statement.map_or(replication.role_span, |s| s.span);
                        sink.report(
                            meta,
                            span,
                            format!(
                                "`{}` on {} is granted only under a condition: replication fails whenever it does not hold",
                                need.action, described(need.what, &shown)
                            ),
                        )
                        .severity(Severity::Warning.min(need.severity))
                        .resource(&replication.address)
                        .related(replication.role_span, "the replication configuration uses this role");
                    }
                }
            }
            Decision::NotAllowed => {
                if is_object_level(need.action) && object_grant_on_bucket(role, need) {
                    continue;
                }
                if let Some((substitute, severity)) = need.substitute {
                    let grant = identity_verdict(role, substitute, &need.resource);
                    if let (Decision::Allowed, Some(statement)) = (grant.decision, grant.statement)
                    {
                        let at = action_span(statement, substitute);
                        if !missing.contains(&(need.action, at)) {
                            missing.push((need.action, at));
                            report_substitute(
                                sink,
                                meta,
                                role_use,
                                need,
                                (substitute, severity),
                                at,
                            )
                            .fix(add_actions(statement, &[need.action]));
                        }
                        continue;
                    }
                }
                let places = statements_for_resource(role, need.action, &need.resource);
                let span = need
                    .cause
                    .or(places.first().map(|&(_, actions)| actions))
                    .unwrap_or(replication.role_span);
                if missing.contains(&(need.action, span)) {
                    continue;
                }
                missing.push((need.action, span));
                match gaps
                    .iter_mut()
                    .find(|g| together && g.span == span && g.need.resource == need.resource)
                {
                    Some(gap) => gap.actions.push(need.action),
                    None => gaps.push(Gap {
                        actions: vec![need.action],
                        need,
                        span,
                        places,
                    }),
                }
            }
            // A grant on part of the rule's objects is RL307's finding.
            Decision::Unknown if partial_scope(role, need).is_some() => {}
            Decision::Unknown => note_unverified(&mut unverified, need, &shown),
        }
    }
    for gap in gaps {
        report_gap(sink, meta, role_use, gap);
    }
    if !unverified.is_empty() {
        crate::input::unverifiable::note(
            sink,
            replication.role_span,
            &replication.address,
            meta,
            &format!(
                "could not verify that role `{}` allows {}: a policy or value is not in the files",
                role.address,
                unverified.join(", ")
            ),
        );
    }
}

/// Reports actions the role lacks on one resource: at the statement that grants the others on it
/// (with the fix that adds them when it is the only such statement), else at the place the need
/// names, with the role's policies as related locations.
fn report_gap(
    sink: &mut Sink,
    meta: &'static RuleMeta,
    RoleUse {
        replication, role, ..
    }: &RoleUse<'_>,
    gap: Gap<'_, '_>,
) {
    let Gap {
        actions,
        need,
        span,
        places,
    } = gap;
    let shown = display_resource(&need.resource);
    let listed = actions.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>();
    let (on, on_it) = (
        described(need.what, &shown),
        described_or(&shown, need.what),
    );
    let (message, help) = match listed.as_slice() {
        [one] => (
            format!("role `{}` does not allow {one} on {on}", role.address),
            format!("grant {one} on {on_it} in a policy attached to the role"),
        ),
        [first @ .., last] => (
            format!(
                "role `{}` allows neither {} nor {last} on {on}",
                role.address,
                first.join(", "),
            ),
            format!(
                "grant {} and {last} on {on_it} in a policy attached to the role",
                first.join(", ")
            ),
        ),
        [] => return,
    };
    let uses_role = "the replication configuration uses this role";
    match places.first() {
        // A statement already covers these objects: the actions belong in its list.
        Some(&(statement, statement_actions)) => {
            let sid = statement
                .sid
                .as_deref()
                .map_or(String::new(), |s| format!(" `{s}`"));
            let them = if actions.len() == 1 {
                "this one"
            } else {
                "these"
            };
            let mut report = sink
                .report(
                    meta,
                    span,
                    format!("{message}: statement{sid} grants other actions on it, but not {them}"),
                )
                .severity(need.severity)
                .resource(&replication.address);
            if span != statement_actions {
                report = report.related(
                    statement_actions,
                    "this statement grants the other actions on it",
                );
            }
            report
                .related(replication.role_span, uses_role)
                .help(&help)
                // Only one statement is the certain place for the actions.
                .fix(add_actions(statement, &actions).filter(|_| places.len() == 1));
        }
        None => {
            let mut report = sink
                .report(meta, span, message)
                .severity(need.severity)
                .resource(&replication.address)
                .help(&help);
            if span != replication.role_span {
                report = report.related(replication.role_span, uses_role);
            }
            for (span, message) in policy_locations(role) {
                report = report.related(span, &message);
            }
        }
    }
}

/// A need met only by its older substitute action: a note when that is enough for the objects
/// the rule replicates, an error when it leaves SSE-KMS objects behind; `at` is the substitute in
/// the granting statement.
fn report_substitute<'s>(
    sink: &'s mut Sink,
    meta: &'static RuleMeta,
    role_use: &RoleUse<'_>,
    need: &Need,
    (substitute, severity): (&str, Severity),
    at: Span,
) -> Report<'s> {
    let why = if severity == Severity::Error {
        "which does not replicate the SSE-KMS-encrypted objects this rule selects"
    } else {
        "which replicates unencrypted and SSE-S3 objects but not SSE-KMS ones; AWS recommends the narrower action"
    };
    sink.report(
        meta,
        at,
        format!(
            "role `{}` grants `{substitute}` instead of `{}` on {}, {why}",
            role_use.role.address,
            need.action,
            described(need.what, &display_resource(&need.resource))
        ),
    )
    .severity(severity)
    .resource(&role_use.replication.address)
    .related(
        role_use.replication.role_span,
        "the replication configuration uses this role",
    )
    .help(&format!(
        "grant `{}` instead of `{substitute}`",
        need.action
    ))
}

/// The fix that adds `actions` to the action list of `statement`.
fn add_actions(statement: &Statement, actions: &[&str]) -> Option<FixIntent> {
    let list = statement.actions.as_ref()?;
    Some(FixIntent::AddAction {
        actions: list.iter().map(|a| a.span).collect(),
        added: actions.iter().map(|a| a.to_string()).collect(),
    })
}

/// Adds "`action` on `resource`" to the list of needs that could not be verified, once.
fn note_unverified(unverified: &mut Vec<String>, need: &Need, shown: &str) {
    let item = format!("`{}` on {}", need.action, described_or(shown, need.what));
    if !unverified.contains(&item) {
        unverified.push(item);
    }
}

/// The rendered list of a role's policies, as related locations.
fn policy_locations(role: &Role) -> Vec<(Span, String)> {
    let mut out = vec![(role.header, format!("role `{}` defined here", role.address))];
    out.extend(
        role.policies
            .iter()
            .map(|p| (p.span, format!("permission policy from `{}`", p.origin))),
    );
    out
}
