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
            other => SymStr {
                pieces: vec![other.clone()],
            }
            .to_string(),
        })
        .collect()
}

/// The symbol that stands for any object key in an object ARN.
const OBJECT_KEY: &str = "object-key";

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
#[derive(Debug, Clone)]
pub struct Need {
    /// The rule that reports it when missing (`RL302` ... `RL305`).
    pub owner: &'static str,
    /// The action, e.g. `s3:ReplicateObject`.
    pub action: &'static str,
    /// The resource it is needed on (a bucket ARN, or an object ARN with a symbolic key).
    pub resource: SymStr,
    /// The ARN of the bucket concerned.
    pub bucket_arn: SymStr,
    /// The bucket concerned, for its bucket policy.
    pub bucket: BucketLink,
    /// What the resource is, for messages ("the source bucket").
    pub what: &'static str,
    /// Severity when the permission is missing.
    pub severity: crate::diagnostic::Severity,
}

/// Every permission a configuration needs from its role, once per (action, resource): the
/// "actions above" of RL302-RL305 that RL306 and RL310 check too.
pub fn needs(model: &Model, replication: &Replication) -> Vec<Need> {
    use crate::diagnostic::Severity::{Error, Info, Warning};
    let mut out: Vec<Need> = Vec::new();
    let mut push = |owner,
                    action,
                    resource: SymStr,
                    bucket_arn: &SymStr,
                    bucket: &BucketLink,
                    what,
                    severity| {
        if !out
            .iter()
            .any(|n: &Need| n.action == action && n.resource == resource)
        {
            let (bucket_arn, bucket) = (bucket_arn.clone(), bucket.clone());
            out.push(Need {
                owner,
                action,
                resource,
                bucket_arn,
                bucket,
                what,
                severity,
            });
        }
    };
    let source = source_arn(model, replication);
    if let Some(src) = &source {
        for action in ["s3:GetReplicationConfiguration", "s3:ListBucket"] {
            push(
                "RL302",
                action,
                src.clone(),
                src,
                &replication.source,
                "the source bucket",
                Error,
            );
        }
    }
    for rule in rules(replication) {
        if let Some(src) = &source {
            let objects = object_arn(model, replication, src, rule);
            for (owner, action, severity) in [
                ("RL303", "s3:GetObjectVersionForReplication", Error),
                ("RL303", "s3:GetObjectVersionAcl", Error),
                ("RL304", "s3:GetObjectVersionTagging", Warning),
            ] {
                push(
                    owner,
                    action,
                    objects.clone(),
                    src,
                    &replication.source,
                    "source objects",
                    severity,
                );
            }
        }
        let Some(dst) = destination_arn(model, replication, rule) else {
            continue;
        };
        let link = rule
            .destination
            .bucket
            .as_ref()
            .map_or(BucketLink::External(String::new()), |v| {
                model.resolve_bucket(replication.unit, v)
            });
        let objects = object_arn(model, replication, &dst, rule);
        let deletes = rule.is_v1()
            || rule
                .delete_marker_replication
                .as_ref()
                .is_some_and(|d| d.enabled == Some(true));
        push(
            "RL305",
            "s3:ReplicateObject",
            objects.clone(),
            &dst,
            &link,
            "destination objects",
            Error,
        );
        if deletes {
            push(
                "RL305",
                "s3:ReplicateDelete",
                objects.clone(),
                &dst,
                &link,
                "destination objects",
                Error,
            );
        }
        push(
            "RL305",
            "s3:ReplicateTags",
            objects,
            &dst,
            &link,
            "destination objects",
            Info,
        );
    }
    out
}

/// Checks each need against the role's identity policies and reports under `meta`: a missing
/// grant at the configuration's role attribute, a grant that only holds under a condition as a
/// warning at that statement, and what cannot be decided as one RL003 note. Explicit denies are
/// left to RL310 and bucket ARNs without `/*` to RL306.
pub fn require(
    model: &Model,
    sink: &mut crate::rules::Sink,
    meta: &'static crate::rules::RuleMeta,
    role_use: &RoleUse<'_>,
) {
    use crate::diagnostic::Severity;
    let RoleUse {
        replication, role, ..
    } = role_use;
    let mut unverified: Vec<String> = Vec::new();
    for need in needs(model, replication)
        .iter()
        .filter(|n| n.owner == meta.id)
    {
        let (verdict, decision) = need_verdict(role, need);
        let shown = display_resource(&need.resource);
        match decision {
            Decision::Allowed | Decision::Denied => {}
            Decision::ConditionallyAllowed
                if verdict.statement.is_some_and(only_if_exists_conditions) => {}
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
                let help = format!(
                    "grant `{}` on `{shown}` in a policy attached to the role",
                    need.action
                );
                match statement_for_resource(role, need.action, &need.resource) {
                    // A statement already covers these objects: the action belongs in its list.
                    Some((statement, actions)) => {
                        let sid = statement
                            .sid
                            .as_deref()
                            .map_or(String::new(), |s| format!(" `{s}`"));
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

/// The first unconditional Allow statement that grants actions of the same service as `action`
/// on resources that certainly cover `resource`, with the span of its action list.
fn statement_for_resource<'m>(
    role: &'m Role,
    action: &str,
    resource: &SymStr,
) -> Option<(&'m crate::iam::policy::Statement, Span)> {
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
        .find_map(|s| {
            let actions = s.actions.as_ref()?;
            let span = actions.iter().map(|a| a.span).reduce(Span::cover)?;
            let covers = s.effect == Some(Effect::Allow)
                && actions.iter().any(same_service)
                && s.conditions.is_empty()
                && s.resources.is_some()
                && iam::resource_matches(s, resource) == Tri::Yes;
            covers.then_some((s, span))
        })
}

/// True when every condition of a statement uses an `...IfExists` operator: such conditions hold
/// when the request lacks the key, as in AWS's documented policy for replicating SSE-KMS objects
/// (`StringLikeIfExists` on `s3:x-amz-server-side-encryption`).
fn only_if_exists_conditions(statement: &crate::iam::policy::Statement) -> bool {
    !statement.conditions.is_empty()
        && statement
            .conditions
            .iter()
            .all(|c| c.operator.ends_with("IfExists"))
}

/// True for object-level S3 actions (granted on `bucket/*`).
pub fn is_object_level(action: &str) -> bool {
    !matches!(action, "s3:GetReplicationConfiguration" | "s3:ListBucket")
}

fn object_grant_on_bucket(role: &Role, need: &Need) -> bool {
    bucket_instead_of_objects(role, need.action, &need.bucket_arn).is_some()
}
