//! RL203 versioning-ordering: Terraform may create the replication before versioning is on.

use crate::prelude::*;
use repl_lint_model::{BucketLink, Model, Node};
use repl_lint_source::diagnostic::DependsOn;
use repl_lint_syntax::resource::Dialect;
use std::collections::HashSet;

declare_rule! {
    id: RL203,
    name: "versioning-ordering",
    severity: Error,
    default_enabled: true,
    summary: "The replication resource neither references nor depends on the buckets' aws_s3_bucket_versioning.",
    check: Some(check),
}

/// Flags standalone replication resources without an ordering edge to the versioning resources
/// of the source bucket and of a destination bucket in the same configuration. On a plan, the
/// race exists only when the plan creates the replication and the versioning resource: a
/// resource that already exists is not created again.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in model
        .replications
        .iter()
        .filter(|r| r.dialect == Dialect::Terraform && !r.inline)
    {
        // What the resource references or lists in `depends_on` orders it after.
        let node = model.node(replication.unit, &replication.address);
        if node.is_some_and(|n| n.exists_before_apply) {
            continue;
        }
        let mut buckets = vec![(&replication.source, "source")];
        let destinations: Vec<BucketLink> = rules(replication)
            .iter()
            .filter_map(|rule| rule.destination.bucket.as_ref())
            .map(|v| model.resolve_bucket(replication.unit, v))
            .collect();
        buckets.extend(destinations.iter().map(|d| (d, "destination")));
        let ordered_after = |address: &str| node.is_some_and(|n| depends_on(model, n, address));
        let exists = |address: &str| {
            model
                .node(replication.unit, address)
                .is_some_and(|n| n.exists_before_apply)
        };
        let when = if replication.from_plan {
            "when this plan is applied,"
        } else {
            "on the first apply"
        };
        let mut reported: Vec<&str> = Vec::new();
        for (link, role) in buckets {
            let BucketLink::Found(i) = link else { continue };
            let Some(bucket) = model.buckets.get(*i).filter(|b| b.unit == replication.unit) else {
                continue;
            };
            for v in &bucket.versioning {
                let Some(address) = v.resource.as_deref() else {
                    continue;
                };
                if ordered_after(address) || exists(address) || reported.contains(&address) {
                    continue;
                }
                reported.push(address);
                sink.report(
                    &META,
                    replication.header,
                    format!(
                        "`{}` does not depend on `{address}`: {when} Terraform may create the replication before {role} versioning is enabled, and AWS rejects it",
                        replication.address
                    ),
                )
                .resource(&replication.address)
                .related(v.header, &format!("{role} bucket versioning defined here"))
                .help(&format!("add `{address}` to depends_on"))
                .fix(node.and_then(|n| add_depends_on(n, address)));
            }
        }
    }
}

/// The fix that lists `address` in the `depends_on` of `node`, when both are written in the
/// root module of the files (a module's resources are fixed in the module, under other names).
fn add_depends_on(node: &Node, address: &str) -> Option<FixIntent> {
    let local = |a: &str| !a.starts_with("module.") && !a.contains('[');
    (local(address) && local(&node.address)).then(|| {
        FixIntent::AddDependsOn(DependsOn {
            resource: node.span,
            listed: node.depends_on.clone(),
            address: address.to_string(),
        })
    })
}

/// True when `node` is created after `address`: it refers to it or lists it in `depends_on`,
/// directly or through resources it depends on (Terraform creates a resource after all of its
/// dependencies, so `time_sleep` or a policy in between still orders it). Each resource is
/// visited once.
fn depends_on(model: &Model, node: &Node, address: &str) -> bool {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut pending = vec![node];
    while let Some(n) = pending.pop() {
        if n.refers_to(address) {
            return true;
        }
        for (target, _) in &n.references {
            if seen.insert(target.as_str())
                && let Some(next) = model.node(n.unit, target)
            {
                pending.push(next);
            }
        }
    }
    false
}
