//! The replication graph of a run, shared by RL602 and RL603: one edge per enabled rule whose
//! source and destination buckets are both in the files.

use super::access::rules;
use crate::model::{BucketLink, Model, Replication, ReplicationRule};
use crate::placement::destination_bucket;
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

/// Every edge of the run, in model order (deterministic).
pub fn edges(model: &Model) -> Vec<Edge<'_>> {
    let mut out = Vec::new();
    for replication in &model.replications {
        let BucketLink::Found(from) = replication.source else {
            continue;
        };
        for rule in rules(replication)
            .iter()
            .filter(|r| r.enabled != Some(false))
        {
            if let Some(to) = destination_bucket(model, replication, rule).filter(|&to| to != from)
            {
                out.push(Edge {
                    from,
                    to,
                    replication,
                    rule,
                });
            }
        }
    }
    out
}

/// The edges leaving each bucket, by source bucket index.
pub fn by_source<'a, 'm>(edges: &'a [Edge<'m>]) -> HashMap<usize, Vec<&'a Edge<'m>>> {
    let mut out: HashMap<usize, Vec<&Edge<'m>>> = HashMap::new();
    for edge in edges {
        out.entry(edge.from).or_default().push(edge);
    }
    out
}
