//! RL602 replica-modifications-pair: replica modification sync in one direction of a two-way
//! pair only, or with no way back at all.

use super::edges::{Edge, by_source, edges};
use crate::prelude::*;
use std::collections::HashSet;

declare_rule! {
    id: RL602,
    name: "replica-modifications-pair",
    severity: Warning,
    default_enabled: true,
    summary: "ReplicaModifications Enabled A→B with no B→A configuration, or B→A without it.",
    check: Some(check),
}

/// The replica modification sync of an edge: `Some(true)` Enabled, `Some(false)` Disabled or
/// absent, `None` unresolved.
fn syncs(edge: &Edge<'_>) -> Option<bool> {
    match &edge.rule.replica_modifications {
        Some(switch) => switch.enabled,
        None => Some(false),
    }
}

/// Reports each bucket pair once: at the sync switch when no configuration replicates back, or
/// at the reverse rule when it does not sync replica modifications.
pub fn check(model: &Context, sink: &mut Sink) {
    let all = edges(model);
    let leaving = by_source(&all);
    let mut pairs: HashSet<(usize, usize)> = HashSet::new();
    for edge in &all {
        let Some(switch) = edge
            .rule
            .replica_modifications
            .as_ref()
            .filter(|s| s.enabled == Some(true))
        else {
            continue;
        };
        let pair = (edge.from.min(edge.to), edge.from.max(edge.to));
        if pairs.contains(&pair) {
            continue;
        }
        let back: Vec<&Edge<'_>> = leaving
            .get(&edge.to)
            .into_iter()
            .flatten()
            .copied()
            .filter(|e| e.to == edge.from)
            .collect();
        let (Some(from), Some(to)) = (model.buckets.get(edge.from), model.buckets.get(edge.to))
        else {
            continue;
        };
        if back.is_empty() {
            pairs.insert(pair);
            sink.report(
                &META,
                switch.span,
                format!(
                    "replica modification sync is enabled from `{}` to `{}`, but nothing replicates `{}` back to `{}`: the sync is meant for two-way replication",
                    from.address, to.address, to.address, from.address
                ),
            )
            .resource(&edge.replication.address)
            .related(to.header, "destination bucket defined here")
            .help("add the reverse replication configuration with replica modification sync enabled, or remove the setting");
            continue;
        }
        if back.iter().any(|e| syncs(e) != Some(false)) {
            continue;
        }
        pairs.insert(pair);
        let reverse = back[0];
        sink.report(
            &META,
            reverse.rule.span,
            format!(
                "`{}` replicates back to `{}` without replica modification sync, which the other direction enables: metadata changes of replicas flow one way only",
                to.address, from.address
            ),
        )
        .resource(&reverse.replication.address)
        .related(switch.span, "replica modification sync enabled in the other direction")
        .help("enable replica modification sync on this rule too");
    }
}
