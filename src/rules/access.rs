//! What a replication configuration needs from its role, shared by the RL3xx rules: the linked
//! role, the ARNs of the source and destination objects, and how a permission check turned out.

use crate::iam::policy::{Effect, Policy, PolicyString, SymStr};
use crate::iam::{self, Decision, Request, Tri, Verdict};
use crate::link::RoleLink;
use crate::model::{BucketLink, Model, Replication, ReplicationRule, Role};
use crate::source::Span;

/// A replication configuration whose role is in the files.
pub struct RoleUse<'m> {
    /// The configuration.
    pub replication: &'m Replication,
    /// Its role.
    pub role: &'m Role,
    /// The role's index in [`Model::roles`].
    pub role_index: usize,
}

/// Every replication configuration whose role resolves to a role in the files.
pub fn role_uses(model: &Model) -> impl Iterator<Item = RoleUse<'_>> {
    model.replications.iter().filter_map(|replication| {
        let value = replication.role.as_ref()?;
        match model.resolve_role(replication.unit, value) {
            RoleLink::Found(i, _) => model.roles.get(i).map(|role| RoleUse {
                replication,
                role,
                role_index: i,
            }),
            _ => None,
        }
    })
}

/// The source bucket's ARN as a symbolic string, when it can be named.
pub fn source_arn(model: &Model, replication: &Replication) -> Option<SymStr> {
    match &replication.source {
        BucketLink::Found(i) => Some(model.bucket_arn_sym(*i)),
        BucketLink::Dangling(_) => None,
        BucketLink::External(_) => None,
    }
}

/// The destination bucket's ARN of a rule as a symbolic string (a bare name gets the ARN prefix).
pub fn destination_arn(
    model: &Model,
    replication: &Replication,
    rule: &ReplicationRule,
) -> Option<SymStr> {
    let value = rule.destination.bucket.as_ref()?;
    if let BucketLink::Found(i) = model.resolve_bucket(replication.unit, value) {
        return Some(model.bucket_arn_sym(i));
    }
    let sym = model.sym(replication.unit, value);
    match sym.pieces.first() {
        Some(crate::iam::policy::Piece::Lit(s)) if s.starts_with("arn:") => Some(sym),
        _ => {
            let mut arn = SymStr::lit("arn:aws:s3:::");
            arn.push_sym(&sym);
            Some(arn)
        }
    }
}

/// The ARN pattern of an object a rule replicates: `BUCKET/<prefix><key>` with the key symbolic.
pub fn object_arn(
    model: &Model,
    replication: &Replication,
    bucket_arn: &SymStr,
    rule: &ReplicationRule,
) -> SymStr {
    let mut arn = bucket_arn.clone();
    arn.push_lit("/");
    if let Some(prefix) = rule.key_prefix() {
        arn.push_sym(&model.sym(replication.unit, prefix));
    }
    arn.push_symbol(OBJECT_KEY);
    arn
}

/// How a needed resource reads in messages: the symbolic object key shows as `*`.
pub fn display_resource(resource: &SymStr) -> String {
    use crate::iam::policy::Piece;
    resource
        .pieces
        .iter()
        .map(|p| match p {
            Piece::Lit(s) => s.clone(),
            Piece::Symbol(k) if k == OBJECT_KEY => "*".to_string(),
            Piece::Symbol(k) => format!("${{{k}}}"),
        })
        .collect()
}

/// The symbol that stands for any object key in an object ARN.
const OBJECT_KEY: &str = "object-key";

/// An object ARN with no prefix, for checks about the whole bucket's objects.
pub fn any_object_arn(bucket_arn: &SymStr) -> SymStr {
    let mut arn = bucket_arn.clone();
    arn.push_lit("/");
    arn.push_symbol(OBJECT_KEY);
    arn
}

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

/// An enabled rule list (rules that cannot be read yield none).
pub fn rules(replication: &Replication) -> &[ReplicationRule] {
    replication.rules.as_deref().unwrap_or(&[])
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

/// The rendered list of a role's policies, as related locations.
pub fn policy_locations(role: &Role) -> Vec<(crate::source::Span, String)> {
    let mut out = vec![(role.header, format!("role `{}` defined here", role.address))];
    out.extend(
        role.policies
            .iter()
            .map(|p| (p.span, format!("permission policy from `{}`", p.origin))),
    );
    out
}

/// One permission a replication needs from its role.
pub struct Need<'a> {
    /// The action, e.g. `s3:ReplicateObject`.
    pub action: &'a str,
    /// The resource it is needed on.
    pub resource: SymStr,
    /// What the resource is, for messages ("the source bucket").
    pub what: &'a str,
    /// Severity when the permission is missing.
    pub severity: crate::diagnostic::Severity,
}

/// Checks each need against the role's identity policies and reports under `meta`: a missing
/// grant at the configuration's role attribute, a grant that only holds under a condition as a
/// warning at that statement, and what cannot be decided as one RL003 note. Explicit denies are
/// left to RL310 and bucket ARNs without `/*` to RL306.
pub fn require(
    sink: &mut crate::rules::Sink,
    meta: &'static crate::rules::RuleMeta,
    role_use: &RoleUse<'_>,
    needs: &[Need<'_>],
) {
    use crate::diagnostic::Severity;
    let RoleUse {
        replication, role, ..
    } = role_use;
    let mut unverified: Vec<String> = Vec::new();
    for need in needs {
        let verdict = identity_verdict(role, need.action, &need.resource);
        let shown = display_resource(&need.resource);
        match verdict.decision {
            Decision::Allowed | Decision::Denied => {}
            Decision::ConditionallyAllowed => {
                let span = verdict.statement.map_or(replication.role_span, |s| s.span);
                sink.report(
                    meta,
                    span,
                    format!(
                        "`{}` on {} `{}` is granted only under a condition: replication fails whenever it does not hold",
                        need.action, need.what, shown
                    ),
                )
                .severity(Severity::Warning.min(need.severity))
                .resource(&replication.address)
                .related(replication.role_span, "the replication configuration uses this role");
            }
            Decision::NotAllowed => {
                if is_object_level(need.action) && object_grant_on_bucket(role, need) {
                    continue;
                }
                let message = format!(
                    "role `{}` does not allow `{}` on {} `{shown}`",
                    role.address, need.action, need.what
                );
                let help = format!("grant `{}` on `{shown}` in a policy attached to the role", need.action);
                match statement_for_resource(role, &need.resource) {
                    // A statement already covers these objects: the action belongs in its list.
                    Some((statement, actions)) => {
                        let sid = statement.sid.as_deref().map_or(String::new(), |s| format!(" `{s}`"));
                        sink.report(meta, actions, format!("{message}: statement{sid} grants other actions on it, but not this one"))
                            .severity(need.severity)
                            .resource(&replication.address)
                            .related(replication.role_span, "the replication configuration uses this role")
                            .help(&help);
                    }
                    None => {
                        let mut report = sink
                            .report(meta, replication.role_span, message)
                            .severity(need.severity)
                            .resource(&replication.address)
                            .help(&help);
                        for (span, message) in policy_locations(role) {
                            report = report.related(span, &message);
                        }
                    }
                }
            }
            Decision::Unknown => {
                let item = format!("`{}` on `{shown}`", need.action);
                if !unverified.contains(&item) {
                    unverified.push(item);
                }
            }
        }
    }
    if !unverified.is_empty() {
        crate::rules::rl003::note(
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

/// The first unconditional Allow statement whose resources certainly cover `resource`, with the
/// span of its action list.
fn statement_for_resource<'m>(role: &'m Role, resource: &SymStr) -> Option<(&'m crate::iam::policy::Statement, Span)> {
    role.policies.iter().flat_map(|p| &p.statements).find_map(|s| {
        let actions = s.actions.as_ref()?;
        let span = actions.iter().map(|a| a.span).reduce(Span::cover)?;
        let covers = s.effect == Some(Effect::Allow)
            && s.conditions.is_empty()
            && s.resources.is_some()
            && iam::resource_matches(s, resource) == Tri::Yes;
        covers.then_some((s, span))
    })
}

/// True for object-level S3 actions (granted on `bucket/*`).
pub fn is_object_level(action: &str) -> bool {
    !matches!(action, "s3:GetReplicationConfiguration" | "s3:ListBucket")
}

fn object_grant_on_bucket(role: &Role, need: &Need<'_>) -> bool {
    let bucket = bucket_of_object_arn(&need.resource);
    bucket_instead_of_objects(role, need.action, &bucket).is_some()
}

/// The bucket ARN part of an object ARN built by [`object_arn`] (everything before the first `/`).
pub fn bucket_of_object_arn(object: &SymStr) -> SymStr {
    use crate::iam::policy::Piece;
    let mut out = SymStr::default();
    for piece in &object.pieces {
        match piece {
            Piece::Lit(s) => match s.split_once('/') {
                Some((head, _)) => {
                    out.push_lit(head);
                    return out;
                }
                None => out.push_lit(s),
            },
            Piece::Symbol(k) => out.push_symbol(k),
        }
    }
    out
}
