//! RL204 destination-created-first: CloudFormation may create the source bucket before its
//! destination, or cannot order bucket, role and role policy at all.

use crate::prelude::*;
use repl_lint_model::{BucketLink, Model, Node, NodeKind};
use repl_lint_syntax::resource::Dialect;

declare_rule! {
    id: RL204,
    name: "destination-created-first",
    severity: Warning,
    default_enabled: true,
    summary: "CloudFormation: the destination bucket is not referenced by, nor a DependsOn of, the source bucket; or bucket and role depend on each other.",
    check: Some(check),
}

/// Checks the creation order CloudFormation derives from references and `DependsOn`.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in replications_in(model, Dialect::CloudFormation) {
        let Some(source) = model.node(replication.unit, &replication.address) else {
            continue;
        };
        for rule in rules(replication) {
            let Some(value) = &rule.destination.bucket else {
                continue;
            };
            let BucketLink::Found(i) = model.resolve_bucket(replication.unit, value) else {
                continue;
            };
            let Some(destination) = model.buckets.get(i).filter(|b| b.unit == replication.unit)
            else {
                continue;
            };
            // A destination that is the source itself is RL103's finding, not an ordering one.
            if destination.address == replication.address || source.refers_to(&destination.address)
            {
                continue;
            }
            sink.report(
                &META,
                rule.destination.bucket_span,
                format!(
                    "`{}` neither references nor depends on the destination `{}`: CloudFormation may create the source first, and the replication configuration fails while the destination does not exist",
                    replication.address, destination.address
                ),
            )
            .resource(&replication.address)
            .related(destination.header, "destination bucket defined here")
            .help(&format!("use `!GetAtt {}.Arn` as the destination, or add it to DependsOn", destination.address));
        }
        report_role_cycle(model, sink, replication, source);
    }
}

/// A role that the source bucket uses and that references the bucket, itself or through a
/// managed policy or permissions boundary it references: nothing can be created first.
fn report_role_cycle(
    model: &Model,
    sink: &mut Sink,
    replication: &repl_lint_model::Replication,
    source: &Node,
) {
    let Some(role) = replication
        .role
        .as_ref()
        .and_then(|v| v.references().first().map(|(r, _)| r.target.clone()))
    else {
        return;
    };
    let Some(role_node) = model.node(replication.unit, &role) else {
        return;
    };
    let through_policy = role_node.references.iter().find_map(|(target, _)| {
        let policy = model
            .node(replication.unit, target)
            .filter(|n| n.kind == NodeKind::ManagedPolicy)?;
        let (_, span) = policy
            .references
            .iter()
            .find(|(t, _)| *t == source.address)?;
        Some((policy.address.as_str(), *span))
    });
    let direct = role_node
        .references
        .iter()
        .find(|(target, _)| *target == source.address)
        .map(|(_, span)| (role.as_str(), *span));
    let Some((referrer, span)) = direct.or(through_policy) else {
        return;
    };
    sink.report(
        &META,
        span,
        format!(
            "`{referrer}` references `{}`, which uses the role `{role}` for replication: CloudFormation rejects the circular dependency",
            source.address
        ),
    )
    .resource(&replication.address)
    .related(replication.role_span, "the bucket uses the role here")
    .help("attach the role's permissions with a separate AWS::IAM::Policy that names the role in `Roles`");
}
