//! The replication graph of a run, shared by RL602 and RL603: one edge per enabled rule whose
//! source bucket is in the files, to a destination bucket in the files or, for RL603, to one
//! named by a literal bucket ARN outside them.

use crate::prelude::rules;
use repl_lint_model::placement::destination_bucket;
use repl_lint_model::{BucketLink, Model, Replication, ReplicationRule};
use std::collections::HashMap;

/// One replication edge: `from` → `to` by `rule` of `replication`.
pub struct Edge<'m> {
    /// The source bucket's index.
    pub from: usize,
    /// The destination bucket's index.
    pub to: usize,
    /// The configuration.
    pub replication: &'m Replication,
    /// The rule.
    pub rule: &'m ReplicationRule,
}

/// A replication edge out of the files: `from` → the bucket ARN `to`, which names no bucket of
/// the files (so it is certainly none of them).
pub struct OutsideEdge<'m> {
    /// The source bucket's index.
    pub from: usize,
    /// The destination bucket's ARN, as written.
    pub to: &'m str,
    /// The configuration.
    pub replication: &'m Replication,
    /// The rule.
    pub rule: &'m ReplicationRule,
}

/// Every enabled rule whose source bucket is in the files, with that bucket's index.
fn enabled_rules(model: &Model) -> impl Iterator<Item = (usize, &Replication, &ReplicationRule)> {
    model.replications.iter().flat_map(|replication| {
        let from = match replication.source {
            BucketLink::Found(from) => Some(from),
            _ => None,
        };
        from.into_iter().flat_map(move |from| {
            rules(replication)
                .iter()
                .filter(|r| r.enabled != Some(false))
                .map(move |rule| (from, replication, rule))
        })
    })
}

/// Every edge of the run, in model order (deterministic).
pub fn edges(model: &Model) -> Vec<Edge<'_>> {
    enabled_rules(model)
        .filter_map(|(from, replication, rule)| {
            let to = destination_bucket(model, replication, rule).filter(|&to| to != from)?;
            Some(Edge {
                from,
                to,
                replication,
                rule,
            })
        })
        .collect()
}

/// Every edge into a bucket outside the files written as a literal bucket ARN, in model order.
pub fn outside_edges(model: &Model) -> Vec<OutsideEdge<'_>> {
    enabled_rules(model)
        .filter_map(|(from, replication, rule)| {
            let to = rule.destination.bucket.as_ref()?.as_str()?;
            let is_bucket_arn = to.starts_with("arn:") && to.contains(":s3:::");
            if !is_bucket_arn || destination_bucket(model, replication, rule).is_some() {
                return None;
            }
            Some(OutsideEdge {
                from,
                to,
                replication,
                rule,
            })
        })
        .collect()
}

/// The edges leaving each bucket, by source bucket index.
pub fn by_source<'a, 'm>(edges: &'a [Edge<'m>]) -> HashMap<usize, Vec<&'a Edge<'m>>> {
    let mut out: HashMap<usize, Vec<&Edge<'m>>> = HashMap::new();
    for edge in edges {
        out.entry(edge.from).or_default().push(edge);
    }
    out
}
